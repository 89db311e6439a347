"""`pelihara report CASE --verify FILE.pdf`: is this PDF the report its commit gives?

The report states its source (commit, case file, the file's SHA-256, `now`, Pelihara's
version: `core/provenance.py`). Verification reads that statement from the PDF's text, takes
the case file from the stated commit and compares its SHA-256 with the statement (a report
built from an uncommitted or changed case fails here), then rebuilds the report from that
commit's standard, registries, schemas and case file, renders it to PDF with the same code,
and compares the two texts. Nothing in the working tree is read or written.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelihara.core import provenance
from pelihara.core.provenance import Provenance
from pelihara.documents import render
from pelihara.documents.case_report import build_case_report
from pelihara.documents.pdftext import pdf_text, read_pdf_text
from pelihara.records import case_source
from pelihara.records.load import Records
from pelihara.records.repo import Repository


@dataclass(frozen=True)
class Outcome:
    matches: bool
    code: str
    """Message code saying why (`report.verify_*`)."""
    params: dict[str, Any] = field(default_factory=dict)


def verify(repo: Repository, case_id: str, pdf: Path) -> Outcome:
    text = read_pdf_text(pdf)
    claim = provenance.parse(text)
    if claim is None:
        return Outcome(False, "report.verify_no_source", {"path": str(pdf)})
    params: dict[str, Any] = {"path": str(pdf), "commit": claim.commit[:12],
                              "file": claim.case_file, "case": case_id}
    if Path(claim.case_file).stem != case_id:
        return Outcome(False, "report.verify_other_case",
                       {**params, "other": Path(claim.case_file).stem})
    committed = case_source.committed_file(repo.root, claim.commit, claim.case_file)
    if committed is None:
        return Outcome(False, "report.verify_unknown_commit", params)
    actual = hashlib.sha256(committed).hexdigest()
    if actual != claim.sha256:
        return Outcome(False, "report.verify_changed_case",
                       {**params, "recorded": claim.sha256, "actual": actual})
    rebuilt = pdf_text(_rebuild(repo, case_id, claim), "<rebuilt>")
    expected, given = provenance.normalise(rebuilt), provenance.normalise(text)
    if expected == given:
        return Outcome(True, "report.verify_match", params)
    want, got = provenance.first_difference(expected, given)
    return Outcome(False, "report.verify_text_differs",
                   {**params, "expected": want, "actual": got, "version": claim.version})


def _rebuild(repo: Repository, case_id: str, claim: provenance.Claim) -> bytes:
    """The PDF the stated commit gives, built in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="pelihara-verify-") as tmp:
        case_source.snapshot(repo.root, claim.commit, claim.case_file, Path(tmp))
        records = Records(Repository(Path(tmp)), claim.now)
        record = records.case(case_id)
        case = record.case
        report = build_case_report(records.repo.standard, case, record.sla,
                                   records.repo.registries, claim.now)
        stated = Provenance(case_id, claim.case_file, claim.sha256, claim.commit, True,
                            claim.now, claim.version)
        html = render.case_document(report, report_created(case, claim.now), stated)
        return render.html_to_pdf(html)


def report_created(case: Any, now: Any) -> Any:
    """A case report's own date: its B.9 report, else the `now` it was built for."""
    return next((e.at for e in case.effective_events() if e.kind == "reported"), now)
