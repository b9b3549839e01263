"""learning.nn_parameter_lipschitz and learning.universal_approximation, with the engine pieces
behind them (verify.lipschitz, verify.symbolic)."""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
import torch

from theorems.learning.approximation import (
    _extreme,
    nn_parameter_lipschitz,
    universal_approximation,
)
from verify.check.stats import sweep_slope
from verify.core.declarations import make_context
from verify.core.verdict import FALSIFIED, PASSED
from verify.domain.approximation.universal import (
    chebyshev_certificate,
    fitted_polynomial_network,
    sweep_errors,
    symbolic_degree,
)
from verify.domain.networks.ensembles import random_ensemble
from verify.domain.networks.lipschitz import (
    closed_form_constant,
    covering_number_bound,
    exact_sup_gap_1d,
    extreme_pair,
    gap_at,
    layerwise_constant,
    parameter_distance,
    parameters_within,
    perturbed_pair,
    search_sup_gap,
)
from verify.domain.networks.polynomial import (
    alternation_count,
    best_uniform_approximation,
    chebyshev_lower_bound,
    degree_in_inputs,
    expand_network,
    polynomial_activation,
    realization_polynomial,
    sup_abs_polynomial,
    symbolic_layers,
)
from verify.engine.run import RunOptions, evaluate, run_theorem

F = Fraction
x = sympy.Symbol("x", real=True)


# -- verify.symbolic ---------------------------------------------------------------------------

def test_polynomial_activation_networks_have_degree_k_to_the_depth():
    rho = polynomial_activation([F(1), F(-2), F(3)])  # degree 2
    (one,) = expand_network(symbolic_layers((1, 5, 1)), rho, [x])
    inputs = sympy.symbols("x1 x2", real=True)
    (two,) = expand_network(symbolic_layers((2, 3, 2, 1)), rho, inputs)
    assert degree_in_inputs(one, [x]) == 2 and degree_in_inputs(two, inputs) == 4


def test_realization_polynomial_agrees_with_direct_evaluation():
    layers = [([[F(1, 2)], [F(-3)]], [F(1), F(2, 7)]), ([[F(5), F(-1, 3)]], [F(1, 9)])]
    rho = polynomial_activation([F(0), F(1), F(0), F(2)])  # t + 2t^3
    p = realization_polynomial(layers, rho, x)

    def direct(t: Fraction) -> Fraction:
        hidden = [w[0] * t + b for w, b in zip(layers[0][0], layers[0][1], strict=True)]
        act = [h + 2 * h**3 for h in hidden]
        return sum((a * h for a, h in zip(layers[1][0][0], act, strict=True)), layers[1][1][0])

    assert p.degree() == 3
    for t in (F(-1), F(1, 3), F(7, 5)):
        assert p.eval(sympy.Rational(t.numerator, t.denominator)) == sympy.Rational(
            direct(t).numerator, direct(t).denominator)


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_chebyshev_best_approximation_error_and_equioscillation(k):
    p = best_uniform_approximation(k, x)
    error = sympy.Poly(x ** (k + 1), x, domain="QQ") - p
    assert p.degree() <= k
    assert sup_abs_polynomial(error, -1, 1) == chebyshev_lower_bound(k) == F(1, 2**k)
    assert alternation_count(error, F(1, 2**k), -1, 1) == k + 2


def test_least_squares_and_taylor_like_approximants_are_worse_than_chebyshev():
    # x^2 by its L2-best line 1/3 has sup error 2/3 > 1/2; x^3 by (3/4) x is optimal (1/4).
    assert sup_abs_polynomial(sympy.Poly(x**2 - sympy.Rational(1, 3), x), -1, 1) == F(2, 3)
    assert sup_abs_polynomial(sympy.Poly(x**3 - sympy.Rational(3, 4) * x, x), -1, 1) == F(1, 4)
    # x^3 by (3/5) x (the L2 fit) errs more, at an irrational critical point: a ball
    value = sup_abs_polynomial(sympy.Poly(x**3 - sympy.Rational(3, 5) * x, x), -1, 1)
    assert value == F(2, 5)  # the endpoint wins: 1 - 3/5
    ball = sup_abs_polynomial(sympy.Poly(x**3 - sympy.Rational(9, 10) * x, x), -1, 1)
    assert isinstance(ball, flint.arb) and ball.rad() < 1e-30
    assert ball.overlaps(flint.arb("0.6") * flint.arb("0.3").sqrt())  # |q| at √0.3
    # its error reaches 2/3 only at ±1, with one sign: 1 alternation, not the k + 2 = 3 needed
    assert alternation_count(sympy.Poly(x**2 - sympy.Rational(1, 3), x), F(2, 3), -1, 1) == 1


