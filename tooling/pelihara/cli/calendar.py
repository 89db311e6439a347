"""`pelihara calendar minutes START END` and `pelihara calendar deadline START DURATION`:
the working clock on its own, explaining what it skipped (holidays, weekends, breaks, nights).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

from pelihara.cli.common import TIME_FORM, add_common, lang, parse_user_time, print_json, repository
from pelihara.core.calendar import calendar_for, package_holidays, ramadan_notes
from pelihara.core.durations import parse_duration
from pelihara.core.errors import PeliharaError
from pelihara.core.standard import Standard
from pelihara.core.text import Text
from pelihara.core.timeparse import iso, to_wib
from pelihara.core.workcal import Explanation
from pelihara.documents.dates import WEEKDAYS, format_minutes, month_name, weekday_name
from pelihara.i18n import tr


def fmt_day(day: date, lng: str) -> str:
    """'Jumat, 13 Februari 2026' / 'Friday 13 February 2026'."""
    return tr("calendar.day", lng, weekday=weekday_name(WEEKDAYS[day.weekday()], lng),
              day=day.day, month=month_name(day.month, lng), year=day.year)


def fmt_moment(moment: datetime, lng: str) -> str:
    """'Jumat, 13 Februari 2026 16:00 WIB'."""
    local = to_wib(moment)
    return tr("calendar.moment", lng, date=fmt_day(local.date(), lng), hour=local.hour,
              minute=local.minute)


def register(subparsers: Any) -> None:
    parser = add_common(subparsers.add_parser(
        "calendar", help="help.calendar.calendar",
        description="help.calendar.calendar.description"))
    sub = parser.add_subparsers(dest="calendar_command", metavar="minutes|deadline")
    sub.required = True
    minutes = add_common(sub.add_parser(
        "minutes", help="help.calendar.minutes",
        description="help.calendar.minutes.description"))
    minutes.add_argument("start", metavar="START", help=Text("help.calendar.start", form=TIME_FORM))
    minutes.add_argument("end", metavar="END", help="help.calendar.end")
    minutes.add_argument("--json", action="store_true", help="help.json")
    minutes.set_defaults(func=run_minutes)
    deadline = add_common(sub.add_parser(
        "deadline", help="help.calendar.deadline",
        description="help.calendar.deadline.description"))
    deadline.add_argument("start", metavar="START",
                          help=Text("help.calendar.start", form=TIME_FORM))
    deadline.add_argument("duration", metavar="DURATION", nargs="+")
    deadline.add_argument("--json", action="store_true", help="help.json")
    deadline.set_defaults(func=run_deadline)


def explanation_json(ex: Explanation) -> dict[str, Any]:
    return {
        "elapsed_minutes": ex.elapsed_minutes,
        "closed_days": [{"date": d.isoformat(), "name": n} for d, n in ex.closed_days],
        "weekend_days": [d.isoformat() for d in ex.weekend_days],
        "breaks": [{"start": iso(s), "end": iso(e)} for s, e in ex.breaks],
        "break_minutes": ex.break_minutes,
        "outside_hours_minutes": ex.outside_hours_minutes,
        "closed_minutes": ex.closed_minutes,
        "ramadan_days": [d.isoformat() for d in ex.ramadan_days],
    }


def explanation_lines(standard: Standard, ex: Explanation, lng: str) -> list[str]:
    days, rest = divmod(ex.elapsed_minutes, 1440)
    span = (f"{days} {tr('calendar.days', lng)} " if days else "") + format_minutes(rest, lng)
    lines = [f"{tr('calendar.elapsed', lng)}: {span}. {tr('calendar.skipped', lng)}:"]
    closed = "; ".join(f"{fmt_day(d, lng)} ({n})" for d, n in ex.closed_days)
    lines.append(f"  - {tr('calendar.closed', lng)}: {closed or tr('calendar.none', lng)}")
    weekends = "; ".join(fmt_day(d, lng) for d in ex.weekend_days[:6])
    if len(ex.weekend_days) > 6:
        weekends += f"; … (+{len(ex.weekend_days) - 6})"
    lines.append(f"  - {tr('calendar.weekend', lng)}: {weekends or tr('calendar.none', lng)}")
    if ex.breaks:
        shown = "; ".join(f"{to_wib(s):%d-%m %H:%M}–{to_wib(e):%H:%M}" for s, e in ex.breaks[:4])
        more = f"; … (+{len(ex.breaks) - 4})" if len(ex.breaks) > 4 else ""
        lines.append(f"  - {tr('calendar.breaks', lng)}: {len(ex.breaks)} "
                     f"{tr('calendar.times', lng)}, {format_minutes(ex.break_minutes, lng)} "
                     f"({shown}{more})")
    else:
        lines.append(f"  - {tr('calendar.breaks', lng)}: {tr('calendar.none', lng)}")
    lines.append(f"  - {tr('calendar.outside', lng)}: "
                 f"{format_minutes(ex.outside_hours_minutes, lng)}")
    if ex.ramadan_days:
        first, last = ex.ramadan_days[0], ex.ramadan_days[-1]
        lines.append(f"{tr('calendar.ramadan', lng)}: {len(ex.ramadan_days)} "
                     f"{tr('calendar.days', lng)} ({fmt_day(first, lng)} – {fmt_day(last, lng)})")
    lines.extend(year_notes(standard, ex.start.year, ex.end.year, lng))
    return lines


def year_notes(standard: Standard, first: int, last: int, lng: str) -> list[str]:
    """Say when a year's figures rest on estimates, so nobody mistakes them for final."""
    notes = ramadan_notes(standard)
    lines = []
    for year in range(first, last + 1):
        entry = notes.get(year, {})
        if entry.get("estimate"):
            lines.append(tr("calendar.estimate", lng, year=year, basis=entry.get("basis", "")))
        if not any(n.startswith("Cuti Bersama") for n in package_holidays(year).values()):
            lines.append(tr("calendar.no_leave", lng, year=year))
    return lines


