"""Record files read without following anything (an edge: reads the disk).

A merge request can commit a symlink (to `/dev/zero`, to `/etc/passwd`, to a folder outside
the repository), a folder or a FIFO named like a record, or a 3 GB file. So a record file is
never opened by its name alone:

- the folders from the repository's root down are opened one by one with `O_NOFOLLOW`
  (`dir_fd`), so a symlinked folder is refused where it stands and nothing is resolved
  outside the repository;
- the file itself is `lstat`ed first: a symlink, a folder, a FIFO, a device or a socket is
  refused with what it is, never opened; a size over the limit is refused from the stat;
- then it is opened with `O_NOFOLLOW | O_NONBLOCK` (nothing can block on it even if it was
  swapped for a FIFO after the `lstat`), the open file must be the one `lstat` saw, and at most
  the limit plus one byte is ever read (a file that grew is still caught).

`list_entries` finds a kind's files the same way: every entry named like a record, whatever
it is, so a folder or a FIFO where a record should be becomes a finding instead of vanishing
from the listing; a symlinked folder on the way is listed itself and never entered.
"""

from __future__ import annotations

import errno
import os
import stat
from fnmatch import fnmatchcase
from pathlib import Path

from pelihara.core.errors import PeliharaError
from pelihara.core.escape import visible

CHUNK = 64 * 1024
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_OPEN_FOLDER = os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY | os.O_CLOEXEC
_OPEN_ROOT = _OPEN_FOLDER & ~os.O_NOFOLLOW
"""The repository's root itself may be a link (a checkout under a linked home folder)."""
_TARGET_SHOWN = 120
"""How much of a symlink's target a message repeats (it is the link's text, not a file)."""


class Refused(PeliharaError):
    """A record path that is not a regular file (or is too large): never read. `code` is one
    of the `file.*` codes (or `yaml.too_large`); the caller names the file (`located`)."""


