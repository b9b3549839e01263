"""Counterexample files: every kind of instance data survives a save and a load."""

from __future__ import annotations

from fractions import Fraction

import sympy
import torch

from verify.core.declarations import Instance
from verify.domain.networks.ensembles import random_ensemble
from verify.domain.networks.exact import ExactNetwork
from verify.engine.store import load_counterexample, save_counterexample


def test_round_trip_of_networks_tensors_and_exact_values(tmp_path):
    ensemble = random_ensemble((3, 4, 1), 2, seed=7)
    exact = ExactNetwork.from_lists([([[Fraction(1, 3)], [-2]], [0, Fraction(5, 7)]),
                                     ([[1, 1]], [0])])
    instance = Instance(
        params={"m": 3, "eps": Fraction(1, 8), "n": (3, 4), "c": sympy.Rational(2, 3)},
        data={"ensemble": ensemble, "net": exact, "x": torch.arange(4.0), "tag": "edge",
              "nested": {"k": [Fraction(1, 2), 0.25]}},
        label="all kinds")
    path = save_counterexample(tmp_path, {"theorem": "toy.kind", "seed": 5}, instance)
    record, loaded = load_counterexample(path)

    assert record["theorem"] == "toy.kind" and loaded.label == "all kinds"
    assert loaded.params == {"m": 3, "eps": Fraction(1, 8), "n": (3, 4),
                             "c": sympy.Rational(2, 3)}
    assert loaded.data["net"] == exact
    assert torch.equal(loaded.data["x"], torch.arange(4.0))
    assert loaded.data["nested"] == {"k": [Fraction(1, 2), 0.25]}
    x = torch.randn(5, 3, dtype=torch.float64)
    assert torch.equal(loaded.data["ensemble"](x), ensemble(x))


def test_a_finite_law_round_trips_through_its_registered_codec(tmp_path):
    from fractions import Fraction

    from verify.domain.learning.finite import FiniteDistribution
    from verify.engine.store import load_counterexample, save_counterexample

    law = FiniteDistribution(((0, 1), (Fraction(1, 2), 0)), (Fraction(1, 3), Fraction(2, 3)))
    path = save_counterexample(tmp_path, {"theorem": "learning.hoeffding"},
                               Instance({"m": 3}, {"law": law}))
    _, instance = load_counterexample(path)
    assert instance.data["law"] == law
