"""What every check rule receives: the standard, its working calendar, the registries and
`now`, built once per run by the edge and passed down.

Pure core: rules get this object and a parsed record (`Positioned`) and return findings; they
read no clock, file or git.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelihara.core import sla
from pelihara.core.findings import Finding, Severity
from pelihara.core.model import Case
from pelihara.core.people import People
from pelihara.core.positions import Positioned
from pelihara.core.registries import Registries
from pelihara.core.standard import Standard
from pelihara.core.workcal import WorkingCalendar
from pelihara.core.workflow import Problem, Replay, replay


@dataclass
class Context:
    standard: Standard | None
    """None when standard.yaml itself is broken: rules that need it are skipped."""
    registries: Registries
    now: datetime
    calendar: WorkingCalendar | None = None
    """The standard's working calendar (None with no standard); built once per run."""
    known_files: dict[str, str] = field(default_factory=dict)
    """Record id → repo-relative file, for files not parsed in this run (named by their ID)."""
    replays: dict[str, tuple[Case, Replay]] = field(default_factory=dict)
    """Each case file's replay in this run, by path (`replay`): the repository-wide rules
    (a plan for every year with open cases) read the states from here instead of replaying
    all the cases a second time."""

    def replay(self, case: Case) -> Replay:
        """`workflow.replay` of `case` as of `now`, kept for the rest of the run."""
        assert self.standard is not None, "no replay without a standard"
        result = replay(self.standard, case, self.now)
        self.replays[case.path] = (case, result)
        return result

    def late_problems(self, case: Case, replayed: Replay) -> list[Problem]:
        """Completed late steps without a reason (`sla.late_problems`), from the replay the
        workflow rule already made: no second pass."""
        if self.standard is None or self.calendar is None:
            return []
        return sla.late_problems(self.standard, self.calendar, case, self.now, replayed)

    @property
    def people(self) -> People:
        """The staff registry as people (`Registries.people`, built once)."""
        return self.registries.people


def finding_at(doc: Positioned, where: Iterable[str | int], code: str,
               severity: Severity = Severity.ERROR, /, **params: Any) -> Finding:
    """A finding positioned at the YAML node for a JSON path (or its nearest parent).
    Positional-only, so any name (even `path` or `code`) can be a message parameter."""
    line, column = doc.position(list(where))
    return Finding(doc.path, line, column, code, params, severity)


Rule = Callable[[Context, Positioned], list[Finding]]
"""A check on one schema-valid record file."""
