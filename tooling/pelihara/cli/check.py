"""`pelihara check [PATHS] [--now ISO] [--format …] [--output FILE]`: every finding in one run.

Exit codes: 0 clean (warnings alone still exit 0, and are printed), 1 findings, 2 usage or
internal error (raised, and rendered by cli/main.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pelihara.check import Provider, run_check
from pelihara.check.reporters import REPORTERS
from pelihara.cli.common import add_common, add_now, lang, locate, parse_now, repository
from pelihara.core.errors import PeliharaError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="periksa catatan: skema, alur kerja, bukti, rujukan, ID",
        description="Memeriksa standard.yaml, registri dan semua catatan (atau PATHS saja): "
                    "skema, alur kerja standar, bukti tiap langkah, rujukan ke unit/aplikasi/"
                    "pengembang/pegawai, keunikan ID dan lokasi berkas. Exit 0 sah, 1 ada "
                    "temuan, 2 galat penggunaan.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="berkas atau folder (bawaan: seluruh repositori)")
    add_now(parser)
    parser.add_argument("--base", metavar="REF", default=None,
                        help="mode merge request: catatan dinilai dengan aturan REF "
                             "(skema, standard.yaml, registri); riwayat hanya ditambah; "
                             "penulis commit terdaftar; persetujuan dan pencatatan terlambat "
                             "dibuktikan; perubahan aturan tidak mengubah hasil yang ada")
    parser.add_argument("--audit", action="store_true",
                        help="jejak audit cabang utama: setiap persetujuan terbukti di git "
                             "(penulis, tanda tangan SSH atau trailer Approved-by) dan setiap "
                             "perubahan aturan disetujui Kepala Biro")
    parser.add_argument("--audit-from", metavar="REF", default=None,
                        help="dengan --audit: perubahan aturan diperiksa sesudah REF saja "
                             "(misalnya commit saat tata kelola mulai berlaku)")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="format keluaran (bawaan: text)")
    parser.add_argument("--output", metavar="FILE", default=None,
                        help="tulis laporan ke FILE, bukan ke layar")
    add_common(parser)
    parser.set_defaults(func=run)


def extra_providers(args: argparse.Namespace, merge_request: Any = None) -> list[Provider]:
    """Finding providers beyond the file rules. The merge-request rules (`--base REF`, in
    pelihara/check/basecheck.py) and the main-line audit (`--audit`) plug in here."""
    from pelihara.check.evidence_files import evidence_provider  # evidence/<id>/ files
    from pelihara.check.opcheck import operations_provider  # C.1.a plan, surveys, complaint links

    providers: list[Provider] = [operations_provider, evidence_provider]
    if merge_request is not None:
        from pelihara.check.basecheck import base_provider

        providers.append(base_provider(merge_request))
    if getattr(args, "audit", False):
        from pelihara.check.audit import audit_provider

        providers.append(audit_provider(args.audit_from))
    return providers


def run(args: argparse.Namespace) -> int:
    repo = repository(args)
    now = parse_now(args)
    paths = [locate(p, repo.root) for p in args.paths] or None
    merge_request, rules = None, None
    if args.base:
        from pelihara.check.basecheck import MergeRequest

        merge_request = MergeRequest.open(repo, args.base)
        if merge_request.records_changed:  # records are judged by the rules they did not write
            rules = merge_request.rules
    result = run_check(repo.root, paths, now, extra_providers(args, merge_request), rules)
    output = REPORTERS[args.format](result.findings, result.files, lang(args))
    if args.output:
        try:
            Path(args.output).write_text(output, encoding="utf-8")
        except OSError as exc:
            raise PeliharaError("check.output_unwritable", {"path": args.output,
                                "error": exc.strerror or str(exc)}) from None
        if args.format != "text":  # the file is for CI; people still read the text
            sys.stdout.write(REPORTERS["text"](result.findings, result.files, lang(args)))
    else:
        sys.stdout.write(output)
    return result.exit_code
