"""Variants of the infinite-width NTK recursion (Jacot, Gabriel, Hongler 2018; ReLU closed forms
of Cho & Saul 2009), for mutants of the NTK limit: the recursion without its + Σ^(ℓ+1) term.
"""

from __future__ import annotations

import torch

from verify.domain.kernels.ntk import KernelPair, input_kernel, relu_expectations

__all__ = ["ntk_without_sigma"]


def ntk_without_sigma(x: torch.Tensor, depth: int, beta: float) -> torch.Tensor:
    """The mutated limit Θ^(ℓ+1) = Θ^(ℓ) Σ̇^(ℓ+1) (the + Σ^(ℓ+1) term dropped), Gram of x."""
    sigma = input_kernel(x, beta=beta)
    theta_ = sigma
    b2 = beta**2
    for _ in range(depth - 1):
        value, slope_ = relu_expectations(sigma)
        sigma = KernelPair(value.cross + b2, value.left + b2, value.right + b2)
        theta_ = KernelPair(theta_.cross * slope_.cross, theta_.left * slope_.left,
                            theta_.right * slope_.right)
    out = theta_.cross.clone()
    out.diagonal().copy_(theta_.left)
    return out
