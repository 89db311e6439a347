"""Faults a new user met in a first session with every subcommand: each answers with the file,
what is wrong and how to fix it (exit 2), never "Kesalahan internal"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers import CliResult

Cli = Callable[..., CliResult]
CLOSED = "PML-20261103-4QX"  # the sample case, restored
CLOSED_FILE = f"cases/2026/11/{CLOSED}.yaml"


def _no_internal(result: CliResult) -> None:
    assert "Kesalahan internal" not in result.err and "Internal error" not in result.err
    assert "Traceback" not in result.err


def test_advance_on_a_case_file_that_is_not_utf8(cli: Cli, repo_copy: Path) -> None:
    (repo_copy / CLOSED_FILE).write_bytes(b"id: \xd0\x00\n")
    result = cli("advance", CLOSED, "B.4", "--repo", str(repo_copy))
    _no_internal(result)
    assert result.code == 2
    assert f"{CLOSED_FILE}:1:" in result.err and "UTF-8" in result.err


def test_advance_on_a_case_file_without_events(cli: Cli, repo_copy: Path) -> None:
    path = repo_copy / CLOSED_FILE
    path.write_text(path.read_text("utf-8").split("events:")[0], "utf-8")
    result = cli("hold", CLOSED, "--reason", "x", "--approved-by", "hendra", "--by", "andi",
                 "--repo", str(repo_copy), "--lang", "en")
    _no_internal(result)
    assert result.code == 2
    assert "'events'" in result.err and "pelihara check" in result.err
    assert "not a valid case record" in result.err


def test_advance_a_closed_case_names_its_final_state(cli: Cli, repo_copy: Path) -> None:
    result = cli("advance", CLOSED, "B.4", "--by", "andi", "--repo", str(repo_copy))
    assert result.code == 2
    assert "'restored'" in result.err and "menuju: ." not in result.err


def test_check_output_to_an_unwritable_path(cli: Cli, repo_copy: Path) -> None:
    result = cli("check", "--output", str(repo_copy / "no" / "such" / "r.txt"),
                 "--repo", str(repo_copy))
    assert result.code == 2
    assert "tidak dapat ditulis" in result.err and "--output" in result.err
    assert "dibaca" not in result.err


def test_broken_standard_yaml_is_named_with_a_hint(cli: Cli, repo_copy: Path) -> None:
    (repo_copy / "standard.yaml").write_text("steps: [\n", "utf-8")
    result = cli("sla", "--repo", str(repo_copy))
    assert result.code == 2
    assert result.err.startswith("standard.yaml:2:1:") and "→" in result.err


def test_monitor_with_a_cafile_that_is_not_pem(cli: Cli, repo_copy: Path) -> None:
    bad = repo_copy / "ca.pem"
    bad.write_text("bukan sertifikat\n", "utf-8")
    result = cli("monitor", "--officer", "maya", "--dry-run", "--cafile", str(bad),
                 "--repo", str(repo_copy))
    _no_internal(result)
    assert result.code == 2
    assert "ca.pem" in result.err and "--cafile" in result.err


def test_complaint_event_on_a_file_that_is_not_utf8(cli: Cli, repo_copy: Path) -> None:
    path = next((repo_copy / "complaints").glob("*/KLH-*.yaml"))
    path.write_bytes(b"\xd0\xff\n")
    result = cli("complaint", "note", path.stem, "--by", "andi", "--note", "catatan",
                 "--repo", str(repo_copy))
    _no_internal(result)
    assert result.code == 2
    assert f"complaints/{path.parent.name}/{path.name}:1:1:" in result.err
    assert "UTF-8" in result.err


def test_report_on_a_case_file_that_is_not_utf8(cli: Cli, repo_copy: Path,
                                                 tmp_path: Path) -> None:
    (repo_copy / CLOSED_FILE).write_bytes(b"\xd0\xff\n")
    result = cli("report", CLOSED, "--out", str(tmp_path), "--repo", str(repo_copy))
    assert result.code == 2
    assert result.err.startswith(f"{CLOSED_FILE}:1:1:") and "→" in result.err


def test_site_build_into_a_file_is_refused_without_traceback(cli: Cli, repo_copy: Path) -> None:
    (repo_copy / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    a_file = repo_copy / "standard.yaml"
    result = cli("site", "build", "--out", str(a_file), "--repo", str(repo_copy))
    _no_internal(result)
    assert result.code == 2
    assert "standard.yaml" in result.err and "--out" in result.err


def test_future_event_names_now_in_wib_to_the_second(cli: Cli, repo_copy: Path) -> None:
    result = cli("new", "--title", "Aplikasi tidak dapat dibuka", "--application", "persuratan",
                 "--unit", "biro-umum", "--memo-number", "M-1/2026", "--memo-date", "2026-11-27",
                 "--memo-sender", "Kepala Biro Umum", "--memo-to", "hendra",
                 "--at", "2026-11-30T10:00",
                 "--now", "2026-11-28T03:04:05.678+00:00", "--repo", str(repo_copy))
    assert result.code == 1
    assert "(sekarang 2026-11-28T10:04:05+07:00)" in result.err


def test_usage_errors_speak_the_users_language(cli: Callable[..., CliResult]) -> None:
    indonesian = cli("check", "--format", "xml")
    assert indonesian.code == 2
    assert "pilihan tidak sah" in indonesian.err and "pemakaian:" in indonesian.err
    english = cli("--lang", "en", "advance")
    assert english.code == 2
    assert "the following arguments are required" in english.err
    assert "Traceback" not in indonesian.err + english.err


def test_cancel_as_duplicate_needs_the_original(cli: Cli, repo_copy: Path) -> None:
    case = "PML-20261127-RJ4"  # open at B.3 in the sample data
    refused = cli("cancel", case, "--reason", "duplikat", "--by", "andi",
                  "--at", "2026-11-28T09:00", "--now", "2026-11-28T10:00", "--repo", str(repo_copy))
    assert refused.code == 1
    assert "--duplicate-of: Kasus dibatalkan sebagai duplikat tanpa menyebut" in refused.err
    assert "event: cancelled" not in (repo_copy / f"cases/2026/11/{case}.yaml").read_text("utf-8")
    accepted = cli("cancel", case, "--reason", "duplikat", "--duplicate-of", "PML-20261103-4QX",
                   "--by", "andi", "--at", "2026-11-28T09:00", "--now", "2026-11-28T10:00",
                   "--repo", str(repo_copy))
    assert accepted.code == 0, accepted.err
