"""Judge a theorem on one instance; a float violation is re-measured rigorously before it
counts (untrusted search proposes, a trusted evaluator confirms: ARCHITECTURE.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from verify.check.judge import Judgement, judge
from verify.core.declarations import Context, Instance, Theorem
from verify.core.measurement import Measurement, as_measurement, is_rigorous
from verify.core.vocab import Route
from verify.errors import MalformedTheorem

__all__ = ["Outcome", "evaluate"]


@dataclass
class Outcome:
    """One instance judged: the judgement, and whether a premise ruled it out."""

    instance: Instance
    judgement: Judgement | None
    missed_premises: tuple[str, ...] = ()
    confirmed: bool = False
    """True when a violation was decided by exact or ball arithmetic (or statistically)."""

    @property
    def violated(self) -> bool:
        return self.judgement is not None and self.judgement.holds is False and self.confirmed

    @property
    def ratio(self) -> float | None:
        return self.judgement.ratio if self.judgement else None


def _symbol_values(theorem: Theorem, instance: Instance) -> dict[Any, Any]:
    table = theorem.symbols
    out: dict[Any, Any] = {}
    for name, value in instance.params.items():
        if name not in table:
            raise MalformedTheorem(f"instance sets parameter {name!r}, which is not declared",
                                   theorem=theorem.id, field="instances", file=theorem.origin)
        out[table[name]] = value
    return out


def _measured(theorem: Theorem, raw: Any) -> dict[Any, Measurement]:
    if not isinstance(raw, Mapping):
        if len(theorem.quantities) != 1:
            raise MalformedTheorem("measure returned one value but the theorem declares "
                                   f"{len(theorem.quantities)} quantities; return a dict",
                                   theorem=theorem.id, field="measure", file=theorem.origin)
        return {theorem.quantities[0]: as_measurement(raw)}
    table = {str(q): q for q in theorem.quantities}
    out = {}
    for name, value in raw.items():
        key = table.get(str(name))
        if key is None:
            raise MalformedTheorem(f"measure returned {name!r}, not a declared quantity",
                                   theorem=theorem.id, field="measure", file=theorem.origin)
        out[key] = as_measurement(value)
    return out


def evaluate(theorem: Theorem, instance: Instance, context: Context,
             statement: Any = None, check_premises: bool = True, family: int = 1) -> Outcome:
    """Judge ``statement`` (default: the theorem's) on one instance, confirming violations.

    ``family`` is the number of cases the run may judge: estimates are tested at
    (1 − confidence)/family so that a true statement is falsified with probability at most
    1 − confidence over the whole run (verify.check.stats.case_level)."""
    statement = theorem.statement if statement is None else statement
    if check_premises:
        missed = tuple(p.name for p in theorem.premises if not p.holds(instance))
        if missed:
            return Outcome(instance, None, missed)
    params = _symbol_values(theorem, instance)
    values = _measured(theorem, theorem.measure(instance, context))
    j = judge(statement, params, values, family)
    if j.holds is not False:
        return Outcome(instance, j, confirmed=j.holds is True and j.rigorous)
    if j.route in (Route.EXACT, Route.ARB, Route.STATISTICAL):
        return Outcome(instance, j, confirmed=True)
    # A float violation: measure again with exact or ball arithmetic before believing it.
    rigorous_values = _measured(theorem, theorem.measure(instance, replace(context, rigorous=True)))
    if not all(is_rigorous(m) for m in rigorous_values.values()):
        return Outcome(instance, j, confirmed=False)
    confirmed = judge(statement, params, rigorous_values, family)
    return Outcome(instance, confirmed, confirmed=confirmed.holds is not None)
