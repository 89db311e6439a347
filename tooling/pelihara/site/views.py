"""Typed views of a case for templates, built from the SLA JSON (`pelihara sla --json` shape)
and the registries. Verdicts and labels are decided here, once, for every page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pelihara.core.durations import format_minutes
from pelihara.core.timeparse import parse_time, to_wib
from pelihara.site.context import CaseRecord, SiteContext

VERDICTS = {
    "ok": "Tepat waktu",
    "late": "Terlambat",
    "running": "Berjalan",
    "overdue": "Lewat tenggat",
    "held": "Ditunda (jam berhenti)",
    "escalated": "Dieskalasi",
    "cancelled": "Dibatalkan",
}
ORIGINS = {"memo": "Memorandum unit kerja", "monitoring": "Temuan pemantauan berkala"}


@dataclass(frozen=True)
class StepView:
    id: str
    label: str
    actor: str
    start: str
    end: str | None
    limit: int
    used: int
    paused: int
    deadline: str | None
    verdict: str
    """Key of VERDICTS."""
    late_reason: str | None
    remaining: int | None
    is_open: bool

    @property
    def verdict_label(self) -> str:
        return VERDICTS[self.verdict]

    @property
    def status_text(self) -> str:
        """The build-time status of an open step: 'sisa 1 jam 20 menit' / 'terlambat 3 jam'."""
        if self.remaining is None or self.deadline is None:
            return VERDICTS["held"] if self.is_open else ""
        if self.remaining >= 0:
            return f"sisa {format_minutes(self.remaining)}"
        return f"terlambat {format_minutes(-self.remaining)}"


@dataclass(frozen=True)
class CaseRow:
    id: str
    title: str
    unit_id: str
    unit: str
    application_id: str
    application: str
    severity: str
    state: str
    state_label: str
    opened: str
    closed: str | None
    open_step: StepView | None
    late: bool
    is_open: bool
    on_hold: bool
    due_today: bool


def step_views(ctx: SiteContext, record: CaseRecord) -> list[StepView]:
    views = []
    for s in record.sla["steps"]:
        is_open = s["outcome"] == "open"
        if s["outcome"] == "cancelled":
            verdict = "cancelled"
        elif s["outcome"] == "escalated":
            verdict = "late" if s["late"] else "escalated"
        elif is_open:
            verdict = ("held" if s["deadline"] is None else
                       "overdue" if s["late"] else "running")
        else:
            verdict = "late" if s["late"] else "ok"
        step = ctx.standard.steps.get(s["step"])
        actor = ctx.standard.actors.get(s["actor"], {}).get("label", s["actor"])
        views.append(StepView(
            id=s["step"], label=step.label if step else s["label"], actor=str(actor),
            start=s["start"], end=s["end"], limit=s["limit_minutes"], used=s["used_minutes"],
            paused=s["paused_minutes"], deadline=s["deadline"], verdict=verdict,
            late_reason=s["late_reason"], remaining=s["remaining_minutes"], is_open=is_open))
    return views


def _name(ctx: SiteContext, registry: str, key: str) -> str:
    item: dict[str, Any] = ctx.repo.registries.get(registry, {}).get(key, {})
    return str(item.get("name") or item.get("short_name") or key)


def case_row(ctx: SiteContext, record: CaseRecord, steps: list[StepView] | None = None) -> CaseRow:
    sla = record.sla
    steps = steps if steps is not None else step_views(ctx, record)
    current = next((s for s in steps if s.is_open), None)
    state = sla["state"] or ""
    label = ctx.standard.states[state].label if state in ctx.standard.states else state
    today = to_wib(ctx.now).date()
    due_today = bool(current and current.deadline and
                     to_wib(parse_time(current.deadline)).date() == today)
    return CaseRow(
        id=record.id, title=record.case.title, unit_id=record.case.unit,
        unit=_name(ctx, "units", record.case.unit), application_id=record.case.application,
        application=_name(ctx, "applications", record.case.application),
        severity=sla["severity"] or "", state=state, state_label=label,
        opened=sla["opened_at"] or "", closed=sla["closed_at"], open_step=current,
        late=bool(sla["late"]), is_open=sla["closed_at"] is None, on_hold=bool(sla["on_hold"]),
        due_today=due_today)


def searchable(ctx: SiteContext, record: CaseRecord) -> bool:
    """Closed cases older than a year stay out of the search index (their pages remain)."""
    closed = record.sla["closed_at"]
    return closed is None or parse_time(closed) >= ctx.now - timedelta(days=365)


def moment(value: str | None) -> datetime | None:
    return parse_time(value) if value else None
