"""Relative links between generated pages, as MkDocs lays them out with directory URLs
(`kasus/semua.md` → `kasus/semua/`), so the site works from any folder or host."""

from __future__ import annotations

import posixpath


def page_dir(doc_path: str) -> str:
    """The URL folder of a docs page: 'index.md' → '', 'kasus/semua.md' → 'kasus/semua/'."""
    stem = doc_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        folder = stem.removesuffix("index")
    else:
        folder = stem + "/"
    return folder


def href(from_doc: str, to: str) -> str:
    """Relative URL from docs page `from_doc` to `to` (a docs page or a static file path)."""
    target = page_dir(to) if to.endswith(".md") else to
    base = page_dir(from_doc) or "."
    rel = posixpath.relpath(target or ".", base)
    if to.endswith(".md") and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def case_page(case_id: str) -> str:
    """The docs path of a case page; its URL `kasus/<ID>/` never changes."""
    return f"kasus/{case_id}/index.md"
