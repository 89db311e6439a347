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
    output_folder,
    parse_now,
    repository,
    write_output,
)
from pelihara.core.errors import PeliharaError
from pelihara.documents import render
from pelihara.documents.case_report import build_case_report
from pelihara.documents.extras import attach
from pelihara.documents.load import ReportSource
from pelihara.documents.period import parse_period
from pelihara.documents.periodic import build_period_report
from pelihara.documents.sources import ExtrasSource, command_context, read_event_records
from pelihara.documents.verify import report_created, verify
from pelihara.i18n.messages import hint
from pelihara.i18n.messages import render as render_message
from pelihara.records import case_source


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="laporan hasil perbaikan per kasus atau laporan kinerja per periode",
        description="Laporan Hasil Perbaikan dan Pemeliharaan (per kasus) atau laporan kinerja "
                    "periodik: 'pelihara report PML-20261103-4QX' atau "
                    "'pelihara report period 2026-11' (bulan), 2026-Q4 (triwulan), 2026 (tahun).")
    parser.add_argument("target", metavar="KASUS|period", help="ID kasus, atau 'period'")
    parser.add_argument("period", nargs="?", metavar="PERIODE",
                        help="untuk 'period': 2026-11, 2026-Q4 atau 2026")
    parser.add_argument("--pdf", action="store_true", help="buat juga PDF (A4)")
    parser.add_argument("--verify", metavar="BERKAS.pdf", type=Path, default=None,
                        help="periksa apakah PDF laporan KASUS sama dengan laporan yang dibangun "
                             "ulang dari commit yang disebutnya (exit 0 cocok, 1 tidak)")
    parser.add_argument("--out", default=None, metavar="FOLDER",
                        help="folder tujuan (bawaan: keluaran/ di repositori, diabaikan git)")
    add_now(parser)
    add_common(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.verify is not None:
        return _verify(args)
    source = ReportSource(repository(args), parse_now(args))
    out = Path(args.out) if args.out else output_folder(source.repo)
    if out.exists() and not out.is_dir():
        raise PeliharaError("report.out_not_dir", {"path": str(out)})
    if args.target == "period":
        html, stem = _period(args, source)
    else:
        if args.period:
            raise PeliharaError("report.bad_period", {"value": args.period})
        case, figures = source.case(args.target)
        case_report = build_case_report(source.repo.standard, case, figures, source.registries,
                                        source.now)
        path = source.repo.find_case_file(case.id)
        stated = case_source.provenance(source.repo.root, case.id,
                                        source.repo.rel(path) if path else case.path, source.now)
        html = render.case_document(case_report, report_created(case, source.now), stated)
        stem = f"laporan-{case.id}"
    written = [write_output(out / f"{stem}.html", html.encode("utf-8"))]
    if args.pdf:
        written.append(write_output(out / f"{stem}.pdf", render.html_to_pdf(html)))
    for path in written:
        print(path)
    return 0


def _verify(args: argparse.Namespace) -> int:
    if args.target == "period" or args.period:
        raise PeliharaError("report.verify_case_only", {})
    outcome = verify(repository(args), args.target, args.verify)
    params, lng = outcome.params, lang(args)
    stream = sys.stdout if outcome.matches else sys.stderr
    stream.write(f"{render_message(outcome.code, params, lng)}\n"
                 f"  → {hint(outcome.code, params, lng)}\n")
    return 0 if outcome.matches else 1


def _period(args: argparse.Namespace, source: ReportSource) -> tuple[str, str]:
    """The period report with its extra sections; prints what was left out and why."""
    period = parse_period(args.period or "")
    items = source.all_cases()
    report = build_period_report(source.repo.standard, period, items, source.registries)
    records, missing = read_event_records(source.repo, [i.case for i in items], source.calendar)
    ctx = command_context(source.repo, source.now, source.calendar)
    report = attach(report, ExtrasSource(ctx, records).for_period(period))
    skipped = [*source.skipped, *(w.file for w in ctx.warnings)]
    for path in skipped:
        print(f"{path}: dilewati (tidak dapat dibaca; jalankan 'pelihara check')")
    if missing is not None and items:
        print(render_message("report.no_history", {
            "reason": render_message(missing.code, missing.params, lang(args))}, lang(args)))
    if report.empty:
        print(f"Tidak ada kasus pada periode {report.label}; laporan tetap dibuat.")
    return render.period_document(report, source.now), f"laporan-periode-{period.key}"
