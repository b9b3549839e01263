"""Symbolic analysis of networks with a polynomial activation, and Chebyshev's best uniform
approximation of x^(k+1) by polynomials of degree ≤ k on an interval.

A fully connected network ``Φ(x) = W^(L) ρ(… ρ(W^(1) x + b^(1)) …) + b^(L)`` (the survey's
Definition 1.4) with a polynomial ρ of degree k is a polynomial of degree ≤ k^(L−1) in x whatever
its weights: expanding it with symbolic weights shows this exactly. With one hidden layer the
degree is ≤ k, so no such network comes closer to x^(k+1) on [−1, 1] than 2^(−k) (Chebyshev;
the "only if" half of Leshno, Lin, Pinkus, Schocken 1993, Neural Networks 6, 861–867).

Sup norms of polynomials are computed exactly when every candidate extremum has a rational value
(endpoints, rational critical points, or an irrational critical point at which the polynomial
reduces to a constant modulo the critical point's minimal polynomial), else as a rigorous arb
ball from exact isolating intervals of the critical points.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import flint
import sympy

from verify.arith.convert import as_fraction, to_arb, to_fraction, to_sympy
from verify.arith.precision import workprec

__all__ = [
    "alternation_count",
    "best_uniform_approximation",
    "chebyshev_lower_bound",
    "chebyshev_polynomial",
    "degree_in_inputs",
    "expand_network",
    "expand_network_polys",
    "polynomial_activation",
    "realization_polynomial",
    "sup_abs_polynomial",
    "symbolic_layers",
]

Layer = tuple[Sequence[Sequence[Any]], Sequence[Any]]
_T = sympy.Symbol("t")


def polynomial_activation(coefficients: Sequence[Any]) -> sympy.Poly:
    """ρ(t) = Σ_j c_j t^j from ``coefficients = (c_0, …, c_k)`` (exact rationals)."""
    terms = [to_sympy(c) if isinstance(c, Fraction) else sympy.sympify(c)
             for c in coefficients]
    return sympy.Poly(sum(c * _T**j for j, c in enumerate(terms)), _T, domain="QQ")


def symbolic_layers(widths: Sequence[int], prefix: str = "") -> list[Layer]:
    """Layers ``(W, b)`` of architecture ``widths = (N_0, …, N_L)`` whose entries are distinct
    real sympy symbols ``w{l}_{i}_{j}`` and ``b{l}_{i}`` (layers counted from 1)."""
    layers: list[Layer] = []
    for index in range(1, len(widths)):
        n_in, n_out = widths[index - 1], widths[index]
        weight = [[sympy.Symbol(f"{prefix}w{index}_{i}_{j}", real=True) for j in range(n_in)]
                  for i in range(n_out)]
        bias = [sympy.Symbol(f"{prefix}b{index}_{i}", real=True) for i in range(n_out)]
        layers.append((weight, bias))
    return layers


def _exact(value: Any) -> sympy.Basic:
    """A weight for sympy: a Fraction or a float exactly (a float is a dyadic rational),
    anything else (ints, symbols, sympy numbers) by ``sympify``."""
    if isinstance(value, (Fraction, float)):
        return to_sympy(as_fraction(value))
    return sympy.sympify(value)


def expand_network_polys(layers: Sequence[Layer], activation: sympy.Poly | Any,
                         inputs: Sequence[sympy.Symbol]) -> list[sympy.Poly]:
    """The outputs of the network as sympy ``Poly`` objects in ``inputs`` (the weights, when
    symbolic, live in the coefficient domain).

    ``activation`` is a polynomial in one variable (a sympy ``Poly`` or an expression in ``t``),
    applied after every layer but the last. Weights may be symbols, Fractions, floats (taken as
    their exact dyadic values) or sympy numbers.
    """
    rho = activation if isinstance(activation, sympy.Poly) else sympy.Poly(activation, _T)
    coefficients = [sympy.Poly(c, *inputs) for c in rho.all_coeffs()]  # highest degree first
    values = [sympy.Poly(v, *inputs) for v in inputs]
    last = len(layers) - 1
    for index, (weight, bias) in enumerate(layers):
        if any(len(row) != len(values) for row in weight) or len(weight) != len(bias):
            raise ValueError(f"layer {index + 1} does not fit {len(values)} inputs")
        pre = []
        for row, b in zip(weight, bias, strict=True):
            total = sympy.Poly(_exact(b), *inputs)
            for w, v in zip(row, values, strict=True):
                total = total + v * _exact(w)
            pre.append(total)
        if index < last:  # Horner: ρ(z) = (…(c_k z + c_{k−1}) z + …) z + c_0
            activated = []
            for z in pre:
                out = coefficients[0]
                for c in coefficients[1:]:
                    out = out * z + c
                activated.append(out)
            pre = activated
        values = pre
    return values


def expand_network(layers: Sequence[Layer], activation: sympy.Poly | Any,
                   inputs: Sequence[sympy.Symbol]) -> list[sympy.Expr]:
    """The outputs of the network as expanded sympy expressions in ``inputs`` (see
    :func:`expand_network_polys`)."""
    return [p.as_expr() for p in expand_network_polys(layers, activation, inputs)]


def degree_in_inputs(expr: sympy.Expr, inputs: Sequence[sympy.Symbol]) -> int:
    """Total degree of ``expr`` as a polynomial in ``inputs`` (other symbols are coefficients);
    −1 for the zero polynomial, following the convention deg 0 = −∞ loosely."""
    poly = sympy.Poly(expr, *inputs)
    return -1 if poly.is_zero else int(poly.total_degree())


def realization_polynomial(layers: Sequence[Layer], activation: sympy.Poly | Any,
                           x: sympy.Symbol, output: int = 0) -> sympy.Poly:
    """The realization of a one-input network with numeric weights as a Poly over QQ in x."""
    poly = expand_network_polys(layers, activation, [x])[output]
    return sympy.Poly(poly.as_expr(), x, domain="QQ")


def chebyshev_polynomial(n: int, x: sympy.Symbol) -> sympy.Poly:
    """T_n, with T_n(cos θ) = cos(nθ), as a Poly over QQ in x."""
    return sympy.Poly(sympy.chebyshevt(n, x), x, domain="QQ")


def chebyshev_lower_bound(k: int) -> Fraction:
    """2^(−k): the sup norm on [−1, 1] of the monic polynomial 2^(−k) T_(k+1), the smallest
    among monic polynomials of degree k + 1."""
    return Fraction(1, 2**k)


def best_uniform_approximation(k: int, x: sympy.Symbol) -> sympy.Poly:
    """p* = x^(k+1) − 2^(−k) T_(k+1)(x): the best uniform approximation of x^(k+1) on [−1, 1]
    among polynomials of degree ≤ k (the leading terms cancel; the error 2^(−k) T_(k+1)
    equioscillates at the k + 2 points cos(jπ/(k+1)), Chebyshev's alternation theorem)."""
    power = sympy.Poly(x ** (k + 1), x, domain="QQ")
    return power - chebyshev_polynomial(k + 1, x) * sympy.Rational(1, 2**k)


def _fraction(value: sympy.Basic) -> Fraction:
    """A rational sympy value as a Fraction; ValueError when it is not rational."""
    exact = to_fraction(sympy.sympify(value))
    if exact is None:
        raise ValueError(f"{value} is not rational")
    return exact


def _enclose(poly: sympy.Poly, lo: sympy.Rational, hi: sympy.Rational) -> flint.arb:
    """A ball containing poly(c) for every c in [lo, hi] (Horner's rule in arb)."""
    point = to_arb(lo).union(to_arb(hi))
    total = flint.arb(0)
    for c in poly.all_coeffs():
        total = total * point + to_arb(c)
    return total


def sup_abs_polynomial(poly: sympy.Poly, lo: Any, hi: Any, bits: int = 128
                       ) -> Fraction | flint.arb:
    """max_{x ∈ [lo, hi]} |poly(x)| for a Poly over QQ: a Fraction when exact, else an arb ball
    that contains it (rigorous; radius about 2^(−bits) times the size of the values).

    Candidates are the endpoints and the real roots of poly' in [lo, hi], found per irreducible
    factor f of poly': if poly mod f is a constant r, poly = r at every root of f (exact);
    otherwise poly is enclosed on exact isolating intervals of the roots of f.
    """
    (x,) = poly.gens
    poly = sympy.Poly(poly.as_expr(), x, domain="QQ")
    a, b = to_sympy(as_fraction(lo)), to_sympy(as_fraction(hi))
    if not a < b:
        raise ValueError(f"empty interval [{lo}, {hi}]")
    exact: list[Fraction] = [abs(_fraction(poly.eval(a))), abs(_fraction(poly.eval(b)))]
    balls: list[flint.arb] = []
    derivative = poly.diff(x)
    if derivative.degree() >= 1:
        _, factors = sympy.factor_list(derivative.as_expr(), x)
        for factor, _multiplicity in factors:
            f = sympy.Poly(factor, x, domain="QQ")
            if f.degree() < 1 or f.count_roots(a, b) == 0:
                continue
            remainder = poly.rem(f)
            if remainder.degree() <= 0:
                exact.append(abs(_fraction(remainder.as_expr())))
                continue
            with workprec(bits + 32):
                for (left, right), _ in f.intervals(inf=a, sup=b, eps=sympy.Rational(1, 2**bits)):
                    balls.append(abs(_enclose(poly, left, right)))
    best = max(exact)
    with workprec(bits + 32):
        top = to_arb(best)
        if all(ball <= top for ball in balls):  # an exact value dominates: the sup is exact
            return best
        for ball in balls:
            top = top.max(ball)
        return top


def alternation_count(error: sympy.Poly, level: Any, lo: Any, hi: Any) -> int:
    """The length of the longest sequence x_1 < … < x_m in [lo, hi] with error(x_i) = ±level and
    alternating signs: exact (isolating intervals of the roots of level ∓ error, which sympy
    returns disjoint and ordered)."""
    (x,) = error.gens
    error = sympy.Poly(error.as_expr(), x, domain="QQ")
    h = to_sympy(as_fraction(level))
    a, b = to_sympy(as_fraction(lo)), to_sympy(as_fraction(hi))
    upper, lower = h - error, h + error  # zeros: error = +h, error = −h
    if h == 0 or upper.is_zero or lower.is_zero:
        return 0
    signs: list[int] = []
    for _interval, which in sympy.intervals([upper, lower], inf=a, sup=b):
        sign = 1 if 0 in which else -1
        if not signs or signs[-1] != sign:
            signs.append(sign)
    return len(signs)
