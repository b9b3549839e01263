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
    assert all(w["ratio"] >= 0.99 for w in verdict.witnesses if w.get("attains"))
    assert all(w.get("claim_holds", True) for w in verdict.witnesses)  # the pinned values
    assert any(m.kind == "implementation" for m in theorem.mutants)
    for mutant in theorem.mutants:  # statement and implementation mutants alike
        assert run_theorem(theorem, RunOptions(save_dir=tmp_path), mutant=mutant.name
                           ).status == "falsified", mutant.name


def test_split_gives_two_representations_that_differ_by_z():
    assert split(sympy.Matrix([1, 0, -2, 3])) == ({0: 1, 2: -2}, {3: -3})


def test_translation_distances_stay_below_their_envelope():
    f = [math.cos(2 * math.pi * x / 16) for x in range(16)]
    rows = translation_distances(f, 3, 2, False, "cpu")
    assert len(rows) == 4 and all(d <= bound * (1 + 1e-9) for d, bound, _, _ in rows[:-1])
    # J < K: the cosine lies in the kernel of every ψ̂_j, so U_m f = 0 for m ≥ 1 and E_J = ‖f‖
    assert all(abs(energy - 8**0.5) < 1e-12 for *_, energy in rows[:-1])
    assert rows[-1][0] < 1e-12  # 2^J = N: exactly invariant


def test_a_batch_scatters_like_its_signals_one_by_one():
    from verify.domain.sparse.scattering import split_batch

    gen = torch.Generator().manual_seed(2)
    f, g = (torch.randn(16, dtype=torch.float64, generator=gen) for _ in range(2))
    both = split_batch(scatter_torch(torch.stack([f, g]), 2, 2, last_modulus=False), 2)
    for single, part in zip((scatter_torch(f, 2, 2), scatter_torch(g, 2, 2)), both, strict=True):
        assert all(torch.allclose(a, b) for a, b in zip(single.S, part.S, strict=True))
        assert len(part.U) == 3  # U_0..U_M: U_{M+1} skipped


def test_filter_bank_cache_follows_a_replaced_window(monkeypatch):
    from verify.domain.sparse import scattering

    tight = scattering.filter_bank(16, 2)
    monkeypatch.setattr(scattering, "_window", lambda x, cos, sin, pi: (1, 0))
    flat_phi, flat_psis = scattering.filter_bank(16, 2)  # a new bank, not the cached one
    assert flat_phi == [1.0] * 16 and tight[0] != flat_phi
    assert all(v == 0 for psi in flat_psis for v in psi)


def test_translation_ratio_of_a_zero_envelope():
    assert features._ratio(0.5, 0.0) == features._INFINITE_RATIO
    assert features._ratio(0.0, 0.0) == 0.0
    assert features._ratio(1.0, 4.0) == 0.25
