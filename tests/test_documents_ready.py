"""Reports and exports ready to hand in (issue 10, item 9): files written where git ignores
them, Indonesian labels and names, yes/no alike in CSV and XLSX, no "S.T..", no PDF table past
the page's margin (real PDFs read back with pdftotext), late recordings as a summary table, a
cancelled duplicate's report naming the original case."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import CliResult, copy_records
from site_helpers import commit_all

Cli = Callable[..., CliResult]
NOW = "2026-11-28T09:00"
ROOT = Path(__file__).resolve().parents[1]
RIGHT_MARGIN_PT = 2 / 2.54 * 72  # page.css: @page margin-right 2cm


def _pdf_words(pdf: Path) -> list[tuple[float, float, str]]:
    """(right edge of the word, page width, word) for every word, from `pdftotext -bbox`."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = []
    for width, body in re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', html,
                                  re.S):
        words += [(float(x), float(width), word) for x, word in re.findall(
            r'xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', body)]
    return words


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_xlsx_and_reports_without_out_go_to_a_folder_git_ignores(
        cli: Cli, repo_copy: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = cli("export", "cases", "--format", "xlsx", "--repo", str(repo_copy), "--now", NOW,
                 cwd=work)
    assert result.code == 0, result.err
    book = repo_copy / "keluaran" / "ekspor-kasus-2026-11-28.xlsx"
    assert result.out.strip() == str(book) and load_workbook(book).sheetnames == ["kasus"]
    report = cli("report", "PML-20261103-4QX", "--pdf", "--repo", str(repo_copy), "--now", NOW,
                 cwd=work)
    assert report.code == 0, report.err
    assert (repo_copy / "keluaran" / "laporan-PML-20261103-4QX.pdf").read_bytes()[:4] == b"%PDF"
    assert list(work.iterdir()) == [] and not (repo_copy / "laporan-PML-20261103-4QX.pdf").exists()
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q",
                              "keluaran/laporan-PML-20261103-4QX.pdf"], check=False)
    assert ignored.returncode == 0


def test_exports_speak_in_labels_and_names_with_yes_and_no_alike(cli: Cli,
                                                                  tmp_path: Path) -> None:
    for table, key, checks in (
        ("cases", "PML-20261103-4QX", {"Asal": "Memorandum unit kerja",
                                       "Unit kerja": "Biro Umum", "Jalur": "Kerusakan ringan",
                                       "Ada langkah terlambat": "tidak",
                                       "Status": "Sistem normal kembali",
                                       "Penilaian": "tepat waktu"}),
        ("cases", "PML-20261124-G8Y", {"Ada langkah terlambat": "ya",
                                       "Langkah berjalan": "B.9 Laporan hasil perbaikan dan "
                                                           "pemeliharaan"}),
        ("complaints", "KLH-20261104-3RT", {"Jenis": "Keluhan", "Status": "Selesai",
                                            "Unit kerja": "Biro Umum"}),
    ):
        out = tmp_path / f"{table}.xlsx"
        assert cli("export", table, "--format", "xlsx", "--out", str(out), "--now", NOW).code == 0
        sheet = load_workbook(out).worksheets[0]
        header = [c.value for c in sheet[1]]
        book = {str(r[0]): dict(zip(header, r, strict=True))
                for r in sheet.iter_rows(min_row=2, values_only=True)}
        text = cli("export", table, "--now", NOW).out
        rows = {r[header[0]]: r for r in csv.DictReader(io.StringIO(text))}
        for column, value in checks.items():
            assert (book[key][column], rows[key][column]) == (value, value), (key, column)
    steps = cli("export", "steps", "--now", NOW).out
    step = next(r for r in csv.DictReader(io.StringIO(steps))
                if r["Nomor kasus"] == "PML-20261103-4QX" and r["Langkah"].startswith("B.3"))
    assert (step["Pelaksana"], step["Hasil"], step["Terlambat"]) == ("Kepala Biro DI", "selesai",
                                                                     "tidak")
    assert not re.search(r",(biro_di|kepala_biro|done|memo|True|False),", steps)


