"""Exact and ball-arithmetic matrix facts shared by the catalog's kernel, regression and
training checks."""

from __future__ import annotations

from typing import Any


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
    for k in range(n):
        pivot = rows[k][k]
        if not pivot > 0:
            return False
        for i in range(k + 1, n):
            factor = rows[i][k] / pivot
            for j in range(k, n):
                rows[i][j] -= factor * rows[k][j]
    return True
