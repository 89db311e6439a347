"""The built site in a real browser (Debian's chromium through Playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser_helpers import Served, Watched

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASE = "PML-20261103-4QX"  # closed, ringan path
OPEN_CASE = "PML-20261126-K7P"  # open at B.4 at the build's --now


def _search(page: Page, word: str) -> None:
    """Type into Material's search once its worker has loaded the index (the meta line
    changes from "Inisialisasi pencarian" to "Ketik untuk mulai pencarian")."""
    page.click("label.md-search__icon, .md-search__input", timeout=10000)
    page.locator(".md-search-result__meta", has_text="Ketik untuk").wait_for(
        state="attached", timeout=20000)
    page.locator(".md-search__input").press_sequentially(word)


def _pages(site: Served) -> list[str]:
    paths = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("index.html"))
    return [p.removesuffix("index.html") for p in paths]


def test_every_generated_page_loads_without_errors_or_outside_requests(
        site: Served, watched: Watched) -> None:
    watched.base = site.base
    pages = _pages(site)
    assert len(pages) >= 20 and "kasus/" in pages and f"kasus/{CASE}/" in pages
    for path in pages:
        response = watched.page.goto(site.base + path)
        assert response is not None and response.status == 200, path
        watched.page.wait_for_load_state("networkidle")
    assert watched.errors == []
    assert watched.outside == []


def test_open_cases_table_filters_by_unit(site: Served, watched: Watched) -> None:
    watched.base = site.base
    page = watched.page
    page.goto(site.base + "kasus/")
    rows = page.locator("#pelihara-cases tbody tr")
    total = rows.count()
    units = page.eval_on_selector_all("#pelihara-cases tbody tr",
                                      "rs => rs.map(r => r.dataset.unit)")
    unit = max(set(units), key=units.count)
    page.select_option("select[data-filter=unit]", unit)
    visible = page.locator("#pelihara-cases tbody tr:visible")
    assert 0 < visible.count() < total
    assert set(visible.evaluate_all("rs => rs.map(r => r.dataset.unit)")) == {unit}
    assert page.locator("[data-count]").inner_text() == f"{units.count(unit)} kasus"
    page.select_option("select[data-filter=unit]", "*")
    assert page.locator("#pelihara-cases tbody tr:visible").count() == total


def test_table_sorts_by_a_column(site: Served, watched: Watched) -> None:
    watched.base = site.base
    page = watched.page
    page.goto(site.base + "kasus/semua/")
    page.click("#pelihara-cases th:nth-child(1)")
    ids = page.eval_on_selector_all("#pelihara-cases tbody tr td:first-child",
                                    "cs => cs.map(c => c.textContent.trim())")
    assert ids == sorted(ids)
    page.click("#pelihara-cases th:nth-child(1)")
    ids_desc = page.eval_on_selector_all("#pelihara-cases tbody tr td:first-child",
                                         "cs => cs.map(c => c.textContent.trim())")
    assert ids_desc == sorted(ids, reverse=True)


def test_search_finds_a_case_by_a_word_from_its_title(site: Served, watched: Watched) -> None:
    watched.base = site.base
    page = watched.page
    page.goto(site.base)
    _search(page, "SIMPERSURATAN")
    result = page.locator(f".md-search-result__item a[href*='kasus/{CASE}/']").first
    result.wait_for(timeout=20000)
    assert "SIMPERSURATAN" in page.locator(".md-search-result").inner_text()


def test_case_page_shows_its_timeline(site: Served, watched: Watched, artifacts: Path) -> None:
    watched.base = site.base
    page = watched.page
    page.goto(site.base + f"kasus/{CASE}/")
    rows = page.locator("table.pelihara-timeline tbody tr")
    assert rows.count() == 6
    first = rows.first.inner_text()
    assert "B.2a" in first and "Tepat waktu" in first
    assert page.locator("svg.pelihara-flow g.flow-done").count() >= 5
    page.screenshot(path=str(artifacts / "site-case.png"), full_page=True)


def test_dashboard_screenshot_and_charts(site: Served, watched: Watched, artifacts: Path,
                                         browser: Browser) -> None:
    watched.base = site.base
    page = watched.page
    page.goto(site.base)
    assert page.locator(".pelihara-card").count() == 5
    assert page.locator("svg.pelihara-chart").count() >= 2
    page.screenshot(path=str(artifacts / "site-dashboard.png"), full_page=True)
    # A reader whose system prefers dark gets the slate palette on first visit.
    dark = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    dark_page = dark.new_page()
    dark_page.goto(site.base)
    dark_page.locator("body[data-md-color-scheme=slate]").wait_for(state="attached",
                                                                  timeout=10000)
    dark_page.screenshot(path=str(artifacts / "site-dashboard-dark.png"))
    dark.close()


def test_live_deadline_follows_the_browser_clock(site: Served, watched: Watched) -> None:
    watched.base = site.base
    page = watched.page
    # Monday 30 Nov 2026 07:00 WIB, before office hours: the step still has its hour left.
    page.clock.install(time="2026-11-30T07:00:00+07:00")
    page.goto(site.base + f"kasus/{OPEN_CASE}/")
    page.clock.pause_at("2026-11-30T07:10:00+07:00")
    live = page.locator(".pelihara-summary [data-deadline]")
    deadline = live.get_attribute("data-deadline")
    assert deadline == "2026-11-30T08:30:00+07:00"
    assert live.inner_text() == "sisa 1 jam"
    page.clock.pause_at("2026-11-30T08:00:00+07:00")
    page.clock.run_for(31_000)
    assert live.inner_text() == "sisa 30 menit"
    # Past the deadline, across the lunch break: 08:30–12:00 and 13:00–14:00 = 4 h 30 min.
    page.clock.pause_at("2026-11-30T14:00:00+07:00")
    page.clock.run_for(31_000)
    assert live.inner_text() == "terlambat 4 jam 30 menit"


def test_xss_payloads_in_case_fields_do_not_execute(xss_site: Served, watched: Watched) -> None:
    watched.base = xss_site.base
    page = watched.page
    for path in (f"kasus/{xss_site.case_id}/", "kasus/", "kasus/semua/", ""):
        page.goto(xss_site.base + path)
        page.wait_for_load_state("networkidle")
    page.goto(xss_site.base + f"kasus/{xss_site.case_id}/")
    title = page.locator("h1.pelihara-case-title").inner_text()
    assert "<script>alert(1)</script>" in title and "onerror=alert(2)" in title
    injected = "h1 img, h1 script, .pelihara-summary svg, .pelihara-summary b"
    assert page.locator(injected).count() == 0
    page.hover(".pelihara-description")
    _search(page, "Gangguan")
    page.locator(".md-search-result__item").first.wait_for(timeout=20000)
    assert watched.dialogs == []
    assert watched.errors == []
    assert watched.outside == []


def test_case_page_prints_on_a4_without_navigation(site: Served, watched: Watched,
                                                   artifacts: Path) -> None:
    watched.base = site.base
    page = watched.page
    page.goto(site.base + f"kasus/{CASE}/")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("table.pelihara-timeline").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts / "site-case-print.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and b"/MediaBox [0 0 595" in pdf


LINES = """els => els.map(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    return [el.textContent.trim(), tops.size];
})"""
"""Each element's text and the number of lines it is laid out on."""


@pytest.mark.parametrize("width", [1280, 375])
def test_dates_and_commit_hashes_in_tables_stay_on_one_line(git_site: Served, browser: Browser,
                                                           width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    wrapped: list[object] = []
    for path in (f"kasus/{CASE}/", "kasus/PML-20260911-M3V/", "kasus/", "kasus/semua/", ""):
        page.goto(git_site.base + path)
        cells = page.eval_on_selector_all("td.pelihara-when, code.pelihara-commit", LINES)
        assert cells, path
        wrapped += [(path, text, lines) for text, lines in cells if lines != 1]
    page.goto(git_site.base + f"kasus/{CASE}/")
    hashes = page.eval_on_selector_all("table.pelihara-history code.pelihara-commit", LINES)
    assert len(hashes) >= 6 and all(len(text) == 10 for text, _ in hashes)
    context.close()
    assert wrapped == []
