"""The rules that turn outcomes into verdicts, shared by every front end (the command line,
the pytest plugin and the reports agree because they all ask here).

- A theorem must come out ``certified`` or ``passed``; a mutant (a false variant) must come out
  ``falsified``.
- A witness must satisfy the statement and its own claim. A witness declared to attain a sharp
  bound must reach it: exactly (quantity = bound) on exact and ball routes, within its declared
  ``tolerance`` (default :data:`FLOAT_TOLERANCE`) on float routes, and on statistical routes
  within its tolerance or, with none declared, with the bound inside the confidence interval.
  A witness beyond its bound is a violation, never a pass.
- Exit status: 0 all certified or passed, 1 something falsified, 3 inconclusive or error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from verify.check.judge import Judgement
from verify.core.declarations import Context, Theorem, Witness
from verify.core.verdict import Verdict
from verify.core.vocab import Route, Status
from verify.engine.evaluate import Outcome, evaluate

__all__ = [
    "FLOAT_TOLERANCE", "WitnessResult", "attainment_problem", "check_witness", "exit_status",
    "expected_statuses", "meets_expectation", "mutants_exit_status", "survivors",
]

FLOAT_TOLERANCE = 1e-9
"""How far from ratio 1 a float measurement of an attaining witness may be by default."""


def expected_statuses(kind: str) -> tuple[Status, ...]:
    """What a check of this kind (``theorem`` or ``mutant``) must end in."""
    return (Status.FALSIFIED,) if kind == "mutant" else (Status.CERTIFIED, Status.PASSED)


def meets_expectation(verdict: Verdict) -> bool:
    """True when a theorem held or a mutant was falsified."""
    return verdict.status in expected_statuses(verdict.kind)


def survivors(verdicts: Sequence[Verdict]) -> list[Verdict]:
    """Mutants that the checks could not tell from the theorem (certified or passed)."""
    return [v for v in verdicts if v.kind == "mutant"
            and v.status in (Status.CERTIFIED, Status.PASSED)]


def exit_status(verdicts: Sequence[Verdict]) -> int:
    """0 all certified/passed, 1 any falsified, 3 inconclusive or error and nothing falsified."""
    statuses = {v.status for v in verdicts}
    if Status.FALSIFIED in statuses:
        return 1
    if statuses & {Status.INCONCLUSIVE, Status.ERROR}:
        return 3
    return 0


def mutants_exit_status(verdicts: Sequence[Verdict]) -> int:
    """0 every mutant falsified, 1 some mutant survived, 3 some mutant undecided."""
    if all(v.status == Status.FALSIFIED for v in verdicts):
        return 0
    return 1 if survivors(verdicts) else 3


@dataclass
class WitnessResult:
    """A witness judged: the statement's outcome there, its claim's, and the attainment rule."""

    witness: Witness
    outcome: Outcome
    claim: Outcome | None = None
    problems: tuple[str, ...] = ()
    """Why the witness fails (empty when it does what it declares)."""
    decided: bool = True
    """True when every problem was decided (exactly, in balls, or as a point beyond the
    bound); False when one is only undecided (then the verdict is inconclusive)."""

    @property
    def violation(self) -> Outcome | None:
        """A confirmed violation of the statement or of the witness's claim, if any."""
        if self.outcome.violated:
            return self.outcome
        if self.claim is not None and self.claim.violated:
            return self.claim
        return None

    def record(self) -> dict[str, Any]:
        """The witness as it appears in a verdict."""
        from verify.engine.describe import describe

        out: dict[str, Any] = {"name": self.witness.name, "note": self.witness.note}
        if self.outcome.missed_premises:
            out["missed_premises"] = list(self.outcome.missed_premises)
        elif self.outcome.judgement is not None:
            j = self.outcome.judgement
            out.update({"instance": describe(self.outcome.instance), "holds": j.holds,
                        "ratio": j.ratio, "route": j.route, "quantity": j.quantity,
                        "bound": j.bound})
        if self.witness.attains:
            out["attains"] = True
            out["tolerance"] = self.witness.tolerance
        if self.claim is not None:
            out["claim"] = str(self.witness.claim)
            cj = self.claim.judgement
            out["claim_holds"] = cj.holds if cj else None
            out["claim_ratio"] = cj.ratio if cj else None
        if self.problems:
            out["problems"] = list(self.problems)
        return out


