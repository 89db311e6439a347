"""Plan realisation for the period report: planned against done (B.1, B.2b, C.1.e–g).

Pure. The matching itself is `pelihara.core.plans.match` (the same as the site's Program kerja
page); this module only keeps the occurrences whose planned day falls in the period and counts
them. Rules, so a reader can redo them:
- an occurrence belongs to the period of its *planned* day, whatever day it was done;
- status is the matcher's as of the report's `today`: done (on the day), late (after the day,
  before the next occurrence), missed, pending (its window is still open), upcoming;
- realisation = (done + late) / (done + late + missed): occurrences still pending or upcoming
  are not yet due, so they neither help nor hurt;
- unplanned work: records in the period that matched no occurrence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pelihara.core.plans import Done, Match
from pelihara.documents.dates import format_date
from pelihara.documents.period import Period
from pelihara.documents.stats import share
from pelihara.i18n import tr
from pelihara.i18n.labels import ACTIVITY_KINDS as KIND_LABELS
from pelihara.i18n.labels import MATCH_STATUSES as STATUS_LABELS

STATUSES = ("done", "late", "missed", "pending", "upcoming")


@dataclass(frozen=True)
class ActivityRow:
    """One planned activity's occurrences in the period, by status."""

    activity: str
    title: str
    kind: str
    done: int
    late: int
    missed: int
    pending: int
    upcoming: int

    @property
    def planned(self) -> int:
        return self.done + self.late + self.missed + self.pending + self.upcoming

    @property
    def due(self) -> int:
        return self.done + self.late + self.missed

    @property
    def percent(self) -> float | None:
        return share(self.done + self.late, self.due)


@dataclass(frozen=True)
class GapRow:
    """A missed occurrence, or one done late, with what was done and when."""

    day: str
    activity: str
    application: str
    status: str
    done: str


@dataclass(frozen=True)
class PlanRealisation:
    title: str
    number: str
    rows: tuple[ActivityRow, ...]
    total: ActivityRow
    gaps: tuple[GapRow, ...]
    unplanned: int


def build_plan_realisation(plan: Mapping[str, Any], found: Sequence[Match],
                           unplanned: Sequence[Done], period: Period,
                           app_names: Mapping[str, str]) -> PlanRealisation | None:
    """`found, unplanned = plans.match(...)` over the whole plan year; None when no
    occurrence of the plan falls in the period (the report then has no such section)."""
    inside = [m for m in found if period.start <= m.occurrence.day < period.end]
    if not inside:
        return None
    counts: dict[str, dict[str, int]] = {}
    for item in inside:
        counts.setdefault(item.occurrence.activity, dict.fromkeys(STATUSES, 0))[item.status] += 1
    activities = {str(a["id"]): a for a in plan.get("activities", [])}
    order = {key: i for i, key in enumerate(activities)}

    def title(key: str) -> str:
        return str(activities.get(key, {}).get("title", key))

    def kind(key: str) -> str:
        raw = str(activities.get(key, {}).get("kind", ""))
        return KIND_LABELS.get(raw, raw)

    rows = tuple(ActivityRow(key, title(key), kind(key), **counts[key])
                 for key in sorted(counts, key=lambda k: (order.get(k, len(order)), k)))
    total = ActivityRow("", tr("report.total"), "", **{s: sum(c[s] for c in counts.values())
                                             for s in STATUSES})
    gaps = tuple(
        GapRow(format_date(m.occurrence.day), title(m.occurrence.activity),
               app_names.get(m.occurrence.application, m.occurrence.application),
               STATUS_LABELS[m.status],
               f"{m.done.ref} ({format_date(m.done.day)})" if m.done else "–")
        for m in inside if m.status in ("missed", "late"))
    extra = sum(1 for d in unplanned if period.start <= d.day < period.end)
    return PlanRealisation(str(plan.get("title", "")), str(plan.get("number", "")), rows, total,
                           gaps, extra)
