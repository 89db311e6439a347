"""Things that can stand where a record file should be, made for real in a test repository
(issue 13, rows 2-6): what a merge request can commit (a symlink, a folder named like a
record, a huge file) and what only a shared machine's disk can hold (a FIFO, a device)."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

HUGE_BYTES = 3 * 1024**3
"""The 3 GB file of the issue, made sparse: it costs no disk, and reading it whole would cost
3 GB of memory and half a minute."""

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""A control character that must never reach a screen raw (CSV's CRLF is allowed by callers)."""
FAILURE = ("Traceback", "Kesalahan internal", "Internal error")
"""What a command run on odd input must never print."""

ODD_KINDS = ("symlink_device", "symlink_passwd", "symlink_outside_folder", "folder", "fifo",
             "huge_sparse", "symlinked_folder")


def make_odd(root: Path, rel: str, kind: str) -> str:
    """Put a `kind` at `rel` inside `root` (replacing what is there). Returns the path the
    finding is expected at: `rel`, or the symlinked folder for `symlinked_folder`."""
    path = root / rel
    if kind == "symlinked_folder":
        # The case's month folder moved out and linked back: every record in it would be
        # read from outside the repository.
        folder = path.parent
        outside = root.parent / f"outside-{folder.name}"
        remove(outside)
        folder.rename(outside)
        folder.symlink_to(outside, target_is_directory=True)
        return folder.relative_to(root).as_posix()
    remove(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "symlink_device":
        path.symlink_to("/dev/zero")
    elif kind == "symlink_passwd":
        path.symlink_to("/etc/passwd")
    elif kind == "symlink_outside_folder":
        path.symlink_to("/etc")
    elif kind == "folder":
        path.mkdir()
        (path / "isi.yaml").write_text("id: x\n", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "huge_sparse":
        with open(path, "wb") as handle:
            handle.truncate(HUGE_BYTES)
    else:
        raise ValueError(kind)
    return rel


def remove(path: Path) -> None:
    """Whatever stands at `path`, gone (a folder with its files)."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()
    elif path.is_dir():
        for child in sorted(path.rglob("*"), reverse=True):
            child.rmdir() if child.is_dir() and not child.is_symlink() else child.unlink()
        path.rmdir()


@contextmanager
def guarded(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: an in-process command blocked on a FIFO gets SIGALRM."""
    def alarm(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
