"""People, not strings: who the staff registry says each person is, and who may approve.

Pure core. `registry/staff.yaml` lists for each person the addresses they commit with
(`emails:`), the SSH keys they sign commits with (`signing_keys:`) and any period in which
they act as Kepala Biro (`acting_head:` with dates and the basis of the appointment). CI and
bot writers are registered too, with role `bot`: a commit author who is not in the registry
is no one the audit trail can name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pelihara.core.timeparse import WIB

HEAD_ROLE = "kepala_biro"
BOT_ROLE = "bot"
_TRAILER = re.compile(r"<\s*([^<>\s]+)\s*>")


@dataclass(frozen=True)
class Acting:
    start: date
    end: date | None
    """Inclusive; None: until further notice."""
    basis: str

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str
    emails: tuple[str, ...] = ()
    """Lower-cased."""
    signing_keys: tuple[str, ...] = ()
    acting: tuple[Acting, ...] = ()
    grade: str | None = None
    """Jenjang (a key of standard.yaml's `grades:`), for C.1.c."""

    def heads_at(self, moment: datetime) -> bool:
        """Kepala Biro, or acting head on the WIB date of `moment` (aware)."""
        if self.role == HEAD_ROLE:
            return True
        day = moment.astimezone(WIB).date()
        return any(a.covers(day) for a in self.acting)


class People:
    """The staff registry as lookups by id and by commit e-mail."""

    def __init__(self, staff: Mapping[str, Mapping[str, Any]]) -> None:
        self.by_id: dict[str, Person] = {}
        self._by_email: dict[str, Person] = {}
        for ident, raw in staff.items():
            person = _person(str(ident), raw)
            self.by_id[person.id] = person
            for email in person.emails:
                self._by_email.setdefault(email, person)

    def get(self, ident: Any) -> Person | None:
        return self.by_id.get(ident) if isinstance(ident, str) else None

    def heads_at(self, ident: Any, moment: datetime) -> bool:
        """`ident` is the Kepala Biro, or the acting head on the WIB date of `moment`."""
        person = self.get(ident)
        return person is not None and person.heads_at(moment)

    def heading_at(self, moment: datetime) -> list[str]:
        """Who may approve as head at `moment`, by id (for messages)."""
        return sorted(p.id for p in self.by_id.values() if p.heads_at(moment))

    def by_email(self, email: str) -> Person | None:
        return self._by_email.get(email.strip().lower())

    def duplicate_emails(self) -> list[tuple[str, str, str]]:
        """(email, first owner, second owner): an address must name one person."""
        seen: dict[str, str] = {}
        out = []
        for person in self.by_id.values():
            for email in person.emails:
                if email in seen and seen[email] != person.id:
                    out.append((email, seen[email], person.id))
                seen.setdefault(email, person.id)
        return out

    def from_trailer(self, value: str) -> Person | None:
        """The person an `Approved-by: Name <email>` trailer names, by its address."""
        match = _TRAILER.search(value)
        return self.by_email(match.group(1)) if match else None

    def allowed_signers(self) -> str:
        """git's `gpg.ssh.allowedSignersFile` text: one line per key, the staff id as the
        principal, for commit signatures only (namespace "git")."""
        lines = [f'{p.id} namespaces="git" {key.strip()}'
                 for p in self.by_id.values() if p.role != BOT_ROLE
                 for key in p.signing_keys if key.strip()]
        return "".join(f"{line}\n" for line in lines)


def _person(ident: str, raw: Mapping[str, Any]) -> Person:
    acting = []
    for item in raw.get("acting_head") or []:
        if isinstance(item, Mapping):
            try:
                start = date.fromisoformat(str(item.get("from")))
                end = date.fromisoformat(str(item["until"])) if item.get("until") else None
            except ValueError:
                continue  # the schema reports the bad date
            acting.append(Acting(start, end, str(item.get("basis", ""))))
    grade = raw.get("grade")
    return Person(ident, str(raw.get("name", ident)), str(raw.get("role", "")),
                  tuple(_strings(raw.get("emails"), lower=True)),
                  tuple(_strings(raw.get("signing_keys"))), tuple(acting),
                  grade if isinstance(grade, str) else None)


def _strings(value: Any, lower: bool = False) -> Iterable[str]:
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str) and item.strip():
            yield item.strip().lower() if lower else item.strip()
