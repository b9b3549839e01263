"""Scale invariance of batch normalization (ε = 0; survey §6.4; Ioffe, Szegedy 2015; Arora, Li,
Lyu 2019, Lemma 2.4): the exact gradient of L(W) = Σ_j (vᵀ BN(WX)_j − y_j)² through the
batch-norm backward pass, and the three invariance defects in floats by torch autograd.
"""

from __future__ import annotations

import sympy
import torch

from verify.domain.architectures.layers import batch_variances, batchnorm_exact, batchnorm_torch

__all__ = ["bn_defects_torch", "bn_loss_gradient_exact"]


def bn_loss_gradient_exact(w: sympy.Matrix, x: sympy.Matrix, v: sympy.Matrix, y: sympy.Matrix
                           ) -> sympy.Matrix:
    """∇_W L for L(W) = Σ_j (vᵀ BN(WX)_j − y_j)², exactly: the batch-norm backward pass
    dZ_i = (g_i − mean(g_i) − u_i·mean(g_i ⊙ u_i)) / σ_i with u = BN(Z), g = ∂L/∂u."""
    z = w * x
    u = batchnorm_exact(z)
    batch = z.cols
    residual = v.T * u - y.T                       # 1 × B
    g = 2 * v * residual                           # features × B
    sigma = [sympy.sqrt(s) for s in batch_variances(z)]
    dz = sympy.zeros(z.rows, batch)
    for i in range(z.rows):
        gi, ui = list(g.row(i)), list(u.row(i))
        mean_g = sum(gi, sympy.Integer(0)) / batch
        mean_gu = sum((a * b for a, b in zip(gi, ui, strict=True)), sympy.Integer(0)) / batch
        for j in range(batch):
            dz[i, j] = (gi[j] - mean_g - ui[j] * mean_gu) / sigma[i]
    return (dz * x.T).applyfunc(sympy.radsimp)


def bn_defects_torch(w: torch.Tensor, x: torch.Tensor, v: torch.Tensor, y: torch.Tensor,
                     a: float) -> dict[str, float]:
    """The three defects in floats with torch autograd (on the tensors' device)."""
    def grad_at(weights: torch.Tensor) -> torch.Tensor:
        weights = weights.detach().requires_grad_(True)
        loss = ((v @ batchnorm_torch(weights @ x) - y) ** 2).sum()
        (g,) = torch.autograd.grad(loss, weights)
        return g
    g = grad_at(w)
    return {"bn_defect": float((batchnorm_torch(a * w @ x) - batchnorm_torch(w @ x)).abs().max()),
            "orthogonality": float((g * w).sum().abs()),
            "gradient_scaling": float((a * grad_at(a * w) - g).abs().max())}
