"""Judge a statement on one instance: does ``quantity REL bound`` hold, and how tight is it?

Exact values are compared exactly; balls decide only when the comparison is certain; floats give
an unconfirmed answer; estimates (confidence intervals) reject only when the whole interval
violates the relation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import flint
import sympy
from sympy.core.relational import Relational

from verify.arith.convert import NotRigorous, to_arb, to_float, to_fraction, to_sympy
from verify.arith.precision import workprec
from verify.arith.rigorous import evaluate_arb, substitute_exact
from verify.core.measurement import Ball, Estimate, Exact, Measurement

ROUTE_ORDER = ("exact", "arb", "float", "statistical")


@dataclass(frozen=True)
class Judgement:
    """``holds`` is True, False, or None (undecided: a ball straddles the bound)."""

    holds: bool | None
    ratio: float | None
    route: str
    quantity: float | None
    bound: float | None
    detail: str = ""
    data: Mapping[str, Any] | None = None
    """The estimate's own record (e.g. a rate sweep's sizes and values), for reports."""
    relation: str = ""
    """The relation judged (for one clause), as text."""
    attained: bool | None = None
    """Exact and ball routes: whether quantity = bound holds (exactly; for balls, whether the
    enclosures overlap with a relative width below 1e-9). None on other routes."""
    interval: tuple[float, float] | None = None
    """An estimate's confidence interval for the quantity (compare with ``bound``)."""
    p_value: float | None = None
    """An estimate's p-value against the bound (small: evidence of a violation)."""
    level: float | None = None
    """The level the p-value was compared with (the family-wise level split over the cases)."""
    resolution: float | None = None
    """An estimate's resolution at that level: the smallest violation (relative for ≤ and ≥,
    absolute for =) it detects with probability 0.9."""
    clauses: tuple[Judgement, ...] = ()
    """For a conjunction: each relation's own judgement, in the order of the statement."""

    @property
    def rigorous(self) -> bool:
        return self.route in ("exact", "arb")

    @property
    def estimated(self) -> bool:
        return self.route == "statistical"


def relations(statement: Any) -> tuple[Relational, ...]:
    return tuple(statement.args) if isinstance(statement, sympy.And) else (statement,)


def tightness(rel: type, quantity: float, bound: float) -> float:
    """quantity/bound oriented so that values above 1 violate: q/b for <=, b/q for >=.

    For ``==`` it is max(q/b, b/q) (1 exactly at equality).
    """
    if rel in (sympy.Ge, sympy.Gt):
        quantity, bound = bound, quantity
    if bound == 0:
        if quantity == 0:
            return 1.0 if rel is sympy.Eq else math.nan  # 0 <= 0 says nothing about tightness
        return math.inf if quantity > 0 else -math.inf
    if rel is sympy.Eq:
        if quantity == 0:
            return math.inf
        r = quantity / bound
        return max(r, 1 / r) if r > 0 else math.inf
    return quantity / bound


def _route(values: Mapping[Any, Measurement]) -> str:
    routes = {m.route for m in values.values()}
    for route in reversed(ROUTE_ORDER):
        if route in routes:
            return route
    return "exact"


def judge(statement: Any, params: Mapping[Any, Any], values: Mapping[Any, Measurement],
          family: int = 1) -> Judgement:
    """Judge ``statement`` with parameter values ``params`` and measured ``values``.

    Keys are sympy symbols (parameters, quantities). For an ``And`` every relation must hold;
    the reported ratio is the largest, and ``clauses`` holds each relation's judgement. An
    estimate is tested at level (1 − confidence)/``family``, so that over ``family`` cases the
    chance of rejecting a true statement stays below 1 − confidence.
    """
    results = [replace(_judge_one(r, params, values, family), relation=str(r))
               for r in relations(statement)]
    if any(r.holds is False for r in results):
        worst = next(r for r in results if r.holds is False)
    else:
        finite = [r for r in results if r.ratio is not None]
        worst = max(finite, key=lambda r: float(r.ratio or 0.0)) if finite else results[0]
    holds: bool | None
    if all(r.holds is True for r in results):
        holds = True
    elif any(r.holds is False for r in results):
        holds = False
    else:
        holds = None
    ratios = [r.ratio for r in results if r.ratio is not None and not math.isnan(r.ratio)]
    ratio = max(ratios) if ratios else None
    detail = "; ".join(r.detail for r in results if r.detail)
    # A violation is as strong as the relation that shows it; a pass only as strong as the
    # weakest route among all relations (one float relation makes the whole pass a float one).
    route = worst.route if holds is False else max(
        (r.route for r in results), key=ROUTE_ORDER.index)
    data = next((r.data for r in results if r.data), None)
    if len(results) == 1:
        return replace(results[0], clauses=tuple(results))
    return Judgement(holds, ratio, route, worst.quantity, worst.bound, detail, data,
                     relation=str(statement), clauses=tuple(results))


