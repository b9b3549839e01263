"""Loss landscapes of deep linear networks (Baldi & Hornik 1989; Kawaguchi 2016, Thm 2.3).

Exact part: for scalar networks x ↦ w_N ⋯ w_1 x on rational data, sympy solves ∇L = 0, every
family of critical points is sampled at rational values of its free parameters, and each point
is classified exactly: global minimum (its loss equals the closed-form minimum), strict saddle
(a negative Hessian eigenvalue, counted by Descartes' rule on the real-rooted characteristic
polynomial), or saddle without negative curvature (Hessian ⪰ 0 but an exact descent direction
d ∈ {−1, 0, 1}^N with L(w + td) < L(w) for small t > 0). Sampled part: gradient descent on
matrix-valued deep linear networks and the reduced-rank regression minimum.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

import flint
import numpy as np
import sympy
import torch
from torch import Tensor

from verify.arith.convert import to_fmpq
from verify.arith.precision import workprec

GLOBAL = "global minimum"
STRICT = "strict saddle"
FLAT = "saddle without negative curvature"
UNDECIDED = "not certified a saddle"


@dataclass(frozen=True)
class CriticalPoint:
    point: tuple[sympy.Rational, ...]
    loss: sympy.Rational
    negative_eigenvalues: int
    kind: str


def scalar_loss(depth: int, xs: Sequence[Fraction], ys: Sequence[Fraction]
                ) -> tuple[sympy.Expr, tuple[sympy.Symbol, ...]]:
    """L(w) = ½ Σ_i (w_N ⋯ w_1 x_i − y_i)² and its variables (w_1, …, w_N)."""
    w = sympy.symbols(f"w1:{depth + 1}", real=True)
    product = sympy.Mul(*w)
    loss = sum((product * sympy.Rational(x) - sympy.Rational(y)) ** 2
               for x, y in zip(xs, ys, strict=True)) / 2
    return sympy.expand(loss), w


def scalar_global_minimum(xs: Sequence[Fraction], ys: Sequence[Fraction]) -> sympy.Rational:
    """min over scalar products p of ½ Σ (p x_i − y_i)² = ½ (Σy² − (Σxy)²/Σx²)."""
    sxx = sum((sympy.Rational(x) ** 2 for x in xs), sympy.Integer(0))
    sxy = sum((sympy.Rational(x) * sympy.Rational(y) for x, y in zip(xs, ys, strict=True)),
              sympy.Integer(0))
    syy = sum((sympy.Rational(y) ** 2 for y in ys), sympy.Integer(0))
    return (syy - sxy**2 / sxx) / 2


def negative_eigenvalue_count(matrix: sympy.Matrix) -> int:
    """Number of negative eigenvalues of a rational symmetric matrix, exactly: its
    characteristic polynomial is real-rooted, so Descartes' rule of signs on p(−λ) is exact."""
    lam = sympy.Symbol("lam")
    poly = sympy.Poly(matrix.charpoly(lam).as_expr().subs(lam, -lam), lam)
    coefficients = [c for c in poly.all_coeffs() if c != 0]
    return sum(1 for a, b in itertools.pairwise(coefficients) if a * b < 0)


def descent_direction(loss: sympy.Expr, variables: Sequence[sympy.Symbol],
                      point: Sequence[sympy.Rational]) -> tuple[int, ...] | None:
    """A direction d ∈ {−1, 0, 1}^N along which L(w + td) − L(w) has a negative lowest-order
    coefficient in t (so L decreases for small t > 0), or None."""
    t = sympy.Symbol("t")
    base = loss.subs(dict(zip(variables, point, strict=True)))
    for d in itertools.product((-1, 0, 1), repeat=len(variables)):
        if not any(d):
            continue
        moved = loss.subs({v: p + t * e for v, p, e in zip(variables, point, d, strict=True)})
        poly = sympy.Poly(sympy.expand(moved - base), t)
        terms = sorted(poly.terms(), key=lambda term: term[0][0])
        if terms and terms[0][1] < 0:
            return d
    return None


