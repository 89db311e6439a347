"""Langganan: the iCalendar files and Atom feeds `pelihara.site.feeds` publishes, listed for
people to subscribe to in Outlook or Thunderbird (no server needed: they are static files)."""

from __future__ import annotations

from pelihara.site import feeds, links, safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry

NAV = NavEntry("Langganan", "langganan/index.md", ORDER["langganan"])
KINDS = (("head", "Kepala Biro"), ("unit", "Unit kerja"), ("officer", "Petugas"))


def pages(ctx: SiteContext) -> dict[str, str]:
    subs = feeds.subscriptions(ctx)
    if not subs:
        return {}
    lines = [
        "# Langganan kalender dan umpan",
        "",
        "Tenggat langkah yang sedang berjalan dan pemeliharaan terjadwal sebagai kalender "
        "iCalendar (`.ics`), serta perubahan kasus tiap unit sebagai umpan Atom. Salin "
        "alamat tautan, lalu di Outlook pilih *Add calendar → Subscribe from web*, di "
        "Thunderbird *New Calendar → On the Network*. Waktu dalam WIB (Asia/Jakarta); "
        "berkas diperbarui setiap kali situs dibangun.",
        "",
    ]
    for kind, label in KINDS:
        chosen = [s for s in subs if s.kind == kind]
        if not chosen:
            continue
        lines += [f"## {label}", "", "| | Kalender | Umpan perubahan |", "|---|---|---|"]
        for sub in chosen:
            ics = links.href(NAV.path, sub.path)
            feed = f"[Atom]({links.href(NAV.path, sub.feed)})" if sub.feed else "–"
            lines.append(f"| {safe.text(sub.title)} | [{sub.path.rsplit('/', 1)[-1]}]({ics}) "
                         f"| {feed} |")
        lines.append("")
    return {NAV.path: safe.front_matter(search=False, title="Langganan") + "\n".join(lines)}
