"""Verdicts with power: estimated clauses report their resolution and grow their samples to
the budget's target; implementation mutants are falsified; family-wise control keeps true
statements unfalsified; extreme instances are always tried; per-clause records."""

from __future__ import annotations

import numpy as np
import sympy
from hypothesis import strategies as st

from verify import (
    Instance,
    Mutant,
    RunOptions,
    Status,
    Theorem,
    frequency,
    mean,
    parameter,
    quantity,
)
from verify.core.budget import budget
from verify.core.declarations import implementation_mutant
from verify.frontends.cli import main

p_hit = quantity("p_hit")
level = parameter("level", positive=True)


def _coin(inst: Instance, ctx) -> object:
    """The frequency of heads of a coin with bias 0.3, over ctx.samples(...) flips."""
    rng = np.random.default_rng(inst.data["seed"])
    trials = ctx.samples(200, 400, 800)
    hits = int((rng.random(trials) < 0.3).sum())
    return frequency(hits, trials, confidence=0.999)


def coin_theorem(bound: float = 0.3, measure=_coin, mutants=()) -> Theorem:
    """P(heads) ≤ bound for a coin of bias 0.3: true (and tight) at bound 0.3."""
    return Theorem(
        id="toy.coin", title="P(heads) ≤ bound", survey="-", source="-", mode="statistical",
        statement=sympy.Le(p_hit, level), parameters=(level,), quantities=(p_hit,),
        instances=lambda b: st.integers(0, 2**30).map(
            lambda s: Instance({"level": sympy.Rational(bound).limit_denominator(1000)},
                               {"seed": s})),
        measure=measure, mutants=mutants)


def test_an_estimated_clause_reports_its_resolution_and_reaches_the_target():
    verdict = run_theorem_quick(coin_theorem())
    assert verdict.status == Status.PASSED
    (clause,) = verdict.clauses
    assert clause["resolution"] is not None and clause["resolution_kind"] == "relative"
    assert clause["target"] == 0.25 and clause["target_reached"]
    assert clause["sample_scale"] > 1 and clause["looks"] > 1  # it had to grow its samples
    assert clause["interval"][0] <= 0.3 <= clause["interval"][1] or clause["p_value"] > 0


def test_a_measure_that_ignores_sample_scale_says_the_target_was_not_reached():
    def fixed(inst: Instance, ctx) -> object:
        rng = np.random.default_rng(inst.data["seed"])
        return frequency(int((rng.random(100) < 0.3).sum()), 100, confidence=0.999)

    verdict = run_theorem_quick(coin_theorem(measure=fixed))
    (clause,) = verdict.clauses
    assert not clause["target_reached"] and "does not draw more samples" in clause["note"]


def test_an_implementation_mutant_that_returns_the_bound_is_falsified():
    """A measure that returns its bound (here: a frequency far above 0.3) must not pass."""
    def returns_bound(inst: Instance, ctx) -> object:
        trials = ctx.samples(200, 400, 800)
        return frequency(int(0.45 * trials), trials, confidence=0.999)

    bug = implementation_mutant("wrong coin", "measures a coin of bias 0.45",
                                measure=returns_bound)
    theorem = coin_theorem(mutants=(bug,))
    verdict = run_theorem_quick(theorem, mutant="wrong coin")
    assert verdict.mutant_kind == "implementation" and verdict.status == Status.FALSIFIED


def test_a_patched_helper_is_an_implementation_mutant():
    """``patches`` plants a bug in a helper by dotted path, restored after the run."""
    bug = implementation_mutant("biased rng", "random draws shifted up by 0.2",
                                patches={f"{__name__}._shift": 0.2})
    theorem = coin_theorem(measure=_shifted_coin, mutants=(bug,))
    assert run_theorem_quick(theorem).status == Status.PASSED
    assert run_theorem_quick(theorem, mutant="biased rng").status == Status.FALSIFIED
    assert _shift == 0.0


_shift = 0.0


def _shifted_coin(inst: Instance, ctx) -> object:
    rng = np.random.default_rng(inst.data["seed"])
    trials = ctx.samples(200, 400, 800)
    hits = int((rng.random(trials) < 0.3 + _shift).sum())
    return frequency(hits, trials, confidence=0.999)


def test_family_wise_control_keeps_a_tight_true_statement_unfalsified_over_many_seeds():
    """P(heads) ≤ 0.3 for a coin of bias exactly 0.3 is true and tight: over 40 seeds (about
    2 000 tests at the boundary) not one run may falsify it. Each run's level is
    0.001 / family, so the expected number of false falsifications is below 40 · 0.001."""
    theorem = coin_theorem()
    falsified = [seed for seed in range(40)
                 if run_theorem_quick(theorem, seed=seed).status == Status.FALSIFIED]
    assert falsified == []


