"""`pelihara report CASE [--pdf] [--out DIR]` and `pelihara report period 2026-11|2026-Q4|2026`.

Writes `laporan-<ID>.html` (and `.pdf`) or `laporan-periode-<KEY>.html` (and `.pdf`) into
--out (default: `keluaran/` in the repository, which git ignores) and prints each path
written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pelihara.cli.common import (
    add_common,
    add_now,
    lang,
    note_skipped,
    output_folder,
    records_for,
    repository,
    write_output,
)
from pelihara.core.errors import PeliharaError
from pelihara.documents import render
from pelihara.documents.case_report import build_case_report
from pelihara.documents.extras import attach
from pelihara.documents.period import parse_period
from pelihara.documents.periodic import build_period_report
from pelihara.documents.sources import ExtrasSource, read_event_records
from pelihara.documents.verify import report_created, verify
from pelihara.i18n import tr
from pelihara.i18n.messages import hint
from pelihara.i18n.messages import render as render_message
from pelihara.records import case_source
from pelihara.records.load import Records


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="help.report.report",
        description="help.report.report.description")
    parser.add_argument("target", metavar="KASUS|period", help="help.report.target")
    parser.add_argument("period", nargs="?", metavar="PERIODE",
                        help="help.report.period")
    parser.add_argument("--pdf", action="store_true", help="help.report.pdf")
    parser.add_argument("--verify", metavar="BERKAS.pdf", type=Path, default=None,
                        help="help.report.verify")
    parser.add_argument("--out", default=None, metavar="FOLDER",
                        help="help.report.out")
    add_now(parser)
    add_common(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.verify is not None:
        return _verify(args)
    records = records_for(args)
    out = Path(args.out) if args.out else output_folder(records.repo)
    if out.exists() and not out.is_dir():
        raise PeliharaError("report.out_not_dir", {"path": str(out)})
    exit_code = 0
    if args.target == "period":
        html, stem, exit_code = _period(args, records)
    else:
        if args.period:
            raise PeliharaError("report.bad_period", {"value": args.period})
        repo, now = records.repo, records.now
        record = records.case(args.target)
        case_report = build_case_report(repo.standard, record.case, record.sla,
                                        repo.registries, now)
        stated = case_source.provenance(repo.root, record.id, record.source, now)
        html = render.case_document(case_report, report_created(record.case, now), stated)
        stem = f"laporan-{record.id}"
    written = [write_output(out / f"{stem}.html", html.encode("utf-8"))]
    if args.pdf:
        written.append(write_output(out / f"{stem}.pdf", render.html_to_pdf(html)))
    for path in written:
        print(path)
    return exit_code


def _verify(args: argparse.Namespace) -> int:
    if args.target == "period" or args.period:
        raise PeliharaError("report.verify_case_only", {})
    outcome = verify(repository(args), args.target, args.verify)
    params, lng = outcome.params, lang(args)
    stream = sys.stdout if outcome.matches else sys.stderr
    stream.write(f"{render_message(outcome.code, params, lng)}\n"
                 f"  → {hint(outcome.code, params, lng)}\n")
    return 0 if outcome.matches else 1


def _period(args: argparse.Namespace, records: Records) -> tuple[str, str, int]:
    """The period report with its extra sections, and the exit code of what was left out
    (named on stderr, as every command does)."""
    repo, lng = records.repo, lang(args)
    period = parse_period(args.period or "")
    items = records.cases.records
    report = build_period_report(repo.standard, period, items, repo.registries)
    history, missing = read_event_records(repo, [i.case for i in items], repo.calendar)
    report = attach(report, ExtrasSource(records, history).for_period(period))
    exit_code = note_skipped(records.skipped, lng)
    if missing is not None and items:
        print(render_message("report.no_history", {
            "reason": render_message(missing.code, missing.params, lng)}, lng))
    if report.empty:
        print(tr("report.period_empty", lng, period=report.label))
    return render.period_document(report, records.now), f"laporan-periode-{period.key}", \
        exit_code
