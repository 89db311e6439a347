"""Invalid plans, monitoring records, complaints and surveys (tests/corpus/operations/): each
file names where it goes (`# path:`) and the finding it must produce (`# expect: code L:C`),
and `pelihara check` must report exactly that finding at that position."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).parent / "corpus" / "operations"
FILES = sorted(CORPUS.glob("*.yaml"))


def _header(text: str, key: str) -> str:
    match = re.search(rf"^# {key}: (.+)$", text, re.MULTILINE)
    assert match, f"missing '# {key}:' line"
    return match.group(1).strip()


@pytest.mark.parametrize("source", FILES, ids=[f.stem for f in FILES])
def test_invalid_example(source: Path, repo_copy: Path, cli: Callable[..., Any]) -> None:
    text = source.read_text(encoding="utf-8")
    rel = _header(text, "path")
    code, position = _header(text, "expect").split()
    line, column = (int(x) for x in position.split(":"))
    target = repo_copy / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    result = cli("check", str(target), "--now", "2026-11-28T12:00", "--format", "json",
                 "--repo", str(repo_copy))
    assert result.code == 1, result.err
    found = [(f["code"], f["line"], f["column"]) for f in json.loads(result.out)
             if f["file"] == rel and f["severity"] == "error"]
    assert (code, line, column) in found, found


def test_corpus_is_not_empty() -> None:
    kinds = {_header(f.read_text(encoding="utf-8"), "path").split("/")[0] for f in FILES}
    assert kinds == {"plans", "monitoring", "complaints", "surveys"}
