"""Section 8 of the catalog (survey §8): deep learning in the natural sciences.

Theorems: ``sciences.ista_rate`` (Beck & Teboulle 2009, Thm 3.1 and Lemma 2.3: ISTA's O(1/k) rate
on the lasso and the per-step inequalities of its proof, checked in exact rationals against an
exactly certified minimizer) and ``sciences.pde_learning`` (partial, survey §8.2: random-feature
ERM on Monte-Carlo data for the heat equation, its L² error against the closed form pinned by
the exact bias–variance prediction). Engine pieces: ``verify.domain.sparse.ista`` (soft
thresholding, exact and float ISTA, the exact lasso minimizer by a KKT certificate) and
``verify.domain.approximation.kolmogorov_erm`` (Kolmogorov data, random-feature ERM, the
prediction of its error) on top of ``verify.domain.approximation.heat`` (closed forms).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import sympy
import torch
from hypothesis import strategies as st

from verify import (
    Budget,
    Context,
    Estimate,
    Extremum,
    Identity,
    Instance,
    Mutant,
    Premise,
    Theorem,
    Witness,
    implementation_mutant,
    mean,
    parameter,
    quantity,
    resolve_device,
)
from verify.domain.approximation import kolmogorov_erm
from verify.domain.approximation.heat import FAMILIES, HeatProblem
from verify.domain.approximation.kolmogorov_erm import RandomFeatureModel, erm_replicates
from verify.domain.networks.strategies import dyadic
from verify.domain.sparse import ista as sparse_ista
from verify.domain.sparse.ista import (
    dominates_gram,
    exact_lasso_minimizer,
    frobenius_squared,
    ista_exact,
    lasso_objective,
    soft_threshold,
)

__all__ = ["ista_rate", "pde_learning"]

F = Fraction

# --------------------------------------------------------------------------------------------
# sciences.ista_rate
# --------------------------------------------------------------------------------------------

L_sym = parameter("L", positive=True)
k_sym = parameter("k", integer=True, positive=True)
gap = quantity("gap", latex=r"F(x_k) - F(x^*)")
initial_distance = quantity("initial_distance", latex=r"\|x_0 - x^*\|^2")
lemma_gap = quantity("lemma_gap", latex=r"F(x_{j+1}) - F(x^*)")
lemma_bound = quantity("lemma_bound",
                       latex=r"\tfrac L2(\|x_j - x^*\|^2 - \|x_{j+1} - x^*\|^2)")
descent = quantity("descent", latex=r"F(x_j) - F(x_{j+1})")
descent_bound = quantity("descent_bound", latex=r"\tfrac L2\|x_{j+1} - x_j\|^2")

_L_PREMISE = "L ≥ ‖A‖² (L·I − AᵀA ⪰ 0, exactly), λ ≥ 0"


def lasso_instance(a_rows: Sequence[Sequence[Any]], y: Sequence[Any], lam: Any, lipschitz: Any,
                   x0: Sequence[Any], steps: int, label: str = "") -> Instance:
    """An ISTA instance: F(x) = ½‖Ax − y‖² + λ‖x‖₁, step 1/L, k = ``steps`` iterations."""
    return Instance({"L": F(lipschitz), "k": steps},
                    {"A": tuple(tuple(F(v) for v in r) for r in a_rows),
                     "y": tuple(F(v) for v in y), "lam": F(lam),
                     "x0": tuple(F(v) for v in x0)}, label=label)


def _squared_distance(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    return sum(((p - q) ** 2 for p, q in zip(a, b, strict=True)), F(0))


def worst_step(pairs: Sequence[tuple[Fraction, Fraction]], relation: str
               ) -> tuple[Fraction, Fraction]:
    """The pair (quantity, bound) of the step that is tightest for ``quantity ≤ bound``
    (``relation`` "le") or ``quantity ≥ bound`` ("ge"): a violated step first (the largest
    excess), else the largest ratio quantity/bound ("le") or bound/quantity ("ge") over steps
    with a positive denominator, else the last step (every pair 0, the iterates at x*)."""
    def excess(pair: tuple[Fraction, Fraction]) -> Fraction:
        q, b = pair
        return q - b if relation == "le" else b - q

    violated = [p for p in pairs if excess(p) > 0]
    if violated:
        return max(violated, key=excess)
    index = 1 if relation == "le" else 0
    ranked = [p for p in pairs if p[index] > 0]
    if ranked:
        return max(ranked, key=lambda p: p[0] / p[1] if relation == "le" else p[1] / p[0])
    return pairs[-1]


def ista_measure(instance: Instance, context: Context) -> dict[str, Fraction]:
    """Exact: F(x_k) − F(x*) and ‖x_0 − x*‖² (x_k by exact ISTA, x* certified by KKT), and the
    two per-step inequalities of Beck & Teboulle's Lemma 2.3 at their tightest step j < k."""
    d = instance.data
    lipschitz, steps = instance.params["L"], instance.params["k"]
    star = exact_lasso_minimizer(d["A"], d["y"], d["lam"],
                                 device=resolve_device(str(context.device)))
    iterates = ista_exact(d["A"], d["y"], d["lam"], lipschitz, d["x0"], steps)
    values = [lasso_objective(d["A"], d["y"], d["lam"], x) for x in iterates]
    distances = [_squared_distance(x, star.x) for x in iterates]
    lemma = worst_step([(values[j + 1] - star.value,
                         lipschitz / 2 * (distances[j] - distances[j + 1]))
                        for j in range(steps)], "le")
    decrease = worst_step([(values[j] - values[j + 1],
                            lipschitz / 2 * _squared_distance(iterates[j + 1], iterates[j]))
                           for j in range(steps)], "ge")
    return {"gap": values[-1] - star.value, "initial_distance": distances[0],
            "lemma_gap": lemma[0], "lemma_bound": lemma[1],
            "descent": decrease[0], "descent_bound": decrease[1]}


