"""The runner on toy theorems, one per evaluation mode: what each verdict can claim."""

from __future__ import annotations

import pytest
import toy_theorems as toy

from verify.core.declarations import make_context
from verify.engine.run import RunOptions, evaluate, run_theorem
from verify.engine.store import load_counterexample


@pytest.fixture
def options(tmp_path) -> RunOptions:
    return RunOptions(seed=1, save_dir=tmp_path)


def test_exact_theorem_is_certified_and_its_witness_attains(options):
    verdict = run_theorem(toy.square, options)
    assert verdict.status == "certified"
    assert verdict.worst_ratio == pytest.approx(1.0)
    assert verdict.routes == {"exact": verdict.instances}
    assert verdict.necessity[0]["shown"] and verdict.necessity[0]["missed_premises"] == ["a ≥ 1"]


def test_mutant_is_falsified_and_the_counterexample_replays(options):
    verdict = run_theorem(toy.square, options, mutant="factor 2")
    assert verdict.status == "falsified"
    saved = verdict.counterexample["saved"]
    record, instance = load_counterexample(saved)
    assert record["mutant"] == "factor 2"
    mutant = toy.square.mutated(toy.square.mutant("factor 2"))
    assert evaluate(mutant, instance, make_context()).violated


def test_ball_arithmetic_certifies_and_falsifies(options):
    assert run_theorem(toy.exp_line, options).status == "certified"
    assert run_theorem(toy.exp_line, options, mutant="steeper line").status == "falsified"


def test_sampled_theorem_passes_and_a_float_violation_is_confirmed_in_balls(options):
    assert run_theorem(toy.sine, options).status == "passed"
    verdict = run_theorem(toy.sine, options, mutant="half")
    assert verdict.status == "falsified"
    assert verdict.counterexample["route"] == "arb"


def test_a_float_violation_without_a_rigorous_route_is_inconclusive(options):
    verdict = run_theorem(toy.unconfirmable, options)
    assert verdict.status == "inconclusive"
    assert verdict.counterexample is None


def test_statistical_mode_uses_clopper_pearson(options):
    assert run_theorem(toy.hoeffding_coin, options).status == "passed"
    verdict = run_theorem(toy.hoeffding_coin, options, mutant="rate 8")
    assert verdict.status == "falsified"
    assert "interval" in verdict.counterexample["detail"]


def test_rate_mode_fits_the_slope(options):
    assert run_theorem(toy.mc_rate, options).status == "passed"
    assert run_theorem(toy.mc_rate, options, mutant="rate 1/n").status == "falsified"


def test_same_seed_same_verdict(options):
    first = run_theorem(toy.sine, options)
    second = run_theorem(toy.sine, options)
    assert (first.instances, first.worst_ratio) == (second.instances, second.worst_ratio)
