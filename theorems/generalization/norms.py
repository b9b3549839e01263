"""Section 2 of the catalog (survey §2.1–2.2): norm-based capacity of kernel and network classes.

Theorems: ``kernel.rkhs_rademacher`` (the Rademacher complexity of an RKHS ball),
``norms.rademacher_generalization`` (the generic Rademacher bound, Mohri–Rostamizadeh–Talwalkar
Thm 3.3), ``norms.golowich_rakhlin_shamir`` (GRS 2018, Thm 1) and ``norms.spectral_margin``
(partial: the inequalities inside Bartlett–Foster–Telgarsky 2017). Rademacher complexities come
from ``verify.domain.learning.rademacher`` (exact enumeration of sign vectors, arb balls for
square roots, projected gradient ascent for networks); risks and samples from
``verify.domain.learning.finite``; kernel Gram matrices from ``verify.domain.learning.rkhs``;
deviation events from ``verify.domain.learning.deviations``; spectral norms and Jacobians from
``verify.domain.networks.spectral``; the trained networks from ``verify.domain.learning.margin``.
The tight companions that pin each measured value: feasible members of the RKHS ball
(``verify.domain.learning.rkhs_supremum``), the exact law of max_f (R − R̂) on finite laws
(``verify.domain.learning.symmetrization``) and an exact-on-orthogonal-inputs upper bound for
Frobenius-constrained ReLU networks (``verify.domain.learning.relu_class``).

Private module: the section's public module imports these Theorem objects. Sources and their
reliability (SOURCES.md T7) are recorded in each theorem's ``notes``; the survey's own text was
not available, so its wording is unconfirmed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import flint
import numpy as np
import sympy
import torch
from hypothesis import strategies as st

from verify import (
    Ball,
    Budget,
    Context,
    Exact,
    Float,
    Identity,
    Inequality,
    Instance,
    Mutant,
    Premise,
    Theorem,
    Witness,
    as_fraction,
    implementation_mutant,
    parameter,
    parameter_sequence,
    quantity,
    single_cpu_thread,
    workprec,
)
from verify.domain.learning import rademacher as rademacher_module
from verify.domain.learning.deviations import (
    largest_sample_size,
    violation_frequency,
)
from verify.domain.learning.finite import (
    FiniteDistribution,
    LossMatrix,
    finite_distributions,
    hypothesis_classes,
)
from verify.domain.learning.margin import trained_network
from verify.domain.learning.rademacher import (
    ball_rademacher,
    cauchy_schwarz_excess,
    certified_network_lower_bound,
    expected_rademacher,
    merged_cells,
    quadratic_forms,
    search_network_rademacher,
    sign_vectors,
)
from verify.domain.learning.relu_class import linear_jensen_bound, relu_rademacher_upper
from verify.domain.learning.rkhs import Matrix, gram, is_positive_semidefinite, kernel_gram
from verify.domain.learning.rkhs_supremum import feasible_maximiser_value
from verify.domain.learning.symmetrization import gap_law
from verify.domain.networks import spectral as spectral_module
from verify.domain.networks.spectral import (
    dyadic_point,
    exact_jacobian_norm,
    jacobian_norms,
    probe_points,
    spectral_quantities,
    tensors,
)
from verify.domain.networks.strategies import dyadic, seeds

F = Fraction
CONFIDENCE = 0.9999
"""Clopper–Pearson level of the statistical theorem (two-sided)."""

m = parameter("m", integer=True, positive=True)
L = parameter("L", integer=True, positive=True)
K = parameter("K", integer=True, positive=True)
B = parameter("B", positive=True)
j_ = sympy.Symbol("j", integer=True, positive=True)


def _matrix(rows: Any) -> Matrix:
    return tuple(tuple(F(v) for v in row) for row in rows)


# --------------------------------------------------------------------------------------------
# kernel.rkhs_rademacher
# --------------------------------------------------------------------------------------------

tr_K = parameter("tr_K", nonnegative=True)
rad_H = quantity("rad", latex=r"\widehat{\mathfrak{R}}_S(\{f: \|f\|_{\mathcal{H}} \le B\})")
rad_lower = quantity("rad_lower", latex=r"\frac{1}{m}\mathbb{E}_\sigma\sum_j\sigma_j"
                                        r"f_\sigma(x_j)")
cs_excess = quantity("cs_excess", latex=r"\max_{\sigma,\beta}\,(\sigma^\top K\beta)^2"
                                         r" - (\sigma^\top K\sigma)(\beta^\top K\beta)")
FEASIBLE_SLACK = sympy.Rational(1, 2**40)
"""The identity's value may exceed the feasible functions' mean value by this relative amount
(their scales are rounded down to 64 bits when sqrt(σᵀKσ) is irrational)."""


def _directions(m_: int, seed: int, count: int = 6) -> list[list[int]]:
    """Test functions f = Σβ_i k(x_i, ·) of the ball: basis vectors, all ones, and random
    integer β from ``seed``."""
    rng = np.random.default_rng(seed)
    basis = [[int(i == k) for i in range(m_)] for k in range(m_)]
    rand = rng.integers(-3, 4, size=(count, m_)).tolist()
    return [*basis, [1] * m_, *[row for row in rand if any(row)]]


def _rkhs_measure(instance: Instance, context: Context) -> dict[str, Any]:
    gram = instance.data["gram"]
    seed = int(instance.data.get("seed", 0))
    radius = instance.params["B"]
    return {"rad": ball_rademacher(gram, radius),
            "rad_lower": Exact(feasible_maximiser_value(gram, radius)),
            "cs_excess": cauchy_schwarz_excess(gram, _directions(len(gram), seed))}


def _jensen_inside(gram: Matrix, radius: Any, prec: int = 192) -> Exact:
    """Planted bug: Jensen applied inside the expectation, (B/m) sqrt(E_σ σᵀKσ), which is the
    trace bound itself."""
    values, den, counts = quadratic_forms(gram)
    second_moment = sum((F(int(v)) * int(c) for v, c in zip(values.tolist(), counts.tolist(),
                                                            strict=True)), F(0))
    second_moment /= den * int(counts.sum())
    return Exact(sympy.Rational(F(radius)) * sympy.sqrt(sympy.Rational(second_moment))
                 / len(gram))


def _half_cube_full_count(gram: Matrix, radius: Any, prec: int = 192) -> Exact | Ball:
    """Planted bug: the 2^(m−1) sign vectors with σ_1 = +1 summed, then divided by 2^m."""
    values, den, counts = quadratic_forms(gram)
    with workprec(prec):
        total = flint.arb(0)
        for value, count in zip(values.tolist(), counts.tolist(), strict=True):
            total += int(count) * flint.arb(int(value)).sqrt()
        r = F(radius)
        scale = flint.arb(flint.fmpq(r.numerator, r.denominator * len(gram))) \
            / flint.arb(den).sqrt()
        return Ball(total * scale / 2 ** len(gram))


def _kernel_instance(kind: str, points: Sequence[Any], radius: Fraction, seed: int = 0,
                     extra: Any = None, label: str = "") -> Instance:
    gram = kernel_gram(kind, points, extra)
    trace = sum((gram[i][i] for i in range(len(gram))), F(0))
    return Instance({"m": len(gram), "B": radius, "tr_K": trace},
                    {"kernel": kind, "points": tuple(points), "extra": extra, "gram": gram,
                     "seed": seed}, label=label or f"{kind} kernel")


@st.composite
def _kernel_problem(draw: Any, budget: Budget) -> Instance:
    size = draw(st.integers(1, budget.pick(10, 12, 14)))
    kind = draw(st.sampled_from(["linear", "polynomial", "min", "features", "diagonal",
                                 "identical"]))
    radius = draw(dyadic(F(1, 4), 4, 2))
    extra: Any = None
    if kind in ("linear", "polynomial", "identical"):
        dim = draw(st.integers(1, 3))
        point = st.tuples(*(dyadic(-1, 1, 2 if kind == "polynomial" else 3)
                            for _ in range(dim)))
        if kind == "identical":
            points: list[Any] = [draw(point)] * size
            kind = "linear"
        else:
            points = draw(st.lists(point, min_size=size, max_size=size))
        if kind == "polynomial":
            extra = (draw(st.sampled_from([0, 1])), draw(st.sampled_from([2, 3])))
    elif kind == "min":
        points = draw(st.lists(dyadic(F(1, 8), 1, 3), min_size=size, max_size=size))
    elif kind == "features":
        rank = draw(st.integers(1, 3))
        points = draw(st.lists(st.tuples(*(st.integers(-3, 3) for _ in range(rank))),
                               min_size=size, max_size=size))
    else:
        points = draw(st.lists(dyadic(0, 4, 3), min_size=size, max_size=size))
    return _kernel_instance(kind, points, radius, draw(seeds()), extra)


def _kernel_premises() -> tuple[Premise, ...]:
    return (
        Premise("K is a Gram matrix: symmetric positive semidefinite",
                lambda i: is_positive_semidefinite(i.data["gram"])),
        Premise("m = number of points", lambda i: len(i.data["gram"]) == i.params["m"]),
        Premise("tr_K = tr K", lambda i: sum(i.data["gram"][k][k] for k in range(
            len(i.data["gram"]))) == i.params["tr_K"]),
        Premise("B > 0", lambda i: i.params["B"] > 0),
    )


_q, _a, _b, _u, _v = sympy.symbols("q a b u v", positive=True)
_s = sympy.symbols("s1:4", real=True)
_k = sympy.Matrix(3, 3, lambda i, j: sympy.Symbol(f"k{min(i, j) + 1}{max(i, j) + 1}", real=True))
_signs3 = [sympy.Matrix(row) for row in sign_vectors(3).tolist()]

_rkhs_bound = sympy.Le(rad_H**2, B**2 * tr_K / m**2)
_rkhs_companions = (
    sympy.Ge(2 * m**2 * rad_H**2, B**2 * tr_K),
    sympy.Le(rad_lower, rad_H),
    sympy.Le(rad_H, rad_lower * (1 + FEASIBLE_SLACK)),
    sympy.Le(cs_excess, 0),
)

rkhs_rademacher = Theorem(
    id="kernel.rkhs_rademacher",
    title="Rademacher complexity of an RKHS ball: (B/m) E_σ sqrt(σᵀKσ) ≤ (B/m) sqrt(tr K)",
    survey="§2.1–2.2 (norm-based capacity of kernel classes)",
    source="classical (e.g. Mohri, Rostamizadeh, Talwalkar, Thm 6.12; Bartlett, Mendelson "
           "2002, Lemma 22); THEOREMS.md Section 2. Lower relation: Latała, Oleszkiewicz "
           "(1994), the best constant 1/sqrt(2) in the Khintchine–Kahane inequality",
    statement=sympy.And(_rkhs_bound, *_rkhs_companions),
    parameters=(m, B, tr_K),
    quantities=(rad_H, rad_lower, cs_excess),
    mode="certified",
    sharp=True,
    instances=_kernel_problem,
    measure=_rkhs_measure,
    premises=_kernel_premises(),
    proof=(
        Identity("the Cauchy–Schwarz maximizer f* = Σα_i k(x_i, ·), α = Bσ/sqrt(q) with "
                 "q = σᵀKσ > 0, has ‖f*‖²_H = αᵀKα = B²",
                 (B / sympy.sqrt(_q)) ** 2 * _q, B**2),
        Identity("and attains Σσ_i f*(x_i) = σᵀKα = B q/sqrt(q) = B sqrt(q); every f of the "
                 "ball has Σσ_i f(x_i) = ⟨f, Σσ_i k(x_i, ·)⟩ ≤ B sqrt(q), so the sup is "
                 "B sqrt(σᵀKσ)", B * _q / sympy.sqrt(_q), B * sympy.sqrt(_q)),
        Identity("E_σ σᵀKσ = tr K (the cross terms E σ_iσ_j, i ≠ j, vanish; m = 3 in full)",
                 sum(((s.T * _k * s)[0, 0] for s in _signs3), sympy.Integer(0)) / 8,
                 _k.trace()),
        Inequality("Jensen (concavity of sqrt), for two values a = u², b = v²: "
                   "((√a + √b)/2)² ≤ (a + b)/2; so E sqrt(σᵀKσ) ≤ sqrt(tr K)",
                   ((_u + _v) / 2) ** 2, (_u**2 + _v**2) / 2),
        Identity("K diagonal: σᵀKσ = Σ K_ii σ_i² = tr K for every σ, so equality holds "
                 "(m = 3 in full)",
                 sum(_k[i, i] * _s[i] ** 2 for i in range(3)).subs({s: 1 for s in _s}),
                 _k.trace()),
        Identity("Khintchine–Kahane equality case: two equal vectors v, E‖σ_1v + σ_2v‖ = ‖v‖ "
                 "and sqrt(E‖σ_1v + σ_2v‖²) = sqrt(2)‖v‖, ratio 1/sqrt(2)",
                 (2 * _u + 0) / 2 / sympy.sqrt((4 * _u**2 + 0) / 2), 1 / sympy.sqrt(2)),
    ),
    witnesses=(
        Witness("K = diag(1, ..., 8), B = 3/2 (orthogonal features): equality",
                _kernel_instance("diagonal", list(range(1, 9)), F(3, 2)), attains=True,
                note="σᵀKσ = tr K = 36 for every σ: Rad = (3/2)(6)/8 = 9/8 exactly"),
        Witness("m = 16, K = I (orthonormal features), B = 1: equality, all 2^16 signs",
                _kernel_instance("diagonal", [1] * 16, F(1)), attains=True,
                note="Rad = sqrt(16)/16 = 1/4 = (B/m) sqrt(tr K)"),
        Witness("min kernel at x = 1/16, ..., 1 (m = 16), B = 2",
                _kernel_instance("min", [F(k, 16) for k in range(1, 17)], F(2), seed=3),
                note="ratio (Rad/bound)² ≈ 0.79: strictly below the trace bound; the feasible "
                     "functions reach the identity's value to 2^(−64)"),
        Witness("16 identical points (K = 11ᵀ), B = 1: Rad = E|Σσ_i|/16 = 6435/32768",
                _kernel_instance("linear", [(F(1),)] * 16, F(1), seed=4),
                claim=sympy.Eq(rad_H, sympy.Rational(6435, 32768)),
                note="E|Σσ_i| = 16·C(15, 7)/2^15 (a binomial count, independent of the kernel "
                     "code); ratio² = (E|Σσ_i|)²/16 ≈ 0.617, so a measure that returned the "
                     "trace bound would fail the claim"),
        Witness("two identical points x = (1), B = 1: the Khintchine–Kahane constant is attained",
                _kernel_instance("linear", [(F(1),)] * 2, F(1), seed=5),
                claim=sympy.Eq(2 * m**2 * rad_H**2, B**2 * tr_K),
                note="σᵀKσ ∈ {4, 0}: Rad = 1/2 exactly = (B/(sqrt(2) m)) sqrt(tr K); a halved "
                     "measure would fall below the lower relation"),
    ),
    mutants=(
        Mutant("half the bound", "Rad ≤ (B/(2m)) sqrt(tr K)",
               statement=sympy.And(sympy.Le(rad_H**2, B**2 * tr_K / (4 * m**2)),
                                   *_rkhs_companions)),
        Mutant("the trace bound is always attained", "Rad = (B/m) sqrt(tr K) for every kernel "
               "(Khintchine–Kahane with constant 1)",
               statement=sympy.And(_rkhs_bound, sympy.Ge(m**2 * rad_H**2, B**2 * tr_K),
                                   *_rkhs_companions[1:])),
        implementation_mutant(
            "Jensen inside the expectation", "the measure computes (B/m) sqrt(E_σ σᵀKσ), i.e. "
            "returns the trace bound instead of the mean of the square roots",
            patches={"theorems.generalization.norms.ball_rademacher": _jensen_inside}),
        implementation_mutant(
            "half cube, full count", "the 2^(m−1) sign vectors with σ_1 = +1 are summed and "
            "divided by 2^m (a factor 1/2)",
            patches={"theorems.generalization.norms.ball_rademacher": _half_cube_full_count}),
    ),
    notes="""THEOREMS.md Section 2 (survey §2.1–2.2). The identity is the classical dual-norm
