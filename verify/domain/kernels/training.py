"""Training dynamics of two-layer networks: the Du et al. (2019) setting and lazy training.

* Du, Zhai, Póczos, Singh (2019), "Gradient descent provably optimizes over-parameterized neural
  networks", Thm 4.1: f(x) = (1/√m) Σ_r a_r ρ(w_rᵀx), a_r ∈ {±1} fixed, w_r(0) ~ N(0, I),
  ‖x_i‖ = 1; H^∞_ij = x_iᵀx_j (π − arccos x_iᵀx_j)/(2π); ‖y − u(k)‖² ≤ (1 − ηλ_0/2)^k ‖y − u(0)‖².
  Here: exact rational unit inputs, H^∞ in arb balls (closed form and rigorous quadrature), a
  certified enclosure of λ_0 = λ_min(H^∞), batched gradient descent on ``device`` and the
  infinite-width (linear) dynamics r ← (I − ηH^∞) r in arb.
* Chizat, Oyallon, Bach (2019), "On lazy training in differentiable programming", Thm 2.2: the
  α-scaled model α(h(w) − h(w_0)) trained by gradient flow on R(αh)/α² and its linearization
  stay O(1/α) apart on a finite horizon. Here: a two-layer tanh network with symmetrized
  initialization (h(w_0) = 0), both flows by small-step Euler, batched over α.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import flint
import numpy as np
import torch
from torch import Tensor

from verify.arith.convert import fraction_to_arb
from verify.arith.matrices import positive_definite
from verify.arith.precision import workprec
from verify.arith.types import RationalVector
from verify.domain.kernels.ntk import fmpq_matrix

# --------------------------------------------------------------------------------------------
# Inputs and the Gram matrix H^∞
# --------------------------------------------------------------------------------------------

Point = RationalVector


def rational_unit_vector(p: Sequence[Fraction]) -> Point:
    """The inverse stereographic projection of p ∈ Q^(d−1): a unit vector of Q^d, exactly."""
    s = sum((q * q for q in p), Fraction(0))
    return tuple(2 * q / (s + 1) for q in p) + ((s - 1) / (s + 1),)


def random_unit_inputs(count: int, dim: int, rng: np.random.Generator, denominator: int = 8
                       ) -> tuple[Point, ...]:
    """``count`` exact unit vectors of Q^dim from random p ∈ (Z/denominator)^(dim−1), |p_i| ≤ 2."""
    points = []
    for _ in range(count):
        p = [Fraction(int(k), denominator) for k in rng.integers(-2 * denominator,
                                                                 2 * denominator + 1, dim - 1)]
        points.append(rational_unit_vector(p))
    return tuple(points)


def inner(x: Point, y: Point) -> Fraction:
    return sum((a * b for a, b in zip(x, y, strict=True)), Fraction(0))


def parallel_pairs(inputs: Sequence[Point]) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of parallel unit inputs (x_iᵀx_j = ±1), decided exactly."""
    return [(i, j) for i in range(len(inputs)) for j in range(i + 1, len(inputs))
            if abs(inner(inputs[i], inputs[j])) == 1]


def gram_entry_closed(c: Fraction) -> flint.arb:
    """c (π − arccos c)/(2π) as a ball (c = x_iᵀx_j exact)."""
    pi = flint.arb.pi()
    return fraction_to_arb(c) * (pi - fraction_to_arb(c).acos()) / (2 * pi)


def gram_entry_quadrature(c: Fraction) -> flint.arb:
    """A ball containing E_{w~N(0,I)}[c · 1{wᵀx ≥ 0, wᵀx' ≥ 0}] for xᵀx' = c, by rigorous
    quadrature (arb's acb_calc_integrate): only w's projection on span{x, x'} matters, it is
    N(0, I_2), and in polar coordinates the probability is (1/2π) ∫_{−π}^{π} 1{cos φ ≥ 0}
    1{cos(φ − θ) ≥ 0} dφ, θ = arccos c (the radius integrates to 1). Substituted φ = πt."""
    pi = flint.arb.pi()
    theta = fraction_to_arb(c).acos()

    def integrand(t: flint.acb, analytic: bool) -> flint.acb:
        a = (pi * t).cos().real_heaviside(analytic=analytic)
        b = (pi * t - theta).cos().real_heaviside(analytic=analytic)
        return a * b

    return fraction_to_arb(c) * flint.acb.integral(integrand, -1, 1).real / 2


def gram_infinity_arb(inputs: Sequence[Point]) -> flint.arb_mat:
    """H^∞ in balls at the current precision (closed form)."""
    n = len(inputs)
    return flint.arb_mat([[gram_entry_closed(inner(inputs[i], inputs[j])) for j in range(n)]
                          for i in range(n)])


