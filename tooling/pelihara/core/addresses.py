"""Who can be reached, and where: the address book built from the registries.

Pure core: it reads the already-loaded registries (`Repository.registries`) and returns plain
values. The fields (documented in the registry schemas):

- `registry/units.yaml`, `registry/vendors.yaml`: `email`, the contact address;
- `registry/staff.yaml`: `email`, the address for notices; else the first of `emails:`, the
  addresses the person commits with (the trust rules match commit authors against `emails:`);
- role `bot` in `registry/staff.yaml`: the automatic account the scheduled jobs commit as. Its
  `name` and first `emails:` address are the commit identity; it is never sent a notice.

A recipient is named by a stable reference (`unit:biro-umum`, `staff:andi`,
`vendor:cakra-data`), so the notice records say who was told even if an address later changes,
and a changed address never makes an old notice "new" again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pelihara.core.registries import Registries

KINDS = {"unit": "units", "staff": "staff", "vendor": "vendors"}
"""Reference prefix → registry file name."""


@dataclass(frozen=True, order=True)
class Recipient:
    ref: str
    """`unit:<id>`, `staff:<id>` or `vendor:<id>`."""
    name: str
    address: str | None
    """None when the registry has no address: this recipient cannot be told."""


@dataclass(frozen=True)
class Identity:
    """A git commit identity (name, e-mail)."""

    name: str
    email: str


def staff_address(item: Mapping[str, Any]) -> str | None:
    """`email`, else the first of `emails:`, else None."""
    if item.get("email"):
        return str(item["email"])
    emails = item.get("emails") or []
    return str(emails[0]) if emails else None


def recipient(registries: Registries, ref: str) -> Recipient:
    """The recipient named by `ref`; an unknown id gives a recipient without an address."""
    kind, _, ident = ref.partition(":")
    item = registries[KINDS[kind]].entry(ident) if kind in KINDS else {}
    name = str(item.get("short") or item.get("name") or ident)
    if kind == "staff":
        address = staff_address(item)
    else:
        address = str(item["email"]) if item.get("email") else None
    return Recipient(ref, name, address)


def heads(registries: Registries) -> list[str]:
    """Staff ids with role kepala_biro, in registry order."""
    return [sid for sid in registries.staff if sid in registries.heads]


def bot_identity(registries: Registries) -> Identity | None:
    """The commit identity of the first staff entry with role `bot`, or None."""
    for item in registries.staff.values():
        if item.get("role") == "bot":
            emails = item.get("emails") or ([item["email"]] if item.get("email") else [])
            if emails:
                return Identity(str(item.get("name") or item.get("id")), str(emails[0]))
    return None



def has_address(registry: str, item: Mapping[str, Any]) -> bool:
    """Whether a registry entry can be told: bots never need to be."""
    if registry == "staff":
        return item.get("role") == "bot" or staff_address(item) is not None
    return bool(item.get("email"))
