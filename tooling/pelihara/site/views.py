"""Typed views of a case for templates, built from its SLA result (`pelihara.core.sla.CaseSla`)
and the registries. Labels are decided here, once, for every page; verdicts come from
`pelihara.core.sla.verdict`, the same rule the CLI and the reports show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pelihara.core.privacy import UNIT_HIDDEN
from pelihara.core.sla import StepSla
from pelihara.core.timeparse import to_wib
from pelihara.core.vocabulary import Outcome, Verdict
from pelihara.documents.dates import format_minutes
from pelihara.i18n import tr
from pelihara.i18n.labels import step_verdict, verdict_label
from pelihara.site.context import CaseRecord, SiteContext


@dataclass(frozen=True)
class StepView:
    id: str
    label: str
    actor: str
    start: datetime
    end: datetime | None
    limit: int
    used: int
    paused: int
    deadline: datetime | None
    verdict: Verdict
    outcome: Outcome
    late_reason: str | None
    remaining: int | None
    on_hold: bool = False
    """Running with its clock stopped by a hold: no live countdown."""

    @property
    def is_open(self) -> bool:
        return self.outcome is Outcome.OPEN

    @property
    def verdict_label(self) -> str:
        return step_verdict(self.outcome, self.verdict).capitalize()

    @property
    def status_text(self) -> str:
        """The build-time status of an open step: 'sisa 1 jam 20 menit' / 'terlambat 3 jam'."""
        if not self.is_open or self.remaining is None:
            return ""
        if self.verdict is Verdict.LATE_NOW:
            return tr("sla_summary.overdue", t=format_minutes(-self.remaining))
        if self.verdict is Verdict.ON_HOLD or self.deadline is None:
            return verdict_label(Verdict.ON_HOLD).capitalize()
        return tr("sla_summary.left", t=format_minutes(self.remaining))


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
    opened: datetime | None
    closed: datetime | None
    open_step: StepView | None
    late: bool
    """Any step late, now or earlier."""
    is_open: bool
    on_hold: bool
    due_today: bool
    late_now: bool = False
    """The running step is past its limit (`Verdict.LATE_NOW`)."""
    late_earlier: bool = False
    """A step that has ended was late."""

    @property
    def lateness(self) -> str:
        """The open-case list's filter value: late now wins over late earlier."""
        return "sekarang" if self.late_now else "sebelumnya" if self.late_earlier else "tidak"


def step_view(ctx: SiteContext, s: StepSla) -> StepView:
    step = ctx.standard.steps.get(s.step_id)
    actor = ctx.standard.actors.get(s.actor, {}).get("label", s.actor)
    return StepView(
        id=s.step_id, label=step.label if step else s.label, actor=str(actor),
        start=s.start, end=s.end, limit=s.limit_minutes, used=s.used_minutes,
        paused=s.paused_minutes, deadline=s.deadline, verdict=s.verdict, outcome=s.outcome,
        late_reason=s.late_reason, remaining=s.remaining_minutes, on_hold=s.on_hold)


def step_views(ctx: SiteContext, record: CaseRecord) -> list[StepView]:
    return [step_view(ctx, s) for s in record.sla.steps]


def case_row(ctx: SiteContext, record: CaseRecord, steps: list[StepView] | None = None) -> CaseRow:
    sla = record.sla
    steps = steps if steps is not None else step_views(ctx, record)
    current = next((s for s in steps if s.is_open), None)
    state = sla.state or ""
    label = ctx.standard.states[state].label if state in ctx.standard.states else state
    today = to_wib(ctx.now).date()
    due_today = bool(current and current.deadline and to_wib(current.deadline).date() == today)
    hidden = record.id in ctx.confidential  # only ID, application, steps, deadlines, verdicts
    return CaseRow(
        id=record.id, title=record.case.title, unit_id="" if hidden else record.case.unit,
        unit=UNIT_HIDDEN if hidden else ctx.repo.registries.units.name(record.case.unit),
        application_id=record.case.application,
        application=ctx.repo.registries.applications.name(record.case.application),
        severity="" if hidden else sla.severity or "", state=state, state_label=label,
        opened=sla.opened_at, closed=sla.closed_at, open_step=current,
        late=sla.late, is_open=sla.closed_at is None, on_hold=sla.on_hold,
        due_today=due_today, late_now=sla.verdict is Verdict.LATE_NOW,
        late_earlier=sla.late_earlier)


def searchable(ctx: SiteContext, record: CaseRecord) -> bool:
    """Closed cases older than a year stay out of the search index (their pages remain)."""
    closed = record.sla.closed_at
    return closed is None or closed >= ctx.now - timedelta(days=365)
