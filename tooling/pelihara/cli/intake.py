"""`pelihara intake SUMBER [--commit]`: open a case from a damage report as it arrived.

SUMBER is a GitLab issue as the API returns it (`GET /projects/:id/issues/:iid`, saved to a
file or piped in with `-`), or a memo e-mail saved as `.eml`. The report's own time is the
objective B.2a evidence: the issue's creation time on GitLab's clock, or the e-mail's Date;
there is no `--at`. The case is built like `pelihara new` builds one and checked the same way
before anything is written; with `--commit` it becomes one commit that names its source, ready
for a merge request. A report already taken in (the same issue or message) is refused.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

from pelihara.cli.common import (
    TIME_FORM,
    add_common,
    add_now,
    lang,
    locked,
    parse_now,
    parse_user_date,
    parse_user_time,
)
from pelihara.cli.common import repository as open_repository
from pelihara.cli.write import (
    clean,
    finish,
    prepare_attachments,
    taken_ids,
)
from pelihara.cli.write_speech import Part
from pelihara.core.errors import PeliharaError
from pelihara.core.evidence_files import safe_name
from pelihara.core.text import Text
from pelihara.core.timeparse import TimeTextError, iso, parse_time
from pelihara.documents.dates import format_compact
from pelihara.i18n import tr
from pelihara.records import casewrite, yamlio
from pelihara.records.intake import MAX_BYTES, IntakeReport, block_date, read_source
from pelihara.records.repo import Repository, case_path

SOURCES = {"gitlab_issue": "isu GitLab", "email": "surel"}
"""How the commit message names the source: a record in the office's language."""


def register(sub: Any) -> None:
    parser = add_common(sub.add_parser(
        "intake", help="help.intake.intake",
        description="help.intake.intake.description",
        epilog="help.intake.intake.epilog"))
    parser.add_argument("source", metavar="SUMBER",
                        help="help.intake.source")
    for option in ("--unit", "--application", "--title", "--contact", "--memo-number",
                   "--memo-date", "--memo-sender", "--memo-to"):
        parser.add_argument(option, help=f"help.intake.{option[2:].replace('-', '_')}")
    parser.add_argument("--confidential", action="store_true",
                        help="help.intake.confidential")
    parser.add_argument("--received-at", metavar="ISO",
                        help=Text("help.intake.received_at", form=TIME_FORM))
    parser.add_argument("--by", help="help.intake.by")
    parser.add_argument("--attach", action="append", metavar="BERKAS", type=Path,
                        help="help.intake.attach")
    parser.add_argument("--commit", action="store_true",
                        help="help.intake.commit")
    parser.add_argument("--json", action="store_true", help="help.json")
    add_now(parser)
    parser.set_defaults(func=locked(run))


def _read(source: str) -> tuple[str, bytes]:
    if source == "-":
        return "<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1)
    path = Path(source)
    try:
        if not path.is_file():
            raise PeliharaError("usage.path_missing", {"path": source})
        if path.stat().st_size > MAX_BYTES:
            raise PeliharaError("intake.too_large", {"path": source, "limit": MAX_BYTES}, source)
        return source, path.read_bytes()
    except OSError as exc:
        raise PeliharaError("intake.unreadable", {"path": source,
                            "error": exc.strerror or str(exc)}) from None


def run(args: argparse.Namespace) -> int:
    repo = open_repository(args)
    now = parse_now(args)
    name, data = _read(args.source)
    report = read_source(name, data)
    _refuse_twice(repo, report)
    values = _values(repo, args, report)
    sent = report.sent_at
    with tempfile.TemporaryDirectory(prefix="pelihara-intake-") as tmp:
        files = list(args.attach or []) + _saved(report, Path(tmp))
        case_id = casewrite.new_case_id(sent, taken_ids(repo, sent), secrets.randbelow)
        attachments = prepare_attachments(repo, case_id, files)
        _check_scan(values.get("scan"), attachments, name, lang(args))
        source: dict[str, Any] = {"kind": report.kind, "reference": report.reference}
        if report.url:
            source["url"] = report.url
        source["created_at"] = iso(sent)
        first: dict[str, Any] = {"event": "submitted", "at": iso(sent), "memo": values["memo"],
                                 "source": source}
        if attachments:
            first["documents"] = [a.reference for a in attachments]
        events = [first]
        if args.received_at:
            received = parse_user_time(args.received_at, "--received-at")
            events.append({k: v for k, v in (("event", "received"), ("at", iso(received)),
                                             ("by", args.by)) if v})
        fields = {"id": case_id, "title": values["title"], "application": values["application"],
                  "unit": values["unit"], "origin": "memo",
                  "standard_version": repo.standard.version_in_force(sent) or
                  repo.standard.version, "contact": values.get("contact"),
                  "confidential": True if values.get("confidential") else None,
                  "description": values.get("description")}
        text = casewrite.new_case_text(fields, *events)
        path = case_path(repo.root, case_id)
        label = " → ".join(["∅", *(e["event"] for e in events)])
        body = (f"Laporan kerusakan dari {SOURCES[report.kind]} {report.reference}"
                + (f" ({report.url})" if report.url else "") + f", dikirim {iso(sent)}.")
        parts = [Part(()), Part(("events", 0)),
                 Part(("events", 1), {("at",): ("--received-at",)})]
        return finish(args, repo, path, text, label, now, parts, "intake",
                      Text(f"intake.what.{report.kind}"), None, attachments, body)


