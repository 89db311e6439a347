"""Evidence files for `pelihara check` (an edge: observes `evidence/` on disk).

For every case file in the run: each `documents` reference must name a regular file in
`evidence/<id>/` whose SHA-256 matches (a Git LFS pointer passes when its oid matches), and
every file in that folder must be referenced by some event. Over the whole repository, also
anything under `evidence/` that is not a folder of an existing case. Findings about a
reference sit at the case file's line; findings about a stray file name that file.
Plugged in as a finding provider (`check.runner.Provider`) from `cli/check.py`.
"""

from __future__ import annotations

import re
from typing import Any

from pelihara.check.runner import RunInfo
from pelihara.core.evidence_files import FOLDER, Folder, Kind, compare, folder_of, references
from pelihara.core.findings import Finding
from pelihara.records import evidence_store, yamlio
from pelihara.records.kinds import kind_for
from pelihara.records.repo import case_path

CASE_ID = re.compile(r"PML-\d{8}-[0-9A-Z]{3}")
"""Only an ID of this shape names a folder: an ID like '../x' from a broken file never
reaches the disk."""


def evidence_provider(info: RunInfo) -> list[Finding]:
    found: list[Finding] = []
    kind, entries = evidence_store.top_level(info.root)
    if kind not in (Kind.FOLDER, Kind.MISSING):
        found.append(Finding(FOLDER, 1, 1, "evidence.folder_not_folder",
                             {"path": FOLDER, "kind": kind.value}))
    cases = [rel for rel in info.files if _is_case(rel)]
    for rel in cases:
        doc = info.documents.get(rel)
        data: Any = doc.data if doc is not None else None
        case_id = data.get("id") if isinstance(data, dict) else None
        if not isinstance(case_id, str) or CASE_ID.fullmatch(case_id) is None:
            continue
        refs = references(data)
        # `evidence/` was listed once for all cases: a case not in a listing that worked
        # has no folder. An unlistable `evidence/` may still be searchable: look it up.
        listed = kind is Kind.MISSING or (kind is Kind.FOLDER and case_id not in entries)
        folder = Folder(Kind.MISSING) if listed \
            else evidence_store.observe_folder(info.root, case_id)
        fresh: yamlio.Document | None = None
        for problem in compare(case_id, refs, folder):
            if problem.where is None:
                found.append(Finding(problem.file, 1, 1, problem.code, problem.params))
                continue
            if fresh is None:
                # the run keeps data without node trees; the finding needs positions
                fresh = yamlio.load_or_none(info.root, rel) or doc
            line, column = fresh.position(problem.where) if fresh is not None else (1, 1)
            found.append(Finding(rel, line, column, problem.code, problem.params))
    if _whole_repository(info, cases):
        found.extend(_strays(info, entries))
    return found


def _is_case(rel: str) -> bool:
    kind = kind_for(rel)
    return kind is not None and kind.name == "case"


def _whole_repository(info: RunInfo, cases: list[str]) -> bool:
    """Stray folders are judged only when every case file is in the run: a check of one file
    is not about the rest of the repository."""
    every = {p.relative_to(info.root).as_posix()
             for p in (info.root / "cases").glob("*/*/*.yaml")}
    return every <= set(cases)


def _strays(info: RunInfo, entries: dict[str, Kind]) -> list[Finding]:
    found = []
    for name, kind in sorted(entries.items()):
        path = f"{FOLDER}/{name}"
        is_case = CASE_ID.fullmatch(name) is not None and case_path(info.root, name).is_file()
        if kind is not Kind.FOLDER and is_case:
            continue  # the case's own check names its folder (evidence.folder_not_folder)
        if kind is not Kind.FOLDER:
            found.append(Finding(path, 1, 1, "evidence.stray", {"path": path,
                                                                "kind": kind.value}))
        elif not is_case:
            found.append(Finding(path, 1, 1, "evidence.unknown_case",
                                 {"path": folder_of(name), "case": name}))
    return found
