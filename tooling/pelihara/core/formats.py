"""The string formats our schemas use, as plain functions shared by both validators.

jsonschema's `date-time` check passes everything unless rfc3339-validator is installed and a
format checker is passed; fastjsonschema's `date` is only a regex, so `2026-02-30` passes it.
Both validators get these same functions, so the fast path and the slow path agree and a
date that does not exist fails on either.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rfc3339_validator import validate_rfc3339

from pelihara.core.timeparse import TimeTextError, is_moment, parse_date

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def is_local_date_time(value: object) -> bool:
    """ISO 8601 date and time whose offset may be left out (then it means WIB), read by the
    same function as every other time (`timeparse.parse_time`): `16.20`, a date alone,
    2026-02-30T10:00 and 24:00 are refused."""
    return not isinstance(value, str) or is_moment(value)


def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True  # formats only constrain strings; `type` catches the rest
    try:
        parse_date(value)
    except TimeTextError:
        return False
    return True


def is_date_time(value: object) -> bool:
    return not isinstance(value, str) or bool(validate_rfc3339(value))


def is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


FORMATS: dict[str, Callable[[object], bool]] = {
    "local-date-time": is_local_date_time,
    "date": is_date,
    "date-time": is_date_time,
    "email": is_email,
}
"""Every format a Pelihara schema may use. A schema using another format is refused when the
validators are built (see `schema.py`), so no format is silently ignored."""

EXAMPLES = {
    "local-date-time": "2026-11-28T09:30+07:00",
    "date": "2026-11-28",
    "date-time": "2026-11-28T09:30:00+07:00",
    "email": "nama@setneg.go.id",
}
"""What a valid value looks like, for the fix hint (language-neutral on purpose)."""
