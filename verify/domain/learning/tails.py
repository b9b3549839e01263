"""Exact two-sided tail probabilities of sample means: P(|(1/m) Σ X_i − E X| ≥ ε).

For X_i i.i.d. with finite support the left side of Hoeffding's inequality (Hoeffding 1963,
Thm 2) is a finite sum. It is computed here in exact rationals (binomial sums; the m-th power of
the probability generating polynomial with python-flint's ``fmpz_poly``), and for a Bernoulli
variable with very large m as a rigorous arb ball (regularized incomplete beta function).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import flint

from verify.arith.convert import as_fraction, fraction_to_arb

Support = Sequence[tuple[Fraction, Fraction]]
"""A finite distribution on ℝ: (value, probability) pairs."""


def _tail_cutoffs(m: int, center: Fraction, eps: Fraction) -> tuple[int, int]:
    """(k_lo, k_hi): the integers s with |s − m·center| ≥ m·ε are s ≤ k_lo or s ≥ k_hi."""
    if eps <= 0:
        raise ValueError(f"ε must be positive, got {eps}")
    return math.floor(m * (center - eps)), math.ceil(m * (center + eps))


def binomial_tail(m: int, p: Fraction, eps: Fraction) -> Fraction:
    """P(|S/m − p| ≥ ε) for S ~ Binomial(m, p), exactly."""
    p, eps = as_fraction(p), as_fraction(eps)
    if not 0 <= p <= 1 or m < 1:
        raise ValueError(f"need 0 ≤ p ≤ 1 and m ≥ 1, got p = {p}, m = {m}")
    lo, hi = _tail_cutoffs(m, p, eps)
    u, v = p.numerator, p.denominator
    # the coefficient of t^k in ((v − u) + u t)^m is C(m, k) u^k (v − u)^(m − k)
    coeffs = (flint.fmpz_poly([v - u, u]) ** m).coeffs()
    total = sum(int(c) for k, c in enumerate(coeffs) if k <= lo or k >= hi)
    return Fraction(total, v**m)


def binomial_tail_ball(m: int, p: Fraction, eps: Fraction) -> flint.arb:
    """P(|S/m − p| ≥ ε) for S ~ Binomial(m, p) as a rigorous ball, for m too large to sum.

    P(S ≤ k) = I_{1−p}(m − k, k + 1) and P(S ≥ j) = I_p(j, m − j + 1), with I the regularized
    incomplete beta function (Arb's ``beta_lower``, a guaranteed enclosure).
    """
    p, eps = as_fraction(p), as_fraction(eps)
    lo, hi = _tail_cutoffs(m, p, eps)
    q = fraction_to_arb(p)
    total = flint.arb(0)
    if lo >= m:
        return flint.arb(1)
    if lo >= 0:
        total += (1 - q).beta_lower(m - lo, lo + 1, regularized=True)
    if hi <= 0:
        return flint.arb(1)
    if hi <= m:
        total += q.beta_lower(hi, m - hi + 1, regularized=True)
    return total


def mean_tail(support: Support, m: int, eps: Fraction) -> Fraction:
    """P(|(1/m) Σ_{i≤m} X_i − E X| ≥ ε) for X_i i.i.d. on a finite support of rationals, exactly.

    With values c_j/q (integers c_j) and probabilities w_j/W, the coefficient of t^s in
    (Σ_j w_j t^{c_j − c_min})^m is W^m · P(q Σ X_i = s + m c_min).
    """
    values = [as_fraction(v) for v, _ in support]
    probs = [as_fraction(p) for _, p in support]
    if any(p < 0 for p in probs) or sum(probs) != 1 or m < 1:
        raise ValueError("need probabilities ≥ 0 summing to 1 and m ≥ 1")
    eps = as_fraction(eps)
    q = math.lcm(*(v.denominator for v in values))
    big_w = math.lcm(*(p.denominator for p in probs))
    ints = [int(v * q) for v in values]
    low = min(ints)
    coeffs = [0] * (max(ints) - low + 1)
    for c, p in zip(ints, probs, strict=True):
        coeffs[c - low] += int(p * big_w)
    power = flint.fmpz_poly(coeffs) ** m
    mu = sum((v * p for v, p in zip(values, probs, strict=True)), Fraction(0))
    # |(s + m·low)/q − m·μ| ≥ m·ε  ⟺  s ≤ k_lo or s ≥ k_hi (shifted by m·low)
    k_lo, k_hi = _tail_cutoffs(m, q * mu, q * eps)
    k_lo, k_hi = k_lo - m * low, k_hi - m * low
    total = sum(int(c) for s, c in enumerate(power.coeffs()) if s <= k_lo or s >= k_hi)
    return Fraction(total, big_w**m)
