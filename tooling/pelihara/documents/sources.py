"""Gathering the period report's extra sections (an edge: reads records and, once, git).

Records are read by the site's own loader (`site.sections.operations.load`: each file strictly
parsed and schema-checked, broken ones skipped with a warning), so the site and
`pelihara report period` see the same plans, monitoring, complaints and surveys. Git history is
read in ONE pass for the whole repository (`Git.read_history`), never once per file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pelihara.core import history, plans
from pelihara.core.errors import PeliharaError
from pelihara.core.model import Case
from pelihara.core.standard import Standard
from pelihara.documents.extras import Extras
from pelihara.documents.feedback import build_complaints, build_ikm
from pelihara.documents.period import Period
from pelihara.documents.realisation import build_plan_realisation
from pelihara.documents.recordings import build_recordings
from pelihara.records.gitio import Git
from pelihara.records.repo import Repository
from pelihara.site.context import SiteContext
from pelihara.site.sections import operations

EventRecords = Mapping[str, Sequence[history.EventRecord]]
_EVENT_LABELS = {"held": "Ditunda", "resumed": "Dilanjutkan",
                 "escalated": "Dieskalasi ke pengembang", "correction": "Koreksi",
                 "note": "Catatan"}


def event_label(standard: Standard, kind: str) -> str:
    if kind in _EVENT_LABELS:
        return _EVENT_LABELS[kind]
    return standard.states[kind].label if kind in standard.states else kind


class ExtrasSource:
    """The extra sections for any period of one build or one command: the records are loaded
    once, and plan matching runs once per plan year however many periods are asked for."""

    def __init__(self, ctx: SiteContext, records: EventRecords | None) -> None:
        self.ctx = ctx
        self.ops = operations.load(ctx)
        self.records = records
        registries = ctx.repo.registries
        self.heads = registries.heads
        self.units = _names(registries.units)
        self.apps = _names(registries.applications)
        self._matches: dict[int, tuple[list[plans.Match], list[plans.Done]]] = {}

    def for_period(self, period: Period) -> Extras:
        return Extras(plan=self._plan(period),
                      complaints=build_complaints(self.ops.complaints, self.heads, period,
                                                  self.ctx.now, self.ctx.calendar.minutes,
                                                  self.units),
                      ikm=build_ikm(self.ops.surveys, period),
                      recordings=None if self.records is None else build_recordings(
                          self.records, period, self.ctx.standard.recording_tolerance,
                          lambda kind: event_label(self.ctx.standard, kind)))

    def _plan(self, period: Period) -> Any:
        # A period never spans two years, so one plan (B.1) covers it, or none does.
        year = period.start.year
        if year not in self.ops.plans:
            return None
        if year not in self._matches:
            self._matches[year] = operations.matches(self.ctx, year)
        found, unplanned = self._matches[year]
        return build_plan_realisation(self.ops.plans[year], found, unplanned, period, self.apps)


def _names(registry: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    return {key: str(value.get("name", key)) for key, value in registry.items()}


def command_context(repo: Repository, now: datetime, calendar: Any) -> SiteContext:
    """A context for the site's record loader outside a site build (`pelihara report`): no
    cases (the report loads its own), the same root, clock and calendar."""
    return SiteContext(root=repo.root, repo=repo, standard=repo.standard, now=now, cases=[],
                       calendar=calendar)


def read_event_records(repo: Repository, cases: Sequence[Case], calendar: Any,
                       git: Git | None = None
                       ) -> tuple[dict[str, list[history.EventRecord]] | None,
                                  PeliharaError | None]:
    """Per case id, when each event reached the main line, from one `git log` pass over the
    repository's cases folder. (None, why) when there is no usable history: not a git
    repository, a shallow clone, or case files never committed (a copied folder). `git` is
    for a caller that counts its processes."""
    if not cases:
        return {}, None  # nothing to date; an empty report has no such section anyway
    try:
        git = git or Git(repo.root)
        folder = _relative(repo.root / "cases", git.toplevel)
        log = git.read_history(folder=folder)
    except PeliharaError as exc:
        return None, exc
    by_id = {item.case_id: item for item in log.files.values() if item.deleted is None}
    if not any(case.id in by_id for case in cases):
        return None, PeliharaError("report.cases_not_committed", {"path": str(repo.root)})
    tolerance = repo.standard.recording_tolerance
    return {case.id: history.event_records(case, by_id.get(case.id), calendar.minutes, tolerance)
            for case in cases}, None


def _relative(path: Path, top: Path) -> str:
    """`path` as git sees it from the top of the work tree (records may sit in a subfolder)."""
    try:
        return path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return "cases"
