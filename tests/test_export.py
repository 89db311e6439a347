"""Exports: the XLSX opens in openpyxl with real date cells and frozen headers; CSV holds the
same rows as `pelihara sla --json`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

NOW = "2026-11-28T10:00"


def _sla(cli: Callable[..., Any]) -> list[dict[str, Any]]:
    result = cli("sla", "--json", "--now", NOW)
    assert result.code in (0, 1), result.err
    return list(json.loads(result.out)["cases"])


def test_steps_xlsx_has_real_dates_and_frozen_header(cli: Callable[..., Any],
                                                     tmp_path: Path) -> None:
    target = tmp_path / "langkah.xlsx"
    result = cli("export", "steps", "--format", "xlsx", "--out", str(target), "--now", NOW)
    assert result.code == 0, result.err
    book = load_workbook(target)
    assert book.sheetnames == ["langkah"]
    sheet = book["langkah"]
    assert sheet.freeze_panes == "A2"
    headers = [c.value for c in sheet[1]]
    assert headers[:5] == ["Nomor kasus", "Langkah", "Pelaksana", "Mulai (WIB)", "Selesai (WIB)"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    sla = _sla(cli)
    assert len(rows) == sum(len(c["steps"]) for c in sla)
    first = next(r for r in rows if r[0] == "PML-20261103-4QX" and r[1].startswith("B.3 "))
    assert isinstance(first[3], datetime) and first[3] == datetime(2026, 11, 3, 9, 20)
    assert sheet.cell(row=2, column=4).is_date
    assert (first[5], first[7], first[9]) == (30, 60, "tidak")  # used, limit, late


def test_cases_xlsx_and_csv_agree(cli: Callable[..., Any], tmp_path: Path) -> None:
    target = tmp_path / "kasus.xlsx"
    assert cli("export", "cases", "--format", "xlsx", "--out", str(target),
               "--now", NOW).code == 0
    sheet = load_workbook(target)["kasus"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    result = cli("export", "cases", "--now", NOW)
    assert result.code == 0, result.err
    parsed = list(csv.DictReader(io.StringIO(result.out)))
    assert len(parsed) == len(rows) == len(_sla(cli))
    sample = next(r for r in parsed if r["Nomor kasus"] == "PML-20261103-4QX")
    assert sample["Dibuka (WIB)"] == "2026-11-03T08:05:00+07:00"
    assert sample["Menit kerja sampai normal"] == "705"
    assert all(isinstance(r[9], datetime) for r in rows)


def test_complaints_export(cli: Callable[..., Any], tmp_path: Path, repo_root: Path) -> None:
    target = tmp_path / "pengaduan.xlsx"
    assert cli("export", "complaints", "--format", "xlsx", "--out", str(target)).code == 0
    rows = list(load_workbook(target)["pengaduan"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(list((repo_root / "complaints").glob("*/*.yaml")))
    closed = next(r for r in rows if r[0] == "KLH-20261104-3RT")
    assert closed[6] == "Selesai" and closed[7] == datetime(2026, 11, 6, 11, 0)


def test_xlsx_is_not_written_over_a_folder(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("export", "cases", "--format", "xlsx", "--out", str(tmp_path))
    assert result.code == 2
    assert "--out" in result.err and "Traceback" not in result.err
