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
    implementation_mutant,
    loglog_slope,
    parameter,
    quantity,
    resolve_device,
)
from verify.domain.architectures import surds
from verify.domain.architectures.batchnorm import bn_defects_torch
from verify.domain.architectures.layers import (
    FLOAT64_EXACT,
    ConvLayer,
    ConvNet,
    batch_variances,
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
from verify.domain.architectures.surds import bn_defects_surd

__all__ = ["conv_equivariance", "resnet_euler", "batchnorm_invariance"]

# =============================================================================================
# arch.conv_equivariance
# =============================================================================================

length = parameter("n", integer=True, positive=True)
shift = parameter("s", integer=True, nonnegative=True)
equivariance_defect = quantity("equivariance_defect", r"\max|N(S_s x) - S_s N(x)|")
invariance_defect = quantity("invariance_defect", r"\max|P N(S_s x) - P N(x)|")
pooled_output = quantity("pooled_output", r"\sum_{c,i} N(x)_{c,i}")


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
    """max|N(S_s x) − S_t N(x)|, max over channels |Σ_i N(S_s x)_i − Σ_i N(x)_i|, and the
    pooled output Σ_(c,i) N(x)_(c,i) (pinned by hand on a witness).

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
    pooled = sum(y.flat)
    if isinstance(equiv, (np.floating, float)):
        return {"equivariance_defect": Float(float(equiv)),
                "invariance_defect": Float(float(inv)), "pooled_output": Float(float(pooled))}
    return {"equivariance_defect": Exact(int(equiv)), "invariance_defect": Exact(int(inv)),
            "pooled_output": Exact(int(pooled))}


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


def _witness_instance(route: str) -> Instance:
    net = ConvNet((ConvLayer((((1, 2, -1),),), (1,)), ConvLayer((((2, -1, 1),),), (0,))), "relu")
    return Instance({"n": 8, "s": 3}, {"net": net, "x": [[3, -1, 4, -1, 5, -9, 2, 6]],
                                       "route": route}, f"explicit, {route}")


# Planted bugs (implementation mutants) call the helpers they wrap as imported here.
_CONV_TORCH = conv_forward_torch


def _conv_layer_wrapping_left_only(layer: ConvLayer, x: np.ndarray) -> np.ndarray:
    """A circular layer that relies on Python's negative indices: inputs left of 0 wrap
    around, inputs right of n − 1 read as 0."""
    c_in, c_out = layer.channels
    n, k = x.shape[1], layer.kernel
    out = np.empty((c_out, n), dtype=object)
    for o in range(c_out):
        for i in range(n):
            total: Any = layer.bias[o]
            for c in range(c_in):
                for j in range(k):
                    p = i - k // 2 + j
                    total += layer.weight[o][c][j] * x[c, p] if p < n else 0
            out[o, i] = total
    return out[:, ::layer.stride]


def _conv_torch_bias_twice(net: ConvNet, x: torch.Tensor) -> torch.Tensor:
    """Every layer's bias added twice (once by conv1d, once by hand)."""
    doubled = ConvNet(tuple(ConvLayer(layer.weight, tuple(2 * b for b in layer.bias),
                                      layer.padding, layer.stride) for layer in net.layers),
                      net.activation)
    return _CONV_TORCH(doubled, x)


def _conv_torch_zero_padded(net: ConvNet, x: torch.Tensor) -> torch.Tensor:
    """torch's conv1d with its default zero padding (padding_mode forgotten)."""
    zeros = ConvNet(tuple(ConvLayer(layer.weight, layer.bias, "zeros", layer.stride)
                          for layer in net.layers), net.activation)
    return _CONV_TORCH(zeros, x)


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
    quantities=(equivariance_defect, invariance_defect, pooled_output),
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
        Witness("one channel, kernel (1, 2, −1), ReLU, shift 3; by hand: the hidden layer is "
                "ReLU(1 + x_(i−1) + 2x_i − x_(i+1)) = (14, 0, 9, 0, 19, 0, 0, 12), the output "
                "2h_(i−1) − h_i + h_(i+1) = (10, 37, −9, 37, −19, 38, 12, 2), pooled 108",
                _witness_instance("exact"), claim=sympy.Eq(pooled_output, 108)),
        Witness("the same network in torch (float64, exact for these integers), pooled 108",
                _witness_instance("device"), claim=sympy.Eq(pooled_output, 108)),
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
        implementation_mutant(
            "wrap on the left only", "the exact circular layer indexes x[p] with Python's "
            "negative indices: p < 0 wraps, p ≥ n reads 0", patches={
                "verify.domain.architectures.layers.conv_layer_exact":
                    _conv_layer_wrapping_left_only}),
        implementation_mutant(
            "torch bias twice", "the torch forward pass adds every bias twice",
            patches={"theorems.arch.layers.conv_forward_torch": _conv_torch_bias_twice}),
        implementation_mutant(
            "torch zero padding", "the torch forward pass pads with zeros (padding_mode "
            "forgotten)", patches={"theorems.arch.layers.conv_forward_torch":
                                   _conv_torch_zero_padded}),
    ),
    notes="Exact on every instance: integer weights and inputs, evaluated either with Python "
          "ints or on context.device in float64, where the run is exact because a bound on every "
          "partial sum (ConvNet.magnitude_bound) stays below 2^53 (else the float result is "
          "reported as Float and a violation is re-checked in ints). Pooling is the global sum "
          "per channel. For stride 2 the output shift for an input shift s is s/2; for odd s none "
          "exists and the defect is the minimum over all output shifts. Both identities hold "
          "for any circular network, so two witnesses pin the forward pass itself: the pooled "
          "output of an explicit network, computed by hand, in exact integers and in torch.",
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

