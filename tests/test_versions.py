"""A case is judged by the version of the standard in force at its first event (issue 10,
item 4): `new` stamps that version, `check` refuses a file naming another, the SLA never
takes its limits from the file's claim, and `check --base` lets a wrong claim be put right."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from helpers import copy_rules, pel
from pelihara.check import run_check
from pelihara.check.basecheck import compare_case
from pelihara.core.standard import Standard, StandardInvalid, load_standard
from pelihara.core.timeparse import WIB, parse_time
from pelihara.i18n.messages import finding_text
from pelihara.records import yamlio

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "standard.yaml").read_text(encoding="utf-8")
STANDARD = load_standard(yamlio.parse(TEXT, "standard.yaml"))
NOW = "2026-11-27T17:00"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_rules(tmp_path / "repo")


@pytest.mark.parametrize(("moment", "version"), [
    (datetime(2024, 12, 31, 23, 59, tzinfo=WIB), None),
    (datetime(2025, 1, 1, 0, 0, tzinfo=WIB), "2025.1"),
    (datetime(2025, 12, 31, 23, 59, tzinfo=WIB), "2025.1"),
    (datetime(2026, 1, 1, 0, 0, tzinfo=WIB), "2026.1"),
    (parse_time("2025-12-31T17:30Z"), "2026.1"),  # 00:30 WIB on 1 January: a WIB date
    (datetime(2026, 4, 21, 9, 0, tzinfo=WIB), "2026.1"),
])
def test_version_in_force_by_the_wib_date(moment: datetime, version: str | None) -> None:
    assert STANDARD.version_in_force(moment) == version


CASE = """\
# yaml-language-server: $schema=../../../schemas/case.schema.json
id: PML-{stamp}-W6N
title: Jawaban ujian daring hilang
application: elearning
unit: pusdiklat
origin: memo
standard_version: "{version}"
events:
  - event: submitted
    at: "{day}T08:30:00+07:00"
    memo: {{number: M-45/PD/2026, date: "{day}", sender: Kepala Pusdiklat, to: hendra}}
"""


def place(root: Path, day: str, version: str) -> str:
    stamp = day.replace("-", "")
    rel = f"cases/{stamp[:4]}/{stamp[4:6]}/PML-{stamp}-W6N.yaml"
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(CASE.format(stamp=stamp, day=day, version=version), "utf-8")
    return rel


def test_check_refuses_a_case_claiming_an_older_version(root: Path) -> None:
    """The issue's case: opened in April 2026, claiming 2025.1 (and its 1-hari B.9)."""
    rel = place(root, "2026-04-21", "2025.1")
    found = [f for f in run_check(root, None, parse_time(NOW)).findings if f.file == rel]
    assert [(f.code, f.line) for f in found] == [("case.version_mismatch", 7)]
    message, fix = finding_text(found[0])
    assert message == ("Kasus dibuka 2026-04-21, saat standar versi 2026.1 berlaku "
                       "(sejak 2026-01-01); berkas menulis versi 2025.1.")
    assert 'Tulis standard_version: "2026.1"' in fix
    place(root, "2026-04-21", "2026.1")
    assert [f for f in run_check(root, None, parse_time(NOW)).findings if f.file == rel] == []


def test_check_accepts_each_version_in_its_own_period(root: Path) -> None:
    old = place(root, "2025-12-22", "2025.1")
    wrong = place(root, "2025-12-23", "2026.1")
    found = {f.file: f.code for f in run_check(root, None, parse_time(NOW)).findings
             if f.file.startswith("cases/")}
    assert old not in found
    assert found[wrong] == "case.version_mismatch"


def test_new_in_the_past_stamps_the_version_in_force_then(root: Path) -> None:
    """`new --at` in 2025 stamped today's version before the fix."""
    code, out, err = pel(root, "new", "--title", "Ekspor laporan realisasi berhenti",
                         "--application", "keuangan", "--unit", "biro-keuangan",
                         "--memo-number", "M-402/KEU/12/2025", "--memo-date", "2025-12-22",
                         "--memo-sender", "Kepala Bagian Perbendaharaan", "--memo-to", "hendra",
                         "--at", "2025-12-22T09:00", "--now", NOW)
    assert code == 0, err
    data = yaml.safe_load((root / out.split(":")[0]).read_text(encoding="utf-8"))
    assert data["standard_version"] == "2025.1"


def _document(root: Path, rel: str) -> yamlio.Document:
    return yamlio.load_file(root / rel, rel)


def test_check_base_lets_a_wrong_claim_be_put_right_and_nothing_else(root: Path) -> None:
    rel = place(root, "2026-04-21", "2025.1")
    base = (root / rel).read_bytes()
    place(root, "2026-04-21", "2026.1")
    assert compare_case(base, _document(root, rel), STANDARD) == []
    right = (root / rel).read_bytes()
    place(root, "2026-04-21", "2025.1")
    refused = compare_case(right, _document(root, rel), STANDARD)
    assert [(f.code, f.params["field"]) for f in refused] == [
        ("history.field_changed", "standard_version")]


def broken(text: str) -> list[str]:
    with pytest.raises(StandardInvalid) as info:
        load_standard(yamlio.parse(text, "standard.yaml"))
    return [f.code for f in info.value.findings]


def test_the_standard_says_when_each_version_took_effect() -> None:
    unlisted = re.sub(r'(?m)^version: ".*"$', 'version: "2099.1"', TEXT, count=1)
    assert "standard.version_not_listed" in broken(unlisted)
    twice = TEXT.replace('effective_from: "2026-01-01"', 'effective_from: "2025-01-01"')
    assert "standard.same_effective_from" in broken(twice)
    standard: Standard = load_standard(yamlio.parse(TEXT, "standard.yaml"))
    assert [v for _, v in standard.effective][:2] == ["2025.1", "2026.1"]
    assert [start for start, _ in standard.effective] == sorted(
        start for start, _ in standard.effective)
