"""The exact law of the one-sided uniform deviation G = max_k (R(g_k) − R̂_s(g_k)) of a finite
loss class over i.i.d. samples of a finite distribution: its expectation, which symmetrization
bounds by 2 Rad_m (Mohri, Rostamizadeh, Talwalkar, *Foundations of Machine Learning*, proof of
Thm 3.3), and the exact probability of the Rademacher generalization event
G > 2 Rad_m + sqrt(log(1/δ)/(2m)) (the same theorem).

Empirical risks depend on a sample only through its count vector (n_c) over the cells, which is
multinomial(m; p_c); cells with the same loss column are merged (``merged_cells``). Every count
vector's G is computed in integers and weighted by its exact multinomial probability, so the law
of G is a finite list of rationals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import numpy as np

from verify.domain.learning.deviations import exceeds_confidence_term
from verify.domain.learning.finite import FiniteDistribution, LossMatrix
from verify.domain.learning.rademacher import merged_cells

__all__ = ["GapLaw", "count_vectors", "gap_law", "gap_law_size"]

_INT64_SAFE = 2**62


def count_vectors(total: int, parts: int) -> np.ndarray:
    """Every (n_1, ..., n_parts) of nonnegative integers with sum ``total`` (rows, int64)."""
    if parts == 1:
        return np.array([[total]], dtype=np.int64)
    bars = np.array(list(combinations(range(total + parts - 1), parts - 1)), dtype=np.int64)
    edges = np.hstack([np.full((len(bars), 1), -1), bars,
                       np.full((len(bars), 1), total + parts - 1)])
    return np.diff(edges, axis=1) - 1


def gap_law_size(m: int, cells: int) -> int:
    """How many count vectors :func:`gap_law` enumerates: binom(m + C − 1, C − 1)."""
    return math.comb(m + cells - 1, cells - 1)


@dataclass(frozen=True)
class GapLaw:
    """The exact law of G = max_k (R(g_k) − R̂_s(g_k)) at sample size ``m``: its values
    (ascending) and their probabilities (rationals summing to 1)."""

    m: int
    values: tuple[Fraction, ...]
    probabilities: tuple[Fraction, ...]

    def mean(self) -> Fraction:
        """E_S G, exactly."""
        return sum((v * p for v, p in zip(self.values, self.probabilities, strict=True)),
                   Fraction(0))

    def violation_probability(self, rademacher: Fraction, level: Fraction,
                              confidence_term: bool = True) -> Fraction:
        """P(G > 2 Rad_m + sqrt(log(1/δ)/(2m))), exactly (each comparison in arb balls; without
        ``confidence_term`` the square root is dropped)."""
        total = Fraction(0)
        for value, p in zip(self.values, self.probabilities, strict=True):
            excess = value - 2 * rademacher
            hit = exceeds_confidence_term(excess, self.m, level) if confidence_term \
                else excess > 0
            total += p if hit else 0
        return total


def gap_law(dist: FiniteDistribution, losses: LossMatrix, m: int,
            max_terms: int = 200_000) -> GapLaw:
    """The exact law of max_k (R(g_k) − R̂_s(g_k)) over i.i.d. samples of size m.

    A count vector n has probability m!/(∏ n_c!) ∏ (w_c/W)^(n_c); its G is
    max_k (m Σ_c ℓ_kc w_c − W Σ_c ℓ_kc n_c)/(m W den) with ℓ_kc = den·loss. Refused beyond
    ``max_terms`` count vectors.
    """
    columns, weights = merged_cells(dist, losses)
    cells = len(weights)
    size = gap_law_size(m, cells)
    if m < 1 or size > max_terms:
        raise ValueError(f"m = {m} over {cells} merged cells needs {size} count vectors "
                         f"(limit {max_terms})")
    _, scale = dist.integer_weights()
    counts = count_vectors(m, cells)
    peak = int(np.abs(columns).max()) * m * scale * cells * 2 + 1
    kind = np.int64 if peak < _INT64_SAFE and columns.dtype != object else object
    cols = columns.astype(kind)
    risks = cols @ np.array(weights, dtype=kind)  # K: den·W·R_k
    sums = counts.astype(kind) @ cols.T  # T × K: den·m·R̂_k
    gaps = (risks[None, :] * m - sums * scale).max(axis=1)  # den·m·W·G
    factorial = [math.factorial(k) for k in range(m + 1)]
    powers = [[w**k for k in range(m + 1)] for w in weights]
    by_gap: dict[int, int] = {}
    for row, gap in zip(counts.tolist(), gaps.tolist(), strict=True):
        weight = factorial[m]
        for c, k in enumerate(row):
            weight = weight // factorial[k] * powers[c][k]  # stays an integer
        by_gap[int(gap)] = by_gap.get(int(gap), 0) + weight
    norm = scale**m
    if sum(by_gap.values()) != norm:
        raise ArithmeticError("the multinomial probabilities do not sum to 1")
    den = m * scale * losses.denominator
    keys = sorted(by_gap)
    return GapLaw(m, tuple(Fraction(k, den) for k in keys),
                  tuple(Fraction(by_gap[k], norm) for k in keys))
