"""Exports for spreadsheets: cases, steps with their SLA figures, and complaints, as CSV or
XLSX (an edge: openpyxl and the csv module live here).

Tables are built once (`tables`) and written by either writer, so both formats hold the same
data. Headers and values are what people read: labels and names from standard.yaml and the
registries (not ids), yes/no as "ya"/"tidak" in both formats. XLSX: one sheet per table, real
date cells (WIB wall time; Excel has no time zones, so headers say WIB), frozen header rows,
filters. CSV: ISO 8601 times with their +07:00 offset, UTF-8 with BOM so Excel opens
Indonesian text correctly.

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

from pelihara.core import complaints
from pelihara.core.escape import visible
from pelihara.core.people import People
from pelihara.core.registries import Registries
from pelihara.core.standard import Standard
from pelihara.core.timeparse import iso, to_wib
from pelihara.i18n import tr
from pelihara.i18n.labels import (
    COMPLAINT_KINDS,
    COMPLAINT_STATES,
    ORIGINS,
    outcome_label,
    verdict_label,
)
from pelihara.records.load import CaseRecord, Record

Cell = str | int | bool | datetime | None

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list)."""
CASE_COLUMNS = (
    "case", "title", "application", "unit", "origin", "severity", "path", "state", "verdict",
    "opened", "restored", "cancelled", "late", "restore_minutes", "paused_minutes", "open_step",
    "vendor")
STEP_COLUMNS = (
    "case", "step", "actor", "start", "end", "used", "paused", "limit", "deadline", "late",
    "late_reason", "outcome", "verdict")
COMPLAINT_COLUMNS = (
    "id", "kind", "title", "unit", "case", "received", "state", "closed", "actions", "meetings")
"""Each sheet's columns, in order; their headers are the catalogue's `export.<sheet>.<column>`."""
"""Yes/no in both formats alike."""


@dataclass(frozen=True)
class Table:
    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def cases_table(items: Sequence[CaseRecord], registries: Registries, standard: Standard
                ) -> Table:
    """One row per case: names and labels as people read them, yes/no as "ya"/"tidak"."""
    rows = []
    for item in items:
        case, figs = item.case, item.sla
        ends = {e.kind: e.at for e in case.effective_events() if e.kind in
                ("restored", "cancelled")}
        current = figs.open_step
        state = standard.states.get(figs.state or "")
        path = standard.paths.get(figs.path or "")
        rows.append((case.id, case.title, _name(registries, "applications", case.application),
                     _name(registries, "units", case.unit), ORIGINS.get(case.origin, case.origin),
                     case.severity, path.label if path else None,
                     state.label if state else figs.state, verdict_label(figs.verdict),
                     case.opened_at, ends.get("restored"), ends.get("cancelled"),
                     figs.late, figs.restore_minutes, figs.paused_minutes,
                     _step(standard, current.step_id) if current else None,
                     _name(registries, "vendors", case.vendor) if case.vendor else None))
    return _table("cases", CASE_COLUMNS, rows)


@dataclass(frozen=True)
class ComplaintRow:
    id: str
    kind: str
    title: str
    unit: str
    case: str | None
    received_at: datetime | None
    state: str
    closed_at: datetime | None
    actions: int
    meetings: int


def complaint_rows(records: Sequence[Record], people: People) -> list[ComplaintRow]:
    """One row per complaint (schema-valid, from the records layer), replayed for its state."""
    rows = []
    for record in records:
        data = record.data
        state = complaints.replay(list(data["events"]), people)
        rows.append(ComplaintRow(
            str(data["id"]), str(data["type"]), str(data["title"]), str(data["unit"]),
            data.get("case"), state.received_at, state.state or "-", state.closed_at,
            len(state.actions), len(state.meetings)))
    return rows


def steps_table(items: Sequence[CaseRecord], standard: Standard) -> Table:
    rows = [(item.case.id, _step(standard, s.step_id), _actor(standard, s.actor), s.start,
             s.end, s.used_minutes, s.paused_minutes, s.limit_minutes, s.deadline, s.late,
             s.late_reason, outcome_label(s.outcome), verdict_label(s.verdict))
            for item in items for s in item.sla.steps]
    return _table("steps", STEP_COLUMNS, rows)


def complaints_table(rows: Sequence[ComplaintRow], registries: Registries) -> Table:
    return _table("complaints", COMPLAINT_COLUMNS, [
        (r.id, COMPLAINT_KINDS.get(r.kind, r.kind), r.title, _name(registries, "units", r.unit),
         r.case, r.received_at, COMPLAINT_STATES.get(r.state, r.state), r.closed_at, r.actions,
         r.meetings) for r in rows])


def _table(name: str, columns: tuple[str, ...], rows: Sequence[tuple[Cell, ...]]) -> Table:
    """A sheet named and headed from the catalogue (`export.table.<name>`,
    `export.<name>.<column>`), in Bahasa Indonesia like the office's other spreadsheets."""
    return Table(tr(f"export.table.{name}"), tuple(tr(f"export.{name}.{c}") for c in columns),
                 tuple(rows))


def _name(registries: Registries, kind: str, key: str) -> str:
    return registries[kind].name(key)


def _step(standard: Standard, step_id: str) -> str:
    step = standard.steps.get(step_id)
    return f"{step_id} {step.label}" if step else step_id


def _actor(standard: Standard, actor: str) -> str:
    return str(standard.actors.get(actor, {}).get("label", actor))


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
        return tr("words.yes" if cell else "words.no")
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

    book = Workbook()
    for sheet in list(book.worksheets):  # the default empty sheet
        book.remove(sheet)
    for table in tables:
        _fill_sheet(book.create_sheet(table.name), table)
    book.properties.creator = "Pelihara"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_sheet(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(table.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        _append_row(sheet, row)
    for column, header in enumerate(table.headers, start=1):
        letter = get_column_letter(column)
        for cell in sheet[letter][1:]:
            if cell.is_date:
                cell.number_format = "dd/mm/yyyy hh:mm"
        sheet.column_dimensions[letter].width = max(12, min(40, len(header) + 4))
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions


def _append_row(sheet: Any, row: Sequence[Cell]) -> None:
    sheet.append([_xlsx_cell(c) for c in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):  # text, even when it looks like a formula
            cell.data_type = "s"  # openpyxl guesses "f" for "=…", "e" for "#N/A"
            if cell.value.startswith(FORMULA_START):
                cell.quotePrefix = True


def _xlsx_cell(cell: Cell) -> Any:
    if isinstance(cell, bool):  # the same words as the CSV, not Excel's TRUE/FALSE
        return tr("words.yes" if cell else "words.no")
    if isinstance(cell, datetime):
        return to_wib(cell).replace(tzinfo=None)  # Excel cells have no zone: WIB wall time
    return _text(cell) if isinstance(cell, str) else cell
