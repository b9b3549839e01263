"""Section 2 (implicit regularization, double descent): the engine pieces verify.linreg and
verify.svm, and the verdicts of the four theorems, their mutants and necessity cases."""

from __future__ import annotations

import math
from fractions import Fraction as F

import flint
import numpy as np
import pytest
import sympy
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from theorems.generalization.implicit_double_descent import (
    _NOT_SEPARABLE,
    asymptotic,
    finite_sample,
    least_squares_measure,
    margin_measure,
    max_margin,
    min_norm_least_squares,
)
from verify.check.stats import deterministic_slope
from verify.core.declarations import make_context
from verify.core.verdict import CERTIFIED, FALSIFIED, PASSED
from verify.domain.kernels.double_descent import (
    extrapolated_limit,
    log_gap_slope,
    projection_bias_samples,
)
from verify.domain.kernels.least_squares import (
    ball_of_squared_distance,
    dyadic_step,
    float_lambda_max,
)
from verify.domain.kernels.regression import (
    certified_spectrum_bounds,
    closed_form_iterate,
    contraction_factor,
    exact_matrix,
    exact_vector,
    expected_minnorm_risk,
    float_gradient_descent,
    gd_iterate,
    gd_limit,
    is_pseudo_inverse,
    limiting_minnorm_risk,
    minnorm_risk_samples,
    positive_definite,
    pseudo_inverse,
    squared_norm,
    step_is_stable,
    to_fractions,
    wishart_inverse_traces,
)
from verify.domain.learning.separable_data import construct
from verify.domain.learning.svm import (
    MaxMargin,
    NotSeparable,
    direction_error,
    direction_tangent,
    hard_margin_svm,
    kkt_holds,
    logistic_gradient_descent,
    max_margin_value,
    signed_points,
)
from verify.domain.networks.strategies import seeds
from verify.engine.run import RunOptions, run_theorem

THEOREMS = (min_norm_least_squares, max_margin, finite_sample, asymptotic)


def _sympy(matrix) -> sympy.Matrix:
    return sympy.Matrix([[sympy.Rational(v.numerator, v.denominator) for v in row]
                         for row in to_fractions(matrix)])


# -- verify.linreg: exact part -------------------------------------------------------------------

@pytest.mark.parametrize("rows", [
    [[1, 2, 3], [2, 4, 6]],                       # rank one, wide
    [[1, 0], [F(1, 2), 3], [2, -1]],              # full column rank, tall
    [[1, 2, 0, 1], [0, 1, 1, 0], [1, 3, 1, 1]],   # rank two, third row = sum
    [[0, 0], [0, 0]],                             # zero
])
def test_pseudo_inverse_is_sympys_and_satisfies_penrose(rows):
    a = exact_matrix(rows)
    x = pseudo_inverse(a)
    assert is_pseudo_inverse(a, x)
    assert _sympy(x) == _sympy(a).pinv()
    assert not is_pseudo_inverse(a, x * 2) or squared_norm(x) == 0


@given(seeds(), st.integers(1, 4), st.integers(1, 4), st.integers(1, 30))
@settings(max_examples=25, deadline=None)
def test_exact_iterates_equal_the_closed_form_and_contract_geometrically(seed, m, p, steps):
    rng = np.random.default_rng(seed)
    a = exact_matrix(rng.integers(-3, 4, (m, p)).tolist())
    y, theta0 = exact_vector(rng.integers(-3, 4, m).tolist()), exact_vector(
        rng.integers(-3, 4, p).tolist())
    if squared_norm(a) == 0:
        return
    eta = F(1, 2 ** math.ceil(math.log2(float(squared_norm(a)) + 1)))  # η‖A‖² ≤ ‖A‖_F²η < 1
    assert step_is_stable(a, eta)
    theta_k = gd_iterate(a, y, theta0, eta, steps)
    limit = gd_limit(a, y, theta0)
    assert theta_k == closed_form_iterate(a, y, theta0, eta, steps)
    q = contraction_factor(a, eta)
    assert q < 1
    assert squared_norm(theta_k - limit) <= q ** (2 * steps) * squared_norm(theta0 - limit)


