"""The tight companions of Section 2's norm-based theorems: a certified lower bound on the
Rademacher complexity of an RKHS ball from explicit members of the ball, the exact law of the
one-sided uniform deviation (symmetrization and the violation probability), the exact upper
bound for Frobenius-constrained ReLU networks, and the single-path starts of the network search."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from theorems.generalization.norms import (
    golowich_rakhlin_shamir,
    rademacher_generalization,
    rkhs_rademacher,
    spectral_margin,
)
from verify.arith.convert import to_arb
from verify.arith.precision import workprec
from verify.core.measurement import Ball, Exact
from verify.domain.learning.finite import FiniteDistribution, LossMatrix, empirical_risk, risk
from verify.domain.learning.rademacher import (
    ball_rademacher,
    certified_network_lower_bound,
    expected_rademacher,
    search_network_rademacher,
    sign_vectors,
)
from verify.domain.learning.relu_class import (
    linear_jensen_bound,
    relu_rademacher_upper,
    subset_sign_maxima,
)
from verify.domain.learning.rkhs import kernel_gram
from verify.domain.learning.rkhs_supremum import feasible_maximiser_value
from verify.domain.learning.symmetrization import count_vectors, gap_law, gap_law_size


def _float(value) -> float:
    return float(value.value.mid()) if isinstance(value, Ball) else float(value.value)


# -- the RKHS ball: feasible members and exact means of square roots --------------------------

def test_feasible_members_reach_the_identity_exactly_when_the_roots_are_rational():
    identical = kernel_gram("linear", [(F(1),)] * 16)  # σᵀKσ = (Σσ_i)², a square
    assert feasible_maximiser_value(identical, 1) == F(6435, 32768)
    assert ball_rademacher(identical, 1) == Exact(sympy.Rational(6435, 32768))


@pytest.mark.parametrize("kind, points, extra", [
    ("min", [F(k, 16) for k in range(1, 17)], None),
    ("polynomial", [(F(1, 2),), (F(-1, 4),), (1,), (F(3, 4),)], (1, 3)),
    ("linear", [(F(1, 2), F(-1, 4)), (1, 0), (F(3, 8), F(5, 8)), (0, F(-1, 2))], None),
])
def test_feasible_members_stay_below_the_identity_within_2_to_the_minus_60(kind, points, extra):
    gram = kernel_gram(kind, points, extra)
    lower = feasible_maximiser_value(gram, F(3, 2))
    identity = ball_rademacher(gram, F(3, 2)).value
    with workprec(256):
        assert to_arb(identity) >= to_arb(lower)
        assert to_arb(identity) <= to_arb(lower * (1 + F(1, 2**60)))


def test_feasible_members_refuse_a_gram_matrix_that_is_not_psd():
    with pytest.raises(ValueError):
        feasible_maximiser_value([[1, 2], [2, 1]], 1)


def test_a_common_surd_makes_the_rademacher_complexity_exact():
    # two equal points (1, 1): σᵀKσ ∈ {8, 0}, so Rad = (1/2)·sqrt(8)/2 = sqrt(2)/2
    value = ball_rademacher(kernel_gram("linear", [(1, 1), (1, 1)]), 1)
    assert value == Exact(sympy.sqrt(2) / 2)
    # the Khintchine–Kahane constant 1/sqrt(2) is attained there: 2m²Rad² = B² tr K
    assert 2 * 2**2 * value.value**2 == 4


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.integers(-4, 4), st.integers(-4, 4)), min_size=1, max_size=7))
def test_rademacher_complexity_of_a_ball_lies_between_khintchine_and_jensen(rows):
    gram = kernel_gram("linear", [(F(a, 4), F(b, 4)) for a, b in rows])
    trace = sum(gram[i][i] for i in range(len(gram)))
    rad = _float(ball_rademacher(gram, 1))
    m = len(gram)
    assert math.sqrt(trace / 2) / m - 1e-12 <= rad <= math.sqrt(trace) / m + 1e-12


# -- the exact law of max_f (R − R̂) ----------------------------------------------------------

SKEWED = FiniteDistribution.from_weights({(0, 0): 3, (0, 1): 1, (1, 0): 1, (1, 1): 2,
                                          (2, 0): 1})


def test_count_vectors_enumerate_the_compositions():
    rows = count_vectors(3, 3)
    assert len(rows) == gap_law_size(3, 3) == 10 and (rows.sum(axis=1) == 3).all()


def test_gap_law_is_the_law_over_every_sample():
    tables = [{0: 0, 1: 1, 2: 1}, {0: 1, 1: 0, 2: 0}, {0: 1, 1: 1, 2: 0}]
    losses = LossMatrix.of(SKEWED, tables, "zero_one")
    for m in range(1, 4):
        law = gap_law(SKEWED, losses, m)
        mean = F(0)
        for sample in itertools.product(range(len(SKEWED.cells)), repeat=m):
            cells = [SKEWED.cells[i] for i in sample]
            p = math.prod(SKEWED.probabilities[i] for i in sample)
            mean += p * max(risk(SKEWED, t, "zero_one") - empirical_risk(cells, t, "zero_one")
                            for t in tables)
        assert sum(law.probabilities) == 1 and law.mean() == mean
        assert law.mean() <= 2 * expected_rademacher(SKEWED, losses, m)  # symmetrization


def test_violation_probability_of_a_fair_coin_is_a_binomial_tail():
    coin = FiniteDistribution.uniform([(0, 0), (0, 1)])
    law = gap_law(coin, LossMatrix.of(coin, [{0: 0}], "zero_one"), 9)
    assert law.violation_probability(F(0), F(1, 4)) == F(46, 512)  # at most 2 ones of 9
    assert law.violation_probability(F(0), F(1, 20), confidence_term=False) == F(1, 2)


def test_symmetrization_is_nearly_tight_for_small_sets_of_many_points():
    points = 20
    dist = FiniteDistribution.uniform([(x, 0) for x in range(points)])
    sets = [s for k in range(3) for s in itertools.combinations(range(points), k)]
    tables = [{x: int(x in s) for x in range(points)} for s in sets]
    tables += [{x: int(x not in s) for x in range(points)} for s in sets]
    losses = LossMatrix.of(dist, tables, "zero_one")
    mean, rad = gap_law(dist, losses, 2).mean(), expected_rademacher(dist, losses, 2)
    assert mean == F(19, 20) ** 2 and rad == F(2 * points - 1, 4 * points)
    assert mean / (2 * rad) > F(9, 10)


# -- Frobenius-constrained ReLU networks: the exact upper bound --------------------------------

def _axes(dim: int, length: F) -> list[list[F]]:
    return [[length if k == i else F(0) for k in range(dim)] for i in range(dim)]


def test_subset_sign_maxima_by_brute_force():
    points = [[F(1), F(-1, 2)], [F(1, 4), F(1)], [F(-3, 4), F(1, 2)]]
    best, den = subset_sign_maxima(points)
    x = np.array(points, dtype=float)
    for mask in range(8):
        members = [i for i in range(3) if mask >> i & 1]
        brute = max((float(np.sum((np.array(s)[:, None] * x[members]).sum(axis=0) ** 2))
                     for s in itertools.product([1, -1], repeat=len(members))), default=0.0)
        assert math.isclose(best[mask] / den, brute, abs_tol=1e-12)


def test_the_upper_bound_is_exact_on_orthogonal_inputs():
    points = _axes(4, F(2))
    exact = np.mean([2 * max(math.sqrt(sum(s > 0 for s in sg)), math.sqrt(sum(s < 0 for s in sg)))
                     / 4 for sg in itertools.product([1, -1], repeat=4)])
    assert math.isclose(_float(relu_rademacher_upper(points, [1, 1])), exact, rel_tol=1e-12)
    assert linear_jensen_bound(points, F(3, 2)) == Exact(sympy.Rational(3, 2))


def test_single_path_starts_reach_the_exact_value_at_depth_three():
    points, norms = _axes(4, F(2)), [1, 2, F(1, 2)]
    signs = sign_vectors(4, half=True)
    search = search_network_rademacher(points, (4, 3, 3, 1), norms, signs, restarts=2,
                                       steps=10, path_starts=True)
    upper = _float(relu_rademacher_upper(points, norms))
    exact = float(certified_network_lower_bound(search, points, norms))
    assert upper * (1 - 1e-9) <= exact <= upper


@settings(max_examples=8, deadline=None)
@given(st.integers(2, 6), st.integers(1, 3), st.integers(0, 2**16))
def test_the_certified_search_never_exceeds_the_upper_bound(size, dim, seed):
    rng = np.random.default_rng(seed)
    points = [[F(int(v), 4) for v in rng.integers(-4, 5, dim)] for _ in range(size)]
    if all(v == 0 for p in points for v in p):
        points[0][0] = F(1)
    norms = [1, F(3, 2)]
    search = search_network_rademacher(points, (dim, 3, 1), norms,
                                       sign_vectors(size, half=True), restarts=3, steps=30,
                                       seed=seed, path_starts=True)
    lower = certified_network_lower_bound(search, points, norms)
    upper = relu_rademacher_upper(points, norms).value
    with workprec(256):
        assert to_arb(lower) <= to_arb(upper)


# -- the theorems' mutants ----------------------------------------------------------------------

@pytest.mark.parametrize("theorem", [rkhs_rademacher, rademacher_generalization,
                                     golowich_rakhlin_shamir, spectral_margin])
def test_every_theorem_declares_an_implementation_mutant(theorem):
    assert any(m.kind == "implementation" for m in theorem.mutants), theorem.id
