"""Reading a damage report (laporan kerusakan) from where it arrived: a GitLab issue as the
API returns it (`GET /projects/:id/issues/:iid`, JSON), or a memo e-mail (`.eml`).

An edge: it reads bytes and returns an `IntakeReport`; nothing is written. Both sources may
carry the `pelihara-intake` block the site's "Laporkan kerusakan" page writes (a fenced YAML
block in the issue description or the e-mail body): unit, application, contact, title,
description, since when, the memo's number, date and sender, the scanned memo's name and
SHA-256. What a source states objectively wins over what anyone typed: the issue's
`created_at` (GitLab's clock, not the reporter's) is when the report was sent (B.2a); for an
e-mail, its `Date:` header. Every problem is a `PeliharaError` naming the place and the fix;
partial input is refused, never guessed at.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Any

from pelihara.core.errors import PeliharaError
from pelihara.core.text import Text
from pelihara.core.timeparse import TimeTextError, parse_date
from pelihara.i18n.messages import render
from pelihara.records import yamlio

MAX_BYTES = 120 * 1024 * 1024
"""An issue JSON is a few KiB; a memo e-mail carries a scanned PDF of some MiB."""
BLOCK = re.compile(r"^```ya?ml[ \t]+pelihara-intake[ \t]*\r?\n(.*?)\r?\n```[ \t]*$", re.M | re.S)
BLOCK_KEYS = frozenset({"unit", "application", "title", "description", "contact", "since",
                        "memo", "scan", "confidential"})
MEMO_KEYS = frozenset({"number", "date", "sender", "to"})
TITLE_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|tr)\s*:\s*)*(?:laporan kerusakan\s*[:—-]\s*)?",
                          re.I)


@dataclass
class Attachment:
    """A file that came with the report (a PDF in the e-mail)."""

    name: str
    data: bytes


@dataclass
class IntakeReport:
    kind: str
    """gitlab_issue or email."""
    reference: str
    """group/project#12, or the e-mail's Message-ID."""
    url: str
    sent_at: datetime
    """When the report was sent: the issue's creation time, or the e-mail's Date."""
    title: str
    description: str = ""
    author: str = ""
    author_address: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    """What the intake block (and the source itself) says: unit, application, contact,
    since, memo {number, date, sender, to}, scan {file, sha256}, confidential."""
    attachments: list[Attachment] = field(default_factory=list)


def read_source(path: str, data: bytes) -> IntakeReport:
    """The report in `data` (from file `path`, or '-' for standard input): JSON when it starts
    with '{', else an e-mail message."""
    if len(data) > MAX_BYTES:
        raise PeliharaError("intake.too_large", {"path": path, "limit": MAX_BYTES}, path)
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return gitlab_issue(path, data)
    if Path(path).suffix.lower() == ".json":
        raise PeliharaError("intake.bad_json", {"path": path, "error": Text("intake.why.not_json")},
                            path, 1, 1)
    return email_report(path, data)


def gitlab_issue(path: str, data: bytes) -> IntakeReport:
    try:
        issue = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        why = Text("intake.why.not_utf8", detail=str(exc))
        raise PeliharaError("intake.bad_json", {"path": path, "error": why}, path, 1,
                            1) from None
    except json.JSONDecodeError as exc:
        raise PeliharaError("intake.bad_json", {"path": path, "error": exc.msg}, path,
                            exc.lineno, exc.colno) from None
    if isinstance(issue, list):
        raise PeliharaError("intake.issue_list", {"path": path, "count": len(issue)}, path, 1, 1)
    if not isinstance(issue, dict):
        raise PeliharaError("intake.bad_json",
                            {"path": path, "error": Text("intake.why.not_issue")}, path, 1, 1)
    missing = [k for k in ("iid", "title", "description", "created_at") if issue.get(k) in
               (None, "")]
    if missing:
        raise PeliharaError("intake.issue_incomplete", {"path": path,
                            "fields": ", ".join(missing)}, path, 1, 1)
    created = api_time(issue["created_at"])
    if created is None:
        raise PeliharaError("intake.issue_bad_time", {"path": path,
                            "value": str(issue["created_at"])}, path, 1, 1)
    references = _mapping(issue.get("references"))
    reference = str(references.get("full") or f"#{issue['iid']}")
    author = _mapping(issue.get("author"))
    description = str(issue["description"])
    report = IntakeReport(
        kind="gitlab_issue", reference=reference, url=str(issue.get("web_url") or ""),
        sent_at=created, title=str(issue["title"]), author=str(author.get("name") or ""),
        values=read_block(description, f"{path} (description)"))
    report.description = _text_outside_block(description)
    return report


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def api_time(value: Any) -> datetime | None:
    """GitLab's timestamp ('2016-01-04T15:31:51.081Z', UTC with milliseconds) as an aware
    moment, truncated to the second like every time Pelihara stores; None if it is not one."""
    if not isinstance(value, str) or not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})", value):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(microsecond=0)


