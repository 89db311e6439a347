"""Merge-request rules: `pelihara check --base REF` (the merge request is the gate).

Against the merge base of REF and HEAD, a merge request must:
- change rules files (schemas, standard.yaml, registries, code, CI, site and its hooks,
  pyproject.toml and the lock file) or records, never both: rules change in their own merge
  request, owned by the Kepala Biro (CODEOWNERS), and a rules-only one is listed as such;
- have its records judged by REF's rules (`records.revision.rules_at`), never its own;
- change no existing result when it changes rules (`rulescheck`: every case evaluated under
  the old and the new rules);
- only append events: earlier events are never edited or removed (corrections are new events);
- keep every case, complaint, monitoring and survey file; leave closed cases, closed
  complaints, merged monitoring records and surveys, and approved plans untouched;
- add only events that are legal from the state the case had at the base;
- keep IDs unique once merged with REF's tip;
- be written by registered people, with honest commit times, its late recordings and its
  approvals stated and proven (`provenance`).

`MergeRequest.open` is the edge: it asks git (a fixed handful of processes, however many
cases the repository holds) what changed. The `compare_*` functions are pure rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import Any

from pelihara.check import provenance
from pelihara.check.evidence_files import CASE_ID
from pelihara.core.calendar import calendar_for
from pelihara.core.complaints import append_only_problems
from pelihara.core.findings import Finding, Severity
from pelihara.core.model import Case
from pelihara.core.standard import Standard
from pelihara.core.workflow import Replay, replay
from pelihara.records import yamlio
from pelihara.records.gitio import Git
from pelihara.records.repo import Repository, case_path
from pelihara.records.revision import Rules, rules_at

FROZEN_FIELDS = ("id", "origin", "standard_version")
"""Top-level fields that fix how a case is judged; titles and descriptions may be tidied.
`standard_version` may still be set to the version in force at the case's first event."""
TRANSITION_PROBLEMS = frozenset({
    "workflow.illegal_transition", "workflow.after_final", "workflow.while_held",
    "workflow.already_held", "workflow.not_held", "workflow.bad_escalation",
    "workflow.bad_start",
})
RULES_FILES = ("schemas/*", "standard.yaml", "registry/*", "tooling/*", "mkdocs.yml",
               "site/*", "hooks/*", ".gitlab-ci.yml", ".gitlab/*", ".github/*", ".ci/*",
               "CODEOWNERS", "docs/CODEOWNERS", ".pre-commit-hooks.yaml",
               ".pre-commit-config.yaml", "pyproject.toml", "*.lock", "pylock*.toml",
               "requirements*.txt", "constraints*.txt", "tests/*", "benchmarks/*")
"""What decides how records are judged, built and published: schemas, standard and
registries; the code, its tests and its pinned dependencies (the lock file pins the
`holidays` package, whose data is the calendar); CI; the site's configuration, hand-written
pages, theme overrides and any MkDocs hook, which run at build time. `*` crosses folders."""
RECORD_FOLDERS = ("cases/", "complaints/", "plans/", "monitoring/", "surveys/", "evidence/",
                  "notifications/")
FROZEN_ONCE_MERGED = ("monitoring/", "surveys/", "notifications/")
"""Records that are never edited or deleted once merged: what was probed, answered or sent
(notice records are the proof of who was told, and when)."""
PLAN_FROZEN = ("drafting", "approval")
Minutes = Callable[[datetime, datetime], int]


def is_rules_file(rel: str) -> bool:
    return any(fnmatchcase(rel, pattern) for pattern in RULES_FILES)


def working_clock(standard: Standard) -> Minutes:
    """Working minutes between two aware moments under `standard`'s calendar: a recording
    lag, like a step, counts only official working time."""
    return calendar_for(standard).minutes


