"""The repository stands alone: its code, tests, benchmarks and docs name no file outside it
(planning notes such as a design or style document, a shared folder), and every module, name
or source file they point at exists."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tooling" / "pelihara"
SCANNED = ("tooling", "tests", "benchmarks", "site", "schemas", "registry", ".github",
           ".gitlab", ".ci", "README.md", "pyproject.toml", "mkdocs.yml", "standard.yaml",
           ".gitlab-ci.yml", ".pre-commit-hooks.yaml", "CODEOWNERS")
SKIPPED = {"node_modules", "__pycache__", "artifacts", ".mypy_cache", ".ruff_cache"}
TEXT = {".py", ".md", ".yaml", ".yml", ".toml", ".j2", ".js", ".css", ".sh", ".html", ".json",
        ".txt", ""}
OUTSIDE = re.compile("|".join((r"\bDESIGN" r"\.md\b", r"\bSTYLE" r"\.md\b", "/work" "/shared",
                               r"\.\./" "shared/")))
"""Built from pieces, so this file does not name them itself."""
DOTTED = re.compile(r"(?<![\w/@.-])pelihara((?:\.[A-Za-z_]\w*)+)")
NOT_MODULES = {"yml", "yaml", "json", "log", "css", "js", "git", "toml", "txt", "md", "html",
               "setneg"}
"""`pelihara.<these>` is a file name or a host, not a module."""
SOURCE = re.compile(r"(?<![\w/.-])((?:tooling|tests|benchmarks|pelihara|core|records|check|"
                    r"documents|cli|i18n)/[\w/-]+\.py)\b")


def files() -> Iterator[Path]:
    for name in SCANNED:
        top = ROOT / name
        if top.is_file():
            yield top
            continue
        for folder, subfolders, names in os.walk(top):
            subfolders[:] = sorted(s for s in subfolders if s not in SKIPPED)  # not node_modules
            yield from (Path(folder) / n for n in sorted(names))


def texts() -> Iterator[tuple[str, str]]:
    for path in files():
        if path.suffix in TEXT and path != Path(__file__).resolve() and not path.is_symlink():
            yield (path.relative_to(ROOT).as_posix(),
                   path.read_text(encoding="utf-8", errors="replace"))


def lines(pattern: re.Pattern[str]) -> Iterator[tuple[str, re.Match[str]]]:
    for rel, text in texts():
        for number, line in enumerate(text.splitlines(), 1):
            for match in pattern.finditer(line):
                yield f"{rel}:{number}", match


@cache
def defined(module: Path) -> frozenset[str]:
    """Names a module defines or imports at any level (classes, functions, assignments)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return frozenset(names)


def resolves(parts: list[str]) -> bool:
    """`pelihara.<parts>`: the longest module prefix exists and the rest starts with a name
    that module defines."""
    for cut in range(len(parts), -1, -1):
        base = PACKAGE.joinpath(*parts[:cut])
        module = base.with_suffix(".py") if cut else PACKAGE / "__init__.py"
        if cut and not module.is_file():
            module = base / "__init__.py"
        if module.is_file():
            return cut == len(parts) or parts[cut] in defined(module)
    return False


def test_no_file_names_a_document_outside_the_repository() -> None:
    found = [f"{where}: {match[0]}" for where, match in lines(OUTSIDE)]
    assert not found, "name the repository's own docs instead:\n" + "\n".join(found)


def test_every_dotted_pelihara_name_exists() -> None:
    dangling = [f"{where}: {match[0]}" for where, match in lines(DOTTED)
                if match[1].split(".")[1] not in NOT_MODULES
                and not resolves(match[1].split(".")[1:])]
    assert not dangling, "\n".join(dangling)


def test_every_named_source_file_exists() -> None:
    def exists(ref: str) -> bool:
        first = ref.split("/", 1)[0]
        if first in ("tooling", "tests", "benchmarks"):
            return (ROOT / ref).is_file()
        if first == "pelihara":
            return (ROOT / "tooling" / ref).is_file()
        return (PACKAGE / ref).is_file()

    dangling = [f"{where}: {match[1]}" for where, match in lines(SOURCE) if not exists(match[1])]
    assert not dangling, "\n".join(dangling)


def test_the_checks_see_what_they_look_for() -> None:
    """The patterns are not blind: each finds a dangling reference of its kind."""
    assert OUTSIDE.search("see " + "DESIGN" + ".md") and OUTSIDE.search("/work" + "/shared/x")
    assert OUTSIDE.search("source: ../" + "shared/standard/standar.txt")
    assert not resolves(["reports", "sources"]) and not resolves(["basecheck"])
    assert resolves(["check", "basecheck"]) and resolves(["core", "sla", "to_json"])
    assert not resolves(["core", "sla", "no_such_name"])
    match = SOURCE.search("(records/no_such_module.py)")
    assert match and not (PACKAGE / match[1]).is_file()
