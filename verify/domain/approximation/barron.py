"""Barron's construction made concrete (Barron 1993, "Universal approximation bounds for
superpositions of a sigmoidal function", IEEE Trans. Inf. Theory 39(3), Thm 1 and its proof).

Fourier convention (Barron's): f(x) = ∫ e^{iω·x} F̃(ω) dω, i.e. F̃(ω) = (2π)^{−d} ∫ f(x) e^{−iω·x} dx,
and C_f = ∫ |ω| |F̃(ω)| dω. The target here is a Gaussian of the first k coordinates,
f(x) = exp(−‖x_{1:k}‖²/2) on R^d (k = d: the isotropic Gaussian; k = 1: a ridge function), whose
F̃ is the standard normal density on R^k (embedded in R^d), so C_f = E‖Z_k‖ =
√2 Γ((k+1)/2)/Γ(k/2), the mean of a chi distribution with k degrees of freedom.

The network is sampled from the Fourier representation, as in the proof:
f(x) − f(0) = ∫ F̃(ω)(cos(ω·x) − 1) dω = C_f E_{ω∼Λ}[(cos(ω·x) − 1)/|ω|] with Λ(dω) ∝ |ω| F̃(ω) dω
(for the Gaussian, |ω| ∼ χ_{k+1} and ω/|ω| uniform on the sphere of R^k). On |t| ≤ r,
cos(ut) − 1 = −∫_0^r u sin(us) (1{t > s} + 1{−t > s}) ds, so with s ∼ U[0, r] and a fair sign σ,
f(x) − f(0) = E[2 r C_f (−sin(|ω|s)) 1{σ ω̂·x − s > 0}] on the ball B_r: a mixture of steps
(a sigmoidal function in Barron's sense) whose coefficients are bounded by 2 r C_f. Averaging n
i.i.d. samples gives a one-hidden-layer network with Σ|c_k| ≤ 2 r C_f and, by Maurey's lemma,
E ∫ (f − f_n)² dμ = (E‖g‖²_μ − ‖f − f(0)‖²_μ)/n ≤ (2 r C_f)²/n for every probability μ on B_r.
Keeping the cosine ridge functions gives the intermediate bound (r C_f)²/n of the proof;
replacing the steps by steep sigmoids σ(κ·) gives Barron's limit argument (bias O(C_f/κ)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy
import torch
from torch import Tensor

from verify.check.stats import loglog_slope, mean, skew_corrected_mean
from verify.core.measurement import Estimate
from verify.device import single_cpu_thread
from verify.domain.networks.ensembles import Activation, Ensemble, activation

__all__ = [
    "COSINE",
    "FOURIER_CONVENTION",
    "HEAVISIDE",
    "MEASURES",
    "RELU_LAWS",
    "RIDGES",
    "FiniteReluLaw",
    "GaussianTarget",
    "WidthSweep",
    "barron_networks",
    "barron_sweep",
    "gaussian_barron_constant",
    "l2_errors",
    "maurey_bound",
    "relu_barron_law",
    "relu_barron_sweep",
    "sample_measure",
]

FOURIER_CONVENTION = ("f(x) = ∫ e^{iω·x} F̃(ω) dω, F̃(ω) = (2π)^{−d} ∫ f(x) e^{−iω·x} dx; "
                      "C_f = ∫ |ω| |F̃(ω)| dω (Barron 1993)")

HEAVISIDE = Activation(
    "heaviside", lambda t: (t > 0).to(t.dtype), None, None,
    lambda t: Fraction(int(t > 0)), None, True)
"""The unit step 1{t > 0}: bounded, measurable, → 1 at +∞ and → 0 at −∞ (sigmoidal)."""

COSINE = Activation("cos", torch.cos, Fraction(1), None, None, lambda x: x.cos(), False)

RIDGES = ("step", "sigmoid", "cos")
MEASURES = ("ball", "sphere", "cube", "axis")


def gaussian_barron_constant(k: int | sympy.Expr) -> sympy.Expr:
    """C_f = √2 Γ((k+1)/2)/Γ(k/2) for f(x) = exp(−‖x_{1:k}‖²/2) (exact, sympy)."""
    k = sympy.sympify(k)
    return sympy.sqrt(2) * sympy.gamma((k + 1) / 2) / sympy.gamma(k / 2)


@dataclass(frozen=True)
class GaussianTarget:
    """f(x) = exp(−‖x_{1:k}‖²/2) on R^d, with F̃ = N(0, I_k) in Barron's convention."""

    dim: int
    rank: int

    def __post_init__(self) -> None:
        if not 1 <= self.rank <= self.dim:
            raise ValueError(f"need 1 ≤ k ≤ d, got k = {self.rank}, d = {self.dim}")

    @property
    def barron_constant(self) -> float:
        """C_f as a float (mpmath, 30 digits)."""
        with mpmath.workdps(30):
            k = mpmath.mpf(self.rank)
            return float(mpmath.sqrt(2) * mpmath.gamma((k + 1) / 2) / mpmath.gamma(k / 2))

    def __call__(self, x: Tensor) -> Tensor:
        return torch.exp(-0.5 * (x[..., : self.rank] ** 2).sum(-1))

    def value_at_zero(self) -> float:
        return 1.0

    def sample_frequencies(self, shape: Sequence[int], generator: torch.Generator
                           ) -> Tensor:
        """ω ∼ Λ ∝ |ω| F̃(ω) dω, shape [*shape, d], float64 on the CPU: with G ∼ N(0, I_{k+1}),
        ω = ‖G‖ G_{1:k}/‖G_{1:k}‖ (‖G‖ ∼ χ_{k+1} is independent of the direction)."""
        g = torch.randn((*shape, self.rank + 1), generator=generator, dtype=torch.float64)
        head = g[..., : self.rank]
        omega = head * (g.norm(dim=-1) / head.norm(dim=-1)).unsqueeze(-1)
        if self.rank == self.dim:
            return omega
        pad = torch.zeros((*shape, self.dim - self.rank), dtype=torch.float64)
        return torch.cat([omega, pad], dim=-1)


