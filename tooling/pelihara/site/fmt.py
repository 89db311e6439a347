"""How times and durations read on the site: the plain-text forms of `documents.dates`
(shared with reports and notices) and the site's HTML cells."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pelihara.core.timeparse import iso
from pelihara.documents.dates import format_date, limit, long_date, minutes, wib

__all__ = ["FILTERS", "day", "iso_text", "limit", "long_date", "minutes", "moment_cell",
           "percent", "wib"]


def day(value: date | str) -> str:
    """'5 Januari 2026': a date in a table cell, on one line."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f'<span class="pelihara-nowrap">{format_date(value)}</span>'


def moment_cell(value: datetime | str) -> str:
    """'5 Jan 2026 08.00 WIB' on one line, for raw HTML tables."""
    return f'<span class="pelihara-nowrap">{wib(value)}</span>'


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
