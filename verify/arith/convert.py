"""The one converter between the number types of the project: Fraction, python-flint's
``fmpq`` and ``arb``, sympy numbers and floats.

Conversions are lossless wherever the target can hold the value: a float or a torch scalar is a
dyadic rational, so it becomes a Fraction or an exact ball without rounding.

>>> as_fraction(0.375)
Fraction(3, 8)
>>> to_fraction(sympy.Rational(2, 3))
Fraction(2, 3)
>>> to_fraction(sympy.sqrt(2)) is None
True
>>> arb_bounds(to_arb(Fraction(1, 4)))
(Fraction(1, 4), Fraction(1, 4))
>>> to_fmpq(0.375)
3/8
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import flint
import mpmath
import sympy

__all__ = [
    "NotRigorous", "arb_bounds", "arb_contains", "as_fraction", "dyadic_value",
    "fraction_to_arb", "fraction_to_mpf", "to_arb", "to_float", "to_fmpq", "to_fraction",
    "to_sympy",
]


class NotRigorous(ValueError):
    """A value or expression that cannot be enclosed rigorously."""


def to_fraction(value: Any) -> Fraction | None:
    """A Fraction when ``value`` is an exact rational (int, Fraction, fmpq, sympy Rational),
    else None. Floats are *not* taken here: use :func:`as_fraction` to read one exactly."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, flint.fmpq):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, flint.fmpz):
        return Fraction(int(value))
    if isinstance(value, sympy.Basic) and value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return None


def as_fraction(value: object) -> Fraction:
    """Lossless conversion of an int, float, Fraction, fmpq, sympy Rational or numeric string
    into a Fraction (a float is read as the dyadic rational it is)."""
    exact = to_fraction(value)
    if exact is not None:
        return exact
    if isinstance(value, float):
        return Fraction(value)
    if isinstance(value, bool):
        return Fraction(int(value))
    try:  # numpy / torch scalars hold floats or ints
        item = value.item()  # type: ignore[attr-defined]
    except AttributeError:
        return Fraction(str(value))
    return Fraction(item)


def to_fmpq(value: object) -> flint.fmpq:
    """The exact rational ``value`` as a python-flint ``fmpq``: an fmpq as it is, anything else
    read by :func:`as_fraction` (a float is its dyadic rational). A NaN or an infinity raises
    ValueError.

    >>> to_fmpq(Fraction(-2, 6)), to_fmpq(2)
    (-1/3, 2)
    """
    if isinstance(value, flint.fmpq):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    q = as_fraction(value)
    return flint.fmpq(q.numerator, q.denominator)


def fraction_to_arb(value: Fraction) -> flint.arb:
    """The tightest ball around a rational (exact when the rational is dyadic)."""
    return flint.arb(flint.fmpq(value.numerator, value.denominator))


def fraction_to_mpf(value: Fraction) -> mpmath.mpf:
    """A rational as an mpmath number at mpmath's working precision (``numerator /
    denominator``, rounded; exact for a dyadic rational that fits the precision).

    >>> fraction_to_mpf(Fraction(3, 8))
    mpf('0.375')
    """
    return mpmath.mpf(value.numerator) / value.denominator


def to_arb(value: Any) -> flint.arb:
    """A ball containing ``value``: an arb as it is, an exact rational or a float exactly (a
    non-dyadic rational as the tightest ball), an exact sympy number rigorously."""
    if isinstance(value, flint.arb):
        return value
    frac = to_fraction(value)
    if frac is not None:
        return fraction_to_arb(frac)
    if isinstance(value, float):
        return flint.arb(value)
    if isinstance(value, sympy.Basic):
        from verify.arith.rigorous import evaluate_arb

        return evaluate_arb(value, {})
    raise NotRigorous(f"cannot enclose {value!r} in a ball")


def to_sympy(value: Any) -> sympy.Basic:
    """An exact sympy number (or tuple of them) for an exact value; raises NotRigorous."""
    frac = to_fraction(value)
    if frac is not None:
        return sympy.Rational(frac.numerator, frac.denominator)
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, (tuple, list)):
        return sympy.Tuple(*(to_sympy(v) for v in value))
    raise NotRigorous(f"{value!r} is not exact")


def to_float(value: Any) -> float:
    """The nearest float (a ball's midpoint, a sympy number to 30 digits first)."""
    if isinstance(value, flint.arb):
        return float(value.mid())
    try:
        return float(value)
    except TypeError:
        return float(sympy.N(value, 30))


def dyadic_value(x: flint.arb) -> Fraction:
    """The exact value of an exact (dyadic) ball such as a ball's midpoint or radius."""
    man, exp = x.man_exp()
    return Fraction(int(man)) * Fraction(2) ** int(exp)


def arb_bounds(x: flint.arb) -> tuple[Fraction, Fraction]:
    """The exact endpoints ``(mid - rad, mid + rad)`` of a finite ball, as Fractions.

    Use this rather than ``x.contains(q)`` to test a rational q, which may round q first.
    """
    if not x.is_finite():
        raise ValueError(f"ball {x} is not finite")
    mid, rad = dyadic_value(x.mid()), dyadic_value(x.rad())
    return mid - rad, mid + rad


def arb_contains(x: flint.arb, value: object) -> bool:
    """Whether the ball ``x`` contains the rational ``value`` (decided exactly)."""
    lower, upper = arb_bounds(x)
    return lower <= as_fraction(value) <= upper
