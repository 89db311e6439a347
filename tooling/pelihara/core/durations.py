"""Durations as people write them in the standard: '2 jam', '1 hari', '90 menit', '90m'.

Units come from standard.yaml (`units_of_time`): 1 jam = 60 working minutes and 1 hari = 450
working minutes, one standard working day under Perpres 21/2023 (37.5 hours over 5 days).
"""

from __future__ import annotations

import re

DEFAULT_UNITS: dict[str, int] = {"menit": 1, "jam": 60, "hari": 450}

_ALIASES = {
    "m": "menit", "min": "menit", "mnt": "menit", "minute": "menit", "minutes": "menit",
    "j": "jam", "h": "jam", "hour": "jam", "hours": "jam",
    "d": "hari", "day": "hari", "days": "hari", "hk": "hari",
}

_PART = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*([A-Za-z]+)\s*")


def parse_duration(text: str, units: dict[str, int] | None = None) -> int:
    """Working minutes in `text`, e.g. '1 hari 2 jam' → 570. Raises ValueError if malformed."""
    table = units or DEFAULT_UNITS
    stripped = text.strip().lower()
    if not stripped:
        raise ValueError(text)
    total = 0.0
    pos = 0
    while pos < len(stripped):
        match = _PART.match(stripped, pos)
        if match is None:
            raise ValueError(text)
        number, unit = match.groups()
        unit = _ALIASES.get(unit, unit)
        if unit not in table:
            raise ValueError(text)
        total += float(number.replace(",", ".")) * table[unit]
        pos = match.end()
    if total != int(total) or total <= 0:
        raise ValueError(text)
    return int(total)
