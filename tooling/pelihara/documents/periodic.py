"""The periodic performance report (month, quarter, year), as a typed context.

Pure. Each figure has one rule, written here so the test and a reader can redo it from
`pelihara sla --json`:
- opened: the case's first event falls in the period; closed: its `restored` event does;
  cancelled: its `cancelled` event does;
- on-time share (per step, path, actor): finished steps whose end falls in the period; a step
  is on time when the SLA engine says it is not late. Path is the case's severity; actor is the
  step's actor, with vendor steps split by the case's vendor;
- time to restore: working minutes over all steps of the cases closed in the period (paused
  time excluded), median and P90 (see `stats`);
- holds: holds that start in the period, each with its paused working minutes (the SLA
  engine's `holds[].paused_minutes`); paused time is their sum.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelihara.core.registries import Registries
from pelihara.core.standard import Standard
from pelihara.core.timeparse import to_wib
from pelihara.documents.dates import format_date, format_minutes, format_moment
from pelihara.documents.period import Period
from pelihara.documents.stats import median, percentile, share
from pelihara.i18n import tr
from pelihara.records.load import CaseRecord

NONE_SEVERITY = tr("site.case.not_analysed")


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    opened: int
    closed: int
    cancelled: int


@dataclass(frozen=True)
class ShareRow:
    key: str
    label: str
    on_time: int
    total: int

    @property
    def late(self) -> int:
        return self.total - self.on_time

    @property
    def percent(self) -> float | None:
        return share(self.on_time, self.total)


@dataclass(frozen=True)
class RestoreRow:
    path: str
    label: str
    count: int
    median: int | None
    p90: int | None


@dataclass(frozen=True)
class HoldRow:
    case_id: str
    start: str
    end: str
    reason: str
    approved_by: str
    paused: str


@dataclass(frozen=True)
class LagRow:
    case_id: str
    event: str
    claimed: str
    recorded: str
    lag: str


@dataclass(frozen=True)
class PeriodReport:
    key: str
    label: str
    start: str
    end: str
    opened: int
    closed: int
    cancelled: int
    open_at_end: int
    by_unit: tuple[CountRow, ...]
    by_application: tuple[CountRow, ...]
    by_severity: tuple[CountRow, ...]
    per_step: tuple[ShareRow, ...]
    per_path: tuple[ShareRow, ...]
    per_actor: tuple[ShareRow, ...]
    restore: tuple[RestoreRow, ...]
    holds: tuple[HoldRow, ...]
    paused_minutes: int
    late_recordings: tuple[LagRow, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.opened or self.closed or self.cancelled or self.per_step
                    or self.holds)

    def fmt(self, minutes: int | None) -> str:
        return "–" if minutes is None else format_minutes(minutes)


Ends = dict[str, dict[str, datetime]]
"""Case id → {"restored"/"cancelled": when}, computed once per report: a site build asks for
every case in each of its dozens of periods, and effective_events() rebuilds a list."""


def _ends(items: Sequence[CaseRecord]) -> Ends:
    return {i.case.id: {e.kind: e.at for e in reversed(i.case.effective_events())
                        if e.kind in ("restored", "cancelled")} for i in items}


def active_in(items: Sequence[CaseRecord], period: Period) -> list[CaseRecord]:
    """The cases a period's figures can involve: opened before the period ends and not closed
    before it starts. Every figure of `build_period_report` comes from these alone (steps,
    holds and ends happen between opening and closing), so callers building many periods
    can pass this subset and get the same report."""
    ends = _ends(items)
    return [i for i in items if to_wib(i.case.opened_at).date() < period.end and not any(
        to_wib(at).date() < period.start for at in ends[i.case.id].values())]


def _counts(items: Sequence[CaseRecord], period: Period, ends: Ends, key_of: Any,
            label_of: Any) -> tuple[CountRow, ...]:
    opened: Counter[str] = Counter()
    closed: Counter[str] = Counter()
    cancelled: Counter[str] = Counter()
    for item in items:
        key = key_of(item.case)
        if period.contains(item.case.opened_at):
            opened[key] += 1
        if (at := ends[item.case.id].get("restored")) and period.contains(at):
            closed[key] += 1
        if (at := ends[item.case.id].get("cancelled")) and period.contains(at):
            cancelled[key] += 1
    keys = sorted(set(opened) | set(closed) | set(cancelled), key=lambda k: label_of(k))
    return tuple(CountRow(k, label_of(k), opened[k], closed[k], cancelled[k]) for k in keys)


def _shares(groups: dict[tuple[int, str, str], list[bool]]) -> tuple[ShareRow, ...]:
    return tuple(ShareRow(key, label, sum(flags), len(flags))
                 for (_, key, label), flags in sorted(groups.items()))


def build_period_report(standard: Standard, period: Period, items: Sequence[CaseRecord],
                        registries: Registries,
                        lags: Sequence[LagRow] | None = None) -> PeriodReport:
    """Assemble the period's figures. `lags` (from the git history) is None when no history
    is available, and the report then leaves that section out rather than showing zero."""
    def name(kind: str, key: str) -> str:
        return registries[kind].name(key)

    ends = _ends(items)
    step_order = {sid: i for i, sid in enumerate(standard.steps)}
    path_order = {pid: i for i, pid in enumerate(standard.paths)}
    per_step: dict[tuple[int, str, str], list[bool]] = defaultdict(list)
    per_path: dict[tuple[int, str, str], list[bool]] = defaultdict(list)
    per_actor: dict[tuple[int, str, str], list[bool]] = defaultdict(list)
    actor_order = {aid: i for i, aid in enumerate(standard.actors)}
    restore: dict[str, list[int]] = defaultdict(list)
    for item in items:
        case, figs = item.case, item.sla
        severity = figs.path or NONE_SEVERITY
        for fig in figs.finished:
            if fig.end is None or not period.contains(fig.end):
                continue
            ok = not fig.late
            step = standard.steps[fig.step_id]
            per_step[(step_order[fig.step_id], fig.step_id, step.label)].append(ok)
            if figs.path in standard.paths:
                per_path[(path_order[severity], severity,
                          standard.paths[severity].label)].append(ok)
            actor = str(standard.actors.get(fig.actor, {}).get("label", fig.actor))
            if fig.actor == "vendor" and case.vendor:
                actor = f"{actor}: {name('vendors', case.vendor)}"
            per_actor[(actor_order.get(fig.actor, 99), actor, actor)].append(ok)
        restored = ends[case.id].get("restored")
        if restored is not None and period.contains(restored) and figs.restore_minutes is not None:
            restore[severity].append(figs.restore_minutes)
    started = [(item.case.id, h) for item in items for h in item.sla.holds
               if period.contains(h.start)]
    holds = tuple(
        HoldRow(case_id, format_moment(h.start),
                format_moment(h.end) if h.end else "masih ditunda", h.reason or "–",
                name("staff", h.approved_by) if h.approved_by else "–",
                format_minutes(h.paused_minutes))
        for case_id, h in started)
    paused = sum(h.paused_minutes for _, h in started)
    opened = sum(1 for i in items if period.contains(i.case.opened_at))
    closed = sum(1 for i in items
                 if (at := ends[i.case.id].get("restored")) and period.contains(at))
    cancelled = sum(1 for i in items
                    if (at := ends[i.case.id].get("cancelled")) and period.contains(at))
    open_at_end = sum(
        1 for i in items
        if to_wib(i.case.opened_at).date() < period.end and not any(
            to_wib(at).date() < period.end for at in ends[i.case.id].values()))
    sev_label = {pid: p.label for pid, p in standard.paths.items()}
    return PeriodReport(
        key=period.key, label=period.label(), start=format_date(period.start),
        end=format_date(period.end.fromordinal(period.end.toordinal() - 1)),
        opened=opened, closed=closed, cancelled=cancelled, open_at_end=open_at_end,
        by_unit=_counts(items, period, ends, lambda c: c.unit, lambda k: name("units", k)),
        by_application=_counts(items, period, ends, lambda c: c.application,
                               lambda k: name("applications", k)),
        by_severity=_counts(items, period, ends, lambda c: c.severity or NONE_SEVERITY,
                            lambda k: sev_label.get(k, k)),
        per_step=_shares(per_step), per_path=_shares(per_path), per_actor=_shares(per_actor),
        restore=tuple(RestoreRow(pid, p.label, len(restore[pid]), median(restore[pid]),
                                 percentile(restore[pid], 90))
                      for pid, p in standard.paths.items() if restore[pid]),
        holds=holds, paused_minutes=paused,
        late_recordings=tuple(lags) if lags is not None else None,
    )
