"""Exact and ball-arithmetic matrix facts shared by the catalog's kernel, regression, training
and norm-based checks: positive (semi)definiteness by one symmetric Gaussian elimination, and a
certified enclosure of the spectral norm."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import flint

__all__ = [
    "is_positive_semidefinite", "positive_definite", "positive_semidefinite",
    "spectral_norm_squared",
]

F = Fraction
_PREC = 128
"""Working precision (bits) of the spectral-norm enclosure."""


def _eliminate(rows: list[list[Any]], semidefinite: bool = False) -> bool:
    """Symmetric Gaussian elimination without pivoting on ``rows`` (modified in place).

    Definite: every pivot must be > 0 (for balls: *certainly* > 0). Semidefinite (exact entries
    only): no pivot may be negative, and a zero pivot must have a zero row, which is then
    skipped (the LDLᵀ test of positive semidefiniteness).
    """
    n = len(rows)
    for k in range(n):
        pivot = rows[k][k]
        if semidefinite and pivot == 0:
            if any(rows[k][j] != 0 for j in range(k, n)):
                return False
            continue
        if not pivot > 0:
            return False
        for i in range(k + 1, n):
            factor = rows[i][k] / pivot
            for j in range(k, n):
                rows[i][j] -= factor * rows[k][j]
    return True


def positive_definite(matrix: Any) -> bool:
    """Whether a symmetric matrix is positive definite, by Gaussian elimination without
    pivoting (every pivot > 0: Sylvester's criterion).

    For a python-flint ``fmpq_mat`` the answer is exact. For an ``arb_mat`` it is True only when
    every pivot is *certainly* positive, so True holds for every matrix in the enclosure and
    False means "not proved". Raises ValueError for a non-square or (exactly) non-symmetric
    rational matrix.
    """
    n = matrix.nrows()
    if n != matrix.ncols():
        raise ValueError("positive definiteness is tested on square matrices")
    rows = [[matrix[i, j] for j in range(n)] for i in range(n)]
    if type(matrix).__name__ == "fmpq_mat" and any(
            rows[i][j] != rows[j][i] for i in range(n) for j in range(i)):
        raise ValueError("positive definiteness is tested on symmetric matrices")
    return _eliminate(rows)


def positive_semidefinite(matrix: Any) -> bool:
    """Whether a symmetric rational matrix is positive semidefinite, exactly: the elimination of
    :func:`positive_definite`, where no pivot may be negative and a zero pivot must have a zero
    row (LDLᵀ).

    Takes a python-flint ``fmpq_mat`` or rows of exact rationals (ints, Fractions, anything
    ``Fraction`` reads exactly). Raises ValueError for a non-square or non-symmetric matrix and
    TypeError for an ``arb_mat`` (a ball cannot certify a zero pivot).
    """
    if type(matrix).__name__ == "arb_mat":
        raise TypeError("positive semidefiniteness is decided exactly, not in balls")
    if type(matrix).__name__ == "fmpq_mat":
        rows = [[matrix[i, j] for j in range(matrix.ncols())] for i in range(matrix.nrows())]
    else:
        rows = [[Fraction(v) for v in row] for row in matrix]
    n = len(rows)
    if any(len(row) != n for row in rows):
        raise ValueError("positive semidefiniteness is tested on square matrices")
    if any(rows[i][j] != rows[j][i] for i in range(n) for j in range(i)):
        raise ValueError("positive semidefiniteness is tested on symmetric matrices")
    return _eliminate(rows, semidefinite=True)


def is_positive_semidefinite(matrix: Sequence[Sequence[Fraction]]) -> bool:
    """Exact test for a symmetric rational matrix: symmetric Gaussian elimination, where a zero
    pivot must have a zero row and no pivot may be negative (:func:`positive_semidefinite`).
    False, not an error, for a non-square or non-symmetric matrix: the form a premise needs."""
    try:
        return positive_semidefinite(matrix)
    except ValueError:
        return False


def spectral_norm_squared(matrix: Sequence[Sequence[Fraction]]) -> flint.arb:
    """‖A‖²_σ = λ_max(AᵀA), enclosed: the largest root of the characteristic polynomial of the
    smaller of AᵀA, AAᵀ (exact rationals), isolated by flint's certified root finder."""
    a = flint.fmpq_mat([[flint.fmpq(F(v).numerator, F(v).denominator) for v in row]
                        for row in matrix])
    gram = a.transpose() * a if a.ncols() <= a.nrows() else a * a.transpose()
    old = flint.ctx.prec
    flint.ctx.prec = _PREC
    try:
        roots: list[tuple[Any, int]] = gram.charpoly().complex_roots()  # type: ignore[assignment]
        top = roots[0][0].real
        for root, _ in roots[1:]:
            top = top.max(root.real)
        return top
    finally:
        flint.ctx.prec = old
