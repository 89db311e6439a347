"""The rules as a git revision has them: schemas, standard.yaml and the registries.

`pelihara check --base REF` judges the records a merge request changes by the rules it did
not write: REF's. This reads them straight from git (two processes: one `ls-tree`, one
`cat-file --batch`), never from the working tree the merge request controls, and parses
them the way the runner parses the working tree's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pelihara.core.errors import PeliharaError
from pelihara.core.registries import Registries
from pelihara.core.standard import Standard, StandardInvalid, load_standard
from pelihara.records import yamlio
from pelihara.records.gitio import Git
from pelihara.records.holidaypin import PIN_FILES
from pelihara.records.repo import REGISTRIES
from pelihara.records.schema import SchemaSet

RULES_LIMIT = 8 * 1024 * 1024
"""Largest rules file read from git: a lock file pinning a whole environment can pass the
record limit, but nothing is read unbounded."""


@dataclass
class Rules:
    """What records are judged by: one revision's schemas, standard and registries."""

    ref: str
    schemas: SchemaSet
    standard: Standard | None
    """None when the revision's standard.yaml is broken (no workflow rules then)."""
    registries: Registries
    texts: dict[str, bytes]
    """Repo-relative path → content, for every rules file read (and the files that pin the
    `holidays` package)."""


def rules_at(git: Git, ref: str, prefix: str = "") -> Rules:
    """The rules of revision `ref`; `prefix` is the repository's folder inside git's tree."""
    names = [n for n in git.tree_names(ref, f"{prefix}schemas")
             if n.endswith(".json")] + [f"{prefix}standard.yaml"] + [
        f"{prefix}registry/{name}.yaml" for name in REGISTRIES] + [
        f"{prefix}{name}" for name in PIN_FILES]
    blobs = git.blobs([f"{ref}:{name}" for name in names], limit=RULES_LIMIT)
    texts = {name.removeprefix(prefix): blob for name in names
             if (blob := blobs.get(f"{ref}:{name}")) is not None}
    schemas: dict[str, dict[str, Any]] = {}
    for rel, raw in texts.items():
        if rel.startswith("schemas/"):
            try:
                schemas[rel.removeprefix("schemas/")] = json.loads(raw)
            except ValueError as exc:
                raise PeliharaError("check.schema_unreadable", {"error": str(exc)},
                                    f"{ref}:{rel}") from None
    sources = {rel.removeprefix("schemas/"): raw.decode("utf-8", "replace")
               for rel, raw in texts.items() if rel.startswith("schemas/")}  # for positions
    return Rules(ref, SchemaSet(schemas, sources), _standard(texts.get("standard.yaml")),
                 Registries.from_data({name: _data(texts.get(f"registry/{name}.yaml"), name)
                                       for name in REGISTRIES}), texts)


def _parse(raw: bytes | None, display: str) -> Any:
    if raw is None:
        return None
    try:
        return yamlio.parse(yamlio.decode(raw), display)
    except yamlio.YamlProblem:
        return None


def _standard(raw: bytes | None) -> Standard | None:
    doc = _parse(raw, "standard.yaml")
    if doc is None:
        return None
    try:
        return load_standard(doc)
    except (StandardInvalid, KeyError, TypeError, ValueError, AttributeError):
        return None


def _data(raw: bytes | None, name: str) -> Any:
    doc = _parse(raw, f"registry/{name}.yaml")
    return doc.data if doc is not None else None
