"""The program kerja pemeliharaan (B.1): resolving planned activities into dated occurrences on
the working calendar, and matching what was planned against what was done.

Pure core: no clock, file or git. The caller passes the working calendar (anything with
`is_working_day(date)`, e.g. `pelihara.core.calendar.calendar_for(standard)`) and `today`.

Recurrences (`recurrence:` in plans/<year>.yaml):
- `{every: week, weekday: monday}` — each week's Monday; a Monday that is not a working day
  moves to the next working day of the same week, or is skipped if the week has none left;
- `{every: month, weekday: monday, nth: 1}` — the first *working* Monday of the month (a
  holiday Monday does not count, so the next Monday is taken); `nth: -1` is the last one;
- `{every: month, working_day: 1}` — the Nth working day of the month (`-1`: the last);
- `{every: quarter, ...}` — as `month`, in the first month of each quarter, or the
  `month_of_quarter` (1–3) given;
- optional `from`/`until` (ISO dates) bound a recurrence inside the plan's year.
Explicit `dates:` are taken as written; one on a non-working day is reported, not moved,
because someone chose that date on purpose and should choose again.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from pelihara.core.timeparse import parse_time

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ACTIVITY_KINDS = ("monitoring", "preventive", "backup_verification", "documentation_review",
                  "source_review")


class Calendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...


class Clock(Protocol):
    def minutes(self, start: datetime, end: datetime) -> int: ...


@dataclass(frozen=True, order=True)
class Occurrence:
    """One planned activity on one day for one application."""

    day: date
    activity: str
    application: str
    kind: str


@dataclass(frozen=True)
class PlanProblem:
    """A fault at a JSON path in the plan file (for `Positioned.position`)."""

    path: tuple[str | int, ...]
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Done:
    """A record that something planned was done: a monitoring record or a plan realisation."""

    day: date
    activity: str | None
    application: str
    kind: str
    ref: str


@dataclass(frozen=True)
class Match:
    """Planned against done. `status`: done (on the day), late (after the day, before the next
    occurrence), missed (nothing by then and the window has passed), upcoming, or pending
    (the window is still open)."""

    occurrence: Occurrence
    status: str
    done: Done | None = None


def _months(recurrence: Mapping[str, Any]) -> list[int]:
    if recurrence["every"] == "quarter":
        offset = int(recurrence.get("month_of_quarter", 1)) - 1
        return [q + offset for q in (1, 4, 7, 10)]
    return list(range(1, 13))


def _month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return [first + timedelta(days=i) for i in range((following - first).days)]


def _pick(candidates: list[date], nth: int) -> date | None:
    index = nth - 1 if nth > 0 else nth
    return candidates[index] if -len(candidates) <= index < len(candidates) else None


def resolve_recurrence(recurrence: Mapping[str, Any], year: int, calendar: Calendar) -> list[date]:
    """Working days of `year` on which the recurrence falls, ascending. Never a non-working day."""
    start = date.fromisoformat(recurrence["from"]) if "from" in recurrence else date(year, 1, 1)
    end = date.fromisoformat(recurrence["until"]) if "until" in recurrence else date(year, 12, 31)
    days: list[date] = []
    if recurrence["every"] == "week":
        weekday = WEEKDAYS.index(recurrence["weekday"])
        day = date(year, 1, 1) + timedelta(days=(weekday - date(year, 1, 1).weekday()) % 7)
        while day.year == year:
            moved = day
            # Move forward within the same ISO week only, so two weeks never share a day.
            while not calendar.is_working_day(moved) and moved.weekday() < 4:
                moved += timedelta(days=1)
            if calendar.is_working_day(moved) and moved.year == year:
                days.append(moved)
            day += timedelta(days=7)
    else:
        for month in _months(recurrence):
            working = [d for d in _month_days(year, month) if calendar.is_working_day(d)]
            if "weekday" in recurrence:
                weekday = WEEKDAYS.index(recurrence["weekday"])
                working = [d for d in working if d.weekday() == weekday]
                picked = _pick(working, int(recurrence.get("nth", 1)))
            else:
                picked = _pick(working, int(recurrence.get("working_day", 1)))
            if picked is not None:
                days.append(picked)
    return [d for d in days if start <= d <= end]


def resolve(
    plan: Mapping[str, Any], calendar: Calendar
) -> tuple[list[Occurrence], list[PlanProblem]]:
    """Every occurrence of a schema-valid plan, sorted, plus problems (explicit dates on
    non-working days or outside the plan's year, applications outside the plan's scope)."""
    year = int(plan["year"])
    scope = set(plan.get("applications", []))
    occurrences: list[Occurrence] = []
    problems: list[PlanProblem] = []
    for a_index, activity in enumerate(plan.get("activities", [])):
        where: tuple[str | int, ...] = ("activities", a_index)
        apps = list(activity.get("applications") or sorted(scope))
        for i, app in enumerate(activity.get("applications") or []):
            if app not in scope:
                problems.append(PlanProblem((*where, "applications", i), "plan.app_out_of_scope",
                                            {"application": app}))
        days: list[date] = []
        if "recurrence" in activity:
            days = resolve_recurrence(activity["recurrence"], year, calendar)
        for d_index, text in enumerate(activity.get("dates", [])):
            day = date.fromisoformat(text)
            if day.year != year:
                problems.append(PlanProblem((*where, "dates", d_index), "plan.date_outside_year",
                                            {"date": text, "year": year}))
            elif not calendar.is_working_day(day):
                problems.append(PlanProblem((*where, "dates", d_index), "plan.date_not_working",
                                            {"date": text}))
            days.append(day)
        occurrences.extend(Occurrence(d, str(activity["id"]), str(app), str(activity["kind"]))
                           for d in days for app in apps)
    return sorted(occurrences), problems


def match(
    occurrences: Sequence[Occurrence], done: Iterable[Done], today: date
) -> tuple[list[Match], list[Done]]:
    """Match each occurrence to at most one `Done` of the same kind and application, on or after
    its day and before the next occurrence of the same activity and application (a record that
    names its activity only matches that activity). Returns matches in occurrence order and the
    records that matched nothing (unplanned work)."""
    pool = sorted(done, key=lambda d: (d.day, d.ref))
    used: set[int] = set()
    # Records by (kind, application), as (day, index into pool), so each occurrence only
    # looks at its own application's records from its day on: linear in the records, not
    # records × occurrences.
    by_app: dict[tuple[str, str], list[tuple[date, int]]] = {}
    for index, record in enumerate(pool):
        by_app.setdefault((record.kind, record.application), []).append((record.day, index))
    series: dict[tuple[str, str], list[Occurrence]] = {}
    for occ in occurrences:
        series.setdefault((occ.activity, occ.application), []).append(occ)
    result: dict[Occurrence, Match] = {}
    for items in series.values():
        items.sort()
        for position, occ in enumerate(items):
            # The last occurrence's window runs to the end of its year.
            window_end = (items[position + 1].day if position + 1 < len(items)
                          else date(occ.day.year + 1, 1, 1))
            found = _first(pool, by_app.get((occ.kind, occ.application), []), used, occ,
                           window_end)
            if found is not None:
                used.add(found)
                record = pool[found]
                status = "done" if record.day == occ.day else "late"
                result[occ] = Match(occ, status, record)
            elif occ.day > today:
                result[occ] = Match(occ, "upcoming")
            elif window_end <= today:
                result[occ] = Match(occ, "missed")
            else:
                result[occ] = Match(occ, "pending")
    ordered = [result[o] for o in sorted(occurrences)]
    return ordered, [d for i, d in enumerate(pool) if i not in used]


def _first(pool: Sequence[Done], candidates: list[tuple[date, int]], used: set[int],
           occ: Occurrence, window_end: date) -> int | None:
    for day, index in candidates[bisect_left(candidates, (occ.day, -1)):]:
        if day >= window_end:
            return None
        record = pool[index]
        if index in used or (record.activity is not None and record.activity != occ.activity):
            continue
        return index
    return None


def approved(plan: Mapping[str, Any]) -> bool:
    """C.1.a: a plan counts once Kepala Biro's approval is recorded."""
    approval = plan.get("approval")
    return isinstance(approval, Mapping) and bool(approval.get("by")) and bool(approval.get("at"))