computation (sup over the ball = B‖Σσ_i k(x_i, ·)‖_H by Cauchy–Schwarz) and the bound is Jensen;
both are elementary and reliable (Mohri et al. Thm 6.12 and Bartlett–Mendelson 2002 state the
trace bound; the equality form is derived here, [D]).

Measured: rad, the identity's value (B/m) E_σ sqrt(σᵀKσ): all 2^(m−1) sign vectors with
σ_1 = +1 (σᵀKσ is even in σ) are enumerated, σᵀKσ exactly in integers, and the mean of the
square roots is exact when every sqrt(σᵀKσ) is a rational multiple of one surd (K diagonal,
identical points), else an arb ball (192 bits). rad_lower, independently of the identity: for
every σ the member f_σ = c_σ Σσ_i k(x_i, ·) of the ball (c_σ ≤ B/sqrt(σᵀKσ) rational, its norm
‖f_σ‖_H ≤ B decided in integers) is evaluated at the sample, and (1/m) E_σ Σ_j σ_j f_σ(x_j) is a
certified lower bound on the supremum (``verify.domain.learning.rkhs_supremum``). cs_excess: for
every σ and test functions f = B·Σβ_i k(x_i, ·)/‖·‖_H of the ball (β = basis vectors, all ones,
random integer vectors), (Σσ_i f(x_i))² ≤ B² σᵀKσ, i.e. (σᵀKβ)² ≤ (σᵀKσ)(βᵀKβ), decided in
integers (it fails when K is not positive semidefinite).

