"""Moments as records write them. A time without an offset means WIB (Asia/Jakarta, UTC+7,
no daylight saving), so WIB is a fixed offset here and needs no time-zone database."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")


def parse_time(text: str) -> datetime:
    """An aware datetime from ISO 8601 text; naive input is taken as WIB. Raises ValueError."""
    value = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    if value.tzinfo is None:
        value = value.replace(tzinfo=WIB)
    return value


def parse_date(text: str) -> date:
    return date.fromisoformat(text.strip())


def to_wib(moment: datetime) -> datetime:
    return moment.astimezone(WIB)


def iso(moment: datetime) -> str:
    """Stable text form used in files and JSON: WIB with offset, to the second."""
    return to_wib(moment).isoformat(timespec="seconds")
