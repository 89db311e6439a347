"""The JSON Schemas: valid against the 2020-12 metaschema, documented in Bahasa Indonesia, and
really enforcing formats on both validators (a bad timestamp must fail)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from jsonschema import Draft202012Validator

from pelihara.records import yamlio
from pelihara.records.schema import SchemaSet, load_schema_set

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))
SAMPLE = ROOT / "tests" / "corpus" / "valid" / "ringan.yaml"


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return load_schema_set(ROOT)


def sample() -> dict[str, Any]:
    data = yamlio.load_file(SAMPLE).data
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_schema_is_valid_2020_12_with_id_and_indonesian_title(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/" + path.name)
    assert schema["title"] and schema["description"]


def test_every_kind_of_record_has_a_schema() -> None:
    names = {p.name for p in SCHEMAS}
    for needed in ("case", "plan", "units", "applications", "vendors", "staff", "standard"):
        assert f"{needed}.schema.json" in names


def test_standard_yaml_matches_its_schema(schemas: SchemaSet) -> None:
    data = yamlio.load_file(ROOT / "standard.yaml").data
    assert schemas.validate("standard.schema.json", data) == []
    broken = copy.deepcopy(data)
    broken["steps"][3]["limit"] = "dua jam"
    errors = schemas.validate("standard.schema.json", broken)
    assert [(e.path, e.code) for e in errors] == [(("steps", 3, "limit"), "schema.pattern")]


@pytest.mark.parametrize("value", ["2026-02-30T10:00", "kemarin", "2026-11-28T24:00",
                                   "2026-11-28T09:30+25:00", "28-11-2026 09:30"])
def test_bad_timestamps_fail_on_both_validators(schemas: SchemaSet, value: str) -> None:
    data = sample()
    data["events"][1]["at"] = value
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        schemas.fast("case.schema.json")(data)
    errors = schemas.validate("case.schema.json", data)
    assert errors, value
    assert [e.path for e in errors] == [("events", 1, "at")]  # one message, not two
    assert errors[0].code in ("time.impossible", "time.not_understood")


def test_impossible_date_fails_the_format_check_itself(schemas: SchemaSet) -> None:
    """`2026-02-30T10:00` matches the schema's pattern, so only a real format check that
    knows the calendar can refuse it; and a bad memo date likewise."""
    data = sample()
    data["events"][1]["at"] = "2026-02-30T10:00"
    data["events"][0]["memo"]["date"] = "2026-02-29"
    errors = schemas.validate("case.schema.json", data)
    assert sorted((e.path, e.code) for e in errors) == [
        (("events", 0, "memo", "date"), "time.impossible"),
        (("events", 1, "at"), "time.impossible")]


@pytest.mark.parametrize("value", ["2026-11-28T09:30", "2026-11-28 09:30:15",
                                   "2026-11-28T09:30:00+07:00", "2026-11-28T02:30:00Z"])
def test_good_timestamps_pass(schemas: SchemaSet, value: str) -> None:
    data = sample()
    data["events"][1]["at"] = value
    schemas.fast("case.schema.json")(data)
    assert schemas.validate("case.schema.json", data) == []


def _mutations() -> list[tuple[str, dict[str, Any]]]:
    """Single changes to a valid case: every event loses each field in turn, every event
    changes kind, and a few wrong types."""
    result = []
    base = sample()
    for index, event in enumerate(base["events"]):
        for key in event:
            data = copy.deepcopy(base)
            del data["events"][index][key]
            result.append((f"events[{index}] without {key}", data))
        for kind in ("submitted", "monitoring", "assigned", "vendor_notified", "coordinated",
                     "held", "cancelled", "correction", "note", "escalated", "restored"):
            data = copy.deepcopy(base)
            data["events"][index]["event"] = kind
            result.append((f"events[{index}] as {kind}", data))
    for key, value in (("id", 7), ("events", {}), ("origin", "telepon"), ("title", "abc")):
        data = copy.deepcopy(base)
        data[key] = value
        result.append((f"{key}={value!r}", data))
    return result


def test_compiled_validator_agrees_with_jsonschema(schemas: SchemaSet) -> None:
    """The fast path (fastjsonschema plus our if/then optimisation) must accept exactly what
    jsonschema accepts, or a bad file could slip through as valid."""
    fast = schemas.fast("case.schema.json")
    slow = schemas.slow("case.schema.json")
    mutations = _mutations()
    rejected = 0
    for label, data in mutations:
        try:
            fast(data)
            fast_ok = True
        except fastjsonschema.JsonSchemaValueException:
            fast_ok = False
        slow_ok = not list(slow.iter_errors(data))
        assert fast_ok == slow_ok, label
        rejected += not slow_ok
    assert len(mutations) > 100 and 0 < rejected < len(mutations)


def test_schemas_never_fetch_from_the_network() -> None:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://pelihara.setneg.go.id/schemas/x.schema.json", "title": "x",
              "$ref": "https://example.com/elsewhere.json"}
    from pelihara.core.errors import PeliharaError

    with pytest.raises(PeliharaError) as caught:
        SchemaSet({"x.schema.json": schema}).fast("x.schema.json")
    assert caught.value.code == "check.schema_ref"
