"""Every interval, test and slope procedure of the statistical and rate modes, and the power
of each: its p-value against a bound and its *resolution*, the smallest violation it would
detect with probability 0.9.

>>> est = frequency(30, 1000, confidence=0.999)
>>> round(p_value(est, 0.05, "le"), 4)  # 30 hits in 1000 trials: no evidence that p > 0.05
0.9993
>>> p_value(frequency(80, 1000), 0.05, "le") < 1e-4
True
>>> round(resolution(est, 0.05, "le", alpha=0.001), 3)  # sees p = 0.05 · 1.69 w.p. 0.9
0.694
"""

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
    stderr = math.sqrt(var / n)
    half = float(_stats.t.ppf(0.5 + confidence / 2, n - 1)) * stderr
    return Estimate(m, m - half, m + half, confidence, {
        "samples": n, "method": "student-t", "stderr": stderr, "dof": n - 1})


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
        "stderr": float(fit.stderr), "dof": len(x) - 2,
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
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(xs) < 8:
        raise ValueError("a deterministic rate fit needs at least eight points")
    half = len(xs) // 2
    full, _ = _least_squares_line(xs, ys)
    slope, stderr = _least_squares_line(xs[half:], ys[half:])
    local = np.diff(ys[half:]) / np.diff(xs[half:])
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


# --------------------------------------------------------------------------------------------
# Tests against a bound, power and family-wise control
# --------------------------------------------------------------------------------------------

POWER = 0.9
"""The probability with which a check must detect a violation of the size it reports."""

SIDES = ("le", "ge", "eq")


def _side(relation: str) -> str:
    if relation not in SIDES:
        raise ValueError(f"relation must be one of {SIDES}, got {relation!r}")
    return relation


def p_value(estimate: Estimate, bound: float, relation: str) -> float | None:
    """The p-value of the data against the claim ``quantity REL bound`` at its boundary: small
    when the data show a violation. ``relation`` is ``le`` (claim q ≤ b), ``ge`` or ``eq``
    (two-sided). None when the estimate carries no test (an interval from a procedure without
    a sampling model, e.g. a deterministic sweep)."""
    side = _side(relation)
    details = estimate.details
    if details.get("method") == "clopper-pearson":
        hits, trials = int(details["hits"]), int(details["trials"])
        b = min(max(float(bound), 0.0), 1.0)
        upper = float(_stats.binom.sf(hits - 1, trials, b))  # P(X >= hits)
        lower = float(_stats.binom.cdf(hits, trials, b))  # P(X <= hits)
        tail = {"le": upper, "ge": lower, "eq": min(1.0, 2 * min(upper, lower))}[side]
        return tail
    stderr = details.get("stderr")
    if stderr is None:
        return None
    stderr = float(stderr)
    diff = estimate.point - float(bound)
    if stderr == 0:
        violated = {"le": diff > 0, "ge": diff < 0, "eq": diff != 0}[side]
        return 0.0 if violated else 1.0
    t = diff / stderr
    dist = _stats.t(float(details["dof"])) if details.get("dof") else _stats.norm
    upper, lower = float(dist.sf(t)), float(dist.cdf(t))
    return {"le": upper, "ge": lower, "eq": min(1.0, 2 * min(upper, lower))}[side]


def standard_error(estimate: Estimate, bound: float | None = None) -> float:
    """The estimate's standard error: recorded by the procedure, the binomial one at the bound
    for a frequency, else read off the interval as if it were a normal one."""
    details = estimate.details
    if details.get("method") == "clopper-pearson" and bound is not None:
        b = min(max(float(bound), 0.0), 1.0)
        return math.sqrt(max(b * (1 - b), 1e-300) / int(details["trials"]))
    if details.get("stderr") is not None:
        return float(details["stderr"])
    z = float(_stats.norm.ppf(0.5 + estimate.confidence / 2))
    return (estimate.hi - estimate.lo) / (2 * z)


def resolution(estimate: Estimate, bound: float, relation: str, alpha: float) -> float:
    """The smallest violation the test at level ``alpha`` detects with probability
    :data:`POWER`: relative to |bound| for ``le`` and ``ge`` (0.1 = a quantity 10 % beyond
    the bound), absolute for ``eq`` and for a bound of 0 (a slope off by 0.1, a slope claimed
    negative found 0.1 above 0). A normal approximation:
    (z_{1−α} + z_{0.9}) · se, with α halved for two-sided ``eq``."""
    side = _side(relation)
    level = alpha / 2 if side == "eq" else alpha
    if estimate.details.get("method") == "clopper-pearson":
        return _binomial_resolution(int(estimate.details["trials"]), float(bound), side, level)
    shift = (float(_stats.norm.isf(level)) + float(_stats.norm.ppf(POWER))) \
        * standard_error(estimate, bound)
    if side == "eq" or bound == 0:
        return shift  # absolute: a slope's deviation, or a violation of a bound of 0
    return shift / abs(float(bound))


def _binomial_resolution(trials: int, bound: float, side: str, level: float) -> float:
    """Exact power of the binomial test: the smallest relative excess r such that a
    proportion bound·(1 + r) (or, for ``ge``, bound·(1 − r)) is rejected at ``level`` with
    probability :data:`POWER`; inf when no proportion in [0, 1] would be."""
    if side == "eq":
        return max(_binomial_resolution(trials, bound, "le", level),
                   _binomial_resolution(trials, bound, "ge", level))
    if bound <= 0 or (side == "le" and bound >= 1):
        return math.inf  # a proportion cannot exceed 1 (or be judged relative to 0)
    if side == "le":
        # smallest k with P(X >= k | bound) <= level, then the p1 with P(X >= k | p1) = POWER
        k = int(_stats.binom.isf(level, trials, bound)) + 1
        while k > 0 and float(_stats.binom.sf(k - 2, trials, bound)) <= level:
            k -= 1
        if k > trials:
            return math.inf
        p1 = float(_stats.beta.ppf(POWER, k, trials - k + 1))
        return p1 / bound - 1
    bound = min(bound, 1.0)
    # largest k with P(X <= k | bound) <= level, then the p1 with P(X <= k | p1) = POWER
    k = int(_stats.binom.ppf(level, trials, bound))
    while k >= 0 and float(_stats.binom.cdf(k, trials, bound)) > level:
        k -= 1
    if k < 0:
        return math.inf
    p1 = float(_stats.beta.ppf(1 - POWER, k + 1, trials - k))
    return 1 - p1 / bound


def holm(p_values: Sequence[float], alpha: float) -> list[bool]:
    """Holm's step-down procedure (Holm 1979): which hypotheses are rejected with family-wise
    error at most ``alpha``.

    >>> holm([0.001, 0.04, 0.03, 0.5], alpha=0.05)
    [True, False, False, False]
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    rejected = [False] * len(p_values)
    m = len(p_values)
    for rank, index in enumerate(order):
        if p_values[index] > alpha / (m - rank):
            break
        rejected[index] = True
    return rejected


def case_level(alpha: float, cases: int) -> float:
    """The level at which each of ``cases`` tests is judged so that the chance of rejecting any
    true one stays at most ``alpha``: Bonferroni, which is Holm's first step and so decides
    exactly whether Holm rejects anything at all.

    >>> case_level(0.01, 50)
    0.0002
    """
    return alpha / max(int(cases), 1)
