"""What each step recorded, in the sentences a Tata Naskah Dinas report uses.

Pure helpers for `case_report`: each turns a case's events and registry records into short
Indonesian sentences. Text a user wrote is passed through unchanged; the templates escape it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pelihara.core.model import Case, Event
from pelihara.core.registries import Registries
from pelihara.core.sla import CaseSla
from pelihara.core.standard import Standard
from pelihara.core.timeparse import parse_date
from pelihara.documents.dates import format_date, format_minutes, format_moment
from pelihara.i18n import tr
from pelihara.i18n.labels import COMPONENTS

READINESS = ("documentation", "source_code", "backup")
"""The readiness items a suggestion names (`report.readiness.<item>`)."""


@dataclass(frozen=True)
class TestResult:
    key: str
    label: str
    passed: bool
    notes: str


def sentence(text: str) -> str:
    """`text` ending in one full stop: a name such as "Budi Santoso, S.T." already ends in one
    (no "S.T.."), and so may text a user wrote."""
    return text if text.endswith((".", "!", "?")) else text + "."


def _name(registries: Registries, kind: str, key: Any) -> str:
    return registries[kind].name(key)


def _date_text(value: Any) -> str:
    try:
        return format_date(parse_date(str(value)))
    except ValueError:
        return str(value)


def _first(case: Case, kind: str) -> Event | None:
    return next((e for e in case.effective_events() if e.kind == kind), None)


def memo_sentence(memo: dict[str, Any]) -> str:
    return tr("report.memo", sender=memo.get("sender", ""), number=memo.get("number", ""),
              date=_date_text(memo.get("date", "")))


def officers(case: Case, step_id: str, event: Event | None, registries: Registries) -> str:
    """Who did the step: the memo's sender, the vendor, or the staff who recorded it."""
    if step_id == "B.2a":
        submitted = _first(case, "submitted")
        memo = (submitted.get("memo") or {}) if submitted else {}
        return str(memo.get("sender") or _name(registries, "units", case.unit))
    if step_id in ("B.7", "B.8") and case.vendor:
        name = _name(registries, "vendors", case.vendor)
        if event is not None and event.by:
            return tr("report.recorded_by", name=name, by=_name(registries, "staff", event.by))
        return name
    if event is None or not event.by:
        return "–"
    return _name(registries, "staff", event.by)


def details(case: Case, step_id: str, event: Event | None, registries: Registries
            ) -> tuple[str, ...]:
    lines = _origin(case, step_id)
    if event is None:
        return tuple(lines)
    return (*lines, *_damage(event, registries), *_records(event, registries),
            *_remarks(event))


def _origin(case: Case, step_id: str) -> list[str]:
    """B.2a's memo or B.2b's monitoring finding."""
    if step_id == "B.2a" and (submitted := _first(case, "submitted")) is not None:
        memo = submitted.get("memo") or {}
        return [memo_sentence(memo) + "."] if memo else []
    if step_id == "B.2b" and (found := _first(case, "monitoring")) is not None:
        finding = (found.get("monitoring") or {}).get("finding")
        return [tr("report.monitoring_finding", finding=finding)] if finding else []
    return []


def _damage(event: Event, registries: Registries) -> list[str]:
    """Who was assigned, and the damage the analysis found."""
    lines = []
    names = [_name(registries, "staff", o) for o in event.get("officers", []) or []]
    if names:
        lines.append(sentence(tr("report.assigned", names=", ".join(names))))
    if event.kind in ("analysed", "escalated") or event.get("severity"):
        if event.get("severity"):
            lines.append(tr("report.severity", severity=event.get("severity")))
        parts = [COMPONENTS.get(str(c), str(c)) for c in event.get("components", []) or []]
        if parts:
            lines.append(tr("report.components", parts=", ".join(parts)))
    lines += [f"{tr(f'event_field.{key}')}: {event.get(key)}"
              for key in ("findings", "cause", "reason") if event.get(key)]
    return lines


