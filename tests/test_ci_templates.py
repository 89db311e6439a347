"""CI templates against their official schemas, and the pre-commit hook run for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from helpers import FIXTURES, origin

ROOT = Path(__file__).resolve().parents[1]
CHECK_JSONSCHEMA = str(Path(sys.executable).with_name("check-jsonschema"))
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))


def validate(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHECK_JSONSCHEMA, "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, check=False)


def test_gitlab_ci_matches_gitlabs_schema_and_runs_the_history_check() -> None:
    result = validate("vendor.gitlab-ci", ROOT / ".gitlab-ci.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    assert str(config["variables"]["GIT_DEPTH"]) == "0"
    mr = config["check-merge-request"]
    script = "\n".join(mr["script"])
    assert '--base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"' in script
    assert "--format codequality" in script and "--format junit" in script
    assert set(mr["artifacts"]["reports"]) == {"codequality", "junit"}
    assert any("schedule" in r["if"] for r in config["overdue-steps"]["rules"])
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    assert any(line.startswith("pelihara site build --audience")
               for line in config["pages"]["script"])
    # The bot's scheduled jobs: one at a time, committing as the bot, pushing with the token.
    for job, command in (("notify", "pelihara notify --commit"),
                         ("monitor", "pelihara monitor --open-cases --commit")):
        assert config[job]["extends"] == ".bot"
        merged = {**config[".bot"], **config[job]}
        assert merged["resource_group"] == "pelihara-bot"
        assert any(f'$PELIHARA_SCHEDULE == "{job}"' in r["if"] for r in merged["rules"])
        script = "\n".join(str(line) for line in merged["script"])
        assert command in script and 'git push -o ci.skip "$PELIHARA_PUSH_URL"' in script
    assert "PELIHARA_BOT_TOKEN" in config[".bot"]["variables"]["PELIHARA_PUSH_URL"]


def test_a_broken_gitlab_ci_is_rejected_by_the_same_schema(tmp_path: Path) -> None:
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text("pages:\n  script: pelihara site build\n  artifacts: {paths: public}\n")
    assert validate("vendor.gitlab-ci", broken).returncode == 1


def test_github_workflow_matches_githubs_schema_and_fetches_full_history() -> None:
    path = ROOT / ".github" / "workflows" / "pelihara.yml"
    result = validate("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr
    workflow = yaml.safe_load(path.read_text())
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert any("--base" in str(s.get("run", "")) for s in steps)
    assert "schedule" in workflow[True]  # PyYAML 1.1 reads the key `on` as True
    crons = {s["cron"] for s in workflow[True]["schedule"]}
    assert "*/15 0-10 * * 1-5" in crons  # every 15 minutes, 07:00-17:59 WIB
    bot = workflow["jobs"]["bot"]
    assert bot["permissions"] == {"contents": "write"} and bot["concurrency"] == "pelihara-bot"
    assert any("pelihara notify --commit" in str(s.get("run", "")) for s in bot["steps"])


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "records"
    repo.mkdir()
    for name in ("standard.yaml", "registry", "schemas"):
        source = origin(name)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / name)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True, env=env)
    return repo


def test_pre_commit_hook_runs_pelihara_check_on_staged_records(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    case = repo / "cases" / "2026" / "11" / "PML-20261103-4QX.yaml"
    case.parent.mkdir(parents=True)
    text = (FIXTURES / "cases" / "2026" / "11" / "PML-20261103-4QX.yaml").read_text()
    case.write_text(text.replace('at: "2026-11-03T09:20:00+07:00"', 'at: "2026-13-03T09:20"'))
    # The hook is `language: system`: it runs the `pelihara` of the environment the user
    # installed it into, so that environment's scripts come first on PATH, as after `activate`.
    path = os.pathsep.join((str(Path(sys.executable).parent), os.environ.get("PATH", "")))
    env = {**os.environ, "PATH": path, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"),
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
           # offline, like an intranet: a hook that needed to download anything would fail
           "PIP_NO_INDEX": "1", "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    subprocess.run(["git", "add", "cases"], cwd=repo, check=True, env=env)
    bad = subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "pelihara-check"], cwd=repo,
                         capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "cases/2026/11/PML-20261103-4QX.yaml" in bad.stdout
    assert "2026-13-03T09:20" in bad.stdout  # the finding names the bad time
    case.write_text(text)
    subprocess.run(["git", "add", "cases"], cwd=repo, check=True, env=env)
    good = subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "pelihara-check"], cwd=repo,
                          capture_output=True, text=True, env=env, check=False)
    assert "pelihara check" in good.stdout
    assert good.returncode == 0, good.stdout + good.stderr
