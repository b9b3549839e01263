"""Exact dichotomy counting for halfspaces: Cover's function counting theorem, checked.

A dichotomy of points x_1..x_m is a labeling realized by a *strict* separation: a homogeneous
one by w with sign(wᵀx_i) = label_i, an affine one by (w, b) with sign(wᵀx_i + b) = label_i
(Cover 1965, "Geometrical and statistical properties of systems of linear inequalities").
Separability is decided by an exact simplex in rationals on Gordan's alternative, and every
answer carries a certificate that is verified exactly before it is returned: a separating
vector, or weights λ ≥ 0, Σλ = 1 with Σ λ_i a_i = 0 (then no strict separation exists).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from itertools import combinations
from math import comb

import flint
import sympy

from verify.arith.convert import as_fraction, to_fmpq
from verify.arith.types import RationalVector

Labels = tuple[bool, ...]
_ZERO = Fraction(0)
_ONE = Fraction(1)

__all__ = [
    "SauerShelah", "count_dichotomies", "count_dichotomies_brute", "cover_count", "dichotomies",
    "gordan_certificate", "in_affine_general_position", "in_general_position",
    "largest_shattered", "rank", "sauer_shelah", "separate", "strictly_separable",
]


# ---------------------------------------------------------------------------------------------
# Counting functions
# ---------------------------------------------------------------------------------------------


def cover_count(m: int, d: int) -> int:
    """Cover's C(m, d) = 2 Σ_{i=0}^{d-1} binom(m-1, i): homogeneous dichotomies of m points in
    general position in R^d (Cover 1965, Thm 1). C(0, d) = 1 (the empty labeling)."""
    if m == 0:
        return 1
    return 2 * sum(comb(m - 1, i) for i in range(max(d, 0)))


def sauer_shelah(m: int, vc: int) -> int:
    """Σ_{i=0}^{vc} binom(m, i): the Sauer–Shelah bound on the growth function Π(m)."""
    return sum(comb(m, i) for i in range(0, min(m, vc) + 1)) if vc >= 0 else 0


class SauerShelah(sympy.Function):
    """Σ_{i=0}^{⌊V⌋} binom(m, i) as a sympy function: evaluates exactly once m is an integer
    and V a real number (⌊V⌋ decided by sympy's exact floor, so V may be transcendental)."""

    nargs = 2

    @classmethod
    def eval(cls, m, vc):  # type: ignore[override]
        if m.is_Integer and vc.is_number and vc.is_real:
            return sympy.Integer(sauer_shelah(int(m), int(sympy.floor(vc))))
        return None

    def _latex(self, printer):  # noqa: ANN001
        m, vc = (printer._print(a) for a in self.args)
        return rf"\sum_{{i=0}}^{{\lfloor {vc} \rfloor}} \binom{{{m}}}{{i}}"


# ---------------------------------------------------------------------------------------------
# General position (exact)
# ---------------------------------------------------------------------------------------------


def _vectors(points: Iterable[Sequence[object]]) -> list[RationalVector]:
    out = [tuple(as_fraction(v) for v in p) for p in points]
    if len({len(v) for v in out}) > 1:
        raise ValueError("all points must have the same dimension")
    return out


def _lift(points: Sequence[RationalVector]) -> list[RationalVector]:
    """(x, 1): affine halfspaces in R^d are homogeneous ones in R^{d+1}."""
    return [(*p, _ONE) for p in points]


def _matrix(vectors: Sequence[RationalVector]) -> flint.fmpq_mat:
    return flint.fmpq_mat(len(vectors), len(vectors[0]),
                          [to_fmpq(v) for row in vectors for v in row])


def rank(vectors: Sequence[Sequence[object]]) -> int:
    """Exact rank of a list of rational vectors."""
    rows = _vectors(vectors)
    if not rows or not rows[0]:
        return 0
    return int(_matrix(rows).rank())


def in_general_position(vectors: Sequence[Sequence[object]]) -> bool:
    """Every subset of at most D vectors of R^D is linearly independent (Cover's condition for
    homogeneous dichotomies); it suffices to check the subsets of size min(m, D)."""
    rows = _vectors(vectors)
    if not rows:
        return True
    size = min(len(rows), len(rows[0]))
    return all(rank(subset) == size for subset in combinations(rows, size))


def in_affine_general_position(points: Sequence[Sequence[object]]) -> bool:
    """Every subset of at most d + 1 points of R^d is affinely independent."""
    return in_general_position(_lift(_vectors(points)))


# ---------------------------------------------------------------------------------------------
# Exact strict separability: Gordan's alternative by a phase-one simplex
# ---------------------------------------------------------------------------------------------


def _dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    return sum((x * y for x, y in zip(a, b, strict=True)), _ZERO)


def _phase_one(columns: Sequence[RationalVector], rhs: RationalVector
               ) -> tuple[Fraction, list[Fraction], list[Fraction]]:
    """min Σ r over {λ ≥ 0, r ≥ 0: Σ_j λ_j columns_j + r = rhs}, rhs ≥ 0, by the simplex method
    with Bland's rule (which cannot cycle), in python-flint rationals (``fmpq``, exact).
    Returns (optimum, λ, π) with π the optimal dual vector."""
    rows, cols = len(rhs), len(columns)
    width = cols + rows
    zero, one = flint.fmpq(0), flint.fmpq(1)

    # row i: [λ_1..λ_k, r_0..r_{rows-1} | rhs_i]; the last row holds the reduced costs
    # c_j - c_B B^{-1} A_j and minus the objective value.
    tab = [[to_fmpq(columns[j][i]) for j in range(cols)]
           + [one if c == i else zero for c in range(rows)] + [to_fmpq(rhs[i])]
           for i in range(rows)]
    objective = [-sum((tab[i][j] for i in range(rows)), zero) for j in range(cols)]
    objective += [zero] * rows + [-sum((tab[i][-1] for i in range(rows)), zero)]
    tab.append(objective)
    basis = [cols + i for i in range(rows)]
    while True:
        entering = next((j for j in range(width) if tab[rows][j] < 0), None)
        if entering is None:
            break
        best: tuple[flint.fmpq, int, int] | None = None
        for i in range(rows):
            if tab[i][entering] > 0:
                ratio = tab[i][-1] / tab[i][entering]
                if best is None or (ratio, basis[i]) < (best[0], best[1]):
                    best = (ratio, basis[i], i)
        if best is None:  # unbounded below: impossible for a sum of non-negative variables
            raise ArithmeticError("phase-one simplex is unbounded")
        r = best[2]
        pivot = tab[r][entering]
        tab[r] = [v / pivot for v in tab[r]]
        for i in range(rows + 1):
            factor = tab[i][entering]
            if i != r and factor != 0:
                tab[i] = [v - factor * p for v, p in zip(tab[i], tab[r], strict=True)]
        basis[r] = entering

    solution = [_ZERO] * width
    for i, b in enumerate(basis):
        solution[b] = as_fraction(tab[i][-1])
    # π_i = c_{r_i} - (reduced cost of the artificial column r_i, which is e_i in A)
    duals = [_ONE - as_fraction(tab[rows][cols + i]) for i in range(rows)]
    return -as_fraction(tab[rows][-1]), solution[:cols], duals


def separate(vectors: Sequence[Sequence[object]]
             ) -> tuple[RationalVector | None, RationalVector | None]:
    """Decide whether some w has aᵀw > 0 for every given a, exactly.

    Returns ``(w, None)`` with every aᵀw > 0, or ``(None, λ)`` with λ ≥ 0, Σλ = 1 and
    Σ λ_i a_i = 0 (Gordan's alternative: then no such w exists). Both certificates are
    verified in exact arithmetic before they are returned.
    """
    rows = _vectors(vectors)
    if not rows:
        return (), None
    dim = len(rows[0])
    columns = [(*a, _ONE) for a in rows]
    value, lam, duals = _phase_one(columns, (*([_ZERO] * dim), _ONE))
    if value == 0:
        certificate = tuple(lam)
        if not (all(v >= 0 for v in certificate) and sum(certificate) == 1
                and all(_dot(certificate, [a[k] for a in rows]) == 0 for k in range(dim))):
            raise ArithmeticError("simplex returned an invalid Gordan certificate")
        return None, certificate
    w = tuple(-p for p in duals[:dim])
    if not all(_dot(a, w) > 0 for a in rows):
        raise ArithmeticError("simplex returned an invalid separating vector")
    return w, None


def gordan_certificate(vectors: Sequence[Sequence[object]]) -> RationalVector | None:
    """λ ≥ 0, Σλ = 1, Σ λ_i a_i = 0 when no w has every aᵀw > 0; None when one does."""
    return separate(vectors)[1]


def _signed(vectors: Sequence[RationalVector], labels: Sequence[bool]) -> list[RationalVector]:
    return [a if positive else tuple(-v for v in a) for a, positive in
            zip(vectors, labels, strict=True)]


def strictly_separable(points: Sequence[Sequence[object]], labels: Sequence[bool],
                       affine: bool = False) -> bool:
    """True when a homogeneous (or, with ``affine``, an affine) halfspace has every point with
    label True strictly inside and every other point strictly outside."""
    vectors = _vectors(points)
    if affine:
        vectors = _lift(vectors)
    return separate(_signed(vectors, labels))[0] is not None


# ---------------------------------------------------------------------------------------------
# Enumeration of dichotomies
# ---------------------------------------------------------------------------------------------


def dichotomies(points: Sequence[Sequence[object]], affine: bool = False
                ) -> dict[Labels, RationalVector]:
    """Every dichotomy realized by (homogeneous or affine) halfspaces, with a witness vector
    ((w, b) in the affine case) whose signs on the points are exactly the labels.

    Incremental: a dichotomy of x_1..x_{k+1} restricts to one of x_1..x_k, so each realized
    labeling of the first k points is extended by the side its witness puts x_{k+1} on (free)
    and, after an exact separability test, by the other side. Labelings come in pairs ±, so
    x_1 is fixed to True and the negations are added at the end.
    """
    vectors = _vectors(points)
    if affine:
        vectors = _lift(vectors)
    if not vectors:
        return {(): ()}
    first = vectors[0]
    if not any(first):  # the zero vector is on no side: nothing is strictly separable
        return {}
    level: dict[Labels, RationalVector] = {(True,): first}
    for k in range(1, len(vectors)):
        point = vectors[k]
        grown: dict[Labels, RationalVector] = {}
        for labels, w in level.items():
            side = _dot(w, point)
            if side != 0:
                grown[labels + (side > 0,)] = w
            for label in ((side < 0,) if side != 0 else (True, False)):
                new = labels + (label,)
                witness, _ = separate(_signed(vectors[:k + 1], new))
                if witness is not None:
                    grown[new] = witness
        level = grown
    out = dict(level)
    for labels, w in level.items():
        out[tuple(not v for v in labels)] = tuple(-v for v in w)
    return out


def count_dichotomies(points: Sequence[Sequence[object]], affine: bool = False) -> int:
    """The number of dichotomies of the points realized by (homogeneous or affine) halfspaces."""
    return len(dichotomies(points, affine))


def count_dichotomies_brute(points: Sequence[Sequence[object]], affine: bool = False) -> int:
    """The same count by one exact separability test per labeling (2^m tests; for tests)."""
    vectors = _vectors(points)
    if affine:
        vectors = _lift(vectors)
    total = 0
    for mask in range(2 ** len(vectors)):
        labels = [bool(mask >> i & 1) for i in range(len(vectors))]
        total += separate(_signed(vectors, labels))[0] is not None
    return total


def largest_shattered(labelings: Iterable[Labels], m: int) -> int:
    """The size of the largest subset of {0..m-1} on which ``labelings`` realize all patterns."""
    patterns = set(labelings)
    best = 0
    for size in range(1, m + 1):
        if not any(len({tuple(p[i] for i in subset) for p in patterns}) == 2**size
                   for subset in combinations(range(m), size)):
            break  # a subset of a shattered set is shattered: sizes above fail too
        best = size
    return best
