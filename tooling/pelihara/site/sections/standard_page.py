"""Standar Pelayanan: the standard rendered from standard.yaml (one definition, many outputs):
steps and limits, both paths with the flowchart, the extensions, requirements C.1, the service
schedule and this year's non-working days from the working calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pelihara.documents.dates import WEEKDAYS, format_minutes, weekday_name
from pelihara.i18n import tr
from pelihara.site import flowchart, safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry

NAV = NavEntry(tr("site.dashboard.standar_pelayanan"), "standar/index.md", ORDER["standar"])


@dataclass(frozen=True)
class StepRow:
    id: str
    label: str
    actor: str
    limit: str
    minutes: str
    states: str
    severity: str
    evidence: str
    text: str
    discrepancy: str
    timing: str
    grade: str


@dataclass(frozen=True)
class StandardPage:
    title: str
    organisation: str
    version: str
    steps: list[StepRow]
    paths: list[dict[str, str]]
    flowchart: str
    extensions: list[dict[str, str]]
    requirements: list[dict[str, str]]
    grades: list[tuple[str, int]]
    hours: list[dict[str, str]]
    ramadan_ranges: list[dict[str, str]]
    legal_basis: str
    year: int
    non_working: list[tuple[date, str]]
    versions: list[dict[str, str]]
    units: list[tuple[str, int]]
    tolerance: str


def pages(ctx: SiteContext) -> dict[str, str]:
    std = ctx.standard
    actors: dict[str, Any] = std.actors
    rows = [StepRow(
        id=s.id, label=s.label, actor=str(actors.get(s.actor, {}).get("label", s.actor)),
        limit=s.limit_text, minutes=format_minutes(s.limit_minutes),
        states=(f"{std.states[s.from_state].label} → {std.states[s.to_state].label}"
                if s.from_state and s.to_state else tr("site.standard.plan")),
        severity=s.severity or "", evidence=", ".join(s.evidence), text=s.text,
        discrepancy=s.discrepancy or "", timing=s.timing or "",
        grade=std.grades[s.grade].label if s.grade in std.grades else "")
        for s in std.steps.values()]
    paths = [{"label": p.label, "entry": tr("site.standard.or").join(p.entry),
              "steps": " → ".join(p.steps)} for p in std.paths.values()]
    extensions = [{"label": str(v.get("label", k)), "detail": _extension_detail(k, v)}
                  for k, v in std.extensions.items()]
    schedule = std.schedule
    closed = tr("site.standard.closed")
    hours = [{"day": weekday_name(day),
              "normal": ", ".join(schedule.get("normal", {}).get(day, [])) or closed,
              "ramadan": ", ".join(schedule.get("ramadan", {}).get(day, [])) or closed}
             for day in WEEKDAYS]
    ranges = [{"start": str(r.get("start")), "end": str(r.get("end")),
               "basis": str(r.get("basis", "")),
               "estimate": tr("site.standard.estimate") if r.get("estimate") else ""}
              for r in schedule.get("ramadan_ranges", [])]
    year = ctx.now.year
    non_working = _non_working(ctx, year)
    versions = [{"version": v, "effective_from": n.get("effective_from", ""),
                 "note": n.get("note", "")} for v, n in std.version_notes.items()]
    page = StandardPage(
        title=std.title, organisation=std.organisation, version=std.version, steps=rows,
        paths=paths, flowchart=flowchart.flowchart(std), extensions=extensions,
        requirements=[{k: str(v) for k, v in r.items()} for r in std.requirements],
        grades=[(g.label, g.level) for g in sorted(std.grades.values(), key=lambda g: g.level)],
        hours=hours, ramadan_ranges=ranges, legal_basis=str(schedule.get("legal_basis", "")),
        year=year, non_working=non_working, versions=versions,
        units=sorted(std.units.items(), key=lambda kv: kv[1]),
        tolerance=format_minutes(std.recording_tolerance))
    body = ctx.render("standard.html.j2", page)
    return {NAV.path: safe.front_matter(title=NAV.title) + body}


def _extension_detail(key: str, value: dict[str, Any]) -> str:
    if key == "cancel":
        return tr("site.standard.cancel", reasons="; ".join(
            str(v) for v in value.get("reasons", {}).values()))
    if key in ("hold", "escalation"):
        return tr(f"site.standard.{key}")
    return ""


def _non_working(ctx: SiteContext, year: int) -> list[tuple[date, str]]:
    calendar = ctx.calendar
    if calendar is None or year not in calendar.covered_years():
        ctx.warn("standard.yaml", "site.calendar_year", year=year)
        return []
    return list(calendar.non_working_days(date(year, 1, 1), date(year, 12, 31)))
