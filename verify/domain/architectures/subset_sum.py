"""Exact subset-sum coverage of an interval (Lueker 1998; Pensia et al. 2020, Lemma 1).

Samples are dyadic rationals k/2^bits held as Python or numpy integers ``k``. Every routine is
exact (integer arithmetic, no rounding):

- ``subset_sums``: all 2^n sums, sorted, as the sums of two halves (meet in the middle);
- ``coverage_radius_numerator`` / ``coverage_radius`` / ``coverage_radii``: the coverage radius
  ``max_{z in [lo, hi]} min_S |z − Σ_{i∈S} x_i|`` read off the sorted sums (it is attained at lo,
  at hi, or at the midpoint of two consecutive sums);
- ``coverage_failures``: whether the radius exceeds r, for a batch of trials, without sorting
  the 2^n sums: buckets of width 2r and the two sorted halves (below);
- ``best_subset``: the subset whose sum is nearest a target (sorted half sums and a binary
  search), the strong-lottery-ticket helper;
- ``covers``: the same decision as ``coverage_failures`` by merged intervals, for many terms;
- ``failure_probability``: the exact failure probability of a finite uniform law, by
  enumerating multisets (a reference for the Monte Carlo frequency).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

MAX_TERMS = 24
"""Sorting limit of ``subset_sums``: 2^24 sums (128 MiB of int64)."""

MAX_HALF = 20
"""``best_subset`` and ``coverage_failures`` enumerate two halves of at most 2^20 sums each."""

DEFAULT_BITS = 52
"""Dyadic precision of uniform samples: the float64 grid of numpy's uniform generator."""

MAX_BUCKETS = 1024
"""``coverage_failures`` cuts [lo, hi] into at most this many buckets (else it sorts)."""

_FAR = 1 << 62
"""A sentinel beyond every sum (sums are checked to stay below 2^61)."""


def uniform_dyadic(rng: np.random.Generator, shape: int | tuple[int, ...],
                   bits: int = DEFAULT_BITS) -> np.ndarray:
    """Numerators k of samples k/2^bits, uniform on the grid of [−1, 1] (a dyadic discretization
    of Uniform[−1, 1] at spacing 2^−bits)."""
    scale = 1 << bits
    return rng.integers(-scale, scale, size=shape, endpoint=True, dtype=np.int64)


def _check_range(x: np.ndarray) -> None:
    n = x.shape[-1]
    if n and int(np.abs(x).max()) * (n + 4) >= 2**61:
        raise ValueError("subset sums would overflow int64; use fewer bits")


def half_sums(numerators: np.ndarray) -> np.ndarray:
    """All 2^k subset sums of the last axis (k terms), unsorted: entry j is the sum over the
    set bits of j (bit i ↔ term i); leading axes are batched."""
    x = np.asarray(numerators, dtype=np.int64)
    sums = np.zeros(x.shape[:-1] + (1 << x.shape[-1],), dtype=np.int64)
    width = 1
    for i in range(x.shape[-1]):
        sums[..., width:2 * width] = sums[..., :width] + x[..., i:i + 1]
        width *= 2
    return sums


