"""A text named by its catalogue code, worded only where a reader sees it.

The core never writes sentences: a finding's parameter that is itself a word of the domain
("penundaan", "dokumentasi") is a `Text` holding the code, and `pelihara.i18n` words it in the
reader's language. The command line's help is written the same way: its parsers are described
before anything is shown, and the formatter words each help text in the parser's language.
"""

from __future__ import annotations

from typing import Any


class Text(str):
    """The catalogue code `code` (the string's value) with the parameters to fill it.

    A `str`, so it stays readable where no language applies (JSON output shows the code); a
    parameter may be a `Text` too, worded in the same language."""

    params: dict[str, Any]

    def __new__(cls, code: str, /, **params: Any) -> Text:
        text = super().__new__(cls, code)
        text.params = params
        return text
