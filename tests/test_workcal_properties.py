"""Properties of the working clock over 2026–2027 (hypothesis): additivity, no time on closed
days or breaks, deadline and minutes are inverse, monotonicity, and agreement with a slow
minute-by-minute count built straight from `intervals()`."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pelihara.core.calendar import calendar_for
from pelihara.core.standard import load_standard
from pelihara.core.timeparse import WIB
from pelihara.records import yamlio

ROOT = Path(__file__).resolve().parents[1]
CAL = calendar_for(load_standard(yamlio.load_file(ROOT / "standard.yaml", "standard.yaml")))

# Example counts stay modest (two shared cores); deadline=None because timing is not a property.
PROPS = settings(max_examples=300, deadline=None)

moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 20), timezones=st.just(WIB))
limits = st.integers(min_value=0, max_value=20 * 450)
closed_days = [d for d, _ in CAL.non_working_days(date(2026, 1, 1), date(2027, 12, 31))]


def whole_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


@PROPS
@given(moments, moments, moments)
def test_additivity(a: datetime, b: datetime, c: datetime) -> None:
    a, b, c = sorted((a, b, c))
    assert CAL.minutes(a, b) + CAL.minutes(b, c) == CAL.minutes(a, c)


@PROPS
@given(moments, moments)
def test_monotone_and_bounded(a: datetime, b: datetime) -> None:
    a, b = sorted((a, b))
    span = CAL.minutes(a, b)
    assert 0 <= span <= (whole_minute(b) - whole_minute(a)).total_seconds() // 60
    later = b + timedelta(minutes=37)
    assert CAL.minutes(a, later) >= span
    assert CAL.minutes(a - timedelta(hours=5), b) >= span


@PROPS
@given(st.sampled_from(closed_days), st.integers(0, 1439), st.integers(1, 1440))
def test_nothing_accrues_on_holidays_and_cuti_bersama(day: date, offset: int,
                                                      length: int) -> None:
    midnight = datetime(day.year, day.month, day.day, tzinfo=WIB)
    start = midnight + timedelta(minutes=offset)
    end = min(start + timedelta(minutes=length), midnight + timedelta(days=1))
    assert CAL.minutes(start, end) == 0


@PROPS
@given(moments)
def test_nothing_accrues_on_weekends_breaks_or_nights(moment: datetime) -> None:
    day = moment.date()
    midnight = datetime(day.year, day.month, day.day, tzinfo=WIB)
    if day.weekday() >= 5:
        assert CAL.minutes(midnight, midnight + timedelta(days=1)) == 0
        return
    spans = CAL.intervals(day)
    gaps = [(midnight, spans[0][0] if spans else midnight + timedelta(days=1))]
    gaps += [(end, start) for (_, end), (start, _) in itertools.pairwise(spans)]
    if spans:
        gaps.append((spans[-1][1], midnight + timedelta(days=1)))
    for start, end in gaps:
        assert CAL.minutes(start, end) == 0


@PROPS
@given(moments, limits)
def test_deadline_is_the_exact_inverse(start: datetime, minutes: int) -> None:
    deadline = CAL.deadline(start, minutes)
    assert deadline.utcoffset() == timedelta(hours=7)
    assert CAL.minutes(start, deadline) == minutes
    if minutes > 0:
        # It is the earliest such moment: one minute earlier the clock was one short.
        assert CAL.minutes(start, deadline - timedelta(minutes=1)) == minutes - 1


@PROPS
@given(moments, limits, limits)
def test_deadline_monotone_and_composes(start: datetime, m1: int, m2: int) -> None:
    first = CAL.deadline(start, m1)
    assert CAL.deadline(start, m1 + m2) >= first
    if m1 > 0:  # from a minute-aligned deadline the clock carries on where it stopped
        assert CAL.deadline(first, m2) == CAL.deadline(start, m1 + m2)


def slow_minutes(start: datetime, end: datetime) -> int:
    """Count minute by minute against `intervals()`: obviously right, far too slow for use."""
    total = 0
    moment = whole_minute(start)
    stop = whole_minute(end)
    while moment < stop:
        total += any(a <= moment < b for a, b in CAL.intervals(moment.date()))
        moment += timedelta(minutes=1)
    return total


@settings(max_examples=60, deadline=None)
@given(moments, st.integers(0, 3 * 1440))
def test_agrees_with_a_minute_by_minute_count(start: datetime, length: int) -> None:
    end = start + timedelta(minutes=length)
    assert CAL.minutes(start, end) == slow_minutes(start, end)


@settings(max_examples=100, deadline=None)
@given(moments, moments)
def test_explanation_accounts_for_every_minute(a: datetime, b: datetime) -> None:
    a, b = sorted((a, b))
    if b - a > timedelta(days=40):
        b = a + timedelta(days=40)
    ex = CAL.explain(a, b)
    assert ex.working_minutes == CAL.minutes(a, b)
    assert ex.elapsed_minutes == (ex.working_minutes + ex.break_minutes
                                  + ex.outside_hours_minutes + ex.closed_minutes)


@PROPS
@given(moments, moments, limits)
def test_the_sla_hot_path_equals_the_two_calls(start: datetime, end: datetime,
                                               limit: int) -> None:
    assert CAL.minutes_and_deadline(start, end, limit) == (
        CAL.minutes(start, end), CAL.deadline(start, limit))
