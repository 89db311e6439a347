"""Indeks Kepuasan Masyarakat (IKM) from SKM survey responses, per PermenPANRB 14/2017.

Pure core. Each response scores the nine service elements (unsur pelayanan) from 1 (tidak
baik) to 4 (sangat baik). For a period:

- NRR_i, the mean score of element i over all responses;
- the index, Σ (NRR_i × 1/9), on the 1–4 scale;
- IKM = index × 25, on the 25–100 scale, graded A–D.

Arithmetic is done with exact fractions and rounded once, at the end, to two decimals: the
regulation's tables show 2 decimals, and rounding the weight 1/9 to 0.111 first (as some
spreadsheets do) shifts results across grade boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ELEMENTS: tuple[str, ...] = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "penanganan_pengaduan",
    "sarana",
)
"""The nine SKM elements (unsur) of PermenPANRB 14/2017, in the regulation's order."""

GRADES: tuple[tuple[str, Decimal, Decimal], ...] = (
    ("A", Decimal("88.31"), Decimal("100.00")),
    ("B", Decimal("76.61"), Decimal("88.30")),
    ("C", Decimal("65.00"), Decimal("76.60")),
    ("D", Decimal("25.00"), Decimal("64.99")),
)
"""Mutu pelayanan: A sangat baik, B baik, C kurang baik, D tidak baik (inclusive, 2 decimals)."""

WEIGHT = Fraction(1, 9)


@dataclass(frozen=True)
class IkmResult:
    """IKM of one period. `nrr` per element (1–4, 2 decimals); `ikm` 25–100 (2 decimals)."""

    responses: int
    nrr: dict[str, Decimal]
    index: Decimal
    ikm: Decimal
    grade: str


def _round2(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade(ikm: Decimal) -> str:
    """The letter for an IKM already rounded to two decimals. Raises ValueError outside 25–100."""
    for letter, low, high in GRADES:
        if low <= ikm <= high:
            return letter
    raise ValueError(f"IKM {ikm} outside 25.00–100.00")


def compute(responses: Iterable[Mapping[str, int]]) -> IkmResult | None:
    """IKM over `responses` (each {element: score 1–4} with all nine elements), or None if
    there are none. Raises ValueError for a missing element or a score outside 1–4 (the schema
    rejects those first; this guards direct callers)."""
    totals = dict.fromkeys(ELEMENTS, 0)
    count = 0
    for response in responses:
        for element in ELEMENTS:
            score = response[element]
            if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 4:
                raise ValueError(f"{element}: score {score!r} outside 1–4")
            totals[element] += score
        count += 1
    if count == 0:
        return None
    nrr = {element: Fraction(total, count) for element, total in totals.items()}
    index = sum((value * WEIGHT for value in nrr.values()), Fraction(0))
    ikm = _round2(index * 25)
    return IkmResult(
        responses=count,
        nrr={element: _round2(value) for element, value in nrr.items()},
        index=_round2(index),
        ikm=ikm,
        grade=grade(ikm),
    )
