"""Control characters from records never reach a terminal, CI log, JUnit or Code Quality output
raw (issue 13, row 8): they are shown as escapes, JUnit stays well-formed XML, and `check`
names the character with its line so the record gets fixed.

The attack: `\\e[2K\\r\\e[32mSEMUA BERES` in a value erases the line that names the error and
prints a green "all fine" over it in the CI log. Its legitimate twins (tabs, line breaks in
block text, non-breaking spaces from office documents) stay as they are.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import CliResult, copy_records
from pelihara.core.escape import first_control, visible
from pelihara.records import yamlio
from site_helpers import build

NOW = "2026-11-28T10:00"
ATTACK = "\x1b[2K\r\x1b[32mSEMUA BERES\x1b[0m"
SHOWN = "\\u001b[2K\\r\\u001b[32mSEMUA BERES\\u001b[0m"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CASE = "cases/2026/11/PML-20261127-RJ4.yaml"
ODD_NAME = "cases/2026/11/PML-20261127-RJ4\x1b]0;pwned\x07\u202eLMAY.yaml"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The records (and the site's sources), with the attack in one case's contact and title
    (YAML escapes put it there), a bad severity carrying it in another, and a file whose name
    carries it."""
    root = copy_records(tmp_path / "repo", "site", "mkdocs.yml")
    _edit(root, CASE, "contact: Dimas Arya, Bidang Penyelenggaraan Diklat (ext. 5120)",
          "contact: " + json.dumps(ATTACK))
    _edit(root, CASE, "title: Sertifikat pelatihan di e-Learning tidak dapat diunduh",
          "title: " + json.dumps("Sertifikat " + ATTACK))
    _edit(root, "cases/2026/11/PML-20261125-D2X.yaml", "severity: ringan",
          "severity: " + json.dumps("ringan" + ATTACK))
    shutil.copy2(root / "cases/2026/11/PML-20261126-K7P.yaml", root / ODD_NAME)
    return root


def _clean(result: CliResult) -> str:
    shown = result.out + result.err
    assert "Traceback" not in shown and "Kesalahan internal" not in shown, shown[-3000:]
    assert not RAW.search(shown), repr(RAW.search(shown))
    return shown


def test_check_text_names_the_character_and_shows_it(cli: Callable[..., CliResult],
                                                     hostile: Path) -> None:
    result = cli("--repo", str(hostile), "check", "--now", NOW)
    assert result.code == 1
    shown = _clean(result)
    assert f"{CASE}:8:10: text.control_char " in result.out  # the contact's value
    assert f"{CASE}:3:8: text.control_char " in result.out  # the title's value
    assert SHOWN in shown  # the schema finding quotes the value, escaped
    assert visible(ODD_NAME) + ":" in result.out  # the file name is record text too


@pytest.mark.parametrize("lang", ["id", "en"])
def test_junit_is_well_formed_xml(cli: Callable[..., CliResult], hostile: Path,
                                  lang: str) -> None:
    result = cli("--repo", str(hostile), "--lang", lang, "check", "--now", NOW,
                 "--format", "junit")
    assert result.code == 1
    _clean(result)
    root = ET.fromstring(result.out.encode("utf-8"))  # raises on malformed XML
    names = {case.get("name") for case in root.iter("testcase")}
    assert visible(ODD_NAME) in names
    failures = " ".join(f.get("message", "") + (f.text or "") for f in root.iter("failure"))
    assert "\\u001b[2K" in failures


