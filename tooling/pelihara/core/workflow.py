"""Replaying a case's events against the standard's workflow.

Pure core. `replay` walks the (corrected) events once and returns where the case is, the
segments of time that belong to each step, the holds, and every workflow problem found.
Timing (working minutes, deadlines) is the SLA module's job; this module only decides which
moment belongs to which step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelihara.core.model import Case, Event
from pelihara.core.standard import Standard, Step
from pelihara.core.timeparse import iso
from pelihara.core.vocabulary import Outcome


@dataclass(frozen=True)
class Segment:
    """A finished step: from `start` (the previous step's end) to `end` (this event)."""

    step: Step
    start: datetime
    end: datetime
    event: Event
    outcome: Outcome = Outcome.DONE
    """DONE, or ESCALATED for a B.5a ended by escalation."""


@dataclass(frozen=True)
class Hold:
    start: datetime
    end: datetime | None
    event: Event
    resumed_by: Event | None = None


@dataclass(frozen=True)
class Problem:
    """A workflow fault at `events[index].key` (key None: the event as a whole)."""

    index: int | None
    key: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Replay:
    state: str | None = None
    severity: str | None = None
    segments: list[Segment] = field(default_factory=list)
    holds: list[Hold] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    step_start: datetime | None = None
    """When the current (open) step started: the end of the last segment."""
    last_event: Event | None = None
    opened_at: datetime | None = None
    """When the case's first event (as corrected) happened."""

    @property
    def on_hold(self) -> bool:
        return bool(self.holds) and self.holds[-1].end is None

    def is_final(self, standard: Standard) -> bool:
        state = standard.states.get(self.state or "")
        return bool(state and state.final)

    def open_step(self, standard: Standard) -> Step | None:
        if self.state is None or self.is_final(standard):
            return None
        return standard.open_step(self.state, self.severity)


ORIGIN_ENTRY = {"memo": "submitted", "monitoring": "monitoring"}


def replay(standard: Standard, case: Case, now: datetime | None = None) -> Replay:
    """Walk `case`'s events under `standard`. `now` (aware) flags events in the future."""
    result = Replay()
    events = case.effective_events()
    _check_corrections(case, result)
    previous: Event | None = None
    for event in events:
        if previous is not None and event.at < previous.at:
            result.problems.append(Problem(event.index, "at", "workflow.out_of_order", {
                "at": event.at.isoformat(), "previous": previous.at.isoformat(),
                "previous_index": previous.index + 1}))
        if now is not None and event.at > now:
            result.problems.append(Problem(event.index, "at", "workflow.future", {
                "at": event.at.isoformat(), "now": iso(now)}))  # WIB, to the second
        _apply(standard, case, result, event)
        previous = event
        result.last_event = event
    return result


def _apply(standard: Standard, case: Case, r: Replay, event: Event) -> None:
    kind = event.kind
    if r.state is None:
        _start(standard, case, r, event)
    elif r.is_final(standard):
        r.problems.append(Problem(event.index, "event", "workflow.after_final", {
            "event": kind, "state": r.state}))
    elif kind == "held":
        _hold(r, event)
    elif kind == "resumed":
        _resume(r, event)
    elif kind == "cancelled":
        _cancel(r, event)
    elif r.on_hold:
        r.problems.append(Problem(event.index, "event", "workflow.while_held", {"event": kind}))
    elif kind == "escalated":
        _escalate(standard, r, event)
    else:
        _transition(standard, r, event, r.state)


def _start(standard: Standard, case: Case, r: Replay, event: Event) -> None:
    """The first event: the entry its origin calls for."""
    kind = event.kind
    expected = ORIGIN_ENTRY.get(case.origin)
    if kind != expected:
        r.problems.append(Problem(event.index, "event", "workflow.bad_start", {
            "event": kind, "expected": expected, "origin": case.origin}))
    r.state = kind if kind in standard.entry_states else expected
    r.step_start = r.opened_at = event.at


def _hold(r: Replay, event: Event) -> None:
    if r.on_hold:
        r.problems.append(Problem(event.index, "event", "workflow.already_held", {}))
    else:
        r.holds.append(Hold(event.at, None, event))


def _resume(r: Replay, event: Event) -> None:
    if not r.on_hold:
        r.problems.append(Problem(event.index, "event", "workflow.not_held", {}))
    else:
        hold = r.holds[-1]
        r.holds[-1] = Hold(hold.start, event.at, hold.event, event)


def _cancel(r: Replay, event: Event) -> None:
    if event.get("reason") == "duplikat" and not event.get("duplicate_of"):
        r.problems.append(Problem(event.index, "reason", "workflow.duplicate_without_ref", {}))
    if r.on_hold:  # cancelling a held case ends the hold at the same moment
        hold = r.holds[-1]
        r.holds[-1] = Hold(hold.start, event.at, hold.event, event)
    r.state = "cancelled"


def _escalate(standard: Standard, r: Replay, event: Event) -> None:
    """A ringan case handed to the vendor from `analysed` becomes berat (an extension)."""
    if r.state != "analysed" or r.severity != "ringan":
        r.problems.append(Problem(event.index, "event", "workflow.bad_escalation", {
            "state": r.state, "severity": r.severity}))
        return
    step = standard.step_between("analysed", "repaired", "ringan")
    if step is not None and r.step_start is not None:
        r.segments.append(Segment(step, r.step_start, event.at, event, Outcome.ESCALATED))
    r.severity = "berat"
    r.step_start = event.at


def _transition(standard: Standard, r: Replay, event: Event, state: str) -> None:
    """A step of the standard: legal from `state` (the current one), it ends the running
    step."""
    kind = event.kind
    step = standard.step_between(state, kind, r.severity)
    if step is None:
        allowed = standard.next_states(state, r.severity)
        r.problems.append(Problem(event.index, "event", "workflow.illegal_transition", {
            "from": state, "to": kind, "allowed": ", ".join([*allowed, "held", "cancelled"])}))
        return
    if kind == "analysed":
        r.severity = event.get("severity")
    if r.step_start is not None:
        r.segments.append(Segment(step, r.step_start, event.at, event))
    r.state = kind
    r.step_start = event.at


def _check_corrections(case: Case, r: Replay) -> None:
    for event in case.events:
        if event.kind != "correction":
            continue
        target = int(event.get("refers_to", 0))
        if not 1 <= target <= event.index or case.events[target - 1].kind in ("correction", "note"):
            r.problems.append(Problem(event.index, "refers_to", "workflow.bad_correction", {
                "refers_to": target}))
            continue
        changes = event.get("changes") or {}
        if "event" in changes:
            r.problems.append(
                Problem(event.index, "changes", "workflow.correction_changes_kind", {}))


def judged_version(standard: Standard, case: Case, r: Replay) -> str:
    """The version of the standard `case` is judged by: the one in force at its first event
    (`Standard.version_in_force`), whatever its file claims. Only a case opened before any
    version took effect falls back to its claim, and `check` refuses that file."""
    in_force = standard.version_in_force(r.opened_at) if r.opened_at is not None else None
    return in_force or case.standard_version


def transition_label(before: str | None, after: str) -> str:
    """The 'analysed → vendor_notified' form used in commit messages."""
    return f"{before or '∅'} → {after}"
