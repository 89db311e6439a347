"""The argument parser in the user's language, without touching argparse itself.

argparse writes its own words (usage, section headings, usage errors) in English through
`gettext`. Instead of replacing that function for the whole process, each parser here is built
for one language: headings and the help option are set when it is made, the usage prefix comes
from its formatter, and a usage error is translated in `error()` by matching argparse's English
templates. Both languages are the catalogue's `argparse.*` entries, whose English is argparse's
own text, so `--lang en` keeps argparse's English.

Pelihara's own help texts (a command's description and epilog, an option's help) are catalogue
codes, or `Text`s when part of them is filled in; the formatter words them in the parser's
language when help is shown, so no module writes help in one language only. A help text that is
not a code fails as soon as help is shown (KeyError); the reference page's test shows every
command's help.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, NoReturn

from pelihara.core.text import Text
from pelihara.i18n import CATALOGUE, tr, word

EXIT_USAGE = 2

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


_ARGPARSE = {code: entry for code, entry in CATALOGUE.items() if code.startswith("argparse.")}
_TEMPLATES = [(_compile(entry.en), code) for code, entry in _ARGPARSE.items() if "%" in entry.en]
_WORDS = {entry.en: code for code, entry in _ARGPARSE.items()}


def translate(message: str, lang: str = "id") -> str:
    """An argparse usage error in `lang` (nested messages too), or as it is."""
    for (pattern, names), code in _TEMPLATES:
        match = pattern.match(message)
        if match is None:
            continue
        values = [translate(v, lang) if n == "message" else v
                  for n, v in zip(names, match.groups(), strict=True)]
        return _PLACEHOLDER.sub(partial(_next, iter(values)), _ARGPARSE[code].text(lang))
    word = _WORDS.get(message)
    return _ARGPARSE[word].text(lang) if word else message


def _next(values: Iterator[str], _: re.Match[str]) -> str:
    return next(values)


class Formatter(argparse.HelpFormatter):
    """Help text with the usage prefix, descriptions and help texts in the parser's language."""

    def __init__(self, prog: str, lang: str = "id", **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self.lang = lang

    def _word(self, text: str) -> str:
        return word(text, self.lang) if isinstance(text, Text) else tr(text, self.lang)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return self._word(action.help) if action.help else action.help

    def add_text(self, text: str | None) -> None:
        if text and text is not argparse.SUPPRESS:
            text = self._word(text)
        super().add_text(text)

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        if prefix is None:
            prefix = tr("argparse.usage", self.lang)
        super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser speaking `lang`; its subcommand parsers speak it too."""

    def __init__(self, *args: Any, lang: str = "id", **kwargs: Any) -> None:
        self.lang = lang
        kwargs["formatter_class"] = partial(Formatter, lang=lang)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = tr("argparse.positionals", lang)
        self._optionals.title = tr("argparse.options", lang)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="argparse.help")

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", self.subparser_class())
        return super().add_subparsers(**kwargs)

    def subparser_class(self) -> Callable[..., Parser]:
        return partial(Parser, lang=self.lang)

    def error(self, message: str) -> NoReturn:
        """argparse exits with 2 on usage errors already; keep its message short and in the
        parser's language."""
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {tr('cli.error', self.lang)}: "
                         f"{translate(message, self.lang)}\n")
        sys.exit(EXIT_USAGE)
