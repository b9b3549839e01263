"""The exact law of the uniform deviation sup_k |R(f_k) − R̂_s(f_k)| and its Monte-Carlo
samples (verify.domain.learning.uniform_deviation): the tight companion of the generalization
bounds of Section 1."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import numpy as np
import pytest

from verify.check.stats import frequency
from verify.domain.learning.finite import FiniteDistribution, LossMatrix, empirical_risk, risk
from verify.domain.learning.uniform_deviation import (
    DeviationLaw,
    bit_class,
    count_vectors,
    deviation_law,
    enumeration_size,
    largest_enumerable_size,
    merged_columns,
    multinomial_weights,
    sample_deviations,
)

SKEWED = FiniteDistribution.from_weights({(0, 0): 3, (0, 1): 1, (1, 0): 1, (1, 1): 2,
                                          (2, 2): 1, (2, 0): 1})
TABLES = [{0: 0, 1: 1, 2: 2}, {0: 1, 1: 1, 2: 0}, {0: 0, 1: 0, 2: 0}]


def _law_by_enumerating_samples(dist, tables, loss, m):
    """The law of the sup deviation summed over all m-tuples of cells, in Fractions."""
    law: dict[F, F] = {}
    for draw in itertools.product(range(len(dist.cells)), repeat=m):
        p = math.prod(dist.probabilities[i] for i in draw)
        sample = [dist.cells[i] for i in draw]
        sup = max(abs(risk(dist, t, loss) - empirical_risk(sample, t, loss)) for t in tables)
        law[sup] = law.get(sup, F(0)) + p
    return law


@pytest.mark.parametrize("m", [1, 2, 3, 4])
def test_law_equals_the_sum_over_all_samples(m):
    losses = LossMatrix.of(SKEWED, TABLES, "zero_one")
    law = deviation_law(SKEWED, losses, m)
    assert dict(zip(law.values, law.probabilities, strict=True)) == \
        _law_by_enumerating_samples(SKEWED, TABLES, "zero_one", m)
    assert sum(law.probabilities) == 1 and list(law.values) == sorted(law.values)


def test_cells_with_equal_loss_columns_are_merged():
    losses = LossMatrix.of(SKEWED, [{0: 0, 1: 0, 2: 0}], "zero_one")  # loss = [y ≠ 0]
    columns, weights, total = merged_columns(SKEWED, losses)
    assert columns.shape == (1, 2) and sorted(weights) == [4, 5] and total == 9
    assert deviation_law(SKEWED, losses, 5).count_vectors == enumeration_size(5, 2) == 6


def test_count_vectors_and_multinomial_weights():
    counts = count_vectors(4, 3)
    assert len(counts) == enumeration_size(4, 3) == 15 and (counts.sum(axis=1) == 4).all()
    weights = multinomial_weights(counts, (1, 2, 3))
    assert sum(weights.tolist()) == 6**4  # (w_1 + w_2 + w_3)^m
    assert largest_enumerable_size(3, 15, 100) == 4 and largest_enumerable_size(3, 14, 100) == 3


def test_independent_coins_have_a_product_law():
    dist, tables = bit_class(3)
    law = deviation_law(dist, LossMatrix(tables), 5)
    coin = F(sum(math.comb(5, j) for j in (0, 1, 4, 5)), 2**5)  # |K/5 − 1/2| ≥ 3/10
    assert law.tail(F(3, 10)) == 1 - (1 - coin) ** 3
    assert law.tail(F(0)) == 1 and law.tail(F(1)) == 0


def test_monte_carlo_frequencies_are_binomial_counts_of_the_exact_tail():
    losses = LossMatrix.of(SKEWED, TABLES, "zero_one")
    law = deviation_law(SKEWED, losses, 12)
    drawn = sample_deviations(SKEWED, losses, 12, seed=3, trials=4000)
    for level in law.values:
        estimate = frequency(drawn.hits(level), drawn.trials, 0.9999)
        assert estimate.lo <= law.tail(level) <= estimate.hi


def test_sampled_deviations_are_exact_sups():
    losses = LossMatrix.of(SKEWED, TABLES, "zero_one")
    drawn = sample_deviations(SKEWED, losses, 7, seed=5, trials=50)
    indices = SKEWED.sample_indices((50, 7), np.random.default_rng(5))  # the same draws
    for numerator, row in zip(drawn.numerators.tolist(), indices, strict=True):
        sample = [SKEWED.cells[i] for i in row]
        sup = max(abs(risk(SKEWED, t, "zero_one") - empirical_risk(sample, t, "zero_one"))
                  for t in TABLES)
        assert F(numerator, drawn.denominator) == sup


def test_companion_level_has_an_informative_tail():
    law = DeviationLaw((F(0), F(1, 4), F(1, 2)), (F(1, 10), F(1, 2), F(2, 5)), 3)
    assert law.level_near() == F(1, 2)  # tails 1, 9/10, 2/5: 2/5 is nearest 3/5
    degenerate = DeviationLaw((F(0), F(1)), (F(99, 100), F(1, 100)), 2)
    assert degenerate.level_near() == 0  # no tail in [1/4, 19/20]: the trivial event


def test_law_refuses_too_many_count_vectors():
    losses = LossMatrix.of(SKEWED, TABLES, "zero_one")
    with pytest.raises(ValueError, match="count vectors"):
        deviation_law(SKEWED, losses, 40, max_terms=1000)
