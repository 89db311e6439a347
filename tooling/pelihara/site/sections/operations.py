"""Operations pages: Program kerja (planned against done), Pemantauan, Aplikasi (readiness
checklist C.1.e–g), Vendor and Pengaduan (with the IKM). This module holds the shared table
helper and the Program kerja section; the other four are thin modules beside it.

The records come from the build's context (`ctx.ops`: read once per build by the records
layer, each file checked against its schema; a broken file is skipped with the note every
command gives, never a failed build). All record text goes through `safe.text()` inside raw
HTML blocks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pelihara.documents.dates import format_date, weekday_name
from pelihara.i18n import tr
from pelihara.i18n.labels import ACTIVITY_KINDS as KIND_LABELS
from pelihara.i18n.labels import MATCH_STATUSES as STATUS_LABELS
from pelihara.site import fmt, safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry

NAV = NavEntry(tr("site.plan.nav"), "program-kerja/index.md", ORDER["program-kerja"])

def activity_titles(plan: dict[str, Any]) -> dict[str, str]:
    """A plan's activity ids → their titles, as the pages name them."""
    return {str(a["id"]): str(a["title"]) for a in plan.get("activities", [])}


def recurrence_text(activity: dict[str, Any]) -> str:
    """'Setiap Selasa', 'Senin kerja ke-1 setiap bulan', ... (`plan.recurrence.*`)."""
    if "dates" in activity:
        return tr("plan.recurrence.dates", dates=", ".join(
            format_date(date.fromisoformat(str(d))) for d in activity["dates"]))
    rec = activity["recurrence"]
    if rec["every"] == "week":
        text = tr("plan.recurrence.weekly", weekday=weekday_name(rec["weekday"]))
    else:
        nth = rec.get("nth", rec.get("working_day", 1))
        which = (tr("plan.recurrence.last") if nth == -1 else
                 tr("plan.recurrence.nth", n=nth) if nth > 0 else
                 tr("plan.recurrence.nth_from_end", n=-nth))
        what = (tr("plan.recurrence.working_weekday", weekday=weekday_name(rec["weekday"]))
                if "weekday" in rec else tr("plan.recurrence.working_day"))
        text = tr("plan.recurrence.every", what=what, which=which,
                  period=tr(f"plan.recurrence.{rec['every']}"))
        text = text[:1].upper() + text[1:]
        if rec["every"] == "quarter":
            text += tr("plan.recurrence.quarter_month", n=rec.get("month_of_quarter", 1))
    if "from" in rec or "until" in rec:
        first, last = (format_date(date.fromisoformat(str(rec[k]))) if k in rec else "…"
                       for k in ("from", "until"))
        text += tr("plan.recurrence.range", first=first, last=last)
    return text




def table(headers: list[str], rows: list[list[str]]) -> str:
    """A raw HTML table; every cell is already escaped HTML. It sits in Material's scroll box,
    so a wide table scrolls inside it instead of widening the page on a phone."""
    head = "".join(f"<th>{safe.text(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return ('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">\n'
            f'<table class="pelihara-table">\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>{body}</tbody>\n</table>\n</div></div>\n\n")


def pages(ctx: SiteContext) -> dict[str, str]:
    ops = ctx.ops
    if not ops.plans:
        return {}
    staff = ctx.repo.registries.staff
    apps = ctx.repo.registries.applications

    def app_name(key: str) -> str:
        return str(apps.get(key, {}).get("name", key))

    title = tr("site.plan.title")
    md = [safe.front_matter(title=title), f"# {title}\n\n", tr("site.plan.intro") + "\n\n"]
    for year in sorted(ops.plans, reverse=True):
        plan = ops.plans[year]
        approval = plan.get("approval")
        md.append(f"## {year}\n\n")
        drafted = tr("site.plan.drafted_by", start=fmt.wib(plan["drafting"]["started"]),
                     end=fmt.wib(plan["drafting"]["finished"]),
                     by=", ".join(staff.name(s) for s in plan["drafting"]["by"]))
        rows = [[tr("site.plan.row.title"), safe.text(plan["title"])],
                [tr("site.plan.row.drafted"), safe.text(drafted)],
                [tr("site.plan.row.approval"), safe.text(
                    f"{staff.name(approval['by'])}, "
                    f"{fmt.wib(approval['at'])} {approval.get('reference', '')}") if approval
                 else f"<strong>{tr('site.plan.not_approved')}</strong>"],
                [tr("site.plan.row.applications"), safe.text(", ".join(
                    apps.name(a) for a in plan["applications"]))],
                [tr("site.plan.row.file"), f"<code>{safe.text(ops.sources[year])}</code>"]]
        md.append(table([tr("site.standard.butir"), tr("site.standard.keterangan")], rows))
        found, unplanned = ops.matches(year, ctx.calendar, ctx.now)
        titles = activity_titles(plan)
        summary: dict[str, dict[str, int]] = {}
        for m in found:
            counts = summary.setdefault(m.occurrence.activity, dict.fromkeys(STATUS_LABELS, 0))
            counts[m.status] += 1
        md.append(f"### {tr('site.plan.activities')}\n\n")
        rows = []
        for activity in plan["activities"]:
            counts = summary.get(activity["id"], dict.fromkeys(STATUS_LABELS, 0))
            rows.append([safe.text(activity["title"]), safe.text(KIND_LABELS[activity["kind"]]),
                         safe.text(recurrence_text(activity)),
                         *(str(counts[s]) for s in STATUS_LABELS)])
        md.append(table([tr("report.extra.kegiatan"), tr("report.extra.jenis"),
                         tr("site.plan.schedule"), *STATUS_LABELS.values()], rows))
        missed = [m for m in found if m.status in ("missed", "late")]
        if missed:
            md.append(f"### {tr('site.plan.missed')}\n\n")
            md.append(table([tr("report.extra.tanggal_rencana"), tr("report.extra.kegiatan"),
                             tr("report.extra.aplikasi"), tr("report.extra.status"),
                             tr("site.standard.catatan")], [
                [fmt.day(m.occurrence.day), safe.text(titles.get(m.occurrence.activity,
                                                                 m.occurrence.activity)),
                 safe.text(app_name(m.occurrence.application)),
                 safe.text(STATUS_LABELS[m.status]),
                 safe.text(f"{m.done.ref} ({format_date(m.done.day)})" if m.done else "")]
                for m in missed]))
        upcoming = [m for m in found if m.status == "upcoming"][:15]
        if upcoming:
            md.append(f"### {tr('site.plan.next')}\n\n")
            md.append(table([tr("site.standard.tanggal"), tr("report.extra.kegiatan"),
                             tr("report.extra.aplikasi")], [
                [fmt.day(m.occurrence.day), safe.text(titles.get(m.occurrence.activity,
                                                                 m.occurrence.activity)),
                 safe.text(app_name(m.occurrence.application))] for m in upcoming]))
        if unplanned:
            md.append(tr("report.extra.unplanned", n=len(unplanned)) + "\n\n")
    return {"program-kerja/index.md": "".join(md)}


__all__ = ["NAV", "pages", "table"]
