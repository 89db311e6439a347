"""A scenario repository for the notice tests: the real standard, registries and schemas,
with cases written here, one per kind of notice, all after `notices.since` (2026-11-30)."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import origin

ROOT = Path(__file__).resolve().parents[1]

PLAN = """\
year: 2026
title: Program Kerja Pemeliharaan 2026 (uji)
number: PK-009/BDI/01/2026
drafting: {started: "2026-01-05T08:00:00+07:00", finished: "2026-01-05T15:00:00+07:00", by: [ratna]}
approval: {by: hendra, at: "2026-01-06T09:00:00+07:00", reference: ND-009/BDI/01/2026}
applications: [persuratan, kepegawaian]
activities:
  - id: preventif-desember
    kind: preventive
    title: Pemeliharaan preventif server basis data
    applications: [persuratan, kepegawaian]
    officer: fajar
    duration: 1 hari
    dates: ["2026-12-09"]
"""

MEMO = """    memo:
      number: M-{n}/BU/12/2026
      date: "{day}"
      sender: Kepala Biro Umum
      to: hendra
"""


def case_text(case_id: str, title: str, events: str, *, application: str = "persuratan",
              unit: str = "biro-umum") -> str:
    # The version in force at the first event (2026.2 from 1 December 2026), as `new` writes.
    opened = events.split('at: "', 1)[1][:10]
    version = "2026.2" if opened >= "2026-12-01" else "2026.1"
    return (f"id: {case_id}\ntitle: {title}\napplication: {application}\nunit: {unit}\n"
            f'origin: memo\nstandard_version: "{version}"\nevents:\n{events}')


def submitted(at: str, n: int) -> str:
    return f'  - event: submitted\n    at: "{at}"\n' + MEMO.format(n=n, day=at[:10])


def event(kind: str, at: str, by: str, **fields: str) -> str:
    text = f'  - event: {kind}\n    at: "{at}"\n    by: {by}\n'
    return text + "".join(f"    {k}: {v}\n" for k, v in fields.items())


# One case per kind of notice, all on or after `since` (2026-11-30).
SCENARIO = {
    # ringan: opened, step changes, a hold and its resumption, then escalated to the vendor;
    # the vendor steps are told to the vendor with a copy (tembusan) to the unit.
    "PML-20261201-AAA": case_text(
        "PML-20261201-AAA", "Disposisi <b>elektronik</b> gagal terkirim",
        submitted("2026-12-01T08:00:00+07:00", 1)
        + event("received", "2026-12-01T08:20:00+07:00", "dewi")
        + event("assigned", "2026-12-01T08:40:00+07:00", "hendra", officers="[andi]")
        + event("analysed", "2026-12-01T09:30:00+07:00", "andi", severity="ringan",
                components="[software]", findings="Antrean pesan penuh.")
        + event("held", "2026-12-01T10:00:00+07:00", "andi", reason="Menunggu suku cadang",
                approved_by="hendra")
        + event("resumed", "2026-12-01T13:00:00+07:00", "andi")
        + event("escalated", "2026-12-01T14:00:00+07:00", "andi",
                reason="Perlu perbaikan kode oleh pengembang.")
        + event("vendor_notified", "2026-12-01T14:30:00+07:00", "andi",
                vendor="nusantara-sistem",
                letter='\n      number: B-401/BDI/12/2026\n      date: "2026-12-01"',
                tembusan="[biro-umum]")),
    # a duplicate report, cancelled naming the original case
    "PML-20261201-BBB": case_text(
        "PML-20261201-BBB", "Disposisi tidak sampai",
        submitted("2026-12-01T08:10:00+07:00", 2)
        + event("cancelled", "2026-12-01T08:25:00+07:00", "dewi", reason="duplikat",
                duplicate_of="PML-20261201-AAA")),
    # closed the next morning
    "PML-20261130-CCC": case_text(
        "PML-20261130-CCC", "Cetak SK gagal", application="kepegawaian", unit="biro-sdm",
        events=submitted("2026-11-30T13:00:00+07:00", 3).replace("/BU/", "/SDM/")
        + event("received", "2026-11-30T13:10:00+07:00", "dewi")
        + event("assigned", "2026-11-30T13:30:00+07:00", "hendra", officers="[budi]")
        + event("analysed", "2026-11-30T14:00:00+07:00", "budi", severity="ringan",
                components="[software]", findings="Templat SK rusak.")
        + event("repaired", "2026-11-30T15:30:00+07:00", "budi",
                tests='\n      a: {result: lulus}\n      b: {result: lulus}\n'
                      '      c: {result: lulus}')
        + event("reported", "2026-12-01T08:00:00+07:00", "budi",
                report='\n      number: LAP-9/BDI/12/2026\n      summary: Templat diganti.')
        + event("restored", "2026-12-01T08:30:00+07:00", "budi",
                confirmed_by="Kepala Subbagian Kepegawaian")),
    # before `since`: history, never announced (and closed, so no ladder either)
    "PML-20261125-9ZZ": case_text(
        "PML-20261125-9ZZ", "Kasus lama", events=submitted("2026-11-25T08:00:00+07:00", 4)
        + event("cancelled", "2026-11-25T09:00:00+07:00", "dewi", reason="ditarik")),
}


def write_case(root: Path, case_id: str, text: str) -> Path:
    stamp = case_id.split("-")[1]
    path = root / "cases" / stamp[:4] / stamp[4:6] / f"{case_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_repo(root: Path, cases: dict[str, str], plan: str | None = PLAN) -> Path:
    root.mkdir(parents=True)
    for name in ("standard.yaml", "registry", "schemas"):
        source = origin(name)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    for case_id, text in cases.items():
        write_case(root, case_id, text)
    if plan:
        (root / "plans").mkdir()
        (root / "plans" / "2026.yaml").write_text(plan, encoding="utf-8")
    return root
