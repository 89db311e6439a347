"""Exports for spreadsheets: cases, steps with their SLA figures, and complaints, as CSV or
XLSX (an edge: openpyxl and the csv module live here).

Tables are built once (`tables`) and written by either writer, so both formats hold the same
data. XLSX: one sheet per table, real date cells (WIB wall time; Excel has no time zones, so
headers say WIB), frozen header rows, filters. CSV: ISO 8601 times with their +07:00 offset,
UTF-8 with BOM so Excel opens Indonesian text correctly.

Every text cell came from a record someone wrote, so it is written as text, never as a formula
(OWASP, "CSV Injection"): a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`
in CSV, and in XLSX it is an explicit text cell with Excel's quote-prefix flag, so the workbook
holds the exact text and editing the cell does not turn it into a formula either. Control
characters other than tab and line feed are shown as escapes (`core.escape`): openpyxl refuses
most of them, and XML would turn a CR into a line feed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pelihara.core.escape import visible
from pelihara.core.registries import Registries
from pelihara.core.timeparse import iso, to_wib
from pelihara.documents.periodic import CaseInput
from pelihara.documents.records import ComplaintRow

Cell = str | int | bool | datetime | None

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list)."""


@dataclass(frozen=True)
class Table:
    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def cases_table(items: Sequence[CaseInput], registries: Registries) -> Table:
    def name(kind: str, key: str | None) -> str:
        return registries[kind].name(key)

    rows = []
    for item in items:
        case, figs = item.case, item.figures
        ends = {e.kind: e.at for e in case.effective_events() if e.kind in
                ("restored", "cancelled")}
        current = figs.open_step
        rows.append((case.id, case.title, name("applications", case.application),
                     name("units", case.unit), case.origin, case.severity, figs.path,
                     case.opened_at, ends.get("restored"), ends.get("cancelled"),
                     figs.late, figs.restore_minutes, figs.paused_minutes,
                     current.step_id if current else None, name("vendors", case.vendor)
                     if case.vendor else None))
    return Table("kasus", ("id", "judul", "aplikasi", "unit_kerja", "asal", "tingkat", "jalur",
                           "dibuka_wib", "selesai_wib", "dibatalkan_wib", "ada_terlambat",
                           "menit_kerja_sampai_normal", "menit_ditunda", "langkah_berjalan",
                           "pengembang"), tuple(rows))


def steps_table(items: Sequence[CaseInput]) -> Table:
    rows = [(item.case.id, s.step_id, s.actor, s.start, s.end, s.used_minutes, s.paused_minutes,
             s.limit_minutes, s.deadline, s.late, s.late_reason, s.outcome.value)
            for item in items for s in item.figures.steps]
    return Table("langkah", ("kasus", "langkah", "pelaksana", "mulai_wib", "selesai_wib",
                             "menit_kerja", "menit_ditunda", "batas_menit", "tenggat_wib",
                             "terlambat", "alasan_terlambat", "hasil"), tuple(rows))


def complaints_table(rows: Sequence[ComplaintRow]) -> Table:
    return Table("pengaduan", ("id", "jenis", "judul", "unit_kerja", "kasus", "diterima_wib",
                               "status", "ditutup_wib", "jumlah_tindak_lanjut", "jumlah_rapat"),
                 tuple((r.id, r.kind, r.title, r.unit, r.case, r.received_at, r.state,
                        r.closed_at, r.actions, r.meetings) for r in rows))


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_cell(c) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(cell: Cell) -> str:
    if isinstance(cell, datetime):
        return iso(cell)
    if isinstance(cell, bool):
        return "ya" if cell else "tidak"
    if isinstance(cell, str):
        text = _text(cell)
        return "'" + text if text.startswith(FORMULA_START) else text
    return "" if cell is None else str(cell)


def _text(cell: str) -> str:
    """Record text for a cell: tabs and line feeds kept, other control characters shown (a
    CR too: XML turns it into a line feed, so the workbook could not hold it exactly)."""
    return visible(cell, keep="\t\n")


def to_xlsx(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook  # local: only the xlsx path needs it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    for sheet in list(book.worksheets):  # the default empty sheet
        book.remove(sheet)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_xlsx_cell(c) for c in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):  # text, even when it looks like a formula
                    cell.data_type = "s"  # openpyxl guesses "f" for "=…", "e" for "#N/A"
                    if cell.value.startswith(FORMULA_START):
                        cell.quotePrefix = True
        for column, header in enumerate(table.headers, start=1):
            letter = get_column_letter(column)
            if header.endswith("_wib"):
                for cell in sheet[letter][1:]:
                    cell.number_format = "dd/mm/yyyy hh:mm"
            sheet.column_dimensions[letter].width = max(12, min(40, len(header) + 4))
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = sheet.dimensions
    book.properties.creator = "Pelihara"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(cell: Cell) -> Any:
    if isinstance(cell, datetime):
        return to_wib(cell).replace(tzinfo=None)  # Excel cells have no zone: WIB wall time
    return _text(cell) if isinstance(cell, str) else cell
