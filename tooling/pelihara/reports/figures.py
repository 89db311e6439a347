"""The SLA figures a report needs, in one small typed shape.

Pure. Reports never count working minutes themselves: `from_sla` adapts the SLA engine's
result (`pelihara.sla.evaluate`) so there is one source of truth for every figure, and the
period report's numbers equal what `pelihara sla --json` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
    """Index of the case event that ended the step (its evidence), None while open."""


@dataclass(frozen=True)
class CaseFigures:
    """Every step of one case, finished and open, in order, plus its totals."""

    case_id: str
    steps: tuple[StepFigure, ...]
    paused: int

    @property
    def finished(self) -> list[StepFigure]:
        return [s for s in self.steps if s.end is not None]

    @property
    def open(self) -> StepFigure | None:
        return next((s for s in self.steps if s.end is None), None)

    @property
    def late(self) -> list[StepFigure]:
        return [s for s in self.steps if s.late]

    @property
    def working_minutes(self) -> int:
        """Working minutes over all steps: the time to restore once the case is closed."""
        return sum(s.minutes for s in self.steps)
