"""Shared type aliases for exact vectors and matrices.

The domain modules pass exact data around in two shapes:

- immutable tuples (hashable, safe to share, e.g. the weights of an ``ExactNetwork``):
  :data:`RationalVector` and :data:`RationalMatrix`;
- mutable lists (built or updated entry by entry, e.g. an iterate of ISTA):
  :data:`RationalList` and :data:`RationalRows`.

Inputs that are read into these shapes (ints, floats, Fractions, sympy rationals, ...; see
:func:`verify.arith.convert.as_fraction`) are typed :data:`MatrixLike`.

>>> from fractions import Fraction
>>> identity: RationalMatrix = ((Fraction(1), Fraction(0)), (Fraction(0), Fraction(1)))
>>> len(identity[0])
2
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

__all__ = ["MatrixLike", "RationalList", "RationalMatrix", "RationalRows", "RationalVector"]

RationalVector = tuple[Fraction, ...]
"""An exact vector as an immutable tuple of Fractions."""

RationalMatrix = tuple[RationalVector, ...]
"""An exact matrix as an immutable tuple of rows (each a :data:`RationalVector`)."""

RationalList = list[Fraction]
"""An exact vector as a mutable list of Fractions."""

RationalRows = list[RationalList]
"""An exact matrix as a mutable list of rows (each a :data:`RationalList`)."""

MatrixLike = Sequence[Sequence[Any]]
"""A matrix given as nested rows of numbers of any exact kind (not yet converted)."""
