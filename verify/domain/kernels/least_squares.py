"""Helpers of the least-squares checks (survey §2.3; SOURCES T8a): an arb ball for the squared
distance of an exact iterate known within a rounding bound, and dyadic step sizes below
fraction/‖A‖², with which exact gradient-descent iterates stay dyadic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import flint
import numpy as np

__all__ = ["ball_of_squared_distance", "dyadic_step", "float_lambda_max"]

F = Fraction


def _q(value: Fraction) -> flint.fmpq:
    return flint.fmpq(value.numerator, value.denominator)


def ball_of_squared_distance(theta: Sequence[float], star: Any, error: flint.arb) -> flint.arb:
    """An arb ball containing ‖θ_exact − θ*‖² when ‖θ_float − θ_exact‖ ≤ ``error``."""
    distance_sq = sum(((F(a) - F(int(b.p), int(b.q))) ** 2
                       for a, b in zip(theta, star.entries(), strict=True)), F(0))
    distance = flint.arb(_q(distance_sq)).sqrt()
    low = (distance - error).max(flint.arb(0))
    high = distance + error
    return (low * low).union(high * high)


def float_lambda_max(rows: Sequence[Sequence[Any]]) -> float:
    """λ̂_max(AᵀA) = ‖A‖₂², in floats (a proposal: exact checks decide)."""
    a = np.array([[float(v) for v in r] for r in rows])
    return float(np.linalg.norm(a, 2) ** 2)


def dyadic_step(rows: Sequence[Sequence[Any]], fraction: Fraction) -> Fraction:
    """η = fraction / 2^⌈log₂ λ̂_max⌉ ≤ fraction/‖A‖² (a dyadic: exact iterates stay dyadic)."""
    lam = float_lambda_max(rows)
    if lam == 0:
        return fraction
    return fraction / F(2) ** math.ceil(math.log2(lam * (1 + 1e-12)))
