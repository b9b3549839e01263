"""Rigorous upper bounds on the empirical Rademacher complexity of bias-free ReLU networks with
Frobenius-norm constraints (the class of Golowich, Rakhlin, Shamir 2018, Thm 1), tight on
orthogonal inputs: companions of the lower estimates of
:func:`verify.domain.learning.rademacher.search_network_rademacher`.

Depth L ≥ 2. Let H_L be the networks x ↦ W_L ρ(W_(L−1) ... ρ(W_1 x)) with one output and
‖W_j‖_F ≤ 1, ρ = ReLU. Writing the last layer row by row, every h ∈ H_L is a combination
Σ_k a_k ρ(g_k) with g_k ∈ H_(L−1) and Σ_k |a_k| ≤ 1 (Cauchy–Schwarz on the rows' norms), i.e.
H_L lies in the absolutely convex hull of ρ(H_(L−1)). For σ ∈ {±1}^m with P = {σ_i = +1},
N = {σ_i = −1} and any g:

    Σ_i σ_i ρ(g(x_i)) ≤ max(Σ_P |g(x_i)|, Σ_N |g(x_i)|),

and Σ_T |g(x_i)| is convex in g, so by induction it never exceeds its value on H_1 = {x ↦ wᵀx:
‖w‖ ≤ 1}: A_T = max_(‖w‖≤1) Σ_T |wᵀx_i| = max_(s ∈ {±1}^T) ‖Σ_T s_i x_i‖. Hence, with norms M_j,

    sup_h Σ_i σ_i h(x_i) ≤ Π_j M_j · max(A_P, A_N),

and Rad_S ≤ (Π_j M_j/m) E_σ max(A_P, A_N). A single path of units attains
Π_j M_j max_(‖w‖=1) |Σ_i σ_i ρ(wᵀx_i)|; for orthogonal inputs of norm B this equals
Π_j M_j B max(sqrt(|P|), sqrt(|N|)) = the upper bound, so the bound is exact there.

Depth 1 (no ReLU): Rad_S = (M/m) E_σ ‖Σσ_i x_i‖ ≤ (M/m) sqrt(Σ_i ‖x_i‖²) (Jensen), with
equality for orthogonal inputs of equal norm.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import flint
import numpy as np
import sympy

from verify.arith.convert import as_fraction, to_sympy
from verify.arith.precision import workprec
from verify.arith.types import MatrixLike
from verify.core.measurement import Ball, Exact
from verify.domain.learning.rademacher import MAX_SIGNS, sign_vectors

__all__ = ["linear_jensen_bound", "relu_rademacher_upper", "subset_sign_maxima"]

_INT64_SAFE = 2**62


def _gram_integers(points: MatrixLike) -> tuple[np.ndarray, int]:
    """(N, den) with G = XXᵀ = N/den, N an integer matrix (int64 when safe)."""
    rows = [[as_fraction(v) for v in p] for p in points]
    den = math.lcm(*(v.denominator for row in rows for v in row)) if rows else 1
    ints = [[int(v * den) for v in row] for row in rows]
    gram = [[sum(a * b for a, b in zip(p, q, strict=True)) for q in ints] for p in ints]
    m = len(gram)
    peak = m * m * max((abs(v) for row in gram for v in row), default=0)
    return np.array(gram, dtype=np.int64 if peak < _INT64_SAFE else object), den * den


def subset_sign_maxima(points: MatrixLike) -> tuple[list[int], int]:
    """(best, den): best[T]/den = A_T² = max_(s ∈ {±1}^T) ‖Σ_(i∈T) s_i x_i‖² for every subset T
    of the points (T as a bit mask, bit i = point i), exactly.

    Enumerates the 3^m vectors t ∈ {−1, 0, 1}^m (support T, signs s): tᵀGt = ‖Σ t_i x_i‖².
    """
    gram, den = _gram_integers(points)
    m = gram.shape[0]
    if not 1 <= m <= MAX_SIGNS // 2:
        raise ValueError(f"subset maxima are enumerated for 1 <= m <= {MAX_SIGNS // 2}")
    codes = np.arange(3**m, dtype=np.int64)
    digits = (codes[:, None] // (3 ** np.arange(m, dtype=np.int64))) % 3
    ternary = np.where(digits == 2, -1, digits).astype(gram.dtype)
    forms = ((ternary @ gram) * ternary).sum(axis=1)
    masks = ((digits != 0) * (1 << np.arange(m, dtype=np.int64))).sum(axis=1)
    best = [0] * (1 << m)
    for mask, value in zip(masks.tolist(), forms.tolist(), strict=True):
        if value > best[mask]:
            best[mask] = int(value)
    return best, den


def relu_rademacher_upper(points: MatrixLike, norms: Sequence[Any], prec: int = 192
                          ) -> Exact | Ball:
    """(Π_j M_j/m) E_σ max(A_P, A_N) for depth ≥ 2 (module docstring): a rigorous upper bound on
    the empirical Rademacher complexity of the class, an arb ball (exact when it is 0)."""
    best, den = subset_sign_maxima(points)
    m = len(points)
    signs = sign_vectors(m, half=True)  # max(A_P, A_N) is even in σ
    bits = 1 << np.arange(m, dtype=np.int64)  # point i in bit i, as in subset_sign_maxima
    positive = ((signs > 0) * bits[None, :]).sum(axis=1)
    negative = ((signs < 0) * bits[None, :]).sum(axis=1)
    tally: dict[int, int] = {}
    for p, n in zip(positive.tolist(), negative.tolist(), strict=True):
        value = max(best[p], best[n])
        tally[value] = tally.get(value, 0) + 1
    product = math.prod((as_fraction(v) for v in norms), start=Fraction(1))
    if set(tally) == {0}:
        return Exact(0)
    with workprec(prec):
        total = flint.arb(0)
        for value, count in tally.items():
            total += count * flint.arb(value).sqrt()
        scale = flint.arb(flint.fmpq(product.numerator, product.denominator * m)) \
            / flint.arb(den).sqrt()
        return Ball(total * scale / len(signs))


def linear_jensen_bound(points: MatrixLike, norm: Any) -> Exact:
    """(M/m) sqrt(Σ_i ‖x_i‖²), exactly: Jensen's bound on (M/m) E_σ ‖Σσ_i x_i‖, the empirical
    Rademacher complexity of {x ↦ wᵀx: ‖w‖ ≤ M}."""
    square = sum((as_fraction(v) ** 2 for p in points for v in p), Fraction(0))
    return Exact(to_sympy(as_fraction(norm)) * sympy.sqrt(to_sympy(square)) / len(points))
