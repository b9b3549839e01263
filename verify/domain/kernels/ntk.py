"""Neural tangent kernels: the empirical NTK of finite networks and the infinite-width limit.

A network described once gives both its finite realisation and its infinite-width kernel
(as in neural-tangents' ``stax``):

- :func:`empirical_ntk` — Θ(x, y) = ⟨∇_θ Φ(x, θ), ∇_θ Φ(y, θ)⟩ for every member of a
  :class:`verify.nets.Ensemble` (its stored weights and biases are θ: the standard
  parametrization) or of a :class:`ScaledEnsemble` (θ scaled in the forward pass, e.g. the NTK
  parametrization), by ``torch.func`` (``jacrev`` over θ, ``vmap`` over members) or by the
  layerwise formula for fully connected networks; on the CPU and on CUDA.
- :func:`relu_nngp_ntk` — the NNGP kernel Σ^(L) and the NTK Θ^(L) of infinitely wide fully
  connected ReLU networks in NTK parametrization (the arc-cosine recursion).
- :func:`gaussian_relu_moments` and :func:`arccos_moments` — the two Gaussian integrals the
  recursion needs, by rigorous quadrature and in closed form, as python-flint balls.
- :func:`fmpq_matrix`, :func:`positive_definite`, :func:`gradient_descent_arb` — exact kernel
  regression on a linearization (float Jacobians are dyadic rationals) and gradient descent on
  a least-squares loss enclosed in balls.

**NTK parametrization** (Jacot, Gabriel, Hongler 2018; SOURCES T10): θ = all W^(ℓ),
b^(ℓ) i.i.d. N(0, 1), and layer ℓ computes ``z^(ℓ) = W^(ℓ) h^(ℓ−1) / sqrt(N_(ℓ−1)) + β b^(ℓ)``,
``h^(ℓ) = ρ(z^(ℓ))`` (no activation after the last layer). :func:`ntk_ensemble` draws such
networks; its ``.ensemble`` holds the effective weights W/sqrt(N_(ℓ−1)) and βb, so it evaluates
like any ensemble, while the kernel is taken with respect to the N(0, 1) parameters θ.

**The limit** (depth L = number of affine layers, hidden widths → ∞):
``Σ^(1) = x·y/N_0 + β²``, ``Θ^(1) = Σ^(1)``, and for ℓ = 1..L−1, with (u, v) ~ N(0, Σ^(ℓ)),
``Σ^(ℓ+1) = E[ρ(u)ρ(v)] + β²``, ``Θ^(ℓ+1) = Θ^(ℓ) E[ρ'(u)ρ'(v)] + Σ^(ℓ+1)``; for ReLU,
E[ρ(u)ρ(v)] = sqrt(Σ_xx Σ_yy)(sin φ + (π − φ) cos φ)/(2π) and E[ρ'(u)ρ'(v)] = (π − φ)/(2π)
with cos φ = Σ_xy / sqrt(Σ_xx Σ_yy) (Cho & Saul 2009 with their factor 2 removed). The
empirical NTK of a network with N_L outputs tends to Θ^(L) ⊗ Id.

Compare the two for one architecture in three lines::

    net = ntk_ensemble((3, 2048, 2048, 1), members=4, beta=0.5, seed=0)
    x = torch.randn(5, 3, dtype=torch.float64)
    empirical_ntk(net, x, method="layerwise") - relu_nngp_ntk(x, depth=3, beta=0.5)[1]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

import flint
import torch
from torch import Tensor

from verify.arith.convert import as_fraction, fraction_to_arb, to_fmpq
from verify.arith.matrices import positive_definite
from verify.arith.precision import workprec
from verify.device import resolve_device, single_cpu_thread
from verify.domain.networks.ensembles import Activation, Ensemble
from verify.domain.networks.ensembles import activation as lookup_activation
from verify.errors import UsageError

__all__ = [
    "KernelPair",
    "ScaledEnsemble",
    "arccos_moments",
    "empirical_ntk",
    "fmpq_matrix",
    "gaussian_relu_moments",
    "gradient_descent_arb",
    "input_kernel",
    "ntk_ensemble",
    "ntk_relative_deviation",
    "parameter_jacobian",
    "positive_definite",
    "relu_expectations",
    "relu_nngp_ntk",
    "scaled_forward",
]

# --------------------------------------------------------------------------------------------
# Parametrizations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ScaledEnsemble:
    """E networks whose parameters θ enter the forward pass scaled: layer ℓ uses the effective
    weights ``weight_scales[ℓ] · θ_W^(ℓ)`` and biases ``bias_scales[ℓ] · θ_b^(ℓ)``.

    Gradients, Jacobians and kernels are taken with respect to θ (``weights``, ``biases``:
    tensors of shape [E, N_ℓ, N_(ℓ−1)] and [E, N_ℓ]). Scales 1 give the standard
    parametrization of an :class:`Ensemble`; :func:`ntk_ensemble` the NTK parametrization.
    """

    weights: tuple[Tensor, ...]
    biases: tuple[Tensor, ...]
    weight_scales: tuple[float, ...]
    bias_scales: tuple[float, ...]
    activation: Activation

    @classmethod
    def standard(cls, ensemble: Ensemble) -> ScaledEnsemble:
        """An ensemble's own weights and biases as θ (all scales 1)."""
        ones = (1.0,) * ensemble.depth
        return cls(tuple(ensemble.weights), tuple(ensemble.biases), ones, ones,
                   ensemble.activation)

    @property
    def widths(self) -> tuple[int, ...]:
        return (int(self.weights[0].shape[2]), *(int(w.shape[1]) for w in self.weights))

    @property
    def members(self) -> int:
        return int(self.weights[0].shape[0])

    @property
    def depth(self) -> int:
        return len(self.weights)

    @property
    def device(self) -> torch.device:
        return self.weights[0].device

    @property
    def dtype(self) -> torch.dtype:
        return self.weights[0].dtype

    @property
    def ensemble(self) -> Ensemble:
        """The same networks with effective weights, as an :class:`Ensemble` (same outputs)."""
        return Ensemble([w * s for w, s in zip(self.weights, self.weight_scales, strict=True)],
                        [b * s for b, s in zip(self.biases, self.bias_scales, strict=True)],
                        self.activation)

    def __call__(self, x: Tensor) -> Tensor:
        """Outputs [E, B, N_L] of every member at x of shape [B, N_0]."""
        return torch.func.vmap(self._member_forward, in_dims=(0, 0, None))(
            self.weights, self.biases, x)

    def _member_forward(self, weights: Sequence[Tensor], biases: Sequence[Tensor], x: Tensor
                        ) -> Tensor:
        return scaled_forward(weights, biases, x, self.weight_scales, self.bias_scales,
                              self.activation)


