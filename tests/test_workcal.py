"""The working clock on worked examples, each computed by hand from the holiday list of the
`holidays` package (printed by `test_2026_cuti_bersama_are_listed` with `pytest -s`)."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from pelihara.core.calendar import calendar_data, calendar_for, package_holidays
from pelihara.core.errors import PeliharaError
from pelihara.core.standard import load_standard
from pelihara.core.timeparse import WIB
from pelihara.core.workcal import WorkingCalendar
from pelihara.records import yamlio

ROOT = Path(__file__).resolve().parents[1]
STANDARD = load_standard(yamlio.load_file(ROOT / "standard.yaml", "standard.yaml"))


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return calendar_for(STANDARD)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def test_imlek_example_from_the_issue(cal: WorkingCalendar) -> None:
    # Fri 13 Feb 2026 16:00: Friday hours end 16:30 → 30 min. Sat 14/Sun 15 weekend, Mon 16
    # Cuti Bersama Tahun Baru Imlek, Tue 17 Tahun Baru Imlek. Wed 18 Feb (Ramadan starts the
    # 19th, so normal hours from 07:30): the remaining 90 min end at 09:00.
    deadline = cal.deadline(at("2026-02-13T16:00"), 120)
    assert deadline == at("2026-02-18T09:00")
    offset = deadline.utcoffset()
    assert offset is not None and offset.total_seconds() == 7 * 3600
    assert cal.minutes(at("2026-02-13T16:00"), at("2026-02-18T09:00")) == 120


def test_ramadan_nyepi_idul_fitri_example(cal: WorkingCalendar) -> None:
    # Tue 17 Mar 2026 15:30 is inside Ramadan (19 Feb–20 Mar): Tuesday's Ramadan hours are
    # 08:00–12:00 and 12:30–15:00, so nothing counts after 15:30. Then every day is closed:
    # Wed 18 Cuti Bersama Nyepi, Thu 19 Hari Suci Nyepi, Fri 20 Cuti Bersama Idul Fitri,
    # Sat 21 Idul Fitri, Sun 22 second day, Mon 23 and Tue 24 Cuti Bersama Idul Fitri.
    # Wed 25 Mar is after Ramadan: normal hours 07:30–12:00, so 120 min end at 09:30.
    assert cal.deadline(at("2026-03-17T15:30"), 120) == at("2026-03-25T09:30")
    assert cal.minutes(at("2026-03-17T15:30"), at("2026-03-25T07:30")) == 0
    closed = [d for d, _ in cal.non_working_days(date(2026, 3, 18), date(2026, 3, 24))]
    assert closed == [date(2026, 3, d) for d in range(18, 25)]


def test_a_step_spanning_christmas_2026(cal: WorkingCalendar) -> None:
    # Wed 23 Dec 15:00–16:00 (60 min); Thu 24 Cuti Bersama Natal, Fri 25 Natal, then the
    # weekend; Mon 28 from 07:30 to 08:30 (60 min).
    assert cal.minutes(at("2026-12-23T15:00"), at("2026-12-28T08:30")) == 120
    # 1 hari = 450: 60 on Wed, 270 on Mon morning (07:30–12:00), 120 after the break → 15:00.
    assert cal.deadline(at("2026-12-23T15:00"), 450) == at("2026-12-28T15:00")
    names = dict(cal.non_working_days(date(2026, 12, 24), date(2026, 12, 25)))
    assert names == {date(2026, 12, 24): "Cuti Bersama Hari Raya Natal",
                     date(2026, 12, 25): "Hari Raya Natal"}


@pytest.mark.parametrize(("start", "minutes", "expected"), [
    # Ramadan Thursday: 11:00–12:00, break 12:00–12:30, then 60 min → 13:30.
    ("2026-03-05T11:00", 120, "2026-03-05T13:30"),
    # Ramadan Friday: 11:00–11:30, break to 12:30, 90 min → 14:00.
    ("2026-03-06T11:00", 120, "2026-03-06T14:00"),
    # Normal Friday: 11:00–11:30, Friday prayer break to 13:00, 90 min → 14:30.
    ("2026-04-10T11:00", 120, "2026-04-10T14:30"),
    # The clock reaches the limit at the end of a day's hours, not the next morning.
    ("2026-02-13T16:00", 30, "2026-02-13T16:30"),
    # A start before hours counts from 07:30.
    ("2026-11-30T05:00", 60, "2026-11-30T08:30"),
    # Zero minutes: the start itself.
    ("2026-11-28T10:00", 0, "2026-11-28T10:00"),
])
def test_deadline_examples(cal: WorkingCalendar, start: str, minutes: int,
                           expected: str) -> None:
    assert cal.deadline(at(start), minutes) == at(expected)


def test_minutes_ignore_seconds_and_order(cal: WorkingCalendar) -> None:
    assert cal.minutes(at("2026-11-30T08:00:59"), at("2026-11-30T08:02:00")) == 2
    assert cal.minutes(at("2026-11-30T09:00"), at("2026-11-30T08:00")) == 0
    # A time given in UTC is the same instant: 01:00Z = 08:00 WIB.
    utc = datetime.fromisoformat("2026-11-30T01:00:00+00:00")
    assert cal.minutes(utc, at("2026-11-30T09:00")) == 60


def test_a_full_normal_week_is_37_5_hours_and_ramadan_32_5(cal: WorkingCalendar) -> None:
    assert cal.minutes(at("2026-11-30T00:00"), at("2026-12-07T00:00")) == 37 * 60 + 30
    assert cal.minutes(at("2026-03-02T00:00"), at("2026-03-09T00:00")) == 32 * 60 + 30


def test_days_and_intervals(cal: WorkingCalendar) -> None:
    assert cal.intervals(date(2026, 11, 27)) == [
        (at("2026-11-27T07:30"), at("2026-11-27T11:30")),
        (at("2026-11-27T13:00"), at("2026-11-27T16:30"))]
    assert cal.intervals(date(2026, 3, 2))[0] == (at("2026-03-02T08:00"), at("2026-03-02T12:00"))
    assert cal.is_working_day(date(2026, 11, 30))
    assert not cal.is_working_day(date(2026, 11, 28))  # Saturday
    assert not cal.is_working_day(date(2026, 8, 17))  # Hari Kemerdekaan
    assert cal.intervals(date(2026, 8, 17)) == []


def test_2026_cuti_bersama_are_listed() -> None:
    leave = {d: n for d, n in package_holidays(2026).items() if n.startswith("Cuti Bersama")}
    for day, name in sorted(leave.items()):
        print(day, name)
    # SKB 3 Menteri on the 2026 libur nasional and cuti bersama: eight days of cuti bersama.
    assert sorted(leave) == [date(2026, 2, 16), date(2026, 3, 18), date(2026, 3, 20),
                             date(2026, 3, 23), date(2026, 3, 24), date(2026, 5, 15),
                             date(2026, 5, 28), date(2026, 12, 24)]


def test_explain_names_what_was_skipped(cal: WorkingCalendar) -> None:
    ex = cal.explain(at("2026-02-13T16:00"), at("2026-02-18T09:00"))
    assert ex.working_minutes == 120
    assert [n for _, n in ex.closed_days] == ["Cuti Bersama Tahun Baru Imlek", "Tahun Baru Imlek"]
    assert ex.weekend_days == [date(2026, 2, 14), date(2026, 2, 15)]
    assert ex.elapsed_minutes == (ex.working_minutes + ex.break_minutes
                                  + ex.outside_hours_minutes + ex.closed_minutes)
    lunch = cal.explain(at("2026-11-30T11:00"), at("2026-11-30T14:00"))
    assert lunch.breaks == [(at("2026-11-30T12:00"), at("2026-11-30T13:00"))]
    assert (lunch.working_minutes, lunch.break_minutes) == (120, 60)
    ramadan = cal.explain(at("2026-03-05T07:00"), at("2026-03-05T09:00"))
    assert ramadan.ramadan_days == [date(2026, 3, 5)]
    assert (ramadan.working_minutes, ramadan.outside_hours_minutes) == (60, 60)


def test_export_js_matches_minutes(cal: WorkingCalendar) -> None:
    data = cal.export_js(date(2026, 2, 1), date(2026, 3, 31))
    pairs: Any = data["intervals"]
    assert data["timezone"] == "Asia/Jakarta"
    assert all(a < b for a, b in pairs)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(pairs))

    def browser_minutes(start: datetime, end: datetime) -> int:
        lo, hi = start.timestamp() * 1000, end.timestamp() * 1000
        return int(sum(max(0.0, min(hi, b) - max(lo, a)) for a, b in pairs) // 60000)

    for start, end in [("2026-02-13T16:00", "2026-02-18T09:00"),
                       ("2026-03-05T11:00", "2026-03-25T09:30"),
                       ("2026-02-02T00:00", "2026-03-31T23:59")]:
        assert browser_minutes(at(start), at(end)) == cal.minutes(at(start), at(end))


def test_uncovered_year_is_a_clear_error_not_a_wrong_answer(cal: WorkingCalendar) -> None:
    with pytest.raises(PeliharaError) as info:
        cal.minutes(at("2031-01-05T08:00"), at("2031-01-05T10:00"))
    assert info.value.code == "calendar.not_covered"
    assert info.value.params["year"] == 2031
    with pytest.raises(PeliharaError):
        cal.deadline(at("2028-12-29T08:00"), 450 * 10)  # would run into 2029
    # The calendar still answers inside its range after a refusal.
    assert cal.minutes(at("2024-01-02T07:30"), at("2028-12-29T08:00")) > 0


def test_naive_datetimes_are_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="naive"):
        cal.minutes(datetime(2026, 11, 30, 8), at("2026-11-30T09:00"))


def schedule(**extra: Any) -> dict[str, Any]:
    data = dict(STANDARD.schedule)
    data.update(extra)
    return data


def test_extra_closures_and_working_days() -> None:
    cal = WorkingCalendar(calendar_data(schedule(
        extra_closures=[{"date": "2026-11-30", "name": "Penutupan kantor", "basis": "SE"}],
        extra_working_days=[{"date": "2026-12-05", "hours_of": "friday", "basis": "SE"}])))
    assert not cal.is_working_day(date(2026, 11, 30))
    assert (date(2026, 11, 30), "Penutupan kantor") in cal.non_working_days(
        date(2026, 11, 30), date(2026, 11, 30))
    assert cal.is_working_day(date(2026, 12, 5))  # a Saturday made a working day
    assert cal.minutes(at("2026-12-05T00:00"), at("2026-12-06T00:00")) == 4 * 60 + 3 * 60 + 30


@pytest.mark.parametrize("bad", [["07:30-25:00"], ["12:00-07:30"], ["7.30-12"],
                                 ["07:30-12:00", "11:00-13:00"]])
def test_bad_hours_are_reported(bad: list[str]) -> None:
    normal = dict(STANDARD.schedule["normal"], monday=bad)
    with pytest.raises(PeliharaError) as info:
        calendar_data(schedule(normal=normal))
    assert info.value.code == "standard.bad_interval"
    assert info.value.file == "standard.yaml"
