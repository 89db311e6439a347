"""Operations pages: Program kerja (planned against done), Pemantauan, Aplikasi (readiness
checklist C.1.e–g), Vendor and Pengaduan (with the IKM). This module holds the shared loading
and the Program kerja section; the other four are thin modules beside it.

Records are read once per build (cached on the context's root and `now`), each file validated
against its schema; a broken file is skipped with a build warning, never a failed build.
All record text goes through `safe.text()` inside raw HTML blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pelihara.core import complaints, ikm, plans
from pelihara.core.privacy import Audience, redact
from pelihara.documents.dates import format_date
from pelihara.i18n.labels import COMPLAINT_STATES
from pelihara.records import yamlio
from pelihara.records.schema import load_schema_set
from pelihara.site import fmt, safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry

NAV = NavEntry("Program Kerja", "program-kerja/index.md", ORDER["program-kerja"])

KIND_LABELS = {"monitoring": "Pemantauan berkala (B.2b)", "preventive": "Pemeliharaan preventif",
               "backup_verification": "Verifikasi backup (C.1.g)",
               "documentation_review": "Telaah dokumentasi (C.1.e)",
               "source_review": "Telaah source code (C.1.f)"}
STATUS_LABELS = {"done": "terlaksana", "late": "terlaksana terlambat", "missed": "terlewat",
                 "pending": "belum (masih dalam jangka)", "upcoming": "akan datang"}
DAYS = {"monday": "Senin", "tuesday": "Selasa", "wednesday": "Rabu", "thursday": "Kamis",
        "friday": "Jumat"}


@dataclass
class Operations:
    plans: dict[int, dict[str, Any]] = field(default_factory=dict)
    monitoring: list[dict[str, Any]] = field(default_factory=list)
    complaints: list[dict[str, Any]] = field(default_factory=list)
    surveys: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[int, str] = field(default_factory=dict)


_CACHE: dict[tuple[str, str, str], Operations] = {}


def load(ctx: SiteContext) -> Operations:
    key = (str(ctx.root), ctx.now.isoformat(), ctx.audience.value)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _load(ctx)
    return _CACHE[key]


def _load(ctx: SiteContext) -> Operations:
    schemas = load_schema_set(ctx.root)
    ops = Operations()

    def read(pattern: str, schema: str) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for path in sorted(ctx.root.glob(pattern)):
            rel = path.relative_to(ctx.root).as_posix()
            try:
                data = yamlio.load_file(path, rel).data
            except (yamlio.YamlProblem, OSError) as exc:
                ctx.warn(rel, "site.skipped_record", error=str(exc))
                continue
            if schema not in schemas or schemas.validate(schema, data):
                ctx.warn(rel, "site.skipped_record", error=schema)
                continue
            # The organisation-wide site never shows an address, NIP or telephone number.
            out.append((rel, data if ctx.audience is Audience.STAFF else redact(data)))
        return out

    for rel, data in read("plans/*.yaml", "plan.schema.json"):
        ops.plans[int(data["year"])] = data
        ops.sources[int(data["year"])] = rel
    ops.monitoring = [{**d, "_file": r} for r, d in read("monitoring/*/*/*.yaml",
                                                          "monitoring.schema.json")]
    ops.complaints = [{**d, "_file": r} for r, d in read("complaints/*/*.yaml",
                                                          "complaint.schema.json")]
    ops.surveys = [d for _, d in read("surveys/*/*.yaml", "survey.schema.json")]
    return ops


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


def matches(ctx: SiteContext, year: int) -> tuple[list[plans.Match], list[plans.Done]]:
    ops = load(ctx)
    plan = ops.plans[year]
    occurrences, _ = plans.resolve(plan, ctx.calendar)
    done = list(plans.done_from_plan(plan))
    for record in ops.monitoring:
        done.append(plans.Done(date.fromisoformat(record["started"][:10]), record.get("activity"),
                               record["application"], "monitoring", record["id"]))
    return plans.match(occurrences, done, ctx.now.date())


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A raw HTML table; every cell is already escaped HTML. It sits in Material's scroll box,
    so a wide table scrolls inside it instead of widening the page on a phone."""
    head = "".join(f"<th>{safe.text(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return ('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">\n'
            f'<table class="pelihara-table">\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>{body}</tbody>\n</table>\n</div></div>\n\n")


def pages(ctx: SiteContext) -> dict[str, str]:
    ops = load(ctx)
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
                    f"{staff.get(approval['by'], {}).get('name', approval['by'])}, "
                    f"{fmt.wib(approval['at'])} {approval.get('reference', '')}") if approval
                 else "<strong>belum disetujui</strong>"],
                ["Aplikasi", safe.text(", ".join(apps.name(a)
                                                 for a in plan["applications"]))],
                ["Berkas", f"<code>{safe.text(ops.sources[year])}</code>"]]
        md.append(table(["Butir", "Keterangan"], rows))
        found, unplanned = matches(ctx, year)
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


__all__ = ["COMPLAINT_STATES", "NAV", "Operations", "complaints", "ikm", "load", "pages", "table"]