def test_statement_mutants_still_fall_and_each_verdict_says_scope_and_proof(capsys):
    mutant = Mutant("half", "P(heads) ≤ 0.15", statement=sympy.Le(p_hit, sympy.Rational(3, 20)))
    verdict = run_theorem_quick(coin_theorem(mutants=(mutant,)), mutant="half")
    assert verdict.status == Status.FALSIFIED and verdict.mutant_kind == "statement"
    record = verdict.as_dict()
    assert record["scope"] == "instances" and record["proof"] == "none"


def test_extreme_instances_are_tried_at_every_budget():
    """A claim that fails only at one extreme value (x = 1000 among 0..1000) is falsified
    because the theorem declares it among its extremes."""
    x = parameter("x", integer=True, nonnegative=True)
    value = quantity("value")
    theorem = Theorem(
        id="toy.extreme", title="x ≤ 999 (false at x = 1000)", survey="-", source="-",
        mode="exact", statement=sympy.Le(value, 999), parameters=(x,), quantities=(value,),
        instances=lambda b: st.integers(0, 999).map(lambda k: Instance({"x": k})),
        measure=lambda inst, ctx: inst.params["x"],
        extremes=lambda b: [Instance({"x": 1000}, label="largest")])
    verdict = run_theorem_quick(theorem)
    assert verdict.status == Status.FALSIFIED and "largest" in verdict.counterexample["instance"]


def test_a_conjunction_reports_each_clause(tmp_path, capsys, monkeypatch):
    value, noise = quantity("value"), quantity("noise")

    def measure(inst: Instance, ctx) -> object:
        rng = np.random.default_rng(inst.data["seed"])
        return {"value": 3, "noise": mean(list(rng.normal(0.0, 1.0, ctx.samples(50))), 0.999)}

    theorem = Theorem(
        id="toy.both", title="value ≤ 4 and noise ≤ 1", survey="-", source="-",
        mode="statistical", statement=sympy.And(sympy.Le(value, 4), sympy.Le(noise, 1)),
        quantities=(value, noise),
        instances=lambda b: st.integers(0, 2**20).map(lambda s: Instance({}, {"seed": s})),
        measure=measure)
    verdict = run_theorem_quick(theorem)
    by_relation = {c["relation"]: c for c in verdict.clauses}
    assert by_relation["value <= 4"]["worst_ratio"] == 0.75
    assert by_relation["value <= 4"]["resolution"] is None
    assert by_relation["noise <= 1"]["resolution"] is not None
    assert verdict.worst_ratio == 0.75  # the headline is the decided clause


def test_json_carries_clauses_scope_and_proof(tmp_path, capsys, monkeypatch):
    import json

    monkeypatch.chdir(tmp_path)
    assert main(["verify", "depth.yarotsky_square", "--json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert record["scope"] == "instances" and record["proof"] in ("complete", "partial")
    assert record["clauses"] and record["clauses"][0]["status"] == "certified"


def run_theorem_quick(theorem: Theorem, mutant: str | None = None, seed: int = 0):
    from verify import run_theorem

    return run_theorem(theorem, RunOptions(budget=budget("quick"), seed=seed, save_dir=None),
                       mutant)


def test_a_measure_that_returns_the_bound_is_caught_by_a_pinned_witness():
    """``a² ≥ a`` with a measure that returns the bound ``a`` itself holds everywhere; a
    witness whose value the theory pins down (a = 2: exactly 4) catches it."""
    from fractions import Fraction

    from verify import Witness

    a = parameter("a", positive=True)
    value = quantity("value")
    bug = implementation_mutant("returns the bound", "measure returns a instead of a²",
                                measure=lambda inst, ctx: inst.params["a"])
    theorem = Theorem(
        id="toy.pinned", title="a² ≥ a", survey="-", source="-", mode="exact",
        statement=sympy.Ge(value, a), parameters=(a,), quantities=(value,),
        instances=lambda b: st.integers(1, 30).map(lambda k: Instance({"a": Fraction(k)})),
        measure=lambda inst, ctx: inst.params["a"] ** 2,
        witnesses=(Witness("a = 2", Instance({"a": Fraction(2)}),
                           claim=sympy.Eq(value, 4)),),
        mutants=(bug,))
    assert run_theorem_quick(theorem).status == Status.CERTIFIED
    verdict = run_theorem_quick(theorem, mutant="returns the bound")
    assert verdict.status == Status.FALSIFIED and verdict.mutant_kind == "implementation"
