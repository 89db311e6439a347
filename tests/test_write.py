"""The write commands: text edits that keep the file, atomic writes, one commit per step, and
a round trip along both paths that passes `check --base` at every commit."""

from __future__ import annotations

import json
import random
from datetime import datetime
from pathlib import Path

import pytest

from helpers import FIXTURES, committed, copy_rules, git, pel
from pelihara.core.errors import PeliharaError
from pelihara.core.timeparse import WIB
from pelihara.records import casewrite

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-27T16:00"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed(copy_rules(tmp_path / "repo"), monkeypatch)


COMMON = ["--now", NOW, "--commit"]
RINGAN = [
    ["received", "--by", "dewi", "--at", "2026-11-27T08:20"],
    ["B.3", "--by", "hendra", "--officers", "andi,budi", "--at", "2026-11-27T08:40"],
    ["analysed", "--by", "andi", "--severity", "ringan", "--findings", "Layanan berhenti.",
     "--components", "software", "--at", "2026-11-27T09:30"],
    ["repaired", "--by", "andi", "--test", "a=lulus:Modul diuji", "--test", "b=lulus",
     "--test", "c=lulus", "--at", "2026-11-27T11:00"],
    ["reported", "--by", "andi", "--report-number", "LAP-1/BDI/11/2026", "--summary",
     "Layanan dijalankan ulang.", "--attachment", "berita-acara.pdf", "--at", "2026-11-27T13:30"],
    ["restored", "--by", "andi", "--confirmed-by", "Kepala Subbagian TU", "--at",
     "2026-11-27T14:00"],
]
BERAT = [
    *RINGAN[:2],
    ["analysed", "--by", "andi", "--severity", "berat", "--findings", "Basis data rusak.",
     "--components", "database", "--at", "2026-11-27T09:30"],
    ["vendor_notified", "--by", "andi", "--vendor", "nusantara-sistem", "--letter-number",
     "B-101/BDI/11/2026", "--letter-date", "2026-11-27", "--tembusan", "biro-sdm", "--at",
     "2026-11-27T10:00"],
    ["coordinated", "--meeting-date", "2026-11-27T10:30", "--attendee", "Andi (Biro DI)",
     "--attendee", "Perwakilan pengembang", "--minutes", "NR-1/BDI/11/2026", "--at",
     "2026-11-27T11:00"],
    ["vendor_analysed", "--findings", "Indeks rusak.", "--cause", "Disk penuh", "--at",
     "2026-11-27T13:30"],
    ["repaired", "--by", "andi", "--test", "a=lulus", "--test", "b=lulus", "--test", "c=lulus",
     "--at", "2026-11-27T14:30"],
    ["reported", "--by", "andi", "--report-number", "LAP-2/BDI/11/2026", "--summary",
     "Indeks dibangun ulang.", "--at", "2026-11-27T15:00"],
    ["restored", "--by", "andi", "--confirmed-by", "Kepala Subbagian TU", "--at",
     "2026-11-27T15:30"],
]


def open_case(root: Path) -> str:
    code, out, err = pel(root, "new", "--title", "SIMPEG tidak dapat diakses",
                         "--application", "kepegawaian", "--unit", "biro-sdm", "--memo-number",
                         "M-7/SDM/11/2026", "--memo-date", "2026-11-27", "--memo-sender",
                         "Kepala Biro SDM", "--memo-to", "hendra", "--at", "2026-11-27T08:00",
                         "--json", *COMMON)
    assert code == 0, err
    return str(json.loads(out)["case"])


def assert_check_base_passes(root: Path) -> None:
    """Exit 0 with no finding but, for an approval Dewi recorded for the Kepala Biro (the
    disposisi, a hold), the warning that names who must still approve the merge request."""
    code, out, err = pel(root, "check", "--base", "HEAD~1", "--now", NOW, "--format", "json")
    found = json.loads(out)
    assert code == 0, out + err
    assert {(f["code"], f["severity"]) for f in found} <= {("approval.unproven", "warning")}, out


@pytest.mark.parametrize("steps", [RINGAN, BERAT], ids=["ringan", "berat"])
def test_round_trip_each_commit_passes_check_base(root: Path, steps: list[list[str]]) -> None:
    case_id = open_case(root)
    assert_check_base_passes(root)
    for step in steps:
        before = git(root, "rev-parse", "HEAD")
        code, _, err = pel(root, "advance", case_id, *step, *COMMON)
        assert code == 0, err
        assert git(root, "rev-list", "--count", f"{before.strip()}..HEAD").strip() == "1"
        added, removed, _ = git(root, "diff", "--numstat", "HEAD~1").split("\t")
        assert removed == "0" and int(added) > 0  # a transition only adds lines
        assert_check_base_passes(root)
    log = git(root, "log", "--format=%s").splitlines()
    assert log[0] == f"{case_id}: reported → restored"
    assert f"{case_id}: ∅ → submitted" in log
    assert git(root, "status", "--porcelain") == ""
    code, _, err = pel(root, "check", "--now", NOW)
    assert code == 0, err


