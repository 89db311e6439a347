"""`pelihara new`, `advance`, `hold`, `resume`, `cancel`: move a case without hand-editing YAML.

Each command builds the new file text, checks it with the schema and workflow rules of
`pelihara check` BEFORE anything is written, writes it atomically, and with `--commit` makes
exactly one commit (`PML-…: analysed → vendor_notified`). Nothing is written when the result
would not pass.

The order of what a refused command says: a move the workflow does not allow (skipping B.3,
holding a closed case) first and alone, since no option can mend it; then what the options
lack or got wrong, in the options' own names (`write_speech.py`).
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence
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
    is_path,
    lang,
    locate,
    locked,
    parse_user_date,
    parse_user_time,
)
from pelihara.cli.write_speech import Part
from pelihara.core.errors import PeliharaError
from pelihara.core.findings import Finding, Severity
from pelihara.core.model import Case
from pelihara.core.rules.context import finding_at
from pelihara.core.sla import late_problems
from pelihara.core.text import Text
from pelihara.core.timeparse import iso, to_wib
from pelihara.core.workflow import Replay, replay, transition_label
from pelihara.i18n import tr
from pelihara.records import casewrite, evidence_store, nofollow, writelock, yamlio
from pelihara.records.files import would_accept
from pelihara.records.gitio import Git
from pelihara.records.load import Skipped, load_case
from pelihara.records.repo import Repository, case_path


def required_group(parser: argparse.ArgumentParser, title: str = "write.group.required") -> Any:
    """The `--help` section of options a command cannot do without (`title`: its catalogue
    code). argparse's own `required=True` would be checked before the move itself (see the
    module doc), so the command checks them after it, and says what is missing in the options'
    names."""
    return parser.add_argument_group(tr(title, getattr(parser, "lang", "id")))

EVENT_NEEDS: dict[str, tuple[str, ...]] = {
    "received": ("by",),
    "assigned": ("by", "officers"),
    "analysed": ("by", "severity", "findings"),
    "vendor_notified": ("by", "vendor", "letter", "tembusan"),
    "coordinated": ("meeting",),
    "vendor_analysed": ("findings",),
    "repaired": ("by", "tests"),
    "reported": ("by", "report"),
    "restored": ("by", "confirmed_by"),
    "escalated": ("by", "reason"),
    "note": ("by", "note"),
    "held": ("by", "reason", "approved_by"),
    "resumed": ("by",),
    "cancelled": ("by", "reason"),
}
"""The fields each event `advance`, `hold`, `resume` and `cancel` write must carry: the case
schema's required fields plus the evidence the standard asks of the step in every version
(`tests/test_write_speech.py` keeps them in step). Shown in `--help` with each option. The
supporting documents of B.9 depend on the case's version, so `--attach` says so itself."""

MOVES = frozenset({"workflow.illegal_transition", "workflow.after_final",
                   "workflow.while_held", "workflow.already_held", "workflow.not_held",
                   "workflow.bad_escalation"})
"""Workflow findings about the move itself, said before anything about its fields."""


def needed_options(kind: str) -> list[str]:
    """The options an event of `kind` cannot do without, in `EVENT_NEEDS` order."""
    return [o for f in EVENT_NEEDS.get(kind, ()) for o in write_speech.OPTIONS[(f,)]]


def _needed_by(option: str, kinds: Sequence[str]) -> Text | None:
    """' (wajib untuk reported)' for the help of `option`, from `EVENT_NEEDS`."""
    needing = [k for k in kinds if any(o.split()[0] == option for o in needed_options(k))]
    if not needing:
        return None
    if len(needing) > len(kinds) / 2:
        others = [k for k in kinds if k not in needing]
        return Text("help.needed.except", kinds=", ".join(others)) if others else \
            Text("help.needed.all")
    return Text("help.needed.for", kinds=", ".join(needing))


