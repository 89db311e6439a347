"""The GitLab pipeline (.gitlab-ci.yml) run for real with gitlab-ci-local in shell-executor mode
(pinned by tests/pipeline/package-lock.json, installed by tests/setup.sh), on temporary
repositories: the merge-request job, the scheduled notice job against the tests' SMTP server,
and the pages job."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from helpers import copy_records, origin
from notify_scenario import SCENARIO, make_repo
from notify_servers import Inbox, smtp_server

ROOT = Path(__file__).resolve().parents[1]
GITLAB_CI_LOCAL = ROOT / "tests" / "pipeline" / "node_modules" / ".bin" / "gitlab-ci-local"
REMOTE = "git@gitlab.example.go.id:biro-di/pelihara.git"
"""gitlab-ci-local derives the project's path from a remote that looks like a GitLab one."""
IDENTITY = {"GIT_AUTHOR_NAME": "Dewi Lestari", "GIT_AUTHOR_EMAIL": "dewi@setneg.go.id",
            "GIT_COMMITTER_NAME": "Dewi Lestari",
            "GIT_COMMITTER_EMAIL": "dewi@setneg.go.id",
            "GIT_AUTHOR_DATE": "2026-12-01T08:30:00+07:00",
            "GIT_COMMITTER_DATE": "2026-12-01T08:30:00+07:00"}
PAST = "2026-11-28T16:00:00+07:00"
"""When the sample-record projects commit: the merge-request job checks against the real clock,
which refuses a commit time in the future."""

pytestmark = pytest.mark.slow


def environment(home: Path, **extra: str) -> dict[str, str]:
    """The system folders plus the venv's scripts (pelihara, mkdocs), as a shell runner with
    Pelihara installed has them; no user git config."""
    path = os.pathsep.join((str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin",
                            "/bin"))
    keep = {k: v for k, v in os.environ.items()
            if k in ("LANG", "LC_ALL", "TMPDIR") or k.startswith("PLAYWRIGHT")}
    return {**keep, "PATH": path, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), **extra}


def git(repo: Path, *args: str, env: dict[str, str]) -> str:
    return subprocess.run(["git", *args], cwd=repo, env={**IDENTITY, **env}, check=True,
                          capture_output=True, text=True).stdout


def project(tmp_path: Path, cases: dict[str, str] | None, *extra: str
            ) -> tuple[Path, dict[str, str]]:
    """A git repository with the records (the scenario's `cases`, or with None the sample
    records, all in the past), the pipeline and `extra` files, one commit on main."""
    home = tmp_path / "home"
    home.mkdir()
    env = environment(home)
    if cases is None:
        env |= {"GIT_AUTHOR_DATE": PAST, "GIT_COMMITTER_DATE": PAST}
        repo = copy_records(tmp_path / "project")
    else:
        repo = make_repo(tmp_path / "project", cases)
    for name in (".gitlab-ci.yml", *extra):
        source = origin(name)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / name)
    (repo / ".gitignore").write_text(".gitlab-ci-local/\npublic/\n")
    git(repo, "init", "-q", "-b", "main", env=env)
    git(repo, "add", ".", env=env)
    git(repo, "commit", "-qm", "Catatan awal", env=env)
    git(repo, "remote", "add", "origin", REMOTE, env=env)
    return repo, env


