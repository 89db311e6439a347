"""One HTTP(S) request whose whole life fits in a deadline: connect, TLS, headers and body.

`urllib`'s timeout bounds each socket operation, not the request: a server that drips one byte
every two seconds never trips a three-second timeout, and a probe took minutes while being
judged healthy. Here every socket read is given only the time left until the request's
deadline, so a request ends within its timeout whatever the server does (name resolution
aside: it is the system resolver's, bounded by its own timeouts).

Also refused: any scheme but `http` and `https` (no `file://`, no `ftp://`), and following a
redirect (the 3xx answer is returned as it is, with its Location; a redirect to another host is
never contacted). What a server sends is bounded by `http.client`'s own limits (a 64 KiB line,
100 headers) and by `max_body`. Every fault is raised as an `HttpFault` naming its kind, so a
caller (the monitor's probes, notification webhooks) records it and goes on.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pelihara.core.escape import visible

SCHEMES = ("http", "https")
USER_AGENT = "pelihara"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    """At most `max_body` bytes of the body."""


@dataclass
class HttpFault(Exception):
    """Why a request got no usable answer. `kind`: scheme, timeout, refused, tls, dns,
    connection or protocol. `started` is False when the server sent nothing at all, so a
    timeout can say "no answer" or "answer not complete"."""

    kind: str
    detail: str
    started: bool = False


class _Deadline:
    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.at = clock() + seconds

    def remaining(self) -> float:
        left = self.at - self.clock()
        if left <= 0:
            raise TimeoutError("deadline passed")
        return left


class _DeadlineSocket(socket.socket):
    """A TCP socket whose every read waits at most until the deadline."""

    deadline: _Deadline
    received = 0

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        self.settimeout(self.deadline.remaining())
        count = super().recv_into(buffer, nbytes, flags)
        self.received += count
        return count


class _DeadlineSSLSocket(ssl.SSLSocket):
    """The same for TLS: one `recv_into` is one deadline-bounded read (the ssl module waits
    for a whole record within the socket's timeout)."""

    deadline: _Deadline | None = None
    received = 0

    def recv_into(self, buffer: Any, nbytes: int | None = None, flags: int = 0) -> int:
        if self.deadline is not None:
            self.settimeout(self.deadline.remaining())
        count = super().recv_into(buffer, nbytes, flags)
        self.received += count
        return count


class _Connection(http.client.HTTPConnection):
    """`http.client`'s connection with the socket made here: within the deadline, and wrapped
    in TLS for https (so `HTTPSConnection`'s own connect is not needed)."""

    def __init__(self, host: str, port: int, deadline: _Deadline,
                 context: ssl.SSLContext | None) -> None:
        super().__init__(host, port)
        self.default_port = 443 if context is not None else 80  # the Host header omits it
        self._deadline = deadline
        self._context = context

    def connect(self) -> None:
        sock = _connect(self.host, self.port, self._deadline)
        if self._context is not None:
            tls = self._context.wrap_socket(sock, server_hostname=self.host)
            tls.deadline = self._deadline  # type: ignore[attr-defined]
            self.sock = tls
        else:
            self.sock = sock

    def received(self) -> int:
        return int(getattr(self.sock, "received", 0))


def _connect(host: str, port: int, deadline: _Deadline) -> socket.socket:
    """Like `socket.create_connection`, with a `_DeadlineSocket` and the time left."""
    error: OSError = OSError(f"no address for {host}")
    for family, kind, proto, _, address in socket.getaddrinfo(host, port, 0,
                                                              socket.SOCK_STREAM):
        sock = _DeadlineSocket(family, kind, proto)
        sock.deadline = deadline
        try:
            sock.settimeout(deadline.remaining())
            sock.connect(address)
        except OSError as exc:
            sock.close()
            error = exc
            if isinstance(exc, TimeoutError):
                break
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    raise error


def tls_context(verify: bool = True, cafile: str | None = None) -> ssl.SSLContext:
    if verify:
        context = ssl.create_default_context(cafile=cafile)
    else:
        context = ssl._create_unverified_context()  # the registry asked for it explicitly
    context.sslsocket_class = _DeadlineSSLSocket
    return context


def request(url: str, timeout: float, *, method: str = "GET", body: bytes | None = None,
            headers: dict[str, str] | None = None, verify_tls: bool = True,
            cafile: str | None = None, max_body: int = 1024 * 1024,
            clock: Callable[[], float] = time.monotonic) -> Answer:
    """Send one request and read the answer, all within `timeout` seconds. Raises
    `HttpFault` for anything but an HTTP answer (any status, redirects included)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise HttpFault("scheme", visible(parts.scheme or url[:40]))
    deadline = _Deadline(timeout, clock)
    https = parts.scheme.lower() == "https"
    try:
        port = parts.port or (443 if https else 80)
    except ValueError as exc:  # a port out of range or not a number
        raise HttpFault("scheme", visible(str(exc))) from None
    connection = _Connection(parts.hostname, port, deadline,
                             tls_context(verify_tls, cafile) if https else None)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, target, body=body, headers={
            "User-Agent": USER_AGENT, "Accept-Encoding": "identity", "Connection": "close",
            **(headers or {})})
        response = connection.getresponse()
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                        response.read(max_body))
        deadline.remaining()  # a body that ended just after the deadline is still too late
        return answer
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise _fault(exc, connection.received() > 0) from None
    finally:
        connection.close()


def _fault(exc: BaseException, started: bool) -> HttpFault:
    """The kind of a failure, and a short, printable detail."""
    detail = visible(str(exc) or type(exc).__name__)[:200]
    if isinstance(exc, TimeoutError):  # socket.timeout is TimeoutError
        return HttpFault("timeout", detail, started)
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        reason = getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or detail
        return HttpFault("tls", visible(str(reason))[:200], started)
    if isinstance(exc, http.client.RemoteDisconnected):  # closed before any answer
        return HttpFault("connection", detail, started)
    if isinstance(exc, http.client.HTTPException | ValueError):
        return HttpFault("protocol", f"{type(exc).__name__}: {detail}", started)
    if isinstance(exc, ConnectionRefusedError):
        return HttpFault("refused", "ECONNREFUSED", started)
    if isinstance(exc, socket.gaierror):
        return HttpFault("dns", detail, started)
    return HttpFault("connection", detail, started)
