"""The working calendar's data, from `standard.yaml` (`schedule:`) and the `holidays` package.

- Hours: `schedule.normal` and `schedule.ramadan` (weekday → ["07:30-12:00", ...]).
- Ramadan: `schedule.ramadan_ranges` (inclusive dates); their years are the covered years.
- Non-working days: `country_holidays('ID', categories=('public', 'government'),
  language='id')` — libur nasional and cuti bersama — plus `schedule.extra_closures`; minus
  `schedule.extra_working_days`. Each extra entry carries its legal basis in standard.yaml.

The `holidays` package computes dates in memory (no file, clock or network), so building a
year's data stays pure. Its version is pinned in pyproject.toml because a release can move a
holiday, which would change SLA results.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any

import holidays

from pelihara.core.errors import PeliharaError
from pelihara.core.standard import Standard
from pelihara.core.text import Text
from pelihara.core.workcal import CalendarData, Intervals, WorkingCalendar

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def _bad(code: str, **params: Any) -> PeliharaError:
    return PeliharaError(code, params, file="standard.yaml")


def parse_intervals(texts: list[str]) -> Intervals:
    """["07:30-12:00", "13:00-16:00"] → ((450, 720), (780, 960)); sorted, disjoint, ≤ 24:00."""
    result: list[tuple[int, int]] = []
    for text in texts:
        match = _RANGE.match(str(text))
        if match is None:
            raise _bad("standard.bad_interval", interval=text)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if m1 > 59 or m2 > 59 or not 0 <= start < end <= 1440:
            raise _bad("standard.bad_interval", interval=text)
        result.append((start, end))
    result.sort()
    for (_, end), (start, _) in pairwise(result):
        if start < end:
            raise _bad("standard.bad_interval", interval=", ".join(texts))
    return tuple(result)


def _week(raw: Mapping[str, Any]) -> dict[int, Intervals]:
    return {WEEKDAYS.index(name): parse_intervals(list(texts))
            for name, texts in raw.items() if name in WEEKDAYS}


def _day(text: Any) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise _bad("schema.format", value=text, format="date",
                   format_hint=Text("standard.date_hint")) from None


@lru_cache(maxsize=64)
def package_holidays(year: int) -> dict[date, str]:
    """Libur nasional and cuti bersama of `year`, in Bahasa Indonesia, from `holidays`."""
    table = holidays.country_holidays(
        "ID", categories=("public", "government"), language="id", years=year)
    return {day: str(name) for day, name in table.items() if day.year == year}


def calendar_data(schedule: Mapping[str, Any]) -> CalendarData:
    """Parse `standard.yaml`'s `schedule:` mapping into `CalendarData`."""
    source = schedule.get("holidays") or {}
    if source and (source.get("source"), source.get("country")) != ("holidays", "ID"):
        raise _bad("standard.invalid",
                   detail="schedule.holidays hanya mendukung source: holidays, country: ID")
    extra_closures = {_day(e["date"]): str(e.get("name", e.get("basis", "Penutupan")))
                      for e in schedule.get("extra_closures") or []}
    extra_working = {
        _day(e["date"]): WEEKDAYS.index(str(e.get("hours_of", "monday")))
        for e in schedule.get("extra_working_days") or []}

    def closures(year: int) -> dict[date, str]:
        found = dict(package_holidays(year)) if source else {}
        found.update({d: n for d, n in extra_closures.items() if d.year == year})
        return found

    ranges = tuple((_day(r["start"]), _day(r["end"]))
                   for r in schedule.get("ramadan_ranges") or [])
    return CalendarData(
        normal=_week(schedule.get("normal") or {}),
        ramadan=_week(schedule.get("ramadan") or {}),
        ramadan_ranges=ranges,
        closures=closures,
        extra_working_days=extra_working,
    )


def calendar_for(standard: Standard) -> WorkingCalendar:
    """The working calendar of `standard` (all versions share one schedule)."""
    return WorkingCalendar(calendar_data(standard.schedule))


def ramadan_notes(standard: Standard) -> dict[int, dict[str, Any]]:
    """Year → its Ramadan range entry (basis, estimate flag), for explanations."""
    return {_day(r["start"]).year: dict(r) for r in standard.schedule.get("ramadan_ranges") or []}
