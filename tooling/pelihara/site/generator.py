"""Records → site pages, knowing nothing of MkDocs.

`generate(root, now)` loads the records once, runs every registered section and returns the
pages (`{docs path: Markdown}`), static files (`{path: bytes}`), the navigation entries of the
sections that produced content, and the build warnings. The MkDocs plugin only adapts this.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from pelihara.core.privacy import Audience
from pelihara.core.timeparse import to_wib
from pelihara.records.yamlio import read_record
from pelihara.site import feeds, step_form
from pelihara.site.context import SiteContext, Warning_
from pelihara.site.data import load_context
from pelihara.site.sections import NavEntry, sections

CALENDAR_JS = "assets/pelihara-kalender.js"
LIVE_MARGIN_DAYS = 120
"""How far past the build the exported calendar reaches: readers may open an old build."""


@dataclass
class SiteOutput:
    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    cases: int = 0
    skipped: int = 0
    """Record files left out (each with a warning): `pelihara site build` exits 1 on them."""


def generate(root: Path, now: datetime, *, repo_url: str = "", edit_uri: str = "",
             with_history: bool = True, only: list[str] | None = None,
             audience: Audience = Audience.ORGANISATION, site_url: str = "") -> SiteOutput:
    ctx = load_context(root, now, repo_url=repo_url, edit_uri=edit_uri,
                       with_history=with_history, audience=audience)
    ctx.site_url = site_url
    return generate_from(ctx, only)


def generate_from(ctx: SiteContext, only: list[str] | None = None) -> SiteOutput:
    out = SiteOutput(cases=len(ctx.cases))
    for section in sections():
        if only is not None and section.name not in only:
            continue
        produced = section.pages(ctx)
        if not produced:
            continue  # no content, no nav entry: never a "coming soon" page
        ctx.pages.update(produced)
        if section.nav.path in produced:
            out.nav.append(section.nav)
    out.nav.sort(key=lambda entry: entry.order)
    out.pages = dict(ctx.pages)
    out.files[CALENDAR_JS] = calendar_script(ctx).encode()
    form = json.dumps(step_form.spec(ctx), ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True)
    out.files[step_form.DATA_JS] = (
        "// Isian formulir Catat langkah: aturan skema kasus dan pilihan registri.\n"
        f"window.PELIHARA_STEP_FORM = {form};\n").encode()
    if ctx.audience is Audience.STAFF:
        for record in ctx.cases:
            # The record itself, published beside its page on the staff site only: the raw
            # file holds contact numbers and every text (UU 27/2022, core/privacy.py).
            out.files[f"kasus/{record.id}/{record.id}.yaml"] = \
                read_record(ctx.root / record.source, ctx.root)
    if only is None or "subscriptions" in only:
        out.files.update(feeds.files(ctx, ctx.site_url))
    skipped = ctx.records.skipped  # every kind the sections read, each once
    for item in skipped:
        ctx.skipped(item.first)
    out.skipped = len(skipped)
    out.warnings = list(ctx.warnings)
    return out


def calendar_script(ctx: SiteContext) -> str:
    """The working calendar for the live deadlines, as a script setting a global. It covers
    the earliest open step's start to well past the build, within the calendar's years."""
    covered = ctx.calendar.covered_years()
    starts = [to_wib(step.start).date() for r in ctx.cases
              if (step := r.sla.open_step) is not None]
    first = min([*starts, to_wib(ctx.now).date()])
    last = to_wib(ctx.now).date() + timedelta(days=LIVE_MARGIN_DAYS)
    first = max(first, date(covered[0], 1, 1))
    last = min(last, date(covered[-1], 12, 31))
    data = ctx.calendar.export_js(first, last) if first <= last else {"intervals": []}
    return ("// Jam kerja resmi untuk tenggat langsung; dibuat saat situs dibangun.\n"
            f"window.PELIHARA_CALENDAR = {json.dumps(data, separators=(',', ':'))};\n")
