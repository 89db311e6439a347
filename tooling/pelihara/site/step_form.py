"""The "Catat langkah" form on each open case page: what it may offer, built from the records.

Nothing here runs in the browser. At build time this module decides, per case, which events
may legally come next (by replaying the case with each candidate appended: the one workflow
`pelihara check` uses), and, once for the whole site, which fields each event takes with the
case schema's own rules (required, pattern, minimum length, allowed values, list sizes) and
the `pelihara advance|hold|resume|cancel` option that carries each one. The page script
(`site/assets/pelihara-forms.js`) only renders that data, validates with those rules and writes
the command, the YAML event and the link to the forge's editor. It works offline from the
static files: no request leaves the page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pelihara.core.model import Case
from pelihara.core.rules.cases import EVIDENCE_FIELDS
from pelihara.core.timeparse import iso
from pelihara.core.workflow import replay
from pelihara.i18n import tr
from pelihara.i18n.labels import COMPONENTS, EVENT_FIELDS, EVENT_KINDS
from pelihara.records.repo import Repository
from pelihara.site.context import CaseRecord, SiteContext

DATA_JS = "assets/pelihara-langkah-data.js"

SIDE_EVENTS = ("held", "resumed", "escalated", "note", "cancelled")
COMMANDS = {"held": "hold", "resumed": "resume", "cancelled": "cancel"}
"""Events with their own command; every other event is `pelihara advance CASE <event>`."""


@dataclass(frozen=True)
class Field:
    """One input of the form: a path into the event, how it is entered, and its option."""

    path: tuple[str, ...]
    input: str
    """text, textarea, select, checkboxes, date, datetime, lines, tests, files."""
    option: str
    mode: str = "value"
    """How the value goes on the command line: value, list (comma-joined), repeat (option
    once per item), tests (X=HASIL:CATATAN per test), attach (one --attach per file)."""
    choices: str = ""
    """A registry (staff, units, vendors) or '' for the schema's enum."""
    label: str = ""


_BY = Field(("by",), "select", "--by", choices="staff")
FIELDS: dict[str, tuple[Field, ...]] = {
    "received": (_BY,),
    "assigned": (_BY, Field(("officers",), "checkboxes", "--officers", "list", "staff")),
    "analysed": (_BY, Field(("severity",), "select", "--severity"),
                 Field(("components",), "checkboxes", "--components", "list"),
                 Field(("findings",), "textarea", "--findings")),
    "vendor_notified": (_BY, Field(("vendor",), "select", "--vendor", choices="vendors"),
                        Field(("letter", "number"), "text", "--letter-number",
                              label=tr("site.form.letter_number")),
                        Field(("letter", "date"), "date", "--letter-date",
                              label=tr("site.form.letter_date")),
                        Field(("tembusan",), "checkboxes", "--tembusan", "list", "units")),
    "coordinated": (_BY, Field(("meeting", "date"), "datetime", "--meeting-date",
                               label=tr("site.form.meeting_date")),
                    Field(("meeting", "attendees"), "lines", "--attendee", "repeat",
                          label=tr("site.form.attendees")),
                    Field(("meeting", "minutes"), "text", "--minutes",
                          label=tr("site.form.minutes"))),
    "vendor_analysed": (_BY, Field(("findings",), "textarea", "--findings"),
                        Field(("cause",), "textarea", "--cause")),
    "repaired": (_BY, Field(("tests",), "tests", "--test", "tests")),
    "reported": (_BY, Field(("report", "number"), "text", "--report-number",
                            label=tr("site.form.report_number")),
                 Field(("report", "summary"), "textarea", "--summary",
                       label=tr("site.form.report_summary")),
                 Field(("report", "attachments"), "lines", "--attachment", "repeat",
                       label=tr("site.form.attachments"))),
    "restored": (_BY, Field(("confirmed_by",), "text", "--confirmed-by")),
    "held": (_BY, Field(("reason",), "textarea", "--reason"),
             Field(("approved_by",), "select", "--approved-by", choices="staff")),
    "resumed": (_BY,),
    "escalated": (_BY, Field(("reason",), "textarea", "--reason")),
    "cancelled": (_BY, Field(("reason",), "select", "--reason"),
                  Field(("duplicate_of",), "text", "--duplicate-of")),
    "note": (_BY, Field(("note",), "textarea", "--note")),
}
"""The fields each event takes, in the order the form shows them."""
COMMON = (Field(("documents",), "files", "--attach", "attach",
                label=tr("site.form.documents")),
          Field(("late_reason",), "textarea", "--late-reason"),
          Field(("note",), "textarea", "--note"))
