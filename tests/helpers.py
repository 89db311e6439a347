"""Plain helpers shared by test modules (importable; conftest.py is not meant to be)."""

from __future__ import annotations

import io
import os
import shutil
import socketserver
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "repo"
"""The tests' own records: registries, cases, plans, monitoring, complaints, surveys and
evidence, a frozen copy of the samples. The samples at the repository's root are an office's
to replace; no test reads them. The standard and the schemas are Pelihara's: from the root."""
RECORDS = ("standard.yaml", "registry", "cases", "evidence", "plans", "schemas", "monitoring",
           "complaints", "surveys")


def origin(name: str) -> Path:
    """Where a test repository's `name` comes from: the fixtures for records and registries,
    the repository's root for the standard, the schemas and everything else."""
    fixture = FIXTURES / name
    return fixture if fixture.exists() else ROOT / name


@dataclass
class CliResult:
    """What a `pelihara` subprocess returned."""

    code: int
    out: str
    err: str


@contextmanager
def running(server: socketserver.BaseServer) -> Iterator[None]:
    """`server` (bound to 127.0.0.1 port 0 by the caller) answering on a daemon thread while
    the block runs; shut down and closed after it, whatever the block did."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def copy_records(target: Path, *extra: str) -> Path:
    """The tests' records with the standard and schemas (and `extra` paths, e.g. site/ and
    mkdocs.yml) copied to `target`, which is not a git repository."""
    target.mkdir(parents=True, exist_ok=True)
    for name in (*RECORDS, *extra):
        found = origin(name)
        if found.is_dir():
            shutil.copytree(found, target / name)
        elif found.is_file():
            shutil.copy2(found, target / name)
    return target


RULES = ("standard.yaml", "registry", "schemas", "plans")
"""What a repository needs before its first case: the standard, registries, schemas, plans."""


def copy_rules(target: Path, *extra: str) -> Path:
    """A repository with the rules (and `extra` paths) of this one and no records."""
    target.mkdir(parents=True, exist_ok=True)
    for name in (*RULES, *extra):
        found = origin(name)
        (shutil.copytree if found.is_dir() else shutil.copy2)(found, target / name)
    return target


def pel(root: Path, *args: str) -> tuple[int, str, str]:
    """The real CLI entry point, in-process (dozens of calls would be slow as subprocesses),
    on the repository at `root`: exit code, stdout, stderr."""
    from pelihara.cli.main import main  # local: helpers stay importable without the package

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([*args, "--repo", str(root)])
    return code, out.getvalue(), err.getvalue()


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """`git args` in `root`, with the process environment plus `env`: its stdout."""
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env={**os.environ, **env} if env else None).stdout


def git_env(when: str = "2026-11-27T16:00:00+07:00", name: str = "Dewi Lestari",
            email: str = "dewi@setneg.go.id") -> dict[str, str]:
    """A pinned author and committer (`name`, `email`) at `when`, and no user or system git
    configuration: what makes a test's commits the same on every machine."""
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def pin_git(monkeypatch: pytest.MonkeyPatch, when: str = "2026-11-27T16:00:00+07:00",
            name: str = "Dewi Lestari", email: str = "dewi@setneg.go.id") -> None:
    """`git_env` set for the rest of the test, so that commits made in-process or by a
    `pelihara ... --commit` subprocess get the pinned names and dates too."""
    for key, value in git_env(when, name, email).items():
        monkeypatch.setenv(key, value)


def committed(root: Path, monkeypatch: pytest.MonkeyPatch,
              when: str = "2026-11-27T16:00:00+07:00") -> Path:
    """`root` made a git repository with one commit, as Dewi Lestari (a registered address)
    at `when`, and no user or system git configuration."""
    pin_git(monkeypatch, when)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "awal")
    return root


def point_registry(root: Path, endpoints: dict[str, list[dict[str, Any]]]) -> None:
    """Give the applications named in `endpoints` those endpoints, and the others none."""
    path = root / "registry" / "applications.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for app in data["applications"]:
        app.pop("endpoints", None)
        if app["id"] in endpoints:
            app["endpoints"] = endpoints[app["id"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
