"""Section 5 (optimization): engine pieces and the catalog theorems' verdicts and mutants."""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
import torch

from theorems import optim
from verify.domain.kernels.du_dynamics import (
    du_gradient_descent,
    exact_step_defect,
    limit_rate_ratio,
    step_defect_ratio,
)
from verify.domain.kernels.landscape import (
    FLAT,
    GLOBAL,
    STRICT,
    classify_critical_points,
    deep_linear_weights,
    lowest_loss_ratio,
    reduced_rank_minimum,
    reduced_rank_minimum_ball,
)
from verify.domain.kernels.training import (
    TanhPair,
    bottom_eigenvector,
    closed_form_gap,
    gram_infinity,
    lambda_min_enclosure,
    lazy_deviation,
    random_unit_inputs,
    rational_unit_vector,
    tangent_outputs,
)
from verify.engine.run import RunOptions, run_theorem

F = Fraction


def test_rational_unit_vectors_are_exact():
    v = rational_unit_vector([F(1, 3), F(-2, 5)])
    assert sum(c * c for c in v) == 1


def test_lambda_enclosure_matches_float_eigenvalue_and_duplicates_give_zero():
    inputs = random_unit_inputs(5, 3, np.random.default_rng(1))
    lam = lambda_min_enclosure(inputs)
    x = torch.tensor([[float(c) for c in p] for p in inputs], dtype=torch.float64)
    float_min = torch.linalg.eigvalsh(gram_infinity(x))[0].item()
    assert lam > 0
    assert abs(float(lam.mid()) - float_min) < 1e-7  # float arccos near ±1: ~sqrt(eps)
    assert lambda_min_enclosure((inputs[0], *inputs[:-1])) == 0
    assert closed_form_gap(inputs[:3]) < flint.arb(10) ** -30


def test_lazy_deviation_shrinks_like_one_over_alpha():
    net = TanhPair(2, 16, torch.Generator().manual_seed(0))
    g = torch.Generator().manual_seed(1)
    x = torch.randn(4, 2, generator=g, dtype=torch.float64)
    y = torch.randn(4, generator=g, dtype=torch.float64)
    dev, _ = lazy_deviation(net, x, y, [64.0, 128.0], 1.0, 0.01)
    assert dev[0] / dev[1] == pytest.approx(2.0, rel=0.05)


def test_landscape_classification_depth_two_and_three():
    xs, ys = [F(1), F(-1, 2), F(3, 2)], [F(1, 2), F(1), F(2)]
    kinds2 = {c.kind for c in classify_critical_points(2, xs, ys)}
    assert kinds2 == {GLOBAL, STRICT}
    points3 = classify_critical_points(3, xs, ys)
    zero = next(c for c in points3 if all(p == 0 for p in c.point))
    assert zero.kind == FLAT and zero.negative_eigenvalues == 0


def test_reduced_rank_minimum_full_rank_is_least_squares():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((3, 8)), rng.standard_normal((2, 8))
    w = y @ x.T @ np.linalg.inv(x @ x.T)
    assert reduced_rank_minimum(x, y, 2) == pytest.approx(0.5 * ((w @ x - y) ** 2).sum())


def test_du_steps_follow_the_proofs_decomposition_and_a_halved_step_does_not():
    """u(k+1) − u(k) = −ηH(k)(u(k) − y) up to Du et al.'s bound on the flipping neurons, in
    floats at every step and exactly at one; GD with η/2 breaks it by orders of magnitude."""
    instance = optim.du_instance(3, 5, 1024, 60)
    inputs, labels, eta = instance.data["inputs"], instance.data["labels"], instance.params["eta"]
    x = torch.tensor([[float(v) for v in p] for p in inputs], dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.float64)
    for step, limit in ((eta, 1.0), (eta / 2, None)):
        run = du_gradient_descent(x, y, 1024, 2, float(step), 60, keep=30,
                                  generator=torch.Generator().manual_seed(0))
        floats = step_defect_ratio(run, y, float(eta))
        exact = exact_step_defect(inputs, labels, run.signs[0].tolist(), run.kept[0][0],
                                  run.kept[1][0], eta)
        if limit is not None:
            assert float(floats.max()) <= limit and exact < 1
        else:
            assert float(floats.min()) > 1e6 and exact > 1e6


