"""Who recorded and who approved what a merge request adds (`pelihara check --base`).

The edge of the trust rules: it asks git, in a fixed handful of processes however large the
repository, for the merge request's commits (their authors and committer times), for which of
them added each new event (a structural pass over the changed files only, started from their
text at the base) and, where an approval needs it, for the SSH signatures git verifies against
the registry's keys. The pure rules in `core/approvals.py` and `core/recording.py` decide.

- Every commit author must be registered (`emails:` in registry/staff.yaml, bots with role
  `bot`); a commit whose committer time is earlier than its parent's, or later than the
  check's clock, is refused.
- A new event recorded later than the tolerance (the recording time is the time of the check)
  needs `late_recording: {reason, approved_by}` by a second person.
- Each new approval needs the approver's role and is never one's own; not yet proven is a
  warning that names who must approve (the merge commit's `Approved-by:` trailer will prove
  it on the main line).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pelihara.core import approvals, recording
from pelihara.core.findings import Finding, Severity
from pelihara.core.history import Commit, RangeCommit, backwards_in_range
from pelihara.core.people import People
from pelihara.core.standard import Standard
from pelihara.core.timeparse import WIB
from pelihara.records import yamlio
from pelihara.records.gitio import Git

CLOCK_SKEW = timedelta(minutes=5)
"""A commit may be stamped this far after the check's clock (machines' clocks differ)."""
REGISTRY = "registry/staff.yaml"


@dataclass
class Changed:
    """A record file the merge request adds or changes."""

    kind: str
    """"case", "complaint" or "plan"."""
    git_path: str
    base: dict[str, Any]
    """Its data at the base ({} for a new file)."""
    base_text: bytes | None
    doc: yamlio.Document


def merge_request_findings(git: Git, base: str, changed: list[Changed], people: People,
                           standard: Standard, now: datetime,
                           minutes: Callable[[datetime, datetime], int]) -> list[Finding]:
    commits = git.range_commits(base)
    found = identity_findings(commits, people, now)
    seed = {c.git_path: c.base_text for c in changed if c.base_text is not None}
    log = git.range_history(base, [c.git_path for c in changed], seed)
    rules = recording.learned_later(standard.raw.get("learned_later"))
    pending: list[tuple[Changed, approvals.Approval, Commit | None]] = []
    for item in changed:
        data = item.doc.data if isinstance(item.doc.data, dict) else {}
        file_log = log.files.get(item.git_path)
        added: list[Commit | None] = file_log.events if file_log else []

        def commit_of(index: int | None, added: list[Commit | None] = added) -> Commit | None:
            return added[index] if index is not None and index < len(added) else None

        if item.kind == "plan":
            approval = approvals.plan_approval(data)
            if approval is not None and item.base.get("approval") != data.get("approval"):
                last = file_log.commits[-1] if file_log and file_log.commits else None
                pending.append((item, approval, last))
            continue
        raw_events = data.get("events")
        events: list[Any] = raw_events if isinstance(raw_events, list) else []
        old = item.base.get("events")
        first_new = len(old) if isinstance(old, list) else 0
        new_indices = list(range(first_new, len(events)))
        if item.kind == "case":
            found += _late(item, events, new_indices, now, minutes, standard, rules)
            stated = approvals.case_approvals(events)
        else:
            stated = approvals.complaint_approvals(events)
        pending += [(item, a, commit_of(a.event)) for a in stated
                    if a.event is not None and a.event >= first_new]
    to_verify = sorted({c.sha for _, a, c in pending if c is not None and _needs_signature(
        people, a, c)})
    signers = git.verified_signers(to_verify, people.allowed_signers())
    for item, approval, commit in pending:
        proof = None if commit is None else approvals.Proof(
            people.by_email(commit.email), people.get(signers.get(commit.sha)),
            tuple(p for p in map(people.from_trailer, commit.approved_by) if p))
        if approvals.judge_roles(approval, people):
            continue  # plain check reports who may not approve; proof is moot then
        for problem in approvals.judge_proof(approval, people, proof, required=False):
            line, column = item.doc.position(list(problem.path))
            found.append(Finding(item.doc.path, line, column, problem.code, problem.params,
                                 Severity.ERROR if problem.error else Severity.WARNING))
    return found


def identity_findings(commits: list[RangeCommit], people: People,
                      now: datetime) -> list[Finding]:
    """Unregistered authors, and committer times that go back or lie in the future."""
    found = []
    for commit in commits:
        if commit.boundary:
            continue
        if people.by_email(commit.email) is None:
            found.append(Finding(REGISTRY, 1, 1, "identity.unregistered_author", {
                "commit": commit.sha[:12], "name": commit.author, "email": commit.email}))
        stamp = datetime.fromtimestamp(commit.timestamp, WIB)
        if stamp > now + CLOCK_SKEW:
            found.append(Finding(REGISTRY, 1, 1, "history.commit_time_future", {
                "commit": commit.sha[:12], "time": stamp.isoformat(),
                "now": now.astimezone(WIB).isoformat(timespec="seconds")}))
    for commit, parent in backwards_in_range(commits):
        found.append(Finding(REGISTRY, 1, 1, "history.commit_time_backwards", {
            "commit": commit.sha[:12], "parent": parent.sha[:12],
            "time": datetime.fromtimestamp(commit.timestamp, WIB).isoformat(),
            "parent_time": datetime.fromtimestamp(parent.timestamp, WIB).isoformat()}))
    return found


def _needs_signature(people: People, approval: approvals.Approval, commit: Commit) -> bool:
    """Ask git for a signature only where authorship or a trailer does not already prove
    the approval (signature checks start ssh-keygen, one per signed commit)."""
    person = people.get(approval.approver)
    if person is None:
        return False
    recorder = people.by_email(commit.email)
    return recorder != person or approval.what in approvals.SECOND_PERSON


def _late(item: Changed, events: list[Any], indices: list[int], now: datetime,
          minutes: Callable[[datetime, datetime], int], standard: Standard,
          rules: list[recording.LearnedLater]) -> list[Finding]:
    found = []
    tolerance = standard.recording_tolerance
    for late in recording.late_recordings(events, indices, now, minutes, tolerance, rules):
        if late.approved:
            continue  # its approval is judged with the others
        line, column = item.doc.position(["events", late.index, "at"])
        found.append(Finding(item.doc.path, line, column, "recording.late", {
            "index": late.index + 1, "lag": late.lag, "tolerance": tolerance,
            "since": late.since.astimezone(WIB).isoformat(timespec="minutes")}))
    return found
