"""The argument parser in the user's language, without touching argparse itself.

argparse writes its own words (usage, section headings, usage errors) in English through
`gettext`. Instead of replacing that function for the whole process, each parser here is built
for one language: headings and the help option are set when it is made, the usage prefix comes
from its formatter, and a usage error is translated in `error()` by matching argparse's English
templates. `--lang en` keeps argparse's English.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, NoReturn

EXIT_USAGE = 2

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
    "expected at most one argument": "opsi ini butuh paling banyak satu nilai",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "not allowed with argument %s": "tidak boleh dipakai bersama %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "ignored explicit argument %r": "nilai %r diabaikan",
    "ambiguous option: %(option)s could match %(matches)s":
        "opsi ambigu: %(option)s bisa berarti %(matches)s",
}
"""argparse's English texts (the keys are its own templates) in Bahasa Indonesia."""

_PLACEHOLDER = re.compile(r"%\((\w+)\)[rsd]|%[rsd]")


def _compile(template: str) -> tuple[re.Pattern[str], list[str]]:
    """An English template as a regular expression capturing each placeholder, in order."""
    names: list[str] = []
    pattern, last = "", 0
    for match in _PLACEHOLDER.finditer(template):
        pattern += re.escape(template[last:match.start()])
        names.append(match.group(1) or f"_{len(names)}")
        pattern += "(.+?)"
        last = match.end()
    pattern += re.escape(template[last:])
    return re.compile(f"^{pattern}$", re.S), names


_TEMPLATES = [(_compile(en), en, id_) for en, id_ in ARGPARSE_ID.items() if "%" in en]


def translate(message: str) -> str:
    """An argparse usage error in Bahasa Indonesia (nested messages too), or as it is."""
    for (pattern, names), _, target in _TEMPLATES:
        match = pattern.match(message)
        if match is None:
            continue
        values = [translate(v) if n == "message" else v for n, v in zip(names, match.groups(),
                                                                         strict=True)]
        return _PLACEHOLDER.sub(partial(_next, iter(values)), target)
    return ARGPARSE_ID.get(message, message)


def _next(values: Iterator[str], _: re.Match[str]) -> str:
    return next(values)


class Formatter(argparse.HelpFormatter):
    """Help text with the usage prefix in the parser's language."""

    def __init__(self, prog: str, lang: str = "id", **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self.lang = lang

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        if prefix is None and self.lang != "en":
            prefix = ARGPARSE_ID["usage: "]
        super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser speaking `lang`; its subcommand parsers speak it too."""

    def __init__(self, *args: Any, lang: str = "id", **kwargs: Any) -> None:
        self.lang = lang
        kwargs["formatter_class"] = partial(Formatter, lang=lang)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        if lang != "en":
            self._positionals.title = ARGPARSE_ID["positional arguments"]
            self._optionals.title = ARGPARSE_ID["options"]
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=self.word("show this help message and exit"))

    def word(self, english: str) -> str:
        """One of argparse's own texts in this parser's language."""
        return english if self.lang == "en" else ARGPARSE_ID.get(english, english)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", self.subparser_class())
        return super().add_subparsers(**kwargs)

    def subparser_class(self) -> Callable[..., Parser]:
        return partial(Parser, lang=self.lang)

    def error(self, message: str) -> NoReturn:
        """argparse exits with 2 on usage errors already; keep its message short and in the
        parser's language."""
        self.print_usage(sys.stderr)
        label = "error" if self.lang == "en" else "galat"
        text = message if self.lang == "en" else translate(message)
        sys.stderr.write(f"{self.prog}: {label}: {text}\n")
        sys.exit(EXIT_USAGE)
