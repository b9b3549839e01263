"""Exact spark and mutual coherence of small dictionaries (Donoho & Elad 2003).

Dictionaries are sympy matrices with exact entries (rationals, algebraic numbers). The
unitary DFT is handled in the cyclotomic field Q(ζ_m), m a power of two, where
{1, ζ, …, ζ^(m/2−1)} is a Q-basis (ζ^(m/2) = −1): Gram entries get a canonical exact form.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import sympy

from verify.arith.types import RationalList


def spark(D: sympy.Matrix) -> int | sympy.Expr:
    """The least number of linearly dependent columns (exhaustive, exact ranks); the exact
    infinity ``sympy.oo`` if none (exact, so a judge compares it instead of giving up)."""
    m = D.shape[1]
    for k in range(1, m + 1):
        for cols in itertools.combinations(range(m), k):
            if D[:, list(cols)].rank(simplify=True) < k:
                return k
    return sympy.oo


def sparsest_null_vector(D: sympy.Matrix) -> sympy.Matrix:
    """A nonzero null vector of D with the fewest nonzeros (its support size is spark(D))."""
    m = D.shape[1]
    for k in range(1, m + 1):
        for cols in itertools.combinations(range(m), k):
            null = D[:, list(cols)].nullspace(simplify=True)
            if null:
                z = sympy.zeros(m, 1)
                for i, c in enumerate(cols):
                    z[c] = sympy.simplify(null[0][i])  # exact; nsimplify could change it
                return z
    raise ValueError("the columns are independent")


def mutual_coherence(D: sympy.Matrix) -> sympy.Expr:
    """max_{i≠j} |<d_i, d_j>| for unit-norm columns (checked), exactly."""
    G = (D.H * D).applyfunc(sympy.simplify)
    for i in range(G.shape[0]):
        if sympy.simplify(G[i, i] - 1) != 0:
            raise ValueError(f"column {i} is not unit-norm: |d|² = {G[i, i]}")
    values = {sympy.nsimplify(sympy.simplify(abs(G[i, j])))
              for i in range(G.shape[0]) for j in range(i + 1, G.shape[0])}
    return max(values, key=lambda v: (sympy.N(v, 50), str(v)))


def support_size(x) -> int:
    return sum(1 for v in x if v != 0)


class RootDictionary:
    """A dictionary whose entries are c·ζ^e (c rational, ζ = exp(−2πi/m), m a power of two)."""

    def __init__(self, m: int, entries: list[list[tuple[Fraction, int]]]) -> None:
        if m < 2 or m & (m - 1):
            raise ValueError("m must be a power of two")
        self.m, self.entries = m, entries
        self.rows, self.cols = len(entries), len(entries[0])

    @classmethod
    def identity_fourier(cls, n: int) -> RootDictionary:
        """[I, F] with F_jk = ζ^(jk)/√n, n a perfect square power of two (√n rational)."""
        r = int(round(n ** 0.5))
        if r * r != n:
            raise ValueError("n must be a perfect square so that 1/√n is rational")
        rows = [[(Fraction(int(i == j)), 0) for j in range(n)]
                + [(Fraction(1, r), (i * k) % n) for k in range(n)] for i in range(n)]
        return cls(n, rows)

    def _canonical(self, terms: dict[int, Fraction]) -> tuple[Fraction, ...]:
        half = self.m // 2
        out = [Fraction(0)] * half
        for e, c in terms.items():
            e %= self.m
            out[e % half] += -c if e >= half else c
        return tuple(out)

    def inner(self, i: int, j: int) -> tuple[Fraction, ...]:
        """<d_i, d_j> = Σ_r conj(D_ri) D_rj in the basis 1, ζ, …, ζ^(m/2−1)."""
        terms: dict[int, Fraction] = {}
        for r in range(self.rows):
            (ci, ei), (cj, ej) = self.entries[r][i], self.entries[r][j]
            if ci and cj:
                terms[ej - ei] = terms.get(ej - ei, Fraction(0)) + ci * cj
        return self._canonical(terms)

    def abs_squared(self, z: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
        """z·conj(z), exactly, in the same basis."""
        terms: dict[int, Fraction] = {}
        for a, ca in enumerate(z):
            for b, cb in enumerate(z):
                if ca and cb:
                    terms[a - b] = terms.get(a - b, Fraction(0)) + ca * cb
        return self._canonical(terms)

    def coherence_squared(self) -> Fraction:
        """μ² exactly; raises if some |<d_i, d_j>|² is irrational (not handled here)."""
        worst = Fraction(0)
        for i in range(self.cols):
            norm = self.inner(i, i)
            if norm != (Fraction(1),) + (Fraction(0),) * (self.m // 2 - 1):
                raise ValueError(f"column {i} is not unit-norm")
            for j in range(i + 1, self.cols):
                a2 = self.abs_squared(self.inner(i, j))
                if any(a2[1:]):
                    raise ValueError("an irrational |<d_i, d_j>|²: not handled")
                worst = max(worst, a2[0])
        return worst

    def apply(self, x: dict[int, Fraction]) -> list[tuple[Fraction, ...]]:
        """D x for a sparse rational x (column → value), exactly."""
        return [self._sum_row(r, x) for r in range(self.rows)]

    def _sum_row(self, r: int, x: dict[int, Fraction]) -> tuple[Fraction, ...]:
        terms: dict[int, Fraction] = {}
        for c, v in x.items():
            coef, e = self.entries[r][c]
            if coef:
                terms[e] = terms.get(e, Fraction(0)) + coef * v
        return self._canonical(terms)


def rational_unit_vector(t: RationalList) -> RationalList:
    """The inverse stereographic image of t ∈ Q^(d−1): an exactly unit rational vector in Q^d."""
    s = sum((v * v for v in t), Fraction(0))
    return [2 * v / (s + 1) for v in t] + [(s - 1) / (s + 1)]


# -- thresholding (Donoho–Elad; Papyan, Romano, Elad 2017), exact over the rationals ---------------
Columns = list[RationalList]
"""A dictionary given by its columns d_1..d_m, each a list of rationals."""


def correlate(columns: Columns, y: RationalList) -> RationalList:
    """Dᵀy exactly: the correlations <d_j, y>."""
    return [sum((a * b for a, b in zip(col, y, strict=True) if a and b), Fraction(0))
            for col in columns]


def synthesize(columns: Columns, coefficients: dict[int, Fraction]) -> RationalList:
    """D Γ exactly, for a sparse Γ (column index → value)."""
    out = [Fraction(0)] * len(columns[0])
    for j, v in coefficients.items():
        for r, a in enumerate(columns[j]):
            if a:
                out[r] += a * v
    return out


def gram(columns: Columns) -> list[RationalList]:
    """DᵀD exactly."""
    return [correlate(columns, col) for col in columns]


def gram_apply(G: list[RationalList], coefficients: dict[int, Fraction]) -> RationalList:
    """G Γ = Dᵀ(DΓ) for G = DᵀD: the correlations of the signal DΓ, without D itself."""
    return [sum((row[j] * v for j, v in coefficients.items()), Fraction(0)) for row in G]


def is_unit_gram(G: list[RationalList]) -> bool:
    """True when G is symmetric, has unit diagonal and is PSD (exact LDLᵀ): the Gram matrix of
    unit-norm columns of some real dictionary."""
    m = len(G)
    if any(G[i][i] != 1 for i in range(m)) or any(G[i][j] != G[j][i]
                                                 for i in range(m) for j in range(i)):
        return False
    A = [list(row) for row in G]
    for p in range(m):
        pivot = A[p][p]
        if pivot < 0:
            return False
        if pivot == 0:
            if any(A[p][j] != 0 for j in range(p + 1, m)):
                return False
            continue
        for i in range(p + 1, m):
            f = A[i][p] / pivot
            if f:
                for j in range(p + 1, m):
                    A[i][j] -= f * A[p][j]
    return True


def gram_coherence(G: list[RationalList]) -> Fraction:
    """μ = max_{i≠j} |G_ij| for a unit-diagonal Gram matrix (0 for a single atom)."""
    return max((abs(G[i][j]) for i in range(len(G)) for j in range(i)), default=Fraction(0))


def hard_threshold(v: RationalList, k: int) -> dict[int, Fraction]:
    """H_k(v): the k entries of largest magnitude (ties broken by the lower index), rest zero."""
    order = sorted(range(len(v)), key=lambda i: (-abs(v[i]), i))
    return {i: v[i] for i in order[:k]}


def recovery_gap(correlations: RationalList, support: set[int]) -> Fraction:
    """min_{i∈S} |c_i| − max_{j∉S} |c_j|: thresholding at |S| returns exactly S iff it is > 0
    (= 0 is a tie, decided only by the tie-break)."""
    inside = min(abs(correlations[i]) for i in support)
    outside = max((abs(c) for j, c in enumerate(correlations) if j not in support),
                  default=Fraction(0))
    return inside - outside


def layered_thresholding(first: RationalList, dictionaries: list[Columns], sparsities: list[int]
                         ) -> list[dict[int, Fraction]]:
    """Layered hard thresholding (Papyan–Romano–Elad 2017): Γ̂_1 = H_{k_1}(D_1ᵀx),
    Γ̂_i = H_{k_i}(D_iᵀ Γ̂_{i−1}); ``first`` is D_1ᵀx, ``dictionaries`` are D_2, D_3, …"""
    estimates = [hard_threshold(first, sparsities[0])]
    for D, k in zip(dictionaries, sparsities[1:], strict=True):
        prev = estimates[-1]
        dense = [prev.get(i, Fraction(0)) for i in range(len(D[0]))]
        estimates.append(hard_threshold(correlate(D, dense), k))
    return estimates


def sylvester_hadamard(n: int) -> list[list[int]]:
    """The n×n Sylvester Hadamard matrix (entries ±1), n a power of two."""
    H = [[1]]
    while len(H) < n:
        H = [row + row for row in H] + [row + [-v for v in row] for row in H]
    if len(H) != n:
        raise ValueError("n must be a power of two")
    return H


def identity_hadamard(n: int) -> Columns:
    """[I, H/√n] for n a power of four (√n rational): two orthonormal bases, μ = 1/√n."""
    r = int(round(n ** 0.5))
    if r * r != n:
        raise ValueError("n must be a perfect square")
    H = sylvester_hadamard(n)
    eye = [[Fraction(int(i == j)) for i in range(n)] for j in range(n)]
    return eye + [[Fraction(H[i][j], r) for i in range(n)] for j in range(n)]


def equiangular_gram(m: int, eps: Fraction) -> list[RationalList]:
    """G = (1 + ε)I − ε11ᵀ: m unit atoms with all <d_i, d_j> = −ε (PSD iff ε ≤ 1/(m−1);
    ε = 1/(m−1) is the regular simplex in R^(m−1))."""
    return [[Fraction(1) if i == j else -eps for j in range(m)] for i in range(m)]
