"""A time is never silently changed (issue 10, item 2).

`datetime.fromisoformat` reads `2026-11-27T16.20` as 16:00:00.2 and `2026-11-27` as midnight.
Every place Pelihara reads a time goes through `timeparse.parse_time`: on the command line
`16.20` means 16:20 and is stored as 16:20; in record files it is refused with the colon form as
the fix; a date alone is refused everywhere with a hint.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from helpers import copy_rules, pel
from pelihara.check import run_check
from pelihara.core.timeparse import WIB, TimeTextError, parse_date, parse_time
from pelihara.i18n.messages import finding_text

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-27T17:00"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_rules(tmp_path / "repo", "mkdocs.yml")


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-27T16.20", datetime(2026, 11, 27, 16, 20, tzinfo=WIB)),
    ("2026-11-27 16.20", datetime(2026, 11, 27, 16, 20, tzinfo=WIB)),
    ("2026-11-27 9.05", datetime(2026, 11, 27, 9, 5, tzinfo=WIB)),
    ("2026-11-27T16.20.30+07:00", datetime(2026, 11, 27, 16, 20, 30, tzinfo=WIB)),
    ("2026-11-27T16:20", datetime(2026, 11, 27, 16, 20, tzinfo=WIB)),
    ("2026-11-27T09:20Z", datetime(2026, 11, 27, 16, 20, tzinfo=WIB)),
    ("2026-11-27T16:20:00.5", datetime(2026, 11, 27, 16, 20, 0, 500000, tzinfo=WIB)),
])
def test_typed_times_mean_hours_and_minutes(text: str, expected: datetime) -> None:
    assert parse_time(text, lenient=True) == expected


@pytest.mark.parametrize(("text", "lenient", "code", "suggestion"), [
    ("2026-11-27T16.20", False, "time.dotted", "2026-11-27T16:20"),
    ("2026-11-27 9.05", False, "time.dotted", "2026-11-27T09:05"),
    ("2026-11-27", True, "time.date_only", "2026-11-27T08:00"),
    ("2026-11-27", False, "time.date_only", "2026-11-27T08:00"),
    ("2026-11-27T16", True, "time.not_understood", "2026-11-27T16:00"),
    ("2026-11-27T1620", True, "time.not_understood", "2026-11-27T16:20"),
    ("2026-11-27T16:20:00.5", False, "time.not_understood", "2026-11-27T16:20:00"),
    ("2026-11-27T16:20.5", True, "time.not_understood", "2026-11-27T16:20"),
    ("2026-11-27T16,20", True, "time.not_understood", "2026-11-27T16:20"),
    ("2026-W48-5T16:20", True, "time.not_understood", "2026-11-27T16:20"),
    (" 2026-11-27T16:20", False, "time.not_understood", "2026-11-27T16:20"),
    ("2026-02-30T10:00", True, "time.impossible", "2026-11-27T16:20"),
    ("2026-11-27T24:00", True, "time.impossible", "2026-11-27T16:20"),
    ("2026-11-27T16.75", True, "time.impossible", "2026-11-27T16:20"),
    ("besok", True, "time.not_understood", "2026-11-27T16:20"),
])
def test_refused_times_say_why_and_what_was_meant(text: str, lenient: bool, code: str,
                                                  suggestion: str) -> None:
    with pytest.raises(TimeTextError) as caught:
        parse_time(text, lenient=lenient)
    assert (caught.value.code, caught.value.suggestion) == (code, suggestion)


def test_dates_are_dates_only() -> None:
    assert parse_date("2026-11-27").isoformat() == "2026-11-27"
    for text, code in (("2026-11-27T10:00", "time.not_a_date"), ("27-11-2026", "time.not_a_date"),
                       ("2026-13-01", "time.impossible")):
        with pytest.raises(TimeTextError) as caught:
            parse_date(text)
        assert caught.value.code == code, text


def test_advance_at_with_a_dot_stores_the_minutes_meant(root: Path) -> None:
    """The issue's own run: `--at 2026-11-27T16.20` stored 16:00:00 and exited 0."""
    code, out, err = pel(root, "new", "--title", "Presensi daring tidak dapat diakses",
                         "--application", "presensi", "--unit", "biro-sdm",
                         "--memo-number", "M-7/SDM/11/2026", "--memo-date", "2026-11-27",
                         "--memo-sender", "Kepala Biro SDM", "--memo-to", "hendra",
                         "--at", "2026-11-27 15.05", "--now", NOW)
    assert code == 0, err
    path = root / out.split(":")[0]
    code, _, err = pel(root, "advance", path.stem, "received", "--by", "dewi",
                       "--at", "2026-11-27T16.20", "--now", NOW)
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    assert 'at: "2026-11-27T15:05:00+07:00"' in text
    assert 'at: "2026-11-27T16:20:00+07:00"' in text
    assert "16:00:00" not in text


