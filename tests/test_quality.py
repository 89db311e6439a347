"""The code base stays clean: ruff and mypy pass, and the pure core imports no edge."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tooling" / "pelihara"

# The pure core never touches a clock, a file, git, click, jinja2 or mkdocs.
CORE = sorted(p.stem for p in (PACKAGE / "core").glob("*.py"))
FORBIDDEN_IMPORTS = {"git", "subprocess", "jinja2", "mkdocs", "os", "shutil", "socket",
                     "urllib", "http", "pathlib", "time"}
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
    for name in ("ruff", "mypy", "types-PyYAML"):
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
    assert len(exempt) <= 5, exempt


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


def test_core_is_pure() -> None:
    checked = 0
    for name in CORE:
        path = PACKAGE / "core" / f"{name}.py"
        if not path.exists():
            continue
        checked += 1
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                roots = {(node.module or "").split(".")[0]}
            else:
                roots = set()
            assert not roots & FORBIDDEN_IMPORTS, f"{name}.py imports {roots & FORBIDDEN_IMPORTS}"
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert called not in FORBIDDEN_CALLS, f"{name}.py calls {called}() at {node.lineno}"
    assert checked >= 5
