"""The repository on disk: where records live and how to load them (an edge: reads files).

Layout:
- standard.yaml                      the standard as data
- registry/{units,applications,vendors,staff}.yaml
- cases/<year>/<month>/<ID>.yaml     one file per case; folders keep git's tree diffs small
- plans/<year>.yaml                  program kerja pemeliharaan (B.1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pelihara.core.errors import PeliharaError
from pelihara.core.standard import Standard, StandardInvalid, load_standard
from pelihara.records import yamlio

REGISTRIES = ("units", "applications", "vendors", "staff")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding standard.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "standard.yaml").is_file():
            return folder
    raise PeliharaError("usage.no_repository", {"path": str(here)})


def case_path(root: Path, case_id: str) -> Path:
    """cases/<year>/<month>/<ID>.yaml, from the date inside the ID (PML-YYYYMMDD-XXX)."""
    stamp = case_id.split("-")[1]
    return root / "cases" / stamp[:4] / stamp[4:6] / f"{case_id}.yaml"


@dataclass
class Repository:
    root: Path
    _docs: dict[str, yamlio.Document] = field(default_factory=dict)

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    @cached_property
    def standard(self) -> Standard:
        """The current standard. A broken standard.yaml raises `StandardInvalid` with findings."""
        try:
            doc = yamlio.load_file(self.root / "standard.yaml", "standard.yaml")
        except yamlio.YamlProblem as exc:  # name the file: every command reads it
            raise PeliharaError(exc.code, exc.params, "standard.yaml", exc.line,
                                exc.column) from None
        return load_standard(doc)

    def registry(self, name: str) -> list[dict[str, Any]]:
        path = self.root / "registry" / f"{name}.yaml"
        if not path.is_file():
            return []
        data = yamlio.load_file(path, self.rel(path)).data
        items = data.get(name, []) if isinstance(data, dict) else []
        return [i for i in items if isinstance(i, dict)]

    @cached_property
    def registries(self) -> dict[str, dict[str, dict[str, Any]]]:
        """{'units': {id: record}, ...}, tolerant of broken files (check reports those)."""
        result: dict[str, dict[str, dict[str, Any]]] = {}
        for name in REGISTRIES:
            try:
                items = self.registry(name)
            except (yamlio.YamlProblem, OSError):
                items = []
            result[name] = {str(i.get("id")): i for i in items if "id" in i}
        return result

    def case_files(self) -> list[Path]:
        return sorted((self.root / "cases").glob("*/*/*.yaml"))

    def find_case_file(self, case_id: str) -> Path | None:
        try:
            path = case_path(self.root, case_id)
        except IndexError:
            return None
        if path.is_file():
            return path
        matches = list((self.root / "cases").glob(f"**/{case_id}.yaml"))
        return matches[0] if matches else None


__all__ = ["REGISTRIES", "Repository", "StandardInvalid", "case_path", "find_root"]
