"""Moments as people and records write them: the one place where text becomes a time.

A time without an offset means WIB (Asia/Jakarta, UTC+7, no daylight saving), so WIB is a fixed
offset here and needs no time-zone database.

Every time Pelihara reads goes through `parse_time`: CLI options (`--at`, `--now`,
`calendar` arguments, `site build --now`), the site plugin's `now`, the schema format of every
record file and the model that reads checked records. A time is never silently changed:

- Python's `datetime.fromisoformat` reads `2026-11-27T16.20` as 16:00:00.2 (the `.20` as a
  fraction of a second) and `2026-11-27` as midnight. Neither is what anyone meant, so the
  grammar below is our own and `fromisoformat` only builds the value once the text is known to
  be `YYYY-MM-DD[T ]HH:MM[:SS][Z|±HH:MM]`, the form of the schemas' `pattern` too (no
  fractions of a second: records are kept to the second, and a fraction would be cut).
- People type `16.20`: Pelihara itself prints "pukul 16.20". Text typed at the command line
  (`lenient=True`) may write the hour and minutes with a dot and a one-digit hour
  (`2026-11-27 9.05`); they are read as hours and minutes, and the canonical form is what gets
  stored. A script's fractions of a second (`09:30:00.5`) are read too, and dropped on
  output (records are kept to the second). Record files (`lenient=False`) hold one form
  only, the one every reader and editor understands: a dot there is refused with the colon
  form as the fix.
- A date alone is refused with a hint, never taken as 00:00.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

WIB = timezone(timedelta(hours=7), "WIB")

_DATE = r"(?P<date>\d{4}-\d{2}-\d{2})"
_OFFSET = r"(?P<offset>Z|[+-]\d{2}:\d{2})?"
_CANONICAL = re.compile(
    _DATE + r"[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?" + _OFFSET)
_TYPED = re.compile(  # what a person or a script types that still means one moment:
    # 9.05, 16.20.30, 9:05, and the fractions of a second Python's isoformat() writes
    _DATE + r"[T ](?P<hour>\d{1,2})(?P<sep>[.:])(?P<minute>\d{2})"
    r"(?:(?P=sep)(?P<second>\d{2})(?P<fraction>(?<=:\d\d)\.\d{1,6})?)?" + _OFFSET)
_DATE_ONLY = re.compile(_DATE)
_DATE_THEN_TIME = re.compile(_DATE + r"[T ].*")
_COMPACT = re.compile(_DATE + r"[T ](?P<hour>\d{2})(?P<minute>\d{2})?" + _OFFSET)  # T16, T1620
_FRACTION_PART = re.compile(r"(?<=:\d\d)\.\d+")


class TimeTextError(ValueError):
    """Why `value` is not a moment we read, as a message code (`time.*`), and the text the
    person most likely meant (`suggestion`), shown in the hint."""

    def __init__(self, code: str, value: str, suggestion: str) -> None:
        super().__init__(f"{code}: {value!r}")
        self.code = code
        self.value = value
        self.suggestion = suggestion

    def params(self, field: str) -> dict[str, str]:
        """Message parameters; `field` names where the text came from (`--at`, `at`)."""
        return {"field": field, "value": self.value, "suggestion": self.suggestion}


EXAMPLE = "2026-11-27T16:20"


def parse_time(text: str, *, lenient: bool = False) -> datetime:
    """An aware datetime from `text`; no offset means WIB. Raises `TimeTextError`.

    `lenient` (command-line input) also reads `HH.MM[.SS]` and a one-digit hour as hours and
    minutes; without it (record files) those are refused with the canonical form suggested.
    """
    known = _canonical(text)  # the form of every record and of Pelihara's own output
    if known is not None:
        return known
    stripped = text.strip()
    if stripped != text and not lenient:
        parse_time(stripped)  # the fault of the text itself first, if it has one
        raise TimeTextError("time.not_understood", text, stripped)
    match = _CANONICAL.fullmatch(stripped)
    if match is None:
        typed = _TYPED.fullmatch(stripped)
        if typed is None:
            raise _not_understood(text, stripped)
        canonical = _canonical_text(typed)
        if not lenient:
            code = "time.dotted" if typed["sep"] == "." else "time.not_understood"
            _build(text, canonical)  # an impossible moment says so, whatever its spelling
            raise TimeTextError(code, text, _FRACTION_PART.sub("", canonical))
        return _build(text, canonical)
    return _build(text, stripped)


@lru_cache(maxsize=4096)
def _canonical(text: str) -> datetime | None:
    """`text` as a time when it is written canonically, else None; remembered, because a check
    reads each event's time three or four times (schema format, the case model, approvals,
    recording). Aware datetimes are immutable, so sharing one is safe."""
    return _build(text, text) if _CANONICAL.fullmatch(text) else None


def _canonical_text(match: re.Match[str]) -> str:
    second = f":{match['second']}{match['fraction'] or ''}" if match["second"] else ""
    return (f"{match['date']}T{int(match['hour']):02d}:{match['minute']}{second}"
            f"{match['offset'] or ''}")


def _build(original: str, canonical: str) -> datetime:
    try:
        value = datetime.fromisoformat(canonical.replace(" ", "T", 1))
    except ValueError:  # 2026-02-30, 24:00, 16:60: the grammar fits, the calendar does not
        raise TimeTextError("time.impossible", original, EXAMPLE) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=WIB)
    return value


def _not_understood(original: str, stripped: str) -> TimeTextError:
    if _DATE_ONLY.fullmatch(stripped):
        try:
            date.fromisoformat(stripped)
        except ValueError:
            return TimeTextError("time.impossible", original, EXAMPLE)
        return TimeTextError("time.date_only", original, f"{stripped}T08:00")
    compact = _COMPACT.fullmatch(stripped)
    if compact:
        return TimeTextError("time.not_understood", original,
                             f"{compact['date']}T{compact['hour']}:{compact['minute'] or '00'}"
                             f"{compact['offset'] or ''}")
    day = _DATE_THEN_TIME.fullmatch(stripped)
    suggestion = f"{day['date']}T16:20" if day else EXAMPLE
    return TimeTextError("time.not_understood", original, suggestion)


def is_moment(value: str) -> bool:
    """True when a record file may hold `value` as a time (the schema's format check)."""
    try:
        parse_time(value)
    except TimeTextError:
        return False
    return True


def parse_date(text: str) -> date:
    """A calendar date written `YYYY-MM-DD`, nothing else. Raises `TimeTextError`."""
    stripped = text.strip()
    if not _DATE_ONLY.fullmatch(stripped):
        day = _DATE_THEN_TIME.fullmatch(stripped)
        raise TimeTextError("time.not_a_date", text, day["date"] if day else "2026-11-27")
    try:
        return date.fromisoformat(stripped)
    except ValueError:
        raise TimeTextError("time.impossible", text, "2026-11-27") from None


def to_wib(moment: datetime) -> datetime:
    return moment.astimezone(WIB)


def iso(moment: datetime) -> str:
    """Stable text form used in files and JSON: WIB with offset, to the second."""
    return to_wib(moment).isoformat(timespec="seconds")
