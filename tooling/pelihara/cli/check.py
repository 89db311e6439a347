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
from pelihara.cli.common import add_common, add_now, invocation, locate
from pelihara.core.errors import PeliharaError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="help.check.check",
        description="help.check.check.description",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="help.check.paths")
    add_now(parser)
    parser.add_argument("--base", metavar="REF", default=None,
                        help="help.check.base")
    parser.add_argument("--audit", action="store_true",
                        help="help.check.audit")
    parser.add_argument("--audit-from", metavar="REF", default=None,
                        help="help.check.audit_from")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="help.check.format")
    parser.add_argument("--output", metavar="FILE", default=None,
                        help="help.check.output")
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
    repo, now, lng = invocation(args)
    paths = [locate(p, repo.root) for p in args.paths] or None
    merge_request, rules = None, None
    if args.base:
        from pelihara.check.basecheck import MergeRequest

        merge_request = MergeRequest.open(repo, args.base)
        if merge_request.records_changed:  # records are judged by the rules they did not write
            rules = merge_request.rules
    result = run_check(repo.root, paths, now, extra_providers(args, merge_request), rules)
    output = REPORTERS[args.format](result.findings, result.files, lng)
    if args.output:
        try:
            Path(args.output).write_text(output, encoding="utf-8")
        except OSError as exc:
            raise PeliharaError("check.output_unwritable", {"path": args.output,
                                "error": exc.strerror or str(exc)}) from None
        if args.format != "text":  # the file is for CI; people still read the text
            sys.stdout.write(REPORTERS["text"](result.findings, result.files, lng))
    else:
        sys.stdout.write(output)
    return result.exit_code
