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

    def pick(self, quick: T, standard: T, thorough: T) -> T:
        """The value for this budget: theorems size their instances with it."""
        return (quick, standard, thorough)[self.level]


BUDGETS = {
    "quick": Budget("quick", examples=50, level=0),
    "standard": Budget("standard", examples=200, level=1),
    "thorough": Budget("thorough", examples=1000, level=2),
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