def run_minutes(args: argparse.Namespace) -> int:
    lng = lang(args)
    start, end = parse_user_time(args.start, "START"), parse_user_time(args.end, "END")
    if end < start:
        raise PeliharaError("calendar.bad_order", {"start": args.start, "end": args.end})
    standard = repository(args).standard
    calendar = calendar_for(standard)
    working = calendar.minutes(start, end)
    ex = calendar.explain(start, end)
    if args.json:
        print_json({"start": iso(start), "end": iso(end), "working_minutes": working,
                    "working": format_minutes(working, lng), **explanation_json(ex)})
        return 0
    print(f"{tr('calendar.working', lng)}: {format_minutes(working, lng)} ({working} "
          f"{tr('calendar.minutes', lng)})")
    print(f"  {tr('calendar.from', lng):<6} {fmt_moment(start, lng)}")
    print(f"  {tr('calendar.to', lng):<6} {fmt_moment(end, lng)}")
    print("\n".join(explanation_lines(standard, ex, lng)))
    return 0


def run_deadline(args: argparse.Namespace) -> int:
    lng = lang(args)
    start = parse_user_time(args.start, "START")
    text = " ".join(args.duration)
    standard = repository(args).standard
    try:
        minutes = parse_duration(text, standard.units)
    except ValueError:
        raise PeliharaError("usage.bad_duration", {"value": text}) from None
    calendar = calendar_for(standard)
    deadline = calendar.deadline(start, minutes)
    ex = calendar.explain(start, deadline)
    if args.json:
        print_json({"start": iso(start), "duration": text, "minutes": minutes,
                    "deadline": iso(deadline), **explanation_json(ex)})
        return 0
    print(f"{tr('calendar.deadline', lng)}: {fmt_moment(deadline, lng)}")
    print(f"  {tr('calendar.start', lng):<8} {fmt_moment(start, lng)}")
    print(f"  {tr('calendar.duration', lng):<8} {text} = {format_minutes(minutes, lng)} "
          f"({minutes} {tr('calendar.working_minutes', lng)})")
    print("\n".join(explanation_lines(standard, ex, lng)))
    return 0
