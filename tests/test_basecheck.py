"""`pelihara check --base REF` on real temporary git repositories with pinned dates.

Scenarios from the issue: two branches opening cases and merging, a branch editing a past
event, one deleting a case, one reopening a closed case, a rebase, a shallow clone, and a
standard.yaml change that would rewrite an existing version's limits.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import FIXTURES, CliResult, copy_rules, git_env, pin_git

NOW = "2026-11-27T15:00"
CLOSED = "cases/2026/11/PML-20261103-4QX.yaml"


class Repo:
    """A real git repository with pinned identities and commit dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = 0

    def stamp(self) -> str:
        """The next commit time: one minute after the last, whoever commits (git itself or
        `pelihara … --commit`), so committer times never go back."""
        self.clock += 1
        return f"2026-11-27T{8 + self.clock // 60:02d}:{self.clock % 60:02d}:00+07:00"

    def env(self) -> dict[str, str]:
        stamp = self.stamp()
        return {**os.environ, **git_env(stamp, "Andi Pratama", "andi@setneg.go.id")}

    def git(self, *args: str) -> str:
        proc = subprocess.run(["git", *args], cwd=self.root, env=self.env(), check=True,
                              capture_output=True, text=True)
        return proc.stdout

    def commit_all(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)


def make_repo(root: Path) -> Repo:
    """standard, registries, schemas and one closed sample case, committed on `main`."""
    copy_rules(root)
    (root / CLOSED).parent.mkdir(parents=True)
    shutil.copy2(FIXTURES / CLOSED, root / CLOSED)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    repo.commit_all("Repositori awal")
    return repo


Run = Callable[..., CliResult]


def pel(cli: Run, repo: Repo, *args: str) -> CliResult:
    if "--commit" in args:  # the subprocess commits with the pinned identity at the next tick
        os.environ["GIT_AUTHOR_DATE"] = os.environ["GIT_COMMITTER_DATE"] = repo.stamp()
    return cli(*args, "--now", NOW, cwd=repo.root)


def open_case(cli: Run, repo: Repo, title: str, *, commit: bool = True) -> str:
    result = pel(cli, repo, "new", "--title", title, "--application", "presensi", "--unit",
                 "biro-sdm", "--memo-number", "M-7/SDM/11/2026", "--memo-date", "2026-11-27",
                 "--memo-sender", "Kepala Biro SDM", "--memo-to", "hendra",
                 "--at", "2026-11-27T08:00", "--json",
                 *(["--commit"] if commit else []))
    assert result.code == 0, result.err
    return str(json.loads(result.out)["file"])


def check_base(cli: Run, repo: Repo, base: str = "main") -> tuple[int, list[dict[str, object]]]:
    result = pel(cli, repo, "check", "--base", base, "--format", "json")
    assert result.code in (0, 1), result.err
    return result.code, json.loads(result.out)


def codes(findings: list[dict[str, object]]) -> set[object]:
    return {f["code"] for f in findings if f["severity"] == "error"}


