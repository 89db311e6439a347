"""`pelihara new`, `advance`, `hold`, `resume`, `cancel`: move a case without hand-editing YAML.

Each command builds the new file text, checks it with the schema and workflow rules of
`pelihara check` BEFORE anything is written, writes it atomically, and with `--commit` makes
exactly one commit (`PML-…: analysed → vendor_notified`). Nothing is written when the result
would not pass.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pelihara.check.runner import load_schemas
from pelihara.cli.common import (
    TIME_FORM,
    add_common,
    add_now,
    announce_write,
    lang,
    parse_now,
    parse_user_date,
    parse_user_time,
    repository,
)
from pelihara.core.errors import PeliharaError
from pelihara.core.findings import Finding, Severity
from pelihara.core.model import Case
from pelihara.core.rules.context import Context
from pelihara.core.timeparse import iso, to_wib
from pelihara.core.workflow import Replay, replay, transition_label
from pelihara.i18n.messages import finding_lines
from pelihara.records import casewrite, evidence_store, yamlio
from pelihara.records.files import FileCheck
from pelihara.records.gitio import Git
from pelihara.records.kinds import kind_for
from pelihara.records.repo import Repository, case_path


def register(sub: Any) -> None:
    new = add_common(sub.add_parser("new", help="buka kasus baru (memo B.2a atau pemantauan B.2b)"))
    new.add_argument("--title", required=True, help="judul singkat kerusakan")
    new.add_argument("--application", required=True,
                     help="ID aplikasi (registry/applications.yaml)")
    new.add_argument("--unit", required=True, help="ID unit kerja pelapor (registry/units.yaml)")
    new.add_argument("--contact", help="kontak pelapor")
    new.add_argument("--description", help="uraian kerusakan")
    new.add_argument("--confidential", action="store_true",
                     help="kasus rahasia: situs untuk seluruh organisasi hanya menampilkan ID, "
                          "aplikasi, langkah, tenggat dan hasilnya")
    new.add_argument("--memo-number", help="nomor memorandum (kasus dari memo, B.2a)")
    new.add_argument("--memo-date", help="tanggal memorandum YYYY-MM-DD")
    new.add_argument("--memo-sender", help="pengirim memorandum")
    new.add_argument("--memo-to", metavar="PEGAWAI",
                     help="ID pegawai yang dituju memo: Kepala Biro DI atau Plh./Plt.-nya (C.2)")
    new.add_argument("--monitoring", metavar="TEMUAN",
                     help="temuan pemantauan yang membuka kasus (B.2b) alih-alih memo")
    new.add_argument("--monitoring-record", help="ID catatan pemantauan MON-YYYYMMDD-XXX")
    new.add_argument("--by", help="ID pegawai pencatat (wajib untuk temuan pemantauan)")
    _common(new)
    new.set_defaults(func=run_new)

    advance = add_common(sub.add_parser(
        "advance", help="catat langkah berikutnya (received, assigned, ..., atau B.3, B.4 ...)"))
    advance.add_argument("case", metavar="KASUS", help="ID kasus, misalnya PML-20261128-7KQ")
    advance.add_argument("step", metavar="LANGKAH",
                         help="status yang dicapai (mis. analysed) atau ID langkah (mis. B.4); "
                              "'escalated' untuk eskalasi ringan ke pengembang")
    add_event_fields(advance)
    _common(advance)
    advance.set_defaults(func=run_event, kind=None)

    for name, helptext in (("hold", "tunda kasus (jam berhenti), dengan alasan dan penyetuju"),
                           ("resume", "lanjutkan kasus yang ditunda"),
                           ("cancel", "batalkan kasus dengan alasan")):
        parser = add_common(sub.add_parser(name, help=helptext))
        parser.add_argument("case", metavar="KASUS", help="ID kasus")
        parser.add_argument("--by", help="ID pegawai yang mencatat")
        parser.add_argument("--note", help="catatan")
        if name == "hold":
            parser.add_argument("--reason", required=True, help="alasan penundaan")
            parser.add_argument("--approved-by", required=True, help="ID pejabat penyetuju")
        if name == "cancel":
            parser.add_argument("--reason", required=True,
                                choices=("duplikat", "bukan_kerusakan", "ditarik", "lainnya"))
            parser.add_argument("--duplicate-of", help="ID kasus asli (alasan duplikat)")
        _common(parser)
        parser.set_defaults(func=run_event, kind={"hold": "held", "resume": "resumed",
                                                  "cancel": "cancelled"}[name], step=None)


EXTRA_EVENTS = ("escalated", "note")
"""Events `advance` records besides the standard's states."""
LIST_FIELDS = ("officers", "components", "tembusan")


