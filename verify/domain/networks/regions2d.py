"""Exact analysis of ReLU networks with two inputs on their activation regions (survey §3.1–3.3):
the sup error of a product network over [0, 1]² (Yarotsky 2017, Prop. 3), a box that holds
every crossing of the first layer's lines, and a box that provably meets every activation region
of a deep network (so that regions counted inside it are exactly those of R²).
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

from verify.domain.networks.exact import ExactNetwork, linear_regions_2d, region_count_2d

__all__ = ["line_box", "plane_box", "plane_region_count", "sup_product_error"]

F = Fraction


def sup_product_error(net: ExactNetwork) -> Fraction:
    """Exact sup over [0, 1]² of |xy − Φ(x, y)| for a ReLU network Φ of two inputs.

    On an activation region Φ is affine, so xy − Φ is an indefinite quadratic with no interior
    extremum: the sup is attained on an edge, where it is a quadratic in one variable.
    """
    cache: dict[tuple[Fraction, Fraction], Fraction] = {}

    def phi(p: tuple[Fraction, Fraction]) -> Fraction:
        if p not in cache:
            cache[p] = net(p)[0]
        return cache[p]

    best = F(0)
    for region in linear_regions_2d(net, (F(0), F(1), F(0), F(1))):
        vs = region.vertices
        for p, q in zip(vs, vs[1:] + vs[:1], strict=False):
            # e(t) = x(t) y(t) − ((1 − t) Φ(p) + t Φ(q)), t ∈ [0, 1]
            dx, dy = q[0] - p[0], q[1] - p[1]
            a2 = dx * dy
            a1 = p[0] * dy + p[1] * dx - (phi(q) - phi(p))
            a0 = p[0] * p[1] - phi(p)
            candidates = [F(0), F(1)]
            if a2 != 0 and 0 < -a1 / (2 * a2) < 1:
                candidates.append(-a1 / (2 * a2))
            for t in candidates:
                best = max(best, abs(a2 * t * t + a1 * t + a0))
    return best


def line_box(net: ExactNetwork) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    """A box containing every crossing of two first-layer lines, with margin: for a single
    hidden layer the regions inside it are exactly the regions of R²."""
    w, b = net.layers[0]
    reach = F(1)
    for i in range(len(w)):
        for j in range(i + 1, len(w)):
            det = w[i][0] * w[j][1] - w[i][1] * w[j][0]
            if det != 0:
                x = (-b[i] * w[j][1] + b[j] * w[i][1]) / det
                y = (-w[i][0] * b[j] + w[j][0] * b[i]) / det
                reach = max(reach, abs(x), abs(y))
    reach = 2 * reach + 1
    return (-reach, reach, -reach, reach)


def plane_box(net: ExactNetwork) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    """A box that meets every activation region of a 2-input ReLU network: counted inside it,
    the regions are exactly those of R².

    On an activation region a neuron of hidden layer l is a·x + b·y + c with (a, b) a sum of
    products of l weights along paths and c of at most l weights and a bias. With Q the common
    denominator of all hidden weights and biases, a, b, c are multiples of Q^(−l), bounded by
    A (resp. C) from the products of the absolute weight matrices. Two boundary lines that
    cross have |det| ≥ Q^(−2L), so every vertex of the subdivision of R² has coordinates at most
    2AC·Q^(2L) (Cramer); a boundary line without a vertex passes within C·Q^L of the origin
    along an axis. A region that misses the box would have a vertex or such a line outside it.
    """
    hidden = net.layers[:-1]
    denominator = 1
    for weight, bias in hidden:
        for value in (*(v for row in weight for v in row), *bias):
            denominator = lcm(denominator, value.denominator)
    slopes = [[F(1), F(0)], [F(0), F(1)]]  # per neuron of the previous layer: bounds on |a|, |b|
    offsets = [F(0), F(0)]
    top_slope, top_offset = F(0), F(0)
    for weight, bias in hidden:
        slopes = [[sum((abs(w) * s[k] for w, s in zip(row, slopes, strict=True)), F(0))
                   for k in range(2)] for row in weight]
        offsets = [abs(b) + sum((abs(w) * c for w, c in zip(row, offsets, strict=True)), F(0))
                   for row, b in zip(weight, bias, strict=True)]
        top_slope = max(top_slope, *(max(s) for s in slopes))
        top_offset = max(top_offset, *offsets)
    depth = len(hidden)
    reach = (2 * top_slope * top_offset * denominator ** (2 * depth)
             + top_offset * denominator ** depth + 1)
    return (-reach, reach, -reach, reach)


def plane_region_count(net: ExactNetwork) -> int:
    """The number of activation regions of a 2-input ReLU network on all of R², exactly."""
    return region_count_2d(net, plane_box(net))
