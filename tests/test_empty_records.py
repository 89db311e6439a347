"""An office's first day: a copy of the repository with every sample record deleted (cases,
plans, monitoring, complaints, surveys, evidence, notices), one real case recorded with the
write commands from memo to restoration; `pelihara check`, `site build` and `report period`
work on it. No test reads the sample records, which an office replaces on its first day: the
tests' own records live under tests/fixtures/repo (`helpers.FIXTURES`)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import CliResult, pel
from pelihara.records.kinds import KINDS

ROOT = Path(__file__).resolve().parents[1]
RECORD_FOLDERS = {"cases", "plans", "monitoring", "complaints", "surveys", "evidence",
                  "notifications"}
NOT_COPIED = {".git", ".venv", ".mypy_cache", ".ruff_cache", ".hypothesis", "__pycache__",
              "tooling", "tests", "benchmarks", "build", "public", "keluaran"}
"""Pelihara's own code and what builds leave: an office's repository installs Pelihara."""

Cli = Callable[..., CliResult]


def office_copy(target: Path) -> Path:
    """The repository as an office forks it, with every sample record deleted."""

    def skip(folder: str, names: list[str]) -> set[str]:
        return set(names) & (NOT_COPIED | RECORD_FOLDERS) if Path(folder) == ROOT else set()

    shutil.copytree(ROOT, target, ignore=skip)
    return target


def _ok(result: CliResult) -> str:
    assert result.code == 0, result.out + result.err
    return result.out


@pytest.fixture(scope="module")
def first_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The copy, and the ID of its one case: a ringan repair on 8 December 2026, memo to
    restoration, recorded step by step as staff would (in-process: six CLI runs)."""
    root = office_copy(tmp_path_factory.mktemp("office") / "repo")
    assert not [p for kind in KINDS if kind.name not in ("standard", "units", "applications",
                                                         "vendors", "staff")
                for p in kind.files(root)], "a sample record was left in the copy"
    report = root.parent / "laporan-LAP-001.pdf"
    report.write_bytes(b"%PDF-1.4\n% Laporan hasil perbaikan\n")
    code, out, err = pel(root, "new", "--json", "--title", "Lampiran surat tidak dapat diunggah",
                         "--application", "persuratan", "--unit", "biro-umum",
                         "--memo-number", "M-112/BU/12/2026", "--memo-date", "2026-12-08",
                         "--memo-sender", "Kepala Biro Umum", "--memo-to", "hendra",
                         "--contact", "Rina Kusuma, Bagian TU Biro Umum (ext. 2101)",
                         "--description", "Unggah lampiran PDF gagal sejak pagi.",
                         "--at", "2026-12-08T09:00", "--received-at", "2026-12-08T09:20",
                         "--by", "dewi", "--now", "2026-12-08T09:25")
    assert code == 0, out + err
    case = json.loads(out)["case"]
    steps = [
        ("assigned", "09:45", "hendra", ["--officers", "andi"]),
        ("analysed", "10:30", "andi", ["--severity", "ringan", "--components", "software",
                                       "--findings", "Batas unggahan server web turun ke 1 MB "
                                       "setelah pembaruan konfigurasi."]),
        ("repaired", "11:30", "andi", ["--test", "a=lulus:Unggah lampiran 8 MB berhasil",
                                       "--test", "b=lulus:Tidak ada galat di log",
                                       "--test", "c=lulus:Diuji dari jaringan internal"]),
        ("reported", "13:30", "andi", ["--report-number", "LAP-001/BDI/12/2026", "--summary",
                                       "Batas unggahan dikembalikan ke 20 MB.",
                                       "--attach", str(report)]),
        ("restored", "14:00", "andi", ["--confirmed-by", "Rina Kusuma, Bagian TU Biro Umum"]),
    ]
    for step, at, by, extra in steps:
        code, out, err = pel(root, "advance", case, step, "--by", by, *extra,
                             "--at", f"2026-12-08T{at}", "--now", f"2026-12-08T{at}")
        assert code == 0, out + err
    return root, case


def test_check_accepts_the_first_case(first_case: tuple[Path, str], cli: Cli) -> None:
    root, case = first_case
    out = _ok(cli("check", "--repo", str(root), "--now", "2026-12-09T10:00"))
    assert "semua sah" in out
    sla = json.loads(_ok(cli("sla", "--json", "--repo", str(root), "--now",
                             "2026-12-09T10:00")))
    assert [c["case"] for c in sla["cases"]] == [case] and not sla["skipped"]
    assert sla["cases"][0]["state"] == "restored"


def test_report_period_counts_the_one_case(first_case: tuple[Path, str], cli: Cli,
                                           tmp_path: Path) -> None:
    root, _ = first_case
    _ok(cli("report", "period", "2026-12", "--out", str(tmp_path), "--repo", str(root),
            "--now", "2027-01-04T10:00"))
    html = (tmp_path / "laporan-periode-2026-12.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html.split("</style>")[-1]).split())
    assert "Periode Desember 2026" in text
    assert "Kasus dibuka 1 Kasus selesai (sistem normal kembali) 1" in text
    assert "Kerusakan ringan 6 6 0 100,0 %" in text  # six steps, all on time


def test_site_builds_with_the_one_case(first_case: tuple[Path, str], cli: Cli,
                                       tmp_path: Path) -> None:
    root, case = first_case
    out = tmp_path / "public"
    result = cli("site", "build", "--out", str(out), "--repo", str(root), "--now",
                 "2026-12-09T10:00")
    assert result.code == 0, result.err[-3000:]
    assert "pelihara: 1 kasus" in result.err
    assert case in (out / "kasus" / case / "index.html").read_text(encoding="utf-8")
    assert case in (out / "kasus" / "semua" / "index.html").read_text(encoding="utf-8")
