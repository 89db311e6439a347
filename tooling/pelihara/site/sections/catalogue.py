"""Aplikasi: the application catalogue with the readiness checklist of C.1.e–g
(documentation, source code, backup: available or not, and when last verified)."""

from __future__ import annotations

from pelihara.i18n import tr
from pelihara.site import fmt, safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry
from pelihara.site.sections.operations import table

NAV = NavEntry(tr("site.catalogue.nav"), "aplikasi/index.md", ORDER["aplikasi"])
ITEMS = ("documentation", "source_code", "backup")
"""The readiness columns (C.1.e–g), headed `site.catalogue.item.<item>`."""


def _cell(item: dict[str, object]) -> str:
    if item.get("available"):
        verified = tr("site.catalogue.verified", day=fmt.day(str(item["verified"]))) if item.get(
            "verified") else ""
        return f"✅ {tr('site.catalogue.available')}{verified}"
    note = f" — {item['note']}" if item.get("note") else ""
    return f"❌ <strong>{tr('site.catalogue.missing')}</strong>" + safe.text(note)


def pages(ctx: SiteContext) -> dict[str, str]:
    apps = ctx.repo.registries.applications
    if not apps:
        return {}
    units = ctx.repo.registries.units
    vendors = ctx.repo.registries.vendors
    open_cases: dict[str, int] = {}
    for record in ctx.cases:
        if not record.replay.is_final(ctx.standard):
            open_cases[record.case.application] = open_cases.get(record.case.application, 0) + 1
    title = tr("site.catalogue.title")
    md = [safe.front_matter(title=title), f"# {title}\n\n", tr("site.catalogue.intro") + "\n\n"]
    rows = []
    in_house = tr("site.catalogue.in_house")
    for app_id, app in sorted(apps.items()):
        readiness = app.get("readiness", {})
        ready = all(readiness.get(k, {}).get("available") for k in ITEMS)
        rows.append([
            f"<strong>{safe.text(app.get('name', app_id))}</strong><br><code>{safe.text(app_id)}"
            "</code>",
            safe.text(units.name(app.get("owner", ""))),
            safe.text(vendors.get(app.get("vendor", ""), {}).get("name", in_house)
                      if app.get("vendor") else in_house),
            *(_cell(readiness.get(k, {})) for k in ITEMS),
            tr("site.catalogue.ready") if ready
            else f"<strong>{tr('site.catalogue.not_ready')}</strong>",
            str(open_cases.get(app_id, 0)),
            "<br>".join(safe.text(e["url"]) for e in app.get("endpoints", [])) or "-"])
    md.append(table([tr("site.catalogue.col.application"), tr("site.catalogue.col.owner"),
                     tr("site.catalogue.col.vendor"),
                     *(tr(f"site.catalogue.item.{k}") for k in ITEMS),
                     tr("site.catalogue.col.readiness"), tr("site.catalogue.col.open"),
                     tr("site.catalogue.col.endpoints")], rows))
    return {"aplikasi/index.md": "".join(md)}
