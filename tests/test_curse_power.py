"""Section 4, the checks with power: Maurey's exact variance term as the tight companion of
Barron's and E–Ma–Wu's bounds (verify.maurey_variance), the manifold probe's two-sample log
ratio, and implementation mutants (bugs planted in helpers) that the verdicts must falsify."""

from __future__ import annotations

import math
from fractions import Fraction as F

import mpmath
import pytest
import torch

import theorems.curse as curse
from verify.core.declarations import make_context
from verify.core.verdict import FALSIFIED
from verify.domain.approximation.barron import (
    FiniteReluLaw,
    GaussianTarget,
    relu_barron_law,
    sample_measure,
)
from verify.domain.approximation.maurey_variance import (
    barron_pointwise_second_moment,
    barron_step_variance,
    relu_law_variance,
)
from verify.domain.approximation.subspace import subspace_fit_errors
from verify.engine.run import RunOptions, run_theorem


def _mean_and_se(values: torch.Tensor) -> tuple[float, float]:
    return float(values.mean()), float(values.std()) / math.sqrt(values.numel())


# -- Barron: V from the Dawson function -----------------------------------------------------

@pytest.mark.parametrize("q", [0.3, 1.0, 2.5])
def test_step_second_moment_is_a_gaussian_average(q):
    """E g(x)² = 2 r C_f E_(Y∼N(0, q²))(|Y|/2 − sin(2|Y|)/4), by quadrature."""
    radius, c_f = 3.0, 0.8
    with mpmath.workdps(30):
        quad = 2 * mpmath.quad(lambda y: (y / 2 - mpmath.sin(2 * y) / 4) * mpmath.npdf(y, 0, q),
                               [0, mpmath.inf])
    expected = 2 * radius * c_f * float(quad)
    assert barron_pointwise_second_moment(q, radius, c_f) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize(("dim", "rank", "radius", "measure"),
                         [(1, 1, 1.0, "ball"), (6, 6, 2.0, "sphere"), (8, 3, 1.5, "ball"),
                          (8, 2, 2.0, "sphere"), (5, 1, 3.0, "axis")])
def test_barron_variance_matches_the_sampled_step_terms(dim, rank, radius, measure):
    """V against a direct Monte Carlo of E g(x)² − (f(x) − 1)² with g sampled as in the proof
    (ω ∼ Λ, s ∼ U[0, r], a fair sign): independent of the closed form and of the networks."""
    target = GaussianTarget(dim, rank)
    gen = torch.Generator().manual_seed(dim + rank)
    count = 400_000
    omega = target.sample_frequencies((count,), gen)
    norms = omega.norm(dim=-1)
    s = radius * torch.rand(count, generator=gen, dtype=torch.float64)
    sign = torch.randint(0, 2, (count,), generator=gen).to(torch.float64) * 2 - 1
    x = sample_measure(measure, dim, radius, (count,), gen)
    t = sign * (omega * x).sum(-1) / norms
    g = -2 * radius * target.barron_constant * torch.sin(norms * s) * (t > s).to(torch.float64)
    pointwise = g**2 - (target(x) - 1) ** 2
    value, se = _mean_and_se(pointwise)
    exact = barron_step_variance(rank, dim, radius, measure, target.barron_constant)
    assert abs(value - exact) <= 5 * se, (value, exact, se)


def test_barron_variance_rejects_measures_without_a_closed_form():
    with pytest.raises(ValueError):
        barron_step_variance(3, 3, 1.0, "cube", 1.0)
    with pytest.raises(ValueError):
        barron_step_variance(4, 3, 1.0, "ball", 1.0)


def test_barron_variance_ratio_is_one_and_pins_the_constant():
    """The identity clause on the ridge witness: ratio ≈ 1, while Barron's bound has ratio
    V/(2 r C_f)² ≈ 0.24 (what the bound clause alone cannot see)."""
    ridge = next(w.instance for w in curse.barron.witnesses if w.instance.params["d"] == 100
                 and w.instance.params["k"] == 1)
    values = curse.barron.measure(ridge, make_context("quick"))
    ratio = values["barron_variance_ratio"]
    assert ratio.lo <= 1 <= ratio.hi and ratio.hi - ratio.lo < 0.4
    bound = (2 * 8 * GaussianTarget(100, 1).barron_constant) ** 2
    assert curse.barron_variance(ridge) / bound == pytest.approx(0.2425, abs=0.002)


# -- E, Ma, Wu: V of a finite π --------------------------------------------------------------

