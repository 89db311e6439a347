"""Aplikasi: the application catalogue with the readiness checklist of C.1.e–g
(documentation, source code, backup: available or not, and when last verified)."""

from __future__ import annotations

from pelihara.site import fmt, safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry
from pelihara.site.sections.operations import table

NAV = NavEntry("Aplikasi", "aplikasi/index.md", ORDER["aplikasi"])
ITEMS = (("documentation", "Dokumentasi (C.1.e)"), ("source_code", "Source code (C.1.f)"),
         ("backup", "Backup (C.1.g)"))


def _cell(item: dict[str, object]) -> str:
    if item.get("available"):
        verified = f", diverifikasi {fmt.day(str(item['verified']))}" if item.get(
            "verified") else ""
        return "✅ tersedia" + verified
    note = f" — {item['note']}" if item.get("note") else ""
    return "❌ <strong>belum tersedia</strong>" + safe.text(note)


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
    md = [safe.front_matter(title="Katalog Aplikasi"), "# Katalog Aplikasi\n\n",
          "Sistem aplikasi yang dipelihara Biro DI dan kesiapan pemeliharaannya (persyaratan "
          "C.1.e–g). Kasus pada aplikasi tanpa source code atau backup mendapat peringatan "
          "saat analisa.\n\n"]
    rows = []
    for app_id, app in sorted(apps.items()):
        readiness = app.get("readiness", {})
        ready = all(readiness.get(k, {}).get("available") for k, _ in ITEMS)
        rows.append([
            f"<strong>{safe.text(app.get('name', app_id))}</strong><br><code>{safe.text(app_id)}"
            "</code>",
            safe.text(units.name(app.get("owner", ""))),
            safe.text(vendors.get(app.get("vendor", ""), {}).get("name", "Swakelola")
                      if app.get("vendor") else "Swakelola"),
            *(_cell(readiness.get(k, {})) for k, _ in ITEMS),
            "siap" if ready else "<strong>belum siap</strong>",
            str(open_cases.get(app_id, 0)),
            "<br>".join(safe.text(e["url"]) for e in app.get("endpoints", [])) or "-"])
    md.append(table(["Aplikasi", "Pemilik", "Pengembang", *(label for _, label in ITEMS),
                     "Kesiapan", "Kasus terbuka", "Titik pantau"], rows))
    return {"aplikasi/index.md": "".join(md)}
