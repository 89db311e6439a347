"""The "Catat langkah" form's data, built from the standard and the case schema: the legal
next steps come from the workflow replay, each field's rules from the schema, and every
option it writes exists in the command it writes (no drift between the form and the CLI)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from pelihara.cli.main import build_parser
from pelihara.core.timeparse import parse_time
from pelihara.site import step_form
from pelihara.site.context import SiteContext
from pelihara.site.data import load_context

NOW = parse_time("2026-11-28T09:00")


@pytest.fixture(scope="module")
def ctx(repo_root: Path) -> SiteContext:
    return load_context(repo_root, NOW, with_history=False)


def form(ctx: SiteContext, case_id: str) -> dict[str, Any] | None:
    record = next(r for r in ctx.cases if r.id == case_id)
    return step_form.case_data(ctx, record)


def test_legal_next_steps_follow_the_workflow(ctx: SiteContext) -> None:
    assert form(ctx, "PML-20261103-4QX") is None  # closed
    assert form(ctx, "PML-20261124-S3K") is None  # confidential on the organisation's site
    analysis = form(ctx, "PML-20261126-K7P")
    assert analysis is not None and analysis["next"] == ["analysed", "held", "note", "cancelled"]
    assert analysis["ends"] == {"analysed": "B.4"} and analysis["step"] == "B.4"
    minor = form(ctx, "PML-20261125-D2X")  # ringan, repairing: escalation is legal
    assert minor is not None and "escalated" in minor["next"]
    held = form(ctx, "PML-20261116-5GW")
    assert held is not None and held["next"] == ["resumed", "note", "cancelled"]


def test_b9_requires_a_document_from_the_case_version(ctx: SiteContext) -> None:
    report = form(ctx, "PML-20261124-G8Y")  # at B.9 under 2026.1: no document required
    assert report is not None and report["next"][0] == "reported"
    assert report["required"] == {}


def test_field_rules_come_from_the_schema(ctx: SiteContext) -> None:
    kinds = step_form.spec(ctx)["kinds"]
    analysed = {f["name"]: f for f in kinds["analysed"]["fields"]}
    assert analysed["findings"]["required"] and analysed["findings"]["rules"]["minLength"] == 1
    assert analysed["severity"]["rules"]["enum"] == ["ringan", "berat"]
    assert not analysed["components"]["required"]
    assert set(analysed["components"]["rules"]["items"]["enum"]) >= {"software", "database"}
    cancelled = {f["name"]: f for f in kinds["cancelled"]["fields"]}
    assert cancelled["reason"]["rules"]["enum"] == ["duplikat", "bukan_kerusakan", "ditarik",
                                                    "lainnya"]  # the cancel branch's own enum
    assert cancelled["duplicate_of"]["rules"]["pattern"].startswith("^PML-")
    notified = {f["name"]: f for f in kinds["vendor_notified"]["fields"]}
    assert notified["letter.number"]["required"] and notified["letter.date"]["required"]
    assert notified["tembusan"]["rules"]["minItems"] == 1
    coordinated = {f["name"]: f for f in kinds["coordinated"]["fields"]}
    assert not coordinated["meeting.date"]["required"]  # optional inside a required meeting
    assert coordinated["meeting.attendees"]["required"]


def test_every_field_the_schema_requires_is_on_the_form(ctx: SiteContext) -> None:
    schema = step_form.Schema(ctx.repo)
    for kind, fields in step_form.FIELDS.items():
        required, _ = schema.required(kind)
        assert required <= {f.path[0] for f in fields}, kind


def test_every_option_the_form_writes_exists(ctx: SiteContext) -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions
                    if isinstance(a, argparse._SubParsersAction)).choices
    for kind, entry in step_form.spec(ctx)["kinds"].items():
        options = {o for action in commands[entry["command"]]._actions
                   for o in action.option_strings}
        for field in entry["fields"]:
            assert field["option"] in options, (kind, field["option"])
    registries = step_form.spec(ctx)["choices"]
    assert ["andi", "Andi Pratama, S.Kom. — Pranata Komputer Ahli Muda"] in registries["staff"]
