"""Rational Gram matrices of positive semidefinite kernels, for the Rademacher complexity of an
RKHS ball (survey §2.1–2.2; Mohri, Rostamizadeh, Talwalkar, Thm 6.12; Bartlett, Mendelson 2002,
Lemma 22) and of norm-bounded linear predictors (Golowich, Rakhlin, Shamir 2018).

The exact positive-semidefiniteness test is :func:`verify.arith.matrices.is_positive_semidefinite`,
re-exported here for the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from verify.arith.matrices import is_positive_semidefinite, positive_semidefinite

__all__ = ["Matrix", "gram", "is_positive_semidefinite", "kernel_gram", "positive_semidefinite"]

F = Fraction
Matrix = tuple[tuple[Fraction, ...], ...]


def gram(points: Sequence[Sequence[Fraction]]) -> Matrix:
    """G_ij = ⟨x_i, x_j⟩, exactly."""
    return tuple(tuple(sum((a * b for a, b in zip(p, q, strict=True)), F(0)) for q in points)
                 for p in points)


def kernel_gram(kind: str, points: Sequence[Any], extra: Any = None) -> Matrix:
    """Rational Gram matrices of positive semidefinite kernels: ``linear`` ⟨x, y⟩,
    ``polynomial`` (c + ⟨x, y⟩)^p with extra = (c, p), ``min`` min(x, y) on (0, 1] (the
    Brownian-motion kernel; its RKHS is {f ∈ H¹: f(0) = 0}), ``features`` ⟨x, y⟩/4 for integer
    feature vectors, ``diagonal`` diag(points)."""
    if kind == "diagonal":
        n = len(points)
        return tuple(tuple(F(points[i]) if i == k else F(0) for k in range(n)) for i in range(n))
    if kind == "min":
        return tuple(tuple(min(F(x), F(y)) for y in points) for x in points)
    linear = gram([[F(v) for v in p] for p in points])
    if kind == "linear":
        return linear
    if kind == "features":
        return tuple(tuple(v / 4 for v in row) for row in linear)
    if kind == "polynomial":
        c, p = extra
        return tuple(tuple((F(c) + v) ** p for v in row) for row in linear)
    raise ValueError(f"unknown kernel {kind!r}")
