"""Section 5 (optimization): engine pieces and the catalog theorems' verdicts and mutants."""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
import torch

from theorems import optim
from verify.domain.kernels.landscape import (
    FLAT,
    GLOBAL,
    STRICT,
    classify_critical_points,
    reduced_rank_minimum,
)
from verify.domain.kernels.training import (
    TanhPair,
    closed_form_gap,
    gram_infinity,
    lambda_min_enclosure,
    lazy_deviation,
    random_unit_inputs,
    rational_unit_vector,
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


@pytest.mark.parametrize("theorem", [optim.du_linear_convergence, optim.lazy_training,
                                     optim.deep_linear_landscape])
def test_theorem_passes_and_mutants_falsified(theorem, tmp_path):
    options = RunOptions(save_dir=tmp_path)
    verdict = run_theorem(theorem, options)
    assert verdict.status == "passed", verdict.notes
    assert all(case["shown"] for case in verdict.necessity)
    for mutant in theorem.mutants:
        assert run_theorem(theorem, options, mutant.name).status == "falsified"


def test_du_partial_says_width_premise_not_met():
    assert "NOT met" in optim.du_linear_convergence.partial
    assert optim.__all__ == ["du_linear_convergence", "lazy_training", "deep_linear_landscape"]
    assert isinstance(optim.deep_linear_landscape.statement, sympy.And)
