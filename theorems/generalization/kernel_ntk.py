"""Section 2 of the catalog (survey §2.1): the neural tangent kernel and training in the kernel
regime.

Theorems: ``kernel.ntk_limit`` (Jacot, Gabriel, Hongler 2018, Thm 1, with the ReLU closed forms
of Cho & Saul 2009; SOURCES T10) and ``kernel.linearized_training`` (gradient descent on the
linearization is kernel regression). Private module: the section's public module imports these
Theorem objects. Mathematics: ``verify.domain.kernels.ntk`` (empirical and analytic NTK,
rigorous Gaussian moments, exact kernel regression, gradient descent in balls),
``verify.domain.kernels.ntk_variants`` (the mutated recursion) and
``verify.domain.kernels.linearization`` (the linear model at θ_0).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import flint
import numpy as np
import sympy
import torch
from hypothesis import assume
from hypothesis import strategies as st

from verify import (
    Ball,
    Budget,
    Context,
    Exact,
    Identity,
    Instance,
    Mutant,
    Necessity,
    Premise,
    Recurrence,
    Theorem,
    Witness,
    as_fraction,
    implementation_mutant,
    loglog_slope,
    parameter,
    quantity,
)
from verify.domain.kernels import ntk as ntk_module
from verify.domain.kernels.linearization import linearization
from verify.domain.kernels.ntk import (
    KernelPair,
    fmpq_matrix,
    gaussian_relu_moments,
    gradient_descent_arb,
    ntk_ensemble,
    ntk_relative_deviation,
    positive_definite,
)
from verify.domain.kernels.ntk_variants import ntk_without_sigma
from verify.domain.networks.strategies import seeds

F = Fraction
_RELU_EXPECTATIONS = ntk_module.relu_expectations
_GAUSSIAN_RELU_MOMENTS = gaussian_relu_moments
_GRADIENT_DESCENT_ARB = gradient_descent_arb
"""The helpers themselves, kept before any implementation mutant patches them."""

# --------------------------------------------------------------------------------------------
# kernel.ntk_limit
# --------------------------------------------------------------------------------------------

CONFIDENCE = 0.9999
"""Level of the slope's t interval (many instances are judged, each by its own interval)."""
QUADRATURE_TOL = sympy.Rational(1, 10**30)
"""The closed forms must match the rigorous quadrature (128-bit balls) to 30 digits."""
POINTS = 8
"""Inputs per instance: the NTK Gram matrix is 8 × 8."""
def _seeds_per_width(context: Context, data: dict) -> int:
    """Networks per width: 16 (quick) or 32, times the engine's sample scale (it doubles them
    until the slope's interval reaches the budget's resolution)."""
    return int(data.get("seeds_per_width", context.budget.pick(16, 32, 32))) * context.sample_scale

L = parameter("L", integer=True, positive=True)
beta = parameter("beta", nonnegative=True)
theta = parameter("theta", nonnegative=True)
r_x = parameter("r_x", positive=True)
r_y = parameter("r_y", positive=True)
slope = quantity("slope", latex=r"\mathrm{slope}_{\log n}\log\frac{\|\Theta_n-\Theta^\infty\|_F}"
                                r"{\|\Theta^\infty\|_F}")
relu_moment = quantity("relu_moment", latex=r"\mathbb{E}_w[\rho(w^\top x)\rho(w^\top y)]")
step_moment = quantity("step_moment", latex=r"\mathbb{E}_w[1_{w^\top x>0}1_{w^\top y>0}]")


def _relu_closed(normalization: sympy.Expr) -> sympy.Expr:
    return r_x * r_y * (sympy.sin(theta) + (sympy.pi - theta) * sympy.cos(theta)) / normalization


def _step_closed(normalization: sympy.Expr) -> sympy.Expr:
    return (sympy.pi - theta) / normalization


def _closed_forms(normalization: sympy.Expr) -> tuple[sympy.Rel, sympy.Rel]:
    return (sympy.Le(sympy.Abs(relu_moment - _relu_closed(normalization)), QUADRATURE_TOL),
            sympy.Le(sympy.Abs(step_moment - _step_closed(normalization)), QUADRATURE_TOL))


def _exponents(context: Context, data: dict) -> tuple[float, float]:
    """(bottom, top) of the width sweep: 2^4..2^8 (quick and standard), 2^5..2^9 (thorough),
    unless the instance fixes them. The cost grows like width² per network: on a CPU, precision
    is bought with networks, not widths."""
    bottom = float(data.get("bottom_exponent", context.budget.pick(4, 4, 5)))
    return bottom, float(data.get("top_exponent", bottom + 4))


