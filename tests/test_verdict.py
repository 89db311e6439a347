"""One verdict rule (`pelihara.core.sla.verdict`) for every output: late now, late and done,
on time, on hold, open; and the same words for it in the CLI, on the site and in the reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pelihara.core import sla
from pelihara.core.calendar import calendar_for
from pelihara.core.model import Case
from pelihara.core.registries import Registries
from pelihara.core.standard import load_standard
from pelihara.core.timeparse import parse_time
from pelihara.core.vocabulary import Outcome, Verdict
from pelihara.documents.case_report import build_case_report
from pelihara.i18n.labels import step_verdict
from pelihara.records import yamlio

ROOT = Path(__file__).resolve().parents[1]
STANDARD = load_standard(yamlio.load_file(ROOT / "standard.yaml", "standard.yaml"))
CAL = calendar_for(STANDARD)

# Mon 30 Nov 2026, normal hours (Mon–Thu 07:30–12:00, 13:00–16:00).
START = [
    {"event": "submitted", "at": "2026-11-30T07:30"},
    {"event": "received", "at": "2026-11-30T08:00"},   # B.2a: 30 of 120
    {"event": "assigned", "at": "2026-11-30T08:30"},   # B.3: 30
    {"event": "analysed", "at": "2026-11-30T10:00", "severity": "ringan"},  # B.5a runs
]


def _case(events: list[dict[str, Any]]) -> Case:
    return Case.from_data({
        "id": "PML-20261130-V3R", "title": "Uji", "application": "simpeg", "unit": "biro-umum",
        "origin": "memo", "standard_version": "2026.1", "events": events}, "cases/x.yaml")


def _steps(events: list[dict[str, Any]], now: str) -> dict[str, sla.StepSla]:
    result = sla.evaluate(STANDARD, CAL, _case(events), parse_time(now))
    return {s.step_id: s for s in result.steps}


def test_finished_steps_are_on_time_or_late() -> None:
    steps = _steps([*START, {"event": "repaired", "at": "2026-12-04T10:00"}],
                   "2026-12-04T11:00")
    assert steps["B.2a"].verdict is Verdict.ON_TIME
    assert steps["B.5a"].late and steps["B.5a"].verdict is Verdict.LATE


def test_a_running_step_is_open_then_late_now() -> None:
    assert _steps(START, "2026-11-30T11:00")["B.5a"].verdict is Verdict.OPEN
    overdue = _steps(START, "2026-12-04T10:00")["B.5a"]  # 1,800 of 1,350 minutes
    assert overdue.verdict is Verdict.LATE_NOW and overdue.remaining_minutes == -450


def test_on_hold_unless_already_late() -> None:
    held = [*START, {"event": "held", "at": "2026-11-30T11:00", "reason": "Menunggu suku "
                     "cadang", "approved_by": "kabiro"}]
    step = _steps(held, "2026-12-10T10:00")["B.5a"]
    assert step.on_hold and step.verdict is Verdict.ON_HOLD and not step.late
    # Held after the deadline had passed: the clock stops, but the step stays late.
    late_hold = [*START, {"event": "held", "at": "2026-12-04T10:00", "reason": "Menunggu",
                          "approved_by": "kabiro"}]
    step = _steps(late_hold, "2026-12-10T10:00")["B.5a"]
    assert step.on_hold and step.late and step.verdict is Verdict.LATE_NOW


def test_how_a_step_ended_is_shown_beside_the_verdict() -> None:
    escalated = [*START, {"event": "escalated", "at": "2026-12-04T10:00",
                          "reason": "Butuh pengembang"}]
    step = _steps(escalated, "2026-12-04T11:00")["B.5a"]
    assert (step.outcome, step.verdict) == (Outcome.ESCALATED, Verdict.LATE)
    assert step_verdict(step.outcome, step.verdict) == "dieskalasi, terlambat"
    assert step_verdict(step.outcome, step.verdict, "en") == "escalated, late"
    cancelled = [*START, {"event": "cancelled", "at": "2026-11-30T11:00",
                          "reason": "bukan_kerusakan"}]
    step = _steps(cancelled, "2026-12-04T11:00")["B.5a"]
    assert (step.outcome, step.verdict) == (Outcome.CANCELLED, Verdict.ON_TIME)


def test_case_verdict_tells_late_now_from_late_earlier() -> None:
    events = [*START, {"event": "repaired", "at": "2026-12-04T10:00",
                       "late_reason": "Suku cadang"}]
    result = sla.evaluate(STANDARD, CAL, _case(events), parse_time("2026-12-04T10:30"))
    assert result.verdict is Verdict.OPEN and result.late_earlier and result.late
    result = sla.evaluate(STANDARD, CAL, _case(START), parse_time("2026-12-04T10:00"))
    assert result.verdict is Verdict.LATE_NOW and not result.late_earlier


def test_the_json_carries_the_verdicts() -> None:
    result = sla.evaluate(STANDARD, CAL, _case(START), parse_time("2026-12-04T10:00"))
    data = sla.to_json(result)
    assert data["verdict"] == "late_now"
    assert [s["verdict"] for s in data["steps"]] == ["on_time", "on_time", "on_time",
                                                     "late_now"]


def test_the_report_says_what_the_verdict_says() -> None:
    events = [*START, {"event": "escalated", "at": "2026-12-04T10:00", "reason": "Pengembang"}]
    result = sla.evaluate(STANDARD, CAL, _case(events), parse_time("2026-12-04T11:00"))
    report = build_case_report(STANDARD, _case(events), result, Registries(),
                               datetime.fromisoformat("2026-12-04T11:00+07:00"))
    assert [a.verdict for a in report.activities] == [
        step_verdict(s.outcome, s.verdict) for s in result.steps]
    assert report.activities[3].verdict == "dieskalasi, terlambat"
