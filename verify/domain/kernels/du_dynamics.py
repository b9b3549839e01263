"""Gradient descent in the setting of Du, Zhai, Póczos, Singh (2019), "Gradient descent provably
optimizes over-parameterized neural networks", ICLR, with what its proof needs recorded.

f(x) = (1/√m) Σ_r a_r ρ(w_rᵀx), a_r uniform on {±1} (fixed), w_r(0) ~ N(0, I), L = ½ Σ_i
(f(x_i) − y_i)², W ← W − η ∂L/∂W. The proof of Thm 4.1 splits one step as u(k+1) − u(k) =
−η H(k)(u(k) − y) + I_2(k), H_ij(k) = (1/m) x_iᵀx_j Σ_r 1{w_r(k)ᵀx_i ≥ 0, w_r(k)ᵀx_j ≥ 0}, where
I_2 collects the neurons whose activation on x_i changes during the step (S_i^⊥):
|I_2,i| ≤ η √n ‖u(k) − y‖ |S_i^⊥(k)|/m for unit inputs (each such neuron moves w_rᵀx_i by at most
‖Δw_r‖ ≤ η √n ‖u − y‖/√m). :func:`du_gradient_descent` records u(k), H(k) and |S_i^⊥(k)| so
that a measure can check this decomposition with the step size it claims.
:func:`limit_rate_ratio` follows the infinite-width dynamics, whose exact rate (1 − ηλ_0)^(2k)
along H^∞'s bottom eigenvector is the tight form of Thm 4.1's bound.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import flint
import torch
from torch import Tensor

from verify.arith.convert import fraction_to_arb, to_fmpq
from verify.arith.precision import workprec
from verify.domain.kernels.ntk import fmpq_matrix
from verify.domain.kernels.training import Point, gram_infinity_arb

__all__ = ["DuTrajectory", "du_gradient_descent", "exact_step_defect", "limit_rate_ratio",
           "step_defect_ratio"]


@dataclass(frozen=True)
class DuTrajectory:
    """Batched gradient-descent runs: outputs u(k) [runs, K + 1, n], the Gram matrices H(k)
    [runs, K, n, n] of the steps and the activation flips |S_i^⊥(k)| [runs, K, n]."""

    outputs: Tensor
    gram: Tensor
    flips: Tensor
    width: int
    signs: Tensor | None = None
    """a_r [runs, m] (±1)."""
    kept: tuple[Tensor, Tensor] | None = None
    """(W(k), W(k+1)) [runs, m, d] at the step ``keep`` asked for, else None."""

    def residuals(self, y: Tensor) -> Tensor:
        """‖y − u(k)‖² for k = 0..K, shape [runs, K + 1]."""
        r = self.outputs - y.to(self.outputs)
        return (r * r).sum(dim=-1)


def du_gradient_descent(x: Tensor, y: Tensor, width: int, runs: int, eta: float, steps: int, *,
                        generator: torch.Generator, device: str | torch.device = "cpu",
                        keep: int | None = None) -> DuTrajectory:
    """``runs`` independent networks trained by ``steps`` gradient steps of size ``eta``,
    batched, float64. Initial weights are drawn on the CPU from ``generator`` (a seed gives the
    same runs on every device). ``keep``: also return the weights before and after that step."""
    n, d = x.shape
    w = torch.randn(runs, width, d, generator=generator, dtype=torch.float64)
    a = torch.randint(0, 2, (runs, width), generator=generator).to(torch.float64) * 2 - 1
    w, a = w.to(device), a.to(device)
    xs = x.to(device=device, dtype=torch.float64)
    ys = y.to(device=device, dtype=torch.float64)
    inner = xs @ xs.T
    scale = 1.0 / math.sqrt(width)
    outputs = torch.empty(runs, steps + 1, n, dtype=torch.float64, device=device)
    gram = torch.empty(runs, steps, n, n, dtype=torch.float64, device=device)
    flips = torch.empty(runs, steps, n, dtype=torch.float64, device=device)
    z = w @ xs.T  # [runs, m, n]
    on = z >= 0
    kept: tuple[Tensor, Tensor] | None = None
    for k in range(steps + 1):
        active = on.to(torch.float64)
        outputs[:, k] = scale * ((z * active).transpose(1, 2) @ a.unsqueeze(-1)).squeeze(-1)
        if k == steps:
            break
        residual = outputs[:, k] - ys  # [runs, n]
        gram[:, k] = inner * (active.transpose(1, 2) @ active) / width
        # ∂L/∂w_r = (1/√m) a_r Σ_i (u_i − y_i) 1{w_rᵀx_i ≥ 0} x_i (Du et al., eq. (3)).
        grad = (scale * a).unsqueeze(-1) * ((active * residual.unsqueeze(1)) @ xs)
        previous = w
        w = w - eta * grad
        if k == keep:
            kept = (previous.cpu(), w.cpu())
        z = w @ xs.T
        on_next = z >= 0
        flips[:, k] = (on_next != on).sum(dim=1).to(torch.float64)
        on = on_next
    return DuTrajectory(outputs, gram, flips, width, a.cpu(), kept)


def step_defect_ratio(trajectory: DuTrajectory, y: Tensor, eta: float,
                      rtol: float = 1e-9, atol: float = 1e-12) -> Tensor:
    """Per run and step [runs, K]: max over inputs i of |u_i(k+1) − u_i(k) + η(H(k)(u(k) − y))_i|
    divided by Du et al.'s bound on the flip term, η √n ‖u(k) − y‖ |S_i^⊥(k)|/m, plus a
    rounding allowance ``rtol``·(|Δu_i| + η|(H(k)(u(k) − y))_i|) + ``atol`` (float64 sums of
    m ≤ 10⁴ terms of size O(1/√m)). At most 1 when the runs are gradient descent with step
    ``eta`` (unit inputs), up to rounding not bounded here (see :func:`exact_step_defect`)."""
    u = trajectory.outputs
    residual = u[:, :-1] - y.to(u)  # [runs, K, n]
    predicted = eta * (trajectory.gram @ residual.unsqueeze(-1)).squeeze(-1)
    change = u[:, 1:] - u[:, :-1]
    defect = (change + predicted).abs()
    n = u.shape[-1]
    norm = residual.norm(dim=-1, keepdim=True)
    bound = eta * math.sqrt(n) * norm * trajectory.flips / trajectory.width
    allowance = rtol * (change.abs() + predicted.abs()) + atol
    return (defect / (bound + allowance)).amax(dim=2)


def limit_rate_ratio(inputs: Sequence[Point], eta: Fraction, lam_lower: flint.arb,
                     start: Sequence[float], steps: int, prec: int = 256) -> flint.arb:
    """max over k ∈ {1, …, 64} ∪ {2^j ≤ steps} of ‖r(k)‖² / ((1 − η μ)^(2k) ‖r(0)‖²) for the
    infinite-width dynamics r(k+1) = (I − ηH^∞) r(k), in balls, with μ ≤ λ_0 a certified lower
    bound. ‖I − ηH^∞‖ = 1 − ηλ_0 when ηλ_max ≤ 1, so the ratio is at most 1, and from H^∞'s
    bottom eigenvector it is 1 − O(η(λ_0 − μ)k): the exact rate (1 − ηλ_0)^(2k) of the linear
    dynamics, of which Thm 4.1's (1 − ηλ_0/2)^k is a relaxation."""
    with workprec(prec):
        n = len(inputs)
        h = gram_infinity_arb(inputs)
        identity = flint.arb_mat([[1 if i == j else 0 for j in range(n)] for i in range(n)])
        step = identity - h * fraction_to_arb(eta)
        r0 = flint.arb_mat(fmpq_matrix([[v] for v in start]))
        norm0 = (r0.transpose() * r0)[0, 0]
        rate = (1 - fraction_to_arb(eta) * lam_lower) ** 2
        ratios = []
        r = r0
        for k in range(1, min(64, steps) + 1):
            r = step * r
            ratios.append((r.transpose() * r)[0, 0] / (rate**k * norm0))
        power, k = step, 1
        while 2 * k <= steps:
            power, k = power * power, 2 * k
            if k > 64:
                r = power * r0
                ratios.append((r.transpose() * r)[0, 0] / (rate**k * norm0))
        worst = ratios[0]
        for value in ratios[1:]:
            worst = worst.max(value)
        return worst