def family_samples(solution: dict, variables: Sequence[sympy.Symbol],
                   values: Sequence[sympy.Rational]) -> list[tuple[sympy.Rational, ...]]:
    """Points of a solution family of ∇L = 0: its free variables set to each combination of
    ``values`` (skipping points where the solution is undefined)."""
    free = [v for v in variables if v not in solution]
    values = [sympy.Rational(v) for v in values]
    points = []
    for combo in itertools.product(values, repeat=len(free)):
        subs = dict(zip(free, combo, strict=True))
        try:
            point = tuple(sympy.sympify(solution[v]).subs(subs) if v in solution
                          else subs[v] for v in variables)
        except ZeroDivisionError:
            continue
        if all(p.is_rational is True and p.is_finite for p in point):
            points.append(point)
    return points


def classify_critical_points(depth: int, xs: Sequence[Fraction], ys: Sequence[Fraction],
                             values: Sequence[sympy.Rational] = (0, 1, -2, sympy.Rational(1, 3))
                             ) -> list[CriticalPoint]:
    """Solve ∇L = 0 exactly (sympy) for the scalar depth-N network and classify the sampled
    points of every solution family (each point is checked to be critical)."""
    loss, w = scalar_loss(depth, xs, ys)
    gradient = [sympy.diff(loss, v) for v in w]
    # Exact evaluation at rational points through polynomials over QQ (faster than subs).
    loss_poly = sympy.Poly(loss, *w, domain="QQ")
    gradient_polys = [loss_poly.diff(v) for v in w]
    hessian_polys = [[g.diff(v) for v in w] for g in gradient_polys]
    minimum = scalar_global_minimum(xs, ys)
    out, seen = [], set()
    for solution in sympy.solve(gradient, w, dict=True):
        for point in family_samples(solution, w, values):
            if point in seen:
                continue
            seen.add(point)
            if any(g(*point) != 0 for g in gradient_polys):
                raise ArithmeticError(f"{point} is not a critical point")
            value = sympy.Rational(loss_poly(*point))
            hessian = sympy.Matrix([[h(*point) for h in row] for row in hessian_polys])
            negatives = negative_eigenvalue_count(hessian)
            if value == minimum:
                kind = GLOBAL
            elif negatives:
                kind = STRICT
            elif descent_direction(loss, w, point) is not None:
                kind = FLAT
            else:
                kind = UNDECIDED
            out.append(CriticalPoint(point, value, negatives, kind))
    return out


# --------------------------------------------------------------------------------------------
# Matrix deep linear networks: reduced-rank regression and gradient descent
# --------------------------------------------------------------------------------------------


def reduced_rank_minimum(x: np.ndarray, y: np.ndarray, rank: int) -> float:
    """min over rank ≤ p matrices W of ½‖WX − Y‖²_F = ½(‖Y‖² − Σ_(i≤p) λ_i(Σ)), Σ =
    YXᵀ(XXᵀ)^(−1)XYᵀ (Baldi & Hornik 1989): the optimum projects onto Σ's top eigenvectors."""
    sigma = y @ x.T @ np.linalg.solve(x @ x.T, x @ y.T)
    eigenvalues = np.sort(np.linalg.eigvalsh((sigma + sigma.T) / 2))[::-1]
    return 0.5 * (float((y * y).sum()) - float(eigenvalues[:rank].sum()))


def reduced_rank_minimum_ball(x: np.ndarray, y: np.ndarray, rank: int, prec: int = 256
                              ) -> flint.arb:
    """:func:`reduced_rank_minimum` rigorously: X, Y are float64 (exact dyadics), Σ is formed
    exactly in rationals and its eigenvalues are enclosed in balls as the roots of its exact
    characteristic polynomial (real: Σ is symmetric)."""
    xq = flint.fmpq_mat([[to_fmpq(float(v)) for v in row] for row in x.tolist()])
    yq = flint.fmpq_mat([[to_fmpq(float(v)) for v in row] for row in y.tolist()])
    xy = xq * yq.transpose()
    sigma = xy.transpose() * (xq * xq.transpose()).solve(xy)
    with workprec(prec):
        pairs = cast(list[tuple[flint.acb, int]], sigma.charpoly().complex_roots())
        roots = sorted((root.real for root, multiplicity in pairs for _ in range(multiplicity)),
                       key=lambda r: float(r.mid()), reverse=True)
        total = sum(roots[:rank], flint.arb(0))
        squares = sum((v * v for v in yq.entries()), flint.fmpq(0))
        return (flint.arb(squares) - total) / 2