def sweep_widths(top_exponent: float, bottom_exponent: float = 6) -> tuple[int, ...]:
    """Widths 2^(bottom + j/4) rounded, up to 2^top (quarter octaves: many points, cheap
    ones)."""
    count = round((top_exponent - bottom_exponent) * 4) + 1
    return tuple(sorted({round(2 ** (bottom_exponent + j / 4)) for j in range(count)}))


def _inputs(instance: Instance) -> torch.Tensor:
    return torch.tensor(instance.data["inputs"], dtype=torch.float64)


def deviation_sweep(instance: Instance, context: Context, limit: torch.Tensor | None = None
                    ) -> tuple[list[int], list[float]]:
    """(n, ‖Θ_n − Θ^∞‖_F/‖Θ^∞‖_F) for every width n of the sweep and every seed (``limit``
    replaces Θ^∞). Networks are drawn in float32 from the instance's seed, on the context's
    device: rounding (1e−7) is far below the deviations (≥ 1e−3 up to width 2^14)."""
    data = instance.data
    x = _inputs(instance)
    generator = torch.Generator().manual_seed(int(data["seed"]))
    members = _seeds_per_width(context, data)
    bottom, top = _exponents(context, data)
    sizes, values = [], []
    for width in sweep_widths(top, bottom):
        dev = ntk_relative_deviation(
            x, depth=int(instance.params["L"]), width=width, beta=float(instance.params["beta"]),
            members=members, generator=generator, limit=limit,
            parametrization=data.get("parametrization", "ntk"), device=context.device,
            dtype=torch.float32)
        sizes += [width] * members
        values += dev.tolist()
    return sizes, values


def _ntk_measure_with(limit_fn: Callable[[torch.Tensor, int, float], torch.Tensor] | None
                      ) -> Callable[[Instance, Context], dict[str, object]]:
    def measure(instance: Instance, context: Context) -> dict[str, object]:
        params = instance.params
        limit = None
        if limit_fn is not None:
            limit = limit_fn(_inputs(instance), int(params["L"]), float(params["beta"]))
        sizes, values = deviation_sweep(instance, context, limit)
        relu, step = gaussian_relu_moments(params["theta"], params["r_x"], params["r_y"])
        return {"slope": loglog_slope(sizes, values, CONFIDENCE), "relu_moment": Ball(relu),
                "step_moment": Ball(step)}
    return measure


def _cho_saul_expectations(sigma: KernelPair) -> tuple[KernelPair, KernelPair]:
    """Planted bug in the limit kernel: the ReLU expectations with Cho & Saul's 1/π in place
    of the Gaussian 1/(2π) (both doubled)."""
    value, slope_ = _RELU_EXPECTATIONS(sigma)
    return (KernelPair(2 * value.cross, 2 * value.left, 2 * value.right),
            KernelPair(2 * slope_.cross, 2 * slope_.left, 2 * slope_.right))


def _radial_moment_one(theta_: object, norm_x: object = 1, norm_y: object = 1, *,
                       prec: int = 128) -> tuple[flint.arb, flint.arb]:
    """Planted bug in the quadrature: the radial moment E[r²] = 2 of a planar Gaussian taken
    as 1, which halves E[ρ(wᵀx)ρ(wᵀy)]."""
    relu, step = _GAUSSIAN_RELU_MOMENTS(theta_, norm_x, norm_y, prec=prec)
    return relu / 2, step


def ntk_instance(depth: int, beta_: Fraction, seed: int, label: str = "", **extra: object
                 ) -> Instance:
    """Inputs x_1 = r_x e_1 and x_2 = r_y (cos θ e_1 + sin θ e_2) in R^d, then 6 Gaussian
    points; d ∈ {2, 3, 4}, θ = k/64 ∈ [0, 201/64] and r_x, r_y ∈ [1/2, 4] (multiples of 1/16)
    drawn from the seed unless given in ``extra``."""
    rng = np.random.default_rng(seed)
    d = int(extra.pop("d", rng.integers(2, 5)))
    angle = F(extra.pop("theta", F(int(rng.integers(0, 202)), 64)))
    rx = F(extra.pop("r_x", F(int(rng.integers(8, 65)), 16)))
    ry = F(extra.pop("r_y", F(int(rng.integers(8, 65)), 16)))
    first = [float(rx)] + [0.0] * (d - 1)
    second = [float(ry) * math.cos(angle), float(ry) * math.sin(angle)] + [0.0] * (d - 2)
    rest = rng.standard_normal((POINTS - 2, d)).tolist()
    inputs = tuple(tuple(float(v) for v in row) for row in (first, second, *rest))
    data = {"seed": seed, "inputs": inputs, "parametrization": "ntk", **extra}
    return Instance({"L": depth, "beta": beta_, "theta": angle, "r_x": rx, "r_y": ry}, data,
                    label=label or f"depth {depth}, β = {beta_}, d = {d}")


