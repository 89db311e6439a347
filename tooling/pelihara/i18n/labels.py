"""Words for the SLA verdicts and step outcomes, the same on every output.

`pelihara sla`, the site and the reports all show a step's verdict (`pelihara.core.sla.verdict`)
with these words, so a step never reads "tepat waktu" in one place and "dieskalasi" in another.
"""

from __future__ import annotations

from pelihara.core.vocabulary import Outcome, Verdict

VERDICTS: dict[str, dict[Verdict, str]] = {
    "id": {Verdict.LATE_NOW: "lewat tenggat", Verdict.LATE: "terlambat",
           Verdict.ON_TIME: "tepat waktu", Verdict.ON_HOLD: "ditunda (jam berhenti)",
           Verdict.OPEN: "berjalan"},
    "en": {Verdict.LATE_NOW: "past the deadline", Verdict.LATE: "late",
           Verdict.ON_TIME: "on time", Verdict.ON_HOLD: "on hold (clock stopped)",
           Verdict.OPEN: "running"},
}
OUTCOMES: dict[str, dict[Outcome, str]] = {
    "id": {Outcome.DONE: "selesai", Outcome.ESCALATED: "dieskalasi", Outcome.OPEN: "berjalan",
           Outcome.CANCELLED: "dibatalkan"},
    "en": {Outcome.DONE: "done", Outcome.ESCALATED: "escalated", Outcome.OPEN: "running",
           Outcome.CANCELLED: "cancelled"},
}


def verdict_label(verdict: Verdict, lang: str = "id") -> str:
    return VERDICTS["en" if lang == "en" else "id"][verdict]


def step_verdict(outcome: Outcome, verdict: Verdict, lang: str = "id") -> str:
    """'tepat waktu', or 'dieskalasi, terlambat' for a step that did not end by its own work
    (escalated to the vendor, or cut by a cancellation)."""
    text = verdict_label(verdict, lang)
    if outcome in (Outcome.ESCALATED, Outcome.CANCELLED):
        return f"{OUTCOMES['en' if lang == 'en' else 'id'][outcome]}, {text}"
    return text


EVENT_KINDS: dict[str, str] = {
    "held": "Ditunda", "resumed": "Dilanjutkan", "escalated": "Dieskalasi ke pengembang",
    "cancelled": "Dibatalkan", "correction": "Koreksi", "note": "Catatan"}
"""Labels of the side events; an event that reaches a state takes the state's own label from
standard.yaml."""

EVENT_FIELDS: dict[str, str] = {
    "by": "Oleh", "note": "Catatan", "late_reason": "Alasan keterlambatan",
    "memo": "Memorandum", "monitoring": "Temuan pemantauan", "officers": "Petugas",
    "severity": "Tingkat kerusakan", "findings": "Temuan", "components": "Komponen",
    "vendor": "Pengembang/konsultan", "letter": "Surat pemberitahuan", "tembusan": "Tembusan",
    "meeting": "Rapat koordinasi", "cause": "Penyebab", "tests": "Uji coba",
    "report": "Laporan", "confirmed_by": "Dikonfirmasi oleh", "reason": "Alasan",
    "approved_by": "Disetujui oleh", "duplicate_of": "Duplikat dari",
    "refers_to": "Mengoreksi peristiwa", "changes": "Perubahan",
    "number": "Nomor", "date": "Tanggal", "sender": "Pengirim", "to": "Kepada",
    "record": "Catatan pemantauan",
    "finding": "Temuan", "attendees": "Peserta", "minutes": "Notulen", "summary": "Ringkasan",
    "attachments": "Lampiran", "result": "Hasil", "notes": "Keterangan", "at": "Waktu",
    "event": "Jenis peristiwa"}
"""What each field of a case event is called on the site (case.schema.json's keys)."""

COMPONENTS: dict[str, str] = {"software": "perangkat lunak", "database": "basis data",
                              "hardware": "perangkat keras", "jaringan": "jaringan"}
"""The components an analysis names (`components:`), as the reports and the site write them."""

ORIGINS: dict[str, str] = {"memo": "Memorandum unit kerja",
                           "monitoring": "Temuan pemantauan berkala"}
"""How a case was opened (`origin:`)."""

ACTIVITY_KINDS: dict[str, str] = {
    "monitoring": "Pemantauan berkala (B.2b)", "preventive": "Pemeliharaan preventif",
    "backup_verification": "Verifikasi backup (C.1.g)",
    "documentation_review": "Telaah dokumentasi (C.1.e)",
    "source_review": "Telaah source code (C.1.f)"}
"""The kinds of planned activity (plans/<year>.yaml `activities[].kind`)."""

MATCH_STATUSES: dict[str, str] = {
    "done": "terlaksana", "late": "terlaksana terlambat", "missed": "terlewat",
    "pending": "belum (masih dalam jangka)", "upcoming": "akan datang"}
"""A planned occurrence against what was done (`pelihara.core.plans.match`), in its order."""

COMPLAINT_STATES: dict[str, str] = {
    "received": "Diterima", "routed": "Diteruskan", "followed_up": "Ditindaklanjuti",
    "discussed": "Dibahas dalam rapat", "closed": "Selesai"}
"""A complaint's states (section H), in their order."""

COMPLAINT_KINDS: dict[str, str] = {"pengaduan": "Pengaduan", "keluhan": "Keluhan",
                                   "masukan": "Masukan"}

IKM_GRADES: dict[str, str] = {"A": "Sangat baik", "B": "Baik", "C": "Kurang baik",
                              "D": "Tidak baik"}
"""Mutu pelayanan of an IKM grade (PermenPANRB 14/2017)."""

WEEKDAYS: dict[str, str] = {"monday": "Senin", "tuesday": "Selasa", "wednesday": "Rabu",
                            "thursday": "Kamis", "friday": "Jumat", "saturday": "Sabtu",
                            "sunday": "Minggu"}
