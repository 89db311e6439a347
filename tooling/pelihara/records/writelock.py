"""Record writes that cannot lose each other's work (an edge: locks and writes files).

Two `pelihara advance` on one case at the same moment each read the file, each append their
event and each write the whole file back: without care, the second write drops the first
event, and with `--commit` the second commit silently replaces it. So, both:

- **a lock**: every write command holds an exclusive `flock` on the repository's root folder
  from reading the record to its commit. A second command waits for the first (up to
  `WAIT_S`), then reads the file the first wrote and is judged against it: two legal events
  both land, a step already taken is refused by the workflow check. The lock is the kernel's,
  tied to the open folder: a killed process (`kill -9`) never leaves a stale lock, and no lock
  file appears in the repository.
- **compare-and-swap**: at the moment of writing, the file must still hold the text the
  command read (a new record: nothing may be there yet). A writer that does not take the lock
  (an editor, an older Pelihara, a sync tool) is detected instead of overwritten; the command
  stops with `write.changed` (or `write.exists`) and exit 2, and writes nothing.

A full disk, a read-only folder or a file too large for the process's limit ends in a message
naming the file (`write.disk_full`, `write.read_only`, `write.failed`), never an internal
error; `casewrite.write_atomic` leaves the old file as it was.

`record_path` is what a write command does with a path it is given: only a record of the
expected kind, inside the repository, reached without a symlink, is written.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pelihara.core.errors import PeliharaError
from pelihara.records import nofollow, yamlio
from pelihara.records.casewrite import write_atomic
from pelihara.records.kinds import kind_for

WAIT_S = 60.0
"""How long a write command waits for another to finish before giving up with a message."""
_POLL_S = 0.02

_held: dict[str, int] = {}
"""Roots this process holds the lock of, and how deeply (a command that writes twice)."""

_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_READ_ONLY = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


@contextmanager
def locked(root: Path, wait_s: float = WAIT_S) -> Iterator[None]:
    """Hold the repository's write lock (re-entrant within one process)."""
    key = str(root)
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PeliharaError("write.busy", {"seconds": round(wait_s)}) from None
                time.sleep(_POLL_S)
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(fd)  # closing the folder releases the lock


def current_text(root: Path, path: Path) -> str | None:
    """The record's text as it is now (None: nothing there), read the bounded, unfollowed
    way; anything else standing there is refused with what it is."""
    try:
        raw = nofollow.read_bounded(path, yamlio.MAX_BYTES, root)
    except FileNotFoundError:
        return None
    except nofollow.Refused as exc:
        raise exc.located(nofollow.relative_name(root, path)) from None
    try:
        return yamlio.decode(raw)
    except yamlio.YamlProblem:
        return "\0"  # not what anyone read: it differs from every original


def write_record(root: Path, path: Path, text: str | bytes, original: str | None) -> None:
    """Replace the record at `path` with `text`, if it still holds `original` (None: if it
    does not exist yet), under the repository's lock."""
    with locked(root), writing(root, path):
        now = current_text(root, path)
        if now != original:
            code = "write.exists" if original is None else "write.changed"
            shown = nofollow.relative_name(root, path)
            raise PeliharaError(code, {"path": shown}, shown)
        write_atomic(path, text)


@contextmanager
def writing(root: Path, path: Path) -> Iterator[None]:
    """Turn a failed write (full disk, read-only folder) into a message naming `path`."""
    try:
        yield
    except OSError as exc:
        number = exc.errno or 0
        code = "write.disk_full" if number in _FULL else \
            "write.read_only" if number in _READ_ONLY else "write.failed"
        shown = nofollow.relative_name(root, path)
        raise PeliharaError(code, {"path": shown, "error": exc.strerror or str(exc)},
                            shown) from None


def record_path(root: Path, given: Path, kind: str) -> Path:
    """The record file of `kind` that `given` names, refusing anything else: a path outside
    the repository, a file of another kind (or none), a symlink or anything but a regular
    file, a symlinked folder on the way. Folders are taken as they really are (a relative
    path from a folder reached through a link still lands on the real file)."""
    rel = nofollow.relative_name(root, given)
    if rel.startswith("/"):
        raise PeliharaError("write.outside_repository", {"path": str(given),
                                                         "root": str(root)})
    found = kind_for(rel)
    if found is None or found.name != kind:
        raise PeliharaError("write.not_a_record", {"path": rel, "kind": kind})
    path = root / rel
    current_text(root, path)  # a symlink, folder, FIFO or a symlinked folder: refused here
    return path
