"""Render a collection of findings: text for people, JSON for tools, JUnit XML and GitLab Code
Quality for CI. Reporters only format; they never decide what is wrong.

The JSON shape is a contract for the tools that read it: a list of objects with `file`, `line`,
`column`, `code`, `severity`, `message` and `hint`. Add keys, never rename them.

File names and messages carry record text (a value quoted in a finding, a committed file's
name), so the formats people read (text, JUnit, Code Quality) show control characters as
escapes (`core.escape`): an escape sequence cannot rewrite a CI log line, and the JUnit XML is
always well formed (XML 1.0 cannot hold most C0 characters, even as references). JSON keeps
the exact text for tools; `json.dumps` escapes C0 characters itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any
from xml.etree import ElementTree as ET

from pelihara.core.escape import visible
from pelihara.core.findings import Finding, Severity
from pelihara.i18n.messages import finding_lines, finding_text, render

Reporter = Callable[[Sequence[Finding], Sequence[str], str], str]


def text(findings: Sequence[Finding], files: Sequence[str], lang: str = "id") -> str:
    """`file:line:col: CODE message` then `  → hint`, and a summary line."""
    lines = [finding_lines(f, lang) for f in findings]
    errors = sum(f.severity is Severity.ERROR for f in findings)
    if findings:
        lines.append(render("check.summary", {"files": len(files), "errors": errors,
                                              "warnings": len(findings) - errors}, lang))
    else:
        lines.append(render("check.summary_clean", {"files": len(files)}, lang))
    return "\n".join(lines) + "\n"


def finding_json(f: Finding, lang: str = "id") -> dict[str, Any]:
    message, fix = finding_text(f, lang)
    return {"file": f.file, "line": f.line, "column": f.column, "code": f.code,
            "severity": f.severity.value, "message": message, "hint": fix}


def as_json(findings: Sequence[Finding], files: Sequence[str], lang: str = "id"  # noqa: ARG001 (a Reporter)
            ) -> str:
    return json.dumps([finding_json(f, lang) for f in findings], ensure_ascii=False,
                      indent=2) + "\n"


def junit(findings: Sequence[Finding], files: Sequence[str], lang: str = "id") -> str:
    """One test case per file checked; each error is a <failure>, each warning a
    <system-out> line, so CI shows the failing files in its test report."""
    by_file: dict[str, list[Finding]] = {name: [] for name in files}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    failed = sum(any(f.severity is Severity.ERROR for f in fs) for fs in by_file.values())
    suite = ET.Element("testsuite", name="pelihara check", tests=str(len(by_file)),
                       failures=str(failed), errors="0", skipped="0")
    for name, file_findings in by_file.items():
        case = ET.SubElement(suite, "testcase", classname="pelihara.check", name=visible(name))
        for f in file_findings:
            message, fix = (visible(text) for text in finding_text(f, lang))
            body = f"{visible(f.file)}:{f.line}:{f.column}: {message}\n→ {fix}"
            if f.severity is Severity.ERROR:
                failure = ET.SubElement(case, "failure", type=f.code, message=message)
                failure.text = body
            else:
                ET.SubElement(case, "system-out").text = f"{f.code}: {body}"
    root = ET.Element("testsuites", name="pelihara", tests=str(len(by_file)),
                      failures=str(failed))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def fingerprint(f: Finding) -> str:
    """Stable across runs and message languages: the same fault gets the same fingerprint,
    so GitLab can tell new problems from old ones in a merge request."""
    params = json.dumps(f.params, sort_keys=True, ensure_ascii=False, default=str)
    key = f"{f.file}\0{f.line}\0{f.column}\0{f.code}\0{params}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def codequality(findings: Sequence[Finding], files: Sequence[str],  # noqa: ARG001 (a Reporter)
                lang: str = "id") -> str:
    """GitLab Code Quality report (a JSON array of CodeClimate-style issues)."""
    issues = [{
        "description": visible(f"{f.code}: {' '.join(finding_text(f, lang))}"),
        "check_name": f.code,
        "fingerprint": fingerprint(f),
        "severity": "major" if f.severity is Severity.ERROR else "minor",
        "location": {"path": visible(f.file), "lines": {"begin": f.line}},
    } for f in findings]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


REPORTERS: dict[str, Reporter] = {
    "text": text, "json": as_json, "junit": junit, "codequality": codequality,
}
