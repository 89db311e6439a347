"""Escaping for text that comes from records (titles, descriptions, findings...).

Everything a user wrote is treated as plain text: HTML-escaped, and Markdown-neutral because the
generator only ever places it inside raw HTML blocks, which Python-Markdown leaves alone. Any
record field that is meant to be HTML goes through nh3 with a small allow-list.
"""

from __future__ import annotations

import json
from html import escape

import nh3

_ALLOWED_TAGS = {"b", "i", "em", "strong", "code", "br", "p", "ul", "ol", "li"}


def text(value: object) -> str:
    """`value` as HTML text: <, >, &, quotes escaped."""
    return escape(str(value), quote=True)


def html(value: str) -> str:
    """Sanitised HTML: only harmless formatting tags, no attributes, no scripts."""
    return nh3.clean(value, tags=_ALLOWED_TAGS, attributes={}, link_rel=None)


def front_matter(search: bool = True, **fields: str) -> str:
    """YAML front matter. JSON strings are valid YAML, so any text is quoted safely; values are
    HTML-escaped too because the theme prints `page.title` without escaping. `search=False`
    keeps the page out of the search index (Material's `search.exclude`)."""
    lines = [f"{key}: {json.dumps(text(value), ensure_ascii=False)}"
             for key, value in fields.items()]
    if not search:
        lines.append("search:\n  exclude: true")
    # Generated pages carry wide tables: give them the table of contents' column.
    lines.append("hide:\n  - toc")
    return "---\n" + "\n".join(lines) + "\n---\n\n"
