"""Separable data with a prescribed hard-margin SVM (survey §2.3; Soudry, Hoffer, Nacson,
Gunasekar, Srebro 2018, Thm 3): signed points whose max-margin vector is a given ŵ, with two
support vectors and further points of larger margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["construct"]


def construct(w_hat: tuple[Fraction, Fraction], betas: tuple[Fraction, Fraction],
               others: Sequence[tuple[Fraction, Fraction]]) -> list[tuple[Fraction, Fraction]]:
    """Signed points with max-margin vector ŵ: two support vectors ŵ/‖ŵ‖² + β_n ŵ⊥/‖ŵ‖²
    (β_1 > 0 > β_2, so both dual weights are positive) and further points μ ŵ/‖ŵ‖² + β ŵ⊥/‖ŵ‖²
    of margin μ (ŵ⊥ = (−ŵ_2, ŵ_1))."""
    a, b = w_hat
    norm = a * a + b * b
    perp = (-b, a)
    points = [(a / norm + beta * perp[0] / norm, b / norm + beta * perp[1] / norm)
              for beta in betas]
    points += [(mu * a / norm + beta * perp[0] / norm, mu * b / norm + beta * perp[1] / norm)
               for mu, beta in others]
    return points
