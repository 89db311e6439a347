"""`pelihara check [PATHS] [--now ISO] [--format …] [--output FILE]`: every finding in one run.

Exit codes: 0 clean (warnings alone still exit 0, and are printed), 1 findings, 2 usage or
internal error (raised, and rendered by cli/main.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pelihara.check import Provider, run_check
from pelihara.check.reporters import REPORTERS
from pelihara.cli.common import add_common, add_now, lang, parse_now, repository
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
                        help="mode merge request: aturan riwayat terhadap merge-base REF dan HEAD")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="format keluaran (bawaan: text)")
    parser.add_argument("--output", metavar="FILE", default=None,
                        help="tulis laporan ke FILE, bukan ke layar")
    add_common(parser)
    parser.set_defaults(func=run)


def extra_providers(args: argparse.Namespace) -> list[Provider]:
    """Finding providers beyond the file rules. The history rules (`--base REF`, in
    pelihara/basecheck.py) plug in here: add the option in `register`, return the provider."""
    from pelihara.check.evidence_files import evidence_provider  # evidence/<id>/ files
    from pelihara.check.opcheck import operations_provider  # C.1.a plan, surveys, complaint links

    if getattr(args, "base", None):
        from pelihara.check.basecheck import base_provider

        return [operations_provider, evidence_provider, base_provider(args.base)]
    return [operations_provider, evidence_provider]


def _locate(given: str, root: Path) -> Path:
    """A relative PATH is taken from the current folder when that lands inside the
    repository, else from the repository root (`pelihara check --repo X cases/…`)."""
    path = Path(given)
    here = path.absolute()
    if path.is_absolute() or here.resolve().is_relative_to(root.resolve()):
        return here
    return root / path if (root / path).exists() else here


def run(args: argparse.Namespace) -> int:
    repo = repository(args)
    now = parse_now(args)
    paths = [_locate(p, repo.root) for p in args.paths] or None
    result = run_check(repo.root, paths, now, extra_providers(args))
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