_SCALAR_ERROR = sympy.exp(sympy.Rational(_LAM)) - (1 + sympy.Rational(_LAM) / 64) ** 64
"""|x_64 − X(1)| for x' = x/100, x_0 = 1, h = 1/64, exactly (both closed forms)."""
_PIN = sympy.Rational(1, 10**9)
"""The pinned witness's relative window: balls decide inequalities, not equalities."""

# Planted bugs (implementation mutants) call the helpers they wrap as imported here.
_EULER_LINEAR, _EULER_BALL, _DISTANCE = euler_linear_exact, euler_ball, euclidean_distance_ball


def _euler_linear_half_step(a: Any, x0: Any, h: Fraction, steps: int) -> Any:
    return _EULER_LINEAR(a, x0, h / 2, steps)


def _euler_ball_half_step(field: Any, x0: Any, h: Fraction, steps: int) -> Any:
    return _EULER_BALL(field, x0, h / 2, steps)


def _euler_linear_one_short(a: Any, x0: Any, h: Fraction, steps: int) -> Any:
    return _EULER_LINEAR(a, x0, h, steps - 1)


def _euler_ball_one_short(field: Any, x0: Any, h: Fraction, steps: int) -> Any:
    return _EULER_BALL(field, x0, h, steps - 1)


def _squared_distance(x: Any, y: Any) -> Any:
    d = _DISTANCE(x, y)
    return d * d


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
                   sympy.log(1 + _xs), _xs, {_xs: sympy.Interval(0, sympy.oo)}),
    ),
    witnesses=(
        Witness("x' = x/100, x_0 = 1, T = 1, K = 64: error ≈ (h λ²/2) T e^(λT), the bound's "
                "first-order term; ratio → 1/(1 + λT/2); the error is exactly "
                "e^(1/100) − (1 + 1/6400)^64 (closed forms of flow and iterate)", _SCALAR,
                attains=True, tolerance=0.01,
                claim=sympy.And(sympy.Ge(euler_error, _SCALAR_ERROR * (1 - _PIN)),
                                sympy.Le(euler_error, _SCALAR_ERROR * (1 + _PIN)))),
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
        implementation_mutant(
            "Euler step halved", "each residual block adds (h/2)F(x_k) instead of hF(x_k)",
            patches={"theorems.arch.layers.euler_linear_exact": _euler_linear_half_step,
                     "theorems.arch.layers.euler_ball": _euler_ball_half_step}),
        implementation_mutant(
            "one block short", "the ResNet loop runs K − 1 blocks",
            patches={"theorems.arch.layers.euler_linear_exact": _euler_linear_one_short,
                     "theorems.arch.layers.euler_ball": _euler_ball_one_short}),
        implementation_mutant(
            "squared distance", "the error is measured as ‖x_K − X(T)‖² (the root forgotten)",
            patches={"theorems.arch.layers.euclidean_distance_ball": _squared_distance}),
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
derivative_gap = quantity("derivative_gap",
                          r"|\langle \nabla_W L, D\rangle - \tfrac{d}{dt}L(W + tD)|_{t=0}|")


def _matrix(rows: Any) -> sympy.Matrix:
    return sympy.Matrix([[sympy.Rational(_frac(v)) for v in row] for row in rows])


def _fractions(rows: Any) -> list[list[Fraction]]:
    return [[_frac(v) for v in row] for row in rows]


def _bn_exact(instance: Instance) -> dict[str, Any]:
    """The defects in exact sums of square roots (``surds``): canonical, so a defect is zero
    exactly when it is."""
    d = instance.data
    direction = _fractions(d["D"]) if "D" in d else None
    values = bn_defects_surd(_fractions(d["W"]), _fractions(d["X"]),
                             [row[0] for row in _fractions(d["v"])],
                             [row[0] for row in _fractions(d["y"])],
                             _frac(instance.params["a"]), direction)
    return {name: Exact(value) for name, value in values.items()}


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
        return st.builds(make, st.integers(0, 2**31 - 1), st.integers(1, budget.pick(2, 3, 3)),
                         st.integers(1, 3), st.integers(2, budget.pick(4, 5, 6)),
                         st.integers(1, 9), st.integers(1, 4), st.sampled_from(("exact", "float")))
    return build


# Planted bugs (implementation mutants) call the helpers they wrap as imported here.
_BATCHNORM_SURD, _BN_GRADIENT_SURD = surds.batchnorm_surd, surds.bn_gradient_surd


def _batchnorm_with_eps(z: Any, eps: Any = 0) -> Any:
    """torch's default ε = 1e-5 under the root."""
    return _BATCHNORM_SURD(z, Fraction(1, 10**5))


def _gradient_without_two(w: Any, x: Any, v: Any, y: Any) -> Any:
    """∂L/∂u taken as v·(vᵀu − y): the factor 2 of the square dropped."""
    return [[g * Fraction(1, 2) for g in row] for row in _BN_GRADIENT_SURD(w, x, v, y)]


def _gradient_without_projection(w: Any, x: Any, v: Any, y: Any) -> Any:
    """The backward pass without the term u·mean(g ⊙ u) (the derivative of σ forgotten)."""
    z = [[sum((Fraction(w[i][k]) * Fraction(x[k][j]) for k in range(len(x))), Fraction(0))
          for j in range(len(x[0]))] for i in range(len(w))]
    batch, u = len(z[0]), surds.batchnorm_surd(z)
    residual = [sum((u[i][j] * Fraction(v[i]) for i in range(len(v))), surds.Surd()) - y[j]
                for j in range(batch)]
    out = []
    for i, row in enumerate(z):
        mu = sum(row, Fraction(0)) / batch
        sigma = surds.Surd.sqrt(sum(((e - mu) ** 2 for e in row), Fraction(0)) / batch)
        g = [residual[j] * (2 * Fraction(v[i])) for j in range(batch)]
        mean_g = sum(g, surds.Surd()) / batch
        dz = [(g[j] - mean_g) / sigma for j in range(batch)]
        out.append([sum((dz[j] * x[k][j] for j in range(batch)), surds.Surd())
                    for k in range(len(x))])
    return out


def _nonzero_variance(instance: Instance) -> bool:
    z = _matrix(instance.data["W"]) * _matrix(instance.data["X"])
    return all(s != 0 for s in batch_variances(z))


_POSITIVE = Premise("a > 0", lambda i: _frac(i.params["a"]) > 0)
_VARIANCE = Premise("every feature has nonzero batch variance", _nonzero_variance)
_NEGATIVE = Instance({"a": -1}, {"W": [[1, 2]], "X": [[1, 0, 2], [0, 1, -1]], "v": [[1]],
                                 "y": [[0], [1], [0]]}, "a = −1")
# The rows of X must not span the constant vector: else every row of WX stays in
# span(row, 1), batch normalization maps it to a constant, and L is locally constant in W.
_TWO_FEATURES = Instance({"a": Fraction(5, 2)}, {
    "W": [[1, 2], [-1, 1]], "X": [[1, 0, 2, -1], [0, 1, -1, 3]], "v": [[1], [2]],
    "y": [[0], [1], [-1], [2]], "D": [[1, -1], [0, 2]]}, "two features, batch 4")
_THREE_INPUTS = Instance({"a": Fraction(1, 3)}, {
    "W": [[2, -1, 1]], "X": [[1, 0, 2, -1], [0, 1, -1, 3], [2, 2, 0, 1]], "v": [[3]],
    "y": [[1], [0], [-2], [1]], "D": [[1, 2, -1]]}, "one feature, three inputs, batch 4")

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
    quantities=(bn_defect, orthogonality, gradient_scaling, derivative_gap),
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
    witnesses=(
        Witness("two features, batch 4, a = 5/2: ⟨∇L, D⟩ equals the closed-form derivative of "
                "L(W + tD) at t = 0 (≈ 0.342, not 0)", _TWO_FEATURES,
                claim=sympy.Eq(derivative_gap, 0)),
        Witness("one feature, three inputs, batch 4, a = 1/3: the same gradient check (the "
                "derivative is 24/7)",
                _THREE_INPUTS, claim=sympy.Eq(derivative_gap, 0)),
    ),
    necessity=(Necessity("a = −1 flips the sign", "a > 0", _NEGATIVE),),
    mutants=(
        Mutant("a < 0", "the invariance for negative scales: BN(−Wx) = −BN(Wx) ≠ BN(Wx)",
               instances=_bn_instances(-1), premises=(_VARIANCE,),
               extra_witnesses=(Witness("a = −1", _NEGATIVE),)),
        implementation_mutant(
            "ε = 1e-5 under the root", "batch normalization with torch's default ε = 1e-5",
            patches={"verify.domain.architectures.surds.batchnorm_surd": _batchnorm_with_eps}),
        implementation_mutant(
            "gradient without the factor 2", "∂L/∂u = v·(vᵀu − y): the 2 of the square dropped",
            patches={"verify.domain.architectures.surds.bn_gradient_surd":
                     _gradient_without_two}),
        implementation_mutant(
            "backward pass without the σ term", "dZ = (g − mean g)/σ: the term −u·mean(g ⊙ u) "
            "from the derivative of σ forgotten",
            patches={"verify.domain.architectures.surds.bn_gradient_surd":
                     _gradient_without_projection}),
    ),
    notes="Exact instances run in sums of square roots of rationals with square-free radicands "
          "(verify.domain.architectures.surds), a canonical form: a defect is zero exactly when "
          "it is; the same formulas in sympy (batchnorm.bn_loss_gradient_exact) are checked "
          "against them and against sympy.diff in the tests. Float instances run torch "
          "autograd in float64 on context.device; a nonzero float defect is re-measured "
          "exactly before it could count. Both identities follow from L(aW) = L(W): "
          "differentiate in a at a = 1, resp. in W. They are homogeneous in the gradient, so "
          "a gradient off by a constant factor satisfies them too: the witnesses check the "
          "backward pass itself, ⟨∇L(W), D⟩ = dL(W + tD)/dt at t = 0, against a closed-form "
          "forward-mode derivative (c' − c·var'/(2 var))/σ written independently.",
)
