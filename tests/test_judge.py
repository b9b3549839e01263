"""Judging one instance: exact, ball, float and statistical routes."""

from __future__ import annotations

from fractions import Fraction

import flint
import pytest
import sympy

from verify.check.judge import judge, tightness
from verify.check.stats import (
    clopper_pearson_interval,
    clopper_pearson_upper,
    frequency,
    loglog_slope,
)
from verify.core.measurement import Ball, Exact, Float

m, q = sympy.symbols("m q")


def test_exact_equality_is_decided_exactly():
    j = judge(sympy.Eq(q, 2 ** (-2 * m - 2)), {m: 3}, {q: Exact(Fraction(1, 256))})
    assert (j.holds, j.ratio, j.route) == (True, 1.0, "exact")


def test_irrational_bounds_are_compared_in_balls():
    j = judge(sympy.Le(q, sympy.exp(-m)), {m: 3}, {q: Exact(Fraction(1, 20))})
    assert j.holds is False and j.route == "arb"  # 1/20 > e^-3 = 0.0497...


def test_overlapping_balls_are_undecided():
    ball = flint.arb(flint.fmpq(1, 2), 0.1)
    assert judge(sympy.Le(q, sympy.Rational(1, 2)), {}, {q: Ball(ball)}).holds is None


def test_float_values_give_unconfirmed_answers():
    j = judge(sympy.Le(q, 1), {}, {q: Float(1.5)})
    assert j.holds is False and not j.rigorous


def test_a_conjunction_reports_its_tightest_relation():
    j = judge(sympy.And(sympy.Le(q, 4), sympy.Le(q, 2)), {}, {q: Exact(1)})
    assert j.holds and j.ratio == 0.5


def test_tightness_is_oriented_so_that_above_one_violates():
    assert tightness(sympy.Le, 1.0, 2.0) == 0.5
    assert tightness(sympy.Ge, 1.0, 2.0) == 2.0
    assert tightness(sympy.Eq, 2.0, 1.0) == tightness(sympy.Eq, 1.0, 2.0) == 2.0


def test_clopper_pearson_matches_known_values():
    lo, hi = clopper_pearson_interval(0, 10, 0.95)
    assert lo == 0.0 and hi == pytest.approx(0.30849, abs=1e-5)
    assert clopper_pearson_upper(0, 100, 0.95) == pytest.approx(1 - 0.05 ** (1 / 100))


def test_an_estimate_rejects_only_when_its_interval_does():
    assert judge(sympy.Le(q, sympy.Rational(1, 10)), {}, {q: frequency(12, 100)}).holds
    assert not judge(sympy.Le(q, sympy.Rational(1, 10)), {}, {q: frequency(40, 100)}).holds


def test_loglog_slope_recovers_a_power_law():
    sizes = [2**j for j in range(3, 10)]
    noise = [1.02, 0.97, 1.01, 0.99, 1.03, 0.98, 1.0]
    est = loglog_slope(sizes, [3.0 * s ** -0.5 * e for s, e in zip(sizes, noise, strict=False)])
    assert est.point == pytest.approx(-0.5, abs=0.02) and est.lo <= -0.5 <= est.hi


def test_positive_definite_is_exact_for_rationals_and_certain_for_balls():
    from verify.arith.matrices import positive_definite

    assert positive_definite(flint.fmpq_mat([[2, 1], [1, 2]]))
    assert not positive_definite(flint.fmpq_mat([[1, 1], [1, 1]]))  # singular
    wide = flint.arb_mat([[flint.arb(0, 1), 0], [0, 1]])  # pivot straddles 0: not proved
    assert not positive_definite(wide)
    assert positive_definite(flint.arb_mat([[flint.arb(2, 0.1), 0], [0, 1]]))


def test_an_exact_infinity_is_compared_not_left_undecided():
    import sympy

    from verify.check.judge import judge
    from verify.core.measurement import Exact

    q = sympy.Symbol("q", real=True)
    assert judge(sympy.Le(q, 3), {}, {q: Exact(sympy.oo)}).holds is False
    assert judge(sympy.Ge(q, 3), {}, {q: Exact(sympy.oo)}).holds is True
