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
    records_for,
    write_output,
)
from pelihara.core.errors import PeliharaError
from pelihara.core.timeparse import to_wib
from pelihara.documents import export
from pelihara.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="help.export.export",
        description="help.export.export.description")
    parser.add_argument("table", choices=("cases", "steps", "complaints"),
                        help="help.export.table")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--out", default=None, metavar="BERKAS",
                        help="help.export.out")
    add_now(parser)
    add_common(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else None
    if args.format == "xlsx" and out is not None and out.is_dir():
        raise PeliharaError("export.bad_out", {"format": "xlsx", "path": args.out})
    records = records_for(args)
    repo = records.repo
    if args.format == "xlsx" and out is None:
        day = to_wib(records.now).date().isoformat()
        # The repository's own file names stay Indonesian whatever --lang says.
        table_name = tr(f"export.table.{args.table}")
        out = output_folder(repo) / f"ekspor-{table_name}-{day}.xlsx"
    if args.table == "complaints":
        rows = export.complaint_rows(records.complaints.records, repo.registries.people)
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