"""Fields every event may carry (a note event has its note already)."""


class Schema:
    """The case schema's event definition, read for the rules of each field."""

    def __init__(self, repo: Repository) -> None:
        # parsed afresh from the text read once (bounded, never followed): validation may
        # have rewritten the loaded schema's `$ref`s
        self.doc = json.loads(repo.schemas.texts["case.schema.json"])
        self.event = self.doc["$defs"]["event"]

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            parts = node["$ref"].removeprefix("#/").split("/")
            target: Any = self.doc
            for part in parts:
                target = target[part]
            node = target
        return node

    def node(self, path: tuple[str, ...],
             override: dict[str, Any] | None = None) -> dict[str, Any]:
        """The schema of the field at `path` in an event (`override`: a kind's own rules)."""
        node = self.resolve(self.event)
        for index, part in enumerate(path):
            properties = (override or {}) if index == 0 and part in (override or {}) else \
                node.get("properties", {})
            node = self.resolve(properties.get(part, {}))
        return node

    def required(self, kind: str) -> tuple[set[str], dict[str, Any]]:
        """Top-level fields a `kind` event requires, and the rules its branch adds."""
        for branch in self.event.get("allOf", []):
            const = branch.get("if", {}).get("properties", {}).get("event", {}).get("const")
            if const == kind:
                then = branch.get("then", {})
                return set(then.get("required", [])), dict(then.get("properties", {}))
        return set(), {}


def _rules(node: dict[str, Any]) -> dict[str, Any]:
    """The rules the browser checks, in the schema's own words."""
    keep = ("pattern", "minLength", "maxLength", "enum", "minItems", "maxItems", "uniqueItems",
            "format")
    rules = {k: node[k] for k in keep if k in node}
    items = node.get("items")
    if isinstance(items, dict):
        rules["items"] = {k: items[k] for k in keep if k in items}
    return rules


def _label(field: Field) -> str:
    return field.label or EVENT_FIELDS.get(field.path[-1], field.path[-1])


def spec(ctx: SiteContext) -> dict[str, Any]:
    """The fields of every event kind with their rules and options, and the registries'
    choices (names and positions only: the organisation's registries when that is the
    audience), for the page script."""
    schema = Schema(ctx.repo)
    kinds: dict[str, Any] = {}
    for kind, fields in FIELDS.items():
        required, overrides = schema.required(kind)
        out = []
        common = [f for f in COMMON if f.path[0] != kind and not (
            f.path[0] == "late_reason" and kind in COMMANDS)]  # hold/resume/cancel end no step
        for field in (*fields, *common):
            node = schema.node(field.path, overrides)
            parent = schema.node(field.path[:-1], overrides) if len(field.path) > 1 else {}
            needed = field.path[0] in required and (
                len(field.path) == 1 or field.path[-1] in parent.get("required", []))
            entry: dict[str, Any] = {
                "name": ".".join(field.path), "path": list(field.path), "label": _label(field),
                "input": field.input, "option": field.option, "mode": field.mode,
                "required": needed, "rules": _rules(node), "choices": field.choices}
            if field.input == "tests":
                entry["tests"] = _tests(ctx, schema, node)
            out.append(entry)
        kinds[kind] = {"label": _event_label(ctx, kind), "command": COMMANDS.get(kind, "advance"),
                       "fields": out}
    registries = ctx.repo.registries
    return {
        "kinds": kinds,
        "choices": {
            "staff": [[key, f"{value.get('name', key)}"
                       + (f" — {value['position']}" if value.get("position") else "")]
                      for key, value in registries.staff.items() if value.get("role") != "bot"],
            "units": [[key, registries.units.name(key)] for key in registries.units],
            "vendors": [[key, registries.vendors.name(key)] for key in registries.vendors],
        },
        "labels": {"components": COMPONENTS,
                   "cancel": dict(ctx.standard.extensions.get("cancel", {}).get("reasons", {})),
                   "severity": {"ringan": "ringan", "berat": "berat/kompleks"}},
    }


