"""The hostile corpus (tests/corpus/hostile/expected.yaml): each file, placed in a copy of the
records, gets its located finding or clear message and exit code from the real CLI, with no
traceback and no raw control character, in bounded CPU time and memory.

Time is the child's CPU time (user + system, from `getrusage`), not wall time: the machine is
shared, and a loaded machine must not fail a test whose program did nothing wrong. A hang
(which uses no CPU) is caught by the wall-clock guard instead.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT, copy_records
from oddfiles import make_odd

CORPUS = ROOT / "tests" / "corpus" / "hostile"
ENTRIES: list[dict[str, Any]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8"))["hostile"]
NOW = "2026-11-28T10:00"
NOW_COMMANDS = {"check", "export", "sla"}
CPU_LIMIT_S = 5.0
MEMORY_LIMIT_MB = 200
HANG_GUARD_S = 120
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
VALID_CASE = ROOT / "tests" / "corpus" / "valid" / "ringan.yaml"


def _unknown_keys() -> bytes:
    """The valid case with 55,000 unknown keys after its first line: one finding per key,
    the first on line 2."""
    modeline, rest = VALID_CASE.read_text(encoding="utf-8").split("\n", 1)
    return (modeline + "\n" + "".join(f"x{i:x}: 1\n" for i in range(55_000)) + rest).encode()


MAKERS: dict[str, Callable[[], bytes]] = {"unknown_keys": _unknown_keys}


@dataclass
class Run:
    code: int
    out: str
    err: str
    cpu_s: float
    peak_mb: float


MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
sys.exit(code if code >= 0 else 128 - code)
"""
"""Runs the CLI as its own child and writes that child's CPU time and peak memory. The test
process cannot measure it directly: Linux counts a process's memory before `exec` into its
peak, and a child forked from a pytest process that has grown to hundreds of MB (browser and
site tests run earlier in the suite) would report that size, not the CLI's."""


def run_measured(args: list[str], cwd: Path) -> Run:
    """The CLI in a child process; its exit code, output, CPU time and peak memory."""
    out_path, err_path, usage_path = cwd / ".stdout", cwd / ".stderr", cwd / ".usage"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", MEASURE, str(usage_path),
             sys.executable, "-m", "pelihara.cli.main", *args],
            cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
    guard = threading.Timer(HANG_GUARD_S, os.killpg, (proc.pid, signal.SIGKILL))
    guard.start()
    try:
        code = proc.wait()
    finally:
        guard.cancel()
    cpu_s, peak_kb = usage_path.read_text().split() if usage_path.exists() else ("inf", "inf")
    return Run(code, out_path.read_text("utf-8", "replace"),
               err_path.read_text("utf-8", "replace"), float(cpu_s), float(peak_kb) / 1024)


def place(root: Path, entry: dict[str, Any]) -> None:
    if "target" in entry:
        target = root / entry["target"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if "odd" in entry:
            make_odd(root, entry["target"], entry["odd"])
        else:
            source = CORPUS / entry["file"] if "file" in entry else None
            target.write_bytes(source.read_bytes() if source else MAKERS[entry["make"]]())
    for edit in entry.get("edit", []):
        path = root / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert text.count(edit["old"]) == 1, edit
        path.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")


def test_corpus_entries_are_distinct() -> None:
    assert len({e["name"] for e in ENTRIES}) == len(ENTRIES)
    for entry in ENTRIES:
        assert entry["exit"] in (0, 1, 2)
        assert entry.get("finding") or entry.get("stderr") or entry.get("stdout"), entry["name"]
        makers = ("file" in entry) + ("make" in entry) + ("odd" in entry)
        assert makers == ("target" in entry), entry["name"]
        assert "target" in entry or "edit" in entry, entry["name"]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_hostile_file(tmp_path: Path, entry: dict[str, Any]) -> None:
    root = copy_records(tmp_path / "repo", "site", "mkdocs.yml")
    place(root, entry)
    args = [a.replace("{target}", entry.get("target", "")) for a in entry["command"]]
    if args[0] in NOW_COMMANDS:  # results must not depend on the day the test runs
        args += ["--now", NOW]
    if args[:2] == ["site", "build"]:
        args += ["--now", NOW, "--out", str(tmp_path / "public")]
    started = time.monotonic()
    run = run_measured(["--repo", str(root), *args], root)
    wall = time.monotonic() - started
    shown = run.out + run.err
    assert run.code == entry["exit"], (run.code, shown[-2000:])
    assert "Traceback" not in shown and "Kesalahan internal" not in shown, shown[-2000:]
    assert not RAW_CONTROL.search(shown), "a raw control character reached the screen"
    assert run.cpu_s < CPU_LIMIT_S, f"{run.cpu_s:.1f} s of CPU ({wall:.1f} s wall)"
    assert run.peak_mb < MEMORY_LIMIT_MB, f"{run.peak_mb:.0f} MB"
    finding = entry.get("finding")
    if finding:
        at = finding.get("file", entry["target"])
        located = re.compile(rf"^{re.escape(at)}:{finding['line']}:\d+: "
                             rf"{re.escape(finding['code'])} ", re.MULTILINE)
        assert located.search(run.out), run.out[:2000]
    for text in entry.get("stdout", []):
        assert text in run.out, run.out[:2000]
    for text in entry.get("stderr", []):
        assert text in run.err, run.err[:2000]
    for text in entry.get("hidden", []):
        assert text not in shown, "a file that is not a record was read"
