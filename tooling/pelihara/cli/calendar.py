"""`pelihara calendar minutes START END` and `pelihara calendar deadline START DURATION`:
the working clock on its own, explaining what it skipped (holidays, weekends, breaks, nights).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

from pelihara.cli.common import TIME_FORM, add_common, lang, parse_user_time, print_json, repository
from pelihara.core.calendar import calendar_for, package_holidays, ramadan_notes
from pelihara.core.durations import format_minutes, parse_duration
from pelihara.core.errors import PeliharaError
from pelihara.core.standard import Standard
from pelihara.core.timeparse import iso, to_wib
from pelihara.core.workcal import Explanation

DAYS = {"id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
        "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
MONTHS = {"id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                 "September", "Oktober", "November", "Desember"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December")}

TEXT = {
    "id": {"working": "Waktu kerja", "from": "dari", "to": "sampai", "elapsed": "Rentang kalender",
           "skipped": "Tidak dihitung", "closed": "hari libur/cuti bersama/penutupan",
           "weekend": "akhir pekan", "breaks": "istirahat", "outside": "di luar jam kerja "
           "(malam, pagi, sore)", "none": "tidak ada", "ramadan": "Jam kerja Ramadan berlaku pada",
           "deadline": "Tenggat", "start": "Mulai", "duration": "Durasi",
           "times": "kali", "days": "hari",
           "estimate": "Catatan: rentang Ramadan {year} ({basis}) masih perkiraan.",
           "no_leave": "Catatan: belum ada cuti bersama {year} dalam data libur; "
                       "angka tahun ini bisa berubah setelah SKB 3 Menteri terbit."},
    "en": {"working": "Working time", "from": "from", "to": "to", "elapsed": "Calendar span",
           "skipped": "Not counted", "closed": "holidays/cuti bersama/closures",
           "weekend": "weekends", "breaks": "breaks", "outside": "outside working hours "
           "(nights, mornings, evenings)", "none": "none", "ramadan": "Ramadan hours applied on",
           "deadline": "Deadline", "start": "Start", "duration": "Duration",
           "times": "times", "days": "days",
           "estimate": "Note: the {year} Ramadan range ({basis}) is still an estimate.",
           "no_leave": "Note: the holiday data has no cuti bersama for {year} yet; figures "
                       "for that year may change once the SKB 3 Menteri is issued."},
}


def fmt_day(day: date, lng: str) -> str:
    names = DAYS["en" if lng == "en" else "id"]
    months = MONTHS["en" if lng == "en" else "id"]
    sep = "" if lng == "en" else ","
    return f"{names[day.weekday()]}{sep} {day.day} {months[day.month - 1]} {day.year}"


def fmt_moment(moment: datetime, lng: str) -> str:
    """'Jumat, 13 Februari 2026 16:00 WIB'."""
    local = to_wib(moment)
    return f"{fmt_day(local.date(), lng)} {local:%H:%M} WIB"


def register(subparsers: Any) -> None:
    parser = add_common(subparsers.add_parser(
        "calendar", help="jam kerja resmi: menit kerja dan tenggat",
        description="Jam kerja resmi (Perpres 21/2023), hari libur dan cuti bersama."))
    sub = parser.add_subparsers(dest="calendar_command", metavar="minutes|deadline")
    sub.required = True
    minutes = add_common(sub.add_parser(
        "minutes", help="menit kerja antara dua waktu",
        description="Menit kerja dari START sampai END; waktu tanpa zona berarti WIB."))
    minutes.add_argument("start", metavar="START", help=f"awal: {TIME_FORM}")
    minutes.add_argument("end", metavar="END", help="akhir, ditulis seperti START")
    minutes.add_argument("--json", action="store_true", help="keluaran JSON")
    minutes.set_defaults(func=run_minutes)
    deadline = add_common(sub.add_parser(
        "deadline", help="tenggat: START ditambah DURASI waktu kerja",
        description="Saat jam kerja mencapai DURASI sejak START (mis. '2 jam', '1 hari', '90m')."))
    deadline.add_argument("start", metavar="START", help=f"awal: {TIME_FORM}")
    deadline.add_argument("duration", metavar="DURATION", nargs="+")
    deadline.add_argument("--json", action="store_true", help="keluaran JSON")
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
    t = TEXT[lng]
    days, rest = divmod(ex.elapsed_minutes, 1440)
    span = (f"{days} {t['days']} " if days else "") + format_minutes(rest, lng)
    lines = [f"{t['elapsed']}: {span}. {t['skipped']}:"]
    closed = "; ".join(f"{fmt_day(d, lng)} ({n})" for d, n in ex.closed_days)
    lines.append(f"  - {t['closed']}: {closed or t['none']}")
    weekends = "; ".join(fmt_day(d, lng) for d in ex.weekend_days[:6])
    if len(ex.weekend_days) > 6:
        weekends += f"; … (+{len(ex.weekend_days) - 6})"
    lines.append(f"  - {t['weekend']}: {weekends or t['none']}")
    if ex.breaks:
        shown = "; ".join(f"{to_wib(s):%d-%m %H:%M}–{to_wib(e):%H:%M}" for s, e in ex.breaks[:4])
        more = f"; … (+{len(ex.breaks) - 4})" if len(ex.breaks) > 4 else ""
        lines.append(f"  - {t['breaks']}: {len(ex.breaks)} {t['times']}, "
                     f"{format_minutes(ex.break_minutes, lng)} ({shown}{more})")
    else:
        lines.append(f"  - {t['breaks']}: {t['none']}")
    lines.append(f"  - {t['outside']}: {format_minutes(ex.outside_hours_minutes, lng)}")
    if ex.ramadan_days:
        first, last = ex.ramadan_days[0], ex.ramadan_days[-1]
        lines.append(f"{t['ramadan']}: {len(ex.ramadan_days)} {t['days']} "
                     f"({fmt_day(first, lng)} – {fmt_day(last, lng)})")
    lines.extend(year_notes(standard, ex.start.year, ex.end.year, lng))
    return lines


def year_notes(standard: Standard, first: int, last: int, lng: str) -> list[str]:
    """Say when a year's figures rest on estimates, so nobody mistakes them for final."""
    notes = ramadan_notes(standard)
    lines = []
    for year in range(first, last + 1):
        entry = notes.get(year, {})
        if entry.get("estimate"):
            lines.append(TEXT[lng]["estimate"].format(year=year, basis=entry.get("basis", "")))
        if not any(n.startswith("Cuti Bersama") for n in package_holidays(year).values()):
            lines.append(TEXT[lng]["no_leave"].format(year=year))
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
    t = TEXT[lng]
    print(f"{t['working']}: {format_minutes(working, lng)} ({working} "
          f"{'menit' if lng != 'en' else 'min'})")
    print(f"  {t['from']:<6} {fmt_moment(start, lng)}")
    print(f"  {t['to']:<6} {fmt_moment(end, lng)}")
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
    t = TEXT[lng]
    print(f"{t['deadline']}: {fmt_moment(deadline, lng)}")
    print(f"  {t['start']:<8} {fmt_moment(start, lng)}")
    print(f"  {t['duration']:<8} {text} = {format_minutes(minutes, lng)} "
          f"({minutes} {'menit kerja' if lng != 'en' else 'working minutes'})")
    print("\n".join(explanation_lines(standard, ex, lng)))
    return 0
