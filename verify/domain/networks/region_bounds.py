"""Region-count bounds as sympy functions, so that statements print and evaluate exactly."""

from __future__ import annotations

from math import comb, prod

import sympy


def serra_bound_value(n0: int, widths: tuple[int, ...]) -> int:
    """Σ_{(j_1..j_L) ∈ J} Π_l C(n_l, j_l), J = {0 ≤ j_l ≤ min(n_0, n_1 − j_1, …, n_{l−1} − j_{l−1},
    n_l)} (Serra, Tjandraatmadja, Ramalingam 2018, Thm 1; read in their ICLR-2018 draft)."""

    def count(level: int, cap: int) -> int:
        if level == len(widths):
            return 1
        n = widths[level]
        total = 0
        for j in range(0, min(cap, n) + 1):
            total += comb(n, j) * count(level + 1, min(cap, n - j))
        return total

    return count(0, n0)


def montufar_bound_value(n0: int, widths: tuple[int, ...]) -> int:
    """(Π_{l<L} ⌊n_l/n_0⌋^{n_0}) · Σ_{j ≤ n_0} C(n_L, j) (Montúfar et al. 2014, lower bound)."""
    return prod((n // n0) ** n0 for n in widths[:-1]) * sum(comb(widths[-1], j)
                                                              for j in range(n0 + 1))


class _RegionBound(sympy.Function):
    """Evaluates once both arguments are numbers (an integer and a tuple of widths)."""

    nargs = 2
    _value = staticmethod(serra_bound_value)
    _latex_name = ""

    @classmethod
    def eval(cls, n0, widths):  # type: ignore[override]
        if n0.is_Integer and isinstance(widths, sympy.Tuple) and all(w.is_Integer for w in widths):
            return sympy.Integer(cls._value(int(n0), tuple(int(w) for w in widths)))
        return None

    def _latex(self, printer):  # noqa: ANN001
        n0, widths = (printer._print(a) for a in self.args)
        return rf"\operatorname{{{self._latex_name}}}\left({n0}; {widths}\right)"


class SerraBound(_RegionBound):
    """Serra et al. (2018), Thm 1: upper bound on the activation regions of a ReLU network."""

    _value = staticmethod(serra_bound_value)
    _latex_name = "Serra"


class MontufarBound(_RegionBound):
    """Montúfar et al. (2014): regions reached by the folding construction."""

    _value = staticmethod(montufar_bound_value)
    _latex_name = "Mont\\acute{u}far"
