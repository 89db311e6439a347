"""Check rules for the operations records (pure core): plans (B.1, C.1.a), monitoring
sessions (B.2b), complaints (H) and SKM surveys. Each is a `pelihara.core.rules.context.Rule`:
schema-valid data in, findings out. (The requirements of section C on cases: `requirements.py`.)

Registered as record kinds in `pelihara.records.kinds`. Rules that need other files (an
approved plan for each year with cases, a survey's case being closed) live in
`pelihara.check.opcheck`, the edge.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pelihara.core import complaints, plans
from pelihara.core.findings import Finding, Severity
from pelihara.core.positions import Positioned
from pelihara.core.rules.context import Context, finding_at
from pelihara.core.rules.refs import unknown_refs
from pelihara.core.timeparse import parse_time, to_wib
from pelihara.core.vocabulary import EventKind


def _stem(doc: Positioned) -> str:
    return doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")


def plan_rules(ctx: Context, doc: Positioned) -> list[Finding]:
    data: dict[str, Any] = doc.data
    found: list[Finding] = []
    if _stem(doc) != str(data["year"]):
        found.append(finding_at(doc, ["year"], "plan.year_mismatch", year=data["year"],
                                file_year=_stem(doc)))
    found.extend(unknown_refs(ctx, doc, ["applications"], "application", data["applications"]))
    found.extend(unknown_refs(ctx, doc, ["drafting", "by"], "staff", data["drafting"]["by"]))
    if "approval" in data:
        found.extend(unknown_refs(ctx, doc, ["approval", "by"], "staff", data["approval"]["by"]))
    seen: set[str] = set()
    for index, activity in enumerate(data["activities"]):
        if activity["id"] in seen:
            found.append(finding_at(doc, ["activities", index, "id"], "plan.duplicate_activity",
                                    activity=activity["id"]))
        seen.add(activity["id"])
        if "officer" in activity:
            found.extend(unknown_refs(ctx, doc, ["activities", index, "officer"], "staff",
                                      activity["officer"]))
    for index, entry in enumerate(data.get("realisation", [])):
        if entry["activity"] not in seen:
            found.append(finding_at(doc, ["realisation", index, "activity"],
                                    "plan.unknown_activity", activity=entry["activity"],
                                    year=data["year"]))
        found.extend(unknown_refs(ctx, doc, ["realisation", index, "by"], "staff", entry["by"]))
    if ctx.standard is not None and ctx.calendar is not None:
        cal = ctx.calendar
        _, problems = plans.resolve(data, cal)
        limit = ctx.standard.limit("B.1")
        problems.extend(plans.drafting_problems(data, cal, limit))
        for problem in problems:
            severity = Severity.WARNING if problem.code == "plan.drafting_late" else Severity.ERROR
            found.append(finding_at(doc, problem.path, problem.code, severity, **problem.params))
    return found


def monitoring_rules(ctx: Context, doc: Positioned) -> list[Finding]:
    data: dict[str, Any] = doc.data
    found: list[Finding] = []
    ident = str(data["id"])
    stamp = ident.split("-")[1]
    expected = f"monitoring/{stamp[:4]}/{stamp[4:6]}/{ident}.yaml"
    if not doc.path.endswith(expected):
        found.append(finding_at(doc, ["id"], "monitoring.id_mismatch", id=ident, file=doc.path))
    found.extend(unknown_refs(ctx, doc, ["application"], "application", data["application"]))
    found.extend(unknown_refs(ctx, doc, ["officer"], "staff", data["officer"]))
    started, ended = parse_time(data["started"]), parse_time(data["ended"])
    if ended < started:
        found.append(finding_at(doc, ["ended"], "monitoring.ended_before_started",
                                ended=data["ended"]))
    elif ctx.standard is not None and ctx.calendar is not None:
        used = ctx.calendar.minutes(started, ended)
        limit = ctx.standard.limit("B.2b")
        if used > limit:
            found.append(finding_at(doc, ["ended"], "monitoring.too_long", Severity.WARNING,
                                    used=used, limit=limit))
    if started > ctx.now:
        found.append(finding_at(doc, ["started"], "monitoring.future", at=data["started"]))
    return found


def complaint_rules(ctx: Context, doc: Positioned) -> list[Finding]:
    data: dict[str, Any] = doc.data
    found: list[Finding] = []
    ident = str(data["id"])
    expected = f"complaints/{ident.split('-')[1][:4]}/{ident}.yaml"
    if not doc.path.endswith(expected):
        found.append(finding_at(doc, ["id"], "complaint.id_mismatch", id=ident, file=doc.path))
    found.extend(unknown_refs(ctx, doc, ["unit"], "unit", data["unit"]))
    if "application" in data:
        found.extend(unknown_refs(ctx, doc, ["application"], "application", data["application"]))
    for index, event in enumerate(data["events"]):
        found.extend(unknown_refs(ctx, doc, ["events", index, "by"], "staff", event["by"]))
        if "to" in event:
            found.extend(unknown_refs(ctx, doc, ["events", index, "to"], "staff", event["to"]))
        if event["event"] == EventKind.CORRECTION and event["refers_to"] > index:
            found.append(finding_at(doc, ["events", index, "refers_to"],
                                    "complaint.bad_correction", refers_to=event["refers_to"]))
    result = complaints.replay(data["events"], ctx.people, ctx.now)
    for problem in result.problems:
        path: list[str | int] = ["events", problem.index]
        if problem.key:
            path.append(problem.key)
        found.append(finding_at(doc, path, problem.code, **problem.params))
    return found


def survey_rules(ctx: Context, doc: Positioned) -> list[Finding]:
    data: dict[str, Any] = doc.data
    found: list[Finding] = []
    if _stem(doc) != data["case"]:
        found.append(finding_at(doc, ["case"], "survey.file_mismatch", case=data["case"],
                                file=doc.path))
    found.extend(unknown_refs(ctx, doc, ["unit"], "unit", data["unit"]))
    if date.fromisoformat(data["date"]) > to_wib(ctx.now).date():
        found.append(finding_at(doc, ["date"], "survey.future", at=data["date"]))
    return found
