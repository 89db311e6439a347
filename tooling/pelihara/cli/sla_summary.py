"""What `pelihara sla` prints without arguments: what needs action first (steps late now, due
today, cases on hold, from `pelihara.core.attention`), then how to see everything.

People are named, steps carry their labels and times read "27 Nov 2026 16.20 WIB", as on the
site's dashboard, which shows the same three lists.
"""

from __future__ import annotations

from datetime import datetime

from pelihara.core.attention import Item, needs_action
from pelihara.core.sla import CaseSla
from pelihara.documents.dates import format_compact, format_minutes
from pelihara.i18n import tr
from pelihara.records.repo import Repository


def summary_lines(repo: Repository, results: list[CaseSla], now: datetime,
                  lng: str) -> list[str]:
    staff = {k: repo.registries.staff.name(k) for k in repo.registries.staff}
    attention = needs_action(results, now)
    lines: list[str] = []
    for code, items in (("sla_summary.late", attention.late_now),
                        ("sla_summary.due", attention.due_today),
                        ("sla_summary.held", attention.on_hold)):
        lines.append(f"{tr(code, lng)}: {len(items)}")
        if not items:
            lines.append(f"  ({tr('sla_summary.none', lng)})")
        for item in items:
            lines.extend(_item(repo, item, staff, lng, held_list=code == "sla_summary.held"))
        lines.append("")
    listed = {i.case.case_id for i in (*attention.late_now, *attention.due_today,
                                       *attention.on_hold)}
    lines.append(tr("sla_summary.rest", lng, n=attention.open_cases, k=len(listed)))
    lines.append(tr("sla_summary.more", lng))
    return lines


def _item(repo: Repository, item: Item, staff: dict[str, str], lng: str,
          held_list: bool) -> list[str]:
    step, hold = item.step, item.hold
    standard = repo.standard
    known = standard.steps.get(step.step_id)
    label = standard.label(known, lng) if known else step.label
    actor = standard.actor_label(step.actor, lng)
    left = step.remaining_minutes or 0
    facts = [f"{step.step_id} {label} ({actor})"]
    if step.deadline is not None:
        facts.append(tr("sla_summary.deadline", lng, at=format_compact(step.deadline, lng)))
    if left < 0:
        facts.append(tr("sla_summary.overdue", lng, t=format_minutes(-left, lng)))
    elif hold is not None:
        facts.append(tr("sla_summary.frozen", lng, t=format_minutes(left, lng)))
    else:
        facts.append(tr("sla_summary.left", lng, t=format_minutes(left, lng)))
    lines = [f"  {item.case.case_id}  {item.case.title}", "    " + " · ".join(facts)]
    if hold is not None:
        by = staff.get(hold.approved_by or "", hold.approved_by or "-")
        lines.append("    " + tr("sla_summary.since", lng, at=format_compact(hold.start, lng),
                                   by=by))
        if held_list and hold.reason:
            lines.append(f"    {tr('sla_summary.reason', lng)}: {hold.reason}")
    return lines
