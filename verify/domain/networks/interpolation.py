"""Exact interpolation of data by one-hidden-layer ReLU networks, and what 1-D data forces.

The construction (folklore; e.g. Zhang, Bengio, Hardt, Recht, Vinyals, ICLR 2017, Thm 1, and
the survey §1.3): project the m distinct points on a direction w with distinct t_i = wᵀx_i,
sort them, and set f(x) = y_(1) + Σ_{j<m} c_j ρ(wᵀx − t_(j)) with c_1 = s_1 and
c_j = s_j − s_{j−1}, s_j the slope of the data between the j-th and (j+1)-th projected points.
On the data f is the piecewise-linear interpolant of (t_(j), y_(j)), so it interpolates exactly
with m − 1 hidden neurons and an output bias. Everything here is exact rational arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations, pairwise
from typing import Any

from verify.arith.convert import as_fraction
from verify.arith.types import RationalVector
from verify.domain.networks.exact import ExactNetwork

__all__ = [
    "all_distinct", "deepen", "distinct_direction", "forced_pieces", "hidden_neurons",
    "interpolating_network", "max_interpolation_error", "sign_network",
]


def _points(points: Sequence[Sequence[object]]) -> list[RationalVector]:
    out = [tuple(as_fraction(v) for v in p) for p in points]
    if not out or len({len(p) for p in out}) != 1 or not out[0]:
        raise ValueError("need at least one point, all of the same positive dimension")
    return out


def distinct_direction(points: Sequence[Sequence[object]]) -> RationalVector:
    """A direction w = (1, s, s², …) with pairwise distinct projections wᵀx_i (exact).

    For x_i ≠ x_j, (x_i − x_j)ᵀ(1, s, …, s^{d−1}) is a nonzero polynomial in s of degree < d,
    so at most (d − 1)·binom(m, 2) values of s fail; the first integer s ≥ 1 that works is used.
    """
    pts = _points(points)
    if len(set(pts)) != len(pts):
        raise ValueError("the points are not distinct: no direction separates them")
    dim = len(pts[0])
    for s in range(1, (dim - 1) * len(pts) ** 2 + 2):
        w = tuple(Fraction(s) ** k for k in range(dim))
        projections = [sum((a * b for a, b in zip(w, p, strict=True)), Fraction(0)) for p in pts]
        if len(set(projections)) == len(projections):
            return w
    raise AssertionError("unreachable: some s must separate the projections")


def interpolating_network(points: Sequence[Sequence[object]], values: Sequence[object],
                          direction: Sequence[object] | None = None) -> ExactNetwork:
    """A ReLU network (d, m − 1, 1) with f(x_i) = y_i exactly, for m distinct points.

    For m = 1 it is the constant y_1 (a single affine layer, no hidden neuron).
    """
    pts = _points(points)
    ys = [as_fraction(v) for v in values]
    if len(ys) != len(pts):
        raise ValueError(f"{len(pts)} points but {len(ys)} values")
    dim = len(pts[0])
    if len(pts) == 1:
        return ExactNetwork.from_lists([([[0] * dim], [ys[0]])])
    w = (tuple(as_fraction(v) for v in direction) if direction is not None
         else distinct_direction(pts))
    t = [sum((a * b for a, b in zip(w, p, strict=True)), Fraction(0)) for p in pts]
    if len(set(t)) != len(t):
        raise ValueError("the direction does not give distinct projections")
    order = sorted(range(len(pts)), key=t.__getitem__)
    ts, vs = [t[i] for i in order], [ys[i] for i in order]
    slopes = [(v1 - v0) / (t1 - t0) for (t0, t1), (v0, v1) in
              zip(pairwise(ts), pairwise(vs), strict=True)]
    coefficients = [slopes[0]] + [b - a for a, b in pairwise(slopes)]
    hidden = ([list(w) for _ in slopes], [-tj for tj in ts[:-1]])
    return ExactNetwork.from_lists([hidden, ([coefficients], [vs[0]])])


def hidden_neurons(net: ExactNetwork) -> int:
    """The number of hidden neurons (0 for a single affine layer)."""
    return sum(net.widths[1:-1])


def max_interpolation_error(net: ExactNetwork, points: Sequence[Sequence[object]],
                            values: Sequence[object]) -> Fraction:
    """max_i |f(x_i) − y_i|, exactly."""
    return max((abs(net(p)[0] - as_fraction(y)) for p, y in zip(points, values, strict=True)),
               default=Fraction(0))


def forced_pieces(nodes: Sequence[object], values: Sequence[object]) -> int:
    """A lower bound on the affine pieces of every continuous piecewise-affine interpolant of
    1-D data: one plus the number of sign changes of the nonzero chord slopes.

    If the chord slope on (x_j, x_{j+1}) is positive, f' > 0 somewhere in that interval (mean
    value on pieces); so f' changes sign at least as often as the chord slopes do, and f' is
    constant on each piece. Zig-zag data (alternating) with m points force m − 1 pieces.
    """
    data = sorted(zip((as_fraction(x) for x in nodes), (as_fraction(y) for y in values),
                      strict=True))
    if len({x for x, _ in data}) != len(data):
        raise ValueError("nodes must be distinct")
    signs = [(y1 > y0) - (y1 < y0) for (_, y0), (_, y1) in pairwise(data)]
    nonzero = [s for s in signs if s]
    return 1 + sum(a != b for a, b in pairwise(nonzero))


def sign_network(points: Sequence[Sequence[object]], labels: Sequence[bool], width: int,
                 direction: Sequence[object] | None = None) -> ExactNetwork | None:
    """A network (d, width, 1) with f(x_i) > 0 exactly where labels_i holds (else f(x_i) < 0),
    or None when the construction needs more than ``width`` neurons.

    Along the projection, only the first and last point of each run of equal labels are
    interpolated (at ±1): between two nodes of one run the interpolant is constant, so
    #nodes − 1 ≤ 2·#runs − 1 neurons suffice (m − 1 for alternating labels). Unused neurons
    get zero weights.
    """
    pts = _points(points)
    if len(labels) != len(pts):
        raise ValueError(f"{len(pts)} points but {len(labels)} labels")
    w = (tuple(as_fraction(v) for v in direction) if direction is not None
         else distinct_direction(pts))
    t = [sum((a * b for a, b in zip(w, p, strict=True)), Fraction(0)) for p in pts]
    order = sorted(range(len(pts)), key=t.__getitem__)
    keep: list[int] = []
    for position, i in enumerate(order):
        first = position == 0 or labels[order[position - 1]] != labels[i]
        last = position == len(order) - 1 or labels[order[position + 1]] != labels[i]
        if first or last:
            keep.append(i)
    if len(keep) - 1 > width:
        return None
    net = interpolating_network([pts[i] for i in keep],
                                [1 if labels[i] else -1 for i in keep], w)
    return _pad(net, width)


def _pad(net: ExactNetwork, width: int) -> ExactNetwork:
    """The same function with the hidden layer widened to ``width`` by zero neurons (``net`` has
    one hidden layer, or is a constant single affine layer)."""
    dim = net.widths[0]
    if len(net.layers) == 1:
        (out_w, out_b), = net.layers
        if any(v for row in out_w for v in row) or len(out_b) != 1:
            raise ValueError("only a constant single-layer network can be padded")
        hidden: tuple[list[list[Fraction]], list[Fraction]] = ([], [])
        coefficients: list[Fraction] = []
    else:
        (h_w, h_b), (out_w, out_b) = net.layers
        hidden = ([list(row) for row in h_w], list(h_b))
        coefficients = list(out_w[0])
    extra = width - len(coefficients)
    if extra < 0:
        raise ValueError(f"the network has more than {width} hidden neurons")
    hidden[0].extend([[Fraction(0)] * dim for _ in range(extra)])
    hidden[1].extend([Fraction(0)] * extra)
    if width == 0:
        return net
    return ExactNetwork.from_lists([hidden, ([coefficients + [Fraction(0)] * extra], out_b)])


def deepen(net: ExactNetwork, hidden_widths: Sequence[int]) -> ExactNetwork:
    """A network with hidden widths ``hidden_widths`` computing the same function as the
    one-hidden-layer ``net`` (d, n, 1): its hidden layer is padded to n_1 ≥ n, and each later
    layer (width ≥ 2) carries (ρ(f), ρ(−f)) forward, the output being ρ(f) − ρ(−f) = f.
    """
    widths = tuple(hidden_widths)
    if not widths or len(net.layers) > 2 or net.widths[-1] != 1:
        raise ValueError("deepen needs a (d, n, 1) or constant network and hidden widths")
    if len(net.layers) == 1:
        net = _pad(net, 1)
    (h_w, h_b), (out_w, out_b) = _pad(net, widths[0]).layers
    if len(widths) == 1:
        return ExactNetwork.from_lists([(h_w, h_b), (out_w, out_b)])
    if min(widths[1:]) < 2:
        raise ValueError("layers after the first need width ≥ 2 to carry f and −f")
    zero = Fraction(0)
    coefficients = list(out_w[0])
    layers: list[Any] = [(h_w, h_b)]
    second = [coefficients, [-c for c in coefficients]]
    second += [[zero] * widths[0] for _ in range(widths[1] - 2)]
    layers.append((second, [out_b[0], -out_b[0]] + [zero] * (widths[1] - 2)))
    for previous, width in pairwise(widths[1:]):
        rows = [[Fraction(int(i == j)) for j in range(previous)] for i in range(2)]
        rows += [[zero] * previous for _ in range(width - 2)]
        layers.append((rows, [zero] * width))
    layers.append(([[Fraction(1), Fraction(-1)] + [zero] * (widths[-1] - 2)], [zero]))
    return ExactNetwork.from_lists(layers)


def all_distinct(points: Sequence[Sequence[object]]) -> bool:
    """True when no two points coincide (exactly)."""
    pts = _points(points)
    return all(a != b for a, b in combinations(pts, 2))
