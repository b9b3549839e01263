"""Learning the heat equation from Monte-Carlo data by empirical risk minimization.

Berner, Grohs, Jentzen (2020, arXiv:1809.03062); survey §8.2. For ∂_t u = Δu, u(0, ·) = φ, the
data pairs (x_i, φ(x_i + √(2T) Z_i)), x_i ∼ μ, Z_i ∼ N(0, I_d), have E[Y | x] = u(T, x), so the
least-squares regression of Y on x targets u(T, ·). The model here is random ReLU features with
an intercept, fitted in closed form (least squares on the device). With an intercept the fitted
values on the training points have the same mean as the labels, so their mean is an unbiased
estimate of the mean of u(T, ·) over the training points exactly when the data target is right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from verify.device import single_cpu_thread
from verify.domain.approximation.heat import HeatProblem

__all__ = ["ErmReplicate", "RandomFeatureModel", "erm_replicates", "fit_random_features",
           "kolmogorov_data"]


def kolmogorov_data(problem: HeatProblem, m: int, generator: torch.Generator,
                    variance_rate: float = 2.0) -> tuple[torch.Tensor, torch.Tensor]:
    """m pairs (x_i, φ(x_i + √(variance_rate·T) Z_i)), x_i uniform on the problem's box
    (float64, CPU); ``variance_rate`` is 2 for the heat equation ∂_t u = Δu."""
    x = problem.sample_points((m,), generator)
    z = torch.randn((m, problem.dim), generator=generator, dtype=torch.float64)
    return x, problem.phi(x + math.sqrt(variance_rate * float(problem.time)) * z)


@dataclass(frozen=True)
class RandomFeatureModel:
    """x ↦ c_0 + Σ_j c_j ρ(w_jᵀx + b_j) with ρ = ReLU."""

    weights: torch.Tensor
    biases: torch.Tensor
    coefficients: torch.Tensor

    def features(self, x: torch.Tensor) -> torch.Tensor:
        hidden = torch.relu(x.to(self.weights) @ self.weights + self.biases)
        return torch.cat([torch.ones_like(hidden[:, :1]), hidden], dim=1)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x) @ self.coefficients


def fit_random_features(x: torch.Tensor, y: torch.Tensor, width: int,
                        generator: torch.Generator, device: str | torch.device = "cpu",
                        ridge: float = 1e-8) -> RandomFeatureModel:
    """ERM over random ReLU features (w ∼ N(0, I), b ∼ U[−2, 2]) plus an intercept: the
    least-squares coefficients (a ridge of ``ridge``·trace/p on the normal equations for
    stability; the intercept is not penalized, so the fitted mean equals the label mean)."""
    d = x.shape[1]
    w = torch.randn((d, width), generator=generator, dtype=torch.float64).to(device)
    b = (4 * torch.rand((width,), generator=generator, dtype=torch.float64) - 2).to(device)
    model = RandomFeatureModel(w, b, torch.zeros(width + 1, dtype=torch.float64, device=device))
    phi = model.features(x.to(device))
    gram = phi.T @ phi
    penalty = ridge * float(torch.trace(gram)) / (width + 1)
    eye = torch.eye(width + 1, dtype=torch.float64, device=device)
    eye[0, 0] = 0.0
    coef = torch.linalg.solve(gram + penalty * eye, phi.T @ y.to(device))
    return RandomFeatureModel(w, b, coef)


@dataclass(frozen=True)
class ErmReplicate:
    """One independent data set and fit: the ratio of the fitted values' mean to u(T, ·)'s mean
    over the training points, and relative L² errors on fresh points of μ against the closed
    form, of the fit to Monte-Carlo data and of the same features fitted to u itself."""

    fitted_mean_ratio: float
    l2_error: float
    noise_free_l2_error: float


def erm_replicates(problem: HeatProblem, m: int, width: int, reps: int, seed: int,
                   device: str | torch.device = "cpu", variance_rate: float = 2.0,
                   test_points: int = 4096) -> list[ErmReplicate]:
    """``reps`` independent (data, features, fit) replicates; draws from one CPU generator."""
    gen = torch.Generator().manual_seed(int(seed))
    out = []
    with single_cpu_thread(device):
        for _ in range(reps):
            x, y = kolmogorov_data(problem, m, gen, variance_rate)
            state = gen.get_state()
            model = fit_random_features(x, y, width, gen, device)
            gen.set_state(state)  # the same features for the noise-free fit
            exact = fit_random_features(x, problem.solution(x), width, gen, device)
            test = problem.sample_points((test_points,), gen).to(device)
            u_test = problem.solution(test)
            norm = float(torch.sqrt((u_test ** 2).mean()))
            u_train = problem.solution(x.to(device))
            out.append(ErmReplicate(
                float(model(x.to(device)).mean() / u_train.mean()),
                float(torch.sqrt(((model(test) - u_test) ** 2).mean())) / norm,
                float(torch.sqrt(((exact(test) - u_test) ** 2).mean())) / norm))
    return out
