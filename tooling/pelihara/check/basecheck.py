"""Merge-request rules: `pelihara check --base REF` (DESIGN.md, "Git is the audit trail").

Against the merge base of REF and HEAD, the records in the working tree must:
- only append events: earlier events are never edited or removed (corrections are new events);
- keep every case file: none deleted or renamed away from its ID;
- leave closed and cancelled cases untouched;
- add only events that are legal from the state the case had at the base;
- keep IDs unique once merged with REF's tip;
- never change the limits a version of the standard that existing cases are judged by.
Events recorded later than `standard.recording_tolerance` after their `at` are warnings.

`check_against_base` is the edge: it asks git (a fixed handful of processes, however many
cases the repository holds) for what changed. The `compare_*` functions are pure rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from pelihara.core.calendar import calendar_for
from pelihara.core.complaints import append_only_problems
from pelihara.core.findings import Finding, Severity
from pelihara.core.model import Case
from pelihara.core.standard import Standard, StandardInvalid, load_standard
from pelihara.core.workflow import Replay, replay
from pelihara.records import yamlio
from pelihara.records.gitio import Git
from pelihara.records.repo import Repository, case_path

FROZEN_FIELDS = ("id", "origin", "standard_version")
"""Top-level fields that fix how a case is judged; titles and descriptions may be tidied.
`standard_version` may still be set to the version in force at the case's first event."""
TRANSITION_PROBLEMS = frozenset({
    "workflow.illegal_transition", "workflow.after_final", "workflow.while_held",
    "workflow.already_held", "workflow.not_held", "workflow.bad_escalation",
    "workflow.bad_start",
})
Minutes = Callable[[datetime, datetime], int]


def working_clock(standard: Standard) -> Minutes:
    """Working minutes between two aware moments under `standard`'s calendar: a recording
    lag, like a step, counts only official working time."""
    return calendar_for(standard).minutes


def check_against_base(repository: Repository, base_ref: str, now: datetime,
                       git: Git | None = None) -> list[Finding]:
    """Every merge-request finding for the working tree against `base_ref` (aware `now`)."""
    git = git or Git(repository.root)
    git.require_full_history()
    tip = git.resolve(base_ref)
    base = git.merge_base(tip, "HEAD") if git.has_commits() else tip
    prefix = _prefix(repository, git)
    changes = git.changed_files(base, (f"{prefix}cases", f"{prefix}standard.yaml",
                                       f"{prefix}complaints"))
    added = [p for s, _, p in changes if s == "A"] + git.untracked((f"{prefix}cases",))
    modified = [(blob, p) for s, blob, p in changes if s in "MT" and p.endswith(".yaml")]
    deleted = [p for s, _, p in changes if s == "D" and p.endswith(".yaml")]

    new_docs = {p: _load(repository.root / p.removeprefix(prefix), p.removeprefix(prefix))
                for p in [*added, *(p for _, p in modified)]}
    std_path = f"{prefix}standard.yaml"
    std_blob = next((b for s, b, p in changes if p == std_path and s in "MT"), None)
    names = [blob for blob, _ in modified] + ([std_blob] if std_blob else [])
    for path in added:
        doc = new_docs[path]
        names.append(f"{tip}:{path}")
        if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            canonical = prefix + _rel(repository, case_path(repository.root, doc.data["id"]))
            names.append(f"{tip}:{canonical}")
    blobs = git.blobs(names)

    standard = repository.standard
    minutes = working_clock(standard)
    findings: list[Finding] = []
    if std_blob:
        findings += compare_standards(blobs.get(std_blob), repository)
    for path in deleted:
        rel = path.removeprefix(prefix)
        findings.append(_deleted(repository, rel) if rel.startswith("cases/")
                        else Finding(rel, 1, 1, "complaint.deleted", {"path": rel}))
    for blob, path in modified:
        if path.startswith(f"{prefix}cases/"):
            findings += compare_case(blobs.get(blob), new_docs[path], standard, now, minutes)
        elif path.startswith(f"{prefix}complaints/"):
            findings += compare_complaint(blobs.get(blob), new_docs[path])
    seen: dict[str, str] = {}
    for path in added:
        doc = new_docs[path]
        if doc is None or not path.startswith(f"{prefix}cases/"):
            continue
        findings += compare_case(None, doc, standard, now, minutes)
        findings += _duplicates(doc, path, tip, blobs, seen, prefix, repository)
    return sorted(findings, key=lambda f: f.sort_key)


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


