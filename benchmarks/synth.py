"""Deterministic synthetic case files for benchmarks and tests.

    python benchmarks/synth.py --n 10000 --out /tmp/synth [--seed 0]

Each case is valid against schemas/case.schema.json and the standard's workflow, refers only
to ids in registry/, and is timed on the real working calendar (`pelihara.core.workcal`), so the
generator knows exactly which steps are late: those, and only those, carry a `late_reason`.
Mix: ringan and berat paths, escalations, holds (some still open), cancellations, monitoring
findings, notes, corrections, open cases at every step, a few events outside working hours.
Cases open on working days of 2025 and 2026 (2025 cases under standard 2025.1) and no event
is later than CUTOFF, so the sharded cases/<year>/<month>/ folders stay a few hundred files.

Same (i, seed) → same file, byte for byte. IDs are unique within one seed for any n up to
about 15 million (a bijection of i onto (opening day, 3-character suffix)).

From other code: `sys.path.insert(0, <repo root>)`, then
`from benchmarks.synth import generate_case, generate_cases, write_cases`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from pelihara.core.calendar import calendar_for
from pelihara.core.standard import Standard
from pelihara.core.timeparse import WIB
from pelihara.core.workcal import WorkingCalendar
from pelihara.records.repo import Repository

REPO = Path(__file__).resolve().parents[1]
CUTOFF = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
"""No generated event is later than this (the sample records' "today")."""
FIRST_DAY, LAST_DAY = date(2025, 1, 2), date(2026, 11, 27)
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MODELINE = "# yaml-language-server: $schema=../../../schemas/case.schema.json"

CONTACTS = ("Sri Wahyuni", "Nurul Hidayah", "Yusuf Effendi", "Rina Kartika", "Dimas Arya",
            "Hari Purnomo", "Wulan Sari", "Teguh Prasetyo", "Ahmad Fauzi", "Lilis Suryani")
PROBLEMS = (
    ("Halaman {app} menampilkan galat 500 saat menyimpan data", ["software", "database"]),
    ("Login {app} gagal untuk sebagian pegawai", ["software"]),
    ("{app} sangat lambat pada jam sibuk", ["database", "hardware"]),
    ("Laporan bulanan {app} tidak dapat diunduh", ["software"]),
    ("{app} tidak dapat diakses dari jaringan unit", ["jaringan"]),
    ("Data di {app} tidak tersinkron dengan server cadangan", ["database"]),
)
FINDINGS = {
    "software": "Modul aplikasi gagal setelah pembaruan terakhir; konfigurasi tidak sesuai.",
    "database": "Indeks tabel utama rusak sehingga kueri membaca seluruh tabel.",
    "hardware": "Ruang disk server aplikasi hampir penuh dan memori layanan tidak cukup.",
    "jaringan": "Aturan firewall baru memblokir akses dari segmen jaringan unit kerja.",
}
HOLD_REASONS = ("Menunggu pengadaan suku cadang server melalui pengadaan langsung.",
                "Menunggu jadwal pemeliharaan pusat data yang hanya diizinkan akhir pekan.",
                "Menunggu konfirmasi data dari unit kerja sebelum pemulihan.")
LATE_REASONS = {
    "B.2a": "Memorandum fisik baru diteruskan bagian tata usaha pada hari kerja berikutnya.",
    "B.2b": "Pencatatan temuan menunggu pemantauan ulang untuk memastikan gangguan.",
    "B.3": "Kepala Biro mengikuti rapat pimpinan; disposisi diberikan setelah kembali.",
    "B.4": "Analisa menunggu akses log server dari pengelola pusat data.",
    "B.5a": "Uji coba harus diulang karena hasil pertama tidak konsisten.",
    "B.5b": "Surat pemberitahuan menunggu tanda tangan pejabat yang sedang dinas luar.",
    "B.6": "Perwakilan pengembang baru dapat hadir pada hari kerja berikutnya.",
    "B.7": "Pengembang menunggu salinan data dan log dari Biro DI.",
    "B.8": "Perbaikan menunggu jendela pemeliharaan di luar jam layanan.",
    "B.9": "Berita acara uji coba menunggu tanda tangan unit kerja.",
    "B.10": "Konfirmasi unit kerja baru diterima setelah pejabatnya kembali dari rapat.",
}
LATE_SHARE, HOLD_SHARE, CANCEL_SHARE, STOP_SHARE = 0.08, 0.06, 0.05, 0.10


class _World:
    """What every case draws from: registries, standard, calendar, opening days."""

    def __init__(self, root: Path) -> None:
        repo = Repository(root)
        self.standard: Standard = repo.standard
        self.calendar: WorkingCalendar = calendar_for(self.standard)
        reg = repo.registries
        self.apps = sorted(reg["applications"].values(), key=lambda a: str(a["id"]))
        self.units = {k: str(v["name"]) for k, v in sorted(reg["units"].items())}
        staff = sorted(reg["staff"].values(), key=lambda s: str(s["id"]))
        self.head = next(str(s["id"]) for s in staff if s.get("role") == "kepala_biro")
        # a hold is approved by the Kepala Biro (or an acting head); bots do no casework
        self.approvers = [self.head]
        # Officers the standard lets analyse and repair (C.1.c: B.4's grade or an equal one).
        grades = self.standard.grades
        needed = grades.get(self.standard.steps["B.4"].grade or "")
        self.officers = [str(s["id"]) for s in staff
                         if s.get("role") not in ("kepala_biro", "kepala_bagian", "bot")
                         and (needed is None or (s.get("grade") in grades and
                                                 grades[s["grade"]].level >= needed.level))]
        self.names = {str(s["id"]): str(s["name"]) for s in staff}
        day, days = FIRST_DAY, []
        while day <= LAST_DAY:
            if self.calendar.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        self.days = days
        self.stride = next(p for p in (7919, 7907, 7901) if math.gcd(p, len(days)) == 1)


@lru_cache(maxsize=1)
def _world() -> _World:
    return _World(REPO)


def case_id(i: int, seed: int = 0) -> str:
    """The ID of case `i`: a bijection onto (opening day, suffix), so IDs never collide."""
    w = _world()
    n_days = len(w.days)
    day_index, k = (i * w.stride + seed) % n_days, i // n_days
    code = (k * 9973 + day_index * 613 + seed * 40503) % 32768  # odd factor: bijective in k
    suffix = "".join(CROCKFORD[(code >> s) & 31] for s in (10, 5, 0))
    return f"PML-{w.days[day_index]:%Y%m%d}-{suffix}"


def generate_case(i: int, seed: int = 0) -> tuple[str, str]:  # noqa: C901 (one random stream)
    """(path relative to the repository root, YAML text) of synthetic case `i`.

    One function draws from one random stream in one order: splitting it would be easy to
    get subtly wrong, and a reordered draw changes the corpus every benchmark figure was
    measured on."""
    w, rng, cid = _world(), random.Random(seed * 1_000_003 + i), case_id(i, seed)
    day = date(int(cid[4:8]), int(cid[8:10]), int(cid[10:12]))
    version = "2025.1" if day.year == 2025 else "2026.1"
    app = rng.choice(w.apps)
    unit = str(app["owner"]) if rng.random() < 0.6 else rng.choice(list(w.units))
    vendor = app.get("vendor")
    severity = "berat" if vendor and rng.random() < 0.35 else "ringan"
    escalate = severity == "ringan" and bool(vendor) and rng.random() < 0.1
    title_t, components = rng.choice(PROBLEMS)
    contact = rng.choice(CONTACTS)
    origin = "monitoring" if "endpoints" in app and rng.random() < 0.15 else "memo"
    officers = rng.sample(w.officers, rng.choice((1, 1, 2)))
    lead = officers[0]

    hour = rng.choice((6, 17, 18)) if rng.random() < 0.05 else rng.randint(7, 14)
    t = datetime(day.year, day.month, day.day, hour, rng.randint(35 if hour == 7 else 0, 59),
                 tzinfo=WIB)
    events: list[dict[str, Any]] = []
    if origin == "memo":
        events.append({"event": "submitted", "at": t, "memo": {
            "number": f"M-{rng.randint(1, 450):03d}/{unit.upper()}/{day:%m/%Y}",
            "date": f"{day:%Y-%m-%d}", "sender": f"Kepala {w.units[unit]}", "to": w.head}})
    else:
        # No `record` id: no monitoring record exists for it, and a dangling one would be a
        # finding once checks cross-reference monitoring records.
        url = app["endpoints"][0]["url"]
        events.append({"event": "monitoring", "at": t, "by": lead, "monitoring": {
            "finding": f"Endpoint {url} tidak merespons dalam batas waktu."}})

    kinds = ["received", "assigned", "analysed"]
    if escalate:
        kinds.append("escalated")
    if severity == "berat" or escalate:
        kinds += ["vendor_notified", "coordinated", "vendor_analysed"]
    kinds += ["repaired", "reported", "restored"]
    stop = len(kinds) if rng.random() >= STOP_SHARE else rng.randint(0, len(kinds) - 1)
    cancel_at = rng.randint(1, 3) if rng.random() < CANCEL_SHARE else None
    hold_kind = rng.choice(("repaired", "vendor_analysed")) if rng.random() < HOLD_SHARE else None

    state, sev = events[0]["event"], None
    for n, kind in enumerate(kinds[:stop]):
        step = w.standard.step_between(state, "repaired" if kind == "escalated" else kind, sev)
        limit = w.standard.limit(step.id, version) if step else 60
        late = rng.random() < LATE_SHARE
        used = limit + rng.randint(1, limit) if late else rng.randint(max(2, limit // 12), limit)
        if cancel_at == n:
            t = w.calendar.deadline(t, used // 2)
            if t > CUTOFF:
                break
            reason = rng.choice(("bukan_kerusakan", "ditarik", "duplikat") if i else
                                ("bukan_kerusakan", "ditarik"))
            event = {"event": "cancelled", "at": t, "by": lead, "reason": reason,
                     "note": "Dibatalkan setelah konfirmasi dengan unit kerja."}
            if reason == "duplikat":
                event["duplicate_of"] = case_id(i - 1, seed)
            events.append(event)
            break
        if kind == hold_kind and used > 2:
            split = rng.randint(1, used - 1)
            held_at = w.calendar.deadline(t, split)
            resumed_at = w.calendar.deadline(held_at, rng.randint(60, 2250))
            if held_at > CUTOFF:
                break
            events.append({"event": "held", "at": held_at, "by": lead,
                           "reason": rng.choice(HOLD_REASONS),
                           "approved_by": rng.choice(w.approvers)})
            if resumed_at > CUTOFF:
                break
            events.append({"event": "resumed", "at": resumed_at, "by": lead})
            t = w.calendar.deadline(resumed_at, used - split)
        else:
            t = w.calendar.deadline(t, used)
        if kind in ("repaired", "reported") and t.hour >= 13 and rng.random() < 0.1:
            evening = t.replace(hour=19, minute=rng.randint(0, 59))
            if w.calendar.minutes(t, evening) == 0:  # same working minutes: still (not) late
                t = evening
        if t > CUTOFF:
            break
        event = _fields(w, rng, kind, t, lead, officers, unit, vendor, components, contact, app)
        if kind == "analysed":
            event["severity"] = sev = "ringan" if escalate else severity
        if kind == "escalated":
            sev = "berat"
        if late:
            event["late_reason"] = LATE_REASONS.get(step.id if step else "", "Terlambat.")
        events.append(event)
        if kind != "escalated":
            state = kind
        if kind == "received" and origin == "memo" and rng.random() < 0.03:
            events.append({"event": "correction", "at": t, "by": lead, "refers_to": 1,
                           "reason": "Nomor memorandum salah ketik saat dicatat.",
                           "changes": {"memo": {**events[0]["memo"], "number":
                                                events[0]["memo"]["number"] + "-A"}}})
    if rng.random() < 0.1 and events[-1]["at"] < CUTOFF:
        events.append({"event": "note", "at": events[-1]["at"], "by": lead,
                       "note": "Perkembangan disampaikan kepada unit kerja melalui telepon."})

    doc = {"id": cid, "title": title_t.format(app=str(app["name"]).split(" (")[0]),
           "application": app["id"], "unit": unit, "origin": origin,
           "standard_version": version, "contact": f"{contact}, {w.units[unit]}",
           "events": events}
    return f"cases/{cid[4:8]}/{cid[8:10]}/{cid}.yaml", "\n".join(_emit(doc, 0, [MODELINE])) + "\n"


def _fields(w: _World, rng: random.Random, kind: str, t: datetime, lead: str,  # noqa: C901
            officers: list[str], unit: str, vendor: Any, components: list[str], contact: str,
            app: dict[str, Any]) -> dict[str, Any]:
    """The evidence each kind of event records (standard.yaml `evidence:`, the case schema):
    one flat branch per kind, as the schema has one rule per kind."""
    e: dict[str, Any] = {"event": kind, "at": t, "by": lead}
    stamp = f"{t:%m/%Y}"
    if kind == "received":
        e["by"] = rng.choice(w.officers)
    elif kind == "assigned":
        e.update(by=w.head, officers=officers)
    elif kind == "analysed":
        e.update(components=components, findings=" ".join(FINDINGS[c] for c in components))
    elif kind == "escalated":
        e["reason"] = "Perbaikan oleh Biro DI tidak berhasil; perlu penanganan pengembang."
    elif kind == "vendor_notified":
        e.update(vendor=vendor, letter={"number": f"B-{rng.randint(100, 499)}/BDI/PPS/{stamp}",
                                        "date": f"{t:%Y-%m-%d}"}, tembusan=[unit])
    elif kind == "coordinated":
        e["meeting"] = {"date": t, "minutes": f"NR-{rng.randint(1, 99):03d}/BDI/{stamp}",
                        "attendees": [w.names[o] + " (Biro DI)" for o in officers]
                        + [f"{contact} ({w.units[unit]})", "Perwakilan pengembang"]}
    elif kind == "vendor_analysed":
        e.update(findings="Pengembang menemukan penyebab teknis dan menyiapkan perbaikan.",
                 cause=FINDINGS[components[0]])
    elif kind == "repaired":
        e["tests"] = {"a": {"result": "lulus", "notes": "Uji per modul dan keseluruhan berhasil."},
                      "b": {"result": "lulus", "notes": "Evaluasi bersama unit kerja sesuai."},
                      "c": {"result": "lulus", "notes": "Akses dari jaringan unit normal."}}
    elif kind == "reported":
        e["report"] = {"number": f"LAP-{rng.randint(1, 99):03d}/BDI/{stamp}",
                       "summary": f"Kerusakan {app['name']} telah diperbaiki dan diuji.",
                       "attachments": ["berita-acara-uji-coba.pdf"]}
    elif kind == "restored":
        e["confirmed_by"] = f"{contact}, {w.units[unit]}"
    return e


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
_RESERVED = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null"))


@lru_cache(maxsize=4096)
def _text(value: str) -> str:
    """Ids and keywords stay plain, as people write them; other text is a JSON string, which
    is also a valid double-quoted YAML scalar, so no escaping rule of YAML can bite."""
    if _PLAIN.match(value) and value.lower() not in _RESERVED:
        return value
    return json.dumps(value, ensure_ascii=False)


def _emit(value: dict[str, Any], indent: int, out: list[str]) -> list[str]:
    """Block-style YAML lines for dicts and lists of dicts; flow style for lists of text.
    Dispatches on exact types: the generator makes only str, int, datetime, dict and list."""
    pad = " " * indent
    for key, item in value.items():
        kind = type(item)
        if kind is str:
            out.append(f"{pad}{key}: {_text(item)}")
        elif kind is datetime:  # always WIB-aware here (built so, or from the calendar)
            out.append(f'{pad}{key}: "{item.isoformat()}"')
        elif kind is dict:
            out.append(f"{pad}{key}:")
            _emit(item, indent + 2, out)
        elif kind is list and item and type(item[0]) is dict:
            out.append(f"{pad}{key}:")
            for element in item:
                first = len(out)
                _emit(element, indent + 4, out)
                out[first] = f"{pad}  - {out[first][indent + 4:]}"
        elif kind is list:
            out.append(f"{pad}{key}: [{', '.join(_text(str(x)) for x in item)}]")
        else:
            out.append(f"{pad}{key}: {json.dumps(item)}")
    return out


def generate_cases(n: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    for i in range(n):
        yield generate_case(i, seed)


def write_cases(root: Path, n: int, seed: int = 0) -> list[Path]:
    """Write `n` cases under root/cases/<year>/<month>/, plus standard.yaml, registry/ and
    schemas/ copied from this repository when `root` lacks them. Returns the case paths."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("standard.yaml", "registry", "schemas"):
        target = root / name
        if not target.exists():
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, target)
            else:
                shutil.copy2(REPO / name, target)
    paths, made = [], set()
    for rel, text in generate_cases(n, seed):
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tulis kasus sintetis untuk benchmark/uji.")
    parser.add_argument("--n", type=int, default=10_000, help="jumlah kasus")
    parser.add_argument("--out", type=Path, required=True, help="folder tujuan")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = write_cases(args.out, args.n, args.seed)
    took = time.perf_counter() - started
    print(f"{len(paths)} kasus ditulis ke {args.out}/cases dalam {took:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
