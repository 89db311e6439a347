"""The source of a case report (an edge: reads the case file and asks git).

`provenance` says what a report is built from: the commit checked out, the SHA-256 of the case
file's bytes, and whether those bytes are the commit's own. `snapshot` extracts what a case
report needs (standard, registries, schemas, the case file) as they were in one commit, so
`pelihara report --verify` can rebuild the report from that commit without touching the
working tree.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from pelihara import __version__
from pelihara.core.errors import PeliharaError
from pelihara.core.provenance import Provenance
from pelihara.records.gitio import Git
from pelihara.records.yamlio import read_record

SNAPSHOT = ("standard.yaml", "registry", "schemas")
"""Besides the case file, what a case report reads."""


def _git(root: Path) -> Git | None:
    try:
        return Git(root)
    except PeliharaError:
        return None


def _prefix(git: Git, root: Path) -> str:
    """The records' folder inside the git work tree ('' at its top)."""
    rel = os.path.relpath(root.resolve(), git.toplevel.resolve())
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


def provenances(root: Path, files: Mapping[str, str], now: datetime) -> dict[str, Provenance]:
    """Per case id (`files`: id → repository-relative case file), what its report is built
    from. Two git processes however many cases: HEAD, then one `cat-file --batch`."""
    git = _git(root)
    head = git.head() if git is not None else None
    committed: dict[str, bytes | None] = {}
    if git is not None and head is not None:
        prefix = _prefix(git, root)
        names = {rel: f"{head}:{prefix}{rel}" for rel in files.values()}
        blobs = git.blobs(list(names.values()))
        committed = {rel: blobs.get(name) for rel, name in names.items()}
    result = {}
    for case_id, rel in files.items():
        data = read_record(root / rel, root)
        result[case_id] = Provenance(
            case_id=case_id, case_file=rel, sha256=hashlib.sha256(data).hexdigest(),
            commit=head or "", clean=committed.get(rel) == data, now=now, version=__version__)
    return result


def provenance(root: Path, case_id: str, rel: str, now: datetime) -> Provenance:
    return provenances(root, {case_id: rel}, now)[case_id]


def committed_file(root: Path, commit: str, rel: str) -> bytes | None:
    """The bytes of `rel` at `commit`, None when the commit or the file is not there."""
    git = _git(root)
    if git is None:
        raise PeliharaError("git.not_a_repository", {"path": str(root)})
    name = f"{commit}:{_prefix(git, root)}{rel}"
    return git.blobs([name]).get(name)


def snapshot(root: Path, commit: str, rel: str, target: Path) -> None:
    """Extract the case file `rel` and what its report reads, as of `commit`, into `target`."""
    git = _git(root)
    if git is None:
        raise PeliharaError("git.not_a_repository", {"path": str(root)})
    prefix = _prefix(git, root).rstrip("/")
    tree = f"{commit}:{prefix}" if prefix else commit
    data = git.archive(tree, [*SNAPSHOT, rel])
    _extract_plain(data, target)


def _extract_plain(data: bytes, target: Path) -> None:
    """Write the archive's folders and regular files under `target`, nothing else.

    Done by hand rather than with `extractall(filter="data")`: Debian 12's Python 3.11.2
    predates that filter. Links, devices and any name that leaves `target` are not written.
    """
    root = target.resolve()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            path = (root / member.name).resolve()
            if path != root and root not in path.parents:
                continue
            if member.isdir():
                path.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                source = tar.extractfile(member)
                if source is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(source.read())