def _power_of_two_at_least(value: Fraction) -> Fraction:
    if value <= 0:
        return F(1)
    exponent = math.ceil(math.log2(value))
    out = F(2) ** exponent
    while out < value:
        out *= 2
    while out / 2 >= value:
        out /= 2
    return out


@st.composite
def _ista_draw(draw: Callable, budget: Budget) -> Instance:
    steps = draw(st.integers(1, budget.pick(24, 40, 64)))
    kind = draw(st.sampled_from(["random", "random", "ill-conditioned diagonal", "sparse"]))
    if kind == "ill-conditioned diagonal":
        j = draw(st.integers(1, 4))
        rows = ((1, 0), (0, F(1, 2**j)))
        lam = draw(st.sampled_from([F(0), F(1, 64), F(1, 16)]))
        y = (draw(dyadic(-1, 1, 2)), draw(dyadic(-1, 1, 3)))
        x0 = (draw(dyadic(-1, 1, 2)), draw(dyadic(-8, 8, 1)))
        return lasso_instance(rows, y, lam, 1, x0, steps, label=f"diag(1, 2^-{j})")
    if kind == "sparse":  # ℓ¹-dominated: small A, a far start (the tight regime of Lemma 2.3)
        lam = draw(dyadic(F(1, 8), 2, 3))
        x0 = (draw(dyadic(-64, 64, 0)), draw(dyadic(-4, 4, 2)))
        rows = ((draw(dyadic(-1, 1, 3)), 0), (0, draw(dyadic(-1, 1, 3))))
        lipschitz = draw(st.sampled_from([F(1), F(2), F(4)]))
        return lasso_instance(rows, (0, 0), lam, lipschitz, x0, steps, label="ℓ¹-dominated")
    m, n = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    entry = dyadic(-2, 2, 2)
    rows = [[draw(entry) for _ in range(n)] for _ in range(m)]
    y = [draw(entry) for _ in range(m)]
    x0 = [draw(dyadic(-4, 4, 1)) for _ in range(n)]
    lam = draw(dyadic(0, 2, 3))
    lipschitz = _power_of_two_at_least(frobenius_squared(rows)) * draw(st.sampled_from([1, 2]))
    return lasso_instance(rows, y, lam, lipschitz, x0, steps, label=f"random {m} × {n}")


