"""Shared fixtures. Feature areas keep their own fixtures in their test modules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import CliResult, copy_records


@pytest.fixture(scope="session")
def repo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only repository of the tests' own records (tests/fixtures/repo with the standard,
    schemas, site pages and mkdocs.yml), made once per session: never the sample records."""
    return copy_records(tmp_path_factory.mktemp("fixtures") / "repo", "site", "mkdocs.yml")


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's records (standard, registries, cases, plans)."""
    return copy_records(tmp_path / "repo")


@pytest.fixture
def cli(repo_root: Path) -> Callable[..., CliResult]:
    """Run the real `pelihara` entry point in a subprocess, as a user would (by default in the
    tests' own repository, `repo_root`)."""

    def run(*args: str, cwd: Path | None = None, input: str | None = None) -> CliResult:
        proc = subprocess.run(
            [sys.executable, "-m", "pelihara.cli.main", *args],
            cwd=cwd or repo_root,
            capture_output=True,
            text=True,
            input=input,
            timeout=600,
            check=False,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run
