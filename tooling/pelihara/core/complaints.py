"""Complaints (pengaduan, keluhan, masukan) and their workflow, standard section H.

Pure core: no clock, file or git. A complaint file holds an append-only list of events, like a
case. The flow, from section H:

1. `received`   — Biro DI records the complaint;
2. `routed`     — handed to the officers *through* Kepala Biro (`via: kepala_biro`, the
                  routing is his disposisi), or *directly* to an officer once Kepala Biro has
                  known and approved it beforehand (`via: langsung`, approval time ≤ routing);
3. `followed_up` — the officers act on it (one or more times, each with its actions);
4. `discussed`  — the follow-up is discussed in a coordination meeting (rapat koordinasi
                  lanjutan), with its minutes; more follow-up may come after a meeting;
5. `closed`     — final: a closed complaint is frozen.

`note` and `correction` events may come at any time before closing and do not move the state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelihara.core.people import People
from pelihara.core.timeparse import parse_time

STATES: tuple[str, ...] = ("received", "routed", "followed_up", "discussed", "closed")
FINAL = "closed"
KINDS: tuple[str, ...] = ("pengaduan", "keluhan", "masukan")
ROUTES: tuple[str, ...] = ("kepala_biro", "langsung")

TRANSITIONS: dict[str | None, tuple[str, ...]] = {
    None: ("received",),
    "received": ("routed",),
    "routed": ("followed_up",),
    "followed_up": ("followed_up", "discussed"),
    "discussed": ("followed_up", "discussed", "closed"),
    "closed": (),
}
"""Legal next states. Closing needs a meeting (H.2: 'membahasnya dalam rapat koordinasi')."""

NEUTRAL = ("note", "correction")


@dataclass(frozen=True)
class ComplaintProblem:
    """A workflow fault at `events[index].key` (key None: the event as a whole)."""

    index: int
    key: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ComplaintState:
    """Where a complaint stands after replaying its events."""

    state: str | None = None
    received_at: datetime | None = None
    closed_at: datetime | None = None
    officers: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    problems: list[ComplaintProblem] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.state == FINAL


def next_states(state: str | None) -> tuple[str, ...]:
    return TRANSITIONS.get(state, ())


def replay(
    events: Sequence[Mapping[str, Any]],
    people: People,
    now: datetime | None = None,
) -> ComplaintState:
    """Walk schema-valid complaint `events`. `people` says who heads the bureau on a date:
    the Kepala Biro, or an acting head (Plh./Plt.) registered for that date in
    registry/staff.yaml; `now` (aware) flags events recorded in the future."""
    result = ComplaintState()
    previous: datetime | None = None
    for index, event in enumerate(events):
        kind = str(event.get("event"))
        try:
            at = parse_time(str(event.get("at")))
        except ValueError:
            continue  # the schema reports the bad time with its position
        if previous is not None and at < previous:
            result.problems.append(ComplaintProblem(index, "at", "complaint.out_of_order",
                                                    {"at": str(event.get("at"))}))
        if now is not None and at > now:
            result.problems.append(ComplaintProblem(index, "at", "complaint.future",
                                                    {"at": str(event.get("at"))}))
        previous = max(at, previous) if previous else at
        if result.state == FINAL:
            result.problems.append(ComplaintProblem(index, "event", "complaint.after_closed",
                                                    {"event": kind}))
            continue
        if kind not in NEUTRAL:
            _move(result, index, event, at, people)
    return result


def _move(result: ComplaintState, index: int, event: Mapping[str, Any], at: datetime,
          people: People) -> None:
    """Event `index` moves the complaint to its state, if that is legal from where it is."""
    kind = str(event.get("event"))
    allowed = next_states(result.state)
    if kind not in allowed:
        result.problems.append(ComplaintProblem(
            index, "event", "complaint.illegal_transition",
            {"from": result.state or "-", "to": kind, "allowed": ", ".join(allowed) or "-"},
        ))
        return
    if kind == "routed":
        result.problems.extend(_routing_problems(index, event, at, people))
        result.officers = [str(o) for o in event.get("to", [])]
    elif kind == "received":
        result.received_at = at
    elif kind == "followed_up":
        result.actions.extend(str(a) for a in event.get("actions", []))
    elif kind == "discussed":
        result.meetings.append(dict(event.get("meeting") or {}))
    elif kind == FINAL:
        result.closed_at = at
    result.state = kind


def _routing_problems(
    index: int, event: Mapping[str, Any], at: datetime, people: People
) -> list[ComplaintProblem]:
    """Section H.1: through Kepala Biro, or straight to an officer after his prior approval.
    Who counts as Kepala Biro is judged on the day of the approval and of the routing: an
    acting head registered for that day counts, one whose appointment has ended does not."""
    problems = []
    approval = event.get("approval") or {}
    approver = str(approval.get("by", ""))
    try:
        approved_at = parse_time(str(approval.get("at", event.get("at"))))
    except ValueError:
        approved_at = None  # the schema reports the bad time with its position
    when = approved_at or at
    if not people.heads_at(approver, when):
        problems.append(ComplaintProblem(
            index, "approval", "complaint.approver_not_head",
            {"by": approver, "heads": ", ".join(people.heading_at(when)) or "-"}))
    if event.get("via") == "kepala_biro" and not people.heads_at(str(event.get("by", "")), at):
        problems.append(ComplaintProblem(index, "by", "complaint.route_not_by_head",
                                         {"by": str(event.get("by", ""))}))
    if approved_at is not None and approved_at > at:
        problems.append(ComplaintProblem(index, "approval", "complaint.approval_after_routing",
                                         {"approved": str(approval.get("at"))}))
    return problems


def append_only_problems(
    old_events: Sequence[Mapping[str, Any]], new_events: Sequence[Mapping[str, Any]]
) -> list[ComplaintProblem]:
    """Compare a complaint's events before and after a change: earlier events may not be
    edited or removed (corrections are new events), and a closed complaint gets nothing new."""
    problems = []
    for index, old in enumerate(old_events):
        if index >= len(new_events):
            problems.append(ComplaintProblem(index, None, "complaint.event_removed",
                                             {"number": index + 1}))
            break
        if dict(old) != dict(new_events[index]):
            problems.append(ComplaintProblem(index, None, "complaint.event_edited",
                                             {"number": index + 1}))
    if any(e.get("event") == FINAL for e in old_events) and len(new_events) > len(old_events):
        problems.append(ComplaintProblem(len(old_events), None, "complaint.frozen", {}))
    return problems