def _records(event: Event, registries: Registries) -> list[str]:
    """The vendor, letters, meetings and reports the event records."""
    lines = []
    if event.get("vendor"):
        lines.append(sentence(
            tr("report.vendor", name=_name(registries, "vendors", event.get("vendor")))))
    if letter := event.get("letter"):
        lines.append(tr("report.letter", number=letter.get("number", ""),
                        date=_date_text(letter.get("date", ""))))
    if copies := event.get("tembusan"):
        lines.append(sentence(tr("report.copies", units=", ".join(
            _name(registries, "units", u) for u in copies))))
    if meeting := event.get("meeting"):
        lines.append(sentence(tr("report.meeting", attendees=", ".join(
            meeting.get("attendees", [])), minutes=meeting.get("minutes", ""))))
    if report := event.get("report"):
        lines.append(tr("report.report", number=report.get("number", ""),
                        summary=report.get("summary", "")))
    return lines


def _remarks(event: Event) -> list[str]:
    lines = []
    if event.get("confirmed_by"):
        lines.append(sentence(tr("report.confirmed_by", name=event.get("confirmed_by"))))
    if event.get("late_reason"):
        lines.append(f"{tr('event_field.late_reason')}: {event.get('late_reason')}")
    if event.get("note"):
        lines.append(f"{tr('event_field.note')}: {event.get('note')}")
    return lines


def tests(standard: Standard, event: Event | None) -> tuple[TestResult, ...]:
    """Test results a/b/c (B.8's own labels; B.5a records the same three tests)."""
    recorded = (event.get("tests") or {}) if event is not None else {}
    labels = next((s.tests for s in standard.steps.values() if s.tests), {})
    return tuple(
        TestResult(key, str(labels.get(key, key)), recorded[key].get("result") == "lulus",
                   str(recorded[key].get("notes", "")))
        for key in sorted(recorded) if isinstance(recorded[key], dict))


def general(case: Case, by_kind: dict[str, Event], app: str, unit: str) -> tuple[str, ...]:
    lines = [tr("report.general", application=app, unit=unit, title=sentence(case.title))]
    if case.description:
        lines.append(case.description)
    submitted = by_kind.get("submitted")
    if submitted is not None and submitted.get("memo"):
        received = format_moment(by_kind["received"].at) if "received" in by_kind else "–"
        lines.append(tr("report.reported_by_memo", memo=memo_sentence(submitted.get("memo")),
                        received=received))
    elif (found := by_kind.get("monitoring")) is not None:
        lines.append(tr("report.found_by_monitoring", at=format_moment(found.at)))
    return tuple(lines)


def scope(case: Case, by_kind: dict[str, Event], app: str, unit: str, registries: Registries,
          severity: str) -> tuple[str, ...]:
    lines = [sentence(tr("report.scope.application", application=app)),
             sentence(tr("report.scope.unit", unit=unit)),
             tr("report.scope.case", case=case.id, severity=severity)]
    analysed = by_kind.get("analysed")
    parts = [COMPONENTS.get(str(c), str(c))
             for c in ((analysed.get("components") or []) if analysed else [])]
    if parts:
        lines.append(tr("report.scope.components", parts=", ".join(parts)))
    if case.vendor:
        lines.append(sentence(tr("report.vendor", name=_name(registries, "vendors", case.vendor))))
    end = by_kind.get("restored") or by_kind.get("cancelled")
    lines.append(tr("report.scope.period", start=format_moment(case.opened_at),
                    end=format_moment(end.at) if end else tr("report.scope.now")))
    return tuple(lines)


