"""Dates, times and durations as an Indonesian official letter writes them: "28 November
2026", "pukul 09.20 WIB" (PUEBI writes hours and minutes with a full stop), "1 jam 20 menit";
the words and forms come from the catalogue (`catalogue/words.yaml`), so `--lang en` gives
"28 November 2026 at 09:20 WIB".

Pure: formatting only. Every moment is shown in WIB (Asia/Jakarta, UTC+7), the time zone of
the standard's working hours, whatever offset it was recorded with.
"""

from __future__ import annotations

from datetime import date, datetime

from pelihara.core.timeparse import parse_time, to_wib
from pelihara.i18n import tr

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""`date.weekday()` order; the names are the catalogue's `weekday.<name>`."""


def _day(value: date | datetime) -> date:
    return to_wib(value).date() if isinstance(value, datetime) else value


def month_name(month: int, lang: str = "id") -> str:
    """1-based month number → its name."""
    return tr(f"month.{month}", lang)


def format_date(value: date | datetime, lang: str = "id", weekday: bool = False) -> str:
    """'28 November 2026' (or 'Sabtu, 28 November 2026' with `weekday`); datetimes in WIB."""
    day = _day(value)
    text = f"{day.day} {month_name(day.month, lang)} {day.year}"
    if weekday:
        text = tr("when.weekday_date", lang, weekday=weekday_name(WEEKDAYS[day.weekday()], lang),
                  date=text)
    return text


def weekday_name(name: str, lang: str = "id") -> str:
    """'monday' (standard.yaml's key) → 'Senin'."""
    return tr(f"weekday.{name}", lang)


def format_time(moment: datetime, lang: str = "id") -> str:
    """'09.20 WIB' in Indonesian, '09:20 WIB' in English."""
    wib = to_wib(moment)
    return tr("when.time", lang, hour=wib.hour, minute=wib.minute)


def format_moment(moment: datetime, lang: str = "id") -> str:
    """'4 November 2026 pukul 13.20 WIB' / '4 November 2026 at 13:20 WIB'."""
    return tr("when.moment", lang, date=format_date(moment, lang), time=format_time(moment, lang))


def format_compact(moment: datetime, lang: str = "id", zone: bool = True) -> str:
    """'27 Nov 2026 16.20 WIB' (English: '27 Nov 2026 16:20 WIB'): a moment in a table cell
    or a list, the same on the site, in `pelihara sla` and in the exports' text."""
    wib = to_wib(moment)
    text = f"{wib.day} {month_name(wib.month, lang)[:3]} {wib.year} {format_time(wib, lang)}"
    return text if zone else text.removesuffix(" WIB")


def format_day_moment(moment: datetime, lang: str = "id") -> str:
    """'Sabtu, 28 November 2026 09.00 WIB': when a whole listing is as of."""
    return f"{format_date(moment, lang, weekday=True)} {format_time(moment, lang)}"


def format_short(moment: datetime) -> str:
    """Compact form for table cells: '04-11-2026 13.20'. Day-month-year, the Indonesian order."""
    wib = to_wib(moment)
    return f"{wib.day:02d}-{wib.month:02d}-{wib.year} {wib.hour:02d}.{wib.minute:02d}"


def format_minutes(minutes: int, lang: str = "id") -> str:
    """'1 jam 20 menit' / '1 h 20 min'. Days are not used: a day's length depends on the date."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    parts = []
    if hours:
        parts.append(tr("duration.hours", lang, n=hours))
    if rest or not hours:
        parts.append(tr("duration.minutes", lang, n=rest))
    return sign + " ".join(parts)


def wib(value: datetime | str | None) -> str:
    """'3 Nov 2026 08.05 WIB' (`format_compact`) of a moment or of Pelihara's own ISO text
    (`isoformat()` of the clock may carry microseconds); '–' for none."""
    if value is None or value == "":
        return "–"
    return format_compact(parse_time(value, lenient=True) if isinstance(value, str) else value)


def long_date(value: date | datetime | str) -> str:
    """'Selasa, 3 November 2026'."""
    return format_date(date.fromisoformat(value[:10]) if isinstance(value, str) else value,
                       weekday=True)


def minutes(value: int | None) -> str:
    """Working minutes as '1 jam 30 menit'; '–' for none."""
    return "–" if value is None else format_minutes(int(value))


def limit(value: int) -> str:
    """A step's limit as the standard writes it: '3 hari' when it is whole days, else hours."""
    if value and value % 450 == 0:
        return tr("duration.days", n=value // 450)
    return format_minutes(value)