def test_codequality_and_json_parse_and_show_no_raw_character(
        cli: Callable[..., CliResult], hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "gl-code-quality.json"
    result = cli("--repo", str(hostile), "check", "--now", NOW, "--format", "codequality",
                 "--output", str(target))
    assert result.code == 1
    _clean(result)  # the text summary printed beside the file
    issues = json.loads(target.read_text(encoding="utf-8"))
    assert issues and not any(RAW.search(i["description"] + i["location"]["path"])
                              for i in issues)
    data = json.loads(_clean(cli("--repo", str(hostile), "check", "--now", NOW,
                                 "--format", "json")))
    assert ODD_NAME in {f["file"] for f in data}  # JSON keeps the exact path for tools


def test_sla_shows_titles_escaped(cli: Callable[..., CliResult], hostile: Path) -> None:
    result = cli("--repo", str(hostile), "sla", "PML-20261127-RJ4", "--now", NOW)
    _clean(result)
    assert f"PML-20261127-RJ4  Sertifikat {SHOWN}" in result.out


def test_write_command_refuses_and_shows_escaped(cli: Callable[..., CliResult],
                                                 hostile: Path) -> None:
    before = (hostile / CASE).read_bytes()
    result = cli("--repo", str(hostile), "advance", "PML-20261127-RJ4", "assigned", "--by",
                 "hendra", "--officers", "andi", "--now", NOW)
    assert result.code == 1
    shown = _clean(result)
    assert "text.control_char" in shown
    assert (hostile / CASE).read_bytes() == before


def test_site_build_log_shows_escaped(hostile: Path, tmp_path: Path) -> None:
    """MkDocs runs in a process of its own; its log (the Pages job's CI log) names the skipped
    case files, escaped by the plugin."""
    broken = "cases/2026/11/PML-20261127-ZZZ\x1b[2K\r\x1b[32mOK.yaml"
    (hostile / broken).write_text("id: [\n", encoding="utf-8")
    result = build(hostile, tmp_path / "public")
    # built, and exit 1 because files were skipped (as every command counts them)
    assert result.returncode == 1 and (tmp_path / "public" / "index.html").is_file(), \
        result.stderr[-3000:]
    shown = result.stdout + result.stderr
    assert visible(broken) + ":" in shown  # skipped: not YAML
    assert not RAW.search(shown), repr(RAW.search(shown))


def test_tabs_line_breaks_and_spaces_are_text(cli: Callable[..., CliResult],
                                              tmp_path: Path) -> None:
    """The legitimate twins: no finding, and shown as written."""
    root = copy_records(tmp_path / "repo")
    _edit(root, CASE, "contact: Dimas Arya, Bidang Penyelenggaraan Diklat (ext. 5120)",
          "contact: " + json.dumps("Dimas\tArya,\u00a0Bidang\nDiklat \u3000(ext. 5120)"))
    result = cli("--repo", str(root), "check", CASE, "--now", NOW)
    assert result.code == 0, result.out
    assert "text.control_char" not in result.out


def test_complaint_note_with_a_control_character_is_refused(cli: Callable[..., CliResult],
                                                           tmp_path: Path) -> None:
    """What `check` refuses is never written, by any write command; a tab is still text."""
    root = copy_records(tmp_path / "repo")
    rel = "complaints/2026/KLH-20261126-6QM.yaml"
    before = (root / rel).read_bytes()
    args = ("--repo", str(root), "complaint", "note", "KLH-20261126-6QM", "--by", "andi",
            "--at", "2026-11-27T15:00", "--now", NOW, "--note")
    refused = cli(*args, "Catatan" + ATTACK)
    assert refused.code == 1
    assert "--note: Teks berisi karakter kendali tak terlihat \\u001b." in refused.err
    _clean(refused)
    assert (root / rel).read_bytes() == before
    accepted = cli(*args, "Kolom\tdua")
    assert accepted.code == 0, accepted.err
    assert yamlio.load_file(root / rel).data["events"][-1]["note"].startswith("Kolom")


def test_json_output_is_one_write_through_the_escaping_stream(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The escaping stream costs one pass per write: JSON goes out in one write, not one per
    token (10,000 cases' `sla --json` took 77 s streamed token by token)."""
    import io

    from pelihara.cli.common import print_json
    from pelihara.cli.safe_output import VisibleStream

    writes: list[str] = []
    sink = io.StringIO()
    stream = VisibleStream(sink)
    original = stream.write

    def counting(text: str) -> int:
        writes.append(text)
        return original(text)

    monkeypatch.setattr(stream, "write", counting)
    monkeypatch.setattr("sys.stdout", stream)
    print_json({"cases": [{"id": f"PML-{i}", "title": ATTACK} for i in range(1000)]})
    assert len(writes) == 1
    assert json.loads(sink.getvalue())["cases"][0]["title"] == ATTACK
    assert not RAW.search(sink.getvalue())


@given(st.text(alphabet=st.characters(codec="utf-8", max_codepoint=0x2070) | st.sampled_from(
    "\t\n\r\x1b\u202e\u2028"), max_size=40), st.sampled_from(["", "\t\n", "\t\n\r", "\u202e"]))
def test_first_control_is_the_first_unkept_control_character(text: str, keep: str) -> None:
    """`first_control` searches with one pattern per `keep`; it must name exactly the first
    character `visible` would escape as a control, skipping the kept ones."""
    expected = next((c for c in text if c not in keep and visible(c) != c
                     and not ("\ud800" <= c <= "\udfff" or c in "\ufffe\uffff")), None)
    assert first_control(text, keep=keep) == expected
