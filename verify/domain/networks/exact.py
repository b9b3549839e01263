"""Exact (rational) analysis of piecewise-affine ReLU networks.

A torch float is a dyadic rational, so float weights import into :class:`fractions.Fraction`
without rounding and every quantity here is computed exactly.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Any

from verify.arith.convert import as_fraction
from verify.arith.types import RationalMatrix, RationalVector
from verify.core.codecs import register_codec


@dataclass(frozen=True)
class ExactNetwork:
    """A fully connected network with rational weights: ReLU after every layer but the last.

    ``layers[l] = (W, b)`` with ``W`` of shape (N_{l+1}, N_l) as nested tuples.
    """

    layers: tuple[tuple[RationalMatrix, RationalVector], ...]

    @classmethod
    def from_lists(cls, layers: Sequence[tuple[Sequence[Sequence[object]], Sequence[object]]]
                   ) -> ExactNetwork:
        """Build from nested lists of ints, floats, Fractions or sympy Rationals (lossless)."""
        out = []
        for weight, bias in layers:
            w = tuple(tuple(as_fraction(v) for v in row) for row in weight)
            b = tuple(as_fraction(v) for v in bias)
            if len(w) != len(b):
                raise ValueError(f"layer with {len(w)} rows has {len(b)} biases")
            out.append((w, b))
        for (w0, _), (w1, _) in pairwise(out):
            if any(len(row) != len(w0) for row in w1):
                raise ValueError("consecutive layers do not fit: columns must equal previous rows")
        return cls(tuple(out))

    @property
    def widths(self) -> tuple[int, ...]:
        """(N_0, N_1, ..., N_L)."""
        first = self.layers[0][0]
        return (len(first[0]),) + tuple(len(w) for w, _ in self.layers)

    def __call__(self, x: Sequence[object]) -> list[Fraction]:
        values = [as_fraction(v) for v in x]
        last = len(self.layers) - 1
        for index, (w, b) in enumerate(self.layers):
            values = [sum((wi * v for wi, v in zip(row, values, strict=True)), bi)
                      for row, bi in zip(w, b, strict=True)]
            if index < last:
                values = [v if v > 0 else Fraction(0) for v in values]
        return values


# ---------------------------------------------------------------------------------------------
# Piecewise-affine functions of one variable
# ---------------------------------------------------------------------------------------------

Bound = Fraction | None


def _lo_le(lo: Bound, x: Fraction) -> bool:
    """lo <= x, with None meaning -inf."""
    return lo is None or lo <= x


def _le_hi(x: Fraction, hi: Bound) -> bool:
    """x <= hi, with None meaning +inf."""
    return hi is None or x <= hi


def _strictly_inside(x: Fraction, lo: Bound, hi: Bound) -> bool:
    return (lo is None or lo < x) and (hi is None or x < hi)


def _is_proper_interval(lo: Bound, hi: Bound) -> bool:
    return lo is None or hi is None or lo < hi


def _interior_point(lo: Bound, hi: Bound) -> Fraction:
    """A point strictly inside the open interval (lo, hi); None ends are infinite."""
    if lo is None and hi is None:
        return Fraction(0)
    if lo is None:
        return hi - 1  # type: ignore[operator,return-value]
    if hi is None:
        return lo + 1
    return (lo + hi) / 2


def _optional_fraction(value: object) -> Bound:
    return None if value is None else as_fraction(value)


def _require_proper_interval(lo: Bound, hi: Bound) -> None:
    if not _is_proper_interval(lo, hi):
        raise ValueError(f"empty or degenerate interval [{lo}, {hi}]")


@dataclass(frozen=True)
class PiecewiseAffine:
    """``x -> slopes[k] * x + intercepts[k]`` on piece ``k = [breaks[k], breaks[k+1]]``.

    ``breaks[0]`` may be None (-inf) and ``breaks[-1]`` may be None (+inf). At a break the
    piece to the right is used, except at the right end of the domain.
    """

    breaks: tuple[Bound, ...]
    slopes: tuple[Fraction, ...]
    intercepts: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        count = len(self.slopes)
        if count < 1 or len(self.breaks) != count + 1 or len(self.intercepts) != count:
            raise ValueError("need K >= 1 slopes and intercepts and K + 1 breaks")
        breaks = tuple(_optional_fraction(t) for t in self.breaks)
        if any(t is None for t in breaks[1:-1]):
            raise ValueError("only the two ends may be infinite (None)")
        if not all(_is_proper_interval(a, b) for a, b in pairwise(breaks)):
            raise ValueError("breaks must increase strictly")
        object.__setattr__(self, "breaks", breaks)
        object.__setattr__(self, "slopes", tuple(as_fraction(s) for s in self.slopes))
        object.__setattr__(self, "intercepts", tuple(as_fraction(c) for c in self.intercepts))

    @classmethod
    def interpolant(cls, nodes: Sequence[object], values: Sequence[object]) -> PiecewiseAffine:
        """The piecewise-linear interpolant of ``values`` at strictly increasing ``nodes``."""
        xs = [as_fraction(t) for t in nodes]
        ys = [as_fraction(v) for v in values]
        if len(xs) < 2 or len(xs) != len(ys):
            raise ValueError("need at least two nodes and one value per node")
        steps = zip(pairwise(xs), pairwise(ys), strict=True)
        slopes = [(y1 - y0) / (x1 - x0) for (x0, x1), (y0, y1) in steps]
        intercepts = [y0 - s * x0 for s, x0, y0 in zip(slopes, xs[:-1], ys[:-1], strict=True)]
        return cls(tuple(xs), tuple(slopes), tuple(intercepts))

    @property
    def lo(self) -> Bound:
        return self.breaks[0]

    @property
    def hi(self) -> Bound:
        return self.breaks[-1]

    @property
    def is_bounded(self) -> bool:
        return self.lo is not None and self.hi is not None

    def pieces(self) -> list[tuple[Bound, Bound, Fraction, Fraction]]:
        """``(left, right, slope, intercept)`` for every stored piece, left to right."""
        return [(a, b, s, c) for (a, b), s, c in
                zip(pairwise(self.breaks), self.slopes, self.intercepts, strict=True)]

    def piece_index(self, x: Fraction) -> int:
        """Index of the piece that defines the value at ``x`` (right piece at a break)."""
        if not (_lo_le(self.lo, x) and _le_hi(x, self.hi)):
            raise ValueError(f"{x} lies outside [{self.lo}, {self.hi}]")
        return bisect_right(self.breaks, x, 1, len(self.slopes)) - 1  # type: ignore[type-var]

    def __call__(self, x: object) -> Fraction:
        point = as_fraction(x)
        k = self.piece_index(point)
        return self.slopes[k] * point + self.intercepts[k]

    def merged(self) -> PiecewiseAffine:
        """The same function with adjacent pieces of equal formula merged."""
        breaks: list[Bound] = [self.lo]
        slopes, intercepts = [self.slopes[0]], [self.intercepts[0]]
        for left, _, slope, intercept in self.pieces()[1:]:
            if slope != slopes[-1] or intercept != intercepts[-1]:
                breaks.append(left)
                slopes.append(slope)
                intercepts.append(intercept)
        breaks.append(self.hi)
        return PiecewiseAffine(tuple(breaks), tuple(slopes), tuple(intercepts))

    def piece_count(self) -> int:
        """Number of maximal affine pieces."""
        return len(self.merged().slopes)

    def breakpoints(self) -> list[Fraction]:
        """Interior points where the affine formula changes."""
        return list(self.merged().breaks[1:-1])  # type: ignore[arg-type]

    def restrict(self, lo: object, hi: object) -> PiecewiseAffine:
        """The restriction to ``[lo, hi]`` (None keeps an infinite end; must lie in the domain)."""
        new_lo, new_hi = _optional_fraction(lo), _optional_fraction(hi)
        _require_proper_interval(new_lo, new_hi)
        inside_lo = self.lo is None if new_lo is None else _lo_le(self.lo, new_lo)
        inside_hi = self.hi is None if new_hi is None else _le_hi(new_hi, self.hi)
        if not (inside_lo and inside_hi):
            raise ValueError(f"[{new_lo}, {new_hi}] is not inside [{self.lo}, {self.hi}]")
        return self._on_partition(new_lo, new_hi, [])

    def _on_partition(self, lo: Bound, hi: Bound, extra_cuts: Sequence[Fraction]
                      ) -> PiecewiseAffine:
        """This function on [lo, hi] with its own breaks and ``extra_cuts`` as breaks."""
        cuts = {t for t in (*self.breaks[1:-1], *extra_cuts)
                if _strictly_inside(t, lo, hi)}  # type: ignore[arg-type]
        bounds = (lo, *sorted(cuts), hi)  # type: ignore[type-var]
        indices = [self.piece_index(_interior_point(a, b)) for a, b in pairwise(bounds)]
        return PiecewiseAffine(bounds, tuple(self.slopes[k] for k in indices),
                               tuple(self.intercepts[k] for k in indices))

    def _combine(self, other: PiecewiseAffine, sign: int) -> PiecewiseAffine:
        """``self + sign * other`` on the common domain, on the common refinement."""
        lo = other.lo if self.lo is None else self.lo if other.lo is None else max(
            self.lo, other.lo)
        hi = other.hi if self.hi is None else self.hi if other.hi is None else min(
            self.hi, other.hi)
        if not _is_proper_interval(lo, hi):
            raise ValueError("the domains do not overlap in an interval")
        left = self._on_partition(lo, hi, other.breaks[1:-1])  # type: ignore[arg-type]
        right = other._on_partition(lo, hi, self.breaks[1:-1])  # type: ignore[arg-type]
        return PiecewiseAffine(
            left.breaks,
            tuple(a + sign * b for a, b in zip(left.slopes, right.slopes, strict=True)),
            tuple(a + sign * b for a, b in zip(left.intercepts, right.intercepts, strict=True)))

    def __add__(self, other: object) -> PiecewiseAffine:
        if not isinstance(other, PiecewiseAffine):
            return NotImplemented
        return self._combine(other, 1)

    def __sub__(self, other: object) -> PiecewiseAffine:
        if not isinstance(other, PiecewiseAffine):
            return NotImplemented
        return self._combine(other, -1)

    def __mul__(self, scalar: object) -> PiecewiseAffine:
        if isinstance(scalar, PiecewiseAffine):
            return NotImplemented
        c = as_fraction(scalar)
        return PiecewiseAffine(self.breaks, tuple(c * s for s in self.slopes),
                               tuple(c * b for b in self.intercepts))

    __rmul__ = __mul__

    def __neg__(self) -> PiecewiseAffine:
        return self * -1


# ---------------------------------------------------------------------------------------------
# Exact realization of a network with one input
# ---------------------------------------------------------------------------------------------

# The affine maps x -> slopes[i] * x + offsets[i] of all neurons of one layer on one piece.
LayerAffine = tuple[list[Fraction], list[Fraction]]
_ZERO = Fraction(0)


def _apply_affine_layer(weight: RationalMatrix, bias: RationalVector, inputs: LayerAffine
                        ) -> LayerAffine:
    """Pre-activations ``W (a x + c) + b`` as affine maps of x (zero inputs skipped)."""
    slopes_in, offsets_in = inputs
    live = [j for j, (a, c) in enumerate(zip(slopes_in, offsets_in, strict=True)) if a or c]
    slopes = [sum((row[j] * slopes_in[j] for j in live), _ZERO) for row in weight]
    offsets = [sum((row[j] * offsets_in[j] for j in live), b)
               for row, b in zip(weight, bias, strict=True)]
    return slopes, offsets


def _zeros_inside(maps: LayerAffine, lo: Bound, hi: Bound) -> list[Fraction]:
    """Sorted distinct zeros of the neurons' affine maps lying strictly inside (lo, hi)."""
    zeros = {-c / a for a, c in zip(*maps, strict=True) if a}
    return sorted(z for z in zeros if _strictly_inside(z, lo, hi))


