"""Plain helpers shared by test modules (importable; conftest.py is not meant to be)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CliResult:
    """What a `pelihara` subprocess returned."""

    code: int
    out: str
    err: str
