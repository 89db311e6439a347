"""The calendars and feeds the site publishes, read back with the libraries subscribers' tools
are built on: `icalendar` for the .ics files, `feedparser` for the Atom feeds."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest

from helpers import copy_records
from pelihara.core import sla
from pelihara.core.calendar import calendar_for
from pelihara.core.model import Case
from pelihara.core.timeparse import WIB
from pelihara.records import yamlio
from pelihara.records.repo import Repository
from pelihara.site.generator import SiteOutput, generate

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=WIB)
SITE = "https://pelihara.setneg.go.id/"
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteOutput]:
    root = copy_records(tmp_path_factory.mktemp("feeds") / "repo")
    return root, generate(root, NOW, with_history=False, site_url=SITE)


def open_deadlines(root: Path) -> dict[str, tuple[str, datetime, str, list[str]]]:
    """Case → (open step, its deadline, unit, officers), straight from the SLA engine. The
    organisation-wide site names no officers of a confidential case (UU 27/2022)."""
    repo = Repository(root)
    calendar = calendar_for(repo.standard)
    found = {}
    for path in repo.files("case"):
        data = yamlio.load_file(path).data
        case = Case.from_data(data)
        step = sla.evaluate(repo.standard, calendar, case, NOW).open_step
        secret = data.get("confidential") is True or repo.registries.applications.entry(
            case.application).get("confidential") is True
        if step is not None and step.deadline is not None:
            found[case.id] = (step.step_id, step.deadline, case.unit,
                              [] if secret else case.officers)
    return found


def test_a_confidential_case_shows_no_title_in_any_calendar_or_feed(
        built: tuple[Path, SiteOutput]) -> None:
    root, out = built
    title = yamlio.load_file(next((root / "cases").rglob("PML-20261124-S3K.yaml"))).data["title"]
    files = {k: v for k, v in out.files.items() if k.startswith("langganan/")}
    assert any(b"PML-20261124-S3K" in v for v in files.values())  # its deadline is there
    assert not any(title.encode() in v for v in files.values())


def events(data: bytes) -> list[icalendar.Component]:
    cal = icalendar.Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    return list(cal.walk("VEVENT"))


def deadlines(data: bytes) -> dict[str, datetime]:
    return {str(e["UID"]).split("-B.")[0]: e.decoded("DTSTART") for e in events(data)
            if str(e["SUMMARY"]).startswith("Tenggat ")}


def test_the_kepala_biro_calendar_holds_every_open_deadline_in_jakarta_time(
        built: tuple[Path, SiteOutput]) -> None:
    root, out = built
    expected = open_deadlines(root)
    assert expected  # the sample data has open cases
    found = deadlines(out.files["langganan/kepala-biro.ics"])
    assert found == {case: due for case, (_, due, _, _) in expected.items()}
    for event in events(out.files["langganan/kepala-biro.ics"]):
        start = event.decoded("DTSTART")
        if isinstance(start, datetime):
            assert str(start.tzinfo) == "Asia/Jakarta"
            assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
            assert event.decoded("DTEND") - start == timedelta(minutes=15)
            case = str(event["UID"]).split("-B.")[0]
            assert str(event["URL"]) == f"{SITE}kasus/{case}/"
            assert [a.decoded("TRIGGER") for a in event.walk("VALARM")] == [timedelta(hours=-1)]


def test_each_unit_and_officer_sees_their_own_deadlines_and_maintenance(
        built: tuple[Path, SiteOutput]) -> None:
    root, out = built
    expected = open_deadlines(root)
    units = {unit for _, _, unit, _ in expected.values()}
    for unit in units:
        mine = {c: d for c, (_, d, u, _) in expected.items() if u == unit}
        assert deadlines(out.files[f"langganan/unit-{unit}.ics"]) == mine
    officers = {o for _, _, _, officers in expected.values() for o in officers}
    for officer in officers:
        mine = {c: d for c, (_, d, _, os) in expected.items() if officer in os}
        assert deadlines(out.files[f"langganan/petugas-{officer}.ics"]).items() >= mine.items()
    # Planned maintenance: all-day events from the plan, only for the unit's applications.
    umum = [e for e in events(out.files["langganan/unit-biro-umum.ics"])
            if str(e["SUMMARY"]).startswith("Pemeliharaan terjadwal")]
    assert umum and all("SIMPERSURATAN" in str(e["SUMMARY"]) for e in umum)
    days = sorted(e.decoded("DTSTART") for e in umum)
    assert days[0] == datetime(2026, 12, 1).date()  # the weekly Tuesday monitoring
    assert not any(isinstance(d, datetime) for d in days)


def test_the_unit_feed_is_atom_with_the_cases_changes_newest_first(
        built: tuple[Path, SiteOutput]) -> None:
    _, out = built
    url = f"{SITE}langganan/unit-biro-hukum.xml"
    feed = feedparser.parse(out.files["langganan/unit-biro-hukum.xml"], response_headers={
        "content-location": url, "content-type": "application/atom+xml"})
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Pelihara: perubahan kasus Biro Hukum"
    entries = feed.entries
    assert entries and all(e.title.startswith("PML-") for e in entries)
    stamps = [e.updated_parsed for e in entries]
    assert stamps == sorted(stamps, reverse=True)
    newest = entries[0]
    assert newest.id == "urn:pelihara:PML-20261119-Z3E:e8"
    assert newest.updated == "2026-11-26T10:15:00+07:00"
    assert newest.link == f"{SITE}kasus/PML-20261119-Z3E/"


def test_same_records_and_now_give_the_same_bytes(built: tuple[Path, SiteOutput]) -> None:
    root, out = built
    again = generate(root, NOW, with_history=False, site_url=SITE)
    names = [k for k in out.files if k.startswith("langganan/")]
    assert names and all(out.files[k] == again.files[k] for k in names)
