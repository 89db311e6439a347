"""The generic JSON webhook for chat bridges (an edge: network).

Safe by construction, like the monitor's probes: only http and https URLs (checked when the
setting is read), no redirects followed (a POST that is redirected is not delivered), one
overall deadline for the whole exchange (a watchdog closes the socket, so a server that drips
its answer byte by byte cannot hold the run), and at most `MAX_ANSWER` bytes of the answer
read. Only a 2xx answer counts as delivered.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

DEADLINE_SECONDS = 15.0
MAX_ANSWER = 64 * 1024


@dataclass(frozen=True)
class Answer:
    status: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


def post(url: str, payload: dict[str, Any], deadline: float = DEADLINE_SECONDS) -> Answer:
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname or "", parts.port, timeout=deadline)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    timer = threading.Timer(deadline, _cut, (connection,))
    timer.start()
    try:
        connection.request("POST", path, body, {
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "pelihara-notify",
            "X-Pelihara-Notice": str(payload.get("notice", ""))})
        response = connection.getresponse()
        response.read(MAX_ANSWER)
        status = response.status
    except (OSError, http.client.HTTPException) as exc:
        timed_out = not timer.is_alive() or isinstance(exc, socket.timeout)
        return Answer(None, "timeout" if timed_out else (str(exc) or type(exc).__name__))
    finally:
        timer.cancel()
        connection.close()
    if not 200 <= status < 300:
        return Answer(status, f"HTTP {status}")
    return Answer(status)


def _cut(connection: http.client.HTTPConnection) -> None:
    """The overall deadline passed: close the socket under the blocked read."""
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
