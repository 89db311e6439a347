"""`pelihara complaint new|route|follow-up|discuss|close|note`: complaints (section H) moved
the same way cases are: each command appends one event, checks the would-be file with the
rules of `pelihara check` before anything is written, writes atomically, and with `--commit`
makes one commit (`KLH-…: routed → followed_up`)."""

from __future__ import annotations

import argparse
import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

from pelihara.cli import write_speech
from pelihara.cli.common import (
    TIME_FORM,
    add_common,
    add_now,
    announce_write,
    invocation,
    lang,
    locked,
    parse_user_time,
)
from pelihara.cli.write import required_group
from pelihara.cli.write_speech import Part
from pelihara.core import complaints
from pelihara.core.errors import PeliharaError
from pelihara.core.findings import Severity
from pelihara.core.people import People
from pelihara.core.text import Text
from pelihara.core.timeparse import iso, to_wib
from pelihara.i18n import tr
from pelihara.records import casewrite, writelock, yamlio
from pelihara.records.files import refuse_errors, would_accept
from pelihara.records.gitio import Git
from pelihara.records.repo import Repository

SCHEMA = "complaint.schema.json"


def register(sub: Any) -> None:
    parser = sub.add_parser("complaint", help="help.complaint.complaint")
    actions = parser.add_subparsers(dest="verb", metavar="AKSI")
    actions.required = True

    new = _command(actions, "new", "help.complaint.new", with_id=False)
    new.add_argument("--type", required=True, choices=complaints.KINDS, help="help.complaint.type")
    new.add_argument("--title", required=True, help="help.complaint.title")
    new.add_argument("--unit", required=True, help="help.complaint.unit")
    new.add_argument("--case", help="help.complaint.case")
    new.add_argument("--application", help="help.complaint.application")
    new.add_argument("--complainant", help="help.complaint.complainant")
    new.add_argument("--description", help="help.complaint.description")
    new.add_argument("--channel", default="memo",
                     choices=("memo", "surat", "email", "telepon", "langsung", "situs"))

    route = _command(actions, "route", "help.complaint.route")
    _required(route).add_argument("--to", help="help.complaint.to")
    route.add_argument("--direct", action="store_true",
                       help="help.complaint.direct")
    route.add_argument("--approved-by", help="help.complaint.approved_by")
    route.add_argument("--approved-at", metavar="ISO", help="help.complaint.approved_at")
    route.add_argument("--reference", help="help.complaint.reference")

    follow = _command(actions, "follow-up", "help.complaint.follow_up")
    _required(follow).add_argument("--action", action="append", help="help.complaint.action")

    discuss = _command(actions, "discuss", "help.complaint.discuss")
    _required(discuss).add_argument("--minutes", help="help.complaint.minutes")
    _required(discuss).add_argument("--attendee", action="append", help="help.complaint.attendee")
    discuss.add_argument("--meeting-date", metavar="ISO", help="help.complaint.meeting_date")
    discuss.add_argument("--case", help="help.complaint.discuss.case")

    close = _command(actions, "close", "help.complaint.close")
    _required(close).add_argument("--resolution", help="help.complaint.resolution")

    note = _command(actions, "note", "help.complaint.note_command")
    _required(note).add_argument("--note", help="help.complaint.note")


def _required(parser: argparse.ArgumentParser) -> Any:
    """The parser's "opsi wajib" section, made once (`write.required_group`)."""
    for group in parser._action_groups:
        if group.title == tr("write.group.required", getattr(parser, "lang", "id")):
            return group
    return required_group(parser)


def _command(actions: Any, name: str, helptext: str, with_id: bool = True) -> Any:
    parser = add_common(actions.add_parser(name, help=helptext))
    if with_id:
        parser.add_argument("complaint", metavar="PENGADUAN", help="help.complaint.id")
    # A new complaint has no move to judge, so argparse may check its options; on an existing
    # one an illegal move is said first, so the command checks them after it (write.py).
    target = _required(parser) if with_id else parser
    target.add_argument("--by", required=not with_id, help="help.complaint.by")
    parser.add_argument("--at", metavar="ISO",
                        help=Text("help.at", form=TIME_FORM))
    parser.add_argument("--commit", action="store_true", help="help.complaint.commit")
    parser.add_argument("--json", action="store_true", help="help.json")
    add_now(parser)
    parser.set_defaults(func=locked(run))
    return parser


EVENT_OF = {"route": "routed", "follow-up": "followed_up", "discuss": "discussed",
            "close": "closed", "note": "note"}


