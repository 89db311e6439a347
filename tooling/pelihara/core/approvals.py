"""Approvals are proven: who may approve what, never one's own request, and how git proves it.

Pure core. A record states approvals (a disposisi's `by`, a hold's `approved_by`, a late
recording's `late_recording.approved_by`, a plan's `approval.by`, a complaint routing's
`approval.by`, and the same fields set by a `correction`). Each one:
- names a registered person who is no bot;
- for a disposisi, hold, resume, plan or routing: the Kepala Biro, or an acting head
  registered for that date (`acting_head:` in registry/staff.yaml);
- is never given by the person who asked for it (a hold's `by`) or recorded it (the author of
  the commit that added it): a late recording or a hold needs a second person;
- is proven by git: the approver authored the commit that added it, or signed that commit with
  a key registered under their `signing_keys:` (verified by git itself), or the merge commit
  that brought it to the main line carries `Approved-by: Name <email>` for them.
The caller (the check edge) finds the commits and signatures; this module decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pelihara.core.people import BOT_ROLE, People, Person
from pelihara.core.text import Text
from pelihara.core.timeparse import parse_time


class What(StrEnum):
    DISPOSISI = "disposisi"
    HOLD = "hold"
    RESUME = "resume"
    LATE_RECORDING = "late_recording"
    PLAN = "plan"
    ROUTING = "routing"


def _what(what: What) -> Text:
    """The standard's own word for an approval (`approval.what.<kind>` in the catalogue), as
    messages name it."""
    return Text(f"approval.what.{what.value}")


NEEDS_HEAD = frozenset({What.DISPOSISI, What.HOLD, What.RESUME, What.PLAN, What.ROUTING})
SECOND_PERSON = frozenset({What.HOLD, What.LATE_RECORDING})
"""Approvals the recorder may not give: the recorder asks, someone else approves."""


@dataclass(frozen=True)
class Approval:
    what: What
    approver: str
    at: datetime
    path: tuple[str | int, ...]
    """JSON path of the approver field, for the finding's position."""
    event: int | None = None
    """0-based index of the event that states it (None: a plan's approval)."""
    asker: str | None = None


@dataclass(frozen=True)
class Proof:
    """What git says about the commit that added an approval (None: not committed yet)."""

    recorder: Person | None
    signer: Person | None = None
    trailers: tuple[Person, ...] = ()

    def proves(self, person: Person) -> bool:
        return person in (self.recorder, self.signer) or person in self.trailers


@dataclass(frozen=True)
class Problem:
    code: str
    path: tuple[str | int, ...]
    params: dict[str, Any]
    error: bool = True


_EVENT_FIELDS = {"assigned": ("by", What.DISPOSISI), "held": ("approved_by", What.HOLD),
                 "resumed": ("approved_by", What.RESUME)}


def case_approvals(events: Sequence[Any]) -> list[Approval]:
    """Every approval stated by a case's events (raw, schema-valid data)."""
    out: list[Approval] = []
    for index, raw in enumerate(events):
        if not isinstance(raw, dict):
            continue
        at = _time(raw.get("at"))
        if at is None:
            continue
        kind = raw.get("event")
        where: tuple[str | int, ...] = ("events", index)
        field = _EVENT_FIELDS.get(str(kind))
        if field and isinstance(raw.get(field[0]), str):
            asker = raw.get("by") if field[1] is What.HOLD else None
            out.append(Approval(field[1], raw[field[0]], at, (*where, field[0]), index, asker))
        late = raw.get("late_recording")
        if isinstance(late, dict) and isinstance(late.get("approved_by"), str):
            out.append(Approval(What.LATE_RECORDING, late["approved_by"], at,
                                (*where, "late_recording", "approved_by"), index))
        if kind == "correction":
            out.extend(_corrected(events, raw, index, at))
    return out


def _corrected(events: Sequence[Any], raw: dict[str, Any], index: int,
               at: datetime) -> Iterable[Approval]:
    """A correction that sets an approval field states that approval anew."""
    changes, target = raw.get("changes"), raw.get("refers_to")
    if not isinstance(changes, dict) or not isinstance(target, int) \
            or not 1 <= target <= index or not isinstance(events[target - 1], dict):
        return
    kind = str(events[target - 1].get("event"))
    field = _EVENT_FIELDS.get(kind)
    if field and isinstance(changes.get(field[0]), str):
        asker = changes.get("by", events[target - 1].get("by")) \
            if field[1] is What.HOLD else None
        yield Approval(field[1], changes[field[0]], at,
                       ("events", index, "changes", field[0]), index, asker)


def complaint_approvals(events: Sequence[Any]) -> list[Approval]:
    out = []
    for index, raw in enumerate(events):
        approval = raw.get("approval") if isinstance(raw, dict) else None
        if isinstance(approval, dict) and isinstance(approval.get("by"), str):
            at = _time(approval.get("at")) or _time(raw.get("at"))
            if at is not None:
                out.append(Approval(What.ROUTING, approval["by"], at,
                                    ("events", index, "approval", "by"), index))
    return out


def plan_approval(data: Any) -> Approval | None:
    approval = data.get("approval") if isinstance(data, dict) else None
    if not isinstance(approval, dict) or not isinstance(approval.get("by"), str):
        return None
    at = _time(approval.get("at"))
    return None if at is None else Approval(What.PLAN, approval["by"], at,
                                            ("approval", "by"))


def judge_roles(approval: Approval, people: People) -> list[Problem]:
    """Who may give this approval: a registered person, no bot, the head where the approval
    needs one, never the one who asked for it. Needs no git: plain `check` runs it."""
    person = people.get(approval.approver)
    where = approval.path
    if person is None:
        return [Problem("approval.unknown", where, {"who": approval.approver})]
    name = person.name
    if person.role == BOT_ROLE:
        return [Problem("approval.bot", where, {"who": name})]
    out = []
    if approval.what in NEEDS_HEAD and not person.heads_at(approval.at):
        out.append(Problem("approval.not_head", where, {
            "who": name, "role": person.role, "what": _what(approval.what)}))
    if approval.asker is not None and approval.asker == person.id:
        out.append(Problem("approval.self", where, {"who": name, "what": _what(approval.what)}))
    return out


def judge_proof(approval: Approval, people: People, proof: Proof | None,
                required: bool) -> list[Problem]:
    """Whether git proves an approval whose roles are in order. `proof` None: not committed
    yet. `required`: on the main line an unproven approval is an error; in a merge request
    it is a warning that says who must still approve."""
    person = people.get(approval.approver)
    if person is None:
        return []
    where, name = approval.path, person.name
    if approval.what in SECOND_PERSON and proof is not None and proof.recorder == person:
        return [Problem("approval.recorded_by_approver", where, {
            "who": name, "what": _what(approval.what)})]
    if proof is None or not proof.proves(person):
        email = person.emails[0] if person.emails else "-"
        return [Problem("approval.unproven", where, {
            "who": name, "email": email, "what": _what(approval.what)}, required)]
    return []


def _time(value: Any) -> datetime | None:
    try:
        return parse_time(str(value)) if value is not None else None
    except ValueError:
        return None