def _relu_at(maps: LayerAffine, point: Fraction) -> LayerAffine:
    """ReLU of affine maps that do not change sign on a piece, decided at ``point``."""
    on = [a * point + c > 0 for a, c in zip(*maps, strict=True)]
    return ([a if keep else _ZERO for a, keep in zip(maps[0], on, strict=True)],
            [c if keep else _ZERO for c, keep in zip(maps[1], on, strict=True)])


def _split_and_rectify(bounds: list[Bound], pre: list[LayerAffine]
                       ) -> tuple[list[Bound], list[LayerAffine]]:
    """Refine the partition at the zeros of every pre-activation, then apply ReLU per piece."""
    new_bounds: list[Bound] = [bounds[0]]
    post: list[LayerAffine] = []
    for (left, right), maps in zip(pairwise(bounds), pre, strict=True):
        local = [left, *_zeros_inside(maps, left, right), right]
        for a, b in pairwise(local):
            post.append(_relu_at(maps, _interior_point(a, b)))
            new_bounds.append(b)
    return new_bounds, post


def realize_1d(net: ExactNetwork, lo: object = None, hi: object = None, output: int = 0
               ) -> PiecewiseAffine:
    """The exact function computed by output ``output`` of a 1-input network on [lo, hi]."""
    if net.widths[0] != 1:
        raise ValueError(f"realize_1d needs input dimension 1, got {net.widths[0]}")
    if not 0 <= output < net.widths[-1]:
        raise ValueError(f"output {output} out of range for width {net.widths[-1]}")
    left, right = _optional_fraction(lo), _optional_fraction(hi)
    _require_proper_interval(left, right)
    bounds: list[Bound] = [left, right]
    maps: list[LayerAffine] = [([Fraction(1)], [Fraction(0)])]
    for weight, bias in net.layers[:-1]:
        pre = [_apply_affine_layer(weight, bias, piece) for piece in maps]
        bounds, maps = _split_and_rectify(bounds, pre)
    weight, bias = net.layers[-1]
    last = ((weight[output],), (bias[output],))
    final = [_apply_affine_layer(last[0], last[1], piece) for piece in maps]
    return PiecewiseAffine(tuple(bounds), tuple(s[0] for s, _ in final),
                           tuple(c[0] for _, c in final)).merged()


