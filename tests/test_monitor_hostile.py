"""`pelihara monitor` against misbehaving servers (issue 13, rows 13–15), each a real server on
127.0.0.1 (port 0): every probe ends within its deadline whatever the server does, any
protocol fault is one failed endpoint and the run goes on, and only http(s) is ever requested.

Each server speaks raw bytes over a socket, so it can break HTTP in ways `http.server` will not;
each script ends by itself (bounded bytes and time) or when the probe hangs up.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import CliResult, point_registry, running
from pelihara.records.monitor import Endpoint, probe

Script = Callable[[socket.socket], None]
RAW = "\x1b"


def _drip(head: bytes, tail: bytes, every: float) -> Script:
    def script(conn: socket.socket) -> None:
        conn.sendall(head)
        for byte in tail:
            time.sleep(every)
            conn.sendall(bytes([byte]))
    return script


def _send(data: bytes) -> Script:
    return lambda conn: conn.sendall(data)


OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nstatus OK"
SCRIPTS: dict[str, Script] = {
    "ok": _send(OK),
    # 1 byte every 0.4 s: each read is quick, the whole answer takes 20 s.
    "drip": _drip(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", b"x" * 50, 0.4),
    "slow-headers": _drip(b"HTTP/1.1 200 OK\r\n", b"X-Pelan: " + b"y" * 40 + b"\r\n\r\n", 0.3),
    "bad-status": _send(b"HTTP/1.1 2\x1b[32m00 SEMUA BERES\r\n\r\n"),
    "not-http": _send(b"SSH-2.0-OpenSSH_9.6\r\n"),
    "huge-header": _send(b"HTTP/1.1 200 OK\r\nX-Besar: " + b"a" * 70_000 + b"\r\n\r\n"),
    "many-headers": _send(b"HTTP/1.1 200 OK\r\n"
                          + b"".join(b"X-H%d: v\r\n" % i for i in range(150)) + b"\r\n"),
    "broken-chunks": _send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                           b"ZZZ\r\nstatus OK\r\n0\r\n\r\n"),
}


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(30)
        self.server.hits.append(self.path())
        with contextlib.suppress(OSError):  # the probe hung up first: expected
            self.server.script(conn)

    def path(self) -> str:
        data = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = self.request.recv(4096)
                if not chunk:
                    break
                data += chunk
        return data.split(b" ")[1].decode() if data.count(b" ") >= 2 else ""


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, script: Script) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.hits: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextlib.contextmanager
def serving(script: Script) -> Iterator[_Server]:
    server = _Server(script)
    with running(server):
        yield server


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, _Server]]:
    with contextlib.ExitStack() as stack:
        yield {name: stack.enter_context(serving(script)) for name, script in SCRIPTS.items()}


@pytest.mark.parametrize("name", ["drip", "slow-headers"])
def test_a_slow_answer_ends_at_the_deadline_and_fails(servers: dict[str, _Server],
                                                      name: str) -> None:
    started = time.monotonic()
    result = probe(Endpoint(f"{servers[name].url}/health", 200, timeout=1.0))
    took = time.monotonic() - started
    assert (result.ok, result.error, result.message) == (False, "timeout", "deadline")
    assert took < 4, f"{took:.1f} s for a 1 s deadline (the whole answer takes 16–20 s)"
    assert result.detail() == ("Tanggapan belum lengkap setelah 1 detik (batas waktu seluruh "
                               "pemeriksaan: sambung, header dan isi).")


@pytest.mark.parametrize(("name", "fragment"), [
    ("bad-status", "BadStatusLine"),
    ("not-http", "BadStatusLine"),
    ("huge-header", "LineTooLong"),
    ("many-headers", "more than 100 headers"),
    ("broken-chunks", "IncompleteRead"),
])
def test_a_protocol_error_is_a_failed_endpoint(servers: dict[str, _Server], name: str,
                                                fragment: str) -> None:
    result = probe(Endpoint(f"{servers[name].url}/health", 200, timeout=5))
    assert (result.ok, result.error) == (False, "protocol"), result
    detail = result.detail()
    assert detail.startswith("Tanggapan bukan HTTP yang sah (") and fragment in detail, detail
    assert RAW not in detail


def test_server_text_in_a_detail_is_shown_escaped(servers: dict[str, _Server]) -> None:
    detail = probe(Endpoint(f"{servers['bad-status'].url}/", 200, timeout=5)).detail("en")
    assert "\\u001b[32m00 SEMUA BERES" in detail


def test_a_redirect_to_another_host_is_not_followed(servers: dict[str, _Server]) -> None:
    other = servers["ok"]
    before = len(other.hits)
    location = f"http://localhost:{other.server_address[1]}/rahasia"
    with serving(_send(b"HTTP/1.1 302 Found\r\nLocation: " + location.encode()
                       + b"\r\nContent-Length: 0\r\n\r\n")) as redirecting:
        result = probe(Endpoint(f"{redirecting.url}/health", 200, timeout=5))
    assert (result.ok, result.status, result.error) == (False, 302, "status")
    assert result.detail("en") == (f"HTTP 302: redirected to {location} (not followed), "
                                   "expected 200.")
    assert len(other.hits) == before  # the other host was never asked


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://x/"])
def test_only_http_and_https_are_requested(url: str) -> None:
    result = probe(Endpoint(url, 200, timeout=5))
    assert (result.ok, result.error) == (False, "scheme")
    assert "root:" not in result.detail()


def test_a_healthy_server_still_passes(servers: dict[str, _Server]) -> None:
    result = probe(Endpoint(f"{servers['ok'].url}/health", 200, "OK", timeout=5))
    assert (result.ok, result.status) == (True, 200)


def test_the_run_goes_on_after_each_broken_server(
        repo_copy: Path, servers: dict[str, _Server], cli: Callable[..., CliResult]) -> None:
    point_registry(repo_copy, {
        "elearning": [{"url": f"{servers['broken-chunks'].url}/", "timeout": 5}],
        "jdih": [{"url": f"{servers['huge-header'].url}/", "timeout": 5},
                 {"url": f"{servers['drip'].url}/", "timeout": 1}],
        "kepegawaian": [{"url": f"{servers['many-headers'].url}/", "timeout": 5}],
        "persuratan": [{"url": f"{servers['bad-status'].url}/", "timeout": 5}],
        "presensi": [{"url": f"{servers['ok'].url}/health", "expect_text": "OK",
                      "timeout": 5}],
    })
    result = cli("monitor", "--officer", "maya", "--now", "2026-11-30T09:00:00+07:00",
                 "--json", "--repo", str(repo_copy))
    assert result.code == 1, result.err
    assert "Kesalahan internal" not in result.err and RAW not in result.out + result.err
    report = {item["application"]: item for item in json.loads(result.out)}
    assert {a: r["result"] for a, r in report.items()} == {
        "elearning": "gangguan", "jdih": "gangguan", "kepegawaian": "gangguan",
        "persuratan": "gangguan", "presensi": "normal"}
    assert [c["error"] for c in report["jdih"]["checks"]] == ["protocol", "timeout"]
    for item in report.values():  # every application's session was recorded
        assert (repo_copy / item["file"]).is_file()
    check = cli("check", "--now", "2026-11-30T11:00", "--repo", str(repo_copy),
                *(str(repo_copy / item["file"]) for item in report.values()))
    assert check.code == 0, check.out


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/berkas"])
def test_a_registry_with_another_scheme_stops_the_run_before_any_probe(
        repo_copy: Path, servers: dict[str, _Server], cli: Callable[..., CliResult],
        url: str) -> None:
    before = len(servers["ok"].hits)
    records = sorted((repo_copy / "monitoring").glob("*/*/*.yaml"))
    point_registry(repo_copy, {"presensi": [{"url": f"{servers['ok'].url}/", "timeout": 5}],
                                "jdih": [{"url": url}]})
    result = cli("monitor", "--officer", "maya", "--repo", str(repo_copy))
    assert result.code == 2
    assert "registry/applications.yaml:" in result.err and "schema.pattern" in result.err
    assert "tidak ada aplikasi yang diperiksa" in result.err
    assert "root:" not in result.out + result.err and "Traceback" not in result.err
    assert len(servers["ok"].hits) == before  # nothing was probed
    assert sorted((repo_copy / "monitoring").glob("*/*/*.yaml")) == records