def _ntk_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    """Depth L ∈ {2, 3, 4} (1–3 hidden layers), β ∈ {0, 1/2, 1}, and a seed from a range that
    the budget sizes (1, 4, 16 seeds): each instance is a whole width sweep."""
    return st.builds(ntk_instance, st.sampled_from((2, 3, 4)),
                     st.sampled_from((F(0), F(1, 2), F(1))),
                     st.integers(0, budget.pick(0, 3, 15)))


_ntk_premises = (
    Premise("NTK parametrization: θ ~ N(0, 1), layer ℓ scaled by 1/sqrt(N_(ℓ−1)), biases by β",
            lambda i: i.data.get("parametrization", "ntk") == "ntk"),
    Premise("ρ = ReLU, one output, at least one hidden layer (L ≥ 2)",
            lambda i: i.params["L"] >= 2),
    Premise("0 ≤ θ ≤ π and nonzero inputs",
            lambda i: 0 <= i.params["theta"] <= F(314159, 100000)
            and all(any(v != 0 for v in row) for row in i.data["inputs"])),
)

_phi, _r, _t = sympy.symbols("phi r t", real=True)
_ell = sympy.Symbol("l", integer=True, positive=True)
_s = sympy.Symbol("s", positive=True)
_Theta = sympy.Function("Theta")

_ANTIPODAL = ntk_instance(2, F(1), 7, "θ = 201/64 (nearly antipodal), depth 2, β = 1, "
                          "64 seeds per width, widths 2^6 to 2^12",
                          theta=F(201, 64), r_x=F(3), r_y=F(1, 2), d=3, seeds_per_width=64,
                          bottom_exponent=6, top_exponent=12)
_PARALLEL = ntk_instance(3, F(0), 3, "θ = 0 (parallel inputs), depth 3, β = 0",
                         theta=F(0), r_x=F(1), r_y=F(5, 2), d=2)