def _ista_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    return _ista_draw(budget)


def _shapes_agree(instance: Instance) -> bool:
    d = instance.data
    return (len(d["A"]) == len(d["y"]) >= 1 and len({len(r) for r in d["A"]}) == 1
            and len(d["A"][0]) == len(d["x0"]) >= 1)


def _ista_statement(rate: sympy.Expr) -> sympy.Expr:
    return sympy.And(sympy.Le(gap, L_sym * initial_distance / (2 * rate)),
                     sympy.Le(lemma_gap, lemma_bound), sympy.Ge(descent, descent_bound))


_QUADRATIC = lasso_instance(((1, 0), (0, F(1, 4))), (0, 0), 0, 1, (0, 1), 8,
                            label="½‖diag(1, 1/4)x‖², x_0 = e_2")
_PURE_L1 = lasso_instance(((0,),), (0,), 1, 1, (16,), 8, label="F(x) = |x|, L = 1, x_0 = 16")
_FAR_L1 = lasso_instance(((0,),), (0,), 1, 4, (256,), 4,
                         label="F(x) = |x|, L = 4, x_0 = 256 (steps of 1/4)")
_u = sympy.Symbol("u", nonnegative=True)
_x, _p, _s = (sympy.symbols(f"{c}1:3", real=True) for c in "xps")
_L_pos = sympy.Symbol("L", positive=True)


def _ista_with_step(factor: int) -> Callable[..., list[list[Fraction]]]:
    """ISTA whose step is 1/(factor·L): the halved step of a mis-scaled Lipschitz constant."""
    def iterate(a_rows: Any, y: Any, lam: Any, lipschitz: Any, x0: Any, steps: int
                ) -> list[list[Fraction]]:
        return sparse_ista.ista_exact(a_rows, y, lam, factor * F(lipschitz), x0, steps)
    return iterate


def _ista_threshold_lambda(a_rows: Any, y: Any, lam: Any, lipschitz: Any, x0: Any, steps: int
                           ) -> list[list[Fraction]]:
    """ISTA that thresholds at λ instead of λ/L (the gradient step is right)."""
    lip, lam_ = F(lipschitz), F(lam)
    x = [F(v) for v in x0]
    out = [x]
    for _ in range(steps):
        residual = [sum((F(r) * v for r, v in zip(row, x, strict=True)), F(0)) - F(t)
                    for row, t in zip(a_rows, y, strict=True)]
        grad = [sum((F(row[j]) * r for row, r in zip(a_rows, residual, strict=True)), F(0))
                for j in range(len(x))]
        x = [soft_threshold(v - g / lip, lam_) for v, g in zip(x, grad, strict=True)]
        out.append(x)
    return out


def _objective_without_half(a_rows: Any, y: Any, lam: Any, x: Any) -> Fraction:
    """F with the ½ of the least-squares term dropped (‖Ax − y‖² + λ‖x‖₁)."""
    l1 = sum((abs(F(v)) for v in x), F(0))
    return 2 * sparse_ista.lasso_objective(a_rows, y, lam, x) - F(lam) * l1


