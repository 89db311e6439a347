"""Real servers on 127.0.0.1 (port 0) for the notice tests: an SMTP server (aiosmtpd) that
keeps what it accepts and can refuse, and an HTTP server for the webhook. Importable by any
test module that needs them; each server stops when its `with` block ends."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from helpers import running


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def header(self, name: str) -> str:
        return str(self.message.get(name, ""))

    @property
    def text(self) -> str:
        part = self.message.get_body(("plain",))
        assert part is not None
        return str(part.get_content()).replace("\r\n", "\n")

    @property
    def html(self) -> str:
        part = self.message.get_body(("html",))
        assert part is not None
        return str(part.get_content()).replace("\r\n", "\n")


@dataclass
class Inbox:
    """The SMTP handler: `refuse_messages` refuses that many next messages whole (550 on DATA);
    `refuse_rcpt` refuses those recipient addresses (550 on RCPT)."""

    received: list[Received] = field(default_factory=list)
    refuse_messages: int = 0
    refuse_rcpt: set[str] = field(default_factory=set)
    port: int = 0

    # aiosmtpd's hook signatures: every argument is passed whether the hook uses it or not.
    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,  # noqa: ARG002
                          address: str, rcpt_options: list[str]) -> str:  # noqa: ARG002
        if address in self.refuse_rcpt:
            return "550 5.1.1 Kotak surat tidak dikenal (uji)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope  # noqa: ARG002
                          ) -> str:
        if self.refuse_messages > 0:
            self.refuse_messages -= 1
            return "550 5.7.1 Pesan ditolak (uji)"
        raw = envelope.original_content or b""
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), message))
        return "250 2.0.0 Diterima"

    def take(self) -> list[Received]:
        taken, self.received = self.received, []
        return taken


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    """aiosmtpd on its own event loop in its own thread: the test's thread may already run a
    loop (Playwright's sync API does), and one thread runs one loop."""
    inbox = Inbox()
    ready = threading.Event()
    state: dict[str, Any] = {}

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        stop = loop.create_future()
        server = await loop.create_server(
            lambda: SMTP(inbox, hostname="pelihara-test", loop=loop), "127.0.0.1", 0)
        inbox.port = server.sockets[0].getsockname()[1]
        state.update(loop=loop, stop=stop)
        ready.set()
        await stop
        server.close()
        await server.wait_closed()

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    assert ready.wait(10), "the SMTP server did not start"
    try:
        yield inbox
    finally:
        state["loop"].call_soon_threadsafe(state["stop"].set_result, None)
        thread.join(10)


@dataclass
class Hook:
    """The webhook receiver: `statuses` are answered in turn (then 200)."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    url: str = ""


@contextmanager
def webhook_server() -> Iterator[Hook]:
    hook = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = hook.statuses.pop(0) if hook.statuses else 200
            if status == 200:
                hook.posts.append(json.loads(body))
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/pelihara"
    with running(server):
        yield hook