# ---------------------------------------------------------------------------------------------
# Crossing number, sup-norm and L1 distances
# ---------------------------------------------------------------------------------------------


def _level_crossings(f: PiecewiseAffine, level: Fraction) -> list[Fraction]:
    """Points strictly inside pieces where a piece's affine formula equals ``level``."""
    roots = []
    for left, right, slope, intercept in f.pieces():
        if slope:
            root = (level - intercept) / slope
            if _strictly_inside(root, left, right):
                roots.append(root)
    return roots


def crossing_number(f: PiecewiseAffine, level: object = Fraction(1, 2)) -> int:
    """Telgarsky's crossing number: maximal intervals where ``1[f >= level]`` is constant.

    The domain is cut into points (breaks and level crossings) and the open intervals between
    them; on each such atom the indicator is constant, so the count is one plus the number of
    changes along the sequence of atoms. Single points count as intervals.
    """
    threshold = as_fraction(level)
    points = sorted({*(t for t in f.breaks if t is not None), *_level_crossings(f, threshold)})
    atoms = points[:1]
    for left, right in pairwise(points):
        atoms += [_interior_point(left, right), right]
    if f.lo is None:
        atoms.insert(0, _interior_point(None, points[0] if points else None))
    if f.hi is None and points:
        atoms.append(_interior_point(points[-1], None))
    indicator = [f(x) >= threshold for x in atoms]
    return 1 + sum(a != b for a, b in pairwise(indicator))