@pytest.mark.parametrize("kind", ["coordinate", "aligned"])
def test_exact_relu_variance_agrees_with_quasi_monte_carlo(kind):
    law = relu_barron_law(kind, 7, 64, 0.75, torch.Generator().manual_seed(3))
    exact, route = relu_law_variance(law)
    assert route == "exact"
    dense = FiniteReluLaw(law.a, law.w + 1e-300, law.b)  # every coordinate "nonzero"
    qmc, qmc_route = relu_law_variance(dense, qmc_points=1 << 16)
    assert qmc_route == "quasi-Monte Carlo"
    assert qmc == pytest.approx(exact, rel=2e-3)


def test_relu_variance_of_one_atom_is_zero_and_of_two_atoms_is_explicit():
    """One atom: f_m = f for every m, so V = 0. Two atoms a = ±1 on w = e_1, b = 0:
    f = 0 and V = E ρ(x_1)² = 1/3."""
    one = FiniteReluLaw(torch.tensor([2.0], dtype=torch.float64),
                        torch.tensor([[1.0, 0.0]], dtype=torch.float64),
                        torch.tensor([0.5], dtype=torch.float64))
    assert relu_law_variance(one)[0] == pytest.approx(0.0, abs=1e-15)
    two = FiniteReluLaw(torch.tensor([1.0, -1.0], dtype=torch.float64),
                        torch.tensor([[1.0], [1.0]], dtype=torch.float64),
                        torch.tensor([0.0, 0.0], dtype=torch.float64))
    assert relu_law_variance(two)[0] == pytest.approx(1 / 3, rel=1e-14)


# -- the manifold probe ---------------------------------------------------------------------

def test_log_ratio_estimate_is_the_exponentiated_welch_interval():
    est = curse.log_ratio_estimate([0.0, 0.2, 0.4, 0.6], [0.0, 0.1, 0.2, 0.3], 0.99)
    assert est.point == pytest.approx(math.exp(0.15))
    assert est.lo < est.point < est.hi
    assert est.details["log_stderr"] == pytest.approx(
        math.sqrt(0.0666666666 / 4 + 0.0166666666 / 4), rel=1e-6)


def test_subspace_errors_have_the_same_law_in_every_ambient_dimension():
    gen = torch.Generator().manual_seed(5)
    logs = {ambient: torch.tensor(subspace_fit_errors(2, ambient, 16, 400, 7, gen)).log()
            for ambient in (2, 200)}
    diff = float(logs[200].mean() - logs[2].mean())
    se = math.sqrt(float(logs[200].var() + logs[2].var()) / 400)
    assert abs(diff) < 5 * se
    sphere = torch.tensor(subspace_fit_errors(2, 200, 16, 400, 7, gen, "sphere")).log()
    assert float(sphere.mean() - logs[2].mean()) > 10 * se  # the necessity case


# -- implementation mutants -----------------------------------------------------------------

@pytest.mark.parametrize(("theorem", "name"),
                         [(curse.barron, "C_f halved in the sampler"),
                          (curse.kolmogorov_heat, "variance × 6/5"),
                          (curse.manifold, "basis without QR")],
                         ids=lambda v: getattr(v, "id", v))
def test_subtle_implementation_mutants_are_falsified(theorem, name, tmp_path):
    """A halved C_f in the sampler (only a proof step caught it before), a 20 % error in the
    closed-form variance, a subspace basis without its QR step (ratio ≈ 1.15)."""
    assert theorem.mutant(name).kind == "implementation"
    verdict = run_theorem(theorem, RunOptions(save_dir=tmp_path), name)
    assert verdict.status == FALSIFIED, verdict.notes


def test_maurey_implementation_mutants_are_falsified_exactly(tmp_path):
    for mutant in curse.maurey.mutants:
        verdict = run_theorem(curse.maurey, RunOptions(save_dir=tmp_path), mutant.name)
        assert verdict.status == FALSIFIED and verdict.counterexample["route"] == "exact"


def test_heat_coverage_is_partial_and_its_grid_satisfies_the_probe_conditions():
    assert curse.kolmogorov_heat.partial and "ε" in curse.kolmogorov_heat.partial
    instance = curse._heat_instance("exp", 10, F(1, 2), 0, F(-1), F(1), F(1, 2))
    assert all(p.holds(instance) for p in curse.kolmogorov_heat.premises)
    heavy = curse._heat_instance("exp", 10, F(1, 8), 0, F(-1), F(1), F(1))
    assert not all(p.holds(heavy) for p in curse.kolmogorov_heat.premises)