ista_rate = Theorem(
    id="sciences.ista_rate",
    title="ISTA with step 1/L on the lasso: F(x_k) − F(x*) ≤ L‖x_0 − x*‖²/(2k), and the "
          "per-step inequalities of its proof",
    survey="§8.1 (unrolled iterative algorithms for inverse problems, LISTA)",
    source="Beck & Teboulle (2009), SIAM J. Imaging Sci. 2(1):183–202, Thm 3.1 and Lemma 2.3",
    statement=_ista_statement(k_sym),
    parameters=(L_sym, k_sym),
    quantities=(gap, initial_distance, lemma_gap, lemma_bound, descent, descent_bound),
    mode="certified",
    instances=_ista_instances,
    measure=ista_measure,
    premises=(
        Premise("A is m × n, y ∈ R^m, x_0 ∈ R^n", _shapes_agree),
        Premise(_L_PREMISE, lambda i: i.data["lam"] >= 0
                and dominates_gram(i.data["A"], i.params["L"])),
    ),
    proof=(
        Identity("Lemma 2.3 with x = x*, y = x_j, p = x_(j+1): (L/2)‖p − y‖² + L⟨y − x*, p − y⟩ "
                 "= (L/2)(‖p − x*‖² − ‖y − x*‖²) (in R², symbolically)",
                 _L_pos / 2 * sum((p - y) ** 2 for p, y in zip(_p, _s, strict=True))
                 + _L_pos * sum((y - x) * (p - y) for x, y, p in zip(_x, _s, _p, strict=True)),
                 _L_pos / 2 * (sum((p - x) ** 2 for p, x in zip(_p, _x, strict=True))
                               - sum((y - x) ** 2 for y, x in zip(_s, _x, strict=True)))),
        Extremum("the pure-ℓ¹ witness F(x) = λ|x|, x_0 = R, k steps of λ/L (u = kλ/(LR) ≤ 1): "
                 "gap/bound = 2u(1 − u), at most 1/2 (u = 1/2)",
                 2 * _u * (1 - _u), _u, sympy.Interval(0, 1), sympy.Rational(1, 2)),
        Extremum("the same witness in Lemma 2.3 at step j (v = λ/(L x_j) ≤ 1): "
                 "(F(x_(j+1)) − F*)/((L/2)(x_j² − x_(j+1)²)) = (1 − v)/(1 − v/2), sup 1 (v → 0)",
                 (1 - _u) / (1 - _u / 2), _u, sympy.Interval(0, 1), 1),
    ),
    witnesses=(
        Witness("pure ℓ¹ (A = 0): x_k = 16 − k, F(x_8) − F* = 8 vs L·16²/16 = 16",
                _PURE_L1, note="ratio exactly 1/2 in the rate, the largest found (the bound is "
                               "not attained); Lemma 2.3 at step 0: 15/15.5"),
        Witness("pure ℓ¹ far from x*: x_0 = 256, λ = 1, L = 4", _FAR_L1,
                claim=sympy.Eq(lemma_gap * (2 * 256 - sympy.Rational(1, 4)),
                               lemma_bound * (2 * 256 - sympy.Rational(1, 2))),
                note="Lemma 2.3 at step 0: (x_0 − λ/L)/(x_0 − λ/(2L)) = 0.9995 (the claim pins "
                     "it exactly); ratio → 1 as x_0 → ∞"),
        Witness("ill-conditioned quadratic: λ = 0, A = diag(1, 1/4), x_0 along the small "
                "direction, k = 8 ≈ (L/μ − 1)/2", _QUADRATIC,
                note="gap = ½μ(1 − μ/L)^(2k), ratio k(μ/L)(1 − μ/L)^(2k) ≈ 0.18, near the "
                     "quadratic maximum ≈ 1/(2e)"),
    ),
    mutants=(
        Mutant("rate 1/k²", "F(x_k) − F(x*) ≤ L‖x_0 − x*‖²/(2k²) (FISTA's rate claimed for ISTA)",
               statement=_ista_statement(k_sym**2),
               extra_witnesses=(
                   Witness("the ill-conditioned quadratic at k = 8: ratio ≈ 1.42", _QUADRATIC),
                   Witness("pure ℓ¹ at k = 8: ratio 4", _PURE_L1),
               )),
        implementation_mutant(
            "step 1/(2L)", "ISTA run with twice the Lipschitz constant (a halved step)",
            patches={"theorems.sciences.ista_exact": _ista_with_step(2)}),
        implementation_mutant(
            "threshold λ, not λ/L", "the soft threshold of the prox step is λ instead of λ/L",
            patches={"theorems.sciences.ista_exact": _ista_threshold_lambda}),
        implementation_mutant(
            "F without ½", "the objective at the iterates drops the ½ of ½‖Ax − y‖²",
            patches={"theorems.sciences.lasso_objective": _objective_without_half}),
    ),
    notes="""Beck & Teboulle (2009), Thm 3.1 (checked against the paper's statement as recalled: for
ISTA with constant step 1/L, L = L(f) ≥ the Lipschitz constant of ∇f, F(x_k) − F(x*) ≤ L‖x_0 −
x*‖²/(2k) for every minimizer x* and k ≥ 1; SOURCES.md has no entry of its own, reliability: high,
it is the standard statement) and its Lemma 2.3 (for L ≥ L(f) and any x, y: F(x) − F(p_L(y)) ≥
(L/2)‖p_L(y) − y‖² + L⟨y − x, p_L(y) − y⟩). Here f(x) = ½‖Ax − y‖², ∇f Lipschitz with constant ‖A‖²,
so any L ≥ ‖A‖² is allowed (premise, checked exactly: every principal minor of L·I − AᵀA is ≥ 0).
What is checked, exactly in rationals on every instance: the ISTA iterates x_0..x_k (soft
thresholding of rationals is rational), F at each, and a minimizer x* certified by the KKT
conditions g_i = −λ sign(x_i) on the support, |g_i| ≤ λ off it (g = Aᵀ(Ax − y)): necessary and
sufficient for the convex F, so F(x*) = min F exactly. The candidate comes from the support and
signs of a float FISTA run on the device, solved exactly on the support; if it fails the check,
every sign pattern is enumerated (n ≤ 6). Three clauses: (1) the rate F(x_k) − F* ≤ L‖x_0 −
x*‖²/(2k); (2) Lemma 2.3 with x = x*, y = x_j, in the form F(x_(j+1)) − F* ≤ (L/2)(‖x_j − x*‖² −
‖x_(j+1) − x*‖²) (a symbolic proof step checks the rewriting), at every step j < k (the
measure reports the tightest step); summed over j it gives the rate; (3) Lemma 2.3 with x = y =
x_j, the sufficient decrease F(x_j) − F(x_(j+1)) ≥ (L/2)‖x_(j+1) − x_j‖², at every step. Tightness:
the rate is not sharp: the pure-ℓ¹ witness reaches gap/bound = 1/2 exactly, ill-conditioned
quadratics ≈ 1/(2e) ≈ 0.18, and the worst case of the proximal gradient method is known to be
about L‖x_0 − x*‖²/(4k) (performance-estimation analyses; recalled, not checked here), so no
instance can approach ratio 1 in clause (1). Clause (2) is tight: on F = λ|x| its ratio at step j
is (x_j − λ/L)/(x_j − λ/(2L)) → 1 (proof step; the witness x_0 = 256, L = 4 reaches 0.9995, pinned
exactly by its claim), and clause (3) is attained with equality on pure quadratics of curvature L
(ratio 1). Instances: random 1–3 × 1–3 dyadic A, y, x_0, λ ∈ [0, 2], L the power of two ≥ ‖A‖_F²
(or twice it); ill-conditioned diagonals diag(1, 2^−j), L = 1, small λ, x_0 far along the small
direction; ℓ¹-dominated 2 × 2 diagonals with a far start; k up to 24 (quick) / 64 (thorough).
Mutants: "rate 1/k²" is falsified exactly by both witnesses at k = 8 (ratios ≈ 1.42 and 4).
Implementation mutants (bugs planted in the iteration or the objective): a halved step (ISTA run
with 2L) makes clause (2) ≈ 2 on the far pure-ℓ¹ witness; a threshold of λ instead of λ/L breaks
the sufficient decrease (3) whenever L > 1; dropping the ½ of the objective at the iterates breaks
clause (2) and the witness's claim. A halved step still satisfies the rate clause (1): clause
(2) is what catches it.""",
)


