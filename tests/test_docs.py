"""Docs cannot drift: every command, schema field, message code and step of the standard
appears on the generated reference pages (datasette's tests/test_docs.py does the same)."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pelihara.cli.main import ALIASES, COMMANDS
from pelihara.i18n import CATALOGUE
from pelihara.site.generator import generate
from pelihara.site.sections import reference

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def pages(repo_root: Path) -> dict[str, str]:
    out = generate(repo_root, NOW, with_history=False, only=["standard_page", "reference"])
    return {path: html.unescape(text) for path, text in out.pages.items()}


def property_names(node: Any) -> set[str]:
    """Every key under any `properties` of a schema, found independently of the page code."""
    names: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                names |= set(value)
            names |= property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= property_names(value)
    return names


def test_every_command_is_documented(pages: dict[str, str]) -> None:
    page = pages[reference.CLI_PAGE]
    for name in (*COMMANDS, *ALIASES):
        if name == "write":
            continue  # a module name, not a command: its commands are the ALIASES
        assert f"<code>pelihara {name}</code>" in page, name
    for nested in ("calendar minutes", "calendar deadline", "site build", "site serve",
                   "complaint route"):
        assert f"<code>pelihara {nested}</code>" in page, nested


@pytest.mark.parametrize("schema", sorted((ROOT / "schemas").glob("*.schema.json")),
                         ids=lambda p: p.name)
def test_every_schema_field_is_documented(schema: Path, pages: dict[str, str]) -> None:
    page = pages[reference.SCHEMA_PAGE]
    data = json.loads(schema.read_text(encoding="utf-8"))
    assert f"schemas/{schema.name}" in page
    documented = {cell.split(".")[-1].removesuffix("[]")
                  for cell in page.split("<td><code>")[1:] for cell in [cell.split("<")[0]]}
    missing = property_names(data) - documented
    assert not missing, f"{schema.name}: {sorted(missing)}"


def test_every_message_code_is_documented(pages: dict[str, str]) -> None:
    page = pages[reference.MESSAGE_PAGE]
    messages = [code for code, entry in CATALOGUE.items() if entry.is_message]
    assert len(messages) > 50
    for code in messages:
        assert f'id="{code}"' in page, code


def test_every_step_and_state_of_the_standard_is_documented(pages: dict[str, str],
                                                            repo_root: Path) -> None:
    from pelihara.records.repo import Repository

    standard = Repository(repo_root).standard
    page = pages["standar/index.md"]
    for step in standard.steps.values():
        assert step.id in page and step.label in page, step.id
    assert "2 jam" in page and "1 hari" in page