def test_write_commands_refuse_a_date_without_a_time_and_write_nothing(root: Path) -> None:
    before = sorted(p for p in root.rglob("*") if p.is_file())
    code, out, err = pel(root, "new", "--title", "Presensi daring tidak dapat diakses",
                         "--application", "presensi", "--unit", "biro-sdm",
                         "--memo-number", "M-7/SDM/11/2026", "--memo-date", "2026-11-27",
                         "--memo-sender", "Kepala Biro SDM", "--memo-to", "hendra",
                         "--at", "2026-11-27", "--now", NOW)
    assert code == 2 and out == ""
    assert "--at: '2026-11-27' hanya berisi tanggal, tanpa jam." in err
    assert "2026-11-27T08:00" in err and "00.00" in err
    assert sorted(p for p in root.rglob("*") if p.is_file()) == before
    code, _, err = pel(root, "new", "--title", "Presensi daring tidak dapat diakses",
                       "--application", "presensi", "--unit", "biro-sdm",
                       "--memo-number", "M-7/SDM/11/2026", "--memo-date", "2026-11-27T09:00",
                       "--memo-sender", "Kepala Biro SDM", "--memo-to", "hendra",
                       "--at", "2026-11-27T09:00", "--now", NOW, "--lang", "en")
    assert code == 2 and "--memo-date: '2026-11-27T09:00' is not a YYYY-MM-DD date." in err


def test_calendar_reads_a_dot_as_minutes(root: Path) -> None:
    """Friday 27 Nov 2026 works until 16:30: 16.20 → 16:30 is 10 minutes (16:00:00.2 gave 30)."""
    code, out, err = pel(root, "calendar", "minutes", "2026-11-27 16.20", "2026-11-27T16:30",
                         "--json")
    assert code == 0, err
    assert '"working_minutes": 10' in out
    code, out, err = pel(root, "calendar", "deadline", "2026-11-27", "2 jam")
    assert code == 2 and "START: '2026-11-27' hanya berisi tanggal" in err


@pytest.mark.parametrize("command", [["sla"], ["check"], ["site", "build"],
                                     ["calendar", "minutes", "2026-11-27T08:00",
                                      "2026-11-27T09:00"]])
def test_now_without_a_time_is_refused_everywhere(root: Path, command: list[str]) -> None:
    code, out, err = pel(root, *command, "--now", "2026-11-27")
    if command[0] == "calendar":  # calendar takes its moments as arguments, not --now
        assert code == 2 and "--now" in err
        return
    assert code == 2, out + err
    assert "--now: '2026-11-27' hanya berisi tanggal, tanpa jam." in err
    assert not (root / "public").exists()


def test_sla_now_with_a_dot_is_the_minute_meant(root: Path) -> None:
    code, out, err = pel(root, "sla", "--now", "2026-11-27 16.20", "--json")
    assert code == 0, err
    assert '"now": "2026-11-27T16:20:00+07:00"' in out


CASE = """\
# yaml-language-server: $schema=../../../schemas/case.schema.json
id: PML-20261127-4QX
title: Disposisi elektronik gagal terkirim
application: persuratan
unit: biro-umum
origin: memo
standard_version: "2026.1"
events:
  - event: submitted
    at: "2026-11-27T08:05:00+07:00"
    memo: {number: M-1/BU/11/2026, date: "2026-11-27", sender: Kepala Biro Umum, to: hendra}
  - event: received
    at: {at}
    by: dewi
"""


@pytest.mark.parametrize(("written", "code", "message", "fix"), [
    ('"2026-11-27T16.20"', "time.dotted", "at: jam pada '2026-11-27T16.20' ditulis dengan titik.",
     "tulis jam dengan titik dua: 2026-11-27T16:20"),
    ("2026-11-27", "time.date_only", "at: '2026-11-27' hanya berisi tanggal, tanpa jam.",
     "misalnya 2026-11-27T08:00"),
    ('"2026-11-27T16:20:00.5"', "time.not_understood",
     "at: waktu '2026-11-27T16:20:00.5' tidak dikenali.", "seperti 2026-11-27T16:20:00"),
])
def test_record_files_refuse_with_one_finding_and_the_fix(root: Path, written: str, code: str,
                                                          message: str, fix: str) -> None:
    path = root / "cases/2026/11/PML-20261127-4QX.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(CASE.replace("{at}", written), encoding="utf-8")
    now = parse_time("2026-11-27T17:00")
    found = [f for f in run_check(root, [path], now).findings if f.file.startswith("cases/")]
    assert [(f.code, f.line, f.column) for f in found] == [(code, 13, 9)]
    said, how = finding_text(found[0])
    assert said == message and fix in how


def test_site_plugin_now_reads_like_the_cli(root: Path) -> None:
    """`mkdocs build` with PELIHARA_NOW set by hand: a date alone stops the build with the
    same message as `--now`, instead of building the site as of midnight."""
    shutil.copytree(ROOT / "site", root / "site")
    env = {"PATH": "/usr/bin:/bin", "PELIHARA_NOW": "2026-11-27", "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build",
                           "-q", "-f", str(root / "mkdocs.yml")], cwd=root, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode != 0
    assert "PELIHARA_NOW: '2026-11-27' hanya berisi tanggal, tanpa jam." in proc.stderr
