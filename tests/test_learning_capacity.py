"""Dichotomy counting, exact interpolation, and the Section 1 capacity theorems."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from theorems.learning.capacity import cover_dichotomies, interpolation, vc_relu
from verify.domain.learning.counting import cover, moment_curve, sauer
from verify.domain.learning.dichotomies import (
    SauerShelah,
    count_dichotomies,
    count_dichotomies_brute,
    cover_count,
    dichotomies,
    in_affine_general_position,
    in_general_position,
    largest_shattered,
    sauer_shelah,
    separate,
    strictly_separable,
)
from verify.domain.networks.exact import realize_1d
from verify.domain.networks.interpolation import (
    deepen,
    distinct_direction,
    forced_pieces,
    hidden_neurons,
    interpolating_network,
    max_interpolation_error,
    sign_network,
)
from verify.domain.networks.interpolation_bounds import collinear_forced_pieces
from verify.domain.networks.sign_patterns import architecture_parameters, sign_patterns
from verify.domain.networks.strategies import dyadic
from verify.engine.run import RunOptions, run_theorem

F = Fraction
THEOREMS = (cover_dichotomies, vc_relu, interpolation)


# -- verify.dichotomies ------------------------------------------------------------------------

def test_cover_and_sauer_values():
    assert [cover_count(m, 2) for m in range(1, 6)] == [2, 4, 6, 8, 10]
    assert cover_count(4, 4) == 16 and cover_count(5, 4) == 30
    assert sauer_shelah(5, 2) == 16 and sauer_shelah(3, 7) == 8 and sauer_shelah(4, -1) == 0
    assert SauerShelah(5, sympy.Rational(5, 2)) == 16
    assert SauerShelah(10, 2 * sympy.log(28, 2)) == 2**10 - 1  # ⌊2 log₂ 28⌋ = 9


@pytest.mark.parametrize("points", [
    [(3, 1), (-2, 5), (4, -7), (1, 1), (-6, -2), (5, 3)],
    [(2, -1, 3), (1, 4, -2), (-3, 1, 1), (5, 2, 2), (-1, -1, 4), (0, 3, 1)],
    [(1, 0), (2, 1), (3, 2), (0, 5)],  # three collinear: not in affine general position
    [(1, 0), (2, 0), (0, 1), (-1, 3)],  # two parallel: not in general position
])
def test_incremental_count_matches_brute_force_and_cover(points):
    m, d = len(points), len(points[0])
    for affine in (False, True):
        count = count_dichotomies(points, affine)
        assert count == count_dichotomies_brute(points, affine)
        in_position = (in_affine_general_position(points) if affine
                       else in_general_position(points))
        assert (count == cover_count(m, d + affine)) == in_position


def test_separation_certificates():
    square = [(0, 0), (1, 1), (1, 0), (0, 1)]
    assert not strictly_separable(square, [True, True, False, False], affine=True)  # XOR
    assert strictly_separable(square, [True, False, False, False], affine=True)
    w, _ = separate([(1, 2), (3, -1)])
    assert w is not None and all(a * w[0] + b * w[1] > 0 for a, b in [(1, 2), (3, -1)])
    _, lam = separate([(1, 0), (-2, 0), (0, 1)])
    assert lam is not None and lam[2] == 0 and lam[0] * 1 + lam[1] * -2 == 0


def test_every_dichotomy_has_a_witness_and_vc_is_d_plus_one():
    points = [(1, 1), (2, 4), (3, 9), (4, 16), (5, 25)]
    labelings = dichotomies(points, affine=True)
    for labels, (a, b, c) in labelings.items():
        assert tuple(a * x + b * y + c > 0 for x, y in points) == labels
    assert len(labelings) == cover_count(5, 3) and largest_shattered(labelings, 5) == 3


# -- verify.interpolate ------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*(dyadic(-3, 3, 2) for _ in range(d))), min_size=1, max_size=9,
             unique=True),
    st.lists(dyadic(-5, 5, 3), min_size=9, max_size=9))))
def test_interpolant_hits_every_point_exactly(data):
    points, values = data[0], data[1][:len(data[0])]
    net = interpolating_network(points, values)
    assert [net(p)[0] for p in points] == values
    assert hidden_neurons(net) == len(points) - 1
    assert max_interpolation_error(net, points, values) == 0


def test_direction_separates_projections_and_zigzag_forces_pieces():
    points = [(0, 0), (1, 0), (0, 1), (1, 1), (2, -1)]
    w = distinct_direction(points)
    assert len({w[0] * x + w[1] * y for x, y in points}) == 5
    assert forced_pieces(range(7), [0, 1, 0, 1, 0, 1, 0]) == 6
    assert forced_pieces(range(5), [0, 1, 1, 3, 2]) == 2  # the flat chord does not count
    assert collinear_forced_pieces([(F(k), F(2 * k)) for k in range(5)],
                                   [F(k % 2) for k in range(5)]) == 4
    net = interpolating_network([(k,) for k in range(7)], [0, 1, 0, 1, 0, 1, 0])
    assert realize_1d(net, 0, 6).piece_count() == 6  # the forced count is attained


def test_sign_networks_realize_labels_and_deepen_keeps_the_function():
    points = [(F(k, 3),) for k in range(6)]
    for labels in product((True, False), repeat=6):
        net = sign_network(points, labels, 5)
        assert net is not None and tuple(net(p)[0] > 0 for p in points) == labels
        deep = deepen(net, (5, 2, 3))
        assert deep.widths == (1, 5, 2, 3, 1)
        assert [deep(p) for p in points] == [net(p) for p in points]
    assert sign_network(points, (True, False, True, False, True, False), 4) is None
    assert len(sign_patterns((1, 5, 1), points, seed=3, members=8, labelings=64)) == 64


# -- the theorems ------------------------------------------------------------------------------

@pytest.mark.parametrize("theorem, expected", [
    (cover_dichotomies, "certified"), (vc_relu, "passed"), (interpolation, "certified")])
def test_theorem_verdict(theorem, expected, tmp_path):
    verdict = run_theorem(theorem, RunOptions(save_dir=tmp_path))
    assert verdict.status == expected, verdict.notes
    assert verdict.instances > 10
    assert all(case["shown"] for case in verdict.necessity)
    assert all(w.get("claim_holds", True) for w in verdict.witnesses)


@pytest.mark.parametrize("theorem, mutant", [(t, m.name) for t in THEOREMS for m in t.mutants])
def test_mutant_is_falsified(theorem, mutant, tmp_path):
    verdict = run_theorem(theorem, RunOptions(save_dir=tmp_path), mutant)
    assert verdict.status == "falsified"
    assert verdict.counterexample["route"] == "exact"


# -- verify.domain.learning.counting, verify.domain.networks.sign_patterns ----------------------

def test_cover_and_sauer_expressions_match_the_integer_counts():
    for points, dim in [(5, 2), (7, 3), (3, 4)]:
        assert cover(sympy.Integer(points), sympy.Integer(dim)).doit() == cover_count(points, dim)
        assert sauer(sympy.Integer(points), sympy.Integer(dim)).doit() == sauer_shelah(points,
                                                                                        dim)
    curve = moment_curve((1, -2, 3, 5), 3)
    assert in_general_position(curve) and in_affine_general_position(curve)


def test_architecture_parameters_of_the_vc_bound():
    assert architecture_parameters((2, 3, 1), 5) == {"m": 5, "W": 13, "L": 2, "U": 4, "H": 3,
                                                     "Lbar": F(22, 13)}
