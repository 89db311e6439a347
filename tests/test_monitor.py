"""`pelihara monitor` against real HTTP(S) servers on 127.0.0.1: healthy, slow (timeout), 500,
refusing connections, and a self-signed certificate."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import ipaddress
import json
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from helpers import point_registry, running
from pelihara.records import yamlio
from pelihara.records.monitor import Endpoint, probe


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(2)
        code, body = {"/500": (500, b"Internal Server Error")}.get(self.path, (200, b"status: OK"))
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle(self) -> None:
        # The probe gave up first (the timeout case): expected, not an error.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass


def _serve(context: ssl.SSLContext | None = None) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    scheme = "http"
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    with running(server):
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def http_url() -> Iterator[str]:
    yield from _serve()


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made here so no file is checked in."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture(scope="module")
def https_url(cert: tuple[Path, Path]) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*cert)
    yield from _serve(context)


@pytest.fixture(scope="module")
def refused_url() -> str:
    """A port that was just free: nothing listens there, so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_healthy_with_expected_text(http_url: str) -> None:
    result = probe(Endpoint(f"{http_url}/health", 200, "OK", timeout=5))
    assert (result.ok, result.status, result.error) == (True, 200, None)
    assert result.latency_ms >= 0
    assert result.detail() == f"HTTP 200 dalam {result.latency_ms} ms."


def test_expected_text_missing(http_url: str) -> None:
    result = probe(Endpoint(f"{http_url}/health", 200, "SEHAT", timeout=5))
    assert (result.ok, result.status, result.error) == (False, 200, "text")
    assert result.detail() == "HTTP 200, tetapi teks 'SEHAT' tidak ada di tanggapan."


def test_server_error(http_url: str) -> None:
    result = probe(Endpoint(f"{http_url}/500", 200, timeout=5))
    assert (result.ok, result.status, result.error) == (False, 500, "status")
    assert result.detail("en") == "HTTP 500, expected 200."


def test_slow_server_times_out(http_url: str) -> None:
    result = probe(Endpoint(f"{http_url}/slow", 200, timeout=0.3))
    assert (result.ok, result.status, result.error) == (False, None, "timeout")
    assert result.detail() == "Tidak ada tanggapan dalam 0.3 detik."


def test_refused(refused_url: str) -> None:
    result = probe(Endpoint(refused_url, 200, timeout=5))
    assert (result.ok, result.status, result.error) == (False, None, "refused")
    assert result.detail() == "Koneksi ditolak (ECONNREFUSED)."


def test_self_signed_certificate_fails(https_url: str) -> None:
    result = probe(Endpoint(f"{https_url}/health", 200, timeout=5))
    assert (result.ok, result.status, result.error) == (False, None, "tls")
    assert "self-signed certificate" in result.detail()


def test_trusted_certificate_passes(https_url: str, cert: tuple[Path, Path]) -> None:
    """The same server passes once its certificate is trusted: the TLS failure above is the
    certificate, not the connection."""
    result = probe(Endpoint(f"{https_url}/health", 200, "OK", timeout=5), cafile=str(cert[0]))
    assert (result.ok, result.status) == (True, 200)


def _normalise(record: dict[str, Any]) -> dict[str, Any]:
    """Latency and the end time depend on the machine; everything else must match exactly."""
    for check in record["checks"]:
        assert isinstance(check.pop("latency_ms"), int)
        if check["result"] == "ok":
            assert check.pop("detail").startswith("HTTP 200 dalam ")
    assert record.pop("ended") >= record["started"]
    return record


