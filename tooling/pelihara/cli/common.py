"""Helpers every subcommand shares: common options, the repository, `--now`."""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pelihara.core.errors import PeliharaError
from pelihara.core.text import Text
from pelihara.core.timeparse import TimeTextError, parse_date, parse_time
from pelihara.i18n.messages import skipped_text
from pelihara.records.load import Records, Skipped
from pelihara.records.nofollow import relative_name
from pelihara.records.repo import Repository, find_root

EXIT_FINDINGS = 1


def add_common(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """--lang, --repo and --debug are accepted after the subcommand too
    (`pelihara check --lang en`)."""
    parser.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS,
                        help="help.common.lang")
    parser.add_argument("--repo", default=argparse.SUPPRESS,
                        help="help.common.repo")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="help.common.debug")
    return parser


TIME_FORM = Text("help.time_form")
"""How every time option is written (`timeparse.parse_time(lenient=True)` reads them all)."""


def add_now(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", default=None, metavar="ISO",
                        help=Text("help.common.now", form=TIME_FORM))


def repository(args: argparse.Namespace) -> Repository:
    start = Path(args.repo) if getattr(args, "repo", None) else None
    if start is not None and not start.exists():
        raise PeliharaError("usage.path_missing", {"path": str(start)})
    return Repository(find_root(start))


def invocation(args: argparse.Namespace, *,
               whole_seconds: bool = False) -> tuple[Repository, datetime, str]:
    """What a command starts from: the repository (`--repo`, or found from the current
    folder), `--now` (or the clock) and the language of its messages. The repository comes
    first, so a wrong folder is named before a wrong time. `whole_seconds` drops the
    microseconds, for commands that write `now` into a record."""
    repo = repository(args)
    now = parse_now(args)
    return repo, now.replace(microsecond=0) if whole_seconds else now, lang(args)


def records_for(args: argparse.Namespace) -> Records:
    """This run's records (each kind loaded on first use) at `--now`."""
    repo, now, _ = invocation(args)
    return Records(repo, now)


def locked(command: Callable[[argparse.Namespace], int]
           ) -> Callable[[argparse.Namespace], int]:
    """`command` run under the repository's write lock, from reading the record to its commit
    (`pelihara.records.writelock`): a second writer waits, then reads what the first wrote."""
    from pelihara.records import writelock  # local: reading commands never lock

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        with writelock.locked(repository(args).root):
            return command(args)

    return run


def locate(given: str, root: Path) -> Path:
    """A relative PATH is taken from the current folder when that lands inside the
    repository, else from the repository root (`pelihara check --repo X cases/…`). Nothing
    is followed to decide: a symlink or a FIFO given is named where it stands."""
    path = Path(given)
    here = path.absolute()
    if path.is_absolute() or not relative_name(root, here).startswith("/"):
        return here
    return root / path if os.path.lexists(root / path) else here


def is_path(given: str) -> bool:
    """A write command's record named by its file's path (`cases/…/X.yaml`), not its ID."""
    return given.endswith((".yaml", ".yml")) or "/" in given or os.sep in given


def parse_now(args: argparse.Namespace) -> datetime:
    """`--now` or the real clock. Only the edges read the clock; the core is handed `now`."""
    value = getattr(args, "now", None)
    if not value:
        return datetime.now(UTC)
    return parse_user_time(value, "--now")


def parse_user_time(value: str, option: str) -> datetime:
    """A time typed at the command line (`option` names where): `16.20` is read as 16:20, a
    date alone is refused with a hint, never taken as midnight (`timeparse.parse_time`)."""
    try:
        return parse_time(value, lenient=True)
    except TimeTextError as exc:
        raise PeliharaError(exc.code, exc.params(option)) from None


def parse_user_date(value: str, option: str) -> str:
    """A date typed at the command line, checked and returned as `YYYY-MM-DD`."""
    try:
        return parse_date(value).isoformat()
    except TimeTextError as exc:
        raise PeliharaError(exc.code, exc.params(option)) from None


def lang(args: argparse.Namespace) -> str:
    return str(getattr(args, "lang", "id"))


OUTPUT_FOLDER = "keluaran"
"""Where reports and exports go when no --out is given: a folder of the repository that
.gitignore keeps out of git, so a generated document never lands in a commit by accident."""


def output_folder(repo: Repository) -> Path:
    return repo.root / OUTPUT_FOLDER


def write_output(path: Path, data: bytes) -> Path:
    """Write a report or export atomically; a folder or file that cannot be written is the
    user's to fix, so it is a message, not a traceback."""
    from pelihara.records.casewrite import write_atomic  # local: most commands write nothing

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise PeliharaError("report.write_failed",
                            {"path": str(path), "error": exc.strerror or str(exc)}) from None
    return path


def announce_write(args: argparse.Namespace, key: str, ident: str, rel: str, message: str,
                   commit: str | None) -> int:
    """What every write command prints: JSON with `--json`, else `file: message [commit]`."""
    if getattr(args, "json", False):
        print_json({key: ident, "file": rel, "message": message, "commit": commit})
    else:
        sys.stdout.write(f"{rel}: {message}" + (f" [{commit[:10]}]" if commit else "") + "\n")
    return 0


def note_skipped(skipped: Sequence[Skipped], lang: str) -> int:
    """Every command's note for the record files it left out, on stderr; the exit code they
    add: 1 when any was skipped (as `pelihara check` fails on them), else 0."""
    for item in skipped:
        message, fix = skipped_text(item.first, lang)
        sys.stderr.write(f"{message}\n  → {fix}\n")
    return EXIT_FINDINGS if skipped else 0


def print_json(data: Any) -> None:
    # One write, not json.dump's one per token: stdout escapes control characters on every
    # write, and 10,000 cases' SLA is millions of tokens (77 s streamed, under 2 s at once).
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
