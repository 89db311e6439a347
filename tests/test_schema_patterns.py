"""Schema patterns run through RE2 in both validators, and a bad pattern is named with its
schema file and line (issue 13, row 9).

RE2 never backtracks, so `^(a|aa)+$` cannot hang `pelihara check` (the hostile corpus runs
that one through the CLI with a CPU bound). Here: each validator is shown to be RE2 by what
only RE2 (and JSON Schema's ECMA-262) does, a bad pattern gets its position, and a pattern
RE2 cannot run (lookahead) is refused with a message instead of being skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import CliResult, copy_records
from pelihara.core.errors import PeliharaError
from pelihara.records.schema import SchemaSet, load_schema_set

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
          "properties": {"id": {"type": "string", "pattern": r"^PML-\d{8}$"}}}


def _set(schema: dict[str, Any]) -> SchemaSet:
    return SchemaSet({"t.schema.json": schema},
                     {"t.schema.json": json.dumps(schema, indent=2)})


def test_the_compiled_validator_reads_digits_as_json_schema_does() -> None:
    """`\\d` is ASCII in ECMA-262 and RE2; Python's `re` also takes Arabic-Indic digits."""
    schemas = _set(SCHEMA)
    assert schemas.validate("t.schema.json", {"id": "PML-20261103"}) == []
    errors = schemas.validate("t.schema.json", {"id": "PML-٢٠٢٦١١٠٣"})
    assert [e.code for e in errors] == ["schema.pattern"]


def test_jsonschema_reads_dollar_as_json_schema_does() -> None:
    """`$` is the very end in ECMA-262 and RE2; Python's `re.search` also matches before a
    final newline, which let an ID with a trailing line break through the message validator."""
    slow = _set(SCHEMA).slow("t.schema.json")
    assert [e.validator for e in slow.iter_errors({"id": "PML-20261103\n"})] == ["pattern"]
    assert list(slow.iter_errors({"id": "PML-20261103"})) == []
    assert [e.code for e in _set(SCHEMA).validate("t.schema.json", {"id": "PML-20261103\n"})] \
        == ["schema.pattern"]


def test_pattern_properties_use_re2_too() -> None:
    schema = {"type": "object", "patternProperties": {r"^x\d$": {"type": "integer"}},
              "additionalProperties": False}
    schemas = _set(schema)
    assert schemas.validate("t.schema.json", {"x1": 1}) == []
    for bad in ({"x1": "satu"}, {"x٣": 1}, {"x1\n": 1}):
        assert schemas.validate("t.schema.json", bad), bad
        assert list(schemas.slow("t.schema.json").iter_errors(bad)), bad


@pytest.mark.parametrize(("pattern", "problem"), [
    ("(unbalanced", "missing )"),
    ("^(?=lookahead)", "invalid perl operator"),
    (r"^(a)\1$", "invalid escape sequence"),
])
def test_a_bad_pattern_is_named_with_file_and_line(pattern: str, problem: str) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"},
                                               "b": {"type": "string", "pattern": pattern}}}
    with pytest.raises(PeliharaError) as raised:
        _set(schema)
    error = raised.value
    assert (error.code, error.file, error.line) == ("check.schema_bad_pattern",
                                                    "schemas/t.schema.json", 9)
    assert problem in error.params["problem"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_check_and_writes_with_a_bad_pattern_exit_2_with_the_position(
        cli: Callable[..., CliResult], tmp_path: Path, lang: str) -> None:
    root = copy_records(tmp_path / "repo")
    path = root / "schemas" / "case.schema.json"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index('"Kontak pelapor di unit kerja."')].count("\n") + 1
    path.write_text(text.replace('"description": "Kontak pelapor di unit kerja."',
                                 '"pattern": "(unbalanced", "description": "Kontak"'),
                    encoding="utf-8")
    for command in (["check"], ["advance", "PML-20261127-RJ4", "assigned", "--by", "hendra",
                                "--officers", "andi"]):
        result = cli("--repo", str(root), "--lang", lang, *command, "--now", "2026-11-28T10:00")
        assert result.code == 2, (command, result.err)
        assert re.search(rf"^schemas/case\.schema\.json:{line}:\d+: ", result.err, re.M), \
            result.err
        assert "(unbalanced" in result.err and "Traceback" not in result.err
        assert "re2.cc" not in result.err  # RE2's own logging stays off


def test_every_schema_of_the_repository_compiles() -> None:
    schemas = load_schema_set(ROOT)
    assert len(schemas.schemas) >= 10
    for name in schemas.schemas:
        schemas.fast(name)
        schemas.slow(name)
