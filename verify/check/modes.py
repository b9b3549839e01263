"""One table from evaluation mode to what a verdict may claim (ARCHITECTURE.md, "evaluation
modes"): which routes make an instance count as decided rigorously, and the status a run with
no violation earns.

>>> status_for("exact", {"exact": 3})
(<Status.CERTIFIED: 'certified'>, '')
>>> status_for("certified", {"arb": 2, "float": 1})[0]
<Status.PASSED: 'passed'>
>>> status_for("rate", {"statistical": 4})[0]
<Status.PASSED: 'passed'>
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from verify.core.vocab import Mode, Route, Status

__all__ = ["MODE_RULES", "ModeRule", "status_for"]


@dataclass(frozen=True)
class ModeRule:
    """What a mode may claim: ``certified`` needs every instance on a ``certifying`` route."""

    mode: Mode
    certifying: frozenset[Route]
    meaning: str


MODE_RULES: dict[Mode, ModeRule] = {
    Mode.EXACT: ModeRule(Mode.EXACT, frozenset({Route.EXACT, Route.ARB}),
                         "measured in exact arithmetic; a pass proves the instances tried"),
    Mode.CERTIFIED: ModeRule(Mode.CERTIFIED, frozenset({Route.EXACT, Route.ARB}),
                             "rigorous enclosures; a pass proves the instances tried"),
    Mode.SAMPLED: ModeRule(Mode.SAMPLED, frozenset(),
                           "a supremum estimated from below; a pass means no violation found"),
    Mode.STATISTICAL: ModeRule(Mode.STATISTICAL, frozenset(),
                               "confidence intervals; a pass means no violation was detected"),
    Mode.RATE: ModeRule(Mode.RATE, frozenset(),
                        "fitted rates with intervals; a pass means the rate was not rejected"),
}


def status_for(mode: str, routes: Mapping[str, int]) -> tuple[Status, str]:
    """The status of a run with no violation and no undecided instance, and a note (or "")."""
    rule = MODE_RULES[Mode(mode)]
    if not rule.certifying:
        return Status.PASSED, ""
    if all(Route(route) in rule.certifying for route in routes):
        return Status.CERTIFIED, ""
    return Status.PASSED, "some instances were measured in floats only: passed, not certified"
