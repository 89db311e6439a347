"""The records layer: one loading function per kind of record, used by every command.

A record file is *usable* when the figures drawn from it can be trusted: it is read, parses as
strict YAML and passes its schema (the same per-file pipeline `pelihara check` runs,
`pelihara.records.files.inspect_file`), and a case's history also replays under the standard and
can be measured on the working calendar. An event after `now` is tolerated (check reports it;
the clock simply has not reached it). Any other file is *skipped*: left out, with a note naming
the file and its first problem, and counted in the exit code the same way by every command
(sla, export, report, site, monitor); `pelihara check` lists all its findings. Findings that do
not stop the figures (an unknown reference, missing evidence, a late step without a reason)
leave the record in: it exists, and check reports them.

`Records` is one run's view: each kind is read once, however many pages or reports ask. A
`View` (the site's privacy views, `pelihara.core.privacy`) reduces each record's data after it
has been checked and before anything is made from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from pelihara.core import sla
from pelihara.core.errors import PeliharaError
from pelihara.core.findings import Finding, Severity
from pelihara.core.model import Case
from pelihara.core.rules.cases import at_event
from pelihara.core.workflow import Replay, replay
from pelihara.records.files import FileCheck, inspect_file
from pelihara.records.kinds import Kind, kind_named
from pelihara.records.nofollow import Folders
from pelihara.records.repo import Repository

TOLERATED = frozenset({"workflow.future"})
"""Workflow problems that depend on `now` only: they do not make a past case unusable."""

T = TypeVar("T")
View = Callable[[dict[str, Any]], dict[str, Any]]
"""What a reader may see of a record's (schema-valid) data."""


@dataclass(frozen=True)
class Skipped:
    """A record file left out, with what `check` says is wrong with it (errors first)."""

    rel: str
    findings: tuple[Finding, ...]

    @property
    def first(self) -> Finding:
        return self.findings[0]


@dataclass(frozen=True)
class CaseRecord:
    """One usable case: the model, its replay, its SLA result and the repo-relative file."""

    case: Case
    replay: Replay
    sla: sla.CaseSla
    source: str
    findings: tuple[Finding, ...] = ()
    """What loading noticed and tolerated (an event after `now`, a modeline warning)."""

    @property
    def id(self) -> str:
        return self.case.id


@dataclass(frozen=True)
class Record:
    """One usable plan, monitoring session, complaint or survey: its schema-valid data."""

    source: str
    data: dict[str, Any]
    findings: tuple[Finding, ...] = ()


@dataclass
class Loaded(Generic[T]):
    """The usable records of one kind, in file order, and the files skipped."""

    records: list[T] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def __iter__(self) -> Any:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)