def scaled_forward(weights: Sequence[Tensor], biases: Sequence[Tensor], x: Tensor,
                   weight_scales: Sequence[float], bias_scales: Sequence[float],
                   activation: Activation | str = "relu") -> Tensor:
    """One network at x [B, N_0]: ``z = s_W · W h + s_b · b`` per layer, ρ after all but the
    last. With θ ~ N(0, 1), s_W = 1/sqrt(N_(ℓ−1)) and s_b = β this is the NTK parametrization."""
    sigma = lookup_activation(activation).torch_fn
    h = x
    last = len(weights) - 1
    for index, (w, b) in enumerate(zip(weights, biases, strict=True)):
        h = weight_scales[index] * (h @ w.transpose(-1, -2)) + bias_scales[index] * b
        if index < last:
            h = sigma(h)
    return h


def ntk_ensemble(widths: Sequence[int], members: int = 1, *, beta: float = 0.0,
                 generator: torch.Generator | None = None, seed: int | None = None,
                 activation: Activation | str = "relu", device: str | torch.device = "cpu",
                 dtype: torch.dtype = torch.float64) -> ScaledEnsemble:
    """E networks of architecture ``widths`` in NTK parametrization: every weight and bias
    i.i.d. N(0, 1), layer ℓ scaled by 1/sqrt(N_(ℓ−1)) and biases by ``beta`` in the forward
    pass. Drawn on the CPU (weight then bias, layer by layer) from ``generator`` or ``seed``
    (default seed 0) —
    in float64, or in float32 when ``dtype`` is float32 (three times faster for wide
    networks) — then moved, so a seed gives the same networks on every device."""
    sizes = tuple(int(n) for n in widths)
    if len(sizes) < 2 or min(sizes) < 1 or members < 1:
        raise UsageError(f"need widths (N_0, ..., N_L) of positive numbers and members >= 1, "
                         f"got {tuple(widths)} and {members}")
    if not beta >= 0:
        raise UsageError(f"beta must be non-negative, got {beta}")
    if generator is not None and seed is not None:
        raise UsageError("pass either generator or seed, not both")
    if generator is None:
        generator = torch.Generator().manual_seed(0 if seed is None else seed)
    target = resolve_device(device)
    draw_dtype = torch.float32 if dtype == torch.float32 else torch.float64
    weights: list[Tensor] = []
    biases: list[Tensor] = []
    for fan_in, fan_out in pairwise(sizes):
        for shape, out in (((members, fan_out, fan_in), weights), ((members, fan_out), biases)):
            draw = torch.randn(shape, generator=generator, dtype=draw_dtype)
            out.append(draw.to(dtype=dtype).to(target))
    return ScaledEnsemble(tuple(weights), tuple(biases),
                          tuple(1.0 / math.sqrt(n) for n in sizes[:-1]),
                          (float(beta),) * (len(sizes) - 1), lookup_activation(activation))


