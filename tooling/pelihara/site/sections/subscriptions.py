"""Langganan: the iCalendar files and Atom feeds `pelihara.site.feeds` publishes, listed for
people to subscribe to in Outlook or Thunderbird (no server needed: they are static files)."""

from __future__ import annotations

from pelihara.i18n import tr
from pelihara.site import feeds, links, safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry

NAV = NavEntry(tr("site.subscriptions.nav"), "langganan/index.md", ORDER["langganan"])
KINDS = ("head", "unit", "officer")
"""Whose calendars, in the page's order; each kind's heading is `site.subscriptions.<kind>`."""


def pages(ctx: SiteContext) -> dict[str, str]:
    subs = feeds.subscriptions(ctx)
    if not subs:
        return {}
    lines = [
        f"# {tr('site.subscriptions.title')}",
        "",
        tr("site.subscriptions.intro"),
        "",
    ]
    for kind in KINDS:
        chosen = [s for s in subs if s.kind == kind]
        if not chosen:
            continue
        lines += [f"## {tr(f'site.subscriptions.{kind}')}", "",
                  f"| | {tr('site.subscriptions.calendar')} | {tr('site.subscriptions.feed')} |",
                  "|---|---|---|"]
        for sub in chosen:
            ics = links.href(NAV.path, sub.path)
            feed = f"[Atom]({links.href(NAV.path, sub.feed)})" if sub.feed else "–"
            lines.append(f"| {safe.text(sub.title)} | [{sub.path.rsplit('/', 1)[-1]}]({ics}) "
                         f"| {feed} |")
        lines.append("")
    return {NAV.path: safe.front_matter(search=False, title=tr("site.subscriptions.nav"))
            + "\n".join(lines)}