def test_names_ending_in_a_dot_get_no_second_dot(cli: Cli, tmp_path: Path) -> None:
    # Officers Maya Anggraini, S.Si. (B.3 of this case) and Budi Santoso, S.T. (other cases).
    for case_id in ("PML-20260421-W6N", "PML-20260804-7KM", "PML-20261006-H2T"):
        result = cli("report", case_id, "--pdf", "--out", str(tmp_path), "--now", NOW)
        assert result.code == 0, result.err
        text = _text(tmp_path / f"laporan-{case_id}.pdf")
        assert not re.search(r"(?<!\.)\.\.(?!\.)", text), case_id
    assert "Maya Anggraini, S.Si." in _text(tmp_path / "laporan-PML-20260421-W6N.pdf")


def test_no_table_runs_past_the_pdf_page_margin(cli: Cli, tmp_path: Path) -> None:
    """The period report's widest tables (complaints: ten columns; plan realisation: eight)
    and a severe case's report stay inside the page's right margin."""
    for args, name in ((("report", "period", "2026"), "laporan-periode-2026.pdf"),
                       (("report", "PML-20260911-M3V"), "laporan-PML-20260911-M3V.pdf")):
        result = cli(*args, "--pdf", "--out", str(tmp_path), "--now", NOW)
        assert result.code == 0, result.err
        words = _pdf_words(tmp_path / name)
        assert len(words) > 500
        outside = [(word, right) for right, width, word in words
                   if right > width - RIGHT_MARGIN_PT + 1]
        assert outside == [], name
    assert "Pengaduan dan Tindak Lanjutnya" in _text(tmp_path / "laporan-periode-2026.pdf")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The records committed to git at one pinned moment: most events are recorded late."""
    root = copy_records(tmp_path_factory.mktemp("recorded") / "repo")
    commit_all(root, root.parent)
    return root


def test_late_recordings_are_a_summary_table(recorded: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pelihara.cli.main", "report", "period", "2026", "--pdf",
         "--out", str(tmp_path), "--now", NOW, "--repo", str(recorded)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "laporan-periode-2026.html").read_text(encoding="utf-8")
    section = html[html.index("F. Keterlambatan Pencatatan"):html.index("<h2>", html.index(
        "F. Keterlambatan Pencatatan") + 5)]
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td>", section)
    labels = [label for label, _, _ in rows]
    # One row per kind of event, in the procedure's order, then the total: not one per event.
    assert labels[:3] == ["Memorandum dikirim unit kerja", "Temuan pemantauan berkala",
                          "Diterima Biro DI"]
    assert len(rows) == len(set(labels)) <= 17
    total = re.search(r"<tr><th>Jumlah</th><th>(\d+)</th><th>(\d+)</th>", section)
    assert total is not None
    checked, late = int(total[1]), int(total[2])
    assert checked == sum(int(c) for _, c, _ in rows) > 50
    assert late == sum(int(n) for _, _, n in rows) > 50
    assert "PML-2026" in section and "1. Memorandum" not in section
    text = _text(tmp_path / "laporan-periode-2026.pdf")
    part = text[text.index("F. Keterlambatan Pencatatan"):]
    part = part[:part.index("G. ")] if "G. " in part else part
    assert part.count("\f") <= 1  # the section fits on a page or across one page break


def test_a_cancelled_duplicate_names_the_original_case(cli: Cli, tmp_path: Path) -> None:
    result = cli("report", "PML-20261103-9RD", "--pdf", "--out", str(tmp_path), "--now", NOW)
    assert result.code == 0, result.err
    text = " ".join(_text(tmp_path / "laporan-PML-20261103-9RD.pdf").split())
    assert "KASUS DIBATALKAN — laporan ganda; kasus asal PML-20261103-4QX" in text
    assert "Kerusakan yang sama ditangani dalam kasus PML-20261103-4QX" in text
    assert "KONSEP" not in text
