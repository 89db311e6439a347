"""The git wrapper: a fixed number of git processes however many cases there are."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from helpers import FIXTURES, origin
from pelihara.check.basecheck import check_against_base
from pelihara.core.errors import PeliharaError
from pelihara.core.timeparse import WIB
from pelihara.records.gitio import Git
from pelihara.records.repo import Repository

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (FIXTURES / "cases/2026/11/PML-20261103-4QX.yaml").read_text()
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=WIB)
OPEN = """# yaml-language-server: $schema=../../../schemas/case.schema.json
id: {id}
title: Presensi daring tidak dapat diakses
application: presensi
unit: biro-sdm
origin: memo
standard_version: "2026.1"
events:
  - event: submitted
    at: "2026-11-27T08:00:00+07:00"
    memo: {{number: M-1/SDM/11/2026, date: "2026-11-27", sender: Kepala Biro SDM}}
"""
RECEIVED = '  - event: received\n    at: "2026-11-27T08:30:00+07:00"\n    by: dewi\n'


def git(root: Path, *args: str, day: int = 1) -> str:
    stamp = f"2026-11-27T08:{day:02d}:00+07:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Andi", "GIT_AUTHOR_EMAIL": "andi@setneg.go.id",
           "GIT_COMMITTER_NAME": "Andi", "GIT_COMMITTER_EMAIL": "andi@setneg.go.id",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True).stdout


def make(tmp_path: Path, cases: int) -> Path:
    root = tmp_path / f"repo{cases}"
    root.mkdir()
    for name in ("standard.yaml", "registry", "schemas"):
        source = origin(name)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "awal")
    folder = root / "cases/2026/11"
    folder.mkdir(parents=True)
    for n in range(cases):
        case_id = f"PML-20261127-{'ABCDEFGHJK'[n]}QX"
        (folder / f"{case_id}.yaml").write_text(OPEN.format(id=case_id))
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"{case_id}: ∅ → submitted", day=n + 2)
    return root


def touch(root: Path, count: int) -> None:
    for path in sorted((root / "cases").glob("*/*/*.yaml"))[:count]:
        path.write_text(path.read_text() + RECEIVED)


@pytest.mark.parametrize("cases", [1, 6])
def test_history_is_one_git_log_pass_whatever_the_number_of_cases(
        tmp_path: Path, cases: int) -> None:
    root = make(tmp_path, cases)
    touch(root, cases)
    git(root, "commit", "-q", "-am", "received", day=30)
    counter = Git(root)
    found = counter.read_history()
    assert len(found.files) == cases
    assert all(len(f.events) == 2 for f in found.files.values())
    assert all((e := f.events[1]) is not None and e.subject == "received"
               for f in found.files.values())
    assert counter.processes == 3  # has_commits, is_shallow, the one log pass


@pytest.mark.parametrize("touched", [1, 5])
def test_check_base_starts_the_same_few_processes_for_1_or_5_changed_cases(
        tmp_path: Path, touched: int) -> None:
    root = make(tmp_path, 6)
    git(root, "switch", "-q", "-c", "mr")
    touch(root, touched)
    git(root, "commit", "-q", "-am", "received", day=40)
    counter = Git(root)
    assert check_against_base(Repository(root), "main", NOW, counter) == []
    # shallow?, REF, HEAD?, merge-base, diff, untracked, REF's rules (ls-tree, cat-file
    # sizes, cat-file contents), the records' base texts (cat-file sizes, cat-file contents),
    # the commits and their authors, who added each event
    assert counter.processes == 13


def test_outside_a_repository_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PeliharaError) as caught:
        Git(tmp_path)
    assert caught.value.code == "git.not_a_repository"


def test_a_shallow_clone_is_refused_before_any_history_is_read(tmp_path: Path) -> None:
    root = make(tmp_path, 2)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)],
                   check=True, capture_output=True)
    counter = Git(clone)
    assert counter.is_shallow()
    with pytest.raises(PeliharaError) as caught:
        counter.read_history()
    assert caught.value.code == "git.shallow"
    assert caught.value.params == {"setting": "GIT_DEPTH: 0"}
    assert not Git(root).is_shallow()


def test_changed_files_in_one_process_and_blobs_in_two(tmp_path: Path) -> None:
    root = make(tmp_path, 2)
    touch(root, 1)
    counter = Git(root)
    changes = counter.changed_files("HEAD", ("cases",))
    assert [(s, p) for s, _, p in changes] == [("M", "cases/2026/11/PML-20261127-AQX.yaml")]
    blobs = counter.blobs([changes[0][1], "HEAD:nope.yaml"])
    assert blobs["HEAD:nope.yaml"] is None
    assert blobs[changes[0][1]] == OPEN.format(id="PML-20261127-AQX").encode()
    assert counter.processes == 3  # diff; cat-file sizes, then the contents


def test_unknown_ref_names_the_ref(tmp_path: Path) -> None:
    root = make(tmp_path, 1)
    with pytest.raises(PeliharaError) as caught:
        Git(root).resolve("nope")
    assert caught.value.code == "git.unknown_ref" and caught.value.params == {"ref": "nope"}
