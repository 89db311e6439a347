"""Write commands speak in their own options (issue 10, item 6).

A refused write names the option to add (`--late-reason`, `--report-number`, `--by`), never a
line of a file it did not write; required options are marked in `--help`; a move the workflow
does not allow is said before any missing field; `new` says what `--at` is and records the
receipt in the same command."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import committed, copy_rules, git, pel
from pelihara.cli.write import EVENT_NEEDS, needed_options
from pelihara.core.rules.cases import EVIDENCE_FIELDS
from pelihara.records.repo import Repository

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-27T16:00"
POSITION = re.compile(r"\.yaml:\d+:\d+")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed(copy_rules(tmp_path / "repo"), monkeypatch)


NEW = ["new", "--title", "SIMPEG tidak dapat dibuka", "--application", "kepegawaian",
       "--unit", "biro-sdm", "--memo-number", "M-7/SDM/11/2026", "--memo-date", "2026-11-27",
       "--memo-sender", "Kepala Biro SDM", "--memo-to", "hendra", "--at", "2026-11-27 08.00",
       "--now", NOW]


def open_case(root: Path, *extra: str) -> str:
    code, out, err = pel(root, *NEW, *extra, "--json")
    assert code == 0, err
    return str(json.loads(out)["case"])


def to_repaired(root: Path, case_id: str) -> None:
    for step in (["received", "--by", "dewi", "--at", "2026-11-27 08.20"],
                 ["B.3", "--by", "hendra", "--officers", "andi", "--at", "2026-11-27 08.40"],
                 ["analysed", "--by", "andi", "--severity", "ringan", "--findings", "Layanan mati.",
                  "--at", "2026-11-27 09.30"],
                 ["repaired", "--by", "andi", "--test", "a=lulus", "--test", "b=lulus",
                  "--test", "c=lulus", "--at", "2026-11-27 10.00"]):
        code, _, err = pel(root, "advance", case_id, *step, "--now", NOW)
        assert code == 0, err


def refused(root: Path, case_id: str, *args: str) -> str:
    before = (root / f"cases/2026/11/{case_id}.yaml").read_text(encoding="utf-8")
    code, out, err = pel(root, *args)
    assert code == 1 and out == "", err
    assert (root / f"cases/2026/11/{case_id}.yaml").read_text(encoding="utf-8") == before
    assert "Berkas tidak ditulis" in err or "Nothing written" in err
    return err


def test_a_refused_advance_names_the_options_not_a_line_of_an_unwritten_file(root: Path) -> None:
    """The issue's words: "Kolom wajib 'report'" and "Tambahkan 'late_reason:'", with a line of
    a file that was never written. B.9 from 10:00 to 14:00 on a Friday (11:30–13:00 is the
    break) is 150 working minutes of 120; the late step is named with the missing fields, not
    after them."""
    case_id = open_case(root)
    to_repaired(root, case_id)
    err = refused(root, case_id, "advance", case_id, "reported", "--at", "2026-11-27 14.00",
                  "--now", NOW)
    assert "--by, --report-number dan --summary: wajib untuk langkah B.9 (Laporan hasil " \
           "perbaikan dan pemeliharaan)." in err
    assert "Tambahkan --by, --report-number dan --summary pada perintah ini." in err
    assert "--late-reason: B.9 melewati batasnya: 150 menit kerja dari batas 120 menit." in err
    assert "Tambahkan --late-reason" in err
    assert not POSITION.search(err), err
    for file_words in ("Kolom wajib", "'report'", "late_reason", "'by'"):
        assert file_words not in err, file_words
    code, _, err = pel(root, "advance", case_id, "reported", "--at", "2026-11-27 14.00",
                       "--by", "andi", "--report-number", "LAP-1/BDI/11/2026", "--summary",
                       "Layanan dijalankan ulang.", "--late-reason", "Menunggu berita acara.",
                       "--now", NOW)
    assert code == 0, err


def test_a_wrong_value_is_named_by_its_option_too(root: Path) -> None:
    case_id = open_case(root)
    err = refused(root, case_id, "advance", case_id, "received", "--by", "dewwi",
                  "--at", "2026-11-27 08.20", "--now", NOW, "--lang", "en")
    assert "--by: Staff member 'dewwi' is not in registry/staff.yaml." in err
    assert not POSITION.search(err), err


def test_faults_of_the_existing_file_keep_their_position(root: Path) -> None:
    """What the person can open keeps its file:line:col; what the command built does not."""
    case_id = open_case(root)
    path = root / f"cases/2026/11/{case_id}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("to: hendra", "to: andi"),
                    encoding="utf-8")
    err = refused(root, case_id, "advance", case_id, "received", "--by", "dewi", "--at",
                  "2026-11-27 08.20", "--now", NOW)
    assert re.search(rf"cases/2026/11/{case_id}\.yaml:\d+:\d+: requirement\.memo_not_to_head",
                     err), err
    assert "--memo-to" not in err  # `advance` has no such option: the file is the one to mend


def test_new_names_its_own_options(root: Path) -> None:
    code, out, err = pel(root, *[a for a in NEW if a not in ("--memo-to", "hendra")])
    assert code == 1 and out == "", err
    assert "--memo-to: wajib untuk kasus dari memo." in err
    assert not POSITION.search(err), err
    code, _, err = pel(root, *[a if a != "2026-11-27" else "2026-11-28" for a in NEW])
    assert code == 1
    assert "--memo-date: memo bertanggal 2026-11-28, sesudah waktu kirimnya" in err
    code, _, err = pel(root, *NEW, "--received-at", "2026-11-27 08.20")
    assert code == 1 and "--by: wajib untuk kasus dari memo." in err
    assert not (root / "cases").exists()


@pytest.mark.parametrize(("command", "expected"), [
    (["advance", "{case}", "analysed"], "workflow.illegal_transition"),   # skips B.3
    (["advance", "{case}", "B.4"], "write.step_not_next"),
    (["hold", "{case}"], None),
])
def test_an_illegal_move_is_said_before_missing_fields(root: Path, command: list[str],
                                                       expected: str | None) -> None:
    case_id = open_case(root)
    code, _, err = pel(root, "advance", case_id, "received", "--by", "dewi", "--at",
                       "2026-11-27 08.20", "--now", NOW)
    assert code == 0, err
    if expected is None:  # hold a closed case: close it first (cancel), then hold bare
        code, _, err = pel(root, "cancel", case_id, "--by", "dewi", "--reason", "ditarik",
                           "--at", "2026-11-27 08.30", "--now", NOW)
        assert code == 0, err
    code, out, err = pel(root, *[a.format(case=case_id) for a in command], "--now", NOW)
    assert code == 2 and out == "", err
    assert "wajib" not in err and "required" not in err, err
    if expected == "workflow.illegal_transition":
        assert "Perpindahan 'received → analysed' tidak diizinkan standar." in err
    elif expected is None:
        assert "setelah kasus berstatus akhir 'cancelled'" in err


def _help(*command: str) -> str:
    code, out, _ = pel(Path(), *command, "--help")
    assert code == 0
    return out


def test_required_options_are_marked_in_help() -> None:
    hold = _help("hold")
    required = hold[hold.index("opsi wajib:"):]
    for option in ("--by", "--reason", "--approved-by"):
        assert option in required.split("\n\n")[0], option
    cancel = _help("cancel")
    assert "--reason" in cancel[cancel.index("opsi wajib:"):].split("\n\n")[0]
    new = _help("new")
    block = new[new.index("opsi wajib:"):].split("\n\n")[0]
    assert all(o in block for o in ("--title", "--application", "--unit"))
    memo = new[new.index("wajib untuk kasus dari memo"):].split("\n\n")[0]
    assert all(o in memo for o in ("--memo-number", "--memo-date", "--memo-sender", "--memo-to"))
    advance = " ".join(_help("advance").split())
    assert "--report-number REPORT_NUMBER B.9: nomor laporan (wajib untuk reported)" in advance
    assert "--by BY ID pegawai yang melakukan langkah (wajib kecuali untuk coordinated, " \
           "vendor_analysed)" in advance
    assert "--tembusan TEMBUSAN B.5b: unit penerima tembusan, dipisah koma (termasuk unit " \
           "pelapor) (wajib untuk vendor_notified)" in advance
    assert "memerlukan --late" in advance


def test_new_says_at_is_the_sending_and_records_the_receipt_in_one_command(root: Path) -> None:
    assert "DIKIRIM" in " ".join(_help("new").split()) and "--received-at" in _help("new")
    case_id = open_case(root, "--received-at", "2026-11-27 08.20", "--by", "dewi", "--commit")
    data = yaml.safe_load((root / f"cases/2026/11/{case_id}.yaml").read_text(encoding="utf-8"))
    events: list[dict[str, Any]] = data["events"]
    assert [(e["event"], e["at"], e.get("by")) for e in events] == [
        ("submitted", "2026-11-27T08:00:00+07:00", None),
        ("received", "2026-11-27T08:20:00+07:00", "dewi")]
    assert git(root, "log", "--format=%s").splitlines()[0] == \
        f"{case_id}: ∅ → submitted → received"
    code, out, err = pel(root, "check", "--base", "HEAD~1", "--now", NOW, "--format", "json")
    assert (code, json.loads(out)) == (0, []), out + err


def test_the_options_each_event_needs_follow_the_schema_and_the_standard() -> None:
    """`EVENT_NEEDS` (shown in `advance --help` and `hold --help`) is what `check` asks:
    the case schema's required fields and the current standard's evidence for the step."""
    repo = Repository(ROOT)
    schema = json.loads((ROOT / "schemas/case.schema.json").read_text(encoding="utf-8"))
    required = {rule["if"]["properties"]["event"]["const"]: set(rule["then"]["required"])
                for rule in schema["$defs"]["event"]["allOf"]}
    standard = repo.standard
    for kind, fields in EVENT_NEEDS.items():
        expected = set(required.get(kind, set()))
        for step in standard.case_steps:
            if step.to_state != kind:
                continue
            every_version = set.intersection(*(set(standard.evidence(step.id, v))
                                               for v in standard.versions))
            for evidence in every_version - {"memo", "monitoring"}:  # the opening event's
                expected |= set(EVIDENCE_FIELDS[evidence])
        assert set(fields) == expected, kind
        assert needed_options(kind), kind


def test_complaint_commands_speak_in_their_options_too(root: Path) -> None:
    code, out, err = pel(root, "complaint", "new", "--type", "keluhan", "--title",
                         "Presensi lambat", "--unit", "biro-sdm", "--by", "dewi", "--at",
                         "2026-11-27 09.00", "--now", NOW, "--json")
    assert code == 0, err
    ident = json.loads(out)["complaint"]
    code, _, err = pel(root, "complaint", "route", ident, "--by", "hendra", "--to", "zaenal",
                       "--at", "2026-11-27 09.30", "--now", NOW)
    assert code == 1 and "--to: Pegawai 'zaenal' tidak ada di registry/staff.yaml." in err
    code, _, err = pel(root, "complaint", "route", ident, "--at", "2026-11-27 09.30",
                       "--now", NOW)
    assert code == 1
    assert "--by, --approved-by dan --to: wajib untuk pelihara complaint route." in err
    assert not POSITION.search(err), err
    close = " ".join(_help("complaint", "close").split())
    assert "opsi wajib: --by BY" in close and "--resolution RESOLUTION penyelesaian" in close
