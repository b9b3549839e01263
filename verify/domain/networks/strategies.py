"""Hypothesis strategies for theorem instances: architectures, exact networks, dyadic points.

Everything random is drawn through hypothesis, so a failing instance replays from its seed and
shrinks (small widths, small integer weights) before it is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from hypothesis import strategies as st

from verify.domain.networks.exact import ExactNetwork


def dyadic(lo: int | Fraction, hi: int | Fraction, bits: int) -> st.SearchStrategy[Fraction]:
    """Rationals k/2^bits in [lo, hi]: exactly representable in float and in arb."""
    scale = 2**bits
    low, high = int(Fraction(lo) * scale), int(Fraction(hi) * scale)
    return st.integers(low, high).map(lambda k: Fraction(k, scale))


def hidden_widths(depth: tuple[int, int], width: tuple[int, int]
                  ) -> st.SearchStrategy[tuple[int, ...]]:
    """Hidden widths (n_1, ..., n_L) with L and every n_l in the given inclusive ranges."""
    return st.integers(*depth).flatmap(
        lambda L: st.tuples(*(st.integers(*width) for _ in range(L))))


def exact_networks(widths: Sequence[int], weights: st.SearchStrategy[Fraction] | None = None,
                   biases: st.SearchStrategy[Fraction] | None = None
                   ) -> st.SearchStrategy[ExactNetwork]:
    """Networks of architecture ``widths = (N_0, ..., N_L)`` with weights drawn exactly.

    By default weights and biases are dyadic rationals in [-2, 2] with 4 bits after the point;
    hypothesis shrinks them toward 0.
    """
    weights = weights if weights is not None else dyadic(-2, 2, 4)
    biases = biases if biases is not None else weights

    def layer(n_in: int, n_out: int) -> st.SearchStrategy:
        return st.tuples(
            st.tuples(*(st.tuples(*(weights for _ in range(n_in))) for _ in range(n_out))),
            st.tuples(*(biases for _ in range(n_out))),
        )

    layers = [layer(a, b) for a, b in zip(widths, widths[1:], strict=False)]
    return st.tuples(*layers).map(ExactNetwork.from_lists)


def seeds() -> st.SearchStrategy[int]:
    """A seed for a torch generator (drawn by hypothesis so that it replays)."""
    return st.integers(0, 2**31 - 1)
