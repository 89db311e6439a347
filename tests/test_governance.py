"""The governance ships with the code: CODEOWNERS covers every rules file `check --base` knows,
the administrators' Panduan page names every GitLab setting, CI runs the audit, and the GitHub
workflow never puts a `${{ }}` expression inside a shell script."""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

import yaml

from pelihara.check.basecheck import RULES_FILES, is_rules_file

ROOT = Path(__file__).resolve().parents[1]
OWNER = "@biro-di/kepala-biro"
SAMPLES = ("schemas/case.schema.json", "standard.yaml", "registry/staff.yaml",
           "tooling/pelihara/check/basecheck.py", "tests/test_trust.py", "mkdocs.yml",
           "site/panduan.md", "site/overrides/main.html", "hooks/build.py", ".gitlab-ci.yml",
           ".github/workflows/pelihara.yml", ".ci/run", "CODEOWNERS", "pyproject.toml",
           "uv.lock", "requirements.txt", "constraints.txt", ".pre-commit-hooks.yaml")
RECORDS = ("cases/2026/11/PML-20261103-4QX.yaml", "plans/2026.yaml", "README.md",
           "monitoring/2026/09/MON-20260901-7M6.yaml", "complaints/2026/KLH-20261104-3RT.yaml")


def codeowners() -> list[tuple[str, str]]:
    """(pattern, owners of its section) from CODEOWNERS, GitLab syntax with sections."""
    entries, owners = [], ""
    for raw in (ROOT / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            owners = line.split("]", 1)[1].strip()
            continue
        pattern, *own = line.split()
        entries.append((pattern, " ".join(own) or owners))
    return entries


def owned(path: str, entries: list[tuple[str, str]]) -> str | None:
    """The owners GitLab gives `path` (the last matching entry wins)."""
    found = None
    for pattern, owners in entries:
        if pattern.startswith("/"):
            anchored = pattern[1:]
            hit = path.startswith(anchored) if anchored.endswith("/") \
                else fnmatchcase(path, anchored)
        else:
            hit = fnmatchcase(path.rsplit("/", 1)[-1], pattern)
        if hit:
            found = owners
    return found


def test_codeowners_gives_every_rules_file_to_the_kepala_biro() -> None:
    entries = codeowners()
    for path in SAMPLES:
        assert is_rules_file(path), path
        assert owned(path, entries) == OWNER, path
    for path in RECORDS:
        assert not is_rules_file(path) and owned(path, entries) is None, path


def test_every_rules_pattern_has_its_codeowners_entry() -> None:
    """The two lists cannot drift: each pattern of RULES_FILES is written in CODEOWNERS."""
    patterns = {p for p, _ in codeowners()}
    for rule in RULES_FILES:
        spelled = "/" + rule.removesuffix("*") if rule.endswith("/*") else (
            rule if rule.startswith("*") else "/" + rule)
        assert spelled in patterns, rule


def test_the_github_workflow_passes_refs_to_the_shell_through_env() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pelihara.yml").read_text())
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"]
            if "run" in step]
    assert runs and not [run for run in runs if "${{" in run]
    check = next(s for s in workflow["jobs"]["check"]["steps"] if "--base" in s.get("run", ""))
    assert check["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert '"origin/$BASE_REF"' in check["run"]


def test_the_main_line_jobs_run_the_audit() -> None:
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    assert any("check --audit" in line for line in gitlab["check-main"]["script"])
    github = (ROOT / ".github" / "workflows" / "pelihara.yml").read_text()
    assert "pelihara check --audit" in github


def test_the_administrators_page_names_each_setting_and_who_enforces_it() -> None:
    page = (ROOT / "site" / "tata-kelola.md").read_text(encoding="utf-8")
    for setting in ("Protected branches", "Merge commit", "Pipelines must succeed",
                    "Code owner approval", "%{approved_by}", "Approved-by:", "CODEOWNERS",
                    "gpg.format", "signing_keys", "emails:", "acting_head", "late_recording",
                    "learned_later", "--audit-from", "Ratifies:"):
        assert setting in page, setting
    assert "diperiksa Pelihara?" in page  # the table says what Pelihara checks itself
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!ENV", ""))["nav"]
    assert {"Tata kelola (administrator)": "tata-kelola.md"} in nav
