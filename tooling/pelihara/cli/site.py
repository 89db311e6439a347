"""`pelihara site build [--now ISO]` and `pelihara site serve`: MkDocs with the records.

Thin: it runs MkDocs itself (`python -m mkdocs`), so plain `mkdocs build` and `mkdocs serve`
behave the same. `--now` reaches the plugin through PELIHARA_NOW and pins SOURCE_DATE_EPOCH,
so the same commit and `--now` give the same site byte for byte, apart from the build stamp.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from pelihara.cli.common import TIME_FORM, add_common, parse_user_time, repository
from pelihara.core.errors import PeliharaError
from pelihara.core.privacy import Audience
from pelihara.core.text import Text
from pelihara.core.timeparse import iso


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("site", help="help.site.site",
                                   description="help.site.site.description")
    actions = parser.add_subparsers(dest="site_command", metavar="AKSI")
    actions.required = True
    build = add_common(actions.add_parser("build", help="help.site.build"))
    build.add_argument("--now", default=None, metavar="ISO",
                       help=Text("help.site.now", form=TIME_FORM))
    build.add_argument("--out", default=None, metavar="DIR",
                       help="help.site.out")
    build.add_argument("--strict", action="store_true",
                       help="help.site.strict")
    _audience(build)
    build.set_defaults(func=run_build)
    serve = add_common(actions.add_parser("serve", help="help.site.serve"))
    serve.add_argument("--now", default=None, metavar="ISO",
                       help=Text("help.common.now", form=TIME_FORM))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                       help="help.site.dev_addr")
    _audience(serve)
    serve.set_defaults(func=run_serve)


def _audience(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--audience", choices=[a.value for a in Audience], default=None,
        help="help.site.audience")


STAMP = "pelihara-build.json"
"""The build stamp the site plugin writes into the built site (`site.plugin.on_post_build`):
when it ran, its `now`, and how many record files were skipped (exit 1 then)."""


def _environment(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # Only --audience chooses the staff site from here: a variable left in someone's shell
    # must not turn the organisation's build into the complete one (mkdocs.yml decides else).
    env.pop("PELIHARA_AUDIENCE", None)
    if getattr(args, "audience", None):
        env["PELIHARA_AUDIENCE"] = args.audience
    if args.now:
        now = parse_user_time(args.now, "--now")
        env["PELIHARA_NOW"] = iso(now)
        env["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    return env


def _config(args: argparse.Namespace) -> Path:
    config = repository(args).root / "mkdocs.yml"
    if not config.is_file():
        raise PeliharaError("usage.path_missing", {"path": str(config)})
    return config


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _mkdocs(env: dict[str, str], config: Path, command: list[str]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", *command, "-f", str(config)],
                            cwd=config.parent, env=env)
    # MkDocs runs as a child: a SIGTERM to pelihara (a service manager, a test, `kill`) must
    # stop it too, or `site serve` leaves a server holding the port after pelihara is gone.
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        proc.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.terminate()
            proc.wait()
    if proc.returncode != 0:
        raise PeliharaError("site.build_failed", {"code": proc.returncode})


def run_build(args: argparse.Namespace) -> int:
    """Exit 0, or 1 when record files were left out of the site (each named on the build
    log, as every command notes the files it skips); 2 when the build failed."""
    env, config = _environment(args), _config(args)
    out: Path | None = None
    if args.out:
        out = Path(args.out).resolve()
        try:  # here, not as MkDocs' traceback
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PeliharaError("site.out_unwritable", {"path": args.out,
                                "error": exc.strerror or str(exc)}) from None
    else:
        out = _site_dir(config)
    command = ["build", "--clean", *(["--site-dir", str(out)] if out else [])]
    if args.strict:
        command.append("--strict")
    _mkdocs(env, config, command)
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8")) if out else {}
    except (OSError, ValueError):
        return 0  # a site without the pelihara plugin: nothing of ours was skipped
    return 1 if stamp.get("skipped") else 0


def _site_dir(config: Path) -> Path | None:
    """Where MkDocs writes the site by default (`site_dir`, relative to mkdocs.yml); None
    when the configuration is broken (MkDocs then says why)."""
    from mkdocs.config import load_config  # local: only `site build` needs MkDocs here
    from mkdocs.exceptions import ConfigurationError

    try:
        return Path(load_config(str(config)).site_dir).resolve()
    except ConfigurationError:
        return None


def run_serve(args: argparse.Namespace) -> int:
    _mkdocs(_environment(args), _config(args), ["serve", "--dev-addr", args.dev_addr])
    return 0