def register(sub: Any) -> None:
    new = add_common(sub.add_parser(
        "new", help="help.write.new",
        description="help.write.new.description",
        epilog="help.write.new.epilog"))
    always = required_group(new)
    always.add_argument("--title", required=True, help="help.write.title")
    always.add_argument("--application", required=True,
                        help="help.write.application")
    always.add_argument("--unit", required=True,
                        help="help.write.unit")
    memo = required_group(new, "write.group.memo")
    memo.add_argument("--memo-number", help="help.write.memo_number")
    memo.add_argument("--memo-date", help="help.write.memo_date")
    memo.add_argument("--memo-sender", help="help.write.memo_sender")
    memo.add_argument("--memo-to", metavar="PEGAWAI",
                      help="help.write.memo_to")
    monitoring = required_group(new, "write.group.monitoring")
    monitoring.add_argument("--monitoring", metavar="TEMUAN",
                            help="help.write.monitoring")
    monitoring.add_argument("--by", help="help.write.by")
    new.add_argument("--monitoring-record", help="help.write.monitoring_record")
    new.add_argument("--contact", help="help.write.contact")
    new.add_argument("--description", help="help.write.description")
    new.add_argument("--confidential", action="store_true",
                     help="help.write.confidential")
    new.add_argument("--received-at", metavar="ISO",
                     help=Text("help.write.received_at", form=TIME_FORM))
    _common(new, Text("help.write.new.at", form=TIME_FORM))
    new.set_defaults(func=locked(run_new))

    kinds = [k for k in EVENT_NEEDS if k not in ("held", "resumed", "cancelled")]
    advance = add_common(sub.add_parser(
        "advance", help="help.write.advance",
        epilog="help.write.advance.epilog"))
    advance.add_argument("case", metavar="KASUS", help="help.correct.case")
    advance.add_argument("step", metavar="LANGKAH",
                         help="help.write.step")
    add_event_fields(advance, kinds)
    _common(advance, attach_note=Text("help.write.attach_b9"))
    advance.set_defaults(func=locked(run_event), kind=None)

    for name, kind in (("hold", "held"), ("resume", "resumed"), ("cancel", "cancelled")):
        parser = add_common(sub.add_parser(name, help=f"help.write.{name}"))
        parser.add_argument("case", metavar="KASUS", help="help.write.case")
        required = required_group(parser)
        required.add_argument("--by", help="help.write.required.by")
        if name == "hold":
            required.add_argument("--reason", help="help.write.required.reason")
            required.add_argument("--approved-by", help="help.write.approved_by")
        if name == "cancel":
            required.add_argument("--reason", help="help.write.required.reason_2",
                                  choices=("duplikat", "bukan_kerusakan", "ditarik", "lainnya"))
            parser.add_argument("--duplicate-of", help="help.write.duplicate_of")
        parser.add_argument("--note", help="help.complaint.note")
        _common(parser)
        parser.set_defaults(func=locked(run_event), kind=kind, step=None)


EXTRA_EVENTS = ("escalated", "note")
"""Events `advance` records besides the standard's states."""
LIST_FIELDS = ("officers", "components", "tembusan")


def add_event_fields(parser: argparse.ArgumentParser, kinds: Sequence[str]) -> None:
    """The evidence each step records; each option's help says for which events it is
    required (from `EVENT_NEEDS`, the same table the refusals speak from)."""
    def add(option: str, **kwargs: Any) -> None:
        needed = _needed_by(option, kinds)
        if needed is not None:
            kwargs["help"] = Text("help.needed", text=Text(kwargs["help"]), needed=needed)
        parser.add_argument(option, **kwargs)

    add("--by", help="help.write.add.by")
    add("--officers", help="help.write.officers")
    add("--severity", choices=("ringan", "berat"), help="help.write.severity")
    add("--findings", help="help.write.findings")
    add("--components", help="help.write.components")
    add("--vendor", help="help.write.vendor")
    add("--letter-number", help="help.write.letter_number")
    add("--letter-date", help="help.write.letter_date")
    add("--tembusan", help="help.write.tembusan")
    add("--meeting-date", help="help.write.meeting_date")
    add("--attendee", action="append", help="help.write.attendee")
    add("--minutes", help="help.write.minutes")
    add("--cause", help="help.write.cause")
    add("--test", action="append", metavar="X=HASIL[:CATATAN]",
        help="help.write.test")
    add("--report-number", help="help.write.report_number")
    add("--summary", help="help.write.summary")
    add("--attachment", action="append", help="help.write.attachment")
    add("--confirmed-by", help="help.write.confirmed_by")
    add("--reason", help="help.write.reason")
    add("--late-reason", help="help.write.late_reason")
    add("--note", help="help.complaint.note")