ntk_limit = Theorem(
    id="kernel.ntk_limit",
    title="The empirical NTK of a wide ReLU network converges to the arc-cosine kernel Θ^∞ at "
          "rate width^(−1/2)",
    survey="§2.1 (the neural tangent kernel)",
    source="Jacot, Gabriel, Hongler (2018), Neural tangent kernel: convergence and "
           "generalization in neural networks, Thm 1; ReLU closed forms: Cho & Saul (2009), "
           "Kernel methods for deep learning",
    statement=sympy.And(sympy.Eq(slope, sympy.Rational(-1, 2)),
                        *_closed_forms(2 * sympy.pi)),
    parameters=(L, beta, theta, r_x, r_y),
    quantities=(slope, relu_moment, step_moment),
    mode="rate",
    instances=_ntk_instances,
    measure=_ntk_measure_with(None),
    premises=_ntk_premises,
    proof=(
        Identity("radial moment: ∫_0^∞ r³ e^(−r²/2) dr = 2 = E[r²] for w ∈ R² standard Gaussian",
                 sympy.integrate(_r**3 * sympy.exp(-_r**2 / 2), (_r, 0, sympy.oo)), 2),
        Identity("angular integral: ∫_(θ−π/2)^(π/2) cos φ cos(φ − θ) dφ = (sin θ + (π − θ) cos θ)"
                 "/2, so E[ρρ] = ‖x‖‖y‖ E[r²]/(2π) · that = ‖x‖‖y‖ J_1(θ)/(2π)",
                 sympy.integrate(sympy.cos(_phi) * sympy.cos(_phi - _t),
                                 (_phi, _t - sympy.pi / 2, sympy.pi / 2)),
                 (sympy.sin(_t) + (sympy.pi - _t) * sympy.cos(_t)) / 2),
        Identity("both half-planes {cos φ > 0} and {cos(φ − θ) > 0} hold on an arc of length "
                 "π/2 − (θ − π/2) = π − θ, so E[1·1] = (π − θ)/(2π)",
                 sympy.pi / 2 - (_t - sympy.pi / 2), sympy.pi - _t),
        Identity("on the diagonal (θ = 0, unit norms) E[ρ(u)²] = Σ/2",
                 _relu_closed(2 * sympy.pi).subs({theta: 0, r_x: 1, r_y: 1}),
                 sympy.Rational(1, 2)),
        Identity("on the diagonal (θ = 0) E[ρ'(u)²] = 1/2",
                 _step_closed(2 * sympy.pi).subs(theta, 0), sympy.Rational(1, 2)),
        Recurrence("diagonal NTK for β = 0: Θ_(ℓ+1) = Θ_ℓ/2 + s 2^(−ℓ), Θ_1 = s (s = ‖x‖²/N_0) "
                   "gives Θ_ℓ = ℓ s 2^(1−ℓ)",
                   _Theta(_ell + 1) - _Theta(_ell) / 2 - _s * 2**(-_ell), _Theta(_ell),
                   {_Theta(1): _s}, _ell * _s * 2 ** (1 - _ell)),
    ),
    witnesses=(
        Witness("nearly antipodal inputs, a long sweep", _ANTIPODAL,
                note="one hidden layer is cheap: 25 widths, 64 seeds each; the slope's "
                     "interval is narrow, which falsifies the slope −1 mutant"),
        Witness("parallel inputs, two hidden layers", _PARALLEL,
                note="θ = 0: the closed forms at the edge of their domain"),
    ),
    mutants=(
        Mutant("1/π for 1/(2π)", "Cho & Saul's normalization k_n = (1/π)‖x‖‖y‖J_n(θ) taken for "
               "the Gaussian expectations (off by a factor 2)",
               statement=sympy.And(sympy.Eq(slope, sympy.Rational(-1, 2)),
                                   *_closed_forms(sympy.pi))),
        Mutant("Σ term dropped", "Θ^(ℓ+1) = Θ^(ℓ) Σ̇^(ℓ+1) without + Σ^(ℓ+1): the empirical NTK "
               "would converge to this kernel",
               measure=_ntk_measure_with(ntk_without_sigma), kind="statement"),
        Mutant("slope −1", "the deviation decays like width^(−1)",
               statement=sympy.And(sympy.Eq(slope, -1), *_closed_forms(2 * sympy.pi))),
        implementation_mutant(
            "Cho–Saul normalization in the limit kernel", "the recursion's ReLU expectations "
            "use 1/π for 1/(2π): the empirical NTK is compared with twice-too-large terms",
            patches={"verify.domain.kernels.ntk.relu_expectations": _cho_saul_expectations}),
        implementation_mutant(
            "radial moment 1", "the quadrature takes E[r²] = 1 for a planar Gaussian (a factor "
            "1/2 in E[ρρ])",
            patches={"theorems.generalization.kernel_ntk.gaussian_relu_moments":
                     _radial_moment_one}),
    ),
    necessity=(
        Necessity("standard parametrization", "NTK parametrization: θ ~ N(0, 1), layer ℓ scaled "
                  "by 1/sqrt(N_(ℓ−1)), biases by β",
                  ntk_instance(3, F(1, 2), 5, "standard parametrization, depth 3",
                               parametrization="standard")),
    ),
    notes="""Sources: SOURCES T10 ([M] for the recursion, derived and numerically checked [D][N]
for the closed forms; its cross-check against neural-tangents 0.6.5 found the same recursion). The
abstract of Jacot et al. (arXiv:1806.07572) was read (convergence at initialization to an explicit
limiting kernel); the theorem's own text was not, so "Thm 1" and the exact hypotheses
(sequential limit n_1, …, n_(L−1) → ∞, Lipschitz, twice differentiable nonlinearity — ReLU is
covered by later work, e.g. Arora et al. 2019) come from SOURCES. No rate is stated by Jacot et al.;
the n^(−1/2) rate is the CLT scaling of the fluctuations (Hanin & Nica 2019, SOURCES T10), so the
rate part checks a consequence, not the theorem's text.
Rate part: for each instance (depth L ∈ {2, 3, 4} affine layers, β ∈ {0, 1/2, 1}, 8 inputs in
R^d, d ∈ {2, 3, 4}), empirical NTKs of networks (d, n, …, n, 1) in NTK parametrization
(``verify.kernels.ntk_ensemble``; layerwise formula, checked against torch.func's Jacobian in the
tests) at widths n = 2^(4 + j/4) up to 2^8 (quick and standard; 2^5 to 2^9 at thorough), 16
(quick) or 32 networks per width times the engine's sample scale, drawn in float32. Every
(n, ‖Θ_n − Θ^∞‖_F/‖Θ^∞‖_F) pair of every network enters the log-log least-squares fit (272
points at quick), so the slope is an average of many independent residuals and its t interval is
calibrated; Eq(slope, −1/2) holds iff −1/2 lies in the interval at the run's family-wise level.
The engine doubles the networks at the worst instance until the slope's resolution reaches the
budget's target (0.1 at quick: about 64 networks per width; 0.05 at standard: about 512). The
cost of a network grows like n², so on a CPU precision is bought with networks rather than
widths: 512 networks of widths 2^4..2^8 at depth 4 take about 2 s, 128 of widths 2^5..2^9 about
6 s. An earlier fit of the per-width root mean square over 8 seeds was not calibrated (one heavy
draw at n = 64 put −1/2 outside a 99.99 % interval at standard). Calibration of the 99.99 %
interval, widths 2^4..2^8: 40 sweeps of 16 networks per configuration, mean slopes −0.491
(L = 2, β = 0), −0.500 (L = 3, β = 0), −0.486 (L = 4, β = 0), −0.492 (L = 4, β = 1), −0.494
(L = 3, β = 1/2), sd 0.03–0.04, every slope within 0.72 of the half-width of −1/2; 20 sweeps of
64 networks: means −0.489 … −0.494, sd 0.012–0.018, within 0.68 of the half-width (≈ 0.06).
Widths 2^5..2^9, 128 networks (6 sweeps): means −0.492 … −0.498, within 0.59 of the
half-width (≈ 0.045). The finite-width bias of the slope (≈ +0.01 at these widths) stays well
inside the intervals the budgets ask for. For one hidden layer the deviation is an average of n
i.i.d. terms, so n^(−1/2) is exact there (CLT).
Certified part (decided in arb, though the theorem's mode, hence its verdict, is "rate"):
E[ρ(wᵀx)ρ(wᵀy)] and E[1{wᵀx>0}1{wᵀy>0}] at the angle θ (exact, k/64) and norms r_x, r_y
(exact, k/16) of the instance's first two inputs, by rigorous quadrature: python-flint's
``acb.integral`` (arb's acb_calc_integrate, 128 bits) of the angular integrand, after the radial
integral (E[r²] = 2, E[1] = 1) is done in closed form, with ``real_max``/``real_heaviside`` and
the analytic flag at the kinks; the balls (radius ~1e−37) are compared with the closed forms in
arb, tolerance 10^(−30).
Mutants: 1/π for 1/(2π) (both closed forms) — falsified in arb on the first witness; the Σ term
dropped — the deviation then plateaus (slopes near 0); slope −1 — excluded by every interval,
most surely by the 64-network witness (widths 2^6 to 2^12); implementation mutants: Cho–Saul's
1/π inside the limit kernel's recursion (the deviation plateaus) and the radial moment E[r²]
taken as 1 in the quadrature (falsified in arb). Necessity: the same networks
differentiated with respect to their effective weights (standard parametrization) have an NTK
growing like n: slope 1.02, interval [0.96, 1.08].""",
)


