"""`pelihara calendar` and `pelihara sla` through the real entry point, as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelihara.records import yamlio

Cli = Callable[..., Any]


def no_traceback(result: Any) -> None:
    assert "Traceback" not in result.err and "Traceback" not in result.out


def test_minutes_text_explains_what_was_skipped(cli: Cli) -> None:
    result = cli("calendar", "minutes", "2026-02-13T16:00", "2026-02-18 09:00")
    assert result.code == 0, result.err
    assert "Waktu kerja: 2 jam (120 menit)" in result.out
    assert "Jumat, 13 Februari 2026 16:00 WIB" in result.out
    assert "Senin, 16 Februari 2026 (Cuti Bersama Tahun Baru Imlek)" in result.out
    assert "Selasa, 17 Februari 2026 (Tahun Baru Imlek)" in result.out
    assert "akhir pekan: Sabtu, 14 Februari 2026; Minggu, 15 Februari 2026" in result.out


def test_minutes_json_and_english(cli: Cli) -> None:
    result = cli("calendar", "minutes", "2026-11-30T11:00", "2026-11-30T14:00", "--json")
    data = json.loads(result.out)
    assert data["working_minutes"] == 120
    assert data["breaks"] == [{"start": "2026-11-30T12:00:00+07:00",
                               "end": "2026-11-30T13:00:00+07:00"}]
    english = cli("calendar", "minutes", "2026-11-30T11:00", "2026-11-30T14:00", "--lang", "en")
    assert "Working time: 2 h (120 min)" in english.out
    assert "breaks: 1 times, 1 h (30-11 12:00–13:00)" in english.out


def test_deadline_ramadan_example(cli: Cli) -> None:
    result = cli("calendar", "deadline", "2026-03-17T15:30", "2 jam")
    assert result.code == 0, result.err
    assert result.out.startswith("Tenggat: Rabu, 25 Maret 2026 09:30 WIB")
    assert "Kamis, 19 Maret 2026 (Hari Suci Nyepi)" in result.out
    assert "Jam kerja Ramadan berlaku pada: 1 hari" in result.out
    # The duration may also come as separate words, and in other units.
    split = cli("calendar", "deadline", "2026-12-23T15:00", "1", "hari", "--json")
    assert json.loads(split.out)["deadline"] == "2026-12-28T15:00:00+07:00"
    short = cli("calendar", "deadline", "2026-11-30T07:30", "90m", "--json")
    assert json.loads(short.out)["deadline"] == "2026-11-30T09:00:00+07:00"


def test_estimates_are_flagged(cli: Cli) -> None:
    result = cli("calendar", "minutes", "2027-02-08T08:00", "2027-02-08T10:00")
    assert result.code == 0, result.err
    assert "rentang Ramadan 2027 (Ramadan 1448 H) masih perkiraan" in result.out


def test_bad_input_is_a_clear_error(cli: Cli) -> None:
    cases = [
        (("calendar", "minutes", "kemarin", "2026-11-30T10:00"),
         "START: waktu 'kemarin' tidak dikenali"),
        (("calendar", "deadline", "2026-11-30T10:00", "2 minggu"),
         "Durasi '2 minggu' tidak dikenali"),
        (("calendar", "minutes", "2026-11-30T10:00", "2026-11-30T09:00"),
         "lebih awal dari waktu mulai"),
        (("calendar", "minutes", "2031-01-06T08:00", "2031-01-06T10:00"),
         "tidak mencakup tahun 2031"),
        (("sla", "PML-20990101-XXX"), "Kasus 'PML-20990101-XXX' tidak ditemukan"),
        (("sla", "--now", "besok"), "--now: waktu 'besok' tidak dikenali"),
    ]
    for args, expected in cases:
        result = cli(*args)
        assert result.code == 2, (args, result.out, result.err)
        assert expected in result.err, (args, result.err)
        assert "→" in result.err  # every error says how to fix it
        no_traceback(result)
    english = cli("calendar", "deadline", "2026-11-30T10:00", "2 weeks", "--lang", "en")
    assert "Duration '2 weeks' is not understood" in english.err


def test_sla_json_on_the_sample_cases(cli: Cli, repo_root: Path) -> None:
    # A `now` after every sample event, so a sample added later is not "in the future".
    result = cli("sla", "--json", "--now", "2026-12-31T16:00")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    files = sorted(p.relative_to(repo_root).as_posix()
                   for p in (repo_root / "cases").glob("*/*/*.yaml"))
    assert sorted(c["file"] for c in data["cases"]) == files
    assert data["now"] == "2026-12-31T16:00:00+07:00" and data["skipped"] == []
    for entry in data["cases"]:
        raw = yamlio.load_file(repo_root / entry["file"], entry["file"]).data
        assert entry["case"] == raw["id"]
        assert entry["standard_version"] == raw["standard_version"]
        assert entry["steps"], entry["case"]
        for step in entry["steps"]:
            for key in ("start", "used_minutes", "limit_minutes", "paused_minutes", "late"):
                assert step[key] is not None, (entry["case"], step["step"], key)
            assert step["start"].endswith("+07:00")
            if step["outcome"] == "open":
                assert step["end"] is None and step["remaining_minutes"] is not None
            else:
                assert step["end"].endswith("+07:00") and step["remaining_minutes"] is None
        if entry["state"] == "restored":
            assert entry["restore_minutes"] == sum(s["used_minutes"] for s in entry["steps"])


def test_sla_text_for_one_case(cli: Cli) -> None:
    result = cli("sla", "PML-20261103-4QX", "--now", "2026-11-28T09:00")
    assert result.code == 0, result.err
    assert "PML-20261103-4QX  Disposisi elektronik SIMPERSURATAN gagal terkirim" in result.out
    assert "Status: Sistem normal kembali · ringan · standar 2026.1" in result.out
    assert "B.5a" in result.out and "tepat waktu" in result.out
    assert "Waktu kerja sampai sistem pulih:" in result.out
    english = cli("sla", "cases/2026/11/PML-20261103-4QX.yaml", "--lang", "en",
                  "--now", "2026-11-28T09:00")
    assert "State: System restored · ringan · standard 2026.1" in english.out


def test_sla_open_case_shows_time_left_and_deadline(cli: Cli, repo_copy: Path) -> None:
    case = repo_copy / "cases" / "2026" / "11" / "PML-20261130-0PN.yaml"
    case.write_text(
        "id: PML-20261130-0PN\ntitle: Uji tenggat\napplication: simpeg\nunit: biro-umum\n"
        "origin: memo\nstandard_version: '2026.1'\nevents:\n"
        "  - {event: submitted, at: '2026-11-30T07:30:00+07:00',"
        " memo: {number: M-1, date: '2026-11-30', sender: Kepala}}\n"
        "  - {event: received, at: '2026-11-30T08:00:00+07:00', by: dewi}\n",
        encoding="utf-8")
    result = cli("sla", "PML-20261130-0PN", "--now", "2026-11-30T08:40", "--repo",
                 str(repo_copy))
    assert result.code == 0, result.err
    assert "B.3: sisa 20 menit sampai tenggat (30 Nov 2026 09.00 WIB)" in result.out
    late = cli("sla", "PML-20261130-0PN", "--now", "2026-11-30T10:00", "--repo",
               str(repo_copy), "--json")
    step = json.loads(late.out)["cases"][0]["steps"][-1]
    assert (step["step"], step["remaining_minutes"], step["late"]) == ("B.3", -60, True)


def test_invalid_case_files_are_skipped_with_a_note(cli: Cli, repo_copy: Path) -> None:
    broken = repo_copy / "cases" / "2026" / "11" / "PML-20261130-BAD.yaml"
    broken.write_text("id: PML-20261130-BAD\nid: dua kali\n", encoding="utf-8")
    result = cli("sla", "--json", "--now", "2026-11-28T09:00", "--repo", str(repo_copy))
    assert result.code == 1
    assert "cases/2026/11/PML-20261130-BAD.yaml:2:1: dilewati" in result.err
    assert "pelihara check cases/2026/11/PML-20261130-BAD.yaml" in result.err
    data = json.loads(result.out)
    assert [s["file"] for s in data["skipped"]] == ["cases/2026/11/PML-20261130-BAD.yaml"]
    assert len(data["cases"]) == len(list((repo_copy / "cases").glob("*/*/*.yaml"))) - 1
    no_traceback(result)