@contextmanager
def author(name: str, email: str) -> Iterator[None]:
    """`pelihara … --commit` run as another registered person."""
    before = {k: os.environ[k] for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL")}
    os.environ["GIT_AUTHOR_NAME"], os.environ["GIT_AUTHOR_EMAIL"] = name, email
    try:
        yield
    finally:
        os.environ.update(before)


@pytest.fixture(autouse=True)
def pinned_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits made by `pelihara ... --commit` in a subprocess get pinned names and dates too."""
    pin_git(monkeypatch, "2026-11-27T09:30:00+07:00")


@pytest.fixture
def repo(tmp_path: Path, cli: Run) -> Repo:
    made = make_repo(tmp_path / "repo")
    path = open_case(cli, made, "Presensi daring tidak dapat diakses")
    result = pel(cli, made, "advance", Path(path).stem, "received", "--by", "dewi", "--at",
                 "2026-11-27T08:30", "--commit")
    assert result.code == 0, result.err
    made.path = path  # type: ignore[attr-defined]
    return made


def test_two_branches_open_cases_then_merge_and_a_colliding_id_is_refused(
        repo: Repo, cli: Run) -> None:
    repo.git("switch", "-q", "-c", "mr-a")
    a = open_case(cli, repo, "Aplikasi persuratan lambat sekali")
    assert check_base(cli, repo) == (0, [])
    repo.git("switch", "-q", "-c", "mr-b", "main")
    b = open_case(cli, repo, "Aplikasi keuangan menolak login")
    assert a != b
    assert check_base(cli, repo) == (0, [])
    # a third branch hand-copies mr-a's ID for a different case
    repo.git("switch", "-q", "-c", "mr-c", "main")
    (repo.root / a).parent.mkdir(parents=True, exist_ok=True)
    text = repo.git("show", f"mr-a:{a}").replace("persuratan lambat", "kepegawaian galat")
    (repo.root / a).write_text(text, encoding="utf-8")
    repo.commit_all("salin ID")
    repo.git("switch", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "mr-a", "-m", "Merge mr-a")
    repo.git("switch", "-q", "mr-b")
    assert check_base(cli, repo) == (0, [])  # different IDs: mergeable
    repo.git("switch", "-q", "mr-c")
    code, found = check_base(cli, repo)
    assert code == 1
    assert codes(found) == {"history.duplicate_id"}


def test_a_branch_editing_a_past_event_is_refused(repo: Repo, cli: Run) -> None:
    repo.git("switch", "-q", "-c", "edit")
    path = repo.root / repo.path  # type: ignore[attr-defined]
    path.write_text(path.read_text().replace("by: dewi", "by: budi"), encoding="utf-8")
    repo.commit_all("ubah peristiwa lama")
    code, found = check_base(cli, repo)
    assert code == 1
    edited = [f for f in found if f["code"] == "history.event_edited"]
    assert len(edited) == 1 and edited[0]["file"] == repo.path  # type: ignore[attr-defined]
    assert "#2" in str(edited[0]["message"])


def test_a_branch_deleting_a_case_is_refused(repo: Repo, cli: Run) -> None:
    repo.git("switch", "-q", "-c", "delete")
    repo.git("rm", "-q", repo.path)  # type: ignore[attr-defined]
    repo.commit_all("hapus kasus")
    code, found = check_base(cli, repo)
    assert code == 1
    assert codes(found) == {"history.case_deleted"}


def test_a_branch_reopening_a_closed_case_is_refused(repo: Repo, cli: Run) -> None:
    repo.git("switch", "-q", "-c", "reopen")
    path = repo.root / CLOSED
    path.write_text(path.read_text() + "  - event: note\n    at: \"2026-11-27T09:00:00+07:00\"\n"
                    "    by: andi\n    note: Dibuka lagi.\n", encoding="utf-8")
    repo.commit_all("buka lagi")
    code, found = check_base(cli, repo)
    assert code == 1
    assert "history.case_frozen" in codes(found)


def test_a_rebased_branch_is_checked_against_the_new_merge_base(repo: Repo, cli: Run) -> None:
    repo.git("switch", "-q", "-c", "feature")
    with author("Ir. Hendra Wijaya", "hendra@setneg.go.id"):  # the disposisi, by its giver
        result = pel(cli, repo, "advance", repo.path, "B.3", "--by", "hendra",  # type: ignore[attr-defined]
                     "--officers", "andi", "--at", "2026-11-27T09:00", "--commit")
    assert result.code == 0, result.err
    repo.git("switch", "-q", "main")
    other = open_case(cli, repo, "Aplikasi JDIH tidak menampilkan dokumen")
    repo.git("switch", "-q", "feature")
    assert check_base(cli, repo) == (0, [])  # merge-base, not main's tip: `other` not "deleted"
    repo.git("rebase", "-q", "main")
    assert (repo.root / other).is_file()
    assert check_base(cli, repo) == (0, [])
    assert repo.git("merge-base", "main", "HEAD").strip() == repo.git("rev-parse", "main").strip()


def test_a_shallow_clone_stops_with_how_to_fix_it(repo: Repo, cli: Run, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
                   check=True, capture_output=True)
    result = cli("check", "--base", "HEAD", "--now", NOW, cwd=clone)
    assert result.code == 2
    assert "GIT_DEPTH: 0" in result.err and "shallow" in result.err
    assert "Traceback" not in result.err
    english = cli("check", "--base", "HEAD", "--now", NOW, "--lang", "en", cwd=clone)
    assert english.code == 2 and "shallow clone" in english.err


def test_changing_the_limits_of_a_version_in_use_is_refused(repo: Repo, cli: Run) -> None:
    repo.git("switch", "-q", "-c", "std")
    path = repo.root / "standard.yaml"
    text = path.read_text()
    assert "limit: 2 jam\n    from: repaired" in text
    path.write_text(text.replace("limit: 2 jam\n    from: repaired",
                                 "limit: 3 jam\n    from: repaired"), encoding="utf-8")
    repo.commit_all("B.9 jadi 3 jam")
    code, found = check_base(cli, repo)
    assert code == 1
    changed = [f for f in found if f["code"] == "history.standard_limit_changed"]
    assert changed and all(f["file"] == "standard.yaml" for f in changed)
    assert any("B.9" in str(f["message"]) for f in changed)


def test_unknown_base_ref_is_a_usage_error(repo: Repo, cli: Run) -> None:
    result = pel(cli, repo, "check", "--base", "no-such-branch")
    assert result.code == 2
    assert "no-such-branch" in result.err and "Traceback" not in result.err


COMPLAINT = "complaints/2026/KLH-20261104-3RT.yaml"  # closed, about the CLOSED case


def with_complaint(tmp_path: Path) -> Repo:
    repo = make_repo(tmp_path / "repo")
    (repo.root / COMPLAINT).parent.mkdir(parents=True)
    shutil.copy2(FIXTURES / COMPLAINT, repo.root / COMPLAINT)
    repo.commit_all("Pengaduan tercatat")
    return repo


def test_a_branch_editing_a_complaint_event_is_refused(cli: Run, tmp_path: Path) -> None:
    repo = with_complaint(tmp_path)
    repo.git("checkout", "-q", "-b", "ubah-pengaduan")
    path = repo.root / COMPLAINT
    text = path.read_text(encoding="utf-8")
    assert "  - event: received\n" in text
    path.write_text(text.replace("  - event: received\n    at: \"2026-11-04T",
                                 "  - event: received\n    at: \"2026-11-05T", 1), "utf-8")
    repo.commit_all("Ubah waktu pengaduan")
    code, findings = check_base(cli, repo)
    assert code == 1
    assert "complaint.event_edited" in codes(findings)


def test_a_closed_complaint_is_frozen_and_never_deleted(cli: Run, tmp_path: Path) -> None:
    repo = with_complaint(tmp_path)
    repo.git("checkout", "-q", "-b", "tambah")
    path = repo.root / COMPLAINT
    path.write_text(path.read_text(encoding="utf-8") + "  - event: note\n"
                    "    at: \"2026-11-27T08:00:00+07:00\"\n    by: andi\n    note: Lagi.\n",
                    "utf-8")
    repo.commit_all("Tambah catatan")
    assert "complaint.frozen" in codes(check_base(cli, repo)[1])
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "hapus")
    repo.git("rm", "-q", COMPLAINT)
    repo.commit_all("Hapus pengaduan")
    code, findings = check_base(cli, repo)
    assert code == 1
    assert "complaint.deleted" in codes(findings)
