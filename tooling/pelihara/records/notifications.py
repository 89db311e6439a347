"""Notice records: `notifications/<year>/<month>/NTF-YYYYMMDD-XXX.yaml` (an edge: files).

One record per `pelihara notify` run that delivered anything, listing each delivery: which
notice (its key), to whom (registry reference and the address used), when, on which channel,
with which message ID. Only what a server accepted is written, so a failed send stays unsent
and is tried again on the next run. The records are the ledger: a notice key already recorded
for a recipient on a channel is never sent to them again.

A broken record stops `notify` (exit 2) instead of being skipped: skipping it would send again
everything it lists.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pelihara.core.errors import PeliharaError
from pelihara.core.notices import Sent
from pelihara.core.timeparse import iso, to_wib
from pelihara.records import casewrite, writelock
from pelihara.records.files import refuse_errors, would_accept
from pelihara.records.load import Record, load_notifications
from pelihara.records.repo import Repository

FOLDER = "notifications"
SCHEMA = "notification.schema.json"
PER_FILE = 200
"""Deliveries per record file: keeps each file far below the YAML size cap."""


def read(repo: Repository) -> Iterator[tuple[str, dict[str, Any]]]:
    """(repo-relative path, data) of every notice record, loaded and schema-checked like every
    record; a broken one raises instead of being skipped."""
    loaded = load_notifications(repo)
    if loaded.skipped:
        first = loaded.skipped[0].first
        raise PeliharaError("notify.broken_record", {"reason": first.code}, first.file,
                            first.line, first.column)
    for record in loaded:
        yield record.source, record.data


def sent(repo: Repository) -> Sent:
    """(notice key, channel, recipient ref) of every recorded delivery; ref "*" for webhooks."""
    done: Sent = set()
    for rel, data in read(repo):
        for position, item in enumerate(data["deliveries"]):
            try:
                key, channel = str(item["notice"]), str(item["channel"])
                if channel == "email":
                    done.update((key, channel, str(r["ref"]))
                                for r in [*item.get("to", []), *item.get("cc", [])])
                else:
                    done.add((key, channel, "*"))
            except (KeyError, TypeError):
                line = position + 1
                raise PeliharaError("notify.broken_record", {"reason": "deliveries"}, rel,
                                    line, 1) from None
    return done


def by_case(records: Iterable[Record]) -> dict[str, list[dict[str, Any]]]:
    """Case ID → its recorded deliveries (for the case pages), oldest first, from the usable
    notice records (a broken one is skipped and noted like any record)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        for item in record.data["deliveries"]:
            if isinstance(item, dict) and item.get("case"):
                found.setdefault(str(item["case"]), []).append(item)
    for items in found.values():
        items.sort(key=lambda i: str(i.get("sent_at", "")))
    return found


def write(repo: Repository, run_at: datetime, deliveries: Iterable[dict[str, Any]]
          ) -> list[Path]:
    """Write the deliveries as one or more records (checked like `pelihara check` would before
    anything touches the disk). Returns the files written."""
    items = list(deliveries)
    taken = {p.stem for p in repo.files("notification")}
    written = []
    for start in range(0, len(items), PER_FILE):
        ident = casewrite.new_id("NTF", run_at, taken, secrets.randbelow)
        taken.add(ident)
        rel = f"{FOLDER}/{to_wib(run_at):%Y/%m}/{ident}.yaml"
        record = {"id": ident, "run_at": iso(run_at),
                  "deliveries": items[start:start + PER_FILE]}
        text = casewrite.record_text(rel, SCHEMA, record)
        refuse_errors(would_accept(repo, rel, text, run_at))
        path = repo.root / rel
        writelock.write_record(repo.root, path, text, None)
        written.append(path)
    return written
