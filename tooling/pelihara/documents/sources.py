"""Gathering the period report's extra sections (an edge: reads records and, once, git).

Records come from the records layer (`pelihara.records.load.Records`: each file strictly
parsed and schema-checked once per run, broken ones skipped with a note), so the site and
`pelihara report period` see the same plans, monitoring, complaints and surveys. Git history is
read in ONE pass for the whole repository (`Git.read_history`), never once per file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pelihara.core import history, plans
from pelihara.core.errors import PeliharaError
from pelihara.core.model import Case
from pelihara.core.registries import Registry
from pelihara.core.standard import Standard
from pelihara.documents.extras import Extras
from pelihara.documents.feedback import build_complaints, build_ikm
from pelihara.documents.operations import Operations
from pelihara.documents.period import Period
from pelihara.documents.realisation import build_plan_realisation
from pelihara.documents.recordings import build_recordings
from pelihara.i18n.labels import EVENT_KINDS
from pelihara.records.gitio import Git
from pelihara.records.load import Records
from pelihara.records.repo import Repository

EventRecords = Mapping[str, Sequence[history.EventRecord]]


def event_label(standard: Standard, kind: str) -> str:
    """A side event's label (`event_kind.*`), else the state's label from standard.yaml."""
    if kind in standard.states and kind not in EVENT_KINDS:
        return standard.states[kind].label
    return EVENT_KINDS.get(kind, kind)


class ExtrasSource:
    """The extra sections for any period of one build or one command: the records are loaded
    once, and plan matching runs once per plan year however many periods are asked for."""

    def __init__(self, records: Records, history: EventRecords | None,
                 ops: Operations | None = None) -> None:
        self.repo = records.repo
        self.now = records.now
        self.ops = ops if ops is not None else Operations.of(records)
        self.history = history
        registries = self.repo.registries
        self.people = registries.people
        self.units = _names(registries.units)
        self.apps = _names(registries.applications)
        self._matches: dict[int, tuple[list[plans.Match], list[plans.Done]]] = {}

    def for_period(self, period: Period) -> Extras:
        standard = self.repo.standard
        return Extras(plan=self._plan(period),
                      complaints=build_complaints(self.ops.complaints, self.people, period,
                                                  self.now, self.repo.calendar.minutes,
                                                  self.units),
                      ikm=build_ikm(self.ops.surveys, period),
                      recordings=None if self.history is None else build_recordings(
                          self.history, period, standard.recording_tolerance,
                          lambda kind: event_label(standard, kind)))

    def _plan(self, period: Period) -> Any:
        # A period never spans two years, so one plan (B.1) covers it, or none does.
        year = period.start.year
        if year not in self.ops.plans:
            return None
        if year not in self._matches:
            self._matches[year] = self.ops.matches(year, self.repo.calendar, self.now)
        found, unplanned = self._matches[year]
        return build_plan_realisation(self.ops.plans[year], found, unplanned, period, self.apps)


def _names(registry: Registry) -> dict[str, str]:
    return {key: registry.name(key) for key in registry}


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
