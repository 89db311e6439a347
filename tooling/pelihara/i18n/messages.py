"""Findings and errors in the reader's language: a message says what is wrong, its hint how
to fix it. Both come from the catalogue (`catalogue/*.yaml`, entries with `hint_id` and
`hint_en`).

Codes are stable identifiers (`area.problem`) that tests, CI and the docs refer to. Add new
codes to the catalogue, never inline strings in checks: a test fails when a code lacks a
language or the source uses a code the catalogue does not have.
"""

from __future__ import annotations

from typing import Any

from pelihara.core.escape import visible
from pelihara.core.findings import Finding, Severity
from pelihara.i18n import fill, tr
from pelihara.i18n.entries import CATALOGUE, Entry


def _entry(code: str) -> Entry:
    """A code without an entry shows the internal-error message: a test finds every code
    the source uses, so this is a bug's last resort, never a user's normal path."""
    entry = CATALOGUE.get(code)
    return entry if entry is not None and entry.is_message else CATALOGUE["internal"]


def render(code: str, params: dict[str, Any], lang: str = "id") -> str:
    """The message for `code` in `lang` ("id" or "en")."""
    return fill(_entry(code).text(lang), params, lang)


def hint(code: str, params: dict[str, Any], lang: str = "id") -> str:
    """How to fix the problem named by `code`, in `lang`."""
    return fill(_entry(code).hint(lang), params, lang)


def finding_text(finding: Finding, lang: str = "id") -> tuple[str, str]:
    """A finding's message and its fix, in `lang`."""
    return render(finding.code, finding.params, lang), hint(finding.code, finding.params, lang)


def finding_lines(finding: Finding, lang: str = "id") -> str:
    """`file:line:col: CODE message` and, below it, `  → hint`: how every command shows one."""
    message, fix = finding_text(finding, lang)
    label = "" if finding.severity is Severity.ERROR else tr("finding.warning", lang) + " "
    # Record text (a quoted value, a file's name) shows its control characters as escapes.
    return (visible(f"{finding.file}:{finding.line}:{finding.column}: {finding.code} {label}"
                    f"{message}") + "\n" + visible(f"  → {fix}"))


def skipped_text(finding: Finding, lang: str = "id") -> tuple[str, str]:
    """The note every command gives for a record file it leaves out, from the finding that
    made it unusable: the same words on the terminal and in the site's build log."""
    detail, _ = finding_text(finding, lang)
    params = {"where": f"{finding.file}:{finding.line}:{finding.column}", "file": finding.file,
              "detail": detail}
    return render("record.skipped", params, lang), hint("record.skipped", params, lang)
