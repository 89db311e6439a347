"""`pelihara monitor`: probe every application's endpoints now and record the session (B.2b).

The registry is checked first, as `pelihara check` would (schema: only http(s) URLs, a
timeout within bounds; references): a broken registry stops the run before anything is probed.
Each probe has an overall deadline and never raises (`records/monitor.py`, `safehttp.py`), so
one misbehaving server is one failed endpoint and the run goes on.

With `--open-cases`, a failing application gets a case opened from the monitoring finding
(origin: monitoring, no memo needed), unless it already has an open case: at most one open
case per application, so repeated runs never open duplicates. Exit 0 when every application
answered as expected, 1 when any failed, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import secrets
import ssl
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from pelihara.check.reporters import text as text_report
from pelihara.cli.common import add_common, add_now, invocation, note_skipped, print_json
from pelihara.core.addresses import bot_identity
from pelihara.core.errors import PeliharaError
from pelihara.core.timeparse import iso, to_wib
from pelihara.i18n import tr
from pelihara.i18n.messages import render
from pelihara.records import casewrite, writelock
from pelihara.records.files import refuse_errors, would_accept
from pelihara.records.load import load_cases
from pelihara.records.monitor import Endpoint, probe, session_record
from pelihara.records.repo import Repository, case_path

REGISTRY = "registry/applications.yaml"


def register(sub: Any) -> None:
    parser = add_common(sub.add_parser(
        "monitor", help="help.monitor.monitor"))
    parser.add_argument("applications", nargs="*", metavar="APLIKASI",
                        help="help.monitor.applications")
    parser.add_argument("--officer",
                        help="help.monitor.officer")
    parser.add_argument("--open-cases", action="store_true",
                        help="help.monitor.open_cases")
    parser.add_argument("--cafile", help="help.monitor.cafile")
    parser.add_argument("--dry-run", action="store_true", help="help.monitor.dry_run")
    parser.add_argument("--commit", action="store_true",
                        help="help.monitor.commit")
    parser.add_argument("--json", action="store_true", help="help.json")
    add_now(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    repo, now, lng = invocation(args, whole_seconds=True)
    _refuse_broken_registry(repo, now, lng)
    identity = bot_identity(repo.registries) if args.commit else None
    if args.commit and identity is None:
        raise PeliharaError("notify.no_bot", {})
    chosen = _chosen(repo, args)
    open_cases, exit_code = _open_cases(repo, now, lng) if args.open_cases else ({}, 0)
    taken = {p.stem for p in repo.files("monitoring")}
    report = []
    written: list[Path] = []
    for app in chosen:
        item, files = _session(repo, args, app, now, taken, open_cases)
        report.append(item)
        written += files
    if identity is not None and written:
        from pelihara.records.gitio import Git  # local: only --commit needs git

        with writelock.locked(repo.root):
            commit = Git(repo.root).commit_paths(
                written, render("monitoring.commit_message",
                                {"count": len(report), "at": iso(now)}),
                (identity.name, identity.email))
        for item in report:
            item["commit"] = commit
    _print(report, args.json, lng)
    return 1 if exit_code or any(r["result"] == "gangguan" for r in report) else 0


def _chosen(repo: Repository, args: argparse.Namespace) -> list[str]:
    """The applications to probe (those with endpoints), once the officer (the registry's bot
    by default), the named applications and the CA file are known to be usable."""
    apps = repo.registries["applications"]
    staff = repo.registries["staff"]
    if args.officer is None:
        args.officer = next((sid for sid, s in staff.items() if s.get("role") == "bot"), None)
        if args.officer is None:
            raise PeliharaError("monitoring.no_officer", {})
    if args.officer not in staff:
        raise PeliharaError("monitoring.unknown_officer", {"officer": args.officer})
    for name in args.applications:
        if name not in apps:
            raise PeliharaError("monitoring.unknown_application",
                                {"application": name, "known": ", ".join(sorted(apps))})
    chosen = [a for a in (args.applications or sorted(apps)) if apps[a].get("endpoints")]
    if not chosen:
        raise PeliharaError("monitoring.no_endpoints", {})
    if args.cafile:  # a wrong file is the user's to fix, found before any probe
        try:
            ssl.create_default_context(cafile=args.cafile)
        except (ssl.SSLError, OSError) as exc:
            raise PeliharaError("monitoring.bad_cafile", {"path": args.cafile,
                                "error": getattr(exc, "strerror", None) or str(exc)}) from None
    return chosen


def _session(repo: Repository, args: argparse.Namespace, app: str, now: datetime,
             taken: set[str], open_cases: dict[str, str]) -> tuple[dict[str, Any], list[Path]]:
    """Probe one application and write its monitoring record (and, with --open-cases, a case
    for a failure when none is open): the report's row and the files written."""
    entry = repo.registries["applications"][app]
    results = [probe(Endpoint.from_registry(e), args.cafile) for e in entry["endpoints"]]
    ident = casewrite.new_id("MON", now, taken, secrets.randbelow)
    taken.add(ident)
    record = session_record(ident, app, str(entry.get("name", app)), args.officer, now,
                            results, iso)
    rel = f"monitoring/{to_wib(now):%Y/%m}/{ident}.yaml"
    case_file = None
    if record["result"] == "gangguan" and args.open_cases:
        finding = record["findings"][0]
        existing = open_cases.get(app)
        if existing:
            finding.update(case=existing, case_opened=False)
        else:
            case_id, case_text = _new_case(repo, app, ident, finding["summary"], args, now)
            case_file = (case_path(repo.root, case_id), case_text)
            finding.update(case=case_id, case_opened=True)
            open_cases[app] = case_id
    text = casewrite.record_text(rel, "monitoring.schema.json", record)
    refuse_errors(would_accept(repo, rel, text, now))
    written: list[Path] = []
    if not args.dry_run:
        if case_file is not None:
            writelock.write_record(repo.root, *case_file, None)
            written.append(case_file[0])
        writelock.write_record(repo.root, repo.root / rel, text, None)
        written.append(repo.root / rel)
    item = {"application": app, "record": ident, "file": rel,
            "result": record["result"], "checks": record["checks"],
            **{k: v for k, v in record.get("findings", [{}])[0].items()
               if k in ("case", "case_opened")}}
    return item, written


