"""Where a report comes from: the commit, the case file's SHA-256 and the `now` it was built
with, stated in the report itself so anyone holding the PDF can have it rebuilt and compared
(`pelihara report CASE --verify FILE.pdf`).

Pure core: the edge (`records/case_source.py`) finds the commit and hashes the file; this
module holds the statement, writes it as the lines a report prints, and reads them back from
a PDF's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from pelihara.core.timeparse import iso, parse_time

_COMMIT = re.compile(r"Commit sumber: ([0-9a-f]{40})\b")
_SHA = re.compile(r"SHA-256 berkas kasus: ([0-9a-f]{64})\b")
_FILE = re.compile(r"Berkas kasus: (cases/\S+\.yaml)")
_NOW = re.compile(r"Waktu acuan: (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})")
_VERSION = re.compile(r"Dibuat dengan Pelihara (\S+)")


@dataclass(frozen=True)
class Provenance:
    """What a report was built from."""

    case_id: str
    case_file: str
    """Repository-relative path of the case file."""
    sha256: str
    """SHA-256 of the case file's bytes as they were read for this report."""
    commit: str
    """The commit checked out when the report was built ('' outside a git repository)."""
    clean: bool
    """True when the case file's bytes are exactly those of `commit`: only then can the
    report be rebuilt from the commit and verified."""
    now: datetime
    version: str
    """Pelihara's version: another version may word a report differently."""

    def lines(self) -> tuple[str, ...]:
        """The statement as printed (the same words `parse` reads back)."""
        commit = (f"Commit sumber: {self.commit}" if self.commit else
                  "Commit sumber: tidak ada (bukan dari repositori git)")
        state = () if self.clean or not self.commit else (
            "Berkas kasus berbeda dari isinya pada commit tersebut (perubahan belum di-commit):"
            " laporan ini tidak dapat diverifikasi.",)
        return (commit, *state, f"Berkas kasus: {self.case_file}",
                f"SHA-256 berkas kasus: {self.sha256}", f"Waktu acuan: {iso(self.now)}",
                f"Dibuat dengan Pelihara {self.version}",
                f"Periksa: pelihara report {self.case_id} --verify <berkas PDF>")


@dataclass(frozen=True)
class Claim:
    """What a report's text says it was built from."""

    commit: str
    case_file: str
    sha256: str
    now: datetime
    version: str


def parse(text: str) -> Claim | None:
    """The statement read back from a report's text, or None when it has none (an older
    report, another document, or the lines were removed)."""
    found = [pattern.search(text) for pattern in (_COMMIT, _FILE, _SHA, _NOW, _VERSION)]
    if any(match is None for match in found):
        return None
    commit, case_file, sha, now, version = (m.group(1) for m in found if m is not None)
    try:
        moment = parse_time(now)
    except ValueError:
        return None
    return Claim(commit, case_file, sha, moment, version)


def normalise(text: str) -> str:
    """A document's text with layout differences removed: whitespace collapsed."""
    return " ".join(text.split())


def first_difference(expected: str, actual: str, width: int = 60) -> tuple[str, str]:
    """The stretch of each text around the first character where they differ."""
    limit = min(len(expected), len(actual))
    index = next((i for i in range(limit) if expected[i] != actual[i]), limit)
    start = max(0, index - width // 3)
    return expected[start:start + width], actual[start:start + width]
