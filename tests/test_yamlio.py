"""Strict YAML reading: every fault is refused with a position, and nothing is coerced."""

from __future__ import annotations

import pytest

from pelihara.records import yamlio


def problem(text: str) -> yamlio.YamlProblem:
    with pytest.raises(yamlio.YamlProblem) as info:
        yamlio.parse(text)
    return info.value


def test_dates_and_yes_no_stay_strings() -> None:
    data = yamlio.parse("d: 2026-11-28\nt: 2026-11-28T09:30\nn: no\ny: yes\non: off\nz: 012\n").data
    assert data == {"d": "2026-11-28", "t": "2026-11-28T09:30", "n": "no", "y": "yes",
                    "on": "off", "z": "012"}


def test_core_scalars_still_typed() -> None:
    assert yamlio.parse("a: 3\nb: 1.5\nc: true\nd: null\n").data == {
        "a": 3, "b": 1.5, "c": True, "d": None}


def test_duplicate_key_names_both_lines() -> None:
    found = problem("a: 1\nb: 2\na: 3\n")
    assert (found.code, found.line, found.column) == ("yaml.duplicate_key", 3, 1)
    assert found.params == {"key": "a", "first_line": 1}


def test_alias_refused() -> None:
    assert problem("a: &x [1]\nb: *x\n").code == "yaml.alias"


def test_alias_bomb_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert problem("\n".join(lines) + "\n").code == "yaml.alias"


def test_deep_flow_nesting_does_not_crash_the_process() -> None:
    found = problem("[" * 200_000 + "]" * 200_000)
    assert found.code == "yaml.too_deep"


def test_deep_block_nesting_refused() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "x: 1\n"
    assert problem(text).code == "yaml.too_deep"


def test_tab_indentation_named() -> None:
    found = problem("a:\n\t- 1\n")
    assert (found.code, found.line) == ("yaml.tab", 2)


def test_syntax_error_position() -> None:
    found = problem("a: 1\nb: [1, 2\nc: 3\n")
    assert found.code == "yaml.syntax"
    assert found.line >= 2


def test_multiple_documents_refused() -> None:
    assert problem("a: 1\n---\nb: 2\n").code == "yaml.multiple_documents"


def test_python_tags_refused() -> None:
    assert problem("a: !!python/object/apply:os.system [ls]\n").code == "yaml.tag"
    assert problem("a: !!set {x, y}\n").code == "yaml.tag"


def test_merge_keys_refused() -> None:
    assert problem("a: {x: 1}\nb:\n  <<: {y: 2}\n").code == "yaml.merge_key"


def test_non_string_keys_refused() -> None:
    assert problem("1: a\n").code == "yaml.key_not_string"


def test_decode_rejects_non_utf8_with_position() -> None:
    with pytest.raises(yamlio.YamlProblem) as info:
        yamlio.decode(b"a: 1\nb: caf\xe9\n")
    assert (info.value.code, info.value.line, info.value.column) == ("yaml.not_utf8", 2, 7)


def test_decode_rejects_binary_and_oversize() -> None:
    with pytest.raises(yamlio.YamlProblem) as info:
        yamlio.decode(b"a: \x00\x01")
    assert info.value.code == "yaml.binary"
    with pytest.raises(yamlio.YamlProblem) as info:
        yamlio.decode(b"a: " + b"x" * (yamlio.MAX_BYTES + 1))
    assert info.value.code == "yaml.too_large"


def test_positions_follow_json_paths() -> None:
    doc = yamlio.parse("a:\n  b:\n    - x\n    - y: 3\n")
    assert doc.position(["a", "b", 1, "y"]) == (4, 10)
    assert doc.key_position(["a", "b", 1], "y") == (4, 7)
    # a missing part falls back to the nearest existing parent
    assert doc.position(["a", "b", 7]) == (3, 5)


def test_empty_document_is_none() -> None:
    assert yamlio.parse("").data is None
    assert yamlio.parse("# only a comment\n").data is None
