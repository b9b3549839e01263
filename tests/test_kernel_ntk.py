"""kernel.ntk_limit and kernel.linearized_training, with the engine pieces behind them
(verify.kernels)."""

from __future__ import annotations

import math
from fractions import Fraction

import flint
import pytest
import torch

from theorems.generalization.kernel_ntk import (
    linearized_training,
    ntk_instance,
    ntk_limit,
    sweep_widths,
)
from verify.core.verdict import CERTIFIED, FALSIFIED, PASSED
from verify.domain.kernels.linearization import linearization
from verify.domain.kernels.ntk import (
    ScaledEnsemble,
    arccos_moments,
    empirical_ntk,
    fmpq_matrix,
    gaussian_relu_moments,
    gradient_descent_arb,
    ntk_ensemble,
    ntk_relative_deviation,
    parameter_jacobian,
    positive_definite,
    relu_nngp_ntk,
    scaled_forward,
)
from verify.domain.kernels.ntk_variants import ntk_without_sigma
from verify.domain.networks.ensembles import random_ensemble
from verify.engine.run import RunOptions, run_theorem

F = Fraction


# -- verify.kernels: empirical NTK ------------------------------------------------------------

def test_ntk_parametrization_scales_standard_normal_weights_in_the_forward_pass():
    net = ntk_ensemble((3, 5, 1), members=2, beta=0.5, seed=0)
    x = torch.randn(4, 3, dtype=torch.float64)
    w1, b1, w2, b2 = net.weights[0][1], net.biases[0][1], net.weights[1][1], net.biases[1][1]
    by_hand = torch.relu(x @ w1.T / math.sqrt(3) + 0.5 * b1) @ w2.T / math.sqrt(5) + 0.5 * b2
    assert torch.allclose(net(x)[1], by_hand, rtol=0, atol=1e-14)
    assert torch.allclose(net.ensemble(x), net(x), rtol=0, atol=1e-14)
    assert torch.allclose(scaled_forward([w1, w2], [b1, b2], x, net.weight_scales,
                                         net.bias_scales), by_hand, rtol=0, atol=1e-14)


def test_layerwise_ntk_equals_the_jacobian_ntk_for_both_parametrizations():
    x, y = torch.randn(4, 3, dtype=torch.float64), torch.randn(2, 3, dtype=torch.float64)
    ntk = ntk_ensemble((3, 16, 8, 2), members=3, beta=0.7, seed=1)
    plain = random_ensemble((3, 7, 5, 1), members=2, seed=3, activation="tanh")
    for net in (ntk, plain):
        full = empirical_ntk(net, x, y)
        assert torch.allclose(full, empirical_ntk(net, x, y, method="layerwise"), atol=1e-13)
    assert empirical_ntk(ntk, x, y).shape == (3, 4, 2, 2, 2)
    assert empirical_ntk(plain, x).shape == (2, 4, 4)


def test_ntk_is_the_gram_of_the_parameter_jacobian():
    net = random_ensemble((2, 4, 1), members=1, seed=5)
    x = torch.randn(3, 2, dtype=torch.float64)
    jac = parameter_jacobian(net, x)[0, :, 0, :]
    assert jac.shape == (3, net.parameter_count)
    assert torch.allclose(empirical_ntk(net, x)[0], jac @ jac.T, atol=1e-14)


def test_ntk_parametrization_kernel_is_the_standard_one_rescaled():
    """∂/∂θ = s ∂/∂w: the NTK-parametrization kernel weights layer ℓ's gradient by 1/N_(ℓ−1)."""
    net = ntk_ensemble((3, 6, 1), members=1, beta=0.0, seed=2)
    x = torch.randn(2, 3, dtype=torch.float64)
    jac = parameter_jacobian(ScaledEnsemble.standard(net.ensemble), x)[0, :, 0, :]
    scale = torch.tensor([1 / 3] * 18 + [0.0] * 6 + [1 / 6] * 6 + [0.0], dtype=torch.float64)
    assert torch.allclose(empirical_ntk(net, x)[0], (jac * scale) @ jac.T, atol=1e-14)


