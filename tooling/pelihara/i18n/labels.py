"""Words for the domain's own values, the same on every output, from the catalogue
(`catalogue/labels.yaml`).

`pelihara sla`, the site and the reports all show a step's verdict (`pelihara.core.sla.verdict`)
with these words, so a step never reads "tepat waktu" in one place and "dieskalasi" in another.
"""

from __future__ import annotations

from pelihara.core.vocabulary import Outcome, Verdict
from pelihara.i18n import CATALOGUE, tr


def table(kind: str, lang: str = "id") -> dict[str, str]:
    """Every `kind.<value>` of the catalogue as `{value: text}`, in `lang`."""
    prefix = f"{kind}."
    return {code.removeprefix(prefix): entry.text(lang)
            for code, entry in CATALOGUE.items() if code.startswith(prefix)}


def verdict_label(verdict: Verdict, lang: str = "id") -> str:
    return tr(f"verdict.{verdict.value}", lang)


def outcome_label(outcome: Outcome, lang: str = "id") -> str:
    return tr(f"outcome.{outcome.value}", lang)


def step_verdict(outcome: Outcome, verdict: Verdict, lang: str = "id") -> str:
    """'tepat waktu', or 'dieskalasi, terlambat' for a step that did not end by its own work
    (escalated to the vendor, or cut by a cancellation)."""
    text = verdict_label(verdict, lang)
    if outcome in (Outcome.ESCALATED, Outcome.CANCELLED):
        return f"{outcome_label(outcome, lang)}, {text}"
    return text


EVENT_KINDS = table("event_kind")
"""Labels of the side events; an event that reaches a state takes the state's own label from
standard.yaml."""

EVENT_FIELDS = table("event_field")
"""What each field of a case event is called on the site (case.schema.json's keys)."""

COMPONENTS = table("component")
"""The components an analysis names (`components:`), as the reports and the site write them."""

ORIGINS = table("origin")
"""How a case was opened (`origin:`)."""

ACTIVITY_KINDS = table("plan_kind")
"""The kinds of planned activity (plans/<year>.yaml `activities[].kind`)."""

MATCH_STATUSES = table("plan_status")
"""A planned occurrence against what was done (`pelihara.core.plans.match`), in its order."""

COMPLAINT_STATES = table("complaint_state")
"""A complaint's states (section H), in their order."""

COMPLAINT_KINDS = table("complaint_kind")

IKM_GRADES = table("ikm_grade")
"""Mutu pelayanan of an IKM grade (PermenPANRB 14/2017)."""

WEEKDAYS = table("weekday")
