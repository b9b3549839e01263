"""The closed vocabularies of a verdict: statuses, evaluation modes and measurement routes.

Each member is a ``str`` too, so it compares equal to its word, prints as it and serializes to
JSON as it:

>>> Status.CERTIFIED == "certified", f"{Mode.RATE}", str(Route.ARB)
(True, 'rate', 'arb')
>>> Mode.parse("sampled") is Mode.SAMPLED
True
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Mode", "ProofCoverage", "Route", "Status", "StepStatus"]


class _Word(str, Enum):
    """A closed vocabulary whose members behave as their words."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @classmethod
    def parse(cls, word: str) -> _Word:
        """The member for ``word``; ValueError names the accepted words."""
        try:
            return cls(word)
        except ValueError:
            accepted = ", ".join(m.value for m in cls)
            raise ValueError(f"{word!r} is not one of {accepted}") from None


class Status(_Word):
    """What a check established (ARCHITECTURE.md, "Verdict")."""

    CERTIFIED = "certified"
    """Every instance tried was decided by exact or ball arithmetic."""
    PASSED = "passed"
    """Sampling found no violation."""
    FALSIFIED = "falsified"
    """A violation was confirmed rigorously (or statistically)."""
    INCONCLUSIVE = "inconclusive"
    """Nothing was decided either way (undecided balls, unconfirmed floats, no instance)."""
    ERROR = "error"
    """The check itself failed to run."""


class Mode(_Word):
    """How a theorem is evaluated; it fixes what its verdict may claim (``verify.check.modes``)."""

    EXACT = "exact"
    CERTIFIED = "certified"
    SAMPLED = "sampled"
    STATISTICAL = "statistical"
    RATE = "rate"


class Route(_Word):
    """How one measured value was computed; ordered from strongest to weakest."""

    EXACT = "exact"
    ARB = "arb"
    FLOAT = "float"
    STATISTICAL = "statistical"

    @property
    def rigorous(self) -> bool:
        """Exact values and ball enclosures decide a relation with certainty."""
        return self in (Route.EXACT, Route.ARB)

    @property
    def rank(self) -> int:
        """0 for the strongest route (exact), larger for weaker ones."""
        return list(Route).index(self)


class StepStatus(_Word):
    """What sympy decided about one proof step."""

    CHECKED = "checked"
    FAILED = "failed"
    UNCHECKED = "unchecked"


class ProofCoverage(_Word):
    """How much of a statement its proof steps cover."""

    COMPLETE = "complete"
    PARTIAL = "partial"
    NONE = "none"
