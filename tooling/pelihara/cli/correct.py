"""`pelihara correct CASE EVENT --reason … --set FIELD=VALUE … [--commit]`: record a correction.

History is append-only: a recorded fact is never edited in place. A `correction` event names
the event it corrects (`refers_to`, its number as the case page and `check` show it) and the
fields it changes (`changes`); the workflow, the SLA, the site and the reports all read the
corrected values. This command builds that event from its options, checks the result like
every write command before anything is written, and with `--commit` makes one commit
(`PML-…: correction of event 3 (analysed)`).

`--set memo.date=2026-11-05` changes one field of a nested record: the correction carries the
whole corrected memo, because a correction replaces a field of the event as a whole.
"""

from __future__ import annotations

import argparse
import copy
from typing import Any

from pelihara.cli import write
from pelihara.cli.common import (
    TIME_FORM,
    add_common,
    add_now,
    invocation,
    locked,
    parse_user_date,
    parse_user_time,
)
from pelihara.cli.write_speech import Part
from pelihara.core.errors import PeliharaError
from pelihara.core.model import Case
from pelihara.core.text import Text
from pelihara.core.timeparse import iso
from pelihara.records import casewrite, yamlio
from pelihara.records.repo import Repository

LISTS = frozenset({"officers", "components", "tembusan", "attendees", "attachments"})
TIMES = frozenset({("at",), ("meeting", "date")})
DATES = frozenset({("memo", "date"), ("letter", "date")})
FIXED = frozenset({"event", "refers_to", "changes", "documents"})
"""Fields a correction cannot change: what the event is, what it corrects, and the evidence
files, which are referenced by their SHA-256 and added with --attach on a later event."""


def register(sub: Any) -> None:
    parser = add_common(sub.add_parser(
        "correct", help="help.correct.correct",
        description="help.correct.correct.description",
        epilog="help.correct.correct.epilog"))
    parser.add_argument("case", metavar="KASUS", help="help.correct.case")
    parser.add_argument("event", metavar="PERISTIWA", type=int,
                        help="help.correct.event")
    required = write.required_group(parser)
    required.add_argument("--by", help="help.correct.by")
    required.add_argument("--reason", help="help.correct.reason")
    required.add_argument("--set", action="append", metavar="KOLOM=NILAI", dest="changes",
                          help="help.correct.set")
    parser.add_argument("--at", metavar="ISO",
                        help=Text("help.correct.at", form=TIME_FORM))
    parser.add_argument("--commit", action="store_true", help="help.complaint.commit")
    parser.add_argument("--json", action="store_true", help="help.json")
    add_now(parser)
    parser.set_defaults(func=locked(run))


def run(args: argparse.Namespace) -> int:
    repo, now, _ = invocation(args)
    path, rel, old_text, before = write.existing_case(repo, args.case, now, args)
    if before.is_final(repo.standard):  # a closed case is frozen (check --base refuses it)
        raise PeliharaError("workflow.after_final", {"event": "correction",
                                                     "state": before.state})
    case = Case.from_data(yamlio.parse(old_text, rel).data, rel)
    target = _target(case, args.event)
    known = _correctable(repo)
    changes: dict[str, Any] = {}
    for text in args.changes or []:
        keys, value = _assignment(text, known)
        _apply(changes, target, keys, value)
    event: dict[str, Any] = {"event": "correction", "at": iso(write.event_time(args, now))}
    if args.by:
        event["by"] = args.by
    event["refers_to"] = args.event
    if args.reason:
        event["reason"] = write.clean(args.reason)
    if changes:
        event["changes"] = changes
    text = casewrite.append_event(old_text, event, rel)
    kind = target.get("event", "?") if target else "?"
    said: dict[tuple[str, ...], tuple[str, ...]] = {(k,): (f"--set {k}",) for k in changes}
    parts = [Part(("events", len(case.events)), {("changes", *k): v for k, v in said.items()})]
    if target is not None:  # the checks read the corrected values at the corrected event
        parts.append(Part(("events", args.event - 1), said, frozenset(changes)))
    return write.finish(args, repo, path, text, f"correction of event {args.event} ({kind})",
                        now, parts, "correct", f"koreksi peristiwa {args.event}",
                        original=old_text)


def _target(case: Case, number: int) -> dict[str, Any] | None:
    """The event as it reads now (earlier corrections applied); None when there is none, so
    the check names the bad number (`workflow.bad_correction`)."""
    if not 1 <= number <= len(case.events):
        return None
    index = number - 1
    for event in case.effective_events():
        if event.index == index:
            return dict(event.fields)
    return dict(case.events[index].fields)  # a correction or a note: the check refuses it


def _correctable(repo: Repository) -> list[str]:
    """The event fields a correction may set: the case schema's, but the fixed ones."""
    schema = repo.schemas.schemas.get("case.schema.json", {})
    fields = schema.get("$defs", {}).get("event", {}).get("properties", {})
    return [name for name in fields if name not in FIXED]


def _assignment(text: str, known: list[str]) -> tuple[tuple[str, ...], str]:
    name, sep, value = text.partition("=")
    keys = tuple(k.strip() for k in name.split(".")) if sep else ()
    if not keys or not all(keys) or not value.strip():
        raise PeliharaError("write.bad_set", {"value": text})
    if keys[0] in FIXED:
        raise PeliharaError("write.set_fixed", {"field": keys[0]})
    if keys[0] not in known:
        raise PeliharaError("write.set_unknown", {"field": keys[0], "known": ", ".join(known)})
    return keys, value.strip()


def _apply(changes: dict[str, Any], target: dict[str, Any] | None, keys: tuple[str, ...],
           text: str) -> None:
    """`changes[keys[0]]` with the value at `keys` replaced. A nested record is copied whole
    from the event as it reads now, so the memo's other fields stay as they were."""
    value = _typed(keys, text)
    top = keys[0]
    if len(keys) == 1:
        changes[top] = value
        return
    current = changes.get(top, copy.deepcopy((target or {}).get(top)))
    node = current if isinstance(current, dict) else {}
    changes[top] = node
    for key in keys[1:-1]:
        child = node.get(key)
        node[key] = child if isinstance(child, dict) else {}
        node = node[key]
    node[keys[-1]] = value


def _typed(keys: tuple[str, ...], text: str) -> Any:
    """The value as the event holds it: times and dates in their one form, lists as lists,
    a test result as {result, notes}; any other value as text."""
    option = f"--set {'.'.join(keys)}"
    if keys in TIMES:
        return iso(parse_user_time(text, option))
    if keys in DATES:
        return parse_user_date(text, option)
    if keys[-1] in LISTS:
        return [v.strip() for v in text.split(",") if v.strip()]
    if keys[0] == "tests" and len(keys) == 2:
        return write.trial(f"{keys[1]}={text}")[1]
    return write.clean(text)
