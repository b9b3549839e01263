"""Tightness of a bound, for authors auditing their own: from a verdict, per relation, the
constant the measurements would allow, the instance that pins it, and the slack of the declared
constant ("holds; best observed ratio 0.31; the constant 8 could be 2.5 on the probed class").

Only what was measured is claimed: the smallest constant *consistent with the instances tried*,
not the best constant of the theorem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from verify.check.judge import relations
from verify.core.declarations import Theorem
from verify.core.verdict import Verdict

__all__ = ["ClauseAudit", "audit"]


@dataclass(frozen=True)
class ClauseAudit:
    """One relation ``q ≤ c·g`` (or ``q ≥ c·g``): the declared constant c, the worst ratio
    seen, and the constant it would allow (c·ratio for ≤, c/ratio for ≥)."""

    relation: str
    direction: str
    declared: float | None
    best_ratio: float | None
    allowed: float | None
    allowed_upper: float | None
    """For an estimate: the constant allowed at the upper end of its confidence interval."""
    instance: str | None

    def sentence(self) -> str:
        if self.best_ratio is None:
            return f"{self.relation}: no ratio was measured"
        text = f"{self.relation}: best observed ratio {self.best_ratio:.4g}"
        if self.instance:
            text += f" at {self.instance}"
        if self.declared is None or self.allowed is None or self.direction == "eq":
            return text
        verb = "could be lowered to" if self.direction == "le" else "could be raised to"
        text += f"; the constant {self.declared:.4g} {verb} {self.allowed:.4g}"
        if self.allowed_upper is not None:
            text += f" (up to {self.allowed_upper:.4g} within the confidence interval)"
        slack = self.declared / self.allowed if self.direction == "le" and self.allowed \
            else (self.allowed / self.declared if self.declared else None)
        if slack is not None:
            text += f" on the probed class (slack ×{slack:.3g})"
        return text


def _direction(relation: Any) -> str:
    if isinstance(relation, (sympy.Le, sympy.Lt)):
        return "le"
    if isinstance(relation, (sympy.Ge, sympy.Gt)):
        return "ge"
    return "eq"


def _constant(bound: Any) -> float | None:
    """The leading numeric factor of a bound expression (1 when there is none)."""
    try:
        coefficient, _ = sympy.sympify(bound).as_coeff_Mul()
        return float(coefficient)
    except (TypeError, ValueError, AttributeError):
        return None


def audit(theorem: Theorem, verdict: Verdict) -> list[ClauseAudit]:
    """The tightness of each relation of ``theorem`` as measured in ``verdict``."""
    by_text = {c["relation"]: c for c in verdict.clauses}
    out = []
    for relation in relations(theorem.statement):
        record = by_text.get(str(relation), {})
        direction = _direction(relation)
        declared = _constant(relation.rhs)
        ratio = record.get("worst_ratio")
        ratio = float(ratio) if ratio is not None else None
        allowed = upper = None
        if declared is not None and ratio not in (None, 0.0):
            allowed = declared * ratio if direction == "le" else declared / ratio
            interval, bound = record.get("interval"), record.get("bound")
            if interval and bound:
                top = max(abs(interval[0]), abs(interval[1])) / abs(bound)
                upper = declared * top if direction == "le" else declared / top
        out.append(ClauseAudit(str(relation), direction, declared, ratio, allowed, upper,
                               record.get("worst_instance")))
    return out
