"""Maurey's empirical method in exact arithmetic (Pisier 1981; Barron 1993, Lemma 1).

A finite probability μ on rational vectors of R^m (a Hilbert space with the Euclidean inner
product) has mean f; for g_1..g_n i.i.d. from μ,
E‖f − (1/n) Σ g_i‖² = (E‖g‖² − ‖f‖²)/n ≤ (B² − ‖f‖²)/n when ‖g‖ ≤ B. Everything here is exact
(Fractions): the expectation is a sum over all n-tuples of atoms, weighted by their probability.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from verify.arith.types import RationalVector

__all__ = ["FiniteLaw", "best_draw_error", "expected_squared_error", "maurey_variance"]

MAX_TUPLES = 1 << 16
"""Largest number of n-tuples a full enumeration may visit."""


def _norm2(v: Sequence[Fraction]) -> Fraction:
    return sum((c * c for c in v), Fraction(0))


@dataclass(frozen=True)
class FiniteLaw:
    """A probability on finitely many rational vectors (atoms with positive weights)."""

    atoms: tuple[RationalVector, ...]
    probs: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        if not self.atoms or len(self.atoms) != len(self.probs):
            raise ValueError("need one probability per atom and at least one atom")
        if len({len(a) for a in self.atoms}) != 1:
            raise ValueError("all atoms must have the same dimension")
        if any(p <= 0 for p in self.probs) or sum(self.probs) != 1:
            raise ValueError("probabilities must be positive and sum to 1")

    @classmethod
    def from_weights(cls, atoms: Sequence[Sequence[Fraction | int]],
                     weights: Sequence[int | Fraction]) -> FiniteLaw:
        """Atoms with probabilities proportional to positive ``weights``."""
        total = sum(Fraction(w) for w in weights)
        return cls(tuple(tuple(Fraction(c) for c in a) for a in atoms),
                   tuple(Fraction(w) / total for w in weights))

    @property
    def dim(self) -> int:
        return len(self.atoms[0])

    @property
    def mean(self) -> RationalVector:
        """f = E g."""
        return tuple(sum((p * a[i] for a, p in zip(self.atoms, self.probs, strict=True)),
                         Fraction(0)) for i in range(self.dim))

    @property
    def second_moment(self) -> Fraction:
        """E‖g‖²."""
        return sum((p * _norm2(a) for a, p in zip(self.atoms, self.probs, strict=True)),
                   Fraction(0))

    @property
    def mean_norm2(self) -> Fraction:
        """‖f‖²."""
        return _norm2(self.mean)

    @property
    def max_norm2(self) -> Fraction:
        """max ‖g‖² over the atoms: the smallest B² with ‖g‖ ≤ B almost surely."""
        return max(_norm2(a) for a in self.atoms)


def maurey_variance(law: FiniteLaw, n: int) -> Fraction:
    """(E‖g‖² − ‖f‖²)/n, the right-hand side of Maurey's identity."""
    return (law.second_moment - law.mean_norm2) / n


def _tuples(law: FiniteLaw, n: int) -> int:
    count = len(law.atoms) ** n
    if count > MAX_TUPLES:
        raise ValueError(f"{len(law.atoms)}^{n} = {count} tuples exceed the enumeration cap "
                         f"{MAX_TUPLES}")
    return count


def expected_squared_error(law: FiniteLaw, n: int) -> Fraction:
    """E‖f − (1/n) Σ g_i‖² exactly, by enumerating all |atoms|^n ordered n-tuples."""
    _tuples(law, n)
    f = law.mean
    total = Fraction(0)
    for draw in itertools.product(range(len(law.atoms)), repeat=n):
        prob = math.prod((law.probs[i] for i in draw), start=Fraction(1))
        avg = [sum((law.atoms[i][c] for i in draw), Fraction(0)) / n for c in range(law.dim)]
        total += prob * _norm2([fc - ac for fc, ac in zip(f, avg, strict=True)])
    return total


def best_draw_error(law: FiniteLaw, n: int) -> Fraction:
    """min over n-tuples of atoms of ‖f − (1/n) Σ g_i‖² (the draw the lemma says exists)."""
    _tuples(law, n)
    f = law.mean
    best: Fraction | None = None
    for draw in itertools.combinations_with_replacement(range(len(law.atoms)), n):
        avg = [sum((law.atoms[i][c] for i in draw), Fraction(0)) / n for c in range(law.dim)]
        err = _norm2([fc - ac for fc, ac in zip(f, avg, strict=True)])
        if best is None or err < best:
            best = err
    assert best is not None
    return best
