"""Sign sequences of ReLU networks with one input: an exact upper count from the piece count, and a
construction that realizes every sequence with at most n sign changes with n hidden neurons.

On m sorted points x_1 < … < x_m a labeling is a ±-sequence; its sign changes are the indices j
with label_j ≠ label_{j+1}. A continuous piecewise-affine f with p affine pieces has at most p
sign changes on any points (a change needs a boundary point of {f > 0} between the two points,
and each piece that is not identically 0 contains at most one such boundary point on its closed
side where f > 0), so the growth function of a class of such functions is at most
2 Σ_{i ≤ p} binom(m − 1, i). A network with one input and hidden widths n_1, …, n_{L−1} has at
most ∏ (n_ℓ + 1) pieces (each neuron of layer ℓ adds at most one kink per piece of its input).
This is the mechanism behind the VC-dimension bounds of Bartlett, Harvey, Liaw, Mehrabian (2019)
(counting regions of the input space where the network is affine), specialised to one input.

Lower side: with n neurons oriented to the right, f(x) = v_1 + Σ_j c_j ρ(x − x_{a_j}) is constant
left of its first kink and may cross zero once on each of its n other pieces: every labeling with
at most n sign changes is realized (kinks at the last point of each run, values growing
geometrically so that each zero falls before the next point). For n ≤ 2 no more are: a ReLU
network (1, n, 1) has slopes a_0 + Σ_{j∈S} γ_j = 0 for the set S of left-oriented neurons, which
forbids n + 1 nonconstant pieces of alternating slopes when n ≤ 2 (n = 1: f is monotone). So
for one hidden layer of width n ≤ 2 the growth function on m points of R is exactly
2 Σ_{i ≤ n} binom(m − 1, i).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from fractions import Fraction
from itertools import combinations, pairwise

import numpy as np

from verify.arith.convert import as_fraction
from verify.domain.networks.exact import ExactNetwork

__all__ = [
    "labelings_with_changes", "piece_bound_1d", "sign_change_count", "sign_change_network",
    "sign_sequence_count",
]


def sign_change_count(labels: Sequence[bool]) -> int:
    """How many adjacent pairs of the sequence differ."""
    return sum(a != b for a, b in pairwise(labels))


def sign_sequence_count(m: int, changes: int) -> int:
    """2 Σ_{i ≤ min(k, m − 1)} binom(m − 1, i): the ±-sequences of length m with at most k sign
    changes (1 for m = 0)."""
    if m == 0:
        return 1
    return 2 * sum(math.comb(m - 1, i) for i in range(min(max(changes, 0), m - 1) + 1))


def piece_bound_1d(arch: Sequence[int]) -> int:
    """∏_ℓ (n_ℓ + 1) over the hidden widths: affine pieces of a ReLU network with one input."""
    if arch[0] != 1:
        raise ValueError(f"the piece bound is for one input, got architecture {tuple(arch)}")
    return math.prod(n + 1 for n in arch[1:-1])


def labelings_with_changes(m: int, changes: int, limit: int, seed: int
                           ) -> Iterator[tuple[bool, ...]]:
    """Every labeling of m sorted points with at most ``changes`` sign changes when there are at
    most ``limit``; otherwise ``limit`` random ones (change positions drawn from ``seed``)."""
    if sign_sequence_count(m, changes) <= limit:
        for k in range(min(changes, m - 1) + 1):
            for cut in combinations(range(1, m), k):
                for first in (True, False):
                    yield _labels(m, cut, first)
        return
    rng = np.random.default_rng(seed)
    for _ in range(limit):
        k = int(rng.integers(0, min(changes, m - 1) + 1))
        cut = tuple(sorted(rng.choice(np.arange(1, m), size=k, replace=False).tolist()))
        yield _labels(m, cut, bool(rng.integers(0, 2)))


def _labels(m: int, cut: Sequence[int], first: bool) -> tuple[bool, ...]:
    out, value, cuts = [], first, set(cut)
    for j in range(m):
        if j in cuts:
            value = not value
        out.append(value)
    return tuple(out)


def sign_change_network(xs: Sequence[object], labels: Sequence[bool], width: int
                        ) -> ExactNetwork | None:
    """A network (1, width, 1) with f(x_j) > 0 exactly where labels_j holds (else < 0), for
    distinct reals x_j and a labeling with at most ``width`` sign changes along them; None when
    it has more. Exact rationals: kinks at the last point before each change, f = ±1 there with
    the magnitude grown so that the zero of each piece falls before the next point."""
    points = [as_fraction(x) for x in xs]
    if len(labels) != len(points) or len(set(points)) != len(points):
        raise ValueError("need one label per point and distinct points")
    order = sorted(range(len(points)), key=points.__getitem__)
    ts = [points[i] for i in order]
    ls = [bool(labels[i]) for i in order]
    kinks = [j for j in range(len(ts) - 1) if ls[j] != ls[j + 1]]
    if len(kinks) > width:
        return None
    if not kinks:
        constant = Fraction(1 if ls[0] else -1)
        return _network([], [], constant, width)
    # values at the kinks: sign of the run they end, |v_{j+1}| large enough that the piece from
    # (t_j, v_j) to (t_{j+1}, v_{j+1}) crosses zero before the point after t_j
    values: list[Fraction] = []
    magnitude = Fraction(1)
    for index, j in enumerate(kinks):
        if index:
            prev = kinks[index - 1]
            span = ts[j] - ts[prev]
            step = ts[prev + 1] - ts[prev]
            magnitude = abs(values[-1]) * 2 * span / step
        values.append(magnitude if ls[j] else -magnitude)
    last = kinks[-1]
    after = -2 * values[-1]  # past the last change: the opposite sign at the next point
    slopes = [(b - a) / (ts[k1] - ts[k0]) for (k0, a), (k1, b) in
              pairwise(zip(kinks, values, strict=True))]
    slopes.append((after - values[-1]) / (ts[last + 1] - ts[last]))
    coefficients = [slopes[0]] + [b - a for a, b in pairwise(slopes)]
    return _network([ts[j] for j in kinks], coefficients, values[0], width)


def _network(kinks: Sequence[Fraction], coefficients: Sequence[Fraction], bias: Fraction,
             width: int) -> ExactNetwork:
    """f(x) = bias + Σ_j c_j ρ(x − kink_j), padded with zero neurons to ``width``."""
    extra = width - len(kinks)
    weights = [[Fraction(1)] for _ in kinks] + [[Fraction(0)] for _ in range(extra)]
    biases = [-k for k in kinks] + [Fraction(0)] * extra
    out = [list(coefficients) + [Fraction(0)] * extra]
    return ExactNetwork.from_lists([(weights, biases), (out, [bias])])
