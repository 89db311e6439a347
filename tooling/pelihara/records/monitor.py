"""Real monitoring probes (B.2b): HTTP(S) checks of each application's registered endpoints,
written as a monitoring record, optionally opening a case for a failing application.

An edge: it opens sockets and reads the clock (latency only; the session's times come from
the caller's `now`). One record per application per run; checks run one after another so the
latency figures are not disturbed by each other.
"""

from __future__ import annotations

import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pelihara.i18n.messages import render

MAX_BODY = 1024 * 1024
"""Bytes read when looking for `expect_text`: health pages are small, a huge one is not read."""


@dataclass(frozen=True)
class Endpoint:
    url: str
    expect_status: int = 200
    expect_text: str | None = None
    timeout: float = 10.0
    verify_tls: bool = True

    @classmethod
    def from_registry(cls, raw: dict[str, Any]) -> Endpoint:
        return cls(str(raw["url"]), int(raw.get("expect_status", 200)), raw.get("expect_text"),
                   float(raw.get("timeout", 10)), bool(raw.get("verify_tls", True)))


@dataclass(frozen=True)
class ProbeResult:
    """`error` is None when the endpoint answered as expected, else one of timeout, refused,
    tls, dns, connection, status, text. `latency_ms` is wall time to the full answer."""

    endpoint: Endpoint
    status: int | None
    latency_ms: int
    error: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    def detail(self, lang: str = "id") -> str:
        return render(f"probe.{self.error or 'ok'}", self.params, lang)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer worth recording as it is (a login page, a moved service)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def probe(endpoint: Endpoint, cafile: str | None = None,
          clock: Callable[[], float] = time.monotonic) -> ProbeResult:
    """GET `endpoint.url` once and judge the answer. Never raises for network faults."""
    if endpoint.verify_tls:
        context = ssl.create_default_context(cafile=cafile)
    else:
        context = ssl._create_unverified_context()  # the registry asked for it explicitly
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context),
                                         _NoRedirect())
    request = urllib.request.Request(endpoint.url, headers={"User-Agent": "pelihara-monitor"})
    start = clock()
    status: int | None = None
    body = b""
    try:
        try:
            with opener.open(request, timeout=endpoint.timeout) as response:
                status = int(response.status)
                body = response.read(MAX_BODY)
        except urllib.error.HTTPError as exc:  # 4xx/5xx (and 3xx, not followed) still answer
            status = int(exc.code)
            body = exc.read(MAX_BODY) if exc.fp is not None else b""
            exc.close()
    except (urllib.error.URLError, OSError) as exc:
        return _failure(endpoint, exc, _ms(clock() - start))
    latency = _ms(clock() - start)
    params = {"status": status, "latency_ms": latency, "expect_status": endpoint.expect_status,
              "expect_text": endpoint.expect_text or ""}
    if status != endpoint.expect_status:
        return ProbeResult(endpoint, status, latency, "status", params)
    if endpoint.expect_text and endpoint.expect_text not in body.decode("utf-8", "replace"):
        return ProbeResult(endpoint, status, latency, "text", params)
    return ProbeResult(endpoint, status, latency, None, params)


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


def _failure(endpoint: Endpoint, exc: BaseException, latency: int) -> ProbeResult:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    params: dict[str, Any] = {"timeout": f"{endpoint.timeout:g}", "error": str(reason)}
    if isinstance(reason, TimeoutError | socket.timeout) or "timed out" in str(reason):
        kind = "timeout"
    elif isinstance(reason, ssl.SSLError | ssl.CertificateError):
        kind = "tls"
        params["error"] = getattr(reason, "verify_message", None) or getattr(
            reason, "reason", None) or str(reason)
    elif isinstance(reason, ConnectionRefusedError):
        kind = "refused"
        params["error"] = "ECONNREFUSED"
    elif isinstance(reason, socket.gaierror):
        kind = "dns"
    else:
        kind = "connection"
    return ProbeResult(endpoint, None, latency, kind, params)


def check_entry(result: ProbeResult) -> dict[str, Any]:
    """One `checks:` item of a monitoring record."""
    entry: dict[str, Any] = {"name": f"GET {result.endpoint.url}",
                             "target": result.endpoint.url,
                             "expect_status": result.endpoint.expect_status}
    if result.endpoint.expect_text:
        entry["expect_text"] = result.endpoint.expect_text
    if result.status is not None:
        entry["status"] = result.status
    entry["latency_ms"] = result.latency_ms
    entry["result"] = "ok" if result.ok else "fail"
    if not result.ok:
        entry["error"] = result.error
    entry["detail"] = result.detail("id")
    return entry


def session_record(
    ident: str, application: str, name: str, officer: str, started: datetime,
    results: Sequence[ProbeResult], iso: Callable[[datetime], str],
) -> dict[str, Any]:
    """The monitoring record of one application's probes. `ended` is `started` plus the summed
    latencies, rounded up to the second, so the session's length is what the probes took."""
    elapsed_ms = sum(r.latency_ms for r in results)
    ended = started + timedelta(seconds=-(-elapsed_ms // 1000))
    failing = [r for r in results if not r.ok]
    record: dict[str, Any] = {
        "id": ident, "application": application, "officer": officer, "method": "probe",
        "started": iso(started), "ended": iso(ended),
        "checks": [check_entry(r) for r in results],
        "result": "gangguan" if failing else "normal",
    }
    if failing:
        record["findings"] = [{"summary": render("probe.finding", {
            "application": name, "detail": "; ".join(f"{r.endpoint.url}: {r.detail('id')}"
                                                      for r in failing)}, "id")}]
    return record
