"""The `holidays` package pin: its data is the calendar, so a new pin is a rules change.

Libur nasional and cuti bersama come from the `holidays` package (see `core/calendar.py`),
pinned in pyproject.toml (and in a lock file, where there is one). A release can move or add a
holiday, which would change past working minutes. When a merge request changes the pin,
`pelihara check --base` compares the days of the version the base pinned with the version
installed for the check (the merge request's): it fetches the base's wheel with pip, the
ordinary client, from the project's package index (or `PIP_FIND_LINKS`), unpacks it into a
temporary folder and asks it, in a separate isolated Python process, for the holidays of
each year. Nothing is installed. A base version that cannot be fetched is a finding, never a
silent pass.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from pelihara.core.calendar import package_holidays

PIN_FILES = ("pyproject.toml", "constraints.txt", "requirements.txt", "requirements.lock",
             "pylock.toml")
"""Where the pin is written; a lock file's exact pin wins over pyproject.toml's range."""
_PIN = re.compile(r"""(?im)(?:^|["'])\s*(holidays\s*(?:===?|~=|>=|<=|<|>|!=)[^"'\n#;]*)""")
"""A requirement line of a lock file, or a quoted one in pyproject.toml."""
_ASK = """
import json, sys
sys.path.insert(0, sys.argv[1])
import holidays
out = {}
for year in json.loads(sys.argv[2]):
    days = holidays.country_holidays("ID", categories=("public", "government"),
                                     language="id", years=year)
    out[year] = sorted(str(d) for d in days if d.year == year)
print(json.dumps({"version": getattr(holidays, "__version__", "?"), "days": out}))
"""
TIMEOUT = 300


class Unavailable(Exception):
    """The pinned version could not be fetched or asked; `detail` says why."""


def pin(texts: Mapping[str, bytes]) -> str | None:
    """The `holidays` requirement the rules files state (lock file first), normalised."""
    for name in reversed(PIN_FILES):
        raw = texts.get(name)
        match = _PIN.search(raw.decode("utf-8", "replace")) if raw else None
        if match:
            return re.sub(r"\s+", "", match.group(1))
    return None


def installed_version() -> str:
    from importlib.metadata import version

    return version("holidays")


def installed_days(years: list[int]) -> dict[int, list[str]]:
    """The holidays of the installed package (this process), per year, as ISO dates."""
    return {year: sorted(str(d) for d in package_holidays(year)) for year in years}


def pinned_days(requirement: str, years: list[int]) -> dict[int, list[str]]:
    """The holidays of the version `requirement` names, per year. Raises `Unavailable`."""
    with tempfile.TemporaryDirectory(prefix="pelihara-holidays-") as tmp:
        folder = Path(tmp)
        fetch = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--disable-pip-version-check", "--quiet", "--dest", str(folder / "wheel"),
             requirement], capture_output=True, text=True, timeout=TIMEOUT, check=False)
        wheels = sorted((folder / "wheel").glob("holidays-*.whl"))
        if fetch.returncode != 0 or not wheels:
            lines = (fetch.stderr or fetch.stdout).strip().splitlines()
            raise Unavailable(lines[-1] if lines else "pip download found no wheel")
        with zipfile.ZipFile(wheels[0]) as wheel:
            wheel.extractall(folder / "unpacked")
        asked = subprocess.run(
            [sys.executable, "-I", "-c", _ASK, str(folder / "unpacked"), json.dumps(years)],
            capture_output=True, text=True, timeout=TIMEOUT, check=False)
        if asked.returncode != 0:
            lines = asked.stderr.strip().splitlines()
            raise Unavailable(lines[-1] if lines else "no answer")
        data = json.loads(asked.stdout)
        return {int(year): list(days) for year, days in data["days"].items()}