def attainment_problem(judgement: Judgement | None, tolerance: float) -> tuple[str, bool]:
    """Why a judgement does not show the bound attained ("" when it does), and whether that
    was decided rigorously. The clause looked at is the tightest one (largest ratio)."""
    if judgement is None:
        return "it was not judged", False
    clauses = judgement.clauses or (judgement,)
    tight = max(clauses, key=lambda c: -math.inf if c.ratio is None or math.isnan(c.ratio)
                else c.ratio)
    ratio = tight.ratio
    route = Route(tight.route)
    if ratio is None or math.isnan(ratio):
        return "its ratio is undefined", False
    if route.rigorous and tolerance == 0:
        if tight.attained:
            return "", True
        return (f"reaches ratio {ratio:.12g}, not exactly 1 ({tight.relation}: quantity "
                f"{tight.quantity!r} vs bound {tight.bound!r})"), True
    if route is Route.STATISTICAL and tolerance == 0:
        lo, hi = tight.interval or (math.nan, math.nan)
        bound = tight.bound if tight.bound is not None else math.nan
        if lo <= bound <= hi:
            return "", False
        return (f"its confidence interval [{lo:.6g}, {hi:.6g}] excludes the bound "
                f"{bound:.6g} (declare a tolerance for a noisy witness)"), False
    allowed = tolerance if tolerance > 0 else FLOAT_TOLERANCE
    if ratio < 1 - allowed:
        return f"reaches ratio {ratio:.12g} < 1 − {allowed:g}", route.rigorous
    if ratio > 1 + allowed:
        return f"exceeds its bound: ratio {ratio:.12g} > 1 + {allowed:g}", route.rigorous
    return "", route.rigorous


def check_witness(theorem: Theorem, witness: Witness, context: Context,
                  require_attainment: bool = True, family: int = 1) -> WitnessResult:
    """Judge a witness: it must meet the premises, satisfy the statement and its claim, and,
    when declared to attain the bound (and ``require_attainment``), reach it."""
    outcome = evaluate(theorem, witness.instance, context, family=family)
    problems: list[str] = []
    claim = None
    decided = True
    if outcome.missed_premises:
        problems.append(f"witness {witness.name!r} misses premises "
                        f"{', '.join(outcome.missed_premises)}")
        return WitnessResult(witness, outcome, None, tuple(problems))
    j = outcome.judgement
    if j is None or j.holds is not True:
        state = "violates" if j is not None and j.holds is False else "does not decide"
        problems.append(f"witness {witness.name!r} {state} the statement")
        decided = False
    if witness.attains and require_attainment:
        problem, rigorous = attainment_problem(j, witness.tolerance)
        if problem:
            tolerance = f" (tolerance {witness.tolerance:g})" if witness.tolerance else ""
            problems.append(f"witness {witness.name!r} is declared to attain the bound"
                            f"{tolerance} but {problem}")
            decided = decided and (rigorous or "exceeds" in problem)
    if witness.claim is not None:
        claim = evaluate(theorem, witness.instance, context, statement=witness.claim,
                         family=family)
        cj = claim.judgement
        if cj is None or cj.holds is not True:
            problems.append(f"witness {witness.name!r}: its claim {witness.claim} "
                            + ("fails" if cj is not None and cj.holds is False
                               else "is not decided"))
            decided = decided and cj is not None and cj.holds is False
    return WitnessResult(witness, outcome, claim, tuple(problems), decided)
