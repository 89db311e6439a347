"""`pelihara sla [CASE…] [--all] [--now ISO] [--json]`: every step's working minutes against
its limit.

Without CASE the text starts with what needs action (steps late now, due today, cases on hold;
`sla_summary`); `--all` or named cases give every step of each case. `--json` always holds
every case asked for (all without CASE): programs read it whole.

Exit 0 when every case was evaluated, 1 when some case file was skipped as invalid (a note on
stderr points to `pelihara check`), 2 on usage errors (unknown case, bad --now).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from pelihara.cli.calendar import year_notes
from pelihara.cli.common import add_common, add_now, invocation, note_skipped, print_json
from pelihara.cli.sla_summary import summary_lines
from pelihara.core import sla
from pelihara.core.errors import PeliharaError
from pelihara.core.standard import Standard
from pelihara.core.timeparse import iso, to_wib
from pelihara.core.vocabulary import Verdict
from pelihara.documents.dates import format_compact, format_day_moment, format_minutes
from pelihara.i18n import tr
from pelihara.i18n.labels import step_verdict
from pelihara.i18n.messages import finding_text
from pelihara.records.load import load_cases
from pelihara.records.repo import Repository


def register(subparsers: Any) -> None:
    parser = add_common(subparsers.add_parser(
        "sla", help="help.sla.sla",
        description="help.sla.sla.description"))
    parser.add_argument("cases", nargs="*", metavar="CASE",
                        help="help.sla.cases")
    parser.add_argument("--all", action="store_true",
                        help="help.sla.all")
    add_now(parser)
    parser.add_argument("--json", action="store_true", help="help.json")
    parser.set_defaults(func=run)


def case_files(repo: Repository, names: list[str]) -> list[Path]:
    """The files of the cases `names` (IDs or paths); all case files when none are named."""
    if not names:
        return repo.files("case")
    files = []
    for name in names:
        path = Path(name)
        found = path if path.suffix in (".yaml", ".yml") and path.is_file() else None
        found = found or repo.find_case_file(path.stem if path.suffix else name)
        if found is None:
            raise PeliharaError("usage.unknown_case", {"case": name})
        files.append(found)
    return files


def run(args: argparse.Namespace) -> int:
    repo, now, lng = invocation(args)
    loaded = load_cases(repo, now, case_files(repo, args.cases))
    results = [record.sla for record in loaded]
    exit_code = note_skipped(loaded.skipped, lng)
    if args.json:
        skipped = [{"file": s.rel, "detail": finding_text(s.first, lng)[0],
                    "line": s.first.line, "column": s.first.column, "code": s.first.code}
                   for s in loaded.skipped]
        print_json({"now": iso(now), "standard_version": repo.standard.version,
                    "cases": [sla.to_json(r) for r in results], "skipped": skipped})
    else:
        print(f"{tr('sla.now', lng)} {format_day_moment(now, lng)}\n")
        if not results:
            print(tr("sla.none", lng))
        elif not (args.cases or args.all):
            print("\n".join(summary_lines(repo, results, now, lng)))
        for result in results if args.cases or args.all else []:
            print("\n".join(case_lines(repo.standard, result, lng, _staff(repo))))
            print()
    return exit_code


def _short(moment: datetime | None, lng: str) -> str:
    return format_compact(moment, lng, zone=False) if moment is not None else "-"


def _staff(repo: Repository) -> dict[str, str]:
    """Registry id → the person's name, as every listing shows people."""
    return {k: repo.registries.staff.name(k) for k in repo.registries.staff}


def _verdict(step: sla.StepSla, lng: str) -> str:
    text = step_verdict(step.outcome, step.verdict, lng)
    if step.late:  # what needs attention stands out in a terminal table
        text = text.upper()
    if step.late_reason:
        text += f" ({tr('sla.reason', lng)}: {step.late_reason})"
    return text


