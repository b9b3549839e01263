"""Spectral ingredients of the spectrally-normalized margin bound (Bartlett, Foster, Telgarsky,
NeurIPS 2017, Thm 1.1) for bias-free ReLU networks x ↦ A_L ρ(... ρ(A_1 x)): the spectral
complexity's sum S = Σ_i (‖A_iᵀ‖_{2,1}/‖A_i‖_σ)^(2/3), Π‖A_i‖_σ and Σ‖A_i‖_σ in arb balls, and
the Jacobian's spectral norm (a lower estimate of the Lipschitz constant) in floats on any
device and exactly at a rational point.

‖A‖_σ is enclosed by :func:`verify.arith.matrices.spectral_norm_squared`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import flint
import numpy as np
import torch

from verify.arith.convert import arb_bounds
from verify.arith.matrices import spectral_norm_squared
from verify.core.measurement import Ball, Exact

__all__ = [
    "Matrix", "dyadic_point", "exact_jacobian_norm", "jacobian_norms", "layer_ratio",
    "probe_points", "spectral_norm_squared", "spectral_quantities", "tensors",
]

F = Fraction
Matrix = tuple[tuple[Fraction, ...], ...]

_PREC = 128


def _row_norms(matrix: Sequence[Sequence[Fraction]]) -> list[Fraction]:
    return [sum((F(v) ** 2 for v in row), F(0)) for row in matrix]


def layer_ratio(matrix: Sequence[Sequence[Fraction]], spectral: flint.arb) -> Any:
    """‖Aᵀ‖_{2,1}/‖A‖_σ (the sum of the row norms over the spectral norm): exactly 1 when A has
    one nonzero row, else a ball (> 1)."""
    rows = [r for r in _row_norms(matrix) if r]
    if len(rows) == 1:
        return F(1)
    old = flint.ctx.prec
    flint.ctx.prec = _PREC
    try:
        total = sum((flint.arb(flint.fmpq(r.numerator, r.denominator)).sqrt() for r in rows),
                    flint.arb(0))
        return total / spectral
    finally:
        flint.ctx.prec = old


def spectral_quantities(layers: Sequence[Matrix]) -> dict[str, Any]:
    """S = Σ_i (‖A_iᵀ‖_{2,1}/‖A_i‖_σ)^(2/3) (so R_A = Π‖A_i‖_σ · S^(3/2), reference matrices 0,
    ρ_i = 1), Π‖A_i‖_σ and Σ‖A_i‖_σ, rigorously."""
    old = flint.ctx.prec
    flint.ctx.prec = _PREC
    try:
        norms = [spectral_norm_squared(a).sqrt() for a in layers]
        ratios = [layer_ratio(a, s) for a, s in zip(layers, norms, strict=True)]
        if all(isinstance(r, Fraction) for r in ratios):
            total: Any = Exact(len(layers))
        else:
            ball = flint.arb(0)
            for r in ratios:
                ball += (flint.arb(1) if isinstance(r, Fraction)
                         else r ** flint.arb(flint.fmpq(2, 3)))
            total = Ball(ball)
        prod, acc = flint.arb(1), flint.arb(0)
        for s in norms:
            prod *= s
            acc += s
        return {"spectral_sum": total, "spec_prod": Ball(prod), "spec_sum": Ball(acc)}
    finally:
        flint.ctx.prec = old


def tensors(layers: Sequence[Matrix], device: Any, dtype: torch.dtype) -> list[torch.Tensor]:
    """The layers as float tensors on ``device``."""
    return [torch.tensor([[float(v) for v in row] for row in a], dtype=dtype, device=device)
            for a in layers]


def jacobian_norms(weights: Sequence[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """‖J(x)‖_σ of the bias-free ReLU network x ↦ A_L ρ(... ρ(A_1 x)) at every row of x,
    J = A_L D_{L−1} A_{L−1} ... D_1 A_1 with D_i the activation pattern."""
    h = x
    jac = weights[0].unsqueeze(0).expand(x.shape[0], -1, -1)
    for index, w in enumerate(weights[1:]):
        z = h @ weights[index].T
        active = (z > 0).to(x.dtype)
        h = z * active
        jac = torch.matmul(w, active.unsqueeze(-1) * jac)
    return torch.linalg.matrix_norm(jac, ord=2)


def probe_points(layers: Sequence[Matrix], extra: Any, count: int, seed: int,
                 dtype: torch.dtype) -> torch.Tensor:
    """Gaussian points, ± the top right singular vectors of A_1 and of A_L ... A_1, and the
    instance's own inputs."""
    dim = len(layers[0][0])
    gen = torch.Generator().manual_seed(seed)
    points = [torch.randn((count, dim), generator=gen, dtype=torch.float64)]
    matrices = tensors(layers, "cpu", torch.float64)
    product = matrices[0]
    tops = [torch.linalg.svd(product)[2][0]]
    for a in matrices[1:]:
        product = a @ product
        tops.append(torch.linalg.svd(product)[2][0])
    points.extend(torch.stack([top, -top]) for top in tops)
    if extra is not None and len(extra):
        points.append(torch.tensor(np.asarray(extra, dtype=np.float64)))
    return torch.cat(points).to(dtype)


def dyadic_point(values: Sequence[float], bits: int = 20) -> list[Fraction]:
    """The values rounded to multiples of 2^(−bits), as Fractions."""
    return [F(round(v * 2**bits), 2**bits) for v in values]


def exact_jacobian_norm(layers: Sequence[Matrix], point: Sequence[Fraction]) -> Any:
    """A certified lower bound on ‖J(x)‖_σ at a rational x where the network is linear nearby
    (no pre-activation vanishes there unless it vanishes identically near x), so it bounds the
    Lipschitz constant from below; 0 at a kink."""
    h = list(point)
    dim = len(point)
    grad = [[F(int(r == c)) for c in range(dim)] for r in range(dim)]  # ∂h/∂x
    jac: list[list[Fraction]] = []
    for index, w in enumerate(layers):
        z = [sum((a * b for a, b in zip(row, h, strict=True)), F(0)) for row in w]
        jac = [[sum((row[k] * grad[k][c] for k in range(len(grad))), F(0)) for c in range(dim)]
               for row in w]
        if index == len(layers) - 1:
            break
        if any(v == 0 and any(g) for v, g in zip(z, jac, strict=True)):
            return Exact(0)
        h = [v if v > 0 else F(0) for v in z]
        grad = [g if v > 0 else [F(0)] * dim for v, g in zip(z, jac, strict=True)]
    if not any(v for row in jac for v in row):
        return Exact(0)
    old = flint.ctx.prec
    flint.ctx.prec = _PREC
    try:
        low, _ = arb_bounds(spectral_norm_squared(jac).sqrt())
    finally:
        flint.ctx.prec = old
    # A lower bound 2^−40 (relative) below the enclosure: exact equality with Π‖A_i‖_σ (L = 1,
    # aligned layers) is then decided as "holds" (the judge rounds a rational to a 53-bit ball),
    # and any larger violation is still confirmed.
    return Exact(max(low * (1 - F(1, 2**40)), F(0)))
