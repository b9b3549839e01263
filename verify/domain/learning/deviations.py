"""Deviation events of empirical risks, decided exactly over i.i.d. samples of a finite
distribution: the uniform deviation sup_k |R(f_k) − R̂_s(f_k)| ≥ ε (Hoeffding and a union bound,
or covering numbers; survey §1.2), the Rademacher generalization event
R(g) > R̂_s(g) + 2Rad_m + sqrt(log(1/δ)/(2m)) (Mohri, Rostamizadeh, Talwalkar, Thm 3.3), the exact
tail P(|mean − E X| ≥ ε) of a finite law, and random 0/1 tables as hypothesis classes.

Frequencies come with their Clopper–Pearson intervals (``verify.check.stats.frequency``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import flint
import numpy as np

from verify.check.stats import frequency
from verify.core.measurement import Ball, Estimate
from verify.domain.learning.finite import (
    FiniteDistribution,
    LossMatrix,
    coin_tables,
    deviation_exceeds,
)
from verify.domain.learning.rademacher import composition_count, expected_rademacher, largest_gaps
from verify.domain.learning.tails import binomial_tail, binomial_tail_ball, mean_tail

__all__ = [
    "CONFIDENCE", "EXACT_BINOMIAL_LIMIT", "coin_class", "deviation_frequency",
    "exceeds_confidence_term", "largest_sample_size", "mean_deviation_tail",
    "violation_frequency",
]

F = Fraction
CONFIDENCE = 0.9999
"""Default Clopper–Pearson level of the frequencies (two-sided)."""
EXACT_BINOMIAL_LIMIT = 4000
"""Above this m a Bernoulli tail is enclosed in an arb ball instead of summed exactly."""


def mean_deviation_tail(support: list[tuple[Fraction, Fraction]], m_: int, eps_: Fraction
                        ) -> Fraction | Ball:
    """P(|mean − E X| ≥ ε): a two-point law is a scaled binomial, others are summed exactly."""
    if len(support) == 2:
        (v0, _), (v1, p1) = sorted(support)
        scaled = F(eps_) / (v1 - v0)
        if m_ > EXACT_BINOMIAL_LIMIT:
            return Ball(binomial_tail_ball(m_, p1, scaled))
        return binomial_tail(m_, p1, scaled)
    return mean_tail(support, m_, F(eps_))


def coin_class(points: int, count: int, seed: int, balanced: bool
               ) -> tuple[FiniteDistribution, np.ndarray]:
    """``count`` random 0/1 tables on X = {0, …, points − 1} under the uniform law, Y ≡ 0: the
    loss of table k at x is its value there (0-1 or absolute loss)."""
    dist = FiniteDistribution.uniform([(x, 0) for x in range(points)])
    return dist, coin_tables(points, count, np.random.default_rng(seed), balanced)


def deviation_frequency(dist: FiniteDistribution, losses: LossMatrix, size: int,
                        epsilon: Fraction, seed: int, trials: int,
                        confidence: float = CONFIDENCE) -> Any:
    """Clopper–Pearson estimate of P(sup_k |R(f_k) − R̂_s(f_k)| ≥ ε) over i.i.d. samples."""
    indices = dist.sample_indices((trials, size), np.random.default_rng(seed))
    hits = int(deviation_exceeds(dist, losses, indices, epsilon).sum())
    return frequency(hits, trials, confidence)


def exceeds_confidence_term(excess: Fraction, size: int, level: Fraction) -> bool:
    """Is ``excess`` > sqrt(log(1/δ)/(2m))? Decided in arb balls at rising precision (never a
    tie: for rational δ ≠ 1, log(1/δ) is irrational)."""
    if excess <= 0:
        return False
    old = flint.ctx.prec
    try:
        for prec in (64, 256, 1024, 4096):
            flint.ctx.prec = prec
            left = flint.arb(flint.fmpq(excess.numerator, excess.denominator)) ** 2 * (2 * size)
            right = flint.arb(flint.fmpq(level.denominator, level.numerator)).log()
            if left > right:
                return True
            if left < right:
                return False
    finally:
        flint.ctx.prec = old
    raise ArithmeticError(f"could not compare {excess} with sqrt(log(1/{level})/(2·{size}))")


def violation_frequency(dist: FiniteDistribution, losses: LossMatrix, size: int,
                        level: Fraction, seed: int, trials: int,
                        confidence_term: bool = True, confidence: float = CONFIDENCE
                        ) -> Estimate:
    """Clopper–Pearson estimate of P(∃k: R(g_k) > R̂_s(g_k) + 2Rad_m + sqrt(log(1/δ)/(2m)))
    over i.i.d. samples of size m (Rad_m exact; without ``confidence_term`` the square root is
    dropped). Each sample's max_k R − R̂ and the comparison are exact."""
    rad = expected_rademacher(dist, losses, size)
    indices = dist.sample_indices((trials, size), np.random.default_rng(seed))
    gaps = largest_gaps(dist, losses, indices)
    decided: dict[Fraction, bool] = {}
    hits = 0
    for gap in gaps:
        if gap not in decided:
            excess = gap - 2 * rad
            decided[gap] = (exceeds_confidence_term(excess, size, F(level)) if confidence_term
                            else excess > 0)
        hits += decided[gap]
    estimate = frequency(hits, trials, confidence)
    return Estimate(estimate.point, estimate.lo, estimate.hi, estimate.confidence,
                    {**estimate.details, "rademacher": str(rad)})


def largest_sample_size(cells: int, cap: int, terms: int) -> int:
    """The largest m ≤ cap whose exact Rad_m enumerates at most ``terms`` count vectors."""
    size = 1
    while size < cap and composition_count(size + 1, cells) <= terms:
        size += 1
    return size
