"""Every Section 3 theorem holds, pins its witnesses' exact values, and falsifies the bugs
planted in its helpers (implementation mutants) as well as its false variants."""

from __future__ import annotations

import pytest

from theorems import depth
from verify.engine.run import RunOptions, run_theorem

THEOREMS = [getattr(depth, name) for name in depth.__all__]


@pytest.mark.parametrize("theorem", THEOREMS, ids=lambda t: t.id)
def test_theorem_holds_with_its_claims(theorem, tmp_path):
    verdict = run_theorem(theorem, RunOptions(save_dir=tmp_path))
    assert verdict.status in ("certified", "passed"), verdict.notes
    assert all(w["holds"] and w.get("claim_holds", True) for w in verdict.witnesses)


@pytest.mark.parametrize("theorem", THEOREMS, ids=lambda t: t.id)
def test_every_mutant_is_falsified(theorem, tmp_path):
    kinds = {m.kind for m in theorem.mutants}
    assert kinds == {"statement", "implementation"}
    for mutant in theorem.mutants:
        verdict = run_theorem(theorem, RunOptions(save_dir=tmp_path), mutant=mutant.name)
        assert verdict.status == "falsified", (mutant.name, verdict.notes)


def test_extremes_contain_the_maximal_constructions():
    from verify.core.budget import BUDGETS

    shapes = [inst.params["n"] for inst in depth._pieces_extremes(BUDGETS["standard"])]
    assert (3, 3, 3, 3) in shapes and (6, 6, 6) in shapes
