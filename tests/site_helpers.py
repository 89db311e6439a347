"""Helpers shared by the site tests: a buildable copy of the repository and a real build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import FIXTURES, copy_records, git_env

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-28T09:00:00+07:00"
XSS_TITLE = "<script>alert(1)</script> Gangguan \"><img src=x onerror=alert(2)> *tebal*"


def site_copy(target: Path) -> Path:
    """The records, mkdocs.yml and site/ copied to `target` (not a git repository)."""
    return copy_records(target, "site", "mkdocs.yml", ".gitlab")


def build(root: Path, out: Path, *extra: str, now: str = NOW) -> subprocess.CompletedProcess[str]:
    """`pelihara site build` for real, as a user runs it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PELIHARA_NOW", "SOURCE_DATE_EPOCH",
                                                             "CI_PROJECT_URL")}
    return subprocess.run(
        [sys.executable, "-m", "pelihara.cli.main", "site", "build", "--now", now,
         "--out", str(out), "--repo", str(root), *extra],
        cwd=root, env=env, capture_output=True, text=True, timeout=600, check=False)


def commit_all(root: Path, home: Path) -> None:
    """Make `root` a git repository with one commit of everything, by a pinned author at a
    pinned date, so the site shows a real recorded history (Riwayat pencatatan)."""
    env = {**git_env("2026-11-27T16:20:00+07:00"), "HOME": str(home), "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "catatan"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


def add_xss_case(root: Path) -> str:
    """A valid case whose free-text fields carry script payloads."""
    case_id = "PML-20261127-X55"
    text = (FIXTURES / "cases/2026/11/PML-20261103-4QX.yaml").read_text(encoding="utf-8")
    text = text.replace("PML-20261103-4QX", case_id)
    text = text.replace("title: Disposisi elektronik SIMPERSURATAN gagal terkirim",
                        f"title: '{XSS_TITLE}'")
    text = text.replace("contact: Sri Wahyuni, Subbagian Tata Usaha (ext. 3105)",
                        "contact: '\"><svg onload=alert(3)>'")
    text = text.replace("Surat masuk tetap dapat diregistrasi.",
                        "Surat masuk <b onmouseover=alert(4)>tetap</b> [x](javascript:alert(5)).")
    for old, new in (("2026-11-03", "2026-11-27"), ("2026-11-04T10:30", "2026-11-27T14:00"),
                     ("2026-11-04T11:45", "2026-11-27T15:00"), ("2026-11-04T13:20",
                                                                "2026-11-27T15:30"),
                     ("20261104", "20261127")):
        text = text.replace(old, new)
    # Keep it open at B.5a so it appears in the open-cases table too.
    text = text.split("  - event: repaired")[0]
    path = root / "cases/2026/11" / f"{case_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return case_id