def maurey_bound(target: GaussianTarget, radius: float, ridge: str = "step") -> float:
    """sup |g| squared for the sampled functions g: (2 r C_f)² for steps and sigmoids (Barron's
    Thm 1), (r C_f)² for cosine ridge functions (the intermediate bound of the proof)."""
    factor = 1.0 if ridge == "cos" else 2.0
    return (factor * radius * target.barron_constant) ** 2


def barron_networks(target: GaussianTarget, radius: float, width: int, members: int,
                    generator: torch.Generator, ridge: str = "step", steepness: float = 1e6,
                    device: str | torch.device = "cpu", dtype: torch.dtype = torch.float64
                    ) -> Ensemble:
    """``members`` independent width-``width`` networks f_n sampled by Barron's construction on
    B_r (widths (d, n, 1)). ``ridge``: "step" (unit steps), "sigmoid" (logistic σ(κ·) with
    κ = ``steepness``) or "cos" (the cosine ridge functions themselves)."""
    if ridge not in RIDGES:
        raise ValueError(f"unknown ridge {ridge!r}; use one of {', '.join(RIDGES)}")
    c_f, n, r = target.barron_constant, width, float(radius)
    omega = target.sample_frequencies((members, n), generator)
    norms = omega.norm(dim=-1)
    f0 = target.value_at_zero()
    if ridge == "cos":
        inner, bias = omega, torch.zeros(members, n, dtype=torch.float64)
        outer = c_f / (n * norms)
        out_bias = f0 - outer.sum(-1, keepdim=True)
        act: Activation = COSINE
    else:
        thresholds = torch.rand((members, n), generator=generator, dtype=torch.float64) * r
        signs = torch.randint(0, 2, (members, n), generator=generator).to(torch.float64) * 2 - 1
        inner = omega / norms.unsqueeze(-1) * signs.unsqueeze(-1)
        bias = -thresholds
        outer = 2 * r * c_f * -torch.sin(norms * thresholds) / n
        out_bias = torch.full((members, 1), f0, dtype=torch.float64)
        act = HEAVISIDE
        if ridge == "sigmoid":
            inner, bias, act = inner * steepness, bias * steepness, activation("sigmoid")
    weights = [inner, outer.unsqueeze(1)]
    biases = [bias, out_bias]
    return Ensemble([w.to(device=device, dtype=dtype) for w in weights],
                    [b.to(device=device, dtype=dtype) for b in biases], act)


def sample_measure(kind: str, dim: int, radius: float, shape: Sequence[int],
                   generator: torch.Generator) -> Tensor:
    """Points of a probability μ on the ball B_r ⊂ R^d, shape [*shape, d] (float64, CPU):
    "ball" uniform in B_r, "sphere" uniform on its boundary, "cube" uniform in the cube
    [−r/√d, r/√d]^d inscribed in B_r, "axis" ±r e_1 with probability 1/2 each."""
    r = float(radius)
    if kind == "axis":
        signs = torch.randint(0, 2, tuple(shape), generator=generator).to(torch.float64) * 2 - 1
        out = torch.zeros((*shape, dim), dtype=torch.float64)
        out[..., 0] = r * signs
        return out
    if kind == "cube":
        u = torch.rand((*shape, dim), generator=generator, dtype=torch.float64)
        return (2 * u - 1) * (r / math.sqrt(dim))
    g = torch.randn((*shape, dim), generator=generator, dtype=torch.float64)
    direction = g / g.norm(dim=-1, keepdim=True)
    if kind == "sphere":
        return r * direction
    if kind == "ball":
        u = torch.rand(tuple(shape), generator=generator, dtype=torch.float64)
        return r * direction * u.pow(1.0 / dim).unsqueeze(-1)
    raise ValueError(f"unknown measure {kind!r}; use one of {', '.join(MEASURES)}")


