"""Small theorems, one per evaluation mode, used by the engine's tests (and a reader's guide to
the declaration API)."""

from __future__ import annotations

import math
from fractions import Fraction

import flint
import numpy as np
import sympy
from hypothesis import strategies as st

from verify import (
    Ball,
    Instance,
    Mutant,
    Necessity,
    Premise,
    Theorem,
    Witness,
    frequency,
    loglog_slope,
    parameter,
    quantity,
)
from verify.domain.networks.strategies import dyadic

a = parameter("a", nonnegative=True)
n = parameter("n", integer=True, positive=True)
value = quantity("value")

# exact: a² ≥ a for every rational a ≥ 1, with equality at a = 1; false for 0 < a < 1.
square = Theorem(
    id="toy.square", title="a² ≥ a for a ≥ 1", survey="—", source="arithmetic",
    statement=sympy.Ge(value, a), parameters=(a,), quantities=(value,), mode="exact",
    instances=lambda budget: dyadic(1, 8, 6).map(lambda x: Instance({"a": x})),
    measure=lambda inst, ctx: inst.params["a"] ** 2,
    premises=(Premise("a ≥ 1", lambda inst: inst.params["a"] >= 1),),
    witnesses=(Witness("a = 1", Instance({"a": Fraction(1)}), attains=True),),
    mutants=(Mutant("factor 2", "a² ≥ 2a", statement=sympy.Ge(value, 2 * a)),),
    necessity=(Necessity("a = 1/2", "a ≥ 1", Instance({"a": Fraction(1, 2)})),),
)

# certified: exp(x) >= 1 + x measured as an arb ball.
x = parameter("x", real=True)
exp_line = Theorem(
    id="toy.exp_line", title="exp(x) ≥ 1 + x", survey="—", source="convexity",
    statement="value >= 1 + x", parameters=(x,), quantities=(value,), mode="certified",
    instances=lambda budget: dyadic(-4, 4, 8).map(lambda t: Instance({"x": t})),
    measure=lambda inst, ctx: Ball(flint.arb(flint.fmpq(inst.params["x"].numerator,
                                                        inst.params["x"].denominator)).exp()),
    mutants=(Mutant("steeper line", "exp(x) ≥ 1 + 1.1x", statement="value >= 1 + 11*x/10"),),
)


# sampled: |sin t| <= |t| searched in floats, confirmed with balls.
def _sin_measure(inst: Instance, ctx) -> object:
    t = inst.params["x"]
    if ctx.rigorous:
        return Ball(abs(flint.arb(flint.fmpq(t.numerator, t.denominator)).sin()))
    return abs(math.sin(float(t)))


sine = Theorem(
    id="toy.sine", title="|sin x| ≤ |x|", survey="—", source="calculus",
    statement="value <= Abs(x)", parameters=(x,), quantities=(value,), mode="sampled",
    instances=lambda budget: dyadic(-4, 4, 10).map(lambda t: Instance({"x": t})),
    measure=_sin_measure,
    mutants=(Mutant("half", "|sin x| ≤ |x|/2", statement="value <= Abs(x)/2"),),
)

# sampled without a rigorous route: a float violation stays unconfirmed.
unconfirmable = Theorem(
    id="toy.unconfirmable", title="a claim only floats can see", survey="—", source="—",
    statement="value <= 1", parameters=(), quantities=(value,), mode="sampled",
    instances=lambda budget: st.just(Instance({})),
    measure=lambda inst, ctx: 2.0,
)

# statistical: a fair coin's heads frequency over n flips deviates from 1/2 by 1/4 with
# probability at most 2 exp(-2 n / 16) (Hoeffding).
p_dev = quantity("p_dev")


def _coin_measure(inst: Instance, ctx) -> object:
    rng = np.random.default_rng(inst.data["seed"])
    flips = rng.integers(0, 2, size=(2000, inst.params["n"]))
    hits = int((np.abs(flips.mean(axis=1) - 0.5) >= 0.25).sum())
    return frequency(hits, 2000, confidence=0.999)


hoeffding_coin = Theorem(
    id="toy.hoeffding_coin", title="Hoeffding for a fair coin", survey="—", source="Hoeffding",
    statement=sympy.Le(p_dev, 2 * sympy.exp(-2 * n * sympy.Rational(1, 16))),
    parameters=(n,), quantities=(p_dev,), mode="statistical",
    instances=lambda budget: st.tuples(st.integers(4, 40), st.integers(0, 2**20)).map(
        lambda v: Instance({"n": v[0]}, {"seed": v[1]})),
    measure=_coin_measure,
    mutants=(Mutant("rate 8", "exponent −8nε²",
                    statement=sympy.Le(p_dev, 2 * sympy.exp(-8 * n * sympy.Rational(1, 16)))),),
)

# rate: the Monte Carlo error of a mean decays like n^(-1/2).
slope = quantity("slope")


def _mc_measure(inst: Instance, ctx) -> object:
    rng = np.random.default_rng(inst.data["seed"])
    sizes = [2**j for j in range(4, 12)]
    errors = [float(np.sqrt(np.mean(rng.standard_normal((400, s)).mean(axis=1) ** 2)))
              for s in sizes]
    return loglog_slope(sizes, errors, confidence=0.999)


mc_rate = Theorem(
    id="toy.mc_rate", title="Monte Carlo error ~ n^(-1/2)", survey="—", source="CLT",
    statement=sympy.Eq(slope, sympy.Rational(-1, 2)), parameters=(), quantities=(slope,),
    mode="rate",
    instances=lambda budget: st.integers(0, 2**20).map(lambda s: Instance({}, {"seed": s})),
    measure=_mc_measure,
    mutants=(Mutant("rate 1/n", "slope −1", statement=sympy.Eq(slope, -1)),),
)