# --------------------------------------------------------------------------------------------
# kernel.linearized_training
# --------------------------------------------------------------------------------------------

MAX_STEPS = 20000
GD_TOL = sympy.Rational(1, 2**40)
"""After K steps the gaps must be below 2^(−40); K is chosen so that the contraction alone
brings them below 2^(−48)."""

m = parameter("m", integer=True, positive=True)
eta = parameter("eta", positive=True)
K = parameter("K", integer=True, positive=True)
prediction = quantity("prediction", latex=r"\Phi_{\mathrm{lin}}(x, \theta_K)")
initial = quantity("initial", latex=r"\Phi(x, \theta_0)")
kernel_correction = quantity(
    "kernel_correction", latex=r"\Theta(x, X)\Theta(X, X)^{-1}(y - \Phi(X, \theta_0))")
label_fit = quantity("label_fit", latex=r"\Theta(x, X)\Theta(X, X)^{-1} y")
param_gap = quantity("param_gap", latex=r"\|\theta_K - \theta_0 - \Delta_{\min}\|_2")


class _Exact:
    """The exact linear model of an instance: J_X, J_x, Θ, r = y − Φ(X, θ_0)."""

    def __init__(self, instance: Instance) -> None:
        data = instance.data
        count = int(instance.params["m"])
        jac = fmpq_matrix(data["jacobian"])
        outputs = [F(v) for v in data["outputs"].tolist()]
        cols = jac.ncols()
        self.jx_train = flint.fmpq_mat(count, cols, [jac[i, j] for i in range(count)
                                                     for j in range(cols)])
        self.jx_test = flint.fmpq_mat(1, cols, [jac[count, j] for j in range(cols)])
        self.gram = self.jx_train * self.jx_train.transpose()
        self.cross = self.jx_test * self.jx_train.transpose()
        labels = list(data["labels"])
        self.labels = fmpq_matrix([[v] for v in labels])
        self.residual = fmpq_matrix([[y - f] for y, f in zip(labels, outputs[:count],
                                                             strict=True)])
        self.initial = outputs[count]


