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

from pelihara.documents.dates import format_date
from pelihara.i18n.labels import ACTIVITY_KINDS as KIND_LABELS
from pelihara.i18n.labels import MATCH_STATUSES as STATUS_LABELS
from pelihara.i18n.labels import WEEKDAYS as DAYS
from pelihara.site import fmt, safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry

NAV = NavEntry("Program Kerja", "program-kerja/index.md", ORDER["program-kerja"])

def activity_titles(plan: dict[str, Any]) -> dict[str, str]:
    """A plan's activity ids → their titles, as the pages name them."""
    return {str(a["id"]): str(a["title"]) for a in plan.get("activities", [])}


def recurrence_text(activity: dict[str, Any]) -> str:
    """'Setiap Selasa', 'Senin kerja ke-1 setiap bulan', ... in Indonesian."""
    if "dates" in activity:
        return "Tanggal: " + ", ".join(format_date(date.fromisoformat(str(d)))
                                       for d in activity["dates"])
    rec = activity["recurrence"]
    period = {"week": "minggu", "month": "bulan", "quarter": "triwulan"}[rec["every"]]
    if rec["every"] == "week":
        text = f"Setiap {DAYS[rec['weekday']]}"
    else:
        nth = rec.get("nth", rec.get("working_day", 1))
        which = "terakhir" if nth == -1 else f"ke-{nth}" if nth > 0 else f"ke-{-nth} dari akhir"
        what = f"{DAYS[rec['weekday']]} kerja" if "weekday" in rec else "hari kerja"
        text = f"{what.capitalize()} {which} setiap {period}"
        if rec["every"] == "quarter":
            text += f" (bulan ke-{rec.get('month_of_quarter', 1)} triwulan)"
    if "from" in rec or "until" in rec:
        first, last = (format_date(date.fromisoformat(str(rec[k]))) if k in rec else "…"
                       for k in ("from", "until"))
        text += f", {first} s.d. {last}"
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

    md = [safe.front_matter(title="Program Kerja Pemeliharaan"), "# Program Kerja Pemeliharaan\n\n"]
    md.append("Program kerja pemeliharaan sistem informasi manajemen (B.1, persyaratan C.1.a). "
              "Kegiatan berulang dijadwalkan pada hari kerja saja; realisasi dicocokkan dengan "
              "catatan pemantauan dan realisasi kegiatan.\n\n")
    for year in sorted(ops.plans, reverse=True):
        plan = ops.plans[year]
        approval = plan.get("approval")
        md.append(f"## {year}\n\n")
        rows = [["Judul", safe.text(plan["title"])],
                ["Disusun", safe.text(f"{fmt.wib(plan['drafting']['started'])} s.d. "
                                      f"{fmt.wib(plan['drafting']['finished'])} oleh "
                                      + ", ".join(
                                          staff.name(s)
                                          for s in plan["drafting"]["by"]))],
                ["Persetujuan", safe.text(
                    f"{staff.name(approval['by'])}, "
                    f"{fmt.wib(approval['at'])} {approval.get('reference', '')}") if approval
                 else "<strong>belum disetujui</strong>"],
                ["Aplikasi", safe.text(", ".join(apps.name(a)
                                                 for a in plan["applications"]))],
                ["Berkas", f"<code>{safe.text(ops.sources[year])}</code>"]]
        md.append(table(["Butir", "Keterangan"], rows))
        found, unplanned = ops.matches(year, ctx.calendar, ctx.now)
        titles = activity_titles(plan)
        summary: dict[str, dict[str, int]] = {}
        for m in found:
            counts = summary.setdefault(m.occurrence.activity, dict.fromkeys(STATUS_LABELS, 0))
            counts[m.status] += 1
        md.append("### Kegiatan: rencana dan realisasi\n\n")
        rows = []
        for activity in plan["activities"]:
            counts = summary.get(activity["id"], dict.fromkeys(STATUS_LABELS, 0))
            rows.append([safe.text(activity["title"]), safe.text(KIND_LABELS[activity["kind"]]),
                         safe.text(recurrence_text(activity)),
                         *(str(counts[s]) for s in STATUS_LABELS)])
        md.append(table(["Kegiatan", "Jenis", "Jadwal", *STATUS_LABELS.values()], rows))
        missed = [m for m in found if m.status in ("missed", "late")]
        if missed:
            md.append("### Terlewat dan terlambat\n\n")
            md.append(table(["Tanggal rencana", "Kegiatan", "Aplikasi", "Status", "Catatan"], [
                [fmt.day(m.occurrence.day), safe.text(titles.get(m.occurrence.activity,
                                                                 m.occurrence.activity)),
                 safe.text(app_name(m.occurrence.application)),
                 safe.text(STATUS_LABELS[m.status]),
                 safe.text(f"{m.done.ref} ({format_date(m.done.day)})" if m.done else "")]
                for m in missed]))
        upcoming = [m for m in found if m.status == "upcoming"][:15]
        if upcoming:
            md.append("### Jadwal berikutnya\n\n")
            md.append(table(["Tanggal", "Kegiatan", "Aplikasi"], [
                [fmt.day(m.occurrence.day), safe.text(titles.get(m.occurrence.activity,
                                                                 m.occurrence.activity)),
                 safe.text(app_name(m.occurrence.application))] for m in upcoming]))
        if unplanned:
            md.append(f"Kegiatan di luar rencana: {len(unplanned)} catatan.\n\n")
    return {"program-kerja/index.md": "".join(md)}


__all__ = ["NAV", "pages", "table"]
