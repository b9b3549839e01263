"""Proof steps: sympy decides, or the step says it is unchecked."""

from __future__ import annotations

import sympy

from verify.check.proof import Extremum, Identity, Inequality, Recurrence, check_step

t = sympy.Symbol("t", real=True)
h = sympy.Symbol("h", positive=True)
a, b = sympy.symbols("a b", nonnegative=True)
x = sympy.Symbol("x", real=True)


def test_identity_checked_and_failed():
    assert check_step(Identity("square", (x + 1) ** 2, x**2 + 2 * x + 1)).status == "checked"
    assert check_step(Identity("wrong", (x + 1) ** 2, x**2 + 1)).status == "failed"


def test_inequality_by_the_sign_of_a_difference():
    amgm = Inequality("AM-GM", (a + 1) * (b + 1), ((a + b) / 2 + 1) ** 2)
    assert check_step(amgm).status == "checked"
    on_interval = Inequality("t(1 - t) ≥ 0", 0, t * (1 - t), {t: sympy.Interval(0, 1)})
    assert check_step(on_interval).status == "checked"


def test_an_undecidable_step_is_unchecked_not_checked():
    L = sympy.Symbol("L", integer=True, positive=True)
    n = sympy.IndexedBase("n")
    l = sympy.Symbol("l", integer=True)
    general = Inequality("AM-GM for L terms", sympy.Product(n[l] + 1, (l, 1, L)),
                         (sympy.Sum(n[l], (l, 1, L)) / L + 1) ** L)
    assert check_step(general).status == "unchecked"


def test_extremum_and_recurrence():
    assert check_step(Extremum("max", h**2 * t * (1 - t), t, sympy.Interval(0, 1),
                               h**2 / 4)).status == "checked"
    k = sympy.Symbol("k", integer=True, positive=True)
    p = sympy.Function("p")
    assert check_step(Recurrence("doubling", p(k + 1) - 2 * p(k), p(k), {p(1): 2},
                                 2**k)).status == "checked"
