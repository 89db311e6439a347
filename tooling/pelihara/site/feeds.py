"""Calendars and feeds anyone can subscribe to, with no server: static files in the site.

- `langganan/unit-<id>.ics`, `langganan/petugas-<id>.ics`, `langganan/kepala-biro.ics`:
  iCalendar (RFC 5545) with the deadline of each open step (as a 15-minute event at the
  deadline, Asia/Jakarta, with a reminder an hour before) and planned maintenance (all-day
  events). A unit sees its own cases and the maintenance touching its applications; an officer
  the cases assigned to them and the activities they carry out; the Kepala Biro everything.
- `langganan/unit-<id>.xml`: an Atom feed (RFC 4287) of the changes to the unit's cases, newest
  first.

The files depend only on the records and the build's `now` (DTSTAMP, the feed's `updated`), so
the same commit and `--now` give the same bytes. Deadlines carry the Asia/Jakarta zone with its
VTIMEZONE, which Outlook needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import icalendar

from pelihara.core import plans
from pelihara.core.addresses import heads
from pelihara.core.plans import Occurrence
from pelihara.core.timeparse import to_wib
from pelihara.i18n import tr
from pelihara.i18n.labels import EVENT_KINDS
from pelihara.site.context import CaseRecord, SiteContext
from pelihara.site.fmt import limit, wib

FOLDER = "langganan"
JAKARTA = ZoneInfo("Asia/Jakarta")
FEED_ENTRIES = 100
ATOM = "http://www.w3.org/2005/Atom"
PRODID = "-//Biro Dukungan Informatika Setneg//Pelihara//ID"


@dataclass(frozen=True)
class Subscription:
    path: str
    title: str
    kind: str
    """unit, officer or head."""
    feed: str | None = None
    """The unit's Atom feed beside its calendar."""


def subscriptions(ctx: SiteContext) -> list[Subscription]:
    units = ctx.repo.registries.units
    staff = ctx.repo.registries.staff
    found = [Subscription(f"{FOLDER}/kepala-biro.ics", tr("site.feeds.head"), "head")]
    found += [Subscription(f"{FOLDER}/unit-{uid}.ics", str(u.get("name", uid)), "unit",
                           f"{FOLDER}/unit-{uid}.xml") for uid, u in units.items()]
    found += [Subscription(f"{FOLDER}/petugas-{sid}.ics", str(s.get("name", sid)), "officer")
              for sid, s in staff.items() if s.get("role") != "bot"]
    return found


def _occurrences(ctx: SiteContext) -> list[tuple[dict[str, Any], Occurrence]]:
    """Approved plans' occurrences from the build's day on (a skipped plan is noted once on
    the build log, by the generator)."""
    today = to_wib(ctx.now).date()
    found = []
    for record in ctx.records.plans:
        plan = record.data
        if not plans.approved(plan):
            continue
        occurrences, _ = plans.resolve(plan, ctx.calendar)
        activities = {str(a["id"]): a for a in plan.get("activities", [])}
        found += [(activities.get(o.activity, {}), o) for o in occurrences if o.day >= today]
    return found


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Pelihara: {name}")
    cal.add("x-wr-timezone", "Asia/Jakarta")
    return cal


def _deadline_event(ctx: SiteContext, record: CaseRecord, site: str) -> icalendar.Event | None:
    step = record.sla.open_step
    if step is None or step.deadline is None:
        return None
    due = step.deadline.astimezone(JAKARTA)
    event = icalendar.Event()
    event.add("uid", f"{record.id}-{step.step_id}@pelihara")
    event.add("dtstamp", ctx.now)
    event.add("summary", tr("site.feeds.deadline", step=step.step_id, case=record.id,
                            title=record.case.title))
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(minutes=15))
    event.add("description", tr("site.feeds.description", step=f"{step.step_id} {step.label}",
                                limit=limit(step.limit_minutes), start=wib(step.start)))
    event.add("url", f"{site}kasus/{record.id}/")
    event.add("categories", ["Pelihara", step.step_id])
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", tr("site.feeds.alarm", step=step.step_id, case=record.id))
    alarm.add("trigger", timedelta(hours=-1))
    event.add_component(alarm)
    return event


