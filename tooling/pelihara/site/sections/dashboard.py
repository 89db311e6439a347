"""Beranda: the dashboard. Open cases by step, steps late or due today, this month's on-time
share, cases per application; charts are SVG drawn here at build time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from pelihara.core.attention import needs_action
from pelihara.core.timeparse import to_wib
from pelihara.core.vocabulary import FINISHED, Verdict
from pelihara.documents.dates import month_name
from pelihara.i18n import tr
from pelihara.site import charts, links
from pelihara.site.context import SiteContext
from pelihara.site.head_queue import QueueItem, head_queue
from pelihara.site.sections import ORDER, NavEntry
from pelihara.site.views import CaseRow, case_row, step_views

NAV = NavEntry(tr("site.dashboard.nav"), "index.md", ORDER["beranda"])
INTRO = "site/_partials/beranda.md"


@dataclass(frozen=True)
class HeldRow:
    """A case on hold: whose clock is stopped, since when, on whose approval, and why."""

    row: CaseRow
    since: datetime
    approved_by: str
    reason: str


@dataclass(frozen=True)
class Dashboard:
    now: str
    open_count: int
    late_count: int
    due_today_count: int
    held_count: int
    month_label: str
    month_done: int
    month_on_time: int
    month_share: float | None
    share_chart: str
    by_step_chart: str
    by_app_chart: str
    attention: list[CaseRow]
    held: list[HeldRow]
    head_queue: list[QueueItem]
    hrefs: dict[str, str]
    open_href: str
    all_href: str
    standard_href: str


def pages(ctx: SiteContext) -> dict[str, str]:
    rows = []
    month = (to_wib(ctx.now).year, to_wib(ctx.now).month)
    done = on_time = 0
    for record in ctx.cases:
        steps = step_views(ctx, record)
        rows.append(case_row(ctx, record, steps))
        for step in steps:
            if step.end is not None and step.outcome in FINISHED:
                end = to_wib(step.end)
                if (end.year, end.month) == month:
                    done += 1
                    on_time += step.verdict is Verdict.ON_TIME
    open_rows = [r for r in rows if r.is_open]
    by_step = Counter(r.open_step.id for r in open_rows if r.open_step)
    order = list(ctx.standard.steps)
    step_items = [(f"{sid} {ctx.standard.steps[sid].label}", by_step[sid])
                  for sid in order if by_step.get(sid)]
    by_app = Counter(r.application for r in rows)
    # The same lists as `pelihara sla` prints first (core.attention): late now, due today.
    needs = needs_action([record.sla for record in ctx.cases], ctx.now)
    by_id = {r.id: r for r in rows}
    attention = list({i.case.case_id: by_id[i.case.case_id]
                      for i in (*needs.late_now, *needs.due_today)}.values())
    staff = ctx.repo.registries.staff
    held = [HeldRow(by_id[i.case.case_id], i.hold.start,
                    staff.name(i.hold.approved_by) if i.hold.approved_by else "–",
                    i.hold.reason or "–") for i in needs.on_hold if i.hold is not None]
    month_label = f"{month_name(month[1])} {month[0]}"
    page = Dashboard(
        now=ctx.now.isoformat(), open_count=len(open_rows),
        late_count=len(needs.late_now), due_today_count=len(needs.due_today),
        held_count=len(needs.on_hold),
        month_label=month_label, month_done=done, month_on_time=on_time,
        month_share=on_time / done if done else None,
        share_chart=charts.share_bar(on_time, done,
                                     tr("site.dashboard.timeliness", month=month_label)),
        by_step_chart=charts.bar_chart(step_items, tr("site.dashboard.kasus_terbuka_per_langkah")),
        by_app_chart=charts.bar_chart(by_app.most_common(), tr("site.dashboard.kasus_per_aplikasi"),
                                      "chart-alt"),
        attention=attention, held=held, head_queue=head_queue(ctx, NAV.path),
        hrefs={r.id: links.href(NAV.path, links.case_page(r.id))
               for r in (*attention, *(h.row for h in held))},
        open_href=links.href(NAV.path, "kasus/index.md"),
        all_href=links.href(NAV.path, "kasus/semua.md"),
        standard_href=links.href(NAV.path, "standar/index.md"))
    intro_path = ctx.root / INTRO
    intro = intro_path.read_text(encoding="utf-8") if intro_path.is_file() else ""
    # The intro is hand-written Markdown from site/ (trusted, reviewed in merge requests).
    head = ("---\ntitle: Beranda\nhide:\n  - toc\n---\n\n"
            "# Pemeliharaan Sistem Informasi Manajemen\n\n")
    return {NAV.path: head + intro + "\n" + ctx.render("dashboard.html.j2", page)}
