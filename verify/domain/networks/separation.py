"""Depth separation constructions (survey §3.1–3.2): shallow competitors g of Telgarsky's
sawtooth f^K (Telgarsky 2016, Thm 1.1), and the radial network ψ(Σ_i f_m(x_i)) of the
constructive half of Eldan & Shamir (2016), Thm 1, built from Yarotsky's squares (Yarotsky 2017,
Prop. 2).
"""

from __future__ import annotations

import math
from fractions import Fraction

from verify.domain.networks.constructions import triangle_power, yarotsky_square_chains
from verify.domain.networks.exact import ExactNetwork, PiecewiseAffine, realize_1d

__all__ = ["radial_network", "shallow_g"]

F = Fraction


def shallow_g(kind: str, nodes: list[Fraction], values: list[Fraction], K: int
              ) -> PiecewiseAffine:
    """A competitor g on [0, 1]: a random interpolant, or the least-squares fit of f^K on the
    given nodes (a one-hidden-layer ReLU network in disguise)."""
    if kind == "random":
        return PiecewiseAffine.interpolant(nodes, values)
    import numpy as np

    target = realize_1d(triangle_power(K), F(0), F(1))
    grid = np.linspace(0.0, 1.0, 2049)
    fx = np.array([float(target(F(x))) for x in grid])
    xs = np.array([float(v) for v in nodes])
    basis = np.stack([np.interp(grid, xs, np.eye(len(xs))[i]) for i in range(len(xs))], axis=1)
    coef, *_ = np.linalg.lstsq(basis, fx, rcond=None)
    return PiecewiseAffine.interpolant(nodes, [F(float(c)) for c in coef])


def radial_network(dim: int, m_: int, q: int) -> ExactNetwork:
    """Φ(x) = ψ(Σ_i f_m(x_i)) on [0, 1]^d: Yarotsky squares of each coordinate summed, then ψ,
    the interpolant of cos at the nodes j·2^(−q) on [0, d], as one ReLU layer whose output weights
    are the float64 values of the slopes (exact dyadic rationals)."""
    h_ = F(1, 2**q)
    nodes = [j * h_ for j in range(dim * 2**q + 1)]
    values = [F(math.cos(float(t))) for t in nodes]  # rounded cos: part of the network
    sums = yarotsky_square_chains([[F(int(i == j)) for j in range(dim)] for i in range(dim)],
                                  m_, [F(1)] * dim)
    *body, (w_out, b_out) = sums.layers
    slopes = [(values[j + 1] - values[j]) / h_ for j in range(len(nodes) - 1)]
    coef = [slopes[0]] + [slopes[j] - slopes[j - 1] for j in range(1, len(slopes))]
    psi_w = [list(w_out[0]) for _ in nodes[:-1]]
    psi_b = [b_out[0] - t for t in nodes[:-1]]
    layers = [*body, (psi_w, psi_b), ([coef], [values[0]])]
    return ExactNetwork.from_lists(layers)