def _q(value: flint.fmpq) -> Fraction:
    return F(int(value.p), int(value.q))


def _gram_positive(instance: Instance) -> bool:
    return positive_definite(_Exact(instance).gram)


def _step_small(instance: Instance) -> bool:
    """0 < η and 2I − ηΘ(X, X) ≻ 0, i.e. η λ_max < 2 (decided exactly)."""
    model = _Exact(instance)
    step = instance.params["eta"]
    count = model.gram.nrows()
    two = flint.fmpq_mat(count, count, [2 if i == j else 0 for i in range(count)
                                        for j in range(count)])
    q = flint.fmpq(step.numerator, step.denominator)
    return step > 0 and positive_definite(two - model.gram * q)


def _training_measure(instance: Instance, context: Context) -> dict[str, object]:
    """Exact kernel regression (rationals) and K steps of parameter-space gradient descent on
    the linearized squared loss in arb balls; no float enters the values."""
    return _training_values(instance, _Exact(instance))


def _training_values(instance: Instance, model: _Exact,
                     descent_target: flint.fmpq_mat | None = None) -> dict[str, object]:
    """The measured quantities; ``descent_target`` (default: the residual) plants a bug."""
    alpha = model.gram.solve(model.residual)
    alpha_labels = model.gram.solve(model.labels)
    minimum_norm = model.jx_train.transpose() * alpha
    target = model.residual if descent_target is None else descent_target
    delta = gradient_descent_arb(model.jx_train, target, instance.params["eta"],
                                 int(instance.params["K"]))
    old = flint.ctx.prec
    flint.ctx.prec = 256
    try:
        moved = (flint.arb_mat(model.jx_test) * delta)[0, 0]
        pred = flint.arb(flint.fmpq(model.initial.numerator, model.initial.denominator)) + moved
        gap = delta - flint.arb_mat(minimum_norm)
        norm = sum((gap[i, 0] ** 2 for i in range(gap.nrows())), flint.arb(0)).sqrt()
    finally:
        flint.ctx.prec = old
    return {
        "prediction": Ball(pred),
        "initial": Exact(model.initial),
        "kernel_correction": Exact(_q((model.cross * alpha)[0, 0])),
        "label_fit": Exact(_q((model.cross * alpha_labels)[0, 0])),
        "param_gap": Ball(norm),
    }


def _half_step_descent(a: flint.fmpq_mat, b: flint.fmpq_mat, eta: object, steps: int,
                       **options: object) -> flint.arb_mat:
    """Planted bug: the update θ ← θ − (η/2) Aᵀ(Aθ − b) (a gradient of ‖Aθ − b‖² taken
    for that of ½‖Aθ − b‖², with the step halved to compensate)."""
    return _GRADIENT_DESCENT_ARB(a, b, as_fraction(eta) / 2, steps, **options)


def _unshifted_residual(instance: Instance, context: Context) -> dict[str, object]:
    """Planted bug: gradient descent run on the labels y instead of the residual
    y − Φ(X, θ_0) (the initial outputs forgotten inside the descent)."""
    model = _Exact(instance)
    return _training_values(instance, model, descent_target=model.labels)


def _steps_and_eta(model: _Exact) -> tuple[Fraction, int]:
    """η = the largest power of 2 with η tr Θ ≤ 1 (so η λ_max ≤ 1) and K with
    (1 − η μ)^K max(1, ‖J_x‖) ‖Δ_min‖ ≤ 2^(−48), μ = 1/‖Θ^(−1)‖_F ≤ λ_min."""
    count = model.gram.nrows()
    if not positive_definite(model.gram):  # the premise rejects the instance
        return F(1), 1
    trace = sum((model.gram[i, i] for i in range(count)), flint.fmpq(0))
    step = F(1, 2 ** max(0, math.ceil(math.log2(float(trace)))))
    while step * _q(trace) > 1:
        step /= 2
    inverse = model.gram.inv()
    frobenius = math.sqrt(sum(float(inverse[i, j]) ** 2 for i in range(count)
                              for j in range(count)))
    rate = 1.0 - float(step) / frobenius
    alpha = model.gram.solve(model.residual)
    size = math.sqrt(max(float((model.residual.transpose() * alpha)[0, 0]), 1e-300))
    reach = max(1.0, math.sqrt(sum(float(v) ** 2 for v in model.jx_test.entries())))
    if rate <= 0:  # one step lands on the solution (m = 1 and η λ = 1)
        return step, 1
    if rate >= 1:  # λ_min below float resolution: no practical run converges
        return step, 2**62
    steps = math.ceil((math.log(reach * size) + 48 * math.log(2)) / -math.log1p(-(1 - rate)))
    return step, max(1, steps)


