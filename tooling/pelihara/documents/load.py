"""Loading what reports need from the repository (an edge: reads files).

Reports are made from records that `pelihara check` has accepted; this loader still refuses a
case it cannot read or replay with a clear message (single case), or leaves it out and counts
it (period report), so a broken file never produces a wrong document or a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from pelihara.core import sla
from pelihara.core.calendar import calendar_for
from pelihara.core.errors import PeliharaError
from pelihara.core.model import Case
from pelihara.core.registries import Registries
from pelihara.core.workcal import WorkingCalendar
from pelihara.core.workflow import replay
from pelihara.documents.periodic import CaseInput
from pelihara.records import yamlio
from pelihara.records.repo import Repository

# Workflow problems that depend on `now` only; they do not make a past case unreadable.
_TOLERATED = {"workflow.future"}


@dataclass
class ReportSource:
    repo: Repository
    now: datetime
    skipped: list[str] = field(default_factory=list)

    @cached_property
    def calendar(self) -> WorkingCalendar:
        return calendar_for(self.repo.standard)

    def load_case(self, path: Path) -> Case:
        rel = self.repo.rel(path)
        try:
            doc = yamlio.load_file(path, rel)
        except yamlio.YamlProblem as exc:  # name the file and the fix, as check does
            raise PeliharaError(exc.code, exc.params, rel, exc.line, exc.column) from None
        try:
            case = Case.from_data(doc.data, rel)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise _invalid(path.stem, rel, f"{type(exc).__name__}: {exc}") from None
        problems = [p for p in replay(self.repo.standard, case, self.now).problems
                    if p.code not in _TOLERATED]
        if problems:
            first = problems[0]
            where = f"peristiwa #{first.index + 1}" if first.index is not None else "kasus"
            raise _invalid(case.id, rel, f"{first.code} ({where})")
        return case

    def figures(self, case: Case) -> sla.CaseSla:
        return sla.evaluate(self.repo.standard, self.calendar, case, self.now)

    def case(self, case_id: str) -> tuple[Case, sla.CaseSla]:
        path = self.repo.find_case_file(case_id)
        if path is None:
            raise PeliharaError("usage.unknown_case", {"case": case_id})
        case = self.load_case(path)
        return case, self.figures(case)

    def all_cases(self) -> list[CaseInput]:
        """Every readable case; unreadable ones are listed in `skipped` (repo-relative)."""
        items = []
        for path in self.repo.case_files():
            try:
                case = self.load_case(path)
                items.append(CaseInput(case, self.figures(case)))
            except (PeliharaError, yamlio.YamlProblem):
                self.skipped.append(self.repo.rel(path))
        return items

    @property
    def registries(self) -> Registries:
        return self.repo.registries


def _invalid(case_id: str, rel: str, detail: str) -> PeliharaError:
    return PeliharaError("report.case_invalid", {"case": case_id, "detail": detail, "path": rel},
                         file=rel)