# -- verify.lipschitz --------------------------------------------------------------------------

def test_layerwise_recursion_lies_below_the_closed_form():
    for widths in [(1, 1), (2, 3, 1), (3, 5, 5, 1), (1, 6, 2, 6, 1), (2, 4, 4, 4, 1)]:
        for b, d in [(F(1), F(1)), (F(2), F(3, 2)), (F(5, 4), F(4))]:
            lw = layerwise_constant(widths, b, d)
            assert lw <= closed_form_constant(len(widths) - 1, max(widths), b, d)
    assert closed_form_constant(2, 3, 1, 1) == 32 and layerwise_constant((2, 3, 1), 1, 1) == 19
    assert covering_number_bound(3, 1, 32, F(1, 4)) == 128**3


def test_extreme_pair_reaches_the_published_ratios_and_the_recursion():
    for widths, low, high in [((2, 3, 1), 0.58, 0.6), ((3, 5, 5, 1), 0.45, 0.5),
                              ((2, 4, 4, 4, 1), 0.3, 0.35)]:
        pair = extreme_pair(widths, 1, F(1, 1024))
        eta = parameter_distance(pair)
        gap = gap_at(pair, [1] * widths[0])
        ratio = gap / eta / closed_form_constant(len(widths) - 1, max(widths), 1, 1)
        assert eta == F(1, 1024) and low < ratio < high
        assert 0.99 < gap / eta / layerwise_constant(widths, 1, 1) <= 1


def test_exact_sup_gap_in_one_dimension_dominates_a_dense_grid_and_is_attained():
    net = random_ensemble((1, 5, 4, 1), 1, seed=3, init="uniform", bound=1.0)
    pair = perturbed_pair(net, F(1, 8), "random", bound=1, generator=torch.Generator()
                          .manual_seed(0))
    assert parameters_within(pair, 1) and not parameters_within(pair, F(1, 2))
    exact = exact_sup_gap_1d(pair, 2)
    grid = torch.linspace(-2, 2, 4001, dtype=torch.float64)[:, None]
    out = pair(grid)[:, :, 0]
    grid_max = float((out[0] - out[1]).abs().max())
    assert grid_max <= float(exact) + 1e-12 and float(exact) - grid_max < 1e-2
    value, best = search_sup_gap(pair, 2, generator=torch.Generator().manual_seed(1))
    assert value <= float(exact) + 1e-12 and abs(best).max() <= 2


def test_rigorous_gap_is_an_arb_ball_for_tanh():
    pair = extreme_pair((2, 3, 1), 1, F(1, 64), "tanh")
    ball = gap_at(pair, [1, 1])
    out = pair(torch.ones(1, 2, dtype=torch.float64))[:, 0, 0]
    assert isinstance(ball, flint.arb) and ball.rad() < 1e-40
    assert abs(float(ball.mid()) - float((out[0] - out[1]).abs())) < 1e-12


# -- the theorems --------------------------------------------------------------------------------

def test_lipschitz_theorem_passes_and_its_witnesses_are_extreme(tmp_path):
    verdict = run_theorem(nn_parameter_lipschitz, RunOptions(save_dir=tmp_path))
    assert verdict.status == PASSED and verdict.instances >= 40
    assert set(verdict.routes) == {"exact", "float"}
    ratios = {w["name"]: w["ratio"] for w in verdict.witnesses}
    assert 0.55 < ratios["(2, 3, 1), B = D_x = 1"] < 0.6
    assert all(w["claim_holds"] and w["claim_ratio"] > 0.99 for w in verdict.witnesses
               if "claim" in w)
    assert all(case["shown"] for case in verdict.necessity)


@pytest.mark.parametrize("mutant", [m.name for m in nn_parameter_lipschitz.mutants])
def test_lipschitz_mutants_are_falsified_rigorously(mutant, tmp_path):
    verdict = run_theorem(nn_parameter_lipschitz, RunOptions(save_dir=tmp_path), mutant)
    assert verdict.status == FALSIFIED
    assert verdict.counterexample["route"] == "exact"  # a float violation, confirmed exactly