def gram_infinity(x: Tensor) -> Tensor:
    """H^∞ of unit inputs x [n, d] in floating point (x's dtype and device)."""
    c = (x @ x.T).clamp(-1.0, 1.0)
    return c * (math.pi - torch.arccos(c)) / (2 * math.pi)


def closed_form_gap(inputs: Sequence[Point], prec: int = 128) -> flint.arb:
    """max_(i≤j) |quadrature − closed form| over the entries of H^∞, as a ball."""
    with workprec(prec):
        gap = flint.arb(0)
        for i in range(len(inputs)):
            for j in range(i, len(inputs)):
                c = inner(inputs[i], inputs[j])
                diff = abs(gram_entry_quadrature(c) - gram_entry_closed(c))
                gap = diff if j == i == 0 else gap.max(diff)
        return gap


def lambda_min_enclosure(inputs: Sequence[Point], prec: int = 256) -> flint.arb | Fraction:
    """λ_0 = λ_min(H^∞): ``Fraction(0)`` when two inputs coincide (two equal rows; H^∞ ⪰ 0 is a
    Gram matrix of features), otherwise a ball [μ, ν] with ν a Rayleigh quotient of the float
    bottom eigenvector (an upper bound) and μ = ν − 10^(−20)·ν rational, certified a lower bound
    by H^∞ − μI ≻ 0 in balls (μ halved towards 0 until certified)."""
    n = len(inputs)
    if any(inputs[i] == inputs[j] for i in range(n) for j in range(i + 1, n)):
        return Fraction(0)
    with workprec(prec):
        h = gram_infinity_arb(inputs)
        values, vectors = np.linalg.eigh(np.array([[float(h[i, j].mid()) for j in range(n)]
                                                   for i in range(n)]))
        v = flint.arb_mat([[float(t)] for t in vectors[:, 0]])
        upper = (v.transpose() * h * v)[0, 0] / (v.transpose() * v)[0, 0]
        gap = Fraction(max(float(values[0]), 1e-300) * 1e-20)
        mu = Fraction(float(upper.mid())) - gap
        for _ in range(200):
            if mu <= 0:
                break
            shifted = h - flint.arb_mat([[fraction_to_arb(mu) if i == j else 0 for j in range(n)]
                                         for i in range(n)])
            if positive_definite(shifted):
                return flint.arb.union(fraction_to_arb(mu), upper)
            gap *= 1024
            mu = Fraction(float(upper.mid())) - gap
        return flint.arb.union(flint.arb(0), upper)


def bottom_eigenvector(inputs: Sequence[Point]) -> list[float]:
    """The float64 eigenvector of H^∞'s smallest eigenvalue (dyadic: exact as a start)."""
    h = gram_infinity(torch.tensor([[float(v) for v in p] for p in inputs],
                                   dtype=torch.float64))
    return torch.linalg.eigh(h)[1][:, 0].tolist()


def limit_dynamics_ratio(inputs: Sequence[Point], eta: Fraction, lam: flint.arb,
                         factor: Fraction, start: Sequence[float], steps: int,
                         prec: int = 256) -> flint.arb:
    """max over k ∈ {1, …, 64} ∪ {2^j ≤ steps} of ‖r(k)‖² / ((1 − factor·η·λ)^k ‖r(0)‖²) for the
    infinite-width dynamics r(k+1) = (I − ηH^∞) r(k), r(0) = ``start`` (exact dyadics), in
    balls; λ is a ball containing λ_0. Powers 2^j come from repeated squaring of I − ηH^∞."""
    with workprec(prec):
        n = len(inputs)
        h = gram_infinity_arb(inputs)
        identity = flint.arb_mat([[1 if i == j else 0 for j in range(n)] for i in range(n)])
        step = identity - h * fraction_to_arb(eta)
        r0 = flint.arb_mat(fmpq_matrix([[v] for v in start]))
        norm0 = (r0.transpose() * r0)[0, 0]
        rate = 1 - fraction_to_arb(factor) * fraction_to_arb(eta) * lam
        worst = None
        r = r0
        for k in range(1, min(64, steps) + 1):
            r = step * r
            ratio = (r.transpose() * r)[0, 0] / (rate**k * norm0)
            worst = ratio if worst is None else worst.max(ratio)
        power, k = step, 1
        while 2 * k <= steps:
            power, k = power * power, 2 * k
            if k > 64:
                r = power * r0
                ratio = (r.transpose() * r)[0, 0] / (rate**k * norm0)
                worst = ratio if worst is None else worst.max(ratio)
        assert worst is not None
        return worst


