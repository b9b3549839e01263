"""What a theorem's ``measure`` returns: a value together with how it was computed.

The route decides what a verdict may claim (ARCHITECTURE.md, "evaluation modes"):
``Exact`` and ``Ball`` are rigorous, ``Float`` is a fast estimate that must be confirmed before a
violation counts, ``Estimate`` is a confidence interval from a statistical procedure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Union

import flint
import sympy

from verify.core.vocab import Route


@dataclass(frozen=True)
class Exact:
    """An exact value: a Fraction, an int or an exact sympy number."""

    value: Any
    route = Route.EXACT


@dataclass(frozen=True)
class Ball:
    """A rigorous enclosure (python-flint ``arb``): the true value lies in the ball."""

    value: flint.arb
    route = Route.ARB


@dataclass(frozen=True)
class Float:
    """A floating-point value; a violation it suggests is re-measured rigorously first."""

    value: float
    route = Route.FLOAT


@dataclass(frozen=True)
class Estimate:
    """A point estimate with a confidence interval [lo, hi] at level ``confidence``."""

    point: float
    lo: float
    hi: float
    confidence: float
    details: Mapping[str, Any] = field(default_factory=dict)
    route = Route.STATISTICAL


Measurement = Union[Exact, Ball, Float, Estimate]  # noqa: UP007 (a runtime alias on 3.10)


def as_measurement(value: object) -> Measurement:
    """Wrap a raw value by its type: Fraction/int/sympy → Exact, arb → Ball, float → Float."""
    if isinstance(value, (Exact, Ball, Float, Estimate)):
        return value
    if isinstance(value, bool):
        return Exact(int(value))
    if isinstance(value, (int, Fraction)):
        return Exact(value)
    if isinstance(value, flint.arb):
        return Ball(value)
    if isinstance(value, flint.fmpq):
        return Exact(Fraction(int(value.p), int(value.q)))
    if isinstance(value, float):
        return Float(value)
    if isinstance(value, sympy.Basic) and value.is_number:
        return Exact(value)
    try:  # numpy / torch scalars
        return Float(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TypeError(
            f"a measurement must be a number, Fraction, arb ball or Measurement, not {value!r}"
        ) from None


def is_rigorous(measurement: Measurement) -> bool:
    """True when the value is exact or a guaranteed enclosure."""
    return isinstance(measurement, (Exact, Ball))
