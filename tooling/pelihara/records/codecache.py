"""A disk cache of compiled schema validators, like Python's own __pycache__.

Generating and compiling the validator code of our ten schemas takes longer than checking a
hundred files, and every `pelihara check` would pay it again. The bytecode is kept under
`$PELIHARA_CACHE` (default `$XDG_CACHE_HOME/pelihara` or `~/.cache/pelihara`), named by a hash
of every schema's content, the generator and the Python version, so a changed schema can
never be validated by stale code. `PELIHARA_CACHE=off` turns the cache off. Any problem
with the cache (unwritable, corrupt) silently falls back to compiling.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from pathlib import Path
from types import CodeType

import fastjsonschema

GENERATOR_VERSION = "2"
"""Bump when `schema._Generator` changes the code it emits."""


def salt() -> str:
    return f"{GENERATOR_VERSION}|{fastjsonschema.VERSION}|{sys.version}"


def cache_dir() -> Path | None:
    setting = os.environ.get("PELIHARA_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "no") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pelihara"


def load(key: str) -> tuple[str, CodeType] | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        scope, code = marshal.loads((folder / f"validator-{key}.bin").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return (scope, code) if isinstance(scope, str) and isinstance(code, CodeType) else None


def store(key: str, scope: str, code: CodeType) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".validator-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps((scope, code)))
        Path(tmp).replace(folder / f"validator-{key}.bin")  # atomic: all or nothing
    except OSError:
        return
