"""Proof steps as declared by a theorem: identities, inequalities, extrema and recurrences.

They are checked by ``verify.check.proof``: a step sympy cannot decide is reported
``unchecked``, never ``checked``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

__all__ = ["Extremum", "Identity", "Inequality", "ProofStep", "Recurrence"]


@dataclass(frozen=True)
class Identity:
    """``lhs == rhs`` for all values of the symbols (under their assumptions)."""

    text: str
    lhs: Any
    rhs: Any


@dataclass(frozen=True)
class Inequality:
    """``lhs <= rhs`` for all values of the symbols; ``ranges`` bounds single variables."""

    text: str
    lhs: Any
    rhs: Any
    ranges: Mapping[sympy.Symbol, sympy.Interval] = field(default_factory=dict)


@dataclass(frozen=True)
class Extremum:
    """``max`` (or ``min``) of ``expr`` over ``variable`` in ``interval`` equals ``value``."""

    text: str
    expr: Any
    variable: sympy.Symbol
    interval: sympy.Interval
    value: Any
    kind: str = "max"


@dataclass(frozen=True)
class Recurrence:
    """The solution of ``recurrence == 0`` in ``function(n)`` with ``initial`` is ``closed``."""

    text: str
    recurrence: Any
    function: Any
    initial: Mapping[Any, Any]
    closed: Any


ProofStep = Identity | Inequality | Extremum | Recurrence