# --------------------------------------------------------------------------------------------
# sciences.pde_learning
# --------------------------------------------------------------------------------------------

d_sym = parameter("d", integer=True, positive=True)
T_sym = parameter("T", positive=True)
l2_error_ratio = quantity(
    "l2_error_ratio",
    latex=r"\frac{\mathbb{E}\|\hat u - u(T,\cdot)\|^2}{\|\tilde u - u(T,\cdot)\|^2"
          r" + \operatorname{tr}(G M \Sigma M^\top)}")

MC_CONFIDENCE = 0.999
"""Confidence of the learning clause: the engine tests each case at 10⁻³ divided by the number
of cases, so a true statement is falsified with probability at most 10⁻³ over a run."""
TRAINING_POINTS = 2048
FEATURES = 32
LABEL_DRAWS = 48


def heat_instance(family: str, dim: int, time: Fraction, seed: int, label: str = "",
                  alpha: Fraction | int = 1) -> Instance:
    """∂_t u = Δu on [0, 1]^d up to T with φ of ``family`` (‖a‖ = ``alpha`` for exp(aᵀx));
    ``seed`` drives data, features and test points."""
    return Instance({"d": dim, "T": F(time)}, {"family": family, "seed": seed, "alpha": F(alpha)},
                    label=label or f"{family}, d = {dim}, T = {time}"
                    + (f", ‖a‖ = {alpha}" if family == "exp" else ""))