def add_event_fields(parser: argparse.ArgumentParser) -> None:
    """The evidence each step records (DESIGN.md, "What each step records")."""
    add = parser.add_argument
    add("--by", help="ID pegawai yang melakukan/mencatat")
    add("--officers", help="B.3: pegawai yang ditugaskan, dipisah koma (andi,budi)")
    add("--severity", choices=("ringan", "berat"), help="B.4: tingkat kerusakan")
    add("--findings", help="B.4/B.7: temuan analisa")
    add("--components", help="B.4: komponen rusak, dipisah koma (software,database,...)")
    add("--vendor", help="B.5b: ID pengembang/konsultan")
    add("--letter-number", help="B.5b: nomor surat pemberitahuan")
    add("--letter-date", help="B.5b: tanggal surat YYYY-MM-DD")
    add("--tembusan", help="B.5b: unit penerima tembusan, dipisah koma")
    add("--meeting-date", help="B.6: waktu rapat")
    add("--attendee", action="append", help="B.6: peserta rapat (boleh berulang)")
    add("--minutes", help="B.6: nomor/rujukan notulen")
    add("--cause", help="B.7: penyebab teknis")
    add("--test", action="append", metavar="X=HASIL[:CATATAN]",
        help="B.5a/B.8: hasil uji a, b, c, mis. a=lulus:'modul diuji' (boleh berulang)")
    add("--report-number", help="B.9: nomor laporan")
    add("--summary", help="B.9: ringkasan laporan")
    add("--attachment", action="append", help="B.9: lampiran (boleh berulang)")
    add("--confirmed-by", help="B.10: yang mengonfirmasi sistem normal")
    add("--reason", help="alasan (eskalasi)")
    add("--late-reason", help="alasan keterlambatan bila langkah melewati batas")
    add("--note", help="catatan")


def event_fields(args: argparse.Namespace, kind: str) -> dict[str, Any]:
    """Event fields from the options given; the schema then says what is missing."""
    def get(name: str) -> Any:
        return getattr(args, name, None)

    out: dict[str, Any] = {}
    for name in LIST_FIELDS:
        if get(name):
            out[name] = [v.strip() for v in get(name).split(",") if v.strip()]
    for name in ("severity", "findings", "vendor", "cause", "confirmed_by", "reason",
                 "approved_by", "duplicate_of", "late_reason", "note"):
        if get(name):
            out[name] = _clean(get(name))
    if get("letter_number") or get("letter_date"):
        day = parse_user_date(get("letter_date"), "--letter-date") if get("letter_date") else None
        out["letter"] = _drop_empty({"number": get("letter_number"), "date": day})
    if get("meeting_date") or get("attendee") or get("minutes"):
        held = get("meeting_date")
        held = iso(parse_user_time(held, "--meeting-date")) if held else None
        out["meeting"] = _drop_empty({"date": held, "attendees": get("attendee"),
                                      "minutes": get("minutes")})
    if get("test"):
        out["tests"] = dict(_test(text) for text in get("test"))
    if get("report_number") or get("summary") or get("attachment"):
        out["report"] = _drop_empty({"number": get("report_number"), "summary":
                                     _clean(get("summary")), "attachments": get("attachment")})
    return out


def _test(text: str) -> tuple[str, dict[str, str]]:
    name, _, rest = text.partition("=")
    result, _, notes = rest.partition(":")
    if name.strip() not in ("a", "b", "c") or result.strip() not in ("lulus", "gagal"):
        raise PeliharaError("write.bad_test", {"value": text})
    return name.strip(), _drop_empty({"result": result.strip(), "notes": _clean(notes)})


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--at", metavar="ISO",
                        help=f"waktu peristiwa (bawaan: sekarang): {TIME_FORM}")
    parser.add_argument("--attach", action="append", metavar="BERKAS", type=Path,
                        help="lampirkan dokumen pendukung: disalin ke evidence/<ID kasus>/ dan "
                             "dirujuk dengan SHA-256-nya (boleh berulang)")
    parser.add_argument("--commit", action="store_true",
                        help="buat satu commit git berisi perubahan ini (dan lampirannya)")
    parser.add_argument("--json", action="store_true", help="keluaran JSON")
    add_now(parser)


def run_new(args: argparse.Namespace) -> int:
    repo = repository(args)
    now = parse_now(args)
    at = _at(args, now)
    monitoring = args.monitoring is not None
    first: dict[str, Any] = {"event": "monitoring" if monitoring else "submitted", "at": iso(at)}
    if args.by:
        first["by"] = args.by
    if monitoring:
        first["monitoring"] = _drop_empty({"record": args.monitoring_record,
                                           "finding": args.monitoring})
    else:
        day = parse_user_date(args.memo_date, "--memo-date") if args.memo_date else None
        first["memo"] = _drop_empty({"number": args.memo_number, "date": day,
                                     "sender": args.memo_sender, "to": args.memo_to})
    git = _git(repo) if args.commit else None
    case_id = casewrite.new_case_id(at, _taken_ids(repo, at), secrets.randbelow)
    fields = {"id": case_id, "title": _clean(args.title), "application": args.application,
              "unit": args.unit, "origin": "monitoring" if monitoring else "memo",
              "standard_version": repo.standard.version_in_force(at) or repo.standard.version,
              "contact": _clean(args.contact), "confidential": True if args.confidential
              else None, "description": _clean(args.description)}
    attachments = prepare_attachments(repo, case_id, args.attach)
    if attachments:
        first["documents"] = [a.reference for a in attachments]
    text = casewrite.new_case_text(fields, first)
    path = case_path(repo.root, case_id)
    label = transition_label(repo.standard, None, first["event"])
    return _finish(args, repo, git, path, text, label, now, attachments)