def training_instance(seed: int, d: int, hidden: tuple[int, ...], beta_: Fraction, count: int,
                      label: str = "", step_factor: int = 1, steps: int | None = None
                      ) -> Instance:
    """A network (d, *hidden, 1) in NTK parametrization with bias scale β drawn from the seed;
    ``count`` training inputs at well separated angles (2πj/m plus up to π/m; extra coordinates
    Gaussian), labels k/8 ∈ [−1, 1], one Gaussian test input. Its Jacobian and outputs at θ_0
    (float64, CPU, torch.func) are the exact linear model; η, K as in ``_steps_and_eta``
    (``step_factor`` multiplies η, ``steps`` overrides K)."""
    rng = np.random.default_rng(seed)
    net = ntk_ensemble((d, *hidden, 1), 1, beta=float(beta_), seed=seed)
    angles = 2 * math.pi * (np.arange(count) + rng.uniform(0, 0.5, count)) / count
    train = np.zeros((count, d))
    train[:, 0], train[:, 1] = np.cos(angles), np.sin(angles)
    train[:, 2:] = 0.5 * rng.standard_normal((count, d - 2))
    test = rng.standard_normal((1, d))
    points = torch.tensor(np.vstack([train, test]), dtype=torch.float64)
    jac, outputs = linearization(net, points)
    labels = tuple(F(int(k), 8) for k in rng.integers(-8, 9, count))
    data = {"jacobian": jac, "outputs": outputs, "labels": labels, "seed": seed,
            "architecture": (d, *hidden, 1), "beta": beta_}
    probe = Instance({"m": count, "eta": F(1), "K": 1}, data)
    step, needed = _steps_and_eta(_Exact(probe))
    return Instance({"m": count, "eta": step * step_factor, "K": steps or needed}, data,
                    label=label or f"network {(d, *hidden, 1)}, β = {beta_}, m = {count}")


@st.composite
def _training_draw(draw: Callable, budget: Budget) -> Instance:
    d = draw(st.integers(2, 3))
    hidden = draw(st.lists(st.integers(6, budget.pick(10, 12, 16)), min_size=1, max_size=2))
    beta_ = draw(st.sampled_from((F(0), F(1, 4), F(1))))
    count = draw(st.integers(1, budget.pick(4, 5, 6)))
    instance = training_instance(draw(seeds()), d, tuple(hidden), beta_, count)
    # Cost, not a hypothesis of the theorem: Θ(X, X) so ill-conditioned that the contraction
    # needs more than MAX_STEPS steps is skipped (about 1 % of draws).
    assume(instance.params["K"] <= MAX_STEPS)
    return instance


def _training_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    return _training_draw(budget)


_training_premises = (
    Premise("Θ(X, X) ≻ 0", _gram_positive),
    Premise("small step: η λ_max(Θ(X, X)) < 2", _step_small),
)

_a, _b, _u, _v, _lam, _res = sympy.symbols("a b u v lambda r", real=True)
_k = sympy.Symbol("k", integer=True, nonnegative=True)
_alpha = sympy.Function("alpha")
_eta = sympy.Symbol("eta", positive=True)
_lam_p = sympy.Symbol("lambda", positive=True)

_TRAINING_EXAMPLE = training_instance(11, 2, (6, 5), F(1, 4), 3, "network (2, 6, 5, 1), "
                                      "β = 1/4, three training points")

