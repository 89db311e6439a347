"""What `pelihara sla` prints without arguments: what needs action first (steps late now, due
today, cases on hold, from `pelihara.core.attention`), then how to see everything.

People are named, steps carry their labels and times read "27 Nov 2026 16.20 WIB", as on the
site's dashboard, which shows the same three lists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pelihara.core.attention import Item, needs_action
from pelihara.core.durations import format_minutes
from pelihara.core.sla import CaseSla
from pelihara.documents.dates import format_compact
from pelihara.records.repo import Repository

TEXT: dict[str, dict[str, str]] = {
    "id": {"late": "Langkah lewat tenggat sekarang", "due": "Tenggat hari ini",
           "held": "Kasus ditunda", "none": "tidak ada",
           "overdue": "terlambat {t}", "left": "sisa {t}", "deadline": "tenggat {at}",
           "since": "ditunda sejak {at}, disetujui {by}",
           "frozen": "jam berhenti, sisa {t}", "reason": "alasan",
           "rest": "{n} kasus terbuka; {k} di antaranya tercantum di atas.",
           "more": "Setiap langkah setiap kasus: pelihara sla --all · satu kasus: "
                   "pelihara sla PML-…"},
    "en": {"late": "Steps past their deadline now", "due": "Due today",
           "held": "Cases on hold", "none": "none",
           "overdue": "{t} overdue", "left": "{t} left", "deadline": "deadline {at}",
           "since": "on hold since {at}, approved by {by}",
           "frozen": "clock stopped, {t} left", "reason": "reason",
           "rest": "{n} open cases; {k} of them are listed above.",
           "more": "Every step of every case: pelihara sla --all · one case: "
                   "pelihara sla PML-…"},
}


def summary_lines(repo: Repository, results: list[CaseSla], now: datetime,
                  lng: str) -> list[str]:
    t = TEXT["en" if lng == "en" else "id"]
    staff = {k: repo.registries.staff.name(k) for k in repo.registries.staff}
    attention = needs_action(results, now)
    lines: list[str] = []
    for title, items in ((t["late"], attention.late_now), (t["due"], attention.due_today),
                         (t["held"], attention.on_hold)):
        lines.append(f"{title}: {len(items)}")
        if not items:
            lines.append(f"  ({t['none']})")
        for item in items:
            lines.extend(_item(repo, item, t, staff, lng, held_list=title == t["held"]))
        lines.append("")
    listed = {i.case.case_id for i in (*attention.late_now, *attention.due_today,
                                       *attention.on_hold)}
    lines.append(t["rest"].format(n=attention.open_cases, k=len(listed)))
    lines.append(t["more"])
    return lines


def _item(repo: Repository, item: Item, t: dict[str, str], staff: dict[str, str], lng: str,
          held_list: bool) -> list[str]:
    step, hold = item.step, item.hold
    standard = repo.standard
    known = standard.steps.get(step.step_id)
    label = standard.label(known, lng) if known else step.label
    actor: Any = standard.actors.get(step.actor, {}).get("label_en" if lng == "en" else "label",
                                                         step.actor)
    left = step.remaining_minutes or 0
    facts = [f"{step.step_id} {label} ({actor})"]
    if step.deadline is not None:
        facts.append(t["deadline"].format(at=format_compact(step.deadline, lng)))
    if left < 0:
        facts.append(t["overdue"].format(t=format_minutes(-left, lng)))
    elif hold is not None:
        facts.append(t["frozen"].format(t=format_minutes(left, lng)))
    else:
        facts.append(t["left"].format(t=format_minutes(left, lng)))
    lines = [f"  {item.case.case_id}  {item.case.title}", "    " + " · ".join(facts)]
    if hold is not None:
        by = staff.get(hold.approved_by or "", hold.approved_by or "-")
        lines.append("    " + t["since"].format(at=format_compact(hold.start, lng), by=by))
        if held_list and hold.reason:
            lines.append(f"    {t['reason']}: {hold.reason}")
    return lines
