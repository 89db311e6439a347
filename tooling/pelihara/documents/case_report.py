"""The Laporan Hasil Perbaikan dan Pemeliharaan (B.9) of one case, as a typed context.

Pure: data comes from the case, the registries, the standard and the SLA figures; `now` only
dates a draft (a case not yet reported). Templates turn this into HTML and PDF; they never
reach back into records, so the site and the PDF show the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelihara.core.evidence_files import folder_of, references
from pelihara.core.model import Case, Event
from pelihara.core.registries import Registries
from pelihara.core.sla import CaseSla
from pelihara.core.standard import Standard
from pelihara.documents import evidence
from pelihara.documents.dates import format_date, format_minutes, format_moment
from pelihara.i18n import tr
from pelihara.i18n.labels import step_verdict

TITLE = tr("report.case.title")
PLACE = "Jakarta"


@dataclass(frozen=True)
class Signer:
    position: str
    name: str
    nip: str


@dataclass(frozen=True)
class Activity:
    """One row of section B: a step with its dates, who did it, and the SLA verdict."""

    number: int
    step_id: str
    label: str
    actor: str
    start: str
    end: str
    officers: str
    used: str
    limit: str
    verdict: str
    late: bool
    details: tuple[str, ...] = ()
    tests: tuple[evidence.TestResult, ...] = ()


@dataclass(frozen=True)
class DocumentRow:
    """One supporting document (evidence/<case>/<file>) with the event it supports."""

    file: str
    sha256: str
    event: str
    title: str


@dataclass(frozen=True)
class CaseReport:
    case_id: str
    number: str
    title: str
    draft: bool
    cancelled: str
    """Why the case was cancelled ('' when it was not), naming the original of a duplicate."""
    application: str
    unit: str
    general: tuple[str, ...]
    purpose: tuple[str, ...]
    scope: tuple[str, ...]
    basis: tuple[str, ...]
    activities: tuple[Activity, ...]
    results: tuple[str, ...]
    obstacles: tuple[str, ...]
    late_steps: tuple[str, ...]
    conclusion: tuple[str, ...]
    suggestions: tuple[str, ...]
    closing: str
    place: str
    date: str
    signer: Signer
    acknowledger: Signer | None
    attachments: tuple[str, ...] = field(default=())
    documents: tuple[DocumentRow, ...] = field(default=())


def _signer(record: dict[str, Any] | None, fallback: str) -> Signer:
    if not record:
        return Signer(fallback, "………………………………", "………………………")
    return Signer(str(record.get("position", fallback)), str(record.get("name", "")),
                  str(record.get("nip", "")))


def build_case_report(standard: Standard, case: Case, figures: CaseSla,
                      registries: Registries, now: datetime
                      ) -> CaseReport:
    """Assemble the report. `now` (aware) dates the draft when the case has no `reported` yet."""
    events = case.effective_events()
    by_kind: dict[str, Event] = {}
    by_index = {e.index: e for e in events}
    for event in events:
        by_kind.setdefault(event.kind, event)
    app = registries.applications.entry(case.application)
    app_name = registries.applications.name(case.application)
    unit_name = registries.units.name(case.unit)
    reported = by_kind.get("reported")
    report_data = (reported.get("report") or {}) if reported else {}
    head = registries.head
    author = registries.staff.get(str(reported.by)) if reported and reported.by else None

    activities = []
    for number, fig in enumerate(figures.steps, start=1):
        step = standard.steps[fig.step_id]
        ended = by_index.get(fig.event_index) if fig.event_index is not None else None
        officers = evidence.officers(case, step.id, ended, registries)
        activities.append(Activity(
            number=number, step_id=step.id, label=step.label,
            actor=str(standard.actors.get(step.actor, {}).get("label", step.actor)),
            start=format_moment(fig.start), end=format_moment(fig.end) if fig.end else "–",
            officers=officers, used=format_minutes(fig.used_minutes),
            limit=step.limit_text if fig.limit_minutes == step.limit_minutes
            else format_minutes(fig.limit_minutes),
            verdict=step_verdict(fig.outcome, fig.verdict), late=fig.late,
            details=evidence.details(case, step.id, ended, registries),
            tests=evidence.tests(standard, ended),
        ))

    late_steps = tuple(
        tr("report.case.late_step", step=f"{f.step_id} {standard.steps[f.step_id].label}",
           used=format_minutes(f.used_minutes), limit=format_minutes(f.limit_minutes),
           reason=tr("report.case.late_reason", reason=f.late_reason) if f.late_reason
           else tr("report.case.no_late_reason"))
        for f in figures.late_steps)
    restored = by_kind.get("restored")
    cancelled = by_kind.get("cancelled")
    reasons = dict(standard.extensions.get("cancel", {}).get("reasons", {}))
    results = evidence.results(restored, cancelled, report_data, figures, app_name,
                               reasons)
    on_time = sum(1 for f in figures.finished if not f.late)
    working = format_minutes(figures.working_minutes)
    conclusion = [
        tr("report.case.steps_on_time", finished=len(figures.finished), on_time=on_time,
           late=len(figures.finished) - on_time),
        tr("report.case.working_paused", working=working,
           paused=format_minutes(figures.paused_minutes)) if figures.paused_minutes
        else tr("report.case.working", working=working),
    ]
    if restored is None and cancelled is None:
        conclusion.append(tr("report.case.is_draft"))
    return CaseReport(
        case_id=case.id,
        number=str(report_data.get("number", "–")),
        title=TITLE,
        draft=reported is None and cancelled is None,
        cancelled=evidence.cancellation(cancelled, reasons) or "–" if cancelled else "",
        application=app_name,
        unit=unit_name,
        general=evidence.general(case, by_kind, app_name, unit_name),
        purpose=(
            tr("report.case.purpose", application=app_name, unit=unit_name,
               standard=standard.title),
            tr("report.case.aim"),
        ),
        scope=evidence.scope(case, by_kind, app_name, unit_name, registries,
                             tr(f"report.severity.{case.severity}") if case.severity in
                             ("ringan", "berat") else case.severity or "–"),
        basis=evidence.basis(standard, case, by_kind, registries),
        activities=tuple(activities),
        results=results,
        obstacles=evidence.obstacles(events, figures, registries),
        late_steps=late_steps,
        conclusion=tuple(conclusion),
        suggestions=evidence.suggestions(app, figures, case),
        closing=tr("report.case.closing"),
        place=PLACE,
        date=format_date(reported.at if reported else now),
        signer=_signer(author or head, tr("report.case.head_position")),
        acknowledger=_signer(head, tr("report.case.head_position"))
        if author is not None and author is not head else None,
        attachments=tuple(str(a) for a in report_data.get("attachments", []) or []),
        documents=document_rows(standard, case),
    )


def document_rows(standard: Standard, case: Case) -> tuple[DocumentRow, ...]:
    """Every document the case's events reference, in the order they were recorded."""
    kinds = {event.index: event.kind for event in case.events}
    rows = []
    for ref in references(case.data):
        kind = kinds.get(ref.event, "")
        label = standard.states[kind].label if kind in standard.states else kind
        rows.append(DocumentRow(f"{folder_of(case.id)}/{ref.file}", ref.sha256,
                                f"{ref.event + 1}. {label}", ref.title))
    return tuple(rows)
