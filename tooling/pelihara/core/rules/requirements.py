"""The requirements of section C on one case (pure core), each run only while an entry of
standard.yaml's `requirements:` names its check (`Standard.requirement`):

- `memo_exists` (C.1.b): a case opened from a memo records the memo;
- `memo_to_head` (C.2): the memo is addressed to the Kepala Biro, or to whoever acts as
  Kepala Biro on the day it was sent;
- `competence` (C.1.c): whoever ends a step that names a `grade:`, and every officer assigned
  (B.3) to the step that follows the assignment, holds at least that grade;
- `readiness.*` (C.1.e–g): a case analysed on an application whose documentation, source code
  or backup is missing gets a warning, because the repair may stall on it.

`plan_exists` (C.1.a) needs other files and runs in `check/opcheck.py`. The findings name the
requirement's id as standard.yaml writes it, so a renumbered standard speaks in its own numbers.
"""

from __future__ import annotations

from typing import Any

from pelihara.core.findings import Finding, Severity
from pelihara.core.model import Case, Event
from pelihara.core.people import Person
from pelihara.core.positions import Positioned
from pelihara.core.requirements import READINESS
from pelihara.core.rules.context import Context, finding_at
from pelihara.core.standard import Standard, Step
from pelihara.core.text import Text
from pelihara.core.workflow import Replay


def requirement_rules(ctx: Context, doc: Positioned, case: Case,
                      result: Replay) -> list[Finding]:
    """Every enabled requirement's findings for `case` (its replay already made)."""
    standard = ctx.standard
    if standard is None:
        return []
    events = case.effective_events()
    found: list[Finding] = []
    if case.origin == "memo" and events and events[0].kind == "submitted":
        found.extend(_memo(ctx, standard, doc, events[0]))
    if standard.requirement("competence"):
        found.extend(_competence(ctx, standard, doc, events, result))
    found.extend(_readiness(ctx, standard, doc))
    return found


def _memo(ctx: Context, standard: Standard, doc: Positioned, opening: Event) -> list[Finding]:
    memo = opening.get("memo")
    where: list[str | int] = ["events", opening.index]
    written = standard.requirement("memo_exists")
    if not isinstance(memo, dict) or not memo:
        if written:
            return [finding_at(doc, where, "requirement.memo_missing", requirement=written,
                               field="memo")]
        memo = {}  # C.2 alone still asks for a written report to the Kepala Biro
    addressed = standard.requirement("memo_to_head")
    if not addressed:
        return []
    to = memo.get("to")
    if not isinstance(to, str):
        return [finding_at(doc, [*where, "memo"] if memo else where,
                           "requirement.memo_addressee_missing", requirement=addressed,
                           field="to" if memo else "memo")]
    person = ctx.people.get(to)
    if person is None or person.heads_at(opening.at):
        return []  # an unknown id is the reference rule's finding
    return [finding_at(doc, [*where, "memo", "to"], "requirement.memo_not_to_head",
                       requirement=addressed, to=to, name=person.name)]


def _competence(ctx: Context, standard: Standard, doc: Positioned, events: list[Event],
                result: Replay) -> list[Finding]:
    requirement = standard.requirement("competence")
    found: list[Finding] = []
    for segment in result.segments:
        if segment.step.grade and segment.outcome == "done":
            by = segment.event.by
            found.extend(_grade(ctx, standard, doc, segment.step, by,
                                ["events", segment.event.index, "by"], requirement))
    severity: str | None = None
    for event in events:
        if event.kind == "analysed":
            severity = event.get("severity")
        if event.kind != "assigned":
            continue
        step = standard.open_step("assigned", severity)  # the step the officers are given
        officers = event.get("officers")
        if step is None or not step.grade or not isinstance(officers, list):
            continue
        for position, officer in enumerate(officers):
            found.extend(_grade(ctx, standard, doc, step, officer,
                                ["events", event.index, "officers", position], requirement))
    return found


def _grade(ctx: Context, standard: Standard, doc: Positioned, step: Step, who: Any,
           where: list[str | int], requirement: str | None) -> list[Finding]:
    person: Person | None = ctx.people.get(who)
    needed = standard.grades.get(step.grade or "")
    if person is None or needed is None:
        return []  # an unknown person is the reference rule's finding
    params = {"requirement": requirement, "person": person.name, "id": person.id,
              "step": step.id, "grade": needed.label}
    if person.grade is None:
        return [finding_at(doc, where, "requirement.grade_unknown", **params)]
    has = standard.grades.get(person.grade)
    if has is None:
        return []  # the staff registry's own finding names the unknown grade
    if has.level < needed.level:
        return [finding_at(doc, where, "requirement.grade_too_low", has=has.label, **params)]
    return []


def missing_readiness(application: dict[str, Any], items: tuple[str, ...]) -> list[str]:
    readiness = application.get("readiness") or {}
    return [k for k in items if not (readiness.get(k) or {}).get("available", False)]


def _readiness(ctx: Context, standard: Standard, doc: Positioned) -> list[Finding]:
    """A warning at the analysis event: the repair may stall on what is missing."""
    checked = {item: standard.requirement(f"readiness.{item}") for item in READINESS}
    items = tuple(item for item, requirement in checked.items() if requirement)
    data: dict[str, Any] = doc.data
    application = ctx.registries.applications.get(str(data["application"]))
    if not items or application is None:
        return []  # the reference rule reports an unknown application
    missing = missing_readiness(application, items)
    if not missing:
        return []
    for index, event in enumerate(data["events"]):
        if event["event"] == "analysed":
            return [finding_at(
                doc, ["events", index, "event"], "readiness.missing", Severity.WARNING,
                application=data["application"],
                items=tuple(Text(f"readiness.item.{m}") for m in missing),
                requirements="/".join(str(checked[m]) for m in missing))]
    return []
