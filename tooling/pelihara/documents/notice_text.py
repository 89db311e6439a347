"""What a notice says, in Bahasa Indonesia: subject, plain text, HTML and the webhook payload.

Every text a record holds reaches the HTML through autoescaping templates; the plain text is
plain. The subject starts with the case ID (or the plan's number for planned maintenance), and
the body links to the case page on the published site (`PELIHARA_SITE_URL`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from pelihara.core.addresses import Recipient
from pelihara.core.notices import NextStep, Notice
from pelihara.core.registries import Registries
from pelihara.core.standard import Standard
from pelihara.core.timeparse import iso
from pelihara.documents.dates import limit, long_date, minutes, wib

SUBJECT_MAX = 200
FOOTER = ("Pesan otomatis dari Pelihara, Biro Dukungan Informatika. Setiap pemberitahuan "
          "dikirim sekali dan dicatat di repositori Pelihara; pesan ini tidak perlu dibalas.")
EVENT_HEADLINES = {
    "held": "Kasus ditunda: jam layanan berhenti",
    "resumed": "Kasus dilanjutkan: jam layanan berjalan lagi",
    "escalated": "Dieskalasi ke pengembang/konsultan",
    "closed": "Kasus selesai: sistem normal kembali",
}


@dataclass(frozen=True)
class Message:
    subject: str
    headline: str
    intro: str
    facts: list[tuple[str, str]]
    link: str
    link_label: str
    footer: str = FOOTER


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("pelihara.documents", "templates/notices"),
                       autoescape=select_autoescape(["html.j2"]), undefined=StrictUndefined,
                       keep_trailing_newline=True)


@dataclass(frozen=True)
class Writer:
    """Renders notices for one run: the standard's labels, the registries' names, the site."""

    standard: Standard
    registries: Registries
    site_url: str

    def _name(self, registry: str, ident: str | None) -> str:
        if not ident:
            return "–"
        return str(self.registries[registry].entry(ident).get("name") or ident)

    def _actor(self, actor: str) -> str:
        return str(self.standard.actors.get(actor, {}).get("label", actor))

    def _next(self, nxt: NextStep | None) -> list[tuple[str, str]]:
        if nxt is None:
            return []
        due = wib(nxt.deadline) if nxt.deadline else "jam berhenti selama penundaan"
        return [("Langkah berikutnya", f"{nxt.step.id} {nxt.step.label}"),
                ("Pelaksana", self._actor(nxt.actor)),
                ("Batas waktu", limit(nxt.limit_minutes) + " kerja"),
                ("Tenggat", due)]

    def _case_head(self, notice: Notice) -> list[tuple[str, str]]:
        case = notice.facts["case"]
        return [("Kasus", case.id), ("Judul", case.title),
                ("Aplikasi", self._name("applications", case.application)),
                ("Unit kerja", self._name("units", case.unit))]

    def message(self, notice: Notice) -> Message:
        if notice.kind == "planned":
            return self._planned(notice)
        if notice.kind == "threshold":
            return self._threshold(notice)
        return self._event(notice)

    def _link(self, path: str) -> str:
        return f"{self.site_url}{path}" if self.site_url else ""

    def _event(self, notice: Notice) -> Message:
        f = notice.facts
        case, event = f["case"], f["event"]
        explain = {"opened": self._opened, "cancelled": self._cancelled}.get(notice.kind,
                                                                            self._step_done)
        headline, intro, told = explain(notice)
        facts = [*self._case_head(notice), *told]
        if event.by:
            facts.append(("Dicatat oleh", self._name("staff", event.by)))
        facts += self._next(f["next"])
        return self._finish(notice, headline, intro, facts, f"kasus/{case.id}/", "Lihat kasus")

    def _opened(self, notice: Notice) -> tuple[str, str, list[tuple[str, str]]]:
        case, event = notice.facts["case"], notice.facts["event"]
        memo = event.get("memo") or {}
        origin = (f"Memorandum {memo.get('number', '')} dari {memo.get('sender', '')}"
                  if case.origin == "memo" else "Temuan pemantauan berkala (B.2b)")
        intro = (f"Kasus pemeliharaan baru {case.id} dicatat untuk aplikasi "
                 f"{self._name('applications', case.application)}.")
        return f"Kasus baru: {case.title}", intro, [("Asal", origin), ("Dicatat", wib(event.at))]

    def _cancelled(self, notice: Notice) -> tuple[str, str, list[tuple[str, str]]]:
        case, event = notice.facts["case"], notice.facts["event"]
        reasons = self.standard.extensions.get("cancel", {}).get("reasons", {})
        reason = str(reasons.get(event.get("reason"), event.get("reason") or "–"))
        facts = [("Dibatalkan", wib(event.at)), ("Alasan", reason)]
        intro = f"Kasus {case.id} dibatalkan dan tidak ditindaklanjuti lagi."
        if event.get("duplicate_of"):
            original = str(event.get("duplicate_of"))
            facts.append(("Kasus asal", f"{original} {self._link(f'kasus/{original}/')}"
                          .strip()))
            intro = (f"Kasus {case.id} dibatalkan sebagai laporan ganda dari kasus "
                     f"{original}; penanganan berlanjut di kasus asal.")
        if event.get("note"):
            facts.append(("Keterangan", str(event.get("note"))))
        return f"Kasus dibatalkan: {reason}", intro, facts

    def _step_done(self, notice: Notice) -> tuple[str, str, list[tuple[str, str]]]:
        case, event = notice.facts["case"], notice.facts["event"]
        state = self.standard.states.get(event.kind)
        label = state.label if state else event.kind
        headline = EVENT_HEADLINES.get(notice.kind, f"Langkah selesai: {label}")
        facts = [("Peristiwa", EVENT_HEADLINES.get(notice.kind, label)),
                 ("Waktu", wib(event.at))]
        if notice.kind == "held":
            facts += [("Alasan", str(event.get("reason") or "–")),
                      ("Disetujui oleh", self._name("staff", event.get("approved_by")))]
        if notice.kind == "escalated":
            facts.append(("Alasan", str(event.get("reason") or "–")))
        facts += self._step_details(notice)
        intro = f"Kasus {case.id} ({case.title}): {headline[0].lower()}{headline[1:]}."
        return headline, intro, facts

    def _step_details(self, notice: Notice) -> list[tuple[str, str]]:
        """What the step found or decided: severity, officers, vendor, who confirmed."""
        f, event = notice.facts, notice.facts["event"]
        facts = []
        if event.kind == "analysed" and f["severity"]:
            facts.append(("Tingkat kerusakan", str(f["severity"])))
        if event.kind == "assigned":
            facts.append(("Petugas", ", ".join(self._name("staff", o) for o in f["officers"])))
        if event.kind == "vendor_notified" and f["vendor"]:
            facts.append(("Pengembang/konsultan", self._name("vendors", f["vendor"])))
        if notice.kind == "closed" and event.get("confirmed_by"):
            facts.append(("Dikonfirmasi oleh", str(event.get("confirmed_by"))))
        return facts

    def _threshold(self, notice: Notice) -> Message:
        f = notice.facts
        nxt, rung = f["next"], f["rung"]
        case = f["case"]
        headline = f"{rung.label}: {nxt.step.id} {nxt.step.label}"
        intro = (f"Langkah {nxt.step.id} kasus {case.id} telah memakai {minutes(f['threshold'])} "
                 f"kerja dari batas {limit(nxt.limit_minutes)} ({rung.percent}%"
                 + (f" + {minutes(rung.after_minutes)}" if rung.after_minutes else "")
                 + ") pada " + wib(f["reached"]) + ".")
        facts = [
            *self._case_head(notice), ("Langkah", f"{nxt.step.id} {nxt.step.label}"),
            ("Pelaksana", self._actor(nxt.actor)), ("Mulai", wib(f["start"])),
            ("Batas waktu", limit(nxt.limit_minutes) + " kerja"),
            ("Tenggat", wib(nxt.deadline) if nxt.deadline else "–"),
            ("Ambang tercapai", wib(f["reached"]))]
        if notice.urgent:
            facts.append(("Sifat", "Mendesak: dikirim segera, juga di luar jam kerja"))
        return self._finish(notice, headline, intro, facts, f"kasus/{case.id}/", "Lihat kasus")

    def _planned(self, notice: Notice) -> Message:
        f = notice.facts
        activity, day = f["activity"], f["day"]
        title = str(activity.get("title", activity.get("id", "")))
        headline = f"Pemeliharaan terjadwal {long_date(day)}: {title}"
        apps = ", ".join(self._name("applications", a) for a in f["applications"])
        intro = (f"Biro DI menjadwalkan pemeliharaan yang menyentuh aplikasi unit Anda pada "
                 f"{long_date(day)}. Layanan aplikasi dapat terganggu sementara.")
        facts = [("Tanggal", long_date(day)), ("Kegiatan", title), ("Aplikasi", apps),
                 ("Petugas", self._name("staff", activity.get("officer")))]
        if activity.get("duration"):
            facts.append(("Perkiraan durasi", f"{activity['duration']} kerja"))
        facts.append(("Program kerja", notice.ref))
        return self._finish(notice, headline, intro, facts, "program-kerja/",
                            "Lihat program kerja")

    def _finish(self, notice: Notice, headline: str, intro: str,
                facts: list[tuple[str, str]], path: str, label: str) -> Message:
        subject = f"{notice.ref}: {headline}"
        if len(subject) > SUBJECT_MAX:
            subject = subject[:SUBJECT_MAX - 1] + "…"
        return Message(subject, headline, intro, facts, self._link(path), label)

    # --- output ----------------------------------------------------------------------------

    def text(self, message: Message, to: Sequence[Recipient]) -> str:
        width = max(len(label) for label, _ in message.facts) + 1 if message.facts else 1
        return _environment().get_template("notice.txt.j2").render(
            message=message, greeting=_greeting(to), width=width)

    def html(self, message: Message, to: Sequence[Recipient]) -> str:
        return _environment().get_template("notice.html.j2").render(
            message=message, greeting=_greeting(to))

    def payload(self, notice: Notice, message: Message, message_id: str) -> dict[str, Any]:
        """The webhook's JSON. `text` is what Slack-style chat bridges show as is."""
        text = message.subject + (f"\n{message.link}" if message.link else "")
        return {"notice": notice.key, "id": message_id, "kind": notice.kind,
                "case": notice.case_id, "step": notice.step_id, "subject": message.subject,
                "text": text, "facts": [list(pair) for pair in message.facts],
                "url": message.link or None, "due_at": iso(notice.due_at),
                "urgent": notice.urgent,
                "to": [r.name for r in notice.to], "cc": [r.name for r in notice.cc]}


def _greeting(to: Sequence[Recipient]) -> str:
    return "; ".join(r.name for r in to) if to else "Bapak/Ibu"