def case_lines(standard: Standard, r: sla.CaseSla, lng: str,
               staff: dict[str, str] | None = None) -> list[str]:
    """A self-explaining text block for one case; `staff` names people (registry id → name)."""
    names = staff or {}
    state = standard.states.get(r.state or "")
    state_label = standard.label(state, lng) if state else (r.state or "-")
    opened = format_compact(r.opened_at, lng) if r.opened_at else "-"
    head = (f"{tr('sla.state', lng)}: {state_label} · "
            f"{r.severity or tr('sla.unclassified', lng)} · "
            f"{tr('sla.version', lng)} {r.standard_version} · {tr('sla.opened', lng)} {opened}")
    if r.closed_at:
        head += f" · {tr('sla.closed', lng)} {format_compact(r.closed_at, lng)}"
    lines = [f"{r.case_id}  {r.title}", f"  {head}"]
    rows: list[tuple[str, ...]] = [tuple(tr(f"sla.head.{i}", lng) for i in range(9))]
    for s in r.steps:
        rows.append((s.step_id, _actor(standard, s.actor, lng), _short(s.start, lng),
                     _short(s.end, lng),
                     format_minutes(s.used_minutes, lng),
                     format_minutes(s.paused_minutes, lng) if s.paused_minutes else "-",
                     format_minutes(s.limit_minutes, lng),
                     _short(s.deadline, lng) if s.deadline else tr("sla.no_deadline", lng),
                     _verdict(s, lng)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  " + "  ".join([*cells, row[-1]]))
    lines += _open_step_lines(r, lng, names)
    for hold in r.holds:
        until = _short(hold.end, lng) if hold.end else tr("sla.ongoing", lng)
        by = names.get(hold.approved_by or "", hold.approved_by or "-")
        lines.append(f"  {tr('sla.holds', lng)}: {_short(hold.start, lng)} – {until} "
                     f"({hold.step_id or '-'}): {tr('sla.paused', lng)} "
                     f"{format_minutes(hold.paused_minutes, lng)}; {hold.reason or '-'} "
                     f"({tr('sla.approved', lng)} {by})")
    actors = "; ".join(
        f"{_actor(standard, a, lng)} {format_minutes(x.used_minutes, lng)} / "
        f"{format_minutes(x.limit_minutes, lng)}" for a, x in r.by_actor.items())
    lines.append(f"  {tr('sla.actors', lng)}: {actors}")
    for path, x in r.by_path.items():
        label = tr("sla.unclassified", lng) if path == sla.UNCLASSIFIED else path
        lines.append(f"  {tr('sla.path', lng)} ({label}): "
                     f"{format_minutes(x.used_minutes, lng)} / "
                     f"{format_minutes(x.limit_minutes, lng)}, {x.late_steps}/{x.steps} "
                     f"{tr('sla.late', lng).lower()}")
    if r.restore_minutes is not None:
        lines.append(f"  {tr('sla.restore', lng)}: {format_minutes(r.restore_minutes, lng)}")
    end = r.closed_at or r.now
    if r.opened_at is not None:
        lines.extend(f"  {note}" for note in year_notes(
            standard, to_wib(r.opened_at).year, to_wib(end).year, lng))
    return lines



def _open_step_lines(r: sla.CaseSla, lng: str, names: dict[str, str]) -> list[str]:
    """Where the open step stands: time left, overdue, or stopped by a hold."""
    current = r.open_step
    if current is None or current.remaining_minutes is None:
        return []
    lines: list[str] = []
    left = current.remaining_minutes
    due = f" ({format_compact(current.deadline, lng)})" if current.deadline else ""
    hold = r.holds[-1] if r.on_hold and r.holds else None
    by = names.get(hold.approved_by or "", hold.approved_by or "-") if hold else "-"
    if current.verdict is Verdict.LATE_NOW:
        lines.append(f"  → {current.step_id}: "
                     + tr("sla.overdue", lng, t=format_minutes(-left, lng)) + due)
        if hold is not None:
            lines.append("    " + tr("sla.held_late", lng, at=format_compact(hold.start, lng),
                                     by=by))
    elif current.verdict is Verdict.ON_HOLD and hold is not None:
        lines.append("  → " + tr("sla.held", lng, at=format_compact(hold.start, lng),
                                 t=format_minutes(left, lng), reason=hold.reason or "-", by=by))
    else:
        lines.append(f"  → {current.step_id}: "
                     + tr("sla.left", lng, t=format_minutes(left, lng)) + due)
    return lines

def _actor(standard: Standard, actor: str, lng: str) -> str:
    return standard.actor_label(actor, lng)
