"""Section 5 of the catalog (survey §5): optimization.

Theorems: ``optim.du_linear_convergence`` (Du, Zhai, Póczos, Singh 2019, Thm 4.1; SOURCES T11),
``optim.lazy_training`` (Chizat, Oyallon, Bach 2019, Thm 2.2; SOURCES T12) and
``optim.deep_linear_landscape`` (Baldi & Hornik 1989; Kawaguchi 2016, Thm 2.3; SOURCES T13).
Engine pieces: ``verify.training`` (H^∞, λ_0 in balls, batched gradient descent, the α-scaled
model and its linearization) and ``verify.landscape`` (exact critical points of scalar deep
linear networks, reduced-rank regression).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from fractions import Fraction

import flint
import numpy as np
import sympy
import torch
from hypothesis import strategies as st

import verify.domain.kernels.landscape as landscape
import verify.domain.kernels.training as training
from verify import (
    Ball,
    Budget,
    Context,
    Estimate,
    Exact,
    Identity,
    Instance,
    Mutant,
    Necessity,
    Premise,
    Theorem,
    Witness,
    deterministic_slope,
    frequency,
    implementation_mutant,
    parameter,
    quantity,
    single_cpu_thread,
)
from verify.domain.kernels.du_dynamics import (
    DuTrajectory,
    du_gradient_descent,
    exact_step_defect,
    limit_rate_ratio,
    step_defect_ratio,
)
from verify.domain.kernels.landscape import (
    FLAT,
    GLOBAL,
    STRICT,
    classify_critical_points,
    deep_linear_weights,
    lowest_loss_ratio,
    reduced_rank_minimum_ball,
)
from verify.domain.kernels.training import (
    TanhPair,
    bottom_eigenvector,
    closed_form_gap,
    du_required_width,
    lambda_min_enclosure,
    lazy_deviation,
    limit_dynamics_ratio,
    parallel_pairs,
    random_unit_inputs,
    trajectory_violations,
)

F = Fraction

# --------------------------------------------------------------------------------------------
# optim.du_linear_convergence
# --------------------------------------------------------------------------------------------

QUADRATURE_TOL = sympy.Rational(1, 10**30)
STEP_CONSTANT = 16
"""η = 16 λ_0/n²: the constant in Thm 4.1's η = O(λ_0/n²) is unspecified; 16 keeps runs short."""
DELTA = F(1, 10)

n_ = parameter("n", integer=True, positive=True)
m_ = parameter("m", integer=True, positive=True)
eta_ = parameter("eta", positive=True)
delta_ = parameter("delta", positive=True)
K_ = parameter("K", integer=True, positive=True)
gram_gap = quantity("gram_gap", latex=r"\max_{ij}|H^\infty_{ij,\mathrm{quad}} - "
                                      r"H^\infty_{ij,\mathrm{closed}}|")
lambda_0 = quantity("lambda_0", latex=r"\lambda_{\min}(H^\infty)")
limit_ratio = quantity("limit_ratio", latex=r"\max_k \frac{\|r_\infty(k)\|^2}"
                                            r"{(1-\eta\lambda_0/2)^k\|r_\infty(0)\|^2}")
limit_tight = quantity("limit_tight", latex=r"\max_k \frac{\|r_\infty(k)\|^2}"
                                            r"{(1-\eta\lambda_0)^{2k}\|r_\infty(0)\|^2}")
step_defect = quantity("step_defect", latex=r"\max_{i} \frac{|u_i(k+1) - u_i(k) + "
                                            r"\eta(H(k)(u(k)-y))_i|}{\eta\sqrt{n}\|u(k)-y\|"
                                            r"|S_i^\perp(k)|/m}")
violating_runs = quantity("violating_runs", latex=r"\Pr[\exists k: \|y-u(k)\|^2 > "
                                                  r"(1-\eta\lambda_0/2)^k\|y-u(0)\|^2]")


