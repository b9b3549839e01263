"""Universal approximation probes (survey §1.2; Leshno, Lin, Pinkus, Schocken 1993, Thm 1).

"If" part, a rate probe: least-squares random-feature fits Σ a_i σ(w_i x + b_i) + c (ReLU or
tanh, fixed random inner weights) to continuous targets on [−1, 1], swept over the width.
"Only if" part, exact: a network with a polynomial activation of degree k is a polynomial of
degree k, and x^(k+1) is at uniform distance ≥ 2^(−k) from every such polynomial on [−1, 1]
(Chebyshev: p* = x^(k+1) − 2^(−k) T_(k+1) is best, certified by its sup and its k + 2
alternation points).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

import flint
import numpy as np
import sympy
from sympy.polys.domains import QQ
from sympy.polys.rings import ring
from threadpoolctl import threadpool_limits

from verify.domain.networks.polynomial import (
    alternation_count,
    best_uniform_approximation,
    sup_abs_polynomial,
)

__all__ = [
    "FIT_GRID", "chebyshev_certificate", "features", "fit", "fitted_polynomial_network",
    "random_inner", "sweep_errors", "symbolic_degree", "target",
]

_X = sympy.Symbol("x", real=True)
FIT_GRID = np.linspace(-1.0, 1.0, 1025)


def target(spec: tuple) -> Callable[[np.ndarray], np.ndarray]:
    """A continuous target on [−1, 1]: a piecewise-linear interpolant or a sum of sines."""
    kind, *args = spec
    if kind == "pl":
        knots, values = (np.array([float(v) for v in a]) for a in args)
        return lambda x: np.interp(x, knots, values)
    amps, freqs, phases = ([float(v) for v in a] for a in args)
    def sines(x: np.ndarray) -> np.ndarray:
        out = np.zeros_like(np.asarray(x, dtype=float))
        for a, w, p in zip(amps, freqs, phases, strict=True):
            out = out + a * np.sin(w * x + p)
        return out

    return sines


def features(name: str, coefficients: Sequence[Fraction]
             ) -> Callable[[np.ndarray], np.ndarray]:
    """The activation σ as a numpy function: ``relu``, ``tanh`` or ``poly`` (the polynomial
    with these coefficients, lowest degree first)."""
    if name == "relu":
        return lambda z: np.maximum(z, 0.0)
    if name == "tanh":
        return np.tanh
    if name == "poly":
        poly = [float(c) for c in reversed(coefficients)]
        return lambda z: np.polyval(poly, z)
    raise ValueError(f"unknown activation {name!r}")


def random_inner(name: str, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Fixed random inner weights: breakpoints/centres c_i stratified in [−1, 1] (one uniform
    draw per cell of width 2/n), w_i = ±1 (relu, poly) or N(0, 4n) (tanh, steep at scale 1/n)."""
    centres = -1.0 + 2.0 * (np.arange(n) + rng.uniform(0.0, 1.0, n)) / n
    w = (rng.standard_normal(n) * 2.0 * np.sqrt(n) if name == "tanh"
         else rng.choice([-1.0, 1.0], n))
    return w, -w * centres


def fit(sigma: Callable, w: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray
        ) -> np.ndarray:
    """Least-squares outer weights (and output bias) of Σ a_i σ(w_i x + b_i) + c: the
    minimum-norm solution of the normal equations by an eigendecomposition of the column-scaled
    Gram matrix (eigenvalues below 1e-14 of the largest dropped). Rank-deficient designs
    (polynomial features) are fine; the squared conditioning limits the error floor to about
    1e-6, far below the errors of the widths swept. It avoids LAPACK's tall least-squares
    drivers, whose multithreaded BLAS calls are very slow on a loaded two-core machine, and
    gelsy, whose pivoted QR blows up between grid points on steep tanh features."""
    design = np.hstack([sigma(np.outer(x, w) + b), np.ones((len(x), 1))])
    scale = np.sqrt((design * design).sum(axis=0))
    scale[scale == 0] = 1.0
    design = design / scale
    lam, vectors = np.linalg.eigh(design.T @ design)
    keep = lam > lam[-1] * 1e-14
    basis = vectors[:, keep]
    return basis @ ((basis.T @ (design.T @ y)) / lam[keep]) / scale


