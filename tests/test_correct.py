"""Corrections have a command (issue 10, item 7): `pelihara correct CASE EVENT --reason …
--set FIELD=VALUE … [--commit]`, checked before writing like the other write commands, and
documented in the Panduan with an example that this test runs as written."""

from __future__ import annotations

import html
import json
import re
import shlex
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from helpers import committed, copy_records, git, pel
from pelihara.i18n.messages import hint
from pelihara.site.generator import generate
from pelihara.site.sections import reference

ROOT = Path(__file__).resolve().parents[1]
CASE = "PML-20261127-RJ4"  # open at B.3 in the sample data: submitted, received
FILE = f"cases/2026/11/{CASE}.yaml"
NOW = "2026-11-27T16:05"
GUIDE = (ROOT / "site" / "panduan.md").read_text(encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed(copy_records(tmp_path / "repo"), monkeypatch, "2026-11-27T16:05:00+07:00")


def guide_section() -> str:
    start = GUIDE.index("### Meralat peristiwa yang sudah tercatat: `pelihara correct`")
    return GUIDE[start:GUIDE.index("\n### ", start + 1)]


def guide_commands() -> list[list[str]]:
    """The `pelihara correct` lines of the Panduan's example, continuations joined."""
    block = re.search(r"```bash\n(.*?)```", guide_section(), re.S)
    assert block is not None
    text = block.group(1).replace("\\\n", " ")
    return [shlex.split(line)[1:] for line in text.splitlines() if line.startswith("pelihara")]


def test_the_panduan_example_runs_as_written(repo: Path) -> None:
    commands = guide_commands()
    assert [c[:2] for c in commands] == [["correct", CASE]] * 2
    before = (repo / FILE).read_text(encoding="utf-8")
    for command in commands:
        code, out, err = pel(repo, *command, "--now", NOW)
        assert code == 0, err
    assert git(repo, "log", "--format=%s", "-2").splitlines() == [
        f"{CASE}: correction of event 1 (submitted)", f"{CASE}: correction of event 2 (received)"]
    after = (repo / FILE).read_text(encoding="utf-8")
    assert after.startswith(before)  # history only grows
    shown = re.search(r"```yaml\n(.*?)```", guide_section(), re.S)
    assert shown is not None and shown.group(1) in after[len(before):]
    events = yaml.safe_load(after)["events"]
    assert events[-1]["changes"] == {"memo": {
        "number": "M-119/PUSDIKLAT/PD/11/2026", "date": "2026-11-27",
        "sender": "Kepala Bidang Penyelenggaraan Diklat, Pusdiklat", "to": "hendra"}}
    code, out, err = pel(repo, "check", "--base", "HEAD~2", "--now", NOW, "--format", "json")
    findings = json.loads(out)
    assert code == 0 and [f for f in findings if f["file"] == FILE or f["severity"] == "error"] \
        == [], out + err
    code, out, err = pel(repo, "sla", CASE, "--now", NOW, "--json")
    assert code == 0, err
    steps = {s["step"]: s for s in json.loads(out)["cases"][0]["steps"]}
    assert steps["B.2a"]["end"] == "2026-11-27T14:40:00+07:00"  # the corrected receipt
    assert steps["B.2a"]["used_minutes"] == 30


def refused(repo: Path, *args: str) -> tuple[int, str]:
    before = (repo / FILE).read_bytes()
    head = git(repo, "rev-parse", "HEAD")
    code, out, err = pel(repo, "correct", CASE, *args, "--now", NOW, "--commit")
    assert out == "" and code in (1, 2), err
    assert (repo / FILE).read_bytes() == before and git(repo, "rev-parse", "HEAD") == head
    return code, err


@pytest.mark.parametrize(("args", "code", "said"), [
    (["2"], 1, "--by, --reason dan --set: wajib untuk koreksi peristiwa 2."),
    (["2", "--by", "dewi", "--reason", "x", "--set", "bogus=1"], 2,
     "Peristiwa tidak memiliki kolom 'bogus'."),
    (["2", "--by", "dewi", "--reason", "x", "--set", "event=held"], 2,
     "Kolom 'event' tidak dapat dikoreksi."),
    (["2", "--by", "dewi", "--reason", "x", "--set", "at"], 2, "--set 'at' tidak dapat dibaca."),
    (["2", "--by", "dewi", "--reason", "x", "--set", "at=2026-11-27"], 2,
     "--set at: '2026-11-27' hanya berisi tanggal, tanpa jam."),
    (["7", "--by", "dewi", "--reason", "x", "--set", "by=andi"], 1,
     "PERISTIWA: peristiwa #7 tidak ada, atau berupa koreksi atau catatan."),
    (["2", "--by", "dewi", "--reason", "x", "--set", "by=zaenal"], 1,
     "--set by: Pegawai 'zaenal' tidak ada di registry/staff.yaml."),
    (["2", "--by", "dewi", "--reason", "x", "--set", "at=2026-11-27 17.30"], 1,
     "--set at:"),  # after now: the corrected history is checked too
])
def test_a_correction_is_checked_before_anything_is_written(repo: Path, args: list[str],
                                                            code: int, said: str) -> None:
    got, err = refused(repo, *args)
    assert got == code and said in err, err
    assert not re.search(r"\.yaml:\d+:\d+", err), err  # nothing points into an unwritten file


def test_a_closed_case_cannot_be_corrected(repo: Path) -> None:
    before = (repo / "cases/2026/11/PML-20261103-4QX.yaml").read_bytes()
    code, _, err = pel(repo, "correct", "PML-20261103-4QX", "2", "--by", "dewi", "--reason",
                       "x", "--set", "at=2026-11-03 09.00", "--now", NOW)
    assert code == 2 and "setelah kasus berstatus akhir 'restored'" in err
    assert (repo / "cases/2026/11/PML-20261103-4QX.yaml").read_bytes() == before


def test_the_command_is_in_the_reference_and_check_base_points_to_it(repo_root: Path) -> None:
    pages = generate(repo_root, datetime(2026, 11, 28, 2, tzinfo=UTC), with_history=False,
                     only=["reference"]).pages
    page = html.unescape(pages[reference.CLI_PAGE])
    assert "<code>pelihara correct</code>" in page and "--set KOLOM=NILAI" in page
    for code in ("history.event_edited", "history.event_removed", "sla.late_without_reason"):
        assert "pelihara correct" in hint(code, {"index": 3}), code