def _tests(ctx: SiteContext, schema: Schema, node: dict[str, Any]) -> list[dict[str, Any]]:
    labels = next((s.tests for s in ctx.standard.steps.values() if s.tests), {})
    out = []
    for key in sorted(node.get("properties", {})):
        test = schema.resolve(node["properties"][key])
        result = schema.resolve(test.get("properties", {}).get("result", {}))
        out.append({"key": key, "label": str(labels.get(key, key)),
                    "required": key in node.get("required", []),
                    "results": list(result.get("enum", []))})
    return out


def _event_label(ctx: SiteContext, kind: str) -> str:
    states = ctx.standard.states
    return EVENT_KINDS.get(kind) or (states[kind].label if kind in states else kind)


def legal_next(ctx: SiteContext, case: Case) -> list[str]:
    """Events that may come next: each candidate appended one minute after the last event
    and replayed; those the workflow accepts, in the standard's order, then the side events."""
    base = replay(ctx.standard, case)
    if base.is_final(ctx.standard):
        return []
    last = case.events[-1].at + timedelta(minutes=1)
    entry = set(ctx.standard.entry_states)
    candidates = [*(s for s in ctx.standard.states if s not in entry and s not in SIDE_EVENTS),
                  *SIDE_EVENTS]
    found = []
    for kind in dict.fromkeys(candidates):
        if kind not in FIELDS:
            continue
        trial: dict[str, Any] = {"event": kind, "at": iso(last)}
        if kind == "analysed":
            trial["severity"] = "ringan"  # the replay reads it; any value shows the move
        data = {**case.data, "events": [*case.data["events"], trial]}
        result = replay(ctx.standard, Case.from_data(data, case.path))
        if not any(p.index == len(case.events) for p in result.problems):
            found.append(kind)
    return found


def case_data(ctx: SiteContext, record: CaseRecord) -> dict[str, Any] | None:
    """What one case page's form needs, or None when nothing may be recorded from the page
    (a closed case, or a confidential one on the organisation's site)."""
    if record.id in ctx.confidential:
        return None
    kinds = legal_next(ctx, record.case)
    if not kinds:
        return None
    case = record.case
    state, severity = record.replay.state or "", record.replay.severity
    extra: dict[str, list[str]] = {}
    ends: dict[str, str] = {}
    for kind in kinds:
        step = ctx.standard.step_between(state, kind, severity)
        if step is None:
            continue
        ends[kind] = step.id
        needed = [name for evidence in ctx.standard.evidence(step.id, case.standard_version)
                  for name in EVIDENCE_FIELDS.get(evidence, ())
                  if name in ("documents",)]  # the schema already requires the others
        if needed:
            extra[kind] = needed
    open_step = record.sla.open_step
    return {"case": case.id, "file": record.source, "edit": ctx.edit_url(record.source),
            "next": kinds, "required": extra, "ends": ends, "last": iso(case.events[-1].at),
            "deadline": iso(open_step.deadline) if open_step and open_step.deadline else "",
            "step": open_step.step_id if open_step else ""}
