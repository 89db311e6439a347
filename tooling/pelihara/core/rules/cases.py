"""Rules for case files, run after the schema has accepted the data (pure core).

- the file's path matches its ID (cases/<year>/<month>/<ID>.yaml);
- the standard version is known, and is the one in force at the case's first event;
- the events follow the standard's workflow (`workflow.replay`): legal transitions, time
  order, nothing after `now`, holds, corrections;
- each finished step carries the evidence the standard lists for it;
- the memo is not dated after it was sent (B.2a runs from the sending);
- the B.5b notice is copied to the reporting unit itself;
- the requirements of section C that standard.yaml names (`requirements.py`);
- late steps carry a reason (from the SLA module, when it is present).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pelihara.core.findings import Finding, Severity
from pelihara.core.formats import is_local_date_time
from pelihara.core.model import Case, Event
from pelihara.core.positions import Positioned
from pelihara.core.rules.context import Context, finding_at
from pelihara.core.rules.requirements import requirement_rules
from pelihara.core.standard import Standard
from pelihara.core.timeparse import TimeTextError, parse_date, parse_time, to_wib
from pelihara.core.vocabulary import CaseSeverity, EventKind, Outcome, TrialResult
from pelihara.core.workflow import Problem, Replay, judged_version

EVIDENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "memo": ("memo",),
    "monitoring": ("monitoring",),
    "assignment": ("officers", "by"),
    "analysis": ("findings",),
    "vendor_notice": ("vendor", "letter", "tembusan"),
    "meeting": ("meeting",),
    "tests": ("tests",),
    "report": ("report",),
    "restoration": ("confirmed_by",),
    "documents": ("documents",),
}
"""Which event fields hold each kind of evidence named by a step's `evidence` in
standard.yaml (the standard's B.2–B.10 and the case schema's event fields)."""


def case_rules(ctx: Context, doc: Positioned) -> list[Finding]:
    data: dict[str, Any] = doc.data
    found = [*_path_rule(doc, data), *_correction_values(doc, data), *_objective_time(doc, data)]
    standard = ctx.standard
    if standard is None or any(f.code.startswith("workflow.") for f in found):
        return found  # without a valid standard (or with unreadable corrections) no replay
    version = str(data["standard_version"])
    if version not in standard.versions:
        found.append(finding_at(doc, ["standard_version"], "standard.unknown_version",
                                version=version, known=", ".join(standard.versions)))
    case = Case.from_data(data, doc.path)
    result = ctx.replay(case)
    if version in standard.versions:
        found.extend(_version_in_force(doc, standard, version, result))
    found.extend(at_event(doc, problem) for problem in result.problems)
    required = requirement_rules(ctx, doc, case, result)
    memo_missing = any(f.code == "requirement.memo_missing" for f in required)
    found.extend(f for f in _evidence(ctx, doc, case, result)  # C.1.b already says it
                 if not (memo_missing and f.params.get("field") == "memo"))
    found.extend(required)
    found.extend(_memo_date(doc, case))
    if not result.problems:
        found.extend(at_event(doc, late) for late in ctx.late_problems(case, result))
    return found


def _version_in_force(doc: Positioned, standard: Standard, claimed: str,
                      result: Replay) -> list[Finding]:
    """A case is judged by the version in force at its first event, so its file must name
    that version: a case opened in April 2026 cannot claim 2025.1's limits."""
    if result.opened_at is None:
        return []
    expected = standard.version_in_force(result.opened_at)
    day = to_wib(result.opened_at).date().isoformat()
    if expected is None:
        first_from, first = standard.effective[0] if standard.effective else (None, "-")
        return [finding_at(doc, ["standard_version"], "case.no_version_in_force", date=day,
                           first=first, first_from=str(first_from or "-"))]
    if expected != claimed:
        since = standard.version_notes.get(expected, {}).get("effective_from", "")
        return [finding_at(doc, ["standard_version"], "case.version_mismatch", date=day,
                           version=claimed, expected=expected, effective_from=since)]
    return []


def _path_rule(doc: Positioned, data: dict[str, Any]) -> list[Finding]:
    case_id = str(data["id"])
    stamp = case_id.split("-")[1]
    try:
        date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
    except ValueError:
        return [finding_at(doc, ["id"], "case.bad_id_date", id=case_id, date=stamp)]
    expected = f"cases/{stamp[:4]}/{stamp[4:6]}/{case_id}.yaml"
    if doc.path != expected:
        return [finding_at(doc, ["id"], "case.path_mismatch", id=case_id, path=doc.path,
                           expected=expected)]
    return []


