"""The hard-margin SVM, solved exactly, and gradient descent on the logistic loss.

``hard_margin_svm`` returns ŵ = argmin ‖w‖² s.t. y_i (wᵀx_i + b) ≥ 1 (b = 0 unless ``bias``) in
rationals with a verified KKT certificate: scipy's SLSQP proposes a solution, its active set (or,
failing that, every small candidate support) gives an equality-constrained QP that is solved
exactly, and the result is accepted only when the KKT conditions hold exactly: w = Σ α_i y_i x_i,
α ≥ 0 (Σ α_i y_i = 0 with a bias), every margin ≥ 1 and = 1 wherever α_i > 0. For this convex QP
the KKT conditions are sufficient, so the certified ŵ is the (unique) optimum. Non-separable data
get a Gordan certificate instead (verify.dichotomies.separate): λ ≥ 0, Σλ = 1, Σ λ_i z_i = 0.

``logistic_gradient_descent`` runs w ← w − η∇L(w), L(w) = Σ_i log(1 + exp(−y_i wᵀx_i)), the
setting of Soudry, Hoffer, Nacson, Gunasekar, Srebro (2018), "The implicit bias of gradient descent
on separable data", Thm 3. For a few points it is a scalar loop (faster than numpy's per-call
overhead at this size).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any

import flint
import numpy as np
from scipy.optimize import minimize

from verify.arith.convert import as_fraction, fraction_to_arb, to_fmpq
from verify.arith.types import RationalVector
from verify.domain.learning.dichotomies import separate

__all__ = [
    "MaxMargin", "NotSeparable", "direction_error", "direction_tangent", "hard_margin_svm",
    "kkt_holds",
    "logistic_gradient_descent", "max_margin_value", "signed_points",
]


@dataclass(frozen=True)
class MaxMargin:
    """The certified hard-margin SVM: ŵ (and b), dual weights α (0 off the support)."""

    w: RationalVector
    bias: Fraction | None
    alpha: RationalVector
    support: tuple[int, ...]
    route: str
    """How the support set was found: "active set of SLSQP" or "enumeration"."""

    @property
    def norm_sq(self) -> Fraction:
        """‖ŵ‖² = Σ α_i (the dual objective at the optimum)."""
        return sum((v * v for v in self.w), Fraction(0))

    def as_floats(self) -> np.ndarray:
        return np.array([float(v) for v in self.w])


@dataclass(frozen=True)
class NotSeparable:
    """No (affine, with a bias) hyperplane separates the data: Gordan weights λ ≥ 0, Σλ = 1,
    Σ λ_i y_i x_i = 0 (and Σ λ_i y_i = 0 with a bias), verified exactly."""

    certificate: RationalVector


def _points(points: Sequence[Sequence[Any]]) -> list[RationalVector]:
    out = [tuple(as_fraction(v) for v in p) for p in points]
    if not out or len({len(p) for p in out}) != 1:
        raise ValueError("need at least one point, all of the same dimension")
    return out


def signed_points(points: Sequence[Sequence[Any]], labels: Sequence[int]) -> list[RationalVector]:
    """z_i = y_i x_i (labels ±1 absorbed into the points, as in Soudry et al.)."""
    if any(y not in (1, -1) for y in labels):
        raise ValueError("labels must be +1 or -1")
    return [tuple(y * v for v in x) for x, y in zip(_points(points), labels, strict=True)]


def _dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    return sum((x * y for x, y in zip(a, b, strict=True)), Fraction(0))


def kkt_holds(points: Sequence[Sequence[Any]], labels: Sequence[int], w: Sequence[Fraction],
              bias: Fraction | None, alpha: Sequence[Fraction]) -> bool:
    """Exact KKT check for min ½‖w‖² s.t. y_i(wᵀx_i + b) ≥ 1: stationarity w = Σ α_i y_i x_i
    (and Σ α_i y_i = 0 when b is a variable), dual feasibility α ≥ 0, primal feasibility and
    complementary slackness. Sufficient for optimality (convex objective, affine constraints)."""
    xs = _points(points)
    b = Fraction(0) if bias is None else bias
    if any(a < 0 for a in alpha):
        return False
    combo = [sum((a * y * x[k] for a, y, x in zip(alpha, labels, xs, strict=True)), Fraction(0))
             for k in range(len(xs[0]))]
    if tuple(combo) != tuple(w):
        return False
    if bias is not None and sum((a * y for a, y in zip(alpha, labels, strict=True)),
                                Fraction(0)) != 0:
        return False
    for a, y, x in zip(alpha, labels, xs, strict=True):
        margin = y * (_dot(w, x) + b)
        if margin < 1 or (a > 0 and margin != 1):
            return False
    return True


def _solve_on_support(xs: Sequence[RationalVector], labels: Sequence[int], support: Sequence[int],
                      bias: bool) -> tuple[RationalVector, Fraction | None, RationalVector] | None:
    """Solve the KKT equalities with every constraint in ``support`` active, exactly:
    Σ_j α_j y_j x_jᵀx_i (+ b) = y_i for i ∈ support (and Σ α_j y_j = 0 with a bias).
    None when the system is singular."""
    size = len(support) + (1 if bias else 0)
    entries = []
    rhs = []
    for i in support:
        row = [labels[j] * _dot(xs[j], xs[i]) for j in support]
        if bias:
            row.append(Fraction(1))
        entries.extend(row)
        rhs.append(Fraction(labels[i]))
    if bias:
        entries.extend([Fraction(labels[j]) for j in support] + [Fraction(0)])
        rhs.append(Fraction(0))
    system = flint.fmpq_mat(size, size, [to_fmpq(v) for v in entries])
    if system.det() == 0:
        return None
    solution = system.solve(flint.fmpq_mat(size, 1, [to_fmpq(v) for v in rhs]))
    values = [as_fraction(v) for v in solution.entries()]
    alpha = [Fraction(0)] * len(xs)
    for index, value in zip(support, values, strict=False):
        alpha[index] = value
    dim = len(xs[0])
    w = tuple(sum((alpha[j] * labels[j] * xs[j][k] for j in support), Fraction(0))
              for k in range(dim))
    return w, (values[-1] if bias else None), tuple(alpha)


def _proposal(xs: Sequence[RationalVector], labels: Sequence[int], bias: bool) -> list[int]:
    """The active set of scipy's SLSQP solution of the primal QP (an untrusted proposal)."""
    x = np.array([[float(v) for v in p] for p in xs])
    y = np.array([float(v) for v in labels])
    dim = x.shape[1]

    def margins(v: np.ndarray) -> np.ndarray:
        return y * (x @ v[:dim] + (v[dim] if bias else 0.0)) - 1.0

    def jacobian(v: np.ndarray) -> np.ndarray:
        jac = y[:, None] * x
        return np.hstack([jac, y[:, None]]) if bias else jac

    start = np.zeros(dim + (1 if bias else 0))
    result = minimize(lambda v: 0.5 * float(v[:dim] @ v[:dim]), start,
                      jac=lambda v: np.concatenate([v[:dim], [0.0] * (1 if bias else 0)]),
                      constraints=[{"type": "ineq", "fun": margins, "jac": jacobian}],
                      method="SLSQP", options={"ftol": 1e-15, "maxiter": 1000})
    slack = margins(result.x)
    scale = max(1.0, float(np.abs(result.x).max()))
    return [i for i, s in enumerate(slack) if s <= 1e-6 * scale]