def _scaled(net: Ensemble | ScaledEnsemble) -> ScaledEnsemble:
    if isinstance(net, Ensemble):
        return ScaledEnsemble.standard(net)
    if isinstance(net, ScaledEnsemble):
        return net
    raise UsageError(f"expected an Ensemble or a ScaledEnsemble, not {type(net).__name__}")


def _inputs(net: ScaledEnsemble, x: Tensor) -> Tensor:
    if x.dim() != 2 or x.shape[1] != net.widths[0]:
        raise UsageError(f"inputs of shape {tuple(x.shape)} do not fit: expected "
                         f"[B, {net.widths[0]}]")
    return x.to(device=net.device, dtype=net.dtype)


# --------------------------------------------------------------------------------------------
# Empirical NTK
# --------------------------------------------------------------------------------------------


def parameter_jacobian(net: Ensemble | ScaledEnsemble, x: Tensor, *,
                       chunk_size: int | None = None) -> Tensor:
    """∂Φ_k(x_b)/∂θ_p for every member: shape [E, B, N_L, P], θ flattened layer by layer
    (weight ℓ row-major, then bias ℓ). ``torch.func.jacrev`` over θ, ``vmap`` over members
    (``chunk_size`` members at a time)."""
    net = _scaled(net)
    x = _inputs(net, x)

    def forward(weights: tuple[Tensor, ...], biases: tuple[Tensor, ...]) -> Tensor:
        return scaled_forward(weights, biases, x, net.weight_scales, net.bias_scales,
                              net.activation)

    jac = torch.func.vmap(torch.func.jacrev(forward, argnums=(0, 1)), chunk_size=chunk_size)(
        net.weights, net.biases)
    members, batch, outputs = net.members, x.shape[0], net.widths[-1]
    blocks = []
    for w_jac, b_jac in zip(*jac, strict=True):
        blocks.append(w_jac.reshape(members, batch, outputs, -1))
        blocks.append(b_jac.reshape(members, batch, outputs, -1))
    return torch.cat(blocks, dim=-1)


