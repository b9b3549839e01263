"""The error decomposition of empirical risk minimization (survey §1.2; SOURCES T21), exactly:
R(f_s) − R* ≤ ε_opt + 2ε_gen + ε_approx, with every term an exact rational on a finite
distribution.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from verify.domain.learning.finite import FiniteDistribution, bayes_risk, empirical_risk, risk

__all__ = ["decomposition_terms"]


def decomposition_terms(dist: FiniteDistribution, hypotheses: Any, sample: Any, loss: str,
                        learned: int) -> dict[str, Fraction]:
    """R(f_s) − R*, ε_opt, ε_gen and ε_approx, exactly, for f_s = hypotheses[learned]."""
    risks = [risk(dist, h, loss) for h in hypotheses]
    empirical = [empirical_risk(sample, h, loss) for h in hypotheses]
    r_star = bayes_risk(dist, loss)
    return {
        "excess": risks[learned] - r_star,
        "eps_opt": empirical[learned] - min(empirical),
        "eps_gen": max(abs(r - e) for r, e in zip(risks, empirical, strict=True)),
        "eps_approx": min(risks) - r_star,
    }
