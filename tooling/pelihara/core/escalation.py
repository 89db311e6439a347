"""The notice rules of `standard.yaml` (`notices:`) and the working-hours gate for notices.

Pure core: no clock, file or git; the caller passes the standard, the working calendar and
`now` (aware). Thresholds are working minutes on the SLA clock:

    threshold(step) = ceil(limit × at% / 100) + after      (working minutes)

and a rung is reached at the moment the step's clock reaches its threshold, holds carried over
exactly as for the step's deadline (`sla.step_deadline`). A rung at 100% or more is a breach.

Working hours: a notice goes out only while the minute of `now` is a working minute of the
calendar (breaks, nights, weekends and holidays are not). A notice due at another time waits
for the start of the next working minute: a deadline reached at 16:00 on the day before a
holiday goes out at 07:30 on the next working day. The breach of a step marked `urgent` is
the only exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pelihara.core.durations import parse_duration
from pelihara.core.standard import Standard
from pelihara.core.timeparse import WIB
from pelihara.core.workcal import WorkingCalendar

DEFAULT_EVENTS = ("unit", "officers", "actor")
DEFAULT_PLANNED_AHEAD_DAYS = 7
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Rung:
    id: str
    label: str
    percent: int
    after_minutes: int
    to: tuple[str, ...]

    @property
    def breach(self) -> bool:
        return self.percent >= 100

    def threshold(self, limit_minutes: int) -> int:
        """Working minutes into the step at which this rung is reached."""
        return -(-limit_minutes * self.percent // 100) + self.after_minutes


@dataclass(frozen=True)
class NoticeRules:
    since: date | None
    """Events before this day (WIB) are history and never announced."""
    service_unit: str | None
    events: tuple[str, ...]
    ladder: tuple[Rung, ...]
    planned_ahead_days: int


def notice_rules(standard: Standard) -> NoticeRules:
    """The `notices:` section of a schema-valid standard (defaults when it is absent)."""
    raw: dict[str, Any] = dict(standard.raw.get("notices") or {})
    ladder = tuple(
        Rung(id=str(r["id"]), label=str(r["label"]), percent=int(str(r["at"]).rstrip("%")),
             after_minutes=parse_duration(str(r["after"]), standard.units) if r.get("after")
             else 0,
             to=tuple(r["to"]))
        for r in raw.get("ladder") or [])
    since = raw.get("since")
    return NoticeRules(
        since=date.fromisoformat(str(since)) if since else None,
        service_unit=str(raw["service_unit"]) if raw.get("service_unit") else None,
        events=tuple(raw.get("events") or DEFAULT_EVENTS),
        ladder=ladder,
        planned_ahead_days=int(raw.get("planned_ahead_days", DEFAULT_PLANNED_AHEAD_DAYS)))


def _floor(moment: datetime) -> datetime:
    return moment.astimezone(WIB).replace(second=0, microsecond=0)


def in_working_hours(calendar: WorkingCalendar, moment: datetime) -> bool:
    """Whether the minute holding `moment` is a working minute."""
    start = _floor(moment)
    return calendar.minutes(start, start + _MINUTE) == 1


def next_working_minute(calendar: WorkingCalendar, moment: datetime) -> datetime:
    """`moment` itself when it is in working hours, else the start of the next working minute
    (WIB). `deadline(t, 1)` is the end of the first working minute from t's minute on."""
    if in_working_hours(calendar, moment):
        return moment.astimezone(WIB)
    return calendar.deadline(_floor(moment), 1) - _MINUTE