def hard_margin_svm(points: Sequence[Sequence[Any]], labels: Sequence[int],
                    bias: bool = False) -> MaxMargin | NotSeparable:
    """The hard-margin SVM in exact arithmetic with a verified certificate (see the module
    docstring). Every candidate support is checked by :func:`kkt_holds` before it is returned."""
    xs = _points(points)
    labels = [int(v) for v in labels]
    z = signed_points(xs, labels)
    lifted = [(*v, Fraction(y)) for v, y in zip(z, labels, strict=True)] if bias else z
    _, gordan = separate(lifted)
    if gordan is not None:
        return NotSeparable(tuple(gordan))
    largest = len(xs[0]) + (1 if bias else 0)

    def certified(support: Sequence[int], route: str) -> MaxMargin | None:
        solved = _solve_on_support(xs, labels, support, bias)
        if solved is None:
            return None
        w, b, alpha = solved
        if not kkt_holds(xs, labels, w, b, alpha):
            return None
        return MaxMargin(w, b, alpha, tuple(i for i in support if alpha[i] > 0), route)

    active = _proposal(xs, labels, bias)
    candidates = [active] + [list(c) for size in range(min(len(active), largest), 0, -1)
                             for c in combinations(active, size)]
    for support in candidates:
        if support and (found := certified(support, "active set of SLSQP")):
            return found
    for size in range(1, min(largest, len(xs)) + 1):
        for subset in combinations(range(len(xs)), size):
            if found := certified(subset, "enumeration"):
                return found
    raise ArithmeticError("no support set satisfies the KKT conditions")  # cannot happen


