"""The notices a case's page shows ("was the unit told, and when?"), from the notice records
under notifications/. Recipients by name only: the published site shows no addresses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pelihara.core.addresses import recipient
from pelihara.i18n.labels import table
from pelihara.records import notifications
from pelihara.site.context import SiteContext

KINDS = table("notice.kind")
CHANNELS = table("notice.channel")


@dataclass(frozen=True)
class NoticeView:
    sent_at: str
    kind: str
    step: str
    channel: str
    to: str
    cc: str
    subject: str
    message_id: str
    urgent: bool


def notice_views(ctx: SiteContext) -> dict[str, list[NoticeView]]:
    """Case ID → its delivered notices, oldest first."""
    registries = ctx.repo.registries

    def names(items: Any) -> str:
        return ", ".join(recipient(registries, str(i.get("ref"))).name for i in items or [])

    def subject(case: str, item: Any) -> str:
        # A subject carries the case's title: a confidential case shows none (UU 27/2022).
        return "–" if case in ctx.confidential else str(item.get("subject", ""))

    return {case: [NoticeView(
        sent_at=str(d.get("sent_at", "")), kind=KINDS.get(str(d.get("kind")), str(d.get("kind"))),
        step=str(d.get("step", "")), channel=CHANNELS.get(str(d.get("channel")), "–"),
        to=names(d.get("to")), cc=names(d.get("cc")), subject=subject(case, d),
        message_id=str(d.get("message_id", "")), urgent=bool(d.get("urgent")))
        for d in items] for case, items in notifications.by_case(ctx.records.notifications).items()}
