"""Exact analysis of ReLU networks with two inputs on their activation regions (survey §3.1–3.3):
the sup error of a product network over [0, 1]² (Yarotsky 2017, Prop. 3) and a box that holds
every crossing of the first layer's lines (so that regions counted inside it are those of R²).
"""

from __future__ import annotations

from fractions import Fraction

from verify.domain.networks.exact import ExactNetwork, linear_regions_2d

__all__ = ["line_box", "sup_product_error"]

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
