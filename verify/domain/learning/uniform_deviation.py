"""The uniform deviation sup_k |R(f_k) − R̂_s(f_k)| of a finite class on a finite distribution:
its exact law over i.i.d. samples of size m, and Monte-Carlo samples of it.

The empirical risks depend on a sample only through its count vector (n_c) over the cells, which
is multinomial(m; p_c). Cells with the same loss column (for every hypothesis) are merged, and
the sup deviation of every count vector is decided in integers, weighted by its exact multinomial
probability: the law of the sup is a finite list of rationals. The Monte-Carlo side draws exact
i.i.d. samples (``FiniteDistribution.sample_indices``) and computes the same integer deviation
for each, so that its frequency of {sup ≥ ε} is a Binomial(trials, P(sup ≥ ε)) count: a tight
companion of the generalization bounds of survey §1.2 (Hoeffding with a union bound, covering
numbers), whose bounds are loose by orders of magnitude on most instances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import numpy as np

from verify.arith.convert import as_fraction
from verify.domain.learning.finite import FiniteDistribution, LossMatrix

__all__ = [
    "DeviationLaw", "DeviationSample", "bit_class", "count_vectors", "deviation_law",
    "enumeration_size", "integer_sup_gaps", "largest_enumerable_size", "merged_columns",
    "multinomial_weights", "sample_deviations",
]

_INT64_SAFE = 2**62


def merged_columns(dist: FiniteDistribution, losses: LossMatrix
                   ) -> tuple[np.ndarray, tuple[int, ...], int]:
    """(columns K × C', integer weights w_c', W): cells with the same loss column merged, their
    integer weights (probabilities times the common denominator W) added."""
    weights, total = dist.integer_weights()
    merged: dict[tuple[int, ...], int] = {}
    for c in range(len(dist.cells)):
        key = tuple(int(v) for v in losses.numerators[:, c])
        merged[key] = merged.get(key, 0) + int(weights[c])
    columns = np.array(list(merged), dtype=object).T
    return columns, tuple(merged.values()), int(total)


def enumeration_size(m: int, cells: int) -> int:
    """How many count vectors of m draws over ``cells`` cells there are: binom(m + C − 1, C − 1)."""
    return math.comb(m + cells - 1, cells - 1)


def largest_enumerable_size(cells: int, limit: int, cap: int) -> int:
    """The largest m ≤ cap with at most ``limit`` count vectors over ``cells`` cells (0 if none)."""
    size = 0
    while size < cap and enumeration_size(size + 1, cells) <= limit:
        size += 1
    return size


def count_vectors(total: int, parts: int) -> np.ndarray:
    """Every (n_1, …, n_parts) of nonnegative integers with sum ``total`` (stars and bars)."""
    if parts == 1:
        return np.array([[total]], dtype=np.int64)
    bars = np.array(list(combinations(range(total + parts - 1), parts - 1)), dtype=np.int64)
    edges = np.hstack([np.full((len(bars), 1), -1), bars,
                       np.full((len(bars), 1), total + parts - 1)])
    return np.diff(edges, axis=1) - 1


def integer_sup_gaps(columns: np.ndarray, weights: tuple[int, ...], total: int, m: int,
                     counts: np.ndarray) -> np.ndarray:
    """max_k |S_k·W − m·A_k| for each row of ``counts`` (T × C'), with S_k = Σ_c n_c ℓ_kc and
    A_k = Σ_c w_c ℓ_kc: the sup deviation times m·W·den, exactly."""
    peak = (int(np.abs(columns).max()) if columns.size else 0) * m * total * 2 + 1
    big = peak >= _INT64_SAFE
    dtype = object if big else np.int64
    cols = np.asarray(columns).astype(dtype)
    risks = cols @ np.array(weights, dtype=dtype)  # K: A_k
    sums = counts.astype(dtype) @ cols.T  # T × K: S_k
    gaps = np.abs(sums * total - risks[None, :] * m)
    return gaps.max(axis=1)


@dataclass(frozen=True)
class DeviationLaw:
    """The exact law of D = sup_k |R(f_k) − R̂_s(f_k)|: its values (ascending) and their
    probabilities (exact rationals summing to 1)."""

    values: tuple[Fraction, ...]
    probabilities: tuple[Fraction, ...]
    count_vectors: int
    """How many count vectors were enumerated."""

    def tail(self, eps: object) -> Fraction:
        """P(D ≥ ε), exactly."""
        level = as_fraction(eps)
        return sum((p for v, p in zip(self.values, self.probabilities, strict=True)
                    if v >= level), Fraction(0))

    def level_near(self, target: Fraction = Fraction(3, 5),
                   window: tuple[Fraction, Fraction] = (Fraction(1, 4), Fraction(19, 20))
                   ) -> Fraction:
        """The value v of D whose tail P(D ≥ v) is closest to ``target`` among the tails inside
        ``window`` (the smaller v on a tie), where a frequency of {D ≥ v} has a small relative
        error both ways; the smallest value (tail 1, a trivial event) when no tail is inside."""
        best, best_gap = self.values[0], None
        running = Fraction(1)
        for v, p in zip(self.values, self.probabilities, strict=True):
            gap = abs(running - target)
            if window[0] <= running <= window[1] and (best_gap is None or gap < best_gap):
                best, best_gap = v, gap
            running -= p
        return best


def deviation_law(dist: FiniteDistribution, losses: LossMatrix, m: int,
                  max_terms: int = 200_000) -> DeviationLaw:
    """The exact law of sup_k |R(f_k) − R̂_s(f_k)| over i.i.d. samples of size m.

    Every count vector n over the merged cells has probability m!/(∏ n_c!) ∏ (w_c/W)^{n_c}; its
    sup deviation is decided in integers. Refused beyond ``max_terms`` count vectors.
    """
    columns, weights, total = merged_columns(dist, losses)
    cells = len(weights)
    size = enumeration_size(m, cells)
    if m < 1 or size > max_terms:
        raise ValueError(f"m = {m} over {cells} merged cells needs {size} count vectors "
                         f"(limit {max_terms})")
    counts = count_vectors(m, cells)
    gaps = integer_sup_gaps(columns, weights, total, m, counts)
    by_gap: dict[int, int] = {}
    for gap, weight in zip(gaps.tolist(), multinomial_weights(counts, weights).tolist(),
                           strict=True):
        by_gap[int(gap)] = by_gap.get(int(gap), 0) + weight
    den = m * total * losses.denominator
    norm = total**m
    if sum(by_gap.values()) != norm:
        raise ArithmeticError("the multinomial probabilities do not sum to 1")
    keys = sorted(by_gap)
    return DeviationLaw(tuple(Fraction(k, den) for k in keys),
                        tuple(Fraction(by_gap[k], norm) for k in keys), int(size))


def multinomial_weights(counts: np.ndarray, weights: tuple[int, ...]) -> np.ndarray:
    """m!/(∏ n_c!) ∏ w_c^{n_c} for each count vector (row of ``counts``), as Python integers:
    W^m times its multinomial probability."""
    m = int(counts[0].sum())
    factorial = [math.factorial(k) for k in range(m + 1)]
    # ∏_c (w_c^{n_c} m!/n_c!) = m!^(C'−1) · m!/(∏ n_c!) ∏ w_c^{n_c}: integer lookups per cell
    tables = [np.array([w**k * (factorial[m] // factorial[k]) for k in range(m + 1)],
                       dtype=object) for w in weights]
    product = tables[0][counts[:, 0]]
    for c in range(1, len(weights)):
        product = product * tables[c][counts[:, c]]
    return product // factorial[m] ** (len(weights) - 1)


@dataclass(frozen=True)
class DeviationSample:
    """Sup deviations of ``trials`` i.i.d. samples: integer numerators over one denominator."""

    numerators: np.ndarray
    denominator: int

    @property
    def trials(self) -> int:
        return int(self.numerators.shape[0])

    def hits(self, eps: object) -> int:
        """How many samples have sup deviation ≥ ε (decided in integers)."""
        level = as_fraction(eps)
        threshold = level.numerator * self.denominator
        peak = int(self.numerators.max(initial=0)) * level.denominator
        values = self.numerators if max(peak, threshold) < _INT64_SAFE \
            else self.numerators.astype(object)
        return int((values * level.denominator >= threshold).sum())


def sample_deviations(dist: FiniteDistribution, losses: LossMatrix, m: int, seed: int,
                      trials: int) -> DeviationSample:
    """sup_k |R(f_k) − R̂_s(f_k)| for ``trials`` exact i.i.d. samples of size m drawn from
    ``seed`` (integer sampling: no probability is rounded)."""
    weights, total = dist.integer_weights()
    indices = dist.sample_indices((trials, m), np.random.default_rng(seed))
    cells = len(dist.cells)
    rows = np.arange(trials)[:, None] * cells + indices
    counts = np.bincount(rows.ravel(), minlength=trials * cells).reshape(trials, cells)
    gaps = integer_sup_gaps(losses.numerators, tuple(int(w) for w in weights), int(total), m,
                         counts)
    return DeviationSample(gaps, m * int(total) * losses.denominator)


def bit_class(bits: int) -> tuple[FiniteDistribution, np.ndarray]:
    """X uniform on {0, …, 2^bits − 1}, Y ≡ 0, and the ``bits`` tables f_k(x) = k-th bit of x:
    under the 0-1 or absolute loss their empirical risks are independent fair coins, so the law
    of the sup deviation is known in closed form (a product of binomial tails)."""
    if not 1 <= bits <= 12:
        raise ValueError(f"need 1 ≤ bits ≤ 12, got {bits}")
    dist = FiniteDistribution.uniform([(x, 0) for x in range(2**bits)])
    tables = (np.arange(2**bits)[None, :] >> np.arange(bits)[:, None]) & 1
    return dist, tables.astype(np.int64)