@dataclass
class MergeRequest:
    """What a merge request changes against the merge base of REF and HEAD."""

    repository: Repository
    git: Git
    tip: str
    base: str
    prefix: str
    changes: list[tuple[str, str, str]]
    """(status, old blob, repo-relative path) of tracked changes, plus untracked records
    as ("A", "", path)."""
    rules: Rules
    """REF's rules: what the records of this merge request are judged by."""
    rules_changed: list[str] = field(default_factory=list)
    records_changed: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, repository: Repository, base_ref: str, git: Git | None = None
             ) -> MergeRequest:
        git = git or Git(repository.root)
        git.require_full_history()
        tip = git.resolve(base_ref)
        base = git.merge_base(tip, "HEAD") if git.has_commits() else tip
        prefix = _prefix(repository, git)
        scope = (prefix.rstrip("/"),) if prefix else ()
        changes = [(s, b, p.removeprefix(prefix))
                   for s, b, p in git.changed_files(base, scope)]
        changes += [("A", "", p.removeprefix(prefix))
                    for p in git.untracked(scope or (".",))]
        mr = cls(repository, git, tip, base, prefix, changes, rules_at(git, tip, prefix))
        for _, _, path in changes:
            if is_rules_file(path):
                mr.rules_changed.append(path)
            elif path.startswith(RECORD_FOLDERS):
                mr.records_changed.append(path)
        return mr

    def findings(self, now: datetime,
                 documents: Mapping[str, yamlio.Document] | None = None) -> list[Finding]:
        """Every merge-request finding for the working tree (aware `now`: the CI clock).
        `documents`: record files the check run already parsed, by repo-relative path."""
        findings = self._rules_findings(now, documents)
        findings += self._record_findings(now)
        return sorted(findings, key=lambda f: f.sort_key)

    def _rules_findings(self, now: datetime,
                        documents: Mapping[str, yamlio.Document] | None) -> list[Finding]:
        if not self.rules_changed:
            return []
        if self.records_changed:
            return [Finding(self.rules_changed[0], 1, 1, "rules.mixed", {
                "rules": _names(self.rules_changed), "records": _names(self.records_changed)})]
        from pelihara.check.rulescheck import retroactive_findings

        listed = [Finding(path, 1, 1, "rules.changed", {"path": path}, Severity.WARNING)
                  for path in sorted(self.rules_changed)]
        return listed + retroactive_findings(self.repository, self.rules, now, documents)

    def _record_findings(self, now: datetime) -> list[Finding]:
        repository, git, prefix, tip = self.repository, self.git, self.prefix, self.tip
        added = [p for s, _, p in self.changes if s == "A"]
        modified = [(blob, p) for s, blob, p in self.changes
                    if s in "MT" and p.endswith(".yaml") and p.startswith(RECORD_FOLDERS)]
        deleted = [p for s, _, p in self.changes
                   if s == "D" and p.endswith(".yaml") and p.startswith(RECORD_FOLDERS)]
        new_docs = {p: yamlio.load_or_none(repository.root, p)
                    for p in [*added, *(p for _, p in modified)] if p.startswith(RECORD_FOLDERS)}
        blobs = git.blobs([*(blob for blob, _ in modified), *self._tip_names(added, new_docs)])

        standard = self.rules.standard or repository.standard
        minutes = working_clock(standard)
        findings: list[Finding] = []
        for path in deleted:
            findings.append(_deleted(repository, path))
        changed: list[provenance.Changed] = []
        for blob, path in modified:
            doc, base_text = new_docs[path], blobs.get(blob)
            findings += _compare_modified(path, base_text, doc, standard)
            _track(changed, path, prefix, base_text, doc)
        seen: dict[str, str] = {}
        for path in added:
            doc = new_docs.get(path)
            if doc is None:
                continue
            _track(changed, path, prefix, None, doc)
            if path.startswith("cases/"):
                findings += compare_case(None, doc, standard)
                findings += _duplicates(doc, path, tip, blobs, seen, prefix, repository)
        people = self.rules.registries.people
        findings += provenance.merge_request_findings(
            git, self.base, changed, people, standard, now, minutes)
        return findings

    def _tip_names(self, added: list[str], new_docs: dict[str, yamlio.Document | None]
                   ) -> list[str]:
        """`tip:path` of each added case file, and of the path its ID calls for: an ID
        already merged at REF's tip is a duplicate."""
        names = []
        for path in added:
            if not path.startswith("cases/"):
                continue
            names.append(f"{self.tip}:{self.prefix}{path}")
            doc = new_docs.get(path)
            ident = doc.data.get("id") if doc is not None and isinstance(doc.data, dict) \
                else None
            if isinstance(ident, str) and CASE_ID.fullmatch(ident):  # else: a schema finding
                root = self.repository.root
                canonical = _rel(self.repository, case_path(root, ident))
                names.append(f"{self.tip}:{self.prefix}{canonical}")
        return names