def test_spectrum_bounds_bracket_the_nonzero_eigenvalues_tightly():
    a = exact_matrix([[1, 0, 0], [0, 2, 0]])  # AᵀA has eigenvalues 4, 1, 0
    lo, hi = certified_spectrum_bounds(a)
    assert 1 - F(1, 10**8) < lo < 1 and 4 < hi < 4 + F(1, 10**6)
    rank_one = exact_matrix([[1, 2], [2, 4], [3, 6]])  # nonzero eigenvalue 14·5 = 70
    lo, hi = certified_spectrum_bounds(rank_one)
    assert lo < 70 < hi and hi - lo < F(1, 10**5)
    assert certified_spectrum_bounds(exact_matrix([[0, 0]])) is None
    assert contraction_factor(a, F(1, 4)) < F(3, 4) + F(1, 10**8)


def test_step_condition_and_positive_definiteness_are_exact():
    a = exact_matrix([[1, 0, 0], [0, 2, 0]])  # ‖A‖² = 4
    assert step_is_stable(a, F(1, 2) - F(1, 10**12)) and not step_is_stable(a, F(1, 2))
    assert not step_is_stable(a, 0)
    assert positive_definite(exact_matrix([[2, 1], [1, 2]]))
    assert not positive_definite(exact_matrix([[1, 2], [2, 1]]))
    assert not positive_definite(exact_matrix([[1, 1], [1, 1]]))
    with pytest.raises(ValueError):
        positive_definite(exact_matrix([[1, 2], [0, 1]]))


def test_float_descent_lies_within_its_rounding_bound_of_the_exact_iterates():
    rng = np.random.default_rng(3)
    rows = (np.round(rng.standard_normal((12, 20)) * 16) / 16).tolist()
    y = (np.round(rng.standard_normal(12) * 16) / 16).tolist()
    theta0 = (np.round(rng.standard_normal(20) * 4) / 4).tolist()
    eta = F(1, 64)
    run = float_gradient_descent(rows, y, theta0, eta, 80)
    exact = gd_iterate(exact_matrix(rows), exact_vector(y), exact_vector(theta0), eta, 80)
    distance = squared_norm(exact - exact_vector(run.theta))
    assert 0 < float(run.error.upper()) < 1e-9
    assert distance <= F(float(run.error.upper())) ** 2
    with pytest.raises(ValueError):
        float_gradient_descent(rows, y, theta0, F(1, 3), 5)  # 1/3 is not a float
    with pytest.raises(ValueError):
        float_gradient_descent(rows, y, theta0, F(4), 5)  # unstable step


# -- verify.linreg: Monte Carlo part ----------------------------------------------------------

def test_risk_formulas_and_their_domain():
    assert expected_minnorm_risk(30, 24, 1, 5) == F(24, 5)
    assert expected_minnorm_risk(20, 40, F(1, 4), 4) == 2 + F(1, 4) * F(20, 19)
    assert limiting_minnorm_risk(F(1, 2), 1, 7) == 1
    assert limiting_minnorm_risk(2, F(1, 2), 2) == F(3, 2)
    for n, p in ((10, 9), (10, 10), (10, 11)):
        with pytest.raises(ValueError):
            expected_minnorm_risk(n, p, 1, 1)
    with pytest.raises(ValueError):
        limiting_minnorm_risk(1, 1, 1)


@pytest.mark.parametrize("noise", ["gaussian", "rademacher"])
def test_monte_carlo_risk_and_wishart_traces_match_their_means(noise):
    below = minnorm_risk_samples(24, 12, 1.0, 2.0, 3000, seed=1, noise=noise)
    above = minnorm_risk_samples(12, 24, 0.5, 2.0, 3000, seed=2, noise=noise)
    assert abs(below.mean() / float(expected_minnorm_risk(24, 12, 1, 2)) - 1) < 0.05
    assert abs(above.mean() / float(expected_minnorm_risk(12, 24, F(1, 2), 2)) - 1) < 0.05
    traces = wishart_inverse_traces(10, 30, 4000, seed=3)
    assert abs(traces.mean() / (10 / 19) - 1) < 0.03


