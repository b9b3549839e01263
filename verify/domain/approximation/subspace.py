"""The manifold probe of survey §4.1: least-squares random ReLU features fitted to a smooth
function of the coordinates of a random k-dimensional linear subspace of R^D (the approximation
error sees the intrinsic dimension k, not D).
"""

from __future__ import annotations

import math

import torch

from verify.device import single_cpu_thread

__all__ = ["subspace_fit_error"]


def subspace_fit_error(k_: int, ambient: int, width_: int, target_seed: int,
                       gen: torch.Generator, features: str, device: torch.device,
                       dtype: torch.dtype) -> float:
    """Root-mean-square test error of a least-squares fit of g(y) = Σ_j c_j cos(ω_jᵀy + φ_j)
    (three terms, fixed by ``target_seed``) on x = U y, y ∼ U[−1, 1]^k, U a random D × k
    matrix with orthonormal columns, by width-N random ReLU features ρ(wᵀx + b) plus a
    constant: w ∼ N(0, I_D) ("gaussian", whose projection Uᵀw ∼ N(0, I_k) does not depend on
    D) or w uniform on the sphere of radius √k ("sphere"), b ∼ N(0, 1); 4N training and 512
    test points. Least squares by the SVD (LAPACK gelsd, on the CPU: torch's default gelsy
    returned errors 30 times too large on these rank-deficient designs)."""
    with single_cpu_thread(device):
        return _subspace_fit_error(k_, ambient, width_, target_seed, gen, features, device,
                                   dtype)


def _subspace_fit_error(k_: int, ambient: int, width_: int, target_seed: int,
                        gen: torch.Generator, features: str, device: torch.device,
                        dtype: torch.dtype) -> float:
    tg = torch.Generator().manual_seed(target_seed)
    freqs = 1 + 2 * torch.rand((3, k_), generator=tg, dtype=torch.float64)
    phases = 2 * math.pi * torch.rand(3, generator=tg, dtype=torch.float64)
    coefs = 0.5 + torch.rand(3, generator=tg, dtype=torch.float64)
    basis, _ = torch.linalg.qr(torch.randn((ambient, k_), generator=gen, dtype=torch.float64))
    y = 2 * torch.rand((4 * width_ + 512, k_), generator=gen, dtype=torch.float64) - 1
    target = torch.cos(y @ freqs.T + phases) @ coefs
    w = torch.randn((width_, ambient), generator=gen, dtype=torch.float64)
    if features == "sphere":
        w = w / w.norm(dim=1, keepdim=True) * math.sqrt(k_)
    b = torch.randn(width_, generator=gen, dtype=torch.float64)
    x = (y @ basis.T).to(device=device, dtype=dtype)
    design = torch.relu(x @ w.T.to(device=device, dtype=dtype) + b.to(device=device,
                                                                        dtype=dtype))
    design = torch.cat([design, torch.ones((len(x), 1), dtype=dtype, device=device)], dim=1)
    target = target.to(device=device, dtype=dtype)
    train = 4 * width_
    coef = torch.linalg.lstsq(design[:train].cpu(), target[:train].cpu().unsqueeze(1),
                              driver="gelsd").solution.to(device)
    residual = design[train:] @ coef.squeeze(1) - target[train:]
    return float(residual.pow(2).mean().sqrt())