def du_instance(seed: int, count: int, width: int, steps: int, label: str = "",
                duplicate: bool = False) -> Instance:
    """``count`` exact unit inputs of Q³ and labels in [−1, 1] from the seed; η = 16 λ_0/n²
    (rational) from the certified λ_0; ``duplicate`` repeats the first input (λ_0 = 0)."""
    rng = np.random.default_rng(seed)
    inputs = random_unit_inputs(count, 3, rng)
    if duplicate:
        inputs = (inputs[0], *inputs[:-1])
    labels = tuple(float(v) for v in rng.uniform(-1, 1, count))
    lam = lambda_min_enclosure(inputs)
    lam_mid = float(lam.mid()) if isinstance(lam, flint.arb) else float(lam)
    eta = F(STEP_CONSTANT * lam_mid / count**2).limit_denominator(10**9) if lam_mid > 0 \
        else F(1, count**2)
    required = du_required_width(count, lam_mid, float(DELTA)) if lam_mid > 0 else math.inf
    note = (f"width m = {width} vs Thm 4.1's n⁶/(λ_0⁴δ³) = {required:.3g} (constant 1): "
            "width premise NOT met")
    data = {"inputs": inputs, "labels": labels, "seed": seed, "required_width": required}
    return Instance({"n": count, "m": width, "eta": eta, "delta": DELTA, "K": steps}, data,
                    label=label or f"n = {count}, seed {seed}; {note}")


@functools.lru_cache(maxsize=128)
def _gram_gap_cached(inputs: tuple, closed: object, quadrature: object) -> flint.arb:
    return closed_form_gap(inputs)


def _gram_gap(inputs: tuple) -> flint.arb:
    """closed_form_gap, cached per inputs and per the two helpers it calls (a patched helper
    is never answered from the cache)."""
    return _gram_gap_cached(tuple(inputs), training.gram_entry_closed,
                            training.gram_entry_quadrature)


def _du_measure_with(factor: Fraction):
    def measure(instance: Instance, context: Context) -> dict[str, object]:
        """Rigorous: the quadrature/closed-form gap of H^∞, λ_0's enclosure and the
        infinite-width dynamics r ← (I − ηH^∞) r from H^∞'s bottom eigenvector (arb), against
        the theorem's rate and the exact one; the step decomposition of the proof at step K/2
        of the run where floats put it worst, recomputed exactly. Statistical: batched GD runs
        at width m on context.device, the bound checked at every step k ≤ K of each run.
        With λ_0 = 0 (duplicated inputs) the bound (1 − 0)^k is vacuous: the dynamics are not
        run (0 of 1 runs reported)."""
        p, data = instance.params, instance.data
        inputs = data["inputs"]
        lam = lambda_min_enclosure(inputs)
        out: dict[str, object] = {"gram_gap": Ball(_gram_gap(inputs))}
        if not isinstance(lam, flint.arb):
            out.update(lambda_0=Exact(lam), limit_ratio=Exact(0), limit_tight=Exact(0),
                       step_defect=Exact(0), violating_runs=frequency(0, 1))
            return out
        out["lambda_0"] = Ball(lam)
        lam_mid = float(lam.mid())
        eta = float(p["eta"])
        limit_steps = max(64, math.ceil(8 / (eta * lam_mid) ** 2))
        start = bottom_eigenvector(inputs)
        out["limit_ratio"] = Ball(limit_dynamics_ratio(inputs, p["eta"], lam, factor, start,
                                                       limit_steps))
        out["limit_tight"] = Ball(limit_rate_ratio(inputs, p["eta"], lam.lower(), start,
                                                   limit_steps))
        x = torch.tensor([[float(v) for v in q] for q in inputs], dtype=torch.float64)
        y = torch.tensor(data["labels"], dtype=torch.float64)
        runs = min(context.samples(4, 8, 16), context.budget.pick(32, 64, 256))
        keep = int(p["K"]) // 2
        generator = torch.Generator().manual_seed(int(data["seed"]))
        with single_cpu_thread():
            trajectory = du_gradient_descent(x, y, int(p["m"]), runs, eta, int(p["K"]),
                                             generator=generator, device=context.device,
                                             keep=keep)
            worst_run = int(step_defect_ratio(trajectory, y, eta)[:, keep].argmax())
            residuals = trajectory.residuals(y)
        assert trajectory.kept is not None and trajectory.signs is not None
        out["step_defect"] = Ball(exact_step_defect(
            inputs, data["labels"], trajectory.signs[worst_run].tolist(),
            trajectory.kept[0][worst_run], trajectory.kept[1][worst_run], p["eta"]))
        bad = trajectory_violations(residuals, eta, lam_mid, float(factor))
        out["violating_runs"] = frequency(int(bad.sum()), runs, 0.99)
        return out
    return measure


def _du_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    width = budget.pick(1024, 2048, 4096)
    steps = budget.pick(300, 300, 800)
    return st.builds(du_instance, st.integers(0, budget.pick(2, 7, 31)), st.sampled_from((4, 5)),
                     st.just(width), st.just(steps))