def test_bidiagonal_wishart_traces_have_the_law_of_direct_draws():
    """tr W⁻¹ from the Dumitriu–Edelman bidiagonal model against W = XᵀX formed from Gaussian X:
    the same mean, spread and quantiles (two-sample Kolmogorov–Smirnov)."""
    from scipy import stats

    fast = wishart_inverse_traces(8, 20, 20000, seed=5)
    x = np.random.default_rng(6).standard_normal((4000, 20, 8))
    direct = np.trace(np.linalg.inv(np.swapaxes(x, 1, 2) @ x), axis1=1, axis2=2)
    assert stats.ks_2samp(fast, direct).pvalue > 1e-3
    assert abs(fast.mean() / (8 / 11) - 1) < 0.01  # E tr W⁻¹ = dim/(dof − dim − 1)
    assert not fast.flags.writeable  # cached draws are read-only
    with pytest.raises(ValueError):
        wishart_inverse_traces(5, 4, 10, seed=0)


def test_the_bias_term_is_measured_on_designs_and_is_p_minus_rank_over_p():
    above = projection_bias_samples(12, 30, 3, seed=1)  # p > n: (p − n)/p
    below = projection_bias_samples(30, 12, 3, seed=1)  # p < n: X⁺X = I
    np.testing.assert_allclose(above, 18 / 30, rtol=1e-12)
    assert np.all(np.abs(below) < 1e-20)


def test_richardson_limit_and_corrected_slope_of_exact_sequences():
    sizes = np.array([10.0, 14, 20, 28, 40, 57, 80, 113, 160])
    means = 2 + 3 / sizes - 5 / sizes**2  # L = 2 exactly
    limit = extrapolated_limit(sizes, means, np.full(len(sizes), 1e-3))
    assert limit.value == pytest.approx(2, abs=1e-9) and limit.stderr < 0.01
    gaps = 0.7 / (sizes - 3)  # slope −1 with a 1/n correction
    slope = log_gap_slope(sizes, gaps, 1e-4 * gaps)
    assert abs(slope.value + 1) < 0.02 and slope.stderr < 0.01
    naive = np.polyfit(np.log(sizes), np.log(gaps), 1)[0]
    assert naive < -1.05  # the uncorrected fit is biased


# -- verify.svm ---------------------------------------------------------------------------------

def test_hard_margin_svm_is_exact_with_and_without_bias():
    points, labels = [(2, 1), (1, 2), (-1, -1), (-2, 0)], [1, 1, -1, -1]
    homogeneous = hard_margin_svm(points, labels)
    assert isinstance(homogeneous, MaxMargin)
    assert homogeneous.w == (F(1, 2), F(1, 2)) and homogeneous.norm_sq == F(1, 2)
    assert kkt_holds(points, labels, homogeneous.w, None, homogeneous.alpha)
    assert not kkt_holds(points, labels, (F(1, 2), F(3, 5)), None, homogeneous.alpha)
    affine = hard_margin_svm(points, labels, bias=True)
    assert affine.w == (F(2, 5), F(2, 5)) and affine.bias == F(-1, 5)
    assert kkt_holds(points, labels, affine.w, affine.bias, affine.alpha)
    assert float(max_margin_value(homogeneous).mid()) == pytest.approx(math.sqrt(2))


def test_degenerate_active_sets_and_non_separable_data():
    tied = hard_margin_svm([(1, 0), (1, 1), (1, -1), (3, 0)], [1, 1, 1, 1])  # 3 points at margin 1
    assert isinstance(tied, MaxMargin) and tied.w == (1, 0)
    blocked = hard_margin_svm([(1, 0), (-1, 1), (0, -1)], [1, 1, 1])
    assert isinstance(blocked, NotSeparable)
    z = signed_points([(1, 0), (-1, 1), (0, -1)], [1, 1, 1])
    lam = blocked.certificate
    assert all(v >= 0 for v in lam) and sum(lam) == 1
    assert all(sum(l_ * p[k] for l_, p in zip(lam, z, strict=True)) == 0 for k in range(2))
    assert max_margin_value(blocked) == 0


