"""A certified lower bound on the Rademacher complexity of an RKHS ball, from explicit members of
the ball (Mohri, Rostamizadeh, Talwalkar, *Foundations of Machine Learning*, Thm 6.12;
Bartlett, Mendelson 2002, Lemma 22).

For every sign vector σ the function f_σ = c_σ Σ_i σ_i k(x_i, ·) with a rational c_σ ≤ B/‖Σσ_i
k(x_i, ·)‖_H lies in the ball {‖f‖_H ≤ B} (its norm is decided exactly), so
Σ_j σ_j f_σ(x_j) ≤ sup_{‖f‖≤B} Σ_j σ_j f(x_j) and the mean over σ of these values, divided by
m, is a lower bound on Rad_S that does not use the dual-norm identity. It is exact when every
σᵀKσ is the square of a rational, and within a factor 1 − 2^(1−bits) of the identity's value
otherwise.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from verify.arith.convert import as_fraction
from verify.arith.types import MatrixLike
from verify.domain.learning.rademacher import sign_vectors

__all__ = ["feasible_maximiser_value"]


def _scale_below_inverse_root(q: int, den: int, bits: int) -> Fraction:
    """A rational s with s² ≤ den/q: exactly sqrt(den/q) when q·den is a perfect square, else
    sqrt(den/q) rounded down to ``bits`` significant bits (relative error below 2^(1−bits))."""
    root = math.isqrt(q * den)
    if root * root == q * den:
        return Fraction(den, root)
    shift = bits + max(0, (q.bit_length() - den.bit_length()) // 2 + 1)
    return Fraction(math.isqrt((den << (2 * shift)) // q), 1 << shift)


def feasible_maximiser_value(gram: MatrixLike, radius: object, bits: int = 64) -> Fraction:
    """(1/m) E_σ Σ_j σ_j f_σ(x_j) for the members f_σ = c_σ Σ_i σ_i k(x_i, ·) of the ball of
    radius B, c_σ = B s_σ with s_σ² σᵀKσ ≤ 1 (rational), exactly: a certified lower bound on
    the empirical Rademacher complexity of the ball.

    f_σ(x_j) = c_σ (Kσ)_j by the reproducing property and ‖f_σ‖²_H = c_σ² σᵀKσ ≤ B² (checked
    in integers); σ with σᵀKσ = 0 contribute f_σ = 0.
    """
    r = as_fraction(radius)
    rows = [[as_fraction(v) for v in row] for row in gram]
    m = len(rows)
    den = math.lcm(*(v.denominator for row in rows for v in row))
    peak = m * m * max((abs(int(v * den)) for row in rows for v in row), default=0)
    kind = np.int64 if peak < 2**62 else object  # int64 only when no product can overflow
    ints = np.array([[int(v * den) for v in row] for row in rows], dtype=kind)
    signs = sign_vectors(m, half=True).astype(kind)  # f_(−σ) = −f_σ: the same value
    evaluations = signs @ ints.T  # row σ: den·(Kσ)_j = den·f_σ(x_j)/c_σ
    values = (evaluations * signs).sum(axis=1)  # den·Σ_j σ_j (Kσ)_j = den·σᵀKσ
    total = Fraction(0)
    distinct, counts = np.unique(values, return_counts=True)
    for value, count in zip(distinct.tolist(), counts.tolist(), strict=True):
        q = int(value)
        if q < 0:
            raise ValueError("σᵀKσ < 0 for some σ: K is not positive semidefinite")
        if q == 0:
            continue
        s = _scale_below_inverse_root(q, den, bits)
        if s * s * q > den:  # ‖f_σ‖²_H = B² s² q/den must not exceed B²
            raise ArithmeticError("the scaled function left the ball")
        total += int(count) * s * Fraction(q, den)
    return r * total / (m * len(signs))