def test_lipschitz_premises_reject_parameters_beyond_b_and_wrong_eta():
    too_big = _extreme((2, 3, 1), F(2), F(1), F(1, 1024), declared_bound=F(1))
    outcome = evaluate(nn_parameter_lipschitz, too_big, make_context())
    assert "every weight and bias of θ and θ' in [−B, B]" in outcome.missed_premises
    good = _extreme((2, 3, 1), F(1), F(1), F(1, 1024))
    wrong = type(good)({**good.params, "eta": F(1, 2048)}, good.data)
    assert evaluate(nn_parameter_lipschitz, wrong, make_context()).missed_premises == (
        "η = ‖θ − θ'‖_∞",)
    assert evaluate(nn_parameter_lipschitz, good, make_context()).missed_premises == ()


def test_universal_approximation_passes_with_exact_only_if_part(tmp_path):
    verdict = run_theorem(universal_approximation, RunOptions(save_dir=tmp_path))
    assert verdict.status == PASSED and verdict.instances >= 40
    assert all(w["holds"] and w["ratio"] == 1.0 for w in verdict.witnesses)
    assert all(case["shown"] for case in verdict.necessity)


@pytest.mark.parametrize("mutant", [m.name for m in universal_approximation.mutants])
def test_universal_approximation_mutants_are_falsified(mutant, tmp_path):
    verdict = run_theorem(universal_approximation, RunOptions(save_dir=tmp_path), mutant)
    assert verdict.status == FALSIFIED
    assert verdict.counterexample["route"] in ("exact", "arb")


def test_rate_probe_decays_for_relu_and_plateaus_for_a_polynomial():
    sizes = (8, 11, 16, 23, 32, 45, 64)
    kink = ("pl", (F(-1), F(0), F(1)), (F(1), F(0), F(1)))
    relu = sweep_slope(sizes, sweep_errors("relu", (), kink, 5, sizes))
    square = sweep_slope(sizes, sweep_errors("poly", (F(0), F(0), F(1)), kink, 5, sizes))
    assert relu.hi < 0 and relu.point < -0.5
    assert (square.lo, square.hi) == (0.0, 0.0)
    errors = sweep_errors("poly", (F(0), F(0), F(1)), kink, 5, sizes)
    assert np.allclose(errors, errors[0], rtol=1e-9)  # the L2 projection onto P_2, every n


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_lipschitz_theorem_on_cuda(tmp_path):
    options = RunOptions(save_dir=tmp_path, device="cuda")
    assert run_theorem(nn_parameter_lipschitz, options).status == PASSED
    assert run_theorem(nn_parameter_lipschitz, options, "drops L·N").status == FALSIFIED


def test_the_chebyshev_certificate_and_polynomial_network_degrees():
    assert chebyshev_certificate(2) == (Fraction(1, 4), 4)  # 2^(−k), k + 2 alternations
    square = (Fraction(0), Fraction(0), Fraction(1))
    assert symbolic_degree(square, 3) == 2
    layers = fitted_polynomial_network(square, 4, 2, 0)
    assert len(layers) == 2 and len(layers[0][0]) == 4


@pytest.mark.parametrize("coefficients, width", [
    ((F(0), F(0), F(1)), 3), ((F(1), F(-1), F(0), F(1, 2)), 2), ((F(-2), F(11, 8), F(-1),
                                                                  F(3, 4), F(-13, 8)), 5)])
def test_ring_expansion_degree_agrees_with_the_symbolic_network(coefficients, width):
    (out,) = expand_network(symbolic_layers((1, width, 1)), polynomial_activation(coefficients),
                            [x])
    assert symbolic_degree(coefficients, width) == degree_in_inputs(out, [x]) == \
        len(coefficients) - 1


def test_lipschitz_witness_claims_are_independent_exact_values():
    from theorems.learning.approximation import _DELTA, _all_at_bound_gap, _hat_instance

    for arch, bound, radius in [((2, 3, 1), F(1), F(1)), ((1, 4, 4, 1), F(3, 2), F(2))]:
        pair = extreme_pair(arch, bound, _DELTA)
        assert gap_at(pair, [radius] * arch[0]) == _all_at_bound_gap(arch, bound, radius,
                                                                     _DELTA)
    hat = _hat_instance()
    pair = hat.data["pair"]
    assert exact_sup_gap_1d(pair, hat.params["D_x"]) == _DELTA == hat.params["eta"] / 2
    assert gap_at(pair, [F(2)]) == gap_at(pair, [F(-2)]) == 0  # the ends see nothing