@given(seeds())
@settings(max_examples=20, deadline=None)
def test_exact_svm_agrees_with_enumeration_over_all_supports(seed):
    rng = np.random.default_rng(seed)
    w_true = rng.integers(-3, 4, 2)
    if not w_true.any():
        return
    xs = rng.integers(-4, 5, (6, 2))
    scores = xs @ w_true
    keep = scores != 0
    points, labels = xs[keep].tolist(), np.sign(scores[keep]).astype(int).tolist()
    if not points:
        return
    solution = hard_margin_svm(points, labels)
    assert isinstance(solution, MaxMargin)
    z = signed_points(points, labels)
    # every feasible w of an equality-constrained candidate support has norm ≥ ‖ŵ‖²
    for i in range(len(z)):
        for j in range(i, len(z)):
            for support in ({i}, {i, j}):
                rows = [z[s] for s in sorted(support)]
                gram = sympy.Matrix([[sum(a * b for a, b in zip(r, c, strict=True))
                                      for c in rows] for r in rows])
                if gram.det() == 0:
                    continue
                alpha = gram.solve(sympy.ones(len(rows), 1))
                w = [sum(alpha[k] * rows[k][d] for k in range(len(rows))) for d in range(2)]
                if all(sum(a * b for a, b in zip(w, p, strict=True)) >= 1 for p in z):
                    assert sum(v * v for v in w) >= solution.norm_sq


def test_direction_tangent_reads_the_angle_and_the_clock():
    w_hat = np.array([1.0, 0.5])
    w = np.array([[2.0, 1.0], [2.0, 1.0 + 2.5]])  # along ŵ; then ŵ·2 + (−1, 2)·1
    tangent, along = direction_tangent(w, w_hat)
    assert tangent[0] == 0 and along[0] == pytest.approx(2)
    theta = math.atan(tangent[1])
    assert direction_error(w, w_hat)[1] == pytest.approx(2 * math.sin(theta / 2))


def test_logistic_descent_fast_path_matches_the_general_one():
    z2 = [(F(1), F(0)), (F(1, 2), F(1))]
    z3 = [(*p, F(0)) for p in z2]
    two = logistic_gradient_descent(z2, 0.5, [0, 1, 10, 1000], w0=(0.25, -0.5))
    three = logistic_gradient_descent(z3, 0.5, [0, 1, 10, 1000], w0=(0.25, -0.5, 0.0))
    assert np.array_equal(two[0], [0.25, -0.5])
    np.testing.assert_allclose(three[:, :2], two, rtol=1e-12, atol=1e-12)
    assert np.all(three[:, 2] == 0)


# -- rate fits ----------------------------------------------------------------------------------

def test_deterministic_slope_of_an_exact_power_law_and_of_a_drifting_one():
    x = np.log(np.arange(10, 200, 10.0))
    exact = deterministic_slope(x, -1.0 * x + 0.3)
    assert exact.lo <= -1 <= exact.hi and exact.hi - exact.lo < 1e-6
    drifting = deterministic_slope(x, np.log(1 / (np.exp(x) + 30)))  # 1/(t + 30): still moving
    assert drifting.details["drift"] > 0.01 and drifting.lo <= -1


# -- the theorems --------------------------------------------------------------------------------

@pytest.fixture
def options(tmp_path) -> RunOptions:
    return RunOptions(save_dir=tmp_path)


def test_min_norm_least_squares_is_certified_and_sharp(options):
    verdict = run_theorem(min_norm_least_squares, options)
    assert verdict.status == CERTIFIED and verdict.instances >= 40
    assert set(verdict.routes) == {"exact", "arb"}  # the float64 instances carry a ball
    sharp = next(w for w in verdict.witnesses if "eigenvalue-1" in w["name"])
    assert sharp["holds"] and sharp["ratio"] >= 0.99
    assert all(case["shown"] for case in verdict.necessity)
    assert all(p["status"] == "checked" for p in verdict.proof)


@pytest.mark.parametrize("mutant", [m.name for m in min_norm_least_squares.mutants
                                    if m.kind == "implementation"])
def test_min_norm_planted_bugs_are_falsified_exactly(mutant, options):
    verdict = run_theorem(min_norm_least_squares, options, mutant)
    assert verdict.status == FALSIFIED and verdict.mutant_kind == "implementation"


def test_min_norm_mutant_and_the_minimum_norm_from_zero(options):
    verdict = run_theorem(min_norm_least_squares, options, "limit A⁺y for any θ_0")
    assert verdict.status == FALSIFIED and verdict.counterexample["route"] == "exact"
    zero = next(w.instance for w in min_norm_least_squares.witnesses if "θ_0 = 0" in w.name)
    values = least_squares_measure()(zero, make_context())
    assert values["norm_excess"] == 0 and values["stationarity"] == 0