linearized_training = Theorem(
    id="kernel.linearized_training",
    title="Gradient descent on the linearized network is kernel regression with the NTK, from "
          "the initial function",
    survey="§2.1 (training in the kernel regime is kernel regression)",
    source="classical (least squares by gradient descent); in the NTK setting Jacot, Gabriel, "
           "Hongler (2018) §5 and Lee et al. (2019), Wide neural networks of any depth evolve "
           "as linear models under gradient descent",
    statement=sympy.And(
        sympy.Le(sympy.Abs(prediction - initial - kernel_correction), GD_TOL),
        sympy.Le(param_gap, GD_TOL),
    ),
    parameters=(m, eta, K),
    quantities=(prediction, initial, kernel_correction, label_fit, param_gap),
    mode="certified",
    instances=_training_instances,
    measure=_training_measure,
    premises=_training_premises,
    proof=(
        Recurrence("in an eigendirection of Θ(X, X) (eigenvalue λ) the row-space coordinate "
                   "follows a_(k+1) = (1 − ηλ) a_k + η r, a_0 = 0, so a_k = (r/λ)(1 − (1 − ηλ)^k)"
                   " → r/λ when 0 < ηλ < 2",
                   _alpha(_k + 1) - (1 - _eta * _lam_p) * _alpha(_k) - _eta * _res,
                   _alpha(_k), {_alpha(0): 0},
                   (_res / _lam_p) * (1 - (1 - _eta * _lam_p) ** _k)),
        Identity("minimum norm: Δ* = Jᵀ Θ^(−1) r is orthogonal to null(J), so "
                 "‖Δ* + z‖² = ‖Δ*‖² + ‖z‖² (J = (a, b), z = v(−b, a))",
                 (_a * _u / (_a**2 + _b**2) - _v * _b) ** 2
                 + (_b * _u / (_a**2 + _b**2) + _v * _a) ** 2,
                 (_a * _u / (_a**2 + _b**2)) ** 2 + (_b * _u / (_a**2 + _b**2)) ** 2
                 + _v**2 * (_a**2 + _b**2)),
    ),
    witnesses=(Witness("three training points", _TRAINING_EXAMPLE),),
    mutants=(
        Mutant("initial function forgotten", "the trained linearization predicts "
               "Θ(x, X)Θ(X, X)^(−1) y (as if Φ(·, θ_0) = 0)",
               statement=sympy.And(sympy.Le(sympy.Abs(prediction - label_fit), GD_TOL),
                                   sympy.Le(param_gap, GD_TOL))),
        implementation_mutant(
            "half step", "gradient descent takes η/2 while K is sized for η (a factor 2 in the "
            "main helper's step)",
            patches={"theorems.generalization.kernel_ntk.gradient_descent_arb":
                     _half_step_descent}),
        implementation_mutant(
            "labels for residuals", "the descent fits y instead of y − Φ(X, θ_0)",
            measure=_unshifted_residual),
    ),
    necessity=(
        Necessity("step 32 times too large", "small step: η λ_max(Θ(X, X)) < 2",
                  training_instance(11, 2, (6, 5), F(1, 4), 3, "η λ_max > 2, 60 steps",
                                    step_factor=32, steps=60)),
    ),
    notes="""Classical: for a linear model with Jacobian J = ∂Φ(X, θ_0)/∂θ of full row rank
(Θ(X, X) = JJᵀ ≻ 0), gradient descent on ½‖Φ(X, θ_0) + J(θ − θ_0) − y‖² from θ_0 with
0 < η λ_max < 2 stays in θ_0 + row(J), converges to θ_0 + Jᵀ Θ^(−1) r (the minimum-norm
interpolant, r = y − Φ(X, θ_0)), and predicts Φ(x, θ_0) + Θ(x, X)Θ(X, X)^(−1) r. THEOREMS.md
states it as survey §2.1; the survey's wording was not seen. Instances: NTK-parametrized ReLU
networks (d ∈ {2, 3}, one or two hidden layers of width 6–10 at quick, 6–16 at thorough),
1–4 training inputs (up to 6 at thorough) at well-separated angles, labels k/8, one Gaussian test
input; draws needing more than 20 000 steps (Θ(X, X) nearly singular, about 1 %) are skipped
for cost. Quick: 51 instances certified, worst gap 0.004 of 2^(−40); standard: 201. The float64
Jacobian and outputs at θ_0 (torch.func, CPU, computed when the instance is drawn) are taken as
exact dyadic rationals: they define the linear model exactly.
Kernel regression is then exact (python-flint fmpq), and K steps of gradient descent in parameter
space are run in arb balls (precision raised until the radii are below 2^(−64)); η is the
largest power of 2 with η tr Θ ≤ 1 and K is chosen from μ = 1/‖Θ^(−1)‖_F ≤ λ_min so that
(1 − ημ)^K times the scale falls below 2^(−48); the statement asks for 2^(−40), so a gap above it
is a real failure to converge, not a short run. Premises (exact): Θ(X, X) ≻ 0 and 2I − ηΘ ≻ 0.
Mutant: the prediction Θ(x, X)Θ(X, X)^(−1) y, forgetting Φ(·, θ_0) — falsified in arb.
Implementation mutants: the step halved in the descent (K sized for η leaves gaps far above
2^(−40)) and the descent run on y instead of the residual — both falsified in arb on the witness.
The gaps are equalities up to 2^(−40), so any bug that moves the limit shows at once.
Necessity: η multiplied by 32 (η λ_max > 2) diverges within 60 steps.""",
)

__all__ = ["ntk_limit", "linearized_training"]
