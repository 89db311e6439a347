"""Sections of the published site, and the contract a section module follows.

A section is a module `pelihara.site.sections.<name>` listed in `MODULES` below (registration is
that one line). The module exposes:

- `NAV: NavEntry`: its place in the navigation: `NavEntry(title, path, order)`. `title` is the
  Indonesian label, `path` the docs-relative page the nav entry opens (it must be one of the
  pages the section returns), `order` its position (see `ORDER`). Optional `children`:
  `((title, path), ...)` for sub-entries, each also a returned page.
- `def pages(ctx: SiteContext) -> dict[str, str]`: every page of the section, keyed by
  docs-relative path (`"program-kerja/index.md"`, `"kasus/PML-20261103-4QX/index.md"`). A `.md`
  value is Markdown as MkDocs reads it, front matter allowed. Text from records must be escaped
  first: use `ctx.render(template, context_object)` (Jinja2, autoescape, StrictUndefined) or
  `pelihara.site.safe.text()`; never paste record text into Markdown raw, because Markdown in a
  record must not become live HTML. Any HTML from records goes through `safe.html()` (nh3).
- `ctx` (`pelihara.site.context.SiteContext`) carries the repository, the standard, `now`, every
  valid case with its SLA JSON (same shape as `pelihara sla --json`), history when available,
  `ctx.exists(path)` to link only to pages another section produced, and `ctx.warn(code, **p)`
  for build warnings (never raise for bad records: skip them with a warning).

A section appears only when `pages()` returns something: an empty dict means no nav entry and
no page, never a "coming soon". Pages not in the nav (one per case, for example) are still built
and reachable through links; keep the nav small, MkDocs' cost grows with nav size × pages.
`sections()` yields the modules in `MODULES` order and the generator calls each `pages()` once,
in that order. `ctx.exists(path)` sees the pages of the sections built before, so a section
whose pages others link to goes earlier in `MODULES` (reports before cases: a case page links
to `laporan/<ID>/index.md` only when it exists). Navigation order comes from `NavEntry.order`,
not from `MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pelihara.site.context import SiteContext

# Positions in the navigation, so sections written by different people slot in predictably.
ORDER = {
    "beranda": 0,
    "lapor": 5,
    "kasus": 10,
    "program-kerja": 20,
    "pemantauan": 30,
    "aplikasi": 40,
    "vendor": 50,
    "pengaduan": 60,
    "laporan": 70,
    "langganan": 75,
    "standar": 80,
    "referensi": 85,
    "panduan": 90,
    "tentang": 100,
}

# One line per section module, in build order (see the docstring: linked-to sections first).
MODULES: tuple[str, ...] = (
    "dashboard",
    "reports",
    "cases",
    "operations",
    "monitoring_page",
    "catalogue",
    "vendors_page",
    "complaints_page",
    "standard_page",
    "subscriptions",
    "reference",
    "intake",
)


@dataclass(frozen=True)
class NavEntry:
    title: str
    path: str
    order: int
    children: tuple[tuple[str, str], ...] = field(default=())


PagesFn = Callable[["SiteContext"], dict[str, str]]


@dataclass(frozen=True)
class Section:
    name: str
    nav: NavEntry
    pages: PagesFn


def load(name: str) -> Section:
    module: ModuleType = importlib.import_module(f"pelihara.site.sections.{name}")
    return Section(name, module.NAV, module.pages)


def sections() -> Iterator[Section]:
    for name in MODULES:
        yield load(name)
