"""A new pin of the `holidays` package is a rules change like any other: it may not move a past
holiday. `check --base` fetches the base's version with pip (here from a local folder of real
wheel files, `PIP_FIND_LINKS` with no index) and compares its days with the installed one's."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pelihara.core.calendar import package_holidays
from trust_office import Office, errors, make_office, warnings

PINNED = 'dependencies = ["holidays==0.1.0"]\n'
INSTALLED = 'dependencies = ["holidays>=0.109,<0.110"]\n'


def wheel(folder: Path, days: dict[int, list[str]]) -> Path:
    """A real wheel `holidays-0.1.0` whose `country_holidays` gives exactly `days`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "holidays-0.1.0-py3-none-any.whl"
    module = ("import datetime\n__version__ = '0.1.0'\n"
              f"DAYS = {days!r}\n"
              "def country_holidays(country, categories=(), language=None, years=None):\n"
              "    return {datetime.date.fromisoformat(d): 'Libur' "
              "for d in DAYS.get(years, [])}\n")
    info = "holidays-0.1.0.dist-info"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holidays/__init__.py", module)
        archive.writestr(f"{info}/METADATA",
                         "Metadata-Version: 2.1\nName: holidays\nVersion: 0.1.0\n")
        archive.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\n"
                         "Root-Is-Purelib: true\nTag: py3-none-any\n")
        archive.writestr(f"{info}/RECORD", "")
    return path


def real_days() -> dict[int, list[str]]:
    return {year: sorted(str(d) for d in package_holidays(year)) for year in (2024, 2025, 2026)}


@pytest.fixture
def office(tmp_path: Path) -> Office:
    made = make_office(tmp_path / "repo", tmp_path / "keys")
    made.write("pyproject.toml", "[project]\nname = \"catatan\"\n" + PINNED)
    made.commit("Pin holidays", "hendra")
    made.branch("upgrade")
    made.replace("pyproject.toml", PINNED, INSTALLED)
    made.commit("Naikkan holidays", "hendra")
    return made


def check_with(office: Office, links: Path) -> tuple[int, list[dict[str, object]]]:
    office.extra_env = {"PIP_FIND_LINKS": str(links), "PIP_NO_INDEX": "1"}
    return office.check_base()


def test_a_pin_that_moves_a_past_holiday_is_refused(office: Office, tmp_path: Path) -> None:
    days = real_days()
    assert "2026-08-17" in days[2026]  # Hari Kemerdekaan, long past on 27 November 2026
    days[2026] = [d for d in days[2026] if d != "2026-08-17"]
    code, found = check_with(office, wheel(tmp_path / "wheels", days).parent)
    assert code == 1 and "rules.retroactive_holidays" in errors(found)
    message = next(f["message"] for f in found if f["code"] == "rules.retroactive_holidays")
    assert "2026-08-17" in str(message)


def test_a_pin_that_changes_only_future_days_passes(office: Office, tmp_path: Path) -> None:
    days = real_days()
    days[2026] = [*days[2026], "2026-12-31"]  # a new day off after today: not retroactive
    code, found = check_with(office, wheel(tmp_path / "wheels", days).parent)
    assert code == 0 and warnings(found) == {"rules.changed"} and errors(found) == set()


def test_a_base_pin_that_cannot_be_fetched_is_a_finding(office: Office,
                                                        tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, found = check_with(office, tmp_path / "empty")
    assert code == 1 and errors(found) == {"rules.holidays_unverifiable"}
