"""Section 1 of the catalog (survey §1.2): the error decomposition, Hoeffding's inequality and
the uniform generalization bounds for finite classes and by covering numbers.

Private module: ``theorems/learning.py`` imports these Theorem objects. Every risk is exact
(``verify.domain.learning.finite``), every tail probability of a sample mean is exact
(``verify.domain.learning.tails`` and ``.deviations``); the statistical theorems count exact
events over i.i.d. samples drawn through a hypothesis-drawn seed, judge a Clopper–Pearson
interval, and compare it with the exact law of the sup deviation, enumerated over the count
vectors of the sample (``verify.domain.learning.uniform_deviation``: the tight companion of the
loose bounds). The error decomposition's terms come from
``verify.domain.learning.decomposition``, the shifted-ReLU class from
``verify.domain.learning.covering``.

Sources (see each theorem's ``notes``): SOURCES.md T5a, T5b, T21; THEOREMS.md Section 1. The
survey's own text was not available, so its wording and theorem numbers are unconfirmed.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from hypothesis import strategies as st

from verify import (
    Ball,
    Budget,
    Context,
    Estimate,
    Extremum,
    Identity,
    Inequality,
    Instance,
    Mutant,
    Premise,
    Theorem,
    Witness,
    frequency,
    implementation_mutant,
    parameter,
    quantity,
)
from verify.domain.learning.covering import (
    relu_shift_breakpoints,
    relu_shift_covering_number,
    relu_shift_losses,
)
from verify.domain.learning.decomposition import decomposition_terms
from verify.domain.learning.deviations import coin_class, mean_deviation_tail
from verify.domain.learning.finite import (
    FiniteDistribution,
    LossMatrix,
    binary_covering_number,
    empirical_risk,
    finite_distributions,
    hypothesis_classes,
    iid_samples,
    risk,
    samples,
)
from verify.domain.learning.uniform_deviation import (
    DeviationLaw,
    bit_class,
    deviation_law,
    enumeration_size,
    largest_enumerable_size,
    merged_columns,
    sample_deviations,
)
from verify.domain.networks.strategies import dyadic, exact_networks, seeds

F = Fraction
CONFIDENCE = 0.9999
"""Clopper–Pearson level of the statistical theorems (two-sided)."""

m = parameter("m", integer=True, positive=True)
K = parameter("K", integer=True, positive=True)
N = parameter("N", integer=True, positive=True)
eps = parameter("epsilon", positive=True)
D = parameter("D", positive=True)
C_L = parameter("C_L", positive=True)
a = parameter("a", real=True)
b = parameter("b", real=True)


def _trials(context: Context) -> int:
    """Samples per statistical measurement (a witness, evaluated without a budget, gets 1000)."""
    return context.budget.pick(1000, 2000, 4000)


def _smallest_eps(bound: Any, scale: Fraction, level: float) -> Fraction:
    """The smallest ε = j·scale/64 (j ≤ 64) whose bound(ε) is at most ``level``, else scale:
    instances where the bound says something."""
    for j in range(1, 65):
        if bound(scale * F(j, 64)) <= level:
            return scale * F(j, 64)
    return scale


# --------------------------------------------------------------------------------------------
# learning.error_decomposition
# --------------------------------------------------------------------------------------------

excess = quantity("excess", latex=r"\mathcal{R}(f_s) - \mathcal{R}^*")
eps_opt = quantity("eps_opt", latex=r"\varepsilon_{\mathrm{opt}}")
eps_gen = quantity("eps_gen", latex=r"\varepsilon_{\mathrm{gen}}")
eps_approx = quantity("eps_approx", latex=r"\varepsilon_{\mathrm{approx}}")


def _decomposition_measure(instance: Instance, context: Context) -> dict[str, Fraction]:
    d = instance.data
    return decomposition_terms(FiniteDistribution.from_weights(d["distribution"]),
                               d["hypotheses"], d["sample"], d["loss"], d["learned"])


@st.composite
def _decomposition_problem(draw: Any, budget: Budget) -> Instance:
    loss = draw(st.sampled_from(["zero_one", "squared"]))
    n_x = draw(st.integers(1, 4))
    xs = tuple(F(i, max(n_x - 1, 1)) for i in range(n_x))
    if loss == "zero_one":
        labels: tuple[Any, ...] = (0, 1, 2)[: draw(st.integers(2, 3))]
        values = labels
    else:
        labels = (F(0), F(1, 2), F(1))
        values = tuple(F(j, 4) for j in range(5))
    dist = draw(finite_distributions(xs, labels))
    size = (1, budget.pick(4, 6, 8))
    if loss == "squared" and draw(st.booleans()):
        width = draw(st.integers(1, 3))
        hypotheses: tuple[Any, ...] = tuple(draw(st.lists(
            exact_networks((1, width, 1)), min_size=size[0], max_size=size[1])))
    else:
        hypotheses = draw(hypothesis_classes(xs, values, size))
    sample_size = draw(st.integers(1, budget.pick(8, 16, 32)))
    sampler = samples if draw(st.booleans()) else iid_samples
    sample = draw(sampler(dist, sample_size))
    learned = draw(st.integers(0, len(hypotheses) - 1))
    return Instance({"m": sample_size, "K": len(hypotheses)}, {
        "distribution": dist.as_data(), "hypotheses": hypotheses, "sample": sample,
        "loss": loss, "learned": learned})


def _coin_problem(sample: tuple[int, ...], learned: int) -> Instance:
    """X = {0}, P(Y = 1) = 1/4, F = {f ≡ 0, f ≡ 1}, 0-1 loss, sample labels ``sample``."""
    return Instance({"m": len(sample), "K": 2}, {
        "distribution": {(0, 0): F(3, 4), (0, 1): F(1, 4)},
        "hypotheses": ({0: 0}, {0: 1}), "sample": tuple((0, y) for y in sample),
        "loss": "zero_one", "learned": learned})


def _single_hypothesis_problem() -> Instance:
    """X = {0}, P(Y = 1) = 1/4, F = {f ≡ 1}, sample labels (0, 0): R̂ − R = +1/4, so a
    one-sided ε_gen = sup(R − R̂) would be −1/4."""
    return Instance({"m": 2, "K": 1}, {
        "distribution": {(0, 0): F(3, 4), (0, 1): F(1, 4)}, "hypotheses": ({0: 1},),
        "sample": ((0, 0), (0, 0)), "loss": "zero_one", "learned": 0})


def _two_point_problem() -> Instance:
    """X = {0, 1} with Y = X with probability 3/4, F = the two constants: R* = 1/4 needs the
    predictor x ↦ x, which F lacks (ε_approx = 1/4, attained with ε_opt = ε_gen = 0)."""
    return Instance({"m": 2, "K": 2}, {
        "distribution": {(0, 0): F(3, 8), (0, 1): F(1, 8), (1, 0): F(1, 8), (1, 1): F(3, 8)},
        "hypotheses": ({0: 0, 1: 0}, {0: 1, 1: 1}), "sample": ((0, 0), (1, 1)),
        "loss": "zero_one", "learned": 0})


def _pinned(excess_: Fraction, opt_: Fraction, gen_: Fraction, approx_: Fraction) -> Any:
    """A witness claim: the four terms, worked out by hand."""
    return sympy.And(sympy.Eq(excess, excess_), sympy.Eq(eps_opt, opt_),
                     sympy.Eq(eps_gen, gen_), sympy.Eq(eps_approx, approx_))


_decomposition_terms = decomposition_terms


def _one_sided_terms(dist: FiniteDistribution, hypotheses: Any, sample: Any, loss: str,
                     learned: int) -> dict[str, Fraction]:
    """Planted bug: ε_gen = max_f (R(f) − R̂(f)), the absolute value dropped."""
    terms = _decomposition_terms(dist, hypotheses, sample, loss, learned)
    gaps = [risk(dist, h, loss) - empirical_risk(sample, h, loss) for h in hypotheses]
    return {**terms, "eps_gen": max(gaps)}


def _empirical_risk_off_by_one(sample: Any, hypothesis: Any, loss: str) -> Fraction:
    """Planted bug: the empirical risk divides by m + 1."""
    return empirical_risk(sample, hypothesis, loss) * len(sample) / (len(sample) + 1)


def _bayes_risk_of_constants(dist: FiniteDistribution, loss: str) -> Fraction:
    """Planted bug: R* taken over constant predictors (the best label overall, not per x)."""
    labels = sorted({y for _, y in dist.cells})
    if loss == "squared":
        mean_y = sum((p * F(y) for (_, y), p in zip(dist.cells, dist.probabilities,
                                                     strict=True)), F(0))
        return risk(dist, dict.fromkeys(dist.xs, mean_y), loss)
    return min(risk(dist, dict.fromkeys(dist.xs, y), loss) for y in labels)


R_fs, Rh_fs, Rh_hat, Rh_star, R_fstar, R_bayes = sympy.symbols(
    "R_f_s Rhat_f_s Rhat_fhat Rhat_fstar R_fstar R_star", real=True)
u1, u2, u3, g_, o_, ap_ = sympy.symbols("u_1 u_2 u_3 g o A", nonnegative=True)

error_decomposition = Theorem(
    id="learning.error_decomposition",
    title="Excess risk ≤ optimization + 2 × generalization + approximation error",
    survey="§1.2 (decomposition of the risk of empirical risk minimization)",
    source="classical; SOURCES T21 (derived)",
    statement=sympy.Le(excess, eps_opt + 2 * eps_gen + eps_approx),
    parameters=(m, K),
    quantities=(excess, eps_opt, eps_gen, eps_approx),
    mode="exact",
    sharp=True,
    instances=_decomposition_problem,
    measure=_decomposition_measure,
    premises=(
        Premise("f_s ∈ F", lambda i: 0 <= i.data["learned"] < len(i.data["hypotheses"])),
        Premise("m = |s| ≥ 1", lambda i: len(i.data["sample"]) == i.params["m"] >= 1),
        Premise("K = |F|", lambda i: len(i.data["hypotheses"]) == i.params["K"]),
    ),
    proof=(
        Identity("telescoping through f* ∈ argmin_F R and the ERM f̂_s: R(f_s) − R* = "
                 "[R(f_s) − R̂(f_s)] + [R̂(f_s) − R̂(f̂_s)] + [R̂(f̂_s) − R̂(f*)] + "
                 "[R̂(f*) − R(f*)] + [R(f*) − R*]",
                 R_fs - R_bayes,
                 (R_fs - Rh_fs) + (Rh_fs - Rh_hat) + (Rh_hat - Rh_star) + (Rh_star - R_fstar)
                 + (R_fstar - R_bayes)),
        Inequality("the first and fourth brackets are at most ε_gen (= g − u₁, g − u₃), the "
                   "third is ≤ 0 (f̂_s minimizes R̂: −u₂), the second is ε_opt and the last "
                   "ε_approx: the sum is ≤ ε_opt + 2ε_gen + ε_approx",
                   (g_ - u1) + o_ - u2 + (g_ - u3) + ap_, o_ + 2 * g_ + ap_),
    ),
    witnesses=(
        Witness("factor 2 attained: R(f≡0) = 1/4 < R(f≡1) = 3/4, the sample (1, 0) ties them "
                "at R̂ = 1/2 and the learner returns f≡1", _coin_problem((1, 0), 1),
                attains=True, claim=_pinned(F(1, 2), F(0), F(1, 4), F(0)),
                note="excess 1/2 = 0 + 2·(1/4) + 0; the mutant's bound is 1/4"),
        Witness("unique ERM on the wrong side: sample (1, 1, 0) gives R̂(f≡1) = 1/3 < "
                "R̂(f≡0) = 2/3", _coin_problem((1, 1, 0), 1),
                claim=_pinned(F(1, 2), F(0), F(5, 12), F(0)),
                note="excess 1/2 > ε_gen = 5/12 with ε_opt = ε_approx = 0: the factor 2 is "
                     "needed even without ties"),
        Witness("one hypothesis f ≡ 1 whose empirical risk 1 exceeds its risk 3/4",
                _single_hypothesis_problem(), claim=_pinned(F(1, 2), F(0), F(1, 4), F(1, 2)),
                note="ε_gen = |R − R̂| = 1/4 although R − R̂ < 0"),
        Witness("approximation error attained: Y = X w.p. 3/4, F = the constants",
                _two_point_problem(), attains=True,
                claim=_pinned(F(1, 4), F(0), F(0), F(1, 4)),
                note="R* = 1/4 needs the predictor x ↦ x (per-x majority); excess = ε_approx"),
    ),
    mutants=(
        Mutant("one generalization error", "R(f_s) − R* ≤ ε_opt + ε_gen + ε_approx",
               statement=sympy.Le(excess, eps_opt + eps_gen + eps_approx)),
        implementation_mutant(
            "one-sided ε_gen", "ε_gen = max_f (R(f) − R̂_s(f)) without the absolute value",
            patches={"theorems.learning.risk.decomposition_terms": _one_sided_terms}),
        implementation_mutant(
            "empirical risk over m + 1", "R̂_s(f) = Σ L / (m + 1) (an off-by-one normalisation)",
            patches={"verify.domain.learning.decomposition.empirical_risk":
                     _empirical_risk_off_by_one}),
        implementation_mutant(
            "Bayes risk over constants", "R* = min over constant predictors (the majority "
            "label overall instead of per x)",
            patches={"verify.domain.learning.decomposition.bayes_risk":
                     _bayes_risk_of_constants}),
    ),
    notes="""Statement from THEOREMS.md Section 1 and SOURCES T21, tagged [D] (derived; the
survey's exact wording is unverified). It holds for every sample and every f_s ∈ F, so the
instances draw arbitrary samples (hypothesis) as well as i.i.d. ones (a hypothesis-drawn seed).
R* is the Bayes risk over all functions: E[Var(Y|X)] for squared loss (Bayes predictor E[Y|X]),
1 − E[max_y P(y|X)] for 0-1 loss (majority label); networks are width-n ReLU nets on x ∈ [0, 1]
with dyadic weights. Everything is exact, so a pass proves the inequality for that instance.
The factor 2 is attained (first witness, a tie in empirical risk) and needed without ties
(second witness): both falsify the mutant with a single ε_gen. The inequality does not involve
R* (it cancels: R(f_s) − min_F R ≤ ε_opt + 2ε_gen), so every witness carries a claim pinning the
four terms to values worked out by hand; they catch a wrong Bayes risk (the fourth witness needs
the per-x majority label), a one-sided ε_gen (the third: R̂ > R) and a wrong normalisation of
R̂, the implementation mutants.""",
)


# --------------------------------------------------------------------------------------------
# learning.hoeffding
# --------------------------------------------------------------------------------------------

tail = quantity("tail", latex=r"\mathbb{P}\left(\left|\frac{1}{m}\sum_{i=1}^m X_i"
                               r" - \mathbb{E}X\right| \geq \varepsilon\right)")


def _support(instance: Instance) -> list[tuple[Fraction, Fraction]]:
    return [(F(v), F(p)) for v, p in instance.data["distribution"] if p != 0]


def _hoeffding_measure(instance: Instance, context: Context) -> Fraction | Ball:
    p = instance.params
    return mean_deviation_tail(_support(instance), p["m"], p["epsilon"])


@st.composite
def _hoeffding_problem(draw: Any, budget: Budget) -> Instance:
    if draw(st.booleans()):  # Bernoulli(p) on [0, 1]
        lo, width = F(0), F(1)
        p = draw(dyadic(0, 1, 6))
        law = ((F(0), 1 - p), (F(1), p))
        size = draw(st.integers(1, budget.pick(300, 2000, 20000)))
    else:  # up to four rational values in [a, b]
        lo = draw(st.sampled_from([F(-1), F(0), F(1, 2)]))
        width = draw(st.sampled_from([F(1, 2), F(1), F(2)]))
        points = draw(st.lists(st.integers(0, 8), min_size=2, max_size=4, unique=True))
        weights = draw(st.lists(st.integers(1, 8), min_size=len(points),
                                max_size=len(points)))
        law = tuple((lo + width * F(j, 8), F(w, sum(weights)))
                    for j, w in zip(points, weights, strict=True))
        size = draw(st.integers(1, budget.pick(40, 80, 160)))
    epsilon = width * F(draw(st.integers(1, 64)), 64)
    return Instance({"m": size, "epsilon": epsilon, "a": lo, "b": lo + width},
                    {"distribution": law})


def _fair_coin(size: int, epsilon: Fraction) -> Instance:
    return Instance({"m": size, "epsilon": epsilon, "a": F(0), "b": F(1)},
                    {"distribution": ((F(0), F(1, 2)), (F(1), F(1, 2)))})


def _tail_by_enumeration(law: tuple[tuple[Fraction, Fraction], ...], size: int,
                         epsilon: Fraction) -> Fraction:
    """P(|mean − E X| ≥ ε) by summing over all size-tuples of values (independent of the
    generating-polynomial code in the domain module)."""
    mu = sum(v * p for v, p in law)
    return sum((math.prod(p for _, p in draw) for draw in itertools.product(law, repeat=size)
                if abs(sum(v for v, _ in draw) / size - mu) >= epsilon), F(0))


def _fair_coin_mean_tail(size: int, epsilon: Fraction) -> Fraction:
    """P(|Bin(m, 1/2)/m − 1/2| ≥ ε), summed directly."""
    return F(sum(math.comb(size, j) for j in range(size + 1)
                 if abs(F(j, size) - F(1, 2)) >= epsilon), 2**size)


_THREE_POINT = ((F(-1), F(1, 4)), (F(1, 3), F(1, 2)), (F(2), F(1, 4)))


def _upper_tail_only(size: int, p: Fraction, epsilon: Fraction) -> Fraction:
    """Planted bug: P(mean − p ≥ ε), the lower tail forgotten."""
    return sum((F(math.comb(size, j)) * p**j * (1 - p) ** (size - j)
                for j in range(size + 1) if F(j, size) - p >= epsilon), F(0))


def _strict_cutoffs(size: int, center: Fraction, epsilon: Fraction) -> tuple[int, int]:
    """Planted bug: |s − m·center| > m·ε (strict) for the tail's cutoffs."""
    return math.ceil(size * (center - epsilon)) - 1, math.floor(size * (center + epsilon)) + 1


def _hoeffding_bound(exponent: int, prefactor: int = 2) -> Any:
    return sympy.Le(tail, prefactor * sympy.exp(-exponent * m * eps**2 / (b - a) ** 2))


lam = sympy.Symbol("lambda", nonnegative=True)
t_, w_ = sympy.symbols("t w", positive=True)

hoeffding = Theorem(
    id="learning.hoeffding",
    title="Hoeffding's inequality: P(|mean − E X| ≥ ε) ≤ 2 exp(−2mε²/(b − a)²)",
    survey="§1.2 (concentration of the empirical risk around the risk)",
    source="Hoeffding (1963), Probability inequalities for sums of bounded random variables, "
           "Thm 2; SOURCES T5b",
    statement=_hoeffding_bound(2),
    parameters=(m, eps, a, b),
    quantities=(tail,),
    mode="exact",
    instances=_hoeffding_problem,
    measure=_hoeffding_measure,
    premises=(
        Premise("a < b", lambda i: i.params["a"] < i.params["b"]),
        Premise("ε > 0", lambda i: i.params["epsilon"] > 0),
        Premise("a distribution on [a, b]", lambda i: sum(p for _, p in _support(i)) == 1
                and all(i.params["a"] <= v <= i.params["b"] and p >= 0
                        for v, p in _support(i))),
    ),
    proof=(
        Extremum("Chernoff: with Hoeffding's lemma E e^{λ(X − EX)} ≤ e^{λ²(b−a)²/8}, the "
                 "exponent −λε + λ²w²/8 (w = b − a, per sample) is minimized over λ ≥ 0 at "
                 "λ = 4ε/w², with value −2ε²/w²",
                 -lam * t_ + lam**2 * w_**2 / 8, lam, sympy.Interval(0, sympy.oo),
                 -2 * t_**2 / w_**2, kind="min"),
        Identity("both one-sided tails together: e^{−2mε²/w²} + e^{−2mε²/w²} = 2e^{−2mε²/w²}",
                 2 * sympy.exp(-2 * m * t_**2 / w_**2),
                 sympy.exp(-2 * m * t_**2 / w_**2) + sympy.exp(-2 * m * t_**2 / w_**2)),
    ),
    witnesses=(
        Witness("m = 1, p = 1/2, ε = 1/2: the probability is 1", _fair_coin(1, F(1, 2)),
                claim=sympy.Eq(tail, 1),
                note="1 ≤ 2e^{−1/2} ≈ 1.21 (ratio 0.82, the largest found, at "
                     "m = 1 and a fair coin); falsifies the prefactor-1 (e^{−1/2} ≈ 0.61) and "
                     "rate-4 (2e^{−1} ≈ 0.74) mutants"),
        Witness("m = 400, p = 1/2, ε = 1/20", _fair_coin(400, F(1, 20)),
                claim=sympy.Eq(tail, _fair_coin_mean_tail(400, F(1, 20))),
                note="tail ≈ 0.0510 ≤ 2e^{−2} ≈ 0.271; the claim sums the binomial directly"),
        Witness("three-point law on [−1, 2], m = 5, ε = 1/3",
                Instance({"m": 5, "epsilon": F(1, 3), "a": F(-1), "b": F(2)},
                         {"distribution": _THREE_POINT}),
                claim=sympy.Eq(tail, _tail_by_enumeration(_THREE_POINT, 5, F(1, 3))),
                note="the claim sums over all 3^5 outcomes"),
    ),
    mutants=(
        Mutant("rate 4", "exponent −4mε²/(b − a)²", statement=_hoeffding_bound(4)),
        Mutant("prefactor 1", "exp(−2mε²/(b − a)²) without the factor 2",
               statement=_hoeffding_bound(2, prefactor=1)),
        Mutant("rate 8", "exponent −8mε²/(b − a)², beaten by the large-deviation rate "
               "KL(1/2 + ε ‖ 1/2) ≈ 2ε² at small ε and large m",
               statement=_hoeffding_bound(8),
               extra_witnesses=(Witness(
                   "m = 400, p = 1/2, ε = 1/20: tail ≈ 0.0510 > 2e^{−8} ≈ 6.7e−4",
                   _fair_coin(400, F(1, 20))),)),
        implementation_mutant(
            "one-sided tail", "the Bernoulli tail sums only P(mean − p ≥ ε) (a factor ≈ 2)",
            patches={"verify.domain.learning.deviations.binomial_tail": _upper_tail_only}),
        implementation_mutant(
            "strict tail", "the tail's cutoffs decide |S − mμ| > mε instead of ≥ (the atom at "
            "the boundary dropped)",
            patches={"verify.domain.learning.tails._tail_cutoffs": _strict_cutoffs}),
    ),
    notes="""Classical (Hoeffding 1963, Thm 2 with the two one-sided bounds added); SOURCES T5b
states it in this form, and THEOREMS.md agrees. The left side is exact: a two-point law is a
scaled binomial (sum over the binomial tail in rationals; for m > 4000 a rigorous arb enclosure
through the regularized incomplete beta function), other finite laws on [a, b] by the exact m-th
power of the generating polynomial. The right side is irrational; the judge decides the
comparison in arb balls, so a pass is a proof for that instance (verdict `certified`). The bound
is not tight (its best ratio found is 1/(2e^{−1/2}) ≈ 0.82, at m = 1 and a fair coin), so the
witnesses' claims pin the measured tail to values summed independently (binomial coefficients,
all 3^5 outcomes of a three-point law): a one-sided or strict tail is falsified there.
Hoeffding's lemma itself is not a sympy step; the Chernoff optimization and the two-sided sum
are.""",
)


# --------------------------------------------------------------------------------------------
# Finite classes of hypotheses for the statistical theorems
# --------------------------------------------------------------------------------------------

p_dev = quantity("p_dev", latex=r"\widehat{\mathbb{P}}\left(\sup_{f\in\mathcal{F}}"
                                 r"|\mathcal{R}(f) - \widehat{\mathcal{R}}_s(f)| \geq"
                                 r" \varepsilon\right)")
p_exact = quantity("p_exact", latex=r"\mathbb{P}\left(\sup_{f\in\mathcal{F}}|\mathcal{R}(f)"
                                     r" - \widehat{\mathcal{R}}_s(f)| \geq \varepsilon\right)")
p_mid = quantity("p_mid", latex=r"\widehat{\mathbb{P}}(D_m \geq \varepsilon_c)")
p_law = quantity("p_law", latex=r"\mathbb{P}(D_m \geq \varepsilon_c)")

LAW_TERMS = 200_000
"""The measure enumerates the exact law of the sup deviation up to this many count vectors."""


def _law_limit(budget: Budget) -> int:
    """Count vectors the random instances may need (the exact law's cost grows with them)."""
    return budget.pick(12_000, 30_000, 100_000)


def _table_class(instance: Instance) -> tuple[FiniteDistribution, LossMatrix]:
    d = instance.data
    if "bit_tables" in d:
        dist, bits = bit_class(d["bit_tables"])
        return dist, LossMatrix(bits)
    if "coin_tables" in d:
        dist, tables_ = coin_class(*d["coin_tables"])
        return dist, LossMatrix(tables_)
    dist = FiniteDistribution.from_weights(d["distribution"])
    return dist, LossMatrix.of(dist, d["hypotheses"], d["loss"])


def _class_size(instance: Instance) -> int:
    d = instance.data
    if "bit_tables" in d:
        return d["bit_tables"]
    return d["coin_tables"][1] if "coin_tables" in d else len(d["hypotheses"])


def _loss_in_range(instance: Instance, losses: LossMatrix) -> bool:
    lo, hi = losses.value_range()
    return lo >= 0 and hi <= instance.params["D"]


def _merged_cells(dist: FiniteDistribution, losses: LossMatrix) -> int:
    return len(merged_columns(dist, losses)[1])


def _uniform_deviation_measure(dist: FiniteDistribution, losses: LossMatrix, instance: Instance,
                              context: Context) -> dict[str, Any]:
    """p_dev: the Monte-Carlo frequency of D_m = sup_k |R(f_k) − R̂_s(f_k)| ≥ ε over
    ``context.samples`` exact i.i.d. samples (Clopper–Pearson). When the exact law of D_m is
    enumerable: p_exact = P(D_m ≥ ε) exactly, and the tight companion — the frequency p_mid of
    D_m ≥ ε_c on the same samples against its exact value p_law, at the level ε_c whose exact
    tail is nearest 3/5 (where the frequency is informative both ways)."""
    p = instance.params
    trials = context.samples(2000, 4000, 8000)
    drawn = sample_deviations(dist, losses, p["m"], instance.data["seed"], trials)
    out: dict[str, Any] = {"p_dev": frequency(drawn.hits(p["epsilon"]), trials, CONFIDENCE)}
    if enumeration_size(p["m"], _merged_cells(dist, losses)) <= LAW_TERMS:
        law = deviation_law(dist, losses, p["m"], LAW_TERMS)
        level = law.level_near()
        hit = frequency(drawn.hits(level), trials, CONFIDENCE)
        out["p_mid"] = Estimate(hit.point, hit.lo, hit.hi, hit.confidence,
                                {**hit.details, "level": str(level)})
        out["p_law"] = law.tail(level)
        out["p_exact"] = law.tail(p["epsilon"])
    return out


def _fair_coin_tail(size: int, epsilon: Fraction) -> Fraction:
    """P(|Bin(m, 1/2)/m − 1/2| ≥ ε) by direct summation (independent of the domain code)."""
    return F(sum(math.comb(size, j) for j in range(size + 1)
                 if abs(F(j, size) - F(1, 2)) >= epsilon), 2**size)


def _independent_coins_tail(coins: int, size: int, epsilon: Fraction) -> Fraction:
    """P(max_k |Bin_k(m, 1/2)/m − 1/2| ≥ ε) for independent fair coins."""
    return 1 - (1 - _fair_coin_tail(size, epsilon)) ** coins


# --------------------------------------------------------------------------------------------
# learning.finite_class_generalization
# --------------------------------------------------------------------------------------------

def _finite_measure(instance: Instance, context: Context) -> dict[str, Any]:
    dist, losses = _table_class(instance)
    return _uniform_deviation_measure(dist, losses, instance, context)


@st.composite
def _finite_class_problem(draw: Any, budget: Budget) -> Instance:
    loss = draw(st.sampled_from(["zero_one", "squared"]))
    xs = tuple(range(draw(st.integers(1, 6))))
    if loss == "zero_one":
        labels: tuple[Any, ...] = (0, 1, 2)[: draw(st.integers(2, 3))]
        values, scale = labels, F(1)
    else:  # labels and predictions in [0, 2]: the squared loss lies in [0, 4]
        labels = values = (F(0), F(1, 2), F(1), F(3, 2), F(2))
        scale = F(4)
    dist = draw(finite_distributions(xs, labels))
    hypotheses = draw(hypothesis_classes(xs, values, (1, budget.pick(6, 8, 12))))
    cells = _merged_cells(dist, LossMatrix.of(dist, hypotheses, loss))
    top = max(4, largest_enumerable_size(cells, _law_limit(budget), budget.pick(40, 80, 160)))
    size = draw(st.integers(4, top))
    level = draw(st.sampled_from([0.9, 0.5, 0.2]))
    count = len(hypotheses)
    epsilon = _smallest_eps(
        lambda e: 2 * count * math.exp(-2 * size * float(e) ** 2 / float(scale) ** 2),
        scale, level)
    return Instance({"K": count, "m": size, "epsilon": epsilon, "D": scale},
                    {"distribution": dist.as_data(), "hypotheses": hypotheses, "loss": loss,
                     "seed": draw(seeds())})


def _bits_instance(bits: int, size: int, epsilon: Fraction, seed: int,
                   extra: dict[str, Any] | None = None) -> Instance:
    """The ``bits`` bit tables of x uniform on {0..2^bits − 1}: independent fair coins."""
    return Instance({"K": bits, "m": size, "epsilon": epsilon, "D": F(1), **(extra or {})},
                    {"bit_tables": bits, "loss": "zero_one", "seed": seed},
                    label=f"{bits} independent fair coins")


def _coin_instance(points: int, count: int, size: int, epsilon: Fraction, seed: int,
                   extra: dict[str, Any] | None = None) -> Instance:
    return Instance({"K": count, "m": size, "epsilon": epsilon, "D": F(1), **(extra or {})},
                    {"coin_tables": (points, count, seed, True), "loss": "zero_one",
                     "seed": seed + 1})


def _statistical_statement(bound: Any) -> Any:
    """The bound for the Monte-Carlo frequency and for the exact tail, and the companion."""
    return sympy.And(sympy.Le(p_dev, bound), sympy.Le(p_exact, bound), sympy.Eq(p_mid, p_law))


def _half_sample(size: int) -> int:
    return max(1, size // 2)


_sample_deviations = sample_deviations


def _sample_half(dist: FiniteDistribution, losses: LossMatrix, m_: int, seed: int,
                 trials: int) -> Any:
    """Planted bug: the samples are drawn with m/2 points (a halved loop bound)."""
    return _sample_deviations(dist, losses, _half_sample(m_), seed, trials)


def _tail_strict(self: DeviationLaw, eps: object) -> Fraction:
    """Planted bug: P(D > ε) for P(D ≥ ε) (the atom at ε dropped)."""
    level = F(eps)  # type: ignore[arg-type]
    return sum((p for v, p in zip(self.values, self.probabilities, strict=True) if v > level),
               F(0))


_SAMPLE_PATCH = "theorems.learning.risk.sample_deviations"
_TAIL_PATCH = "verify.domain.learning.uniform_deviation.DeviationLaw.tail"

k_ = sympy.Symbol("k", integer=True, positive=True)
finite_bound = 2 * K * sympy.exp(-2 * m * eps**2 / D**2)

finite_class_generalization = Theorem(
    id="learning.finite_class_generalization",
    title="Uniform deviation over a finite class: P(sup |R − R̂| ≥ ε) ≤ 2|F| exp(−2mε²/D²)",
    survey="§1.2 (generalization bound for finite hypothesis sets: Hoeffding and a union bound)",
    source="classical (Hoeffding 1963 and the union bound); SOURCES T5a/T5b",
    statement=_statistical_statement(finite_bound),
    parameters=(K, m, eps, D),
    quantities=(p_dev, p_exact, p_mid, p_law),
    mode="statistical",
    instances=_finite_class_problem,
    measure=_finite_measure,
    premises=(
        Premise("K = |F|", lambda i: _class_size(i) == i.params["K"]),
        Premise("loss in [0, D]", lambda i: _loss_in_range(i, _table_class(i)[1])),
        Premise("ε > 0", lambda i: i.params["epsilon"] > 0),
    ),
    proof=(
        Identity("union bound over F of Hoeffding's bound for each f (range D): "
                 "Σ_{k≤K} 2e^{−2mε²/D²} = 2K e^{−2mε²/D²}",
                 sympy.Sum(2 * sympy.exp(-2 * m * eps**2 / D**2), (k_, 1, K)),
                 2 * K * sympy.exp(-2 * m * eps**2 / D**2)),
    ),
    witnesses=(
        Witness("3 independent fair coins (the bits of x uniform on 8 points), m = 4, ε = 1/2",
                _bits_instance(3, 4, F(1, 2), 11),
                claim=sympy.Eq(p_exact, _independent_coins_tail(3, 4, F(1, 2))),
                note="a coin deviates by 1/2 iff its 4 draws agree (1/8): P = 1 − (7/8)^3 ≈ "
                     "0.33 ≤ 6e^{−2} ≈ 0.81 and > 2e^{−2} ≈ 0.27, the bound without |F|"),
        Witness("3 independent fair coins, m = 8, ε = 3/8", _bits_instance(3, 8, F(3, 8), 12),
                claim=sympy.Eq(p_exact, _independent_coins_tail(3, 8, F(3, 8))),
                note="P = 1 − (238/256)^3 ≈ 0.20 ≤ 6e^{−9/4} ≈ 0.63"),
    ),
    mutants=(
        Mutant("drop |F|", "P(sup_f |R(f) − R̂_s(f)| ≥ ε) ≤ 2 exp(−2mε²/D²)",
               statement=sympy.Le(p_dev, 2 * sympy.exp(-2 * m * eps**2 / D**2)),
               extra_witnesses=(Witness(
                   "20 balanced coin-flip tables on 4096 uniform points, m = 16, ε = 1/4",
                   _coin_instance(4096, 20, 16, F(1, 4), 11),
                   note="≈ 0.8 > 2e^{−2} ≈ 0.27"),)),
        implementation_mutant(
            "samples of size m/2", "the Monte-Carlo samples have m/2 points (a halved loop "
            "bound): the frequency of large deviations grows",
            patches={_SAMPLE_PATCH: _sample_half}),
        implementation_mutant(
            "tail without its atom", "the exact tail sums P(D = v) over v > ε instead of v ≥ ε",
            patches={_TAIL_PATCH: _tail_strict}),
    ),
    notes=f"""Hoeffding's inequality for each f (losses in [0, D]) and a union bound over F;
the form of THEOREMS.md, also SOURCES T5a with N = |F|. Classical and reliable.
Monte Carlo: each trial draws an exact i.i.d. sample (integer sampling from a hypothesis-drawn
seed, no rounded probability), D_m = sup_f |R(f) − R̂_s(f)| is decided in exact integer
arithmetic, and the frequency of D_m ≥ ε is judged by its Clopper–Pearson interval at level
{CONFIDENCE} (p_dev). Exact law: R̂_s depends on the sample only through its count vector over
the cells (merged when their loss columns agree), which is multinomial; enumerating the count
vectors gives the law of D_m in rationals (``verify.domain.learning.uniform_deviation``), so the
bound is also certified for the exact tail (p_exact). The bound is loose (random instances reach
a few per cent of it), so the tight companion is Eq(p_mid, p_law): the frequency of D_m ≥ ε_c on
the same samples against its exact probability, at the atom ε_c of the law whose tail is nearest
3/5. It fails for any bug of the sampler or of the law that moves that probability by more than
the resolution (a sample of m/2 points, a dropped atom). Random instances take the smallest ε (a
multiple of D/64) with bound ≤ 0.9, 0.5 or 0.2, so the bound says something, and a sample size
whose law needs at most 12 000 (quick) to 100 000 (thorough) count vectors. The witnesses are
independent fair coins (the bits of a uniform index), whose tail 1 − (1 − P(|Bin(m, 1/2)/m −
1/2| ≥ ε))^K is summed directly in the claims; the first falsifies the mutant without |F|
(≈ 0.33 against 2e^{{−2}} ≈ 0.27), as does the 20-coin table of its extra witness (too large
for the exact law, so it carries the Monte-Carlo frequency only). Witnesses keep the bound below
1 (a vacuous bound has no relative resolution).""",
)


# --------------------------------------------------------------------------------------------
# learning.covering_generalization
# --------------------------------------------------------------------------------------------


def _covering_class(instance: Instance) -> tuple[FiniteDistribution, LossMatrix]:
    """The class as a finite loss matrix with the same sup deviation as the whole class."""
    d = instance.data
    if d["class"] in ("coin_tables", "bit_tables"):
        return _table_class(instance)
    dist = FiniteDistribution.from_weights(d["distribution"])
    return dist, relu_shift_losses(dist, relu_shift_breakpoints(dist))


def covering_number(instance: Instance) -> int:
    """N(F, ε/(4 C_L), ‖·‖_∞ over the support of P_X) for the instance's class."""
    d, p = instance.data, instance.params
    radius = F(p["epsilon"]) / (4 * F(p["C_L"]))
    if d["class"] == "coin_tables":
        return binary_covering_number(coin_class(*d["coin_tables"])[1], radius)
    if d["class"] == "bit_tables":
        return binary_covering_number(bit_class(d["bit_tables"])[1], radius)
    dist = FiniteDistribution.from_weights(d["distribution"])
    return relu_shift_covering_number(max(F(x) for x in dist.xs), radius)


def _covering_measure(instance: Instance, context: Context) -> dict[str, Any]:
    dist, losses = _covering_class(instance)
    return _uniform_deviation_measure(dist, losses, instance, context)


@st.composite
def _covering_problem(draw: Any, budget: Budget) -> Instance:
    level = draw(st.sampled_from([0.9, 0.5, 0.2]))
    if draw(st.integers(0, 3)):  # the catalog's class ρ(· − b), b ∈ [0, 1], absolute loss
        grid = tuple(F(j, 8) for j in range(9))
        xs = draw(st.lists(st.sampled_from(grid), min_size=1, max_size=3, unique=True))
        ys = draw(st.lists(st.sampled_from(grid), min_size=1, max_size=2, unique=True))
        dist = draw(finite_distributions(xs, ys))
        x_max = max(dist.xs)

        def count(e: Fraction) -> int:
            return relu_shift_covering_number(x_max, e / 4)
        data: dict[str, Any] = {"class": "relu_shift", "distribution": dist.as_data()}
        cells = _merged_cells(dist, relu_shift_losses(dist, relu_shift_breakpoints(dist)))
    else:  # a few random 0/1 tables (unbalanced) on ≤ 4 points, absolute loss against Y ≡ 0
        points, tables_ = draw(st.integers(1, 4)), draw(st.integers(1, 8))
        table_seed = draw(seeds())
        coins = coin_class(points, tables_, table_seed, False)
        distinct = binary_covering_number(coins[1], F(0))

        def count(e: Fraction) -> int:
            return distinct if e / 4 < F(1, 2) else 1
        data = {"class": "coin_tables", "coin_tables": (points, tables_, table_seed, False)}
        cells = _merged_cells(coins[0], LossMatrix(coins[1]))
    top = largest_enumerable_size(cells, _law_limit(budget), budget.pick(100, 200, 400))
    size = draw(st.integers(min(16, top), top))
    epsilon = _smallest_eps(lambda e: 2 * count(e) * math.exp(-size * float(e) ** 2 / 2),
                            F(1), level)
    data.update(loss="absolute", seed=draw(seeds()))
    return Instance({"m": size, "epsilon": epsilon, "D": F(1), "C_L": F(1),
                     "N": count(epsilon)}, data)


def _relu_shift_instance(weights: dict[tuple[Fraction, Fraction], Fraction], size: int,
                         epsilon: Fraction, seed: int, label: str = "") -> Instance:
    instance = Instance({"m": size, "epsilon": epsilon, "D": F(1), "C_L": F(1), "N": 1},
                        {"class": "relu_shift", "loss": "absolute", "seed": seed,
                         "distribution": weights}, label=label)
    return Instance({**instance.params, "N": covering_number(instance)}, instance.data,
                    label=label)


def _single_point_coin(size: int, epsilon: Fraction, seed: int) -> Instance:
    """X = {1}, Y a fair coin: sup_b |R(f_b) − R̂_s(f_b)| = |#{y_i = 0}/m − 1/2| exactly."""
    return _relu_shift_instance({(F(1), F(0)): F(1, 2), (F(1), F(1)): F(1, 2)}, size, epsilon,
                                seed, "X = {1}, Y a fair coin")


def _relu_shift_law_by_counts(weights: dict[tuple[Fraction, Fraction], Fraction],
                              size: int) -> dict[Fraction, Fraction]:
    """The law of sup_b |R(f_b) − R̂_s(f_b)|, summed over the count vectors of the sample with
    their multinomial probabilities, the sup taken over b ∈ {0, 1/8, …, 1} (every kink b = x or
    x − y lies on that grid when x, y do): independent of the covering and uniform-deviation
    modules."""
    total = sum(weights.values())
    cells = [(x, y, w / total) for (x, y), w in weights.items()]
    shifts = [F(j, 8) for j in range(9)]
    losses = [[abs(max(x - b, F(0)) - y) for x, y, _ in cells] for b in shifts]
    risks = [sum(p * v for (_, _, p), v in zip(cells, row, strict=True)) for row in losses]
    law: dict[Fraction, Fraction] = {}
    for cut in itertools.combinations(range(size + len(cells) - 1), len(cells) - 1):
        bounds = (-1, *cut, size + len(cells) - 1)
        counts = [b - a - 1 for a, b in itertools.pairwise(bounds)]
        sup = max(abs(r - sum(n * v for n, v in zip(counts, row, strict=True)) / size)
                  for r, row in zip(risks, losses, strict=True))
        law[sup] = law.get(sup, F(0)) + math.factorial(size) * math.prod(
            p**n / math.factorial(n) for (_, _, p), n in zip(cells, counts, strict=True))
    return law


def _tail_of(law: dict[Fraction, Fraction], level: Fraction) -> Fraction:
    return sum((p for v, p in law.items() if v >= level), F(0))


def _companion_tail(law: dict[Fraction, Fraction]) -> Fraction:
    """The companion's exact tail: at the value whose tail is nearest 3/5 among the tails in
    [1/4, 19/20] (the rule of ``DeviationLaw.level_near``, restated here)."""
    tails = [_tail_of(law, v) for v in sorted(law)]
    inside = [t for t in tails if F(1, 4) <= t <= F(19, 20)]
    return min(inside, key=lambda t: abs(t - F(3, 5))) if inside else F(1)


_KINKED = {(F(3, 8), F(1, 4)): F(2), (F(7, 8), F(0)): F(1), (F(1, 2), F(3, 4)): F(3)}
"""Three cells whose sup over b is attained at interior kinks b = x − y."""
_KINKED_LAW = _relu_shift_law_by_counts(_KINKED, 32)


def _covering_bits(bits: int, size: int, epsilon: Fraction, seed: int) -> Instance:
    """The bit tables of x uniform on {0..2^bits − 1} (independent fair coins), N = bits."""
    return Instance({"m": size, "epsilon": epsilon, "D": F(1), "C_L": F(1), "N": bits},
                    {"class": "bit_tables", "bit_tables": bits, "loss": "absolute",
                     "seed": seed}, label=f"{bits} independent fair coins")


def _many_coins(points: int, count: int, size: int, epsilon: Fraction, seed: int) -> Instance:
    return Instance({"m": size, "epsilon": epsilon, "D": F(1), "C_L": F(1), "N": count},
                    {"class": "coin_tables", "coin_tables": (points, count, seed, True),
                     "loss": "absolute", "seed": seed + 1})


def _covering_bound(rate: Any, with_n: bool = True) -> Any:
    return 2 * (N if with_n else 1) * sympy.exp(-rate * m * eps**2 / D**2)


def _one_sided_gaps(columns: Any, weights: Any, total: int, m_: int, counts: Any) -> Any:
    """Planted bug: max_k (S_k W − m A_k), the absolute value dropped (R̂ − R only)."""
    cols = np.asarray(columns).astype(object)
    risks = cols @ np.array(weights, dtype=object)
    sums = np.asarray(counts).astype(object) @ cols.T
    return np.maximum((sums * total - risks[None, :] * m_).max(axis=1), 0)


v_, s_ = sympy.symbols("v s", nonnegative=True)

covering_generalization = Theorem(
    id="learning.covering_generalization",
    title="Uniform deviation by covering numbers: "
          "P(sup |R − R̂| ≥ ε) ≤ 2 N(F, ε/(4C_L), ‖·‖_∞) exp(−mε²/(2D²))",
    survey="§1.2 (generalization bound via covering numbers of the hypothesis set)",
    source="SOURCES T5a (derived: Hoeffding at the points of an ε/(4C_L)-net, union bound)",
    statement=_statistical_statement(_covering_bound(sympy.Rational(1, 2))),
    parameters=(m, eps, D, C_L, N),
    quantities=(p_dev, p_exact, p_mid, p_law),
    mode="statistical",
    instances=_covering_problem,
    measure=_covering_measure,
    premises=(
        Premise("loss in [0, D]", lambda i: _loss_in_range(i, _covering_class(i)[1])),
        Premise("loss C_L-Lipschitz in f for ‖·‖_∞ (absolute loss, C_L ≥ 1)",
                lambda i: i.data["loss"] == "absolute" and i.params["C_L"] >= 1),
        Premise("N = N(F, ε/(4C_L), ‖·‖_∞)", lambda i: covering_number(i) == i.params["N"]),
    ),
    proof=(
        Identity("moving f to a net point g with ‖f − g‖_∞ ≤ ε/(4C_L) changes R and R̂ by at "
                 "most C_L·ε/(4C_L) each: 2C_L·ε/(4C_L) = ε/2", 2 * C_L * (eps / (4 * C_L)),
                 eps / 2),
        Inequality("so |R(f) − R̂(f)| ≤ |R(g) − R̂(g)| + 2C_L‖f − g‖_∞ ≤ v + ε/2 with "
                   "v = |R(g) − R̂(g)| and ‖f − g‖_∞ = ε/(4C_L) − s, s ≥ 0: sup ≥ ε forces a "
                   "net point with deviation ≥ ε/2",
                   v_ + 2 * C_L * (eps / (4 * C_L) - s_), v_ + eps / 2),
        Identity("Hoeffding at level ε/2 for each of the N net points: "
                 "2e^{−2m(ε/2)²/D²} = 2e^{−mε²/(2D²)}",
                 2 * sympy.exp(-2 * m * (eps / 2) ** 2 / D**2),
                 2 * sympy.exp(-m * eps**2 / (2 * D**2))),
    ),
    witnesses=(
        Witness("ρ(· − b): X = {1}, Y a fair coin, m = 64, ε = 5/32",
                _single_point_coin(64, F(5, 32), 3),
                claim=sympy.And(sympy.Eq(p_exact, _fair_coin_tail(64, F(5, 32))),
                                sympy.Eq(N, 13)),
                note="sup deviation = |Bin(64, 1/2)/64 − 1/2|, P ≈ 0.02 ≤ 26e^{−25/32}; the "
                     "claim sums the binomial tail directly and pins N = ⌈1/(2·5/128)⌉ = 13"),
        Witness("ρ(· − b): three cells with interior kinks b = x − y, m = 32, ε = 7/16",
                _relu_shift_instance(_KINKED, 32, F(7, 16), 5, "kinked cells"),
                claim=sympy.And(sympy.Eq(p_exact, _tail_of(_KINKED_LAW, F(7, 16))),
                                sympy.Eq(p_law, _companion_tail(_KINKED_LAW)),
                                sympy.Eq(N, 4)),
                note="bound 8e^{−49/16} ≈ 0.37; the claim sums the law over the 561 count "
                     "vectors, the sup over a 1/8 grid of b, independently of the covering "
                     "module (at ε and at the companion's level, ≈ 0.59, where dropping the "
                     "kinks b = x − y moves it to ≈ 0.55), and pins N = ⌈(7/8)/(2·7/64)⌉ = 4"),
        Witness("2 independent fair coins (bits of x uniform on 4 points), m = 48, ε = 1/4",
                _covering_bits(2, 48, F(1, 4), 7),
                claim=sympy.Eq(p_exact, _independent_coins_tail(2, 48, F(1, 4))),
                note="bound 4e^{−3/2} ≈ 0.89; a one-sided deviation would halve each coin's "
                     "tail"),
    ),
    mutants=(
        Mutant("drop N", "P(sup_f |R(f) − R̂_s(f)| ≥ ε) ≤ 2 exp(−mε²/(2D²))",
               statement=sympy.Le(p_dev, _covering_bound(sympy.Rational(1, 2), with_n=False)),
               extra_witnesses=(Witness(
                   "300 balanced coin-flip tables on 4096 points (N = 300), m = 6, ε = 1/2",
                   _many_coins(4096, 300, 6, F(1, 2), 5),
                   note="P ≈ 1 − (31/32)^300 ≈ 1 against 2e^{−3/4} ≈ 0.945"),)),
        Mutant("rate 8", "exponent −8mε²/D² (SOURCES T5c: beats the Bernoulli(1/2) rate)",
               statement=sympy.Le(p_dev, _covering_bound(8)),
               extra_witnesses=(Witness(
                   "ρ(· − b): X = {1}, Y a fair coin, m = 64, ε = 5/32",
                   _single_point_coin(64, F(5, 32), 3),
                   note="P ≈ 0.02 against 26e^{−12.5} ≈ 1e−4"),)),
        implementation_mutant(
            "samples of size m/2", "the Monte-Carlo samples have m/2 points (the issue's "
            "example: with the loose bound alone, m/2 samples pass)",
            patches={_SAMPLE_PATCH: _sample_half}),
        implementation_mutant(
            "one-sided deviation", "sup_k (R̂ − R) for sup_k |R − R̂| (an absolute value "
            "dropped in the shared integer deviation)",
            patches={"verify.domain.learning.uniform_deviation.integer_sup_gaps":
                     _one_sided_gaps}),
    ),
    notes=f"""Form from THEOREMS.md, derived in SOURCES T5a [D] (Hoeffding at ε/2 for each point
of an ε/(4C_L)-net, then a union bound); the survey's own constants are unverified there
(Cucker–Smale's variant, [M], has a Bernstein exponent). The proof only needs the sup norm over
the support of P_X, so N is taken there; centers may be any real functions.

Catalog class F = {{x ↦ ρ(x − b): b ∈ [0, 1]}}, absolute loss |f(x) − y| with x, y ∈ [0, 1]
(C_L = 1, D = 1). Covering number checked here: on X ⊂ [0, 1], ‖f_b − f_b'‖_∞ =
|min(b, max X) − min(b', max X)|, so F is isometric to the interval [0, max X] and
N(F, r) = ⌈max X/(2r)⌉ (1 if max X = 0). The catalog's ⌈1/(2r)⌉ is the value for the sup norm
over [0, 1] (any domain containing the point 1); it is an upper bound on a smaller support.
The sup over b ∈ [0, 1] is exact: the deviation is affine between the kinks b = x, b = x − y.

Tight companion: the bound is loose (random instances reach ≈ 2 % of it; a Monte-Carlo sampler
with m/2 points passed it), so each instance also carries the exact law of D_m = sup_b |R − R̂|
(count vectors of the sample enumerated in rationals) and the clause Eq(p_mid, p_law): the
frequency of D_m ≥ ε_c on the Monte-Carlo samples against its exact probability, ε_c the atom
whose tail is nearest 3/5; and the bound is certified for the exact tail (p_exact). The
witnesses' claims pin N (so a covering number off by a factor fails), p_exact and, on the
kinked cells, p_law to values summed independently (binomial tails; a sum over the count
vectors with the sup over a 1/8 grid of b), so a bug shared by the sampler and the law (a
dropped absolute value, forgotten kinks b = x − y) is caught too. Random instances keep the law
enumerable: ≤ 3 points x and ≤ 2 labels for ρ(· − b), ≤ 4 points for 0/1 tables, and m up to
what 12 000 (quick) to 100 000 (thorough) count vectors allow.

Mutant "drop N" is NOT falsifiable on this class: in a float exploration of 3000 random
distributions (m ≤ 40, all ε with a nontrivial bound) and in two engine runs of 1000
hypothesis-targeted instances (m ≤ 60, ε putting 2e^{{−mε²/2}} in [0.5, 0.95]) the largest
frequency/bound ratio without N was ≈ 0.03. The exponent −mε²/(2D²) is 4× weaker than
Hoeffding's, and a one-parameter class of 1-Lipschitz functions has too few nearly independent
deviations to make up for it. So that mutant is falsified on the class SOURCES T5c suggests, a
finite class of 0/1 tables (N = number of distinct tables when ε/(4C_L) < 1/2): 300 balanced
coin-flip tables, m = 6, ε = 1/2 (too large for the exact law: Monte Carlo only). Mutant
"rate 8" (SOURCES T5c) is falsified on the catalog's class itself. Random instances mix both
classes; verdicts use Clopper–Pearson at {CONFIDENCE}.""",
)


__all__ = ["error_decomposition", "hoeffding", "finite_class_generalization",
           "covering_generalization"]
