"""Finite learning problems with exact risks: a distribution on a finite X × Y with rational
probabilities, losses, hypotheses (tables or exact networks), risks, Bayes risks, and exact
i.i.d. sampling.

The objects are those of the survey's §1.2 (risk R(f) = E[L(f, Z)], empirical risk R̂_s(f),
Bayes risk R*), made finite so that every risk is an exact rational.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from verify.arith.convert import as_fraction
from verify.core.codecs import register_codec
from verify.domain.networks.exact import ExactNetwork
from verify.domain.networks.strategies import seeds

Cell = tuple[Hashable, Any]
"""A point (x, y) of X × Y."""
Predictor = Callable[[Hashable], Fraction]

_INT64_SAFE = 2**62


# ---------------------------------------------------------------------------------------------
# Distributions
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FiniteDistribution:
    """A probability distribution on finitely many cells (x, y) with rational probabilities.

    Cells of probability zero are dropped; the probabilities sum to exactly 1.
    """

    cells: tuple[Cell, ...]
    probabilities: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.probabilities) or not self.cells:
            raise ValueError("a distribution needs one probability per cell, and a cell")
        if len(set(self.cells)) != len(self.cells):
            raise ValueError("cells of a distribution must be distinct")
        if any(p <= 0 for p in self.probabilities) or sum(self.probabilities) != 1:
            raise ValueError("probabilities must be positive and sum to 1")

    @classmethod
    def from_weights(cls, weights: Mapping[Cell, Any]) -> FiniteDistribution:
        """Normalize nonnegative rational weights (zero-weight cells are dropped)."""
        items = [(c, as_fraction(w)) for c, w in weights.items()]
        if any(w < 0 for _, w in items):
            raise ValueError("weights must be nonnegative")
        total = sum(w for _, w in items)
        if total <= 0:
            raise ValueError("at least one weight must be positive")
        kept = [(c, w / total) for c, w in items if w > 0]
        return cls(tuple(c for c, _ in kept), tuple(p for _, p in kept))

    @classmethod
    def uniform(cls, cells: Sequence[Cell]) -> FiniteDistribution:
        return cls(tuple(cells), tuple(Fraction(1, len(cells)) for _ in cells))

    def as_data(self) -> dict[Cell, Fraction]:
        """Plain mapping cell → probability (what an Instance stores; it saves and replays)."""
        return dict(zip(self.cells, self.probabilities, strict=True))

    @property
    def xs(self) -> tuple[Hashable, ...]:
        """The support of the marginal of X, in order of first appearance."""
        return tuple(dict.fromkeys(x for x, _ in self.cells))

    def marginal(self, x: Hashable) -> Fraction:
        return sum((p for (cx, _), p in zip(self.cells, self.probabilities, strict=True)
                    if cx == x), Fraction(0))

    def conditional(self, x: Hashable) -> dict[Any, Fraction]:
        """P(Y = y | X = x) for the labels y with positive probability."""
        px = self.marginal(x)
        return {y: p / px for (cx, y), p in zip(self.cells, self.probabilities, strict=True)
                if cx == x}

    def integer_weights(self) -> tuple[np.ndarray, int]:
        """(w, W) with integers w_c = P(c)·W and W the common denominator."""
        total = math.lcm(*(p.denominator for p in self.probabilities))
        weights = [int(p * total) for p in self.probabilities]
        return np.array(weights, dtype=object if total > _INT64_SAFE else np.int64), total

    def sample_indices(self, shape: int | tuple[int, ...], rng: np.random.Generator
                       ) -> np.ndarray:
        """I.i.d. cell indices drawn with exactly the distribution's probabilities.

        An integer uniform on {0, ..., W − 1} is mapped through the cumulative integer weights,
        so no probability is rounded (``rng`` comes from a hypothesis-drawn seed).
        """
        weights, total = self.integer_weights()
        if total > _INT64_SAFE:
            raise ValueError(f"common denominator {total} too large for exact sampling")
        uniform = rng.integers(0, total, size=shape, dtype=np.int64)
        return np.searchsorted(np.cumsum(weights.astype(np.int64)), uniform, side="right")

    def sample(self, m: int, rng: np.random.Generator) -> tuple[Cell, ...]:
        """An i.i.d. sample of size m."""
        return tuple(self.cells[i] for i in self.sample_indices(m, rng))


# ---------------------------------------------------------------------------------------------
# Losses and hypotheses
# ---------------------------------------------------------------------------------------------

def squared_loss(prediction: Any, label: Any) -> Fraction:
    return (as_fraction(prediction) - as_fraction(label)) ** 2


def absolute_loss(prediction: Any, label: Any) -> Fraction:
    return abs(as_fraction(prediction) - as_fraction(label))


def zero_one_loss(prediction: Any, label: Any) -> Fraction:
    return Fraction(int(prediction != label))


LOSSES: dict[str, Callable[[Any, Any], Fraction]] = {
    "squared": squared_loss, "absolute": absolute_loss, "zero_one": zero_one_loss,
}


def loss_function(name: str) -> Callable[[Any, Any], Fraction]:
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; use one of {', '.join(LOSSES)}") from None


def predictor(hypothesis: Any) -> Predictor:
    """A callable x ↦ f(x) from a table (mapping), an exact network (scalar or vector input) or
    a callable."""
    if isinstance(hypothesis, Mapping):
        return hypothesis.__getitem__
    if isinstance(hypothesis, ExactNetwork):
        def network(x: Any) -> Fraction:
            return hypothesis(x if isinstance(x, (tuple, list)) else [x])[0]
        return network
    if callable(hypothesis):
        return hypothesis
    raise TypeError(f"cannot use {type(hypothesis).__name__} as a hypothesis")


# ---------------------------------------------------------------------------------------------
# Risks
# ---------------------------------------------------------------------------------------------

def risk(dist: FiniteDistribution, hypothesis: Any, loss: str) -> Fraction:
    """R(f) = E[L(f(X), Y)], exactly."""
    f, ell = predictor(hypothesis), loss_function(loss)
    return sum((p * ell(f(x), y) for (x, y), p in zip(dist.cells, dist.probabilities,
                                                       strict=True)), Fraction(0))


def empirical_risk(sample: Sequence[Cell], hypothesis: Any, loss: str) -> Fraction:
    """R̂_s(f) = (1/m) Σ_i L(f(x_i), y_i), exactly."""
    if not sample:
        raise ValueError("the empirical risk needs a nonempty sample")
    f, ell = predictor(hypothesis), loss_function(loss)
    return sum((ell(f(x), y) for x, y in sample), Fraction(0)) / len(sample)


def bayes_predictor(dist: FiniteDistribution, loss: str) -> dict[Hashable, Any]:
    """A minimizer of R over all functions X → ℝ (squared: E[Y | X = x]) or X → Y (0-1: the
    most probable label, the smallest one among ties)."""
    out: dict[Hashable, Any] = {}
    for x in dist.xs:
        cond = dist.conditional(x)
        if loss == "squared":
            out[x] = sum((p * as_fraction(y) for y, p in cond.items()), Fraction(0))
        elif loss == "zero_one":
            best = max(cond.values())
            out[x] = min(y for y, p in cond.items() if p == best)
        else:
            raise ValueError(f"no Bayes predictor implemented for the {loss!r} loss")
    return out


def bayes_risk(dist: FiniteDistribution, loss: str) -> Fraction:
    """R* = inf_f R(f): E[Var(Y | X)] for squared loss, 1 − E[max_y P(y | X)] for 0-1 loss."""
    return risk(dist, bayes_predictor(dist, loss), loss)


# ---------------------------------------------------------------------------------------------
# Uniform deviations over a finite class, exactly, for many samples at once
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LossMatrix:
    """Losses L(f_k, c) of K hypotheses on the C cells of a distribution: integer numerators
    (K × C) over one common denominator."""

    numerators: np.ndarray
    denominator: int = 1

    @classmethod
    def from_fractions(cls, rows: Sequence[Sequence[Fraction]]) -> LossMatrix:
        den = math.lcm(*(v.denominator for row in rows for v in row))
        ints = [[int(v * den) for v in row] for row in rows]
        big = max(abs(v) for row in ints for v in row) > _INT64_SAFE
        return cls(np.array(ints, dtype=object if big else np.int64), den)

    @classmethod
    def of(cls, dist: FiniteDistribution, hypotheses: Sequence[Any], loss: str) -> LossMatrix:
        ell = loss_function(loss)
        fs = [predictor(h) for h in hypotheses]
        return cls.from_fractions([[ell(f(x), y) for x, y in dist.cells] for f in fs])

    @property
    def size(self) -> int:
        return int(self.numerators.shape[0])

    def value_range(self) -> tuple[Fraction, Fraction]:
        return (Fraction(int(self.numerators.min()), self.denominator),
                Fraction(int(self.numerators.max()), self.denominator))

    def risks(self, dist: FiniteDistribution) -> list[Fraction]:
        """R(f_k) for every k, exactly."""
        weights, total = dist.integer_weights()
        return [Fraction(int(s), total * self.denominator)
                for s in _exact_dot(self.numerators, weights)]


def _exact_dot(numerators: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """numerators @ weights in int64 when it cannot overflow, else in Python integers."""
    peak = int(np.abs(numerators).max()) * int(np.abs(weights).sum())
    if peak < _INT64_SAFE and numerators.dtype != object and weights.dtype != object:
        return numerators @ weights
    return numerators.astype(object) @ weights.astype(object)


def deviation_exceeds(dist: FiniteDistribution, losses: LossMatrix, indices: np.ndarray,
                      eps: Fraction) -> np.ndarray:
    """For each sample (a row of cell ``indices``, shape T × m): is
    max_k |R(f_k) − R̂_s(f_k)| ≥ ε?  Decided in exact integer arithmetic."""
    _, m = indices.shape
    weights, total = dist.integer_weights()
    eps = as_fraction(eps)
    nums = losses.numerators
    # With S_k = Σ_i num[k, c_i] and A_k = Σ_c w_c num[k, c]:
    # |S_k/(m·den) − A_k/(W·den)| ≥ ε  ⟺  |S_k·W − m·A_k|·e_d ≥ e_n·m·W·den.
    a = _exact_dot(nums, weights)
    threshold = eps.numerator * m * total * losses.denominator
    peak = 2 * int(np.abs(nums).max()) * m * total * eps.denominator + threshold
    dtype = np.int64 if peak < _INT64_SAFE else object
    sums = _sums(nums.astype(dtype), indices)  # K × T
    gap = sums * total - (a.astype(dtype) * m)[:, None]
    return (np.abs(gap) * eps.denominator >= threshold).any(axis=0)


def _sums(numerators: np.ndarray, indices: np.ndarray, block: int = 2**21) -> np.ndarray:
    """S[k, t] = Σ_i numerators[k, indices[t, i]], in blocks of trials to bound memory."""
    k, cells = numerators.shape
    trials, m = indices.shape
    if cells < m and numerators.dtype != object:  # count cells per sample, then one product
        rows = np.arange(trials)[:, None] * cells + indices
        counts = np.bincount(rows.ravel(), minlength=trials * cells).reshape(trials, cells)
        return numerators @ counts.T
    step = max(1, block // max(1, k * m))
    parts = [numerators[:, indices[t:t + step]].sum(axis=-1) for t in range(0, trials, step)]
    return np.concatenate(parts, axis=1)


# ---------------------------------------------------------------------------------------------
# Hypothesis strategies
# ---------------------------------------------------------------------------------------------

def finite_distributions(xs: Sequence[Hashable], ys: Sequence[Any], max_weight: int = 8
                         ) -> st.SearchStrategy[FiniteDistribution]:
    """Distributions on xs × ys with integer weights 0..max_weight per cell (not all zero)."""
    cells = [(x, y) for x in xs for y in ys]
    weights = st.lists(st.integers(0, max_weight), min_size=len(cells), max_size=len(cells))
    return weights.filter(any).map(
        lambda ws: FiniteDistribution.from_weights(dict(zip(cells, ws, strict=True))))


def tables(xs: Sequence[Hashable], values: Sequence[Any]
           ) -> st.SearchStrategy[dict[Hashable, Any]]:
    """Functions X → values as tables {x: f(x)}."""
    return st.tuples(*(st.sampled_from(tuple(values)) for _ in xs)).map(
        lambda vs: dict(zip(xs, vs, strict=True)))


def hypothesis_classes(xs: Sequence[Hashable], values: Sequence[Any], size: tuple[int, int]
                       ) -> st.SearchStrategy[tuple[dict[Hashable, Any], ...]]:
    """Finite classes of ``size[0]..size[1]`` tables X → values."""
    return st.lists(tables(xs, values), min_size=size[0], max_size=size[1]).map(tuple)


def samples(dist: FiniteDistribution, m: int) -> st.SearchStrategy[tuple[Cell, ...]]:
    """Any sample of size m from the support, drawn cell by cell by hypothesis (it shrinks
    toward the first cells); for statements that hold for every sample."""
    return st.lists(st.sampled_from(dist.cells), min_size=m, max_size=m).map(tuple)


def iid_samples(dist: FiniteDistribution, m: int) -> st.SearchStrategy[tuple[Cell, ...]]:
    """An i.i.d. sample of size m from ``dist``, through a hypothesis-drawn seed."""
    return seeds().map(lambda seed: dist.sample(m, np.random.default_rng(seed)))


def coin_tables(points: int, count: int, rng: np.random.Generator, balanced: bool = False
                ) -> np.ndarray:
    """``count`` random 0/1 tables on ``points`` points (count × points, int64); balanced tables
    have exactly points/2 ones, so under the uniform distribution each is a fair coin."""
    if not balanced:
        return rng.integers(0, 2, size=(count, points), dtype=np.int64)
    if points % 2:
        raise ValueError("balanced tables need an even number of points")
    base = np.tile(np.repeat(np.array([0, 1], dtype=np.int64), points // 2), (count, 1))
    return rng.permuted(base, axis=1)


def binary_covering_number(tables_: np.ndarray, radius: Fraction) -> int:
    """N(F, r, ‖·‖_∞) for a class of 0/1-valued tables, centers any real functions: the number
    of distinct tables when r < 1/2 (an r-ball holds at most one table), else 1 (the constant
    1/2 is within 1/2 of every table)."""
    if radius >= Fraction(1, 2):
        return 1
    return int(np.unique(np.asarray(tables_), axis=0).shape[0])


def _decode_distribution(body: Any, decoder: Any) -> FiniteDistribution:
    cells, probabilities = decoder.decode(body["cells"]), decoder.decode(body["probabilities"])
    return FiniteDistribution(tuple(tuple(c) if isinstance(c, list) else c for c in cells),
                              tuple(probabilities))


register_codec(
    FiniteDistribution, "finite_distribution",
    encode=lambda law, enc: {"cells": enc.encode(list(law.cells)),
                             "probabilities": enc.encode(list(law.probabilities))},
    decode=_decode_distribution,
    describe=lambda law: f"finite law on {len(law.cells)} cells",
)
