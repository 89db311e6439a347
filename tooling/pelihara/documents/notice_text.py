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
from pelihara.i18n import html_words, text_words, tr
from pelihara.i18n.labels import table

SUBJECT_MAX = 200
FOOTER = tr("notice.footer")
EVENT_HEADLINES = table("notice.headline")


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
    lang: str = "id"

    def _name(self, registry: str, ident: str | None) -> str:
        if not ident:
            return "–"
        return str(self.registries[registry].entry(ident).get("name") or ident)

    def t(self, code: str, /, **params: Any) -> str:
        """The catalogue's text `code` in the notices' language (Bahasa Indonesia: they go to
        the office's units as official mail)."""
        return tr(code, self.lang, **params)

    def _actor(self, actor: str) -> str:
        return str(self.standard.actors.get(actor, {}).get("label", actor))

    def _next(self, nxt: NextStep | None) -> list[tuple[str, str]]:
        if nxt is None:
            return []
        due = wib(nxt.deadline) if nxt.deadline else self.t("notice.clock_stopped")
        return [(self.t("notice.fact.next_step"), f"{nxt.step.id} {nxt.step.label}"),
                (self.t("notice.fact.actor"), self._actor(nxt.actor)),
                (self.t("notice.fact.limit"),
                 self.t("notice.working", time=limit(nxt.limit_minutes))),
                (self.t("notice.fact.deadline"), due)]

    def _case_head(self, notice: Notice) -> list[tuple[str, str]]:
        case = notice.facts["case"]
        return [(self.t("notice.fact.case"), case.id), (self.t("notice.fact.title"), case.title),
                (self.t("notice.fact.application"), self._name("applications", case.application)),
                (self.t("notice.fact.unit"), self._name("units", case.unit))]

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
            facts.append((self.t("notice.fact.recorded_by"), self._name("staff", event.by)))
        facts += self._next(f["next"])
        return self._finish(notice, headline, intro, facts, f"kasus/{case.id}/",
                            self.t("notice.link.case"))

    def _opened(self, notice: Notice) -> tuple[str, str, list[tuple[str, str]]]:
        case, event = notice.facts["case"], notice.facts["event"]
        memo = event.get("memo") or {}
        origin = (self.t("notice.memo_from", number=memo.get("number", ""),
                         sender=memo.get("sender", ""))
                  if case.origin == "memo" else self.t("origin.monitoring"))
        intro = self.t("notice.opened.intro", case=case.id,
                       application=self._name("applications", case.application))
        return self.t("notice.opened.headline", title=case.title), intro, [
            (self.t("notice.fact.origin"), origin), (self.t("notice.fact.recorded"), wib(event.at))]

    def _cancelled(self, notice: Notice) -> tuple[str, str, list[tuple[str, str]]]:
        case, event = notice.facts["case"], notice.facts["event"]
        reasons = self.standard.extensions.get("cancel", {}).get("reasons", {})
        reason = str(reasons.get(event.get("reason"), event.get("reason") or "–"))
        facts = [(self.t("notice.fact.cancelled"), wib(event.at)),
                 (self.t("notice.fact.reason"), reason)]
        intro = self.t("notice.cancelled.intro", case=case.id)
        if event.get("duplicate_of"):
            original = str(event.get("duplicate_of"))
            facts.append((self.t("notice.fact.original"),
                          f"{original} {self._link(f'kasus/{original}/')}"
                          .strip()))
            intro = self.t("notice.cancelled.duplicate", case=case.id, original=original)
        if event.get("note"):
            facts.append((self.t("notice.fact.note"), str(event.get("note"))))
        return self.t("notice.cancelled.headline", reason=reason), intro, facts

    def _step_done(self, notice: Notice) -> tuple[str, str, list[tuple[str, str]]]:
        case, event = notice.facts["case"], notice.facts["event"]
        state = self.standard.states.get(event.kind)
        label = state.label if state else event.kind
        headline = EVENT_HEADLINES.get(notice.kind, self.t("notice.step_done", label=label))
        facts = [(self.t("notice.fact.event"), EVENT_HEADLINES.get(notice.kind, label)),
                 (self.t("notice.fact.at"), wib(event.at))]
        if notice.kind == "held":
            facts += [(self.t("notice.fact.reason"), str(event.get("reason") or "–")),
                      (self.t("notice.fact.approved_by"),
                       self._name("staff", event.get("approved_by")))]
        if notice.kind == "escalated":
            facts.append((self.t("notice.fact.reason"), str(event.get("reason") or "–")))
        facts += self._step_details(notice)
        intro = self.t("notice.step.intro", case=case.id, title=case.title,
                       what=f"{headline[0].lower()}{headline[1:]}")
        return headline, intro, facts

    def _step_details(self, notice: Notice) -> list[tuple[str, str]]:
        """What the step found or decided: severity, officers, vendor, who confirmed."""
        f, event = notice.facts, notice.facts["event"]
        facts = []
        if event.kind == "analysed" and f["severity"]:
            facts.append((self.t("notice.fact.severity"), str(f["severity"])))
        if event.kind == "assigned":
            facts.append((self.t("notice.fact.officers"),
                          ", ".join(self._name("staff", o) for o in f["officers"])))
        if event.kind == "vendor_notified" and f["vendor"]:
            facts.append((self.t("notice.fact.vendor"), self._name("vendors", f["vendor"])))
        if notice.kind == "closed" and event.get("confirmed_by"):
            facts.append((self.t("notice.fact.confirmed_by"), str(event.get("confirmed_by"))))
        return facts

    def _threshold(self, notice: Notice) -> Message:
        f = notice.facts
        nxt, rung = f["next"], f["rung"]
        case = f["case"]
        headline = f"{rung.label}: {nxt.step.id} {nxt.step.label}"
        share = f"{rung.percent}%" + (f" + {minutes(rung.after_minutes)}"
                                      if rung.after_minutes else "")
        intro = self.t("notice.threshold.intro", step=nxt.step.id, case=case.id,
                       used=minutes(f["threshold"]), limit=limit(nxt.limit_minutes), share=share,
                       at=wib(f["reached"]))
        facts = [
            *self._case_head(notice),
            (self.t("notice.fact.step"), f"{nxt.step.id} {nxt.step.label}"),
            (self.t("notice.fact.actor"), self._actor(nxt.actor)),
            (self.t("notice.fact.start"), wib(f["start"])),
            (self.t("notice.fact.limit"), self.t("notice.working", time=limit(nxt.limit_minutes))),
            (self.t("notice.fact.deadline"), wib(nxt.deadline) if nxt.deadline else "–"),
            (self.t("notice.fact.threshold"), wib(f["reached"]))]
        if notice.urgent:
            facts.append((self.t("notice.fact.urgency"), self.t("notice.urgent")))
        return self._finish(notice, headline, intro, facts, f"kasus/{case.id}/",
                            self.t("notice.link.case"))

    def _planned(self, notice: Notice) -> Message:
        f = notice.facts
        activity, day = f["activity"], f["day"]
        title = str(activity.get("title", activity.get("id", "")))
        headline = self.t("notice.planned.headline", day=long_date(day), title=title)
        apps = ", ".join(self._name("applications", a) for a in f["applications"])
        intro = self.t("notice.planned.intro", day=long_date(day))
        facts = [(self.t("notice.fact.date"), long_date(day)),
                 (self.t("notice.fact.activity"), title),
                 (self.t("notice.fact.application"), apps),
                 (self.t("notice.fact.officers"), self._name("staff", activity.get("officer")))]
        if activity.get("duration"):
            facts.append((self.t("notice.fact.duration"),
                          self.t("notice.working", time=activity["duration"])))
        facts.append((self.t("notice.fact.plan"), notice.ref))
        return self._finish(notice, headline, intro, facts, "program-kerja/",
                            self.t("notice.link.plan"))

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
            message=message, greeting=_greeting(to), width=width, t=text_words())

    def html(self, message: Message, to: Sequence[Recipient]) -> str:
        return _environment().get_template("notice.html.j2").render(
            message=message, greeting=_greeting(to), t=html_words())

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
    return "; ".join(r.name for r in to) if to else tr("notice.sir_madam")
