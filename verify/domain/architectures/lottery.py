"""The strong lottery ticket's building block (survey §6.5; Pensia et al., NeurIPS 2020;
Malach et al., ICML 2020): a random one-hidden-layer ReLU network g(x) = Σ v_i σ(u_i x) on a
dyadic grid, exact subset-sum coverage of every target weight |w| ≤ 1 by its prunings, and the
exact sup error of the network pruned for one target.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from verify.domain.architectures.subset_sum import best_subset, covers, uniform_dyadic

__all__ = ["LOTTERY_BITS", "binary_net", "covers_all", "pruned_error", "random_net",
           "width_needed"]

F = Fraction
LOTTERY_BITS = 20
"""Weights u_i, v_i are multiples of 2^(−LOTTERY_BITS) in [−1, 1]."""


def random_net(seed: int | Sequence[int], width: int) -> tuple[np.ndarray, np.ndarray]:
    """(u, v) of g(x) = Σ v_i σ(u_i x): ``width`` integers each, uniform on the dyadic grid
    (the weights are the integers times 2^(−LOTTERY_BITS)). Neuron i is drawn as the pair
    (u_i, v_i), so a narrower net from the same seed is a prefix of a wider one."""
    pairs = uniform_dyadic(np.random.default_rng(seed), (width, 2), LOTTERY_BITS)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


def binary_net(k: int, finer: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """An explicit net whose products u_i v_i are −1, 1/2, 1/4, ..., 2^(−k) on the side u < 0
    and −1, 1/2, ..., 2^(−k−finer) on the side u > 0 (u = ±1; neurons alternate sides, the
    finer side's extra neurons last): a side's subset sums are the multiples of its smallest
    product p in [−1, 1 − p], so its coverage radius of [−1, 1] is p."""
    one = 1 << LOTTERY_BITS

    def products(depth: int) -> list[int]:
        return [-one] + [one >> j for j in range(1, depth + 1)]

    pairs = [(sign, p) for p_pos, p_neg in zip(products(k), products(k), strict=True)
             for sign, p in ((1, p_pos), (-1, p_neg))]
    pairs += [(1, p) for p in products(k + finer)[k + 1:]]
    u = np.array([sign * one for sign, _ in pairs], dtype=np.int64)
    v = np.array([sign * p for sign, p in pairs], dtype=np.int64)
    return u, v


def covers_all(u: np.ndarray, v: np.ndarray, e: Fraction) -> bool:
    """Some pruning of g(x) = Σ v_i σ(u_i x) is within ε of w x on [−1, 1], for every |w| ≤ 1:
    g_S(x) = x Σ_{S, u>0} u_i v_i for x ≥ 0 and x Σ_{S, u<0} u_i v_i for x < 0."""
    scale = 1 << (2 * LOTTERY_BITS)
    products = [int(a) * int(b) for a, b in zip(u, v, strict=True)]
    r = math.floor(e * scale)
    return all(covers([p for p, a in zip(products, u, strict=True) if sign * a > 0], r,
                      -scale, scale) for sign in (1, -1))


def width_needed(u: np.ndarray, v: np.ndarray, e: Fraction) -> int:
    """The smallest prefix width whose prunings ε-approximate every |w| ≤ 1 (bisection:
    coverage only grows with the width); len(u) + 1 when even the whole net does not."""
    lo, hi = 0, len(u) + 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if covers_all(u[:mid], v[:mid], e) else (mid, hi)
    return hi


def pruned_error(u: np.ndarray, v: np.ndarray, w: Fraction) -> Fraction:
    """Prune by subset sums over every neuron of each sign of u (exact meet in the middle),
    then evaluate the pruned network exactly at x = ±1 (it is linear on each side of 0 and
    vanishes at 0): its sup error against w x on [−1, 1]."""
    scale = F(1, 1 << LOTTERY_BITS)
    us, vs = [F(int(a)) * scale for a in u], [F(int(b)) * scale for b in v]
    kept: list[int] = []
    for sign in (1, -1):
        idx = [i for i, a in enumerate(us) if sign * a > 0]
        chosen, _ = best_subset([us[i] * vs[i] for i in idx], w)
        kept += [idx[j] for j in chosen]

    def g(x: Fraction) -> Fraction:
        return sum((vs[i] * max(us[i] * x, F(0)) for i in kept), F(0))
    return max(abs(w * x - g(x)) for x in (F(-1), F(1)))