def _errors_first(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    found = list(findings)
    return tuple(sorted(found, key=lambda f: (f.severity is not Severity.ERROR, f.line,
                                              f.column)))


def _usable(check: FileCheck) -> bool:
    return check.valid and check.document is not None and isinstance(check.document.data, dict)


def load_case(repo: Repository, path: Path, now: datetime, view: View | None = None,
              folders: Folders | None = None) -> CaseRecord | Skipped:
    """The case in `path`, measured as of `now` (aware), or why it is skipped. `view`
    reduces the checked data before the case is modelled (the site's privacy views);
    `folders`: the repository's folders kept open while many records are read."""
    rel = repo.rel(path)
    check = inspect_file(repo.root, rel, kind_named("case"), repo.schemas, folders)
    if not _usable(check) or check.document is None:
        return Skipped(rel, _errors_first(check.findings))
    doc = check.document
    standard = repo.standard
    try:
        case = Case.from_data(doc.data if view is None else view(doc.data), rel)
        replayed = replay(standard, case, now)
    except (KeyError, TypeError, ValueError) as exc:  # schema-valid data it cannot model
        return Skipped(rel, (Finding(rel, 1, 1, "record.unusable",
                                     {"error": f"{type(exc).__name__}: {exc}"}),))
    problems = [at_event(doc, p) for p in replayed.problems]
    errors = [f for f in problems if f.code not in TOLERATED]
    if errors:
        return Skipped(rel, tuple(errors))
    try:
        result = sla.evaluate(standard, repo.calendar, case, now, replayed)
    except PeliharaError as exc:  # e.g. a year the working calendar does not cover
        line, column = doc.position(["events", 0, "at"])
        return Skipped(rel, (Finding(rel, line, column, exc.code, exc.params),))
    return CaseRecord(case, replayed, result, rel, (*check.findings, *problems))


def load_cases(repo: Repository, now: datetime, paths: Sequence[Path] | None = None,
               view: View | None = None) -> Loaded[CaseRecord]:
    """Every case of the repository (or those in `paths`), in file order."""
    with Folders(repo.root) as folders:
        return _sorted_out(load_case(repo, path, now, view, folders)
                           for path in (repo.files("case") if paths is None else paths))


def _sorted_out(items: Iterable[T | Skipped]) -> Loaded[T]:
    """The usable records and the skipped files, each in the order given."""
    loaded: Loaded[T] = Loaded()
    for item in items:
        if isinstance(item, Skipped):
            loaded.skipped.append(item)
        else:
            loaded.records.append(item)
    return loaded


def load_record(repo: Repository, kind: Kind, path: Path, view: View | None = None,
                folders: Folders | None = None) -> Record | Skipped:
    """One plan, monitoring session, complaint or survey, or why it is skipped."""
    rel = repo.rel(path)
    check = inspect_file(repo.root, rel, kind, repo.schemas, folders)
    if not _usable(check) or check.document is None:
        return Skipped(rel, _errors_first(check.findings))
    data = check.document.data
    return Record(rel, data if view is None else view(data), tuple(check.findings))


def _load_kind(repo: Repository, name: str, view: View | None = None) -> Loaded[Record]:
    kind = kind_named(name)
    with Folders(repo.root) as folders:
        return _sorted_out(load_record(repo, kind, path, view, folders)
                           for path in repo.files(name))


def load_plans(repo: Repository, view: View | None = None) -> Loaded[Record]:
    """Program kerja pemeliharaan (B.1): plans/<year>.yaml."""
    return _load_kind(repo, "plan", view)


def load_monitoring(repo: Repository, view: View | None = None) -> Loaded[Record]:
    """Monitoring sessions (B.2b): monitoring/<year>/<month>/<ID>.yaml."""
    return _load_kind(repo, "monitoring", view)


def load_complaints(repo: Repository, view: View | None = None) -> Loaded[Record]:
    """Complaints (section H): complaints/<year>/<ID>.yaml."""
    return _load_kind(repo, "complaint", view)


def load_surveys(repo: Repository, view: View | None = None) -> Loaded[Record]:
    """SKM survey responses: surveys/<year>/<case>.yaml."""
    return _load_kind(repo, "survey", view)


def load_notifications(repo: Repository) -> Loaded[Record]:
    """Notice records written by `pelihara notify`: notifications/<year>/<month>/<ID>.yaml."""
    return _load_kind(repo, "notification")


class Records:
    """One run's records (a command, a site build): each kind loaded once, on first use.
    `case_view` and `record_view` reduce what this run's readers may see (None: all)."""

    def __init__(self, repo: Repository, now: datetime, case_view: View | None = None,
                 record_view: View | None = None) -> None:
        self.repo = repo
        self.now = now
        self.case_view = case_view
        self.record_view = record_view

    @cached_property
    def cases(self) -> Loaded[CaseRecord]:
        return load_cases(self.repo, self.now, view=self.case_view)

    @cached_property
    def plans(self) -> Loaded[Record]:
        return load_plans(self.repo, self.record_view)

    @cached_property
    def monitoring(self) -> Loaded[Record]:
        return load_monitoring(self.repo, self.record_view)

    @cached_property
    def complaints(self) -> Loaded[Record]:
        return load_complaints(self.repo, self.record_view)

    @cached_property
    def surveys(self) -> Loaded[Record]:
        return load_surveys(self.repo, self.record_view)

    @cached_property
    def notifications(self) -> Loaded[Record]:
        return load_notifications(self.repo)

    def case(self, case_id: str) -> CaseRecord:
        """The case named `case_id` (or a path to its file); an unknown or unusable one is an
        error naming its first problem, since a document about it cannot be made."""
        path = self.repo.find_case_file(case_id)
        if path is None:
            raise PeliharaError("usage.unknown_case", {"case": case_id})
        item = load_case(self.repo, path, self.now)
        if isinstance(item, Skipped):
            first = item.first
            raise PeliharaError("report.case_invalid",
                                {"case": path.stem, "detail": first.code, "path": item.rel},
                                item.rel, findings=item.findings)
        return item

    @property
    def skipped(self) -> list[Skipped]:
        """Every file skipped by the kinds loaded so far, in path order."""
        found = [s for name in ("cases", "plans", "monitoring", "complaints", "surveys",
                                     "notifications")
                 if name in self.__dict__ for s in getattr(self, name).skipped]
        return sorted(found, key=lambda s: s.rel)
