"""IKM (PermenPANRB 14/2017) against hand-computed examples."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pelihara.core import ikm
from pelihara.records import yamlio


def _response(*scores: int) -> dict[str, int]:
    return dict(zip(ikm.ELEMENTS, scores, strict=True))


def test_hand_computed_example() -> None:
    # Two responses. By hand:
    #   NRR = (4+3)/2, (4+4)/2, (3+3)/2, (4+4)/2, (3+4)/2, (3+3)/2, (4+3)/2, (3+2)/2, (2+3)/2
    #       = 3.5, 4, 3, 4, 3.5, 3, 3.5, 2.5, 2.5          Σ NRR = 29.5
    #   index = Σ NRR × 1/9 = 3.2777…;  IKM = 3.2777… × 25 = 81.944… → 81.94, grade B.
    result = ikm.compute([_response(4, 4, 3, 4, 3, 3, 4, 3, 2),
                          _response(3, 4, 3, 4, 4, 3, 3, 2, 3)])
    assert result is not None
    assert result.responses == 2
    assert result.nrr["persyaratan"] == Decimal("3.50")
    assert result.nrr["penanganan_pengaduan"] == Decimal("2.50")
    assert result.index == Decimal("3.28")
    assert result.ikm == Decimal("81.94")
    assert result.grade == "B"


def test_extremes_use_the_exact_weight() -> None:
    """All 4s is exactly 100.00; rounding the weight to 0.111 first would give 99.90."""
    best = ikm.compute([_response(*[4] * 9)])
    worst = ikm.compute([_response(*[1] * 9)])
    assert best is not None and worst is not None
    assert (best.ikm, best.grade) == (Decimal("100.00"), "A")
    assert (worst.ikm, worst.grade) == (Decimal("25.00"), "D")


@pytest.mark.parametrize(("value", "letter"), [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
    ("65.00", "C"), ("64.99", "D"), ("25.00", "D"),
])
def test_grade_boundaries(value: str, letter: str) -> None:
    assert ikm.grade(Decimal(value)) == letter


def test_out_of_range() -> None:
    with pytest.raises(ValueError):
        ikm.grade(Decimal("24.99"))
    with pytest.raises(ValueError):
        ikm.compute([_response(5, 4, 4, 4, 4, 4, 4, 4, 4)])
    assert ikm.compute([]) is None


def test_sample_surveys(repo_root: Path) -> None:
    """The four sample responses of 2026. By hand, Σ NRR = 3.75 + 3.5 + 3 + 4 + 3.5 + 3.75 +
    4 + 3.25 + 3 = 31.75; IKM = 31.75 / 9 × 25 = 88.194… → 88.19: B, just under A."""
    responses = [yamlio.load_file(p).data["scores"]
                 for p in sorted((repo_root / "surveys").glob("2026/*.yaml"))]
    result = ikm.compute(responses)
    assert result is not None
    assert (result.responses, result.ikm, result.grade) == (4, Decimal("88.19"), "B")
