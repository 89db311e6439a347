"""Which notices are due, to whom: the planner behind `pelihara notify`.

Pure core: the caller passes the standard, the working calendar, the notice rules, the
registries, the valid cases, the approved plans' occurrences and `now` (aware). Nothing here
sends or records anything; `ledger` below only compares keys.

A notice has a stable `key`, so "already sent" is a question the notice records answer:
- `PML-…/e3`              the case's event number 3 (new case, step change, hold, resume,
                          cancellation, closure); only events on or after `notices.since`;
- `PML-…/B.4/peringatan`  rung `peringatan` of the ladder reached by the open step B.4 (each
                          step is visited once per case, so case + step + rung is unique);
- `plan/2026/<activity>/<day>/<unit>` a planned maintenance day announced to one unit.

Recipients are registry references (`unit:…`, `staff:…`, `vendor:…`). When the vendor is told
directly, the reporting unit gets a copy (tembusan, Cc) instead, as B.5b says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from pelihara.core.addresses import Recipient, heads, recipient
from pelihara.core.escalation import NoticeRules, Rung
from pelihara.core.model import Case, Event
from pelihara.core.plans import Occurrence
from pelihara.core.registries import Registries
from pelihara.core.sla import step_deadline
from pelihara.core.standard import Standard, Step
from pelihara.core.timeparse import WIB, to_wib
from pelihara.core.workcal import WorkingCalendar
from pelihara.core.workflow import Replay, replay

EVENT_KINDS = {"held": "held", "resumed": "resumed", "cancelled": "cancelled",
               "escalated": "escalated"}
SILENT = ("note", "correction")
"""Events that change nothing anyone must act on."""


@dataclass(frozen=True)
class Notice:
    key: str
    kind: str
    """opened, step, escalated, held, resumed, cancelled, closed, threshold or planned."""
    ref: str
    """What the subject starts with: the case ID, or the plan's number."""
    due_at: datetime
    urgent: bool
    to: tuple[Recipient, ...]
    cc: tuple[Recipient, ...] = ()
    case_id: str | None = None
    step_id: str | None = None
    facts: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def recipients(self) -> tuple[Recipient, ...]:
        return self.to + self.cc


@dataclass(frozen=True)
class NextStep:
    """The step someone must act on next, with its deadline (None while a hold is open)."""

    step: Step
    actor: str
    deadline: datetime | None
    limit_minutes: int


