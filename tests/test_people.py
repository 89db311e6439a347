"""The staff registry as people: lookups by commit address, acting heads by date, the
allowed-signers file git verifies SSH signatures with."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pelihara.core.people import People
from pelihara.core.timeparse import WIB

STAFF: dict[str, dict[str, Any]] = {
    "hendra": {"name": "Ir. Hendra Wijaya", "role": "kepala_biro",
               "emails": ["Hendra@Setneg.go.id"], "signing_keys": ["ssh-ed25519 AAAAC3 h"]},
    "ratna": {"name": "Ratna", "role": "kepala_bagian", "emails": ["ratna@setneg.go.id"],
              "acting_head": [{"from": "2026-11-20", "until": "2026-11-24", "basis": "SP-1"}]},
    "bot": {"name": "Bot", "role": "bot", "emails": ["bot@setneg.go.id"],
            "signing_keys": ["ssh-ed25519 AAAAB bot"]},
}


def test_people_are_found_by_address_whatever_its_case() -> None:
    people = People(STAFF)
    hendra = people.by_email(" hendra@SETNEG.go.id")
    assert hendra is not None and hendra.id == "hendra"
    assert people.by_email("kepala.biro@setneg.go.id") is None
    trailer = people.from_trailer("Kepala Biro <hendra@setneg.go.id>")
    assert trailer is hendra
    assert people.from_trailer("Ir. Hendra Wijaya") is None  # a name proves nothing


def test_an_acting_head_approves_only_inside_the_dates() -> None:
    ratna = People(STAFF).by_id["ratna"]
    assert ratna.heads_at(datetime(2026, 11, 24, 16, 0, tzinfo=WIB))
    assert not ratna.heads_at(datetime(2026, 11, 25, 8, 0, tzinfo=WIB))
    assert not ratna.heads_at(datetime(2026, 11, 19, 23, 59, tzinfo=WIB))


def test_allowed_signers_name_staff_by_id_and_leave_bots_out() -> None:
    assert People(STAFF).allowed_signers() == 'hendra namespaces="git" ssh-ed25519 AAAAC3 h\n'