Clauses: the theorem's bound, stated squared, Rad² ≤ B² tr K/m² (both sides ≥ 0; the equality
case is decided exactly; the reported ratio is (Rad/bound)²); and four companions that pin the
measured value from both sides: rad_lower ≤ rad ≤ rad_lower (1 + 2^(−40)) (the supremum is at
least every feasible value and is attained by the maximiser), the Khintchine–Kahane lower
relation 2m² Rad² ≥ B² tr K, i.e. E‖Σσ_i v_i‖ ≥ sqrt(E‖Σσ_i v_i‖²)/sqrt(2) with the best
constant of Latała and Oleszkiewicz (1994) (a known result, not a claim of the survey; recalled,
[M]), and cs_excess ≤ 0. So rad lies between (B/(sqrt(2) m)) sqrt(tr K) and (B/m) sqrt(tr K),
and equals the value of explicit members of the ball.

Kernels with rational Gram matrices: linear, polynomial (c + ⟨x, y⟩)^p, min(x, y) (Brownian
motion), integer feature maps, diagonal, identical points. Sharp: K diagonal gives equality
(witnesses at m = 8 and m = 16, ratio 1 exactly); two identical points attain the lower relation
exactly (witness claim); 16 identical points pin Rad = 6435/32768 (witness claim, a binomial count
independent of the kernel code). Mutants: (B/(2m)) sqrt(tr K) is falsified by the diagonal
witnesses (ratio 4); "always attained" (constant 1 in the lower relation) by identical points;
the implementation mutants "Jensen inside" (the measure returns the trace bound) by the
feasible-value clause and the 6435/32768 claim, and "half cube, full count" (a factor 1/2) by the
lower relation and rad_lower ≤ rad.""",
)


# --------------------------------------------------------------------------------------------
# norms.rademacher_generalization
# --------------------------------------------------------------------------------------------

delta = parameter("delta", positive=True)
p_viol = quantity("p_viol", latex=r"\mathbb{P}\left(\exists f\in\mathcal{F}: \mathcal{R}(f) > "
                                   r"\widehat{\mathcal{R}}_s(f) + 2\mathfrak{R}_m(L\circ"
                                   r"\mathcal{F}) + \sqrt{\log(1/\delta)/(2m)}\right)")
p_mc = quantity("p_mc", latex=r"\widehat{\mathbb{P}}_{\mathrm{MC}}(\exists f\in\mathcal{F}: "
                               r"\ldots)")
exp_gap = quantity("exp_gap", latex=r"\mathbb{E}_S\max_{f\in\mathcal{F}}(\mathcal{R}(f) - "
                                     r"\widehat{\mathcal{R}}_S(f))")
rad_m = quantity("rad_m", latex=r"\mathfrak{R}_m(L\circ\mathcal{F})")


def _trials(context: Context) -> int:
    """Monte-Carlo samples per measurement (the engine's sample scale multiplies them)."""
    return context.samples(1000, 2000, 4000)


def _loss_class(instance: Instance) -> tuple[FiniteDistribution, LossMatrix]:
    d = instance.data
    dist = FiniteDistribution.from_weights(d["distribution"])
    return dist, LossMatrix.of(dist, d["hypotheses"], d["loss"])


def _generalization_measure(instance: Instance, context: Context,
                            confidence_term: bool = True) -> dict[str, Any]:
    """Rad_m and the law of max_f (R − R̂) exactly (enumerated count vectors), and the violation
    probability exactly from that law; on instances that ask for it (``monte_carlo``), also the
    violation frequency over exact i.i.d. samples, an independent check of the enumeration."""
    dist, losses = _loss_class(instance)
    p = instance.params
    size, level = int(p["m"]), F(p["delta"])
    rad = expected_rademacher(dist, losses, size)
    law = gap_law(dist, losses, size)
    values: dict[str, Any] = {
        "p_viol": Exact(law.violation_probability(rad, level, confidence_term)),
        "exp_gap": Exact(law.mean()),
        "rad_m": Exact(rad),
    }
    if instance.data.get("monte_carlo"):
        values["p_mc"] = violation_frequency(dist, losses, size, level, instance.data["seed"],
                                             _trials(context), confidence_term, CONFIDENCE)
    return values


def _without_confidence_term(instance: Instance, context: Context) -> dict[str, Any]:
    return _generalization_measure(instance, context, confidence_term=False)


def _halved_rademacher(dist: FiniteDistribution, losses: LossMatrix, size: int,
                       max_terms: int = 400_000) -> Fraction:
    """Planted bug: the Rademacher average normalized by 2m instead of m."""
    return rademacher_module.expected_rademacher(dist, losses, size, max_terms) / 2


def _mcdiarmid_without_two(excess: Fraction, size: int, level: Fraction) -> bool:
    """Planted bug: McDiarmid's term taken as sqrt(log(1/δ)/m) (the 2 of 2m dropped)."""
    if excess <= 0:
        return False
    with workprec(256):
        left = flint.arb(flint.fmpq(excess.numerator, excess.denominator)) ** 2 * size
        right = flint.arb(flint.fmpq(level.denominator, level.numerator)).log()
        return bool(left > right)


@st.composite
def _generalization_problem(draw: Any, budget: Budget) -> Instance:
    loss = draw(st.sampled_from(["zero_one", "absolute", "squared"]))
    if loss == "zero_one":
        xs: tuple[Any, ...] = tuple(range(draw(st.integers(1, 3))))
        labels: tuple[Any, ...] = (0, 1)
    else:  # labels and predictions in [0, 1]: both losses lie in [0, 1]
        xs = tuple(range(draw(st.integers(1, 2))))
        labels = (F(0), F(1, 2), F(1))
    dist = draw(finite_distributions(xs, labels))
    hypotheses = draw(hypothesis_classes(xs, labels, (1, budget.pick(4, 6, 8))))
    losses = LossMatrix.of(dist, hypotheses, loss)
    cells = len(merged_cells(dist, losses)[1])
    cap = largest_sample_size(cells, budget.pick(12, 16, 24), budget.pick(20_000, 60_000, 200_000))
    size = draw(st.integers(1, cap))
    level = draw(st.sampled_from([F(1, 20), F(1, 10), F(1, 4), F(1, 2)]))
    return Instance({"m": size, "delta": level, "K": len(hypotheses)},
                    {"distribution": dist.as_data(), "hypotheses": hypotheses, "loss": loss,
                     "seed": draw(seeds())})


def _fair_coin(size: int, level: Fraction, seed: int) -> Instance:
    """X = {0}, Y a fair coin, F = {f ≡ 0}, 0-1 loss: R = 1/2, R̂ = Bin(m, 1/2)/m, Rad_m = 0."""
    return Instance({"m": size, "delta": level, "K": 1},
                    {"distribution": {(0, 0): F(1, 2), (0, 1): F(1, 2)}, "hypotheses": ({0: 0},),
                     "loss": "zero_one", "seed": seed, "monte_carlo": True},
                    label="one hypothesis, fair coin")


def _rare_label(level: Fraction, seed: int) -> Instance:
    """X = {0}, Y ~ Bernoulli(1/32), F = {f ≡ 0}, 0-1 loss, m = 1: R = 1/32, Rad_1 = 0, and
    R − R̂ = 1/32 > sqrt(log(1/δ)/2) iff Y = 0 (probability 31/32) when δ > exp(−2/1024)."""
    return Instance({"m": 1, "delta": level, "K": 1},
                    {"distribution": {(0, 0): F(31, 32), (0, 1): F(1, 32)},
                     "hypotheses": ({0: 0},), "loss": "zero_one", "seed": seed,
                     "monte_carlo": True},
                    label="one hypothesis, rare label, m = 1")


def _small_sets(points: int, size: int, level: Fraction, seed: int) -> Instance:
    """X = {0, ..., N − 1} uniform, Y ≡ 0, 0-1 loss, F = the indicators of the sets with at most
    m points and of their complements: on a sample of m points it realizes every sign pattern
    that matters, so E max_f (R − R̂) = (1 − 1/N)^m (the mass the sample misses) and, for m = 2,
    Rad_2 = (2N − 1)/(4N)."""
    hypotheses = []
    for k in range(size + 1):
        for chosen in itertools.combinations(range(points), k):
            hypotheses.append({x: int(x in chosen) for x in range(points)})
            hypotheses.append({x: int(x not in chosen) for x in range(points)})
    return Instance({"m": size, "delta": level, "K": len(hypotheses)},
                    {"distribution": {(x, 0): F(1, points) for x in range(points)},
                     "hypotheses": tuple(hypotheses), "loss": "zero_one", "seed": seed},
                    label=f"sets of at most {size} of {points} uniform points")


def _loss_in_unit_interval(instance: Instance) -> bool:
    lo, hi = _loss_class(instance)[1].value_range()
    return lo >= 0 and hi <= 1


_c = sympy.Symbol("c", positive=True)
_i = sympy.Symbol("i", integer=True, positive=True)
_RARE_LEVEL = F(9981, 10000)
"""Just above exp(−2/1024) ≈ 0.99805: the violation probability 31/32 is 0.97 of δ."""
_generalization_bound = sympy.Le(p_viol, delta)
_generalization_companion = sympy.Le(exp_gap, 2 * rad_m)

rademacher_generalization = Theorem(
    id="norms.rademacher_generalization",
    title="With probability ≥ 1 − δ, for all f: R(f) ≤ R̂_s(f) + 2Rad_m(L∘F) + "
          "sqrt(log(1/δ)/(2m))",
    survey="§2.2 (Rademacher complexity and generalization)",
    source="Mohri, Rostamizadeh, Talwalkar, Foundations of Machine Learning, Thm 3.3 "
           "(SOURCES T7, [V-secondary])",
    statement=sympy.And(_generalization_bound, _generalization_companion),
    parameters=(m, delta, K),
    quantities=(p_viol, exp_gap, rad_m, p_mc),
    mode="certified",
    instances=_generalization_problem,
    measure=_generalization_measure,
    premises=(
        Premise("loss values in [0, 1]", _loss_in_unit_interval),
        Premise("0 < δ < 1", lambda i: 0 < i.params["delta"] < 1),
        Premise("K = |F|", lambda i: len(i.data["hypotheses"]) == i.params["K"]),
    ),
    proof=(
        Identity("McDiarmid for Φ(S) = sup_g (E g − Ê_S g): changing one point moves Φ by at "
                 "most c_i = 1/m, and Σ_{i≤m} c_i² = 1/m",
                 sympy.Sum((1 / m) ** 2, (_i, 1, m)), 1 / m),
        Identity("P(Φ − EΦ ≥ ε) ≤ exp(−2ε²/Σc_i²) = exp(−2mε²), which equals δ at "
                 "ε = sqrt(log(1/δ)/(2m))",
                 sympy.exp(-2 * m * sympy.sqrt(sympy.log(1 / delta) / (2 * m)) ** 2), delta),
        Identity("sets of at most m of N uniform points: E max_f (R − R̂) = E[mass missed by the "
                 "sample] = (1 − 1/N)^m; for m = 2, Rad_2 = ((N − 1)/N · 1 + (1/N) · 1/2)/2 "
                 "= (2N − 1)/(4N), so the symmetrization ratio 2(N − 1)²/(N(2N − 1)) → 1",
                 (1 - 1 / _c) ** 2 / (2 * (((_c - 1) / _c + 1 / (2 * _c)) / 2)),
                 2 * (_c - 1) ** 2 / (_c * (2 * _c - 1))),
    ),
    witnesses=(
        Witness("one hypothesis, fair coin, m = 9, δ = 1/4", _fair_coin(9, F(1, 4), 7),
                claim=sympy.And(sympy.Eq(p_viol, sympy.Rational(46, 512)), sympy.Eq(p_mc, p_viol)),
                note="Rad_m = 0; violation iff R̂ < 1/2 − sqrt(log 4/18): at most 2 ones of 9, "
                     "P = 46/512 ≈ 0.090 exactly; the Monte-Carlo frequency agrees (claim)"),
        Witness("one hypothesis, rare label, m = 1, δ = 9981/10000: ratio 0.97",
                _rare_label(_RARE_LEVEL, 9),
                claim=sympy.And(sympy.Eq(p_viol, sympy.Rational(31, 32)), sympy.Eq(p_mc, p_viol)),
                note="McDiarmid's exponent 2mε² is sharp as δ → 1: P = 31/32 = 0.97 δ; the "
                     "Monte-Carlo frequency agrees (claim)"),
        Witness("sets of at most 2 of 20 uniform points, δ = 1/10: symmetrization at ratio 0.93",
                _small_sets(20, 2, F(1, 10), 11),
                claim=sympy.And(sympy.Eq(exp_gap, sympy.Rational(361, 400)),
                                sympy.Eq(rad_m, sympy.Rational(39, 80))),
                note="E max_f (R − R̂) = (19/20)² = 361/400 and Rad_2 = 39/80 (claims): "
                     "E max ≤ 2Rad_m at ratio 722/780 ≈ 0.926, so the factor 2 is needed"),
    ),
    mutants=(
        Mutant("drop the confidence term", "with probability ≥ 1 − δ, for all f: "
               "R(f) ≤ R̂_s(f) + 2Rad_m(L∘F)",
               measure=_without_confidence_term, kind="statement",
               extra_witnesses=(Witness(
                   "one hypothesis, fair coin, m = 9, δ = 1/20", _fair_coin(9, F(1, 20), 8),
                   note="Rad of a one-element class is 0; R > R̂ iff R̂ < 1/2, probability "
                        "exactly 1/2 > δ"),)),
        Mutant("symmetrization without its factor 2", "E_S max_f (R(f) − R̂_S(f)) ≤ Rad_m "
               "(the bound with Rad_m in place of 2Rad_m)",
               statement=sympy.And(_generalization_bound, sympy.Le(exp_gap, rad_m))),
        implementation_mutant(
            "Rademacher average over 2m", "Rad_m normalized by 2m instead of m (a factor 1/2 "
            "in the main helper)",
            patches={"theorems.generalization.norms.expected_rademacher": _halved_rademacher}),
        implementation_mutant(
            "McDiarmid term without the 2", "the exact violation event compares with "
            "sqrt(log(1/δ)/m) instead of sqrt(log(1/δ)/(2m))",
            patches={"verify.domain.learning.symmetrization.exceeds_confidence_term":
                     _mcdiarmid_without_two}),
    ),
    notes=f"""Mohri, Rostamizadeh, Talwalkar Thm 3.3, first inequality, for G: Z → [0, 1]
(SOURCES T7, [V-secondary]: the locator was verified in course notes, the book was not read);
THEOREMS.md Section 2. Proof: McDiarmid with bounded differences 1/m, then symmetrization
EΦ ≤ 2Rad_m; the McDiarmid algebra is checked by sympy, the symmetrization by the exact clause
below.

Everything is exact on finite laws. Rad_m(L∘F) = E_S E_σ sup_g (1/m)Σσ_i g(z_i): the pairs
(z_i, σ_i) are i.i.d. on cells × {{±1}}, so Rad_m is a finite sum over count vectors with
multinomial weights (cells with equal loss columns merged; sample sizes are capped so that at most
20000/60000/200000 count vectors are enumerated). The law of G = max_g (R(g) − R̂_S(g)) is
enumerated the same way over count vectors of the cells (``verify.domain.learning.
symmetrization``). Clauses: p_viol = P(G > 2Rad_m + sqrt(log(1/δ)/(2m))), exactly (each
comparison in arb balls; never a tie, as log(1/δ) is irrational), ≤ δ: the theorem itself,
decided exactly (THEOREMS.md asks for a statistical check; the exact law makes it certified);
and the tight companion E_S G ≤ 2Rad_m (symmetrization), exactly. The statistical check is kept
as an independent test of the enumeration: on the fair-coin and rare-label witnesses the
violation frequency p_mc over exact i.i.d. samples (1000/2000/4000 by budget; Clopper–Pearson,
level {CONFIDENCE}) must agree with p_viol (witness claims; a frequency is not a clause of the
statement because its resolution is undefined where p_viol = 0 or δ is near 1).

The bound is loose for random small instances (their p_viol sits far below δ), so three witnesses
pin it: a fair coin (P = 46/512 exactly, claim), a rare label at m = 1 where δ is just above
exp(−2/1024) (P = 31/32 = 0.97 δ: McDiarmid's exponent is sharp there), and the class of sets
of at most 2 of 20 uniform points, where E G = 361/400 and Rad_2 = 39/80 (claims) put the
symmetrization inequality at ratio 0.93 (2(N − 1)²/(N(2N − 1)) → 1 as N grows).
Mutants: the confidence term dropped (a statement mutant carried by the measure: one hypothesis
has Rad_m = 0 and R − R̂ > 0 with probability exactly 1/2 for a fair coin and odd m, far above
δ = 1/20); Rad_m in place of 2Rad_m in the symmetrization clause (falsified exactly by the sets
witness, ratio 1.85); and two implementation mutants, Rad_m normalized by 2m (the sets witness)
and McDiarmid's term without its 2 (the fair-coin and rare-label claims).""",
)


# --------------------------------------------------------------------------------------------
# norms.golowich_rakhlin_shamir
# --------------------------------------------------------------------------------------------

B_X = parameter("B_X", positive=True)
M_F = parameter_sequence("M_F")
widths = parameter("widths")
rad_net = quantity("rad", latex=r"\widehat{\mathfrak{R}}_S(\mathcal{H}_L)")
rad_upper = quantity("rad_upper", latex=r"\frac{\prod_j M_F(j)}{m}\,\mathbb{E}_\sigma"
                                        r"\max(A_{\sigma=+1}, A_{\sigma=-1})")

grs_bound = B_X * (sympy.sqrt(2 * sympy.log(2) * L) + 1) * sympy.Product(M_F[j_], (j_, 1, L)) \
    / sympy.sqrt(m)
REACHED = sympy.Rational(999999, 10**6)
"""A witness whose companion is exact must see the search reach it to 10^(−6)."""


def _search_effort(context: Context) -> tuple[int, int]:
    """(restarts, steps) of the projected gradient ascent."""
    return context.budget.pick((4, 60), (8, 100), (16, 150))


def _grs_measure(instance: Instance, context: Context, scale: int = 1) -> dict[str, Any]:
    """rad — L = 1: (M/m) E_σ‖Σσ_i x_i‖ exactly or in arb balls; L ≥ 2: the mean over all sign
    vectors (σ_1 = +1; the class is symmetric) of the best value found by projected gradient
    ascent (a float lower estimate); rigorously, that of the found weights made exactly
    feasible and evaluated in rationals (a certified lower bound on Rad_S). rad_upper — a
    rigorous upper bound on Rad_S, exact on orthogonal inputs: Jensen's (M/m) sqrt(Σ‖x_i‖²) at
    L = 1, ``relu_rademacher_upper`` at L ≥ 2. ``scale`` plants a normalization bug."""
    p, points = instance.params, instance.data["points"]
    norms = list(p["M_F"])
    if p["L"] == 1:
        return {"rad": ball_rademacher(gram(points), norms[0]),
                "rad_upper": linear_jensen_bound(points, norms[0])}
    restarts, steps = _search_effort(context)
    with single_cpu_thread(context.device):
        search = search_network_rademacher(
            points, p["widths"], norms, sign_vectors(len(points), half=True),
            restarts=restarts, steps=steps, seed=int(instance.data.get("seed", 0)),
            device=context.device, dtype=context.dtype or torch.float64, path_starts=True)
    if context.rigorous:
        found: Any = Exact(scale * certified_network_lower_bound(search, points, norms))
    else:
        found = Float(scale * search.value)
    return {"rad": found, "rad_upper": relu_rademacher_upper(points, norms)}


def _grs_over_half_m(instance: Instance, context: Context) -> dict[str, Any]:
    """Planted bug: the objective (2/m) Σσ_i h(x_i), i.e. normalized by m/2, in the search
    and in its exact re-evaluation."""
    return _grs_measure(instance, context, scale=2)


def _no_sign_choice(points: Any) -> tuple[list[int], int]:
    """Planted bug in the upper bound: A_T² = ‖Σ_T x_i‖², the maximum over the signs s_i
    forgotten."""
    rows = [[as_fraction(v) for v in p] for p in points]
    den = math.lcm(*(v.denominator for row in rows for v in row)) ** 2
    m = len(points)
    plain = [0] * (1 << m)
    for mask in range(1 << m):
        total = [sum((rows[i][k] for i in range(m) if mask >> i & 1), F(0))
                 for k in range(len(rows[0]))]
        plain[mask] = int(sum((v * v for v in total), F(0)) * den)
    return plain, den


def _norm_bound(points: Sequence[Sequence[Fraction]]) -> Fraction:
    """The smallest multiple of 1/4 that bounds every ‖x_i‖₂ (exactly)."""
    top = max(sum(v * v for v in p) for p in points)
    k = max(1, math.isqrt(int(top * 16)))
    while F(k, 4) ** 2 < top:
        k += 1
    return F(k, 4)


def _grs_instance(points: Sequence[Sequence[Any]], hidden: Sequence[int], norms: Sequence[Any],
                  bound: Fraction | None = None, seed: int = 0, label: str = "") -> Instance:
    pts = tuple(tuple(F(v) for v in p) for p in points)
    arch = (len(pts[0]), *hidden, 1)
    return Instance({"L": len(arch) - 1, "m": len(pts), "B_X": bound or _norm_bound(pts),
                     "M_F": tuple(F(v) for v in norms), "widths": arch},
                    {"points": pts, "seed": seed}, label=label)


def _axis(dim: int, index: int, length: Fraction, sign: int = 1) -> tuple[Fraction, ...]:
    return tuple(sign * length if k == index else F(0) for k in range(dim))


@st.composite
def _grs_problem(draw: Any, budget: Budget) -> Instance:
    depth = draw(st.integers(1, 3))
    dim = draw(st.integers(1, 4))
    size = draw(st.integers(1, budget.pick(12, 14, 16) if depth == 1 else budget.pick(6, 8, 9)))
    style = draw(st.sampled_from(["random", "axes", "orthogonal", "identical"]))
    length = draw(dyadic(F(1, 2), 2, 2))
    if style == "random":
        points = draw(st.lists(st.tuples(*(dyadic(-1, 1, 3) for _ in range(dim))),
                               min_size=size, max_size=size))
    elif style == "axes":  # on the sphere of radius B_X: ±B_X e_k
        picks = draw(st.lists(st.tuples(st.integers(0, dim - 1), st.sampled_from([1, -1])),
                              min_size=size, max_size=size))
        points = [_axis(dim, k, length, s) for k, s in picks]
    elif style == "orthogonal":  # B_X e_1, ..., B_X e_d, repeated
        points = [_axis(dim, i % dim, length) for i in range(size)]
    else:
        points = [draw(st.tuples(*(dyadic(-1, 1, 3) for _ in range(dim))))] * size
    if all(v == 0 for p in points for v in p):
        points[0] = _axis(dim, 0, length)
    hidden = [draw(st.integers(1, 4)) for _ in range(depth - 1)]
    norms = [draw(dyadic(F(1, 2), 2, 2)) for _ in range(depth)]
    bound = length if style in ("axes", "orthogonal") else None
    return _grs_instance(points, hidden, norms, bound, draw(seeds()), label=f"{style} inputs")


def _inputs_bounded(instance: Instance) -> bool:
    bound = instance.params["B_X"]
    return all(sum(v * v for v in p) <= bound * bound for p in instance.data["points"])


def _architecture_fits(instance: Instance) -> bool:
    p, points = instance.params, instance.data["points"]
    arch = tuple(p["widths"])
    return (len(arch) - 1 == p["L"] == len(p["M_F"]) and arch[-1] == 1
            and all(len(x) == arch[0] for x in points) and min(arch) >= 1)


_orthonormal = _grs_instance([_axis(4, k, F(2)) for k in range(4)], [], [F(3, 2)],
                             label="x_i = 2e_i")
_w = sympy.Symbol("w", real=True)
_M, _Bx = sympy.symbols("M B", positive=True)
_x = sympy.symbols("x1:4", real=True)

_grs_clauses = (sympy.Le(rad_net, grs_bound), sympy.Le(rad_net, rad_upper))
_a1, _a2, _r1, _r2 = sympy.symbols("a1 a2 r1 r2", real=True)

golowich_rakhlin_shamir = Theorem(
    id="norms.golowich_rakhlin_shamir",
    title="Depth-L ReLU networks, ‖W_j‖_F ≤ M_F(j), ‖x_i‖ ≤ B_X: "
          "Rad_S ≤ B_X (sqrt(2 log(2) L) + 1) Π_j M_F(j)/sqrt(m)",
    survey="§2.2 (norm-based bounds)",
    source="Golowich, Rakhlin, Shamir, Size-independent sample complexity of neural networks, "
           "COLT 2018, Thm 1 (SOURCES T7)",
    statement=sympy.And(*_grs_clauses),
    parameters=(L, m, B_X, M_F, widths),
    quantities=(rad_net, rad_upper),
    mode="sampled",
    instances=_grs_problem,
    measure=_grs_measure,
    premises=(
        Premise("‖x_i‖₂ ≤ B_X for every input", _inputs_bounded),
        Premise("m = number of inputs", lambda i: len(i.data["points"]) == i.params["m"]),
        Premise("L layers (d, n_1, ..., n_{L−1}, 1), one norm bound M_F(j) > 0 per layer",
                lambda i: _architecture_fits(i) and all(v > 0 for v in i.params["M_F"])),
    ),
    proof=(
        Identity("L = 1: sup_{‖w‖≤M} Σσ_i wᵀx_i = M‖v‖ for v = Σσ_i x_i, attained at "
                 "w = Mv/‖v‖ (value M vᵀv/‖v‖)", _M * _q / sympy.sqrt(_q), _M * sympy.sqrt(_q)),
        Identity("E_σ‖Σσ_i x_i‖² = Σ‖x_i‖² (one coordinate, m = 3 in full)",
                 sum((sum(s * x for s, x in zip(row, _x, strict=True)) ** 2
                      for row in sign_vectors(3).tolist()), sympy.Integer(0)) / 8,
                 sum(x**2 for x in _x)),
        Identity("Jensen and ‖x_i‖ ≤ B: (M/m) sqrt(Σ‖x_i‖²) ≤ (M/m) sqrt(m B²) = MB/sqrt(m) "
                 "(equality for orthogonal x_i of norm B)",
                 _M / m * sympy.sqrt(m * _Bx**2), _M * _Bx / sympy.sqrt(m)),
        Inequality("so at L = 1 the truth MB/sqrt(m) is below GRS's bound: "
                   "1 ≤ sqrt(2 log(2) L) + 1", 1, sympy.sqrt(2 * sympy.log(2) * L) + 1),
        Inequality("companion, L ≥ 2: the last layer's rows r_k (Σ‖r_k‖² ≤ 1) times the output "
                   "weights a_k (Σa_k² ≤ 1) give Σ|a_k|‖r_k‖ ≤ 1 (two rows: Cauchy–Schwarz), so "
                   "H_L lies in the absolutely convex hull of ρ(H_(L−1))",
                   (_a1 * _r1 + _a2 * _r2) ** 2, (_a1**2 + _a2**2) * (_r1**2 + _r2**2)),
        Identity("companion exact on orthogonal inputs of norm B: ‖Σ_(i∈T) s_i x_i‖² = |T| B² "
                 "for every sign choice s (|T| = 3), so A_T = B sqrt(|T|), which one path of "
                 "units attains", sum(((sg * _Bx) ** 2 for sg in (1, -1, 1)), sympy.Integer(0)),
                 3 * _Bx**2),
    ),
    witnesses=(
        Witness("L = 1, orthonormal inputs x_i = 2e_i (m = d = 4), M = 3/2", _orthonormal,
                claim=sympy.Eq(rad_net, B_X * M_F[1] / sympy.sqrt(m)),
                note="Rad = B_X M/sqrt(m) = 3/2 exactly (claim) = Jensen's companion (ratio "
                     "1); GRS ratio 1/(sqrt(2 log 2) + 1) ≈ 0.459"),
        Witness("L = 1, orthonormal inputs, m = d = 16, M = 1, all 2^16 signs",
                _grs_instance([_axis(16, k, F(1)) for k in range(16)], [], [F(1)]),
                claim=sympy.Eq(rad_net, B_X * M_F[1] / sympy.sqrt(m)),
                note="Rad = 1/4 exactly"),
        Witness("L = 2, width 3, orthonormal inputs x_i = 2e_i (m = 4), M = (1, 1)",
                _grs_instance([_axis(4, k, F(2)) for k in range(4)], [3], [1, 1], seed=2),
                claim=sympy.Ge(rad_net, REACHED * rad_upper),
                note="Rad = (B_X/m) E max(sqrt(p), sqrt(m − p)) ≈ 0.823 (p = #{σ_i = +1}): "
                     "one path of units attains the companion upper bound, and the search "
                     "must reach it (claim); GRS's bound ≈ 2.67"),
        Witness("L = 3, widths (4, 3, 3, 1), orthonormal inputs x_i = 2e_i, M = (1, 2, 1/2)",
                _grs_instance([_axis(4, k, F(2)) for k in range(4)], [3, 3], [1, 2, F(1, 2)],
                              seed=3),
                claim=sympy.Ge(rad_net, REACHED * rad_upper),
                note="the same exact value at depth 3 (ΠM = 1): the companion is tight at every "
                     "depth on orthogonal inputs"),
        Witness("L = 3, width 4, 6 points on the axes of R^3, M = (1, 2, 1/2)",
                _grs_instance([_axis(3, k % 3, F(1), (-1) ** k) for k in range(6)], [4, 4],
                              [1, 2, F(1, 2)], seed=5),
                note="opposite points: the search reaches ≈ 0.66 of the companion bound"),
    ),
    mutants=(
        Mutant("0.4 × the bound", "Rad_S ≤ 0.4 B_X (sqrt(2 log(2) L) + 1) Π_j M_F(j)/sqrt(m)",
               statement=sympy.And(sympy.Le(rad_net, sympy.Rational(2, 5) * grs_bound),
                                   _grs_clauses[1])),
        implementation_mutant(
            "objective over m/2", "the search and its exact re-evaluation normalize "
            "Σσ_i h(x_i) by m/2 instead of m (a factor 2 in the measured Rad_S at L ≥ 2)",
            measure=_grs_over_half_m),
        implementation_mutant(
            "companion without its sign choice", "A_T² = ‖Σ_T x_i‖² instead of "
            "max_s ‖Σ_T s_i x_i‖² in the upper bound (too small when points oppose)",
            patches={"verify.domain.learning.relu_class.subset_sign_maxima": _no_sign_choice}),
    ),
    notes="""GRS 2018 Thm 1 as in SOURCES T7 ([V-secondary, code]: the constant
(sqrt(2 log(2) d) + 1) and the form (1/m)·Π M_F(j)·sqrt(Σ‖x_i‖²) ≤ B_X Π M_F(j)/sqrt(m) agree with
the implementation `golowich_fro` of rkwitt/excess_capacity, "Theorem 1 in Golowich et al., COLT
2018"; the paper itself was not read). Setting: no biases, ρ = ReLU (1-Lipschitz, positively
homogeneous), one output; Rad_S = E_σ sup_h (1/m) Σσ_i h(x_i).

L = 1 is decided rigorously: the class {x ↦ wᵀx: ‖w‖ ≤ M} has sup = M‖Σσ_i x_i‖, so
Rad_S = (M/m) E_σ sqrt(σᵀGσ) with G = XXᵀ, enumerated over all sign vectors and enclosed in arb
balls (exact when every sqrt(σᵀGσ) is a rational multiple of one surd); inputs are random dyadic
points, points ±B_X e_k on the sphere, orthogonal and identical points. L ≥ 2 is sampled: for
every sign vector (σ_1 = +1, the class being symmetric under W_L ↦ −W_L) projected gradient
ascent over the Frobenius balls (normalized steps, 4/8/16 restarts by budget, two of them started
from single paths of units along Σ_(σ_i=±1) x_i; torch on the context's device, one CPU thread)
finds feasible weights; the mean of the best values is a lower estimate of Rad_S, and a float
violation is re-measured by making the weights exactly feasible and evaluating them in rationals
(a certified lower bound).

The GRS bound is loose (ratio ≤ 0.46 at L = 1, about a third at L ≥ 2), so a second clause pins
the measured value from above with a rigorous bound that is exact on orthogonal inputs
(``verify.domain.learning.relu_class``, derived here [D]): at L = 1 Jensen's (M/m) sqrt(Σ‖x_i‖²);
at L ≥ 2, since H_L lies in the absolutely convex hull of ρ(H_(L−1)),
sup_h Σσ_i h(x_i) ≤ Π M_F(j) max(A_P, A_N) with A_T = max_(s ∈ {±1}^T) ‖Σ_(i∈T) s_i x_i‖ over the
points with σ_i = +1 (P) and −1 (N), enumerated exactly over the 3^m vectors in {−1, 0, 1}^m. One
path of units attains it on orthogonal inputs of norm B: Rad_S = (B Π M_F(j)/m)
E_σ max(sqrt(p), sqrt(m − p)) at every depth, which the witnesses at L = 2 and 3 must reach to
10^(−6) (claims). On random instances the search reaches 0.5–0.9 of the companion, so a measured
value off by a factor 2 exceeds it.
Mutants: 0.4 × bound (at L = 1 with orthonormal inputs the truth B_X M/sqrt(m) exceeds
0.4 (sqrt(2 log 2) + 1) ≈ 0.871 times B_X M/sqrt(m): falsified in arb balls; a "halved" GRS
(≈ 1.09) would not be falsifiable this way, SOURCES T7); the objective normalized by m/2 (a factor
2 at L ≥ 2, falsified by the companion, confirmed in rationals); the companion without its sign
choice (too small on opposite points, where the search exceeds it).""",
)


# --------------------------------------------------------------------------------------------
# norms.spectral_margin (partial)
# --------------------------------------------------------------------------------------------

spectral_sum = quantity("spectral_sum", latex=r"\sum_i \left(\|A_i^\top\|_{2,1}/"
                                              r"\|A_i\|_\sigma\right)^{2/3}")
lip = quantity("lip", latex=r"\sup_x \|J_{F_A}(x)\|_\sigma")
spec_prod = quantity("spec_prod", latex=r"\prod_i \|A_i\|_\sigma")
spec_sum = quantity("spec_sum", latex=r"\sum_i \|A_i\|_\sigma")
test_error = quantity("test_error", latex=r"\widehat{\mathbb{P}}_{\mathrm{test}}"
                                          r"[\arg\max_j F_A(x)_j \ne y]")
margin_bound = quantity("margin_bound", latex=r"\widehat{\mathcal{R}}_\gamma(F_A) + "
                                              r"\tilde O(\ldots)")


def lipschitz_estimate(layers: Sequence[Matrix], context: Context, seed: int,
                       extra: Any = None) -> Any:
    """max ‖J(x)‖_σ over probe points, in floats on the device; rigorously, ‖J‖_σ at the best
    point, exactly (a certified lower bound on Lip(F_A))."""
    count = context.budget.pick(256, 1024, 4096)
    dtype = context.dtype or torch.float64
    points = probe_points(layers, extra, count, seed, dtype).to(context.device)
    with single_cpu_thread(context.device):
        norms = jacobian_norms(tensors(layers, context.device, dtype), points)
    best = int(torch.argmax(norms))
    if not context.rigorous:
        return Float(float(norms[best]))
    return exact_jacobian_norm(layers, dyadic_point(points[best].tolist()))


def _spectral_measure(instance: Instance, context: Context) -> dict[str, Any]:
    d = instance.data
    if "task" in d:
        net = trained_network(d["task"], str(context.device))
        layers, extra = net["layers"], net["train_inputs"]
    else:
        layers, extra = d["layers"], None
    out = spectral_quantities(layers)
    out["lip"] = lipschitz_estimate(layers, context, int(d.get("seed", 0)), extra)
    if "task" in d:  # reported, never confirmed: floats in every mode
        out["test_error"] = Float(net["test_error"])
        out["margin_bound"] = Float(net["margin_bound"])
    return out


# -- instances ----------------------------------------------------------------------------------

def _layers_of(arch: Sequence[int], style: str, scale: Fraction, rng: np.random.Generator
               ) -> tuple[Matrix, ...]:
    layers = []
    for n_in, n_out in zip(arch, arch[1:], strict=False):
        w = rng.normal(size=(n_out, n_in))
        if style == "single_row":
            keep = rng.integers(0, n_out)
            w[np.arange(n_out) != keep] = 0
        elif style == "rank_one":
            w = np.outer(rng.normal(size=n_out), rng.normal(size=n_in))
        elif style == "sparse":
            w = w * (rng.random(size=w.shape) < 0.4)
        elif style == "scaled_identity":
            w = np.eye(n_out, n_in) * (1 + rng.random())
        w = np.round(w * float(scale) * 16) / 16
        if not np.any(w):
            w[0, 0] = float(scale)
        layers.append(_matrix(w.tolist()))
    return tuple(layers)


@st.composite
def _spectral_problem(draw: Any, budget: Budget) -> Instance:
    depth = draw(st.integers(1, budget.pick(4, 4, 5)))
    arch = (draw(st.integers(1, 4)), *(draw(st.integers(1, 5)) for _ in range(depth - 1)),
            draw(st.integers(1, 3)))
    style = draw(st.sampled_from(["gaussian", "single_row", "rank_one", "sparse",
                                  "scaled_identity"]))
    scale = draw(dyadic(F(1, 4), 2, 2))
    seed = draw(seeds())
    layers = _layers_of(arch, style, scale, np.random.default_rng(seed))
    return Instance({"L": depth, "widths": arch}, {"layers": layers, "seed": seed},
                    label=f"{style} layers")


def _layer_chain(instance: Instance) -> bool:
    d = instance.data
    if "task" in d:
        return True
    layers = d["layers"]
    arch = tuple(instance.params["widths"])
    return (len(layers) == instance.params["L"] == len(arch) - 1
            and all(len(a) == arch[k + 1] and all(len(r) == arch[k] for r in a)
                    for k, a in enumerate(layers)))


def _nonzero_layers(instance: Instance) -> bool:
    d = instance.data
    return "task" in d or all(any(v for row in a for v in row) for a in d["layers"])


def _aligned(depth: int, value: int) -> Instance:
    """A_i = value·e_1e_1ᵀ (2 × 2), A_L = value·e_1ᵀ: one nonzero row each, Lip = value^L."""
    inner = _matrix([[value, 0], [0, 0]])
    layers = (*([inner] * (depth - 1)), _matrix([[value, 0]]))
    return Instance({"L": depth, "widths": (2,) * depth + (1,)}, {"layers": layers, "seed": 1},
                    label="aligned single-entry layers")


def _scaled_identities() -> Instance:
    """A_1 = 2I_3, A_2 = (3/2)I_3, A_3 = (1/2)(1, 1, 1): on the positive orthant
    J = (3/2)(1, 1, 1), so Lip = (3/2)sqrt(3) = Π‖A_i‖_σ although ‖A_i‖_F ≠ ‖A_i‖_σ; each
    identity layer has ‖A_iᵀ‖_{2,1}/‖A_i‖_σ = 3, so S = 2·3^(2/3) + 1."""
    layers = (_matrix([[2 if i == k else 0 for k in range(3)] for i in range(3)]),
              _matrix([[F(3, 2) if i == k else 0 for k in range(3)] for i in range(3)]),
              _matrix([[F(1, 2)] * 3]))
    return Instance({"L": 3, "widths": (3, 3, 3, 1)}, {"layers": layers, "seed": 2},
                    label="scaled identity layers")


def _dense_linear() -> Instance:
    """One dense layer A = [[3, 1], [1, 2], [0, 1]]: F_A is linear, Lip = ‖A‖_σ exactly."""
    return Instance({"L": 1, "widths": (2, 3)}, {"layers": (_matrix([[3, 1], [1, 2], [0, 1]]),),
                                                 "seed": 3}, label="one dense layer")


_S_IDENTITIES = 2 * sympy.Integer(3) ** sympy.Rational(2, 3) + 1
_PIN = sympy.Rational(1, 10**12)


def _frobenius_squared(matrix: Sequence[Sequence[Fraction]]) -> Any:
    """Planted bug: ‖A‖_F² returned for ‖A‖_σ² (the norms confused)."""
    total = sum((F(v) ** 2 for row in matrix for v in row), F(0))
    return flint.arb(flint.fmpq(total.numerator, total.denominator))


_SPECTRAL_NORM_SQUARED = spectral_module.spectral_norm_squared
"""The helper itself, kept before any mutant patches it."""


def _root_forgotten(matrix: Sequence[Sequence[Fraction]]) -> Any:
    """Planted bug: the largest eigenvalue of AᵀA squared on the way out, so that its square
    root (taken by the callers) is ‖A‖_σ² rather than ‖A‖_σ."""
    return _SPECTRAL_NORM_SQUARED(matrix) ** 2


def _row_squares_summed(matrix: Sequence[Sequence[Fraction]], spectral: Any) -> Any:
    """Planted bug: ‖Aᵀ‖_{2,1} computed as Σ_r ‖a_r‖² (the square roots of the row norms
    forgotten)."""
    rows = [sum((F(v) ** 2 for v in row), F(0)) for row in matrix]
    rows = [r for r in rows if r]
    if len(rows) == 1:
        return F(1)
    with workprec(128):
        total = sum(rows, F(0))
        return flint.arb(flint.fmpq(total.numerator, total.denominator)) / spectral


def _trained(hidden: tuple[int, ...], seed: int) -> Instance:
    arch = (3, *hidden, 2)
    return Instance({"L": len(arch) - 1, "widths": arch},
                    {"task": ("moons", 200, 1000, hidden, 400, seed), "seed": seed},
                    label=f"trained on two moons, widths {arch}")


spectral_margin = Theorem(
    id="norms.spectral_margin",
    title="Inside the spectrally-normalized margin bound: R_A ≥ L^(3/2) Π‖A_i‖_σ and "
          "Lip(F_A) ≤ Π‖A_i‖_σ",
    survey="§2.2 (norm-based bounds and margin theory)",
    source="Bartlett, Foster, Telgarsky, Spectrally-normalized margin bounds for neural "
           "networks, NeurIPS 2017, Thm 1.1 (SOURCES T7, [M])",
    statement=sympy.And(sympy.Ge(spectral_sum, L), sympy.Le(lip, spec_prod)),
    parameters=(L, widths),
    quantities=(spectral_sum, lip, spec_prod, spec_sum, test_error, margin_bound),
    mode="sampled",
    sharp=True,
    partial="only the elementary inequalities inside Bartlett–Foster–Telgarsky's bound are "
            "checked (R_A ≥ L^(3/2) Π‖A_i‖_σ exactly or in arb balls; Lip(F_A) ≤ Π‖A_i‖_σ by "
            "sampled Jacobians). The generalization bound of their Thm 1.1 is not checked: its "
            "constants are unverified (SOURCES T7 and open item 6); its value is only reported "
            "against the test error of two small trained networks (witness claims in floats, "
            "never confirmed, so they cannot falsify)",
    instances=_spectral_problem,
    measure=_spectral_measure,
    premises=(
        Premise("A_1, ..., A_L chain (d, n_1, ..., n_L) with L layers", _layer_chain),
        Premise("every A_i ≠ 0 (R_A divides by ‖A_i‖_σ)", _nonzero_layers),
    ),
    proof=(
        Inequality("one row r of A: ‖a_r‖ ≤ sqrt(Σ_r‖a_r‖²) = ‖A‖_F; with ‖A‖_σ ≤ ‖A‖_F ≤ "
                   "Σ_r ‖a_r‖ = ‖Aᵀ‖_{2,1} every term (‖A_iᵀ‖_{2,1}/‖A_i‖_σ)^(2/3) ≥ 1 "
                   "(two rows: u² + v² ≤ (u + v)²)", _u**2 + _v**2, (_u + _v) ** 2),
        Identity("so Σ_i (...)^(2/3) ≥ L, i.e. R_A = Π‖A_i‖_σ (Σ_i (...)^(2/3))^(3/2) ≥ "
                 "L^(3/2) Π‖A_i‖_σ", (L ** sympy.Rational(3, 2)) ** sympy.Rational(2, 3), L),
        Inequality("Lip: ‖A_L D_{L−1} ... D_1 A_1‖_σ ≤ Π‖A_i‖_σ since ‖D_i‖_σ ≤ 1 "
                   "(submultiplicativity; two layers: ab·d ≤ ab for 0 ≤ d ≤ 1, d = 1 − c)",
                   _a * _b * (1 - _c / (1 + _c)), _a * _b),
    ),
    witnesses=(
        Witness("aligned single-entry layers 2e_1e_1ᵀ (L = 3): both inequalities are equalities",
                _aligned(3, 2), attains=True,
                note="one nonzero row per layer: S = L exactly; J = 8e_1ᵀ for x_1 > 0, so "
                     "Lip = 8 = Π‖A_i‖_σ (and > Σ‖A_i‖_σ = 6)"),
        Witness("scaled identity layers 2I_3, (3/2)I_3, (1/2)(1, 1, 1): Lip = Π‖A_i‖_σ, "
                "S = 2·3^(2/3) + 1", _scaled_identities(), attains=True, tolerance=1e-9,
                claim=sympy.And(sympy.Ge(spectral_sum, _S_IDENTITIES * (1 - _PIN)),
                                sympy.Le(spectral_sum, _S_IDENTITIES * (1 + _PIN))),
                note="‖A_i‖_F ≠ ‖A_i‖_σ here (2sqrt(3) vs 2), so a Frobenius norm in place of "
                     "the spectral norm misses the attained bound; the claim pins S to 1e−12"),
        Witness("one dense layer [[3, 1], [1, 2], [0, 1]]: Lip = ‖A‖_σ", _dense_linear(),
                attains=True, tolerance=1e-9,
                note="a linear map: the top right singular vector is a probe (tolerance: the "
                     "exact Jacobian norm is a certified lower bound 2^(−40) below its "
                     "enclosure)"),
        Witness("(3, 16, 16, 2) trained on two moons", _trained((16, 16), 0),
                claim=sympy.Le(test_error, margin_bound),
                note="report: test error 0.019 against a margin bound ≈ 2.7e4 (vacuous; "
                     "R_A ≈ 3.0e3, γ ≈ 8.8); the claim holds only because the bound exceeds 1"),
        Witness("(3, 32, 2) trained on two moons", _trained((32,), 1),
                claim=sympy.Le(test_error, margin_bound),
                note="report: test error 0.006 against a margin bound ≈ 1.7e4 (vacuous; "
                     "R_A ≈ 7.4e2, γ ≈ 3.7)"),
    ),
    mutants=(
        Mutant("sum of spectral norms", "Lip(F_A) ≤ Σ_i ‖A_i‖_σ (product replaced by a sum)",
               statement=sympy.And(sympy.Ge(spectral_sum, L), sympy.Le(lip, spec_sum))),
        Mutant("exponent 2", "R_A ≥ L² Π‖A_i‖_σ, i.e. Σ_i (...)^(2/3) ≥ L^(4/3)",
               statement=sympy.And(sympy.Ge(spectral_sum, L ** sympy.Rational(4, 3)),
                                   sympy.Le(lip, spec_prod))),
        implementation_mutant(
            "Frobenius for spectral", "‖A‖_F² returned by the spectral-norm helper",
            patches={"verify.domain.networks.spectral.spectral_norm_squared":
                     _frobenius_squared}),
        implementation_mutant(
            "square root forgotten", "the spectral-norm helper returns λ_max(AᵀA)², so its "
            "callers use ‖A‖_σ² for ‖A‖_σ (a factor ‖A‖_σ per layer; 2 on the aligned witness)",
            patches={"verify.domain.networks.spectral.spectral_norm_squared": _root_forgotten}),
        implementation_mutant(
            "row norms squared", "‖Aᵀ‖_{2,1} computed as the sum of the squared row norms",
            patches={"verify.domain.networks.spectral.layer_ratio": _row_squares_summed}),
    ),
    notes="""Bartlett, Foster, Telgarsky (NeurIPS 2017), Thm 1.1 as recalled in SOURCES T7
([M]: from memory; its constants are open item 6). Spectral complexity with reference matrices
M_i = 0 and ρ_i = 1 (ReLU): R_A = (Π‖A_i‖_σ)(Σ_i ‖A_iᵀ‖_{2,1}^(2/3)/‖A_i‖_σ^(2/3))^(3/2), with
‖Aᵀ‖_{2,1} the sum of the Euclidean norms of the rows of A. PARTIAL: what is checked are two
facts the bound is built from, for bias-free ReLU networks x ↦ A_L ρ(... ρ(A_1 x)):
(1) R_A ≥ L^(3/2) Π‖A_i‖_σ, written S = Σ_i (‖A_iᵀ‖_{2,1}/‖A_i‖_σ)^(2/3) ≥ L so that the
equality case is exact: ‖A_i‖_σ is enclosed as the square root of the largest root of the
characteristic polynomial of A_iᵀA_i (exact rationals, flint's certified root isolation), the row
norms in arb; a layer with one nonzero row contributes exactly 1 (the only equality case).
(2) Lip(F_A) ≤ Π‖A_i‖_σ (the reason the product of spectral norms appears): the Jacobian
A_L D_{L−1} ... D_1 A_1 is sampled at Gaussian points, ± top singular vectors and training inputs
(torch, on the device); a float violation is re-measured exactly at the best point (rational
Jacobian, certified spectral norm), which is a certified lower bound on the Lipschitz constant
when no pre-activation vanishes there. Both are elementary (sympy steps), so a pass says the
computation of the ingredients is right, not that BFT's bound holds.
Tight companions: besides the aligned single-entry layers (both relations equalities, exactly),
two witnesses attain Lip = Π‖A_i‖_σ with ‖A_i‖_F ≠ ‖A_i‖_σ — scaled identity layers
2I_3, (3/2)I_3, (1/2)(1, 1, 1) (J = (3/2)(1, 1, 1) on the positive orthant) and one dense layer
(a linear map: the top right singular vector is a probe) — within 1e−9 (the exact Jacobian norm
is a certified lower bound 2^(−40) below its enclosure); the first also pins S = 2·3^(2/3) + 1
to 1e−12 (claim), so a wrong matrix norm or row norm shows at once.

Report: two bias-free networks (a constant input coordinate plays the bias) trained by Adam on
two moons (200 training, 1000 test points), weights rounded to 2^−10; margin γ = the 10%
quantile of the training margins; reported bound R̂_γ + 2(4/n + 36 ln(n) sqrt(ln 2W) ‖X‖_F R_A/
(γn)) + 3 sqrt(ln(2/δ)/(2n)), δ = 0.05, with the explicit constants of an adapted implementation
of BFT's Lemma A.8 (rkwitt/excess_capacity, `bartlett`) and the standard margin theorem. On these
networks it is vacuous: ≈ 2.7e4 and 1.7e4 against test errors 0.019 and 0.006 (CPU run; the
witness claims test_error ≤ margin_bound record the ratio, ≈ 1e−6).
The networks are trained on one CPU thread (0.2 s each; with two threads on a loaded two-core
machine the same 400 Adam steps took 7–30 s).
Mutants: Lip ≤ Σ‖A_i‖_σ (falsified by the aligned witness: 8 > 6, confirmed exactly) and
R_A ≥ L² Π‖A_i‖_σ (falsified there: S = 3 < 3^(4/3)); implementation mutants in the spectral
helpers: ‖A‖_F² for ‖A‖_σ², the square root forgotten (‖A‖_σ² used for ‖A‖_σ), and
‖Aᵀ‖_{2,1} computed from squared row norms — each falsified in arb by the scaled-identity
witness.""",
)


__all__ = ["rkhs_rademacher", "rademacher_generalization", "golowich_rakhlin_shamir",
           "spectral_margin"]
