"""Vendor: each pengembang/konsultan with its applications and how its own steps (B.7, B.8)
kept to the standard's limits, from the cases' SLA figures."""

from __future__ import annotations

from pelihara.i18n import tr
from pelihara.site import safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry
from pelihara.site.sections.operations import table

NAV = NavEntry(tr("site.vendors.nav"), "vendor/index.md", ORDER["vendor"])


def pages(ctx: SiteContext) -> dict[str, str]:
    vendors = ctx.repo.registries.vendors
    if not vendors:
        return {}
    apps = ctx.repo.registries.applications
    stats = {v: {"cases": 0, "steps": 0, "late": 0, "open": 0} for v in vendors}
    for record in ctx.cases:
        named = record.case.vendor
        if named not in stats:
            continue
        stats[named]["cases"] += 1
        for step in record.sla.steps:
            if step.actor == "vendor" and step.end is not None:
                stats[named]["steps"] += 1
                stats[named]["late"] += step.late
        stats[named]["open"] += not record.replay.is_final(ctx.standard)
    title = tr("site.vendors.title")
    md = [safe.front_matter(title=title), f"# {title}\n\n", tr("site.vendors.intro") + "\n\n"]
    rows = []
    for vendor_id, vendor in sorted(vendors.items()):
        s = stats[vendor_id]
        on_time = f"{100 * (s['steps'] - s['late']) / s['steps']:.0f}%" if s["steps"] else "-"
        rows.append([
            f"<strong>{safe.text(vendor.get('name', vendor_id))}</strong>",
            safe.text(vendor.get("contract", "")),
            safe.text(", ".join(a.get("name", i) for i, a in sorted(apps.items())
                                if a.get("vendor") == vendor_id)),
            str(s["cases"]), str(s["open"]), str(s["steps"]), str(s["late"]), on_time])
    md.append(table([tr(f"site.vendors.col.{c}") for c in (
        "vendor", "contract", "applications", "cases", "open", "steps", "late", "on_time")], rows))
    return {"vendor/index.md": "".join(md)}
