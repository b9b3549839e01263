"""features.layered_thresholding (Papyan–Romano–Elad 2017) and its exact thresholding engine."""

from __future__ import annotations

from fractions import Fraction

from theorems import features
from theorems.features import layered_thresholding
from verify.domain.sparse.coding import (
    correlate,
    equiangular_gram,
    gram,
    gram_apply,
    gram_coherence,
    hard_threshold,
    identity_hadamard,
    is_unit_gram,
    recovery_gap,
    synthesize,
)
from verify.domain.sparse.coding import layered_thresholding as layered_hard_thresholding
from verify.engine.run import RunOptions, run_theorem


def test_identity_hadamard_is_two_orthonormal_bases():
    G = gram(identity_hadamard(16))
    assert is_unit_gram(G) and gram_coherence(G) == Fraction(1, 4)


def test_gram_check_rejects_an_impossible_equiangular_frame():
    assert is_unit_gram(equiangular_gram(5, Fraction(1, 4)))  # the regular simplex in R^4
    assert not is_unit_gram(equiangular_gram(5, Fraction(1, 3)))  # 5 atoms at −1/3: not PSD


def test_hard_threshold_keeps_largest_and_breaks_ties_by_index():
    v = [Fraction(1), Fraction(-3), Fraction(2), Fraction(-2)]
    assert hard_threshold(v, 2) == {1: Fraction(-3), 2: Fraction(2)}


def test_hadamard_comb_makes_thresholding_pick_the_wrong_atoms():
    D = identity_hadamard(16)
    comb = {16 + j: Fraction(1) for j in (0, 4, 8, 12)}
    corr = correlate(D, synthesize(D, comb))
    assert recovery_gap(corr, set(comb)) == 0  # an 8-way tie
    assert set(hard_threshold(corr, 4)) == {0, 1, 2, 3}  # e_0..e_3, none of the true atoms


def test_simplex_attains_the_gap_bound_exactly():
    k, G = 5, equiangular_gram(11, Fraction(1, 10))
    gap = recovery_gap(gram_apply(G, {i: Fraction(1) for i in range(k)}), set(range(k)))
    assert gap == 1 - (2 * k - 1) * Fraction(1, 10) == Fraction(1, 10)


def test_layered_thresholding_recovers_both_supports_on_the_witness():
    d = features._SIMPLEX_LAYERED.data
    g1 = {i: v for i, v in enumerate(synthesize(d["D2"], d["gamma2"])) if v}
    est1, est2 = layered_hard_thresholding(gram_apply(d["G1"], g1), [d["D2"]], [len(g1), 2])
    assert set(est1) == set(g1) == set(range(8)) and set(est2) == {0, 1}


def test_theorem_certified_mutant_falsified_necessity_shown(tmp_path):
    verdict = run_theorem(layered_thresholding, RunOptions(save_dir=tmp_path))
    assert verdict.status == "certified", verdict.notes
    assert verdict.rejected == 0 and verdict.worst_ratio == 1
    assert all(w["holds"] and w["ratio"] >= 0.99 for w in verdict.witnesses)
    assert verdict.necessity and all(case["shown"] for case in verdict.necessity)
    for mutant in layered_thresholding.mutants:
        mv = run_theorem(layered_thresholding, RunOptions(save_dir=tmp_path), mutant=mutant.name)
        assert mv.status == "falsified", mutant.name