def _is_dummy(symbol: Any, rel: Relational) -> bool:
    """True when ``symbol`` is only a summation or product index inside ``rel``."""
    return any(symbol in (limit[0] for limit in node.limits)
               for node in sympy.preorder_traversal(rel)
               if isinstance(node, (sympy.Sum, sympy.Product)))


def _judge_one(rel: Relational, params: Mapping[Any, Any], values: Mapping[Any, Measurement],
               family: int = 1) -> Judgement:
    used = {s: m for s, m in values.items() if rel.has(s)}
    labels = {p.label for p in params if isinstance(p, sympy.IndexedBase)}
    missing = [s for s in rel.free_symbols if s not in params and s not in values
               and s not in labels and not isinstance(s, sympy.Indexed)
               and not _is_dummy(s, rel)]
    if missing:
        raise KeyError(f"no value for {', '.join(map(str, missing))} in {rel}")
    route = _route(used)
    broken = _not_finite(used)
    if broken:
        return Judgement(None, None, route, None, None,
                         f"{broken}: not a finite number, so {rel} cannot be judged")
    if route == "statistical":
        return _judge_estimate(rel, params, used, family)
    lhs = substitute_exact(rel.lhs, params)
    rhs = substitute_exact(rel.rhs, params)
    if route == "exact":
        exact_values = {s: m.value for s, m in used.items()}  # type: ignore[union-attr]
        lhs_e = substitute_exact(lhs, exact_values)
        rhs_e = substitute_exact(rhs, exact_values)
        lf, rf = to_fraction(lhs_e), to_fraction(rhs_e)
        if lf is not None and rf is not None:
            holds = bool(rel.func(to_sympy(lf), to_sympy(rf)))
            return Judgement(holds, tightness(rel.func, float(lf), float(rf)), "exact",
                             float(lf), float(rf), attained=lf == rf)
        infinite = _infinite_comparison(rel.func, lhs_e, rhs_e)
        if infinite is not None:
            return infinite
        if rel.func in (sympy.Eq, sympy.Le, sympy.Ge) and _exactly_equal(lhs_e, rhs_e):
            return Judgement(True, tightness(rel.func, 1.0, 1.0), "exact",
                             to_float(lhs_e), to_float(rhs_e), "equal by exact simplification",
                             attained=True)
        lhs, rhs = lhs_e, rhs_e
        used = {}
        route = "arb"
    return _judge_balls(rel.func, lhs, rhs, used, route)


def _infinite_comparison(func: type, lhs: Any, rhs: Any) -> Judgement | None:
    """An exact ±∞ against an exact number is decided by sympy (∞ > every number): a
    measure that returns ∞ for a quantity claimed finite is a violation, not an undecided
    case. None when neither side is infinite."""
    sides = (sympy.sympify(lhs), sympy.sympify(rhs))
    if not any(s.is_number and s.is_infinite for s in sides):
        return None
    decided = func(*sides)
    if decided not in (sympy.true, sympy.false):
        return None
    holds = bool(decided)
    q, b = (float(s) if s.is_finite else (math.inf if s.is_extended_positive else -math.inf)
            for s in sides)
    ratio = math.inf if not holds else tightness(func, q, b) if math.isfinite(q) and \
        math.isfinite(b) else 0.0
    return Judgement(holds, ratio, "exact", q, b, "an infinite value, compared exactly")


def _not_finite(used: Mapping[Any, Measurement]) -> str:
    """``"q = nan"`` for the first measured value that is NaN or infinite (floats, balls,
    estimates), else ""."""
    for symbol, m in used.items():
        if isinstance(m, Estimate):
            values = (m.point, m.lo, m.hi)
            if not all(math.isfinite(v) for v in values):
                return f"{symbol} = {m.point} (interval [{m.lo}, {m.hi}])"
        elif isinstance(m, Ball):
            if not m.value.is_finite():
                return f"{symbol} = {m.value}"
        elif not isinstance(m, Exact):
            value = float(m.value)
            if not math.isfinite(value):
                return f"{symbol} = {value}"
    return ""


def _exactly_equal(lhs: Any, rhs: Any) -> bool:
    """True when sympy proves lhs == rhs for these exact (possibly irrational) numbers."""
    try:
        return bool(sympy.simplify(lhs - rhs) == 0)
    except Exception:  # sympy may fail on exotic expressions: then compare in balls
        return False


def _balls_at_precision(used: Mapping[Any, Measurement]) -> dict[Any, flint.arb]:
    """Balls for the measured values at the current precision (exact values re-enclosed)."""
    return {s: to_arb(m.value) if isinstance(m, (Ball, Exact))
            else flint.arb(m.value)  # type: ignore[union-attr]
            for s, m in used.items()}


