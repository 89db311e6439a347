"""Evidence files: what a case's `documents` references promise, and what the folder holds.

A case's supporting documents live in `evidence/<case-id>/` and each event that relies on one
references it as `{file, sha256}`. This module is the pure half (no file is read here): it
names what a reference needs, reads a Git LFS pointer from bytes, and compares the references of
one case with what the records layer observed in its folder (`records/evidence_store.py`, which
uses lstat and never follows a link). The comparison returns problems with JSON paths; the
check turns them into findings at the case file's line.

Why an LFS pointer passes: `.gitattributes` sends PDFs and images to Git LFS, and a clone or CI
job without `git lfs pull` holds a small text pointer instead of the file. The pointer's `oid`
IS the SHA-256 of the real content (Git LFS spec v1), so the reference is still verified
against it: equal passes, different is a mismatch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

FOLDER = "evidence"
"""Top-level folder of the repository holding one sub-folder per case."""
MAX_BYTES = 100 * 1024 * 1024
"""Largest evidence file Pelihara hashes (100 MiB): a scanned memo or a test report is a few
MiB; anything larger is refused rather than read (a merge request could add 3 GB)."""
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")
"""A file name inside the case folder: no folder part, no leading dot, no '..', no spaces
(the same pattern as the case schema's `document.file`)."""
SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_NAME = 120
LFS_VERSION = b"version https://git-lfs.github.com/spec/v1\n"
LFS_MAX_POINTER = 1024
"""Git LFS pointers are shorter than 1024 bytes (spec v1); larger files are never pointers."""
_LFS_LINE = re.compile(rb"([a-z0-9.-]+) ([^\n]*)")


class Kind(StrEnum):
    """What an lstat of one path found."""

    FILE = "file"
    LFS_POINTER = "lfs_pointer"
    MISSING = "missing"
    SYMLINK = "symlink"
    FOLDER = "folder"
    SPECIAL = "special"
    """A device, socket or FIFO: never opened."""
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Observed:
    """One path as found on disk. `sha256` is the content's hash (FILE) or the pointer's oid
    (LFS_POINTER); `size` the real content's size in bytes."""

    kind: Kind
    sha256: str = ""
    size: int = 0


@dataclass(frozen=True)
class Folder:
    """A case's evidence folder: how the folder itself was found and its entries by name."""

    kind: Kind
    entries: Mapping[str, Observed] = field(default_factory=dict)


@dataclass(frozen=True)
class Reference:
    """One `{file, sha256}` item of an event's `documents`, with where it is written."""

    event: int
    """0-based index of the event in `events`."""
    item: int
    """0-based index in that event's `documents`."""
    file: str
    sha256: str
    title: str = ""

    @property
    def path(self) -> list[str | int]:
        return ["events", self.event, "documents", self.item]


@dataclass(frozen=True)
class Problem:
    """A mismatch between references and folder. `where` is a JSON path in the case file, or
    None when the problem is an evidence file itself (`file` then names it)."""

    code: str
    params: dict[str, Any]
    where: list[str | int] | None = None
    file: str = ""


def folder_of(case_id: str) -> str:
    """The repository-relative folder of a case's evidence files."""
    return f"{FOLDER}/{case_id}"


def is_valid_name(name: str) -> bool:
    return len(name) <= MAX_NAME and NAME.fullmatch(name) is not None


def safe_name(name: str) -> str:
    """A user's file name made into a valid evidence name ('Memo Biro Umum (1).pdf' →
    'Memo-Biro-Umum-1.pdf'); '' when nothing usable is left."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    clean_stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")
    clean_suffix = re.sub(r"[^A-Za-z0-9_-]+", "", suffix)
    if not clean_stem and clean_suffix:  # 'скан.pdf': keep the type, name it plainly
        clean_stem = "dokumen"
    result = clean_stem + (f".{clean_suffix}" if clean_suffix else "")
    result = result[-MAX_NAME:].lstrip("-_.")
    return result if is_valid_name(result) else ""


def parse_lfs_pointer(data: bytes) -> tuple[str, int] | None:
    """(sha256 oid, size) of a Git LFS pointer file, or None when `data` is not one.

    Spec v1: `version` first, then keys in alphabetical order, one `key value` per line, each
    line ending in LF; `oid sha256:<64 hex>` and `size <bytes>` are required."""
    if len(data) >= LFS_MAX_POINTER or not data.startswith(LFS_VERSION) or not \
            data.endswith(b"\n"):
        return None
    values: dict[bytes, bytes] = {}
    keys = []
    for line in data.split(b"\n")[1:-1]:
        match = _LFS_LINE.fullmatch(line)
        if match is None:
            return None
        keys.append(match.group(1))
        values[match.group(1)] = match.group(2)
    if keys != sorted(keys) or len(keys) != len(values):
        return None
    oid, size = values.get(b"oid", b""), values.get(b"size", b"")
    if not oid.startswith(b"sha256:") or not SHA256.fullmatch(oid[7:].decode("ascii", "replace")):
        return None
    if not size.isdigit():
        return None
    return oid[7:].decode("ascii"), int(size)


def references(data: Mapping[str, Any]) -> list[Reference]:
    """Every `documents` item of a schema-valid case, in file order."""
    found = []
    for index, event in enumerate(data.get("events") or []):
        items = event.get("documents") if isinstance(event, dict) else None
        for item_index, item in enumerate(items or []):
            if isinstance(item, dict):
                found.append(Reference(index, item_index, str(item.get("file", "")),
                                       str(item.get("sha256", "")),
                                       str(item.get("title", "") or "")))
    return found


def compare(case_id: str, refs: Iterable[Reference], folder: Folder) -> Iterator[Problem]:
    """Problems between the references of case `case_id` and its evidence folder."""
    refs = list(refs)
    base = folder_of(case_id)
    if folder.kind not in (Kind.FOLDER, Kind.MISSING):
        yield Problem("evidence.folder_not_folder", {"path": base, "kind": folder.kind.value},
                      refs[0].path if refs else None, "" if refs else base)
        return
    referenced = {ref.file for ref in refs}
    for ref in refs:
        path = f"{base}/{ref.file}"
        seen = folder.entries.get(ref.file, Observed(Kind.MISSING))
        if seen.kind is Kind.MISSING:
            yield Problem("evidence.file_missing", {"path": path}, [*ref.path, "file"])
        elif seen.kind in (Kind.SYMLINK, Kind.FOLDER, Kind.SPECIAL):
            yield Problem("evidence.not_a_file", {"path": path, "kind": seen.kind.value},
                          [*ref.path, "file"])
        elif seen.kind is Kind.TOO_LARGE:
            yield Problem("evidence.too_large", {"path": path, "limit": MAX_BYTES},
                          [*ref.path, "file"])
        elif seen.kind is Kind.UNREADABLE:
            yield Problem("evidence.unreadable", {"path": path}, [*ref.path, "file"])
        elif seen.sha256 != ref.sha256:
            code = "evidence.lfs_mismatch" if seen.kind is Kind.LFS_POINTER else \
                "evidence.hash_mismatch"
            yield Problem(code, {"path": path, "recorded": ref.sha256, "actual": seen.sha256},
                          [*ref.path, "sha256"])
    for name in sorted(set(folder.entries) - referenced):
        seen = folder.entries[name]
        yield Problem("evidence.unreferenced", {"path": f"{base}/{name}", "case": case_id,
                                                "kind": seen.kind.value}, None, f"{base}/{name}")