def _compare_modified(path: str, base_text: bytes | None, doc: yamlio.Document | None,
                      standard: Standard) -> list[Finding]:
    """An edited record: cases, complaints and plans by their rules; the rest are frozen."""
    if path.startswith("cases/"):
        return compare_case(base_text, doc, standard)
    if path.startswith("complaints/"):
        return compare_complaint(base_text, doc)
    if path.startswith("plans/"):
        return compare_plan(base_text, doc)
    return [Finding(path, 1, 1, "record.frozen", {"path": path})]


def _track(changed: list[provenance.Changed], path: str, prefix: str,
           base_text: bytes | None, doc: yamlio.Document | None) -> None:
    kind = "case" if path.startswith("cases/") else "complaint" \
        if path.startswith("complaints/") else "plan" if path.startswith("plans/") else None
    if kind is None or doc is None:
        return
    changed.append(provenance.Changed(kind, prefix + path, _parse(base_text, path),
                                      base_text, doc))


def _names(paths: list[str], limit: int = 5) -> str:
    shown = sorted(paths)[:limit]
    return ", ".join(shown) + (f" (+{len(paths) - limit})" if len(paths) > limit else "")


def check_against_base(repository: Repository, base_ref: str, now: datetime,
                       git: Git | None = None) -> list[Finding]:
    """Every merge-request finding for the working tree against `base_ref` (aware `now`)."""
    return MergeRequest.open(repository, base_ref, git).findings(now)


def compare_complaint(base_text: bytes | None, new: yamlio.Document | None) -> list[Finding]:
    """A complaint's history is append-only like a case's (section H records are audited
    too): earlier events never edited or removed, nothing added once it is closed."""
    old = _parse(base_text, "")
    if new is None or not isinstance(new.data, dict):
        return []  # unreadable now: the file's own check reports it
    old_events, new_events = old.get("events"), new.data.get("events")
    if not isinstance(old_events, list) or not isinstance(new_events, list):
        return []
    found = []
    for problem in append_only_problems(
            [e for e in old_events if isinstance(e, dict)],
            [e for e in new_events if isinstance(e, dict)]):
        index = min(problem.index, len(new_events) - 1) if new_events else 0
        line, column = new.position(["events", index]) if new_events else (1, 1)
        found.append(Finding(new.path, line, column, problem.code, problem.params))
    return found


def compare_case(base_text: bytes | None, new: yamlio.Document | None,
                 standard: Standard) -> list[Finding]:
    """Rules for one case file: base version (None: new file) against the working tree."""
    if new is None or not isinstance(new.data, dict) or not isinstance(new.data.get("events"),
                                                                        list):
        return []  # not YAML or not a case: `pelihara check` reports that on its own
    base = _parse(base_text, new.path)
    base_events: list[Any] = base.get("events", []) if isinstance(base.get("events"), list) else []
    events: list[Any] = new.data["events"]
    out: list[Finding] = []

    def at(path: list[str | int], code: str, severity: Severity = Severity.ERROR,
           **params: Any) -> None:
        line, column = new.position(path)
        out.append(Finding(new.path, line, column, code, params, severity))

    base_case = _case(base, new.path)
    base_run = replay(standard, base_case) if base_case else None
    if base_run is not None and base_run.is_final(standard) and base != new.data:
        at(["events", min(len(base_events), len(events) - 1)], "history.case_frozen",
           state=base_run.state)
        return out
    new_case = _case(new.data, new.path)
    new_run = replay(standard, new_case) if new_case is not None else None
    _frozen_fields(base, new, standard, new_run, at)
    _appended_only(base_events, events, at)
    if new_case is None or new_run is None:
        return out
    first_new = len(base_events)
    state = base_run.state if base_run else None
    for problem in new_run.problems:
        if problem.index is not None and problem.index >= first_new \
                and problem.code in TRANSITION_PROBLEMS:
            at(["events", problem.index, "event"], "history.new_event_illegal",
               index=problem.index + 1, event=new_case.events[problem.index].kind,
               state=state or "∅")
    return out