def _step_within(instance: Instance) -> bool:
    lam = lambda_min_enclosure(instance.data["inputs"])
    upper = float(lam.mid() + lam.rad()) if isinstance(lam, flint.arb) else float(lam)
    bound = STEP_CONSTANT * upper / instance.params["n"] ** 2 * (1 + 1e-6)
    return 0 < instance.params["eta"] <= F(bound)


_du_premises = (
    Premise("‖x_i‖ = 1 (exactly)",
            lambda i: all(sum(v * v for v in q) == 1 for q in i.data["inputs"])),
    Premise("no two x_i parallel (decided exactly: |x_iᵀx_j| ≠ 1)",
            lambda i: not parallel_pairs(i.data["inputs"])),
    Premise("η = O(λ_0/n²): here η ≤ 16 λ_0/n² (1 + 10^(−6)), λ_0's upper end",
            _step_within),
)


def _halved_step(x: torch.Tensor, y: torch.Tensor, width: int, runs: int, eta: float,
                 steps: int, **kwargs: object) -> DuTrajectory:
    """A planted bug: gradient descent run with step η/2."""
    return _DESCENT(x, y, width, runs, eta / 2, steps, **kwargs)  # type: ignore[arg-type]


def _cho_saul_entry(c: Fraction) -> flint.arb:
    """A planted bug: H^∞_ij with Cho & Saul's 1/π in place of 1/(2π)."""
    return 2 * _CLOSED_ENTRY(c)


_DESCENT = du_gradient_descent
_CLOSED_ENTRY = training.gram_entry_closed
_c, _t = sympy.symbols("c t", real=True)
_x = sympy.Symbol("x", positive=True)
_DU_WITNESS = du_instance(3, 5, 1024, 300, "n = 5, seed 3 (bottom-eigenvector witness)")