def pipeline(repo: Path, env: dict[str, str], job: str, *variables: str
             ) -> subprocess.CompletedProcess[str]:
    args = [str(GITLAB_CI_LOCAL), "--force-shell-executor", "--no-color"]
    for variable in variables:
        args += ["--variable", variable]
    return subprocess.run([*args, job], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as server:
        yield server


def test_gitlab_ci_local_is_installed_by_setup() -> None:
    version = subprocess.run([str(GITLAB_CI_LOCAL), "--version"], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert version == "4.60.1"


def test_merge_request_job_writes_code_quality_and_junit_and_fails_on_a_bad_record(
        tmp_path: Path) -> None:
    # The job checks against the real clock: the sample records, all in the past.
    repo, env = project(tmp_path, None)
    base = git(repo, "rev-parse", "HEAD", env=env).strip()
    mr = ("CI_PIPELINE_SOURCE=merge_request_event", f"CI_MERGE_REQUEST_DIFF_BASE_SHA={base}")

    good = pipeline(repo, env, "check-merge-request", *mr)
    assert good.returncode == 0, good.stdout + good.stderr
    # Only the sample data's warnings (readiness, a unit without an address): minor issues.
    warnings = json.loads((repo / "gl-code-quality-report.json").read_text())
    assert {i["severity"] for i in warnings} == {"minor"}
    assert not list(ElementTree.parse(repo / "pelihara-junit.xml").getroot().iter("failure"))

    # A merge request that edits a recorded event's time: history is append-only.
    case = repo / "cases" / "2026" / "11" / "PML-20261103-4QX.yaml"
    case.write_text(case.read_text().replace('at: "2026-11-03T09:20:00+07:00"',
                                             'at: "2026-11-03T09:10:00+07:00"'))
    git(repo, "commit", "-qam", "Ubah waktu pembatalan", env=env)
    bad = pipeline(repo, env, "check-merge-request", *mr)
    assert bad.returncode != 0, bad.stdout
    assert "FAIL  check-merge-request" in bad.stdout
    issues = json.loads((repo / "gl-code-quality-report.json").read_text())
    errors = [i for i in issues if i["severity"] != "minor"]
    assert errors and {i["location"]["path"] for i in errors} == {
        "cases/2026/11/PML-20261103-4QX.yaml"}
    junit = ElementTree.parse(repo / "pelihara-junit.xml").getroot()
    failures = list(junit.iter("failure"))
    assert failures
    assert "PML-20261103-4QX" in ElementTree.tostring(junit, encoding="unicode")


def test_scheduled_notify_job_sends_to_smtp_and_pushes_the_records_as_the_bot(
        tmp_path: Path, inbox: Inbox) -> None:
    repo, env = project(tmp_path, {"PML-20261201-BBB": SCENARIO["PML-20261201-BBB"]})
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(remote)], env=env,
                   check=True)
    git(remote, "config", "receive.advertisePushOptions", "true", env=env)  # as GitLab does
    result = pipeline(
        repo, env, "notify", "CI_PIPELINE_SOURCE=schedule", "PELIHARA_SCHEDULE=notify",
        "PELIHARA_SMTP_HOST=127.0.0.1", f"PELIHARA_SMTP_PORT={inbox.port}",
        "PELIHARA_SMTP_FROM=pelihara@setneg.go.id",
        "PELIHARA_SITE_URL=https://pelihara.setneg.go.id/",
        "PELIHARA_NOW=2026-12-02T15:00:00+07:00", f"PELIHARA_PUSH_URL={remote}")
    assert result.returncode == 0, result.stdout + result.stderr
    keys = sorted(m.header("X-Pelihara-Notice") for m in inbox.take())
    assert keys == ["PML-20261201-BBB/e1", "PML-20261201-BBB/e2",
                    "plan/2026/preventif-desember/2026-12-09/biro-sdm",
                    "plan/2026/preventif-desember/2026-12-09/biro-umum"]
    log = git(remote, "log", "-1", "--format=%an <%ae>%n%s", "--name-only", "main", env=env)
    author, subject, _, *files = log.splitlines()
    assert author == "Pelihara (pipeline terjadwal) <pelihara-bot@setneg.go.id>"
    assert subject == "pelihara notify: 4 pemberitahuan terkirim (2026-12-02T15:00:00+07:00)"
    assert len(files) == 1 and files[0].startswith("notifications/2026/12/NTF-20261202-")

    # The next scheduled run finds everything recorded: nothing sent, nothing pushed.
    head = git(remote, "rev-parse", "main", env=env)
    again = pipeline(
        repo, env, "notify", "CI_PIPELINE_SOURCE=schedule", "PELIHARA_SCHEDULE=notify",
        "PELIHARA_SMTP_HOST=127.0.0.1", f"PELIHARA_SMTP_PORT={inbox.port}",
        "PELIHARA_SMTP_FROM=pelihara@setneg.go.id", "PELIHARA_NOW=2026-12-02T15:15:00+07:00",
        f"PELIHARA_PUSH_URL={remote}")
    assert again.returncode == 0, again.stdout + again.stderr
    assert inbox.take() == []
    assert git(remote, "rev-parse", "main", env=env) == head


def test_pages_job_writes_public(tmp_path: Path) -> None:
    repo, env = project(tmp_path, None, "site", "mkdocs.yml")
    result = pipeline(repo, env, "pages", "CI_PIPELINE_SOURCE=push",
                      "PELIHARA_NOW=2026-11-27T16:00:00+07:00")
    assert result.returncode == 0, result.stdout + result.stderr
    page = repo / "public" / "kasus" / "PML-20261103-4QX" / "index.html"
    assert page.is_file() and "SIMPERSURATAN" in page.read_text(encoding="utf-8")
    assert (repo / "public" / "index.html").is_file()
    assert (repo / "public" / "langganan" / "kepala-biro.ics").read_bytes().startswith(
        b"BEGIN:VCALENDAR")
    assert b"<feed" in (repo / "public" / "langganan" / "unit-biro-umum.xml").read_bytes()