def _refuse_twice(repo: Repository, report: IntakeReport) -> None:
    """The same issue or message opens one case, never two (a byte search over the case
    files: the reference is written verbatim in the one that took it in)."""
    needle = f"reference: {report.reference}".encode()
    quoted = f'reference: "{report.reference}"'.encode()
    for path in repo.files("case"):
        try:
            text = yamlio.read_record(path, repo.root)
        except (yamlio.YamlProblem, OSError):
            continue  # not a case file (a folder, a symlink): check names it
        if needle in text or quoted in text:
            raise PeliharaError("intake.already", {"reference": report.reference,
                                                   "case": path.stem})


def _values(repo: Repository, args: argparse.Namespace, report: IntakeReport
            ) -> dict[str, Any]:
    """What the case says, each from the first of: option, intake block, the source itself.
    Anything required and still unknown is refused with the options that supply it."""
    block = report.values
    memo_block = block.get("memo") or {}
    registries = repo.registries

    def pick(option: str | None, *others: Any) -> Any:
        for value in (option, *others):
            if value not in (None, ""):
                return value
        return None

    unit = pick(args.unit, block.get("unit"), _unit_of(registries, report.author_address))
    description = clean(pick(block.get("description"), report.description))
    since = block.get("since")
    if since:
        try:
            description = (description + " " if description else "") + \
                f"Terjadi sejak {format_compact(parse_time(str(since)))}."
        except TimeTextError:
            raise PeliharaError("intake.bad_value", {"where": args.source, "field": "since",
                                                     "value": str(since)}) from None
    head = registries.head
    day = parse_user_date(args.memo_date, "--memo-date") if args.memo_date else \
        block_date(memo_block.get("date"), args.source)
    if day is None and report.kind == "email":
        day = report.sent_at.date()
    values: dict[str, Any] = {
        "unit": unit, "application": pick(args.application, block.get("application")),
        "title": clean(pick(args.title, block.get("title"), report.title)),
        "contact": clean(pick(args.contact, block.get("contact"),
                              report.author if report.kind == "email" else None)),
        "description": description,
        "confidential": args.confidential or block.get("confidential") is True,
        "scan": block.get("scan"),
        "memo": {k: v for k, v in (
            ("number", pick(args.memo_number, memo_block.get("number"))),
            ("date", str(day) if day else None),
            ("sender", clean(pick(args.memo_sender, memo_block.get("sender"), report.author))),
            ("to", pick(args.memo_to, memo_block.get("to"), head.get("id") if head else None)),
        ) if v not in (None, "")}}
    missing = [option for option, value in (
        ("--unit", values["unit"]), ("--application", values["application"]),
        ("--title", values["title"]), ("--memo-number", values["memo"].get("number")),
        ("--memo-date", values["memo"].get("date"))) if not value]
    if missing:
        raise PeliharaError("intake.missing", {"path": args.source,
                                               "options": ", ".join(missing)})
    return values


def _unit_of(registries: Any, address: str) -> str | None:
    """The unit whose registered address sent the e-mail, if the registry records one."""
    if not address:
        return None
    for key, unit in registries.units.items():
        known = unit.get("email")
        addresses = [known] if isinstance(known, str) else list(unit.get("emails") or [])
        if address.lower() in (a.lower() for a in addresses if isinstance(a, str)):
            return str(key)
    return None


def _saved(report: IntakeReport, folder: Path) -> list[Path]:
    """The e-mail's PDF attachments as files, so they are stored like --attach files."""
    paths = []
    for index, attachment in enumerate(report.attachments):
        name = safe_name(Path(attachment.name).name) or f"memo-{index + 1}.pdf"
        target = folder / str(index) / name
        target.parent.mkdir()
        target.write_bytes(attachment.data)
        paths.append(target)
    return paths


def _check_scan(scan: Any, attachments: list[Any], where: str, lng: str) -> None:
    """The site's form wrote the scanned memo's SHA-256 into the report: a file attached
    here must be that scan, not another."""
    if not isinstance(scan, dict) or not scan.get("sha256"):
        return
    expected = str(scan["sha256"])
    if attachments and expected not in {a.sha256 for a in attachments}:
        raise PeliharaError("intake.scan_mismatch", {
            "path": where, "file": str(scan.get("file") or ""), "expected": expected,
            "given": ", ".join(f"{a.name} ({a.sha256[:12]}…)" for a in attachments)})
    if not attachments:
        sys.stderr.write(tr("intake.scan_not_attached", lng, file=scan.get("file") or "memo",
                            sha=expected[:12]) + "\n")

