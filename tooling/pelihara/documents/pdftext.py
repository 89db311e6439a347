"""The text of a PDF (an edge: reads the file with pypdf).

Used to compare a report someone holds with the same report rebuilt from its commit: both
sides go through this one extractor, so its layout choices cancel out.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pelihara.core.errors import PeliharaError
from pelihara.core.text import Text

MAX_BYTES = 50 * 1024 * 1024
"""A case report is a few hundred KiB; a larger file is not one."""


def pdf_text(data: bytes, name: str = "<pdf>") -> str:
    """The text of every page, in order."""
    from pypdf import PdfReader  # local: only `--verify` reads PDFs
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, TypeError, KeyError, OSError, RecursionError) as exc:
        raise PeliharaError("report.not_a_pdf", {"path": name, "error": type(exc).__name__}
                            ) from None


def read_pdf_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if not path.is_file() or size > MAX_BYTES:
            raise PeliharaError("report.not_a_pdf", {"path": str(path), "error": "ukuran/jenis"})
        data = path.read_bytes()
    except OSError as exc:
        raise PeliharaError("report.not_a_pdf", {"path": str(path),
                                                 "error": exc.strerror or str(exc)}) from None
    if not data.startswith(b"%PDF-"):
        raise PeliharaError("report.not_a_pdf",
                            {"path": str(path), "error": Text("report.why.not_pdf")})
    return pdf_text(data, str(path))
