"""The linearization of a network at its initial parameters, Φ(x, θ_0) + ∂Φ(x, θ_0)/∂θ (θ − θ_0):
training it by gradient descent is kernel regression with the empirical NTK (survey §2.1; Lee et
al. 2019, Wide neural networks of any depth evolve as linear models under gradient descent).
"""

from __future__ import annotations

import torch

from verify.domain.kernels.ntk import ScaledEnsemble, parameter_jacobian
from verify.domain.networks.ensembles import Ensemble

__all__ = ["linearization"]


def linearization(net: Ensemble | ScaledEnsemble, points: torch.Tensor
                  ) -> tuple[torch.Tensor, torch.Tensor]:
    """(∂Φ(x_b)/∂θ [B, P], Φ(x_b) [B]) of member 0 of a one-output network at θ_0."""
    jac = parameter_jacobian(net, points)[0, :, 0, :]
    return jac, net(points)[0, :, 0]
