"""E-mail over SMTP for `pelihara notify` (an edge: network).

One connection per run, opened at the first message. Each message is plain text plus an HTML
alternative, with `Auto-Submitted: auto-generated` (RFC 3834) so auto-responders stay quiet.
What the server says decides what is recorded: a recipient the server refused, or a message
it refused whole, is not sent, and the next run tries again.
"""

from __future__ import annotations

import email.policy
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from types import TracebackType

from pelihara.core.addresses import Recipient
from pelihara.core.timeparse import to_wib
from pelihara.records.channels import Smtp

TIMEOUT_SECONDS = 30.0
POLICY = email.policy.SMTP.clone(max_line_length=998)
"""RFC 5322's hard limit: headers of up to 998 characters are not folded. Python's folder
sometimes breaks right after "Subject:", which some clients show as a leading space."""


@dataclass(frozen=True)
class Outgoing:
    """One rendered notice for some recipients."""

    key: str
    subject: str
    text: str
    html: str
    to: tuple[Recipient, ...]
    cc: tuple[Recipient, ...] = ()


@dataclass
class Outcome:
    message_id: str
    accepted: list[Recipient] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    """Recipient ref (or "*" for the whole message) → what the server said."""


def _address(r: Recipient) -> Address:
    local, _, domain = (r.address or "").partition("@")
    return Address(display_name=r.name, username=local, domain=domain)


def build(config: Smtp, item: Outgoing, now: datetime) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    message["Subject"] = item.subject
    message["From"] = Address(display_name="Pelihara", addr_spec=config.sender)
    message["To"] = [_address(r) for r in item.to]
    if item.cc:
        message["Cc"] = [_address(r) for r in item.cc]
    message["Date"] = format_datetime(to_wib(now))
    message["Message-ID"] = make_msgid("pelihara", config.sender.partition("@")[2])
    message["Auto-Submitted"] = "auto-generated"
    message["X-Pelihara-Notice"] = item.key
    message.set_content(item.text)
    message.add_alternative(item.html, subtype="html")
    return message


class Mailer:
    """`with Mailer(config) as mail: mail.send(item, now)`."""

    def __init__(self, config: Smtp) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._close()

    def _close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _connect(self) -> smtplib.SMTP:
        if self._smtp is None:
            smtp = smtplib.SMTP(self.config.host, self.config.port, timeout=TIMEOUT_SECONDS)
            try:
                if self.config.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.config.user:
                    smtp.login(self.config.user, self.config.password or "")
            except BaseException:
                smtp.close()
                raise
            self._smtp = smtp
        return self._smtp

    def send(self, item: Outgoing, now: datetime) -> Outcome:
        message = build(self.config, item, now)
        outcome = Outcome(str(message["Message-ID"]))
        everyone = [*item.to, *item.cc]
        by_address = {(r.address or "").lower(): r for r in everyone}
        try:
            refused = self._connect().send_message(
                message, self.config.sender, [r.address or "" for r in everyone])
        except smtplib.SMTPRecipientsRefused as exc:
            refused = exc.recipients
        except smtplib.SMTPResponseException as exc:  # sender or message refused
            outcome.refused["*"] = f"{exc.smtp_code} {_text(exc.smtp_error)}"
            self._reset()
            return outcome
        except (smtplib.SMTPException, OSError) as exc:  # connection lost or refused
            outcome.refused["*"] = str(exc) or type(exc).__name__
            self._close_quietly()
            return outcome
        refused_refs = {}
        for address, (code, reply) in refused.items():
            who = by_address.get(address.lower())
            refused_refs[who.ref if who else address] = f"{code} {_text(reply)}"
        outcome.refused.update(refused_refs)
        outcome.accepted = [r for r in everyone if r.ref not in refused_refs]
        return outcome

    def _reset(self) -> None:
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._close_quietly()

    def _close_quietly(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