du_linear_convergence = Theorem(
    id="optim.du_linear_convergence",
    title="Gradient descent on a wide two-layer ReLU network converges linearly: "
          "‖y − u(k)‖² ≤ (1 − ηλ_0/2)^k ‖y − u(0)‖²",
    survey="§5.2 (lazy training and provable convergence)",
    source="Du, Zhai, Póczos, Singh (2019), Gradient descent provably optimizes "
           "over-parameterized neural networks, ICLR, Thm 4.1 (H^∞: §3, Thm 3.1)",
    statement=sympy.And(sympy.Le(gram_gap, QUADRATURE_TOL), sympy.Gt(lambda_0, 0),
                        sympy.Le(limit_ratio, 1), sympy.Le(limit_tight, 1),
                        sympy.Le(step_defect, 1), sympy.Le(violating_runs, delta_)),
    parameters=(n_, m_, eta_, delta_, K_),
    quantities=(gram_gap, lambda_0, limit_ratio, limit_tight, step_defect, violating_runs),
    mode="statistical",
    instances=_du_instances,
    measure=_du_measure_with(F(1, 2)),
    premises=_du_premises,
    proof=(
        Identity("H^∞_ij = x_iᵀx_j P(wᵀx_i ≥ 0, wᵀx_j ≥ 0) and the two half-planes share an arc "
                 "of length π − θ, θ = arccos(x_iᵀx_j): H^∞_ij = c(π − arccos c)/(2π)",
                 _c * (sympy.pi / 2 - (sympy.acos(_c) - sympy.pi / 2)) / (2 * sympy.pi),
                 _c * (sympy.pi - sympy.acos(_c)) / (2 * sympy.pi)),
        Identity("along H^∞'s bottom eigenvector the linear dynamics give (1 − ηλ_0)^(2k) = "
                 "((1 − 2ηλ_0) + (ηλ_0)²)^k: the squared residual decays slower than "
                 "(1 − 2ηλ_0)^k, faster than (1 − ηλ_0/2)^k while ηλ_0 ≤ 3/2",
                 (1 - _x) ** 2, 1 - 2 * _x + _x**2),
    ),
    witnesses=(Witness("n = 5, seed 3", _DU_WITNESS,
                       note="the infinite-width dynamics start on H^∞'s bottom eigenvector: "
                            "limit_tight ≈ 1 − 10⁻²⁰ (the exact rate (1 − ηλ_0)^(2k))"),),
    mutants=(
        Mutant("rate (1 − 2ηλ_0)^k", "‖y − u(k)‖² ≤ (1 − 2ηλ_0)^k ‖y − u(0)‖²: along the bottom "
               "eigenvector the squared residual decays only like (1 − ηλ_0)^(2k)",
               statement=sympy.And(sympy.Le(gram_gap, QUADRATURE_TOL), sympy.Gt(lambda_0, 0),
                                   sympy.Le(limit_ratio, 1), sympy.Le(violating_runs, delta_)),
               measure=_du_measure_with(F(2))),
        implementation_mutant("halved step", "gradient descent run with step η/2",
                              patches={f"{__name__}.du_gradient_descent": _halved_step}),
        implementation_mutant("H^∞ with 1/π", "the closed form of H^∞ with Cho & Saul's 1/π "
                              "normalisation in place of 1/(2π)",
                              patches={"verify.domain.kernels.training.gram_entry_closed":
                                       _cho_saul_entry}),
    ),
    necessity=(
        Necessity("a duplicated input", "no two x_i parallel (decided exactly: |x_iᵀx_j| ≠ 1)",
                  du_instance(5, 4, 256, 10, "x_1 repeated: two equal rows of H^∞",
                              duplicate=True)),
    ),
    partial="the width premise m = Ω(n⁶/(λ_0⁴δ³)) is NOT met: GD runs use m = 1024 (quick), "
            "2048, 4096, while n⁶/(λ_0⁴δ³) with constant 1 and δ = 1/10 is ~10^11–10^13 for "
            "these inputs (each instance's label gives it); the trajectory bound is checked "
            "statistically at widths where it holds in practice",
    notes="""Sources: SOURCES T11 ([V-secondary] for m, η and the rate; the rest [M], high
confidence); the paper itself (arXiv:1810.02054) was not re-read here. Thm 4.1: if m =
Ω(n⁶/(λ_0⁴δ³)) and η = O(λ_0/n²), then with probability ≥ 1 − δ, ‖y − u(k)‖² ≤ (1 − ηλ_0/2)^k
‖y − u(0)‖² for all k; the constants are unspecified.
Instances: n ∈ {4, 5} exact rational unit inputs of Q³ (inverse stereographic projection of
points of (Z/8)²), labels uniform in [−1, 1], η = 16 λ_0/n² rounded to a rational. Certified
parts (arb, 128–256 bits): (1) every entry of H^∞ by rigorous quadrature of
E[xᵀx' 1{wᵀx ≥ 0, wᵀx' ≥ 0}] (acb.integral with real_heaviside) against the closed form, to
1e−30; (2) λ_0 enclosed in [μ, ν]: ν a Rayleigh quotient, μ certified by H^∞ − μI ≻ 0 (ball
Gaussian elimination, every pivot certainly positive), ν − μ ≈ 1e−20 λ_0; λ_0 ≈ 0.04–0.1 here;
(3) the infinite-width dynamics r(k+1) = (I − ηH^∞) r(k) from H^∞'s bottom eigenvector at k =
1..64 and k = 2^j up to 8/(ηλ_0)² (repeated squaring) — the m → ∞ limit of the GD dynamics, where
the theorem must hold with probability → 1: limit_ratio = max_k ‖r(k)‖²/((1 − ηλ_0/2)^k‖r(0)‖²)
≤ 1 (the theorem's rate), and its tight companion limit_tight = max_k ‖r(k)‖²/((1 −
ημ)^(2k)‖r(0)‖²) ≤ 1 (the exact rate of the linear dynamics, ‖I − ηH^∞‖ = 1 − ηλ_0; ratio
1 − O(10⁻²⁰) on every instance, since the start is the bottom eigenvector).
Step decomposition of Du et al.'s proof (verify.domain.kernels.du_dynamics), rigorous: u(k+1) −
u(k) = −ηH(k)(u(k) − y) + I_2 with H(k) the Gram matrix of the activation patterns at W(k) and
|I_2,i| ≤ η√n‖u(k) − y‖|S_i^⊥(k)|/m, S_i^⊥ the neurons whose activation on x_i flips during the
step. Every step of every run is evaluated in floats (observed max 0.3–0.76 of the bound); at step
K/2 of the run where that is largest, the run's weights W(k), W(k+1) (float64, exact dyadics) are
re-evaluated exactly (rationals; balls for 1/√m) with an a priori bound on what float64 rounding
in the step can add (Higham's standard model, doubled): step_defect ≤ 1 (measured 0.02–0.3). It
pins the step size: GD with η/2 gives step_defect ≈ 10⁸.
Statistical part: context.samples (4 quick, 8 standard, 16 thorough, grown by the engine up to
32 / 64 / 256) GD runs per instance at width 1024 / 2048 / 4096, K = 300 / 300 / 800 steps,
batched on context.device (float64); a run violates when some step k ≤ K breaks the bound
(relative slack 1e−12); the violating-run frequency's 99 % Clopper–Pearson interval must not lie
above δ = 1/10. No run has violated (the GD residual decays roughly like (1 − ηλ_min(H(0)))^(2k),
far below the bound); this
clause cannot reach the budget's resolution (a frequency bound 1/10 resolved to 10 % needs ~3·10⁴
runs): the power of the check is in the tight and rigorous clauses above.
Mutants: (1 − 2ηλ_0)^k, falsified in arb by the infinite-width dynamics (ratio ≈ 7–280 at k ≈
8/(ηλ_0)², since (1 − ηλ_0)² = 1 − 2ηλ_0 + (ηλ_0)²); planted bugs: GD with step η/2 (the step
decomposition, ratio ~10⁸, in balls) and H^∞ with 1/π (the quadrature gap, ≈ 0.1 against 10⁻³⁰).
Necessity: a duplicated input gives two equal rows of H^∞, λ_0 = 0 exactly.""",
)


