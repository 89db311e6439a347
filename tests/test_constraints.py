"""constraints.txt pins every package, and everything that installs Pelihara uses it: this
environment (made by tests/setup.sh) holds exactly those versions, and the README, setup.sh
and the record repository's CI templates install with `-c constraints.txt`."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import distributions
from pathlib import Path

import yaml

from pelihara.check.basecheck import is_rules_file
from pelihara.records import holidaypin

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = "constraints.txt"
NOT_PINNED = {"pelihara", "pip", "setuptools", "wheel"}
"""Pelihara itself (installed from the checkout) and the installer's own tools."""


def canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    """`name==version` lines of a constraints file; anything else but comments is refused."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)", line)
        assert match, f"{CONSTRAINTS}: {line!r} is not an exact pin (name==version)"
        assert canonical(match[1]) not in found, f"{CONSTRAINTS}: {match[1]} pinned twice"
        found[canonical(match[1])] = match[2]
    return found


def requirement_names(requirements: list[str]) -> set[str]:
    names = set()
    for requirement in requirements:
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        assert match, requirement
        names.add(canonical(match[0]))
    return names


PINS = pins((ROOT / CONSTRAINTS).read_text(encoding="utf-8"))
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_every_dependency_of_pyproject_is_pinned() -> None:
    declared = requirement_names(PROJECT["dependencies"])
    extras = requirement_names([r for extra in PROJECT["optional-dependencies"].values()
                                for r in extra])
    assert {"mkdocs-material", "holidays", "jsonschema"} <= declared
    assert not declared - PINS.keys(), f"runtime dependencies missing from {CONSTRAINTS}"
    assert not extras - PINS.keys(), f"test dependencies missing from {CONSTRAINTS}"


def test_this_environment_holds_exactly_the_pinned_versions() -> None:
    """setup.sh installed with the constraints, and the file names every transitive package:
    a dependency added to pyproject.toml without rerunning tests/lock.sh fails here."""
    installed = {canonical(d.metadata["Name"]): d.version for d in distributions()}
    unpinned = sorted(set(installed) - PINS.keys() - NOT_PINNED)
    assert not unpinned, f"installed but not in {CONSTRAINTS} (run tests/lock.sh): {unpinned}"
    wrong = {name: (pinned, installed.get(name)) for name, pinned in PINS.items()
             if installed.get(name) != pinned}
    assert not wrong, f"pinned vs installed: {wrong}"


def test_holidays_pin_is_the_one_check_base_reads() -> None:
    """The lock file is a rules file, and its exact `holidays` pin is what `check --base`
    compares (it wins over pyproject.toml's range)."""
    assert is_rules_file(CONSTRAINTS) and CONSTRAINTS in holidaypin.PIN_FILES
    texts = {name: (ROOT / name).read_bytes() for name in ("pyproject.toml", CONSTRAINTS)}
    assert holidaypin.pin(texts) == f"holidays=={PINS['holidays']}"


def _installs(commands: list[str]) -> list[str]:
    found = [c for c in commands if re.search(r"\bpip(?:3)?\b.*\binstall\b", c)
             and "--upgrade pip" not in c]
    assert found, "no pip install found"
    return found


def test_setup_readme_and_ci_templates_install_with_the_constraints() -> None:
    setup = (ROOT / "tests" / "setup.sh").read_text(encoding="utf-8").splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_command = readme.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    github = yaml.safe_load((ROOT / ".github" / "workflows" / "pelihara.yml").read_text(
        encoding="utf-8"))
    github_runs = [str(step.get("run", "")) for job in github["jobs"].values()
                   for step in job["steps"]]
    sources = {"tests/setup.sh": [line for line in setup if not line.lstrip().startswith("#")],
               "README.md": first_command,
               ".gitlab-ci.yml": [str(line) for line in gitlab["default"]["before_script"]],
               ".github/workflows/pelihara.yml": github_runs}
    for source, commands in sources.items():
        for command in _installs(commands):
            assert f"-c {CONSTRAINTS}" in command, f"{source}: {command!r}"
    cached = [step["with"] for job in github["jobs"].values() for step in job["steps"]
              if str(step.get("uses", "")).startswith("actions/setup-python")]
    assert cached and all(w.get("cache-dependency-path") == CONSTRAINTS for w in cached)
