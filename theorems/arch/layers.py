"""Section 6 of the catalog, first part (survey §6.1, §6.2, §6.4): convolutions are shift
equivariant, ResNets are Euler schemes, batch normalization is scale invariant.

Theorems: ``arch.conv_equivariance``, ``arch.resnet_euler``, ``arch.batchnorm_invariance``.
Mathematics (``verify.domain.architectures``): ``layers`` (convolution, residual and batch-norm
blocks, exact and torch), ``ode`` (rigorous and high-precision reference flows, the Euler
scheme) and ``batchnorm`` (the exact batch-norm gradient, the defects by autograd).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import flint
import numpy as np
import sympy
import torch
from hypothesis import strategies as st

from verify import (
    Budget,
    Context,
    Exact,
    Float,
    Identity,
    Inequality,
    Instance,
    Mutant,
    Necessity,
    Premise,
    Recurrence,
    Theorem,
    Witness,
    loglog_slope,
    parameter,
    quantity,
    resolve_device,
)
from verify.domain.architectures.batchnorm import bn_defects_torch, bn_loss_gradient_exact
from verify.domain.architectures.layers import (
    FLOAT64_EXACT,
    ConvLayer,
    ConvNet,
    batch_variances,
    batchnorm_exact,
    conv_forward_exact,
    conv_forward_torch,
    cyclic_shift,
    integer_array,
    random_conv_net,
)
from verify.domain.architectures.ode import (
    TANH_CURVATURE,
    diagonal_tanh_field,
    diagonal_tanh_flow_ball,
    euclidean_distance_ball,
    euler_ball,
    euler_linear_exact,
    fraction_matrix,
    linear_flow_ball,
    operator_norm_bound,
)

__all__ = ["conv_equivariance", "resnet_euler", "batchnorm_invariance"]

# =============================================================================================
# arch.conv_equivariance
# =============================================================================================

length = parameter("n", integer=True, positive=True)
shift = parameter("s", integer=True, nonnegative=True)
equivariance_defect = quantity("equivariance_defect", r"\max|N(S_s x) - S_s N(x)|")
invariance_defect = quantity("invariance_defect", r"\max|P N(S_s x) - P N(x)|")


def _conv_outputs(net: ConvNet, inputs: list[np.ndarray], context: Context,
                  route: str) -> tuple[list[np.ndarray], str]:
    """Outputs exactly (Python ints), or on the device in float64 when every intermediate is
    provably below 2^53 (then the float run is exact and its integers are returned)."""
    bound = max(abs(int(v)) for x in inputs for v in x.flat)
    if route == "device" and not context.rigorous and net.magnitude_bound(bound) < FLOAT64_EXACT:
        device = resolve_device(str(context.device))
        batch = torch.tensor(np.array([x.astype(np.int64) for x in inputs]),
                             dtype=torch.float64, device=device)
        out = conv_forward_torch(net, batch).cpu().numpy()
        return [integer_array([[int(v) for v in row] for row in o]) for o in out], "exact"
    if route == "device" and not context.rigorous:
        device = resolve_device(str(context.device))
        batch = torch.tensor(np.array([x.astype(np.float64) for x in inputs]),
                             dtype=torch.float64, device=device)
        return list(conv_forward_torch(net, batch).cpu().numpy()), "float"
    return [conv_forward_exact(net, x) for x in inputs], "exact"


def conv_defects(net: ConvNet, x: np.ndarray, s: int, context: Context, route: str = "exact"
                 ) -> dict[str, Any]:
    """max|N(S_s x) − S_t N(x)| and max over channels |Σ_i N(S_s x)_i − Σ_i N(x)_i|.

    The output shift is t = s·m/n (m the output length): t = s for stride 1. When s·m/n is
    not an integer (an odd shift after stride-2 subsampling) no output shift is singled out,
    and the defect is the minimum over every output shift t: the most lenient reading.
    """
    n = x.shape[1]
    y, y_shifted = _conv_outputs(net, [x, cyclic_shift(x, s)], context, route)[0]
    m = y.shape[1]
    shifts = [s * m // n] if (s * m) % n == 0 else list(range(m))
    equiv = min(max(abs(a - b) for a, b in zip(y_shifted.flat, cyclic_shift(y, t).flat,
                                               strict=True)) for t in shifts)
    inv = max(abs(sum(y_shifted[c]) - sum(y[c])) for c in range(y.shape[0]))
    if isinstance(equiv, (np.floating, float)):
        return {"equivariance_defect": Float(float(equiv)),
                "invariance_defect": Float(float(inv))}
    return {"equivariance_defect": Exact(int(equiv)), "invariance_defect": Exact(int(inv))}


def _conv_measure(instance: Instance, context: Context) -> dict[str, Any]:
    d = instance.data
    return conv_defects(d["net"], integer_array(d["x"]), int(instance.params["s"]), context,
                        d.get("route", "exact"))


def _conv_strategy(padding: str, stride: int) -> Any:
    def build(budget: Budget) -> st.SearchStrategy[Instance]:
        def make(seed: int, depth: int, width: int, kernel: int, n_half: int, s: int,
                 route: str, activation: str) -> Instance:
            rng = np.random.default_rng(seed)
            channels = [rng.integers(1, width + 1) for _ in range(depth)]
            net = random_conv_net(rng, [1, *map(int, channels), 1], kernel, 3, padding, stride,
                                  activation)
            n = 2 * n_half
            x = rng.integers(-4, 5, size=(1, n)).tolist()
            return Instance({"n": n, "s": s % n}, {"net": net, "x": x, "route": route},
                            label=f"{padding}, stride {stride}, {route}")
        return st.builds(make, st.integers(0, 2**31 - 1), st.integers(1, budget.pick(3, 4, 6)),
                         st.integers(1, 3), st.integers(1, 5),
                         st.integers(2, budget.pick(6, 12, 32)), st.integers(0, 64),
                         st.sampled_from(("exact", "device")),
                         st.sampled_from(("relu", "abs", "identity")))
    return build


def _single(weight: list[int], padding: str = "circular", stride: int = 1) -> ConvNet:
    return ConvNet((ConvLayer(((tuple(weight),),), (0,), padding, stride),), "identity")


_CIRCULAR = Premise("circular padding", lambda i: all(
    layer.padding == "circular" for layer in i.data["net"].layers))
_STRIDE_ONE = Premise("stride 1", lambda i: all(
    layer.stride == 1 for layer in i.data["net"].layers))
# Zero padding: N(x)_i = x_(i−1) (0 at i = 0); x = e_(n−1) is shifted out, S_1 x = e_0 is not.
_ZERO_PAD = Instance({"n": 6, "s": 1}, {"net": _single([1, 0, 0], "zeros"),
                                        "x": [[0, 0, 0, 0, 0, 1]]}, "zero padding, kernel (1,0,0)")
# Stride 2: N(x) = x_(0, 2, 4, ...); x = e_0 gives e_0, S_1 x = e_1 gives 0: no shift of e_0 is 0.
_STRIDE_TWO = Instance({"n": 6, "s": 1}, {"net": _single([0, 1, 0], stride=2),
                                          "x": [[1, 0, 0, 0, 0, 0]]}, "stride 2, identity kernel")


def _conv_identity() -> tuple[Any, Any]:
    """Circular correlation of S_1 x minus S_1 of the correlation of x, symbolically (n = 5)."""
    n, k = 5, 3
    xs = sympy.symbols(f"x0:{n}")
    ws = sympy.symbols(f"w0:{k}")

    def corr(v: list[Any]) -> list[Any]:
        return [sum(ws[j] * v[(i - 1 + j) % n] for j in range(k)) for i in range(n)]

    shifted = [xs[(i - 1) % n] for i in range(n)]
    out = corr(list(xs))
    weights = sympy.symbols(f"c0:{n}")  # a generic combination vanishes iff every entry does
    return sum(c * (a - out[(i - 1) % n])
               for i, (c, a) in enumerate(zip(weights, corr(shifted), strict=True))), 0


conv_equivariance = Theorem(
    id="arch.conv_equivariance",
    title="Circular convolutions with pointwise activations commute with cyclic shifts; global "
          "pooling makes them shift invariant",
    survey="§6.1 (convolutional networks: translation equivariance and invariance)",
    source="classical (survey §6.1; e.g. Cohen, Welling 2016 for the group-equivariant view)",
    statement=sympy.And(sympy.Eq(equivariance_defect, 0), sympy.Eq(invariance_defect, 0)),
    parameters=(length, shift),
    quantities=(equivariance_defect, invariance_defect),
    mode="exact",
    instances=_conv_strategy("circular", 1),
    measure=_conv_measure,
    premises=(_CIRCULAR, _STRIDE_ONE),
    proof=(
        Identity("a circular correlation commutes with the cyclic shift S_1 (n = 5, k = 3, "
                 "symbolic x and w): (w ⋆ S_1 x)_i = Σ_j w_j x_(i−1−1+j) = (S_1 (w ⋆ x))_i; "
                 "pointwise activations commute with every permutation, so compositions do, "
                 "and Σ_i (S_s y)_i = Σ_i y_i gives invariance after global sum pooling",
                 *_conv_identity()),
    ),
    witnesses=(
        Witness("one channel, kernel (1, 2, −1), ReLU, shift 3",
                Instance({"n": 8, "s": 3}, {"net": ConvNet((
                    ConvLayer((((1, 2, -1),),), (1,)), ConvLayer((((2, -1, 1),),), (0,))), "relu"),
                    "x": [[3, -1, 4, -1, 5, -9, 2, 6]]}, "explicit")),
    ),
    necessity=(
        Necessity("zero padding breaks equivariance", "circular padding", _ZERO_PAD),
        Necessity("stride-2 subsampling breaks equivariance (odd shift)", "stride 1",
                  _STRIDE_TWO),
    ),
    mutants=(
        Mutant("zero-padded convolutions are shift-equivariant",
               "the same claim for convolutions padded with zeros",
               instances=_conv_strategy("zeros", 1), premises=(_STRIDE_ONE,),
               extra_witnesses=(Witness("e_(n−1) is shifted out", _ZERO_PAD),)),
        Mutant("stride-2 networks are shift-equivariant",
               "the same claim for networks whose first layer keeps every second output",
               instances=_conv_strategy("circular", 2), premises=(_CIRCULAR,),
               extra_witnesses=(Witness("odd shift of e_0", _STRIDE_TWO),)),
    ),
    notes="Exact on every instance: integer weights and inputs, evaluated either with Python "
          "ints or on context.device in float64, where the run is exact because a bound on every "
          "partial sum (ConvNet.magnitude_bound) stays below 2^53 (else the float result is "
          "reported as Float and a violation is re-checked in ints). Pooling is the global sum "
          "per channel. For stride 2 the output shift for an input shift s is s/2; for odd s none "
          "exists and the defect is the minimum over all output shifts.",
)

# =============================================================================================
# arch.resnet_euler
# =============================================================================================

step = parameter("h", positive=True)
horizon = parameter("T", positive=True)
lipschitz = parameter("Lambda", positive=True)
curvature = parameter("M", positive=True)
euler_error = quantity("euler_error", r"\|x_K - X(T)\|_2")
order_slope = quantity("order_slope", r"\text{slope of }\log\|x_K - X(T)\|\text{ vs }\log h")

_euler_bound = step * curvature / (2 * lipschitz) * (sympy.exp(lipschitz * horizon) - 1)


def _frac(v: Any) -> Fraction:
    return Fraction(v)


def _flow_problem(kind: str, d: dict[str, Any]) -> tuple[Any, Any, Fraction]:
    """(Euler iterate as a function of K, reference X(T) balls, T)."""
    t = _frac(d["T"])
    if kind == "linear":
        a, x0 = fraction_matrix(d["A"]), fraction_matrix([[v] for v in d["x0"]])
        reference = [linear_flow_ball(a, x0, t)[i, 0] for i in range(a.nrows())]

        def iterate(k: int) -> list[Any]:
            out = euler_linear_exact(a, x0, t / k, k)
            return [Fraction(int(out[i, 0].p), int(out[i, 0].q)) for i in range(a.nrows())]
        return iterate, reference, t
    field = diagonal_tanh_field(d["a"], d["c"])
    reference = diagonal_tanh_flow_ball(d["a"], d["c"], d["x0"], t)
    return (lambda k: euler_ball(field, d["x0"], t / k, k)), reference, t


def _euler_measure(instance: Instance, context: Context) -> dict[str, Any]:
    d = instance.data
    old = flint.ctx.prec
    flint.ctx.prec = 256
    try:
        iterate, reference, t = _flow_problem(d["kind"], d)
        out: dict[str, Any] = {"euler_error": euclidean_distance_ball(iterate(d["K"]), reference)}
        if d.get("sweep"):
            ks = d["sweep"]
            errors = [float(euclidean_distance_ball(iterate(k), reference).mid()) for k in ks]
            out["order_slope"] = loglog_slope([float(t / k) for k in ks], errors)
        return out
    finally:
        flint.ctx.prec = old


def euler_instance(kind: str, t: Fraction, k: int, sweep: tuple[int, ...] = (),
                   **system: Any) -> Instance:
    """An instance of x' = F(x) with its Λ and M: F(x) = Ax (Λ ≥ ‖A‖₂ from operator_norm_bound,
    M = Λ²‖x_0‖e^(ΛT) ≥ ‖A²X(t)‖) or F(x) = a ⊙ tanh(x + c) (Λ = max|a_i|,
    M = √d Λ² · 0.385 ≥ ‖DF·F‖₂)."""
    if kind == "linear":
        lam = operator_norm_bound(system["A"]) or Fraction(1, 8)
        norm0 = sympy.sqrt(sum(sympy.Rational(_frac(v)) ** 2 for v in system["x0"]))
        m = sympy.Rational(lam) ** 2 * norm0 * sympy.exp(sympy.Rational(lam) * sympy.Rational(t))
    else:
        lam = max(abs(_frac(v)) for v in system["a"]) or Fraction(1, 8)
        m = sympy.sqrt(len(system["a"])) * sympy.Rational(lam) ** 2 \
            * sympy.Rational(TANH_CURVATURE)
    params = {"h": sympy.Rational(t / k), "T": sympy.Rational(t), "Lambda": sympy.Rational(lam),
              "M": m}
    data = {"kind": kind, "T": t, "K": k, **system}
    if sweep:
        data["sweep"] = sweep
    return Instance(params, data, label=f"{kind}, K = {k}")


def _euler_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    q = st.integers(-8, 8).map(lambda v: Fraction(v, 8))
    ts = st.sampled_from((Fraction(1, 2), Fraction(1), Fraction(2)))
    ks = st.integers(1, budget.pick(48, 128, 512))

    def linear(dim: int) -> st.SearchStrategy[Instance]:
        return st.builds(lambda a, x0, t, k: euler_instance("linear", t, k, A=a, x0=x0),
                         st.lists(st.lists(q, min_size=dim, max_size=dim), min_size=dim,
                                  max_size=dim), st.lists(q, min_size=dim, max_size=dim), ts, ks)

    def tanh(dim: int) -> st.SearchStrategy[Instance]:
        vec = st.lists(q, min_size=dim, max_size=dim)
        return st.builds(lambda a, c, x0, t, k: euler_instance("tanh", t, k, a=a, c=c, x0=x0),
                         vec, vec, vec, ts, ks)
    return st.integers(1, 3).flatmap(lambda dim: st.one_of(linear(dim), tanh(dim)))


_LAM = Fraction(1, 100)
_SCALAR = euler_instance("linear", Fraction(1), 64, A=[[_LAM]], x0=[1])
_SWEEP = (256, 512, 1024, 2048, 4096)
_SWEEP_TANH = euler_instance("tanh", Fraction(1), 256, _SWEEP, a=[Fraction(3, 4), -1],
                             c=[Fraction(1, 4), 0], x0=[Fraction(1, 2), 1])
_SWEEP_LINEAR = euler_instance("linear", Fraction(1), 256, _SWEEP,
                               A=[[0, 1], [-1, Fraction(-1, 4)]], x0=[1, 0])

_k = sympy.Symbol("k", integer=True, nonnegative=True)
_E = sympy.Function("E")
_hs, _Ls, _Ms, _xs = sympy.symbols("h Lambda M x", positive=True)

resnet_euler = Theorem(
    id="arch.resnet_euler",
    title="A ResNet x_(k+1) = x_k + hF(x_k) is the Euler scheme of x' = F(x): "
          "‖x_K − X(T)‖ ≤ (hM/(2Λ))(e^(ΛT) − 1)",
    survey="§6.2 (ResNets as discretized ODEs)",
    source="classical global error of the explicit Euler method (e.g. Hairer, Nørsett, Wanner, "
           "Solving ODEs I, Thm II.3.4 with p = 1); survey §6.2 (Haber, Ruthotto 2017; E 2017)",
    statement=sympy.Le(euler_error, _euler_bound),
    parameters=(step, horizon, lipschitz, curvature),
    quantities=(euler_error, order_slope),
    mode="certified",
    sharp=True,
    instances=_euler_instances,
    measure=_euler_measure,
    premises=(Premise("K h = T", lambda i: i.params["h"] * i.data["K"] == i.params["T"]),),
    proof=(
        Recurrence("the local error is ≤ h²M/2 (Taylor, ‖X''‖ = ‖DF·F‖ ≤ M) and errors grow by "
                   "1 + hΛ per step: e_(k+1) = (1 + hΛ) e_k + h²M/2, e_0 = 0 solves to "
                   "e_k = (hM/(2Λ))((1 + hΛ)^k − 1)",
                   _E(_k + 1) - (1 + _hs * _Ls) * _E(_k) - _hs**2 * _Ms / 2, _E(_k), {_E(0): 0},
                   _hs * _Ms / (2 * _Ls) * ((1 + _hs * _Ls) ** _k - 1)),
        Inequality("log(1 + x) ≤ x, so (1 + hΛ)^K ≤ e^(hΛK) = e^(ΛT)",
                   sympy.log(1 + _xs), _xs),
    ),
    witnesses=(
        Witness("x' = x/100, x_0 = 1, T = 1, K = 64: error ≈ (h λ²/2) T e^(λT), the bound's "
                "first-order term; ratio → 1/(1 + λT/2)", _SCALAR, attains=True,
                tolerance=0.01),
        Witness("rate: diagonal tanh layer, K = 256..4096; slope 1 in h", _SWEEP_TANH,
                claim=sympy.Eq(order_slope, 1)),
        Witness("rate: damped rotation A = [[0, 1], [−1, −1/4]], slope 1 in h", _SWEEP_LINEAR,
                claim=sympy.Eq(order_slope, 1)),
    ),
    mutants=(
        Mutant("O(h²)", "the error is O(h²): the same bound with h² and slope 2 in h",
               statement=sympy.Le(euler_error, step * _euler_bound),
               extra_witnesses=(Witness("slope 2?", _SWEEP_TANH,
                                        claim=sympy.Eq(order_slope, 2)),)),
    ),
    notes="Certified: every reference flow has a closed form enclosed in arb balls (linear F: "
          "e^(AT)x_0 by arb's matrix exponential; F = a ⊙ tanh(x + c): sinh(X_i + c_i) = "
          "sinh(x_0i + c_i)e^(a_i t)); the Euler iterate is exact (rationals) for linear F and "
          "an arb enclosure for tanh. mpmath's odefun (verify.ode.taylor_reference) is only a "
          "non-rigorous cross-check in the tests, for non-diagonal tanh layers. Λ and M are "
          "valid upper bounds (Λ ≥ ‖A‖₂ via max(‖A‖₁, ‖A‖_∞); M = Λ²‖x_0‖e^(ΛT) resp. "
          "√d Λ²·0.385 ≥ √d Λ² · 2/(3√3)), so the bound is not attained except in the scalar "
          "witness. The rate (slope 1 of log error vs log h, 99% t-interval) is checked by "
          "witness claims, so the verdict stays certified.",
)

# =============================================================================================
# arch.batchnorm_invariance
# =============================================================================================

scale = parameter("a", real=True)
bn_defect = quantity("bn_defect", r"\max|BN(aWX) - BN(WX)|")
orthogonality = quantity("orthogonality", r"|\langle \nabla_W L, W\rangle|")
gradient_scaling = quantity("gradient_scaling", r"\max|a\nabla L(aW) - \nabla L(W)|")


def _matrix(rows: Any) -> sympy.Matrix:
    return sympy.Matrix([[sympy.Rational(_frac(v)) for v in row] for row in rows])


def _max_abs(values: Any) -> Any:
    return max((abs(v) for v in values), key=float)


def _bn_exact(instance: Instance) -> dict[str, Any]:
    d = instance.data
    a = sympy.Rational(_frac(instance.params["a"]))
    w, x, v, y = _matrix(d["W"]), _matrix(d["X"]), _matrix(d["v"]), _matrix(d["y"])
    diff = batchnorm_exact(a * w * x) - batchnorm_exact(w * x)
    grad = bn_loss_gradient_exact(w, x, v, y)
    inner = sympy.radsimp(sum((grad[i, j] * w[i, j] for i in range(w.rows)
                               for j in range(w.cols)), sympy.Integer(0)))
    scaled = (a * bn_loss_gradient_exact(a * w, x, v, y) - grad).applyfunc(sympy.radsimp)
    return {"bn_defect": Exact(_max_abs(list(diff))), "orthogonality": Exact(abs(inner)),
            "gradient_scaling": Exact(_max_abs(list(scaled)))}


def _bn_measure(instance: Instance, context: Context) -> dict[str, Any]:
    d = instance.data
    if context.rigorous or d.get("route", "exact") == "exact":
        return _bn_exact(instance)
    device = resolve_device(str(context.device))

    def t(rows: Any) -> torch.Tensor:
        return torch.tensor([[float(_frac(v)) for v in row] for row in rows],
                            dtype=torch.float64, device=device)
    vals = bn_defects_torch(t(d["W"]), t(d["X"]), t(d["v"]).T, t(d["y"]).T,
                            float(_frac(instance.params["a"])))
    return {k: Float(val) for k, val in vals.items()}


def _bn_instances(sign: int) -> Any:
    def build(budget: Budget) -> st.SearchStrategy[Instance]:
        def make(seed: int, features: int, inputs: int, batch: int, num: int, den: int,
                 route: str) -> Instance:
            rng = np.random.default_rng(seed)
            def ints(*shape: int) -> list[list[int]]:
                return rng.integers(-4, 5, size=shape).tolist()
            return Instance({"a": sign * Fraction(num, den)},
                            {"W": ints(features, inputs), "X": ints(inputs, batch),
                             "v": ints(features, 1), "y": ints(batch, 1), "route": route},
                            label=route)
        return st.builds(make, st.integers(0, 2**31 - 1), st.integers(1, 2),
                         st.integers(1, 3), st.integers(2, budget.pick(3, 4, 6)),
                         st.integers(1, 9), st.integers(1, 4), st.sampled_from(("exact", "float")))
    return build


def _nonzero_variance(instance: Instance) -> bool:
    z = _matrix(instance.data["W"]) * _matrix(instance.data["X"])
    return all(s != 0 for s in batch_variances(z))


_POSITIVE = Premise("a > 0", lambda i: _frac(i.params["a"]) > 0)
_VARIANCE = Premise("every feature has nonzero batch variance", _nonzero_variance)
_NEGATIVE = Instance({"a": -1}, {"W": [[1, 2]], "X": [[1, 0, 2], [0, 1, -1]], "v": [[1]],
                                 "y": [[0], [1], [0]]}, "a = −1")

batchnorm_invariance = Theorem(
    id="arch.batchnorm_invariance",
    title="Batch normalization (ε = 0) is invariant to positive rescaling of the weights: "
          "⟨∇_W L, W⟩ = 0 and ∇L(aW) = ∇L(W)/a",
    survey="§6.4 (batch normalization)",
    source="Ioffe, Szegedy (2015); scale invariance as in Arora, Li, Lyu (2019), Lemma 2.4 / "
           "van Laarhoven (2017)",
    statement=sympy.And(sympy.Eq(bn_defect, 0), sympy.Eq(orthogonality, 0),
                        sympy.Eq(gradient_scaling, 0)),
    parameters=(scale,),
    quantities=(bn_defect, orthogonality, gradient_scaling),
    mode="exact",
    instances=_bn_instances(1),
    measure=_bn_measure,
    premises=(_POSITIVE, _VARIANCE),
    proof=(
        Identity("(az − aμ)/sqrt(a²σ²) = (z − μ)/σ for a > 0",
                 (sympy.Symbol("A", positive=True) * (sympy.Symbol("z") - sympy.Symbol("mu")))
                 / sympy.sqrt(sympy.Symbol("A", positive=True) ** 2
                              * sympy.Symbol("sigma", positive=True) ** 2),
                 (sympy.Symbol("z") - sympy.Symbol("mu")) / sympy.Symbol("sigma", positive=True)),
    ),
    necessity=(Necessity("a = −1 flips the sign", "a > 0", _NEGATIVE),),
    mutants=(
        Mutant("a < 0", "the invariance for negative scales: BN(−Wx) = −BN(Wx) ≠ BN(Wx)",
               instances=_bn_instances(-1), premises=(_VARIANCE,),
               extra_witnesses=(Witness("a = −1", _NEGATIVE),)),
    ),
    notes="Exact instances use sympy algebraic numbers (σ = sqrt of a rational, canonical form) "
          "and the exact batch-norm backward pass (checked against sympy.diff in the tests). "
          "Float instances run torch autograd in float64 on context.device; a nonzero float "
          "defect is re-measured exactly before it could count. Both identities follow from "
          "L(aW) = L(W): differentiate in a at a = 1, resp. in W.",
)