def _trimmed(poly: Sequence[object]) -> list[Fraction]:
    coefficients = [as_fraction(c) for c in poly] or [Fraction(0)]
    while len(coefficients) > 1 and coefficients[-1] == 0:
        coefficients.pop()
    return coefficients


def _require_bounded(f: PiecewiseAffine) -> None:
    if not f.is_bounded:
        raise ValueError("the domain must be bounded")


def _sup_abs_quadratic(f: PiecewiseAffine, poly: list[Fraction]) -> tuple[Fraction, Fraction]:
    """max |p - f| for deg p <= 2: per piece at the endpoints and at the vertex if inside."""
    q0, q1, q2 = (poly + [Fraction(0)] * 3)[:3]
    best_value, best_point = Fraction(-1), Fraction(0)
    for left, right, slope, intercept in f.pieces():
        b, c = q1 - slope, q0 - intercept
        candidates = [left, right]
        if q2:
            vertex = -b / (2 * q2)
            if left < vertex < right:  # type: ignore[operator]
                candidates.insert(1, vertex)
        for x in candidates:
            value = abs((q2 * x + b) * x + c)  # type: ignore[operator]
            if value > best_value:
                best_value, best_point = value, x  # type: ignore[assignment]
    return best_value, best_point


def _sympy_sign(value: object) -> int:
    """Exact sign of a real algebraic sympy number: numerics, exact zero test, more digits."""
    import sympy

    expr = sympy.sympify(value)
    if expr.is_Rational:
        return int(sympy.sign(expr))
    digits = 60
    estimate = expr.evalf(digits)
    if abs(estimate) < sympy.Float(10) ** -40:
        t = sympy.Dummy("t")
        if sympy.minimal_polynomial(expr, t) == t:
            return 0
        while abs(estimate) < sympy.Float(10) ** (-digits // 2):  # nonzero: digits separate it
            digits *= 2
            estimate = expr.evalf(digits)
    return 1 if estimate > 0 else -1


def _critical_points_inside(poly: object, left: Fraction, right: Fraction) -> list[object]:
    """Exact real roots of the sympy Poly ``poly`` lying strictly inside (left, right)."""
    import sympy

    if poly.degree() < 1:  # type: ignore[attr-defined]
        return []
    distinct = dict.fromkeys(poly.real_roots(radicals=True))  # type: ignore[attr-defined]
    return [root for root in distinct if _sympy_sign(root - sympy.Rational(left)) > 0
            and _sympy_sign(root - sympy.Rational(right)) < 0]


def _evaluate_at_algebraic(poly: object, point: object) -> object:
    """Exact ``poly(point)``, reduced modulo the defining polynomial when ``point`` is a CRootOf."""
    import sympy

    if isinstance(point, sympy.CRootOf):
        poly = poly.rem(sympy.Poly(point.poly.as_expr(), poly.gen))  # type: ignore[attr-defined]
    return sympy.expand(poly.as_expr().subs(poly.gen, point))  # type: ignore[attr-defined]


def _sup_abs_symbolic(f: PiecewiseAffine, poly: list[Fraction]) -> tuple[object, object]:
    """max |p - f| for deg p >= 3 with sympy: endpoints and exact critical points per piece."""
    import sympy

    x = sympy.Symbol("x")
    best_value: object = sympy.Integer(-1)
    best_point: object = sympy.Integer(0)
    for left, right, slope, intercept in f.pieces():
        coefficients = list(poly)
        coefficients[0] -= intercept
        coefficients[1] -= slope
        diff = sympy.Poly(list(reversed([sympy.Rational(c) for c in coefficients])), x)
        inner = _critical_points_inside(diff.diff(x), left, right)  # type: ignore[arg-type]
        for point in [sympy.Rational(left), *inner, sympy.Rational(right)]:
            value: Any = _evaluate_at_algebraic(diff, point)
            if _sympy_sign(value) < 0:
                value = -value
            if _sympy_sign(value - best_value) > 0:
                best_value, best_point = value, point
    return best_value, best_point


def sup_abs_difference(f: PiecewiseAffine, poly: Sequence[object]) -> tuple[object, object]:
    """``(max |p(x) - f(x)|, argmax)`` over f's bounded domain, ``poly[i]`` the x^i coefficient.

    Fractions when deg p <= 2, exact sympy numbers otherwise. The argmax is the leftmost one
    found; for a discontinuous f the supremum may be a one-sided limit.
    """
    _require_bounded(f)
    coefficients = _trimmed(poly)
    if len(coefficients) <= 3:
        return _sup_abs_quadratic(f, coefficients)
    return _sup_abs_symbolic(f, coefficients)


def _integral_abs_affine(slope: Fraction, intercept: Fraction, a: Fraction, b: Fraction
                         ) -> Fraction:
    """Exact integral of |slope x + intercept| over [a, b], split at the root if inside."""
    if slope:
        root = -intercept / slope
        if a < root < b:
            return (_integral_abs_affine(slope, intercept, a, root)
                    + _integral_abs_affine(slope, intercept, root, b))
    return abs(slope * (a + b) / 2 + intercept) * (b - a)


def integral_abs_difference(f: PiecewiseAffine, g: PiecewiseAffine) -> Fraction:
    """Exact integral of |f - g| over the common (bounded) domain."""
    difference = f - g
    _require_bounded(difference)
    return sum((_integral_abs_affine(s, c, a, b)  # type: ignore[arg-type]
                for a, b, s, c in difference.pieces()), Fraction(0))


# ---------------------------------------------------------------------------------------------
# Linear (activation) regions of a network with two inputs
# ---------------------------------------------------------------------------------------------

Point = tuple[Fraction, Fraction]
# One neuron as an affine function (x, y) -> ax * x + ay * y + c.
PlaneAffine = tuple[Fraction, Fraction, Fraction]


@dataclass(frozen=True)
class Region:
    """A convex cell of constant activation pattern: counter-clockwise polygon and pattern."""

    vertices: tuple[Point, ...]
    pattern: tuple[tuple[bool, ...], ...]

    @property
    def area(self) -> Fraction:
        """Exact area (shoelace formula)."""
        return _polygon_area(self.vertices)


def _polygon_area(vertices: Sequence[Point]) -> Fraction:
    rolled = [*vertices[1:], vertices[0]]
    return sum((x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(vertices, rolled, strict=True)),
               Fraction(0)) / 2


def _evaluate(affine: PlaneAffine, point: Point) -> Fraction:
    return affine[0] * point[0] + affine[1] * point[1] + affine[2]


def _vertex_centroid(vertices: Sequence[Point]) -> Point:
    """Average of the vertices: an interior point of a convex polygon with positive area."""
    n = len(vertices)
    return (sum((v[0] for v in vertices), _ZERO) / n, sum((v[1] for v in vertices), _ZERO) / n)


def _split_polygon(vertices: list[Point], line: PlaneAffine) -> list[list[Point]]:
    """Cut a convex polygon by the zero line of ``line``; untouched unless it meets the interior."""
    values = [_evaluate(line, v) for v in vertices]
    if all(v >= 0 for v in values) or all(v <= 0 for v in values):
        return [vertices]
    positive: list[Point] = []
    negative: list[Point] = []
    for index, (p, vp) in enumerate(zip(vertices, values, strict=True)):
        q, vq = vertices[(index + 1) % len(vertices)], values[(index + 1) % len(vertices)]
        if vp >= 0:
            positive.append(p)
        if vp <= 0:
            negative.append(p)
        if vp * vq < 0:
            t = vp / (vp - vq)
            crossing = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
            positive.append(crossing)
            negative.append(crossing)
    return [positive, negative]


def _compose_layer(weight: RationalMatrix, bias: RationalVector, inputs: Sequence[PlaneAffine]
                   ) -> list[PlaneAffine]:
    """Pre-activations of a layer as affine functions of the two network inputs."""
    return [(sum((w * a[0] for w, a in zip(row, inputs, strict=True)), _ZERO),
             sum((w * a[1] for w, a in zip(row, inputs, strict=True)), _ZERO),
             sum((w * a[2] for w, a in zip(row, inputs, strict=True)), b))
            for row, b in zip(weight, bias, strict=True)]


@dataclass
class _Cell:
    vertices: list[Point]
    outputs: list[PlaneAffine]  # the previous layer's outputs on this cell
    pattern: tuple[tuple[bool, ...], ...]


def _refine_by_layer(cell: _Cell, weight: RationalMatrix, bias: RationalVector) -> list[_Cell]:
    """Split a cell along every neuron's zero line, then record patterns and apply ReLU."""
    pre = _compose_layer(weight, bias, cell.outputs)
    polygons = [cell.vertices]
    for line in pre:
        polygons = [part for polygon in polygons for part in _split_polygon(polygon, line)]
    cells = []
    for polygon in polygons:
        centre = _vertex_centroid(polygon)
        active = tuple(_evaluate(line, centre) > 0 for line in pre)
        zero = (_ZERO, _ZERO, _ZERO)
        outputs = [line if on else zero for line, on in zip(pre, active, strict=True)]
        cells.append(_Cell(polygon, outputs, cell.pattern + (active,)))
    return cells


def linear_regions_2d(net: ExactNetwork, box: tuple[object, object, object, object]
                      ) -> list[Region]:
    """The activation regions of a 2-input network inside ``box = (x_lo, x_hi, y_lo, y_hi)``."""
    if net.widths[0] != 2:
        raise ValueError(f"linear_regions_2d needs input dimension 2, got {net.widths[0]}")
    x_lo, x_hi, y_lo, y_hi = (as_fraction(v) for v in box)
    if not (x_lo < x_hi and y_lo < y_hi):
        raise ValueError(f"degenerate box {box}")
    one, zero = Fraction(1), Fraction(0)
    square = [(x_lo, y_lo), (x_hi, y_lo), (x_hi, y_hi), (x_lo, y_hi)]
    cells = [_Cell(square, [(one, zero, zero), (zero, one, zero)], ())]
    for weight, bias in net.layers[:-1]:
        cells = [part for cell in cells for part in _refine_by_layer(cell, weight, bias)]
    return [Region(tuple(cell.vertices), cell.pattern) for cell in cells]


def region_count_2d(net: ExactNetwork, box: tuple[object, object, object, object]) -> int:
    """Number of activation regions of a 2-input network inside ``box``."""
    return len(linear_regions_2d(net, box))


def _describe_network(net: ExactNetwork, limit: int = 60) -> str:
    """A network by its architecture, with its weights when it has at most ``limit`` numbers."""
    numbers = sum(len(b) * (len(w[0]) + 1) for w, b in net.layers)
    text = f"network {net.widths}"
    if numbers <= limit:
        text += ": " + "; ".join(
            f"W{i + 1}={[[str(v) for v in row] for row in w]} "
            f"b{i + 1}={[str(v) for v in b]}" for i, (w, b) in enumerate(net.layers))
    return text


register_codec(
    ExactNetwork, "exact_network",
    encode=lambda net, enc: [[[[enc.encode(v) for v in row] for row in w],
                              [enc.encode(v) for v in b]] for w, b in net.layers],
    decode=lambda body, dec: ExactNetwork.from_lists(
        [(dec.decode(w), dec.decode(b)) for w, b in body]),
    describe=_describe_network,
)
