"""Budgets: how hard a run searches (`quick`, `standard`, `thorough`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from verify.errors import UsageError

T = TypeVar("T")


@dataclass(frozen=True)
class Budget:
    """A named search budget. ``examples`` is hypothesis' max_examples for the search."""

    name: str
    examples: int
    level: int
    resolution: float = 0.25
    """Target resolution of an estimated inequality: the smallest relative violation of the
    bound it must detect with probability 0.9 (quick 25 %, standard 10 %, thorough 3 %)."""
    slope_resolution: float = 0.1
    """Target resolution of an estimated equality (a rate's slope), absolute."""
    doublings: int = 3
    """How many times the engine may double an estimate's samples to reach the target."""

    def pick(self, quick: T, standard: T, thorough: T) -> T:
        """The value for this budget: theorems size their instances with it."""
        return (quick, standard, thorough)[self.level]


BUDGETS = {
    "quick": Budget("quick", examples=50, level=0, resolution=0.25, slope_resolution=0.1,
                    doublings=3),
    "standard": Budget("standard", examples=200, level=1, resolution=0.10,
                       slope_resolution=0.05, doublings=4),
    "thorough": Budget("thorough", examples=1000, level=2, resolution=0.03,
                       slope_resolution=0.02, doublings=6),
}


def budget(name: str | Budget) -> Budget:
    """Look a budget up by name."""
    if isinstance(name, Budget):
        return name
    try:
        return BUDGETS[name]
    except KeyError:
        raise UsageError(
            f"unknown budget {name!r}; use one of: {', '.join(BUDGETS)}"
        ) from None
