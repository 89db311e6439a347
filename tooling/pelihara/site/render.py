"""Jinja2 for the generated pages: autoescape always on and StrictUndefined, so a template that
names a missing value fails the build instead of printing an empty string, and record text can
never become markup."""

from __future__ import annotations

from dataclasses import is_dataclass
from functools import lru_cache
from typing import Any

import jinja2

from pelihara.i18n import html_words
from pelihara.site import fmt


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pelihara.site", "templates"),
        autoescape=True,  # every template is HTML inside Markdown: escape everything
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(fmt.FILTERS)
    return env


def render(template: str, context: Any, lang: str = "id") -> str:
    """Render `template` with a typed page context (a dataclass; its fields become names);
    `t(code, …)` gives the catalogue's words in `lang`."""
    values = {f: getattr(context, f) for f in context.__dataclass_fields__} if is_dataclass(
        context) else dict(context)
    return environment().get_template(template).render(t=html_words(lang), **values)