def _heat_problem(instance: Instance) -> HeatProblem:
    return HeatProblem(instance.data["family"], int(instance.params["d"]),
                       F(instance.params["T"]), alpha=F(instance.data.get("alpha", 1)))


def erm_measure(variance_rate: float = 2.0) -> Callable[[Instance, Context], Estimate]:
    """The mean over replicates and label draws of ‖û − u(T, ·)‖²/(bias + variance) on fresh
    test points, with its t-interval; the learned model's relative L² error (with the
    interval it inherits), the prediction's and the intercept-only error go into the details.
    Data shifts are √(variance_rate·T)·Z (2: the heat equation; 1: the mutant)."""

    def measure(instance: Instance, context: Context) -> Estimate:
        problem = _heat_problem(instance)
        reps = context.samples(8, 8, 16)
        runs = erm_replicates(problem, TRAINING_POINTS, FEATURES, reps, LABEL_DRAWS,
                              instance.data["seed"], resolve_device(str(context.device)),
                              variance_rate)
        est = mean([r for run in runs for r in run.ratios], confidence=MC_CONFIDENCE)
        norm2 = math.fsum(r.u_norm2 for r in runs) / reps
        predicted = math.fsum(r.predicted for r in runs) / reps

        def relative(ratio: float) -> float:
            return math.sqrt(max(ratio, 0.0) * predicted / norm2)

        details = dict(est.details)
        details.update({
            "training_points": TRAINING_POINTS, "features": FEATURES, "replicates": reps,
            "label_draws": LABEL_DRAWS,
            "relative_l2_error": relative(est.point),
            "relative_l2_error_interval": [relative(est.lo), relative(est.hi)],
            "predicted_relative_l2_error": relative(1.0),
            "noise_free_relative_l2_error": math.sqrt(
                math.fsum(r.bias for r in runs) / reps / norm2),
            "intercept_only_relative_l2_error": math.sqrt(
                math.fsum(r.constant_error for r in runs) / reps / norm2),
        })
        return Estimate(est.point, est.lo, est.hi, est.confidence, details)

    return measure


_EXP_ALPHA = {F(1, 8): F(1), F(1, 2): F(1, 2), F(1): F(1, 4)}
"""‖a‖ for exp(aᵀx) at each T: T‖a‖² ≤ 1/8 (the probe condition)."""