# --------------------------------------------------------------------------------------------
# optim.lazy_training
# --------------------------------------------------------------------------------------------

RATE_CONFIDENCE = 0.9999
HORIZON = 2.0
DT = 0.01

width_ = parameter("m", integer=True, positive=True)
points_ = parameter("n", integer=True, positive=True)
lazy_slope = quantity("slope", latex=r"\mathrm{slope}_{\log\alpha}\log\sup_{t\le T}"
                                     r"\|\alpha h(w_\alpha(t))-\alpha\bar h(\bar w_\alpha(t))\|")


def lazy_instance(seed: int, width: int, count: int = 6, top: int = 12, label: str = ""
                  ) -> Instance:
    """A tanh network (2, m, 1) and ``count`` Gaussian inputs/labels from the seed; α = 2^j,
    j = 0..top (one more per doubling of the engine's sample scale)."""
    return Instance({"m": width, "n": count}, {"seed": seed, "top": top},
                    label=label or f"tanh (2, {width}, 1), n = {count}, seed {seed}")


def _lazy_measure(instance: Instance, context: Context) -> Estimate:
    """The deterministic slope (upper half of the α sweep, widened by its drift) of the sup
    deviation between the α-scaled model and its linearization."""
    data = instance.data
    generator = torch.Generator().manual_seed(int(data["seed"]))
    net = TanhPair(2, int(instance.params["m"]), generator).to(context.device)
    count = int(instance.params["n"])
    x = torch.randn(count, 2, generator=generator, dtype=torch.float64).to(context.device)
    y = torch.randn(count, generator=generator, dtype=torch.float64).to(context.device)
    top = int(data["top"]) + int(math.log2(context.sample_scale))
    alphas = [2.0**j for j in range(top + 1)]
    with single_cpu_thread():
        deviation, _ = lazy_deviation(net, x, y, alphas, HORIZON, DT)
    return deterministic_slope(np.log(alphas), np.log(deviation.cpu().numpy()), RATE_CONFIDENCE)


def _lazy_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    return st.builds(lazy_instance, st.integers(0, budget.pick(3, 15, 63)),
                     st.sampled_from((16, 32)), st.just(6), st.just(budget.pick(12, 12, 14)))


def _tangent_without_b(net: TanhPair, x: torch.Tensor, da: torch.Tensor, db: torch.Tensor
                       ) -> torch.Tensor:
    """A planted bug: the a-part of the tangent map without its factor b_j."""
    s0 = torch.tanh(x @ net.a0.T)
    return ((s0 * db).sum(-1) + ((1 - s0 * s0) * (x @ da.T)).sum(-1)) / math.sqrt(net.width)


