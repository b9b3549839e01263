"""The exact variance term of Maurey's identity for the Monte Carlo networks of Barron (1993)
and of E, Ma, Wu (Barron space of ReLU networks): the tight companion of their O(1/n) bounds.

For an average f_n = c + (1/n) Σ g_i of n i.i.d. random functions with E g = f − c, Maurey's
identity reads n·E ∫ (f − f_n)² dμ = ∫ (E g(x)² − (f(x) − c)²) μ(dx) =: V exactly, for every n.
The bounds of the theorems replace E g² by sup g², so V is what the sampled networks must show.

Barron's step construction (verify.domain.approximation.barron), f(x) = exp(−‖x_(1..k)‖²/2):
g(x) = −2 r C_f sin(|ω| s) 1{σ ω̂·x > s} with ω ∼ Λ ∝ |ω| F̃, s ∼ U[0, r], σ = ±1. With
q = ‖x_(1..k)‖ ≤ r, E_σ,s g(x)² = 2 r C_f² E_Λ ∫_0^(|ω̂·x|) sin²(|ω| s) ds, and the change of
variables v = |ω| s turns the Λ-average into an average over F̃ = N(0, I_k):
E g(x)² = 2 r C_f E_(Y ∼ N(0, q²)) (|Y|/2 − sin(2|Y|)/4) = 2 r C_f (q/√(2π) − D(√2 q)/(2√π)),
D the Dawson function (E sin(b|Y|) = (2/√π) D(bq/√2)). Hence
V = E_μ [2 r C_f (q/√(2π) − D(√2 q)/(2√π)) − (1 − e^(−q²/2))²], a one-dimensional integral over
the law of q under μ.

E, Ma, Wu's finite π (uniform on atoms (a_i, w_i, b_i)): g = a ρ(wᵀx + b), c = 0, so
V = (1/N) Σ_i a_i² E ρ_i² − (1/N²) Σ_(i,k) a_i a_k E ρ_i ρ_k under μ uniform on [0, 1]^d. For
atoms whose w has one nonzero coordinate the expectations are integrals of products of two
linear functions over an interval: exact up to rounding. Otherwise (dense w) a scrambled Sobol
average of the pointwise variance (quasi-Monte Carlo, 2^14 points).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import torch
from scipy import integrate, special

from verify.domain.approximation.barron import FiniteReluLaw

__all__ = ["BARRON_VARIANCE_MEASURES", "barron_pointwise_second_moment", "barron_step_variance",
           "relu_law_variance"]

BARRON_VARIANCE_MEASURES = ("ball", "sphere", "axis")
"""The measures μ of :func:`verify.domain.approximation.barron.sample_measure` whose law of
q = ‖x_(1..k)‖ is known in closed form (not the inscribed cube)."""


def barron_pointwise_second_moment(q: float, radius: float, barron_constant: float) -> float:
    """E g(x)² at ‖x_(1..k)‖ = q: 2 r C_f (q/√(2π) − D(√2 q)/(2√π))."""
    return 2 * radius * barron_constant * (q / math.sqrt(2 * math.pi)
                                           - float(special.dawsn(math.sqrt(2) * q))
                                           / (2 * math.sqrt(math.pi)))


def _pointwise_variance(q: float, radius: float, barron_constant: float) -> float:
    return barron_pointwise_second_moment(q, radius, barron_constant) \
        - (1 - math.exp(-q * q / 2)) ** 2


@cache
def barron_step_variance(rank: int, dim: int, radius: float, measure: str,
                         barron_constant: float) -> float:
    """V = n·E ∫ (f − f_n)² dμ for Barron's step networks of f = exp(−‖x_(1..k)‖²/2) on B_r
    (``barron_constant`` = C_f). The law of q = ‖x_(1..k)‖/r: "axis" (x = ±r e_1) q = 1;
    "sphere" (uniform on ∂B_r) density ∝ u^(k−1)(1 − u²)^((d−k)/2 − 1) (q = 1 when k = d);
    "ball" (uniform in B_r) density ∝ u^(k−1)(1 − u²)^((d−k)/2)."""
    if not 1 <= rank <= dim:
        raise ValueError(f"need 1 ≤ k ≤ d, got k = {rank}, d = {dim}")
    r, c_f = float(radius), float(barron_constant)
    if measure == "axis" or (measure == "sphere" and rank == dim):
        return _pointwise_variance(r, r, c_f)
    if measure not in BARRON_VARIANCE_MEASURES:
        raise ValueError(f"no closed-form law of ‖x_(1..k)‖ for μ {measure!r}; use one of "
                         f"{', '.join(BARRON_VARIANCE_MEASURES)}")
    exponent = (dim - rank) / 2 - (1 if measure == "sphere" else 0)

    def density(u: float) -> float:
        return u ** (rank - 1) * (1 - u * u) ** exponent

    def weighted(u: float) -> float:
        return density(u) * _pointwise_variance(r * u, r, c_f)

    norm = special.beta(rank / 2, exponent + 1) / 2  # ∫_0^1 u^(k−1)(1 − u²)^e du
    value, _ = integrate.quad(weighted, 0.0, 1.0, limit=400, epsabs=0.0, epsrel=1e-11)
    return value / norm


def _one_coordinate(law: FiniteReluLaw) -> bool:
    return bool(((law.w != 0).sum(-1) <= 1).all())


def _linear_integrals(slope: np.ndarray, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                        np.ndarray]:
    """For ρ(c t + b) on t ∈ [0, 1]: the interval [lo, hi] where c t + b > 0 (empty: lo = hi)."""
    lo = np.zeros_like(offset)
    hi = np.ones_like(offset)
    pos, neg = slope > 0, slope < 0
    root = np.divide(-offset, slope, out=np.zeros_like(offset), where=slope != 0)
    lo = np.where(pos, np.clip(root, 0, 1), lo)
    hi = np.where(neg, np.clip(root, 0, 1), hi)
    flat = slope == 0
    hi = np.where(flat & (offset <= 0), lo, hi)
    return lo, np.maximum(hi, lo), root


def _exact_relu_variance(law: FiniteReluLaw) -> float:
    a = law.a.numpy()
    w = law.w.numpy()
    b = law.b.numpy()
    count = len(a)
    coord = np.argmax(np.abs(w), axis=1)
    slope = w[np.arange(count), coord]
    lo, hi, _ = _linear_integrals(slope, b)

    def poly(s1: np.ndarray, b1: np.ndarray, s2: np.ndarray, b2: np.ndarray, lo_: np.ndarray,
             hi_: np.ndarray) -> np.ndarray:
        """∫_lo^hi (s1 t + b1)(s2 t + b2) dt."""
        def antiderivative(t: np.ndarray) -> np.ndarray:
            return s1 * s2 * t**3 / 3 + (s1 * b2 + b1 * s2) * t**2 / 2 + b1 * b2 * t
        return np.where(hi_ > lo_, antiderivative(hi_) - antiderivative(lo_), 0.0)

    first = poly(slope, b, np.zeros_like(b), np.ones_like(b), lo, hi)  # E ρ_i
    second = poly(slope, b, slope, b, lo, hi)  # E ρ_i²
    lo2 = np.maximum(lo[:, None], lo[None, :])
    hi2 = np.minimum(hi[:, None], hi[None, :])
    same = poly(slope[:, None], b[:, None], slope[None, :], b[None, :], lo2, hi2)
    cross = np.where(coord[:, None] == coord[None, :], same, first[:, None] * first[None, :])
    np.fill_diagonal(cross, second)
    mean_square = float(np.sum(a * a * second)) / count
    square_mean = float(a @ cross @ a) / count**2
    return mean_square - square_mean


def relu_law_variance(law: FiniteReluLaw, qmc_points: int = 1 << 14, seed: int = 0
                      ) -> tuple[float, str]:
    """V = m·E ‖f − f_m‖²_(L²(μ)) for μ uniform on [0, 1]^d, and how it was computed: "exact"
    (every atom's w has one nonzero coordinate) or "quasi-Monte Carlo" (scrambled Sobol
    average of the pointwise variance (1/N)Σ a_i² ρ_i² − f²)."""
    if _one_coordinate(law):
        return _exact_relu_variance(law), "exact"
    engine = torch.quasirandom.SobolEngine(law.dim, scramble=True, seed=seed)
    x = engine.draw(qmc_points, dtype=torch.float64)
    hidden = torch.relu(x @ law.w.T + law.b)
    f = hidden @ law.a / len(law.a)
    pointwise = (hidden**2) @ (law.a**2) / len(law.a) - f**2
    return float(pointwise.mean()), "quasi-Monte Carlo"
