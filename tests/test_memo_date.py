"""B.2a measures the delivery of the memo (issue 10, item 5): from its sending (`at` of the
submitted event) to its receipt. A memo dated after it was sent is an error; a memo dated
earlier is timed from its sending all the same, and standard.yaml and the Panduan say so."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from helpers import copy_rules
from pelihara.check import run_check
from pelihara.core import sla
from pelihara.core.calendar import calendar_for
from pelihara.core.model import Case
from pelihara.core.standard import load_standard
from pelihara.core.timeparse import parse_time
from pelihara.i18n.messages import finding_text
from pelihara.records import yamlio
from pelihara.site.generator import generate

ROOT = Path(__file__).resolve().parents[1]
STANDARD = load_standard(yamlio.load_file(ROOT / "standard.yaml", "standard.yaml"))
NOW = parse_time("2026-11-27T17:00")

CASE = """\
# yaml-language-server: $schema=../../../schemas/case.schema.json
id: PML-20261110-M3V
title: Pencarian teks penuh JDIH kosong
application: jdih
unit: biro-hukum
origin: memo
standard_version: "2026.1"
events:
  - event: submitted
    at: "2026-11-10T08:00:00+07:00"
    memo:
      number: M-077/HK/11/2026
      date: "{memo_date}"
      sender: Kepala Bagian Dokumentasi Hukum
      to: hendra
  - event: received
    at: "2026-11-10T08:30:00+07:00"
    by: dewi
"""
REL = "cases/2026/11/PML-20261110-M3V.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_rules(tmp_path / "repo")


def findings(root: Path, memo_date: str, extra: str = "") -> list[tuple[str, int]]:
    path = root / REL
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CASE.format(memo_date=memo_date) + extra, encoding="utf-8")
    return [(f.code, f.line) for f in run_check(root, [path], NOW).findings if f.file == REL]


def test_a_memo_dated_after_its_sending_is_refused(root: Path) -> None:
    """The issue's case: a memo dated two weeks after it was sent passed before."""
    assert findings(root, "2026-11-24") == [("case.memo_after_sending", 13)]
    assert findings(root, "2026-11-11") == [("case.memo_after_sending", 13)]
    path = root / REL
    found = next(f for f in run_check(root, [path], NOW).findings if f.file == REL)
    assert finding_text(found)[0] == "Memo bertanggal 2026-11-11, sesudah waktu pengirimannya " \
                              "(2026-11-10 08:00 WIB)."


@pytest.mark.parametrize("memo_date", ["2026-11-10", "2026-11-05"])
def test_a_memo_dated_on_or_before_its_sending_is_accepted(root: Path, memo_date: str) -> None:
    assert findings(root, memo_date) == []


def test_a_correction_cannot_date_the_memo_after_its_sending(root: Path) -> None:
    correction = """\
  - event: correction
    at: "2026-11-10T09:00:00+07:00"
    by: dewi
    refers_to: 1
    reason: Tanggal memo salah ketik.
    changes:
      memo: {number: M-077/HK/11/2026, date: "2026-11-12", sender: Kepala Bagian Dokumentasi,
             to: hendra}
"""
    assert findings(root, "2026-11-10", correction) == [("case.memo_after_sending", 13)]


def b2a(memo_date: str) -> sla.StepSla:
    data: dict[str, Any] = yamlio.parse(CASE.format(memo_date=memo_date), REL).data
    result = sla.evaluate(STANDARD, calendar_for(STANDARD), Case.from_data(data, REL), NOW)
    return next(s for s in result.steps if s.step_id == "B.2a")


def test_b2a_runs_from_the_sending_whatever_the_memo_is_dated() -> None:
    """Written down in standard.yaml (B.2a `timing`) and the Panduan: a memo signed on Thursday
    5 November and sent on Tuesday 10 November at 08:00 is timed from Tuesday 08:00, so its
    B.2a is the 30 minutes to its receipt, the same as a memo dated on the day it was sent."""
    same_day, earlier = b2a("2026-11-10"), b2a("2026-11-05")
    for step in (same_day, earlier):
        assert (step.start, step.end) == (parse_time("2026-11-10T08:00"),
                                          parse_time("2026-11-10T08:30"))
        assert (step.used_minutes, step.late) == (30, False)


def test_the_rule_is_written_down_where_staff_read_it(repo_root: Path) -> None:
    b2a_timing = STANDARD.steps["B.2a"].timing or ""
    assert "dikirim" in b2a_timing and "lebih awal" in b2a_timing
    assert "case.memo_after_sending" in b2a_timing
    page = html.unescape(generate(repo_root, datetime(2026, 11, 28, 2, tzinfo=UTC),
                                  with_history=False,
                                  only=["standard_page"]).pages["standar/index.md"])
    assert f"Cara pengukuran:</strong> {b2a_timing}" in page
    guide = (ROOT / "site" / "panduan.md").read_text(encoding="utf-8")
    assert "ditandatangani kemarin dan dikirim pagi ini diukur dari pengirimannya" in guide
