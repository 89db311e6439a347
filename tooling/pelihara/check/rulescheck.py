"""No retroactive rules: a rules change must not alter any result that already exists.

`pelihara check --base REF` on a merge request that changes rules evaluates every existing
case under REF's rules and under the new ones, and refuses any difference in a step's limit,
working minutes, deadline or verdict, naming the cases and steps. Only what the past decided
is compared: a finished step whole; an open step's minutes and verdict as of now, and its
deadline only once it has passed under either rules. So a change dated in the future (a new
version from next month, next year's Ramadan, a closure next week) passes, while the same
change dated in the past is refused even where no case happens to cross it:
- the working calendar (hours, Ramadan ranges, closures, extra working days) must give every
  past day the same hours, and a new pin of the `holidays` package must give every past year
  the same holidays as the base's pin (`records.holidaypin` fetches the base's version);
- a version of the standard may not start in the past, and no version's start may move across
  today; no version a case is judged by may lose a limit or change one;
- the recording tolerance and the `learned_later` rules may not change which recorded events
  were late (the history pass is read for that, only when they changed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pelihara.core import recording, sla
from pelihara.core.calendar import calendar_for
from pelihara.core.errors import PeliharaError
from pelihara.core.findings import Finding
from pelihara.core.model import Case
from pelihara.core.standard import Standard, StandardInvalid
from pelihara.core.text import Text
from pelihara.core.timeparse import WIB
from pelihara.core.workcal import WorkingCalendar
from pelihara.records import holidaypin, nofollow, yamlio
from pelihara.records.gitio import Git
from pelihara.records.repo import Repository
from pelihara.records.revision import Rules

STANDARD = "standard.yaml"
SHOWN = 5
"""How many cases, steps or days a finding names before it counts the rest."""
PIN_LIMIT = 1024 * 1024
"""pyproject.toml and constraints.txt are a few KiB; larger is not read."""


@dataclass(frozen=True)
class StepResult:
    """What the past decided about one step (see the module docstring)."""

    limit: int
    minutes: int
    deadline: datetime | None
    verdict: str


def retroactive_findings(repository: Repository, base: Rules, now: datetime,
                         documents: Mapping[str, yamlio.Document] | None = None
                         ) -> list[Finding]:
    """`documents`: record files the check run already parsed (by repo-relative path), so
    the cases are not read a second time."""
    try:
        new = repository.standard
    except (StandardInvalid, PeliharaError):
        return []  # `pelihara check` reports the broken standard itself
    old = base.standard
    if old is None:
        return []
    doc = yamlio.load_file(repository.root / STANDARD, STANDARD, repository.root)
    found = compare_standards(old, new, doc)
    found += _versions(old, new, doc, now)
    try:
        old_cal, new_cal = calendar_for(old), calendar_for(new)
        found += _calendar(old_cal, new_cal, doc, now)
        found += _cases(_existing_cases(repository, documents or {}), old, new, old_cal,
                        new_cal, now)
    except PeliharaError as exc:  # a broken schedule: the check of standard.yaml reports it
        found.append(Finding(STANDARD, exc.line or 1, exc.column or 1, exc.code, exc.params))
    found += _holidays(repository, base, new, now)
    if (old.recording_tolerance, old.raw.get("learned_later")) != \
            (new.recording_tolerance, new.raw.get("learned_later")):
        found += _lateness(repository, old, new, doc, documents or {})
    return found


def _holidays(repository: Repository, base: Rules, new: Standard,
              now: datetime) -> list[Finding]:
    """A new `holidays` pin may not move a past holiday: the base's version is fetched and
    asked (`records.holidaypin`), the installed one (the merge request's) is asked here."""
    texts = {}
    for name in holidaypin.PIN_FILES:  # never followed, bounded: a rules file may be hostile
        try:
            texts[name] = nofollow.read_bounded(repository.root / name, PIN_LIMIT,
                                                repository.root)
        except (nofollow.Refused, OSError):
            continue
    old_pin, new_pin = holidaypin.pin(base.texts), holidaypin.pin(texts)
    if old_pin is None or old_pin == new_pin:
        return []
    where = next((n for n in reversed(holidaypin.PIN_FILES) if n in texts), "pyproject.toml")
    installed = holidaypin.installed_version()
    if new_pin and "==" in new_pin and new_pin.split("==", 1)[1] != installed:
        return [Finding(where, 1, 1, "rules.holidays_not_installed", {
            "pin": new_pin, "installed": installed})]
    today = now.astimezone(WIB).date()
    years = [y for y in calendar_for(new).covered_years() if y <= today.year]
    try:
        before = holidaypin.pinned_days(old_pin, years)
    except (holidaypin.Unavailable, OSError, ValueError) as exc:
        return [Finding(where, 1, 1, "rules.holidays_unverifiable", {
            "pin": old_pin, "error": str(exc)})]
    after = holidaypin.installed_days(years)
    changed = sorted(day for year in years
                     for day in set(before.get(year, [])) ^ set(after.get(year, []))
                     if date.fromisoformat(day) <= today)
    if not changed:
        return []
    return [Finding(where, 1, 1, "rules.retroactive_holidays", {
        "old": old_pin, "new": f"holidays {installed}", "days": _listed(changed),
        "count": len(changed)})]


def _lateness(repository: Repository, old: Standard, new: Standard, doc: yamlio.Document,
              documents: Mapping[str, yamlio.Document]) -> list[Finding]:
    """Which events the main line recorded late must not change with the tolerance."""
    log = Git(repository.root).read_history()
    judges = [(recording.learned_later(s.raw.get("learned_later")), calendar_for(s).minutes,
               s.recording_tolerance) for s in (old, new)]
    changed = []
    for case in _existing_cases(repository, documents):
        item = log.for_case(case.id)
        events = case.data.get("events") or []
        for index, commit in enumerate(item.events if item else []):
            if commit is None or index >= len(events):
                continue
            verdicts = [minutes(since, commit.time) > tolerance
                        for rules, minutes, tolerance in judges
                        if (since := recording.known_since(events, index, rules)) is not None]
            if len(set(verdicts)) > 1:
                changed.append(f"{case.id} #{index + 1}")
    if not changed:
        return []
    return [Finding(STANDARD, *doc.position(["recording_tolerance"]),
                    "rules.retroactive_lateness", {"events": _listed(changed),
                                                   "count": len(changed)})]


def compare_standards(old: Standard, new: Standard, doc: yamlio.Document) -> list[Finding]:
    """Each version the old standard knew must keep every step limit it had."""
    out = []
    for version in old.versions:
        if version not in new.versions:
            out.append(Finding(STANDARD, *doc.position(["versions"]),
                               "history.standard_version_removed", {"version": version}))
            continue
        for step_id in old.steps:
            old_limit = old.limit(step_id, version)
            new_limit = new.limit(step_id, version) if step_id in new.steps else None
            if old_limit != new_limit:
                out.append(Finding(STANDARD, *doc.position(_limit_path(new, step_id, version)),
                                   "history.standard_limit_changed",
                                   {"version": version, "step": step_id, "old": old_limit,
                                    "new": new_limit if new_limit is not None else "-"}))
            old_evidence = old.evidence(step_id, version)
            new_evidence = new.evidence(step_id, version) if step_id in new.steps else ()
            if set(old_evidence) != set(new_evidence):
                out.append(Finding(STANDARD, *doc.position(
                    _limit_path(new, step_id, version, "evidence")),
                    "history.standard_evidence_changed",
                    {"version": version, "step": step_id,
                     "old": ", ".join(old_evidence) or "-",
                     "new": ", ".join(new_evidence) or "-"}))
    return out


def _limit_path(standard: Standard, step_id: str, version: str,
                key: str = "limits") -> list[str | int]:
    """Where a version's `limits` (or `evidence`) are written, else the current step's own."""
    if version != standard.version:
        for index, raw in enumerate(standard.raw.get("versions", [])):
            if str(raw.get("version")) == version:
                return ["versions", index, key]
    ids = list(standard.steps)
    own = "limit" if key == "limits" else key
    return ["steps", ids.index(step_id), own] if step_id in ids else ["steps"]


def _versions(old: Standard, new: Standard, doc: yamlio.Document,
              now: datetime) -> list[Finding]:
    """A version may start only in the future; a start may not move across today."""
    today = now.astimezone(WIB).date()
    out = []
    for index, raw in enumerate(new.raw.get("versions") or []):
        version = str(raw.get("version"))
        start = _date(raw.get("effective_from"))
        before = _date(old.version_notes.get(version, {}).get("effective_from"))
        if start is None:
            continue
        if version not in old.versions and start <= today:
            out.append(Finding(STANDARD, *doc.position(["versions", index, "effective_from"]),
                               "rules.retroactive_version", {
                                   "version": version, "start": start.isoformat(),
                                   "today": today.isoformat()}))
        elif version in old.versions and before != start \
                and min(start, before or start) <= today:
            out.append(Finding(STANDARD, *doc.position(["versions", index, "effective_from"]),
                               "rules.version_start_moved", {
                                   "version": version, "old": before.isoformat() if before
                                   else "-", "new": start.isoformat()}))
    return out


def _calendar(old: WorkingCalendar, new: WorkingCalendar, doc: yamlio.Document,
              now: datetime) -> list[Finding]:
    """Every day up to today in the years either calendar covers keeps its working hours."""
    today = now.astimezone(WIB).date()
    years = sorted(set(old.covered_years()) | set(new.covered_years()))
    changed = [day for day in _days(date(years[0], 1, 1) if years else today, today)
               if day.year in years and _hours(old, day) != _hours(new, day)]
    if not changed:
        return []
    return [Finding(STANDARD, *doc.position(["schedule"]), "rules.retroactive_calendar", {
        "days": _listed([d.isoformat() for d in changed]), "count": len(changed)})]


def _hours(calendar: WorkingCalendar, day: date) -> object:
    try:
        return calendar.day_intervals(day)
    except PeliharaError:
        return None  # the year is not covered by this calendar


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _cases(cases: Iterable[Case], old: Standard, new: Standard, old_cal: WorkingCalendar,
           new_cal: WorkingCalendar, now: datetime) -> list[Finding]:
    out = []
    for case in cases:
        before = _results(old, old_cal, case, now)
        after = _results(new, new_cal, case, now)
        if before == after:
            continue
        steps = sorted({key for key in before.keys() | after.keys()
                        if before.get(key) != after.get(key)})
        out.append(Finding(case.path, 1, 1, "rules.retroactive_result", {
            "case": case.id, "steps": _listed([_describe(k, before, after) for k in steps])}))
    return out


def _results(standard: Standard, calendar: WorkingCalendar, case: Case,
             now: datetime) -> dict[str, StepResult | str]:
    try:
        figures = sla.evaluate(standard, calendar, case, now)
    except (PeliharaError, KeyError, ValueError) as exc:
        return {"-": getattr(exc, "code", type(exc).__name__)}
    out: dict[str, StepResult | str] = {}
    for number, step in enumerate(figures.steps):
        passed = step.deadline is not None and step.deadline <= now
        deadline = step.deadline if step.end is not None or passed else None
        out[f"{number}:{step.step_id}"] = StepResult(
            step.limit_minutes, step.used_minutes, deadline, step.verdict.value)
    return out


def _describe(key: str, before: dict[str, StepResult | str],
              after: dict[str, StepResult | str]) -> str:
    """'B.4 (batas 60→120 dan tenggat)': what a rules change does to one step's result, worded
    where the finding is shown (`check.changed.*`)."""
    step = key.split(":", 1)[-1]
    old, new = before.get(key), after.get(key)
    if not isinstance(old, StepResult) or not isinstance(new, StepResult):
        return step
    parts = [Text(f"check.changed.{name}", old=a, new=b) for name, a, b in (
        ("limit", old.limit, new.limit), ("minutes", old.minutes, new.minutes),
        ("verdict", old.verdict, new.verdict)) if a != b]
    if old.deadline != new.deadline:
        parts.append(Text("check.changed.deadline"))
    return Text("check.changed.step", step=step, parts=tuple(parts))


def _existing_cases(repository: Repository,
                    documents: Mapping[str, yamlio.Document]) -> Iterator[Case]:
    """Every case file that reads as a case; `pelihara check` reports the others."""
    for path in repository.files("case"):
        rel = repository.rel(path)
        try:
            parsed = documents.get(rel)
            data = parsed.data if parsed is not None else \
                yamlio.load_file(path, rel, repository.root).data
            yield Case.from_data(data, rel)
        except (yamlio.YamlProblem, OSError, KeyError, TypeError, ValueError,
                AttributeError):
            continue


def _listed(items: Sequence[str]) -> Text:
    """The first few items as 'a, b dan c (+4)', each `Text` worded in the reader's language."""
    shown = tuple(i if isinstance(i, Text) else Text("words.verbatim", text=i)
                  for i in items[:SHOWN])
    more = Text("check.more", n=len(items) - SHOWN) if len(items) > SHOWN else ""
    return Text("check.listed", items=shown, more=more)


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
