"""Entry point. Parses arguments, dispatches to a subcommand module, and is the one place
that turns errors into messages and exit codes: 0 clean, 1 findings, 2 usage or internal
error. No traceback reaches a user unless asked for: `--debug` (or `PELIHARA_DEBUG=1`) prints
it; an internal error writes it, with the versions, to a log file and names the file, the way
pre-commit does. No raw control character from a record reaches the screen (`safe_output`).
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pelihara import __version__
from pelihara.cli.parser import Parser
from pelihara.cli.safe_output import visible_output
from pelihara.core.errors import PeliharaError
from pelihara.core.text import Text
from pelihara.i18n import LANGS, tr
from pelihara.i18n.messages import finding_lines, hint, render
from pelihara.records.codecache import cache_dir

# Each module has `register(subparsers)`; its parser sets `func` to a `run(args) -> int`.
COMMANDS = (
    "check",
    "calendar",
    "sla",
    "report",
    "export",
    "write",
    "correct",
    "intake",
    "monitor",
    "notify",
    "complaint",
    "site",
)

# Subcommand names that live in a module of another name. Knowing them lets `main` import only
# the module the user asked for: importing all of them (weasyprint, mkdocs, git…) costs a second
# or more on every call.
ALIASES = {"new": "write", "advance": "write", "hold": "write", "resume": "write",
           "cancel": "write"}

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEBUG_ENV = "PELIHARA_DEBUG"
LOG_NAME = "pelihara.log"


def build_parser(only: str | None = None, lang: str = "id") -> Parser:
    """The whole parser, or (with `only`) just the one subcommand module it names."""
    parser = Parser(
        prog="pelihara", lang=lang,
        description="help.pelihara.description",
    )
    parser.add_argument("--version", action="version", version=f"pelihara {__version__}",
                        help="argparse.version")
    parser.add_argument("--lang", choices=("id", "en"), default="id",
                        help="help.common.lang")
    parser.add_argument("--repo", default=None, help="help.main.repo")
    parser.add_argument("--debug", action="store_true",
                        help=Text("help.main.debug", env=DEBUG_ENV))
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    sub.required = True
    for name in (only,) if only else COMMANDS:
        importlib.import_module(f"pelihara.cli.{name}").register(sub)
    return parser


def _module_for(argv: list[str]) -> str | None:
    """The subcommand module named by the first word of `argv` that is not an option."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in ("--lang", "--repo"):
            skip = True
        elif not word.startswith("-"):
            name = ALIASES.get(word, word)
            return name if name in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    with visible_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _language(args_list)
    debug = "--debug" in args_list or os.environ.get(DEBUG_ENV, "") not in ("", "0")
    try:
        parser = build_parser(_module_for(args_list), lang)
        args = parser.parse_args(args_list)
        return int(args.func(args))
    except SystemExit as exc:  # argparse's own exits (help, usage errors)
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_ERROR
    except PeliharaError as exc:
        if debug:
            traceback.print_exc()
        _err(_describe(exc, lang))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err(tr("cli.interrupted", lang))
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: a clean message and a log file
        if debug:
            traceback.print_exc()
        log = _write_log(args_list, exc)
        error = f"{type(exc).__name__}: {exc}"
        if log is None and not debug:  # nowhere to keep it: show it rather than lose it
            traceback.print_exc()
        where = str(log) if log is not None else tr("cli.traceback_above", lang)
        _err(f"{render('internal', {'error': error}, lang)}\n"
             f"  → {hint('internal', {'log': where}, lang)}")
        return EXIT_ERROR


def _describe(exc: PeliharaError, lang: str) -> str:
    """Every finding behind an error (a broken standard, an unusable case), then the error's
    own message and how to fix it."""
    message, fix = render(exc.code, exc.params, lang), hint(exc.code, exc.params, lang)
    return "".join(f"{finding_lines(f, lang)}\n" for f in exc.findings) + (
        f"{exc.where + ': ' if exc.where else ''}{message}\n  → {fix}")


def _write_log(argv: list[str], exc: BaseException) -> Path | None:
    """The traceback and what a maintainer needs to reproduce it, in the cache folder
    (replaced each time, like pre-commit's log). None when it cannot be written."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / LOG_NAME
    text = "\n".join([
        f"# pelihara {__version__}, {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"command: pelihara {' '.join(argv)}",
        f"python: {sys.version.split()[0]} ({sys.executable})",
        f"platform: {platform.platform()}",
        f"cwd: {Path.cwd()}",
        "",
        "".join(traceback.format_exception(exc)),
    ])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return path


def _language(argv: list[str]) -> str:
    """The language `--lang X` or `--lang=X` asks for (the last one wins, as in argparse),
    before the parser exists: its own help and usage errors are in that language."""
    chosen = "id"
    for i, word in enumerate(argv):
        value = argv[i + 1] if word == "--lang" and i + 1 < len(argv) else (
            word.removeprefix("--lang=") if word.startswith("--lang=") else None)
        if value in LANGS:
            chosen = value
    return chosen


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