def test_empirical_and_analytic_ntk_compare_in_three_lines():
    net = ntk_ensemble((3, 2048, 2048, 1), members=4, beta=0.5, seed=0)
    x = torch.randn(5, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    gap = empirical_ntk(net, x, method="layerwise") - relu_nngp_ntk(x, depth=3, beta=0.5)[1]
    limit = relu_nngp_ntk(x, depth=3, beta=0.5)[1]
    assert float(gap.norm(dim=(1, 2)).max() / limit.norm()) < 0.15


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_empirical_ntk_on_cuda_matches_the_cpu():
    net = ntk_ensemble((3, 64, 64, 2), members=3, beta=0.5, seed=4)
    gpu = ntk_ensemble((3, 64, 64, 2), members=3, beta=0.5, seed=4, device="cuda")
    x = torch.randn(5, 3, dtype=torch.float64)
    for method in ("jacobian", "layerwise"):
        assert torch.allclose(empirical_ntk(gpu, x.cuda(), method=method).cpu(),
                              empirical_ntk(net, x, method=method), atol=1e-10)
    g_cpu, g_gpu = torch.Generator().manual_seed(0), torch.Generator().manual_seed(0)
    cpu_dev = ntk_relative_deviation(x, depth=3, width=128, beta=0.5, members=4,
                                     generator=g_cpu)
    gpu_dev = ntk_relative_deviation(x, depth=3, width=128, beta=0.5, members=4,
                                     generator=g_gpu, device="cuda")
    assert torch.allclose(cpu_dev, gpu_dev.cpu(), atol=1e-10)


# -- verify.kernels: the limit ----------------------------------------------------------------

@pytest.mark.parametrize("depth", [1, 2, 3, 5])
def test_diagonal_of_the_limit_for_zero_bias(depth):
    """β = 0: Σ^(L)(x, x) = s 2^(1−L) and Θ^(L)(x, x) = L s 2^(1−L), s = ‖x‖²/N_0."""
    x = torch.tensor([[1.5, -2.0, 0.5]], dtype=torch.float64)
    sigma, theta = relu_nngp_ntk(x, depth=depth)
    s = float((x * x).sum()) / 3
    assert math.isclose(float(sigma[0, 0]), s * 2 ** (1 - depth), rel_tol=1e-15)
    assert math.isclose(float(theta[0, 0]), depth * s * 2 ** (1 - depth), rel_tol=1e-15)


def test_limit_cross_kernel_is_consistent_with_the_gram_and_differs_from_the_mutant():
    x = torch.randn(4, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    full = relu_nngp_ntk(x, depth=3, beta=1.0)[1]
    cross = relu_nngp_ntk(x[:2], x[2:], depth=3, beta=1.0)[1]
    assert torch.allclose(full[:2, 2:], cross, atol=1e-14)
    assert torch.allclose(full, full.T) and torch.linalg.eigvalsh(full).min() > 0
    assert float((ntk_without_sigma(x, 3, 1.0) / full).max()) < 0.6


def test_deviation_shrinks_with_width_and_standard_parametrization_blows_up():
    x = torch.randn(6, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))

    def rms(width: int, parametrization: str = "ntk") -> float:
        dev = ntk_relative_deviation(x, depth=3, width=width, beta=0.5, members=8,
                                     generator=torch.Generator().manual_seed(width),
                                     parametrization=parametrization)
        return float(dev.square().mean().sqrt())

    assert 2.5 < rms(64) / rms(1024) < 6.5  # sqrt(16) = 4
    assert rms(1024, "standard") > 10 * rms(64, "standard")


# -- verify.kernels: rigorous Gaussian moments ------------------------------------------------

@pytest.mark.parametrize("theta", [F(0), F(1, 3), F(3, 2), F(3), F(201, 64)])
def test_quadrature_encloses_the_closed_forms(theta):
    relu, step = gaussian_relu_moments(theta, F(3, 4), 2)
    old = flint.ctx.prec
    flint.ctx.prec = 128
    try:
        closed_relu, closed_step = arccos_moments(theta, F(3, 4), 2)
        assert relu.overlaps(closed_relu) and step.overlaps(closed_step)
        assert relu.rad() < 1e-30 and step.rad() < 1e-30
        assert not step.overlaps(2 * closed_step)  # Cho & Saul's 1/π normalization
    finally:
        flint.ctx.prec = old


# -- verify.kernels: exact kernel regression and gradient descent in balls ---------------------

def test_exact_matrices_and_positive_definiteness():
    assert fmpq_matrix([[0.1, 2]])[0, 0] == flint.fmpq(*Fraction(0.1).as_integer_ratio())
    assert positive_definite(fmpq_matrix([[2, 1], [1, 2]]))
    assert not positive_definite(fmpq_matrix([[1, 2], [2, 1]]))
    assert not positive_definite(fmpq_matrix([[1, 1], [1, 1]]))


def test_gradient_descent_in_balls_reaches_the_minimum_norm_solution():
    a = fmpq_matrix([[1, 2, 0], [0, 1, 1]])
    b = fmpq_matrix([[1], [F(-1, 2)]])
    best = a.transpose() * (a * a.transpose()).solve(b)  # A⁺ b
    theta = gradient_descent_arb(a, b, F(1, 8), 600)
    for i in range(3):
        assert theta[i, 0].overlaps(flint.arb(best[i, 0]) + flint.arb(0, 1e-12))
        assert theta[i, 0].rad() < 1e-18
    diverged = gradient_descent_arb(a, b, F(1), 60)  # η λ_max > 2
    assert abs(float(diverged[0, 0].mid())) > 1e10


# -- the theorems ------------------------------------------------------------------------------

def test_sweep_widths_are_quarter_octaves():
    sizes = sweep_widths(10)
    assert sizes[0] == 64 and sizes[-1] == 1024 and len(sizes) == 17
    assert sweep_widths(8, 4) == (16, 19, 23, 27, 32, 38, 45, 54, 64, 76, 91, 108, 128, 152,
                                  181, 215, 256)


def test_ntk_instance_inputs_have_the_declared_angle_and_norms():
    inst = ntk_instance(3, F(1, 2), 0, theta=F(3, 2), r_x=F(2), r_y=F(1, 2))
    x, y = (torch.tensor(v, dtype=torch.float64) for v in inst.data["inputs"][:2])
    assert math.isclose(float(x.norm()), 2) and math.isclose(float(y.norm()), 0.5)
    assert math.isclose(math.acos(float(x @ y) / (2 * 0.5)), 1.5, rel_tol=1e-12)


def test_ntk_limit_passes_with_its_witnesses_and_necessity(tmp_path):
    verdict = run_theorem(ntk_limit, RunOptions(save_dir=tmp_path))
    assert verdict.status == PASSED, verdict.notes
    assert all(w["holds"] for w in verdict.witnesses)
    assert all(step["status"] == "checked" for step in verdict.proof)
    assert all(case["shown"] for case in verdict.necessity)


def test_linearized_training_is_certified(tmp_path):
    verdict = run_theorem(linearized_training, RunOptions(save_dir=tmp_path))
    assert verdict.status == CERTIFIED, verdict.notes
    assert verdict.instances > 10 and set(verdict.routes) <= {"exact", "arb"}
    assert all(case["shown"] for case in verdict.necessity)


@pytest.mark.parametrize("theorem, mutant", [
    (theorem, mutant.name) for theorem in (ntk_limit, linearized_training)
    for mutant in theorem.mutants])
def test_every_mutant_is_falsified(theorem, mutant, tmp_path):
    verdict = run_theorem(theorem, RunOptions(save_dir=tmp_path), mutant=mutant)
    assert verdict.status == FALSIFIED, verdict.notes


def test_linearization_is_the_jacobian_and_the_outputs_at_theta_0():
    net = ntk_ensemble((2, 4, 1), 1, beta=0.0, seed=0)
    x = torch.randn(3, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    jac, out = linearization(net, x)
    assert jac.shape == (3, 17) and torch.allclose(out, net(x)[0, :, 0])