def run(args: argparse.Namespace) -> int:
    repo, now, _ = invocation(args)
    at = parse_user_time(args.at, "--at") if args.at else now.replace(second=0, microsecond=0)
    git = Git(repo.root) if args.commit else None
    old: str | None = None
    if args.verb == "new":
        ident, text, label = _new(repo, args, at)
    else:
        ident = args.complaint
        path = _find(repo, ident)
        rel = repo.rel(path)
        # not UTF-8, bad YAML, a symlink: the file and the fix
        existing = yamlio.load_file(path, rel, repo.root)
        old = existing.text
        refuse_errors(would_accept(repo, rel, old, now))  # empty, not a complaint
        events = existing.data.get("events", [])
        before = complaints.replay(events, repo.registries.people)
        kind = EVENT_OF[args.verb]
        _refuse_illegal_move(events, {"event": kind, "at": iso(at)})
        event = _drop_none({"event": kind, "at": iso(at), "by": args.by, **_fields(args, at)})
        text = casewrite.append_event(old, event, rel)
        label = f"{before.state or '∅'} → {event['event']}"
    rel = f"complaints/{ident.split('-')[1][:4]}/{ident}.yaml"
    doc = yamlio.parse(text, rel)
    errors = [f for f in would_accept(repo, rel, text, now) if f.severity is Severity.ERROR]
    if errors:  # in the command's options, never a line of the file it did not write
        last = len(doc.data["events"]) - 1
        parts = [Part(()), Part(("events", 0))] if args.verb == "new" else []
        kept, said = write_speech.speak(
            errors, doc, [*parts, Part(("events", last), COMPLAINT_OPTIONS)],
            f"complaint {args.verb}", f"pelihara complaint {args.verb}")
        write_speech.report(kept, said, lang(args))
        return 1
    writelock.write_record(repo.root, repo.root / rel, text, old)
    message = f"{ident}: {label}"
    commit = git.commit_file(repo.root / rel, message) if git is not None else None
    return announce_write(args, "complaint", ident, rel, message, commit)


def _new(repo: Repository, args: argparse.Namespace, at: datetime) -> tuple[str, str, str]:
    if args.case and repo.find_case_file(args.case) is None:
        raise PeliharaError("complaint.unknown_case", {"case": args.case})
    folder = repo.root / "complaints" / f"{to_wib(at):%Y}"
    ident = casewrite.new_id("KLH", at, {p.stem for p in folder.glob("KLH-*.yaml")},
                           secrets.randbelow)
    data: dict[str, Any] = {"id": ident, "type": args.type, "title": _clean(args.title),
                            "unit": args.unit}
    for key in ("description", "complainant", "case", "application"):
        if getattr(args, key):
            data[key] = _clean(getattr(args, key))
    event = {"event": "received", "at": iso(at), "by": args.by, "channel": args.channel}
    rel = f"complaints/{to_wib(at):%Y}/{ident}.yaml"
    text = casewrite.record_text(rel, SCHEMA, data) + "events:\n" + \
        "\n".join(casewrite.render_event(event, 2)) + "\n"
    return ident, text, "∅ → received"


COMPLAINT_OPTIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("to",): ("--to",), ("via",): ("--direct",), ("approval",): ("--approved-by",),
    ("approval", "by"): ("--approved-by",), ("approval", "at"): ("--approved-at",),
    ("approval", "reference"): ("--reference",), ("actions",): ("--action",),
    ("meeting", "case"): ("--case",), ("resolution",): ("--resolution",),
    ("channel",): ("--channel",), ("type",): ("--type",), ("complainant",): ("--complainant",),
    ("case",): ("--case",)}
"""A complaint's fields → the options of `pelihara complaint` that write them, where they
differ from a case event's (`write_speech.OPTIONS`)."""


def _refuse_illegal_move(events: list[Any], bare: dict[str, Any]) -> None:
    """Routing a closed complaint is said first and alone: no option mends it."""
    index = len(events)
    # Only the move itself is judged here, not who approved it: nobody needs to be registered.
    for problem in complaints.replay([*events, bare], People({})).problems:
        if problem.index == index and problem.code in ("complaint.after_closed",
                                                       "complaint.illegal_transition"):
            raise PeliharaError(problem.code, dict(problem.params))


def _fields(args: argparse.Namespace, at: datetime) -> dict[str, Any]:
    """The event's fields from the options given (None where one is missing: the check then
    names the option)."""
    if args.verb == "route":
        approved_at = parse_user_time(args.approved_at, "--approved-at") if args.approved_at else at
        approval = _drop_none({"by": args.approved_by or args.by, "at": iso(approved_at),
                               "reference": _clean(args.reference) if args.reference else None})
        return {"via": "langsung" if args.direct else "kepala_biro",
                "to": [v.strip() for v in args.to.split(",") if v.strip()] if args.to else None,
                "approval": approval}
    if args.verb == "follow-up":
        return {"actions": [_clean(a) for a in args.action] if args.action else None}
    if args.verb == "discuss":
        meeting: dict[str, Any] = _drop_none({
            "date": iso(parse_user_time(args.meeting_date, "--meeting-date")
                        if args.meeting_date else at),
            "attendees": [_clean(a) for a in args.attendee] if args.attendee else None,
            "minutes": _clean(args.minutes) if args.minutes else None, "case": args.case})
        return {"meeting": meeting}
    if args.verb == "close":
        return {"resolution": _clean(args.resolution) if args.resolution else None}
    return {"note": _clean(args.note) if args.note else None}


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _find(repo: Repository, ident: str) -> Path:
    parts = ident.split("-")
    if len(parts) == 3 and len(parts[1]) == 8:
        path = repo.root / "complaints" / parts[1][:4] / f"{ident}.yaml"
        if os.path.lexists(path):  # whatever stands there: reading it says what it is
            return path
    raise PeliharaError("complaint.unknown", {"complaint": ident})


def _clean(value: str) -> str:
    return " ".join(str(value).split())