def _maintenance_event(ctx: SiteContext, activity: dict[str, Any], occ: Occurrence,
                       site: str) -> icalendar.Event:
    apps = ctx.repo.registries.applications
    event = icalendar.Event()
    event.add("uid", f"{occ.activity}-{occ.application}-{occ.day.isoformat()}@pelihara")
    event.add("dtstamp", ctx.now)
    name = apps.get(occ.application, {}).get("name", occ.application)
    event.add("summary", f"Pemeliharaan terjadwal: {activity.get('title', occ.activity)} "
                         f"({name})")
    event.add("dtstart", occ.day)
    event.add("dtend", occ.day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("url", f"{site}program-kerja/")
    return event


def _ics(ctx: SiteContext, name: str, records: Iterable[CaseRecord],
         maintenance: Iterable[tuple[dict[str, Any], Occurrence]], site: str) -> bytes:
    cal = _calendar(name)
    for record in sorted(records, key=lambda r: r.id):
        event = _deadline_event(ctx, record, site)
        if event is not None:
            cal.add_component(event)
    for activity, occ in maintenance:
        cal.add_component(_maintenance_event(ctx, activity, occ, site))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _atom(ctx: SiteContext, unit: str, name: str, records: list[CaseRecord]) -> bytes:
    """Case changes of one unit, newest first; links relative to the feed's folder."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")

    def sub(parent: ElementTree.Element, tag: str, text: str | None = None,
            **attrs: str) -> ElementTree.Element:
        node = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    sub(feed, "id", f"urn:pelihara:unit:{unit}")
    sub(feed, "title", tr("site.feeds.title", unit=name))
    sub(feed, "updated", to_wib(ctx.now).isoformat(timespec="seconds"))
    sub(feed, "link", href=f"unit-{unit}.xml", rel="self")
    author = sub(feed, "author")
    sub(author, "name", "Biro Dukungan Informatika")
    states = ctx.standard.states
    entries = [(event, record) for record in records for event in record.case.events]
    entries.sort(key=lambda pair: (pair[0].at, pair[1].id, pair[0].index), reverse=True)
    for event, record in entries[:FEED_ENTRIES]:
        label = (states[event.kind].label if event.kind in states
                 else EVENT_KINDS.get(event.kind, event.kind))
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:pelihara:{record.id}:e{event.index + 1}")
        sub(entry, "title", f"{record.id}: {label}")
        sub(entry, "updated", to_wib(event.at).isoformat(timespec="seconds"))
        sub(entry, "link", href=f"../kasus/{record.id}/", rel="alternate")
        sub(entry, "summary", tr("site.feeds.entry", title=record.case.title, label=label,
                                 at=f"{to_wib(event.at):%d-%m-%Y %H:%M}"))
    ElementTree.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(
        feed, encoding="utf-8")


def files(ctx: SiteContext, site_url: str = "") -> dict[str, bytes]:
    """Every calendar and feed, keyed by site path. `site_url` (the site's absolute address)
    makes the calendar links absolute; without it they are site-relative."""
    site = site_url.rstrip("/") + "/" if site_url else "/"
    open_records = [r for r in ctx.cases if r.sla.open_step is not None]
    maintenance = _occurrences(ctx)
    owners = {aid: str(a.get("owner", "")) for aid, a in
              ctx.repo.registries.applications.items()}
    out: dict[str, bytes] = {}
    head_ids = set(heads(ctx.repo.registries))
    for sub in subscriptions(ctx):
        if sub.kind == "head":
            chosen, planned = open_records, maintenance
        elif sub.kind == "unit":
            unit = sub.path.removeprefix(f"{FOLDER}/unit-").removesuffix(".ics")
            chosen = [r for r in open_records if r.case.unit == unit]
            planned = [(a, o) for a, o in maintenance if owners.get(o.application) == unit]
            mine = [r for r in ctx.cases if r.case.unit == unit]
            out[str(sub.feed)] = _atom(ctx, unit, sub.title, mine)
        else:
            officer = sub.path.removeprefix(f"{FOLDER}/petugas-").removesuffix(".ics")
            chosen = [r for r in open_records if officer in r.case.officers
                      or (officer in head_ids and r.sla.open_step is not None
                          and r.sla.open_step.actor == "kepala_biro")]
            planned = [(a, o) for a, o in maintenance if a.get("officer") == officer]
        out[sub.path] = _ics(ctx, sub.title, chosen, planned, site)
    return out
