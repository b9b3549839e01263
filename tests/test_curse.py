"""Section 4 (curse of dimensionality): the engine pieces (verify.maurey, verify.barron,
verify.heat) and the verdicts of the five theorems and their mutants."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import mpmath
import pytest
import sympy
import torch

import theorems.curse as curse
from theorems.curse import (
    barron,
    barron_relu,
    kolmogorov_heat,
    manifold,
    maurey,
)
from verify.check.stats import mean, skew_corrected_mean
from verify.core.declarations import make_context
from verify.core.verdict import CERTIFIED, FALSIFIED, PASSED
from verify.domain.approximation.barron import (
    MEASURES,
    GaussianTarget,
    barron_networks,
    barron_sweep,
    gaussian_barron_constant,
    maurey_bound,
    relu_barron_law,
    sample_measure,
)
from verify.domain.approximation.heat import (
    FAMILIES,
    HeatProblem,
    monte_carlo_network,
    nonzero_parameters,
    relu_sum_network,
)
from verify.domain.approximation.maurey import (
    FiniteLaw,
    best_draw_error,
    expected_squared_error,
    maurey_variance,
)
from verify.domain.approximation.subspace import subspace_fit_error
from verify.domain.networks.ensembles import random_ensemble
from verify.engine.run import RunOptions, evaluate, run_theorem

THEOREMS = (maurey, barron, barron_relu, kolmogorov_heat, manifold)
CPU = make_context(device="cpu", dtype=torch.float64)


def _within(samples: torch.Tensor, value: float, sigmas: float = 5.0) -> bool:
    """|mean − value| ≤ sigmas standard errors."""
    se = float(samples.std()) / math.sqrt(samples.numel())
    return abs(float(samples.mean()) - value) <= sigmas * se + 1e-12


# -- verify.maurey --------------------------------------------------------------------------------

def test_maurey_identity_holds_exactly_for_uneven_laws():
    laws = [FiniteLaw.from_weights([(1, 2), (F(-1, 2), 0), (3, F(1, 4))], [1, 2, 3]),
            FiniteLaw.from_weights([(F(5, 4),), (-2,)], [3, 1])]
    for law, n in itertools.product(laws, range(1, 6)):
        assert expected_squared_error(law, n) == maurey_variance(law, n)
        assert best_draw_error(law, n) <= (law.max_norm2 - law.mean_norm2) / n


def test_maurey_equality_on_the_sphere_and_input_checks():
    law = FiniteLaw.from_weights([(F(3, 5), F(4, 5)), (0, -1)], [1, 3])
    assert expected_squared_error(law, 3) == (1 - law.mean_norm2) / 3
    with pytest.raises(ValueError):
        FiniteLaw.from_weights([(1,), (1, 2)], [1, 1])
    with pytest.raises(ValueError):
        expected_squared_error(FiniteLaw.from_weights([(i,) for i in range(4)], [1] * 4), 20)


# -- verify.barron: Barron's construction -------------------------------------------------------

@pytest.mark.parametrize("k", [1, 2, 3, 7])
def test_barron_constant_of_the_gaussian_matches_quadrature(k):
    closed = float(gaussian_barron_constant(k))
    with mpmath.workdps(30):  # (2π)^(−k/2) |S^(k−1)| ∫ ρ^k e^(−ρ²/2) dρ
        area = 2 * mpmath.pi ** (k / 2) / mpmath.gamma(k / 2)
        radial = mpmath.quad(lambda t: t**k * mpmath.exp(-t * t / 2), [0, mpmath.inf])
        quad = (2 * mpmath.pi) ** (-k / 2) * area * radial
    assert closed == pytest.approx(float(quad), rel=1e-12)
    assert GaussianTarget(k, k).barron_constant == pytest.approx(closed, rel=1e-14)
    omega = torch.randn(200_000, k, generator=torch.Generator().manual_seed(k),
                        dtype=torch.float64)
    assert _within(omega.norm(dim=1), closed)


def test_gaussian_fourier_transform_in_barrons_convention():
    for w in (0.0, 0.7, 2.5):  # (2π)^(−1) ∫ e^(−x²/2) cos(ωx) dx = e^(−ω²/2)/√(2π)
        value = mpmath.quad(lambda x, w=w: mpmath.exp(-x * x / 2) * mpmath.cos(w * x),
                            [-mpmath.inf, mpmath.inf]) / (2 * mpmath.pi)
        assert float(value) == pytest.approx(math.exp(-w * w / 2) / math.sqrt(2 * math.pi))


def test_frequencies_follow_the_weighted_law():
    """Λ ∝ |ω| N(0, I_k): |ω| ∼ χ_(k+1), whose mean is √2 Γ((k+2)/2)/Γ((k+1)/2)."""
    target = GaussianTarget(5, 3)
    omega = target.sample_frequencies((100_000,), torch.Generator().manual_seed(3))
    assert omega.shape == (100_000, 5) and bool((omega[:, 3:] == 0).all())
    assert _within(omega.norm(dim=1), float(gaussian_barron_constant(4)))


@pytest.mark.parametrize("ridge", ["step", "sigmoid", "cos"])
def test_sampled_networks_are_unbiased_and_bounded(ridge):
    target, r = GaussianTarget(4, 4), 1.5
    gen = torch.Generator().manual_seed(7)
    nets = barron_networks(target, r, 4000, 64, gen, ridge, steepness=1e7)
    x = sample_measure("ball", 4, r, (5,), gen)
    values = nets(x).squeeze(-1)  # [members, points]
    for j in range(5):
        assert _within(values[:, j], float(target(x[j])))
    sup = math.sqrt(maurey_bound(target, r, ridge))
    outer = nets.weights[1].squeeze(1)
    assert float(outer.abs().sum(-1).max()) <= sup * (1 + 1e-12)  # Σ|c_k| ≤ 2 r C_f (or r C_f)


def test_measures_live_in_the_ball():
    gen = torch.Generator().manual_seed(0)
    for kind in MEASURES:
        x = sample_measure(kind, 7, 2.0, (300,), gen)
        assert x.shape == (300, 7) and float(x.norm(dim=1).max()) <= 2.0 + 1e-12
    sphere = sample_measure("sphere", 3, 2.0, (10,), gen)
    assert torch.allclose(sphere.norm(dim=1), torch.full((10,), 2.0, dtype=torch.float64))


def test_sweep_scaled_error_is_below_barrons_bound_and_cos_below_the_intermediate_bound():
    target = GaussianTarget(2, 2)
    for ridge in ("step", "cos"):
        sweep = barron_sweep(target, 2.0, "sphere", (8, 16, 32, 64), 32, 64, 5, ridge=ridge)
        est = sweep.scaled_error(0.999)
        assert est.lo > 0 and est.hi < maurey_bound(target, 2.0, ridge)
        assert -0.8 < sweep.rms_slope(0.999).point < -0.2


def test_relu_law_is_normalised_and_its_networks_are_unbiased():
    gen = torch.Generator().manual_seed(2)
    law = relu_barron_law("dense", 6, 128, 0.75, gen)
    assert law.path_norm == pytest.approx(1.0, abs=1e-14)
    assert law.path_second_moment == pytest.approx(1.0, abs=1e-14)
    nets = law.sample_networks(2000, 64, gen)
    x = torch.rand(3, 6, generator=gen, dtype=torch.float64)
    values = nets(x).squeeze(-1)
    for j in range(3):
        assert _within(values[:, j], float(law(x[j])))


def test_skew_corrected_interval_keeps_its_level_on_heavy_right_tails():
    """Squared exponentials (mean 2): the t-interval at 0.999 misses about 1.5 % of the time,
    Hall's interval about its level."""
    gen = torch.Generator().manual_seed(0)
    misses_t = misses_hall = 0
    for _ in range(2000):
        x = (torch.empty(200, dtype=torch.float64).exponential_(generator=gen) ** 2).tolist()
        hall, t = skew_corrected_mean(x, 0.999), mean(x, 0.999)
        misses_hall += not hall.lo <= 2 <= hall.hi
        misses_t += not t.lo <= 2 <= t.hi
    assert misses_t >= 15 and misses_hall <= 6
    normal = torch.randn(400, generator=gen, dtype=torch.float64).tolist()
    a, b = skew_corrected_mean(normal, 0.99), mean(normal, 0.99)
    assert a.lo == pytest.approx(b.lo, abs=0.02) and a.hi == pytest.approx(b.hi, abs=0.02)


