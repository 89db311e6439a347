"""Every word a user reads, in Bahasa Indonesia (the default) and English (`--lang en`).

One mechanism for all of it: the YAML catalogue in `catalogue/` (loaded by `entries`). Code
asks for a text by its stable code:

- `tr(code, lang, **params)`: a label, heading, help text or sentence;
- `messages.render`/`hint`/`finding_lines`: a finding's or an error's message and its fix;
- `labels`: the words for the domain's own values (verdicts, event kinds, months…);
- templates call `t(code, **params)`, bound to the page's language.

No module keeps its own table of words or branches on the language: `tests/test_i18n.py`
fails on either, and on a code used anywhere that the catalogue lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from pelihara.core.text import Text
from pelihara.i18n.entries import CATALOGUE, LANGS

__all__ = ["CATALOGUE", "LANGS", "Text", "and_list", "fill", "html_words", "text_words", "tr",
           "word"]


def fill(template: str, params: dict[str, Any], lang: str = "id") -> str:
    """`template` with its `{name}`s filled, a `Text` parameter worded in `lang` (a tuple of
    them as 'a, b dan c'); as it is when a parameter is missing, so a message never fails to
    show."""
    worded = {key: _worded(value, lang) for key, value in params.items()}
    try:
        return template.format(**worded)
    except (KeyError, IndexError, ValueError):
        return template


def tr(code: str, lang: str = "id", /, **params: Any) -> str:
    """The text `code` in `lang` ("id" or "en"), its `{name}`s filled from `params`.

    An unknown code is a bug (KeyError); `tests/test_i18n.py` finds every literal code the
    source and the templates use."""
    return fill(CATALOGUE[code].text(lang), params, lang)


def _worded(value: Any, lang: str) -> Any:
    if isinstance(value, Text):
        return word(value, lang)
    if isinstance(value, tuple) and value and all(isinstance(v, Text) for v in value):
        return and_list(tuple(word(v, lang) for v in value), lang)
    return value


def word(text: Text, lang: str = "id") -> str:
    """A `Text` (a code and its parameters) in `lang`."""
    return tr(str(text), lang, **text.params)


def and_list(items: list[str] | tuple[str, ...], lang: str = "id") -> str:
    """'a, b dan c' / 'a, b and c'."""
    if len(items) < 2:
        return "".join(items)
    return tr("words.and_list", lang, items=", ".join(items[:-1]), last=items[-1])


def html_words(lang: str = "id") -> Callable[..., Markup]:
    """`t(code, **params)` for an HTML template: the catalogue's text is ours, so its markup
    (`<strong>`, `<code>`) stays; every parameter is escaped (`Markup.format`), so record text
    never becomes markup. A missing parameter fails the render, like StrictUndefined."""
    def t(code: str, /, **params: Any) -> Markup:
        worded = {key: _worded(value, lang) for key, value in params.items()}
        return Markup(CATALOGUE[code].text(lang)).format(**worded)
    return t


def text_words(lang: str = "id") -> Callable[..., str]:
    """`t(code, **params)` for a plain-text template (an e-mail's text part)."""
    def t(code: str, /, **params: Any) -> str:
        worded = {key: _worded(value, lang) for key, value in params.items()}
        return CATALOGUE[code].text(lang).format(**worded)
    return t
