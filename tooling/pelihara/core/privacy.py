"""What the organisation-wide site may show (UU 27/2022 tentang Pelindungan Data Pribadi).

Two audiences build the site from the same records:
- `organisation` (the default): everyone in the ministry reads it. Officers appear by name and
  position only: no NIP, no e-mail address, no telephone number or extension, in any text a
  record holds. A confidential case (its own `confidential: true`, or an application marked
  `confidential: true` in the registry) shows only its ID, application, steps, deadlines and
  verdicts; its title, description, findings and evidence never reach a page, a list, the
  search index, a feed or a report.
- `staff`: the complete records, for a site behind the forge's access control.

Pure: the site applies these views to the records it loaded, before any page is made, so no
section, template, search index or feed can show what the view removed. Registries are reduced
to an allow-list of fields: a field added later (an `email`, a `signing_keys`) stays out of the
organisation-wide site until someone decides it belongs there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pelihara.core.registries import Registries, Registry


class Audience(StrEnum):
    ORGANISATION = "organisation"
    STAFF = "staff"


CONFIDENTIAL_TITLE = "Kasus rahasia"
"""What lists, pages and reports show instead of a confidential case's title."""
UNIT_HIDDEN = "Dirahasiakan"

PUBLIC_FIELDS: dict[str, frozenset[str]] = {
    "units": frozenset({"id", "name", "short", "short_name", "parent"}),
    "applications": frozenset({"id", "name", "description", "owner", "vendor", "developed_by",
                               "readiness", "confidential"}),
    "vendors": frozenset({"id", "name", "contract"}),
    "staff": frozenset({"id", "name", "position", "role", "grade", "acting_head"}),
}
"""Registry fields the organisation-wide site may use, per registry (every registry has one:
a registry without an allow-list would be dropped whole). `acting_head` lets the site know who
headed the bureau on a day, so an approval by a Plh. is not shown as waiting for the Kepala
Biro; only its dates are kept (`PUBLIC_PARTS`)."""

PUBLIC_PARTS: dict[str, frozenset[str]] = {"acting_head": frozenset({"from", "until"})}
"""For a public field holding a list of mappings, the keys of each item the site may use."""

KEPT_EVENT_FIELDS = frozenset({"event", "at", "severity", "refers_to", "vendor"})
"""What a confidential case keeps of each event: what the workflow replay, the SLA figures and
the vendor's on-time share need. `vendor` is a registry id (the application's vendor is public
in the catalogue); texts, people and evidence are dropped."""
KEPT_CHANGES = frozenset({"event", "at", "severity"})
KEPT_CASE_FIELDS = frozenset({"id", "application", "unit", "origin", "standard_version"})

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NIP = re.compile(r"\b(?:NIP\.?\s*:?\s*)?\d{8}\s?\d{6}\s?\d\s?\d{3}\b", re.I)
"""An NIP: 18 digits (birth date, appointment month, sex, serial), often written in groups."""
_EXTENSION = re.compile(
    r"\s*\(?\b(?:ext|ekst|pes|pesawat|telp|telepon|tlp|tel|hp|wa|whatsapp)\b\.?\s*:?\s*"
    r"\+?\d[\d\s().-]{1,18}\d\)?", re.I)
"""'(ext. 3105)', 'telp. 021-384 5031', 'HP 0812 3456 7890', 'WA: +62 812…'."""
_PHONE = re.compile(r"(?<![\w/.-])(?:\+62|62|0)[\s.-]?\(?\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,5}"
                    r"(?![\w/-])")
"""A bare Indonesian telephone number: +62/0 prefix, then 8–13 digits in groups."""


def redact_text(text: str) -> str:
    """`text` without e-mail addresses, NIPs and telephone numbers or extensions."""
    text = _EMAIL.sub("[surel disembunyikan]", text)
    text = _NIP.sub("[NIP disembunyikan]", text)
    # '(ext. 3105)' after a name goes entirely; a number in a sentence leaves a marker.
    text = _EXTENSION.sub(lambda m: "" if m.group().strip().startswith("(") else
                          " [telepon disembunyikan]", text)
    return _PHONE.sub("[telepon disembunyikan]", text)


def redact(value: Any) -> Any:
    """Every string inside `value` (mappings, lists) passed through `redact_text`."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {key: redact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


def public_registries(registries: Registries) -> Registries:
    """Each registry reduced to `PUBLIC_FIELDS` (and `PUBLIC_PARTS`), its texts redacted."""
    return Registries(**{
        name: Registry({key: redact({k: _public_part(k, v) for k, v in record.items()
                                     if k in fields})
                        for key, record in registries[name].items()})
        for name, fields in PUBLIC_FIELDS.items()})


def _public_part(field: str, value: Any) -> Any:
    parts = PUBLIC_PARTS.get(field)
    if parts is None or not isinstance(value, list):
        return value
    return [{k: v for k, v in item.items() if k in parts} if isinstance(item, Mapping) else item
            for item in value]


def is_confidential(case: Mapping[str, Any],
                    applications: Mapping[str, Mapping[str, Any]]) -> bool:
    """A case is confidential when it says so or its application is marked confidential."""
    if case.get("confidential") is True:
        return True
    app = applications.get(str(case.get("application")), {})
    return app.get("confidential") is True


def confidential_view(case: Mapping[str, Any]) -> dict[str, Any]:
    """What the organisation-wide site keeps of a confidential case (see KEPT_*)."""
    events = []
    for event in case.get("events") or []:
        # Every event stays, in place: a correction refers to another by its position.
        kept = {k: v for k, v in event.items() if k in KEPT_EVENT_FIELDS}
        if event.get("event") == "correction" and isinstance(event.get("changes"), Mapping):
            kept["changes"] = {k: v for k, v in event["changes"].items() if k in KEPT_CHANGES}
        events.append(kept)
    view = {k: v for k, v in case.items() if k in KEPT_CASE_FIELDS}
    view.update(title=CONFIDENTIAL_TITLE, confidential=True, events=events)
    return view


def case_view(case: Mapping[str, Any], applications: Mapping[str, Mapping[str, Any]],
              audience: Audience) -> dict[str, Any]:
    """The case data a site for `audience` is built from."""
    if audience is Audience.STAFF:
        return dict(case)
    if is_confidential(case, applications):
        return confidential_view(case)
    return dict(redact(case))
