"""Sign sequences of one-input ReLU networks (verify.domain.networks.sign_changes) and the
informative clause of learning.vc_relu built on them."""

from __future__ import annotations

from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest

from theorems.learning.capacity import SignSequences, allowed_changes, vc_relu
from verify.core.declarations import make_context
from verify.domain.networks.sign_changes import (
    labelings_with_changes,
    piece_bound_1d,
    sign_change_count,
    sign_change_network,
    sign_sequence_count,
)
from verify.domain.networks.sign_patterns import sign_patterns
from verify.engine.run import evaluate

XS = [F(k * k - 3, 7) for k in range(7)]


def test_sign_sequence_count_is_the_number_of_sequences_with_few_changes():
    for m in range(1, 8):
        for k in range(m + 1):
            brute = sum(sign_change_count(s) <= k for s in product((True, False), repeat=m))
            assert sign_sequence_count(m, k) == brute
    assert SignSequences(5, 4) == 32 and SignSequences(9, 2) == 74


@pytest.mark.parametrize("width", [1, 2, 3, 4])
def test_every_labeling_with_at_most_n_changes_is_realized_by_n_neurons(width):
    realized = 0
    for labels in labelings_with_changes(len(XS), width, 10**6, seed=0):
        net = sign_change_network(XS, labels, width)
        assert net is not None and net.widths == (1, width, 1)
        values = [net([x])[0] for x in XS]
        assert tuple(v > 0 for v in values) == labels and 0 not in values
        realized += 1
    assert realized == sign_sequence_count(len(XS), width)
    alternating = tuple(j % 2 == 0 for j in range(len(XS)))
    assert sign_change_network(XS, alternating, width) is None  # 6 changes > width


def test_unsorted_points_keep_their_labels():
    xs = [F(3), F(-1), F(2), F(0)]
    labels = (True, False, True, False)  # sorted: −1 F, 0 F, 2 T, 3 T: one change
    net = sign_change_network(xs, labels, 1)
    assert tuple(net([x])[0] > 0 for x in xs) == labels


def test_piece_bound_and_allowed_changes():
    assert piece_bound_1d((1, 3, 1)) == 4 and piece_bound_1d((1, 2, 3, 1)) == 12
    assert allowed_changes((1, 3, 1), 10) == 4 and allowed_changes((1, 3, 1), 3) == 2
    assert allowed_changes((2, 3, 1), 10) == 9  # more inputs: no restriction (2^m)


def test_random_narrow_networks_never_exceed_their_exact_growth():
    """Widths 1 and 2: at most n sign changes (the claim the witnesses make exact)."""
    rng = np.random.default_rng(0)
    x = np.linspace(-1, 1, 9)
    for width in (1, 2):
        most = 0
        for _ in range(20000):
            w, b, c = (rng.standard_normal(width) for _ in range(3))
            f = np.maximum(np.outer(x, w) + 1.5 * b, 0) @ c + 0.5 * rng.standard_normal()
            most = max(most, sign_change_count(list(f > 0)))
        assert most == width


def test_sign_patterns_with_one_input_reach_the_constructed_count():
    points = tuple((x,) for x in XS)
    for arch in ((1, 1, 1), (1, 2, 1), (1, 2, 3, 1)):
        found = sign_patterns(arch, points, seed=3, members=16, labelings=4096)
        assert len(found) >= sign_sequence_count(len(points), arch[1])
        assert all(sign_change_count(p_sorted) <= piece_bound_1d(arch)
                   for p_sorted in (tuple(p[i] for i in np.argsort([float(v) for v in XS]))
                                    for p in found))


def test_vc_relu_piece_clause_is_tight_on_its_witnesses():
    ratios = {}
    for witness in vc_relu.witnesses:
        outcome = evaluate(vc_relu, witness.instance, make_context())
        piece = next(c for c in outcome.judgement.clauses if "SignSequences" in c.relation)
        ratios[witness.name] = piece.ratio
        assert evaluate(vc_relu, witness.instance, make_context(),
                        statement=witness.claim).judgement.holds
    assert max(r for name, r in ratios.items() if "5 points" in name) >= 0.9
