"""A case's event log as people read it: labels instead of keys, names instead of registry ids,
"27 Nov 2026 16.20 WIB" instead of ISO times, nested evidence (memo, tests a/b/c) as nested
lists, and a duplicate's original case as a link.

Every value is plain text here; the template escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pelihara.core.model import Event
from pelihara.core.timeparse import parse_date, parse_time
from pelihara.documents.dates import format_compact, format_date
from pelihara.i18n.labels import COMPONENTS, EVENT_FIELDS, EVENT_KINDS
from pelihara.site import links
from pelihara.site.context import SiteContext

HIDDEN = {"event", "at", "by"}
STAFF_FIELDS = {"approved_by", "by", "to"}
"""Fields holding one staff registry id (`to`: the memo's addressee, C.2)."""


@dataclass(frozen=True)
class Detail:
    label: str
    value: str
    href: str = ""
    parts: tuple[Detail, ...] = ()
    """Nested evidence (a memo's number, date and sender...)."""


@dataclass(frozen=True)
class EventView:
    number: int
    label: str
    at: str
    by: str
    details: tuple[Detail, ...]


def event_label(ctx: SiteContext, kind: str) -> str:
    states = ctx.standard.states
    return EVENT_KINDS.get(kind) or (states[kind].label if kind in states else kind)


def events(ctx: SiteContext, from_page: str, case_events: tuple[Event, ...]) -> list[EventView]:
    """The log of a case page at docs path `from_page` (for relative links)."""
    words = _Words(ctx, from_page)
    return [EventView(number=e.index + 1, label=event_label(ctx, e.kind),
                      at=format_compact(e.at), by=words.staff(e.by) if e.by else "",
                      details=tuple(words.detail(k, v, e.kind) for k, v in e.fields.items()
                                    if k not in HIDDEN))
            for e in case_events]


class _Words:
    def __init__(self, ctx: SiteContext, from_page: str) -> None:
        self.ctx = ctx
        self.from_page = from_page
        self.registries = ctx.repo.registries
        self.reasons: dict[str, str] = dict(
            ctx.standard.extensions.get("cancel", {}).get("reasons", {}))

    def name(self, registry: str, key: object) -> str:
        return self.registries[registry].name(key)

    def staff(self, key: object) -> str:
        return self.name("staff", key)

    def detail(self, key: str, value: Any, kind: str) -> Detail:
        label = EVENT_FIELDS.get(key, key)
        if key == "tests" and isinstance(value, dict):
            return Detail(label, "", parts=tuple(self.trial(k, v) for k, v in value.items()))
        if isinstance(value, dict):
            return Detail(label, "", parts=tuple(self.detail(k, v, kind)
                                                 for k, v in value.items()))
        if key == "duplicate_of":
            page = links.case_page(str(value))
            href = links.href(self.from_page, page) if self.ctx.exists(page) or any(
                c.id == value for c in self.ctx.cases) else ""
            return Detail(label, str(value), href)
        return Detail(label, self.text(key, value, kind))

    def trial(self, key: str, value: Any) -> Detail:
        """Test a, b or c of B.5a/B.8, named as the standard names it."""
        names = next((s.tests for s in self.ctx.standard.steps.values() if s.tests), {})
        label = f"{key}. {names[key]}" if key in names else key
        if not isinstance(value, dict):
            return Detail(label, str(value))
        notes = f": {value['notes']}" if value.get("notes") else ""
        return Detail(label, f"{value.get('result', '')}{notes}")

    def text(self, key: str, value: Any, kind: str) -> str:
        if isinstance(value, list):
            return ", ".join(self.text(key, v, kind) for v in value)
        if key in STAFF_FIELDS or key == "officers":
            return self.staff(value)
        if key == "vendor":
            return self.name("vendors", value)
        if key == "tembusan":
            return self.name("units", value)
        if key == "components":
            return COMPONENTS.get(str(value), str(value))
        if key == "severity":
            path = self.ctx.standard.paths.get(str(value))
            return path.label if path else str(value)
        if key == "reason" and kind == "cancelled" and str(value) in self.reasons:
            return f"{value} ({self.reasons[str(value)]})"
        if key == "refers_to":
            return f"#{value}"
        if key == "date":
            return _when(str(value))
        return str(value)


def _when(text: str) -> str:
    """A date ('2026-11-03') or a moment ('2026-11-19T15:00:00+07:00') as people write it."""
    try:
        return format_compact(parse_time(text)) if "T" in text or " " in text else \
            format_date(parse_date(text))
    except ValueError:
        return text
