"""A discrete 1-D scattering transform with an exactly tight filter bank (Mallat 2012, §2).

Circular signals of length N = 2^K, no subsampling. The filter bank lives in the Fourier
domain: with ν = min(k, N − k)/(N/2) ∈ [0, 1] and h(x) = 1 (x ≤ ½), cos²(π(2x − 1)/2)
(½ < x < 1), 0 (x ≥ 1), set ρ_0 = 1, ρ_j(ν) = h(2^(j−1) ν) (j = 1..J),
ψ̂_j = sqrt(ρ_j − ρ_{j+1}) (j = 0..J−1) and φ̂_J = sqrt(ρ_J). The squares telescope, so the
Littlewood–Paley identity |φ̂|² + Σ_j |ψ̂_j|² = 1 holds exactly (cos² + sin² = 1): every
ψ̂_j is a product a_j·b_{j+1} of a cosine and a sine window. kymatio's bank is not tight
(SOURCES T16), hence this one.

Two backends: torch (float64, on any device) and python-flint ``acb`` balls (rigorous).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import flint
import torch

from verify.arith.convert import to_arb
from verify.arith.precision import workprec


def _nu(k: int, n: int) -> Fraction:
    return Fraction(min(k, n - k), n // 2)


def _window(x: Fraction, cos, sin, pi) -> tuple:
    """(sqrt(h(x)), sqrt(1 − h(x))) with h the squared-cosine step from ½ to 1."""
    if x <= Fraction(1, 2):
        return 1, 0
    if x >= 1:
        return 0, 1
    t = pi * (2 * x.numerator - x.denominator) / (2 * x.denominator)
    return cos(t), sin(t)


def filter_bank(n: int, scales: int, backend: str = "float") -> tuple[list, list[list]]:
    """(φ̂, [ψ̂_0, …, ψ̂_{J−1}]) sampled at k = 0..n−1; ``backend`` 'float' or 'arb'.

    Computed once per (n, J, backend, working precision); the lists are shared: do not modify.
    """
    precision = flint.ctx.prec if backend == "arb" else 0
    return _filter_bank(n, scales, backend, precision, _window)


@lru_cache(maxsize=256)
def _filter_bank(n: int, scales: int, backend: str, precision: int, window: Any
                 ) -> tuple[list, list[list]]:
    """filter_bank at the given arb precision with the given window (a cache key)."""
    if n < 4 or n & (n - 1):
        raise ValueError(f"n must be a power of two ≥ 4, got {n}")
    if scales < 1 or 2**scales > n:
        raise ValueError(f"need 1 ≤ J ≤ log2(n), got J={scales}, n={n}")
    pi: Any
    cos: Any
    sin: Any
    one: Any
    zero: Any
    if backend == "arb":
        pi, cos, sin, one, zero = flint.arb.pi(), flint.arb.cos, flint.arb.sin, flint.arb(1), \
            flint.arb(0)
    else:
        import math
        pi, cos, sin, one, zero = math.pi, math.cos, math.sin, 1.0, 0.0

    def a(j: int, k: int):  # sqrt(ρ_j)
        if j == 0:
            return one
        w = window(_nu(k, n) * 2 ** (j - 1), cos, sin, pi)[0]
        return one * w if isinstance(w, int) else w

    def b(j: int, k: int):  # sqrt(1 − ρ_j)
        if j == 0:
            return zero
        w = window(_nu(k, n) * 2 ** (j - 1), cos, sin, pi)[1]
        return one * w if isinstance(w, int) else w

    phi = [a(scales, k) for k in range(n)]
    psis = [[a(j, k) * b(j + 1, k) for k in range(n)] for j in range(scales)]
    return phi, psis


@dataclass
class Scattering:
    """Scattering layers: ``S[m]`` and ``U[m]`` (m = 0..M, and U[M+1]) as lists of paths."""

    S: list
    U: list

    def layer_energy(self, layers: list, m: int):
        return sum((_sq_norm(p) for p in layers[m]), 0 * _sq_norm(layers[0][0]))


def _sq_norm(x):
    if isinstance(x, torch.Tensor):
        return float((x.abs() ** 2).sum())
    return sum((abs(v) ** 2 for v in x), flint.arb(0))


def scatter_torch(f: torch.Tensor, scales: int, depth: int, last_modulus: bool = True
                  ) -> Scattering:
    """Scattering of a real signal f up to depth M, batched over paths.

    ``f`` is one signal (shape (n,)) or a batch (shape (B, n)): the rows of every layer are then
    batch-major, signal b owning rows b·P .. (b + 1)·P − 1 of a layer with P paths per signal.
    ``last_modulus=False`` skips U_{M+1} (not needed for S^{≤M}; energy_defect needs it).
    """
    n = f.shape[-1]
    phi, psis = filter_bank(n, scales)
    dev, dt = f.device, f.dtype
    phi_t = torch.tensor(phi, device=dev, dtype=dt)
    psi_t = torch.tensor(psis, device=dev, dtype=dt)
    u = f.reshape(-1, n)
    S, U = [], [u]
    complex_type = torch.promote_types(dt, torch.complex64)
    for m in range(depth + 1):
        fu = torch.fft.fft(u.to(complex_type))  # a complex input: torch's real path is slow
        S.append(torch.fft.ifft(fu * phi_t).real)
        if m == depth and not last_modulus:
            break
        u = torch.fft.ifft(fu[:, None, :] * psi_t[None]).abs().reshape(-1, n)
        U.append(u)
    return Scattering(S, U)


def split_batch(s: Scattering, batch: int) -> list[Scattering]:
    """The scattering of each signal of a batch computed by :func:`scatter_torch`."""
    def part(layers: list, b: int) -> list:
        return [x[b * (len(x) // batch):(b + 1) * (len(x) // batch)] for x in layers]

    return [Scattering(part(s.S, b), part(s.U, b)) for b in range(batch)]


def scatter_arb(f: list, scales: int, depth: int) -> Scattering:
    """The same transform in ball arithmetic: f is a list of exact numbers (floats, Fractions)."""
    with workprec(200):
        return _scatter_arb(f, scales, depth)


def _scatter_arb(f: list, scales: int, depth: int) -> Scattering:
    n = len(f)
    phi, psis = filter_bank(n, scales, backend="arb")
    u = [[flint.acb(to_arb(v)) for v in f]]
    S, U = [], [u]
    for _ in range(depth + 1):
        S_m, U_next = [], []
        for path in u:
            fu = flint.acb.dft(path)
            S_m.append([v.real for v in flint.acb.dft([x * p for x, p in zip(fu, phi, strict=True)],
                                                       inverse=True)])
            for psi in psis:
                w = flint.acb.dft([x * p for x, p in zip(fu, psi, strict=True)], inverse=True)
                U_next.append([flint.acb(abs(v)) for v in w])
        S.append(S_m)
        U.append(U_next)
        u = U_next
    return Scattering(S, U)


def scattering_distance(a: Scattering, b: Scattering):
    """‖S^{≤M} a − S^{≤M} b‖ (all layers, all paths)."""
    total: Any = None
    term: Any
    for Sa, Sb in zip(a.S, b.S, strict=True):
        if isinstance(Sa, torch.Tensor):
            term = float(((Sa - Sb) ** 2).sum())
        else:
            pairs = (xy for pa, pb in zip(Sa, Sb, strict=True) for xy in zip(pa, pb, strict=True))
            term = sum((abs(x - y) ** 2 for x, y in pairs), flint.arb(0))
        total = term if total is None else total + term
    return total ** 0.5 if isinstance(total, float) else _sqrt_nonnegative(total)


def _sqrt_nonnegative(x: flint.arb) -> flint.arb:
    """sqrt of a ball known to enclose a nonnegative value (it may straddle 0)."""
    if x > 0:
        return x.sqrt()
    return flint.arb(0).union(flint.arb(x.upper()).sqrt())


def energy_defect(s: Scattering):
    """Σ_m |‖U_m f‖² − ‖S_m f‖² − ‖U_{m+1} f‖²| (zero by the Littlewood–Paley identity)."""
    total = None
    for m in range(len(s.S)):
        d = abs(s.layer_energy(s.U, m) - s.layer_energy(s.S, m) - s.layer_energy(s.U, m + 1))
        total = d if total is None else total + d
    return total
