"""HTML and PDF rendering of reports (an edge: jinja2 and WeasyPrint live here only).

Templates are strict (StrictUndefined: a missing value fails the build instead of printing
nothing) and autoescaped (every text a user wrote is escaped). `render_fragment` gives the
<article> the site embeds; `render_document` wraps it with the print CSS for a file or a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pelihara.core.errors import PeliharaError
from pelihara.core.provenance import Provenance
from pelihara.core.timeparse import iso
from pelihara.documents.case_report import CaseReport
from pelihara.documents.charts import period_charts, plan_chart
from pelihara.documents.extras import extras_of
from pelihara.documents.periodic import PeriodReport
from pelihara.i18n import html_words, tr


@cache
def environment() -> Environment:
    """Reports are written in Bahasa Indonesia (Tata Naskah Dinas): `t(code, …)` gives the
    catalogue's Indonesian words."""
    env = Environment(loader=PackageLoader("pelihara.documents", "templates"),
                      autoescape=True, undefined=StrictUndefined,
                      trim_blocks=False, keep_trailing_newline=True)
    env.globals["t"] = html_words()
    return env


def stylesheet(page: bool = False) -> str:
    """The reports' CSS, for the site to include beside an embedded fragment; `page` adds the
    A4 page box (margins, page numbers) used by standalone documents and the PDF."""
    folder = files("pelihara.documents").joinpath("templates")
    css = folder.joinpath("report.css").read_text("utf-8")
    return folder.joinpath("page.css").read_text("utf-8") + css if page else css


def render_fragment(template: str, **context: Any) -> str:
    """One report's <article>, escaped, with no <html> around it."""
    return environment().get_template(template).render(**context)


def render_document(title: str, body: str, created: datetime,
                    source: Provenance | None = None) -> str:
    """A standalone HTML page. `created` is the document's own date (not the clock), so the
    same records give the same bytes; `source`, when given, is printed after the body."""
    return environment().get_template("document.html.j2").render(
        title=title, body=Markup(body), css=Markup(stylesheet(page=True)), created=iso(created),
        src=source)


def provenance_block(source: Provenance) -> str:
    """The 'Sumber laporan' block alone, for a page that embeds the report fragment."""
    return render_fragment("provenance.html.j2", src=source)


def html_to_pdf(html: str) -> bytes:
    """A4 PDF from a standalone document. WeasyPrint reads no network: there is no base URL
    and the templates reference no external resource."""
    try:
        from weasyprint import HTML  # local: heavy import, only for --pdf

        return bytes(HTML(string=html, base_url=None).write_pdf())
    except (ImportError, OSError, ValueError) as exc:
        raise PeliharaError("report.pdf_failed", {"error": f"{type(exc).__name__}: {exc}"}
                            ) from None


def case_document(report: CaseReport, created: datetime,
                  source: Provenance | None = None) -> str:
    """The standalone Laporan Hasil Perbaikan dan Pemeliharaan of one case, with the
    statement of what it was built from."""
    body = render_fragment("case.html.j2", r=report)
    return render_document(f"{report.title} — {report.case_id}", body, created, source)


@dataclass(frozen=True)
class ExtraSection:
    """One section for the period template's `extra_sections` slot; `body` is escaped HTML."""

    title: str
    body: Markup


def extra_sections(report: PeriodReport) -> tuple[ExtraSection, ...]:
    """The extra sections that have data, lettered after the template's own: A only for an
    empty period, then up to E (holds) or F (late recordings, when there is history)."""
    extras = extras_of(report)
    macros: Any = environment().get_template("period_extras.html.j2").make_module()
    found: list[tuple[str, Markup]] = []
    if extras.plan is not None:
        chart = Markup(plan_chart(extras.plan.rows))
        found.append((tr("report.extra.plan_title"), macros.plan(extras.plan, chart)))
    if extras.complaints is not None:
        found.append((tr("report.extra.complaints_title"), macros.complaints(extras.complaints)))
    if extras.ikm is not None:
        found.append((tr("report.extra.ikm_title"), macros.ikm(extras.ikm)))
    last = "A" if report.empty else "F" if report.late_recordings is not None else "E"
    return tuple(ExtraSection(f"{chr(ord(last) + 1 + i)}. {title}", Markup(body))
                 for i, (title, body) in enumerate(found))


def period_fragment(report: PeriodReport) -> str:
    return render_fragment("period.html.j2", p=report,
                           charts={k: Markup(v) for k, v in period_charts(report).items()},
                           recordings=extras_of(report).recordings,
                           extra_sections=extra_sections(report))


def period_document(report: PeriodReport, created: datetime) -> str:
    return render_document(tr("report.period.document_title", period=report.label),
                           period_fragment(report), created)
