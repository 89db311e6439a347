"""The SLA figures a report needs, read from the `pelihara sla --json` shape.

Pure. Reports never count working minutes themselves: `from_sla_json` reads one case of
`pelihara.core.sla.to_json(...)` (the same JSON the CLI prints and the site carries), so there is
one source of truth and the period report's numbers can be redone from `pelihara sla --json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pelihara.core.timeparse import parse_time

FINISHED = ("done", "escalated")
"""Outcomes of steps that ended by their own event; a step cut by cancellation did not."""


@dataclass(frozen=True)
class StepFigure:
    """One step of one case. Minutes are working minutes; `end` None means the step is open."""

    step: str
    actor: str
    start: datetime
    end: datetime | None
    minutes: int
    limit: int
    deadline: datetime | None
    late: bool
    paused: int = 0
    late_reason: str | None = None
    outcome: str = "done"
    event_index: int | None = None
    """0-based index of the case event that ended the step (its evidence), None while open."""


@dataclass(frozen=True)
class HoldFigure:
    step: str | None
    start: datetime
    end: datetime | None
    paused: int
    reason: str | None
    approved_by: str | None


@dataclass(frozen=True)
class CaseFigures:
    """Every step of one case, in order, with its holds and totals."""

    case_id: str
    steps: tuple[StepFigure, ...]
    holds: tuple[HoldFigure, ...] = ()
    restore_minutes: int | None = None
    path: str | None = None

    @property
    def finished(self) -> list[StepFigure]:
        return [s for s in self.steps if s.outcome in FINISHED]

    @property
    def open(self) -> StepFigure | None:
        return next((s for s in self.steps if s.outcome == "open"), None)

    @property
    def late(self) -> list[StepFigure]:
        return [s for s in self.steps if s.late]

    @property
    def paused(self) -> int:
        return sum(h.paused for h in self.holds)

    @property
    def working_minutes(self) -> int:
        """Working minutes over all steps so far, holds excluded."""
        return sum(s.minutes for s in self.steps)


def _time(value: Any) -> datetime | None:
    return parse_time(str(value)) if value else None


def from_sla_json(data: dict[str, Any]) -> CaseFigures:
    """One element of `pelihara sla --json`'s "cases" (`pelihara.core.sla.to_json`)."""
    steps = tuple(
        StepFigure(
            step=str(s["step"]), actor=str(s["actor"]), start=parse_time(str(s["start"])),
            end=_time(s.get("end")), minutes=int(s["used_minutes"]),
            limit=int(s["limit_minutes"]), deadline=_time(s.get("deadline")),
            late=bool(s["late"]), paused=int(s.get("paused_minutes") or 0),
            late_reason=s.get("late_reason"), outcome=str(s.get("outcome", "done")),
            event_index=int(s["event"]) - 1 if s.get("event") else None)
        for s in data.get("steps", []))
    holds = tuple(
        HoldFigure(step=h.get("step"), start=parse_time(str(h["start"])), end=_time(h.get("end")),
                   paused=int(h.get("paused_minutes") or 0), reason=h.get("reason"),
                   approved_by=h.get("approved_by"))
        for h in data.get("holds", []))
    restore = data.get("restore_minutes")
    return CaseFigures(str(data["case"]), steps, holds,
                       int(restore) if restore is not None else None, data.get("path"))