def run_event(args: argparse.Namespace) -> int:
    repo = repository(args)
    now = parse_now(args)
    given = Path(args.case)  # an ID, or the case file's path (tab completion gives paths)
    path = given.resolve() if given.suffix == ".yaml" and given.is_file() \
        else repo.find_case_file(args.case)
    if path is None:
        raise PeliharaError("usage.unknown_case", {"case": args.case})
    rel = repo.rel(path)
    old_text, before = _existing(repo, path, rel, now, lang(args))
    kind = args.kind or _target(repo, args.step, before.state, before.severity)
    event: dict[str, Any] = {"event": kind, "at": iso(_at(args, now))}
    if getattr(args, "by", None):
        event["by"] = args.by
    event.update(event_fields(args, kind))
    attachments = prepare_attachments(repo, path.stem, args.attach)
    if attachments:
        event["documents"] = [a.reference for a in attachments]
    git = _git(repo) if args.commit else None
    text = casewrite.append_event(old_text, event, rel)
    if kind == "resumed":  # back to the step that was interrupted
        label = transition_label(repo.standard, "held", before.state or kind)
    else:
        label = transition_label(repo.standard, before.state, kind)
    return _finish(args, repo, git, path, text, label, now, attachments)


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
    """The case file's text and replay; a file `pelihara check` rejects (not UTF-8, bad YAML,
    not a case) is refused with its findings, since an appended event cannot mend it."""
    try:
        doc = yamlio.load_file(path, rel)
    except yamlio.YamlProblem as exc:
        raise PeliharaError(exc.code, exc.params, rel, exc.line, exc.column) from None
    try:
        return doc.text, replay(repo.standard, Case.from_data(doc.data, rel))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        _print_findings([f for f in validate(repo, rel, doc.text, now)
                         if f.severity is Severity.ERROR], lng)
        raise PeliharaError("write.not_a_case", {"path": rel}) from None


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


def _finish(args: argparse.Namespace, repo: Repository, git: Git | None, path: Path, text: str,
            label: str, now: datetime,
            attachments: Sequence[evidence_store.Attachment] = ()) -> int:
    rel = repo.rel(path)
    findings = validate(repo, rel, text, now)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        _print_findings(errors, lang(args))
        sys.stderr.write("Berkas tidak ditulis: hasilnya tidak lolos pemeriksaan.\n"
                         if lang(args) != "en" else
                         "Nothing written: the result would not pass the check.\n")
        return 1
    case_id = path.stem
    stored = write_case(repo, case_id, path, text, attachments)
    message = f"{case_id}: {label}"
    commit = git.commit_paths([path, *stored], message) if git is not None else None
    return announce_write(args, "case", case_id, rel, message, commit)


def write_case(repo: Repository, case_id: str, path: Path, text: str,
               attachments: Sequence[evidence_store.Attachment]) -> list[Path]:
    """Store the attachments, then the case file; if the case cannot be written, the files
    stored for it are removed again, so no unreferenced evidence is left behind. Returns
    the evidence files written."""
    stored: list[Path] = []
    try:
        for attachment in attachments:
            target = evidence_store.store(repo.root, case_id, attachment)
            if target is not None:
                stored.append(target)
        casewrite.write_atomic(path, text)
    except BaseException:
        for target in stored:
            target.unlink(missing_ok=True)
        raise
    return stored


def validate(repo: Repository, rel: str, text: str, now: datetime) -> list[Finding]:
    """The findings `pelihara check` would give the case file `rel` if it held `text`: schema,
    path, workflow, evidence, references and late steps. Nothing is read but the schemas."""
    kind = kind_for(rel)
    schemas = load_schemas(repo.root)
    doc = yamlio.parse(text, rel)
    check = FileCheck(rel, kind, doc)
    if kind is None:
        return []
    for error in schemas.validate(kind.schema, doc.data):
        line, column = (doc.key_position(list(error.path), error.key) if error.key is not None
                        else doc.position(list(error.path)))
        check.add(line, column, error.code, **error.params)
    check.valid = not check.findings
    check.run_rules(Context(repo.standard, repo.registries, now, repo.calendar))
    return check.findings


def _print_findings(findings: list[Finding], lng: str) -> None:
    for f in findings:
        sys.stderr.write(finding_lines(f, lng) + "\n")


def _git(repo: Repository) -> Git:
    """The repository's git, checked before anything is written so `--commit` cannot fail
    half-way for want of a repository."""
    return Git(repo.root)


def _taken_ids(repo: Repository, at: datetime) -> set[str]:
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


def _at(args: argparse.Namespace, now: datetime) -> datetime:
    return parse_user_time(args.at, "--at") if args.at else now.replace(second=0, microsecond=0)


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "")}
