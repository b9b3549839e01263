"""Counting formulas for dichotomies (survey §1.2): Cover's function counting C(m, d) (Cover
1965, Thm 1), the Sauer–Shelah sum (Sauer 1972, Shelah 1972) as sympy expressions, and points on
the moment curve, which are in linear and affine general position.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

__all__ = ["cover", "moment_curve", "sauer"]

_i = sympy.Symbol("i", integer=True, nonnegative=True)


def cover(points: sympy.Basic, dim: sympy.Basic) -> sympy.Basic:
    """Cover's C(m, d) = 2 Σ_{i=0}^{d−1} binom(m − 1, i) as a sympy expression."""
    return 2 * sympy.Sum(sympy.binomial(points - 1, _i), (_i, 0, dim - 1))


def sauer(points: sympy.Basic, vc: sympy.Basic) -> sympy.Basic:
    """Σ_{i=0}^{vc} binom(m, i) as a sympy expression (vc an integer expression)."""
    return sympy.Sum(sympy.binomial(points, _i), (_i, 0, vc))


def moment_curve(ts: Sequence[int], dim: int) -> tuple[tuple[int, ...], ...]:
    """(t, t², …, t^d): distinct nonzero t give points in linear and affine general position
    (Vandermonde determinants)."""
    return tuple(tuple(t**k for k in range(1, dim + 1)) for t in ts)
