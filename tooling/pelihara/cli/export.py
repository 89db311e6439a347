"""`pelihara export cases|steps|complaints --format csv|xlsx [--out FILE]`.

CSV goes to the screen (or --out). XLSX is binary: without --out it is written to
`keluaran/ekspor-<tabel>-<tanggal>.xlsx` in the repository (git-ignored), and the path is
printed.
Exit 0, or 1 when a record file was skipped (named on stderr, as every command does); 2
on usage errors.
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
    parse_now,
    repository,
    write_output,
)
from pelihara.core.errors import PeliharaError
from pelihara.core.timeparse import to_wib
from pelihara.documents import export
from pelihara.records.load import Records


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="ekspor kasus, langkah (dengan angka SLA) atau pengaduan ke CSV/XLSX",
        description="Ekspor untuk lembar kerja: satu tabel per lembar, tanggal sebagai tanggal.")
    parser.add_argument("table", choices=("cases", "steps", "complaints"),
                        help="tabel: cases (kasus), steps (langkah), complaints (pengaduan)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--out", default=None, metavar="BERKAS",
                        help="berkas tujuan (bawaan: csv ke layar; xlsx ke "
                             "keluaran/ekspor-<tabel>-<tanggal>.xlsx, diabaikan git)")
    add_now(parser)
    add_common(parser)
    parser.set_defaults(func=run)


NAMES = {"cases": "kasus", "steps": "langkah", "complaints": "pengaduan"}


def run(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else None
    if args.format == "xlsx" and out is not None and out.is_dir():
        raise PeliharaError("export.bad_out", {"format": "xlsx", "path": args.out})
    repo = repository(args)
    records = Records(repo, parse_now(args))
    if args.format == "xlsx" and out is None:
        day = to_wib(records.now).date().isoformat()
        out = output_folder(repo) / f"ekspor-{NAMES[args.table]}-{day}.xlsx"
    if args.table == "complaints":
        rows = export.complaint_rows(records.complaints.records, repo.registries.heads)
        table = export.complaints_table(rows, repo.registries)
    elif args.table == "cases":
        table = export.cases_table(records.cases.records, repo.registries, repo.standard)
    else:
        table = export.steps_table(records.cases.records, repo.standard)
    exit_code = note_skipped(records.skipped, lang(args))
    data = export.to_xlsx([table]) if args.format == "xlsx" else export.to_csv(table)
    if out is None:
        sys.stdout.write(data.decode("utf-8-sig"))
    else:
        print(write_output(out, data))
    return exit_code
