"""The invalid-input corpus (tests/corpus/): each file, placed in a fresh repository, must
produce its declared finding code at its declared line (tests/corpus/expected.yaml), and the
valid examples must produce none."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import FIXTURES
from pelihara.check import run_check
from pelihara.core.findings import Finding
from pelihara.core.timeparse import parse_time
from pelihara.records.yamlio import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
NOW = parse_time("2026-11-28T10:00:00+07:00")
ENTRIES: list[dict[str, Any]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8"))["corpus"]
VALID = {"ringan.yaml": "cases/2026/11/PML-20261103-4QX.yaml",
         "berat.yaml": "cases/2026/08/PML-20260804-7KM.yaml"}


def fresh_repo(tmp_path: Path) -> Path:
    """standard.yaml, registries and schemas from this repository, and no records."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy2(ROOT / "standard.yaml", root / "standard.yaml")
    shutil.copytree(FIXTURES / "registry", root / "registry")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    return root


def place(root: Path, source: Path | bytes, target: str) -> None:
    path = root / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(source if isinstance(source, bytes) else source.read_bytes())


def findings_for(root: Path, target: str) -> list[Finding]:
    return [f for f in run_check(root, None, NOW).findings if f.file == target]


def test_corpus_is_large_and_distinct() -> None:
    assert len(ENTRIES) >= 25
    assert len({e["file"] for e in ENTRIES}) == len(ENTRIES)
    assert len({(e["code"], e["note"]) for e in ENTRIES}) == len(ENTRIES)
    for level in ("yaml.", "schema.", "workflow.", "ref.", "check.duplicate_id",
                  "case.path_mismatch"):
        assert any(e["code"].startswith(level) for e in ENTRIES), level


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_corpus_file_gives_its_finding(tmp_path: Path, entry: dict[str, Any]) -> None:
    root = fresh_repo(tmp_path)
    for partner, target in (entry.get("with") or {}).items():
        place(root, CORPUS / partner, target)
    place(root, CORPUS / entry["file"], entry["target"])
    found = findings_for(root, entry["target"])
    got = [(f.code, f.line, f.severity.value) for f in found]
    assert (entry["code"], entry["line"], entry["severity"]) in got, got
    assert not any(f.code in ("check.rule_failed", "internal") for f in found), got


def test_file_over_the_size_cap(tmp_path: Path) -> None:
    root = fresh_repo(tmp_path)
    text = (CORPUS / "valid" / "ringan.yaml").read_text(encoding="utf-8")
    padding = "# " + "x" * 98 + "\n"
    big = text + padding * (1_100_000 // len(padding))
    assert len(big.encode()) > 1_000_000 > MAX_BYTES
    place(root, big.encode(), VALID["ringan.yaml"])
    got = [(f.code, f.line) for f in findings_for(root, VALID["ringan.yaml"])]
    assert got == [("yaml.too_large", 1)]


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_examples_are_clean(tmp_path: Path, name: str) -> None:
    root = fresh_repo(tmp_path)
    place(root, CORPUS / "valid" / name, VALID[name])
    assert findings_for(root, VALID[name]) == []
