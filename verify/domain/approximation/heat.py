"""The heat (Kolmogorov) equation with a network initial condition and its Monte Carlo network.

Grohs, Hornung, Jentzen, von Wurstemberger (2018, arXiv:1809.02362); Berner, Grohs, Jentzen
(2020, arXiv:1809.03062). ∂_t u = Δu with u(0, ·) = φ is solved by u(T, x) = E φ(x + s Z),
s = √(2T), Z ∼ N(0, I_d). With z_1..z_n i.i.d. N(0, I_d), Ψ_n(x) = (1/n) Σ_i φ(x + s z_i) is,
for a ReLU network φ, a ReLU network with n parallel copies of φ, and
E_z ∫ (u(T, x) − Ψ_n(x))² μ(dx) = (1/n) ∫ Var φ(x + s Z) μ(dx).

Closed forms, μ uniform on the box [lo, hi]^d:
- φ(x) = ‖x‖²: u = ‖x‖² + 2dT, Var φ(x + sZ) = 8T‖x‖² + 8T²d;
- φ(x) = exp(aᵀx) with a = (α/√d)·1 (‖a‖ = α in every d): u = exp(aᵀx + Tα²),
  Var = exp(2aᵀx)(e^{4Tα²} − e^{2Tα²});
- φ(x) = Σ_i ρ(x_i) (ρ = ReLU): u = Σ_i [x_i Φ(x_i/s) + s φ_N(x_i/s)], and
  E ρ(t + sZ)² = (t² + s²) Φ(t/s) + t s φ_N(t/s), Φ/φ_N the standard normal cdf/pdf.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import mpmath
import sympy
import torch
from torch import Tensor

from verify.arith.convert import fraction_to_mpf, to_sympy
from verify.device import single_cpu_thread
from verify.domain.approximation.barron import WidthSweep
from verify.domain.networks.ensembles import Ensemble

__all__ = [
    "FAMILIES",
    "HeatProblem",
    "claimed_solution_1d",
    "heat_sweep",
    "monte_carlo_network",
    "nonzero_parameters",
    "normal_cdf",
    "normal_pdf",
    "relu_sum_network",
]

FAMILIES = ("square", "exp", "relu_sum")
_CHUNK_ELEMENTS = 1 << 20

t_sym = sympy.Symbol("t", positive=True)
y_sym = sympy.Symbol("y", real=True)


def normal_cdf(z: sympy.Expr) -> sympy.Expr:
    """Φ(z) = (1 + erf(z/√2))/2."""
    return (1 + sympy.erf(z / sympy.sqrt(2))) / 2


def normal_pdf(z: sympy.Expr) -> sympy.Expr:
    """φ_N(z) = exp(−z²/2)/√(2π)."""
    return sympy.exp(-z**2 / 2) / sympy.sqrt(2 * sympy.pi)


def claimed_solution_1d(family: str, variance_rate: sympy.Expr, a: sympy.Expr = sympy.S.One
                        ) -> sympy.Expr:
    """One coordinate's factor of E φ(x + √(c² t) Z) in (t, y), with c² = ``variance_rate``
    (2 for the heat equation ∂_t u = Δu): y² + c²t, exp(a y + c² t a²/2), or
    y Φ(y/s) + s φ_N(y/s) with s = √(c² t). The solution is the sum (square, relu_sum) or the
    product (exp) of these factors over the coordinates."""
    c2 = sympy.sympify(variance_rate)
    if family == "square":
        return y_sym**2 + c2 * t_sym
    if family == "exp":
        return sympy.exp(a * y_sym + c2 * t_sym * a**2 / 2)
    if family == "relu_sum":
        s = sympy.sqrt(c2 * t_sym)
        return y_sym * normal_cdf(y_sym / s) + s * normal_pdf(y_sym / s)
    raise ValueError(f"unknown family {family!r}; use one of {', '.join(FAMILIES)}")


@cache
def _residual_1d(family: str, variance_rate: sympy.Expr, a: sympy.Expr) -> sympy.Expr:
    v = claimed_solution_1d(family, variance_rate, a)
    return sympy.simplify(sympy.diff(v, t_sym) - sympy.diff(v, y_sym, 2))


@dataclass(frozen=True)
class HeatProblem:
    """∂_t u = Δu on R^d up to time T with u(0, ·) = φ of ``family``; μ uniform on [lo, hi]^d;
    ``alpha`` = ‖a‖ for the exp family."""

    family: str
    dim: int
    time: Fraction
    lo: Fraction = Fraction(0)
    hi: Fraction = Fraction(1)
    alpha: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(f"unknown family {self.family!r}; use one of {', '.join(FAMILIES)}")
        if self.dim < 1 or self.time <= 0 or not self.lo < self.hi:
            raise ValueError("need d ≥ 1, T > 0 and lo < hi")

    # -- exact data ---------------------------------------------------------------------------
    @property
    def scale(self) -> sympy.Expr:
        """s = √(2T)."""
        return sympy.sqrt(2 * to_sympy(self.time))

    @property
    def coefficient(self) -> sympy.Expr:
        """a_i = α/√d (exp family)."""
        return to_sympy(self.alpha) / sympy.sqrt(self.dim)

    def _moment(self, power: int) -> sympy.Rational:
        """E t^power for t uniform on [lo, hi]."""
        lo, hi = to_sympy(self.lo), to_sympy(self.hi)
        return (hi ** (power + 1) - lo ** (power + 1)) / ((power + 1) * (hi - lo))

    def _exp_moment(self, rate: sympy.Expr) -> sympy.Expr:
        """E exp(rate · t) for t uniform on [lo, hi]."""
        lo, hi = to_sympy(self.lo), to_sympy(self.hi)
        return (sympy.exp(rate * hi) - sympy.exp(rate * lo)) / (rate * (hi - lo))

    def integrated_variance(self) -> sympy.Expr:
        """∫ Var φ(x + √(2T) Z) μ(dx): exact for square and exp, a 30-digit quadrature (a
        sympy Float) for relu_sum."""
        d, T = self.dim, to_sympy(self.time)
        if self.family == "square":
            return 8 * T * d * self._moment(2) + 8 * T**2 * d
        if self.family == "exp":
            a2 = to_sympy(self.alpha) ** 2
            return (self._exp_moment(2 * self.coefficient) ** d
                    * (sympy.exp(4 * T * a2) - sympy.exp(2 * T * a2)))
        return d * self._relu_quadrature("variance")

    def solution_second_moment(self) -> sympy.Expr:
        """∫ u(T, x)² μ(dx) (exact for square and exp, quadrature for relu_sum)."""
        d, T = self.dim, to_sympy(self.time)
        if self.family == "square":
            m2, m4 = self._moment(2), self._moment(4)
            return d * (m4 - m2**2) + (d * m2 + 2 * d * T) ** 2
        if self.family == "exp":
            a2 = to_sympy(self.alpha) ** 2
            return self._exp_moment(2 * self.coefficient) ** d * sympy.exp(2 * T * a2)
        first, second = self._relu_quadrature("mean"), self._relu_quadrature("square")
        return d * second + d * (d - 1) * first**2

    def relative_variance(self) -> sympy.Expr:
        """n · E‖u − Ψ_n‖²/‖u‖² = ∫Var dμ / ∫u² dμ (independent of n)."""
        return self.integrated_variance() / self.solution_second_moment()

    def _relu_quadrature(self, which: str) -> sympy.Float:
        return _relu_moment(self.time, self.lo, self.hi, which)

    def pde_residual(self, variance_rate: int | sympy.Expr = 2) -> sympy.Expr:
        """(∂_t − Δ) applied to the claimed solution E φ(x + √(c² t) Z) (c² = ``variance_rate``),
        exactly, at t = T and x = q·1 with q the box midpoint. Additive families give
        d·r(T, q), the product family d·r(T, q)·v(T, q)^(d−1), r the one-coordinate residual."""
        a = self.coefficient if self.family == "exp" else sympy.S.One
        point = {t_sym: to_sympy(self.time), y_sym: to_sympy((self.lo + self.hi) / 2)}
        r1 = _residual_1d(self.family, sympy.sympify(variance_rate), a).subs(point)
        if self.family != "exp":
            return self.dim * r1
        v = claimed_solution_1d(self.family, variance_rate, a).subs(point)
        return self.dim * r1 * v ** (self.dim - 1)

    # -- float evaluation ----------------------------------------------------------------------
    def _a(self, x: Tensor) -> Tensor:
        return torch.full((self.dim,), float(self.alpha) / math.sqrt(self.dim), dtype=x.dtype,
                          device=x.device)

    def phi(self, x: Tensor) -> Tensor:
        """φ(x) for x of shape [..., d]."""
        if self.family == "square":
            return (x * x).sum(-1)
        if self.family == "exp":
            return torch.exp(x @ self._a(x))
        return torch.relu(x).sum(-1)

    def solution(self, x: Tensor) -> Tensor:
        """u(T, x) from the closed form."""
        T = float(self.time)
        if self.family == "square":
            return (x * x).sum(-1) + 2 * self.dim * T
        if self.family == "exp":
            return torch.exp(x @ self._a(x) + T * float(self.alpha) ** 2)
        s = math.sqrt(2 * T)
        z = x / s
        return (x * torch.special.ndtr(z) + s * torch.exp(-z * z / 2)
                / math.sqrt(2 * math.pi)).sum(-1)

    def variance(self, x: Tensor) -> Tensor:
        """Var φ(x + √(2T) Z) from the closed form."""
        T = float(self.time)
        if self.family == "square":
            return 8 * T * (x * x).sum(-1) + 8 * T**2 * self.dim
        if self.family == "exp":
            a2 = float(self.alpha) ** 2
            return torch.exp(2 * (x @ self._a(x))) * (math.exp(4 * T * a2) - math.exp(2 * T * a2))
        s = math.sqrt(2 * T)
        z = x / s
        cdf, pdf = torch.special.ndtr(z), torch.exp(-z * z / 2) / math.sqrt(2 * math.pi)
        mean_ = x * cdf + s * pdf
        return ((x * x + s * s) * cdf + x * s * pdf - mean_ * mean_).sum(-1)

    def sample_points(self, shape: Sequence[int], generator: torch.Generator) -> Tensor:
        """Points of μ, uniform on [lo, hi]^d, shape [*shape, d] (float64, CPU)."""
        u = torch.rand((*shape, self.dim), generator=generator, dtype=torch.float64)
        return float(self.lo) + (float(self.hi) - float(self.lo)) * u

    def monte_carlo(self, x: Tensor, z: Tensor, scale: float, literal: bool = False
                    ) -> Tensor:
        """Ψ_n(x) = (1/n) Σ_i φ(x + scale·z_i) for x [E, M, d] and z [E, n, d] (member e uses
        its own z[e]). For ‖x‖² and exp(aᵀx) the sum is expanded exactly
        (‖x‖² + 2 scale xᵀz̄ + scale² mean ‖z_i‖², and exp(aᵀx) mean exp(scale aᵀz_i)), which
        costs O((M + n)d) instead of O(Mnd); ``literal=True``, and always for Σ ρ(x_i), applies
        φ to every shifted point (chunked over i)."""
        if not literal and self.family == "square":
            cross = torch.bmm(x, z.mean(1).unsqueeze(-1)).squeeze(-1)
            return ((x * x).sum(-1) + 2 * scale * cross
                    + scale**2 * (z * z).sum(-1).mean(-1, keepdim=True))
        if not literal and self.family == "exp":
            a = self._a(x)
            return torch.exp(x @ a) * torch.exp(scale * (z @ a)).mean(-1, keepdim=True)
        out = torch.zeros(x.shape[:2], dtype=x.dtype, device=x.device)
        n = z.shape[1]
        step = max(1, _CHUNK_ELEMENTS // max(1, x.shape[1] * self.dim))
        for e in range(x.shape[0]):
            for start in range(0, n, step):
                shifted = x[e].unsqueeze(1) + scale * z[e, start:start + step].unsqueeze(0)
                out[e] += self.phi(shifted).sum(-1)
        return out / n


def heat_sweep(problem: HeatProblem, sizes: Sequence[int], reps: int, points: int, seed: int,
               device: str | torch.device = "cpu", variance_rate: float = 2.0,
               dtype: torch.dtype = torch.float64) -> WidthSweep:
    """For each n: ``reps`` independent Ψ_n (fresh z) each with ``points`` fresh points of μ;
    the error estimate of one replicate is (1/M) Σ_j (u(T, x_j) − Ψ_n(x_j))², unbiased for
    E_z ∫ (u − Ψ_n)² dμ. Shifts are √(variance_rate · T)·z (2 for the heat equation). Draws
    come from one CPU generator seeded with ``seed``; evaluation runs on ``device``."""
    gen = torch.Generator().manual_seed(int(seed))
    scale = math.sqrt(variance_rate * float(problem.time))
    rows = []
    with single_cpu_thread(device):
        for n in sizes:
            z = torch.randn((reps, int(n), problem.dim), generator=gen, dtype=torch.float64)
            x = problem.sample_points((reps, points), gen)
            z, x = z.to(device=device, dtype=dtype), x.to(device=device, dtype=dtype)
            residual = problem.solution(x) - problem.monte_carlo(x, z, scale)
            rows.append(tuple(float(v) for v in (residual ** 2).mean(-1).cpu()))
    return WidthSweep(tuple(int(n) for n in sizes), tuple(rows))


@cache
def _relu_moment(time: Fraction, lo_: Fraction, hi_: Fraction, which: str) -> sympy.Float:
    """E over t ∼ U[lo, hi] of ū(t), ū(t)² or v(t) = E ρ(t + sZ)² − ū(t)², s = √(2T), by
    mpmath quadrature at 40 digits, returned to 30 digits."""
    with mpmath.workdps(40):
        s = mpmath.sqrt(2 * fraction_to_mpf(time))
        lo, hi = fraction_to_mpf(lo_), fraction_to_mpf(hi_)

        def mean_(t: mpmath.mpf) -> mpmath.mpf:
            return t * mpmath.ncdf(t / s) + s * mpmath.npdf(t / s)

        def integrand(t: mpmath.mpf) -> mpmath.mpf:
            m = mean_(t)
            if which == "mean":
                return m
            if which == "square":
                return m * m
            return (t * t + s * s) * mpmath.ncdf(t / s) + t * s * mpmath.npdf(t / s) - m * m

        points = [lo, hi] if not lo < 0 < hi else [lo, mpmath.mpf(0), hi]
        value = mpmath.quad(integrand, points) / (hi - lo)
        return sympy.Float(mpmath.nstr(value, 32), 30)


# -- Ψ_n as an explicit ReLU network -------------------------------------------------------------

def relu_sum_network(dim: int, device: str | torch.device = "cpu",
                     dtype: torch.dtype = torch.float64) -> Ensemble:
    """φ(x) = Σ_i ρ(x_i) as a ReLU network of widths (d, d, 1): W1 = I, W2 = 1ᵀ, no biases."""
    w1 = torch.eye(dim, dtype=dtype, device=device).unsqueeze(0)
    w2 = torch.ones((1, 1, dim), dtype=dtype, device=device)
    return Ensemble([w1, w2], [torch.zeros((1, dim), dtype=dtype, device=device),
                               torch.zeros((1, 1), dtype=dtype, device=device)], "relu")


def monte_carlo_network(phi: Ensemble, shifts: Tensor) -> Ensemble:
    """Ψ(x) = (1/n) Σ_i φ(x + shift_i) as one network (E = 1): n parallel copies of φ, the
    first layer's bias b1 + W1 shift_i, block-diagonal hidden layers, the last layer averaged.
    ``shifts`` has shape [n, d]."""
    if phi.members != 1:
        raise ValueError("monte_carlo_network takes a single network (an ensemble with E = 1)")
    n = shifts.shape[0]
    shifts = shifts.to(device=phi.device, dtype=phi.dtype)
    ws = [w[0] for w in phi.weights]
    bs = [b[0] for b in phi.biases]
    if phi.depth == 1:
        return Ensemble([ws[0].unsqueeze(0)],
                        [(bs[0] + ws[0] @ shifts.mean(0)).unsqueeze(0)], phi.activation)
    weights = [torch.cat([ws[0]] * n, dim=0)]
    biases = [torch.cat([bs[0] + ws[0] @ shifts[i] for i in range(n)])]
    for w, b in zip(ws[1:-1], bs[1:-1], strict=True):
        weights.append(torch.block_diag(*([w] * n)))
        biases.append(torch.cat([b] * n))
    weights.append(torch.cat([ws[-1] / n] * n, dim=1))
    biases.append(bs[-1])
    return Ensemble([w.unsqueeze(0) for w in weights], [b.unsqueeze(0) for b in biases],
                    phi.activation)


def nonzero_parameters(net: Ensemble, member: int = 0) -> int:
    """The number of nonzero weights and biases of one member (its size)."""
    return int(sum(int((w[member] != 0).sum()) + int((b[member] != 0).sum())
                   for w, b in zip(net.weights, net.biases, strict=True)))
