"""Symbolic proof steps: identities by simplification, inequalities by the sign of a difference.

A step sympy cannot decide is ``unchecked``, never ``checked`` (ARCHITECTURE.md, ``proof``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.calculus.util import maximum, minimum

from verify.core.proof_steps import Extremum, Identity, Inequality, Recurrence
from verify.core.vocab import StepStatus

CHECKED, FAILED, UNCHECKED = StepStatus.CHECKED, StepStatus.FAILED, StepStatus.UNCHECKED


@dataclass(frozen=True)
class StepResult:
    text: str
    status: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"step": self.text, "status": self.status, "detail": self.detail}


_PROBES = (sympy.Rational(3, 7), sympy.Rational(5, 3), sympy.Integer(2), sympy.Rational(11, 13))


def _sample_value(symbol: sympy.Symbol, index: int) -> sympy.Basic:
    """A value allowed by the symbol's assumptions, for a numeric counter-check."""
    if symbol.is_integer:
        return sympy.Integer(index + 2)
    value = _PROBES[index % len(_PROBES)]
    return -value if symbol.is_negative or symbol.is_nonpositive else value


def _is_zero(expr: Any) -> bool | None:
    """True when identically zero, False when an exact evaluation shows a nonzero value."""
    simplified = sympy.simplify(sympy.sympify(expr).doit())
    if simplified == 0:
        return True
    if simplified.is_zero is False:
        return False
    symbols = sorted(simplified.free_symbols, key=str)
    if symbols and all(isinstance(s, sympy.Symbol) for s in symbols):
        for index in range(3):
            point = {s: _sample_value(s, index + j) for j, s in enumerate(symbols)}
            value = sympy.simplify(simplified.subs(point))
            if value.is_number and value.is_zero is False:
                return False
    return simplified.is_zero


def _is_nonnegative(expr: Any, ranges: Mapping[sympy.Symbol, sympy.Interval]) -> bool | None:
    expr = sympy.factor(sympy.simplify(sympy.sympify(expr).doit()))
    if expr.is_nonnegative is not None:
        return bool(expr.is_nonnegative)
    free = expr.free_symbols & set(ranges)
    if len(free) == 1:
        (variable,) = free
        try:
            low = minimum(expr, variable, ranges[variable])
        except (NotImplementedError, ValueError):
            return None
        decided = sympy.simplify(low).is_nonnegative
        return None if decided is None else bool(decided)
    return None


def check_step(step: Any) -> StepResult:
    """Check one step; never raises for an undecidable step (that is ``unchecked``)."""
    try:
        if isinstance(step, Identity):
            decided = _is_zero(sympy.sympify(step.lhs) - sympy.sympify(step.rhs))
        elif isinstance(step, Inequality):
            decided = _is_nonnegative(sympy.sympify(step.rhs) - sympy.sympify(step.lhs),
                                      step.ranges)
        elif isinstance(step, Extremum):
            find = maximum if step.kind == "max" else minimum
            found = find(step.expr, step.variable, step.interval)
            decided = _is_zero(found - step.value)
        elif isinstance(step, Recurrence):
            solution = sympy.rsolve(step.recurrence, step.function, step.initial)
            decided = None if solution is None else _is_zero(solution - step.closed)
        else:
            return StepResult(str(step), UNCHECKED, f"unknown step type {type(step).__name__}")
    except Exception as exc:  # sympy's solvers raise many types on hard input
        return StepResult(step.text, UNCHECKED, f"sympy could not decide: {exc}")
    if decided is True:
        return StepResult(step.text, CHECKED)
    if decided is False:
        return StepResult(step.text, FAILED, "sympy shows the step is false")
    return StepResult(step.text, UNCHECKED, "sympy could not decide")