lazy_training = Theorem(
    id="optim.lazy_training",
    title="Lazy training: the α-scaled model stays O(1/α) from its linearization on a finite "
          "horizon",
    survey="§5.2 (lazy training)",
    source="Chizat, Oyallon, Bach (2019), On lazy training in differentiable programming, "
           "NeurIPS, Thm 2.2 (finite horizon; numbering from SOURCES T12, unverified)",
    statement=sympy.Eq(lazy_slope, -1),
    parameters=(width_, points_),
    quantities=(lazy_slope,),
    mode="rate",
    instances=_lazy_instances,
    measure=_lazy_measure,
    premises=(Premise("h smooth (tanh), centered: α(h(w) − h(w_0)) vanishes at w_0",
                      lambda i: True),),
    witnesses=(Witness("width 32, seed 7, α up to 2^12", lazy_instance(7, 32, 6, 12)),),
    mutants=(
        Mutant("slope −2", "the function-space deviation is O(1/α²)",
               statement=sympy.Eq(lazy_slope, -2)),
        implementation_mutant(
            "tangent map without b_j", "the linearization's a-part (1 − tanh²)a·x without its "
            "output weight b_j: the linearized flow is not the model's linearization",
            patches={"verify.domain.kernels.training.tangent_outputs": _tangent_without_b}),
    ),
    notes="""Sources: SOURCES T12 [M]; Thm 2.2 (finite horizon, h(w_0) = 0): sup_(t≤T)
‖αh(w_α(t)) − αh̄(w̄_α(t))‖ = O(1/α); THEOREMS.md says Thm 2.3, SOURCES says 2.2 — numbering not
verified against the paper. Setting: h(w)(x) = (1/√m) Σ_j b_j tanh(a_jᵀx), a_j ~ N(0, I_2),
b_j ~ N(0, 1), m ∈ {16, 32}, n = 6 Gaussian inputs and labels; the centered model
α(h(w) − h(w_0)) (so h(w_0) = 0 as the theorem assumes) trained on F_α(w) = R(α(h − h(w_0)))/α²,
R(f) = ‖f − y‖²/(2n), by explicit Euler (dt = 0.01, T = 2) — "small-step GD" for gradient flow —
and the linearized model likewise (``verify.training.lazy_deviation``, batched over α, float64 on
context.device). α = 2^j, j = 0..12 (14 at thorough), one more j per doubling of the engine's
sample scale; the slope of log sup-deviation against log α is a deterministic sweep, fitted on
its upper half (the most asymptotic α) with the 99.99 % t-interval widened by the drift of the
local slopes (verify.stats.deterministic_slope): the deviation is c_1/α + c_2/α² + …, so the
local slopes approach −1 like −1 − (c_2/c_1)/α and the fit over all α is biased (−0.97 … −1.02
over α ≤ 2^10); on the upper half the slopes are −0.999 … −1.002 with half-widths 0.001–0.025.
Finding: the symmetrized initialization (pairs (a_j, b_j), (a_j, −b_j), the "centered trick" of
the catalog) cancels the second-order term of h at w_0 pairwise, and the deviation is then
O(1/α²) (measured slopes −1.97 … −2.000): the O(1/α) bound is not attained there, so that
initialization cannot falsify the slope −2 mutant; the plain init with explicit centering is
used. Mutant slope −2: excluded by every interval. Planted bug: the linearization's tangent map
without b_j in its a-part (the deviation no longer vanishes: slope ≈ 0).""",
)


# --------------------------------------------------------------------------------------------
# optim.deep_linear_landscape
# --------------------------------------------------------------------------------------------

GD_RUNS, GD_STEPS = 4, 800

H_ = parameter("H", integer=True, positive=True)
spurious = quantity("spurious", latex=r"\#\{\text{critical points not global and not "
                                      r"certified saddles}\}")
flat_saddles = quantity("flat_saddles", latex=r"\#\{\text{saddles with } \nabla^2 L \succeq 0\}")
gd_ratio = quantity("gd_ratio", latex=r"\min_{\text{runs}} L(W_{GD})/L^*")


def landscape_instance(seed: int, hidden: int, label: str = "") -> Instance:
    """Scalar data (x_i, y_i), i = 1..3, multiples of 1/2 in [−2, 2] with Σx² ≠ 0, Σxy ≠ 0, for
    the exact part; X ∈ R^(3×8), Y ∈ R^(2×8) Gaussian and hidden widths p ∈ {1, 2} for GD."""
    rng = np.random.default_rng(seed)
    while True:
        xs = tuple(F(int(k), 2) for k in rng.integers(-4, 5, 3))
        ys = tuple(F(int(k), 2) for k in rng.integers(-4, 5, 3))
        if sum(x * x for x in xs) and sum(x * y for x, y in zip(xs, ys, strict=True)):
            break
    p = int(rng.integers(1, 3))
    x = rng.standard_normal((3, 8))
    y = rng.standard_normal((2, 8))
    data = {"xs": xs, "ys": ys, "x": x, "y": y, "widths": (3, *([p] * hidden), 2), "seed": seed}
    return Instance({"H": hidden}, data,
                    label=label or f"{hidden} hidden layer(s), seed {seed}, GD widths "
                                   f"{data['widths']}")


