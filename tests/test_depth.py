"""Section 3's constructions and counting functions, checked independently of the runner."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import product

import pytest

from verify.domain.networks.constructions import (
    max_pieces_network,
    montufar_network,
    one_layer_general_position,
    triangle_power,
    yarotsky_product,
    yarotsky_square,
)
from verify.domain.networks.exact import crossing_number, realize_1d, region_count_2d
from verify.domain.networks.region_bounds import montufar_bound_value, serra_bound_value
from verify.domain.networks.regions2d import line_box, sup_product_error
from verify.domain.networks.separation import radial_network, shallow_g


@pytest.mark.parametrize("m", [1, 2, 3, 5])
def test_yarotsky_network_interpolates_x_squared_at_dyadic_nodes(m):
    f = realize_1d(yarotsky_square(m), 0, 1)
    assert f.piece_count() == 2**m
    assert all(f(Fraction(k, 2**m)) == Fraction(k, 2**m) ** 2 for k in range(2**m + 1))


def test_product_network_vanishes_on_the_axes_and_attains_its_bound():
    net = yarotsky_product(2)
    assert net([0, Fraction(3, 7)]) == [0] and net([Fraction(5, 9), 0]) == [0]
    assert sup_product_error(net) == Fraction(1, 16)  # 2^(-2m), attained


def test_triangle_powers_count_pieces_and_crossings():
    for k in range(1, 7):
        f = realize_1d(triangle_power(k), 0, 1)
        assert (f.piece_count(), crossing_number(f)) == (2**k, 2**k + 1)


@pytest.mark.parametrize("widths", [(3,), (3, 3), (5, 3, 4), (3, 3, 3, 3)])
def test_zigzag_network_attains_the_product_of_widths_plus_one(widths):
    assert realize_1d(max_pieces_network(widths)).piece_count() == math.prod(
        n + 1 for n in widths)


def test_serra_bound_is_zaslavsky_for_one_layer_and_the_product_for_one_input():
    for n in range(1, 9):
        assert serra_bound_value(2, (n,)) == sum(math.comb(n, j) for j in range(3))
    for widths in product(range(1, 5), repeat=3):
        full = math.prod(n + 1 for n in widths)
        if min(widths[:-1]) >= 2:
            assert serra_bound_value(1, widths) == full
        else:  # a layer of width 1 keeps the function monotone: fewer pieces than Π(n_l + 1)
            assert serra_bound_value(1, widths) < full


@pytest.mark.parametrize("widths", [(4, 3), (4, 4, 2), (6, 5)])
def test_montufar_construction_reaches_its_lower_bound_and_stays_below_serra(widths):
    count = region_count_2d(montufar_network(widths), (0, 1, 0, 1))
    assert count == montufar_bound_value(2, widths) <= serra_bound_value(2, widths)


# -- verify.domain.networks.regions2d and .separation ----------------------------------------

def test_the_line_box_holds_every_region_of_one_hidden_layer():
    net = one_layer_general_position(5)
    assert region_count_2d(net, line_box(net)) == 1 + 5 + 10


def test_separation_constructions():
    assert radial_network(2, 1, 3)([Fraction(0), Fraction(0)])[0] == 1  # ψ(0) = cos 0
    fit = shallow_g("fit", [Fraction(0), Fraction(1, 2), Fraction(1)], [Fraction(0)] * 3, 1)
    assert abs(float(fit(Fraction(1, 2))) - 1) < 1e-9  # the triangle map is a hat: fitted exactly