def max_margin_value(solution: MaxMargin | NotSeparable) -> flint.arb | Fraction:
    """γ* = max_{‖w‖ ≤ 1} min_i y_i wᵀx_i: 1/‖ŵ‖ for separable data (an arb ball), and exactly 0
    otherwise (0 lies in the convex hull of the z_i, and w = 0 attains it)."""
    if isinstance(solution, NotSeparable):
        return Fraction(0)
    norm_sq = solution.norm_sq
    return 1 / fraction_to_arb(norm_sq).sqrt()


def logistic_gradient_descent(z: Sequence[Sequence[float]], eta: float, record: Sequence[int],
                              w0: Sequence[float] | None = None) -> np.ndarray:
    """Gradient descent w(t + 1) = w(t) + η Σ_i z_i σ(−z_iᵀw(t)) on the logistic loss
    L(w) = Σ_i log(1 + exp(−z_iᵀw)) (z_i = y_i x_i; σ the sigmoid, evaluated stably), from w(0) =
    ``w0`` (default 0). Returns w(t) for the increasing times t in ``record`` (t ≥ 0), in float64.
    """
    pts = [[float(v) for v in p] for p in z]
    dim = len(pts[0])
    w = [0.0] * dim if w0 is None else [float(v) for v in w0]
    times = sorted(set(int(t) for t in record))
    out: list[list[float]] = []
    exp = math.exp
    index = 0
    while index < len(times) and times[index] == 0:
        out.append(list(w))
        index += 1
    t = 0
    if dim == 2:
        pairs = [(a, b) for a, b in pts]
        w0_, w1_ = w
        while index < len(times):
            g0 = g1 = 0.0
            for a, b in pairs:
                s = w0_ * a + w1_ * b
                if s > 0:
                    e = exp(-s)
                    q = e / (1.0 + e)
                else:
                    q = 1.0 / (1.0 + exp(s))
                g0 += a * q
                g1 += b * q
            w0_ += eta * g0
            w1_ += eta * g1
            t += 1
            if t == times[index]:
                out.append([w0_, w1_])
                index += 1
        return np.array(out)
    while index < len(times):
        grad = [0.0] * dim
        for p in pts:
            s = sum(wk * pk for wk, pk in zip(w, p, strict=True))
            q = exp(-s) / (1.0 + exp(-s)) if s > 0 else 1.0 / (1.0 + exp(s))
            for k in range(dim):
                grad[k] += p[k] * q
        w = [wk + eta * gk for wk, gk in zip(w, grad, strict=True)]
        t += 1
        if t == times[index]:
            out.append(list(w))
            index += 1
    return np.array(out)


def direction_tangent(w: np.ndarray, w_hat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(tan θ, s) for each row w: θ the angle between w and ŵ, tan θ = ‖P⊥w‖/(wᵀŵ/‖ŵ‖) with
    P⊥ the projection orthogonal to ŵ, and s = wᵀŵ/‖ŵ‖² the coordinate of w along ŵ (Soudry et
    al.'s w(t) = ŵ log t + ρ(t) makes s = log t + O(1) and tan θ = ‖P⊥ρ‖/(‖ŵ‖ s)). The
    direction error ‖w/‖w‖ − ŵ/‖ŵ‖‖ = 2 sin(θ/2) = tan θ (1 + O(θ²))."""
    norm_sq = float(w_hat @ w_hat)
    along = w @ w_hat / norm_sq
    perpendicular = w - np.outer(along, w_hat)
    tangent = np.linalg.norm(perpendicular, axis=-1) / (along * math.sqrt(norm_sq))
    return tangent, along


def direction_error(w: np.ndarray, w_hat: np.ndarray) -> np.ndarray:
    """‖w/‖w‖ − ŵ/‖ŵ‖‖ for each row w (Soudry et al.'s measure of directional convergence)."""
    unit = w_hat / np.linalg.norm(w_hat)
    norms = np.linalg.norm(w, axis=-1, keepdims=True)
    return np.linalg.norm(w / norms - unit, axis=-1)
