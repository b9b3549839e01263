"""Exact rational analysis of ReLU networks: realizations, crossings, distances, regions."""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import pairwise
from math import comb

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.domain.networks.exact import (
    ExactNetwork,
    PiecewiseAffine,
    crossing_number,
    integral_abs_difference,
    linear_regions_2d,
    realize_1d,
    region_count_2d,
    sup_abs_difference,
)

HALF = Fraction(1, 2)
RELU = ExactNetwork.from_lists([([[1]], [0]), ([[1]], [0])])


def triangle_power(k: int) -> ExactNetwork:
    """t(z) = relu(2 relu(z) - 4 relu(z - 1/2)) composed k times (exact on [0, 1])."""
    layer = ([[2, -4], [2, -4]], [0, -HALF])  # (relu(t), relu(t - 1/2)) of the previous t
    return ExactNetwork.from_lists([([[1], [1]], [0, -HALF])] + [layer] * (k - 1)
                                   + [([[2, -4]], [0])])


def yarotsky_square(m: int) -> ExactNetwork:
    """f_m = x - sum_s g_s / 4^s on [0, 1]; layer s holds (g_{s-1}, relu(g_{s-1} - 1/2), f_{s-1}).

    On [0, 1] g(y) = 2y - 4 relu(y - 1/2) and g_{s-1}, f_{s-1} >= 0, so relu is the identity.
    """
    def f_row(s: int) -> list[Fraction]:  # f_s = f_{s-1} - (2 u1 - 4 u2) / 4^s
        return [Fraction(-2, 4**s), Fraction(4, 4**s), Fraction(1)]

    layers = [([[1], [1], [1]], [0, -HALF, 0])]
    layers += [([[2, -4, 0], [2, -4, 0], f_row(s)], [0, -HALF, 0]) for s in range(1, m)]
    return ExactNetwork.from_lists(layers + [([f_row(m)], [0])])


def test_relu_on_the_line() -> None:
    relu = realize_1d(RELU)
    assert (relu.lo, relu.hi) == (None, None)
    assert relu.breakpoints() == [0]
    assert relu(-3) == 0 and relu(HALF) == HALF
    assert crossing_number(relu, HALF) == 2


def test_piecewise_affine_arithmetic() -> None:
    hat = PiecewiseAffine.interpolant([0, 1, 2], [0, 1, 0])
    ramp = PiecewiseAffine.interpolant([-1, HALF, 3], [-1, HALF, 3])  # x, with a spurious break
    assert ramp.piece_count() == 1 and ramp.breakpoints() == []
    total = hat + 2 * ramp
    assert (total.lo, total.hi) == (0, 2)
    assert total.breakpoints() == [1]
    assert [total(x) for x in (0, HALF, 1, 2)] == [0, Fraction(3, 2), 3, 4]
    assert (total - hat - ramp * 2).piece_count() == 1
    assert hat.restrict(HALF, 1).piece_count() == 1
    jump = PiecewiseAffine((0, 1, 2), (0, 0), (0, 1))
    assert (jump(1), jump(2)) == (1, 1)  # right piece at a break


@pytest.mark.parametrize("m", range(1, 6))
def test_yarotsky_network_interpolates_the_square(m: int) -> None:
    f = realize_1d(yarotsky_square(m), 0, 1)
    nodes = [Fraction(k, 2**m) for k in range(2**m + 1)]
    interpolant = PiecewiseAffine.interpolant(nodes, [t * t for t in nodes])
    assert (f - interpolant).merged() == PiecewiseAffine((0, 1), (0,), (0,))
    error, where = sup_abs_difference(f, [0, 0, 1])
    assert error == Fraction(1, 2 ** (2 * m + 2))
    assert (where * 2 ** (m + 1)).denominator == 1 and (where * 2 ** (m + 1)) % 2 == 1


@pytest.mark.parametrize("k", range(1, 7))
def test_triangle_map_powers(k: int) -> None:
    f = realize_1d(triangle_power(k), 0, 1)
    assert f.piece_count() == 2**k
    assert crossing_number(f) == 2**k + 1


def test_crossing_number_counts_single_points() -> None:
    minus_abs = PiecewiseAffine.interpolant([-1, 0, 1], [-1, 0, -1])
    assert crossing_number(minus_abs, 0) == 3  # below, the point {0}, below


small_ints = st.integers(-3, 3)