def done_from_plan(plan: Mapping[str, Any]) -> Iterator[Done]:
    """Non-monitoring work recorded in the plan's `realisation` list."""
    kinds = {str(a["id"]): str(a["kind"]) for a in plan.get("activities", [])}
    for index, entry in enumerate(plan.get("realisation", [])):
        activity = str(entry["activity"])
        yield Done(date.fromisoformat(str(entry["date"])), activity, str(entry["application"]),
                   kinds.get(activity, "?"), f"realisation[{index}]")


def drafting_problems(
    plan: Mapping[str, Any], clock: Clock, limit_minutes: int
) -> list[PlanProblem]:
    """B.1: drafting the plan takes at most `limit_minutes` working minutes (1 hari = 450),
    and approval cannot come before drafting ends."""
    drafting = plan.get("drafting") or {}
    problems = []
    try:
        start = parse_time(str(drafting["started"]))
        end = parse_time(str(drafting["finished"]))
    except (KeyError, ValueError):
        return []  # the schema reports missing or malformed times
    used = clock.minutes(start, end)
    if used > limit_minutes:
        problems.append(PlanProblem(("drafting", "finished"), "plan.drafting_late",
                                    {"used": used, "limit": limit_minutes}))
    approval = plan.get("approval") or {}
    try:
        approved_at = parse_time(str(approval["at"]))
    except (KeyError, ValueError):
        return problems
    if approved_at < end:
        problems.append(PlanProblem(("approval", "at"), "plan.approved_before_drafted",
                                    {"approved": str(approval["at"]),
                                     "finished": str(drafting["finished"])}))
    return problems
