"""Double descent of minimum-norm least squares (survey §2.4; Hastie, Montanari, Rosset,
Tibshirani 2019, Thm 1; SOURCES T9): the n → ∞ limit of the exact finite-sample expected risk
at p = γn, by sympy.
"""

from __future__ import annotations

import functools
from fractions import Fraction

import sympy

__all__ = ["exact_limit_of_expectation"]

_N = sympy.Symbol("N", positive=True)


@functools.lru_cache(maxsize=512)
def exact_limit_of_expectation(gamma_: Fraction, s2: Fraction, rr: Fraction) -> sympy.Expr:
    """lim_{N→∞} of the exact finite-sample expectation (double_descent.finite_sample) with
    p = γN, computed by sympy."""
    g = sympy.Rational(gamma_.numerator, gamma_.denominator)
    s = sympy.Rational(s2.numerator, s2.denominator)
    r = sympy.Rational(rr.numerator, rr.denominator)
    expr = (s * g * _N / (_N - g * _N - 1) if g < 1
            else r * (1 - 1 / g) + s * _N / (g * _N - _N - 1))
    return sympy.limit(expr, _N, sympy.oo)
