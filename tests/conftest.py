"""Shared fixtures. Feature areas keep their own fixtures in their test modules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import CliResult, copy_records

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's records (standard, registries, cases, plans)."""
    return copy_records(tmp_path / "repo")


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    """Run the real `pelihara` entry point in a subprocess, as a user would."""

    def run(*args: str, cwd: Path | None = None, input: str | None = None) -> CliResult:
        proc = subprocess.run(
            [sys.executable, "-m", "pelihara.cli.main", *args],
            cwd=cwd or ROOT,
            capture_output=True,
            text=True,
            input=input,
            timeout=600,
            check=False,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run
