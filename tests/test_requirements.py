"""The requirements of section C are read, not only written down (issue 10, item 12).

Each requirement's check runs because standard.yaml's `requirements:` names it: removing the
entry removes the check, and only that check. C.1.e checks documentation, C.1.c competence by
grade, C.2 the memo's addressee; the B.5b notice must copy the reporting unit itself."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, origin
from pelihara.check import run_check
from pelihara.check.opcheck import operations_provider
from pelihara.core.findings import Finding
from pelihara.core.timeparse import parse_time

ROOT = Path(__file__).resolve().parents[1]
NOW = parse_time("2026-11-27T17:00")

OPENING = """\
# yaml-language-server: $schema=../../../schemas/case.schema.json
id: PML-20261123-{suffix}
title: Aplikasi tidak dapat dibuka
application: {application}
unit: biro-sdm
origin: memo
standard_version: "2026.1"
events:
  - event: submitted
    at: "2026-11-23T08:00:00+07:00"
{memo}  - event: received
    at: "2026-11-23T08:30:00+07:00"
    by: dewi
  - event: assigned
    at: "2026-11-23T09:00:00+07:00"
    by: hendra
    officers: [{officers}]
  - event: analysed
    at: "2026-11-23T10:30:00+07:00"
    by: {analyst}
    severity: {severity}
    findings: Layanan berhenti.
"""
MEMO = """\
    memo:
      number: M-7/SDM/11/2026
      date: "2026-11-23"
      sender: Kepala Biro SDM
      to: {to}