def test_max_margin_rate_passes_and_non_separable_data_stay_bounded(options):
    verdict = run_theorem(max_margin, options)
    assert verdict.status == PASSED and verdict.instances >= 40
    assert all(w["holds"] for w in verdict.witnesses)
    assert all(case["shown"] for case in verdict.necessity)
    bounded = margin_measure(_NOT_SEPARABLE, make_context("quick"))
    growth = bounded["growth_exponent"]
    assert abs(growth.point) < 1e-6 and growth.hi < 0.5
    assert math.isnan(bounded["direction_slope"].point)


@pytest.mark.parametrize("mutant", [m.name for m in max_margin.mutants])
def test_max_margin_mutants_are_falsified(mutant, options):
    assert run_theorem(max_margin, options, mutant).status == FALSIFIED


def test_finite_sample_formula_lies_in_the_monte_carlo_intervals(options):
    verdict = run_theorem(finite_sample, options)
    assert verdict.status == PASSED and verdict.instances >= 40
    assert all(w["holds"] for w in verdict.witnesses)


@pytest.mark.parametrize("mutant", [m.name for m in finite_sample.mutants])
def test_finite_sample_mutants_are_falsified(mutant, options):
    verdict = run_theorem(finite_sample, options, mutant)
    assert verdict.status == FALSIFIED and verdict.counterexample["route"] == "statistical"


def test_asymptotic_limit_is_measured_and_the_gap_decays_like_one_over_n(options):
    verdict = run_theorem(asymptotic, options)
    assert verdict.status == PASSED and verdict.instances >= 40
    clauses = {c["relation"].split("(")[1].split(",")[0]: c for c in verdict.clauses}
    assert all(c["target_reached"] for c in clauses.values())
    curve = verdict.worst_data
    assert {"sizes", "values", "curve_gamma", "curve_limit", "curve_n100"} <= set(curve)
    peak = max(range(len(curve["curve_gamma"])), key=lambda i: curve["curve_limit"][i])
    assert curve["curve_gamma"][peak] in (0.9, 1.1)  # the double-descent peak at γ = 1


def test_the_measured_limit_contains_both_terms():
    """γ = 4, σ² = 1/4, r² = 4: the bias r²(1 − 1/γ) = 3 is measured on designs, the variance
    term σ²/(γ − 1) = 1/12 extrapolated from Wishart traces; their sum is the limit."""
    instance = next(w.instance for w in asymptotic.witnesses if "γ = 4" in w.name)
    limit = asymptotic.measure(instance, make_context("quick"))["limit_of_expectation"]
    assert limit.details["bias_limit"] == pytest.approx(0.75, abs=1e-9)
    assert limit.details["variance_limit"] == pytest.approx(1 / 3, abs=0.01)
    assert limit.lo <= 3 + 1 / 12 <= limit.hi and limit.hi - limit.lo < 0.05


@pytest.mark.parametrize("mutant", [m.name for m in asymptotic.mutants])
def test_asymptotic_mutants_are_falsified(mutant, options):
    assert run_theorem(asymptotic, options, mutant).status == FALSIFIED


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_theorems_on_cuda(tmp_path):
    options = RunOptions(save_dir=tmp_path, device="cuda")
    assert run_theorem(min_norm_least_squares, options).status == CERTIFIED
    assert run_theorem(finite_sample, options).status == PASSED
    assert run_theorem(asymptotic, options).status == PASSED
    assert run_theorem(finite_sample, options, "no bias term").status == FALSIFIED


# -- verify.domain.kernels.least_squares, verify.domain.learning.separable_data ------------------

def test_dyadic_steps_and_rounding_balls():
    rows = [[1, 0], [0, 2]]
    eta = dyadic_step(rows, F(1))
    assert eta == F(1, 8) and eta * F(float_lambda_max(rows)) <= 1  # λ̂ = 4 rounded up
    ball = ball_of_squared_distance([1.0, 2.5], flint.fmpq_mat([[1], [2]]), flint.arb(0.1))
    assert ball.contains(flint.arb(0.25)) and ball > flint.arb(0.15) and ball < flint.arb(0.37)


def test_constructed_data_have_the_prescribed_max_margin_vector():
    z = construct((F(1), F(1, 2)), (F(1), F(-3, 2)), [(F(3), F(1))])
    svm = hard_margin_svm(z, (1, 1, 1))
    assert tuple(svm.w) == (F(1), F(1, 2)) and tuple(svm.support) == (0, 1)
