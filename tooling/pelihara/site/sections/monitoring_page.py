"""Pemantauan: every monitoring session (B.2b) with its result, findings and the case a
finding opened, plus the planned sessions that were missed."""

from __future__ import annotations

from pelihara.i18n import tr
from pelihara.site import fmt, safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry
from pelihara.site.sections.operations import activity_titles, table

NAV = NavEntry(tr("site.monitoring.nav"), "pemantauan/index.md", ORDER["pemantauan"])


def _case_link(ctx: SiteContext, case_id: str) -> str:
    page = f"kasus/{case_id}/index.md"
    if ctx.exists(page):
        return f'<a href="../kasus/{safe.text(case_id)}/">{safe.text(case_id)}</a>'
    return safe.text(case_id)


def pages(ctx: SiteContext) -> dict[str, str]:
    ops = ctx.ops
    if not ops.monitoring:
        return {}
    apps = ctx.repo.registries.applications
    staff = ctx.repo.registries.staff
    title = tr("site.monitoring.title")
    md = [safe.front_matter(title=title), f"# {title}\n\n", tr("site.monitoring.intro") + "\n\n"]
    rows = []
    for record in sorted(ops.monitoring, key=lambda r: r["started"], reverse=True):
        findings = record.get("findings", [])
        cells = "<br>".join(
            safe.text(f["summary"]) + (" → " + _case_link(ctx, f["case"]) if "case" in f else "")
            for f in findings)
        failing = sum(1 for c in record["checks"] if c["result"] == "fail")
        rows.append([
            fmt.moment_cell(record["started"]),
            safe.text(apps.name(record["application"])),
            safe.text(staff.name(record["officer"])),
            safe.text(tr(f"site.monitoring.method.{record['method']}")),
            safe.text(tr("site.monitoring.failing", n=len(record["checks"]), failing=failing)
                      if failing else str(len(record["checks"]))),
            f"<strong>{tr('monitor.result.gangguan').lower()}</strong>"
            if record["result"] == "gangguan" else tr("monitor.result.normal"),
            cells, f"<code>{safe.text(record['id'])}</code>"])
    md.append(table([tr(f"site.monitoring.col.{c}") for c in (
        "start", "application", "officer", "method", "checks", "result", "findings", "id")], rows))
    for year in sorted(ops.plans, reverse=True):
        found, _ = ops.matches(year, ctx.calendar, ctx.now)
        missed = [m for m in found if m.status == "missed" and m.occurrence.kind == "monitoring"]
        md.append(f"## {tr('site.monitoring.missed', year=year)}\n\n")
        if not missed:
            md.append(f"{tr('site.monitoring.none')}\n\n")
            continue
        titles = activity_titles(ops.plans[year])
        md.append(table([tr("report.extra.tanggal_rencana"), tr("report.extra.kegiatan"),
                         tr("report.extra.aplikasi")], [
            [fmt.day(m.occurrence.day), safe.text(titles.get(m.occurrence.activity,
                                                             m.occurrence.activity)),
             safe.text(apps.get(m.occurrence.application, {}).get("name",
                                                                 m.occurrence.application))]
            for m in missed]))
    return {"pemantauan/index.md": "".join(md)}
