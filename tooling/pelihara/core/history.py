"""The audit trail: which commit first brought each event of each case to the main line.

Pure core: it parses the bytes of one `git log --first-parent -p -U0` pass (run by
`pelihara.records.gitio`) and never runs git, reads files or the clock itself.

How events are found in patches: a case file's `events:` list is the only block list at the
top level, so each of its items starts with `- key:` at column 0-2. Counting such lines added
and removed by each commit, oldest first, gives the number of events after every commit; event
number i first reached the main line in the first commit after which the file held more than i
events. A commit that removes items rewrote history; it is recorded, and `basecheck` refuses
such changes in merge requests before they ever reach the main line.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from pelihara.core.model import Case

SEP_COMMIT, SEP_FIELD = "\x1e", "\x1f"
LOG_FORMAT = "%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%ct%x1f%s%x1f"
"""One header per commit: id, parents, author, email, committer time (unix s), subject."""

_LINES = re.compile(
    rb"\x1e([^\n]*)"                     # 1: a commit header (LOG_FORMAT)
    rb"|\n(?:\+\+\+ (?:b/)?([^\n]*)"      # 2: the file's new name (/dev/null: deleted)
    rb"|--- (?:a/)?([^\n]*)"              # 3: the file's old name
    rb"|(\+) {0,2}- [A-Za-z_]+:"          # 4: an added event item
    rb"|(-) {0,2}- [A-Za-z_]+:)"           # 5: a removed event item
)


class Commit(NamedTuple):
    """One commit on the main line (a tuple: tens of thousands are made per history pass)."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    timestamp: int
    """Committer time, unix seconds: when the commit was made on (or rebased onto) its line."""
    subject: str

    @property
    def time(self) -> datetime:
        """Committer time, aware (UTC); callers show it in WIB."""
        return datetime.fromtimestamp(self.timestamp, UTC)


@dataclass(slots=True)
class FileHistory:
    """One case file along the first-parent line, oldest commit first."""

    path: str
    events: list[Commit] = field(default_factory=list)
    """events[i]: the commit that first brought event number i+1 to the main line."""
    rewrites: list[Commit] = field(default_factory=list)
    """Commits that removed or replaced event items (history edited after the fact)."""
    deleted: Commit | None = None
    commits: list[Commit] = field(default_factory=list)

    @property
    def created(self) -> Commit | None:
        return self.commits[0] if self.commits else None

    @property
    def case_id(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".yaml")


@dataclass
class History:
    files: dict[str, FileHistory] = field(default_factory=dict)
    head: str | None = None
    commits: int = 0
    _by_id: dict[str, FileHistory] = field(default_factory=dict, repr=False)

    def for_case(self, case_id: str) -> FileHistory | None:
        """The live file named after `case_id`, wherever it sits under cases/."""
        if len(self._by_id) != len(self.files):
            self._by_id = {item.case_id: item for item in self.files.values()
                           if item.deleted is None}
        return self._by_id.get(case_id)


def parse_log(raw: bytes) -> History:
    """Parse `git log --first-parent -p -U0 --format=LOG_FORMAT` output (newest first).

    One regular-expression scan picks out only the lines that matter (commit headers, file
    names, added and removed event items); everything else is skipped inside the regex engine,
    so parsing costs a fraction of the git pass that produced the bytes."""
    paused = gc.isenabled()
    gc.disable()  # only acyclic objects are made here; collections would cost a third
    try:
        return _parse(raw)
    finally:
        if paused:
            gc.enable()


def _parse(raw: bytes) -> History:
    commits: list[tuple[Commit, list[list[Any]]]] = []
    changes: list[list[Any]] = []
    old_path = b""
    current: list[Any] = [None, 0, 0, False]  # [path, items added, items removed, deleted]
    for match in _LINES.finditer(raw):
        group = match.lastindex
        if group == 4:
            current[1] += 1
        elif group == 5:
            current[2] += 1
        elif group == 1:
            fields = match.group(1).decode("utf-8", "replace").split(SEP_FIELD)
            changes = []
            commits.append((Commit(fields[0], tuple(fields[1].split()), fields[2], fields[3],
                                   int(fields[4]), fields[5]), changes))
        elif group == 3:
            old_path = match.group(3)
        else:
            new_path = match.group(2)
            deleted = new_path == b"/dev/null"
            current = [(old_path if deleted else new_path).decode("utf-8", "replace"), 0, 0,
                       deleted]
            changes.append(current)
    result = History(commits=len(commits), head=commits[0][0].sha if commits else None)
    for commit, file_changes in reversed(commits):
        for path, added, removed, deleted in file_changes:
            item = result.files.get(path)
            if item is None or item.deleted is not None:
                item = result.files[path] = FileHistory(path)
            _apply(item, commit, added, removed, deleted)
    return result


def _apply(item: FileHistory, commit: Commit, added: int, removed: int, deleted: bool) -> None:
    item.commits.append(commit)
    if deleted:
        item.deleted = commit
        return
    before = len(item.events)
    if removed:
        item.rewrites.append(commit)
    after = max(0, before - removed + added)
    if after < before:
        del item.events[after:]
    item.events.extend([commit] * (after - before))


@dataclass(frozen=True)
class EventRecord:
    """When one event was recorded in git, against when it claims to have happened."""

    index: int
    kind: str
    at: datetime
    commit: Commit | None
    lag_minutes: int | None
    """Working minutes from `at` to the commit's time (None: not yet on the main line)."""
    late: bool


def event_records(
    case: Case,
    file_history: FileHistory | None,
    minutes: Callable[[datetime, datetime], int],
    tolerance: int,
) -> list[EventRecord]:
    """One record per event of `case`. `minutes(a, b)` is the working clock (working minutes
    between two aware moments); `tolerance` is `standard.recording_tolerance`, in minutes."""
    commits = file_history.events if file_history else []
    records = []
    for event in case.events:
        commit = commits[event.index] if event.index < len(commits) else None
        lag = None if commit is None else max(0, minutes(event.at, commit.time))
        records.append(EventRecord(event.index, event.kind, event.at, commit, lag,
                                   lag is not None and lag > tolerance))
    return records


def parse_raw_diff(raw: bytes) -> list[tuple[str, str, str]]:
    """`git diff --raw -z --abbrev=40` → [(status letter, old blob id, path)]."""
    parts = raw.split(b"\0")
    result = []
    for meta, path in zip(parts[0::2], parts[1::2], strict=False):
        fields = meta.decode().lstrip(":").split()
        if len(fields) >= 5:
            result.append((fields[4][:1], fields[2], path.decode("utf-8", "replace")))
    return result


def parse_cat_file_batch(raw: bytes, names: list[str]) -> dict[str, bytes | None]:
    """`git cat-file --batch` output for `names`, in order → {name: content or None}."""
    result: dict[str, bytes | None] = {}
    pos = 0
    for name in names:
        end = raw.index(b"\n", pos)
        header = raw[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[-1] == b"missing":
            result[name] = None
            continue
        size = int(header[2])
        result[name] = raw[pos:pos + size]
        pos += size + 1
    return result
