"""The working clock: official working minutes between moments, in WIB (Asia/Jakarta, UTC+7).

Pure core: no clock, file or git. The caller (`calendar_data.calendar_for`) hands in the
schedule as `CalendarData`; holiday names come through a per-year function so years are built
only when a moment needs them.

How it is exact and fast. Time is counted in whole minutes: a moment is floored to its minute
(08:00:59 counts as 08:00), so every figure is an integer and additive. For each calendar day of
the covered range the calendar keeps
- `_cum[i]`: working minutes from the first covered day's midnight to day i's midnight;
- `_pattern[i]`: which of a handful of day shapes (normal Mon–Thu, Friday, Ramadan…, closed)
  the day has; each shape has a 1,441-entry table of working minutes before minute-of-day k.
Then `cum(t) = _cum[day] + table[minute]` and `minutes(a, b) = cum(b) - cum(a)` in O(1);
`deadline` is a binary search over `_cum` and then over the day's table.

Coverage. A year is covered when the schedule knows its Ramadan range (Ramadan changes the
hours, so a year without it would silently give wrong figures). A moment in an uncovered year
raises `PeliharaError("calendar.not_covered")` instead of answering wrongly.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from pelihara.core.errors import PeliharaError
from pelihara.core.timeparse import WIB

Intervals = tuple[tuple[int, int], ...]
"""Working intervals of one day as (start, end) minutes after WIB midnight, sorted, disjoint."""

_DAY = 1440
_WIB_OFFSET = 7 * 60
_EPOCH = date(1970, 1, 1)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_CLOSED: Intervals = ()


@dataclass(frozen=True)
class CalendarData:
    """The schedule, already parsed. Weekdays are 0 = Monday … 6 = Sunday."""

    normal: Mapping[int, Intervals]
    ramadan: Mapping[int, Intervals]
    ramadan_ranges: tuple[tuple[date, date], ...]
    """Inclusive date ranges with Ramadan hours. Their years are the covered years."""
    closures: Callable[[int], Mapping[date, str]]
    """Named non-working days of a year: libur nasional, cuti bersama, extra closures."""
    extra_working_days: Mapping[date, int] = field(default_factory=dict)
    """Declared working days (e.g. a Saturday) → the weekday whose hours apply."""

    @property
    def covered_years(self) -> frozenset[int]:
        return frozenset(y for s, e in self.ramadan_ranges for y in range(s.year, e.year + 1))


@dataclass(frozen=True)
class Explanation:
    """What the clock counted and skipped between two moments (minutes floored, WIB)."""

    start: datetime
    end: datetime
    working_minutes: int
    elapsed_minutes: int
    closed_days: list[tuple[date, str]]
    """Named non-working days touched: holidays, cuti bersama, extra closures."""
    weekend_days: list[date]
    breaks: list[tuple[datetime, datetime]]
    """Breaks between working intervals inside the span (clipped to it)."""
    break_minutes: int
    outside_hours_minutes: int
    """Nights, early mornings and evenings of working days."""
    closed_minutes: int
    """Whole non-working days (holidays, cuti bersama, weekends), clipped to the span."""
    ramadan_days: list[date]
    """Working days in the span that had Ramadan hours."""


def _table(intervals: Intervals) -> tuple[int, ...]:
    """Working minutes before each minute-of-day 0…1440."""
    table = [0] * (_DAY + 1)
    total = 0
    for minute in range(_DAY):
        table[minute] = total
        if any(s <= minute < e for s, e in intervals):
            total += 1
    table[_DAY] = total
    return tuple(table)


def wib_minute(moment: datetime) -> int:
    """Minutes since 1970-01-01 00:00 WIB, floored. `moment` must be aware."""
    zone = moment.tzinfo
    if zone is WIB or zone == WIB:  # the common case: read the fields, no arithmetic on UTC
        return (moment.toordinal() - _EPOCH_ORDINAL) * _DAY + moment.hour * 60 + moment.minute
    if zone is None or moment.utcoffset() is None:
        raise ValueError("naive datetime given to the working calendar; attach WIB first")
    return int(moment.timestamp() // 60) + _WIB_OFFSET


def _moment(minute: int) -> datetime:
    return datetime.fromtimestamp((minute - _WIB_OFFSET) * 60, WIB)


class WorkingCalendar:
    """Working minutes and deadlines on the official clock. All results are WIB-aware."""

    def __init__(self, data: CalendarData) -> None:
        self.data = data
        self._covered = data.covered_years
        self._closure_cache: dict[int, Mapping[date, str]] = {}
        self._patterns: list[Intervals] = []
        self._pattern_ids: dict[Intervals, int] = {}
        self._tables: list[tuple[int, ...]] = []
        self._lo_year = 0
        self._hi_year = -1
        self._lo = 0  # epoch day (WIB) of the first built day
        self._pattern: list[int] = []
        self._cum: list[int] = [0]
        self._dates: list[tuple[int, int, int]] = []  # (year, month, day) per built day
        self._ramadan = {
            (s + timedelta(days=k)).toordinal()
            for s, e in data.ramadan_ranges
            for k in range((e - s).days + 1)
        }

    # --- building ----------------------------------------------------------------------------

    def covered_years(self) -> list[int]:
        return sorted(self._covered)

    def _pattern_id(self, intervals: Intervals) -> int:
        found = self._pattern_ids.get(intervals)
        if found is None:
            found = len(self._patterns)
            self._patterns.append(intervals)
            self._tables.append(_table(intervals))
            self._pattern_ids[intervals] = found
        return found

    def closures(self, year: int) -> Mapping[date, str]:
        if year not in self._closure_cache:
            self._closure_cache[year] = self.data.closures(year)
        return self._closure_cache[year]

    def day_intervals(self, day: date) -> Intervals:
        """The working intervals of `day` (minutes after midnight); () when it is closed."""
        weekday = self.data.extra_working_days.get(day)
        if weekday is None:
            if day in self.closures(day.year) or day.weekday() >= 5:
                return _CLOSED
            weekday = day.weekday()
        hours = self.data.ramadan if day.toordinal() in self._ramadan else self.data.normal
        return tuple(hours.get(weekday, _CLOSED))

    def _require(self, year: int) -> None:
        if year not in self._covered:
            years = self.covered_years()
            raise PeliharaError("calendar.not_covered", {
                "year": year,
                "years": f"{years[0]}–{years[-1]}" if years else "-"})

    def _extend(self, year: int) -> None:
        """Rebuild the day arrays so they span `year` (and every year in between)."""
        lo = year if self._hi_year < self._lo_year else min(year, self._lo_year)
        hi = year if self._hi_year < self._lo_year else max(year, self._hi_year)
        self._require(year)  # name the year asked for, not a gap year on the way
        for y in range(lo, hi + 1):
            self._require(y)
        first, last = date(lo, 1, 1), date(hi, 12, 31)
        pattern: list[int] = []
        cum = [0]
        dates: list[tuple[int, int, int]] = []
        day = first
        while day <= last:
            pid = self._pattern_id(self.day_intervals(day))
            pattern.append(pid)
            cum.append(cum[-1] + self._tables[pid][_DAY])
            dates.append((day.year, day.month, day.day))
            day += timedelta(days=1)
        self._lo_year, self._hi_year = lo, hi
        self._lo = (first - _EPOCH).days
        self._pattern, self._cum, self._dates = pattern, cum, dates

    def _index(self, epoch_day: int) -> int:
        i = epoch_day - self._lo
        if 0 <= i < len(self._pattern):
            return i
        self._extend((_EPOCH + timedelta(days=epoch_day)).year)
        return epoch_day - self._lo

    # --- arithmetic --------------------------------------------------------------------------

    def minutes(self, start: datetime, end: datetime) -> int:
        """Working minutes from `start` to `end` (aware); 0 if `end` <= `start`."""
        a, b = wib_minute(start), wib_minute(end)
        return self._span(a, b) if b > a else 0

    def _span(self, a: int, b: int) -> int:
        da, ra = divmod(a, _DAY)
        db, rb = divmod(b, _DAY)
        size = len(self._pattern)
        if not (0 <= da - self._lo < size and 0 <= db - self._lo < size):
            # Extend for both ends first, so the two lookups below share one base.
            self._index(da)
            self._index(db)
        ia, ib = da - self._lo, db - self._lo
        tables, pattern, cum = self._tables, self._pattern, self._cum
        return cum[ib] + tables[pattern[ib]][rb] - cum[ia] - tables[pattern[ia]][ra]

    def deadline(self, start: datetime, minutes: int) -> datetime:
        """The earliest moment (WIB) at which `minutes` working minutes have passed since
        `start`: the end of the last counted minute, so Fri 16:00 + 30 min is Fri 16:30, not
        Monday 07:30. `minutes` <= 0 gives `start` itself."""
        if minutes <= 0:
            return start.astimezone(WIB)
        return self._deadline_from(wib_minute(start), minutes)

    def minutes_and_deadline(self, start: datetime, end: datetime,
                             limit: int) -> tuple[int, datetime]:
        """`(minutes(start, end), deadline(start, limit))` with `start` converted once: the
        SLA engine's hot path (one call per step)."""
        if limit <= 0:
            return self.minutes(start, end), start.astimezone(WIB)
        a, b = wib_minute(start), wib_minute(end)
        deadline = self._deadline_from(a, limit)
        return (self._span(a, b) if b > a else 0), deadline

    def _deadline_from(self, a: int, minutes: int) -> datetime:
        day, rest = divmod(a, _DAY)
        i = day - self._lo
        if not 0 <= i < len(self._pattern):
            i = self._index(day)
        target = self._cum[i] + self._tables[self._pattern[i]][rest] + minutes
        while target > self._cum[-1]:  # runs past the built range: add the next year
            self._extend(self._hi_year + 1)
            i = day - self._lo
            target = self._cum[i] + self._tables[self._pattern[i]][rest] + minutes
        cum = self._cum
        # Day j holds the target: cum[j] < target <= cum[j + 1].
        j = bisect_left(cum, target, i + 1) - 1
        minute_of_day = bisect_left(self._tables[self._pattern[j]], target - cum[j])
        if minute_of_day >= _DAY:  # an interval ending at 24:00
            return _moment((self._lo + j) * _DAY + minute_of_day)
        year, month, day = self._dates[j]
        hour, minute = divmod(minute_of_day, 60)
        return datetime(year, month, day, hour, minute, tzinfo=WIB)

    # --- days --------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        return bool(self.day_intervals(day))

    def is_ramadan(self, day: date) -> bool:
        return day.toordinal() in self._ramadan

    def intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working intervals of `day` as aware WIB datetimes."""
        midnight = datetime(day.year, day.month, day.day, tzinfo=WIB)
        return [(midnight + timedelta(minutes=s), midnight + timedelta(minutes=e))
                for s, e in self.day_intervals(day)]

    def non_working_days(self, start_date: date, end_date: date) -> list[tuple[date, str]]:
        """Named non-working days from `start_date` to `end_date` inclusive: libur nasional,
        cuti bersama and extra closures (also when they fall on a weekend). Plain weekends are
        not listed; declared extra working days are not either."""
        found: list[tuple[date, str]] = []
        for year in range(start_date.year, end_date.year + 1):
            for day, name in self.closures(year).items():
                if start_date <= day <= end_date and day not in self.data.extra_working_days:
                    found.append((day, name))
        return sorted(found)

    def explain(self, start: datetime, end: datetime) -> Explanation:
        """Break the span into working time, breaks, hours outside work and closed days, so the
        CLI can say what was skipped. elapsed = working + breaks + outside + closed."""
        a, b = wib_minute(start), max(wib_minute(start), wib_minute(end))
        closed: list[tuple[date, str]] = []
        weekends: list[date] = []
        breaks: list[tuple[datetime, datetime]] = []
        ramadan: list[date] = []
        working = break_minutes = outside = closed_minutes = 0
        for epoch_day in range(a // _DAY, (b - 1) // _DAY + 1 if b > a else a // _DAY):
            day = _EPOCH + timedelta(days=epoch_day)
            lo = max(a, epoch_day * _DAY) - epoch_day * _DAY
            hi = min(b, (epoch_day + 1) * _DAY) - epoch_day * _DAY
            intervals = self.day_intervals(day)
            if not intervals:
                closed_minutes += hi - lo
                name = self.closures(day.year).get(day)
                if name is not None:
                    closed.append((day, name))
                else:
                    weekends.append(day)
                continue
            self._require(day.year)
            if self.is_ramadan(day):
                ramadan.append(day)
            day_work = sum(max(0, min(hi, e) - max(lo, s)) for s, e in intervals)
            day_breaks = 0
            for (_, gap_start), (gap_end, _) in pairwise(intervals):
                s, e = max(lo, gap_start), min(hi, gap_end)
                if e > s:
                    day_breaks += e - s
                    breaks.append((_moment(epoch_day * _DAY + s), _moment(epoch_day * _DAY + e)))
            working += day_work
            break_minutes += day_breaks
            outside += (hi - lo) - day_work - day_breaks
        return Explanation(
            start=_moment(a), end=_moment(b), working_minutes=working, elapsed_minutes=b - a,
            closed_days=closed, weekend_days=weekends, breaks=breaks,
            break_minutes=break_minutes, outside_hours_minutes=outside,
            closed_minutes=closed_minutes, ramadan_days=ramadan)

    def export_js(self, start_date: date, end_date: date) -> dict[str, object]:
        """Compact data for a browser script to count working minutes between builds.

        Shape: {"timezone": "Asia/Jakarta", "from": "YYYY-MM-DD", "to": "YYYY-MM-DD",
        "intervals": [[start_ms, end_ms], ...]} — every working interval from `start_date` to
        `end_date` inclusive, as Unix epoch milliseconds, sorted and disjoint. Working minutes
        between two instants = the summed overlap with these intervals, floored to minutes.
        """
        pairs: list[list[int]] = []
        day = start_date
        while day <= end_date:
            self._require(day.year)
            midnight_ms = ((day - _EPOCH).days * _DAY - _WIB_OFFSET) * 60_000
            pairs.extend([midnight_ms + s * 60_000, midnight_ms + e * 60_000]
                         for s, e in self.day_intervals(day))
            day += timedelta(days=1)
        return {"timezone": "Asia/Jakarta", "from": start_date.isoformat(),
                "to": end_date.isoformat(), "intervals": pairs}