def _refuse_broken_registry(repo: Repository, now: datetime, lng: str) -> None:
    """Probe only what the registry's schema and rules accept: a `file://` or `ftp://` URL,
    or a value of the wrong type, is a finding with its line, never a request."""
    from pelihara.check import run_check  # local: only this command checks before acting

    result = run_check(repo.root, [repo.root / REGISTRY], now)
    errors = [f for f in result.errors if f.file.startswith("registry/")]
    if errors:
        sys.stderr.write(text_report(errors, result.files, lng))
        raise PeliharaError("monitoring.registry_invalid", {}, REGISTRY)


def _open_cases(repo: Repository, now: datetime, lng: str) -> tuple[dict[str, str], int]:
    """Application → the id of an open (not restored, not cancelled) case on it, and the
    exit code of the case files skipped (noted: an open case in a broken file is not seen,
    so a second one could be opened)."""
    loaded = load_cases(repo, now)
    found: dict[str, str] = {}
    for record in loaded:
        if not record.replay.is_final(repo.standard):
            found.setdefault(record.case.application, record.id)
    return found, note_skipped(loaded.skipped, lng)


def _new_case(repo: Repository, app: str, record: str, finding: str, args: argparse.Namespace,
              now: datetime) -> tuple[str, str]:
    application = repo.registries["applications"][app]
    folder = case_path(repo.root, f"PML-{to_wib(now):%Y%m%d}-000").parent
    case_id = casewrite.new_case_id(now, {p.stem for p in folder.glob("PML-*.yaml")},
                                    secrets.randbelow)
    fields = {"id": case_id,
              "title": render("probe.case_title", {"application": application.get("name", app)}),
              "application": app, "unit": application["owner"], "origin": "monitoring",
              "standard_version": repo.standard.version_in_force(now) or repo.standard.version}
    first = {"event": "monitoring", "at": iso(now), "by": args.officer,
             "monitoring": {"record": record, "finding": finding}}
    text = casewrite.new_case_text(fields, first)
    rel = repo.rel(case_path(repo.root, case_id))
    refuse_errors(would_accept(repo, rel, text, now))
    return case_id, text


def _print(report: list[dict[str, Any]], as_json: bool, lng: str) -> None:
    if as_json:
        print_json(report)
        return
    for item in report:
        result = tr(f"monitor.result.{item['result']}", lng)
        line = f"{item['application']}: {result} → {item['file']}"
        if "case" in item:
            opened = tr("monitor.case_opened" if item["case_opened"] else "monitor.case_exists",
                        lng)
            line += f" ({opened}: {item['case']})"
        sys.stdout.write(line + "\n")
        for check in item["checks"]:
            mark = "✓" if check["result"] == "ok" else "✗"
            sys.stdout.write(f"  {mark} {check['target']}: {check['detail']}\n")


__all__ = ["register", "run"]
