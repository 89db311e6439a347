"""The string formats our schemas use, as plain functions shared by both validators.

jsonschema's `date-time` check passes everything unless rfc3339-validator is installed and a
format checker is passed; fastjsonschema's `date` is only a regex, so `2026-02-30` passes it.
Both validators get these same functions, so the fast path and the slow path agree and a
date that does not exist fails on either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from rfc3339_validator import validate_rfc3339

_LOCAL_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def is_local_date_time(value: object) -> bool:
    """ISO 8601 date and time whose offset may be left out (then it means WIB).

    The text must also name a real moment: 2026-02-30T10:00 and 24:00 are refused.
    """
    if not isinstance(value, str):
        return True  # formats only constrain strings; `type` catches the rest
    if not _LOCAL_DATE_TIME.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        return False
    return True


def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
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