# -- verify.heat ---------------------------------------------------------------------------------

def _problem(family: str, dim: int = 5) -> HeatProblem:
    return HeatProblem(family, dim, F(3, 8), F(-1), F(1), F(1, 2))


@pytest.mark.parametrize("family", FAMILIES)
def test_heat_closed_forms_match_monte_carlo(family):
    problem = _problem(family)
    gen = torch.Generator().manual_seed(11)
    x = problem.sample_points((2,), gen)
    z = torch.randn((200_000, problem.dim), generator=gen, dtype=torch.float64)
    s = math.sqrt(2 * float(problem.time))
    for point in x:
        values = problem.phi(point + s * z)
        assert _within(values, float(problem.solution(point)))
        assert float(values.var()) == pytest.approx(float(problem.variance(point)), rel=0.05)


@pytest.mark.parametrize("family", FAMILIES)
def test_integrated_variance_and_second_moment_match_integration_over_mu(family):
    problem = _problem(family, 3)
    x = problem.sample_points((400_000,), torch.Generator().manual_seed(5))
    assert _within(problem.variance(x), float(problem.integrated_variance()))
    assert _within(problem.solution(x) ** 2, float(problem.solution_second_moment()))


def test_relu_heat_solution_is_the_gaussian_expectation():
    """u(T, t) = tΦ(t/s) + sφ_N(t/s), s = √(2T), against quadrature of E ρ(t + sZ)."""
    problem = HeatProblem("relu_sum", 1, F(1, 2))
    for t in (-1.3, 0.0, 0.4, 2.0):
        quad = mpmath.quad(lambda z, t=t: max(t + z, 0) * mpmath.npdf(z), [-mpmath.inf, -t,
                                                                           mpmath.inf])
        got = float(problem.solution(torch.tensor([[t]], dtype=torch.float64)))
        assert got == pytest.approx(float(quad), rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("family", FAMILIES)
def test_pde_residual_vanishes_only_for_sqrt_2T(family):
    problem = _problem(family, 4)
    assert problem.pde_residual(2) == 0
    wrong = problem.pde_residual(1)
    assert abs(float(sympy.N(wrong, 20))) > 1e-3
    if family == "square":
        assert wrong == -4  # d(c² − 2) with c² = 1


def test_relative_error_does_not_grow_with_dimension():
    for family in FAMILIES:
        values = [float(sympy.N(HeatProblem(family, d, F(1, 4)).relative_variance(), 20))
                  for d in (1, 10, 100, 1000)]
        if family == "exp":
            assert values == pytest.approx([math.exp(0.5) - 1] * 4, rel=1e-12)
        else:
            assert all(b < a for a, b in itertools.pairwise(values))


def test_monte_carlo_network_is_the_average_of_shifted_copies():
    phi = random_ensemble((3, 5, 4, 1), seed=1)
    shifts = torch.randn(6, 3, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    psi = monte_carlo_network(phi, shifts)
    x = torch.randn(10, 3, dtype=torch.float64)
    direct = torch.stack([phi(x + s)[0, :, 0] for s in shifts]).mean(0)
    assert torch.allclose(psi(x)[0, :, 0], direct, atol=1e-12)
    assert psi.widths == (3, 30, 24, 1)
    assert nonzero_parameters(psi) <= 6 * phi.parameter_count


@pytest.mark.parametrize("family", ["square", "exp"])
def test_expanded_monte_carlo_average_equals_the_literal_one(family):
    problem = _problem(family, 7)
    gen = torch.Generator().manual_seed(4)
    x = problem.sample_points((3, 5), gen)
    z = torch.randn((3, 9, 7), generator=gen, dtype=torch.float64)
    assert torch.allclose(problem.monte_carlo(x, z, 0.8),
                          problem.monte_carlo(x, z, 0.8, literal=True), rtol=1e-12)


def test_relu_sum_network_and_its_monte_carlo_network_match_the_family():
    problem = HeatProblem("relu_sum", 4, F(1, 4))
    phi = relu_sum_network(4)
    x = torch.randn(7, 4, dtype=torch.float64)
    assert torch.allclose(phi(x)[0, :, 0], problem.phi(x))
    z = torch.randn(1, 5, 4, dtype=torch.float64)
    psi = monte_carlo_network(phi, 0.5 * z[0])
    assert torch.allclose(psi(x)[0, :, 0], problem.monte_carlo(x.unsqueeze(0), z, 0.5)[0])


# -- the manifold probe ----------------------------------------------------------------------------

def test_subspace_fit_error_is_small_and_d_free_for_gaussian_features():
    gen = torch.Generator().manual_seed(3)
    errors = {D: [subspace_fit_error(1, D, 64, 7, gen, "gaussian", torch.device("cpu"),
                                     torch.float64) for _ in range(12)] for D in (1, 100)}
    medians = {D: sorted(e)[6] for D, e in errors.items()}
    assert medians[1] < 0.1 and medians[100] < 0.1


# -- theorems ------------------------------------------------------------------------------------

def test_public_module_lists_the_section_in_catalog_order():
    assert curse.__all__ == ["maurey", "barron", "barron_relu", "kolmogorov_heat", "manifold"]
    assert [t.id for t in THEOREMS] == ["curse.maurey", "curse.barron", "curse.barron_relu",
                                        "curse.kolmogorov_heat", "curse.manifold"]


def test_maurey_is_certified_and_its_sharp_witnesses_attain_the_bound(tmp_path):
    verdict = run_theorem(maurey, RunOptions(save_dir=tmp_path))
    assert verdict.status == CERTIFIED, verdict.notes
    assert all(step["status"] == "checked" for step in verdict.proof)
    assert all(w["ratio"] == 1.0 and w["route"] == "exact" for w in verdict.witnesses)
    assert verdict.necessity[0]["shown"]


@pytest.mark.parametrize("theorem", THEOREMS[1:], ids=lambda t: t.id)
def test_statistical_theorems_pass(theorem, tmp_path):
    verdict = run_theorem(theorem, RunOptions(save_dir=tmp_path))
    assert verdict.status == PASSED, (verdict.notes, verdict.counterexample)
    assert verdict.instances >= 8  # each instance grid is exhausted before the budget
    estimated = [c for c in verdict.clauses if c["resolution"] is not None]
    assert estimated and all(c["resolution"] < 2 * c["target"] for c in estimated), [
        (c["relation"], c["resolution"]) for c in estimated]
    assert all(step["status"] == "checked" for step in verdict.proof)
    assert all(case["shown"] for case in verdict.necessity)


@pytest.mark.parametrize(("theorem", "mutant"),
                         [(t, m.name) for t in THEOREMS for m in t.mutants],
                         ids=lambda v: getattr(v, "id", v))
def test_every_mutant_is_falsified(theorem, mutant, tmp_path):
    verdict = run_theorem(theorem, RunOptions(save_dir=tmp_path), mutant)
    assert verdict.status == FALSIFIED, verdict.notes


def test_sqrt_t_mutant_is_falsified_exactly_by_the_pde_residual():
    witness = kolmogorov_heat.witnesses[2].instance  # ‖x‖², d = 100
    mutant = kolmogorov_heat.mutated(kolmogorov_heat.mutant("√T for √(2T)"))
    values = mutant.measure(witness, CPU)
    assert values["heat_residual"].value == -100  # d(c² − 2) = −d
    outcome = evaluate(mutant, witness, CPU)
    assert outcome.violated and outcome.judgement.route in ("exact", "arb")


def test_heat_network_claim_and_barron_ridge_witness():
    witness = next(w for w in kolmogorov_heat.witnesses if w.claim is not None)
    values = kolmogorov_heat.measure(witness.instance, CPU)
    assert values["heat_network_gap"] == 0 and values["heat_size_ratio"] <= 1
    outcome = evaluate(kolmogorov_heat, witness.instance, CPU, statement=witness.claim)
    assert outcome.judgement.holds is True and outcome.judgement.route == "exact"
    ridge = barron.witnesses[-1].instance
    values = barron.measure(ridge, CPU)
    ratio = values["barron_scaled_error"].point / maurey_bound(GaussianTarget(100, 1), 8.0)
    assert 0.15 < ratio < 0.35  # a d-free fraction of Barron's bound: /√100 is beaten


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_monte_carlo_sweeps_run_on_cuda():
    cuda = make_context(device="cuda", dtype=torch.float64)
    for theorem in (barron, barron_relu, kolmogorov_heat):
        outcome = evaluate(theorem, theorem.witnesses[0].instance, cuda)
        assert outcome.judgement is not None and outcome.judgement.holds is True
