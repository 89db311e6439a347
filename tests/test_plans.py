"""Program kerja (B.1): recurrences resolved on the real working calendar, planned against
done, and the plan's check rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelihara.core import plans
from pelihara.core.calendar import calendar_for
from pelihara.core.workcal import WorkingCalendar
from pelihara.records import yamlio
from pelihara.records.repo import Repository


@pytest.fixture(scope="module")
def cal(repo_root: Path) -> WorkingCalendar:
    return calendar_for(Repository(repo_root).standard)


def test_first_working_monday_skips_a_holiday_monday(cal: WorkingCalendar) -> None:
    # 1 June 2026 is Hari Lahir Pancasila (a Monday), so the first working Monday is 8 June.
    days = plans.resolve_recurrence({"every": "month", "weekday": "monday", "nth": 1}, 2026, cal)
    assert len(days) == 12
    assert days[5] == date(2026, 6, 8)
    assert days[0] == date(2026, 1, 5)
    assert days[2] == date(2026, 3, 2)


def test_weekly_moves_to_the_next_working_day_of_the_week(cal: WorkingCalendar) -> None:
    days = plans.resolve_recurrence({"every": "week", "weekday": "monday"}, 2026, cal)
    # 23 and 24 March 2026 are cuti bersama Idul Fitri: that week's session is Wednesday 25.
    assert date(2026, 3, 25) in days and date(2026, 3, 23) not in days
    # 17 August (Kemerdekaan, a Monday) moves to Tuesday 18.
    assert date(2026, 8, 18) in days and date(2026, 8, 17) not in days
    assert len({d.isocalendar()[1] for d in days}) == len(days)  # one per week


def test_working_day_n_and_quarters(cal: WorkingCalendar) -> None:
    first = plans.resolve_recurrence({"every": "month", "working_day": 1}, 2026, cal)
    assert first[0] == date(2026, 1, 2)  # 1 January is Tahun Baru
    last = plans.resolve_recurrence({"every": "quarter", "month_of_quarter": 3,
                                     "working_day": -1}, 2026, cal)
    assert last == [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)]
    second_wed = plans.resolve_recurrence({"every": "quarter", "month_of_quarter": 3,
                                           "weekday": "wednesday", "nth": 2}, 2026, cal)
    assert second_wed == [date(2026, 3, 11), date(2026, 6, 10), date(2026, 9, 9),
                          date(2026, 12, 9)]
    bounded = plans.resolve_recurrence({"every": "week", "weekday": "tuesday",
                                        "from": "2026-11-01", "until": "2026-11-30"}, 2026, cal)
    assert bounded == [date(2026, 11, d) for d in (3, 10, 17, 24)]


RECURRENCES = st.one_of(
    st.fixed_dictionaries({"every": st.just("week"),
                           "weekday": st.sampled_from(plans.WEEKDAYS[:5])}),
    st.fixed_dictionaries({"every": st.sampled_from(["month", "quarter"]),
                           "weekday": st.sampled_from(plans.WEEKDAYS[:5]),
                           "nth": st.sampled_from([1, 2, 3, 4, -1])}),
    st.fixed_dictionaries({"every": st.sampled_from(["month", "quarter"]),
                           "working_day": st.integers(1, 18) | st.integers(-18, -1)}),
)


@settings(max_examples=150, deadline=None)
@given(recurrence=RECURRENCES, year=st.integers(2025, 2028))
def test_never_on_a_non_working_day(cal: WorkingCalendar, recurrence: dict[str, Any],
                                    year: int) -> None:
    days = plans.resolve_recurrence(recurrence, year, cal)
    assert all(cal.is_working_day(d) and d.year == year for d in days)
    assert days == sorted(set(days))


def _plan(**activity: Any) -> dict[str, Any]:
    return {"year": 2026, "applications": ["persuratan", "jdih"],
            "activities": [{"id": "a", "kind": "monitoring", "title": "t", **activity}]}


def test_explicit_holiday_date_is_reported_not_moved(cal: WorkingCalendar) -> None:
    occurrences, problems = plans.resolve(
        _plan(dates=["2026-08-17", "2026-08-18", "2027-01-04"], applications=["persuratan", "x"]),
        cal)
    assert [(p.path, p.code) for p in problems] == [
        (("activities", 0, "applications", 1), "plan.app_out_of_scope"),
        (("activities", 0, "dates", 0), "plan.date_not_working"),
        (("activities", 0, "dates", 2), "plan.date_outside_year"),
    ]
    assert date(2026, 8, 18) in {o.day for o in occurrences}


def test_planned_against_done(cal: WorkingCalendar) -> None:
    plan = _plan(recurrence={"every": "week", "weekday": "tuesday", "from": "2026-11-01",
                             "until": "2026-11-30"}, applications=["persuratan"])
    occurrences, _ = plans.resolve(plan, cal)
    done = [
        plans.Done(date(2026, 11, 3), "a", "persuratan", "monitoring", "MON-1"),  # on the day
        plans.Done(date(2026, 11, 12), None, "persuratan", "monitoring", "MON-2"),  # 2 days late
        plans.Done(date(2026, 11, 12), None, "jdih", "monitoring", "MON-3"),  # other app
        plans.Done(date(2026, 11, 13), "other", "persuratan", "monitoring", "MON-4"),
    ]
    matches, unplanned = plans.match(occurrences, done, today=date(2026, 11, 25))
    assert [(m.occurrence.day.day, m.status, m.done.ref if m.done else None)
            for m in matches] == [(3, "done", "MON-1"), (10, "late", "MON-2"),
                                  (17, "missed", None), (24, "pending", None)]
    assert [d.ref for d in unplanned] == ["MON-3", "MON-4"]
    later, _ = plans.match(occurrences, done, today=date(2026, 11, 1))
    assert [m.status for m in later] == ["done", "late", "upcoming", "upcoming"]


def test_sample_plan_against_sample_records(repo_root: Path, cal: WorkingCalendar) -> None:
    plan = yamlio.load_file(repo_root / "plans" / "2026.yaml").data
    occurrences, problems = plans.resolve(plan, cal)
    assert problems == []
    assert plans.approved(plan)
    done = list(plans.done_from_plan(plan))
    for path in sorted((repo_root / "monitoring").glob("*/*/*.yaml")):
        data = yamlio.load_file(path).data
        done.append(plans.Done(date.fromisoformat(data["started"][:10]), data.get("activity"),
                               data["application"], "monitoring", data["id"]))
    matches, _ = plans.match(occurrences, done, today=date(2026, 11, 28))
    by_key = {(m.occurrence.activity, m.occurrence.application, m.occurrence.day): m
              for m in matches}
    finding = by_key[("pantau-mingguan", "kepegawaian", date(2026, 11, 10))]
    assert (finding.status, finding.done.ref if finding.done else None) == \
        ("done", "MON-20261110-8HT")
    assert by_key[("pantau-mingguan", "persuratan", date(2026, 9, 22))].status == "missed"
    assert by_key[("pantau-mingguan", "persuratan", date(2026, 10, 13))].status == "late"
    assert by_key[("verifikasi-backup", "persidangan", date(2026, 6, 30))].status == "missed"
    # Not done yet, but its window runs until the next planned review (8 December).
    assert by_key[("telaah-source", "keuangan", date(2026, 7, 14))].status == "pending"
    assert by_key[("pantau-mingguan", "persuratan", date(2026, 11, 24))].status == "pending"
    statuses = {m.status for m in matches}
    assert statuses == {"done", "late", "missed", "pending", "upcoming"}


class _Clock:
    def minutes(self, start: Any, end: Any) -> int:  # noqa: ARG002 (every span is 451 minutes)
        return 451


def test_drafting_limit() -> None:
    plan = {"drafting": {"started": "2026-01-05T08:00", "finished": "2026-01-06T08:01"},
            "approval": {"by": "hendra", "at": "2026-01-06T08:00"}}
    problems = plans.drafting_problems(plan, _Clock(), 450)
    assert [(p.path, p.code) for p in problems] == [
        (("drafting", "finished"), "plan.drafting_late"),
        (("approval", "at"), "plan.approved_before_drafted")]


def test_check_reports_plan_problems_with_positions(repo_copy: Path,
                                                    cli: Callable[..., Any]) -> None:
    path = repo_copy / "plans" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('finished: "2026-01-05T15:30:00+07:00"',
                        'finished: "2026-01-07T15:30:00+07:00"')
    text = text.replace('dates: ["2026-05-11", "2026-11-16"]',
                        'dates: ["2026-05-11", "2026-12-25"]')
    path.write_text(text, encoding="utf-8")
    result = cli("check", "--now", "2026-11-28T10:00", "--format", "json", "--repo",
                 str(repo_copy), str(path))
    found = {(f["code"], f["line"]) for f in json.loads(result.out)
             if f["file"] == "plans/2026.yaml"}
    lines = text.splitlines()
    holiday_line = next(i for i, line in enumerate(lines, 1) if "2026-12-25" in line)
    assert ("plan.date_not_working", holiday_line) in found
    assert ("plan.drafting_late", 10) in found
    assert ("plan.approved_before_drafted", 14) in found
    assert result.code == 1


def test_year_with_open_cases_needs_an_approved_plan(repo_copy: Path,
                                                     cli: Callable[..., Any]) -> None:
    """C.1.a: take the approval out of the 2026 plan; the open 2026 cases make it a finding.
    A survey from the wrong unit is caught by the same repository-wide rules."""
    path = repo_copy / "plans" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("approval:"), text.index("note:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    survey = repo_copy / "surveys" / "2026" / "PML-20261103-4QX.yaml"
    survey.write_text(survey.read_text(encoding="utf-8").replace("unit: biro-umum",
                                                                 "unit: biro-sdm"))
    result = cli("check", "--now", "2026-11-28T12:00", "--format", "json", "--repo",
                 str(repo_copy))
    found = {(f["file"], f["code"]) for f in json.loads(result.out)}
    assert ("plans/2026.yaml", "plan.missing") in found
    assert ("surveys/2026/PML-20261103-4QX.yaml", "survey.unit_mismatch") in found
    assert result.code == 1
