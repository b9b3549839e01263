"""Exact subset-sum coverage of an interval (Lueker 1998; Pensia et al. 2020, Lemma 1).

Samples are dyadic rationals k/2^bits held as Python or numpy integers ``k``: all 2^n subset sums
are enumerated as int64 numerators, sorted, and the coverage radius
``max_{z in [lo, hi]} min_S |z − Σ_{i∈S} x_i|`` is read off exactly from the largest gap
(it is attained at lo, at hi, or at the midpoint of two consecutive sums). ``best_subset``
returns the pruning mask whose sum is nearest a target (the strong-lottery-ticket helper).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

MAX_TERMS = 24
"""Enumeration limit: 2^24 sums (128 MiB of int64)."""

DEFAULT_BITS = 52
"""Dyadic precision of uniform samples: the float64 grid of numpy's uniform generator."""


def uniform_dyadic(rng: np.random.Generator, shape: int | tuple[int, ...],
                   bits: int = DEFAULT_BITS) -> np.ndarray:
    """Numerators k of samples k/2^bits, uniform on the grid of [−1, 1] (a dyadic discretization
    of Uniform[−1, 1] at spacing 2^−bits)."""
    scale = 1 << bits
    return rng.integers(-scale, scale, size=shape, endpoint=True, dtype=np.int64)


def subset_sums(numerators: Sequence[int] | np.ndarray) -> np.ndarray:
    """All 2^n subset sums of the integers (last axis), sorted; leading axes are batched.

    Each term doubles the sorted list and merges the two sorted runs; the int64 range is
    checked so that no sum overflows.
    """
    x = np.asarray(numerators, dtype=np.int64)
    n = x.shape[-1]
    if n > MAX_TERMS:
        raise ValueError(f"{n} terms: at most {MAX_TERMS} (2^n sums are enumerated)")
    if n and int(np.abs(x).max()) * n >= 2**62:
        raise ValueError("subset sums would overflow int64; use fewer bits")
    sums = np.zeros(x.shape[:-1] + (1,), dtype=np.int64)
    for i in range(n):
        merged = np.concatenate([sums, sums + x[..., i:i + 1]], axis=-1)
        sums = np.sort(merged, axis=-1, kind="stable")  # two sorted runs: a linear merge
    return sums


def coverage_radius_numerator(sorted_sums: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """2·max_{z∈[lo, hi]} dist(z, sums) for sorted integer sums (batched over leading axes).

    Twice the radius keeps the answer an integer: the maximum of the distance is attained at
    lo, at hi, or at the midpoint of consecutive sums lying in [lo, hi].
    """
    s = np.asarray(sorted_sums, dtype=np.int64)

    def dist2(z: int) -> np.ndarray:
        return 2 * np.abs(s - z).min(axis=-1)

    best = np.maximum(dist2(lo), dist2(hi))
    if s.shape[-1] > 1:
        gaps = np.diff(s, axis=-1)
        mids2 = s[..., 1:] + s[..., :-1]  # twice the midpoints
        inside = (mids2 >= 2 * lo) & (mids2 <= 2 * hi)
        best = np.maximum(best, np.where(inside, gaps, 0).max(axis=-1))
    return best


def coverage_radius(samples: Sequence[Fraction | int], lo: Fraction | int = -1,
                    hi: Fraction | int = 1) -> Fraction:
    """max_{z∈[lo, hi]} min_S |z − Σ_{i∈S} x_i| for rational samples, exactly."""
    values = [Fraction(v) for v in samples] + [Fraction(lo), Fraction(hi)]
    denominator = math.lcm(*(v.denominator for v in values))
    ints = [int(v * denominator) for v in values[:-2]]
    radius2 = coverage_radius_numerator(subset_sums(ints), int(values[-2] * denominator),
                                        int(values[-1] * denominator))
    return Fraction(int(radius2), 2 * denominator)


def coverage_radii(numerators: np.ndarray, bits: int) -> list[Fraction]:
    """Exact coverage radii of [−1, 1] for a batch of dyadic samples (rows: k/2^bits)."""
    scale = 1 << bits
    radius2 = coverage_radius_numerator(subset_sums(numerators), -scale, scale)
    return [Fraction(int(r), 2 * scale) for r in np.atleast_1d(radius2)]


def counting_radius_bound(n: int, lo: Fraction | int = -1, hi: Fraction | int = 1) -> Fraction:
    """The deterministic lower bound on the coverage radius of n samples: 2^n sums with
    r-neighbourhoods cover length ≤ 2^n·2r, so r ≥ (hi − lo)/2^(n+1)."""
    return Fraction(Fraction(hi) - Fraction(lo), 2 ** (n + 1))


def best_subset(samples: Sequence[Fraction | int], target: Fraction | int
                ) -> tuple[tuple[int, ...], Fraction]:
    """The pruning mask (indices kept) whose subset sum is nearest ``target``, and its error."""
    values = [Fraction(v) for v in samples] + [Fraction(target)]
    denominator = math.lcm(*(v.denominator for v in values))
    ints = np.array([int(v * denominator) for v in values[:-1]], dtype=np.int64)
    n = len(ints)
    if n > MAX_TERMS:
        raise ValueError(f"{n} terms: at most {MAX_TERMS}")
    sums = np.zeros(1, dtype=np.int64)
    for i in range(n):  # entry j is the sum over the set bits of j
        sums = np.concatenate([sums, sums + ints[i]])
    goal = int(values[-1] * denominator)
    j = int(np.argmin(np.abs(sums - goal)))
    kept = tuple(i for i in range(n) if j >> i & 1)
    return kept, Fraction(abs(int(sums[j]) - goal), denominator)


def covers(numerators: Sequence[int], radius: int, lo: int, hi: int) -> bool:
    """True when every z in [lo, hi] is within ``radius`` of a subset sum (integers, exact).

    For many terms: the union of the r-neighbourhoods of the partial sums is kept as merged
    intervals, and a partial sum that the remaining terms cannot bring back near [lo, hi] is
    dropped, so the work is O(n · intervals) rather than 2^n.
    """
    terms = [int(v) for v in numerators]
    rest_pos = [sum(max(t, 0) for t in terms[i:]) for i in range(len(terms) + 1)]
    rest_neg = [sum(min(t, 0) for t in terms[i:]) for i in range(len(terms) + 1)]
    intervals = [(-radius, radius)]
    for i, t in enumerate(terms):
        low, high = lo - rest_pos[i + 1], hi - rest_neg[i + 1]
        candidates = sorted(intervals + [(a + t, b + t) for a, b in intervals])
        merged: list[tuple[int, int]] = []
        for a, b in candidates:
            if b < low or a > high:
                continue
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        intervals = merged
    return any(a <= lo and hi <= b for a, b in intervals)
