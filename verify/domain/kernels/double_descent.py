"""Double descent of minimum-norm least squares, measured (survey §2.4; Hastie, Montanari,
Rosset, Tibshirani 2019, Thm 1; SOURCES T9).

The conditional risk of β̂ = X⁺y given the design, with the noise (variance σ²) and β's direction
(uniform on the sphere of radius r) integrated out, is

    R̄_X = σ² ‖X⁺‖_F² + (r²/p) ‖I − X⁺X‖_F²

(E‖Aε‖² = σ²‖A‖_F² and E‖Bβ‖² = r²‖B‖_F²/p). Both terms are measured here: the variance term
from draws of ‖X⁺‖_F² = tr (XᵀX)⁻¹ (p < n) or tr (XXᵀ)⁻¹ (p > n), i.e. the trace of an inverse
Wishart matrix, sampled in O(dim) per draw by the bidiagonal model of Dumitriu & Edelman (2002)
(``verify.domain.kernels.regression.wishart_inverse_traces``); the bias term from Gaussian
designs X and their pseudo-inverses (``torch.linalg.pinv``, an SVD), never from a formula. Limits
as n → ∞ at fixed γ = p/n are extrapolated from a sweep of sizes by weighted least squares in 1/n
(Richardson extrapolation), and the rate of approach by a weighted log-log fit with a 1/n
correction.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from verify.device import single_cpu_thread

__all__ = ["Fit", "extrapolated_limit", "log_gap_slope", "projection_bias_samples",
           "weighted_fit"]


@dataclass(frozen=True)
class Fit:
    """One coefficient of a weighted least-squares fit: its value, its standard error (scaled
    by the reduced χ² when the points scatter more than their standard errors say) and the
    reduced χ² itself."""

    value: float
    stderr: float
    reduced_chi2: float


def weighted_fit(columns: Sequence[np.ndarray], values: np.ndarray, stderrs: np.ndarray,
                 index: int) -> Fit:
    """Coefficient ``index`` of the weighted least-squares fit of ``values`` on ``columns``
    (weights 1/stderr²). Its standard error is the model one times √max(1, χ²/dof): a misfit
    widens the interval instead of hiding in it."""
    design = np.vstack([np.asarray(c, dtype=float) for c in columns]).T
    weights = 1.0 / np.asarray(stderrs, dtype=float)
    a = design * weights[:, None]
    b = np.asarray(values, dtype=float) * weights
    coefficients, *_ = np.linalg.lstsq(a, b, rcond=None)
    dof = len(values) - design.shape[1]
    residual = b - a @ coefficients
    chi2 = float(residual @ residual) / dof if dof > 0 else 1.0
    covariance = np.linalg.inv(a.T @ a)
    stderr = math.sqrt(float(covariance[index, index]) * max(1.0, chi2))
    return Fit(float(coefficients[index]), stderr, chi2)


def extrapolated_limit(sizes: Sequence[float], means: Sequence[float],
                       stderrs: Sequence[float]) -> Fit:
    """The n → ∞ limit of a sequence measured at ``sizes`` with the given standard errors:
    the intercept of mean(n) = L + a/n + b/n² (weighted least squares). A floor of 10⁻¹²
    relative on the standard errors keeps exact (zero-variance) sequences well conditioned."""
    u = 1.0 / np.asarray(sizes, dtype=float)
    m = np.asarray(means, dtype=float)
    floor = 1e-12 * max(float(np.abs(m).max()), 1e-300)
    s = np.maximum(np.asarray(stderrs, dtype=float), floor)
    return weighted_fit((np.ones_like(u), u, u * u), m, s, 0)


def log_gap_slope(sizes: Sequence[float], gaps: Sequence[float],
                  gap_stderrs: Sequence[float]) -> Fit:
    """The slope s of log gap(n) = c + s log n + d/n (weighted; the standard error of log gap
    is stderr/gap): the exponent of the gap's power law with its leading finite-size
    correction fitted, not absorbed into the slope."""
    n = np.asarray(sizes, dtype=float)
    g = np.asarray(gaps, dtype=float)
    return weighted_fit((np.ones_like(n), np.log(n), 1.0 / n), np.log(g),
                        np.asarray(gap_stderrs, dtype=float) / g, 1)


@functools.lru_cache(maxsize=512)
def _projection_bias(n: int, p: int, draws: int, seed: int) -> tuple[float, ...]:
    generator = torch.Generator().manual_seed(int(seed))
    x = torch.randn(draws, n, p, generator=generator, dtype=torch.float64)
    with single_cpu_thread():
        pinv = torch.linalg.pinv(x)
        residual = torch.eye(p, dtype=torch.float64) - pinv @ x
        values = (residual * residual).sum(dim=(1, 2)) / p
    return tuple(values.tolist())


def projection_bias_samples(n: int, p: int, draws: int, seed: int) -> np.ndarray:
    """``draws`` measurements of (1/p)‖I − X⁺X‖_F² for X n × p with i.i.d. N(0, 1) entries and
    X⁺ its Moore–Penrose pseudo-inverse (SVD): the bias of X⁺y, E_β‖(I − X⁺X)β‖², per unit of
    r² = ‖β‖² for β uniform on the sphere. Cached (the draws depend only on the arguments)."""
    return np.array(_projection_bias(int(n), int(p), int(draws), int(seed)))