def sweep_errors(name: str, coefficients: Sequence[Fraction], spec: tuple, seed: int,
                 sizes: Sequence[int], repeats: int = 3) -> list[float]:
    """Mean over ``repeats`` draws of the sup error of least-squares random-feature fits of
    width n, for each n in ``sizes``: fitted on 4·max(n) + 1 equispaced points of [−1, 1], the
    sup estimated on 16·max(n) + 1 points. Small dense solves run on one BLAS thread (a
    multithreaded eigh of a 129 × 129 matrix is 5× slower on a loaded two-core machine)."""
    with threadpool_limits(1):
        return _sweep(name, coefficients, spec, seed, sizes, repeats)


def _sweep(name: str, coefficients: Sequence[Fraction], spec: tuple, seed: int,
           sizes: Sequence[int], repeats: int) -> list[float]:
    rng = np.random.default_rng(seed)
    sigma, f = features(name, coefficients), target(spec)
    fit_grid = np.linspace(-1.0, 1.0, 4 * max(sizes) + 1)
    sup_grid = np.linspace(-1.0, 1.0, 16 * max(sizes) + 1)
    y, y_sup = f(fit_grid), f(sup_grid)
    out = []
    for n in sizes:
        errors = []
        for _ in range(repeats):
            w, b = random_inner(name, n, rng)
            coef = fit(sigma, w, b, fit_grid, y)
            fitted = sigma(np.outer(sup_grid, w) + b) @ coef[:-1] + coef[-1]
            errors.append(float(np.max(np.abs(fitted - y_sup))))
        out.append(float(np.mean(errors)))
    return out


def chebyshev_certificate(order: int) -> tuple[Fraction | flint.arb, int]:
    """sup_[−1,1] |x^(k+1) − p*| and its number of alternation points at that level (exact)."""
    error = sympy.Poly(_X ** (order + 1), _X, domain="QQ") - best_uniform_approximation(order, _X)
    sup = sup_abs_polynomial(error, -1, 1)
    count = alternation_count(error, sup, -1, 1) if isinstance(sup, Fraction) else 0
    return sup, count


def symbolic_degree(coefficients: Sequence[Fraction], width: int) -> int:
    """The degree in x of a width-``width`` network (1, width, 1) with symbolic weights and the
    polynomial activation of these coefficients: c + Σ_i a_i ρ(w_i x + b_i) expanded in the
    sparse polynomial ring QQ[x, a_i, w_i, b_i, c] (every weight an indeterminate)."""
    names = ["x", *(f"{s}{i}" for i in range(width) for s in "awb"), "c"]
    _, *generators = ring(names, QQ)
    x, out = generators[0], generators[-1]
    for i in range(width):
        a, w, b = generators[1 + 3 * i: 4 + 3 * i]
        z = w * x + b
        value = 0 * x
        for c in reversed(coefficients):  # Horner, highest degree first
            value = value * z + QQ(c.numerator, c.denominator)
        out += a * value
    return max((monomial[0] for monomial in out.monoms()), default=-1) if out else -1


def fitted_polynomial_network(coefficients: Sequence[Fraction], width: int, order: int,
                              seed: int) -> list:
    """A width-n network with activation ρ (degree k) fitted by least squares to x^(k+1) on
    the grid; its weights are floats, i.e. exact dyadic rationals."""
    rng = np.random.default_rng(seed + 1)
    sigma = features("poly", coefficients)
    w, b = rng.standard_normal(width), rng.standard_normal(width)
    coef = fit(sigma, w, b, FIT_GRID, FIT_GRID ** (order + 1))
    return [([[float(v)] for v in w], [float(v) for v in b]),
            ([[float(v) for v in coef[:-1]]], [float(coef[-1])])]
