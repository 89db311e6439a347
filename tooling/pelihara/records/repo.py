"""The repository on disk: where records live, and what one run reads once (an edge).

Layout (the kinds in `pelihara.records.kinds`):
- standard.yaml                      the standard as data
- registry/{units,applications,vendors,staff}.yaml
- schemas/*.schema.json
- cases/<year>/<month>/<ID>.yaml     one file per case; folders keep git's tree diffs small
- plans/<year>.yaml                  program kerja pemeliharaan (B.1)
- monitoring/, complaints/, surveys/

A `Repository` is the run context: a command makes one at its start and passes it down; the
standard, its working calendar, the registries and the schemas are each built once, on first
use, and never cached anywhere else (no module-level state keyed by folder or time).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pelihara.core.calendar import calendar_for
from pelihara.core.errors import PeliharaError
from pelihara.core.registries import NAMES as REGISTRIES
from pelihara.core.registries import Registries
from pelihara.core.standard import Standard, StandardInvalid, load_standard
from pelihara.core.workcal import WorkingCalendar
from pelihara.records import nofollow, yamlio
from pelihara.records.kinds import kind_named
from pelihara.records.schema import SchemaSet, load_schema_set


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding standard.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "standard.yaml").is_file():
            return folder
    raise PeliharaError("usage.no_repository", {"path": str(here)})


def case_rel(case_id: str) -> str:
    """cases/<year>/<month>/<ID>.yaml, from the date inside the ID (PML-YYYYMMDD-XXX)."""
    stamp = case_id.split("-")[1]
    return f"cases/{stamp[:4]}/{stamp[4:6]}/{case_id}.yaml"


def case_path(root: Path, case_id: str) -> Path:
    """The case's file under `root` (`case_rel`)."""
    return root / case_rel(case_id)


@dataclass
class Repository:
    root: Path

    def rel(self, path: Path) -> str:
        """Repo-relative POSIX path, or the absolute path of a file outside the repository; a
        symlink by its own name, never its target's (`nofollow.relative_name`)."""
        return nofollow.relative_name(self.root, path)

    @cached_property
    def standard(self) -> Standard:
        """The current standard. A broken standard.yaml raises `StandardInvalid` with findings."""
        return load_standard(yamlio.load_file(self.root / "standard.yaml", "standard.yaml",
                                              self.root))

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """The standard's working calendar, built once per run (it costs more than checking
        a record)."""
        return calendar_for(self.standard)

    @cached_property
    def registries(self) -> Registries:
        """Every registry, tolerant of broken files (check reports those)."""
        files: dict[str, Any] = {}
        for name in REGISTRIES:
            path = self.root / "registry" / f"{name}.yaml"
            try:
                files[name] = yamlio.load_file(path, self.rel(path), self.root).data
            except (yamlio.YamlProblem, OSError):
                continue
        return Registries.from_data(files)

    @cached_property
    def schemas(self) -> SchemaSet:
        return load_schema_set(self.root)

    def files(self, kind: str) -> list[Path]:
        """The record files of `kind` ("case", "plan", ...), sorted."""
        return kind_named(kind).files(self.root)

    def find_case_file(self, case_id: str) -> Path | None:
        try:
            path = case_path(self.root, case_id)
        except IndexError:
            return None
        if os.path.lexists(path):  # whatever stands there: reading it says what it is
            return path
        matches = [p for p in self.files("case") if p.name == f"{case_id}.yaml"]
        return matches[0] if matches else None


__all__ = ["REGISTRIES", "Repository", "StandardInvalid", "case_path", "find_root"]
