"""Accessibility and small screens, in a real browser: axe-core (from the npm registry,
installed by tests/setup.sh) runs inside every page type of the built site, at 1280 px and at
375 px wide and in the dark palette; no page scrolls sideways as a whole on a phone, and a
screenshot of every page type is saved at both widths (tests/artifacts/375/, .../1280/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser_helpers import Served, serious

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Pages that show something the rest of their type does not: a case on hold, a cancelled
# duplicate, a closed severe case with a hold in its report.
EXTRA = ("kasus/PML-20261116-5GW/", "kasus/PML-20261103-9RD/", "laporan/PML-20260911-M3V/",
         "kasus/PML-20261126-K7P/")  # an open case: its "Catat langkah" form


def page_types(site: Served) -> dict[str, str]:
    """One page per kind of page in the build (every case page is one kind, every period
    report another, ...), plus EXTRA: {kind: path}."""
    kinds: dict[str, str] = {}
    for index in sorted(site.root.rglob("index.html")):
        path = index.relative_to(site.root).as_posix().removesuffix("index.html")
        kind = re.sub(r"PML-\d{8}-[0-9A-Z]{3}", "ID", path)
        kind = re.sub(r"periode/\d{4}(-Q\d|-\d{2})?/", "periode/KEY/", kind)
        kinds.setdefault(kind.strip("/").replace("/", "-") or "beranda", path)
    for path in EXTRA:
        kinds[path.strip("/").replace("/", "-")] = path
    return kinds


COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""The rules a palette can change: the dark palette is checked with these only."""


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (375, "light"), (1280, "dark")])
def test_every_page_type_passes_axe_and_never_scrolls_sideways(
        site: Served, browser: Browser, artifacts: Path, width: int, scheme: str) -> None:
    """axe-core finds no serious or critical violation; the page is never wider than the
    window (a wide table scrolls inside its own box, which keyboard users can focus); a
    full-page screenshot of each page type goes to tests/artifacts/<width>/ (light palette)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID",
                                  color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    kinds = page_types(site)
    assert {"beranda", "kasus", "kasus-ID", "laporan-ID", "laporan-periode-KEY", "standar",
            "aplikasi", "referensi-cli"} <= set(kinds)
    folder = artifacts / str(width)
    folder.mkdir(exist_ok=True)
    found: list[str] = []
    sideways: list[str] = []
    boxes: dict[str, int] = {}
    for kind, path in kinds.items():
        page.goto(site.base + path)  # waits for "load": the page's own scripts have run
        found += serious(page, path, COLOUR_RULES if scheme == "dark" else None)
        scroll, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            sideways.append(f"{path}: {scroll} px wide in a {inner} px window")
        boxes[path] = page.eval_on_selector_all(
            ".md-typeset__scrollwrap", "bs => bs.filter(b => b.scrollWidth > b.clientWidth + 1"
            " && b.tabIndex === 0 && b.getAttribute('aria-label')).length")
        if scheme == "light":
            page.screenshot(path=str(folder / f"{kind}.png"), full_page=True)
    context.close()
    assert found == []
    assert sideways == []
    if width == 375:  # the legitimate twin: wide tables are there, scrolling in their box
        assert boxes["kasus/"] >= 1 and boxes["aplikasi/"] >= 1
        assert (folder / "beranda.png").stat().st_size > 10_000


def test_axe_sees_the_search_dialog_open(site: Served, browser: Browser) -> None:
    """The search dialog is part of every page; check it open, with results showing."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(site.base)
    page.click("label.md-search__icon, .md-search__input", timeout=10000)
    page.locator(".md-search-result__meta", has_text="Ketik untuk").wait_for(
        state="attached", timeout=20000)
    page.locator(".md-search__input").press_sequentially("SIMPEG")
    page.locator(".md-search-result__item").first.wait_for(timeout=20000)
    found = serious(page, "search")
    context.close()
    assert found == []
