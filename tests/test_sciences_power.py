"""Section 8, the checks with power: Lemma 2.3 of Beck & Teboulle per step (tight, and what a
halved step violates), and the exact bias–variance prediction of the learned model's L² error
in Kolmogorov learning (what an intercept-only fit violates)."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import torch

import theorems.sciences as sciences
from theorems.sciences import heat_instance, ista_measure, lasso_instance, worst_step
from verify.core.declarations import make_context
from verify.core.verdict import FALSIFIED
from verify.domain.approximation.heat import HeatProblem
from verify.domain.approximation.kolmogorov_erm import (
    RandomFeatureModel,
    fit_random_features,
    learning_error_prediction,
)
from verify.engine.run import RunOptions, evaluate, run_theorem

CPU = make_context(device="cpu", dtype=torch.float64)


# -- ISTA: the per-step inequalities ---------------------------------------------------------

def test_worst_step_prefers_violations_then_the_largest_ratio():
    assert worst_step([(F(1), F(2)), (F(3), F(4)), (F(0), F(0))], "le") == (3, 4)
    assert worst_step([(F(1), F(2)), (F(5), F(4)), (F(3), F(1))], "le") == (3, 1)
    assert worst_step([(F(2), F(1)), (F(4), F(3))], "ge") == (4, 3)
    assert worst_step([(F(0), F(0))], "ge") == (0, 0)


@pytest.mark.parametrize("start", [16, 256, 4096])
def test_lemma_ratio_tends_to_one_on_pure_l1(start):
    """F(x) = |x|, L = 4: at step 0 the ratio is (x_0 − 1/4)/(x_0 − 1/8), exactly."""
    values = ista_measure(lasso_instance(((0,),), (0,), 1, 4, (start,), 3), CPU)
    assert values["lemma_gap"] / values["lemma_bound"] == F(4 * start - 1, 4 * start) / F(
        8 * start - 1, 8 * start)


def test_sufficient_decrease_is_attained_on_a_quadratic_of_curvature_l():
    values = ista_measure(lasso_instance(((2,),), (0,), 0, 4, (3,), 1), CPU)
    assert values["descent"] == values["descent_bound"] == 18


def test_halved_step_breaks_the_lemma_but_not_the_rate():
    mutant = sciences.ista_rate.mutated(sciences.ista_rate.mutant("step 1/(2L)"))
    far = next(w.instance for w in sciences.ista_rate.witnesses if w.instance.params["L"] == 4)
    with_patch = run_theorem(sciences.ista_rate, RunOptions(), "step 1/(2L)")
    assert with_patch.status == FALSIFIED
    clause = next(c for c in with_patch.clauses if c["relation"].startswith("lemma_gap"))
    assert clause["status"] == FALSIFIED and clause["worst_ratio"] > 1.99
    rate = next(c for c in with_patch.clauses if c["relation"].startswith("gap"))
    assert rate["worst_ratio"] <= 1  # the rate clause alone cannot see a halved step
    assert mutant.statement == sciences.ista_rate.statement and far.params["k"] == 4


# -- Kolmogorov learning: the exact prediction of the L² error -------------------------------

def test_learning_error_prediction_is_the_mean_over_label_noise():
    """Fixed design, features and test points; Gaussian labels u + √v ε: the average test
    error over many label draws equals bias + variance."""
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(300, 2, generator=gen, dtype=torch.float64)
    test = torch.rand(200, 2, generator=gen, dtype=torch.float64)
    u_train, u_test = (x**2).sum(-1), (test**2).sum(-1)
    variance = 0.5 + x[:, 0]
    draws = u_train.unsqueeze(1) + variance.sqrt().unsqueeze(1) * torch.randn(
        300, 4000, generator=gen, dtype=torch.float64)
    state = gen.get_state()
    model = fit_random_features(x, draws, 12, gen)
    errors = ((model(test) - u_test.unsqueeze(1)) ** 2).mean(0)
    gen.set_state(state)
    features = fit_random_features(x, u_train, 12, gen)
    bias, var = learning_error_prediction(features.features(x), features.features(test),
                                          u_train, u_test, variance)
    mean, se = float(errors.mean()), float(errors.std()) / 4000**0.5
    assert abs(mean - (bias + var)) < 5 * se
    assert var > bias  # noisy labels: the variance term dominates here


def test_intercept_only_fit_misses_the_prediction():
    """The learning clause depends on the features: an intercept-only fit (implementation
    mutant) is far from the prediction made for the full feature model."""
    witness = sciences.pde_learning.witnesses[0].instance
    honest = sciences.pde_learning.measure(witness, CPU)
    assert honest.lo <= 1 <= honest.hi
    assert honest.details["relative_l2_error"] < honest.details[
        "intercept_only_relative_l2_error"]
    verdict = run_theorem(sciences.pde_learning, RunOptions(), "intercept-only fit")
    assert verdict.status == FALSIFIED
    assert verdict.counterexample["quantity"] > 1.5


def test_random_feature_model_fits_several_label_vectors_at_once():
    gen = torch.Generator().manual_seed(1)
    x = torch.rand(100, 3, generator=gen, dtype=torch.float64)
    y = torch.randn(100, 5, generator=gen, dtype=torch.float64)
    state = gen.get_state()
    joint = fit_random_features(x, y, 8, gen)
    assert isinstance(joint, RandomFeatureModel) and joint(x).shape == (100, 5)
    gen.set_state(state)
    single = fit_random_features(x, y[:, 2], 8, gen)
    assert torch.allclose(joint(x)[:, 2], single(x), atol=1e-10)


def test_pde_learning_instances_respect_the_probe_condition():
    problem_ok = heat_instance("exp", 3, F(1, 2), 0, alpha=F(1, 2))
    too_heavy = heat_instance("exp", 3, F(1), 0, alpha=1)
    premises = sciences.pde_learning.premises
    assert all(p.holds(problem_ok) for p in premises)
    assert not all(p.holds(too_heavy) for p in premises)
    out = evaluate(sciences.pde_learning, problem_ok, CPU)
    assert out.judgement.holds and isinstance(HeatProblem("exp", 3, F(1, 2)), HeatProblem)