def deep_linear_weights(x: Tensor, y: Tensor, widths: Sequence[int], runs: int, steps: int,
                        lr: float, *, generator: torch.Generator, init_scale: float = 0.5,
                        device: str | torch.device = "cpu") -> list[Tensor]:
    """The final weights [runs, n_l, n_(l−1)] of ``runs`` gradient-descent runs (batched,
    float64) on ½‖W_N ⋯ W_1 X − Y‖² from W_l ~ init_scale · N(0, 1/n_(l−1)) entries;
    widths = (d_x, n_1, …, d_y)."""
    weights = []
    for n_in, n_out in itertools.pairwise(widths):
        w = torch.randn(runs, n_out, n_in, generator=generator, dtype=torch.float64)
        weights.append((w * init_scale / n_in**0.5).to(device).requires_grad_(True))
    xs, ys = x.to(device), y.to(device)

    def losses() -> Tensor:
        out = xs.expand(runs, *xs.shape)
        for w in weights:
            out = w @ out
        return 0.5 * ((out - ys) ** 2).sum(dim=(1, 2))

    for _ in range(steps):
        total = losses().sum()
        grads = torch.autograd.grad(total, weights)
        with torch.no_grad():
            for w, g in zip(weights, grads, strict=True):
                w -= lr * g
    return [w.detach() for w in weights]


def deep_linear_descent(x: Tensor, y: Tensor, widths: Sequence[int], runs: int, steps: int,
                        lr: float, *, generator: torch.Generator, init_scale: float = 0.5,
                        device: str | torch.device = "cpu") -> Tensor:
    """Final losses ½‖W_N ⋯ W_1 X − Y‖² of the runs of :func:`deep_linear_weights`."""
    weights = deep_linear_weights(x, y, widths, runs, steps, lr, generator=generator,
                                  init_scale=init_scale, device=device)
    out = x.to(device).expand(runs, *x.shape)
    for w in weights:
        out = w @ out
    return 0.5 * ((out - y.to(device)) ** 2).sum(dim=(1, 2))


def lowest_loss_ratio(x: np.ndarray, y: np.ndarray, weights: Sequence[Tensor], rank: int,
                      prec: int = 256) -> flint.arb:
    """min over runs of L(W_run)/L*, L* = :func:`reduced_rank_minimum_ball`, the losses exact:
    a ball, at least 1 when L* is the global minimum (the excess of a converged run is
    O(ε²) relative, hence the precision)."""
    lowest = min(exact_deep_linear_losses(x, y, weights))
    with workprec(prec):
        return flint.arb(flint.fmpq(lowest.numerator, lowest.denominator)) \
            / reduced_rank_minimum_ball(x, y, rank, prec)


def exact_deep_linear_losses(x: np.ndarray, y: np.ndarray, weights: Sequence[Tensor]
                             ) -> list[Fraction]:
    """½‖W_N ⋯ W_1 X − Y‖²_F of every run, exactly (the float64 weights and data are exact
    dyadic rationals)."""
    xq = flint.fmpq_mat([[to_fmpq(float(v)) for v in row] for row in x.tolist()])
    yq = flint.fmpq_mat([[to_fmpq(float(v)) for v in row] for row in y.tolist()])
    out = []
    for run in range(int(weights[0].shape[0])):
        product = xq
        for w in weights:
            product = flint.fmpq_mat([[to_fmpq(v) for v in row]
                                      for row in w[run].cpu().tolist()]) * product
        residual = product - yq
        total = sum((v * v for v in residual.entries()), flint.fmpq(0)) / 2
        out.append(Fraction(int(total.p), int(total.q)))
    return out


__all__ = [
    "FLAT", "GLOBAL", "STRICT", "UNDECIDED", "CriticalPoint", "classify_critical_points",
    "deep_linear_descent", "deep_linear_weights", "descent_direction",
    "exact_deep_linear_losses", "family_samples", "lowest_loss_ratio",
    "negative_eigenvalue_count",
    "reduced_rank_minimum", "reduced_rank_minimum_ball", "scalar_global_minimum", "scalar_loss",
]