def event_fields(args: argparse.Namespace) -> dict[str, Any]:
    """Event fields from the options given; the check then says what is missing."""
    def get(name: str) -> Any:
        return getattr(args, name, None)

    out: dict[str, Any] = {}
    for name in LIST_FIELDS:
        if get(name):
            out[name] = [v.strip() for v in get(name).split(",") if v.strip()]
    for name in ("severity", "findings", "vendor", "cause", "confirmed_by", "reason",
                 "approved_by", "duplicate_of", "late_reason", "note"):
        if get(name):
            out[name] = clean(get(name))
    if get("letter_number") or get("letter_date"):
        day = parse_user_date(get("letter_date"), "--letter-date") if get("letter_date") else None
        out["letter"] = _drop_empty({"number": get("letter_number"), "date": day})
    if get("meeting_date") or get("attendee") or get("minutes"):
        held = get("meeting_date")
        held = iso(parse_user_time(held, "--meeting-date")) if held else None
        out["meeting"] = _drop_empty({"date": held, "attendees": get("attendee"),
                                      "minutes": get("minutes")})
    if get("test"):
        out["tests"] = dict(trial(text) for text in get("test"))
    if get("report_number") or get("summary") or get("attachment"):
        out["report"] = _drop_empty({"number": get("report_number"), "summary":
                                     clean(get("summary")), "attachments": get("attachment")})
    return out


def trial(text: str) -> tuple[str, dict[str, str]]:
    """`a=lulus:notes` → ("a", {"result": "lulus", "notes": "notes"})."""
    name, _, rest = text.partition("=")
    result, _, notes = rest.partition(":")
    if name.strip() not in ("a", "b", "c") or result.strip() not in ("lulus", "gagal"):
        raise PeliharaError("write.bad_test", {"value": text})
    return name.strip(), _drop_empty({"result": result.strip(), "notes": clean(notes)})


AT_HELP = Text("help.at", form=TIME_FORM)


def _common(parser: argparse.ArgumentParser, at_help: Text = AT_HELP,
            attach_note: Text | None = None) -> None:
    parser.add_argument("--at", metavar="ISO", help=at_help)
    parser.add_argument("--attach", action="append", metavar="BERKAS", type=Path,
                        help=Text("help.needed", text=Text("help.write.attach"),
                                  needed=attach_note) if attach_note else "help.write.attach")
    parser.add_argument("--commit", action="store_true",
                        help="help.write.commit")
    parser.add_argument("--json", action="store_true", help="help.json")
    add_now(parser)


def run_new(args: argparse.Namespace) -> int:
    repo, now, _ = invocation(args)
    at = event_time(args, now)
    received = parse_user_time(args.received_at, "--received-at") if args.received_at else None
    monitoring = args.monitoring is not None
    first: dict[str, Any] = {"event": "monitoring" if monitoring else "submitted", "at": iso(at)}
    if args.by and (monitoring or received is None):
        first["by"] = args.by
    if monitoring:
        first["monitoring"] = _drop_empty({"record": args.monitoring_record,
                                           "finding": args.monitoring})
    else:
        day = parse_user_date(args.memo_date, "--memo-date") if args.memo_date else None
        first["memo"] = _drop_empty({"number": args.memo_number, "date": day,
                                     "sender": args.memo_sender, "to": args.memo_to})
    git = _git(repo) if args.commit else None
    case_id = casewrite.new_case_id(at, taken_ids(repo, at), secrets.randbelow)
    fields = {"id": case_id, "title": clean(args.title), "application": args.application,
              "unit": args.unit, "origin": "monitoring" if monitoring else "memo",
              "standard_version": repo.standard.version_in_force(at) or repo.standard.version,
              "contact": clean(args.contact), "confidential": True if args.confidential
              else None, "description": clean(args.description)}
    attachments = prepare_attachments(repo, case_id, args.attach)
    if attachments:
        first["documents"] = [a.reference for a in attachments]
    events = [first]
    if received is not None:
        events.append(_drop_empty({"event": "received", "at": iso(received), "by": args.by}))
    text = casewrite.new_case_text(fields, *events)
    path = case_path(repo.root, case_id)
    label = " → ".join(["∅", *(e["event"] for e in events)])
    parts = [Part(()), Part(("events", 0)),
             Part(("events", 1), {("at",): ("--received-at",)})]
    what = Text("write.what.monitoring_case" if monitoring else "write.what.memo_case")
    return finish(args, repo, path, text, label, now, parts, "new", what, git, attachments)


