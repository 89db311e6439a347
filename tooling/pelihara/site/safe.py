"""Escaping for text that comes from records (titles, descriptions, findings...).

Everything a user wrote is treated as plain text: HTML-escaped, and Markdown-neutral because the
generator only ever places it inside raw HTML blocks, which Python-Markdown leaves alone. Any
record field that is meant to be HTML goes through nh3 with a small allow-list.
"""

from __future__ import annotations

import json
import re
from html import escape

import nh3

_ALLOWED_TAGS = {"b", "i", "em", "strong", "code", "br", "p", "ul", "ol", "li"}


def text(value: object) -> str:
    """`value` as HTML text: <, >, &, quotes escaped."""
    return escape(str(value), quote=True)


def html(value: str) -> str:
    """Sanitised HTML: only harmless formatting tags, no attributes, no scripts."""
    return nh3.clean(value, tags=_ALLOWED_TAGS, attributes={}, link_rel=None)


_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""What JSON leaves raw but YAML cannot hold raw in a quoted string: characters outside YAML's
printable set (MkDocs then drops the whole front matter and the page is titled "Index"), and
NEL, LS and PS, which YAML reads as line breaks and folds."""


def _yaml_string(value: str) -> str:
    """`value` as a double-quoted YAML string: JSON, with YAML's non-printables escaped."""
    return _NOT_YAML_TEXT.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value,
                                                                       ensure_ascii=False))


def front_matter(search: bool = True, **fields: str) -> str:
    """YAML front matter. JSON strings are valid YAML, so any text is quoted safely (see
    `_yaml_string` for what JSON alone would not cover); values are HTML-escaped too because
    the theme prints `page.title` without escaping. `search=False` keeps the page out of the
    search index (Material's `search.exclude`)."""
    lines = [f"{key}: {_yaml_string(text(value))}" for key, value in fields.items()]
    if not search:
        lines.append("search:\n  exclude: true")
    # Generated pages carry wide tables: give them the table of contents' column.
    lines.append("hide:\n  - toc")
    return "---\n" + "\n".join(lines) + "\n---\n\n"
