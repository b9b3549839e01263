"""The verdict rules live in the engine (``verify.engine.rules``): the command line and the
pytest plugin apply the same witness and mutant rules, so they agree by construction."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import strategies as st

from verify import (
    Instance,
    Mutant,
    RunOptions,
    Status,
    Theorem,
    Witness,
    make_context,
    parameter,
    quantity,
    run_theorem,
)
from verify.engine.rules import (
    check_witness,
    exit_status,
    meets_expectation,
    mutants_exit_status,
)
from verify.frontends.cli import main

pytest_plugins = ["pytester"]

# a² ≥ a on a ≥ 1, with a witness at a = 2 that is *declared* to attain the bound: it does not
# (a² = 4 against a = 2, ratio 1/2), so the sharpness claim is false.
SHORT_WITNESS = '''
from fractions import Fraction
import sympy
from hypothesis import strategies as st
from verify import Instance, Theorem, Witness, parameter, quantity

a = parameter("a", positive=True)
q = quantity("q")
square = Theorem(
    id="mine.square", title="a² ≥ a for a ≥ 1", survey="-", source="-", mode="exact",
    statement=sympy.Ge(q, a), parameters=(a,), quantities=(q,),
    instances=lambda b: st.integers(1, 50).map(lambda k: Instance({"a": Fraction(k)})),
    measure=lambda inst, ctx: inst.params["a"] ** 2,
    witnesses=(Witness("a = 2", Instance({"a": Fraction(2)}), attains=True),),
)
'''

a = parameter("a", positive=True)
q = quantity("q")


def _square(witness_at: int) -> Theorem:
    return Theorem(
        id="toy.square_rule", title="a² ≥ a", survey="-", source="-", mode="exact",
        statement=sympy.Ge(q, a), parameters=(a,), quantities=(q,),
        instances=lambda b: st.integers(1, 20).map(lambda k: Instance({"a": Fraction(k)})),
        measure=lambda inst, ctx: inst.params["a"] ** 2,
        witnesses=(Witness(f"a = {witness_at}", Instance({"a": Fraction(witness_at)}),
                           attains=True),),
        mutants=(Mutant("factor 2", "a² ≥ 2a", statement=sympy.Ge(q, 2 * a)),),
    )


def test_on_an_exact_route_attaining_means_equal_not_nearly_equal():
    """128 pieces against a bound of 129 is ratio 0.992: an off-by-one, not attainment."""
    near = Theorem(
        id="toy.near", title="count ≤ 129", survey="-", source="-", mode="exact",
        statement=sympy.Le(q, 129), quantities=(q,),
        instances=lambda b: st.just(Instance({})), measure=lambda inst, ctx: 128,
        witnesses=(Witness("maximal", Instance({}), attains=True),))
    result = check_witness(near, near.witnesses[0], make_context())
    assert result.decided and "not exactly 1" in result.problems[0]
    tolerant = Witness("maximal", Instance({}), attains=True, tolerance=0.01)
    assert check_witness(near, tolerant, make_context()).problems == ()


def test_a_witness_that_attains_passes_the_rule():
    result = check_witness(_square(1), _square(1).witnesses[0], make_context())
    assert result.problems == () and result.outcome.ratio == 1


def test_a_witness_short_of_its_bound_fails_the_theorem_in_the_engine():
    theorem = _square(2)
    result = check_witness(theorem, theorem.witnesses[0], make_context())
    assert result.outcome.ratio == 0.5
    assert "declared to attain" in result.problems[0] and "not exactly 1" in result.problems[0]
    verdict = run_theorem(theorem, RunOptions(save_dir=None))
    assert verdict.status == Status.FALSIFIED and not meets_expectation(verdict)
    assert any("witness rule broken" in note for note in verdict.notes)
    assert exit_status([verdict]) == 1


def test_the_attainment_rule_does_not_apply_to_mutants():
    """A mutant runs the theorem's witnesses as instances; it is falsified by a violation."""
    verdict = run_theorem(_square(2), RunOptions(save_dir=None), mutant="factor 2")
    assert verdict.status == Status.FALSIFIED and verdict.counterexample is not None
    assert meets_expectation(verdict) and mutants_exit_status([verdict]) == 0


def test_the_command_line_fails_a_short_witness(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "bounds.py"
    path.write_text(SHORT_WITNESS)
    assert main(["verify", "--file", str(path)]) == 1
    assert "declared to attain the bound" in capsys.readouterr().out


def test_the_pytest_plugin_fails_the_same_short_witness(pytester):
    pytester.makepyfile(bounds=SHORT_WITNESS)
    pytester.path.joinpath("bounds.dlverify").write_text("file: bounds.py\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2, skipped=1)  # the theorem and its witness; cuda skipped
    result.stdout.fnmatch_lines(["*declared to attain the bound*"])


def test_the_plugin_resolves_device_auto(pytester):
    pytester.makepyfile(bounds=SHORT_WITNESS.replace('Fraction(2)}), attains=True',
                                                     'Fraction(1)}), attains=True'))
    pytester.path.joinpath("bounds.dlverify").write_text("file: bounds.py\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--dlverify-device", "auto")
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] == 2 and "failed" not in outcomes and "error" not in outcomes