def _landscape_measure(instance: Instance, context: Context) -> dict[str, object]:
    data = instance.data
    depth = int(instance.params["H"]) + 1
    points = classify_critical_points(depth, data["xs"], data["ys"])
    kinds = Counter(c.kind for c in points)
    out: dict[str, object] = {
        "spurious": Exact(sum(v for k, v in kinds.items() if k not in (GLOBAL, STRICT, FLAT))),
        "flat_saddles": Exact(kinds[FLAT]),
    }
    widths = data["widths"]
    generator = torch.Generator().manual_seed(int(data["seed"]))
    with single_cpu_thread():
        weights = deep_linear_weights(torch.tensor(data["x"]), torch.tensor(data["y"]), widths,
                                      runs=GD_RUNS, steps=GD_STEPS, lr=0.02,
                                      generator=generator, device=context.device)
    out["gd_ratio"] = Ball(lowest_loss_ratio(data["x"], data["y"], weights, min(widths[1:-1])))
    return out


def _landscape_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    return st.builds(landscape_instance, st.integers(0, budget.pick(3, 15, 63)),
                     st.sampled_from(budget.pick((1, 2), (1, 2, 3), (1, 2, 3))))


def _full_rank(instance: Instance) -> bool:
    xs, ys, x, y = (instance.data[k] for k in ("xs", "ys", "x", "y"))
    sigma = y @ x.T @ np.linalg.solve(x @ x.T, x @ y.T)
    eig = np.linalg.eigvalsh(sigma)
    return (sum(v * v for v in xs) != 0 and sum(a * b for a, b in zip(xs, ys, strict=True)) != 0
            and np.linalg.matrix_rank(x @ x.T) == 3 and np.linalg.matrix_rank(x @ y.T) == 2
            and float(np.min(np.diff(eig))) > 1e-9 * float(eig.max()))


def _halved_minimum(xs: object, ys: object) -> sympy.Rational:
    """A planted bug: ½(Σy² − (Σxy)²/Σx²)/2, the global minimum with a factor 2 too many."""
    return _GLOBAL_MINIMUM(xs, ys) / 2


def _smallest_eigenvalues(x: np.ndarray, y: np.ndarray, rank: int, prec: int = 256
                          ) -> flint.arb:
    """A planted bug: the eigenvalues of Σ taken in ascending order, so the p smallest are
    projected out instead of the p largest."""
    return _REDUCED_RANK(x, y, len(y), prec) + _REDUCED_RANK(x, y, 0, prec) - _REDUCED_RANK(
        x, y, len(y) - rank, prec)


_REDUCED_RANK = reduced_rank_minimum_ball
_GLOBAL_MINIMUM = landscape.scalar_global_minimum
_w1, _w2, _w3, _s, _cc = sympy.symbols("w1 w2 w3 s c", real=True)
_scalar3 = (_s * (_w1 * _w2 * _w3) ** 2) / 2 - _cc * _w1 * _w2 * _w3
_LANDSCAPE_WITNESS = landscape_instance(1, 2, "two hidden layers (depth 3): W = 0 is a "
                                              "critical point with zero Hessian")
_landscape_statement = sympy.And(sympy.Eq(spurious, 0),
                                 sympy.Eq(sympy.Min(flat_saddles, 1), sympy.Min(H_ - 1, 1)),
                                 sympy.Ge(gd_ratio, 1))

