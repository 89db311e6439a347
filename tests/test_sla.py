"""SLA evaluation on hand-computed cases (weeks of 30 Nov and 7 Dec 2026 use normal hours:
Mon–Thu 07:30–12:00, 13:00–16:00 = 450 min; Fri 07:30–11:30, 13:00–16:30 = 450 min)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pelihara.core import sla
from pelihara.core.calendar import calendar_for
from pelihara.core.model import Case
from pelihara.core.standard import load_standard
from pelihara.core.timeparse import parse_time
from pelihara.core.workcal import WorkingCalendar
from pelihara.records import yamlio

ROOT = Path(__file__).resolve().parents[1]
STANDARD = load_standard(yamlio.load_file(ROOT / "standard.yaml", "standard.yaml"))
CAL: WorkingCalendar = calendar_for(STANDARD)
NOW = parse_time("2026-12-31T12:00")

START = [
    {"event": "submitted", "at": "2026-11-30T07:30"},
    {"event": "received", "at": "2026-11-30T08:00"},   # B.2a: 30
    {"event": "assigned", "at": "2026-11-30T08:30"},   # B.3: 30
    {"event": "analysed", "at": "2026-11-30T10:00", "severity": "ringan"},  # B.4: 90
]
CLOSE = [
    {"event": "reported", "at": "2026-12-04T11:00"},   # B.9 from repaired
    {"event": "restored", "at": "2026-12-04T11:30"},   # B.10: 30
]


def case(events: list[dict[str, Any]], version: str = "2026.1",
         origin: str = "memo") -> Case:
    return Case.from_data({
        "id": "PML-20261130-T3S", "title": "Uji", "application": "simpeg", "unit": "biro-umum",
        "origin": origin, "standard_version": version, "events": events}, "cases/x.yaml")


def at(text: str) -> datetime:
    return parse_time(text)


def steps(result: sla.CaseSla) -> dict[str, sla.StepSla]:
    return {s.step_id: s for s in result.steps}


def test_a_ringan_case_on_time() -> None:
    events = [*START, {"event": "repaired", "at": "2026-12-04T10:00"}, *CLOSE]
    result = sla.evaluate(STANDARD, CAL, case(events), NOW)
    by_id = steps(result)
    assert list(by_id) == ["B.2a", "B.3", "B.4", "B.5a", "B.9", "B.10"]
    assert [by_id[s].used_minutes for s in ("B.2a", "B.3", "B.4")] == [30, 30, 90]
    # B.5a Mon 10:00 → Fri 10:00: 300 + 450 + 450 + 450 + 150.
    assert by_id["B.5a"].used_minutes == 1800
    assert by_id["B.5a"].late and by_id["B.5a"].limit_minutes == 3 * 450
    assert by_id["B.5a"].deadline == at("2026-12-03T10:00")
    assert by_id["B.9"].used_minutes == 60 and not by_id["B.9"].late
    assert result.state == "restored" and result.closed_at == at("2026-12-04T11:30")
    assert result.restore_minutes == 30 + 30 + 90 + 1800 + 60 + 30
    assert result.open_step is None
    assert result.by_path["ringan"].steps == 6
    assert result.by_path["ringan"].late_steps == 1
    assert result.by_actor["kepala_biro"].used_minutes == 30
    assert result.by_actor["biro_di"].used_minutes == 90 + 1800 + 60 + 30


def test_late_step_without_reason_is_a_problem_and_a_reason_clears_it() -> None:
    events = [*START, {"event": "repaired", "at": "2026-12-04T10:00"}, *CLOSE]
    problems = sla.late_problems(STANDARD, CAL, case(events), NOW)
    assert [(p.index, p.key, p.code, p.params) for p in problems] == [
        (4, "late_reason", "sla.late_without_reason",
         {"step": "B.5a", "used": 1800, "limit": 1350})]
    events[4] = {**events[4], "late_reason": "Suku cadang baru tiba Jumat pagi."}
    assert sla.late_problems(STANDARD, CAL, case(events), NOW) == []
    assert steps(sla.evaluate(STANDARD, CAL, case(events), NOW))["B.5a"].late_reason


def test_a_hold_stops_the_clock_and_moves_the_deadline() -> None:
    events = [*START,
              {"event": "held", "at": "2026-12-01T08:00", "reason": "Menunggu lisensi",
               "approved_by": "hendra"},
              {"event": "resumed", "at": "2026-12-03T08:00"},
              {"event": "repaired", "at": "2026-12-04T10:00"}, *CLOSE]
    result = sla.evaluate(STANDARD, CAL, case(events), NOW)
    step = steps(result)["B.5a"]
    # Paused: Tue 08:00–16:00 (420) + Wed (450) + Thu 07:30–08:00 (30) = 900.
    assert step.paused_minutes == 900
    assert step.used_minutes == 1800 - 900 and not step.late
    # Without the hold the limit is reached Thu 3 Dec 10:00; 1,020 minutes were left when the
    # hold began (Tue 08:00), and they run again from Thu 08:00 → Mon 7 Dec 10:00, which is
    # also deadline(start, limit + paused) = Mon 10:00 + 2,250.
    assert step.deadline == at("2026-12-07T10:00")
    assert step.deadline == CAL.deadline(step.start, step.limit_minutes + step.paused_minutes)
    [hold] = result.holds
    assert (hold.step_id, hold.paused_minutes, hold.reason, hold.approved_by) == (
        "B.5a", 900, "Menunggu lisensi", "hendra")
    assert result.paused_minutes == 900
    assert result.restore_minutes == 30 + 30 + 90 + 900 + 60 + 30


def test_a_hold_after_the_deadline_does_not_excuse_the_step() -> None:
    events = [*START,
              {"event": "held", "at": "2026-12-04T08:00", "reason": "x", "approved_by": "y"},
              {"event": "resumed", "at": "2026-12-07T07:30"},
              {"event": "repaired", "at": "2026-12-07T08:00"}]
    step = steps(sla.evaluate(STANDARD, CAL, case(events), NOW))["B.5a"]
    assert step.deadline == at("2026-12-03T10:00")
    # Mon 10:00 → Fri 08:00 = 300+450+450+450+30 = 1680, then 30 on Monday; Fri 08:00 → Mon
    # 07:30 is paused (420).
    assert (step.used_minutes, step.paused_minutes, step.late) == (1710, 420, True)


def test_open_step_time_left_and_overdue() -> None:
    result = sla.evaluate(STANDARD, CAL, case(START), at("2026-12-01T09:00"))
    current = result.open_step
    assert current is not None and current.step_id == "B.5a" and current.end is None
    assert current.used_minutes == 300 + 90
    assert current.remaining_minutes == 1350 - 390 and not current.late
    assert current.deadline == at("2026-12-03T10:00")
    assert result.closed_at is None and result.restore_minutes is None
    overdue = sla.evaluate(STANDARD, CAL, case(START), at("2026-12-04T10:00")).open_step
    assert overdue is not None
    assert overdue.remaining_minutes == -450 and overdue.late
    # An open step is never a late_reason problem: it has not ended yet.
    assert sla.late_problems(STANDARD, CAL, case(START), at("2026-12-04T10:00")) == []


def test_an_open_hold_freezes_the_clock() -> None:
    events = [*START, {"event": "held", "at": "2026-12-01T08:00", "reason": "r",
                       "approved_by": "a"}]
    result = sla.evaluate(STANDARD, CAL, case(events), at("2026-12-02T12:00"))
    current = result.open_step
    assert result.on_hold and current is not None
    assert current.deadline is None
    assert (current.used_minutes, current.paused_minutes) == (330, 420 + 270)
    assert current.remaining_minutes == 1350 - 330
    later = sla.evaluate(STANDARD, CAL, case(events), at("2026-12-09T12:00")).open_step
    assert later is not None and later.remaining_minutes == 1350 - 330


def test_a_hold_that_starts_after_the_deadline_keeps_it() -> None:
    """Issue 10, item 3: the overdue step keeps its deadline and reads as overdue; the clock
    stops at the hold, so the overdue time stays what it was when the hold began."""
    events = [*START, {"event": "held", "at": "2026-12-04T10:00", "reason": "r",
                       "approved_by": "a"}]
    for now in ("2026-12-04T12:00", "2026-12-09T12:00"):
        result = sla.evaluate(STANDARD, CAL, case(events), at(now))
        current = result.open_step
        assert result.on_hold and current is not None
        assert current.deadline == at("2026-12-03T10:00")
        # Mon 10:00 → Fri 10:00 is 1,800 working minutes against 1,350: 450 overdue.
        assert current.late and current.remaining_minutes == -450


def test_cancellation_ends_the_running_step() -> None:
    events = [*START[:3], {"event": "cancelled", "at": "2026-11-30T09:00",
                           "reason": "duplikat"}]
    result = sla.evaluate(STANDARD, CAL, case(events), NOW)
    last = result.steps[-1]
    assert (last.step_id, last.outcome, last.used_minutes, last.end) == (
        "B.4", "cancelled", 30, at("2026-11-30T09:00"))
    assert result.cancelled and result.closed_at == at("2026-11-30T09:00")
    assert result.restore_minutes is None and result.path is None
    assert list(result.by_path) == [sla.UNCLASSIFIED]


def test_escalation_moves_the_case_to_the_berat_path() -> None:
    events = [*START,
              {"event": "escalated", "at": "2026-12-01T10:00", "reason": "butuh pengembang"},
              {"event": "vendor_notified", "at": "2026-12-01T14:00"}]
    result = sla.evaluate(STANDARD, CAL, case(events), at("2026-12-01T15:00"))
    by_id = steps(result)
    assert by_id["B.5a"].outcome == "escalated" and by_id["B.5a"].used_minutes == 300 + 150
    assert by_id["B.5b"].used_minutes == 120 + 60  # 10:00–12:00, 13:00–14:00
    assert result.open_step is not None and result.open_step.step_id == "B.6"
    assert result.path == "berat" and list(result.by_path) == ["berat"]


def test_a_case_is_judged_by_the_version_in_force_at_its_first_event() -> None:
    """Issue 10 item 4: the version a file claims never picks its limits. B.9 Friday 10:00 →
    14:30 is 10:00–11:30 (90) + 13:00–14:30 (90) = 180 minutes in both weeks below."""
    events = [*START, {"event": "repaired", "at": "2026-12-04T10:00"},
              {"event": "reported", "at": "2026-12-04T14:30"},
              {"event": "restored", "at": "2026-12-04T15:00"}]
    in_2025 = [{**e, "at": e["at"].replace("2026-11-30", "2025-12-01")
                .replace("2026-12-04", "2025-12-05")} for e in events]
    for claimed in ("2026.1", "2025.1"):  # opened 30 Nov 2026: 2026.1, whatever the file says
        result = sla.evaluate(STANDARD, CAL, case(events, claimed), NOW)
        b9 = steps(result)["B.9"]
        assert (result.standard_version, b9.used_minutes) == ("2026.1", 180), claimed
        assert (b9.limit_minutes, b9.late) == (120, True), claimed
    for claimed in ("2026.1", "2025.1"):  # opened 1 Dec 2025: 2025.1 (B.9 was 1 hari)
        result = sla.evaluate(STANDARD, CAL, case(in_2025, claimed), NOW)
        b9 = steps(result)["B.9"]
        assert (result.standard_version, b9.used_minutes) == ("2025.1", 180), claimed
        assert (b9.limit_minutes, b9.late) == (450, False), claimed


def test_a_step_spanning_christmas() -> None:
    events = [{"event": "submitted", "at": "2026-12-23T14:00"},
              {"event": "received", "at": "2026-12-23T15:00"},
              {"event": "assigned", "at": "2026-12-28T08:30"}]
    step = steps(sla.evaluate(STANDARD, CAL, case(events), NOW))["B.3"]
    # Wed 15:00–16:00, then 24 (cuti bersama) and 25 Dec (Natal) and the weekend, then
    # Mon 07:30–08:30: 120 minutes against a 60-minute limit, due Wed 23 Dec 16:00.
    assert (step.used_minutes, step.limit_minutes, step.late) == (120, 60, True)
    assert step.deadline == at("2026-12-23T16:00")


def test_monitoring_origin_starts_with_b2b() -> None:
    events = [{"event": "monitoring", "at": "2026-11-30T09:00"},
              {"event": "received", "at": "2026-11-30T09:45"}]
    result = sla.evaluate(STANDARD, CAL, case(events, origin="monitoring"),
                          at("2026-11-30T10:00"))
    assert [s.step_id for s in result.steps] == ["B.2b", "B.3"]
    assert result.steps[0].used_minutes == 45


def test_json_shape_is_stable() -> None:
    events = [*START, {"event": "held", "at": "2026-12-01T08:00", "reason": "r",
                       "approved_by": "a"}, {"event": "resumed", "at": "2026-12-03T08:00"}]
    data = sla.to_json(sla.evaluate(STANDARD, CAL, case(events), at("2026-12-03T09:00")))
    assert list(data) == [
        "case", "title", "file", "standard_version", "state", "severity", "path", "opened_at",
        "closed_at", "cancelled", "on_hold", "now", "late", "paused_minutes",
        "restore_minutes", "open_step", "steps", "holds", "totals", "verdict"]
    assert data["opened_at"] == "2026-11-30T07:30:00+07:00"
    assert data["open_step"] == "B.5a" and data["paused_minutes"] == 900
    step = data["steps"][-1]
    assert list(step) == [
        "step", "label", "label_en", "actor", "start", "end", "used_minutes",
        "paused_minutes", "limit_minutes", "deadline", "late", "remaining_minutes",
        "late_reason", "outcome", "event", "on_hold", "verdict"]
    assert step["deadline"] == "2026-12-07T10:00:00+07:00"
    # Used: Mon 10:00–16:00 (300), Tue 07:30–08:00 (30), Thu 08:00–09:00 (60).
    assert step["remaining_minutes"] == 1350 - (300 + 30 + 60)
    assert data["steps"][0]["event"] == 2  # 1-based position of `received`
    assert data["holds"][0]["event"] == 5 and data["holds"][0]["step"] == "B.5a"
    assert data["totals"]["by_path"]["ringan"]["paused_minutes"] == 900


def test_times_in_another_offset_are_the_same_instants() -> None:
    events = [{**e, "at": at(e["at"]).astimezone(UTC).isoformat()} for e in START]
    assert events[0]["at"] == "2026-11-30T00:30:00+00:00"
    result = sla.evaluate(STANDARD, CAL, case(events), NOW)
    assert [s.used_minutes for s in result.steps[:3]] == [30, 30, 90]
    assert sla.to_json(result)["opened_at"] == "2026-11-30T07:30:00+07:00"


def test_a_case_outside_the_calendar_is_one_problem_not_a_crash() -> None:
    events = [{"event": "submitted", "at": "2031-03-03T08:00"},
              {"event": "received", "at": "2031-03-03T09:00"}]
    problems = sla.late_problems(STANDARD, CAL, case(events), at("2031-03-04T08:00"))
    assert [(p.index, p.key, p.code, p.params["year"]) for p in problems] == [
        (0, "at", "calendar.not_covered", 2031)]