def empirical_ntk(net: Ensemble | ScaledEnsemble, x: Tensor, y: Tensor | None = None, *,
                  method: str = "jacobian", chunk_size: int | None = None) -> Tensor:
    """Θ(x_i, y_j) = ⟨∂Φ(x_i)/∂θ, ∂Φ(y_j)/∂θ⟩ for every member (θ as in :class:`ScaledEnsemble`;
    a plain :class:`Ensemble` is taken in the standard parametrization).

    Shape [E, B_x, B_y] for one output, [E, B_x, B_y, N_L, N_L] otherwise; y defaults to x.
    ``method="jacobian"`` materialises the Jacobian (:func:`parameter_jacobian`, any member of
    any ensemble); ``method="layerwise"`` uses ∂Φ/∂W^(ℓ) = s_W δ^(ℓ) h^(ℓ−1)ᵀ, i.e.
    Θ = Σ_ℓ (s_W² ⟨h^(ℓ−1)(x), h^(ℓ−1)(y)⟩ + s_b²) ⟨δ^(ℓ)(x), δ^(ℓ)(y)⟩ with δ^(ℓ) = ∂Φ/∂z^(ℓ),
    which needs O(B·width) memory instead of O(B·P) and is what wide networks need.
    """
    net = _scaled(net)
    x = _inputs(net, x)
    y = x if y is None else _inputs(net, y)
    points = torch.cat([x, y]) if y is not x else x
    if method == "jacobian":
        jac = parameter_jacobian(net, points, chunk_size=chunk_size)
        jx, jy = jac[:, :x.shape[0]], jac[:, -y.shape[0]:]
        kernel = torch.einsum("eikp,ejlp->eijkl", jx, jy)
    elif method == "layerwise":
        kernel = _layerwise_ntk(net, points, x.shape[0], y.shape[0])
    else:
        raise UsageError(f"unknown method {method!r}; use 'jacobian' or 'layerwise'")
    return kernel[..., 0, 0] if net.widths[-1] == 1 else kernel


def _derivative(sigma: Activation, z: Tensor) -> Tensor:
    """ρ'(z) elementwise (torch's convention at kinks, e.g. relu'(0) = 0)."""
    return torch.func.jvp(sigma.torch_fn, (z,), (torch.ones_like(z),))[1]


def _layerwise_ntk(net: ScaledEnsemble, points: Tensor, nx: int, ny: int) -> Tensor:
    members, batch, outputs = net.members, points.shape[0], net.widths[-1]
    h = points.unsqueeze(0).expand(members, -1, -1)
    inputs, slopes = [], []
    last = net.depth - 1
    for index, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        inputs.append(h)
        z = torch.baddbmm(net.bias_scales[index] * b.unsqueeze(1), h, w.transpose(1, 2),
                          alpha=net.weight_scales[index])
        if index < last:
            slopes.append(_derivative(net.activation, z))
            h = net.activation.torch_fn(z)
    # delta[e, b·K + k, :] = ∂Φ_k(x_b)/∂z^(ℓ), one row per (point, output)
    eye = torch.eye(outputs, dtype=net.dtype, device=net.device)
    delta = eye.repeat(members, batch, 1)  # [E, B·K, N_L]
    kernel = torch.zeros(members, nx * outputs, ny * outputs, dtype=net.dtype, device=net.device)
    for index in range(last, -1, -1):
        hidden = inputs[index]
        gram = torch.bmm(hidden[:, :nx], hidden[:, -ny:].transpose(1, 2))  # [E, B_x, B_y]
        factor = net.weight_scales[index] ** 2 * gram + net.bias_scales[index] ** 2
        factor = factor.repeat_interleave(outputs, 1).repeat_interleave(outputs, 2)
        back = torch.bmm(delta[:, :nx * outputs], delta[:, -ny * outputs:].transpose(1, 2))
        kernel += factor * back
        if index > 0:
            delta = torch.bmm(delta, net.weights[index]) * net.weight_scales[index]
            delta = delta * slopes[index - 1].repeat_interleave(outputs, 1)
    # [E, B_x·K, B_y·K] -> [E, B_x, B_y, K, K]
    return kernel.reshape(members, nx, outputs, ny, outputs).permute(0, 1, 3, 2, 4)


# --------------------------------------------------------------------------------------------
# Infinite width: the arc-cosine recursion
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class KernelPair:
    """A kernel between inputs x_1..x_B and y_1..y_C: ``cross`` [B, C] and the diagonals
    ``left`` = K(x_i, x_i) [B] and ``right`` = K(y_j, y_j) [C], kept separately so that a
    kernel on one set of inputs has an exact diagonal (no arccos of a rounded 1)."""

    cross: Tensor
    left: Tensor
    right: Tensor


