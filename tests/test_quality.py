"""The code base stays clean: ruff and mypy pass, the packages keep their layers (import-linter),
and the pure core reads no clock and opens no file."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tooling" / "pelihara"

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
"""import-linter's command, from this environment (never the developer's PATH)."""
# What import-linter cannot see: a call. The core never reads the clock or opens a file.
FORBIDDEN_CALLS = {"now", "today", "utcnow", "open", "read_text", "read_bytes"}


def python_files() -> list[Path]:
    """Our Python files: the package, the tests and the benchmarks (not npm's folders)."""
    found = []
    for folder in ("tooling/pelihara", "tests", "benchmarks"):
        for top, subfolders, names in os.walk(ROOT / folder):
            subfolders[:] = [s for s in subfolders if s != "node_modules"]
            found += [Path(top) / n for n in names if n.endswith(".py")]
    return sorted(found)


def test_linters_are_pinned_and_installed_at_the_pin() -> None:
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["optional-dependencies"]["test"]
    for name in ("ruff", "mypy", "types-PyYAML", "import-linter"):
        pins = [re.fullmatch(rf"{name}==([\w.]+)", r) for r in extra if r.startswith(name)]
        assert len(pins) == 1 and pins[0], f"{name} is not pinned with == in the test extra"
        assert version(name) == pins[0].group(1), f"{name} {version(name)} installed"


def test_ruff_checks_unused_arguments_and_complexity() -> None:
    """The rules stay on, the threshold stays McCabe's, and exceptions stay few."""
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["ruff"]["lint"]
    assert {"ARG", "C90"} <= set(lint["select"])
    assert lint["mccabe"]["max-complexity"] == 10
    sources = python_files()
    marker = "noqa: " + "C901"  # in two pieces, so this line is not one of them
    exempt = [f"{path.relative_to(ROOT)}:{number}" for path in sorted(sources)
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if marker in line]
    assert len(exempt) <= 3, exempt


def test_ruff_clean() -> None:
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "tooling", "tests",
                           "benchmarks"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_clean() -> None:
    """mypy checks every Python file of the package, the tests and the benchmarks."""
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ours = python_files()
    assert f"no issues found in {len(ours)} source files" in proc.stdout, proc.stdout


def lint_imports(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """import-linter with pyproject.toml's contracts in `cwd`, no cache left behind."""
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", "pyproject.toml"],
                          cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True,
                          check=False)


def test_the_layers_and_the_pure_core_hold() -> None:
    """[tool.importlinter]: every package under pelihara/ is in a layer, none imports a layer
    above it (so no cycles), and no I/O module reaches the core, directly or indirectly."""
    proc = lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 2 kept, 0 broken." in proc.stdout, proc.stdout


def test_the_contracts_catch_io_reached_through_another_package(tmp_path: Path) -> None:
    """The twin: a core module that reaches git and the file system only through
    records/gitio.py (its own import lines name no I/O module, which a scan of import lines
    lets pass) breaks both contracts, named with the chain of imports."""
    package = tmp_path / "src" / "pelihara"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    probe = "clockwork"  # a module only this test's copy has
    (package / "core" / f"{probe}.py").write_text(
        '"""Looks pure."""\n\nfrom pelihara.records import gitio\n\n__all__ = ["gitio"]\n',
        encoding="utf-8")
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    proc = lint_imports(tmp_path, PYTHONPATH=str(tmp_path / "src"))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Contracts: 0 kept, 2 broken." in proc.stdout, proc.stdout
    assert f"pelihara.core.{probe} -> pelihara.records.gitio" in proc.stdout
    for module in ("git", "os", "tempfile"):
        assert f"pelihara.core is not allowed to import {module}:" in proc.stdout, proc.stdout
    assert "pelihara.records.gitio -> git" in proc.stdout


def test_the_core_reads_no_clock_and_opens_no_file() -> None:
    files = sorted((PACKAGE / "core").rglob("*.py"))
    assert len(files) >= 30
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert called not in FORBIDDEN_CALLS, \
                    f"{path.relative_to(ROOT)} calls {called}() at {node.lineno}"