def subset_sums(numerators: Sequence[int] | np.ndarray) -> np.ndarray:
    """All 2^n subset sums of the integers (last axis), sorted; leading axes are batched.

    The sums of the first and second half of the terms are added pairwise (each row of the
    sum table is a sorted run) and sorted once.
    """
    x = np.asarray(numerators, dtype=np.int64)
    n = x.shape[-1]
    if n > MAX_TERMS:
        raise ValueError(f"{n} terms: at most {MAX_TERMS} (2^n sums are enumerated)")
    _check_range(x)
    first = half_sums(x[..., :n // 2])
    second = np.sort(half_sums(x[..., n // 2:]), axis=-1)
    table = first[..., :, None] + second[..., None, :]
    return np.sort(table.reshape(x.shape[:-1] + (-1,)), axis=-1, kind="stable")


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


def coverage_failures(numerators: np.ndarray, radius: int, lo: int, hi: int) -> np.ndarray:
    """For each row of integer samples: True when some z in [lo, hi] is farther than
    ``radius`` (> 0) from every subset sum, exactly, without sorting the 2^n sums.

    Cut the line at lo − W + kW (W = 2·radius) and at hi into buckets of width at most W. Two
    points of one bucket are closer than W, so every gap wider than W lies between consecutive
    nonempty buckets and equals (min of the next) − (max of the last): the radius exceeds
    ``radius`` iff such a gap has its midpoint in [lo, hi], or lo or hi is farther than
    ``radius`` from every sum. With the sums split into halves A + B (B sorted), the points of
    a + B in a bucket are a run of B found by binary search, so each bucket's min and max cost
    |A| searches instead of a sort of |A|·|B| sums. Rows are searched in chunks as one flat
    array (each row shifted into its own range; fewer bits allow larger chunks).
    """
    x = np.atleast_2d(np.asarray(numerators, dtype=np.int64))
    n = x.shape[-1]
    if radius <= 0:
        raise ValueError("radius must be positive")
    if n > MAX_TERMS:
        raise ValueError(f"{n} terms: at most {MAX_TERMS}")
    _check_range(x)
    width = 2 * radius
    if (hi - lo) // width > MAX_BUCKETS:  # a tiny radius: sorting the sums is cheaper
        return coverage_radius_numerator(subset_sums(x), lo, hi) > width
    cuts = sorted(set(range(lo - width, hi + width + 1, width)) | {lo, hi, hi + width})
    cuts_arr = np.array(cuts, dtype=np.int64)
    k_lo, k_hi = cuts.index(lo), cuts.index(hi)
    span = int(np.abs(x).sum(axis=-1).max()) + abs(lo) + abs(hi) + 4 * width + 1
    searches = (1 << _split(n, len(cuts))) * len(cuts)
    chunk = max(1, min(2**62 // (2 * span) - 1, 2**16 // searches + 1))
    out = np.empty(x.shape[0], dtype=bool)
    for start in range(0, x.shape[0], chunk):
        out[start:start + chunk] = _bucket_failures(x[start:start + chunk], cuts_arr, radius,
                                                    lo, hi, k_lo, k_hi, 2 * span)
    return out


def _split(n: int, cuts: int) -> int:
    """How many terms go into the searched half A: |A|·cuts binary searches against a sort of
    |B| sums balance near |A| ≈ sqrt(2^n / cuts)."""
    return max(0, min(n // 2, round((n - math.log2(cuts)) / 2)))


def _bucket_failures(x: np.ndarray, cuts: np.ndarray, radius: int, lo: int, hi: int,
                     k_lo: int, k_hi: int, offset: int) -> np.ndarray:
    width = 2 * radius
    rows, n = x.shape
    split = _split(n, len(cuts))
    first = half_sums(x[:, :split])                        # rows × |A|
    second = np.sort(half_sums(x[:, split:]), axis=-1)     # rows × |B|
    size_b = second.shape[1]
    shift = np.arange(rows, dtype=np.int64)[:, None] * offset
    flat = (second + shift).ravel()
    values = np.append(second.ravel(), 0)
    queries = cuts[None, None, :] + (shift - first)[:, :, None]
    cut_at = np.searchsorted(flat, queries)                # rows × |A| × cuts, global positions
    # buckets (−inf, c_0), [c_0, c_1), ..., [c_(L−1), inf): runs of B between these positions
    row_start = np.broadcast_to((np.arange(rows) * size_b)[:, None, None], cut_at.shape[:2] + (1,))
    bounds = np.concatenate([row_start, cut_at, row_start + size_b], axis=2)
    start, stop = bounds[..., :-1], bounds[..., 1:]
    nonempty = stop > start
    low = np.where(nonempty, values[start] + first[:, :, None], _FAR).min(axis=1)
    high = np.where(nonempty, values[stop - 1] + first[:, :, None], -_FAR).max(axis=1)
    before = np.maximum.accumulate(high, axis=1)          # largest sum in buckets ≤ k
    after = np.minimum.accumulate(low[:, ::-1], axis=1)[:, ::-1]  # smallest sum in buckets ≥ k
    previous = np.concatenate([np.full((rows, 1), -_FAR), before[:, :-1]], axis=1)
    mid2 = low + previous
    wide = (low < _FAR) & (low - previous > width) & (mid2 >= 2 * lo) & (mid2 <= 2 * hi)
    failed = wide.any(axis=1)
    # bucket k + 1 starts at cut k: sums < cut k lie in buckets ≤ k, sums ≥ cut k in ≥ k + 1
    for cut, k in ((lo, k_lo), (hi, k_hi)):
        failed |= np.minimum(cut - before[:, k], after[:, k + 1] - cut) > radius
    return failed


def counting_radius_bound(n: int, lo: Fraction | int = -1, hi: Fraction | int = 1) -> Fraction:
    """The deterministic lower bound on the coverage radius of n samples: 2^n sums with
    r-neighbourhoods cover length ≤ 2^n·2r, so r ≥ (hi − lo)/2^(n+1)."""
    return Fraction(Fraction(hi) - Fraction(lo), 2 ** (n + 1))


def best_subset(samples: Sequence[Fraction | int], target: Fraction | int
                ) -> tuple[tuple[int, ...], Fraction]:
    """The pruning mask (indices kept) whose subset sum is nearest ``target``, and its error.

    Exact meet in the middle: the sums of the first half (2^⌊n/2⌋, each with its mask) and the
    sorted sums of the second half; for each first-half sum a, the second-half sums nearest
    target − a are the two neighbours of its binary-search position.
    """
    values = [Fraction(v) for v in samples] + [Fraction(target)]
    denominator = math.lcm(*(v.denominator for v in values))
    ints = np.array([int(v * denominator) for v in values[:-1]], dtype=np.int64)
    n = len(ints)
    if n // 2 > MAX_HALF or n - n // 2 > MAX_HALF:
        raise ValueError(f"{n} terms: at most {2 * MAX_HALF}")
    goal = int(values[-1] * denominator)
    if n and (int(np.abs(ints).max()) * n + abs(goal)) >= 2**62:
        raise ValueError("subset sums would overflow int64")
    h = n // 2
    first = half_sums(ints[:h])
    second = half_sums(ints[h:])
    order = np.argsort(second, kind="stable")
    ranked = second[order]
    want = goal - first
    pos = np.searchsorted(ranked, want)
    candidates = np.stack([np.clip(pos - 1, 0, len(ranked) - 1),
                           np.clip(pos, 0, len(ranked) - 1)])
    errors = np.abs(ranked[candidates] - want[None, :])
    side, a = np.unravel_index(int(np.argmin(errors)), errors.shape)
    j = int(a) | int(order[candidates[side, a]]) << h  # the mask: first half, then second
    kept = tuple(i for i in range(n) if j >> i & 1)
    return kept, Fraction(int(errors[side, a]), denominator)


def covers(numerators: Sequence[int], radius: int, lo: int, hi: int) -> bool:
    """True when every z in [lo, hi] is within ``radius`` of a subset sum (integers, exact).

    For many terms: the union of the r-neighbourhoods of the partial sums is kept as merged
    intervals, and a partial sum that the remaining terms cannot bring back near [lo, hi] is
    dropped, so the work is O(n · intervals) rather than 2^n.
    """
    terms = [int(v) for v in numerators]
    rest_pos, rest_neg = [0] * (len(terms) + 1), [0] * (len(terms) + 1)
    for i in range(len(terms) - 1, -1, -1):  # what the terms from i on can still add
        rest_pos[i] = rest_pos[i + 1] + max(terms[i], 0)
        rest_neg[i] = rest_neg[i + 1] + min(terms[i], 0)
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


def failure_probability(values: Sequence[int], n: int, radius: int, lo: int, hi: int
                        ) -> Fraction:
    """P(the coverage radius of [lo, hi] by subset sums exceeds ``radius``) for n i.i.d. draws
    uniform on the integers ``values``, exactly.

    A reference written independently of the routines above: it enumerates the multisets of
    n values (each weighted by its multinomial count), lists every subset sum in Python and
    scans the sorted sums for a gap wider than 2·radius with its midpoint in [lo, hi], and
    for lo and hi farther than ``radius`` from every sum.
    """
    grid = sorted(set(int(v) for v in values))
    failed = 0
    for draw in itertools.combinations_with_replacement(grid, n):
        sums = {0}
        for v in draw:
            sums |= {s + v for s in sums}
        ordered = sorted(sums)
        bad = any(b - a > 2 * radius and 2 * lo <= a + b <= 2 * hi
                  for a, b in itertools.pairwise(ordered))
        bad = bad or any(min(abs(z - s) for s in ordered) > radius for z in (lo, hi))
        if bad:
            weight = math.factorial(n)
            for v in set(draw):
                weight //= math.factorial(draw.count(v))
            failed += weight
    return Fraction(failed, len(grid) ** n)