@st.composite
def one_d_networks(draw: st.DrawFn) -> ExactNetwork:
    n1, n2 = draw(st.integers(1, 4)), draw(st.integers(1, 4))

    def layer(rows: int, cols: int) -> tuple[list[list[int]], list[int]]:
        return (draw(st.lists(st.lists(small_ints, min_size=cols, max_size=cols),
                              min_size=rows, max_size=rows)),
                draw(st.lists(small_ints, min_size=rows, max_size=rows)))

    return ExactNetwork.from_lists([layer(n1, 1), layer(n2, n1), layer(1, n2)])


@settings(max_examples=60, deadline=None)
@given(one_d_networks(), st.lists(st.fractions(-20, 20, max_denominator=50), max_size=10))
def test_realization_of_random_networks(net: ExactNetwork, points: list[Fraction]) -> None:
    _, n1, n2, _ = net.widths
    f = realize_1d(net)
    assert f.piece_count() <= (n1 + 1) * (n2 + 1)
    checks = points + f.breakpoints() + [t + d for t in f.breakpoints() for d in (-1, 1)]
    assert all(f(x) == net([x])[0] for x in checks)


def test_integral_abs_difference() -> None:
    zero = PiecewiseAffine((0, 1), (0,), (0,))
    identity = PiecewiseAffine.interpolant([-1, 1], [-1, 1])
    half = PiecewiseAffine((0, 1), (0,), (HALF,))
    assert integral_abs_difference(identity, half) == Fraction(1, 4)  # |x - 1/2| on [0, 1]
    assert integral_abs_difference(identity, zero) == HALF  # common domain [0, 1]
    relu = realize_1d(RELU, -1, 1)
    assert integral_abs_difference(relu, relu - identity) == 1  # |x| on [-1, 1]


def test_sup_abs_difference_exact_algebraic() -> None:
    zero = PiecewiseAffine((-1, 1), (0,), (0,))
    assert sup_abs_difference(zero, [0, 0, -1, 0, 1]) == (Fraction(1, 4), -sympy.sqrt(2) / 2)
    value, where = sup_abs_difference(zero.restrict(0, 1), [0, -1, 0, 1])  # x^3 - x
    assert (value, where) == (2 * sympy.sqrt(3) / 9, sympy.sqrt(3) / 3)
    with pytest.raises(ValueError):
        sup_abs_difference(realize_1d(RELU), [0, 1])


def one_layer_2d(rows: list[tuple[Fraction, Fraction]], biases: list[Fraction]) -> ExactNetwork:
    return ExactNetwork.from_lists([(rows, biases), ([[1] * len(rows)], [0])])


BOX = (Fraction(-3), Fraction(3), Fraction(-3), Fraction(3))


def test_lines_in_general_position() -> None:
    # Tangents to the unit circle at rational points: no two parallel, no three concurrent,
    # all intersections within distance 5/3 of the origin.
    ts = [Fraction(k, 8) for k in range(-4, 4)]
    normals = [((1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)) for t in ts]
    n = len(normals)
    net = one_layer_2d(normals, [Fraction(-1)] * n)
    assert region_count_2d(net, BOX) == 1 + n + comb(n, 2)


def test_parallel_and_missing_lines() -> None:
    parallel = one_layer_2d([(Fraction(1), Fraction(0))] * 4, [Fraction(k) for k in range(-2, 2)])
    assert region_count_2d(parallel, BOX) == 5
    missing = one_layer_2d([(Fraction(1), Fraction(1))], [Fraction(10)])
    corner = one_layer_2d([(Fraction(1), Fraction(1))], [Fraction(6)])  # touches (-3, -3) only
    assert region_count_2d(missing, BOX) == region_count_2d(corner, BOX) == 1
    with pytest.raises(ValueError):
        region_count_2d(RELU, BOX)


@pytest.mark.parametrize("seed", range(4))
def test_regions_of_deep_random_networks(seed: int) -> None:
    rng = random.Random(seed)
    widths = (2, 4, 4, 3, 1)
    net = ExactNetwork.from_lists([
        ([[rng.randint(-2, 2) for _ in range(n_in)] for _ in range(n_out)],
         [rng.randint(-2, 2) for _ in range(n_out)])
        for n_in, n_out in pairwise(widths)])
    regions = linear_regions_2d(net, BOX)
    assert len(regions) <= 2 ** sum(widths[1:-1])
    assert len({region.pattern for region in regions}) == len(regions)
    assert all(region.area > 0 for region in regions)
    assert sum(region.area for region in regions) == 36