def test_monitor_writes_records_and_opens_one_case(
    repo_copy: Path, http_url: str, https_url: str, refused_url: str,
    cli: Callable[..., Any],
) -> None:
    # Start without cases, so which sample cases happen to be open does not matter here.
    shutil.rmtree(repo_copy / "cases")
    (repo_copy / "cases").mkdir()
    point_registry(repo_copy, {
        "persuratan": [{"url": f"{http_url}/health", "expect_status": 200, "expect_text": "OK",
                        "timeout": 5}],
        "jdih": [{"url": f"{http_url}/500", "expect_status": 200, "timeout": 5},
                 {"url": refused_url, "expect_status": 200, "timeout": 5}],
        "presensi": [{"url": f"{https_url}/", "expect_status": 200, "timeout": 5}],
        "elearning": [{"url": f"{http_url}/slow", "expect_status": 200, "timeout": 0.3}],
    })
    now = "2026-11-30T09:00:00+07:00"
    result = cli("monitor", "--officer", "maya", "--open-cases", "--now", now, "--json",
                 "--repo", str(repo_copy))
    assert result.code == 1, result.err
    report = {item["application"]: item for item in json.loads(result.out)}
    assert sorted(report) == ["elearning", "jdih", "persuratan", "presensi"]
    assert [report[a]["result"] for a in sorted(report)] == \
        ["gangguan", "gangguan", "normal", "gangguan"]

    jdih = yamlio.load_file(repo_copy / report["jdih"]["file"]).data
    case_id = report["jdih"]["case"]
    assert report["jdih"]["case_opened"] is True
    assert _normalise(jdih) == {
        "id": report["jdih"]["record"], "application": "jdih", "officer": "maya",
        "method": "probe", "started": now,
        "checks": [
            {"name": f"GET {http_url}/500", "target": f"{http_url}/500", "expect_status": 200,
             "status": 500, "result": "fail", "error": "status",
             "detail": "HTTP 500, seharusnya 200."},
            {"name": f"GET {refused_url}", "target": refused_url, "expect_status": 200,
             "result": "fail", "error": "refused", "detail": "Koneksi ditolak (ECONNREFUSED)."},
        ],
        "result": "gangguan",
        "findings": [{
            "summary": "Pemantauan otomatis: JDIH Setneg (Jaringan Dokumentasi dan Informasi "
                       f"Hukum) gagal diperiksa — {http_url}/500: HTTP 500, seharusnya 200.; "
                       f"{refused_url}: Koneksi ditolak (ECONNREFUSED).",
            "case": case_id, "case_opened": True}],
    }
    persuratan = yamlio.load_file(repo_copy / report["persuratan"]["file"]).data
    assert _normalise(persuratan)["checks"] == [
        {"name": f"GET {http_url}/health", "target": f"{http_url}/health", "expect_status": 200,
         "expect_text": "OK", "status": 200, "result": "ok"}]
    assert "findings" not in persuratan
    assert report["presensi"]["checks"][0]["error"] == "tls"
    assert report["elearning"]["checks"][0]["error"] == "timeout"

    case = yamlio.load_file(next(repo_copy.glob(f"cases/*/*/{case_id}.yaml"))).data
    assert case["origin"] == "monitoring"
    assert case["unit"] == "biro-hukum"
    assert case["events"] == [{"event": "monitoring", "at": now, "by": "maya", "monitoring": {
        "record": report["jdih"]["record"], "finding": jdih["findings"][0]["summary"]}}]

    # Run again: the failing applications keep their open case; nothing is duplicated.
    cases_before = sorted(p.name for p in repo_copy.glob("cases/*/*/*.yaml"))
    again = cli("monitor", "jdih", "--officer", "maya", "--open-cases", "--now",
                "2026-11-30T10:00:00+07:00", "--json", "--repo", str(repo_copy))
    assert again.code == 1, again.err
    (item,) = json.loads(again.out)
    assert (item["case"], item["case_opened"]) == (case_id, False)
    assert sorted(p.name for p in repo_copy.glob("cases/*/*/*.yaml")) == cases_before

    opened = {report[a]["case"] for a in ("elearning", "jdih", "presensi")}
    assert len(opened) == 3
    assert all(report[a]["case_opened"] for a in ("elearning", "jdih", "presensi"))

    # What the monitor wrote passes `pelihara check` (schema, workflow, references).
    written = [report[a]["file"] for a in report] + [
        str(p.relative_to(repo_copy)) for p in repo_copy.glob("cases/*/*/*.yaml")]
    check = cli("check", "--now", "2026-11-30T11:00", "--format", "json", "--repo",
                str(repo_copy), *(str(repo_copy / w) for w in written))
    errors = [f for f in json.loads(check.out) if f["severity"] == "error"
              and f["file"] in written]
    assert errors == []


def test_monitor_usage_errors(repo_copy: Path, cli: Callable[..., Any]) -> None:
    result = cli("monitor", "--officer", "nobody", "--repo", str(repo_copy))
    assert result.code == 2
    assert "Pegawai 'nobody' tidak ada di registry/staff.yaml." in result.err
    assert "Traceback" not in result.err
    result = cli("monitor", "sim-x", "--officer", "maya", "--repo", str(repo_copy), "--lang", "en")
    assert result.code == 2
    assert "Application 'sim-x' is not in registry/applications.yaml." in result.err


def test_scheduled_monitoring_runs_as_the_bot_and_commits_its_records(
    repo_copy: Path, http_url: str, cli: Callable[..., Any],
) -> None:
    """What the `monitor` schedule runs: no --officer (the registry's bot is the officer),
    --commit (one commit of the records and any case opened, authored by the bot)."""
    shutil.rmtree(repo_copy / "cases")
    (repo_copy / "cases").mkdir()
    point_registry(repo_copy, {
        "persuratan": [{"url": f"{http_url}/health", "expect_status": 200, "timeout": 5}],
        "jdih": [{"url": f"{http_url}/500", "expect_status": 200, "timeout": 5}]})
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Maya", "GIT_AUTHOR_EMAIL": "maya@setneg.go.id",
           "GIT_COMMITTER_NAME": "Maya", "GIT_COMMITTER_EMAIL": "maya@setneg.go.id"}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "awal"]):
        subprocess.run(["git", *args], cwd=repo_copy, env=env, check=True)
    result = cli("monitor", "--open-cases", "--commit", "--now", "2026-11-30T09:00:00+07:00",
                 "--json", "--repo", str(repo_copy))
    assert result.code == 1, result.err  # jdih answers 500: a case is opened
    report = {item["application"]: item for item in json.loads(result.out)}
    record = yamlio.load_file(repo_copy / report["persuratan"]["file"]).data
    assert record["officer"] == "pelihara-bot"
    log = subprocess.run(["git", "log", "-1", "--format=%an <%ae>|%s", "--name-only"],
                         cwd=repo_copy, env=env, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert log[0] == ("Pelihara (pipeline terjadwal) <pelihara-bot@setneg.go.id>|"
                      "pelihara monitor: 2 sesi pemantauan (2026-11-30T09:00:00+07:00)")
    files = sorted(line for line in log[1:] if line)
    assert [f.split("/")[0] for f in files] == ["cases", "monitoring", "monitoring"]
    assert report["jdih"]["commit"] == report["persuratan"]["commit"]
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo_copy, env=env,
                            capture_output=True, text=True, check=True).stdout
    assert status == ""
