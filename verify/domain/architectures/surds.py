"""Exact batch normalization (ε = 0) in sums of square roots of rationals (survey §6.4; Ioffe,
Szegedy 2015; Arora, Li, Lyu 2019, Lemma 2.4).

Batch normalization of a rational matrix divides by σ_i = sqrt(rational), so every value of the
forward pass, of the loss L(W) = Σ_j (vᵀ BN(WX)_j − y_j)² and of its gradient lies in
Q(√d_1, √d_2, ...): a :class:`Surd` is Σ_d c_d √d with rational c_d and distinct square-free
d. Square roots of distinct square-free integers are linearly independent over Q, so this form
is canonical: a value is zero exactly when every coefficient is. This is the fast exact route;
``verify.domain.architectures.batchnorm`` holds the same formulas in sympy (the reference the
tests compare with).

Besides the invariance defects, :func:`bn_directional_derivative` differentiates L along a
direction D in closed form (forward mode), independently of the backward pass, so that
⟨∇L(W), D⟩ = dL(W + tD)/dt at t = 0 checks the gradient itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Union

import flint
import sympy

__all__ = [
    "Surd", "bn_defects_surd", "bn_directional_derivative", "bn_gradient_surd",
    "bn_loss_surd", "batchnorm_surd",
]

Rational = Union[Fraction, int]  # noqa: UP007 (a runtime alias on 3.10)
Matrix = list[list[Fraction]]


def _square_part(n: int) -> tuple[int, int]:
    """(s, f) with n = s²·f and f square-free (n ≥ 1)."""
    s, f = 1, 1
    for p, e in flint.fmpz(n).factor():
        s *= int(p) ** (e // 2)
        f *= int(p) ** (e % 2)
    return s, f


class Surd:
    """Σ_d c_d √d: rational coefficients over distinct square-free radicands d ≥ 1."""

    __slots__ = ("terms",)

    def __init__(self, terms: dict[int, Fraction] | None = None) -> None:
        self.terms = {d: c for d, c in (terms or {}).items() if c != 0}

    @classmethod
    def rational(cls, q: Rational) -> Surd:
        return cls({1: Fraction(q)})

    @classmethod
    def sqrt(cls, q: Rational) -> Surd:
        """√q for a rational q ≥ 0: √(num·den)/den with num·den = s²f."""
        q = Fraction(q)
        if q < 0:
            raise ValueError(f"square root of a negative number {q}")
        if q == 0:
            return cls()
        s, f = _square_part(q.numerator * q.denominator)
        return cls({f: Fraction(s, q.denominator)})

    @staticmethod
    def _lift(other: Surd | Rational) -> Surd:
        return other if isinstance(other, Surd) else Surd.rational(other)

    def __add__(self, other: Surd | Rational) -> Surd:
        out = dict(self.terms)
        for d, c in self._lift(other).terms.items():
            out[d] = out.get(d, Fraction(0)) + c
        return Surd(out)

    __radd__ = __add__

    def __neg__(self) -> Surd:
        return Surd({d: -c for d, c in self.terms.items()})

    def __sub__(self, other: Surd | Rational) -> Surd:
        return self + (-self._lift(other))

    def __rsub__(self, other: Rational) -> Surd:
        return Surd.rational(other) - self

    def __mul__(self, other: Surd | Rational) -> Surd:
        if not isinstance(other, Surd):
            q = Fraction(other)
            return Surd({d: c * q for d, c in self.terms.items()})
        out: dict[int, Fraction] = {}
        for d1, c1 in self.terms.items():
            for d2, c2 in other.terms.items():
                g = math.gcd(d1, d2)  # √d1·√d2 = g·√((d1/g)(d2/g)), square-free again
                d = (d1 // g) * (d2 // g)
                out[d] = out.get(d, Fraction(0)) + c1 * c2 * g
        return Surd(out)

    __rmul__ = __mul__

    def __truediv__(self, other: Surd | Rational) -> Surd:
        """Division by a rational or by a single term c√d (= multiplication by √d/(c·d))."""
        if not isinstance(other, Surd):
            return self * (1 / Fraction(other))
        if len(other.terms) != 1:
            raise ZeroDivisionError("division by zero or by a sum of several roots")
        (d, c), = other.terms.items()
        return self * Surd({d: 1 / (c * d)})

    def is_zero(self) -> bool:
        return not self.terms

    def __float__(self) -> float:
        return math.fsum(float(c) * math.sqrt(d) for d, c in self.terms.items())

    def to_sympy(self) -> sympy.Expr:
        return sympy.Add(*(sympy.Rational(c.numerator, c.denominator) * sympy.sqrt(d)
                           for d, c in sorted(self.terms.items())))

    def __repr__(self) -> str:
        return " + ".join(f"{c}·√{d}" for d, c in sorted(self.terms.items())) or "0"


def _product(a: Sequence[Sequence[Rational]], b: Sequence[Sequence[Rational]]) -> Matrix:
    return [[sum((Fraction(a[i][k]) * Fraction(b[k][j]) for k in range(len(b))), Fraction(0))
             for j in range(len(b[0]))] for i in range(len(a))]


def _centered(z: Matrix) -> tuple[Matrix, list[Fraction]]:
    """Rows minus their means, and the rows' biased variances."""
    rows, variances = [], []
    for row in z:
        mu = sum(row, Fraction(0)) / len(row)
        centered = [v - mu for v in row]
        rows.append(centered)
        variances.append(sum((c * c for c in centered), Fraction(0)) / len(row))
    return rows, variances