@dataclass(frozen=True)
class Planner:
    standard: Standard
    calendar: WorkingCalendar
    rules: NoticeRules
    registries: Registries

    # --- recipients ------------------------------------------------------------------------

    def _role(self, role: str, case: Case, officers: Sequence[str], actor: str | None
              ) -> list[str]:
        if role == "unit":
            return [f"unit:{case.unit}"]
        if role == "officers":
            return [f"staff:{o}" for o in officers]
        if role == "kepala_biro":
            return [f"staff:{h}" for h in heads(self.registries)]
        if role == "actor" and actor:
            return self._actor(actor, case, officers)
        return []

    def _actor(self, actor: str, case: Case, officers: Sequence[str]) -> list[str]:
        desk = [f"unit:{self.rules.service_unit}"] if self.rules.service_unit else []
        biro = [f"staff:{o}" for o in officers] or desk
        vendor = [f"vendor:{case.vendor}"] if case.vendor else []
        return {"unit": [f"unit:{case.unit}"], "biro_di": biro,
                "kepala_biro": [f"staff:{h}" for h in heads(self.registries)],
                "vendor": vendor, "bersama": [*biro, *vendor, f"unit:{case.unit}"],
                }.get(actor, [])

    def _address(self, roles: Iterable[str], case: Case, officers: Sequence[str],
                 actor: str | None) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]]:
        refs: list[str] = []
        for role in roles:
            refs.extend(r for r in self._role(role, case, officers, actor) if r not in refs)
        unit = f"unit:{case.unit}"
        cc: list[str] = []
        if any(r.startswith("vendor:") for r in refs):
            # Tembusan (B.5b): whatever the vendor is told, the unit gets a copy, so it can
            # follow the vendor's work.
            if unit in refs:
                refs.remove(unit)
            cc.append(unit)
        return (tuple(recipient(self.registries, r) for r in refs),
                tuple(recipient(self.registries, r) for r in cc))

    # --- case events -----------------------------------------------------------------------

    def _next(self, case: Case, r: Replay) -> NextStep | None:
        step = r.open_step(self.standard)
        if step is None or r.step_start is None:
            return None
        limit = self.standard.limit(step.id, case.standard_version)
        deadline = None if r.on_hold else step_deadline(self.calendar, r.step_start, limit,
                                                        r.holds)
        return NextStep(step, step.actor, deadline, limit)

    def event_notices(self, case: Case) -> list[Notice]:
        since = self.rules.since
        effective = case.effective_events()
        if since is not None and to_wib(effective[-1].at).date() < since:
            return []  # the common case in a long history: nothing new, no replay
        found = []
        first = effective[0].index if effective else -1
        for event in effective:
            if event.kind in SILENT or (since is not None and to_wib(event.at).date() < since):
                continue
            upto = replace(case, events=case.events[:event.index + 1])
            state = replay(self.standard, upto)
            found.append(self._event_notice(upto, event, state, event.index == first))
        return found

    def _event_notice(self, case: Case, event: Event, r: Replay, opened: bool) -> Notice:
        final = r.is_final(self.standard)
        kind = ("opened" if opened else EVENT_KINDS.get(event.kind)
                or ("closed" if final and event.kind != "cancelled" else "step"))
        nxt = None if final else self._next(case, r)
        officers = case.officers
        to, cc = self._address(self.rules.events, case, officers, nxt.actor if nxt else None)
        facts: dict[str, Any] = {
            "case": case, "event": event, "state": r.state, "severity": r.severity,
            "next": nxt, "officers": officers, "vendor": case.vendor,
        }
        return Notice(key=f"{case.id}/e{event.index + 1}", kind=kind, ref=case.id,
                      due_at=event.at, urgent=False, to=to, cc=cc, case_id=case.id,
                      step_id=nxt.step.id if nxt else None, facts=facts)

    # --- the ladder ------------------------------------------------------------------------

    def ladder_notices(self, case: Case, now: datetime, replayed: Replay | None = None
                       ) -> list[Notice]:
        """The rungs the open step has reached by `now` (none while the case is on hold: the
        clock is stopped and the hold was approved)."""
        r = replayed if replayed is not None else replay(self.standard, case)
        nxt = self._next(case, r)
        if nxt is None or r.on_hold or r.step_start is None:
            return []
        found = []
        for rung in self.rules.ladder:
            threshold = rung.threshold(nxt.limit_minutes)
            reached = step_deadline(self.calendar, r.step_start, threshold, r.holds)
            if reached is None or reached > now:
                continue
            found.append(self._rung_notice(case, r, nxt, rung, threshold, reached))
        return found

    def _rung_notice(self, case: Case, r: Replay, nxt: NextStep, rung: Rung, threshold: int,
                     reached: datetime) -> Notice:
        to, cc = self._address(rung.to, case, case.officers, nxt.actor)
        facts = {"case": case, "next": nxt, "rung": rung, "threshold": threshold,
                 "reached": reached, "start": r.step_start, "officers": case.officers,
                 "vendor": case.vendor}
        return Notice(key=f"{case.id}/{nxt.step.id}/{rung.id}", kind="threshold", ref=case.id,
                      due_at=reached, urgent=rung.breach and nxt.step.urgent, to=to, cc=cc,
                      case_id=case.id, step_id=nxt.step.id, facts=facts)

    # --- planned maintenance ---------------------------------------------------------------

    def planned_notices(self, plan: Mapping[str, Any], occurrences: Iterable[Occurrence],
                        now: datetime) -> list[Notice]:
        today = to_wib(now).date()
        ahead = self.rules.planned_ahead_days
        apps = self.registries.applications
        activities = {str(a["id"]): a for a in plan.get("activities", [])}
        groups: dict[tuple[str, date, str], list[str]] = {}
        for occ in occurrences:
            if today < occ.day <= today + timedelta(days=ahead):
                owner = str(apps.get(occ.application, {}).get("owner", ""))
                if owner:
                    groups.setdefault((occ.activity, occ.day, owner), []).append(occ.application)
        found = []
        year = plan.get("year")
        number = str(plan.get("number") or f"Program kerja {year}")
        for (activity_id, day, unit), applications in sorted(groups.items()):
            activity = activities.get(activity_id, {})
            officer = activity.get("officer")
            cc = (recipient(self.registries, f"staff:{officer}"),) if officer else ()
            due = datetime(day.year, day.month, day.day, tzinfo=WIB) - timedelta(days=ahead)
            found.append(Notice(
                key=f"plan/{year}/{activity_id}/{day.isoformat()}/{unit}", kind="planned",
                ref=number, due_at=due, urgent=False,
                to=(recipient(self.registries, f"unit:{unit}"),), cc=cc,
                facts={"plan": plan, "activity": activity, "day": day,
                       "applications": applications, "unit": unit}))
        return found


def sendable(calendar_open: bool, notice: Notice, now: datetime) -> bool:
    """Due by `now`, and either urgent or `now` in working hours (`calendar_open`)."""
    return notice.due_at <= now and (notice.urgent or calendar_open)


Sent = set[tuple[str, str, str]]
"""(notice key, channel, recipient ref) already delivered; ref "*" for a webhook."""


def unsent(notice: Notice, channel: str, sent: Sent
           ) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]] | None:
    """The recipients of `notice` still to be told on `channel` (To, Cc), addressless ones
    left out; None when there is nothing left to send. A webhook has no recipients of its own:
    it is sent once, whole (the recipients only describe the notice)."""
    if channel != "email":
        return None if (notice.key, channel, "*") in sent else (notice.to, notice.cc)

    def left(group: tuple[Recipient, ...]) -> tuple[Recipient, ...]:
        return tuple(r for r in group
                     if r.address and (notice.key, channel, r.ref) not in sent)

    to, cc = left(notice.to), left(notice.cc)
    return (to, cc) if to or cc else None
