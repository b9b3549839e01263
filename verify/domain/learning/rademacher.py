"""Rademacher complexities computed exactly (small samples) or estimated from below (networks).

The empirical Rademacher complexity of a class F on points z_1..z_m is
``Rad_S(F) = E_σ sup_{f∈F} (1/m) Σ_i σ_i f(z_i)`` with σ uniform on {±1}^m (Mohri,
Rostamizadeh, Talwalkar, *Foundations of Machine Learning*, Def. 3.1; Golowich, Rakhlin, Shamir
2018), and ``Rad_m(F) = E_S Rad_S(F)`` over i.i.d. samples S of size m. Here:

- finite classes of value vectors: ``Rad_S`` exactly in rationals, by enumerating all 2^m signs;
- finite classes of losses on a finite distribution: ``Rad_m`` exactly, by enumerating the counts
  of (cell, sign) pairs;
- balls of a Hilbert space (an RKHS ball, or linear predictors with ‖w‖₂ ≤ M): the sup is a dual
  norm, ``Rad_S = (r/m) E_σ sqrt(σᵀGσ)`` with G the Gram matrix, enclosed in arb balls
  (exact when σᵀGσ is constant);
- fully connected ReLU networks without biases and with Frobenius-norm constraints: a projected
  gradient ascent per sign vector (torch, on any device) gives a lower estimate, which
  :func:`certified_network_lower_bound` turns into an exact rational lower bound.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any

import flint
import numpy as np
import sympy
import torch
from torch import Tensor

from verify.arith.convert import as_fraction, to_sympy
from verify.arith.precision import workprec
from verify.arith.types import MatrixLike
from verify.core.measurement import Ball, Exact
from verify.domain.learning.finite import FiniteDistribution, LossMatrix

_INT64_SAFE = 2**62
MAX_SIGNS = 20
"""Enumerating 2^m sign vectors is refused beyond m = 20."""



# ---------------------------------------------------------------------------------------------
# Sign vectors and exact integer matrices
# ---------------------------------------------------------------------------------------------

def sign_vectors(m: int, half: bool = False) -> np.ndarray:
    """All σ ∈ {±1}^m as rows (2^m × m, int64), in binary order (row 0 is all +1).

    ``half=True`` keeps the 2^(m−1) rows with σ_1 = +1: enough for an expectation of a function
    that is even in σ (σ and −σ give the same value).
    """
    if not 1 <= m <= MAX_SIGNS:
        raise ValueError(f"sign vectors are enumerated for 1 <= m <= {MAX_SIGNS}, got m = {m}")
    rows = np.arange(2 ** (m - 1) if half else 2**m, dtype=np.int64)
    bits = (rows[:, None] >> np.arange(m - 1, -1, -1, dtype=np.int64)) & 1
    return 1 - 2 * bits


def _integer_matrix(rows: MatrixLike) -> tuple[np.ndarray, int]:
    """(N, d): integers N over one common denominator d, int64 when safe, else Python ints."""
    values = [[as_fraction(v) for v in row] for row in rows]
    den = math.lcm(*(v.denominator for row in values for v in row)) if values else 1
    ints = [[int(v * den) for v in row] for row in values]
    peak = max((abs(v) for row in ints for v in row), default=0)
    return np.array(ints, dtype=object if peak > _INT64_SAFE else np.int64), den


def _safe(arrays: Sequence[np.ndarray], peak: int) -> list[np.ndarray]:
    """The arrays as int64 when every intermediate stays below ``peak`` < 2^62, else objects."""
    if peak < _INT64_SAFE and all(a.dtype != object for a in arrays):
        return [a.astype(np.int64) for a in arrays]
    return [a.astype(object) for a in arrays]


# ---------------------------------------------------------------------------------------------
# Finite classes
# ---------------------------------------------------------------------------------------------

def finite_class_rademacher(values: MatrixLike) -> Fraction:
    """Rad_S(A) = E_σ max_k (1/m) Σ_i σ_i a_{k,i} for the value vectors a_k = ``values[k]``
    (a K × m table of rationals), exactly."""
    table, den = _integer_matrix(values)
    if table.ndim != 2 or table.shape[0] == 0:
        raise ValueError("need at least one value vector")
    m = table.shape[1]
    signs = sign_vectors(m)
    peak = m * int(np.abs(table).max()) * 2**m
    signs, table = _safe((signs, table), peak)
    best = (signs @ table.T).max(axis=1)
    return Fraction(int(best.sum()), 2**m * m * den)


def _compositions(total: int, parts: int) -> np.ndarray:
    """Every (c_1, ..., c_parts) of nonnegative integers with sum ``total`` (stars and bars)."""
    if parts == 1:
        return np.array([[total]], dtype=np.int64)
    bars = np.array(list(combinations(range(total + parts - 1), parts - 1)), dtype=np.int64)
    edges = np.hstack([np.full((len(bars), 1), -1), bars,
                       np.full((len(bars), 1), total + parts - 1)])
    return np.diff(edges, axis=1) - 1


def composition_count(m: int, cells: int) -> int:
    """How many (cell, sign) count vectors :func:`expected_rademacher` enumerates."""
    return math.comb(m + 2 * cells - 1, 2 * cells - 1)


def merged_cells(dist: FiniteDistribution, losses: LossMatrix) -> tuple[np.ndarray, list[int]]:
    """Cells with the same loss column (for every hypothesis) merged: (columns K × C', integer
    weights over the distribution's common denominator). Merging changes no risk, empirical risk
    or Rademacher complexity of the loss class."""
    weights, _ = dist.integer_weights()
    merged: dict[tuple[int, ...], int] = {}
    for c in range(len(dist.cells)):
        key = tuple(int(v) for v in losses.numerators[:, c])
        merged[key] = merged.get(key, 0) + int(weights[c])
    keys = list(merged)
    peak = max((abs(v) for key in keys for v in key), default=0)
    columns = np.array(keys, dtype=object if peak > _INT64_SAFE else np.int64).T
    return columns, list(merged.values())


def expected_rademacher(dist: FiniteDistribution, losses: LossMatrix, m: int,
                        max_terms: int = 400_000) -> Fraction:
    """Rad_m(G) = E_S E_σ max_k (1/m) Σ_i σ_i g_k(z_i) for the loss class G = {g_k} (rows of
    ``losses``) and S i.i.d. of size m from ``dist``, exactly.

    The pairs (z_i, σ_i) are i.i.d. on cells × {±1} with probability p_c/2 each, and the inner
    sum depends only on the counts a_c (σ = +1) and b_c (σ = −1) per cell: Σ_c g_k(c)(a_c − b_c).
    So Rad_m is a finite sum over the count vectors, weighted by multinomial probabilities.
    """
    if m < 1:
        raise ValueError("the sample size m must be at least 1")
    columns, weights = merged_cells(dist, losses)
    cells = len(weights)
    if composition_count(m, cells) > max_terms:
        raise ValueError(f"m = {m} with {cells} distinct cells needs "
                         f"{composition_count(m, cells)} terms (limit {max_terms})")
    counts = _compositions(m, 2 * cells)
    diff = counts[:, :cells] - counts[:, cells:]
    peak = m * max(1, int(np.abs(columns).max()))
    diff_s, columns_s = _safe((diff, columns), peak)
    best = (diff_s @ columns_s.T).max(axis=1)
    factorial = [math.factorial(k) for k in range(m + 1)]
    powers = [[w**k for k in range(m + 1)] for w in weights]
    total = 0
    for row, value in zip(counts.tolist(), best.tolist(), strict=True):
        if value == 0:
            continue
        weight = factorial[m]
        for k in row:  # m!/(k_1! ... k_j!) stays an integer at every step
            weight //= factorial[k]
        for c in range(cells):
            weight *= powers[c][row[c] + row[cells + c]]
        total += weight * int(value)
    _, scale = dist.integer_weights()
    return Fraction(total, (2 * scale) ** m * m * losses.denominator)


def largest_gaps(dist: FiniteDistribution, losses: LossMatrix, indices: np.ndarray
                 ) -> list[Fraction]:
    """For each sample (a row of cell ``indices``, T × m): max_k R(g_k) − R̂_s(g_k), exactly
    (the one-sided uniform deviation that Rademacher bounds control)."""
    trials, m = indices.shape
    weights, scale = dist.integer_weights()
    nums = losses.numerators
    cells = nums.shape[1]
    rows = np.arange(trials)[:, None] * cells + indices
    counts = np.bincount(rows.ravel(), minlength=trials * cells).reshape(trials, cells)
    peak = int(np.abs(nums).max()) * m * scale * 2 + 1
    nums_s, counts_s, weights_s = _safe((nums, counts, np.asarray(weights)), peak * cells)
    risks = nums_s @ weights_s  # K: R_k·scale·den
    sums = nums_s @ counts_s.T  # K × T: m·R̂_k·den
    gaps = (risks[:, None] * m - sums * scale).max(axis=0)
    den = m * scale * losses.denominator
    return [Fraction(int(g), den) for g in gaps]


# ---------------------------------------------------------------------------------------------
# Hilbert-space balls: the sup is a dual norm
# ---------------------------------------------------------------------------------------------

def quadratic_forms(gram: MatrixLike, half: bool = True) -> tuple[np.ndarray, int, np.ndarray]:
    """The values σᵀGσ over all sign vectors as (distinct numerators, denominator, counts)."""
    table, den = _integer_matrix(gram)
    m = table.shape[0]
    if table.shape != (m, m):
        raise ValueError(f"a Gram matrix must be square, got shape {table.shape}")
    signs = sign_vectors(m, half=half)
    peak = m * m * max(1, int(np.abs(table).max()))
    signs, table = _safe((signs, table), peak)
    q = ((signs @ table) * signs).sum(axis=1)
    if q.dtype == object:
        values, counts = np.unique(q.astype(object), return_counts=True)
    else:
        values, counts = np.unique(q, return_counts=True)
    return values, den, counts


def _common_surd(values: Sequence[int], counts: Sequence[int]) -> tuple[int, Fraction] | None:
    """(q_0, E sqrt(q)/sqrt(q_0)) when every nonzero value q is a rational square times one
    q_0 (q·q_0 a perfect square), so that E sqrt(q) = sqrt(q_0)·(a rational); else None."""
    base = next((q for q in values if q), None)
    if base is None:
        return 1, Fraction(0)
    total = Fraction(0)
    for q, count in zip(values, counts, strict=True):
        root = math.isqrt(q * base)
        if root * root != q * base:
            return None
        total += count * Fraction(root, base)  # sqrt(q) = sqrt(q_0)·sqrt(q q_0)/q_0
    return base, total / sum(counts)


def ball_rademacher(gram: MatrixLike, radius: Any, prec: int = 192) -> Exact | Ball:
    """Rad_S of the ball {f: ‖f‖ ≤ radius} of a Hilbert space of functions with Gram matrix
    G_ij = ⟨k_i, k_j⟩ of the evaluation functionals (an RKHS: G = K(x_i, x_j); linear predictors
    with ‖w‖₂ ≤ M: G = X Xᵀ): sup_f Σσ_i f(x_i) = radius·‖Σσ_i k_i‖ (Cauchy–Schwarz), so
    Rad_S = (radius/m) E_σ sqrt(σᵀGσ).

    Exact (a sympy number) when every sqrt(σᵀGσ) is a rational multiple of one square root
    (G diagonal; identical or opposite points), else an arb ball.
    """
    values, den, counts = quadratic_forms(gram)
    m = len(gram)
    r = as_fraction(radius)
    if any(int(v) < 0 for v in values):
        raise ValueError("σᵀGσ < 0 for some σ: G is not positive semidefinite")
    if len(values) == 1:
        root = sympy.sqrt(sympy.Rational(int(values[0]), den))
        return Exact(to_sympy(r) * root / m)
    common = _common_surd([int(v) for v in values.tolist()], counts.tolist())
    if common is not None:  # every sqrt(σᵀGσ) is a rational multiple of one surd
        base, mean_factor = common
        root = sympy.sqrt(sympy.Rational(base, den))
        return Exact(to_sympy(r) * root * to_sympy(mean_factor) / m)
    with workprec(prec):
        total = flint.arb(0)
        for value, count in zip(values.tolist(), counts.tolist(), strict=True):
            total += int(count) * flint.arb(int(value)).sqrt()
        scale = flint.arb(flint.fmpq(r.numerator, r.denominator * m)) / flint.arb(den).sqrt()
        return Ball(total * scale / int(counts.sum()))


def cauchy_schwarz_excess(gram: MatrixLike, directions: MatrixLike) -> Fraction:
    """max over all σ ∈ {±1}^m and β ∈ ``directions`` of (σᵀGβ)² − (σᵀGσ)(βᵀGβ), exactly.

    For f = radius·Σβ_i k_i/‖Σβ_i k_i‖ in the ball, (Σσ_i f(x_i))² = radius²(σᵀGβ)²/(βᵀGβ), so
    the excess is ≤ 0 exactly when no such f beats radius·sqrt(σᵀGσ) (for G positive
    semidefinite, by Cauchy–Schwarz); β = σ attains it (excess 0).
    """
    table, den = _integer_matrix(gram)
    betas, _ = _integer_matrix(directions)  # a common scale of β changes no sign
    m = table.shape[0]
    signs = sign_vectors(m, half=True)
    g_peak = max(1, int(np.abs(table).max()))
    b_peak = max(1, int(np.abs(betas).max()))
    peak = (m * m * g_peak * b_peak) ** 2 + (m * m * g_peak) * (m * m * g_peak * b_peak * b_peak)
    signs, table, betas = _safe((signs, table, betas), peak)
    gb = table @ betas.T  # m × nb
    cross = signs @ gb  # S × nb
    q_sigma = ((signs @ table) * signs).sum(axis=1)
    q_beta = (betas * gb.T).sum(axis=1)
    excess = cross * cross - q_sigma[:, None] * q_beta[None, :]
    return Fraction(int(excess.max()), den * den)


# ---------------------------------------------------------------------------------------------
# Networks with Frobenius-norm constraints: a lower estimate by projected gradient ascent
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NetworkSearch:
    """The result of :func:`search_network_rademacher`.

    ``objectives[s]`` is the best (1/m) Σ_i σ_i h(x_i) found for sign vector ``signs[s]``, at
    the weights ``weights[j][s]`` (CPU, float64); ``value`` is their mean.
    """

    value: float
    objectives: Tensor
    weights: list[Tensor]
    signs: np.ndarray


def _project(w: Tensor, radius: float) -> Tensor:
    norms = w.flatten(1).norm(dim=1).clamp_min(1e-300)
    return w * (radius / norms).clamp(max=1.0)[:, None, None]


def _forward(weights: Sequence[Tensor], x: Tensor) -> Tensor:
    """Outputs [E, m] of E bias-free ReLU networks with one output at points x [m, d]."""
    # contiguous: a stride-0 batch makes batched matmul on the CPU ~100x slower
    h = x.unsqueeze(0).expand(weights[0].shape[0], -1, -1).contiguous()
    for index, w in enumerate(weights):
        h = torch.matmul(h, w.transpose(1, 2))
        if index < len(weights) - 1:
            h = torch.relu(h)
    return h[..., 0]


def _path_start(weights: list[Tensor], x: np.ndarray, signs: np.ndarray, restarts: int,
                radii: Sequence[float]) -> None:
    """Replace restarts 0 and 1 of every sign vector by one path of units: the first row of W_1
    along Σ_{σ_i=+1} x_i (restart 0) or Σ_{σ_i=−1} x_i (restart 1), then M_j e_1 e_1ᵀ, and
    ±M_L e_1ᵀ. One path attains sup_{‖w‖=1} |Σσ_i ρ(wᵀx_i)| ΠM_j, the supremum at depth 2."""
    for index, sign in enumerate(signs.tolist()):
        for offset, side in ((0, 1), (1, -1)):
            direction = sum((x[i] for i, s in enumerate(sign) if s == side), np.zeros(x.shape[1]))
            length = float(np.linalg.norm(direction))
            if length == 0 or offset >= restarts:
                continue
            row = index * restarts + offset
            for layer, (w, radius) in enumerate(zip(weights, radii, strict=True)):
                w[row] = 0
                if layer == 0:
                    w[row, 0] = torch.as_tensor(radius * direction / length, dtype=w.dtype)
                else:
                    w[row, 0, 0] = radius * (side if layer == len(weights) - 1 else 1)


def search_network_rademacher(points: MatrixLike, widths: Sequence[int], norms: Sequence[Any],
                              signs: np.ndarray, *, restarts: int = 4, steps: int = 100,
                              seed: int = 0, device: str | torch.device = "cpu",
                              dtype: torch.dtype = torch.float64,
                              path_starts: bool = False) -> NetworkSearch:
    """For each sign vector σ, maximize (1/m) Σ_i σ_i h(x_i) over the networks
    h(x) = W_L ρ(W_{L−1} ... ρ(W_1 x)) of architecture ``widths`` = (d, n_1, ..., 1), ρ = ReLU,
    with ‖W_j‖_F ≤ ``norms[j]``: projected gradient ascent (normalized steps, decaying) from
    ``restarts`` random starts on the spheres ‖W_j‖_F = M_j, all batched on ``device``
    (``path_starts``: restarts 0 and 1 start from single paths of units, see
    :func:`_path_start`; depth ≥ 2).

    Every value found is attained by feasible weights (up to rounding), so the mean over all
    sign vectors estimates Rad_S from below (see :func:`certified_network_lower_bound`).
    """
    if widths[-1] != 1:
        raise ValueError(f"the network must have one output, got widths {tuple(widths)}")
    target = torch.device(device)
    m = len(points)
    x = torch.tensor([[float(v) for v in p] for p in points], dtype=dtype, device=target)
    sig = torch.tensor(np.repeat(signs, restarts, axis=0), dtype=dtype, device=target)
    members = sig.shape[0]
    radii = [float(as_fraction(r)) for r in norms]
    gen = torch.Generator().manual_seed(int(seed))
    weights = []
    for (n_in, n_out), radius in zip(zip(widths, widths[1:], strict=False), radii, strict=True):
        w = torch.randn((members, n_out, n_in), generator=gen, dtype=torch.float64)
        w = w * (radius / w.flatten(1).norm(dim=1).clamp_min(1e-300))[:, None, None]
        weights.append(w)
    if path_starts and len(weights) >= 2:
        points_array = np.array([[float(v) for v in p] for p in points])
        _path_start(weights, points_array, signs, restarts, radii)
    weights = [w.to(device=target, dtype=dtype) for w in weights]
    best = torch.full((members,), -math.inf, dtype=dtype, device=target)
    kept = [w.clone() for w in weights]
    for step in range(steps + 1):
        for w in weights:
            w.requires_grad_(True)
        objective = (sig * _forward(weights, x)).sum(dim=1) / m
        with torch.no_grad():
            better = objective > best
            best = torch.where(better, objective, best)
            for k, w in zip(kept, weights, strict=True):
                k[better] = w[better]
        if step == steps:
            break
        grads = torch.autograd.grad(objective.sum(), weights)
        rate = 0.3 * (1 - step / steps) + 0.01
        with torch.no_grad():
            updated = []
            for w, g, radius in zip(weights, grads, radii, strict=True):
                size = g.flatten(1).norm(dim=1).clamp_min(1e-300)[:, None, None]
                updated.append(_project(w + rate * radius * g / size, radius))
        weights = [w.detach() for w in updated]
    per_sign = best.reshape(len(signs), restarts)
    choice = per_sign.argmax(dim=1)
    rows = torch.arange(len(signs), device=target) * restarts + choice
    chosen = [k[rows].detach().to("cpu", torch.float64) for k in kept]
    objectives = per_sign.max(dim=1).values.detach().to("cpu", torch.float64)
    return NetworkSearch(float(objectives.mean()), objectives, chosen, signs)


def _feasible(weight: Tensor, radius: Fraction) -> list[list[Fraction]]:
    """The float matrix as exact rationals, scaled down by a dyadic factor if its Frobenius
    norm exceeds ``radius`` (rounding in the projection); the result satisfies ‖W‖_F ≤ radius
    exactly."""
    rows = [[Fraction(v) for v in row] for row in weight.tolist()]
    square = sum(v * v for row in rows for v in row)
    if square <= radius * radius:
        return rows
    factor = Fraction(float(radius) / math.sqrt(float(square))).limit_denominator(2**50)
    while factor * factor * square > radius * radius:
        factor *= Fraction(2**40 - 1, 2**40)
    return [[factor * v for v in row] for row in rows]


def exact_network_outputs(layers: Sequence[Sequence[Sequence[Fraction]]],
                          points: Sequence[Sequence[Fraction]]) -> list[Fraction]:
    """h(x) for a bias-free ReLU network with one output, exactly, at every point."""
    out = []
    for p in points:
        h = [as_fraction(v) for v in p]
        for index, w in enumerate(layers):
            h = [sum((a * b for a, b in zip(row, h, strict=True)), Fraction(0)) for row in w]
            if index < len(layers) - 1:
                h = [max(v, Fraction(0)) for v in h]
        out.append(h[0])
    return out


def certified_network_lower_bound(search: NetworkSearch, points: MatrixLike, norms: Sequence[Any]
                                  ) -> Fraction:
    """An exact rational ≤ the mean over ``search.signs`` of sup_h (1/m) Σσ_i h(x_i): the
    objectives of the found weights made exactly feasible and evaluated in rationals.

    With all 2^m sign vectors (or the half with σ_1 = +1, the class being symmetric under
    W_L ↦ −W_L), this is a certified lower bound on Rad_S.
    """
    exact_points = [[as_fraction(v) for v in p] for p in points]
    radii = [as_fraction(r) for r in norms]
    m = len(exact_points)
    total = Fraction(0)
    for s, sign in enumerate(search.signs.tolist()):
        layers = [_feasible(w[s], r) for w, r in zip(search.weights, radii, strict=True)]
        values = exact_network_outputs(layers, exact_points)
        total += sum((sg * v for sg, v in zip(sign, values, strict=True)), Fraction(0)) / m
    return total / len(search.signs)


__all__ = [
    "MAX_SIGNS", "NetworkSearch", "ball_rademacher", "cauchy_schwarz_excess",
    "certified_network_lower_bound", "composition_count", "exact_network_outputs",
    "expected_rademacher", "finite_class_rademacher", "largest_gaps", "merged_cells",
    "quadratic_forms", "search_network_rademacher", "sign_vectors",
]
