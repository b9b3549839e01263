"""Least squares, exactly and in floats: the pseudo-inverse, gradient descent iterates and the
risk of minimum-norm regression.

Exact part (python-flint ``fmpq_mat``): the Moore–Penrose pseudo-inverse from a full-rank
factorization, checked by the four Penrose conditions; gradient descent on ½‖Aθ − y‖² and its
closed form; certified bounds on the nonzero spectrum of AᵀA (a float proposal, then exact
positive-definiteness certificates). Float part (torch, float64, on any device): gradient
descent with a proven bound on its rounding error, and Monte Carlo samples of the risk of the
minimum-norm least-squares estimator under a Gaussian design.

Normalization: the loss is ½‖Aθ − y‖², its gradient Aᵀ(Aθ − y), and gradient descent is stable
for 0 < η < 2/‖A‖² (with the unnormalized ‖Aθ − y‖² the gradient doubles and the condition reads
η < 1/‖A‖²).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import numpy as np
import torch

from verify.arith.convert import as_fraction, fraction_to_arb, to_fmpq
from verify.arith.matrices import positive_definite
from verify.device import single_cpu_thread

ExactMatrix = flint.fmpq_mat
"""An exact rational matrix (python-flint's ``fmpq_mat``); vectors are n × 1 columns."""

__all__ = [
    "FloatDescent", "certified_spectrum_bounds",
    "closed_form_iterate", "contraction_factor", "exact_matrix", "exact_vector",
    "expected_minnorm_risk", "float_gradient_descent", "full_rank_factorization",
    "gd_iterate", "gd_limit", "gd_step", "identity", "positive_definite",
    "is_pseudo_inverse", "limiting_minnorm_risk", "minnorm_risk_samples", "pseudo_inverse",
    "row_space_basis", "spectrum_pencil", "squared_norm", "step_is_stable", "to_fractions",
    "wishart_inverse_traces",
]


# ---------------------------------------------------------------------------------------------
# Exact matrices
# ---------------------------------------------------------------------------------------------

def exact_matrix(rows: Sequence[Sequence[Any]]) -> ExactMatrix:
    """An exact matrix from nested rows of ints, Fractions or floats (taken as exact dyadics)."""
    rows = [list(r) for r in rows]
    if not rows or not rows[0]:
        raise ValueError("a matrix needs at least one row and one column")
    cols = len(rows[0])
    if any(len(r) != cols for r in rows):
        raise ValueError("all rows must have the same length")
    return flint.fmpq_mat(len(rows), cols, [to_fmpq(v) for r in rows for v in r])


def exact_vector(values: Sequence[Any]) -> ExactMatrix:
    """A column vector (an n × 1 exact matrix)."""
    return flint.fmpq_mat(len(values), 1, [to_fmpq(v) for v in values])


def to_fractions(matrix: ExactMatrix) -> list[list[Fraction]]:
    """The entries as nested lists of Fractions."""
    return [[as_fraction(v) for v in row] for row in matrix.tolist()]


def identity(n: int) -> ExactMatrix:
    out = flint.fmpq_mat(n, n)
    for i in range(n):
        out[i, i] = 1
    return out


def squared_norm(vector: ExactMatrix) -> Fraction:
    """‖v‖² of a column (or any) matrix: the sum of squared entries (Frobenius)."""
    total = flint.fmpq(0)
    for v in vector.entries():
        total += v * v
    return as_fraction(total)


def _columns(matrix: ExactMatrix, index: Sequence[int]) -> ExactMatrix:
    rows = matrix.tolist()
    return flint.fmpq_mat(matrix.nrows(), len(index), [r[j] for r in rows for j in index])


def _rows(matrix: ExactMatrix, count: int) -> ExactMatrix:
    entries = matrix.entries()[: count * matrix.ncols()]
    return flint.fmpq_mat(count, matrix.ncols(), entries)


def full_rank_factorization(a: ExactMatrix) -> tuple[ExactMatrix, ExactMatrix, int]:
    """A = C F with C = the pivot columns of A (m × r) and F = the nonzero rows of rref(A)
    (r × p), r = rank A. Returns (C, F, r); for r = 0 both factors are None-like 0 × 0."""
    reduced, rank = a.rref()
    if rank == 0:
        return flint.fmpq_mat(a.nrows(), 0), flint.fmpq_mat(0, a.ncols()), 0
    pivots = []
    rows = reduced.tolist()
    for i in range(rank):
        pivots.append(next(j for j, v in enumerate(rows[i]) if v != 0))
    return _columns(a, pivots), _rows(reduced, rank), rank


def row_space_basis(a: ExactMatrix) -> ExactMatrix:
    """The nonzero rows of rref(A): a basis of the row space of A (r × p)."""
    return full_rank_factorization(a)[1]


def pseudo_inverse(a: ExactMatrix) -> ExactMatrix:
    """The Moore–Penrose pseudo-inverse, exactly: for A = C F (full-rank factorization),
    A⁺ = Fᵀ (F Fᵀ)⁻¹ (Cᵀ C)⁻¹ Cᵀ (Penrose 1955; Ben-Israel & Greville, Thm 1.5)."""
    c, f, rank = full_rank_factorization(a)
    if rank == 0:
        return flint.fmpq_mat(a.ncols(), a.nrows())
    ct, ft = c.transpose(), f.transpose()
    return ft * (f * ft).inv() * (ct * c).inv() * ct


def is_pseudo_inverse(a: ExactMatrix, x: ExactMatrix) -> bool:
    """The four Penrose conditions AXA = A, XAX = X, (AX)ᵀ = AX, (XA)ᵀ = XA, exactly."""
    ax, xa = a * x, x * a
    return (ax * a == a and xa * x == x and ax.transpose() == ax and xa.transpose() == xa)


# ---------------------------------------------------------------------------------------------
# Gradient descent on ½‖Aθ − y‖², exactly
# ---------------------------------------------------------------------------------------------

def gd_step(a: ExactMatrix, y: ExactMatrix, theta: ExactMatrix, eta: Any) -> ExactMatrix:
    """θ − η Aᵀ(Aθ − y): one step of gradient descent on ½‖Aθ − y‖²."""
    return theta - a.transpose() * (a * theta - y) * to_fmpq(eta)


def gd_iterate(a: ExactMatrix, y: ExactMatrix, theta0: ExactMatrix, eta: Any, steps: int
               ) -> ExactMatrix:
    """θ_k after ``steps`` exact gradient steps from θ_0."""
    theta = theta0
    at, step = a.transpose(), to_fmpq(eta)
    for _ in range(steps):
        theta = theta - at * (a * theta - y) * step
    return theta


def gd_limit(a: ExactMatrix, y: ExactMatrix, theta0: ExactMatrix) -> ExactMatrix:
    """A⁺y + (I − A⁺A) θ_0: the limit of gradient descent from θ_0 (for 0 < η < 2/‖A‖²)."""
    pinv = pseudo_inverse(a)
    return pinv * y + (identity(a.ncols()) - pinv * a) * theta0


def closed_form_iterate(a: ExactMatrix, y: ExactMatrix, theta0: ExactMatrix, eta: Any, steps: int,
                        limit: ExactMatrix | None = None) -> ExactMatrix:
    """θ* + (I − ηAᵀA)^k (θ_0 − θ*) with θ* = ``limit`` (default: the GD limit). It equals the
    k-th iterate exactly because Aᵀ(Aθ* − y) = 0 (so θ* is a fixed point)."""
    limit = gd_limit(a, y, theta0) if limit is None else limit
    step = identity(a.ncols()) - a.transpose() * a * to_fmpq(eta)
    power, base, k = identity(a.ncols()), step, steps
    while k:
        if k & 1:
            power = power * base
        base, k = base * base, k >> 1
    return limit + power * (theta0 - limit)


# ---------------------------------------------------------------------------------------------
# The nonzero spectrum of AᵀA, certified
# ---------------------------------------------------------------------------------------------

def spectrum_pencil(a: ExactMatrix) -> tuple[ExactMatrix, ExactMatrix] | None:
    """(K, M) = (F AᵀA Fᵀ, F Fᵀ) with F a basis of row(A): the generalized eigenvalues of the
    pencil are exactly the nonzero eigenvalues of AᵀA (AᵀA maps row(A) to itself). None when
    A = 0."""
    f = row_space_basis(a)
    if f.nrows() == 0:
        return None
    af = a * f.transpose()
    return af.transpose() * af, f * f.transpose()


def _float_pencil_eigenvalues(k: ExactMatrix, m: ExactMatrix) -> np.ndarray:
    from scipy.linalg import eigh

    kf = np.array([[float(v) for v in r] for r in k.tolist()])
    mf = np.array([[float(v) for v in r] for r in m.tolist()])
    return eigh(kf, mf, eigvals_only=True)


def certified_spectrum_bounds(a: ExactMatrix, proposal: tuple[float, float] | None = None
                              ) -> tuple[Fraction, Fraction] | None:
    """Rationals lo < hi with lo < λ < hi for every nonzero eigenvalue λ of AᵀA (None when
    A = 0). A float proposal (scipy's generalized eigensolver unless given) is widened until
    the exact certificates K − lo·M ≻ 0 and hi·M − K ≻ 0 hold."""
    pencil = spectrum_pencil(a)
    if pencil is None:
        return None
    k, m = pencil
    if proposal is None:
        values = _float_pencil_eigenvalues(k, m)
        proposal = (float(values.min()), float(values.max()))
    low, high = proposal
    lo = hi = None
    for slack in (1e-9, 1e-6, 1e-3, 0.1, 0.5, 0.9):
        if lo is None:
            candidate = Fraction(max(low, 0.0) * (1 - slack))
            if positive_definite(k - m * to_fmpq(candidate)):
                lo = candidate
        if hi is None:
            candidate = Fraction(high * (1 + slack) + slack)
            if positive_definite(m * to_fmpq(candidate) - k):
                hi = candidate
        if lo is not None and hi is not None:
            return lo, hi
    raise ArithmeticError("could not certify bounds on the nonzero spectrum of AᵀA")


def step_is_stable(a: ExactMatrix, eta: Any) -> bool:
    """0 < η and η‖A‖² < 2, exactly: 2I − η G ≻ 0 for the smaller Gram matrix G of A."""
    step = to_fmpq(eta)
    if step <= 0:
        return False
    gram = a * a.transpose() if a.nrows() <= a.ncols() else a.transpose() * a
    return positive_definite(identity(gram.nrows()) * 2 - gram * step)


def contraction_factor(a: ExactMatrix, eta: Any, bounds: tuple[Fraction, Fraction] | None = None
                       ) -> Fraction:
    """q = max(1 − η lo, η hi − 1) ≥ max |1 − ηλ| over the nonzero eigenvalues λ ∈ (lo, hi) of
    AᵀA: the factor by which one step contracts the error θ − θ* inside row(A). 0 when A = 0."""
    bounds = certified_spectrum_bounds(a) if bounds is None else bounds
    if bounds is None:
        return Fraction(0)
    lo, hi = bounds
    step = as_fraction(eta)
    return max(1 - step * lo, step * hi - 1)


# ---------------------------------------------------------------------------------------------
# Gradient descent in float64 with a proven rounding-error bound
# ---------------------------------------------------------------------------------------------

_U = Fraction(1, 2**53)
"""Unit roundoff of IEEE binary64 (round to nearest)."""


def _gamma(n: int) -> Fraction:
    return n * _U / (1 - n * _U)


@dataclass(frozen=True)
class FloatDescent:
    """Float64 gradient descent: the final iterate and a rigorous bound ``error`` (an arb upper
    bound) on ‖θ_k(float) − θ_k(exact)‖₂, the exact iterate from the same (exactly
    representable) data."""

    theta: tuple[float, ...]
    error: flint.arb
    device: str


def _exactly_representable(values: Sequence[Any]) -> bool:
    return all(as_fraction(float(v)) == as_fraction(v) for v in values)


def float_gradient_descent(a_rows: Sequence[Sequence[Any]], y: Sequence[Any],
                           theta0: Sequence[Any], eta: Any, steps: int,
                           device: str | torch.device = "cpu") -> FloatDescent:
    """k steps θ ← θ − fl(η fl(Aᵀ fl(fl(Aθ) − y))) in float64 on ``device``, with a bound on the
    distance to the exact iterates.

    Error analysis (standard model, |δ| ≤ u = 2⁻⁵³, any summation order, with or without FMA;
    Higham, Accuracy and Stability, §3.5): per step the computed θ' equals the exact step from the
    computed θ plus E with ‖E‖ ≤ η‖A‖_F(γ_p‖A‖_F‖θ‖ + u'‖r‖) + ηγ_m‖A‖_F‖r‖ + u'(‖h‖ + ‖θ'‖),
    u' = u/(1 − u), r the computed residual and h = fl(ηg); an absolute term covers underflow.
    The exact step map has norm ‖I − ηAᵀA‖₂ ≤ 1 when η‖A‖² ≤ 2 (checked exactly here), so the
    errors add up: ‖θ_k(float) − θ_k(exact)‖ ≤ Σ_j ‖E_j‖. Norms are bounded by √n ‖·‖_∞ of the
    float vectors, evaluated in arb.
    """
    rows = [list(r) for r in a_rows]
    flat = [v for r in rows for v in r]
    if not (_exactly_representable(flat) and _exactly_representable(y)
            and _exactly_representable(theta0) and _exactly_representable([eta])):
        raise ValueError("data must be exactly representable in float64")
    a_exact = exact_matrix(rows)
    if not step_is_stable(a_exact, eta):
        raise ValueError("the rounding bound needs 0 < η‖A‖² < 2")
    m, p = len(rows), len(rows[0])
    dev = torch.device(device)
    a = torch.tensor([[float(v) for v in r] for r in rows], dtype=torch.float64, device=dev)
    target = torch.tensor([float(v) for v in y], dtype=torch.float64, device=dev)
    theta = torch.tensor([float(v) for v in theta0], dtype=torch.float64, device=dev)
    step = float(eta)
    stats = torch.empty((steps, 4), dtype=torch.float64, device=dev)
    for j in range(steps):
        r = a @ theta - target
        h = step * (a.T @ r)
        new = theta - h
        stats[j, 0] = theta.abs().max()
        stats[j, 1] = r.abs().max()
        stats[j, 2] = h.abs().max()
        stats[j, 3] = new.abs().max()
        theta = new
    if not bool(torch.isfinite(theta).all()):
        raise ArithmeticError("float gradient descent overflowed")
    table = stats.cpu().tolist()
    fro = fraction_to_arb(squared_norm(a_exact)).sqrt()
    u1 = fraction_to_arb(_U / (1 - _U))
    gp, gm = fraction_to_arb(_gamma(p)), fraction_to_arb(_gamma(m))
    sp, sm = flint.arb(p).sqrt(), flint.arb(m).sqrt()
    eta_b = fraction_to_arb(as_fraction(eta))
    tiny = flint.arb(2) ** -1060 * (1 + eta_b * fro) ** 2 * (m + p) ** 2
    total = flint.arb(0)
    for t_max, r_max, h_max, n_max in table:
        th, rr = sp * flint.arb(t_max), sm * flint.arb(r_max)
        total += (eta_b * fro * (gp * fro * th + u1 * rr) + eta_b * gm * fro * rr
                  + u1 * (sp * flint.arb(h_max) + sp * flint.arb(n_max)) + tiny)
    upper = flint.arb(total.upper())  # a point ball: an upper bound
    return FloatDescent(tuple(theta.cpu().tolist()), upper, str(dev))


# ---------------------------------------------------------------------------------------------
# Minimum-norm regression under a Gaussian design
# ---------------------------------------------------------------------------------------------

def expected_minnorm_risk(n: int, p: int, sigma2: Any, beta_norm2: Any) -> Fraction:
    """E‖X⁺y − β‖² for X with i.i.d. N(0, 1) entries, y = Xβ + ε, Var ε_i = σ² (exact):
    σ² p/(n − p − 1) for p ≤ n − 2; ‖β‖²(1 − n/p) + σ² n/(p − n − 1) for p ≥ n + 2
    (E tr (XᵀX)⁻¹ = p/(n − p − 1), the inverse-Wishart mean; E‖(I − P)β‖² = ‖β‖²(1 − n/p))."""
    s2, b2 = Fraction(sigma2), Fraction(beta_norm2)
    if p <= n - 2:
        return s2 * Fraction(p, n - p - 1)
    if p >= n + 2:
        return b2 * (1 - Fraction(n, p)) + s2 * Fraction(n, p - n - 1)
    raise ValueError("the expected risk is infinite for |n − p| ≤ 1")


def limiting_minnorm_risk(gamma: Any, sigma2: Any, r2: Any) -> Fraction:
    """Hastie, Montanari, Rosset, Tibshirani (2019), Thm 1 (isotropic features): the limit of the
    risk as p/n → γ: σ²γ/(1 − γ) for γ < 1, r²(1 − 1/γ) + σ²/(γ − 1) for γ > 1."""
    g, s2, b2 = Fraction(gamma), Fraction(sigma2), Fraction(r2)
    if g < 1:
        return s2 * g / (1 - g)
    if g > 1:
        return b2 * (1 - 1 / g) + s2 / (g - 1)
    raise ValueError("the limiting risk is infinite at γ = 1")


def _generator(seed: int, device: torch.device) -> torch.Generator:
    return torch.Generator(device=device).manual_seed(int(seed))


def minnorm_risk_samples(n: int, p: int, sigma2: float, beta_norm2: float, trials: int,
                         seed: int, device: str | torch.device = "cpu", noise: str = "gaussian",
                         chunk: int = 512) -> np.ndarray:
    """``trials`` independent draws of ‖X⁺y − β‖² (float64 on ``device``): X n × p with i.i.d.
    N(0, 1) entries, β fixed with ‖β‖² = ``beta_norm2`` (a random direction), y = Xβ + ε with
    i.i.d. noise of variance σ² ("gaussian" or "rademacher", i.e. ±σ). X⁺y is
    (XᵀX)⁻¹Xᵀy for p < n and Xᵀ(XXᵀ)⁻¹y for p > n (full rank almost surely), by Cholesky."""
    if abs(n - p) < 1:
        raise ValueError("the Gram matrix is singular at p = n only in the limit; use p ≠ n")
    dev = torch.device(device)
    gen = _generator(seed, dev)
    direction = torch.randn(p, generator=gen, dtype=torch.float64, device=dev)
    beta = direction / direction.norm() * math.sqrt(beta_norm2)
    sigma = math.sqrt(sigma2)
    out = []
    done = 0
    with single_cpu_thread(dev):
        while done < trials:
            out.append(_risk_chunk(n, p, beta, sigma, min(chunk, trials - done), gen, dev, noise))
            done += min(chunk, trials - done)
    return torch.cat(out).numpy()


def _risk_chunk(n: int, p: int, beta: torch.Tensor, sigma: float, size: int,
                gen: torch.Generator, dev: torch.device, noise: str) -> torch.Tensor:
    """‖X⁺y − β‖² for ``size`` independent designs and noise vectors."""
    x = torch.randn(size, n, p, generator=gen, dtype=torch.float64, device=dev)
    if noise == "gaussian":
        eps = torch.randn(size, n, generator=gen, dtype=torch.float64, device=dev) * sigma
    elif noise == "rademacher":
        signs = torch.randint(0, 2, (size, n), generator=gen, device=dev)
        eps = (2.0 * signs.to(torch.float64) - 1.0) * sigma
    else:
        raise ValueError(f"unknown noise {noise!r}")
    y = (x @ beta + eps).unsqueeze(-1)
    xt = x.transpose(1, 2)
    if p < n:
        chol = torch.linalg.cholesky(xt @ x)
        estimate = torch.cholesky_solve(xt @ y, chol)
    else:
        chol = torch.linalg.cholesky(x @ xt)
        estimate = xt @ torch.cholesky_solve(y, chol)
    return ((estimate.squeeze(-1) - beta) ** 2).sum(dim=1).cpu()


def wishart_inverse_traces(dim: int, dof: int, trials: int, seed: int,
                           device: str | torch.device = "cpu") -> np.ndarray:
    """``trials`` draws of tr W⁻¹ for W ~ Wishart_dim(dof, I), i.e. W = XᵀX with X dof × dim
    i.i.d. N(0, 1) (read-only; cached by argument, float64 on the CPU whatever ``device``).

    The spectrum of W is that of BBᵀ with B lower bidiagonal, B_ii = χ_(dof − i) and
    B_(i+1,i) = χ_(dim − 1 − i), i = 0, 1, … (Dumitriu & Edelman, "Matrix models for beta
    ensembles", J. Math. Phys. 43 (2002), Thm 3.4, β = 1). Then tr W⁻¹ = ‖B⁻¹‖_F², and the
    squared norms c_j of the columns of B⁻¹ obey c_last = 1/B_last² and
    c_j = (1 + B_(j+1,j)² c_(j+1))/B_jj²: O(dim) work per draw instead of O(dim³)."""
    if dof <= dim - 1:
        raise ValueError("a Wishart matrix with dof < dim is singular")
    return _inverse_traces(int(dim), int(dof), int(trials), int(seed))


@functools.lru_cache(maxsize=2048)
def _inverse_traces(dim: int, dof: int, trials: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    diagonal = rng.chisquare((dof - np.arange(dim))[:, None], size=(dim, trials))
    below = rng.chisquare((dim - 1 - np.arange(dim - 1))[:, None], size=(dim - 1, trials))
    column = 1.0 / diagonal[dim - 1]
    total = column.copy()
    for j in range(dim - 2, -1, -1):
        column = (1.0 + below[j] * column) / diagonal[j]
        total += column
    total.setflags(write=False)
    return total
