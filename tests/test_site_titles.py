"""Front matter and page titles survive any character a title may hold (issue 13, row 16).

A case title with U+FFFE made MkDocs drop the page's whole front matter (YAML cannot hold that
character raw), so the page was titled "Index". The front matter is read back here with
MkDocs' own parser, for any text hypothesis makes, and one real build shows the title in the
page's <title>.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from pelihara.site import links, safe
from site_helpers import build, site_copy

ODD = "Judul \ufffe\uffff NEL\x85 LS\u2028 PS\u2029 DEL\x7f CSI\x9b ESC\x1b 😀 é –"
ODD_YAML = r'"Judul \uFFFE\uFFFF NEL\N LS\L PS\P DEL\x7F CSI\x9B ESC\e 😀 é –"'
"""The same title as a record writes it (YAML's own escapes)."""


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.booleans())
def test_front_matter_reads_back_exactly(title: str, search: bool) -> None:
    _, meta = get_data(safe.front_matter(search=search, title=title) + "# x\n")
    assert meta["title"] == escape(title, quote=True)


def test_front_matter_with_the_characters_that_broke_it() -> None:
    _, meta = get_data(safe.front_matter(title=ODD) + "# x\n")
    assert meta == {"title": ODD, "hide": ["toc"]}


def test_built_page_is_titled_with_the_case_title(tmp_path: Path) -> None:
    root = site_copy(tmp_path / "repo")
    rel = "cases/2026/11/PML-20261127-RJ4.yaml"
    path = root / rel
    text = path.read_text(encoding="utf-8")
    old = "title: Sertifikat pelatihan di e-Learning tidak dapat diunduh"
    path.write_text(text.replace(old, "title: " + ODD_YAML), encoding="utf-8")
    out = tmp_path / "public"
    result = build(root, out)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (out / links.case_page("PML-20261127-RJ4").replace("index.md", "index.html"))
    html = page.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert title.group(1).startswith(f"PML-20261127-RJ4 · {ODD} - Pelihara"), title.group(1)
