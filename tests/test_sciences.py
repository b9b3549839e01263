"""Section 8 (natural sciences): the engine pieces (verify.sparse_opt, verify.kolmogorov_erm) and
the verdicts of sciences.ista_rate and sciences.pde_learning and their mutants."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import torch

from theorems.sciences import heat_instance, ista_rate, lasso_instance, pde_learning
from verify.core.declarations import make_context
from verify.core.verdict import CERTIFIED, FALSIFIED, PASSED
from verify.domain.approximation.heat import HeatProblem
from verify.domain.approximation.kolmogorov_erm import (
    erm_replicates,
    fit_random_features,
    kolmogorov_data,
)
from verify.domain.sparse.ista import (
    dominates_gram,
    exact_lasso_minimizer,
    ista_exact,
    ista_float,
    kkt_certificate,
    lasso_objective,
    soft_threshold,
)
from verify.engine.run import RunOptions, evaluate, run_theorem

CPU = make_context(device="cpu", dtype=torch.float64)
A = ((1, F(1, 2)), (F(-1, 4), 2), (F(3, 4), 0))
Y = (1, -1, F(1, 2))


# -- verify.sparse_opt ------------------------------------------------------------------------

def test_soft_threshold_is_exact_and_shrinks():
    assert soft_threshold(F(5, 3), F(1, 3)) == F(4, 3)
    assert soft_threshold(F(-5, 3), F(1, 3)) == F(-4, 3)
    assert soft_threshold(F(1, 4), F(1, 3)) == 0


def test_exact_ista_agrees_with_float_ista_and_descends():
    exact = ista_exact(A, Y, F(1, 8), 8, (2, -3), 20)
    floats = ista_float(A, Y, 1 / 8, 8.0, (2.0, -3.0), 20)
    for xe, xf in zip(exact, floats, strict=True):
        assert max(abs(float(a) - float(b)) for a, b in zip(xe, xf, strict=True)) < 1e-12
    values = [lasso_objective(A, Y, F(1, 8), x) for x in exact]
    assert all(b <= a for a, b in zip(values, values[1:], strict=False))  # ISTA is monotone


def test_minimizer_is_certified_and_beats_iterates():
    star = exact_lasso_minimizer(A, Y, F(1, 2))
    assert kkt_certificate(A, Y, F(1, 2), star.x)
    for x in ista_exact(A, Y, F(1, 2), 8, (0, 0), 30):
        assert lasso_objective(A, Y, F(1, 2), x) >= star.value
    # large λ: x* = 0 (|Aᵀy| ≤ λ); λ = 0 on full column rank: the least-squares solution
    assert exact_lasso_minimizer(A, Y, 10).x == [0, 0]
    ls = exact_lasso_minimizer(((1, 0), (0, 2)), (3, 4), 0)
    assert ls.x == [3, 2] and ls.value == 0


def test_kkt_rejects_a_non_minimizer_and_enumeration_covers_rank_deficiency():
    assert not kkt_certificate(A, Y, F(1, 2), (0, 0))
    star = exact_lasso_minimizer(((1, 1), (1, 1)), (2, 2), F(1, 4))  # duplicated columns
    assert kkt_certificate(((1, 1), (1, 1)), (2, 2), F(1, 4), star.x)


def test_dominates_gram_is_the_exact_spectral_norm_premise():
    assert dominates_gram(((1, 0), (0, F(1, 4))), 1)
    assert not dominates_gram(((1, 0), (0, F(1, 4))), F(99, 100))
    assert dominates_gram(((1, 1),), 2) and not dominates_gram(((1, 1),), F(199, 100))


# -- sciences.ista_rate -----------------------------------------------------------------------

def test_quadratic_witness_has_its_closed_form():
    out = evaluate(ista_rate, lasso_instance(((1, 0), (0, F(1, 4))), (0, 0), 0, 1, (0, 1), 8),
                   CPU)
    assert out.judgement.route == "exact" and out.judgement.holds
    rate = next(c for c in out.judgement.clauses if c.relation.startswith("gap"))
    assert rate.quantity == pytest.approx(float(F(1, 32) * F(15, 16) ** 16))


def test_ista_rate_certified_and_mutant_falsified(tmp_path):
    verdict = run_theorem(ista_rate, RunOptions(save_dir=tmp_path))
    assert verdict.status == CERTIFIED, verdict.notes
    ratios = {c["relation"].split()[0]: c["worst_ratio"] for c in verdict.clauses}
    assert ratios["gap"] == pytest.approx(0.5)  # the rate is not sharp
    assert ratios["lemma_gap"] > 0.999 and ratios["descent"] == 1  # Lemma 2.3 is
    for mutant in ista_rate.mutants:
        assert run_theorem(ista_rate, RunOptions(save_dir=tmp_path), mutant.name).status \
            == FALSIFIED


# -- verify.kolmogorov_erm and sciences.pde_learning ------------------------------------------

def test_kolmogorov_data_have_the_heat_solution_as_conditional_mean():
    problem = HeatProblem("square", 3, F(1, 2))
    gen = torch.Generator().manual_seed(1)
    x, y = kolmogorov_data(problem, 40000, gen)
    residual = y - problem.solution(x)
    se = float(residual.std()) / 200
    assert abs(float(residual.mean())) < 5 * se
    _, y_half = kolmogorov_data(problem, 40000, gen, variance_rate=1.0)
    assert float((y_half - problem.solution(x)).mean()) == pytest.approx(-3 * 0.5, abs=0.1)


def test_random_feature_fit_keeps_the_label_mean_and_learns_u():
    problem = HeatProblem("exp", 2, F(1, 4))
    gen = torch.Generator().manual_seed(2)
    x, y = kolmogorov_data(problem, 2000, gen)
    model = fit_random_features(x, y, 32, gen)
    assert float(model(x).mean()) == pytest.approx(float(y.mean()), rel=1e-9)
    runs = erm_replicates(problem, 2000, 32, 3, 4, seed=3)
    for r in runs:
        learned = (sum(r.squared_errors) / len(r.squared_errors) / r.u_norm2) ** 0.5
        noise_free = (r.bias / r.u_norm2) ** 0.5
        assert noise_free < min(0.05, learned) and learned < 0.2
        assert r.constant_error / r.u_norm2 > learned**2  # the features help


def test_pde_learning_passes_and_sqrt_t_mutant_falsified(tmp_path):
    out = evaluate(pde_learning, heat_instance("square", 2, F(1, 2), 0), CPU)
    assert out.judgement.holds
    verdict = run_theorem(pde_learning, RunOptions(save_dir=tmp_path))
    assert verdict.status == PASSED, verdict.notes
    assert any("partial" in u for u in verdict.unchecked)
    mutant = run_theorem(pde_learning, RunOptions(save_dir=tmp_path), pde_learning.mutants[0].name)
    assert mutant.status == FALSIFIED
    assert mutant.counterexample["quantity"] > 5  # the bias dT = 1 dominates the error
