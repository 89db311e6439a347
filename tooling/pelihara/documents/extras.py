"""The period report's sections beyond the cases: plan realisation, complaints, IKM and late
recordings. Each is present only when its data exists; a missing one is never a placeholder.

Pure. `sources.ExtrasSource` (the edge) gathers them; `attach` puts them on a `PeriodReport`,
and `render.period_fragment` draws them into the template's `extra_sections` slot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pelihara.documents.feedback import ComplaintSummary, IkmSummary
from pelihara.documents.periodic import PeriodReport
from pelihara.documents.realisation import PlanRealisation
from pelihara.documents.recordings import Recordings


@dataclass(frozen=True)
class Extras:
    plan: PlanRealisation | None = None
    complaints: ComplaintSummary | None = None
    ikm: IkmSummary | None = None
    recordings: Recordings | None = None
    """None when the records have no git history: the section is left out, not shown empty."""


def attach(report: PeriodReport, extras: Extras) -> PeriodReport:
    """A copy of `report` carrying `extras` (`report.extra["extras"]`) and its late
    recordings (`report.late_recordings`, the template's section on recording lag)."""
    lags = extras.recordings.rows if extras.recordings is not None else None
    return replace(report, late_recordings=lags, extra={**report.extra, "extras": extras})


def extras_of(report: PeriodReport) -> Extras:
    found = report.extra.get("extras")
    return found if isinstance(found, Extras) else Extras()