def what_is(mode: int) -> str | None:
    """None for a regular file, else what stands there: `file.<word>` is its message."""
    if stat.S_ISREG(mode):
        return None
    for test, word in ((stat.S_ISLNK, "symlink"), (stat.S_ISDIR, "folder"),
                       (stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "device"),
                       (stat.S_ISBLK, "device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return word
    return "other"


def _refuse_kind(word: str, name: str, dir_fd: int | None, shown: str) -> Refused:
    """What a non-regular entry is; a symlink to a folder is named as a symlinked folder
    (its target is only `stat`ed, which reads nothing and cannot block)."""
    if word == "symlink":
        try:
            if stat.S_ISDIR(os.stat(name, dir_fd=dir_fd).st_mode):
                return Refused("file.folder_symlink", {"folder": shown})
        except OSError:
            pass  # dangling, or a loop: a plain symlink
        try:
            target = os.readlink(name, dir_fd=dir_fd)
        except OSError:
            target = "?"
        shown = visible(target[:_TARGET_SHOWN]) + ("…" if len(target) > _TARGET_SHOWN else "")
        return Refused("file.symlink", {"target": shown})
    return Refused(f"file.{word}")


def _lexical(path: Path | str) -> str:
    """`path` made absolute and `..`-free by its text alone: resolving would follow the
    very links that are refused. Strings, not `Path`s: this runs for every record of a run,
    and pathlib's parsing was a tenth of a 10,000-case check."""
    return os.path.abspath(path)


def _below(base: str, absolute: str) -> str | None:
    """`absolute` relative to `base` (both lexical), or None when it is not inside."""
    if absolute == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    return absolute[len(prefix):] if absolute.startswith(prefix) else None


def relative_name(root: Path, path: Path) -> str:
    """`path` as a repo-relative POSIX name, found without following the path's last part:
    by its text, else with its folders resolved (a path given through a linked folder);
    outside the repository, its absolute path. A symlink is named where it stands, never by
    its target (a report must say `cases/…/X.yaml`, not `/dev/zero`)."""
    absolute = _lexical(path)
    found = _below(_lexical(root), absolute)
    if found is not None:
        return found
    folder, name = os.path.split(absolute)
    through_links = os.path.join(os.path.realpath(folder), name)
    for base, candidate in ((_lexical(root), through_links),
                            (os.path.realpath(root), absolute),
                            (os.path.realpath(root), through_links)):
        found = _below(base, candidate)
        if found is not None:
            return found
    return absolute


def _parts(root: Path | None, path: Path) -> tuple[Path | None, list[str]]:
    """`path` as folders below `root` (None: `path` is not inside it, or no root)."""
    if root is not None:
        rel = _below(_lexical(root), _lexical(path))
        if rel is not None and rel != ".":
            return root, rel.split(os.sep)
    return None, [str(path)]


def read_bounded(path: Path, limit: int, root: Path | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them. Inside `root`, no folder
    on the way down from `root` may be a symlink. Raises `Refused` (symlink, folder, FIFO,
    device, socket, over `limit`) or `OSError` (missing, unreadable)."""
    base, parts = _parts(root, path)
    if base is None:
        return _read_entry(None, parts[-1], str(path), limit)
    with Folders(base) as folders:
        return folders.read_parts(parts, limit)


def _read_entry(dir_fd: int | None, name: str, shown: str, limit: int) -> bytes:
    """The regular file `name` in the folder `dir_fd`, `lstat`ed first and never followed."""
    info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    word = what_is(info.st_mode)
    if word is not None:
        raise _refuse_kind(word, name, dir_fd, shown)
    if info.st_size > limit:
        raise Refused("yaml.too_large", {"size": info.st_size, "limit": limit})
    fd = os.open(name, _OPEN_FILE, dir_fd=dir_fd)
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino) or not stat.S_ISREG(now.st_mode):
            raise Refused("file.replaced")
        return _read_at_most(fd, limit, info.st_size)
    finally:
        os.close(fd)


class Folders:
    """The folders below `root`, each opened without following and kept open while in use:
    `read_bounded` uses one for a single file, a run keeps one for all its records (reading
    10,000 records spent a twentieth of its time opening and closing the same few folders).
    When `KEPT` are open, all are closed before the next is opened, so at most `KEPT` plus
    the depth of one path stay open."""

    KEPT = 64

    def __init__(self, root: Path) -> None:
        self.root = root
        self._open: dict[tuple[str, ...], int] = {}

    def open(self, parts: list[str]) -> int:
        """The folder `root/parts…` as an open descriptor (owned here: do not close it)."""
        key = tuple(parts)
        found = self._open.get(key)
        if found is not None:
            return found
        if len(self._open) >= self.KEPT:
            self.close()
        if not key:
            fd = os.open(self.root, _OPEN_ROOT)
        else:
            fd = _enter(key[-1], self.open(list(key[:-1])), "/".join(key))
        self._open[key] = fd
        return fd

    def read(self, rel: str, limit: int) -> bytes:
        """The record `rel` (a repo-relative POSIX name), read as `read_bounded` reads it."""
        parts = rel.split("/")
        if {"", ".", ".."} & set(parts):  # not a plain name: worked out from the path
            return read_bounded(self.root / rel, limit, self.root)
        return self.read_parts(parts, limit)

    def read_parts(self, parts: list[str], limit: int) -> bytes:
        return _read_entry(self.open(parts[:-1]), parts[-1], "/".join(parts), limit)

    def close(self) -> None:
        for fd in self._open.values():
            os.close(fd)
        self._open.clear()

    def __enter__(self) -> Folders:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _enter(part: str, dir_fd: int, shown: str) -> int:
    """Open the folder `part` under `dir_fd` without following it."""
    try:
        return os.open(part, _OPEN_FOLDER, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        try:
            mode = os.stat(part, dir_fd=dir_fd, follow_symlinks=False).st_mode
        except OSError:
            raise exc from None
        if stat.S_ISLNK(mode):
            raise Refused("file.folder_symlink", {"folder": shown}) from None
        raise


def _read_at_most(fd: int, limit: int, expected: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = os.read(fd, min(CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:  # it grew after the stat
        raise Refused("yaml.too_large", {"size": max(total, expected), "limit": limit})
    return b"".join(chunks)


def entry_kind(path: Path) -> str | None:
    """What stands at `path` without following it: None for a regular file, "missing" when
    nothing does, else the word of `what_is`."""
    try:
        return what_is(os.lstat(path).st_mode)
    except FileNotFoundError:
        return "missing"


def list_entries(root: Path, pattern: str) -> list[Path]:
    """Every entry under `root` whose path matches `pattern` (`*` never crosses a `/`),
    whatever it is, plus each symlink standing where a folder of the pattern should be; no
    symlink is entered. Sorted."""
    wanted = pattern.split("/")
    found: list[Path] = []
    level = [root]
    for depth, part in enumerate(wanted):
        last = depth == len(wanted) - 1
        following: list[Path] = []
        for folder in level:
            try:
                with os.scandir(folder) as listing:
                    entries = [e for e in listing if fnmatchcase(e.name, part)]
            except OSError:
                continue  # missing or unreadable: nothing of this kind there
            for entry in entries:
                if last or entry.is_symlink():
                    found.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    following.append(Path(entry.path))
        level = following
    return sorted(found, key=_parts_of)  # Path order, without a Python call per comparison


def _parts_of(path: Path) -> tuple[str, ...]:
    return path.parts
