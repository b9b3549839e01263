"""The parameter-Lipschitz constant of the realization map θ ↦ Φ(·, θ) of fully connected networks.

Setting (SOURCES T5c, derived there): L affine layers of widths N_0, …, N_L, all ≤ N; every
weight and bias in [−B, B] (B ≥ 1); inputs ‖x‖_∞ ≤ D_x (D_x ≥ 1); ρ 1-Lipschitz with ρ(0) = 0.
Writing F_ℓ for a bound on the post-activations of layer ℓ and η = ‖θ − θ'‖_∞,

    F_0 = D_x,  F_ℓ = N_{ℓ−1} B F_{ℓ−1} + B ≤ ((N+1)B)^ℓ D_x,
    Δ_0 = 0,    Δ_ℓ = N_{ℓ−1} B Δ_{ℓ−1} + (N_{ℓ−1} F_{ℓ−1} + 1) η
                    ≤ N B Δ_{ℓ−1} + (N+1)((N+1)B)^{ℓ−1} D_x η,

from z_ℓ − z'_ℓ = W'_ℓ (h_{ℓ−1} − h'_{ℓ−1}) + (W_ℓ − W'_ℓ) h_{ℓ−1} + (b_ℓ − b'_ℓ), so that
sup_x |Φ(x, θ) − Φ(x, θ')| ≤ Δ_L ≤ L (N+1)^L B^{L−1} D_x η.

This module computes both constants exactly, builds the adversarial pairs (θ at the bound,
θ' = θ − δ) as torch ensembles, searches the sup over x in floats on any device, and evaluates
the gap rigorously (exact rationals for piecewise-affine ρ, arb balls otherwise); for one input
and piecewise-affine ρ the sup over the interval is computed exactly from the breakpoints.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction
from itertools import pairwise

import flint
import sympy
import torch
from torch import Tensor

from verify.arith.convert import as_fraction, to_sympy
from verify.arith.precision import workprec
from verify.device import resolve_device
from verify.domain.networks.ensembles import Activation, Ensemble, activation
from verify.domain.networks.exact import PiecewiseAffine, realize_1d

__all__ = [
    "LayerwiseLipschitz",
    "closed_form_constant",
    "covering_number_bound",
    "exact_sup_gap_1d",
    "extreme_pair",
    "forward_bounds",
    "gap_at",
    "layerwise_constant",
    "parameter_distance",
    "parameters_within",
    "perturbed_pair",
    "search_sup_gap",
    "sup_abs_piecewise",
]


# --------------------------------------------------------------------------------------------
# The constants
# --------------------------------------------------------------------------------------------


def closed_form_constant(depth: int, width: int, bound: object, radius: object) -> Fraction:
    """L (N+1)^L B^(L−1) D_x, exactly (SOURCES T5c)."""
    b, d = as_fraction(bound), as_fraction(radius)
    return depth * Fraction(width + 1) ** depth * b ** (depth - 1) * d


def forward_bounds(widths: Sequence[int], bound: object, radius: object) -> list[Fraction]:
    """F_0, …, F_{L−1}: F_0 = D_x, F_ℓ = N_{ℓ−1} B F_{ℓ−1} + B bounds ‖h_ℓ‖_∞ (|ρ(z)| ≤ |z|)."""
    b = as_fraction(bound)
    out = [as_fraction(radius)]
    for n_in in widths[:-2]:
        out.append(n_in * b * out[-1] + b)
    return out


def layerwise_constant(widths: Sequence[int], bound: object, radius: object) -> Fraction:
    """Δ_L / η from the layerwise recursion with the actual widths ``(N_0, …, N_L)``:
    Δ_ℓ = N_{ℓ−1} B Δ_{ℓ−1} + N_{ℓ−1} F_{ℓ−1} + 1 (per unit of η), Δ_0 = 0."""
    b = as_fraction(bound)
    forward = forward_bounds(widths, bound, radius)
    delta = Fraction(0)
    for n_in, f in zip(widths[:-1], forward, strict=True):
        delta = n_in * b * delta + n_in * f + 1
    return delta


class LayerwiseLipschitz(sympy.Function):
    """The layerwise constant Δ_L/η as a sympy function of (widths, B, D_x); it evaluates to an
    exact rational once its arguments are numbers (a tuple of widths and two rationals)."""

    nargs = 3

    @classmethod
    def eval(cls, widths, bound, radius):  # type: ignore[override]
        if (isinstance(widths, sympy.Tuple) and all(w.is_Integer for w in widths)
                and bound.is_Rational and radius.is_Rational):
            value = layerwise_constant([int(w) for w in widths], as_fraction(bound),
                                       as_fraction(radius))
            return to_sympy(value)
        return None

    def _latex(self, printer):  # noqa: ANN001
        args = ", ".join(printer._print(a) for a in self.args)
        return rf"\operatorname{{Lip}}_{{\mathrm{{layerwise}}}}\left({args}\right)"


def covering_number_bound(parameters: int, bound: object, lipschitz: object,
                          epsilon: object) -> int:
    """⌈B·Lip/ε⌉^P: a grid of mesh 2ε/Lip on [−B, B]^P is an ε-net of the network class in the
    sup norm, since moving every parameter by ≤ ε/Lip moves Φ by ≤ ε."""
    ratio = as_fraction(bound) * as_fraction(lipschitz) / as_fraction(epsilon)
    return math.ceil(ratio) ** parameters


# --------------------------------------------------------------------------------------------
# Parameters of ensembles
# --------------------------------------------------------------------------------------------


def _flat(ens: Ensemble, i: int) -> Tensor:
    return torch.cat([t[i].reshape(-1) for pair in zip(ens.weights, ens.biases, strict=True)
                      for t in pair]).detach().to("cpu", torch.float64)


def parameter_distance(ens: Ensemble, i: int = 0, j: int = 1) -> Fraction:
    """‖θ_i − θ_j‖_∞ exactly (float parameters are dyadic rationals)."""
    a, b = _flat(ens, i).tolist(), _flat(ens, j).tolist()
    return max((abs(Fraction(u) - Fraction(v)) for u, v in zip(a, b, strict=True)),
               default=Fraction(0))


def parameters_within(ens: Ensemble, bound: object) -> bool:
    """Whether every weight and bias of every member lies in [−B, B] (decided exactly)."""
    b = as_fraction(bound)
    return all(abs(Fraction(v)) <= b for i in range(ens.members) for v in _flat(ens, i).tolist())


def extreme_pair(widths: Sequence[int], bound: object, delta: object,
                 activation_: Activation | str = "relu", device: str | torch.device = "cpu",
                 dtype: torch.dtype = torch.float64) -> Ensemble:
    """Two networks: θ with every parameter equal to B, θ' with every parameter B − δ.

    With x = (D_x, …, D_x) and ReLU this reaches 30–60 % of L (N+1)^L B^(L−1) D_x
    (SOURCES T5c); random networks reach a few per cent at most.
    """
    b, d = float(as_fraction(bound)), float(as_fraction(delta))
    if Fraction(b) != as_fraction(bound) or Fraction(b - d) != as_fraction(bound) - as_fraction(
            delta):
        raise ValueError("B and B − δ must be exactly representable floats")
    target = resolve_device(device)
    weights, biases = [], []
    for n_in, n_out in pairwise(widths):
        w = torch.tensor([b, b - d], dtype=torch.float64).reshape(2, 1, 1).expand(2, n_out, n_in)
        weights.append(w.contiguous().to(target, dtype))
        biases.append(torch.tensor([b, b - d], dtype=torch.float64).reshape(2, 1)
                      .expand(2, n_out).contiguous().to(target, dtype))
    return Ensemble(weights, biases, activation(activation_))


def perturbed_pair(theta: Ensemble, delta: object, mode: str = "shrink", bound: object = None,
                   generator: torch.Generator | None = None) -> Ensemble:
    """Member 0 of ``theta`` and a perturbation θ' of it, as a two-member ensemble.

    ``mode="shrink"``: θ' = θ − δ·sgn(θ) (sgn 0 = 1), which stays in [−B, B] when δ ≤ B.
    ``mode="random"``: θ' = θ + δ·s with s ∈ {−1, 0, 1} drawn from ``generator``, clamped to
    [−B, B] (``bound`` required).
    """
    d = float(as_fraction(delta))
    weights, biases = [], []
    for w, b in zip(theta.weights, theta.biases, strict=True):
        pair = []
        for t in (w[0], b[0]):
            t = t.detach().to("cpu", torch.float64)
            if mode == "shrink":
                sign = torch.where(t >= 0, 1.0, -1.0).to(torch.float64)
                moved = t - d * sign
            elif mode == "random":
                if bound is None:
                    raise ValueError("mode 'random' needs the bound B to clamp to")
                steps = torch.randint(-1, 2, t.shape, generator=generator).to(torch.float64)
                limit = float(as_fraction(bound))
                moved = torch.clamp(t + d * steps, -limit, limit)
            else:
                raise ValueError(f"unknown mode {mode!r}; use 'shrink' or 'random'")
            pair.append(torch.stack([t, moved]))
        weights.append(pair[0])
        biases.append(pair[1])
    out = Ensemble(weights, biases, theta.activation)
    return out.to(theta.device, theta.dtype)


# --------------------------------------------------------------------------------------------
# The gap sup_x |Φ(x, θ) − Φ(x, θ')|
# --------------------------------------------------------------------------------------------


def sup_abs_piecewise(f: PiecewiseAffine) -> Fraction:
    """max |f| over the bounded domain of a piecewise-affine f: attained at a break or an end."""
    if not f.is_bounded:
        raise ValueError("the domain must be bounded")
    return max(max(abs(s * a + c), abs(s * b + c))  # type: ignore[operator]
               for a, b, s, c in f.pieces())


def exact_sup_gap_1d(pair: Ensemble, radius: object) -> Fraction:
    """sup over x ∈ [−D_x, D_x] of |Φ(x, θ_0) − Φ(x, θ_1)| for a one-input pair with a
    piecewise-affine activation, exactly (both realizations via :func:`realize_1d`)."""
    if pair.widths[0] != 1 or pair.widths[-1] != 1:
        raise ValueError(f"needs one input and one output, got widths {pair.widths}")
    d = as_fraction(radius)
    f = realize_1d(pair.to_exact(0), -d, d)
    g = realize_1d(pair.to_exact(1), -d, d)
    return sup_abs_piecewise(f - g)


def _corners(dim: int, radius: float, limit: int = 64) -> list[list[float]]:
    if 2**dim > limit:
        return []
    return [list(c) for c in itertools.product((-radius, radius), repeat=dim)]


def search_sup_gap(pair: Ensemble, radius: object, points: Sequence[Sequence[object]] = (),
                   generator: torch.Generator | None = None, samples: int = 64, steps: int = 24,
                   keep: int = 4) -> tuple[float, Tensor]:
    """A float lower estimate of sup_{‖x‖_∞ ≤ D_x} |Φ(x, θ_0) − Φ(x, θ_1)| on the pair's device.

    Candidates: ``points``, the corners of the box (up to 64), ``samples`` uniform points drawn
    from ``generator`` on the CPU; then projected sign-gradient ascent from all of them. Returns
    the best value and the ``keep`` best points (float64 on the CPU, inside the box exactly).
    """
    dim, r = pair.widths[0], float(as_fraction(radius))
    start = [[float(as_fraction(v)) for v in p] for p in points] + _corners(dim, r)
    noise = (torch.rand((samples, dim), generator=generator, dtype=torch.float64) * 2 - 1) * r
    x = torch.cat([torch.tensor(start, dtype=torch.float64).reshape(-1, dim), noise])
    x = x.to(pair.device, pair.dtype)
    found = [x.detach().clone()]
    step = r / 4
    for _ in range(steps):
        x = x.detach().requires_grad_(True)
        out = pair(x)[:, :, 0]
        gap = (out[0] - out[1]).abs().sum()
        (grad,) = torch.autograd.grad(gap, x)
        x = torch.clamp(x.detach() + step * torch.sign(grad), -r, r)
        found.append(x.clone())
        step *= 0.8
    candidates = torch.cat(found)
    with torch.no_grad():
        out = pair(candidates)[:, :, 0]
        gaps = (out[0] - out[1]).abs()
    order = torch.argsort(gaps, descending=True)[:keep]
    best = candidates[order].to("cpu", torch.float64)
    best = torch.clamp(best, -r, r)  # a float32 search point is dyadic; keep it in the box
    return float(gaps[order[0]]), best


def gap_at(pair: Ensemble, x: Sequence[object]) -> Fraction | flint.arb:
    """|Φ(x, θ_0) − Φ(x, θ_1)| rigorously: exact rationals for piecewise-affine activations
    (through :meth:`Ensemble.to_exact`), else an arb ball (:meth:`Ensemble.forward_arb`)."""
    point = [as_fraction(v) for v in x]
    if pair.activation.relu_terms is not None:
        return abs(pair.to_exact(0)(point)[0] - pair.to_exact(1)(point)[0])
    a = pair.forward_arb(0, point, prec=256)[0]
    b = pair.forward_arb(1, point, prec=256)[0]
    with workprec(256):
        return abs(a - b)