def l2_errors(target: GaussianTarget, nets: Ensemble, points: Tensor) -> Tensor:
    """Per member e, the Monte Carlo estimate (1/M) Σ_j (f(x_ej) − f_n,e(x_ej))² with the
    member's own fresh points ``points[e]`` (shape [E, M, d]): an unbiased estimate of
    ∫ (f − f_n,e)² dμ, so its mean over members estimates E ∫ (f − f_n)² dμ."""
    x = points.to(device=nets.device, dtype=nets.dtype)
    residual = target(x) - nets(x).squeeze(-1)
    return (residual ** 2).mean(-1)


@dataclass(frozen=True)
class WidthSweep:
    """Errors of independently sampled Monte Carlo networks: ``errors[j]`` holds one L²(μ)
    error estimate per replicate at width ``sizes[j]`` (also used by :mod:`verify.heat`)."""

    sizes: tuple[int, ...]
    errors: tuple[tuple[float, ...], ...]

    def mean_squared(self) -> list[float]:
        return [math.fsum(e) / len(e) for e in self.errors]

    def rms_slope(self, confidence: float) -> Estimate:
        """Log-log slope of the root-mean-square error against the width (claimed −1/2)."""
        return loglog_slope(self.sizes, [math.sqrt(v) for v in self.mean_squared()],
                            confidence)

    def scaled_error(self, confidence: float, min_size: int = 1, skew_corrected: bool = False
                     ) -> Estimate:
        """n · ∫(f − f_n)² dμ pooled over all widths ≥ ``min_size`` and replicates: for an
        average of n i.i.d. terms every n·error has the same mean (Maurey's identity:
        E‖g‖² − ‖E g‖²), so the interval covers that constant. Student-t interval, or with
        ``skew_corrected`` Hall's skewness-corrected one (:func:`skew_corrected_mean`), for
        heavy right tails."""
        pooled = [n * e for n, row in zip(self.sizes, self.errors, strict=True) for e in row
                  if n >= min_size]
        est = skew_corrected_mean(pooled, confidence) if skew_corrected else mean(pooled,
                                                                                 confidence)
        details = dict(est.details)
        details.update({"sizes": [float(n) for n in self.sizes],
                        "values": self.mean_squared(), "min_size": min_size})
        return Estimate(est.point, est.lo, est.hi, est.confidence, details)


def barron_sweep(target: GaussianTarget, radius: float, measure: str, sizes: Sequence[int],
                 reps: int, points: int, seed: int, device: str | torch.device = "cpu",
                 ridge: str = "step", dtype: torch.dtype = torch.float64) -> WidthSweep:
    """For each width n: ``reps`` independent networks and, for each, ``points`` fresh points
    of μ; all draws come from one CPU generator seeded with ``seed`` (so a seed gives the same
    sweep on every device), the evaluation runs on ``device``."""
    gen = torch.Generator().manual_seed(int(seed))
    rows = []
    with single_cpu_thread(device):
        for n in sizes:
            nets = barron_networks(target, radius, int(n), reps, gen, ridge, device=device,
                                   dtype=dtype)
            x = sample_measure(measure, target.dim, radius, (reps, points), gen)
            rows.append(tuple(float(v) for v in l2_errors(target, nets, x).cpu()))
    return WidthSweep(tuple(int(n) for n in sizes), tuple(rows))


# -- Barron space of ReLU networks (E, Ma, Wu) ---------------------------------------------------

RELU_LAWS = ("coordinate", "aligned", "dense")