def _judge_balls(func: type, lhs: Any, rhs: Any, used: Mapping[Any, Measurement], route: str
                 ) -> Judgement:
    for prec in (64, 256, 1024):
        with workprec(prec):
            try:
                balls = _balls_at_precision(used)
                left, right = evaluate_arb(lhs, balls), evaluate_arb(rhs, balls)
            except NotRigorous as exc:
                return Judgement(None, None, route, None, None, str(exc))
            holds = _compare(func, left, right)
        if holds is not None or func is sympy.Eq:
            break
    if route == "float" and holds is None:
        # A float value is a point estimate: decide on the midpoints.
        holds = bool(func(sympy.Float(to_float(left), 30), sympy.Float(to_float(right), 30)))
    q, b = to_float(left), to_float(right)
    attained = _balls_touch(left, right) if route == "arb" else None
    return Judgement(holds, tightness(func, q, b), route, q, b, attained=attained)


def _balls_touch(left: flint.arb, right: flint.arb, rtol: float = 1e-9) -> bool:
    """Whether two enclosures are equal as far as balls can tell: they overlap and the
    difference is enclosed to within ``rtol`` of their size (balls cannot prove a = b)."""
    if not (left.is_finite() and right.is_finite()) or not left.overlaps(right):
        return False
    scale = max(abs(float(left.mid())), abs(float(right.mid())), 1e-300)
    return float((left - right).rad()) <= rtol * scale


def _compare(func: type, left: flint.arb, right: flint.arb) -> bool | None:
    """Certain comparison of balls: True/False when decided, None when they overlap."""
    if func is sympy.Le:
        return True if left <= right else (False if left > right else None)
    if func is sympy.Lt:
        return True if left < right else (False if left >= right else None)
    if func is sympy.Ge:
        return True if left >= right else (False if left < right else None)
    if func is sympy.Gt:
        return True if left > right else (False if left <= right else None)
    if func is sympy.Eq:
        if left == right:  # arb: certainly equal only for identical exact balls
            return True
        return False if left != right else None
    if func is sympy.Ne:
        return True if left != right else (False if left == right else None)
    raise ValueError(f"unsupported relation {func.__name__}")


def _side(func: type) -> str:
    if func in (sympy.Le, sympy.Lt):
        return "le"
    if func in (sympy.Ge, sympy.Gt):
        return "ge"
    if func is sympy.Eq:
        return "eq"
    raise ValueError(f"unsupported relation {func.__name__} for an estimate")


def _judge_estimate(rel: Relational, params: Mapping[Any, Any],
                    used: Mapping[Any, Measurement], family: int = 1) -> Judgement:
    """An estimate violates the relation when its p-value against the bound falls below
    (1 − confidence)/family (verify.check.stats.p_value); an estimate that carries no test
    violates it only when its whole interval does (no family-wise control, said in
    ``detail``)."""
    from verify.check.stats import case_level, p_value, resolution  # scipy: load when needed

    estimates = {s: m for s, m in used.items() if isinstance(m, Estimate)}
    if len(estimates) != 1 or rel.lhs not in estimates:
        raise ValueError(f"a statistical estimate must stand alone on the left of {rel}")
    (symbol, est), = estimates.items()
    others = {s: m.value for s, m in used.items() if s is not symbol}  # type: ignore[union-attr]
    bound = to_float(substitute_exact(substitute_exact(rel.rhs, params), others))
    func = rel.func
    side = _side(func)
    alpha = 1.0 - est.confidence
    level = case_level(alpha, family)
    p = p_value(est, bound, side)
    if p is not None:
        violated = p <= level
        how = f"p = {p:.3g} against level {level:.3g}"
    else:
        if side == "le":
            violated = est.lo > bound if func is sympy.Le else est.lo >= bound
        elif side == "ge":
            violated = est.hi < bound if func is sympy.Ge else est.hi <= bound
        else:
            violated = not est.lo <= bound <= est.hi
        level = alpha
        how = "no test: judged by the interval alone, without family-wise control"
    power = resolution(est, bound, side, level)
    detail = (f"{symbol} = {est.point:.6g}, {est.confidence * 100:g}% confidence interval "
              f"[{est.lo:.6g}, {est.hi:.6g}] vs {bound:.6g}; {how}; resolution {power:.3g}"
              + (" (absolute)" if side == "eq" or bound == 0 else " (relative)"))
    return Judgement(not violated, tightness(func, est.point, bound), "statistical",
                     est.point, bound, detail, dict(est.details), interval=(est.lo, est.hi),
                     p_value=p, level=level, resolution=power)
