"""Reporting periods: a month ('2026-11'), a quarter ('2026-Q4') or a year ('2026').

Pure. A period is a half-open range of WIB calendar days [start, end), so a moment belongs to
exactly one month, one quarter and one year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from pelihara.core.errors import PeliharaError
from pelihara.core.timeparse import to_wib
from pelihara.documents.dates import month_name
from pelihara.i18n import tr

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    """`kind` is 'month', 'quarter' or 'year'; `key` is the canonical text ('2026-Q4')."""

    kind: str
    key: str
    start: date
    end: date  # exclusive

    def contains(self, moment: datetime) -> bool:
        """Whether `moment` falls on a WIB day inside the period."""
        return self.start <= to_wib(moment).date() < self.end

    def label(self, lang: str = "id") -> str:
        """'November 2026', 'Triwulan IV 2026', 'Tahun 2026' (or the English forms)."""
        year = self.start.year
        if self.kind == "month":
            return f"{month_name(self.start.month, lang)} {year}"
        if self.kind == "quarter":
            roman = ROMAN[(self.start.month - 1) // 3]
            return tr("period.quarter", lang, roman=roman, year=year)
        return tr("period.year", lang, year=year)


def _plausible(year: int) -> bool:
    # Records start in the 2000s; the bound also keeps `date` arithmetic away from year 9999.
    return 1900 <= year <= 9998


def _next_month(year: int, month: int) -> date:
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def parse_period(text: str) -> Period:
    """'2026-11' | '2026-Q4' | '2026' → Period. Raises PeliharaError('report.bad_period')."""
    value = text.strip()
    if match := _MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and _plausible(year):
            return Period("month", f"{year:04d}-{month:02d}", date(year, month, 1),
                          _next_month(year, month))
    elif match := _QUARTER.match(value):
        year, quarter = int(match[1]), int(match[2])
        if _plausible(year):
            first = 3 * quarter - 2
            return Period("quarter", f"{year:04d}-Q{quarter}", date(year, first, 1),
                          _next_month(year, first + 2))
    elif (match := _YEAR.match(value)) and _plausible(int(match[1])):
        year = int(match[1])
        return Period("year", f"{year:04d}", date(year, 1, 1), date(year + 1, 1, 1))
    raise PeliharaError("report.bad_period", {"value": text})