def batchnorm_surd(z: Matrix, eps: Rational = 0) -> list[list[Surd]]:
    """BN(z) (features × batch) over the batch: (z − μ)/sqrt(σ² + ε), exactly."""
    centered, variances = _centered(z)
    out = []
    for row, var in zip(centered, variances, strict=True):
        sigma = Surd.sqrt(var + Fraction(eps))
        out.append([Surd.rational(c) / sigma for c in row])
    return out


def bn_loss_surd(w: Matrix, x: Matrix, v: Sequence[Rational], y: Sequence[Rational]) -> Surd:
    """L(W) = Σ_j (vᵀ BN(WX)_j − y_j)²."""
    u = batchnorm_surd(_product(w, x))
    total = Surd()
    for j in range(len(y)):
        r = _sum(u[i][j] * Fraction(v[i]) for i in range(len(v))) - y[j]
        total = total + r * r
    return total


def _sum(values: Iterable[Surd]) -> Surd:
    total = Surd()
    for value in values:
        total = total + value
    return total


def bn_gradient_surd(w: Matrix, x: Matrix, v: Sequence[Rational], y: Sequence[Rational]
                     ) -> list[list[Surd]]:
    """∇_W L by the batch-norm backward pass: with u = BN(Z), g = ∂L/∂u = 2v·(vᵀu − y),
    dZ_i = (g_i − mean(g_i) − u_i·mean(g_i ⊙ u_i))/σ_i and ∇_W L = dZ·Xᵀ."""
    z = _product(w, x)
    batch = len(z[0])
    _, variances = _centered(z)
    u = batchnorm_surd(z)
    residual = [_sum(u[i][j] * Fraction(v[i]) for i in range(len(v))) - y[j]
                for j in range(batch)]
    dz = []
    for i, var in enumerate(variances):
        g = [residual[j] * (2 * Fraction(v[i])) for j in range(batch)]
        mean_g = _sum(g) / batch
        mean_gu = _sum(g[j] * u[i][j] for j in range(batch)) / batch
        sigma = Surd.sqrt(var)
        dz.append([(g[j] - mean_g - u[i][j] * mean_gu) / sigma for j in range(batch)])
    return [[_sum(dz[i][j] * x[k][j] for j in range(batch)) for k in range(len(x))]
            for i in range(len(w))]


def bn_directional_derivative(w: Matrix, x: Matrix, v: Sequence[Rational],
                              y: Sequence[Rational], direction: Matrix) -> Surd:
    """dL(W + tD)/dt at t = 0 in closed form (forward mode, independent of the backward
    pass): with c = z − μ and c' = z' − μ' (z' = DX), var' = (2/B)Σ_j c_j c'_j and
    u' = c'/σ − c·var'/(2σ³) = (c' − c·var'/(2 var))/σ, so L' = Σ_j 2 r_j Σ_i v_i u'_ij."""
    z, dz = _product(w, x), _product(direction, x)
    batch = len(z[0])
    centered, variances = _centered(z)
    d_centered, _ = _centered(dz)
    u = batchnorm_surd(z)
    total = Surd()
    for j in range(batch):
        r = _sum(u[i][j] * Fraction(v[i]) for i in range(len(v))) - y[j]
        slope = Surd()
        for i, var in enumerate(variances):
            d_var = 2 * sum((c * e for c, e in zip(centered[i], d_centered[i], strict=True)),
                            Fraction(0)) / batch
            du = Surd.rational(d_centered[i][j] - centered[i][j] * d_var / (2 * var)) \
                / Surd.sqrt(var)
            slope = slope + du * Fraction(v[i])
        total = total + r * slope * 2
    return total


def _largest(values: Iterable[Surd]) -> sympy.Expr:
    """The largest |value|, exactly (0 when every value is exactly 0)."""
    nonzero = [s for s in values if not s.is_zero()]
    if not nonzero:
        return sympy.Integer(0)
    return sympy.Abs(max(nonzero, key=lambda s: abs(float(s))).to_sympy())


def bn_defects_surd(w: Matrix, x: Matrix, v: Sequence[Rational], y: Sequence[Rational],
                    a: Rational, direction: Matrix | None = None) -> dict[str, sympy.Expr]:
    """The invariance defects, exactly: max|BN(aWX) − BN(WX)|, |⟨∇L(W), W⟩|,
    max|a∇L(aW) − ∇L(W)|, and with a ``direction`` D the gradient check
    |⟨∇L(W), D⟩ − dL(W + tD)/dt|."""
    a = Fraction(a)
    scaled_w = [[a * e for e in row] for row in w]
    bn_a, bn_1 = batchnorm_surd(_product(scaled_w, x)), batchnorm_surd(_product(w, x))
    grad = bn_gradient_surd(w, x, v, y)
    grad_a = bn_gradient_surd(scaled_w, x, v, y)
    inner = _sum(g * e for g_row, w_row in zip(grad, w, strict=True)
                 for g, e in zip(g_row, w_row, strict=True))
    out = {
        "bn_defect": _largest(p - q for p_row, q_row in zip(bn_a, bn_1, strict=True)
                              for p, q in zip(p_row, q_row, strict=True)),
        "orthogonality": _largest([inner]),
        "gradient_scaling": _largest(p * a - q for p_row, q_row in zip(grad_a, grad, strict=True)
                                     for p, q in zip(p_row, q_row, strict=True)),
    }
    if direction is not None:
        along = _sum(g * Fraction(e) for g_row, d_row in zip(grad, direction, strict=True)
                     for g, e in zip(g_row, d_row, strict=True))
        out["derivative_gap"] = _largest([along - bn_directional_derivative(w, x, v, y,
                                                                             direction)])
    return out