@st.composite
def _heat_draw(draw: Callable, budget: Budget) -> Instance:
    """A grid (family, d, T, seed): d ∈ {1, 2, 4} (quick), {1, 2, 4, 8} (standard) or 1..16,
    T ∈ {1/8, 1/2, 1}; one seed at quick, two at standard (the grid is exhausted before the
    budget's examples), any at thorough."""
    family = draw(st.sampled_from(FAMILIES))
    dim = draw(st.sampled_from(budget.pick((1, 2, 4), (1, 2, 4, 8), tuple(range(1, 17)))))
    time = draw(st.sampled_from(sorted(_EXP_ALPHA)))
    alpha = _EXP_ALPHA[time] if family == "exp" else F(1)
    seed = draw(st.integers(0, budget.pick(0, 1, 2**31 - 1)))
    return heat_instance(family, dim, time, seed, alpha=alpha)


def _heat_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    return _heat_draw(budget)


_FIT = kolmogorov_erm.fit_random_features
_LABELS = kolmogorov_erm.kolmogorov_labels


def _intercept_only_fit(x: Any, y: Any, width: int, generator: Any, device: Any = "cpu",
                        ridge: float = 1e-8) -> RandomFeatureModel:
    """A fit that keeps only the intercept (the label mean): features drawn, never used."""
    model = _FIT(x, y, width, generator, device, ridge)
    coef = torch.zeros_like(model.coefficients)
    coef[0] = y.to(coef).mean(0)
    return RandomFeatureModel(model.weights, model.biases, coef)


def _labels_with_time_error(problem: HeatProblem, x: Any, draws: int, generator: Any,
                            variance_rate: float = 2.0) -> Any:
    """Labels whose shifts have variance 2.4T instead of 2T (a 20 % error in the variance)."""
    return _LABELS(problem, x, draws, generator, 1.2 * variance_rate)


def _halved_labels(problem: HeatProblem, x: Any, draws: int, generator: Any,
                   variance_rate: float = 2.0) -> Any:
    """Labels with a stray factor ½ (φ/2 in place of φ)."""
    return _LABELS(problem, x, draws, generator, variance_rate) / 2


_SQUARE = heat_instance("square", 2, F(1, 2), 0,
                        label="φ = ‖x‖², d = 2, T = 1/2: u = ‖x‖² + 2, √T data give ‖x‖² + 1")
_RELU = heat_instance("relu_sum", 8, F(1), 1, label="φ = Σ ρ(x_i), d = 8, T = 1")