def run_event(args: argparse.Namespace) -> int:
    repo, now, _ = invocation(args)
    path, rel, old_text, before = existing_case(repo, args.case, now, args)
    kind = args.kind or _target(repo, args.step, before.state, before.severity)
    at = iso(event_time(args, now))
    _refuse_illegal_move(repo, old_text, rel, {"event": kind, "at": at})
    event: dict[str, Any] = {"event": kind, "at": at}
    if getattr(args, "by", None):
        event["by"] = args.by
    event.update(event_fields(args))
    attachments = prepare_attachments(repo, path.stem, args.attach)
    if attachments:
        event["documents"] = [a.reference for a in attachments]
    git = _git(repo) if args.commit else None
    text = casewrite.append_event(old_text, event, rel)
    if kind == "resumed":  # back to the step that was interrupted
        label = transition_label("held", before.state or kind)
    else:
        label = transition_label(before.state, kind)
    count = len(yamlio.parse(old_text, rel).data["events"])
    return finish(args, repo, path, text, label, now, [Part(("events", count))],
                  str(getattr(args, "command", "advance")), _what(repo, before, kind), git,
                  attachments, original=old_text)


def existing_case(repo: Repository, case: str, now: datetime,
                  args: argparse.Namespace) -> tuple[Path, str, str, Replay]:
    """The case a command names (an ID, or its file's path as tab completion gives it): its
    path, repo-relative name, text and replay. A path must be a case file inside the
    repository (`writelock.record_path`): the same input as an ID would be refused otherwise."""
    path = writelock.record_path(repo.root, locate(case, repo.root), "case") if is_path(case) \
        else repo.find_case_file(case)
    if path is None or nofollow.entry_kind(path) == "missing":
        raise PeliharaError("usage.unknown_case", {"case": case})
    rel = repo.rel(path)
    text, before = _existing(repo, path, rel, now, lang(args))
    return path, rel, text, before


def _what(repo: Repository, before: Replay, kind: str) -> Text:
    """How the options' purpose is named: 'langkah B.9 (Laporan hasil disampaikan)'."""
    standard = repo.standard
    step = standard.step_between(before.state or "", kind, before.severity)
    if step is not None:
        return Text("write.what.step", step=step.id, label=step.label)
    extension = next((v for v in standard.extensions.values()
                      if isinstance(v, dict) and v.get("event") == kind), None)
    names = {"held": "hold", "cancelled": "cancel"}
    extension = extension or standard.extensions.get(names.get(kind, ""))
    label = extension.get("label") if isinstance(extension, dict) else None
    return Text("write.what.extension", label=label) if label else Text("write.what.event",
                                                                              kind=kind)


def _refuse_illegal_move(repo: Repository, old_text: str, rel: str,
                         bare: dict[str, Any]) -> None:
    """Skipping B.3 or holding a closed case is said first and alone: no option mends it."""
    data = yamlio.parse(casewrite.append_event(old_text, bare, rel), rel).data
    index = len(data["events"]) - 1
    for problem in replay(repo.standard, Case.from_data(data, rel)).problems:
        if problem.index == index and problem.code in MOVES:
            raise PeliharaError(problem.code, dict(problem.params))


def prepare_attachments(repo: Repository, case_id: str,
                        files: list[Path] | None) -> list[evidence_store.Attachment]:
    """`--attach` files checked and hashed before anything is written."""
    prepared = [evidence_store.prepare(repo.root, case_id, f) for f in files or []]
    names = [a.name for a in prepared]
    for name in names:
        if names.count(name) > 1:
            raise PeliharaError("evidence.duplicate_name", {"name": name})
    return prepared


def _existing(repo: Repository, path: Path, rel: str, now: datetime,
              lng: str) -> tuple[str, Replay]:
    """The case file's text and replay. A file the records layer cannot use (not UTF-8, bad
    YAML, not a case, a history that does not replay) is refused with its findings, as every
    other command skips it: an appended event cannot mend it."""
    loaded = load_case(repo, path, now)
    if isinstance(loaded, Skipped):
        write_speech.report([f for f in loaded.findings if f.severity is Severity.ERROR], [],
                            lng)
        raise PeliharaError("write.not_a_case", {"path": rel})
    return yamlio.load_file(path, rel, repo.root).text, loaded.replay