"""


def case(suffix: str, *, application: str = "kepegawaian", memo: bool = True,
         to: str = "hendra", officers: str = "andi, budi", analyst: str = "andi",
         severity: str = "ringan", extra: str = "") -> tuple[str, str]:
    rel = f"cases/2026/11/PML-20261123-{suffix}.yaml"
    text = OPENING.format(suffix=suffix, application=application,
                          memo=MEMO.format(to=to) if memo else "", officers=officers,
                          analyst=analyst, severity=severity)
    return rel, text + extra


# requirement id → (the one case that breaks only it, the code it gives)
BROKEN = {
    "C.1.b": (case("C1B", memo=False), "requirement.memo_missing"),
    "C.1.c": (case("C1C", officers="dewi", analyst="dewi"), "requirement.grade_too_low"),
    "C.1.e": (case("C1E", application="presensi"), "readiness.missing"),
    "C.1.f": (case("C1F", application="keuangan"), "readiness.missing"),
    "C.1.g": (case("C1G", application="perencanaan"), "readiness.missing"),
    "C.2": (case("C2X", to="andi"), "requirement.memo_not_to_head"),
}


def repository(tmp_path: Path, standard: str | None = None, *, plans: bool = True) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("registry", "schemas", *(("plans",) if plans else ())):
        shutil.copytree(origin(name), root / name)
    (root / "standard.yaml").write_text(
        standard or (ROOT / "standard.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return root


def place(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def findings(root: Path) -> list[Finding]:
    return run_check(root, None, NOW, [operations_provider]).findings


def requirement_codes(root: Path) -> dict[str, set[str]]:
    """Per requirement id, the codes of the findings its broken case got for it."""
    out: dict[str, set[str]] = {ident: set() for ident in BROKEN}
    for f in findings(root):
        for ident, ((rel, _), _) in BROKEN.items():
            if f.file == rel and (f.params.get("requirement") == ident
                                  or ident in str(f.params.get("requirements", ""))):
                out[ident].add(f.code)
    return out


def without(ident: str) -> str:
    """standard.yaml with the requirement entry `ident` removed."""
    text = (ROOT / "standard.yaml").read_text(encoding="utf-8")
    entry = re.compile(rf"  - id: {re.escape(ident)}\n(    .*\n|      .*\n)*")
    assert entry.search(text), ident
    return entry.sub("", text, count=1)


def test_every_requirement_check_finds_its_broken_case(tmp_path: Path) -> None:
    root = repository(tmp_path)
    for (rel, text), _ in BROKEN.values():
        place(root, rel, text)
    codes = requirement_codes(root)
    assert codes == {ident: {code} for ident, (_, code) in BROKEN.items()}
    errors = [f for f in findings(root) if f.severity.value == "error"]
    assert {f.file for f in errors} == {BROKEN[i][0][0] for i in ("C.1.b", "C.1.c", "C.2")}


@pytest.mark.parametrize("ident", sorted(BROKEN))
def test_removing_a_requirement_removes_its_check_and_only_it(tmp_path: Path,
                                                              ident: str) -> None:
    root = repository(tmp_path, without(ident))
    for (rel, text), _ in BROKEN.values():
        place(root, rel, text)
    codes = requirement_codes(root)
    assert codes[ident] == set()
    assert all(codes[other] == {code} for other, (_, code) in BROKEN.items() if other != ident)


def test_plan_exists_is_read_from_its_entry_too(tmp_path: Path) -> None:
    """C.1.a: a year with open cases and no approved plan, with and without the entry."""
    root = repository(tmp_path, plans=False)
    place(root, *case("C1A"))
    assert [f.params["requirement"] for f in findings(root) if f.code == "plan.missing"] == [
        "C.1.a"]
    shutil.rmtree(root)
    root = repository(tmp_path, without("C.1.a"), plans=False)
    place(root, *case("C1A"))
    assert not any(f.code == "plan.missing" for f in findings(root))


def test_an_unknown_check_name_stops_the_standard(tmp_path: Path) -> None:
    text = (ROOT / "standard.yaml").read_text(encoding="utf-8").replace(
        "check: competence", "check: competense")
    root = repository(tmp_path, text)
    found = [f for f in findings(root) if f.code == "standard.unknown_check"]
    assert [(f.file, f.params["check"], f.params["requirement"]) for f in found] == [
        ("standard.yaml", "competense", "C.1.c")]


def test_competence_compares_grade_levels(tmp_path: Path) -> None:
    """B.4 asks for Ahli Pertama (level 2): a Mahir (level 2) meets it, a Terampil does not, and
    someone without a recorded grade is named; the assigned officers are judged like the
    analyst, each at its own position."""
    staff = (FIXTURES / "registry/staff.yaml").read_text(encoding="utf-8")
    root = repository(tmp_path)
    (root / "registry/staff.yaml").write_text(
        staff.replace("    grade: ahli_pertama\n", "    grade: mahir\n", 1), encoding="utf-8")
    place(root, *case("GRA", officers="budi, dewi, ratna", analyst="budi"))
    found = [(f.code, f.params["id"], f.line) for f in findings(root)
             if f.code.startswith("requirement.grade")]
    assert found == [("requirement.grade_too_low", "dewi", 22),
                     ("requirement.grade_unknown", "ratna", 22)]
    assert "grade: mahir" in (root / "registry/staff.yaml").read_text(encoding="utf-8")


def test_a_staff_grade_must_be_one_the_standard_knows(tmp_path: Path) -> None:
    root = repository(tmp_path)
    staff = root / "registry/staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8").replace(
        "grade: terampil", "grade: ahli_muda_sekali"), encoding="utf-8")
    found = [f for f in findings(root) if f.code == "ref.unknown_grade"]
    assert [(f.file, f.params["value"]) for f in found] == [
        ("registry/staff.yaml", "ahli_muda_sekali")]


def test_the_memo_goes_to_the_kepala_biro_or_the_acting_head_that_day(tmp_path: Path) -> None:
    root = repository(tmp_path)
    place(root, *case("TRH", to="ratna"))
    place(root, *case("TXK", memo=True, to="hendra"))
    text = (root / "cases/2026/11/PML-20261123-TXK.yaml").read_text(encoding="utf-8")
    place(root, "cases/2026/11/PML-20261123-TXK.yaml", text.replace("      to: hendra\n", ""))
    found = {(Path(f.file).stem, f.code) for f in findings(root)
             if f.code.startswith("requirement")}
    assert found == {("PML-20261123-TRH", "requirement.memo_not_to_head"),
                     ("PML-20261123-TXK", "requirement.memo_addressee_missing")}
    staff = root / "registry/staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8").replace(
        "    role: kepala_bagian\n",
        "    role: kepala_bagian\n    acting_head:\n      - {from: \"2026-11-23\", until: "
        "\"2026-11-27\", basis: \"Surat Perintah Plh. Nomor SP-12/2026\"}\n"), encoding="utf-8")
    assert not any(f.code == "requirement.memo_not_to_head" for f in findings(root))


VENDOR = """\
  - event: vendor_notified
    at: "2026-11-23T13:30:00+07:00"
    by: andi
    vendor: garuda-teknologi
    letter: {{number: B-1/BDI/11/2026, date: "2026-11-23"}}
    tembusan: [{copies}]
"""


@pytest.mark.parametrize(("copies", "faulty"), [("biro-umum", True), ("biro-umum, biro-sdm", False),
                                                ("biro-sdm", False)])
def test_the_vendor_notice_copies_the_reporting_unit(tmp_path: Path, copies: str,
                                                     faulty: bool) -> None:
    root = repository(tmp_path)
    place(root, *case("TBS", severity="berat", extra=VENDOR.format(copies=copies)))
    found = [(f.code, f.line) for f in findings(root) if f.code == "evidence.tembusan_unit"]
    assert found == ([("evidence.tembusan_unit", 33)] if faulty else [])
