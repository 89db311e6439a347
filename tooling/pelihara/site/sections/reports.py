"""Laporan: the reports on the site, the same HTML as `pelihara report` writes.

- `laporan/<ID>/index.md`: the Laporan Hasil Perbaikan dan Pemeliharaan of each case that
  has reached B.9 (a `reported` event), embedding the report's own <article>;
- `laporan/periode/<KEY>/index.md`: the performance report of each year, quarter and month
  in which a case opened or closed, with its SVG charts;
- `laporan/index.md`: the list of both.

The embedded HTML comes from the reports' autoescaping, StrictUndefined templates, so every
text from a record is already escaped; nothing from a record is pasted into Markdown raw.
"""

from __future__ import annotations

from datetime import datetime

from pelihara.core.model import Case
from pelihara.core.timeparse import to_wib
from pelihara.documents import render
from pelihara.documents.case_report import build_case_report
from pelihara.documents.extras import attach
from pelihara.documents.period import Period, parse_period
from pelihara.documents.periodic import active_in, build_period_report
from pelihara.documents.sources import ExtrasSource
from pelihara.i18n import tr
from pelihara.records import case_source
from pelihara.site import safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry

INDEX = "laporan/index.md"
NAV = NavEntry(tr("site.reports.title"), INDEX, ORDER["laporan"])


def _keys(moments: list[datetime]) -> list[str]:
    """Year, quarter and month keys touched by `moments`, newest first."""
    keys: set[str] = set()
    for moment in moments:
        day = to_wib(moment).date()
        keys |= {f"{day.year}", f"{day.year}-Q{(day.month - 1) // 3 + 1}",
                 f"{day.year}-{day.month:02d}"}
    return sorted(keys, reverse=True)


def _page(title: str, body: str, command: str, search: bool = True) -> str:
    # On screen the page column sets the width; the print width suits paper only. The PDF
    # note is for the screen: a page printed from the browser is the report alone.
    # The report's own colours are black on white paper; on the site it takes the theme's, so
    # the dark palette stays readable.
    css = (render.stylesheet() + ".pelihara-laporan .laporan { max-width: none; color: inherit; }\n"
           ".pelihara-laporan .sumber { color: inherit; }\n"
           ".pelihara-laporan .laporan th { background: var(--md-default-fg-color--lightest); }\n"
           ".pelihara-laporan .laporan th, .pelihara-laporan .laporan td, .pelihara-laporan "
           ".laporan .konsep { border-color: var(--md-default-fg-color--light); }\n"
           "@media print { .pelihara-pdf { display: none; } }\n")
    # One <div> holding everything (the style too), so the plugin hands the page to MkDocs
    # as ready HTML instead of running Markdown's raw-HTML pass over it.
    return (safe.front_matter(search=search, title=title) + f"<div class=\"pelihara-laporan\">\n"
            f"<style>\n{css}</style>\n{_pdf_note(command)}\n{body}\n</div>\n")


def _pdf_note(command: str) -> str:
    """How to get the signed-and-filed form. PDFs are not built with the site: rendering one
    per case would make every build slow, and a PDF on a page can go stale against the record
    it was made from; the command makes the current one, A4 with page numbers, on demand."""
    return f'<p class="pelihara-pdf">{tr("site.reports.pdf_note", command=safe.text(command))}</p>'


def _reported(case: Case) -> datetime | None:
    return next((e.at for e in case.effective_events() if e.kind == "reported"), None)


def pages(ctx: SiteContext) -> dict[str, str]:
    if not ctx.cases:
        return {}
    registries = ctx.repo.registries
    items = ctx.cases
    result: dict[str, str] = {}
    case_links: list[tuple[str, str, str]] = []
    # What each report is built from (commit, case file SHA-256): two git processes in all.
    sources = case_source.provenances(
        ctx.root, {r.id: r.source for r in ctx.cases
                   if _reported(r.case) is not None and r.id not in ctx.confidential}, ctx.now)
    for item in items:
        reported = _reported(item.case)
        if reported is None or item.case.id in ctx.confidential:
            continue  # a confidential case's report is on the staff site only
        report = build_case_report(ctx.standard, item.case, item.sla, registries, ctx.now)
        path = f"laporan/{item.case.id}/index.md"
        # Kept out of search: the case's own page is indexed with the same facts, and a
        # second hit per case would double the index (the search plugin is 40% of a build).
        result[path] = _page(tr("site.reports.case_title", case=item.case.id),
                             render.render_fragment("case.html.j2", r=report)
                             + render.provenance_block(sources[item.case.id]),
                             f"pelihara report {item.case.id} --pdf", search=False)
        case_links.append((item.case.id, item.case.title, report.date))
    moments = [m for i in items for m in (i.case.opened_at, i.sla.steps[-1].end
                                          if i.sla.steps else None) if m is not None]
    periods: list[Period] = [parse_period(key) for key in _keys(moments)]
    # Late recordings come from the history the build already read (ctx.history, one pass);
    # without it that section is left out, as the build log says (site.no_history).
    extras = ExtrasSource(ctx.records, ctx.history, ctx.ops)
    for period in periods:
        active = active_in(items, period)  # same figures, a fraction of the cases per month
        summary = attach(build_period_report(ctx.standard, period, active, registries),
                         extras.for_period(period))
        result[f"laporan/periode/{period.key}/index.md"] = _page(
            tr("site.reports.period_title", period=period.label()),
            render.period_fragment(summary),
            f"pelihara report period {period.key} --pdf")
    result[INDEX] = _index(periods, case_links)
    return result


def _index(periods: list[Period], cases: list[tuple[str, str, str]]) -> str:
    """The list page, as one raw HTML block: record text never passes through Markdown."""
    rows = [f"<h1>{tr('site.reports.title')}</h1>", f"<p>{tr('site.reports.intro')}</p>",
            f"<h2>{tr('site.reports.periods')}</h2>", "<ul>"]
    for kind in ("year", "quarter", "month"):
        title = tr(f"site.reports.{kind}ly")
        links = [f'<a href="periode/{p.key}/">{safe.text(p.label())}</a>'
                 for p in periods if p.kind == kind]
        if links:
            rows.append(f"<li><strong>{title}:</strong> " + " · ".join(links) + "</li>")
    rows += ["</ul>", f"<h2>{tr('site.reports.cases')}</h2>"]
    if cases:
        rows += ["<table>", f"<thead><tr><th>{tr('report.period.kasus')}</th>"
                 f"<th>{tr('site.case_list.judul')}</th><th>{tr('site.reports.date')}</th>"
                 "</tr></thead>", "<tbody>"]
        rows += [f'<tr><td><a href="{safe.text(cid)}/">{safe.text(cid)}</a></td>'
                 f"<td>{safe.text(title)}</td><td>{safe.text(date)}</td></tr>"
                 for cid, title, date in sorted(cases, reverse=True)]
        rows += ["</tbody>", "</table>"]
    else:
        rows.append(f"<p>{tr('site.reports.none')}</p>")
    return (safe.front_matter(title=tr("site.reports.title")) + "<div>\n" + "\n".join(rows)
            + "\n</div>\n")