_U = 2.0**-53
"""Unit roundoff of IEEE binary64."""


def exact_step_defect(inputs: Sequence[Point], labels: Sequence[float], signs: Sequence[float],
                      before: Tensor, after: Tensor, eta: Fraction, prec: int = 128
                      ) -> flint.arb:
    """Du et al.'s step decomposition for one step of a float run, in exact arithmetic: u(k)
    and u(k+1) evaluated exactly (balls for 1/√m) from the run's weights W(k) = ``before`` and
    W(k+1) = ``after`` (float64, so exact dyadics), H(k) and the flip counts |S_i^⊥| from the
    exact activation patterns; returns max_i |Δu_i + η(H(k)(u(k) − y))_i| / (η√n‖u(k) −
    y‖|S_i^⊥|/m + R_i) as a ball. R_i bounds what float64 rounding in the run's step can add
    (Higham's standard model: the update fl(w − fl(η ĝ)) within 2u(|W(k)| + |W(k+1)|) per entry
    plus η|ĝ − g|, the gradient's error from the rounded forward pass (z = Wx within γ_4 ‖w‖₁,
    the m-term output sum within γ_m), its 5-term sums, and every neuron whose pattern the
    rounded z could have flipped), all times 2. At most 1 for a gradient step of size ``eta``;
    a step of η/2 gives about η‖Hr‖/(2R) ≫ 1."""
    n, m = len(inputs), int(before.shape[0])
    d = len(inputs[0])
    x = flint.fmpq_mat([[to_fmpq(v) for v in p] for p in inputs]).transpose()  # d × n
    w0 = flint.fmpq_mat([[to_fmpq(v) for v in row] for row in before.tolist()])
    w1 = flint.fmpq_mat([[to_fmpq(v) for v in row] for row in after.tolist()])
    z0, z1 = (w0 * x).tolist(), (w1 * x).tolist()  # m × n, exact
    a = [int(v) for v in signs]
    on0 = [[v >= 0 for v in row] for row in z0]
    on1 = [[v >= 0 for v in row] for row in z1]
    zero = flint.fmpq(0)
    s0 = [sum((a[r] * z0[r][i] for r in range(m) if on0[r][i]), zero) for i in range(n)]
    s1 = [sum((a[r] * z1[r][i] for r in range(m) if on1[r][i]), zero) for i in range(n)]
    flips = [sum(1 for r in range(m) if on0[r][i] != on1[r][i]) for i in range(n)]
    counts = [[sum(1 for r in range(m) if on0[r][i] and on0[r][j]) for j in range(n)]
              for i in range(n)]
    inner = (x.transpose() * x).tolist()
    absolute_w = [sum(abs(float(v)) for v in row) for row in before.tolist()]
    relu_mass = [float(sum((z0[r][i] for r in range(m) if on0[r][i]), zero)) for i in range(n)]
    with workprec(prec):
        scale = 1 / flint.arb(m).sqrt()
        step = fraction_to_arb(eta)
        u0 = [flint.arb(s0[i]) * scale for i in range(n)]
        u1 = [flint.arb(s1[i]) * scale for i in range(n)]
        r = [u0[i] - flint.arb(to_fmpq(labels[i])) for i in range(n)]
        norm = sum((v * v for v in r), flint.arb(0)).sqrt()
        # Rounding of the run's step (upper bounds in floats, then doubled).
        sc, mass_w = 1 / math.sqrt(m), sum(absolute_w)
        r_abs = [float(abs(v).upper()) for v in r]
        output_error = [sc * ((m + 8) * _U * relu_mass[i] + 8 * _U * mass_w)
                        + 4 * _U * (r_abs[i] + abs(labels[i])) for i in range(n)]
        # Neurons whose rounded z could have the other sign: |z| ≤ 8u‖w‖₁ (‖x‖∞ ≤ 1).
        ambiguous = sum(1 for r_ in range(m) for i in range(n)
                        if abs(float(z0[r_][i])) <= 8 * _U * absolute_w[r_])
        gradient_error = sc * (sum(output_error) + 4 * (n + 2) * _U * sum(r_abs)
                               + ambiguous * sum(r_abs))
        update = sum(abs(float(v)) for row in before.tolist() for v in row) \
            + sum(abs(float(v)) for row in after.tolist() for v in row)
        allowance = 2 * sc * (2 * _U * update + float(eta) * m * d * gradient_error)
        worst = None
        for i in range(n):
            predicted = sum((flint.arb(inner[i][j] * counts[i][j]) * r[j]
                             for j in range(n)), flint.arb(0)) * step / m
            defect = abs(u1[i] - u0[i] + predicted)
            bound = step * flint.arb(n).sqrt() * norm * flips[i] / m + flint.arb(allowance)
            ratio = defect / bound
            worst = ratio if worst is None else worst.max(ratio)
        assert worst is not None
        return worst
