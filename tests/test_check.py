"""`pelihara check` as a user runs it: exit codes, all findings in one run, the four output
formats, languages, PATHS, and never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

from helpers import CliResult

Cli = Callable[..., CliResult]
NOW = "--now=2026-11-28T10:00+07:00"
CASE = "cases/2026/11/PML-20261103-4QX.yaml"


def break_case(root: Path) -> Path:
    """Two faults in one file: an unknown unit (line 5) and a bad severity."""
    path = root / CASE
    text = path.read_text(encoding="utf-8")
    text = text.replace("unit: biro-umum", "unit: biro-rahasia")
    text = text.replace("severity: ringan", "severity: sedang")
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(needle) + 1


def test_repository_itself_is_clean(cli: Cli) -> None:
    result = cli("check", NOW)
    assert result.code == 0, result.out + result.err
    assert "galat" not in result.out.split("\n")[-2] or ": 0 galat" in result.out
    assert "berkas diperiksa" in result.out


def test_text_output_names_file_line_column_code_and_hint(cli: Cli, repo_copy: Path) -> None:
    path = break_case(repo_copy)
    result = cli("check", NOW, "--repo", str(repo_copy))
    assert result.code == 1
    line = line_of(path, "    severity: sedang")
    assert f"{CASE}:{line}:15: schema.enum Nilai 'sedang' tidak termasuk" in result.out
    assert "  → Gunakan salah satu dari: ringan, berat" in result.out
    assert "Traceback" not in result.err


def test_all_findings_in_one_run_and_english(cli: Cli, repo_copy: Path) -> None:
    path = break_case(repo_copy)
    other = repo_copy / "registry" / "vendors.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "  - id: Tidak Sah\n    name: X\n",
                     encoding="utf-8")
    result = cli("check", NOW, "--repo", str(repo_copy), "--lang", "en", "--format", "json")
    assert result.code == 1
    findings = json.loads(result.out)
    got = {(f["file"], f["line"], f["code"]) for f in findings}
    assert ("registry/vendors.yaml", line_of(other, "  - id: Tidak Sah"), "schema.pattern") in got
    assert (CASE, line_of(path, "    severity: sedang"), "schema.enum") in got
    enum = next(f for f in findings if f["code"] == "schema.enum")
    assert enum["message"] == "Value 'sedang' is not one of the allowed choices."
    assert list(enum) == ["file", "line", "column", "code", "severity", "message", "hint"]


def test_references_are_checked_once_the_schema_passes(cli: Cli, repo_copy: Path) -> None:
    path = repo_copy / CASE
    path.write_text(path.read_text(encoding="utf-8").replace("unit: biro-umum",
                                                            "unit: biro-rahasia"))
    result = cli("check", NOW, "--repo", str(repo_copy), "--format", "json", CASE)
    findings = json.loads(result.out)
    assert [(f["code"], f["line"], f["column"]) for f in findings if f["file"] == CASE] == [
        ("ref.unknown_unit", 5, 7)]
    assert "biro-umum" in findings[0]["hint"]


def test_junit_and_codequality(cli: Cli, repo_copy: Path, tmp_path: Path) -> None:
    break_case(repo_copy)
    report = tmp_path / "junit.xml"
    result = cli("check", NOW, "--repo", str(repo_copy), "--format", "junit",
                 "--output", str(report))
    assert result.code == 1
    assert f"{CASE}:" in result.out  # people still read the text on screen
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    failing = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert CASE in [c.get("name") for c in failing]
    assert int(suite.get("tests", "0")) > 20 and suite.get("failures") == str(len(failing))

    result = cli("check", NOW, "--repo", str(repo_copy), "--format", "codequality")
    issues = json.loads(result.out)
    assert {i["check_name"] for i in issues} >= {"schema.enum", "readiness.missing"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    enum = next(i for i in issues if i["check_name"] == "schema.enum")
    assert enum["severity"] == "major" and enum["location"]["path"] == CASE
    again = json.loads(cli("check", NOW, "--repo", str(repo_copy), "--format", "codequality",
                           "--lang", "en").out)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]


def test_warnings_alone_exit_zero_but_are_printed(cli: Cli, repo_copy: Path) -> None:
    path = repo_copy / CASE
    text = path.read_text(encoding="utf-8").split("\n", 1)[1]
    path.write_text(text, encoding="utf-8")
    result = cli("check", NOW, "--repo", str(repo_copy), CASE)
    assert result.code == 0
    assert f"{CASE}:1:1: check.modeline_missing peringatan:" in result.out
    assert "$schema=../../../schemas/case.schema.json" in result.out


def test_duplicate_id_found_when_checking_one_file(cli: Cli, repo_copy: Path) -> None:
    copy = repo_copy / "cases" / "2026" / "11" / "PML-20261103-4QZ.yaml"
    copy.write_bytes((repo_copy / CASE).read_bytes())
    result = cli("check", NOW, "--repo", str(repo_copy), "--format", "json", str(copy))
    codes = {(f["file"], f["code"]) for f in json.loads(result.out)}
    rel = "cases/2026/11/PML-20261103-4QZ.yaml"
    assert {(rel, "check.duplicate_id"), (rel, "case.path_mismatch")} <= codes
    assert result.code == 1


def test_unknown_kind_and_usage_errors(cli: Cli, repo_copy: Path) -> None:
    stray = repo_copy / "catatan.yaml"
    stray.write_text("a: 1\n", encoding="utf-8")
    result = cli("check", NOW, "--repo", str(repo_copy), str(stray))
    assert result.code == 0 and "file.unknown_kind" in result.out
    missing = cli("check", NOW, "--repo", str(repo_copy), "tidak/ada.yaml")
    assert missing.code == 2 and "tidak ada" in missing.err and "Traceback" not in missing.err
    bad_now = cli("check", "--now", "besok", "--repo", str(repo_copy))
    assert bad_now.code == 2 and "besok" in bad_now.err
    bad_format = cli("check", "--format", "xml", "--repo", str(repo_copy))
    assert bad_format.code == 2


def test_future_events_use_now(cli: Cli, repo_copy: Path) -> None:
    early = cli("check", "--now=2026-11-04T12:00+07:00", "--repo", str(repo_copy),
                "--format", "json", CASE)
    future = [f for f in json.loads(early.out) if f["code"] == "workflow.future"]
    assert [f["line"] for f in future] == [line_of(repo_copy / CASE,
                                                   '    at: "2026-11-04T13:20:00+07:00"')]
    assert early.code == 1


def test_broken_standard_is_reported_and_cases_still_schema_checked(
        cli: Cli, repo_copy: Path) -> None:
    standard = repo_copy / "standard.yaml"
    standard.write_text(standard.read_text(encoding="utf-8").replace(
        "steps: [B.3, B.4, B.5a, B.9, B.10]", "steps: [B.3, B.4, B.5x, B.9, B.10]"))
    break_case(repo_copy)
    result = cli("check", NOW, "--repo", str(repo_copy), "--format", "json")
    codes = {(f["file"], f["code"]) for f in json.loads(result.out)}
    assert ("standard.yaml", "standard.unknown_step") in codes
    assert ("standard.yaml", "check.standard_unusable") in codes
    assert (CASE, "schema.enum") in codes
    assert result.code == 1
