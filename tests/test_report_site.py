"""The site's Laporan section embeds the same report HTML as `pelihara report`, escaped."""

from __future__ import annotations

from pathlib import Path

from pelihara.core.timeparse import parse_time
from pelihara.documents import render
from pelihara.documents.case_report import build_case_report
from pelihara.site.data import load_context
from pelihara.site.sections import MODULES, reports

NOW = parse_time("2026-11-28T10:00")
CASE = "PML-20261103-4QX"


def test_section_pages_embed_the_report(repo_root: Path) -> None:
    ctx = load_context(repo_root, NOW, with_history=False)
    pages = reports.pages(ctx)
    assert "reports" in MODULES and MODULES.index("reports") < MODULES.index("cases")
    assert reports.NAV.path in pages
    page = pages[f"laporan/{CASE}/index.md"]
    record = next(r for r in ctx.cases if r.id == CASE)
    report = build_case_report(ctx.standard, record.case, record.sla,
                               ctx.repo.registries, NOW)
    assert render.render_fragment("case.html.j2", r=report) in page
    # Only cases that reached B.9 get a report page.
    unreported = [r.id for r in ctx.cases
                  if not any(e.kind == "reported" for e in r.case.effective_events())]
    assert unreported and all(f"laporan/{cid}/index.md" not in pages for cid in unreported)
    period = pages["laporan/periode/2026-11/index.md"]
    assert "November 2026" in period and "<svg" in period
    assert 'href="periode/2026-Q4/"' in pages[reports.NAV.path]


def test_record_text_is_escaped_on_the_site(repo_copy: Path) -> None:
    path = repo_copy / "cases/2026/11" / f"{CASE}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Disposisi elektronik SIMPERSURATAN gagal terkirim",
        'title: "Disposisi <img src=x onerror=alert(1)> | *gagal*"'), encoding="utf-8")
    pages = reports.pages(load_context(repo_copy, NOW, with_history=False))
    for text in (pages[f"laporan/{CASE}/index.md"], pages[reports.NAV.path]):
        assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