def basis(standard: Standard, case: Case, by_kind: dict[str, Event], registries: Registries
          ) -> tuple[str, ...]:
    lines = [tr("report.basis.standard", title=standard.title, version=case.standard_version)]
    legal = standard.schedule.get("legal_basis")
    if legal:
        lines.append(sentence(str(legal)))
    submitted = by_kind.get("submitted")
    if submitted is not None and submitted.get("memo"):
        lines.append(tr("report.basis.memo", memo=memo_sentence(submitted.get("memo"))))
    elif (found := by_kind.get("monitoring")) is not None:
        record = (found.get("monitoring") or {}).get("record")
        lines.append(tr("report.basis.monitoring", record=f" {record}" if record else "",
                        date=format_date(found.at)))
    if (assigned := by_kind.get("assigned")) is not None:
        lines.append(tr("report.basis.disposition", by=_name(registries, "staff", assigned.by),
                        date=format_date(assigned.at)))
    notified = by_kind.get("vendor_notified")
    if notified is not None and (letter := notified.get("letter")):
        lines.append(tr("report.basis.letter", number=letter.get("number", ""),
                        date=_date_text(letter.get("date", ""))))
    return tuple(lines)


def cancellation(cancelled: Event, reasons: dict[str, str]) -> str:
    """Why a case was cancelled, in words: 'laporan ganda; kasus asal PML-…'."""
    reason = str(cancelled.get("reason") or "")
    label = reasons.get(reason, reason)
    text = label[:1].lower() + label[1:]
    if cancelled.get("duplicate_of"):
        text += tr("report.original_case", case=cancelled.get("duplicate_of"))
    return text


def results(restored: Event | None, cancelled: Event | None,
            report: dict[str, Any], figures: CaseSla, app: str,
            reasons: dict[str, str] | None = None) -> tuple[str, ...]:
    """Section C. `reasons` are the standard's cancellation reasons (key → label)."""
    lines = []
    if report.get("summary"):
        lines.append(str(report["summary"]))
    if restored is not None:
        confirmed = restored.get("confirmed_by")
        lines.append(sentence(tr("report.restored", application=app,
                                 at=format_moment(restored.at))
                              + (tr("report.restored_confirmed", name=confirmed)
                                 if confirmed else "")))
    elif cancelled is not None:
        why = cancellation(cancelled, reasons or {})
        lines.append(sentence(tr("report.cancelled", at=format_moment(cancelled.at))
                              + (tr("report.cancelled_reason", why=why) if why else "")))
        if original := cancelled.get("duplicate_of"):
            lines.append(tr("report.handled_in", case=original))
    elif (step := figures.open_step) is not None:
        lines.append(tr("report.ongoing", step=step.step_id, since=format_moment(step.start)))
    lines.append(tr("report.working_time", time=format_minutes(figures.working_minutes)))
    return tuple(lines)


def obstacles(events: list[Event], figures: CaseSla, registries: Registries
              ) -> tuple[str, ...]:
    lines = []
    for event in events:
        if event.kind == "held":
            approver = event.get("approved_by")
            lines.append(tr("report.held", at=format_moment(event.at),
                            reason=event.get("reason", "–"))
                         + (tr("report.held_approved", by=_name(registries, "staff", approver))
                            if approver else "."))
        elif event.kind == "escalated":
            lines.append(tr("report.escalated", at=format_moment(event.at),
                            reason=event.get("reason", "–")))
        for key, result in sorted((event.get("tests") or {}).items()):
            if isinstance(result, dict) and result.get("result") == "gagal":
                lines.append(tr("report.test_failed", test=key, at=format_moment(event.at),
                                notes=result.get("notes", "")))
    if figures.paused_minutes:
        lines.append(tr("report.paused_total", time=format_minutes(figures.paused_minutes)))
    return tuple(lines)


def suggestions(app: dict[str, Any], figures: CaseSla, case: Case) -> tuple[str, ...]:
    lines = []
    readiness = app.get("readiness") or {}
    for key in READINESS:
        item = readiness.get(key) or {}
        if isinstance(item, dict) and item.get("available") is False:
            lines.append(tr("report.suggest.readiness", item=tr(f"report.readiness.{key}")))
    if figures.late:
        lines.append(tr("report.suggest.late"))
    if case.vendor:
        lines.append(tr("report.suggest.vendor"))
    lines.append(tr("report.suggest.report_again"))
    return tuple(lines)
