"""Real monitoring probes (B.2b): HTTP(S) checks of each application's registered endpoints,
written as a monitoring record, optionally opening a case for a failing application.

An edge: it opens sockets and reads the clock (latency only; the session's times come from
the caller's `now`). One record per application per run; checks run one after another so the
latency figures are not disturbed by each other.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pelihara.core.escape import visible
from pelihara.i18n.messages import render
from pelihara.records import safehttp

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
    tls, dns, connection, protocol, scheme, status, text (the monitoring schema's words).
    `message` picks a finer message where one error has two stories (a timeout with no answer
    or an answer not finished: "deadline"; a wrong status that is a redirect: "redirect").
    `latency_ms` is wall time to the full answer, or to the failure."""

    endpoint: Endpoint
    status: int | None
    latency_ms: int
    error: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def detail(self, lang: str = "id") -> str:
        return render(f"probe.{self.message or self.error or 'ok'}", self.params, lang)


def probe(endpoint: Endpoint, cafile: str | None = None,
          clock: Callable[[], float] = time.monotonic) -> ProbeResult:
    """GET `endpoint.url` once, within `endpoint.timeout` seconds all told (connect, TLS,
    headers, body: `safehttp`), and judge the answer. Never raises for network or protocol
    faults: each is a failed endpoint, so a run goes on with the other applications."""
    start = clock()
    base = {"timeout": f"{endpoint.timeout:g}"}
    try:
        answer = safehttp.request(endpoint.url, endpoint.timeout, verify_tls=endpoint.verify_tls,
                                  cafile=cafile, max_body=MAX_BODY, clock=clock,
                                  headers={"User-Agent": "pelihara-monitor"})
    except safehttp.HttpFault as fault:
        # A timeout after the server began to answer is a slow answer, not a silent one.
        kind = "deadline" if fault.kind == "timeout" and fault.started else fault.kind
        error = "timeout" if kind == "deadline" else kind
        return ProbeResult(endpoint, None, _ms(clock() - start), error,
                           {**base, "error": fault.detail}, kind)
    latency = _ms(clock() - start)
    params = {"status": answer.status, "latency_ms": latency,
              "expect_status": endpoint.expect_status, "expect_text": endpoint.expect_text or "",
              "location": visible(answer.headers.get("location", ""))[:200]}
    if answer.status != endpoint.expect_status:
        kind = "redirect" if 300 <= answer.status < 400 and params["location"] else "status"
        return ProbeResult(endpoint, answer.status, latency, "status", params, kind)
    if endpoint.expect_text and endpoint.expect_text not in answer.body.decode("utf-8",
                                                                              "replace"):
        return ProbeResult(endpoint, answer.status, latency, "text", params)
    return ProbeResult(endpoint, answer.status, latency, None, params)


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


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
