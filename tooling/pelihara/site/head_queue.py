""""Menunggu Kepala Biro": what waits for the Kepala Biro's hand, for the dashboard.

- Disposisi belum diberikan: open cases in `received`, whose step B.3 (the Kepala Biro's
  assignment, 1 jam) is running, with its deadline;
- Penundaan menunggu persetujuan: cases on hold whose hold was approved by someone who is not
  a Kepala Biro (holds are his to approve);
- Pengaduan menunggu penerusan: complaints received but not yet routed through him (H.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pelihara.core import complaints
from pelihara.i18n import tr
from pelihara.site import links
from pelihara.site.context import SiteContext


@dataclass(frozen=True)
class QueueItem:
    kind: str
    ident: str
    title: str
    since: datetime
    deadline: datetime | None
    late: bool
    href: str


def head_queue(ctx: SiteContext, from_doc: str) -> list[QueueItem]:
    people = ctx.repo.registries.people
    items = []
    for record in ctx.cases:
        step = record.sla.open_step
        href = links.href(from_doc, links.case_page(record.id))
        if step is not None and record.replay.state == "received" and not record.sla.on_hold:
            late = step.remaining_minutes is not None and step.remaining_minutes < 0
            items.append(QueueItem(tr("site.queue.disposition"), record.id, record.case.title,
                                   step.start, step.deadline, late, href))
        if record.sla.on_hold and record.replay.holds:
            hold = record.replay.holds[-1]
            if not people.heads_at(hold.event.get("approved_by"), hold.start):
                items.append(QueueItem(tr("site.queue.hold"), record.id,
                                       record.case.title, hold.start, None, False, href))
    for complaint in ctx.ops.complaints:
        state = complaints.replay(complaint["events"], people)
        if state.state == "received" and state.received_at is not None:
            items.append(QueueItem(tr("site.queue.complaint"), str(complaint["id"]),
                                   str(complaint["title"]), state.received_at, None, False,
                                   links.href(from_doc, "pengaduan/index.md")))
    items.sort(key=lambda i: (i.deadline or i.since, i.ident))
    return items