def compare_case(base_text: bytes | None, new: yamlio.Document | None, standard: Standard,
                 now: datetime, minutes: Minutes) -> list[Finding]:
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
    for key in FROZEN_FIELDS:
        if base and key in base and base.get(key) != new.data.get(key) \
                and not (key == "standard_version" and _puts_right(standard, new, new_run)):
            at([key], "history.field_changed", field=key, old=base.get(key),
               new=new.data.get(key))
    for index, old in enumerate(base_events):
        if index >= len(events):
            at(["events"], "history.event_removed", index=index + 1, count=len(base_events))
            break
        if events[index] != old:
            at(["events", index], "history.event_edited", index=index + 1)
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
    tolerance = standard.recording_tolerance
    for event in new_case.events[first_new:]:
        lag = minutes(event.at, now)
        if lag > tolerance:
            at(["events", event.index, "at"], "history.recording_lag", Severity.WARNING,
               index=event.index + 1, lag=lag, tolerance=tolerance)
    return out


def compare_standards(old_text: bytes | None, repository: Repository) -> list[Finding]:
    """Each version the base standard knew must keep every step limit it had."""
    old_std = _standard(old_text)
    if old_std is None:
        return []
    try:
        new_std = repository.standard
    except StandardInvalid:
        return []  # `pelihara check` reports the broken standard itself
    doc = yamlio.load_file(repository.root / "standard.yaml", "standard.yaml")
    out = []
    for version in old_std.versions:
        if version not in new_std.versions:
            line, column = doc.position(["versions"])
            out.append(Finding("standard.yaml", line, column, "history.standard_version_removed",
                               {"version": version}))
            continue
        for step_id in old_std.steps:
            old_limit = old_std.limit(step_id, version)
            new_limit = new_std.limit(step_id, version) if step_id in new_std.steps else None
            if old_limit != new_limit:
                line, column = doc.position(_limit_path(new_std, step_id, version))
                out.append(Finding("standard.yaml", line, column,
                                   "history.standard_limit_changed",
                                   {"version": version, "step": step_id, "old": old_limit,
                                    "new": new_limit if new_limit is not None else "-"}))
            old_evidence = old_std.evidence(step_id, version)
            new_evidence = new_std.evidence(step_id, version) if step_id in new_std.steps \
                else ()
            if set(old_evidence) != set(new_evidence):
                line, column = doc.position(_limit_path(new_std, step_id, version, "evidence"))
                out.append(Finding("standard.yaml", line, column,
                                   "history.standard_evidence_changed",
                                   {"version": version, "step": step_id,
                                    "old": ", ".join(old_evidence) or "-",
                                    "new": ", ".join(new_evidence) or "-"}))
    return out


def _limit_path(standard: Standard, step_id: str, version: str,
                key: str = "limits") -> list[str | int]:
    """Where a version's `limits` (or `evidence`) are written, else the current step's own."""
    if version != standard.version:
        for index, raw in enumerate(standard.raw.get("versions", [])):
            if str(raw.get("version")) == version:
                return ["versions", index, key]
    ids = list(standard.steps)
    own = "limit" if key == "limits" else key
    return ["steps", ids.index(step_id), own] if step_id in ids else ["steps"]


def _deleted(repository: Repository, path: str) -> Finding:
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


def _load(path: Any, display: str) -> yamlio.Document | None:
    try:
        return yamlio.load_file(path, display)
    except (yamlio.YamlProblem, OSError):
        return None


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


def _standard(raw: bytes | None) -> Standard | None:
    if raw is None:
        return None
    try:
        return load_standard(yamlio.parse(yamlio.decode(raw), "standard.yaml"))
    except (yamlio.YamlProblem, StandardInvalid, KeyError, TypeError, ValueError):
        return None


def base_provider(base_ref: str) -> Callable[[Any], list[Finding]]:
    """A `pelihara.check` finding provider: the merge-request rules for `check --base REF`."""

    def provide(info: Any) -> list[Finding]:
        return check_against_base(Repository(info.root), base_ref, info.now)

    return provide
