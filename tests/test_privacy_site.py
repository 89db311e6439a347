"""Personal data and confidentiality (UU 27/2022) on the built site.

The default build is for the whole organisation: a real `pelihara site build` of the
repository's records, then every output file (pages, the search index, the sitemap, scripts,
anything) is searched for every NIP, telephone number or extension and e-mail address found in
the records, and for the texts of the confidential sample case. None may appear. The staff
build of the same records must contain them, so the search is shown to find what it looks for.
The sensitive values are collected from the record files with this test's own patterns, not
with the code under test.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from helpers import FIXTURES, origin
from pelihara.core.privacy import PUBLIC_FIELDS, Audience, public_registries, redact_text
from pelihara.core.registries import NAMES, Registries, Registry
from pelihara.core.timeparse import parse_time
from pelihara.site.data import load_context
from site_helpers import build, site_copy

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CONFIDENTIAL = "PML-20261124-S3K"
RECORD_FOLDERS = ("registry", "cases", "complaints", "monitoring", "plans", "surveys")


def record_texts() -> Iterator[str]:
    """Every string in every record file (keys and values), as YAML reads it."""
    def walk(value: object) -> Iterator[str]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield str(key)
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif value is not None:
            yield str(value)

    for folder in RECORD_FOLDERS:
        for path in sorted((origin(folder)).rglob("*.yaml")):
            yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")))


def sensitive() -> dict[str, set[str]]:
    texts = list(record_texts())
    joined = "\n".join(texts)
    staff = yaml.safe_load((FIXTURES / "registry/staff.yaml").read_text(encoding="utf-8"))
    nips = {str(s["nip"]) for s in staff["staff"] if s.get("nip")}
    nips |= set(re.findall(r"(?<!\d)\d{18}(?!\d)", joined))
    emails = set(re.findall(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", joined))
    phones = set(re.findall(r"(?:ext|telp|hp|wa)\.?\s*:?\s*(\+?\d[\d -]{2,}\d)", joined, re.I))
    phones |= set(re.findall(r"(?<![\w/.-])(?:\+62|0)\d{2,3}[ -]?\d{3,4}[ -]?\d{3,5}(?![\w/-])",
                             joined))
    case = yaml.safe_load((FIXTURES / "cases/2026/11" / f"{CONFIDENTIAL}.yaml").read_text("utf-8"))
    secret = {case["title"], *_sentences(case["description"])}
    for event in case["events"]:
        for key in ("findings", "cause"):
            if key in event:
                secret |= set(_sentences(event[key]))
        for key in ("memo", "letter", "meeting"):
            item = event.get(key) or {}
            if "number" in item:
                secret.add(item["number"])
            if "minutes" in item:
                secret.add(item["minutes"])
        for document in event.get("documents") or []:
            secret |= {document["file"], document["sha256"]}
    return {"nip": nips, "email": emails, "phone": phones, "confidential": secret}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[.;]\s", " ".join(text.split())) if len(s) > 20]


def forms(value: str) -> set[str]:
    """How a value can be written in an output file: as is, HTML-escaped, JSON-escaped."""
    return {value, html.escape(value), html.escape(value, quote=False),
            json.dumps(value)[1:-1]}


def found_in(folder: Path, values: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", "replace")
        for kind, items in values.items():
            for value in items:
                # Digits only count as a number of their own: 2410 inside a timestamp is not it.
                pattern = "|".join(re.escape(f) for f in forms(value))
                if kind in ("nip", "phone"):
                    pattern = rf"(?<![\d]){pattern}(?![\d])"
                if re.search(pattern, text):
                    hits.append((path.relative_to(folder).as_posix(), kind, value))
    return hits


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("privacy")
    root = site_copy(tmp / "repo")
    out = {}
    for audience, extra in (("organisation", ()), ("staff", ("--audience", "staff"))):
        result = build(root, tmp / audience, *extra)
        assert result.returncode == 0, result.stderr
        out[audience] = tmp / audience
    return out


def test_the_records_hold_what_the_test_looks_for() -> None:
    values = sensitive()
    assert len(values["nip"]) >= 7 and len(values["phone"]) >= 10 and values["email"]
    assert any("ext" not in p and p.startswith("3") for p in values["phone"])  # 3105 etc.
    assert len(values["confidential"]) >= 8


def test_default_site_holds_no_personal_data_and_no_confidential_text(
        builds: dict[str, Path]) -> None:
    site = builds["organisation"]
    assert (site / "search/search_index.json").is_file()
    assert found_in(site, sensitive()) == []
    assert not list(site.rglob("*.yaml"))  # no raw record files


def test_staff_site_holds_them_so_the_search_is_real(builds: dict[str, Path]) -> None:
    hits = {kind for _, kind, _ in found_in(builds["staff"], sensitive())}
    assert hits >= {"nip", "phone", "confidential"}
    assert (builds["staff"] / "kasus" / CONFIDENTIAL / f"{CONFIDENTIAL}.yaml").is_file()


def test_confidential_case_shows_id_application_step_deadline_verdict(
        builds: dict[str, Path]) -> None:
    page = (builds["organisation"] / "kasus" / CONFIDENTIAL / "index.html").read_text()
    assert CONFIDENTIAL in page and "Kasus rahasia" in page
    assert "SIMKEU (Sistem Informasi Keuangan)" in page
    assert "B.8 Perbaikan teknis dan uji coba sistem" in page
    assert "30 Nov 2026 15.00 WIB" in page and "tepat waktu" in page
    assert "Biro Keuangan" not in page  # the unit is not among what it shows
    listing = (builds["organisation"] / "kasus/index.html").read_text()
    row = next(r for r in listing.split("<tr") if CONFIDENTIAL in r)
    assert "Kasus rahasia" in row and "Biro Keuangan" not in row
    assert not (builds["organisation"] / "laporan" / CONFIDENTIAL).exists()


def test_officers_by_name_and_position(builds: dict[str, Path]) -> None:
    report = (builds["organisation"] / "laporan/PML-20261103-4QX/index.html").read_text()
    assert "Andi Pratama, S.Kom." in report and "Pranata Komputer Ahli Muda" in report
    assert "NIP" not in report
    page = (builds["organisation"] / "kasus/PML-20261103-4QX/index.html").read_text()
    assert "Sri Wahyuni, Subbagian Tata Usaha" in page and "ext." not in page


@pytest.mark.parametrize(("text", "kept"), [
    ("Sri Wahyuni, Subbagian Tata Usaha (ext. 3105)", "Sri Wahyuni, Subbagian Tata Usaha"),
    ("Hubungi telp. 021-384 5031 atau HP 0812 3456 7890.",
     "Hubungi [telepon disembunyikan] atau [telepon disembunyikan]."),
    ("NIP 19720415 199803 1 002", "[NIP disembunyikan]"),
    ("surel andi.pratama@setneg.go.id", "surel [surel disembunyikan]"),
    ("Memo M-112/BU/TU/11/2026 tanggal 2026-11-03 pukul 08.00", None),
    ("Server 10.0.12.7 port 8443, kontrak KTR-0412/BDI/2026", None),
])
def test_redaction_keeps_numbers_that_are_not_personal(text: str, kept: str | None) -> None:
    assert redact_text(text) == (text if kept is None else kept)


def test_a_confidential_application_makes_its_cases_confidential(repo_copy: Path) -> None:
    path = repo_copy / "registry/applications.yaml"
    text = path.read_text().replace("  - id: jdih\n", "  - id: jdih\n    confidential: true\n")
    path.write_text(text)
    now = parse_time("2026-11-28T09:00")
    ctx = load_context(repo_copy, now, with_history=False)
    jdih = {r.id for r in ctx.cases if r.case.application == "jdih"}
    assert jdih and jdih <= ctx.confidential
    assert all(r.case.title == "Kasus rahasia" and not r.case.description
               for r in ctx.cases if r.id in jdih)
    staff = load_context(repo_copy, now, with_history=False, audience=Audience.STAFF)
    assert not staff.confidential
    assert all(r.case.title != "Kasus rahasia" for r in staff.cases)
    assert "nip" in next(iter(staff.repo.registries["staff"].values()))
    assert all(set(s) <= {"id", "name", "position", "role", "grade"}
               for s in ctx.repo.registries["staff"].values())


def test_every_registry_has_an_allow_list() -> None:
    assert set(PUBLIC_FIELDS) == set(NAMES)


def test_the_public_registries_keep_only_the_dates_of_an_acting_head() -> None:
    """The organisation-wide site needs to know who headed the bureau on a day, nothing more:
    an acting head's dates stay, the appointment's text and every address go."""
    staff = {"ratna": {"id": "ratna", "name": "Ratna", "role": "kepala_bagian",
                       "emails": ["ratna@setneg.go.id"], "nip": "197809232005012001",
                       "acting_head": [{"from": "2026-12-01", "until": "2026-12-15",
                                        "basis": "ND-123/2026 a.n. ratna@setneg.go.id"}]}}
    public = public_registries(Registries(staff=Registry(staff)))
    assert public.staff["ratna"] == {"id": "ratna", "name": "Ratna", "role": "kepala_bagian",
                                     "acting_head": [{"from": "2026-12-01",
                                                      "until": "2026-12-15"}]}
    assert public.people.heads_at("ratna", parse_time("2026-12-10T09:00"))
    assert not public.people.heads_at("ratna", parse_time("2026-12-16T09:00"))
