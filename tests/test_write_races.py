"""Writes are safe against each other (issue 13, rows 10-12): real processes racing on one
case never lose an event, a writer that did not take the lock is detected rather than
overwritten, a full disk or a read-only folder is a message, and a write command given a
path writes only a record inside the repository.

The racing writers are separate `python -m pelihara.cli.main` processes started together (not
threads in one process): the lock is the kernel's `flock`, and what is tested is what two
officers running `pelihara advance` at the same moment get.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import committed, copy_records, git, pel
from pelihara.core.errors import PeliharaError
from pelihara.records import writelock, yamlio

CASE = "PML-20261127-RJ4"
"""An open sample case (received, waiting for the disposisi)."""
CASE_FILE = f"cases/2026/11/{CASE}.yaml"
NOW = "2026-11-28T16:00"
ROUNDS = 20
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
"""From <linux/prctl.h> and <linux/capability.h>."""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed(copy_records(tmp_path / "repo"), monkeypatch)


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "pelihara.cli.main", *args, "--repo",
                             str(root), "--now", NOW], cwd=root, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)


def finish(writer: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = writer.communicate(timeout=120)
    return writer.returncode, out, err


def events(root: Path) -> list[dict[str, object]]:
    data = yamlio.load_file(root / CASE_FILE).data
    return list(data["events"])


def test_two_writers_at_once_never_lose_an_event(repo: Path) -> None:
    """20 rounds of two `advance … note --commit` started together: both notes land, each in
    its own commit, and the history replays with nothing replaced."""
    before = len(events(repo))
    for round_ in range(ROUNDS):
        at = f"2026-11-28T{8 + round_ // 6:02d}:{round_ % 6 * 10:02d}"
        writers = [start(repo, "advance", CASE, "note", "--by", by, "--note",
                         f"putaran {round_} oleh {by}", "--at", at, "--commit")
                   for by in ("andi", "budi")]
        results = [finish(w) for w in writers]
        for code, out, err in results:
            assert code == 0, (round_, out, err)
    notes = [str(e["note"]) for e in events(repo)[before:]]
    expected = {f"putaran {r} oleh {by}" for r in range(ROUNDS) for by in ("andi", "budi")}
    assert sorted(notes) == sorted(expected)  # none lost, none doubled
    log = git(repo, "log", "--format=%s", f"-{2 * ROUNDS}", "--", CASE_FILE).splitlines()
    assert log == [f"{CASE}: received → note"] * (2 * ROUNDS)
    for index in range(2 * ROUNDS):  # every commit adds exactly one event to its parent
        diff = git(repo, "diff", "--numstat", f"HEAD~{index + 1}", f"HEAD~{index}", "--",
                   CASE_FILE).split()
        assert diff[:2] == ["4", "0"], (index, diff)
    assert git(repo, "status", "--porcelain") == ""


def test_the_same_step_twice_at_once_is_taken_once(repo: Path) -> None:
    """Two officers record the disposisi (B.3) at the same moment: one lands, the other
    waits, is judged against it and refused (B.3 is no longer the next step), exit 2."""
    step = ["B.3", "--by", "hendra", "--officers", "andi", "--at", "2026-11-28T08:00"]
    writers = [start(repo, "advance", CASE, *step), start(repo, "advance", CASE, *step)]
    results = sorted(finish(w) for w in writers)
    assert [code for code, _, _ in results] == [0, 2], results
    assert "Langkah B.3 bukan langkah berikutnya dari status 'assigned'" in results[1][2], \
        results[1][2]
    assert [e["event"] for e in events(repo)].count("assigned") == 1


def test_a_writer_outside_the_lock_is_detected_not_overwritten(repo: Path) -> None:
    """Compare-and-swap: the file changed after it was read (an editor, a sync tool), so the
    write is refused and the other change stays."""
    path = repo / CASE_FILE
    original = path.read_text(encoding="utf-8")
    theirs = original + "  - {event: note, at: \"2026-11-28T09:00\", by: dewi, note: x}\n"
    path.write_text(theirs, encoding="utf-8")
    with pytest.raises(PeliharaError) as raised:
        writelock.write_record(repo, path, original + "# mine\n", original)
    assert raised.value.code == "write.changed" and raised.value.file == CASE_FILE
    assert path.read_text(encoding="utf-8") == theirs
    new = repo / "cases/2026/11/PML-20261128-NEW.yaml"
    new.write_text("dibuat lebih dulu\n", encoding="utf-8")
    with pytest.raises(PeliharaError) as raised:
        writelock.write_record(repo, new, "milik saya\n", None)
    assert raised.value.code == "write.exists"
    assert new.read_text(encoding="utf-8") == "dibuat lebih dulu\n"


def test_a_held_lock_makes_a_writer_wait_then_give_up_with_a_message(repo: Path) -> None:
    """Another process holding the lock: a writer waits (here 0.3 s, 60 s by default), then
    stops with `write.busy`; once the lock is free it gets it at once."""
    script = ("import sys; from pathlib import Path; from pelihara.core.errors import "
              "PeliharaError; from pelihara.records import writelock\n"
              "try:\n    with writelock.locked(Path(sys.argv[1]), 0.3): print('locked')\n"
              "except PeliharaError as exc: print(exc.code)")
    with writelock.locked(repo):
        held = subprocess.run([sys.executable, "-c", script, str(repo)], capture_output=True,
                              text=True, timeout=60)
    free = subprocess.run([sys.executable, "-c", script, str(repo)], capture_output=True,
                          text=True, timeout=60)
    assert (held.stdout, free.stdout) == ("write.busy\n", "locked\n"), held.stderr


def _file_size_limit(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_is_a_message_and_the_file_is_intact(repo: Path) -> None:
    """A write that runs out of room (here RLIMIT_FSIZE: the kernel refuses every byte past
    the limit with EFBIG, as a full disk refuses them with ENOSPC, on any machine and for
    root too) ends in a message naming the file, exit 2, and the case file unchanged."""
    before = (repo / CASE_FILE).read_bytes()
    run = subprocess.run([sys.executable, "-m", "pelihara.cli.main", "advance", CASE, "note",
                          "--by", "andi", "--note", "catatan", "--at", "2026-11-28T09:00",
                          "--repo", str(repo), "--now", NOW], cwd=repo, capture_output=True,
                         text=True, preexec_fn=lambda: _file_size_limit(64), timeout=120)
    assert run.returncode == 2, run.stderr
    assert f"{CASE_FILE} tidak dapat ditulis karena ruang disk" in run.stderr, run.stderr
    assert "Kesalahan internal" not in run.stderr and "Traceback" not in run.stderr
    assert (repo / CASE_FILE).read_bytes() == before
    assert not [p for p in (repo / CASE_FILE).parent.iterdir() if p.name.endswith(".tmp")]


def _without_root_overrides() -> None:
    """In the child, before it runs Pelihara: root loses the capabilities that let it write
    through permission bits (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), dropped from the bounding
    set so the program started next never has them; for anyone else the bits already hold."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_read_only_folder_is_a_message(repo: Path) -> None:
    """The case's folder made read-only (chmod 555; for root, without the capabilities that
    ignore it): the write fails with EACCES, the command says so and exits 2, nothing
    changes."""
    folder = repo / "cases/2026/11"
    before = (repo / CASE_FILE).read_bytes()
    folder.chmod(0o555)
    try:
        run = subprocess.run([sys.executable, "-m", "pelihara.cli.main", "advance", CASE,
                              "note", "--by", "andi", "--note", "catatan", "--at",
                              "2026-11-28T09:00", "--repo", str(repo), "--now", NOW],
                             cwd=repo, capture_output=True, text=True, timeout=120,
                             preexec_fn=_without_root_overrides)
    finally:
        folder.chmod(0o755)
    assert run.returncode == 2, run.stderr
    assert f"{CASE_FILE} tidak dapat ditulis: folder atau berkasnya hanya-baca" in run.stderr, \
        run.stderr
    assert "Kesalahan internal" not in run.stderr
    assert (repo / CASE_FILE).read_bytes() == before


@pytest.mark.parametrize("given", [
    "/tmp/outside.yaml", "../outside.yaml", "plans/2026.yaml", "registry/units.yaml",
    "cases/2026/11/link.yaml", "cases/2026/linked/PML-20261127-RJ4.yaml",
])
def test_a_write_command_given_a_path_writes_only_a_case_in_the_repository(
        repo: Path, tmp_path: Path, given: str) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text((repo / CASE_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "cases/2026/11/link.yaml").symlink_to(outside)
    (repo / "cases/2026/linked").symlink_to(repo / "cases/2026/11")
    target = str(outside) if given.startswith("/tmp") else given
    before = {p: p.read_bytes() for p in (outside, repo / "plans/2026.yaml",
                                          repo / "registry/units.yaml", repo / CASE_FILE)}
    code, out, err = pel(repo, "advance", target, "note", "--by", "andi", "--note", "x",
                         "--at", "2026-11-28T09:00", "--now", NOW)
    assert code == 2, out + err
    assert "Kesalahan internal" not in err
    assert any(word in err for word in ("di luar repositori", "bukan berkas catatan",
                                        "tautan simbolik")), err
    assert {p: p.read_bytes() for p in before} == before
