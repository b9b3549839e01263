"""The manifold probe of survey §4.1: least-squares random ReLU features fitted to a smooth
function of the coordinates of a random k-dimensional linear subspace of R^D (the approximation
error sees the intrinsic dimension k, not D).

With inner weights w ∼ N(0, I_D) and data x = U y (U with orthonormal columns), the features
ρ(wᵀx + b) = ρ((Uᵀw)ᵀy + b) and Uᵀw ∼ N(0, I_k) whatever D is: the fitted errors have the same
law in every ambient dimension. The weights w and the basis U live in R^D; the inner products
wᵀx = (wᵀU)y are evaluated in that order (associativity: D·N·k + n·N·k operations instead of
n·N·D), for many replicates at once.
"""

from __future__ import annotations

import math

import torch

from verify.device import single_cpu_thread

__all__ = ["FEATURE_LAWS", "random_weights", "subspace_basis", "subspace_fit_errors",
           "subspace_fit_error", "subspace_target"]

FEATURE_LAWS = ("gaussian", "sphere")
TEST_POINTS = 256
_CHUNK_ELEMENTS = 1 << 22


def subspace_target(k_: int, target_seed: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """g(y) = Σ_(j≤3) c_j cos(ω_jᵀy + φ_j) on [−1, 1]^k: (ω [3, k] with entries in [1, 3],
    φ [3], c [3] in [1/2, 3/2]), fixed by ``target_seed``."""
    tg = torch.Generator().manual_seed(int(target_seed))
    freqs = 1 + 2 * torch.rand((3, k_), generator=tg, dtype=torch.float64)
    phases = 2 * math.pi * torch.rand(3, generator=tg, dtype=torch.float64)
    coefs = 0.5 + torch.rand(3, generator=tg, dtype=torch.float64)
    return freqs, phases, coefs


def subspace_basis(reps: int, ambient: int, k_: int, gen: torch.Generator) -> torch.Tensor:
    """``reps`` random D × k matrices with orthonormal columns (QR of Gaussian matrices)."""
    basis, _ = torch.linalg.qr(torch.randn((reps, ambient, k_), generator=gen,
                                           dtype=torch.float64))
    return basis


def random_weights(reps: int, width_: int, ambient: int, k_: int, features: str,
                   gen: torch.Generator) -> torch.Tensor:
    """Inner weights [reps, N, D]: w ∼ N(0, I_D) ("gaussian") or uniform on the sphere of
    radius √k ("sphere": the scale of a k-dimensional Gaussian, spread over D coordinates)."""
    w = torch.randn((reps, width_, ambient), generator=gen, dtype=torch.float64)
    if features == "sphere":
        w = w / w.norm(dim=-1, keepdim=True) * math.sqrt(k_)
    elif features != "gaussian":
        raise ValueError(f"unknown feature law {features!r}; use one of {FEATURE_LAWS}")
    return w


def least_squares_errors(design: torch.Tensor, target: torch.Tensor, train: int,
                         ridge: float = 1e-8) -> torch.Tensor:
    """Root-mean-square test errors of least-squares fits, batched: ``design`` [R, n, p],
    ``target`` [R, n]; the first ``train`` rows fit, the others test. Normal equations with a
    relative ridge ``ridge``·trace/p (dead or duplicate ReLU features make the designs rank
    deficient; the ridge gives them coefficient ≈ 0), solved by Cholesky."""
    a, t = design[:, :train], target[:, :train].unsqueeze(-1)
    gram = a.transpose(1, 2) @ a
    size = gram.shape[-1]
    scale = ridge * gram.diagonal(dim1=1, dim2=2).sum(-1) / size
    eye = torch.eye(size, dtype=gram.dtype, device=gram.device)
    factor = torch.linalg.cholesky(gram + scale[:, None, None] * eye)
    coef = torch.cholesky_solve(a.transpose(1, 2) @ t, factor)
    residual = (design[:, train:] @ coef).squeeze(-1) - target[:, train:]
    return residual.pow(2).mean(-1).sqrt()


def subspace_fit_errors(k_: int, ambient: int, width_: int, reps: int, target_seed: int,
                        gen: torch.Generator, features: str = "gaussian",
                        device: torch.device | str = "cpu",
                        dtype: torch.dtype = torch.float64) -> list[float]:
    """``reps`` independent root-mean-square test errors of least-squares fits of the target
    g (:func:`subspace_target`) on x = U y, y ∼ U[−1, 1]^k, U from :func:`subspace_basis`, by
    width-N random ReLU features ρ(wᵀx + b) plus a constant (w from :func:`random_weights`,
    b ∼ N(0, 1)); 4N training and 256 test points per replicate. Draws come from ``gen`` on
    the CPU; the features are evaluated on ``device``."""
    freqs, phases, coefs = subspace_target(k_, target_seed)
    points = 4 * width_ + TEST_POINTS
    chunk = max(1, _CHUNK_ELEMENTS // (width_ * ambient + points * width_))
    out: list[float] = []
    with single_cpu_thread(device):
        for start in range(0, reps, chunk):
            count = min(chunk, reps - start)
            basis = subspace_basis(count, ambient, k_, gen)
            y = 2 * torch.rand((count, points, k_), generator=gen, dtype=torch.float64) - 1
            w = random_weights(count, width_, ambient, k_, features, gen)
            b = torch.randn((count, 1, width_), generator=gen, dtype=torch.float64)
            target = torch.cos(y @ freqs.T + phases) @ coefs
            projected = (w.to(device=device, dtype=dtype)
                         @ basis.to(device=device, dtype=dtype))  # wᵀU, [R, N, k]
            hidden = torch.relu(y.to(device=device, dtype=dtype) @ projected.transpose(1, 2)
                                + b.to(device=device, dtype=dtype))
            design = torch.cat([hidden, torch.ones((count, points, 1), dtype=dtype,
                                                   device=device)], dim=-1)
            errors = least_squares_errors(design.to(torch.float64),
                                          target.to(device=device), 4 * width_)
            out.extend(float(e) for e in errors.cpu())
    return out


def subspace_fit_error(k_: int, ambient: int, width_: int, target_seed: int,
                       gen: torch.Generator, features: str, device: torch.device,
                       dtype: torch.dtype) -> float:
    """One replicate of :func:`subspace_fit_errors`."""
    return subspace_fit_errors(k_, ambient, width_, 1, target_seed, gen, features, device,
                               dtype)[0]
