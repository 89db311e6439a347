"""`pelihara notify [--now ISO] [--dry-run] [--json] [--commit]`: tell people what happened and
what is coming, once, in working hours, and record every notice that went out.

Meant for a scheduled pipeline every 15 minutes. It finds the new case events (on or after
`notices.since` in standard.yaml), the escalation rungs the open steps have reached, and the
planned maintenance of the coming week; leaves out what the notice records under
notifications/ show as sent; sends the rest by e-mail and/or webhook (configured from the
environment, see `pelihara.records.channels`); and writes what each server accepted as a new
record. `--commit` commits the records as the registry's bot.

Exit codes: 0 all due notices sent (or nothing due), 1 some sends failed (they are not recorded
and go out on the next run) or a case or plan file was skipped (named on stderr, as every
command notes the record files it cannot use), 2 usage or configuration error (no channel
configured, a broken notice record, no bot in the registry for --commit).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelihara.cli.common import add_common, add_now, invocation, note_skipped, print_json
from pelihara.core import plans
from pelihara.core.addresses import Identity, Recipient, bot_identity
from pelihara.core.errors import PeliharaError
from pelihara.core.escalation import in_working_hours, next_working_minute, notice_rules
from pelihara.core.findings import Finding
from pelihara.core.notices import Notice, Planner, sendable, unsent
from pelihara.core.timeparse import iso
from pelihara.documents.notice_text import Writer
from pelihara.i18n.messages import hint, render
from pelihara.records import channels as channel_config
from pelihara.records import notifications, writelock
from pelihara.records.load import Records, Skipped
from pelihara.records.mailer import Mailer, Outgoing
from pelihara.records.repo import Repository
from pelihara.records.webhook import post


def register(sub: Any) -> None:
    parser = add_common(sub.add_parser(
        "notify", help="help.notify.notify",
        description="help.notify.notify.description"))
    add_now(parser)
    parser.add_argument("--dry-run", action="store_true",
                        help="help.notify.dry_run")
    parser.add_argument("--commit", action="store_true",
                        help="help.notify.commit")
    parser.add_argument("--json", action="store_true", help="help.json")
    parser.set_defaults(func=run)


@dataclass
class Report:
    now: datetime
    channels: list[str]
    sent: list[dict[str, Any]] = field(default_factory=list)
    held: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    unreachable: list[dict[str, str]] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    commit: str | None = None
    dry_run: bool = False


def due_notices(repo: Repository, now: datetime) -> tuple[list[Notice], list[Skipped]]:
    """Every notice the records call for as of `now` (sent or not), and the record files
    skipped (a case or plan that cannot be used announces nothing)."""
    planner = Planner(repo.standard, repo.calendar, notice_rules(repo.standard),
                      repo.registries)
    records = Records(repo, now)
    skipped = list(records.cases.skipped)
    found: list[Notice] = []
    for record in records.cases:
        try:
            found.extend(planner.event_notices(record.case))
            found.extend(planner.ladder_notices(record.case, now, record.replay))
        except PeliharaError as exc:  # a year the calendar does not cover
            skipped.append(_skipped(record.source, exc))
    for plan in records.plans:
        if plans.approved(plan.data):
            try:
                occurrences, _ = plans.resolve(plan.data, repo.calendar)
            except PeliharaError as exc:
                skipped.append(_skipped(plan.source, exc))
                continue
            found.extend(planner.planned_notices(plan.data, occurrences, now))
    skipped.extend(records.plans.skipped)
    found.sort(key=lambda n: (n.due_at, n.key))
    return found, sorted(skipped, key=lambda s: s.rel)


def _skipped(rel: str, exc: PeliharaError) -> Skipped:
    return Skipped(rel, (Finding(rel, exc.line or 1, exc.column or 1, exc.code, exc.params),))


def run(args: argparse.Namespace) -> int:
    repo, now, lng = invocation(args, whole_seconds=True)
    config, identity = _senders(args, repo)
    notices, skipped = due_notices(repo, now)
    exit_code = note_skipped(skipped, lng)
    calendar = repo.calendar
    already = notifications.sent(repo)
    working = in_working_hours(calendar, now)
    writer = Writer(repo.standard, repo.registries, config.site_url)
    report = Report(now, config.names, dry_run=args.dry_run)
    deliveries: list[dict[str, Any]] = []
    mailer = Mailer(config.smtp) if config.smtp and not args.dry_run else None
    try:
        for notice in notices:
            for channel in config.names or ["email"]:
                left = unsent(notice, channel, already)
                if left is None:
                    continue
                if not sendable(working, notice, now):
                    report.held.append(_row(notice, channel, left, iso(next_working_minute(
                        calendar, max(notice.due_at, now)))))
                    continue
                _unreachable(report, notice)
                if args.dry_run:
                    report.sent.append(_row(notice, channel, left))
                    continue
                delivered = _send(writer, mailer, config.webhook, notice, channel, left, now,
                                  report)
                if delivered is not None:
                    deliveries.append(delivered)
    finally:
        if mailer is not None:
            mailer.__exit__(None, None, None)
        if deliveries:  # even when interrupted: what a server accepted is never sent twice
            _record(repo, now, deliveries, identity, report)
    _print(report, args, lng)
    return 1 if report.failed or exit_code else 0


def _senders(args: argparse.Namespace, repo: Repository
             ) -> tuple[channel_config.Channels, Identity | None]:
    """The channels configured in the environment and, with --commit, the bot's identity:
    either missing stops the run before any notice is worked out."""
    config = channel_config.from_env(os.environ)
    if not config.names and not args.dry_run:
        raise PeliharaError("notify.no_channel", {})
    identity = bot_identity(repo.registries) if args.commit else None
    if args.commit and identity is None:
        raise PeliharaError("notify.no_bot", {})
    return config, identity


def _record(repo: Repository, now: datetime, deliveries: list[dict[str, Any]],
            identity: Identity | None, report: Report) -> None:
    """Write the notice records of what went out (committed as the bot with --commit)."""
    with writelock.locked(repo.root):
        written = notifications.write(repo, now, deliveries)
        report.records = [repo.rel(p) for p in written]
        if identity is not None:
            from pelihara.records.gitio import Git  # local: only --commit needs git

            report.commit = Git(repo.root).commit_paths(
                written, render("notify.commit_message", {"count": len(deliveries),
                                                          "at": iso(now)}),
                (identity.name, identity.email))


def _send(writer: Writer, mailer: Mailer | None, webhook: str | None, notice: Notice,
          channel: str, left: tuple[tuple[Recipient, ...], tuple[Recipient, ...]],
          now: datetime, report: Report) -> dict[str, Any] | None:
    to, cc = left
    message = writer.message(notice)
    base: dict[str, Any] = {"notice": notice.key, "kind": notice.kind,
            **({"case": notice.case_id} if notice.case_id else {}),
            **({"step": notice.step_id} if notice.step_id else {}),
            "due_at": iso(notice.due_at), "channel": channel, "sent_at": iso(now)}
    if channel == "email" and mailer is not None:
        greeted = to or cc
        outcome = mailer.send(Outgoing(notice.key, message.subject,
                                       writer.text(message, greeted),
                                       writer.html(message, greeted), to, cc), now)
        for who, why in outcome.refused.items():
            report.failed.append({**_row(notice, channel, left), "recipient": who,
                                  "error": why})
        if not outcome.accepted:
            return None
        accepted = {r.ref for r in outcome.accepted}
        delivered: dict[str, Any] = {
            **base, "message_id": outcome.message_id, "subject": message.subject,
            "to": _who(r for r in to if r.ref in accepted),
            "cc": _who(r for r in cc if r.ref in accepted)}
    elif channel == "webhook" and webhook:
        message_id = f"<{notice.key.replace('/', '.')}.{now:%Y%m%d%H%M%S}@pelihara>"
        answer = post(webhook, writer.payload(notice, message, message_id))
        if not answer.ok:
            report.failed.append({**_row(notice, channel, left), "recipient": "*",
                                  "error": answer.error or ""})
            return None
        delivered = {**base, "message_id": message_id, "subject": message.subject,
                     "to": _who(r for r in to if r.address),
                     "cc": _who(r for r in cc if r.address), "status": answer.status}
    else:
        return None
    if notice.urgent:
        delivered["urgent"] = True
    report.sent.append({**_row(notice, channel, left), "message_id": delivered["message_id"]})
    return delivered


def _who(recipients: Any) -> list[dict[str, str]]:
    return [{"ref": r.ref, "address": r.address} for r in recipients]


def _row(notice: Notice, channel: str,
         left: tuple[tuple[Recipient, ...], tuple[Recipient, ...]],
         held_until: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {"notice": notice.key, "kind": notice.kind, "case": notice.case_id,
                           "channel": channel, "due_at": iso(notice.due_at),
                           "urgent": notice.urgent,
                           "to": [r.name for r in left[0]], "cc": [r.name for r in left[1]]}
    if held_until is not None:
        row["held_until"] = held_until
    return row


def _unreachable(report: Report, notice: Notice) -> None:
    for r in notice.recipients:
        item = {"notice": notice.key, "recipient": r.ref, "name": r.name}
        if r.address is None and item not in report.unreachable:
            report.unreachable.append(item)


def _print(report: Report, args: argparse.Namespace, lng: str) -> None:
    if args.json:
        print_json({"now": iso(report.now), "dry_run": report.dry_run,
                    "channels": report.channels, "sent": report.sent, "held": report.held,
                    "failed": report.failed, "unreachable": report.unreachable,
                    "records": report.records, "commit": report.commit})
    else:
        out = sys.stdout.write
        verb = "would_send" if report.dry_run else "sent"
        labels = {"sent": render(f"notify.{verb}", {}, lng), "held": render("notify.held", {}, lng),
                  "failed": render("notify.failed", {}, lng)}
        for status, rows in (("sent", report.sent), ("held", report.held),
                             ("failed", report.failed)):
            for row in rows:
                who = "; ".join(row["to"]) + (f" (cc: {'; '.join(row['cc'])})" if row["cc"] else "")
                extra = row.get("held_until") or row.get("error") or ""
                out(f"{labels[status]:<10} {row['channel']:<8} {row['notice']}  → {who}"
                    + (f"  [{extra}]" if extra else "") + "\n")
        summary = "notify.summary_dry" if report.dry_run else "notify.summary"
        out(render(summary, {"sent": len(report.sent), "held": len(report.held),
                             "failed": len(report.failed)}, lng) + "\n")
        for path in report.records:
            out(f"  → {path}" + (f" [{report.commit[:10]}]" if report.commit else "") + "\n")
    for item in report.unreachable:
        sys.stderr.write(render("notify.unreachable", item, lng) + "\n  → "
                         + hint("notify.unreachable", item, lng) + "\n")
    if not report.channels:
        sys.stderr.write(render("notify.no_channel", {}, lng) + "\n")


__all__ = ["register", "run"]
