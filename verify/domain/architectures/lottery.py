"""The strong lottery ticket's building block (survey §6.5; Pensia et al., NeurIPS 2020;
Malach et al., ICML 2020): a random one-hidden-layer ReLU network g(x) = Σ v_i σ(u_i x) on a
dyadic grid, exact subset-sum coverage of every target weight |w| ≤ 1 by its prunings, and the
exact sup error of the network pruned for one target.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from verify.domain.architectures.subset_sum import best_subset, covers, uniform_dyadic

__all__ = ["LOTTERY_BITS", "covers_all", "pruned_error", "random_net"]

F = Fraction
LOTTERY_BITS = 20
"""Weights u_i, v_i are multiples of 2^(−LOTTERY_BITS) in [−1, 1]."""


def random_net(seed: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(u, v) of g(x) = Σ v_i σ(u_i x): ``width`` integers each, uniform on the dyadic grid
    (the weights are the integers times 2^(−LOTTERY_BITS))."""
    rng = np.random.default_rng(seed)
    return (uniform_dyadic(rng, width, LOTTERY_BITS), uniform_dyadic(rng, width, LOTTERY_BITS))


def covers_all(u: np.ndarray, v: np.ndarray, e: Fraction) -> bool:
    """Some pruning of g(x) = Σ v_i σ(u_i x) is within ε of w x on [−1, 1], for every |w| ≤ 1:
    g_S(x) = x Σ_{S, u>0} u_i v_i for x ≥ 0 and x Σ_{S, u<0} u_i v_i for x < 0."""
    scale = 1 << (2 * LOTTERY_BITS)
    products = [int(a) * int(b) for a, b in zip(u, v, strict=True)]
    r = math.floor(e * scale)
    return all(covers([p for p, a in zip(products, u, strict=True) if sign * a > 0], r,
                      -scale, scale) for sign in (1, -1))


def pruned_error(u: np.ndarray, v: np.ndarray, w: Fraction) -> Fraction:
    """Prune by subset sums (per sign of u, at most 24 neurons each), then evaluate the pruned
    network exactly at x = ±1 (it is linear on each side of 0 and vanishes at 0)."""
    scale = F(1, 1 << LOTTERY_BITS)
    us, vs = [F(int(a)) * scale for a in u], [F(int(b)) * scale for b in v]
    kept: list[int] = []
    for sign in (1, -1):
        idx = [i for i, a in enumerate(us) if sign * a > 0][:24]
        chosen, _ = best_subset([us[i] * vs[i] for i in idx], w)
        kept += [idx[j] for j in chosen]

    def g(x: Fraction) -> Fraction:
        return sum((vs[i] * max(us[i] * x, F(0)) for i in kept), F(0))
    return max(abs(w * x - g(x)) for x in (F(-1), F(1)))
