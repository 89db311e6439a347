"""The audit trail: which commit first brought each event of each case to the main line.

Pure core: it parses the bytes of one `git log --first-parent -p -U0` pass (run by
`pelihara.records.gitio`) and never runs git, reads files or the clock itself.

How events are found: structurally, never from diff lines that merely look like events. Each
file's text is rebuilt revision by revision from the -U0 patches (a new file's patch is its
whole text; every later hunk says exactly which lines it replaced), and the items of the
top-level `events:` list are located in each revision by `eventscan` (or, where it gives up,
by the strict YAML parser the caller passes in). Event number i first reached the main line in
the first commit after which the file held more than i events. A commit that removes or edits
an earlier item rewrote history; it is recorded, and `basecheck` refuses such changes in merge
requests before they ever reach the main line. Commits that only append an event are scanned
from where the last revision ended, so the pass costs about what git costs to print it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from pelihara.core import eventscan
from pelihara.core.model import Case

SEP_COMMIT, SEP_FIELD, SEP_TRAILER = "\x1e", "\x1f", "\x1d"
LOG_FORMAT = ("%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%ct%x1f%s%x1f"
              "%(trailers:key=Approved-by,valueonly,separator=%x1d)%x1f")
"""One header per commit: id, parents, author, email, committer time (unix s), subject and
the values of its `Approved-by:` trailers (GitLab's `%{approved_by}` merge commit template)."""

_TOKENS = re.compile(
    rb"\x1e([^\n]*)\n"                                         # 1: a commit header
    rb"|^\+\+\+ (?:b/)?([^\n]*)\n"                               # 2: the file's new name
    rb"|^--- (?:a/)?([^\n]*)\n"                                  # 3: the file's old name
    rb"|^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@[^\n]*\n((?:[-+\\][^\n]*\n)*)",  # 4-6: a hunk
    re.MULTILINE)

Locate = Callable[[list[bytes]], "eventscan.ScanState | None"]
"""The fallback for revisions `eventscan` does not follow: the strict parser's answer as a
`ScanState` (item start lines, end of the events block), or None when the text is no YAML."""


class Commit(NamedTuple):
    """One commit on the main line (a tuple: tens of thousands are made per history pass)."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    timestamp: int
    """Committer time, unix seconds: when the commit was made on (or rebased onto) its line."""
    subject: str
    approved_by: tuple[str, ...] = ()
    """`Approved-by:` trailer values, e.g. 'Ir. Hendra Wijaya <hendra@setneg.go.id>'."""

    @property
    def time(self) -> datetime:
        """Committer time, aware (UTC); callers show it in WIB."""
        return datetime.fromtimestamp(self.timestamp, UTC)


@dataclass(slots=True)
class FileHistory:
    """One case file along the first-parent line, oldest commit first."""

    path: str
    events: list[Commit | None] = field(default_factory=list)
    """events[i]: the commit that first brought event number i+1 to the line read (None: it
    was already there in the seed text the pass started from)."""
    rewrites: list[Commit] = field(default_factory=list)
    """Commits that removed or edited earlier event items (history edited after the fact)."""
    deleted: Commit | None = None
    commits: list[Commit] = field(default_factory=list)
    unreadable: list[Commit] = field(default_factory=list)
    """Commits after which the file was no YAML: its events were left as they were."""

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
    line: list[Commit] = field(default_factory=list)
    """Every commit read, oldest first (the first-parent line, where the pass was one)."""
    _by_id: dict[str, FileHistory] = field(default_factory=dict, repr=False)

    def for_case(self, case_id: str) -> FileHistory | None:
        """The live file named after `case_id`, wherever it sits under cases/."""
        if len(self._by_id) != len(self.files):
            self._by_id = {item.case_id: item for item in self.files.values()
                           if item.deleted is None}
        return self._by_id.get(case_id)

    def backwards(self) -> list[tuple[Commit, Commit]]:
        """(commit, its predecessor) where the committer time goes back: a clock set back or a
        date forged with GIT_COMMITTER_DATE."""
        return [(c, p) for p, c in zip(self.line, self.line[1:], strict=False)
                if c.timestamp < p.timestamp]


@dataclass(slots=True)
class _Text:
    """A file's current revision while the pass walks forward."""

    lines: list[bytes]
    state: eventscan.ScanState | None
    """The scanner's state at the end of the text (None: the last revision needed the
    fallback parser, so the next one is scanned from the start)."""
    items: list[tuple[bytes, ...]]


def parse_log(raw: bytes, locate: Locate | None = None,
              seed: dict[str, bytes] | None = None) -> History:
    """Parse `git log --first-parent -p -U0 --format=LOG_FORMAT` output (newest first).

    `locate` parses a revision the scanner gives up on (default: such a revision counts as
    unreadable). `seed` holds the text each file had before the oldest commit of the log
    (a merge request's base), whose events are then attributed to no commit."""
    paused = gc.isenabled()
    gc.disable()  # only acyclic objects are made here; collections would cost a third
    try:
        return _Walk(locate, seed or {}).run(raw)
    finally:
        if paused:
            gc.enable()


class _Walk:
    def __init__(self, locate: Locate | None, seed: dict[str, bytes]) -> None:
        self.locate = locate
        self.texts: dict[str, _Text] = {}
        self.result = History()
        for path, text in seed.items():
            item = self.result.files[path] = FileHistory(path)
            lines = text.split(b"\n")
            if lines and lines[-1] == b"":
                lines.pop()
            current = self._structure(lines, None, 0)
            if current is not None:
                item.events.extend([None] * len(current.items))
                self.texts[path] = current
            else:
                self.texts[path] = _Text(lines, None, [])

    def run(self, raw: bytes) -> History:
        commits: list[tuple[Commit, list[tuple[str, bool, list[tuple[int, int, bytes]]]]]] = []
        changes: list[tuple[str, bool, list[tuple[int, int, bytes]]]] = []
        hunks: list[tuple[int, int, bytes]] = []
        old_path = b""
        for match in _TOKENS.finditer(raw):
            group = match.lastindex
            if group == 6:
                count = match.group(5)
                hunks.append((int(match.group(4)), 1 if count is None else int(count),
                              match.group(6)))
            elif group == 1:
                commits.append((_commit(match.group(1)), changes := []))
            elif group == 3:
                old_path = match.group(3)
            else:
                new_path = match.group(2)
                deleted = new_path == b"/dev/null"
                name = (old_path if deleted else new_path).decode("utf-8", "replace")
                hunks = []
                changes.append((name, deleted, hunks))
        result = self.result
        result.commits, result.head = len(commits), commits[0][0].sha if commits else None
        for commit, file_changes in reversed(commits):
            result.line.append(commit)
            for path, deleted, file_hunks in file_changes:
                self._apply(path, commit, deleted, file_hunks)
        return result

    def _apply(self, path: str, commit: Commit, deleted: bool,
               hunks: list[tuple[int, int, bytes]]) -> None:
        item = self.result.files.get(path)
        if item is None or item.deleted is not None:
            item = self.result.files[path] = FileHistory(path)
            self.texts.pop(path, None)
        item.commits.append(commit)
        if deleted:
            item.deleted = commit
            self.texts.pop(path, None)
            return
        before = self.texts.get(path)
        old = before.lines if before else []
        appended = _appended(old, hunks)
        if appended is not None and before is not None and before.state is not None:
            lines = old + appended
            current = self._structure(lines, before, len(old))
        else:
            lines = _patched(old, hunks)
            current = self._structure(lines, None, 0)
        if current is None:  # no YAML now: keep the events it had, read on from this text
            item.unreadable.append(commit)
            self.texts[path] = _Text(lines, None, before.items if before else [])
            return
        self.texts[path] = current
        old_items = before.items if before else []
        kept = len(old_items)
        if len(current.items) < kept or current.items[:kept] != old_items:
            item.rewrites.append(commit)
        count = len(current.items)
        if count < len(item.events):
            del item.events[count:]
        item.events.extend([commit] * (count - len(item.events)))

    def _structure(self, lines: list[bytes], before: _Text | None, start: int) -> _Text | None:
        """The items of `lines`: scanned on from `before` (an append: only the new lines are
        read), or from the start."""
        try:
            state = eventscan.scan(lines, before.state.copy() if before and before.state
                                   else None, start)
        except eventscan.Unfollowed:
            located = self.locate(lines) if self.locate else None
            if located is None:
                return None
            return _Text(lines, None, eventscan.items(lines, located))
        if before is not None and before.state is not None and start:
            # an append leaves every item but the last as it was: only those after are read
            keep = max(0, len(before.items) - 1)
            items = before.items[:keep] + eventscan.items(lines, state, keep)
        else:
            items = eventscan.items(lines, state)
        return _Text(lines, state, items)


def _commit(header: bytes) -> Commit:
    fields = header.decode("utf-8", "replace").split(SEP_FIELD)
    trailers = tuple(t.strip() for t in fields[6].split(SEP_TRAILER) if t.strip()) \
        if len(fields) > 6 else ()
    return Commit(fields[0], tuple(fields[1].split()), fields[2], fields[3], int(fields[4]),
                  fields[5], trailers)


def _appended(old: list[bytes], hunks: list[tuple[int, int, bytes]]) -> list[bytes] | None:
    """The added lines when the change only appends to the end of the text, else None."""
    if len(hunks) != 1:
        return None
    start, removed, body = hunks[0]
    if removed or start != len(old) or b"\n\\" in body or body.startswith(b"\\"):
        return None
    return [line[1:] for line in body.split(b"\n")[:-1]]


def _patched(old: list[bytes], hunks: list[tuple[int, int, bytes]]) -> list[bytes]:
    """`old` with -U0 hunks applied: each replaces `removed` lines from line `start`
    (1-based; for a pure insertion, the line after which it inserts)."""
    out: list[bytes] = []
    position = 0
    for start, removed, body in hunks:
        begin = start - 1 if removed else start
        out.extend(old[position:begin])
        out.extend(line[1:] for line in body.split(b"\n")[:-1] if line[:1] == b"+")
        position = begin + removed
    out.extend(old[position:])
    return out


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


BATCH_CHECK_FORMAT = "%(objectname) %(objecttype) %(objectsize)"


@dataclass(frozen=True)
class ObjectHeader:
    """What `git cat-file --batch-check` says of one object, without reading it."""

    sha: str
    kind: str
    """blob, tree, commit or tag."""
    size: int
    """In bytes."""


def parse_batch_check(raw: bytes, names: list[str]) -> dict[str, ObjectHeader | None]:
    """`git cat-file --batch-check=BATCH_CHECK_FORMAT` output for `names`, in order → {name:
    header, or None for a missing or ambiguous one}."""
    lines = raw.split(b"\n")
    result: dict[str, ObjectHeader | None] = {}
    for name, line in zip(names, lines, strict=False):
        fields = line.split()
        if len(fields) == 3 and fields[2].isdigit():
            result[name] = ObjectHeader(fields[0].decode(), fields[1].decode(), int(fields[2]))
        else:  # "<name> missing", "<name> ambiguous"
            result[name] = None
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


RANGE_FORMAT = "%m%x1f%H%x1f%P%x1f%an%x1f%ae%x1f%ct"
"""One line per commit of a range: boundary mark, id, parents, author, email, committer
time (unix s)."""


class RangeCommit(NamedTuple):
    """One commit of a merge request (`boundary`: a base commit it starts from)."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    timestamp: int
    boundary: bool


def parse_range(raw: bytes) -> list[RangeCommit]:
    """`git log --boundary --format=RANGE_FORMAT A..B` → commits, newest first."""
    out = []
    for line in raw.decode("utf-8", "replace").splitlines():
        fields = line.split(SEP_FIELD)
        if len(fields) >= 6:
            out.append(RangeCommit(fields[1], tuple(fields[2].split()), fields[3], fields[4],
                                   int(fields[5]), fields[0] == "-"))
    return out


def backwards_in_range(commits: list[RangeCommit]) -> list[tuple[RangeCommit, RangeCommit]]:
    """(commit, parent) pairs of a range whose committer time goes back from the parent."""
    by_sha = {c.sha: c for c in commits}
    return [(c, by_sha[p]) for c in commits if not c.boundary for p in c.parents
            if p in by_sha and c.timestamp < by_sha[p].timestamp]


def parse_signers(raw: bytes) -> dict[str, str]:
    """`git log --format=%H%x1f%G?%x1f%GS` → {commit: signer} for good signatures (G)."""
    out = {}
    for line in raw.decode("utf-8", "replace").splitlines():
        fields = line.split(SEP_FIELD)
        if len(fields) == 3 and fields[1] == "G" and fields[2]:
            out[fields[0]] = fields[2]
    return out


def parse_ratifications(raw: bytes) -> dict[str, tuple[str, ...]]:
    """`git log --format=%ae%x1f%(trailers:key=Ratifies,…)` → {named commit: (e-mails)}."""
    out: dict[str, list[str]] = {}
    for line in raw.decode("utf-8", "replace").splitlines():
        email, _, values = line.partition(SEP_FIELD)
        for value in values.split(SEP_TRAILER):
            if value.strip():
                out.setdefault(value.strip().lower(), []).append(email.strip())
    return {k: tuple(v) for k, v in out.items()}