def test_hold_resume_cancel_write_one_commit_each(root: Path) -> None:
    case_id = open_case(root)
    pel(root, "advance", case_id, "received", "--by", "dewi", "--at", "2026-11-27T08:20",
        *COMMON)
    for args in (["hold", case_id, "--by", "dewi", "--reason", "Menunggu suku cadang",
                  "--approved-by", "hendra", "--at", "2026-11-27T08:30"],
                 ["resume", case_id, "--by", "dewi", "--at", "2026-11-27T10:00"],
                 ["cancel", case_id, "--by", "dewi", "--reason", "ditarik", "--at",
                  "2026-11-27T10:30"]):
        code, _, err = pel(root, *args, *COMMON)
        assert code == 0, err
        assert_check_base_passes(root)
    assert git(root, "log", "-3", "--format=%s").splitlines() == [
        f"{case_id}: received → cancelled", f"{case_id}: held → received",
        f"{case_id}: received → held"]


def test_a_result_that_fails_the_check_is_not_written(root: Path) -> None:
    case_id = open_case(root)
    path = next((root / "cases").glob(f"*/*/{case_id}.yaml"))
    before, head = path.read_bytes(), git(root, "rev-parse", "HEAD")
    code, _, err = pel(root, "advance", case_id, "received", *COMMON)
    assert code == 1 and "--by: wajib" in err and "Berkas tidak ditulis" in err  # schema
    code, _, err = pel(root, "advance", case_id, "assigned", "--by", "hendra", "--officers",
                       "andi", *COMMON)
    assert code == 2 and "'submitted → assigned' tidak diizinkan" in err  # skips B.2a's end
    code, _, err = pel(root, "advance", case_id, "received", "--at", "2026-11-29T08:00",
                       "--by", "dewi", "--lang", "en", *COMMON)
    assert code == 1 and "future" in err and "Nothing written" in err
    assert path.read_bytes() == before and git(root, "rev-parse", "HEAD") == head
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_unknown_case_and_step_are_usage_errors(root: Path) -> None:
    assert pel(root, "advance", "PML-20261127-ZZZ", "received")[0] == 2
    case_id = open_case(root)
    code, _, err = pel(root, "advance", case_id, "fixed", "--now", NOW)
    assert code == 2 and "received" in err


def test_append_keeps_comments_order_and_quoting() -> None:
    text = (FIXTURES / "cases/2026/11/PML-20261103-4QX.yaml").read_text()
    text = text.replace("events:\n", "events:  # riwayat\n") + "# catatan penutup\n"
    event = {"event": "note", "at": "2026-11-05T08:00:00+07:00", "by": "andi", "note": "no"}
    result = casewrite.append_event(text, event)
    added = result.splitlines()[len(text.splitlines()) - 1:-1]
    assert result.startswith(text[:-len("# catatan penutup\n")])
    assert result.endswith("# catatan penutup\n")
    assert added == ["  - event: note", '    at: "2026-11-05T08:00:00+07:00"', "    by: andi",
                     '    note: "no"']


def test_append_refuses_a_layout_it_cannot_extend_by_adding_lines() -> None:
    text = 'id: PML-20261103-4QX\nevents: [{event: submitted, at: "2026-11-03T08:00"}]\n'
    with pytest.raises(PeliharaError) as caught:
        casewrite.append_event(text, {"event": "received"})
    assert caught.value.code == "write.layout"


def test_new_ids_use_the_wib_date_and_skip_taken_ones() -> None:
    opened = datetime(2026, 11, 27, 18, 30, tzinfo=WIB).astimezone(WIB)
    rng = random.Random(1)
    first = casewrite.new_case_id(opened, set(), random.Random(1).randrange)
    again = casewrite.new_case_id(opened, {first}, random.Random(1).randrange)
    assert first.startswith("PML-20261127-") and again != first
    assert all(c in casewrite.CROCKFORD for c in first[-3:])
    with pytest.raises(PeliharaError):
        casewrite.new_case_id(opened, {f"PML-20261127-{'0' * 3}"}, lambda _n: 0)
    assert rng.random() < 1  # the generator is injected, never global state


def test_write_atomic_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("lama\n")
    target.chmod(0o640)
    casewrite.write_atomic(target, "baru\n")
    assert target.read_text() == "baru\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]
