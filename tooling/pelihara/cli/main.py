"""Entry point. Parses arguments, dispatches to a subcommand module, and is the one place
that turns errors into messages and exit codes: 0 clean, 1 findings, 2 usage or internal
error. No traceback ever reaches a user.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pelihara import __version__
from pelihara.core.errors import PeliharaError
from pelihara.core.standard import StandardInvalid
from pelihara.i18n.messages import hint, render
from pelihara.records.yamlio import YamlProblem

# Each module has `register(subparsers)`; its parser sets `func` to a `run(args) -> int`.
COMMANDS = (
    "check",
    "calendar",
    "sla",
    "report",
    "export",
    "write",
    "monitor",
    "complaint",
    "site",
)

# Subcommand names that live in a module of another name. Knowing them lets `main` import only
# the module the user asked for: importing all of them (weasyprint, mkdocs, git…) costs a second
# or more on every call.
ALIASES = {"new": "write", "advance": "write", "hold": "write", "resume": "write",
           "cancel": "write"}

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


# argparse's own words, in Bahasa Indonesia. argparse looks its texts up through the module's
# `_` (gettext) at call time, so swapping that one function translates usage, help headings
# and usage errors without touching any parser. `--lang en` keeps argparse's English.
ARGPARSE_ID = {
    "usage: ": "pemakaian: ",
    "positional arguments": "argumen",
    "options": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "the following arguments are required: %s": "argumen wajib belum diisi: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak sah: %(value)r (pilih salah satu: %(choices)s)",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "expected one argument": "opsi ini butuh satu nilai",
    "expected at least one argument": "opsi ini butuh paling sedikit satu nilai",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "not allowed with argument %s": "tidak boleh dipakai bersama %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "opsi ambigu: %(option)s bisa berarti %(matches)s",
}
_ENGLISH = argparse._  # type: ignore[attr-defined]


def _argparse_language(lang: str) -> None:
    argparse._ = (  # type: ignore[attr-defined]
        _ENGLISH if lang == "en" else (lambda text: ARGPARSE_ID.get(text, _ENGLISH(text))))


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; keep its message short and bilingual."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        label = "error" if argparse._ is _ENGLISH else "galat"  # type: ignore[attr-defined]
        sys.stderr.write(f"{self.prog}: {label}: {message}\n")
        sys.exit(EXIT_ERROR)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (with `only`) just the one subcommand module it names."""
    parser = _Parser(
        prog="pelihara",
        description="Pelihara: Standar Pelayanan Pemeliharaan SIM sebagai kode.",
    )
    parser.add_argument("--version", action="version", version=f"pelihara {__version__}")
    parser.add_argument("--lang", choices=("id", "en"), default="id",
                        help="bahasa pesan: id (bawaan) atau en")
    parser.add_argument("--repo", default=None, help="folder repositori (bawaan: folder ini)")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", parser_class=_Parser)
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
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = "en" if _wants_english(args_list) else "id"
    _argparse_language(lang)
    try:
        parser = build_parser(_module_for(args_list))
        args = parser.parse_args(args_list)
        lang = args.lang
        return int(args.func(args))
    except SystemExit as exc:  # argparse's own exits (help, usage errors)
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_ERROR
    except PeliharaError as exc:
        where = ":".join(str(x) for x in (exc.file, exc.line, exc.column) if x is not None)
        prefix = f"{where}: " if where else ""
        message, fix = render(exc.code, exc.params, lang), hint(exc.code, exc.params, lang)
        _err(f"{prefix}{message}\n  → {fix}")
        return EXIT_ERROR
    except StandardInvalid as exc:
        for finding in exc.findings:
            _err(f"{finding.file}:{finding.line}:{finding.column}: {finding.code} "
                 f"{finding.message(lang)}\n  → {finding.hint(lang)}")
        return EXIT_ERROR
    except YamlProblem as exc:
        _err(f"{exc.line}:{exc.column}: {render(exc.code, exc.params, lang)}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("Dibatalkan." if lang == "id" else "Interrupted.")
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: never a traceback
        _err(f"{render('internal', {'error': f'{type(exc).__name__}: {exc}'}, lang)}\n"
             f"  → {hint('internal', {}, lang)}")
        return EXIT_ERROR


def _wants_english(argv: list[str]) -> bool:
    return "--lang=en" in argv or any(
        a == "--lang" and i + 1 < len(argv) and argv[i + 1] == "en" for i, a in enumerate(argv)
    )


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
