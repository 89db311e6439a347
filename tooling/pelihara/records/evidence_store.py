"""Evidence files on disk (an edge): observe a case's `evidence/<id>/` folder, store a new file.

Every path here may come from a merge request, so nothing is followed: each component is
lstat'ed, a symlink or a folder where a file should be is reported as what it is, a file is
opened with O_NOFOLLOW and checked again with fstat before it is read (no race between the
lstat and the open), devices and FIFOs are never opened, and files above
`evidence_files.MAX_BYTES` are not read at all.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pelihara.core.errors import PeliharaError
from pelihara.core.evidence_files import (
    FOLDER,
    LFS_MAX_POINTER,
    MAX_BYTES,
    Folder,
    Kind,
    Observed,
    folder_of,
    parse_lfs_pointer,
    safe_name,
)

CHUNK = 1 << 20


def _kind(mode: int) -> Kind:
    if stat.S_ISLNK(mode):
        return Kind.SYMLINK
    if stat.S_ISDIR(mode):
        return Kind.FOLDER
    if stat.S_ISREG(mode):
        return Kind.FILE
    return Kind.SPECIAL


def observe_file(path: Path) -> Observed:
    """What `path` is, without following it; a regular file is hashed (or read as an LFS
    pointer, whose oid is the content's SHA-256)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return Observed(Kind.MISSING)
    except OSError:
        return Observed(Kind.UNREADABLE)
    kind = _kind(info.st_mode)
    if kind is not Kind.FILE:
        return Observed(kind)
    if info.st_size > MAX_BYTES:
        return Observed(Kind.TOO_LARGE, size=info.st_size)
    return _read(path, info)


def _read(path: Path, info: os.stat_result) -> Observed:
    """The regular file `info` describes, hashed, if it is still the one at `path`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return Observed(Kind.UNREADABLE)
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode) or opened.st_ino != info.st_ino:
            return Observed(Kind.UNREADABLE)  # replaced between lstat and open
        digest = hashlib.sha256()
        size = 0
        head = b""
        while chunk := handle.read(CHUNK):
            if size == 0:
                head = chunk
            size += len(chunk)
            if size > MAX_BYTES:
                return Observed(Kind.TOO_LARGE, size=size)
            digest.update(chunk)
    if size < LFS_MAX_POINTER:
        pointer = parse_lfs_pointer(head)
        if pointer is not None:
            return Observed(Kind.LFS_POINTER, pointer[0], pointer[1])
    return Observed(Kind.FILE, digest.hexdigest(), size)


def _lkind(path: Path) -> Kind:
    try:
        return _kind(os.lstat(path).st_mode)
    except FileNotFoundError:
        return Kind.MISSING
    except OSError:
        return Kind.UNREADABLE


def observe_folder(root: Path, case_id: str) -> Folder:
    """The case's evidence folder and every entry in it (a missing folder has no entries)."""
    if _lkind(root / FOLDER) is not Kind.FOLDER:
        return Folder(Kind.MISSING)  # `top_level` reports an `evidence` that is no folder
    folder = root / folder_of(case_id)
    kind = _lkind(folder)
    if kind is not Kind.FOLDER:
        return Folder(kind)
    entries: dict[str, Observed] = {}
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError:
        return Folder(Kind.UNREADABLE)
    for name in names:
        entries[name] = observe_file(folder / name)
    return Folder(Kind.FOLDER, entries)


def top_level(root: Path) -> tuple[Kind, dict[str, Kind]]:
    """What `evidence` itself is, and the entries directly under it by name and kind (none
    when it is missing or not a real folder)."""
    base = root / FOLDER
    kind = _lkind(base)
    if kind is not Kind.FOLDER:
        return kind, {}
    try:
        with os.scandir(base) as listing:
            return kind, {entry.name: _lkind(base / entry.name) for entry in listing}
    except OSError:
        return Kind.UNREADABLE, {}


def _real_folder(path: Path, root: Path) -> None:
    """Make `path` (inside `root`) a real folder, refusing any symlink or file on the way."""
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        kind = _lkind(current)
        if kind is Kind.MISSING:
            current.mkdir()
            kind = _lkind(current)
        if kind is not Kind.FOLDER:
            raise PeliharaError("evidence.folder_not_folder",
                                {"path": current.relative_to(root).as_posix(),
                                 "kind": kind.value})


@dataclass(frozen=True)
class Attachment:
    """A user's file checked and hashed for `evidence/<case>/<name>`, not yet stored."""

    source: Path
    name: str
    sha256: str
    present: bool
    """The same content is already stored under that name (nothing to copy)."""

    @property
    def reference(self) -> dict[str, str]:
        return {"file": self.name, "sha256": self.sha256}


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def prepare(root: Path, case_id: str, source: Path) -> Attachment:
    """Check and hash `source` for case `case_id` before anything is written. The name is
    made safe (`safe_name`); an evidence file of that name is reused only when its content
    is the same, never overwritten (evidence is append-only like the case file)."""
    try:
        info = source.stat()
        if not stat.S_ISREG(info.st_mode):
            raise PeliharaError("evidence.source_not_file", {"path": str(source)})
        if info.st_size > MAX_BYTES:
            raise PeliharaError("evidence.too_large", {"path": str(source), "limit": MAX_BYTES})
        sha = _hash(source)
    except OSError as exc:
        raise PeliharaError("evidence.source_unreadable",
                            {"path": str(source), "error": exc.strerror or str(exc)}) from None
    name = safe_name(source.name)
    if not name:
        raise PeliharaError("evidence.bad_name", {"path": str(source)})
    target = f"{folder_of(case_id)}/{name}"
    existing = observe_folder(root, case_id)
    if existing.kind not in (Kind.FOLDER, Kind.MISSING):
        raise PeliharaError("evidence.folder_not_folder", {"path": folder_of(case_id),
                                                           "kind": existing.kind.value})
    seen = existing.entries.get(name, Observed(Kind.MISSING))
    if seen.kind is not Kind.MISSING and seen.sha256 != sha:
        raise PeliharaError("evidence.exists", {"path": target})
    return Attachment(source, name, sha, seen.kind is not Kind.MISSING)


def store(root: Path, case_id: str, attachment: Attachment) -> Path | None:
    """Copy a prepared attachment into `evidence/<case_id>/`; the new file's path, or None
    when the same content was already there. The copy is hashed again as it is written, so a
    source changed since `prepare` is refused, not stored under the old hash."""
    if attachment.present:
        return None
    folder = root / folder_of(case_id)
    _real_folder(folder, root)
    digest = hashlib.sha256()
    fd, temp = tempfile.mkstemp(prefix=f".{attachment.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out, attachment.source.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != attachment.sha256:
            raise PeliharaError("evidence.source_changed", {"path": str(attachment.source)})
        target = folder / attachment.name
        if _lkind(target) is not Kind.MISSING:
            raise PeliharaError("evidence.exists",
                                {"path": f"{folder_of(case_id)}/{attachment.name}"})
        Path(temp).chmod(0o644)
        Path(temp).replace(target)
    finally:
        Path(temp).unlink(missing_ok=True)
    return target