# --------------------------------------------------------------------------------------------
# Gradient descent in the Du et al. setting
# --------------------------------------------------------------------------------------------


def du_residuals(x: Tensor, y: Tensor, width: int, runs: int, eta: float, steps: int, *,
                 generator: torch.Generator, device: str | torch.device = "cpu",
                 dtype: torch.dtype = torch.float64) -> Tensor:
    """‖y − u(k)‖² for k = 0..steps, shape [runs, steps + 1]: ``runs`` independent networks
    f(x) = (1/√m) Σ_r a_r relu(w_rᵀx), w_r(0) ~ N(0, I), a_r uniform on {±1} (fixed), trained
    by gradient descent W ← W − η ∂L/∂W on L = ½ Σ_i (f(x_i) − y_i)², all runs batched.
    Draws on the CPU from ``generator`` then moves (a seed gives the same runs everywhere)."""
    n, d = x.shape
    w = torch.randn(runs, width, d, generator=generator, dtype=torch.float64)
    a = torch.randint(0, 2, (runs, width), generator=generator).to(torch.float64) * 2 - 1
    w, a = w.to(device=device, dtype=dtype), a.to(device=device, dtype=dtype)
    xs, ys = x.to(device=device, dtype=dtype), y.to(device=device, dtype=dtype)
    scale = 1.0 / math.sqrt(width)
    out = torch.empty(runs, steps + 1, dtype=dtype, device=device)
    for k in range(steps + 1):
        z = torch.einsum("rmd,nd->rnm", w, xs)  # [runs, n, m]
        u = scale * torch.einsum("rnm,rm->rn", torch.relu(z), a)
        residual = u - ys  # [runs, n]
        out[:, k] = (residual * residual).sum(dim=1)
        if k == steps:
            break
        # ∂L/∂w_r = (1/√m) a_r Σ_i (u_i − y_i) 1{w_rᵀx_i ≥ 0} x_i (Du et al., eq. (3)).
        gate = (z >= 0).to(dtype) * residual.unsqueeze(-1)  # [runs, n, m]
        grad = scale * a.unsqueeze(-1) * torch.einsum("rnm,nd->rmd", gate, xs)
        w = w - eta * grad
    return out


def trajectory_violations(residuals: Tensor, eta: float, lam: float, factor: float,
                          rtol: float = 1e-12) -> Tensor:
    """Per run: whether ‖y − u(k)‖² > (1 − factor·η·λ)^k ‖y − u(0)‖² (1 + rtol) at some k."""
    k = torch.arange(residuals.shape[1], dtype=residuals.dtype, device=residuals.device)
    bound = (1 - factor * eta * lam) ** k * residuals[:, :1] * (1 + rtol)
    return (residuals > bound).any(dim=1)


def du_required_width(n: int, lam: float, delta: float) -> float:
    """n⁶/(λ_0⁴ δ³): Thm 4.1's width requirement with its unspecified constant set to 1."""
    return n**6 / (lam**4 * delta**3)


# --------------------------------------------------------------------------------------------
# Lazy training: the α-scaled model and its linearization
# --------------------------------------------------------------------------------------------


class TanhPair:
    """A two-layer network h(w)(x) = (1/√m) Σ_j b_j tanh(a_jᵀx), a_j ~ N(0, I), b_j ~ N(0, 1).

    ``symmetrized=True``: neurons j and j + m/2 share a_j and have opposite b_j, so h(w_0) = 0
    (Chizat et al. §2, the "doubling trick"). That init also makes h(w_0 + v) odd along the
    flows (the second-order term of h at w_0 cancels pairwise), so the deviation from the
    linearization is then O(1/α²), not O(1/α); the centered model α(h(w) − h(w_0)) with a
    plain init is the generic case."""

    def __init__(self, dim: int, width: int, generator: torch.Generator,
                 dtype: torch.dtype = torch.float64, symmetrized: bool = False) -> None:
        if symmetrized and width % 2:
            raise ValueError("a symmetrized network needs an even width")
        half = width // 2 if symmetrized else width
        a = torch.randn(half, dim, generator=generator, dtype=torch.float64)
        b = torch.randn(half, generator=generator, dtype=torch.float64)
        self.a0 = (torch.cat([a, a]) if symmetrized else a).to(dtype)
        self.b0 = (torch.cat([b, -b]) if symmetrized else b).to(dtype)
        self.width = width

    def to(self, device: str | torch.device) -> TanhPair:
        self.a0, self.b0 = self.a0.to(device), self.b0.to(device)
        return self

    def outputs(self, a: Tensor, b: Tensor, x: Tensor) -> tuple[Tensor, Tensor]:
        """(h [..., n], tanh(aᵀx) [..., n, m]) for batched parameters a [..., m, d], b [..., m]."""
        s = torch.tanh(torch.einsum("...md,nd->...nm", a, x))
        return torch.einsum("...nm,...m->...n", s, b) / math.sqrt(self.width), s

    def gradient(self, a: Tensor, b: Tensor, x: Tensor, g: Tensor) -> tuple[Tensor, Tensor]:
        """Dh(w)ᵀ g for output cotangents g [..., n]: (∂/∂a [..., m, d], ∂/∂b [..., m])."""
        _, s = self.outputs(a, b, x)
        gb = torch.einsum("...nm,...n->...m", s, g) / math.sqrt(self.width)
        ga = torch.einsum("...nm,...n,nd->...md", (1 - s * s), g, x)
        return ga * b.unsqueeze(-1) / math.sqrt(self.width), gb


