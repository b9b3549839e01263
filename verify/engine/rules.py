"""The rules that turn outcomes into verdicts, shared by every front end (the command line,
the pytest plugin and the reports agree because they all ask here).

- A theorem must come out ``certified`` or ``passed``; a mutant (a false variant) must come out
  ``falsified``.
- A witness must satisfy the statement and its own claim; a witness declared to attain a sharp
  bound must reach :data:`ATTAIN_RATIO` of it.
- Exit status: 0 all certified or passed, 1 something falsified, 3 inconclusive or error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from verify.core.declarations import Context, Theorem, Witness
from verify.core.verdict import Verdict
from verify.core.vocab import Route, Status
from verify.engine.evaluate import Outcome, evaluate

__all__ = [
    "ATTAIN_RATIO", "WitnessResult", "check_witness", "exit_status", "expected_statuses",
    "meets_expectation", "mutants_exit_status", "survivors",
]

ATTAIN_RATIO = 0.99
"""A witness declared to attain a sharp bound must reach this ratio quantity/bound."""


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

    @property
    def violation(self) -> Outcome | None:
        """A confirmed violation of the statement or of the witness's claim, if any."""
        if self.outcome.violated:
            return self.outcome
        if self.claim is not None and self.claim.violated:
            return self.claim
        return None

    @property
    def attain_decided(self) -> bool:
        """True when a failed attainment was decided by exact or ball arithmetic."""
        j = self.outcome.judgement
        return j is not None and Route(j.route).rigorous

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
            out["attains"] = ATTAIN_RATIO
        if self.claim is not None:
            out["claim"] = str(self.witness.claim)
            cj = self.claim.judgement
            out["claim_holds"] = cj.holds if cj else None
            out["claim_ratio"] = cj.ratio if cj else None
        if self.problems:
            out["problems"] = list(self.problems)
        return out


def check_witness(theorem: Theorem, witness: Witness, context: Context,
                  require_attainment: bool = True) -> WitnessResult:
    """Judge a witness: it must meet the premises, satisfy the statement and its claim, and,
    when declared to attain the bound (and ``require_attainment``), reach ATTAIN_RATIO."""
    outcome = evaluate(theorem, witness.instance, context)
    problems: list[str] = []
    claim = None
    if outcome.missed_premises:
        problems.append(f"witness {witness.name!r} misses premises "
                        f"{', '.join(outcome.missed_premises)}")
        return WitnessResult(witness, outcome, None, tuple(problems))
    j = outcome.judgement
    if j is None or j.holds is not True:
        state = "violates" if j is not None and j.holds is False else "does not decide"
        problems.append(f"witness {witness.name!r} {state} the statement")
    if witness.attains and require_attainment:
        ratio = outcome.ratio
        if ratio is None or not ratio >= ATTAIN_RATIO:
            problems.append(f"witness {witness.name!r} is declared to attain the bound but "
                            f"reaches ratio {ratio} < {ATTAIN_RATIO}")
    if witness.claim is not None:
        claim = evaluate(theorem, witness.instance, context, statement=witness.claim)
        cj = claim.judgement
        if cj is None or cj.holds is not True:
            problems.append(f"witness {witness.name!r}: its claim {witness.claim} "
                            + ("fails" if cj is not None and cj.holds is False
                               else "is not decided"))
    return WitnessResult(witness, outcome, claim, tuple(problems))
