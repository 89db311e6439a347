"""Plain helpers shared by test modules (importable; conftest.py is not meant to be)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ("standard.yaml", "registry", "cases", "evidence", "plans", "schemas", "monitoring",
           "complaints", "surveys")


@dataclass
class CliResult:
    """What a `pelihara` subprocess returned."""

    code: int
    out: str
    err: str


def copy_records(target: Path, *extra: str) -> Path:
    """The repository's records (and `extra` paths, e.g. site/ and mkdocs.yml) copied to
    `target`, which is not a git repository."""
    target.mkdir(parents=True, exist_ok=True)
    for name in (*RECORDS, *extra):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target
