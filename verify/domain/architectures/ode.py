"""Reference flows for ResNets as discretized ODEs (survey §6.2): x' = F(x), x(0) = x_0.

Two kinds of reference, said plainly:

- rigorous (python-flint arb balls): flows with a closed form, X(T) = e^(AT) x_0 for linear
  F(x) = A x (arb's matrix exponential) and the diagonal tanh layer F(x) = a ⊙ tanh(x + c),
  whose flow solves sinh(X_i + c_i) = sinh(x_0i + c_i) e^(a_i t) coordinatewise;
- high precision but not rigorous: mpmath's ``odefun`` (Taylor series with adaptive degree) at
  ``dps`` digits, for any F; its error is not bounded here, so it only estimates.

The explicit Euler scheme is given in the same arithmetics: exactly (rationals) for linear F, in
arb balls, and in mpmath at ``dps`` digits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import flint
import mpmath

from verify.arith.convert import as_fraction, fraction_to_arb, fraction_to_mpf, to_fmpq

TANH_CURVATURE = Fraction(385, 1000)
"""A rational upper bound of sup_y |sech²(y) tanh(y)| = 2/(3√3) = 0.38490...: for
F(x) = a ⊙ tanh(x + c), ‖DF(x) F(x)‖₂ ≤ max_i a_i² · TANH_CURVATURE."""


def fraction_matrix(rows: Sequence[Sequence[Any]]) -> flint.fmpq_mat:
    """A python-flint rational matrix from nested lists of ints/Fractions."""
    out = flint.fmpq_mat(len(rows), len(rows[0]))
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            out[i, j] = to_fmpq(v)
    return out


def euler_linear_exact(a: flint.fmpq_mat, x0: flint.fmpq_mat, h: Fraction, steps: int
                       ) -> flint.fmpq_mat:
    """x_K = (I + hA)^K x_0 exactly (the Euler scheme for x' = Ax)."""
    n = a.nrows()
    step = flint.fmpq_mat(n, n)
    for i in range(n):
        step[i, i] = 1
    step = step + a * to_fmpq(h)
    return step**steps * x0


def linear_flow_ball(a: flint.fmpq_mat, x0: flint.fmpq_mat, t: Fraction) -> flint.arb_mat:
    """Balls containing X(t) = e^(At) x_0."""
    return (flint.arb_mat(a) * fraction_to_arb(t)).exp() \
        * flint.arb_mat(x0)


def _arb(v: Any) -> flint.arb:
    """A ball as it is; an exact value (read by ``as_fraction``) as the tightest ball."""
    return v if isinstance(v, flint.arb) else fraction_to_arb(as_fraction(v))


def diagonal_tanh_flow_ball(a: Sequence[Any], c: Sequence[Any], x0: Sequence[Any],
                            t: Fraction) -> list[flint.arb]:
    """Balls containing X(t) for x' = a ⊙ tanh(x + c): X_i = asinh(sinh(x0_i + c_i) e^(a_i t))
    − c_i (d/dt sinh(y) = cosh(y) y' = a sinh(y) when y' = a tanh(y))."""
    tt = _arb(t)
    return [((_arb(x) + _arb(ci)).sinh() * (_arb(ai) * tt).exp()).asinh() - _arb(ci)
            for ai, ci, x in zip(a, c, x0, strict=True)]


def diagonal_tanh_field(a: Sequence[Any], c: Sequence[Any]) -> Callable[[list[Any]], list[Any]]:
    """F(x) = a ⊙ tanh(x + c) on lists of arb balls (or mpmath numbers)."""
    def field(x: list[Any]) -> list[Any]:
        out = []
        for ai, ci, xi in zip(a, c, x, strict=True):
            if isinstance(xi, flint.arb):
                out.append(_arb(ai) * (xi + _arb(ci)).tanh())
            else:
                out.append(fraction_to_mpf(as_fraction(ai))
                           * mpmath.tanh(xi + fraction_to_mpf(as_fraction(ci))))
        return out
    return field


def euler_ball(field: Callable[[list[flint.arb]], list[flint.arb]], x0: Sequence[Any],
               h: Fraction, steps: int) -> list[flint.arb]:
    """Balls containing the exact Euler iterate x_K (each step evaluated in arb)."""
    hh = _arb(h)
    x = [_arb(v) for v in x0]
    for _ in range(steps):
        x = [xi + hh * fi for xi, fi in zip(x, field(x), strict=True)]
    return x


def euler_mp(field: Callable[[list[Any]], list[Any]], x0: Sequence[Any], h: Any, steps: int,
             dps: int = 40) -> list[mpmath.mpf]:
    """The Euler iterate x_K in mpmath at ``dps`` digits (rounding only, no bound on it)."""
    with mpmath.workdps(dps):
        hh = fraction_to_mpf(h) if isinstance(h, Fraction) else mpmath.mpf(h)
        x = [fraction_to_mpf(v) if isinstance(v, Fraction) else mpmath.mpf(v) for v in x0]
        for _ in range(steps):
            x = [xi + hh * fi for xi, fi in zip(x, field(x), strict=True)]
        return [+v for v in x]


def taylor_reference(field: Callable[[list[Any]], list[Any]], x0: Sequence[Any], t: Any,
                     dps: int = 30) -> list[mpmath.mpf]:
    """X(t) by mpmath's ``odefun`` (Taylor series) at ``dps`` digits: high precision, but its
    error is not bounded rigorously, so this is an estimate, not a certificate."""
    with mpmath.workdps(dps):
        y0 = [fraction_to_mpf(v) if isinstance(v, Fraction) else mpmath.mpf(v) for v in x0]
        solution = mpmath.odefun(lambda _s, y: field(list(y)), 0, y0)
        tt = fraction_to_mpf(t) if isinstance(t, Fraction) else t
        return [+v for v in solution(tt)]


def euclidean_distance_ball(x: Sequence[Any], y: Sequence[Any]) -> flint.arb:
    """A ball containing ‖x − y‖₂ (entries arb balls, ints or Fractions).

    Each difference is squared by a product (arb's general power of a ball around 0 is NaN),
    and the square root is taken of the sum's nonnegative part: when x = y exactly up to
    the balls' radii, the result is [0, r] rather than the root of a ball straddling 0.
    """
    diffs = [_arb(a) - _arb(b) for a, b in zip(x, y, strict=True)]
    total = sum((d * d for d in diffs), flint.arb(0))
    return total.nonnegative_part().sqrt()


def operator_norm_bound(a: Sequence[Sequence[Any]]) -> Fraction:
    """A rational upper bound of ‖A‖₂: sqrt(‖A‖₁‖A‖_∞) ≤ max(‖A‖₁, ‖A‖_∞) (Hölder)."""
    rows = [[Fraction(v) for v in row] for row in a]
    one = max(sum((abs(r[j]) for r in rows), Fraction(0)) for j in range(len(rows[0])))
    inf = max(sum((abs(v) for v in r), Fraction(0)) for r in rows)
    return max(one, inf)


__all__ = [
    "TANH_CURVATURE", "diagonal_tanh_field", "diagonal_tanh_flow_ball", "euclidean_distance_ball",
    "euler_ball", "euler_linear_exact", "euler_mp", "fraction_matrix", "linear_flow_ball",
    "operator_norm_bound", "taylor_reference",
]
