"""Odd things where a record file should be, through every command (issue 13, rows 2-6).

A symlink (to a device, to /etc/passwd, to a folder outside), a folder named like a record, a
FIFO, a 3 GB sparse file, or the month folder itself a symlink: every command that reads
records (check, check FILE, check --base, sla, export, report period, site build, monitor) and
the write commands (advance by ID and by path) name the file and what it is, exit 1 or 2, and
never follow it, read it, hang on it or fail with an internal error. Nothing of /etc/passwd
ever reaches the output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import committed, copy_records, git, pel, point_registry
from oddfiles import FAILURE, ODD_KINDS, RAW_CONTROL, guarded, make_odd

CASE = "PML-20261127-RJ4"
TARGET = f"cases/2026/11/{CASE}.yaml"
NOW = "2026-11-28T16:00"
GUARD_S = 60
COMMITTABLE = {"symlink_device", "symlink_passwd", "symlink_outside_folder", "folder",
               "symlinked_folder"}
"""What git can hold (a FIFO is not added; a 3 GB file is not worth hashing here: git's own
side is bounded in records/gitio.py, tests/test_git_bounds.py)."""
WORDS = ("tautan simbolik", "folder, bukan berkas", "FIFO", "melebihi batas")
"""What the messages call the odd kinds, one of them must be said."""

COMMANDS: dict[str, list[str]] = {
    "check": ["check", "--now", NOW],
    "check_file": ["check", "{target}", "--now", NOW],
    "check_base": ["check", "--base", "HEAD~1", "--now", NOW],
    "sla": ["sla", "--now", NOW],
    "export": ["export", "cases", "--now", NOW],
    "report_period": ["report", "period", "2026-11", "--now", NOW, "--out", "{out}"],
    "advance_id": ["advance", CASE, "note", "--by", "andi", "--note", "x", "--at",
                   "2026-11-28T09:00", "--now", NOW],
    "advance_path": ["advance", TARGET, "note", "--by", "andi", "--note", "x", "--at",
                     "2026-11-28T09:00", "--now", NOW],
    "monitor": ["monitor", "--officer", "maya", "--open-cases", "--dry-run", "--now", NOW],
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_records(tmp_path / "repo", "site", "mkdocs.yml")
    # monitor: one application whose endpoint refuses at once (nothing listens on port 9)
    point_registry(root, {"persuratan": [{"url": "http://127.0.0.1:9/health",
                                          "expect_status": 200, "timeout": 2}]})
    return committed(root, monkeypatch)


def _place(root: Path, kind: str) -> str:
    at = make_odd(root, TARGET, kind)
    if kind in COMMITTABLE:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"odd: {kind}")
    else:
        git(root, "commit", "-q", "--allow-empty", "-m", "nothing git can hold")
    return at


def assert_named(command: str, code: int, shown: str, at: str) -> None:
    assert code in (1, 2), (command, code, shown[-3000:])
    for word in FAILURE:
        assert word not in shown, (command, shown[-3000:])
    assert not RAW_CONTROL.search(shown.replace("\r\n", "\n")), command  # CSV's CRLF
    assert "root:x:0:0" not in shown, "the symlink's target was read"
    assert at in shown, (command, shown[-3000:])
    assert any(word in shown for word in WORDS), (command, shown[-3000:])


@pytest.mark.parametrize("kind", ODD_KINDS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_names_an_odd_file(repo: Path, tmp_path: Path, kind: str,
                                         command: str) -> None:
    at = _place(repo, kind)
    args = [a.replace("{target}", TARGET).replace("{out}", str(tmp_path / "out"))
            for a in COMMANDS[command]]
    with guarded(GUARD_S):
        code, out, err = pel(repo, *args)
    assert_named(command, code, out + err, at)


@pytest.mark.parametrize("kind", ODD_KINDS)
def test_site_build_names_an_odd_file(repo: Path, tmp_path: Path, kind: str) -> None:
    """The Pages job: the site is still built (another month's case has its page), the odd
    file is named, and the build fails (exit 1) so the merge request shows it."""
    at = _place(repo, kind)
    run = subprocess.run([sys.executable, "-m", "pelihara.cli.main", "site", "build", "--now",
                          NOW, "--out", str(tmp_path / "public"), "--repo", str(repo)],
                         cwd=repo, capture_output=True, text=True, errors="replace",
                         timeout=GUARD_S * 2, stdin=subprocess.DEVNULL)
    assert_named("site build", run.returncode, run.stdout + run.stderr, at)
    assert (tmp_path / "public" / "kasus" / "PML-20261006-H2T" / "index.html").is_file()
