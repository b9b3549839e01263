"""Exact region counts of affine hyperplane arrangements in R^d, without a bounding box.

The activation regions of one hidden layer of ReLU neurons on R^d are the regions of the
arrangement of the neurons' zero hyperplanes (survey §3.2–3.3; Zaslavsky 1975, Buck 1943).
They are counted here by deletion–restriction, r(A) = r(A \\ {H}) + r(A^H), where A^H is the
arrangement that the other hyperplanes cut out on H ≅ R^(d−1): every region of A \\ {H} that H
meets is split in two, and those regions correspond one-to-one to the regions of A^H. The
recursion runs in exact rationals on all of R^d (no box that could miss a region), and
parallel, coincident and concurrent hyperplanes are handled exactly (coincident ones merged,
restrictions that miss H dropped).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from verify.arith.convert import as_fraction
from verify.domain.networks.exact import ExactNetwork

__all__ = ["Hyperplane", "arrangement_regions", "hyperplane", "one_layer_hyperplanes",
           "one_layer_regions", "restrict"]

Hyperplane = tuple[tuple[Fraction, ...], Fraction]
"""``(a, b)``: the hyperplane {x : a·x + b = 0}, normalised so that a's first nonzero is 1."""


def hyperplane(normal: Sequence[object], offset: object) -> Hyperplane | None:
    """The normalised hyperplane a·x + b = 0, or None when a = 0 (no hyperplane)."""
    a = tuple(as_fraction(v) for v in normal)
    b = as_fraction(offset)
    pivot = next((v for v in a if v), None)
    if pivot is None:
        return None
    return tuple(v / pivot for v in a), b / pivot


def _distinct(planes: Iterable[Hyperplane | None]) -> list[Hyperplane]:
    """The distinct hyperplanes, first occurrence first (normalisation makes equal ones equal)."""
    return list(dict.fromkeys(p for p in planes if p is not None))


def restrict(onto: Hyperplane, other: Hyperplane) -> Hyperplane | None:
    """``other ∩ onto`` as a hyperplane of ``onto`` ≅ R^(d−1) (the pivot coordinate of ``onto``
    eliminated), or None when ``other`` is parallel to ``onto`` (they do not meet or coincide)."""
    a, b = onto
    c, e = other
    p = a.index(Fraction(1))  # the pivot: a_p = 1 after normalisation
    # On onto: x_p = −(b + Σ_{i≠p} a_i x_i); substitute into c·x + e.
    normal = [c[i] - c[p] * a[i] for i in range(len(a)) if i != p]
    return hyperplane(normal, e - c[p] * b)


def arrangement_regions(planes: Sequence[Hyperplane | None], dim: int) -> int:
    """Number of regions (connected components of the complement) of the arrangement in R^dim.

    ``None`` entries (constant neurons) and repeated hyperplanes are ignored.
    """
    distinct = _distinct(planes)
    if not distinct:
        return 1
    if any(len(a) != dim for a, _ in distinct):
        raise ValueError(f"hyperplanes of R^{dim} need {dim} coefficients")
    head, rest = distinct[0], distinct[1:]
    return arrangement_regions(rest, dim) + arrangement_regions(
        [restrict(head, other) for other in rest], dim - 1)


def one_layer_hyperplanes(net: ExactNetwork) -> list[Hyperplane | None]:
    """The zero hyperplanes w_i·x + b_i = 0 of the first layer's neurons (None if w_i = 0)."""
    weight, bias = net.layers[0]
    return [hyperplane(row, b) for row, b in zip(weight, bias, strict=True)]


def one_layer_regions(net: ExactNetwork) -> int:
    """The activation regions on all of R^d of a network with one hidden layer, exactly.

    Two points share an activation pattern iff no neuron's zero hyperplane separates them, so
    the regions are those of the hyperplane arrangement.
    """
    if len(net.layers) != 2:
        raise ValueError(f"one hidden layer expected, got {len(net.layers) - 1}")
    return arrangement_regions(one_layer_hyperplanes(net), net.widths[0])
