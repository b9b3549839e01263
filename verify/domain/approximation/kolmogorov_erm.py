"""Learning the heat equation from Monte-Carlo data by empirical risk minimization.

Berner, Grohs, Jentzen (2020, arXiv:1809.03062); survey §8.2. For ∂_t u = Δu, u(0, ·) = φ, the
data pairs (x_i, φ(x_i + √(2T) Z_i)), x_i ∼ μ, Z_i ∼ N(0, I_d), have E[Y | x] = u(T, x) and
Var[Y | x] = Var φ(x + √(2T) Z) (closed forms in :mod:`verify.domain.approximation.heat`), so the
least-squares regression of Y on x targets u(T, ·). The model is random ReLU features with an
intercept, fitted in closed form (ridge-stabilised least squares).

The fit is a linear smoother: û = φ(·)ᵀ M Y with M = (ΦᵀΦ + P)⁻¹Φᵀ (Φ the training features,
P the tiny ridge). Given the training points, the features and the test points, its L² error
against the closed form therefore has the exact expectation over the Monte-Carlo labels

    E_Y (1/n) Σ_t (û(x_t) − u(x_t))² = (1/n) Σ_t (ũ(x_t) − u(x_t))² + tr(G M Σ Mᵀ),

ũ = φᵀ M u(X) the fit to noise-free labels, G = (1/n) Σ_t φ(x_t)φ(x_t)ᵀ and Σ = diag Var[Y | x_i]:
bias from the closed form u, variance from the closed-form conditional variance.
:func:`learning_error_prediction` computes the right-hand side with its own linear algebra
(independently of :func:`fit_random_features`), so the ratio of the learned model's error to
the prediction has mean exactly 1 when data, fit and closed forms agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from verify.device import single_cpu_thread
from verify.domain.approximation.heat import HeatProblem

__all__ = ["ErmReplicate", "RandomFeatureModel", "erm_replicates", "fit_random_features",
           "kolmogorov_data", "kolmogorov_labels", "learning_error_prediction"]


def kolmogorov_labels(problem: HeatProblem, x: torch.Tensor, draws: int,
                      generator: torch.Generator, variance_rate: float = 2.0) -> torch.Tensor:
    """``draws`` independent labels φ(x_i + √(variance_rate·T) Z_ij) per point, shape [m, draws]
    (float64, CPU); ``variance_rate`` is 2 for the heat equation ∂_t u = Δu."""
    z = torch.randn((x.shape[0], draws, problem.dim), generator=generator, dtype=torch.float64)
    return problem.phi(x.unsqueeze(1) + math.sqrt(variance_rate * float(problem.time)) * z)


def kolmogorov_data(problem: HeatProblem, m: int, generator: torch.Generator,
                    variance_rate: float = 2.0) -> tuple[torch.Tensor, torch.Tensor]:
    """m pairs (x_i, φ(x_i + √(variance_rate·T) Z_i)), x_i uniform on the problem's box
    (float64, CPU)."""
    x = problem.sample_points((m,), generator)
    return x, kolmogorov_labels(problem, x, 1, generator, variance_rate)[:, 0]


@dataclass(frozen=True)
class RandomFeatureModel:
    """x ↦ c_0 + Σ_j c_j ρ(w_jᵀx + b_j) with ρ = ReLU (``coefficients`` [p + 1] or, for several
    label vectors fitted at once, [p + 1, r])."""

    weights: torch.Tensor
    biases: torch.Tensor
    coefficients: torch.Tensor

    def features(self, x: torch.Tensor) -> torch.Tensor:
        hidden = torch.relu(x.to(self.weights) @ self.weights + self.biases)
        return torch.cat([torch.ones_like(hidden[:, :1]), hidden], dim=1)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x) @ self.coefficients


def ridge_penalty(gram: torch.Tensor, ridge: float) -> torch.Tensor:
    """ridge·trace(gram)/(p + 1) on the diagonal except the intercept's (not penalized)."""
    size = gram.shape[0]
    eye = torch.eye(size, dtype=gram.dtype, device=gram.device)
    eye[0, 0] = 0.0
    return ridge * float(torch.trace(gram)) / size * eye


