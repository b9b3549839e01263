"""Confidence intervals used by the statistical and rate modes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats as _stats

from verify.core.measurement import Estimate


def clopper_pearson_interval(hits: int, trials: int, confidence: float = 0.99
                             ) -> tuple[float, float]:
    """Exact two-sided Clopper–Pearson interval of a binomial proportion (Clopper, Pearson 1934)."""
    if trials <= 0 or not 0 <= hits <= trials:
        raise ValueError(f"need 0 <= hits <= trials and trials > 0, got {hits}/{trials}")
    alpha = 1.0 - confidence
    lo = 0.0 if hits == 0 else float(_stats.beta.ppf(alpha / 2, hits, trials - hits + 1))
    hi = 1.0 if hits == trials else float(_stats.beta.ppf(1 - alpha / 2, hits + 1, trials - hits))
    return lo, hi


def clopper_pearson_upper(hits: int, trials: int, confidence: float = 0.99) -> float:
    """One-sided exact upper confidence bound on a binomial proportion."""
    if hits == trials:
        return 1.0
    return float(_stats.beta.ppf(confidence, hits + 1, trials - hits))


def frequency(hits: int, trials: int, confidence: float = 0.99) -> Estimate:
    """The observed frequency hits/trials with its Clopper–Pearson interval."""
    lo, hi = clopper_pearson_interval(hits, trials, confidence)
    return Estimate(hits / trials, lo, hi, confidence,
                    {"hits": hits, "trials": trials, "method": "clopper-pearson"})


def mean(samples: Sequence[float], confidence: float = 0.99) -> Estimate:
    """Sample mean with a Student-t confidence interval."""
    n = len(samples)
    if n < 2:
        raise ValueError("need at least two samples for a confidence interval")
    m = math.fsum(samples) / n
    var = math.fsum((s - m) ** 2 for s in samples) / (n - 1)
    half = float(_stats.t.ppf(0.5 + confidence / 2, n - 1)) * math.sqrt(var / n)
    return Estimate(m, m - half, m + half, confidence, {"samples": n, "method": "student-t"})


def loglog_slope(sizes: Sequence[float], values: Sequence[float], confidence: float = 0.99
                 ) -> Estimate:
    """Least-squares slope of log(value) against log(size) with a t confidence interval.

    The details keep the points so that a report can plot the sweep.
    """
    if len(sizes) != len(values) or len(sizes) < 3:
        raise ValueError("a rate fit needs at least three (size, value) points")
    if min(sizes) <= 0 or min(values) <= 0:
        raise ValueError("sizes and values of a rate fit must be positive")
    x = [math.log(s) for s in sizes]
    y = [math.log(v) for v in values]
    fit = _stats.linregress(x, y)
    half = float(_stats.t.ppf(0.5 + confidence / 2, len(x) - 2)) * float(fit.stderr)
    slope = float(fit.slope)
    return Estimate(slope, slope - half, slope + half, confidence, {
        "method": "log-log least squares",
        "intercept": float(fit.intercept),
        "sizes": [float(s) for s in sizes],
        "values": [float(v) for v in values],
    })


def skew_corrected_mean(samples: Sequence[float], confidence: float) -> Estimate:
    """Sample mean with Hall's skewness-corrected interval (P. Hall, "On the removal of
    skewness by transformation", JRSS B 54 (1992)): with T = √N (x̄ − μ)/s, γ the sample
    skewness, a = γ/(3√N), the monotone map g(T) = T + aT² + a²T³/3 + γ/(6√N) =
    ((1 + aT)³ − 1)/(3a) + γ/(6√N) is nearly standard normal, and {μ : |g(T)| ≤ z} is the
    interval. For the right-skewed squared errors of Monte Carlo averages the Student-t
    interval misses far more often than its level says (its lower tail is too short); this one
    is close to its level in simulations (see the tests)."""
    values = [float(v) for v in samples]
    count = len(values)
    if count < 3:
        raise ValueError("need at least three samples for a skewness-corrected interval")
    m = math.fsum(values) / count
    sd = math.sqrt(math.fsum((v - m) ** 2 for v in values) / (count - 1))
    if sd == 0:
        return Estimate(m, m, m, confidence, {"samples": count, "method": "hall (constant)"})
    gamma = math.fsum((v - m) ** 3 for v in values) / count / sd**3
    a, b = gamma / (3 * math.sqrt(count)), gamma / (6 * math.sqrt(count))
    z = float(_stats.norm.ppf(0.5 + confidence / 2))

    def inverse(q: float) -> float:  # g(t) = q
        if abs(a) < 1e-12:
            return q - b
        return (float(np.cbrt(3 * a * (q - b) + 1)) - 1) / a

    half = sd / math.sqrt(count)
    return Estimate(m, m - inverse(z) * half, m - inverse(-z) * half, confidence,
                    {"samples": count, "method": "hall skewness-corrected", "skewness": gamma})


def _least_squares_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope of the least-squares line and its standard error (0 for an exact line)."""
    xc = x - x.mean()
    sxx = float(xc @ xc)
    slope = float(xc @ (y - y.mean())) / sxx
    residuals = y - y.mean() - slope * xc
    return slope, math.sqrt(float(residuals @ residuals) / (len(x) - 2) / sxx)


def deterministic_slope(x: Sequence[float], y: Sequence[float], confidence: float = 0.99,
                        allowance: float = 0.0) -> Estimate:
    """The slope of y against x over the upper half of a deterministic sweep (its most
    asymptotic part), with the least-squares t-interval widened by the pre-asymptotic drift
    max(|upper − full|, max |local slope − upper|) plus ``allowance``.

    For a deterministic sequence the t-interval only measures curvature; the drift terms
    estimate how far the slope is still moving, which a slowly decaying transient would show.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 8:
        raise ValueError("a deterministic rate fit needs at least eight points")
    half = len(x) // 2
    full, _ = _least_squares_line(x, y)
    slope, stderr = _least_squares_line(x[half:], y[half:])
    local = np.diff(y[half:]) / np.diff(x[half:])
    drift = max(abs(slope - full), float(np.abs(local - slope).max()))
    t_half = float(_stats.t.ppf(0.5 + confidence / 2, len(x) - half - 2)) * stderr
    width = t_half + drift + allowance
    return Estimate(slope, slope - width, slope + width, confidence, {
        "method": "upper-half least squares, t-interval + drift + allowance",
        "full_slope": full, "drift": drift, "allowance": allowance,
        "sizes": [float(math.exp(v)) for v in x], "values": [float(math.exp(v)) for v in y],
    })


def sweep_slope(sizes: Sequence[int], errors: Sequence[float], confidence: float = 0.99,
                rtol: float = 1e-8) -> Estimate:
    """The log-log slope of a sweep with its t interval; a sweep constant to ``rtol`` (a
    plateau: every fit is the same projection) has slope exactly 0 and the interval [0, 0]."""
    if max(errors) - min(errors) <= rtol * max(errors):
        return Estimate(0.0, 0.0, 0.0, confidence, {
            "method": "constant sweep (plateau)", "sizes": [float(s) for s in sizes],
            "values": [float(v) for v in errors]})
    return loglog_slope(sizes, errors, confidence)
