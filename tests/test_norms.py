"""Section 2 (norm-based capacity): exact Rademacher complexities (``verify.rademacher``), the
spectral ingredients of the margin bound, and the verdicts of the four theorems and mutants."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import flint
import numpy as np
import pytest
import sympy
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from theorems.generalization.norms import (
    golowich_rakhlin_shamir,
    rademacher_generalization,
    rkhs_rademacher,
    spectral_margin,
)
from verify.arith.matrices import (
    is_positive_semidefinite,
    positive_definite,
    positive_semidefinite,
    spectral_norm_squared,
)
from verify.core.declarations import make_context
from verify.core.measurement import Ball, Exact
from verify.domain.learning.deviations import (
    exceeds_confidence_term,
    largest_sample_size,
    violation_frequency,
)
from verify.domain.learning.finite import FiniteDistribution, LossMatrix, empirical_risk, risk
from verify.domain.learning.margin import margin_bound_value, trained_network
from verify.domain.learning.rademacher import (
    ball_rademacher,
    cauchy_schwarz_excess,
    certified_network_lower_bound,
    composition_count,
    exact_network_outputs,
    expected_rademacher,
    finite_class_rademacher,
    largest_gaps,
    search_network_rademacher,
    sign_vectors,
)
from verify.domain.learning.rkhs import kernel_gram
from verify.domain.networks.spectral import (
    exact_jacobian_norm,
    jacobian_norms,
    layer_ratio,
    probe_points,
    spectral_quantities,
)
from verify.engine.run import RunOptions, run_theorem

THEOREMS = (rkhs_rademacher, rademacher_generalization, golowich_rakhlin_shamir, spectral_margin)
SKEWED = FiniteDistribution.from_weights({(0, 0): 3, (0, 1): 1, (1, 0): 1, (1, 1): 2,
                                          (2, 0): 1})


@pytest.fixture
def options(tmp_path) -> RunOptions:
    return RunOptions(seed=1, save_dir=tmp_path)


# -- finite classes ----------------------------------------------------------------------------

def test_sign_vectors_enumerate_the_cube_and_its_half():
    full, half = sign_vectors(4), sign_vectors(4, half=True)
    assert full.shape == (16, 4) and len({tuple(r) for r in full.tolist()}) == 16
    assert half.shape == (8, 4) and (half[:, 0] == 1).all()
    with pytest.raises(ValueError):
        sign_vectors(21)


def test_finite_class_rademacher_by_hand():
    assert finite_class_rademacher([[F(1, 3), -2, 5]]) == 0  # one vector: E σ·a = 0
    assert finite_class_rademacher([[1, 0], [0, 1]]) == F(1, 4)  # E max(σ_1, σ_2)/2
    assert finite_class_rademacher([[1, 1], [-1, -1]]) == F(1, 2)  # E|σ_1 + σ_2|/2


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.integers(-4, 4), min_size=5, max_size=5), min_size=2, max_size=6))
def test_finite_class_rademacher_obeys_massart(rows):
    radius = max(math.sqrt(sum(v * v for v in row)) for row in rows)
    value = finite_class_rademacher(rows)
    assert 0 <= value <= radius * math.sqrt(2 * math.log(len(rows))) / 5 + 1e-12


def _brute_expected(dist, losses, m):
    total = F(0)
    for sample in itertools.product(range(len(dist.cells)), repeat=m):
        p = math.prod(dist.probabilities[i] for i in sample)
        values = [[F(int(losses.numerators[k, i]), losses.denominator) for i in sample]
                  for k in range(losses.size)]
        total += p * finite_class_rademacher(values)
    return total


@pytest.mark.parametrize("loss, tables", [
    ("zero_one", [{0: 0, 1: 1, 2: 1}, {0: 1, 1: 1, 2: 0}, {0: 0, 1: 0, 2: 0}]),
    ("squared", [{0: F(1, 2), 1: 0, 2: 1}, {0: 1, 1: F(1, 2), 2: F(1, 2)}]),
])
def test_expected_rademacher_is_the_average_over_every_sample(loss, tables):
    losses = LossMatrix.of(SKEWED, tables, loss)
    for m in range(1, 5):
        assert expected_rademacher(SKEWED, losses, m) == _brute_expected(SKEWED, losses, m)


def test_largest_gaps_agree_with_fraction_arithmetic():
    tables = [{0: 0, 1: 1, 2: 1}, {0: 1, 1: 0, 2: 0}]
    losses = LossMatrix.of(SKEWED, tables, "zero_one")
    indices = SKEWED.sample_indices((200, 6), np.random.default_rng(3))
    for row, gap in zip(indices, largest_gaps(SKEWED, losses, indices), strict=True):
        sample = [SKEWED.cells[i] for i in row]
        assert gap == max(risk(SKEWED, t, "zero_one") - empirical_risk(sample, t, "zero_one")
                          for t in tables)


def test_confidence_term_is_compared_rigorously():
    # sqrt(log 2/2) ≈ 0.5887
    assert not exceeds_confidence_term(F(1, 2), 1, F(1, 2))
    assert exceeds_confidence_term(F(3, 5), 1, F(1, 2))
    assert not exceeds_confidence_term(F(-1), 3, F(1, 20))


def test_one_fair_coin_violates_the_bound_without_its_confidence_term_half_the_time():
    dist = FiniteDistribution.uniform([(0, 0), (0, 1)])
    losses = LossMatrix.of(dist, [{0: 0}], "zero_one")
    assert expected_rademacher(dist, losses, 9) == 0
    without = violation_frequency(dist, losses, 9, F(1, 20), 5, 4000, confidence_term=False)
    with_term = violation_frequency(dist, losses, 9, F(1, 4), 5, 4000)
    assert without.lo > 0.45 and without.hi < 0.55
    assert with_term.lo < 46 / 512 < with_term.hi  # P(at most 2 ones in 9 fair coins)


# -- Hilbert-space balls -----------------------------------------------------------------------

def test_ball_rademacher_is_exact_for_a_diagonal_gram():
    assert ball_rademacher(kernel_gram("diagonal", [1, 2, 3, 4, 5, 6, 7, 8]), F(3, 2)) == \
        Exact(F(9, 8))
    assert ball_rademacher(kernel_gram("diagonal", [1, 1, 1]), 1) == Exact(sympy.sqrt(3) / 3)


@pytest.mark.parametrize("kind, points, extra", [
    ("min", [F(k, 8) for k in range(1, 9)], None),
    ("linear", [(F(1, 2), F(-1, 4)), (1, 0), (F(3, 8), F(5, 8)), (0, F(-1, 2)), (1, 1)], None),
    ("polynomial", [(F(1, 2),), (F(-1, 4),), (1,), (F(3, 4),)], (1, 3)),
])
def test_ball_rademacher_encloses_the_mean_of_the_square_roots(kind, points, extra):
    gram = kernel_gram(kind, points, extra)
    matrix = np.array([[float(v) for v in row] for row in gram])
    signs = sign_vectors(len(gram))
    mean = np.mean(np.sqrt(np.einsum("si,ij,sj->s", signs, matrix, signs)))
    ball = ball_rademacher(gram, F(3, 2))
    assert isinstance(ball, Ball) and ball.value.rad() < 1e-40
    assert abs(float(ball.value.mid()) - 1.5 * mean / len(gram)) < 1e-12


def test_linear_class_sup_is_the_dual_norm():
    """sup_{‖w‖ ≤ M} Σσ_i wᵀx_i = M‖Σσ_i x_i‖, checked against w on a fine circle."""
    points = [(F(1), F(0)), (F(1, 2), F(1, 2)), (F(-1, 4), F(3, 4))]
    angles = np.linspace(0, 2 * np.pi, 20001)
    circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    x = np.array(points, dtype=float)
    brute = np.mean([np.max(circle @ (s @ x)) for s in sign_vectors(3)]) / 3
    value = ball_rademacher([[sum(a * b for a, b in zip(p, q, strict=True)) for q in points]
                             for p in points], 1)
    assert abs(float(value.value.mid()) - brute) < 1e-6


def test_cauchy_schwarz_excess_is_nonpositive_exactly_for_psd_grams():
    basis = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, -2, 3]]
    assert cauchy_schwarz_excess(kernel_gram("min", [F(1, 3), F(1, 2), 1]), basis) <= 0
    assert cauchy_schwarz_excess([[1, 0], [0, 1]], [[1, 1]]) == 0  # β = σ attains
    not_psd = [[1, 2, 0], [2, 1, 0], [0, 0, 1]]
    assert not is_positive_semidefinite(not_psd)
    assert cauchy_schwarz_excess(not_psd, basis) > 0
    with pytest.raises(ValueError):
        ball_rademacher(not_psd, 1)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(["linear", "polynomial", "min", "features"]),
       st.lists(st.integers(-4, 4), min_size=6, max_size=6))
def test_kernel_grams_are_positive_semidefinite(kind, values):
    if kind == "min":
        points = [F(abs(v) + 1, 5) for v in values]
    else:
        points = [(F(a, 4), F(b, 4)) for a, b in zip(values[::2], values[1::2], strict=True)]
    assert is_positive_semidefinite(kernel_gram(kind, points, (1, 2)))


def test_positive_semidefinite_test_on_examples():
    assert is_positive_semidefinite([[2, 1], [1, 2]])
    assert is_positive_semidefinite([[0, 0], [0, 3]])
    assert not is_positive_semidefinite([[0, 1], [1, 3]])
    assert not is_positive_semidefinite([[1, 2], [3, 4]])


def test_positive_semidefinite_shares_the_elimination_of_positive_definite():
    singular = flint.fmpq_mat([[1, 1], [1, 1]])
    assert positive_semidefinite(singular) and not positive_definite(singular)
    assert positive_semidefinite([[F(1, 2), 0, 0], [0, 0, 0], [0, 0, 2]])
    assert not positive_semidefinite(flint.fmpq_mat([[1, 2], [2, 1]]))
    with pytest.raises(ValueError):
        positive_semidefinite([[1, 2], [3, 4]])
    with pytest.raises(TypeError):
        positive_semidefinite(flint.arb_mat([[1, 0], [0, 1]]))


# -- networks ----------------------------------------------------------------------------------

def _axes(dim: int, length: F) -> list[list[F]]:
    return [[length if k == i else F(0) for k in range(dim)] for i in range(dim)]


def test_network_search_at_depth_one_finds_the_dual_norm():
    points = _axes(4, F(2))
    signs = sign_vectors(4, half=True)
    search = search_network_rademacher(points, (4, 1), [F(3, 2)], signs, restarts=2, steps=60)
    exact = certified_network_lower_bound(search, points, [F(3, 2)])
    assert abs(search.value - 1.5) < 1e-6  # B_X M/sqrt(m) = 2·(3/2)/2
    assert F(3, 2) * (1 - F(1, 10**6)) < exact <= F(3, 2)


def test_network_search_reaches_the_two_unit_construction():
    """Orthonormal x_i = 2e_i, L = 2: two hidden units give (2/m) max(√p, √(m − p)) per σ."""
    points, signs = _axes(4, F(2)), sign_vectors(4, half=True)
    construction = np.mean([2 * max(math.sqrt((s > 0).sum()), math.sqrt((s < 0).sum())) / 4
                            for s in signs])
    search = search_network_rademacher(points, (4, 3, 1), [1, 1], signs, restarts=16,
                                       steps=100, seed=1)
    exact = certified_network_lower_bound(search, points, [1, 1])
    assert search.value >= 0.97 * construction
    assert 0.999 * search.value <= float(exact) <= search.value + 1e-12


def test_exact_network_outputs_by_hand():
    layers = [[[F(1), F(-1)], [F(1, 2), F(1)]], [[F(2), F(-3)]]]
    # x = (1, 3): z = (−2, 7/2) → ρ → (0, 7/2) → −21/2; x = (2, 0): z = (2, 1) → 4 − 3
    assert exact_network_outputs(layers, [[1, 3], [2, 0]]) == [F(-21, 2), F(1)]


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_network_search_on_cuda_agrees_with_cpu():
    points, signs = _axes(3, F(1)), sign_vectors(3, half=True)
    cpu = search_network_rademacher(points, (3, 4, 1), [1, 1], signs, restarts=4, steps=60)
    gpu = search_network_rademacher(points, (3, 4, 1), [1, 1], signs, restarts=4, steps=60,
                                    device="cuda")
    assert abs(cpu.value - gpu.value) < 1e-6


# -- spectral ingredients ----------------------------------------------------------------------

def test_spectral_norm_enclosure_contains_the_float_value():
    rng = np.random.default_rng(0)
    for shape in [(3, 5), (6, 2), (4, 4), (1, 3)]:
        a = np.round(rng.normal(size=shape) * 16) / 16
        square = spectral_norm_squared([[F(v) for v in row] for row in a.tolist()])
        assert abs(float(square.mid()) - np.linalg.norm(a, 2) ** 2) < 1e-12
        assert square.rad() < 1e-30


def test_layer_ratio_is_one_exactly_for_one_nonzero_row_and_above_one_otherwise():
    single = [[F(0), F(0)], [F(3), F(-4)]]
    assert layer_ratio(single, spectral_norm_squared(single).sqrt()) == 1
    two = [[F(1), F(0)], [F(0), F(1, 1024)]]
    assert layer_ratio(two, spectral_norm_squared(two).sqrt()) > 1


def test_exact_jacobian_norm_matches_torch_and_respects_kinks():
    layers = ((((F(1), F(2)), (F(-1), F(1)), (F(0), F(0)))), ((F(1), F(-2), F(5)),))
    point = [F(1, 2), F(1, 4)]  # pre-activations (1, −1/4, 0): the zero row is no kink
    weights = [torch.tensor([[float(v) for v in row] for row in a], dtype=torch.float64)
               for a in layers]
    expected = float(jacobian_norms(weights, torch.tensor([[0.5, 0.25]], dtype=torch.float64))[0])
    value = exact_jacobian_norm(layers, point).value
    assert abs(float(value) - expected) < 1e-9 and value < F(expected) + F(1, 10**12)
    assert exact_jacobian_norm(layers, [F(1), F(-1, 2)]) == Exact(0)  # z_1 = 0: a kink


def test_trained_networks_are_accurate_and_their_margin_bounds_vacuous():
    for task in (("moons", 200, 1000, (16, 16), 400, 0), ("moons", 200, 1000, (32,), 400, 1)):
        report = trained_network(task, "cpu")
        assert report["test_error"] < 0.05 and report["train_error"] < 0.05
        assert report["margin_bound"] > 1  # vacuous


# -- the theorems ------------------------------------------------------------------------------

@pytest.mark.parametrize("theorem, expected", [
    (rkhs_rademacher, "certified"), (rademacher_generalization, "certified"),
    (golowich_rakhlin_shamir, "passed"), (spectral_margin, "passed")])
def test_theorem_verdict(theorem, expected, options):
    verdict = run_theorem(theorem, options)
    assert verdict.status == expected, verdict.notes
    assert verdict.instances >= 40 and all(p["status"] == "checked" for p in verdict.proof)
    for witness in verdict.witnesses:
        assert witness["holds"] and witness.get("claim_holds", True) is not False
    attaining = [w for w, t in zip(verdict.witnesses, theorem.witnesses, strict=True)
                 if t.attains]
    assert all(w["ratio"] >= 0.99 for w in attaining)


@pytest.mark.parametrize("theorem, mutant", [(t, m.name) for t in THEOREMS for m in t.mutants])
def test_every_mutant_is_falsified(theorem, mutant, options):
    verdict = run_theorem(theorem, options, mutant=mutant)
    assert verdict.status == "falsified"
    assert verdict.counterexample["route"] in ("exact", "arb", "statistical")


def test_rkhs_equality_is_decided_exactly():
    witness = rkhs_rademacher.witnesses[0].instance
    values = rkhs_rademacher.measure(witness, make_context())
    assert values["rad"] == Exact(F(9, 8)) and values["cs_excess"] <= 0


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
@pytest.mark.parametrize("theorem", [golowich_rakhlin_shamir, spectral_margin])
def test_sampled_theorems_on_cuda(theorem, tmp_path):
    options = RunOptions(save_dir=tmp_path, device="cuda")
    assert run_theorem(theorem, options).status == "passed"
    assert run_theorem(theorem, options, mutant=theorem.mutants[0].name).status == "falsified"


# -- moved helpers without tests of their own -----------------------------------------------------

def test_largest_sample_size_respects_the_enumeration_budget():
    size = largest_sample_size(3, 50, 1000)
    assert composition_count(size, 3) <= 1000 < composition_count(size + 1, 3)
    assert largest_sample_size(1, 4, 10**9) == 4


def test_spectral_quantities_and_probe_points_of_aligned_layers():
    layers = (((F(2), F(0)), (F(0), F(0))),) * 2 + (((F(2), F(0)),),)
    quantities = spectral_quantities(layers)
    assert quantities["spectral_sum"] == Exact(3)
    assert quantities["spec_prod"].value.contains(8) and quantities["spec_sum"].value.contains(6)
    assert probe_points(layers, [[1.0, 2.0]], 10, 0, torch.float64).shape == (17, 2)


def test_margin_bound_value_adds_its_three_terms():
    margins = np.array([1.0, 2.0, -1.0, 3.0])
    rad = 4 / 4 + 36 * math.log(4) * math.sqrt(math.log(8)) * 2.0 * 3.0 / (1.5 * 4)
    expected = 0.5 + 2 * rad + 3 * math.sqrt(math.log(2 / 0.05) / 8)
    assert math.isclose(margin_bound_value(margins, 1.5, 2.0, 3.0, 4), expected)