@dataclass(frozen=True)
class FiniteReluLaw:
    """A finite π, uniform on N atoms (a_i, w_i, b_i), representing
    f(x) = E_π[a ρ(wᵀx + b)] = (1/N) Σ_i a_i ρ(w_iᵀx + b_i) (ρ = ReLU) on [0, 1]^d (E, Ma, Wu,
    "The Barron space and the flow-induced function spaces for neural network models").
    ``path_norm`` = E_π |a|(‖w‖₁ + |b|) is the norm of this representation, an upper bound for
    the Barron norm ‖f‖_B (an infimum over all representations)."""

    a: Tensor
    w: Tensor
    b: Tensor

    @property
    def dim(self) -> int:
        return int(self.w.shape[1])

    def _path_weights(self) -> Tensor:
        return self.a.abs() * (self.w.abs().sum(-1) + self.b.abs())

    @property
    def path_norm(self) -> float:
        """E_π |a|(‖w‖₁ + |b|), summed with math.fsum."""
        return math.fsum(self._path_weights().tolist()) / len(self.a)

    @property
    def path_second_moment(self) -> float:
        """E_π a²(‖w‖₁ + |b|)²: bounds E_π[a² ρ(wᵀx + b)²] on [0, 1]^d."""
        return math.fsum((self._path_weights() ** 2).tolist()) / len(self.a)

    def __call__(self, x: Tensor) -> Tensor:
        """f(x) for x of shape [..., d]."""
        a, w, b = (t.to(device=x.device, dtype=x.dtype) for t in (self.a, self.w, self.b))
        return torch.relu(x @ w.T + b) @ a / len(a)

    def sample_networks(self, width: int, members: int, generator: torch.Generator,
                        device: str | torch.device = "cpu", dtype: torch.dtype = torch.float64
                        ) -> Ensemble:
        """``members`` independent width-m networks f_m = (1/m) Σ_k a_k ρ(w_kᵀx + b_k) with the
        (a_k, w_k, b_k) drawn i.i.d. from π (widths (d, m, 1))."""
        idx = torch.randint(0, len(self.a), (members, width), generator=generator)
        weights = [self.w[idx], (self.a[idx] / width).unsqueeze(1)]
        biases = [self.b[idx], torch.zeros((members, 1), dtype=torch.float64)]
        return Ensemble([t.to(device=device, dtype=dtype) for t in weights],
                        [t.to(device=device, dtype=dtype) for t in biases], "relu")


def relu_barron_law(kind: str, dim: int, atoms: int, positive: float,
                    generator: torch.Generator) -> FiniteReluLaw:
    """A finite π with every atom normalised to |a|(‖w‖₁ + |b|) = 1, so ‖π‖ = 1 (up to
    rounding). "coordinate": w = ±e_j (j uniform), b ∼ U[−1, 1] (kinks inside the cube);
    "aligned": w = e_j, b ∼ U[−1/4, 2] (neurons active on most of [0, 1]^d, where
    ρ(wᵀx + b) is close to ‖w‖₁ + |b|: the Monte Carlo error comes close to its bound);
    "dense": w ∼ N(0, I_d), b ∼ N(0, 1). The sign of a is + with probability ``positive``."""
    if kind in ("coordinate", "aligned"):
        w = torch.zeros((atoms, dim), dtype=torch.float64)
        j = torch.randint(0, dim, (atoms,), generator=generator)
        signs = torch.randint(0, 2, (atoms,), generator=generator).to(torch.float64) * 2 - 1
        u = torch.rand(atoms, generator=generator, dtype=torch.float64)
        if kind == "aligned":
            signs, b = torch.ones(atoms, dtype=torch.float64), u * 2.25 - 0.25
        else:
            b = u * 2 - 1
        w[torch.arange(atoms), j] = signs
    elif kind == "dense":
        w = torch.randn((atoms, dim), generator=generator, dtype=torch.float64)
        b = torch.randn(atoms, generator=generator, dtype=torch.float64)
    else:
        raise ValueError(f"unknown law {kind!r}; use one of {', '.join(RELU_LAWS)}")
    sign = (torch.rand(atoms, generator=generator, dtype=torch.float64) < positive)
    a = (sign.to(torch.float64) * 2 - 1) / (w.abs().sum(-1) + b.abs())
    return FiniteReluLaw(a, w, b)


def relu_barron_sweep(law: FiniteReluLaw, sizes: Sequence[int], reps: int, points: int,
                      seed: int, device: str | torch.device = "cpu",
                      dtype: torch.dtype = torch.float64) -> WidthSweep:
    """For each width m: ``reps`` independent f_m (atoms drawn i.i.d. from π), each with
    ``points`` fresh points uniform on [0, 1]^d; (1/M) Σ_j (f − f_m)(x_j)² per replicate."""
    gen = torch.Generator().manual_seed(int(seed))
    rows = []
    with single_cpu_thread(device):
        for m in sizes:
            nets = law.sample_networks(int(m), reps, gen, device, dtype)
            x = torch.rand((reps, points, law.dim), generator=gen, dtype=torch.float64)
            x = x.to(device=device, dtype=dtype)
            residual = law(x) - nets(x).squeeze(-1)
            rows.append(tuple(float(v) for v in (residual ** 2).mean(-1).cpu()))
    return WidthSweep(tuple(int(m) for m in sizes), tuple(rows))
