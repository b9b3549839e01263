"""The power figures of verify.check.stats against their closed forms and a simulation: a
resolution that is off by a factor would make every verdict overstate what it could see."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from verify.check.stats import holm, mean, p_value, resolution


def test_mean_resolution_is_the_normal_power_formula():
    samples = list(np.random.default_rng(0).normal(1.0, 0.5, 400))
    est = mean(samples, confidence=0.999)
    se = est.details["stderr"]
    expected = (stats.norm.isf(1e-3) + stats.norm.ppf(0.9)) * se / 2.0
    assert math.isclose(resolution(est, 2.0, "le", alpha=1e-3), expected, rel_tol=1e-12)
    slope_expected = (stats.norm.isf(5e-4) + stats.norm.ppf(0.9)) * se
    assert math.isclose(resolution(est, 2.0, "eq", alpha=1e-3), slope_expected, rel_tol=1e-12)


def test_a_violation_of_the_stated_resolution_is_detected_about_nine_times_in_ten():
    """Simulate means whose true value exceeds the bound by exactly the resolution: the test
    at level alpha must reject in about 90 % of the runs (not 50 %, not 99.9 %)."""
    rng = np.random.default_rng(1)
    bound, alpha, n, sd = 1.0, 1e-3, 200, 1.0
    se = sd / math.sqrt(n)
    shift = (stats.norm.isf(alpha) + stats.norm.ppf(0.9)) * se
    hits = 0
    runs = 400
    for _ in range(runs):
        est = mean(list(rng.normal(bound + shift, sd, n)), confidence=1 - alpha)
        p = p_value(est, bound, "le")
        assert p is not None
        hits += p <= alpha
    assert 0.83 <= hits / runs <= 0.96


def test_holm_rejects_nothing_when_every_p_value_is_large():
    assert holm([0.5, 0.2, 0.9], alpha=0.05) == [False, False, False]