def email_report(path: str, data: bytes) -> IntakeReport:
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise PeliharaError("intake.bad_email",
                            {"path": path, "error": Text("intake.why.no_headers")}, path)
    missing = [h for h in ("From", "Date", "Subject") if not message.get(h)]
    if missing:
        raise PeliharaError("intake.email_incomplete", {"path": path,
                            "fields": ", ".join(missing)}, path)
    try:
        sent = parsedate_to_datetime(str(message["Date"]))
    except (TypeError, ValueError):
        raise PeliharaError("intake.email_bad_date", {"path": path,
                            "value": str(message["Date"])}, path) from None
    if sent.tzinfo is None:  # RFC 5322 requires a zone; '-0000' means "unknown": refuse it
        raise PeliharaError("intake.email_bad_date", {"path": path,
                            "value": str(message["Date"])}, path)
    name, address = parseaddr(str(message["From"]))
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    report = IntakeReport(
        kind="email", reference=str(message.get("Message-ID") or "").strip("<> ") or path,
        url="", sent_at=sent, title=TITLE_PREFIX.sub("", str(message["Subject"])).strip(),
        author=name or address, author_address=address,
        values=read_block(text, f"{path} (isi surel)"))
    report.description = _text_outside_block(text)
    for part in message.iter_attachments():
        filename = part.get_filename() or ""
        is_pdf = part.get_content_type() == "application/pdf" or \
            filename.lower().endswith(".pdf")
        if is_pdf:
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                report.attachments.append(Attachment(filename or "memo.pdf", payload))
    return report


def _text_outside_block(text: str) -> str:
    return " ".join(BLOCK.sub("", text.replace("\r\n", "\n")).split())


def read_block(text: str, where: str) -> dict[str, Any]:
    """The `pelihara-intake` block's values ({} when there is none), read strictly."""
    found = BLOCK.findall(text.replace("\r\n", "\n"))
    if not found:
        return {}
    if len(found) > 1:
        raise PeliharaError("intake.two_blocks", {"where": where})
    try:
        data = yamlio.parse(found[0], where).data
    except yamlio.YamlProblem as exc:
        raise PeliharaError("intake.bad_block", {"where": where, "line": exc.line,
                            "error": render(exc.code, exc.params).rstrip(".")}) from None
    if not isinstance(data, dict):
        raise PeliharaError("intake.bad_block", {"where": where, "line": 1,
                            "error": Text("intake.why.not_mapping")})
    for key in ("memo", "scan"):
        if key in data and not isinstance(data[key], dict):
            raise PeliharaError("intake.bad_block", {"where": where, "line": 1,
                                "error": f"{key} harus berupa mapping"})
    unknown = sorted(set(data) - BLOCK_KEYS)
    unknown += sorted(f"memo.{k}" for k in data.get("memo") or {} if k not in MEMO_KEYS)
    if unknown:
        raise PeliharaError("intake.block_unknown", {"where": where, "keys": ", ".join(unknown)})
    return data


def block_date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(str(value))
    except TimeTextError:
        raise PeliharaError("intake.bad_value", {"where": where, "field": "memo.date",
                                                 "value": str(value)}) from None
