"""References between records (pure core): every unit, application, vendor and staff id a
record names must exist in its registry (registry/*.yaml), and registry ids are unique."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pelihara.core.addresses import has_address
from pelihara.core.findings import Finding, Severity
from pelihara.core.positions import Positioned
from pelihara.core.rules.context import Context, Rule, finding_at

REGISTRY_OF = {"unit": "units", "application": "applications", "vendor": "vendors",
               "staff": "staff"}

CASE_FIELDS = {"unit": "unit", "application": "application"}
"""Top-level case field → what it names."""

EVENT_FIELDS = {"by": "staff", "officers": "staff", "approved_by": "staff", "vendor": "vendor",
                "tembusan": "unit"}
"""Event field (a string or a list of strings) → what it names."""

APPLICATION_FIELDS = {"owner": "unit", "vendor": "vendor"}

ADDRESSED = ("units", "vendors", "staff")
"""Registries whose entries are sent notices (`pelihara notify`)."""


def unknown_refs(ctx: Context, doc: Positioned, path: list[str | int], what: str,
                 value: Any) -> Iterable[Finding]:
    """`ref.unknown_<what>` for each id in `value` (one id or a list) not in its registry."""
    values = value if isinstance(value, list) else [value]
    registry = ctx.registries[REGISTRY_OF[what]]
    for position, item in enumerate(values):
        if isinstance(item, str) and item not in registry:
            where = [*path, position] if isinstance(value, list) else path
            yield finding_at(doc, where, f"ref.unknown_{what}", value=item,
                             known=registry.known())


def case_refs(ctx: Context, doc: Positioned) -> list[Finding]:
    data: dict[str, Any] = doc.data
    found: list[Finding] = []
    for key, what in CASE_FIELDS.items():
        found.extend(unknown_refs(ctx, doc, [key], what, data.get(key)))
    for index, event in enumerate(data["events"]):
        found.extend(_event_refs(ctx, doc, ["events", index], event))
        changes = event.get("changes") if event.get("event") == "correction" else None
        if isinstance(changes, dict):  # a corrected value names someone too
            found.extend(_event_refs(ctx, doc, ["events", index, "changes"], changes))
        late = event.get("late_recording")
        if isinstance(late, dict) and "approved_by" in late:
            found.extend(unknown_refs(ctx, doc,
                                      ["events", index, "late_recording", "approved_by"],
                                      "staff", late["approved_by"]))
    return found


def _event_refs(ctx: Context, doc: Positioned, where: list[str | int],
                fields: dict[str, Any]) -> Iterable[Finding]:
    for key, what in EVENT_FIELDS.items():
        if key in fields:
            yield from unknown_refs(ctx, doc, [*where, key], what, fields[key])
    memo = fields.get("memo")
    if isinstance(memo, dict) and "to" in memo:  # the addressee (C.2) is a person
        yield from unknown_refs(ctx, doc, [*where, "memo", "to"], "staff", memo["to"])


def registry_rules(name: str) -> Rule:
    """The rule for registry `name`: ids unique; applications name known units and vendors."""

    def rule(ctx: Context, doc: Positioned) -> list[Finding]:
        items = doc.data.get(name, []) if isinstance(doc.data, dict) else []
        found: list[Finding] = []
        first: dict[str, int] = {}
        owners: dict[str, str] = {}
        for index, item in enumerate(items):
            item_id = item.get("id")
            if item_id in first:
                found.append(finding_at(doc, [name, index, "id"], "registry.duplicate_id",
                                        id=item_id, first=first[item_id] + 1))
            else:
                first[item_id] = index
            if name == "staff":
                found.extend(_emails(doc, index, item, owners))
                found.extend(_grade(ctx, doc, index, item))
            if name in ADDRESSED and isinstance(item, dict) and not has_address(name, item):
                # Not an error: a registry may be filled in before everyone has an address,
                # but whoever reads the check output learns who will not be told.
                found.append(finding_at(doc, [name, index], "registry.no_address",
                                        Severity.WARNING, id=item_id, registry=name))
            if name == "applications":
                for key, what in APPLICATION_FIELDS.items():
                    if key in item:
                        found.extend(unknown_refs(ctx, doc, [name, index, key], what, item[key]))
        return found

    return rule


def _emails(doc: Positioned, index: int, item: dict[str, Any],
            owners: dict[str, str]) -> Iterable[Finding]:
    """A commit address names one person: the audit trail reads the recorder from it."""
    for position, email in enumerate(item.get("emails") or []):
        key = str(email).strip().lower()
        if key in owners and owners[key] != item.get("id"):
            yield finding_at(doc, ["staff", index, "emails", position],
                             "registry.duplicate_email", email=email, other=owners[key])
        owners.setdefault(key, str(item.get("id")))


def _grade(ctx: Context, doc: Positioned, index: int,
           item: dict[str, Any]) -> Iterable[Finding]:
    """A staff grade is one of standard.yaml's `grades:` (C.1.c compares their levels)."""
    grade = item.get("grade")
    if ctx.standard is not None and isinstance(grade, str) and grade not in ctx.standard.grades:
        yield finding_at(doc, ["staff", index, "grade"], "ref.unknown_grade", value=grade,
                         known=", ".join(ctx.standard.grades) or "-")
