"""The main line's audit: `pelihara check --audit` (after every merge, on the default branch).

On the main line an approval that git does not prove is an error, and so is a rules change
that no Kepala Biro approved. It reads the first-parent history once per folder (cases and
complaints, structurally, as the site does), then only what a proof still needs:
- an approval brought in by a merge commit is proven by the merge's `Approved-by:` trailer
  (GitLab's `%{approved_by}` template); failing that, by the side commit that added it (its
  author or its SSH signature), found with one small pass over that merge's own commits;
- a rules change (schemas, standard.yaml, registries, code, CI, site) is proven approved by a
  Kepala Biro per the registry as it stood BEFORE the change (a change cannot approve itself:
  promoting oneself in registry/staff.yaml proves nothing), through the same three proofs, or
  later by a commit of that head carrying `Ratifies: <commit>`.
Recording lags on the main line are audit information (shown on the site and in reports), not
errors: review time is not the recorder's fault. Committer times that go back are flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pelihara.core import approvals
from pelihara.core.findings import Finding, Severity
from pelihara.core.history import Commit, FileHistory, History
from pelihara.core.people import People, Person
from pelihara.core.timeparse import WIB
from pelihara.records import yamlio
from pelihara.records.gitio import Git
from pelihara.records.repo import Repository

RULES_PATHSPECS = ("schemas", "standard.yaml", "registry", "tooling", "mkdocs.yml", "site",
                   "hooks", ".gitlab-ci.yml", ".gitlab", ".github", ".ci", "CODEOWNERS",
                   ".pre-commit-hooks.yaml", ".pre-commit-config.yaml", "pyproject.toml",
                   ":(glob)*.lock", ":(glob)requirements*.txt", ":(glob)constraints*.txt",
                   ":(glob)pylock*.toml", "tests", "benchmarks")
"""The rules files of `basecheck.RULES_FILES` as git pathspecs."""
STAFF = "registry/staff.yaml"


@dataclass
class _Stated:
    path: str
    doc: yamlio.Document
    approval: approvals.Approval
    commit: Commit | None


def audit_findings(repository: Repository, since: str | None = None,
                   git: Git | None = None) -> list[Finding]:
    """Every main-line finding of HEAD's first-parent history (after `since`, if given)."""
    git = git or Git(repository.root)
    git.require_full_history()
    if not git.has_commits():
        return []
    people = repository.registries.people
    logs = {folder: git.read_history(folder=folder) for folder in ("cases", "complaints")}
    found = approval_findings(repository, git, people, logs)
    found += _rules_findings(git, since)
    found += _backwards(list(logs.values()))
    return sorted(found, key=lambda f: f.sort_key)


def approval_findings(repository: Repository, git: Git, people: People,
                      logs: dict[str, History]) -> list[Finding]:
    """The approvals stated in the live files of each folder's history (`cases`,
    `complaints`) that git does not prove. The site passes the history it already read."""
    collect = {"cases": approvals.case_approvals, "complaints": approvals.complaint_approvals}
    stated: list[_Stated] = []
    for folder, log in logs.items():
        for path, item in log.files.items():
            if item.deleted is None and path.endswith(".yaml"):
                stated += _stated(repository, path, item, collect[folder])
    return _approval_findings(git, people, stated)


def _stated(repository: Repository, path: str, item: FileHistory,
            collect: Any) -> Iterable[_Stated]:
    try:
        doc = yamlio.load_file(repository.root / path, path, repository.root)
    except (yamlio.YamlProblem, OSError):
        return []  # `pelihara check` reports the file itself
    events = doc.data.get("events") if isinstance(doc.data, dict) else None
    if not isinstance(events, list):
        return []
    return [_Stated(path, doc, a, item.events[a.event] if a.event is not None
                    and a.event < len(item.events) else None) for a in collect(events)]


def _approval_findings(git: Git, people: People, stated: list[_Stated]) -> list[Finding]:
    open_items: list[tuple[_Stated, Commit | None]] = []
    for item in stated:
        if approvals.judge_roles(item.approval, people):
            continue  # plain check reports who may not approve
        person = people.get(item.approval.approver)
        commit = item.commit
        if person is None or commit is None:
            open_items.append((item, None))
            continue
        trailers = tuple(p for p in map(people.from_trailer, commit.approved_by) if p)
        # a merge commit's author clicked "merge"; the recorder wrote the side commit
        recorder = people.by_email(commit.email) if len(commit.parents) < 2 else None
        quick = approvals.Proof(recorder, None, trailers)
        if approvals.judge_proof(item.approval, people, quick, True):
            open_items.append((item, commit))
    side = _side_commits(git, [(i, c) for i, c in open_items if c is not None])
    candidates = {c.sha for i, c in open_items if c is not None} | {
        c.sha for c in side.values() if c is not None}
    signers = git.verified_signers(sorted(candidates), people.allowed_signers())
    found = []
    for item, commit in open_items:
        proof: approvals.Proof | None = None
        if commit is not None:
            added = side.get((commit.sha, item.path, item.approval.event or 0)) or commit
            trailers = tuple(p for p in map(people.from_trailer, commit.approved_by) if p)
            signer = people.get(signers.get(added.sha)) or people.get(signers.get(commit.sha))
            proof = approvals.Proof(people.by_email(added.email), signer, trailers)
        for problem in approvals.judge_proof(item.approval, people, proof, True):
            line, column = item.doc.position(list(problem.path))
            found.append(Finding(item.path, line, column, problem.code, problem.params,
                                 Severity.ERROR if problem.error else Severity.WARNING))
    return found