def input_kernel(x: Tensor, y: Tensor | None = None, *, beta: float = 0.0) -> KernelPair:
    """Σ^(1)(x, y) = x·y/N_0 + β² in float64 on x's device."""
    x = x.to(torch.float64)
    y = x if y is None else y.to(device=x.device, dtype=torch.float64)
    n0 = x.shape[1]
    b2 = float(beta) ** 2
    return KernelPair(x @ y.T / n0 + b2, (x * x).sum(1) / n0 + b2, (y * y).sum(1) / n0 + b2)


def relu_expectations(sigma: KernelPair) -> tuple[KernelPair, KernelPair]:
    """(E[ρ(u)ρ(v)], E[ρ'(u)ρ'(v)]) for (u, v) ~ N(0, Σ) and ρ = ReLU, by the closed forms
    sqrt(Σ_xx Σ_yy)(sin φ + (π − φ) cos φ)/(2π) and (π − φ)/(2π), cos φ = Σ_xy/sqrt(Σ_xx Σ_yy);
    on the diagonals φ = 0 exactly (Σ/2 and 1/2)."""
    norms = torch.sqrt(torch.outer(sigma.left, sigma.right))
    cos = torch.where(norms > 0, sigma.cross / torch.where(norms > 0, norms, 1.0), 0.0)
    phi = torch.arccos(cos.clamp(-1.0, 1.0))
    sin = torch.sqrt((1.0 - cos * cos).clamp(min=0.0))
    value = norms * (sin + (math.pi - phi) * cos) / (2 * math.pi)
    slope = (math.pi - phi) / (2 * math.pi)
    return (KernelPair(value, sigma.left / 2, sigma.right / 2),
            KernelPair(slope, torch.full_like(sigma.left, 0.5),
                       torch.full_like(sigma.right, 0.5)))


def _plus(a: KernelPair, c: float) -> KernelPair:
    return KernelPair(a.cross + c, a.left + c, a.right + c)


def _times_plus(a: KernelPair, b: KernelPair, c: KernelPair) -> KernelPair:
    return KernelPair(a.cross * b.cross + c.cross, a.left * b.left + c.left,
                      a.right * b.right + c.right)


def relu_nngp_ntk(x: Tensor, y: Tensor | None = None, *, depth: int, beta: float = 0.0
                  ) -> tuple[Tensor, Tensor]:
    """(Σ^(L)(x_i, y_j), Θ^(L)(x_i, y_j)), each [B, C] in float64, for fully connected ReLU
    networks with ``depth`` = L affine layers (L − 1 hidden layers) of infinite width in NTK
    parametrization with bias scale β (module docstring); y defaults to x, and then the
    diagonal is taken from the exact diagonal recursion."""
    if depth < 1:
        raise UsageError(f"depth counts affine layers and must be >= 1, got {depth}")
    sigma = input_kernel(x, y, beta=beta)
    theta = sigma
    b2 = float(beta) ** 2
    for _ in range(depth - 1):
        value, slope = relu_expectations(sigma)
        sigma = _plus(value, b2)
        theta = _times_plus(theta, slope, sigma)
    if y is None:
        return _with_diagonal(sigma), _with_diagonal(theta)
    return sigma.cross, theta.cross


def _with_diagonal(k: KernelPair) -> Tensor:
    out = k.cross.clone()
    out.diagonal().copy_(k.left)
    return out