pde_learning = Theorem(
    id="sciences.pde_learning",
    title="Kolmogorov learning of the heat equation: least squares on Monte-Carlo data learns "
          "u(T, ·) with the L² error its bias and variance predict",
    survey="§8.2 (physics-informed and Kolmogorov learning of PDEs)",
    source="Berner, Grohs, Jentzen (2020), SIAM J. Math. Data Sci. 2(3), §2 (Feynman–Kac "
           "learning problem); Beck, Becker, Grohs, Jaafari, Jentzen (2021)",
    statement=sympy.Eq(l2_error_ratio, 1),
    parameters=(d_sym, T_sym),
    quantities=(l2_error_ratio,),
    mode="statistical",
    instances=_heat_instances,
    measure=erm_measure(),
    premises=(
        Premise("d ≥ 1, T > 0, φ one of the closed-form families",
                lambda i: i.params["d"] >= 1 and i.params["T"] > 0
                and i.data["family"] in FAMILIES),
        Premise("probe condition: T‖a‖² ≤ 1/8 for exp(aᵀx) (lognormal labels of moderate "
                "variance, so the t-intervals keep their level)",
                lambda i: i.data["family"] != "exp"
                or F(i.params["T"]) * F(i.data.get("alpha", 1)) ** 2 <= F(1, 8)),
    ),
    witnesses=(
        Witness("φ = ‖x‖², d = 2, T = 1/2", _SQUARE,
                note="learned relative L² error ≈ 0.08 against ≈ 0.16 for the intercept alone"),
        Witness("φ = Σ ρ(x_i), d = 8, T = 1", _RELU),
    ),
    mutants=(
        Mutant("√T in place of √(2T)",
               "data φ(x + √T Z) (the variance of ∂_t u = ½Δu) still have ERM target u(T, ·)",
               measure=erm_measure(variance_rate=1.0),
               extra_witnesses=(Witness("φ = ‖x‖²: the data's conditional mean is "
                                        "‖x‖² + dT, off by dT = 1", _SQUARE),)),
        implementation_mutant(
            "intercept-only fit", "the fit keeps only the intercept (the features are drawn "
            "but their coefficients are zero)",
            patches={"verify.domain.approximation.kolmogorov_erm.fit_random_features":
                     _intercept_only_fit}),
        implementation_mutant(
            "variance 2.4T", "Monte-Carlo shifts with variance 2.4T instead of 2T (a 20 % "
            "error in the variance of the data)",
            patches={"verify.domain.approximation.kolmogorov_erm.kolmogorov_labels":
                     _labels_with_time_error}),
        implementation_mutant(
            "labels φ/2", "a stray factor ½ in the labels",
            patches={"verify.domain.approximation.kolmogorov_erm.kolmogorov_labels":
                     _halved_labels}),
    ),
    partial="no theorem with explicit constants is verified: the generalization and "
            "approximation bounds of Kolmogorov learning (sample sizes polynomial in d and 1/ε) "
            "are not checked; what is checked is that least squares on Monte-Carlo data learns "
            "u(T, ·) with exactly the L² error that the closed-form bias and variance predict",
    notes="""Survey §8.2; Berner, Grohs, Jentzen (2020) and Beck et al. (2021): u(T, x) =
E φ(x + √(2T) Z) (Feynman–Kac for ∂_t u = Δu), so u(T, ·) minimizes E(f(X) − φ(X + √(2T)Z))² over
measurable f, and ERM on Monte-Carlo pairs learns it. The closed forms come from verify.heat
(φ = ‖x‖², exp(aᵀx), Σ ReLU(x_i); u(T, ·) and Var[Y | x] = Var φ(x + √(2T)Z)). The learner
(verify.kolmogorov_erm): 32 random ReLU features (w ∼ N(0, I), b ∼ U[−2, 2]) plus an intercept,
least squares in closed form (a 1e-8 relative ridge on the non-intercept coefficients), 2048
Monte-Carlo training pairs (x_i uniform on [0, 1]^d). The fit is a linear smoother û = φᵀMY, so
given the training points, the features and 1024 fresh test points, the expected squared L²
error of the learned model against the closed form is exactly bias + variance: the error of
the same features fitted to the noise-free labels u(T, x_i), plus tr(G M Σ Mᵀ) with Σ =
diag Var[Y | x_i] from the closed form (computed by its own Cholesky solve, independently of the
fit). Checked (the learning clause): the mean over replicates and independent label draws
(8 replicates × 32 label vectors at quick and standard, 16 × 32 at thorough; the engine doubles
the replicates to reach the target resolution) of ‖û − u(T, ·)‖²/(bias + variance) has a
Student-t test against 1 at family-wise level 10⁻³ (the engine's Bonferroni split over the
cases of a run). The learned model's relative L²
error with the interval it inherits, the predicted and noise-free errors and the error of the
intercept alone are in the details of each case (e.g. φ = ‖x‖², d = 2, T = 1/2: ≈ 0.08 learned,
≈ 0.16 intercept only). This is a real learning check: a model that does not use its features
(an intercept-only fit; implementation mutant) misses the prediction by the factor
(intercept-only error/learned error)² ≈ 1.2–4; wrong data (√T for √(2T), a 20 % error in the
variance of the shifts, labels φ/2; mutants) add a bias or change the variance, and the ratio
leaves 1. Mutant "√T in place of √(2T)" (the variance of ∂_t u = ½Δu): for φ = ‖x‖² the data
have conditional mean ‖x‖² + dT, off by dT; falsified (ratio ≈ 10 at the witness). Probe
condition: T‖a‖² ≤ 1/8 for exp(aᵀx), as in curse.kolmogorov_heat (heavier lognormal tails would
need a skewness-corrected interval).""",
)
