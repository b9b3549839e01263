"""Covering numbers and exact sup deviations of the class {x ↦ ρ(x − b): b ∈ [0, 1]} of shifted
ReLUs under the absolute loss (the covering-number generalization bound of survey §1.2,
SOURCES T5a).
"""

from __future__ import annotations

import math
from fractions import Fraction

from verify.arith.convert import as_fraction
from verify.domain.learning.finite import FiniteDistribution, LossMatrix

__all__ = ["relu_shift_breakpoints", "relu_shift_covering_number", "relu_shift_losses"]

F = Fraction


def relu_shift_covering_number(x_max: Fraction, radius: Fraction) -> int:
    """N(F, r, ‖·‖_∞ on X) for F = {x ↦ ρ(x − b): b ∈ [0, 1]} and X ⊂ [0, 1] with max X = x_max.

    On X, ‖f_b − f_b'‖ = |min(b, x_max) − min(b', x_max)| (attained at x = x_max, and ρ is
    1-Lipschitz), so F is isometric to [0, x_max]: an interval of length L needs ⌈L/(2r)⌉
    closed r-balls (one ball covers a length 2r), and 1 when L = 0. With 1 ∈ X this is the
    catalog's ⌈1/(2r)⌉.
    """
    return max(1, math.ceil(F(x_max) / (2 * F(radius))))


def relu_shift_breakpoints(dist: FiniteDistribution) -> list[Fraction]:
    """The b ∈ [0, 1] where some loss |ρ(x − b) − y| of a cell has a kink (b = x, b = x − y),
    and 0, 1: between consecutive ones R(f_b) − R̂_s(f_b) is affine in b, so its sup over
    b ∈ [0, 1] is attained at one of them."""
    points = {F(0), F(1)}
    for x, y in dist.cells:
        points.update(v for v in (as_fraction(x), as_fraction(x) - as_fraction(y))
                      if 0 <= v <= 1)
    return sorted(points)


def relu_shift_losses(dist: FiniteDistribution, shifts: list[Fraction]) -> LossMatrix:
    """Absolute losses |ρ(x − b) − y| of f_b for every b in ``shifts`` on every cell."""
    return LossMatrix.from_fractions(
        [[abs(max(as_fraction(x) - s, F(0)) - as_fraction(y)) for x, y in dist.cells]
         for s in shifts])