def ntk_relative_deviation(x: Tensor, *, depth: int, width: int, beta: float, members: int,
                           generator: torch.Generator, limit: Tensor | None = None,
                           parametrization: str = "ntk", device: str | torch.device = "cpu",
                           dtype: torch.dtype = torch.float64,
                           max_bytes: int = 64 << 20) -> Tensor:
    """‖Θ_n − Θ^∞‖_F / ‖Θ^∞‖_F on the Gram matrix of x [B, N_0], one value per member, for
    ``members`` ReLU networks (N_0, n, ..., n, 1) with ``depth`` affine layers drawn by
    :func:`ntk_ensemble` in chunks of at most ``max_bytes`` of weights.

    ``limit`` defaults to Θ^(L) of :func:`relu_nngp_ntk`; pass another kernel to measure the
    distance to it. ``parametrization="standard"`` takes the kernel with respect to the
    effective weights W/sqrt(N_(ℓ−1)) and βb of the same networks (the standard
    parametrization, whose NTK grows with the width). Shape [members], float64.

    On the CPU it runs with one torch thread (restored afterwards): its tensors have only B
    rows, and intra-op threads cost more than they save (on a loaded two-core machine a
    sweep ran 5–7 times slower with two threads than with one).
    """
    target = resolve_device(device)
    if target.type != "cpu":
        return _relative_deviation(x, depth, width, beta, members, generator, limit,
                                   parametrization, target, dtype, max_bytes)
    with single_cpu_thread(target):
        return _relative_deviation(x, depth, width, beta, members, generator, limit,
                                   parametrization, target, dtype, max_bytes)


