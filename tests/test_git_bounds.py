"""What Pelihara reads from git is bounded like what it reads from disk (issue 13, rows 2
and 4): a blob above the limit is named and never read, a folder or a missing path where a
file should be is None, a committed symbolic link is its target's path (never followed), and
a patch never carries a file above the limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import git, pin_git
from pelihara.core.errors import PeliharaError
from pelihara.records import yamlio
from pelihara.records.gitio import Git

LIMIT = yamlio.MAX_BYTES


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pin_git(monkeypatch, "2026-11-27T08:00:00+07:00", "Andi", "andi@setneg.go.id")
    root = tmp_path / "repo"
    (root / "cases/2026/11").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "cases/2026/11/small.yaml").write_text("id: kecil\n")
    (root / "cases/2026/11/big.yaml").write_bytes(b"x: 1\n" * (LIMIT // 5 + 1))
    (root / "cases/2026/11/PML-20261127-DIR.yaml").mkdir()
    (root / "cases/2026/11/PML-20261127-DIR.yaml/inside.txt").write_text("isi\n")
    (root / "cases/2026/11/PML-20261127-LNK.yaml").symlink_to("/dev/zero")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "awal")
    return root


def test_a_blob_above_the_limit_is_named_and_never_read(repo: Path) -> None:
    counter = Git(repo)
    with pytest.raises(PeliharaError) as caught:
        counter.blobs(["HEAD:cases/2026/11/small.yaml", "HEAD:cases/2026/11/big.yaml"])
    assert caught.value.code == "git.blob_too_large"
    assert caught.value.params == {"name": "HEAD:cases/2026/11/big.yaml",
                                   "size": (LIMIT // 5 + 1) * 5, "limit": LIMIT}
    assert counter.processes == 1  # the sizes only: no content was asked for


def test_folders_links_and_missing_paths_are_never_record_text(repo: Path) -> None:
    names = ["HEAD:cases/2026/11/small.yaml", "HEAD:cases/2026/11/PML-20261127-DIR.yaml",
             "HEAD:cases/2026/11/PML-20261127-LNK.yaml", "HEAD:cases/2026/11/nope.yaml"]
    blobs = Git(repo).blobs(names)
    assert blobs == {names[0]: b"id: kecil\n", names[1]: None, names[2]: b"/dev/zero",
                     names[3]: None}


def test_a_patch_never_carries_a_file_above_the_limit(repo: Path) -> None:
    (repo / "cases/2026/11/big.yaml").write_bytes(b"y: 2\n" * (LIMIT // 5 + 1))
    git(repo, "commit", "-q", "-am", "besar")
    raw = Git(repo).log_cases()
    assert b"Binary files a/cases/2026/11/big.yaml and b/cases/2026/11/big.yaml differ" in raw
    assert len(raw) < 10_000  # the two versions of the big file are 1 MB together
    assert b"+id: kecil" in raw  # small files are still patched line by line