def _target(repo: Repository, step: str, state: str | None, severity: str | None) -> str:
    """`B.4` → 'analysed' (for this case's path); a state or event name stays as it is."""
    standard = repo.standard
    if step in standard.steps:
        target = standard.steps[step].to_state
        if target and (standard.steps[step].from_state == state or state is None):
            return target
        allowed = standard.next_states(state or "", severity)
        if state in standard.states and standard.states[state].final:  # not "leads to: ."
            raise PeliharaError("workflow.after_final", {"event": target, "state": state})
        raise PeliharaError("write.step_not_next", {"step": step, "state": state or "∅",
                            "allowed": ", ".join(allowed)})
    known = {*standard.states, *EXTRA_EVENTS}
    if step not in known:
        raise PeliharaError("write.unknown_step", {"step": step,
                            "known": ", ".join(standard.next_states(state or "", severity))})
    return step


def finish(args: argparse.Namespace, repo: Repository, path: Path, text: str, label: str,
           now: datetime, parts: Sequence[Part], command: str, what: str,
           git: Git | None = None,
           attachments: Sequence[evidence_store.Attachment] = (), body: str = "",
           original: str | None = None) -> int:
    """Check `text` as the case file at `path` would be; write and commit it only when it
    passes, and only if the file still holds `original` (None: a new case, nothing there
    yet; `writelock`). A refusal names the existing file's faults by position and the
    faults of what the command built (`parts`) by its options."""
    rel = repo.rel(path)
    doc = yamlio.parse(text, rel)
    findings = would_accept(repo, rel, text, now)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        errors.extend(f for f in _late_steps(repo, doc, now) if f not in errors)
        kept, said = write_speech.speak(errors, doc, parts, command, what)
        write_speech.report(kept, said, lang(args))
        sys.stderr.write(tr("write.nothing_written", lang(args)) + "\n")
        return 1
    git = git if git is not None else (_git(repo) if args.commit else None)
    case_id = path.stem
    message = f"{case_id}: {label}"
    full = f"{message}\n\n{body}" if body else message
    with writelock.locked(repo.root):  # held already by the command; the commit goes with it
        stored = write_case(repo, case_id, path, text, attachments, original)
        commit = git.commit_paths([path, *stored], full) if git is not None else None
    return announce_write(args, "case", case_id, rel, message, commit)


def _late_steps(repo: Repository, doc: yamlio.Document, now: datetime) -> list[Finding]:
    """Late steps without a reason, even when a missing field keeps `check`'s rules from
    running: a refused command names --late-reason together with the rest, not next time."""
    try:
        case = Case.from_data(doc.data, doc.path)
        run = replay(repo.standard, case, now)
        if run.problems:
            return []
        problems = late_problems(repo.standard, repo.calendar, case, now, run)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, PeliharaError):
        return []  # data too broken to time: the check's own findings say why
    return [finding_at(doc, ["events", p.index, p.key], p.code, **p.params)
            for p in problems if p.index is not None and p.key]


def write_case(repo: Repository, case_id: str, path: Path, text: str,
               attachments: Sequence[evidence_store.Attachment],
               original: str | None) -> list[Path]:
    """Store the attachments, then the case file (if it still holds `original`); if the
    case cannot be written, the files stored for it are removed again, so no unreferenced
    evidence is left behind. Returns the evidence files written."""
    stored: list[Path] = []
    try:
        for attachment in attachments:
            shown = repo.root / evidence_store.folder_of(case_id) / attachment.name
            with writelock.writing(repo.root, shown):
                target = evidence_store.store(repo.root, case_id, attachment)
            if target is not None:
                stored.append(target)
        writelock.write_record(repo.root, path, text, original)
    except BaseException:
        for target in stored:
            target.unlink(missing_ok=True)
        raise
    return stored




def _git(repo: Repository) -> Git:
    """The repository's git, checked before anything is written so `--commit` cannot fail
    half-way for want of a repository."""
    return Git(repo.root)


def taken_ids(repo: Repository, at: datetime) -> set[str]:
    """IDs already used on the opening day: in the working tree, and at the tip of every
    local and remote-tracking branch when the repository is a git clone."""
    folder = case_path(repo.root, f"PML-{to_wib(at):%Y%m%d}-000").parent
    taken = {p.stem for p in folder.glob("PML-*.yaml")}
    try:
        git = Git(repo.root)
    except PeliharaError:
        return taken
    rel = repo.rel(folder)
    for tip in git.branch_tips()[:50]:
        taken.update(Path(n).stem for n in git.tree_names(tip, rel))
    return taken


def event_time(args: argparse.Namespace, now: datetime) -> datetime:
    """`--at`, or now to the minute."""
    return parse_user_time(args.at, "--at") if args.at else now.replace(second=0, microsecond=0)


def clean(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "")}