def test_infinite_width_dynamics_decay_at_the_exact_rate_along_the_bottom_eigenvector():
    instance = optim.du_instance(3, 5, 1024, 60)
    inputs, eta = instance.data["inputs"], instance.params["eta"]
    lam = lambda_min_enclosure(inputs)
    ratio = limit_rate_ratio(inputs, eta, lam.lower(), bottom_eigenvector(inputs), 256)
    assert ratio < 1 and ratio > 1 - flint.arb(10) ** -12  # (1 − ηλ_0)^(2k), tight
    doubled = limit_rate_ratio(inputs, eta, 2 * lam.lower(), bottom_eigenvector(inputs), 256)
    assert doubled > 1  # a λ_0 twice too large is caught


def test_tangent_map_is_the_derivative_of_the_network():
    net = TanhPair(2, 8, torch.Generator().manual_seed(0))
    x = torch.randn(3, 2, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    da, db = torch.randn(8, 2, dtype=torch.float64), torch.randn(8, dtype=torch.float64)
    h = 1e-6
    plus, _ = net.outputs(net.a0 + h * da, net.b0 + h * db, x)
    minus, _ = net.outputs(net.a0 - h * da, net.b0 - h * db, x)
    torch.testing.assert_close(tangent_outputs(net, x, da, db), (plus - minus) / (2 * h),
                               rtol=1e-7, atol=1e-9)


def test_no_gradient_descent_run_ends_below_the_reduced_rank_minimum():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((3, 8)), rng.standard_normal((2, 8))
    ball = reduced_rank_minimum_ball(x, y, 1)
    assert abs(float(ball.mid()) - reduced_rank_minimum(x, y, 1)) < 1e-12
    weights = deep_linear_weights(torch.tensor(x), torch.tensor(y), (3, 1, 1, 2), runs=4,
                                  steps=800, lr=0.02, generator=torch.Generator().manual_seed(0))
    ratio = lowest_loss_ratio(x, y, weights, 1)
    assert ratio >= 1 and ratio < 1 + flint.arb(10) ** -6  # reached, never undercut


@pytest.mark.parametrize("theorem", [optim.du_linear_convergence, optim.lazy_training,
                                     optim.deep_linear_landscape])
def test_theorem_passes_and_mutants_falsified(theorem, tmp_path):
    options = RunOptions(save_dir=tmp_path)
    verdict = run_theorem(theorem, options)
    assert verdict.status in ("passed", "certified"), verdict.notes
    assert all(case["shown"] for case in verdict.necessity)
    for mutant in theorem.mutants:  # false statements and planted bugs alike
        assert run_theorem(theorem, options, mutant.name).status == "falsified", mutant.name


def test_du_partial_says_width_premise_not_met():
    assert "NOT met" in optim.du_linear_convergence.partial
    assert optim.__all__ == ["du_linear_convergence", "lazy_training", "deep_linear_landscape"]
    assert isinstance(optim.deep_linear_landscape.statement, sympy.And)


def test_landscape_claims_nothing_about_reaching_the_optimum_and_says_what_it_checks():
    """Kawaguchi's theorem says nothing about gradient descent: only the lower bound L ≥ L* is
    claimed of the runs, and the declared coverage is partial."""
    statement = str(optim.deep_linear_landscape.statement)
    assert "gd_ratio >= 1" in statement and "gd_gap" not in statement
    assert "scalar networks" in optim.deep_linear_landscape.partial


def test_each_theorem_declares_planted_bugs_next_to_its_false_statements():
    for theorem in (optim.du_linear_convergence, optim.lazy_training,
                    optim.deep_linear_landscape):
        kinds = {m.kind for m in theorem.mutants}
        assert kinds == {"statement", "implementation"}, theorem.id