def _relative_deviation(x: Tensor, depth: int, width: int, beta: float, members: int,
                        generator: torch.Generator, limit: Tensor | None, parametrization: str,
                        target: torch.device, dtype: torch.dtype, max_bytes: int) -> Tensor:
    if parametrization not in ("ntk", "standard"):
        raise UsageError(f"unknown parametrization {parametrization!r}; use 'ntk' or 'standard'")
    widths = (x.shape[1], *(width,) * (depth - 1), 1)
    limit = relu_nngp_ntk(x, depth=depth, beta=beta)[1] if limit is None else limit
    limit = limit.to(device=target, dtype=torch.float64)
    per_member = sum(a * b for a, b in pairwise(widths)) * torch.finfo(dtype).bits // 8
    chunk = max(1, max_bytes // max(1, per_member))
    points = x.to(device=target, dtype=dtype)
    out = []
    for start in range(0, members, chunk):
        net = ntk_ensemble(widths, min(chunk, members - start), beta=beta, generator=generator,
                           device=target, dtype=dtype)
        if parametrization == "standard":
            net = ScaledEnsemble.standard(net.ensemble)
        kernel = empirical_ntk(net, points, method="layerwise").to(torch.float64)
        out.append(torch.linalg.matrix_norm(kernel - limit) / torch.linalg.matrix_norm(limit))
    return torch.cat(out)


# --------------------------------------------------------------------------------------------
# Rigorous Gaussian moments
# --------------------------------------------------------------------------------------------


def _ball(value: object) -> flint.arb:
    """A ball as it is; a Fraction as the tightest ball; an int or a float exactly, at any
    precision (``to_arb`` would round an int wider than the working precision)."""
    if isinstance(value, flint.arb):
        return value
    if isinstance(value, Fraction):
        return fraction_to_arb(value)
    if isinstance(value, (int, float)):
        return flint.arb(value)
    raise TypeError(f"expected an exact number or a ball, got {value!r}")


def arccos_moments(theta: object, norm_x: object = 1, norm_y: object = 1
                   ) -> tuple[flint.arb, flint.arb]:
    """The closed forms (‖x‖‖y‖(sin θ + (π − θ) cos θ)/(2π), (π − θ)/(2π)) as balls at the
    current precision; θ, norms exact numbers or balls."""
    t, rx, ry = _ball(theta), _ball(norm_x), _ball(norm_y)
    two_pi = 2 * flint.arb.pi()
    return (rx * ry * (t.sin() + (flint.arb.pi() - t) * t.cos()) / two_pi,
            (flint.arb.pi() - t) / two_pi)


def gaussian_relu_moments(theta: object, norm_x: object = 1, norm_y: object = 1, *,
                          prec: int = 128) -> tuple[flint.arb, flint.arb]:
    """Balls containing E[ρ(wᵀx)ρ(wᵀy)] and E[1{wᵀx > 0}1{wᵀy > 0}] for w ~ N(0, I), ρ = ReLU,
    ‖x‖ = norm_x, ‖y‖ = norm_y and ∠(x, y) = θ, by rigorous quadrature (arb's
    ``acb_calc_integrate`` through python-flint, ``prec`` bits).

    Only the projection of w on span{x, y} matters and it is N(0, I_2); in polar coordinates
    w = r(cos φ, sin φ) with x = ‖x‖(1, 0), y = ‖y‖(cos θ, sin θ), positive homogeneity gives
    E[ρρ] = ‖x‖‖y‖ E[r²]/(2π) ∫ ρ(cos φ)ρ(cos(φ − θ)) dφ with E[r²] = 2, and E[1·1] =
    1/(2π) ∫ 1{cos φ > 0}1{cos(φ − θ) > 0} dφ, both over φ ∈ [−π, π] (substituted φ = πt,
    t ∈ [−1, 1], so the endpoints are exact). The kinks and jumps are handled by arb's
    non-analytic ``real_max``/``real_heaviside`` with the ``analytic`` flag (bisection there).
    """
    with workprec(prec):
        t0, rx, ry = _ball(theta), _ball(norm_x), _ball(norm_y)
        pi = flint.arb.pi()
        zero = flint.acb(0)  # real_max needs an acb (an int argument crashes python-flint)

        def relu_product(t: flint.acb, analytic: bool) -> flint.acb:
            a = (pi * t).cos().real_max(zero, analytic=analytic)
            b = (pi * t - t0).cos().real_max(zero, analytic=analytic)
            return a * b

        def step_product(t: flint.acb, analytic: bool) -> flint.acb:
            a = (pi * t).cos().real_heaviside(analytic=analytic)
            b = (pi * t - t0).cos().real_heaviside(analytic=analytic)
            return a * b

        # dφ = π dt: E[ρρ] = ‖x‖‖y‖ (2/(2π)) π ∫ dt and E[1·1] = (1/(2π)) π ∫ dt.
        relu = flint.acb.integral(relu_product, -1, 1).real
        step = flint.acb.integral(step_product, -1, 1).real
        return rx * ry * relu, step / 2


# --------------------------------------------------------------------------------------------
# Linearized training: exact kernel regression and gradient descent in balls
# --------------------------------------------------------------------------------------------


def fmpq_matrix(values: Tensor | Sequence[Sequence[object]]) -> flint.fmpq_mat:
    """An exact rational matrix: floats (a float tensor's entries are dyadic rationals),
    ints and Fractions are taken exactly."""
    rows = values.detach().cpu().tolist() if isinstance(values, Tensor) else values
    if rows and not isinstance(rows[0], (list, tuple)):
        rows = [[v] for v in rows]
    return flint.fmpq_mat([[to_fmpq(v) for v in row] for row in rows])


def gradient_descent_arb(a: flint.fmpq_mat, b: flint.fmpq_mat, eta: object, steps: int, *,
                         start: flint.fmpq_mat | None = None, target_bits: int = 64,
                         max_prec: int = 1 << 16) -> flint.arb_mat:
    """Balls around the iterate θ_K of gradient descent θ ← θ − η Aᵀ(Aθ − b) on the loss
    ½‖Aθ − b‖² after K = ``steps`` steps from ``start`` (default 0), all data exact.

    Ball arithmetic overestimates (the radius may grow by a factor 1 + η‖A‖_F² per step even
    where the iteration contracts), so the working precision starts at ``steps`` + 2·target
    bits and doubles until every radius is below 2^(−target_bits)·max(1, |midpoint|).
    """
    p = a.ncols()
    step = _ball(eta if isinstance(eta, flint.arb) else as_fraction(eta))
    prec = steps + 2 * target_bits
    while True:
        with workprec(prec):
            am = flint.arb_mat(a)
            at = am.transpose()
            bm = flint.arb_mat(b)
            theta = flint.arb_mat(start) if start is not None else flint.arb_mat(p, 1)
            for _ in range(steps):
                theta = theta - (at * (am * theta - bm)) * step
            if _tight(theta, target_bits) or prec >= max_prec:
                return theta
        prec *= 2


def _tight(matrix: flint.arb_mat, bits: int) -> bool:
    for i in range(matrix.nrows()):
        for j in range(matrix.ncols()):
            entry = matrix[i, j]
            if not entry.is_finite():
                return False
            scale = max(1.0, abs(float(entry.mid())))
            if float(entry.rad()) > scale * 2.0**-bits:
                return False
    return True
