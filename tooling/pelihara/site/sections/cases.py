"""Kasus: the open-cases and all-cases tables, and one page per case at `kasus/<ID>/`.

Case pages are not in the navigation (MkDocs' cost grows with nav × pages); the tables link
to them. Every text from a record reaches the page through autoescaping templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pelihara.core.privacy import Audience
from pelihara.core.sla import HoldSla
from pelihara.core.vocabulary import Outcome, Verdict
from pelihara.documents.case_report import DocumentRow, document_rows
from pelihara.documents.dates import format_minutes
from pelihara.i18n import tr
from pelihara.i18n.labels import ORIGINS
from pelihara.i18n.messages import render as render_message
from pelihara.site import flowchart, links, safe, step_form
from pelihara.site.context import CaseRecord, SiteContext
from pelihara.site.events import EventView, event_label, events
from pelihara.site.notice_views import NoticeView, notice_views
from pelihara.site.sections import ORDER, NavEntry
from pelihara.site.views import CaseRow, StepView, case_row, searchable, step_views

OPEN, ALL = "kasus/index.md", "kasus/semua.md"
NAV = NavEntry(tr("site.cases.nav"), OPEN, ORDER["kasus"],
               children=((tr("site.cases.open"), OPEN), (tr("site.cases.all"), ALL)))


@dataclass(frozen=True)
class Filter:
    key: str
    label: str
    options: list[tuple[str, str]]


@dataclass(frozen=True)
class ListPage:
    title: str
    intro: str
    rows: list[CaseRow]
    hrefs: dict[str, str]
    filters: list[Filter]
    now: str
    other: tuple[str, str]


@dataclass(frozen=True)
class HistoryView:
    number: int
    kind: str
    at: str
    commit: str
    by: str
    """Who acted (the event's `by`), by name."""
    author: str
    """Who recorded it: the registered person the commit's e-mail names, never the name the
    commit claims ("" when the address is not registered: the page says so)."""
    registered: bool
    recorded: str
    lag: int | None
    late: bool


@dataclass(frozen=True)
class CasePage:
    row: CaseRow
    description: str
    origin: str
    contact: str
    vendor: str
    officers: str
    standard_version: str
    steps: list[StepView]
    holds: list[HoldSla]
    paused: int
    flowchart: str
    events: list[EventView]
    history: list[HistoryView] | None
    names: dict[str, str]
    """Staff registry id → name (who approved a hold)."""
    duplicate_of: str
    duplicate_href: str
    unproven: list[str]
    """Messages of approvals git does not prove, for the audit box."""
    notices: list[NoticeView]
    tolerance: str
    source_href: str
    source_path: str
    edit_url: str
    documents: tuple[tuple[DocumentRow, str], ...]
    """Supporting documents with a link to the file in the forge ('' without one)."""
    report_href: str
    list_href: str
    list_label: str
    standard_href: str
    now: str
    step_form: dict[str, Any] | None = None
    """What the "Catat langkah" form may offer (site/step_form.py); None on a closed case."""
    confidential: bool = False
    """Shown to the organisation as ID, application, steps, deadlines and verdicts only."""
    raw_source: bool = True
    """The record file is published beside the page (the staff site only)."""


def pages(ctx: SiteContext) -> dict[str, str]:
    rows: list[CaseRow] = []
    result: dict[str, str] = {}
    notices = notice_views(ctx)  # one pass over notifications/ for every case page
    for record in ctx.cases:
        steps = step_views(ctx, record)
        row = case_row(ctx, record, steps)
        rows.append(row)
        path = links.case_page(record.id)
        page = _case_page(ctx, record, row, steps, notices.get(record.id, []))
        result[path] = (safe.front_matter(search=searchable(ctx, record),
                                          title=f"{record.id} · {record.case.title}")
                        + ctx.render("case.html.j2", page))
    open_rows = [r for r in rows if r.is_open]
    now = ctx.now.isoformat()
    for path, title, intro, chosen, other in (
        (OPEN, tr("site.cases.open"), tr("site.cases.open_intro"), open_rows,
         (tr("site.cases.all"), ALL)),
        (ALL, tr("site.cases.all"), tr("site.cases.all_intro"), rows,
         (tr("site.cases.open"), OPEN)),
    ):
        listing = ListPage(title=title, intro=intro, rows=chosen,
                        hrefs={r.id: links.href(path, links.case_page(r.id)) for r in chosen},
                        filters=_filters(ctx, chosen), now=now,
                        other=(other[0], links.href(path, other[1])))
        # The tables only repeat what the case pages say; keep them out of search.
        result[path] = safe.front_matter(search=False, title=title) + ctx.render(
            "case_list.html.j2", listing)
    return result


def _filters(ctx: SiteContext, rows: list[CaseRow]) -> list[Filter]:
    def options(pairs: set[tuple[str, str]]) -> list[tuple[str, str]]:
        return sorted(pairs, key=lambda kv: kv[1].lower())

    steps = {(r.open_step.id, f"{r.open_step.id} {r.open_step.label}") for r in rows
             if r.open_step}
    order = list(ctx.standard.steps)
    return [
        Filter("unit", tr("site.case_list.unit_kerja"),
               options({(r.unit_id, r.unit) for r in rows})),
        Filter("app", tr("site.case_list.aplikasi"),
               options({(r.application_id, r.application) for r in rows})),
        Filter("step", tr("site.case.langkah"), sorted(steps, key=lambda kv: order.index(kv[0])
                                                       if kv[0] in order else 99)),
        Filter("severity", tr("site.case_list.tingkat"), [
            ("ringan", "ringan"), ("berat", "berat"), ("", tr("site.case.not_analysed"))]),
        Filter("late", tr("site.cases.lateness"), [
            ("sekarang", tr("site.cases.late_now")),
            ("sebelumnya", tr("site.case_list.pernah_terlambat")),
            ("tidak", tr("site.cases.not_late"))]),
    ]


def _case_page(ctx: SiteContext, record: CaseRecord, row: CaseRow,
               steps: list[StepView], notices: list[NoticeView]) -> CasePage:
    case = record.case
    path = links.case_page(record.id)
    marks = {s.id: ("late" if s.verdict is Verdict.LATE else "open" if s.is_open else "done")
             for s in steps if s.outcome is not Outcome.CANCELLED}
    report = f"laporan/{record.id}/index.md"
    staff = ctx.repo.registries.staff
    vendors = ctx.repo.registries.vendors
    vendor = case.vendor or ""
    # A closed or cancelled case is not among the open ones: its way back is the full list.
    back = (OPEN, tr("site.cases.open")) if row.is_open else (ALL, tr("site.cases.all"))
    cancel = next((e for e in case.effective_events() if e.kind == "cancelled"), None)
    duplicate = str(cancel.get("duplicate_of") or "") if cancel else ""
    return CasePage(
        row=row, description=case.description, origin=ORIGINS.get(case.origin, case.origin),
        contact=str(case.data.get("contact", "")),
        vendor=vendors.name(vendor) if vendor else "",
        officers=", ".join(staff.name(o) for o in case.officers),
        standard_version=case.standard_version, steps=steps, holds=record.sla.holds,
        paused=record.sla.paused_minutes,
        flowchart=flowchart.flowchart(ctx.standard, marks,
                                      title=tr("site.cases.path", case=record.id)),
        events=events(ctx, path, record.case.events), history=_history(ctx, record),
        names={k: str(v.get("name", k)) for k, v in staff.items()}, duplicate_of=duplicate,
        duplicate_href=links.href(path, links.case_page(duplicate)) if duplicate else "",
        unproven=[render_message(f.code, f.params, ctx.lang)
                  for f in ctx.unproven.get(record.id, [])],
        notices=notices,
        tolerance=format_minutes(ctx.standard.recording_tolerance),
        source_href=f"{record.id}.yaml", source_path=record.source,
        edit_url=ctx.edit_url(record.source),
        documents=tuple((row, ctx.file_url(row.file))
                        for row in document_rows(ctx.standard, record.case)),
        report_href=links.href(path, report) if ctx.exists(report) else "",
        list_href=links.href(path, back[0]), list_label=back[1],
        standard_href=links.href(path, "standar/index.md"),
        now=ctx.now.isoformat(), step_form=step_form.case_data(ctx, record),
        confidential=record.id in ctx.confidential,
        raw_source=ctx.audience is Audience.STAFF)


def _history(ctx: SiteContext, record: CaseRecord) -> list[HistoryView] | None:
    if ctx.history is None or record.id not in ctx.history:
        return None
    views = []
    for item in ctx.history[record.id]:
        commit = item.commit
        recorder = ctx.people.by_email(commit.email) if commit and ctx.people else None
        by = record.case.events[item.index].by if item.index < len(record.case.events) else None
        views.append(HistoryView(
            number=item.index + 1, kind=event_label(ctx, item.kind), at=item.at.isoformat(),
            commit=commit.sha[:10] if commit else "",
            by=ctx.repo.registries.staff.name(by) if by else "",
            author=recorder.name if recorder else "",  # no unregistered address on a page
            registered=recorder is not None or commit is None,
            recorded=commit.time.isoformat() if commit else "",
            lag=item.lag_minutes, late=item.late))
    return views