def _side_commits(git: Git, items: list[tuple[_Stated, Commit]]
                  ) -> dict[tuple[str, str, int], Commit | None]:
    """For approvals a merge brought in: the merge request's own commit that added each."""
    merges: dict[str, list[_Stated]] = {}
    for item, commit in items:
        if len(commit.parents) > 1:
            merges.setdefault(commit.sha, []).append(item)
    if not merges:
        return {}
    names = [f"{sha}^1:{item.path}" for sha, items_ in merges.items() for item in items_]
    seeds = git.blobs(names)
    out: dict[tuple[str, str, int], Commit | None] = {}
    for sha, items_ in merges.items():
        paths = sorted({i.path for i in items_})
        seed = {p: text for p in paths if (text := seeds.get(f"{sha}^1:{p}")) is not None}
        log = git.range_history(f"{sha}^1", paths, seed, tip=f"{sha}^2")
        for item in items_:
            file_log = log.files.get(item.path)
            index = item.approval.event or 0
            out[(sha, item.path, index)] = file_log.events[index] \
                if file_log and index < len(file_log.events) else None
    return out


def _rules_findings(git: Git, since: str | None) -> list[Finding]:
    """First-parent commits that changed rules files, each approved by a head as the
    registry stood before it."""
    commits = git.first_parent_commits(RULES_PATHSPECS, since)
    if not commits:
        return []
    ratified = git.ratifications(since)
    registries = git.blobs([f"{c.parents[0]}:{STAFF}" for c in commits if c.parents])
    by_registry: dict[bytes, People] = {}
    pending: list[tuple[Commit, People]] = []
    for commit in commits:
        if not commit.parents:
            continue  # the repository's first commit: nothing before it to approve it
        text = registries.get(f"{commit.parents[0]}:{STAFF}") or b""
        people = by_registry.get(text) or by_registry.setdefault(text, _people(text))
        if _head(people.by_email(commit.email), commit) or any(
                _head(people.from_trailer(t), commit) for t in commit.approved_by):
            continue
        if any(_head(people.by_email(email), commit) for target, emails in ratified.items()
               if len(target) >= 7 and commit.sha.startswith(target) for email in emails):
            continue
        pending.append((commit, people))
    found = []
    for text_people in {id(p): p for _, p in pending}.values():
        group = [c for c, p in pending if p is text_people]
        signers = git.verified_signers([c.sha for c in group], text_people.allowed_signers())
        for commit in group:
            if _head(text_people.get(signers.get(commit.sha)), commit):
                continue
            found.append(Finding(STAFF, 1, 1, "rules.unapproved", {
                "commit": commit.sha[:12], "subject": commit.subject,
                "author": f"{commit.author} <{commit.email}>"}))
    return found


def _head(person: Person | None, commit: Commit) -> bool:
    return person is not None and person.heads_at(commit.time)


def _people(text: bytes) -> People:
    try:
        data = yamlio.parse(yamlio.decode(text), STAFF).data if text else None
    except yamlio.YamlProblem:
        data = None
    items = data.get("staff", []) if isinstance(data, dict) else []
    return People({str(i["id"]): i for i in items if isinstance(i, dict) and "id" in i}
                  if isinstance(items, list) else {})


def _backwards(logs: list[History]) -> list[Finding]:
    seen: set[str] = set()
    found = []
    for log in logs:
        for commit, parent in log.backwards():
            if commit.sha in seen:
                continue
            seen.add(commit.sha)
            found.append(Finding(STAFF, 1, 1, "history.commit_time_backwards", {
                "commit": commit.sha[:12], "parent": parent.sha[:12],
                "time": _wib(commit.time), "parent_time": _wib(parent.time)},
                Severity.WARNING))
    return found


def _wib(moment: datetime) -> str:
    return moment.astimezone(WIB).isoformat()


def audit_provider(since: str | None) -> Any:
    """A `pelihara.check` finding provider for `check --audit`."""

    def provide(info: Any) -> list[Finding]:
        return audit_findings(Repository(info.root), since)

    return provide