def _frozen_fields(base: dict[str, Any], new: yamlio.Document, standard: Standard,
                   new_run: Replay | None, at: Callable[..., None]) -> None:
    for key in FROZEN_FIELDS:
        if base and key in base and base.get(key) != new.data.get(key) \
                and not (key == "standard_version" and _puts_right(standard, new, new_run)):
            at([key], "history.field_changed", field=key, old=base.get(key),
               new=new.data.get(key))


def _appended_only(base_events: list[Any], events: list[Any], at: Callable[..., None]) -> None:
    """Every event of the base is still there, unedited."""
    for index, old in enumerate(base_events):
        if index >= len(events):
            at(["events"], "history.event_removed", index=index + 1, count=len(base_events))
            break
        if events[index] != old:
            at(["events", index], "history.event_edited", index=index + 1)


def compare_plan(base_text: bytes | None, new: yamlio.Document | None) -> list[Finding]:
    """Once a plan is approved, its drafting and its approval are history."""
    old = _parse(base_text, "")
    if not old.get("approval") or new is None or not isinstance(new.data, dict):
        return []
    return [Finding(new.path, *new.position([key]), "plan.approved_frozen", {"field": key})
            for key in PLAN_FROZEN if old.get(key) != new.data.get(key)]


def _deleted(repository: Repository, path: str) -> Finding:
    if path.startswith("complaints/"):
        return Finding(path, 1, 1, "complaint.deleted", {"path": path})
    if not path.startswith("cases/"):
        return Finding(path, 1, 1, "record.deleted", {"path": path})
    stem = PurePosixPath(path).stem
    moved = list((repository.root / "cases").glob(f"*/*/{stem}.yaml"))
    if moved:
        return Finding(path, 1, 1, "history.case_renamed",
                       {"path": path, "new": _rel(repository, moved[0])})
    return Finding(path, 1, 1, "history.case_deleted", {"path": path})


def _duplicates(doc: yamlio.Document, path: str, tip: str, blobs: dict[str, bytes | None],
                seen: dict[str, str], prefix: str, repository: Repository) -> Iterable[Finding]:
    case_id = doc.data.get("id") if isinstance(doc.data, dict) else None
    if not isinstance(case_id, str):
        return []
    line, column = doc.position(["id"])
    out = []
    canonical = prefix + _rel(repository, case_path(repository.root, case_id)) \
        if case_id.count("-") == 2 else path
    for name in (f"{tip}:{path}", f"{tip}:{canonical}"):
        theirs = blobs.get(name)
        if theirs is not None and theirs != doc.text.encode():
            out.append(Finding(doc.path, line, column, "history.duplicate_id",
                               {"id": case_id, "where": name.split(":", 1)[1]}))
            break
    if case_id in seen:
        out.append(Finding(doc.path, line, column, "history.duplicate_id",
                           {"id": case_id, "where": seen[case_id]}))
    seen.setdefault(case_id, path)
    return out


def _prefix(repository: Repository, git: Git) -> str:
    rel = repository.root.resolve().relative_to(git.toplevel.resolve()).as_posix()
    return "" if rel == "." else f"{rel}/"


def _rel(repository: Repository, path: Any) -> str:
    return repository.rel(path)


def _parse(raw: bytes | None, display: str) -> dict[str, Any]:
    if raw is None:
        return {}
    try:
        data = yamlio.parse(yamlio.decode(raw), display).data
    except yamlio.YamlProblem:
        return {}
    return data if isinstance(data, dict) else {}


def _puts_right(standard: Standard, new: yamlio.Document, run: Replay | None) -> bool:
    """A case's `standard_version` may change only to the version in force at its first
    event: the one way to mend a file that claimed another (`case.version_mismatch`)."""
    in_force = standard.version_in_force(run.opened_at) if run and run.opened_at else None
    return in_force is not None and new.data.get("standard_version") == in_force


def _case(data: dict[str, Any], path: str) -> Case | None:
    """A `Case` if the data is well-formed enough to replay; schema faults are check's job."""
    if not data:
        return None
    try:
        return Case.from_data(data, path)
    except (KeyError, TypeError, ValueError):
        return None


def base_provider(merge_request: MergeRequest) -> Callable[[Any], list[Finding]]:
    """A `pelihara.check` finding provider: the merge-request rules for `check --base REF`."""

    def provide(info: Any) -> list[Finding]:
        return merge_request.findings(info.now, info.documents)

    return provide