def fit_random_features(x: torch.Tensor, y: torch.Tensor, width: int,
                        generator: torch.Generator, device: str | torch.device = "cpu",
                        ridge: float = 1e-8) -> RandomFeatureModel:
    """ERM over random ReLU features (w ∼ N(0, I), b ∼ U[−2, 2]) plus an intercept: the
    least-squares coefficients (a ridge of ``ridge``·trace/p on the normal equations for
    stability; the intercept is not penalized). ``y`` is [m] or [m, r] (r label vectors
    fitted with the same features)."""
    d = x.shape[1]
    w = torch.randn((d, width), generator=generator, dtype=torch.float64).to(device)
    b = (4 * torch.rand((width,), generator=generator, dtype=torch.float64) - 2).to(device)
    model = RandomFeatureModel(w, b, torch.zeros(width + 1, dtype=torch.float64, device=device))
    phi = model.features(x.to(device))
    gram = phi.T @ phi
    coef = torch.linalg.solve(gram + ridge_penalty(gram, ridge), phi.T @ y.to(device))
    return RandomFeatureModel(w, b, coef)


def learning_error_prediction(phi_train: torch.Tensor, phi_test: torch.Tensor,
                              u_train: torch.Tensor, u_test: torch.Tensor,
                              variance_train: torch.Tensor, ridge: float = 1e-8
                              ) -> tuple[float, float]:
    """(bias, variance) of the expected test error E_Y (1/n)Σ_t (û(x_t) − u(x_t))² of the
    ridge-stabilised least-squares fit on these features (see the module docstring):
    bias = (1/n)Σ_t (ũ(x_t) − u(x_t))², variance = tr(G A⁻¹ΦᵀΣΦ A⁻¹), A = ΦᵀΦ + P. A Cholesky
    solve, independent of :func:`fit_random_features`."""
    gram = phi_train.T @ phi_train
    a = gram + ridge_penalty(gram, ridge)
    factor = torch.linalg.cholesky(a)
    coef = torch.cholesky_solve((phi_train.T @ u_train).unsqueeze(1), factor).squeeze(1)
    bias = float(((phi_test @ coef - u_test) ** 2).mean())
    weighted = phi_train.T @ (phi_train * variance_train.unsqueeze(1))  # ΦᵀΣΦ
    inner = torch.cholesky_solve(torch.cholesky_solve(weighted, factor).T, factor)  # A⁻¹ΦᵀΣΦA⁻¹
    second = phi_test.T @ phi_test / phi_test.shape[0]  # G
    return bias, float((second * inner).sum())


@dataclass(frozen=True)
class ErmReplicate:
    """One training set and feature draw, with ``draws`` independent label vectors fitted: the
    test error of each fit against the closed form, its prediction (bias + variance), ‖u‖² on
    the test points and the error of the intercept alone (the error of a model that has not
    learned anything beyond the mean)."""

    squared_errors: tuple[float, ...]
    bias: float
    variance: float
    u_norm2: float
    constant_error: float

    @property
    def predicted(self) -> float:
        return self.bias + self.variance

    @property
    def ratios(self) -> list[float]:
        """Each label draw's test error over the prediction (mean exactly 1)."""
        return [e / self.predicted for e in self.squared_errors]


def erm_replicates(problem: HeatProblem, m: int, width: int, reps: int, draws: int, seed: int,
                   device: str | torch.device = "cpu", variance_rate: float = 2.0,
                   test_points: int = 1024) -> list[ErmReplicate]:
    """``reps`` independent (training points, features, test points) replicates, each with
    ``draws`` label vectors from Monte-Carlo data (``variance_rate`` 2: the heat equation),
    fitted by :func:`fit_random_features`; all draws from one CPU generator."""
    gen = torch.Generator().manual_seed(int(seed))
    out = []
    with single_cpu_thread(device):
        for _ in range(reps):
            x = problem.sample_points((m,), gen)
            y = kolmogorov_labels(problem, x, draws, gen, variance_rate)
            model = fit_random_features(x, y, width, gen, device)
            test = problem.sample_points((test_points,), gen).to(device)
            xd = x.to(device)
            u_train, u_test = problem.solution(xd), problem.solution(test)
            errors = ((model(test) - u_test.unsqueeze(1)) ** 2).mean(0)
            bias, variance = learning_error_prediction(
                model.features(xd), model.features(test), u_train, u_test,
                problem.variance(xd))
            out.append(ErmReplicate(
                tuple(float(e) for e in errors.cpu()), bias, variance,
                float((u_test ** 2).mean()), float(((u_test - u_train.mean()) ** 2).mean())))
    return out
