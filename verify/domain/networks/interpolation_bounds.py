"""Lower bounds on the width of interpolating networks (survey §1.3): the number of affine pieces
that every continuous piecewise-affine interpolant of collinear data must have.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from verify.domain.learning.dichotomies import rank
from verify.domain.networks.interpolation import forced_pieces

__all__ = ["collinear_forced_pieces"]


def collinear_forced_pieces(points: Sequence[Sequence[Fraction]], values: Sequence[Fraction]
                            ) -> int:
    """Pieces that every continuous piecewise-affine interpolant restricted to the line through
    collinear data must have (1 when the points are not collinear: no claim).

    A one-hidden-layer network with n neurons is affine in ≤ n + 1 pieces on every line, so this
    is a lower bound on n + 1 for every interpolating network.
    """
    base = points[0]
    directions = [tuple(a - b for a, b in zip(p, base, strict=True)) for p in points[1:]]
    if len(points) < 2 or rank(directions) != 1:
        return 1
    v = next(u for u in directions if any(u))
    k = next(index for index, c in enumerate(v) if c)
    return forced_pieces([(p[k] - base[k]) / v[k] for p in points], values)