def tangent_outputs(net: TanhPair, x: Tensor, da: Tensor, db: Tensor) -> Tensor:
    """Dh(w_0)[(da, db)] [n]: the linearization's output change, forward mode,
    (1/√m) Σ_j (db_j tanh(a_jᵀx) + b_j (1 − tanh²(a_jᵀx)) da_jᵀx)."""
    s0 = torch.tanh(x @ net.a0.T)  # [n, m]
    return ((s0 * db).sum(-1) + ((1 - s0 * s0) * (x @ da.T) * net.b0).sum(-1)) \
        / math.sqrt(net.width)


def lazy_deviation(net: TanhPair, x: Tensor, y: Tensor, alphas: Sequence[float], horizon: float,
                   dt: float) -> tuple[Tensor, Tensor]:
    """sup_(t ≤ T) ‖α(h(w_α(t)) − h(w_0)) − αh̄(w̄_α(t))‖₂ and sup_t ‖w_α(t) − w_0‖ for every α.

    Both flows minimize F_α(w) = R(α(h(w) − h(w_0)))/α², R(f) = ‖f − y‖²/(2n), by explicit Euler
    steps of size dt up to T = horizon; h̄(w) = h(w_0) + Dh(w_0)(w − w_0). In the coordinates
    u = α(w − w_0) the linearized flow is du/dt = −Jᵀ∇R(Ju), the same for every α (computed
    once), and the scaled flow is du/dt = −Dh(w_0 + u/α)ᵀ ∇R(α(h(w_0 + u/α) − h(w_0))).
    """
    n = x.shape[0]
    scale = torch.tensor(list(alphas), dtype=x.dtype, device=x.device)
    count = len(alphas)
    a0 = net.a0.expand(count, *net.a0.shape)
    b0 = net.b0.expand(count, *net.b0.shape)
    h0, _ = net.outputs(net.a0, net.b0, x)
    ua, ub = torch.zeros_like(a0), torch.zeros_like(b0)  # u = α(w − w_0), scaled flow
    la, lb = torch.zeros_like(net.a0), torch.zeros_like(net.b0)  # u of the linearized flow
    lin_out = torch.zeros_like(h0)
    deviation = torch.zeros(count, dtype=x.dtype, device=x.device)
    drift = torch.zeros(count, dtype=x.dtype, device=x.device)
    steps = round(horizon / dt)
    for k in range(steps + 1):
        a = a0 + ua / scale[:, None, None]
        b = b0 + ub / scale[:, None]
        h, _ = net.outputs(a, b, x)
        scaled_out = scale[:, None] * (h - h0)
        lin_out = tangent_outputs(net, x, la, lb)
        gap = (scaled_out - lin_out).norm(dim=-1)
        deviation = torch.maximum(deviation, gap)
        moved = torch.sqrt((ua * ua).sum((-1, -2)) + (ub * ub).sum(-1)) / scale
        drift = torch.maximum(drift, moved)
        if k == steps:
            break
        ga, gb = net.gradient(a, b, x, (scaled_out - y) / n)
        la_g, lb_g = net.gradient(net.a0, net.b0, x, (lin_out - y) / n)
        ua, ub = ua - dt * ga, ub - dt * gb
        la, lb = la - dt * la_g, lb - dt * lb_g
    return deviation, drift


__all__ = [
    "TanhPair", "bottom_eigenvector", "closed_form_gap",
    "du_required_width", "du_residuals", "gram_entry_closed", "gram_entry_quadrature",
    "gram_infinity", "gram_infinity_arb", "lambda_min_enclosure", "lazy_deviation",
    "limit_dynamics_ratio", "parallel_pairs", "random_unit_inputs", "rational_unit_vector",
    "tangent_outputs", "trajectory_violations",
]