deep_linear_landscape = Theorem(
    id="optim.deep_linear_landscape",
    title="Deep linear networks: every local minimum is global; depth 2 saddles are strict, "
          "deeper networks have saddles without negative curvature",
    survey="§5.1 (loss landscape)",
    source="Baldi & Hornik (1989), Neural networks and principal component analysis; Kawaguchi "
           "(2016), Deep learning without poor local minima, NeurIPS, Thm 2.3",
    statement=_landscape_statement,
    parameters=(H_,),
    quantities=(spurious, flat_saddles, gd_ratio),
    mode="exact",
    instances=_landscape_instances,
    measure=_landscape_measure,
    premises=(Premise("XXᵀ, XYᵀ full rank, Σ = YXᵀ(XXᵀ)^(−1)XYᵀ distinct eigenvalues, d_y ≤ d_x",
                      _full_rank),),
    proof=(
        Identity("depth 3, scalar: the Hessian at W = 0 vanishes (L = s p²/2 − c p, p = "
                 "w1w2w3): the sum of its squared entries is 0",
                 sum(e**2 for e in sympy.hessian(_scalar3, (_w1, _w2, _w3))
                     .subs({_w1: 0, _w2: 0, _w3: 0})), 0),
        Identity("depth 3: along w = t(1, 1, sign c), L(w) − L(0) = −|c|t³ + O(t⁶): a saddle",
                 sympy.expand(_scalar3.subs({_w1: _t, _w2: _t, _w3: _t})),
                 _s * _t**6 / 2 - _cc * _t**3),
    ),
    witnesses=(Witness("W = 0 at depth 3", _LANDSCAPE_WITNESS),),
    mutants=(
        Mutant("every saddle strict for ≥ 2 hidden layers", "Kawaguchi's (iv) without its rank "
               "condition: every non-global critical point has a negative Hessian eigenvalue",
               statement=sympy.And(sympy.Eq(spurious, 0), sympy.Eq(flat_saddles, 0),
                                   sympy.Ge(gd_ratio, 1)),
               extra_witnesses=(Witness("W = 0 at depth 3", _LANDSCAPE_WITNESS),)),
        implementation_mutant(
            "global minimum halved", "the scalar global minimum ½(Σy² − (Σxy)²/Σx²) divided by "
            "2 once more: the global minima are no longer recognised",
            patches={"verify.domain.kernels.landscape.scalar_global_minimum": _halved_minimum}),
        implementation_mutant(
            "smallest eigenvalues", "the reduced-rank minimum from the p smallest eigenvalues of "
            "Σ (eigvalsh's ascending order not reversed)",
            patches={"verify.domain.kernels.landscape.reduced_rank_minimum_ball":
                     _smallest_eigenvalues}),
    ),
    partial="the exact classification covers scalar networks (d_x = d_y = 1, hidden widths 1, "
            "3 data points, depth ≤ 3 at quick, ≤ 4 at standard) and only the sampled points of "
            "each solution family of ∇L = 0; for matrix networks only the value of the global "
            "minimum is checked (no gradient-descent run ends below it); Kawaguchi's (i) "
            "(non-convexity) and the rank condition of (iv) are not checked",
    notes="""Sources: SOURCES T13 [M], high confidence (Kawaguchi 2016, Thm 2.3: (ii) every local
minimum is global, (iii) every other critical point is a saddle, (iv) strict when rank(W_H⋯W_2)
= p; Baldi & Hornik 1989 for one hidden layer and the value of the global minimum). Exact part:
scalar networks x ↦ w_(H+1)⋯w_1 x, H ∈ {1, 2} (quick; 3 at standard), 3 data points, multiples
of 1/2 in [−2, 2] (Σx² ≠ 0, Σxy ≠ 0, so XXᵀ, XYᵀ have full rank and Σ is 1×1). sympy solves ∇L = 0;
every solution family is sampled at its free variables ∈ {0, 1, −2, 1/3} (so W = 0 and the points
with exactly two zeros are always included), each sampled point is re-checked critical and
classified exactly (polynomials over Q): global (loss = ½(Σy² − (Σxy)²/Σx²)), strict saddle
(negative Hessian eigenvalues counted by Descartes' rule on the real-rooted characteristic
polynomial), saddle without negative curvature (Hessian ⪰ 0 and an exact descent direction in
{−1, 0, 1}^N: the lowest-order coefficient of L(w + td) − L(w) in t is negative). Any other
critical point would count as spurious. The families are infinite, so only their sampled points
are classified; the families themselves are all that ∇L = 0 has. Statement: no spurious point;
Min(#flat saddles, 1) = Min(H − 1, 1), i.e. none for one hidden layer, at least one (W = 0) for
two or more; and, for matrix networks (X ∈ R^(3×8), Y ∈ R^(2×8) Gaussian, widths (3, p, …, p,
2), p ∈ {1, 2}), the global minimum is the reduced-rank regression value L* = ½(‖Y‖² −
Σ_(i≤p) λ_i(Σ)): no gradient-descent run ends below it (min over 4 runs of L(W_GD)/L* ≥ 1; the final
float64 weights' losses are evaluated exactly and L* in balls from the exact characteristic
polynomial of Σ). That the runs reach L* is NOT claimed (Kawaguchi's theorem says
nothing about gradient descent) and only reported here: after 800 steps (lr 0.02, init 0.5·N(0,
1/fan-in)) the best run is within 10⁻⁹ of L* (ratio ≈ 1), while single depth-4 runs stay near a
saddle (relative gap up to 0.44 seen). Mutant (iv) without the rank condition: falsified exactly at
W = 0 for H = 2 (zero Hessian, not a global minimum, exact descent direction). Planted bugs: the
global
minimum halved (its points become undecided: spurious > 0) and the reduced-rank minimum from the
smallest eigenvalues (L* too large: gradient descent ends below it).""",
)

__all__ = ["du_linear_convergence", "lazy_training", "deep_linear_landscape"]