def _objective_time(doc: Positioned, data: dict[str, Any]) -> list[Finding]:
    """An event taken in from a GitLab issue or an e-mail (`source`) happened when that
    issue or e-mail was created: GitLab's clock is the objective B.2a evidence, so `at` may
    not say otherwise, directly or through a correction."""
    found = []
    events = data["events"]
    for index, event in enumerate(events):
        source = event.get("source")
        if not isinstance(source, dict) or "created_at" not in source:
            continue
        stated: dict[int, tuple[Any, list[str | int]]] = {
            index: (event.get("at"), ["events", index, "at"])}
        for later, other in enumerate(events):
            changes = other.get("changes") if other.get("event") == EventKind.CORRECTION \
                else None
            if isinstance(changes, dict) and other.get("refers_to") == index + 1 and \
                    "at" in changes:
                stated[later] = (changes["at"], ["events", later, "changes", "at"])
        for at, where in stated.values():
            if not (isinstance(at, str) and is_local_date_time(at)):
                continue  # the schema and the correction rule name a malformed time
            if parse_time(at) != parse_time(str(source["created_at"])):
                found.append(finding_at(doc, where, "intake.time_not_objective", at=at,
                                        created=source["created_at"], kind=source.get("kind"),
                                        reference=source.get("reference")))
    return found


def _correction_values(doc: Positioned, data: dict[str, Any]) -> list[Finding]:
    """A correction's `changes` are free-form in the schema; the fields the workflow reads
    must still hold valid values, or the corrected history cannot be replayed."""
    found = []
    for index, event in enumerate(data["events"]):
        changes = event.get("changes") if event.get("event") == EventKind.CORRECTION else None
        if not isinstance(changes, dict):
            continue
        where: list[str | int] = ["events", index, "changes"]
        at = changes.get("at")
        if "at" in changes and not (isinstance(at, str) and is_local_date_time(at)):
            found.append(finding_at(doc, [*where, "at"], "workflow.bad_correction_value",
                                    field="at", value=str(at)))
        if "severity" in changes and changes["severity"] not in tuple(CaseSeverity):
            found.append(finding_at(doc, [*where, "severity"], "workflow.bad_correction_value",
                                    field="severity", value=str(changes["severity"])))
    return found


def _memo_date(doc: Positioned, case: Case) -> list[Finding]:
    """A memo cannot be dated after it was sent: B.2a runs from the sending (`at` of the
    submitted event), so a later memo date would mean the sending time is not the real one.
    An earlier date is normal (signed one day, sent the next) and does not move B.2a."""
    events = case.effective_events()
    if not events or events[0].kind != "submitted":
        return []
    first = events[0]
    memo = first.get("memo")
    if not isinstance(memo, dict) or not isinstance(memo.get("date"), str):
        return []
    try:
        dated = parse_date(memo["date"])
    except TimeTextError:
        return []  # the schema reports the date itself
    sent = to_wib(first.at)
    if dated <= sent.date():
        return []
    return [finding_at(doc, ["events", first.index, "memo", "date"], "case.memo_after_sending",
                       date=memo["date"], sent=sent.strftime("%Y-%m-%d %H:%M"))]


def _evidence(ctx: Context, doc: Positioned, case: Case, result: Replay) -> list[Finding]:
    found: list[Finding] = []
    version = judged_version(ctx.standard, case, result) if ctx.standard else ""
    events = case.effective_events()
    opening = events[0] if events else None
    previous = opening
    for segment in result.segments:
        if segment.outcome is not Outcome.DONE:  # an escalation ends B.5a: no repair to test
            previous = segment.event
            continue
        candidates = [e for e in (segment.event, previous) if e is not None]
        for evidence in ctx.standard.evidence(segment.step.id, version) \
                if ctx.standard else segment.step.evidence:
            for name in EVIDENCE_FIELDS.get(evidence, ()):
                if not any(e.get(name) not in (None, "", [], {}) for e in candidates):
                    code = "evidence.no_document" if name == "documents" else \
                        "evidence.missing"
                    found.append(finding_at(
                        doc, ["events", segment.event.index], code,
                        step=segment.step.id, evidence=evidence, field=name))
        if "vendor_notice" in segment.step.evidence:
            found.extend(_tembusan(doc, case, segment.event))
        tests = segment.event.get("tests") if "tests" in segment.step.evidence else None
        if isinstance(tests, dict):
            for part in sorted(tests):
                outcome = tests[part]
                if isinstance(outcome, dict) and outcome.get("result") == TrialResult.GAGAL:
                    found.append(finding_at(
                        doc, ["events", segment.event.index, "tests", part, "result"],
                        "evidence.test_failed", Severity.WARNING,
                        step=segment.step.id, test=part))
        previous = segment.event
    return found


def at_event(doc: Positioned, problem: Problem) -> Finding:
    """A workflow or SLA problem (an event index and key) as a finding at its position."""
    path: list[str | int] = ["events", problem.index] if problem.index is not None else []
    if problem.key:
        path.append(problem.key)
    return finding_at(doc, path, problem.code, **problem.params)


def _tembusan(doc: Positioned, case: Case, notice: Event) -> list[Finding]:
    """B.5b: the notice to the vendor is copied (tembusan) to the unit that reported the
    damage, "agar mendapatkan informasi terkini dan ikut memonitor"; a copy to any other unit
    does not inform the one that waits for the repair."""
    copies = notice.get("tembusan")
    if not isinstance(copies, list) or not copies or case.unit in copies:
        return []  # no tembusan at all is the evidence rule's finding
    return [finding_at(doc, ["events", notice.index, "tembusan"], "evidence.tembusan_unit",
                       unit=case.unit, copies=", ".join(map(str, copies)))]
