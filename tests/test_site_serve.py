"""`pelihara site serve` for real: editing a plan's title and a complaint shows both on the
next rebuild, with `--now` fixed (a process-wide cache keyed by folder and time once hid such
edits until the server restarted)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import NOW, site_copy

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(check: Callable[[], bool], what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"not seen within {seconds:.0f} s: {what}")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_shows_edits_to_plans_and_complaints(tmp_path: Path) -> None:
    root = site_copy(tmp_path / "repo")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("PELIHARA_NOW",
                                                            "SOURCE_DATE_EPOCH")}
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pelihara.cli.main", "site", "serve", "--now", NOW,
         "--dev-addr", f"127.0.0.1:{port}", "--repo", str(root)],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        plan = root / "plans" / "2026.yaml"
        title = next(line.split(":", 1)[1].strip() for line in
                     plan.read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
        _wait_for(lambda: title in _page(f"{base}/program-kerja/"), "the plan's title")
        _replace(plan, f"title: {title}", "title: Program Kerja Disunting Saat Serve")
        _wait_for(lambda: "Program Kerja Disunting Saat Serve" in
                  _page(f"{base}/program-kerja/"), "the edited plan title")
        complaint = root / "complaints" / "2026" / "KLH-20261126-6QM.yaml"
        _replace(complaint, "title: Jadwal pemeliharaan preventif diumumkan lebih awal",
                 "title: Pengaduan disunting saat serve")
        _wait_for(lambda: "Pengaduan disunting saat serve" in _page(f"{base}/pengaduan/"),
                  "the edited complaint")
        assert "Program Kerja Disunting Saat Serve" in _page(f"{base}/program-kerja/")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_stopping_pelihara_stops_the_server_it_started(tmp_path: Path) -> None:
    """SIGTERM to `pelihara site serve` alone (as a service manager or `kill PID` sends it,
    not to the whole group as a terminal's Ctrl-C does) also stops MkDocs: no server is left
    holding the port."""
    root = site_copy(tmp_path / "repo")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pelihara.cli.main", "site", "serve", "--now", NOW,
         "--dev-addr", f"127.0.0.1:{port}", "--repo", str(root)],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        _wait_for(lambda: "Pelihara" in _page(f"http://127.0.0.1:{port}/"), "the site")
        proc.terminate()
        proc.wait(timeout=30)
        _wait_for(lambda: _page(f"http://127.0.0.1:{port}/") == "", "the port let go", 30)
    finally:
        with contextlib.suppress(ProcessLookupError):  # gone already, as it should be
            os.killpg(proc.pid, signal.SIGKILL)
