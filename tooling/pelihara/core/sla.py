"""SLA evaluation of one case: each step's working minutes against its limit.

Pure core: the caller passes the standard, the working calendar, the case and `now` (aware).
`workflow.replay` decides which moment belongs to which step; this module only measures.

How a limit counts:
- A step's used minutes are the working minutes from its start to its end (the open step: to
  `now`), minus the working minutes the case was on hold inside that span (holds stop the
  clock, and the paused minutes are shown, never hidden).
- A step is late when used > limit. The limit is the one of the version of the standard in
  force at the case's first event (`workflow.judged_version`), not the version its file claims.
- Deadline of a step: the moment its working clock reaches the limit. Without holds that is
  `calendar.deadline(start, limit)`. A hold that begins before that moment carries the
  remaining minutes over the hold: deadline = `calendar.deadline(hold_end, remaining)`; this
  equals `deadline(start, limit + paused)` for holds before the deadline, while a hold that
  begins after the deadline has passed does not move it (the step was already late, and stays
  late with its deadline). While a hold that began before the deadline is open, the clock is
  stopped, so the open step has no deadline (None) and its remaining minutes stay frozen.

Results are plain slotted dataclasses (not frozen: frozen ones cost several times more to build,
and 10,000 cases make ~65,000 steps); treat them as read-only.

`to_json(case_sla)` is the stable shape of `pelihara sla --json` (one element of "cases"),
for programs that read the figures. Times are ISO 8601 in WIB (+07:00); minutes are working
minutes; `event` numbers are 1-based positions in the case's `events:` list:

    {"case": "PML-…", "title": str, "file": str, "standard_version": "2026.1",
     "state": str, "severity": "ringan"|"berat"|null, "path": "ringan"|"berat"|null,
     "opened_at": iso, "closed_at": iso|null, "cancelled": bool, "on_hold": bool,
     "now": iso, "late": bool, "paused_minutes": int, "restore_minutes": int|null,
     "open_step": "B.4"|null,
     "steps": [{"step": "B.3", "label": str, "label_en": str, "actor": str,
                "start": iso, "end": iso|null, "used_minutes": int, "paused_minutes": int,
                "limit_minutes": int, "deadline": iso|null, "late": bool,
                "remaining_minutes": int|null, "late_reason": str|null,
                "outcome": "done"|"escalated"|"open"|"cancelled", "event": int|null,
                "on_hold": bool, "verdict": VERDICT}],
     "holds": [{"step": str|null, "start": iso, "end": iso|null, "paused_minutes": int,
                "reason": str|null, "approved_by": str|null, "event": int}],
     "totals": {"by_actor": {actor: TOTALS}, "by_path": {path: TOTALS}}, "verdict": VERDICT}
    TOTALS = {"steps": int, "late_steps": int, "used_minutes": int, "paused_minutes": int,
              "limit_minutes": int}
    VERDICT = "late_now"|"late"|"on_time"|"on_hold"|"open"

`remaining_minutes` is set on the open step only (negative = overdue). `restore_minutes` is the
working time from opening to restoration with holds excluded (restored cases only). The path
key of a case not yet analysed is "unclassified". Each step also carries its `verdict` and the
case the verdict of where it stands now (`Verdict` values: late_now, late, on_time, on_hold,
open), both from `verdict` below: the one place that decides them for the CLI, the site and
the reports.

The result objects are the only in-process shape: the site, the reports and the exports read
`CaseSla` directly; `to_json` runs only where a program reads the figures (`--json`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelihara.core.errors import PeliharaError
from pelihara.core.model import Case
from pelihara.core.standard import Standard, Step
from pelihara.core.timeparse import WIB, iso
from pelihara.core.vocabulary import FINISHED, EventKind, Outcome, Verdict
from pelihara.core.workcal import WorkingCalendar
from pelihara.core.workflow import ORIGIN_ENTRY, Hold, Problem, Replay, judged_version, replay

UNCLASSIFIED = "unclassified"


@dataclass(slots=True)
class StepSla:
    step_id: str
    label: str
    label_en: str
    actor: str
    start: datetime
    end: datetime | None
    used_minutes: int
    paused_minutes: int
    limit_minutes: int
    deadline: datetime | None
    late: bool
    remaining_minutes: int | None
    late_reason: str | None
    outcome: Outcome
    event_index: int | None = None
    """0-based index of the event that ended the step; None while open."""
    on_hold: bool = False
    """The open step of a case on hold now: its clock is stopped."""

    @property
    def verdict(self) -> Verdict:
        return verdict(self)

    @property
    def finished(self) -> bool:
        """Ended by its own event (done or escalated), not running and not cut by a cancel."""
        return self.outcome in FINISHED


def verdict(step: StepSla) -> Verdict:
    """Where `step` stands against its limit: the one rule every output shows.

    A running step is late now once its used minutes pass the limit, even on hold (a hold
    that starts after the deadline stops the clock but cannot make the step on time again);
    otherwise it is on hold while a hold is open, else open. A step that ended (done,
    escalated, or cut by cancellation) is late or on time. How it ended (`outcome`) is shown
    beside the verdict, not folded into it."""
    if step.outcome is Outcome.OPEN:
        if step.late:
            return Verdict.LATE_NOW
        return Verdict.ON_HOLD if step.on_hold else Verdict.OPEN
    return Verdict.LATE if step.late else Verdict.ON_TIME


@dataclass(slots=True)
class HoldSla:
    step_id: str | None
    start: datetime
    end: datetime | None
    paused_minutes: int
    reason: str | None
    approved_by: str | None
    event_index: int


@dataclass(slots=True)
class Totals:
    steps: int = 0
    late_steps: int = 0
    used_minutes: int = 0
    paused_minutes: int = 0
    limit_minutes: int = 0

    def add(self, step: StepSla) -> None:
        self.steps += 1
        self.late_steps += int(step.late)
        self.used_minutes += step.used_minutes
        self.paused_minutes += step.paused_minutes
        self.limit_minutes += step.limit_minutes


@dataclass(slots=True)
class CaseSla:
    case_id: str
    title: str
    file: str
    standard_version: str
    state: str | None
    severity: str | None
    path: str | None
    opened_at: datetime | None
    closed_at: datetime | None
    cancelled: bool
    on_hold: bool
    now: datetime
    steps: list[StepSla]
    holds: list[HoldSla]
    by_actor: dict[str, Totals] = field(default_factory=dict)
    by_path: dict[str, Totals] = field(default_factory=dict)
    restore_minutes: int | None = None

    @property
    def open_step(self) -> StepSla | None:
        return next((s for s in self.steps if s.outcome is Outcome.OPEN), None)

    @property
    def late(self) -> bool:
        """Any step late, now or earlier."""
        return any(s.late for s in self.steps)

    @property
    def late_earlier(self) -> bool:
        """A step that has ended was late (whatever the running step's verdict is)."""
        return any(s.late for s in self.steps if s.outcome is not Outcome.OPEN)

    @property
    def verdict(self) -> Verdict:
        """The running step's verdict; for a closed case, late when any step was late."""
        current = self.open_step
        if current is not None:
            return current.verdict
        return Verdict.LATE if self.late else Verdict.ON_TIME

    @property
    def finished(self) -> list[StepSla]:
        return [s for s in self.steps if s.finished]

    @property
    def late_steps(self) -> list[StepSla]:
        return [s for s in self.steps if s.late]

    @property
    def paused_minutes(self) -> int:
        return sum(h.paused_minutes for h in self.holds)

    @property
    def working_minutes(self) -> int:
        """Working minutes over all steps so far, holds excluded."""
        return sum(s.used_minutes for s in self.steps)


def _clipped_pause(cal: WorkingCalendar, holds: list[Hold], start: datetime,
                   end: datetime) -> int:
    total = 0
    for hold in holds:
        lo = max(hold.start, start)
        hi = min(hold.end or end, end)
        total += cal.minutes(lo, hi)
    return total


def step_deadline(cal: WorkingCalendar, start: datetime, limit: int,
                  holds: list[Hold]) -> datetime | None:
    """When the step's clock reaches `limit`, holds carried over (see module docstring)."""
    deadline = cal.deadline(start, limit)
    for hold in sorted(holds, key=lambda h: h.start):
        if hold.start >= deadline or (hold.end is not None and hold.end <= start):
            continue
        if hold.end is None:
            return None
        remaining = cal.minutes(max(hold.start, start), deadline)
        if remaining > 0:
            deadline = cal.deadline(hold.end, remaining)
    return deadline


def _measure(standard: Standard, cal: WorkingCalendar, version: str, step: Step,
             start: datetime, end: datetime | None, now: datetime, holds: list[Hold],
             outcome: Outcome, reason: str | None, event_index: int | None) -> StepSla:
    until = end if end is not None else max(now, start)
    limit = standard.limit(step.id, version)
    inside = [h for h in holds if h.start < until and (h.end is None or h.end > start)
              ] if holds else holds
    deadline: datetime | None
    open_hold = False
    if inside:
        paused = _clipped_pause(cal, inside, start, until)
        open_hold = end is None and inside[-1].end is None
        # None only for a hold that began before the deadline: one that began after it has
        # passed keeps it, so an overdue step still shows when it fell due.
        deadline = step_deadline(cal, start, limit, inside)
        used = cal.minutes(start, until) - paused
    else:  # the common case: no hold, one conversion of `start`, one deadline search
        paused = 0
        used, deadline = cal.minutes_and_deadline(start, until, limit)
    return StepSla(
        step_id=step.id, label=step.label, label_en=step.label_en, actor=step.actor,
        start=start, end=end, used_minutes=used, paused_minutes=paused, limit_minutes=limit,
        deadline=deadline, late=used > limit,
        remaining_minutes=limit - used if outcome is Outcome.OPEN else None,
        late_reason=reason, outcome=outcome, event_index=event_index, on_hold=open_hold)


def _state_before_end(case: Case, r: Replay) -> str | None:
    """The state the case was in when it was cancelled (the step that cancellation cut)."""
    if not r.segments:
        return ORIGIN_ENTRY.get(case.origin)
    last = r.segments[-1]
    return "analysed" if last.outcome is Outcome.ESCALATED else last.step.to_state


def evaluate(standard: Standard, calendar: WorkingCalendar, case: Case,
             now: datetime, replayed: Replay | None = None) -> CaseSla:
    """Every step of `case` measured on `calendar`, as of `now` (aware). `replayed` is the
    case's `workflow.replay` when the caller already has it (check does), to save a pass."""
    r = replayed if replayed is not None else replay(standard, case, now)
    version = judged_version(standard, case, r)
    steps = [
        _measure(standard, calendar, version, seg.step, seg.start, seg.end, now, r.holds,
                 seg.outcome, seg.event.late_reason, seg.event.index)
        for seg in r.segments]
    cancelled = r.state == EventKind.CANCELLED
    closed_at: datetime | None = None
    if cancelled:
        cancel = next(e for e in case.effective_events() if e.kind == EventKind.CANCELLED)
        closed_at = cancel.at
        cut = standard.open_step(_state_before_end(case, r) or "", r.severity)
        if cut is not None and r.step_start is not None:
            steps.append(_measure(standard, calendar, version, cut, r.step_start, cancel.at, now,
                                  r.holds, Outcome.CANCELLED, cancel.late_reason,
                                  cancel.index))
    elif r.is_final(standard):
        closed_at = r.segments[-1].end if r.segments else None
    else:
        current = r.open_step(standard)
        if current is not None and r.step_start is not None:
            steps.append(_measure(standard, calendar, version, current, r.step_start, None, now,
                                  r.holds, Outcome.OPEN, None, None))
    holds = [_hold(calendar, h, steps, now) for h in r.holds]
    path = r.severity if r.severity in standard.paths else None
    by_actor: dict[str, Totals] = {}
    by_path: dict[str, Totals] = {path or UNCLASSIFIED: Totals()}
    for step in steps:
        by_actor.setdefault(step.actor, Totals()).add(step)
        by_path[path or UNCLASSIFIED].add(step)
    restored = r.is_final(standard) and not cancelled
    return CaseSla(
        case_id=case.id, title=case.title, file=case.path,
        standard_version=version, state=r.state, severity=r.severity, path=path,
        opened_at=r.segments[0].start if r.segments else r.step_start, closed_at=closed_at,
        cancelled=cancelled, on_hold=r.on_hold, now=now, steps=steps, holds=holds,
        by_actor=by_actor, by_path=by_path,
        restore_minutes=sum(s.used_minutes for s in steps) if restored else None)


def _hold(cal: WorkingCalendar, hold: Hold, steps: list[StepSla], now: datetime) -> HoldSla:
    end = hold.end or max(now, hold.start)
    owner = next((s.step_id for s in steps
                  if s.start <= hold.start and (s.end is None or hold.start < s.end)), None)
    return HoldSla(
        step_id=owner, start=hold.start, end=hold.end,
        paused_minutes=cal.minutes(hold.start, end),
        reason=_text(hold.event.get("reason")), approved_by=_text(hold.event.get("approved_by")),
        event_index=hold.event.index)


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def late_problems(standard: Standard, calendar: WorkingCalendar, case: Case,
                  now: datetime, replayed: Replay | None = None) -> list[Problem]:
    """Completed late steps whose ending event has no `late_reason` (for `pelihara check`).

    Code `sla.late_without_reason`, key "late_reason" on the event that ended the step;
    params: step, used, limit (working minutes). A case in a year the calendar does not cover
    gives one `calendar.not_covered` problem at its first event's `at` instead of an error, so
    one such case does not stop `pelihara check` for all the others."""
    try:
        result = evaluate(standard, calendar, case, now, replayed)
    except PeliharaError as exc:
        if exc.code != "calendar.not_covered":
            raise
        return [Problem(0, "at", exc.code, dict(exc.params))]
    return [
        Problem(step.event_index, "late_reason", "sla.late_without_reason",
                {"step": step.step_id, "used": step.used_minutes, "limit": step.limit_minutes})
        for step in result.steps
        if step.late and step.finished and not step.late_reason
        and step.event_index is not None]


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    zone = moment.tzinfo
    if zone is WIB or zone == WIB:  # already +07:00: skip the conversion (hot in to_json)
        return moment.isoformat(timespec="seconds")
    return iso(moment)


def _totals(totals: Totals) -> dict[str, int]:
    return {"steps": totals.steps, "late_steps": totals.late_steps,
            "used_minutes": totals.used_minutes, "paused_minutes": totals.paused_minutes,
            "limit_minutes": totals.limit_minutes}


def to_json(result: CaseSla) -> dict[str, Any]:
    """The stable `pelihara sla --json` shape of one case (see the module docstring)."""
    current = result.open_step
    return {
        "case": result.case_id, "title": result.title, "file": result.file,
        "standard_version": result.standard_version, "state": result.state,
        "severity": result.severity, "path": result.path,
        "opened_at": _iso(result.opened_at), "closed_at": _iso(result.closed_at),
        "cancelled": result.cancelled, "on_hold": result.on_hold, "now": iso(result.now),
        "late": result.late, "paused_minutes": result.paused_minutes,
        "restore_minutes": result.restore_minutes,
        "open_step": current.step_id if current else None,
        "steps": [{
            "step": s.step_id, "label": s.label, "label_en": s.label_en, "actor": s.actor,
            "start": _iso(s.start), "end": _iso(s.end), "used_minutes": s.used_minutes,
            "paused_minutes": s.paused_minutes, "limit_minutes": s.limit_minutes,
            "deadline": _iso(s.deadline), "late": s.late,
            "remaining_minutes": s.remaining_minutes, "late_reason": s.late_reason,
            "outcome": s.outcome.value,
            "event": s.event_index + 1 if s.event_index is not None else None,
            "on_hold": s.on_hold, "verdict": s.verdict.value,
        } for s in result.steps],
        "holds": [{
            "step": h.step_id, "start": _iso(h.start), "end": _iso(h.end),
            "paused_minutes": h.paused_minutes, "reason": h.reason,
            "approved_by": h.approved_by, "event": h.event_index + 1,
        } for h in result.holds],
        "totals": {
            "by_actor": {k: _totals(v) for k, v in result.by_actor.items()},
            "by_path": {k: _totals(v) for k, v in result.by_path.items()},
        },
        "verdict": result.verdict.value,
    }
