"""The pytest plugin: a ``.dlverify`` file becomes theorem, mutant and witness items."""

from __future__ import annotations

pytest_plugins = ["pytester"]

USER_FILE = '''
from fractions import Fraction
import sympy
from hypothesis import strategies as st
from verify import Instance, Mutant, Theorem, Witness, parameter, quantity

a = parameter("a", positive=True)
q = quantity("q")
square = Theorem(
    id="mine.square", title="a² ≥ a for a ≥ 1", survey="-", source="-", mode="exact",
    statement=sympy.Ge(q, a), parameters=(a,), quantities=(q,),
    instances=lambda b: st.integers(1, 50).map(lambda k: Instance({"a": Fraction(k)})),
    measure=lambda inst, ctx: inst.params["a"] ** 2,
    witnesses=(Witness("a = 1", Instance({"a": Fraction(1)}), attains=True),),
    mutants=(Mutant("factor 2", "a² ≥ 2a", statement=sympy.Ge(q, 2 * a)),
             Mutant("vacuous", "a² ≥ a/2 (still true: the check cannot catch it)",
                    statement=sympy.Ge(q, a / 2))),
)
'''


def test_items_pass_for_the_theorem_and_fail_for_a_surviving_mutant(pytester):
    pytester.makepyfile(bounds=USER_FILE)
    pytester.path.joinpath("bounds.dlverify").write_text("file: bounds.py\n")
    result = pytester.runpytest("-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1, skipped=1)  # the cuda twin is skipped
    result.stdout.fnmatch_lines(["*square--mutant--vacuous FAILED*",
                                 "*certified, expected falsified*"])
