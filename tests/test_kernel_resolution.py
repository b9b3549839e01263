"""kernel.ntk_limit and kernel.linearized_training with power: the slope clause reaches the
budget's resolution (its measure draws more networks when the engine asks), and the planted
implementation bugs are implementation mutants."""

from __future__ import annotations

from fractions import Fraction as F

from theorems.generalization.kernel_ntk import (
    deviation_sweep,
    linearized_training,
    ntk_instance,
    ntk_limit,
)
from verify import RunOptions, make_context, run_theorem


def test_the_sweep_draws_more_networks_when_the_engine_asks():
    instance = ntk_instance(2, F(0), 0)
    sizes, _ = deviation_sweep(instance, make_context("quick"))
    more, _ = deviation_sweep(instance, make_context("quick", sample_scale=2))
    assert len(sizes) == 17 * 16 and len(more) == 2 * len(sizes)
    assert min(sizes) == 16 and max(sizes) == 256  # widths 2^4 .. 2^8 at quick


def test_the_slope_clause_reaches_the_quick_resolution(tmp_path):
    verdict = run_theorem(ntk_limit, RunOptions(save_dir=tmp_path))
    (slope_clause,) = [c for c in verdict.clauses if c["relation"].startswith("Eq(slope")]
    assert slope_clause["target_reached"], slope_clause
    assert slope_clause["resolution"] <= 0.1 and slope_clause["resolution_kind"] == "absolute"


def test_both_theorems_declare_implementation_mutants():
    for theorem in (ntk_limit, linearized_training):
        kinds = {m.kind for m in theorem.mutants}
        assert "implementation" in kinds, theorem.id
