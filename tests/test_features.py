"""Section 7 (features): scattering and sparse-coding theorems, and their engine pieces."""

from __future__ import annotations

import math

import pytest
import sympy
import torch

from theorems import features
from verify.domain.sparse.coding import RootDictionary, mutual_coherence, spark
from verify.domain.sparse.representations import split
from verify.domain.sparse.scattering import energy_defect, filter_bank, scatter_arb, scatter_torch
from verify.domain.sparse.translation import translation_distances
from verify.engine.run import RunOptions, run_theorem


def test_filter_bank_is_tight():
    phi, psis = filter_bank(32, 4)
    for k in range(32):
        assert abs(phi[k] ** 2 + sum(p[k] ** 2 for p in psis) - 1) < 1e-15
    phi_b, psis_b = filter_bank(16, 2, backend="arb")
    assert all((phi_b[k] ** 2 + sum(p[k] ** 2 for p in psis_b)).contains(1) for k in range(16))


def test_torch_and_ball_backends_agree():
    f = torch.randn(16, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    a, b = scatter_torch(f, 2, 2), scatter_arb(f.tolist(), 2, 2)
    assert abs(energy_defect(a)) < 1e-12 and energy_defect(b).upper() < 1e-10
    assert abs(float(a.S[1][1, 5]) - float(b.S[1][1][5].mid())) < 1e-12


def test_exact_spark_and_coherence():
    assert spark(features.FRAME_120) == 3
    assert mutual_coherence(features.FRAME_120) == sympy.Rational(1, 2)
    assert RootDictionary.identity_fourier(16).coherence_squared() == sympy.Rational(1, 16)


@pytest.mark.parametrize("theorem", [getattr(features, n) for n in features.__all__])
def test_theorem_holds_and_mutants_fall(theorem, tmp_path):
    verdict = run_theorem(theorem, RunOptions(save_dir=tmp_path))
    expected = {"exact": "certified", "certified": "certified"}.get(theorem.mode, "passed")
    assert verdict.status == expected, verdict.notes
    assert all(w["ratio"] >= 0.99 for w in verdict.witnesses if w.get("ratio") is not None)
    for mutant in theorem.mutants:
        assert run_theorem(theorem, RunOptions(save_dir=tmp_path), mutant=mutant.name
                           ).status == "falsified", mutant.name


def test_split_gives_two_representations_that_differ_by_z():
    assert split(sympy.Matrix([1, 0, -2, 3])) == ({0: 1, 2: -2}, {3: -3})


def test_translation_distances_stay_below_their_envelope():
    f = [math.cos(2 * math.pi * x / 16) for x in range(16)]
    rows = translation_distances(f, 3, 2, False, "cpu")
    assert len(rows) == 4 and all(d <= bound * (1 + 1e-9) for d, bound, _ in rows[:-1])
    assert rows[-1][0] < 1e-12  # 2^J = N: exactly invariant
