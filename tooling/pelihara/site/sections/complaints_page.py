"""Pengaduan: complaints (section H) with their status and follow-up, and the IKM of the SKM
responses per year (PermenPANRB 14/2017)."""

from __future__ import annotations

from collections import Counter

from pelihara.core import complaints, ikm
from pelihara.i18n import tr
from pelihara.i18n.labels import COMPLAINT_KINDS, COMPLAINT_STATES
from pelihara.i18n.labels import IKM_GRADES as GRADE_LABELS
from pelihara.site import fmt, safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry
from pelihara.site.sections.operations import table

NAV = NavEntry(tr("site.complaints.nav"), "pengaduan/index.md", ORDER["pengaduan"])


def pages(ctx: SiteContext) -> dict[str, str]:
    ops = ctx.ops
    if not ops.complaints and not ops.surveys:
        return {}
    units = ctx.repo.registries.units
    people = ctx.repo.registries.people
    title = tr("site.complaints.title")
    md = [safe.front_matter(title=title), f"# {title}\n\n",
          tr("site.complaints.intro") + "\n\n"]
    rows = []
    states: Counter[str] = Counter()
    for record in sorted(ops.complaints, key=lambda c: c["id"], reverse=True):
        replayed = complaints.replay(record["events"], people)
        state = replayed.state or "received"
        states[state] += 1
        case = record.get("case")
        case_cell = tr("site.complaints.general")
        if case:
            page = f"kasus/{case}/index.md"
            case_cell = (f'<a href="../kasus/{safe.text(case)}/">{safe.text(case)}</a>'
                         if ctx.exists(page) else safe.text(case))
        rows.append([f"<code>{safe.text(record['id'])}</code>",
                     safe.text(COMPLAINT_KINDS.get(record["type"], record["type"])),
                     safe.text(record["title"]),
                     safe.text(units.name(record["unit"])),
                     case_cell, fmt.day(record["events"][0]["at"]),
                     f"<strong>{safe.text(COMPLAINT_STATES[state])}</strong>",
                     "<br>".join(safe.text(a) for a in replayed.actions) or "-"])
    md.append(safe.text(", ".join(f"{COMPLAINT_STATES[s]}: {states[s]}"
                                  for s in complaints.STATES)) + "\n\n")
    md.append(table([tr(f"site.complaints.col.{c}") for c in (
        "id", "kind", "title", "unit", "case", "received", "state", "actions")], rows))
    md.append(f"## {tr('site.complaints.ikm')}\n\n")
    by_year: dict[str, list[dict[str, int]]] = {}
    for survey in ops.surveys:
        by_year.setdefault(survey["date"][:4], []).append(survey["scores"])
    ikm_rows = []
    for year, responses in sorted(by_year.items(), reverse=True):
        result = ikm.compute(responses)
        if result is None:
            continue
        ikm_rows.append([safe.text(year), str(result.responses), f"{result.ikm}",
                         f"{result.grade} ({GRADE_LABELS[result.grade]})",
                         safe.text(", ".join(f"{k}: {v}" for k, v in result.nrr.items()))])
    md.append(tr("site.complaints.ikm_formula") + "\n\n")
    md.append(table([tr(f"site.complaints.ikm.{c}") for c in (
        "year", "responses", "ikm", "grade", "nrr")], ikm_rows))
    return {"pengaduan/index.md": "".join(md)}
