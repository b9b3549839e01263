"""Region counts on all of R^d: hyperplane arrangements (one hidden layer, d = 1, 2, 3) and the
whole-plane box for deep networks on R² (depth.regions_one_hidden_layer, depth.regions_deep)."""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import pairwise
from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theorems import depth
from verify.domain.networks.arrangements import (
    arrangement_regions,
    hyperplane,
    one_layer_regions,
    restrict,
)
from verify.domain.networks.constructions import moment_curve_layer, one_layer_general_position
from verify.domain.networks.exact import ExactNetwork, region_count_2d
from verify.domain.networks.region_bounds import serra_bound_value
from verify.domain.networks.regions2d import line_box, plane_box, plane_region_count
from verify.domain.networks.strategies import exact_networks
from verify.engine.run import RunOptions, run_theorem


@pytest.mark.parametrize("dim", [1, 2, 3])
def test_moment_curve_hyperplanes_are_in_general_position(dim):
    for n in range(1, 9):
        assert one_layer_regions(moment_curve_layer(n, dim)) == sum(
            comb(n, j) for j in range(dim + 1))


def test_degenerate_arrangements_have_the_counts_derived_by_hand():
    through_origin = [hyperplane(v, 0) for v in ((1, 0), (0, 1), (1, 1), (1, -1), (-1, 0))]
    assert arrangement_regions(through_origin, 2) == 8  # 4 distinct lines: 8 sectors
    strips = [hyperplane((1, 0), -k) for k in range(4)] + [hyperplane((0, 1), 0)]
    assert arrangement_regions(strips, 2) == 10
    braid = [hyperplane(v, 0) for v in ((1, -1, 0), (0, 1, -1), (1, 0, -1))]
    assert arrangement_regions(braid, 3) == 6  # one region per order of x, y, z
    assert arrangement_regions([hyperplane((0, 0), 1)], 2) == 1  # a constant neuron


def test_restriction_to_a_hyperplane():
    # y = 2x + 1 restricted to x = 3 (the pivot x eliminated): the point y = 7 of the line x = 3.
    onto, other = hyperplane((1, 0), -3), hyperplane((-2, 1), -1)
    assert restrict(onto, other) == ((Fraction(1),), Fraction(-7))
    assert restrict(onto, hyperplane((2, 0), 5)) is None  # parallel: no intersection


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: exact_networks(
    (2, n, 1), st.sampled_from([Fraction(v, 2) for v in range(-3, 4)]))))
def test_arrangement_count_agrees_with_polygon_splitting(net: ExactNetwork):
    """Two independent exact counts in the plane: deletion–restriction and polygons in a box
    that holds every crossing (the box of plane_box also meets parallel lines far away)."""
    assert one_layer_regions(net) == plane_region_count(net)


@settings(max_examples=40, deadline=None)
@given(exact_networks((1, 5, 1)))
def test_on_the_line_the_regions_are_the_distinct_zeros_plus_one(net: ExactNetwork):
    weight, bias = net.layers[0]
    zeros = {-b / w[0] for w, b in zip(weight, bias, strict=True) if w[0]}
    assert one_layer_regions(net) == len(zeros) + 1


def test_a_box_around_the_crossings_misses_far_parallel_lines():
    parallel = ExactNetwork.from_lists([([[1, 0], [1, 0]], [-100, -200]), ([[1, 1]], [0])])
    assert region_count_2d(parallel, line_box(parallel)) == 1  # no crossing: a small box
    assert plane_region_count(parallel) == one_layer_regions(parallel) == 3


@pytest.mark.parametrize("seed", range(3))
def test_the_plane_box_count_does_not_grow_in_a_larger_box(seed):
    rng = random.Random(seed)
    widths = (2, 4, 3, 3, 1)
    net = ExactNetwork.from_lists([
        ([[Fraction(rng.randint(-8, 8), 4) for _ in range(a)] for _ in range(b)],
         [Fraction(rng.randint(-8, 8), 4) for _ in range(b)]) for a, b in pairwise(widths)])
    box = plane_box(net)
    count = region_count_2d(net, box)
    assert count == region_count_2d(net, tuple(10 * v for v in box))
    assert region_count_2d(net, (-8, 8, -8, 8)) <= count <= serra_bound_value(2, widths[1:-1])


def test_stretched_witness_reaches_serra_only_on_the_whole_plane():
    net = depth.regions_deep.witnesses[3].instance.data["net"]
    assert plane_region_count(net) == serra_bound_value(2, (2, 3)) == 16
    assert region_count_2d(net, (-8, 8, -8, 8)) < 16  # a fixed box undercounts


def test_general_position_in_the_plane_three_ways():
    net = one_layer_general_position(7)
    assert one_layer_regions(net) == plane_region_count(net) == region_count_2d(
        net, line_box(net)) == 1 + 7 + 21


@pytest.mark.parametrize("theorem", [depth.regions_one_hidden_layer, depth.regions_deep])
def test_region_theorems_certified_and_their_bugs_caught(theorem, tmp_path):
    verdict = run_theorem(theorem, RunOptions(save_dir=tmp_path))
    assert verdict.status == "certified", verdict.notes
    assert all(w["claim_holds"] for w in verdict.witnesses)
    for mutant in theorem.mutants:
        assert run_theorem(theorem, RunOptions(save_dir=tmp_path), mutant=mutant.name
                           ).status == "falsified", mutant.name
