"""How times and durations read on the site: Indonesian month names, WIB, working minutes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pelihara.core.durations import format_minutes
from pelihara.core.timeparse import iso, parse_time, to_wib
from pelihara.documents.dates import format_compact, format_date

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _moment(value: datetime | str) -> datetime:
    # Pelihara's own output (`isoformat()` of the clock may carry microseconds), read back.
    return to_wib(parse_time(value, lenient=True) if isinstance(value, str) else value)


def wib(value: datetime | str | None) -> str:
    """'3 Nov 2026 08.05 WIB' (Indonesian style uses a dot between hours and minutes)."""
    if value is None or value == "":
        return "–"
    return format_compact(_moment(value))


def day(value: date | str) -> str:
    """'5 Januari 2026': a date in a table cell, on one line."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f'<span class="pelihara-nowrap">{format_date(value)}</span>'


def moment_cell(value: datetime | str) -> str:
    """'5 Jan 2026 08.00 WIB' on one line, for raw HTML tables."""
    return f'<span class="pelihara-nowrap">{wib(value)}</span>'


def long_date(value: date | datetime | str) -> str:
    """'Selasa, 3 November 2026'."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = to_wib(value).date()
    return f"{DAYS[value.weekday()]}, {value.day} {MONTHS[value.month - 1]} {value.year}"


def minutes(value: int | None) -> str:
    return "–" if value is None else format_minutes(int(value))


def limit(value: int) -> str:
    """A step's limit as the standard writes it: '3 hari' when it is whole days, else hours."""
    if value and value % 450 == 0:
        return f"{value // 450} hari"
    return format_minutes(value)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%".replace(".", ",")


def iso_text(value: datetime | None) -> str:
    """Machine-readable time for data attributes: ISO 8601 in WIB, to the second."""
    return "" if value is None else iso(value)


FILTERS: dict[str, Callable[..., Any]] = {
    "iso": iso_text,
    "wib": wib,
    "long_date": long_date,
    "minutes": minutes,
    "limit": limit,
    "percent": percent,
}
