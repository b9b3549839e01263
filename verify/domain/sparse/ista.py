"""The lasso F(x) = ½‖Ax − y‖² + λ‖x‖₁: soft thresholding, ISTA (exact rationals and float on a
torch device) and the exact minimizer by a KKT certificate in rationals.

Beck & Teboulle (2009), "A fast iterative shrinkage-thresholding algorithm for linear inverse
problems", SIAM J. Imaging Sci. 2(1): ISTA is x_(j+1) = T_(λ/L)(x_j − Aᵀ(Ax_j − y)/L), T_t the
soft-thresholding map, for any L ≥ ‖A‖² (the Lipschitz constant of the gradient).

The minimizer is certified by the optimality conditions of the convex problem: with
g = Aᵀ(Ax − y), x is a minimizer iff g_i = −λ sign(x_i) where x_i ≠ 0 and |g_i| ≤ λ where x_i = 0.
Candidates come from a float proposal (FISTA on the device; its support and signs, then an exact
solve on the support) and, for small n, from enumerating every sign pattern; only a candidate
that passes the exact check is returned.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import torch

from verify.arith.convert import as_fraction
from verify.arith.types import RationalList, RationalRows

__all__ = [
    "LassoMinimizer",
    "NoCertificate",
    "dominates_gram",
    "exact_lasso_minimizer",
    "fista_float",
    "frobenius_squared",
    "ista_exact",
    "ista_float",
    "kkt_certificate",
    "lasso_objective",
    "soft_threshold",
]


class NoCertificate(ArithmeticError):
    """No candidate passed the exact optimality check."""


def _fractions(values: Sequence[Any]) -> RationalList:
    return [as_fraction(v) for v in values]


def _matrix(rows: Sequence[Sequence[Any]]) -> RationalRows:
    return [_fractions(r) for r in rows]


def _matvec(a: RationalRows, x: Sequence[Fraction]) -> RationalList:
    return [sum((r * v for r, v in zip(row, x, strict=True)), Fraction(0)) for row in a]


def _rmatvec(a: RationalRows, r: Sequence[Fraction]) -> RationalList:
    """Aᵀr."""
    n = len(a[0]) if a else 0
    return [sum((a[i][j] * r[i] for i in range(len(a))), Fraction(0)) for j in range(n)]


def soft_threshold(v: Fraction, t: Fraction) -> Fraction:
    """T_t(v) = sign(v) max(|v| − t, 0) (exact for rationals)."""
    if v > t:
        return v - t
    if v < -t:
        return v + t
    return Fraction(0)


def lasso_objective(a_rows: Sequence[Sequence[Any]], y: Sequence[Any], lam: Any,
                    x: Sequence[Any]) -> Fraction:
    """F(x) = ½‖Ax − y‖² + λ‖x‖₁, exactly."""
    a, xv = _matrix(a_rows), _fractions(x)
    residual = [p - as_fraction(q) for p, q in zip(_matvec(a, xv), y, strict=True)]
    return (sum((r * r for r in residual), Fraction(0)) / 2
            + as_fraction(lam) * sum((abs(v) for v in xv), Fraction(0)))


def ista_exact(a_rows: Sequence[Sequence[Any]], y: Sequence[Any], lam: Any, lipschitz: Any,
               x0: Sequence[Any], steps: int) -> list[RationalList]:
    """The ISTA iterates x_0, ..., x_steps in exact rationals (step 1/L)."""
    a, yv, lam_, big_l = _matrix(a_rows), _fractions(y), as_fraction(lam), as_fraction(lipschitz)
    if big_l <= 0:
        raise ValueError("the step 1/L needs L > 0")
    x = _fractions(x0)
    out = [x]
    for _ in range(steps):
        residual = [p - q for p, q in zip(_matvec(a, x), yv, strict=True)]
        grad = _rmatvec(a, residual)
        x = [soft_threshold(v - g / big_l, lam_ / big_l) for v, g in zip(x, grad, strict=True)]
        out.append(x)
    return out


def _tensors(a_rows: Sequence[Sequence[Any]], y: Sequence[Any], x0: Sequence[Any],
             device: str | torch.device) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    def t(v: Any) -> torch.Tensor:
        return torch.tensor(v, dtype=torch.float64, device=device)
    return (t([[float(v) for v in r] for r in a_rows]), t([float(v) for v in y]),
            t([float(v) for v in x0]))


def ista_float(a_rows: Sequence[Sequence[Any]], y: Sequence[Any], lam: float, lipschitz: float,
               x0: Sequence[Any], steps: int, device: str | torch.device = "cpu"
               ) -> torch.Tensor:
    """ISTA in float64 on ``device``; returns the iterates as a [steps + 1, n] tensor (CPU)."""
    a, yv, x = _tensors(a_rows, y, x0, device)
    out = [x]
    for _ in range(steps):
        v = x - a.T @ (a @ x - yv) / lipschitz
        x = torch.sign(v) * torch.clamp(v.abs() - lam / lipschitz, min=0.0)
        out.append(x)
    return torch.stack(out).cpu()


def fista_float(a_rows: Sequence[Sequence[Any]], y: Sequence[Any], lam: float, lipschitz: float,
                steps: int, device: str | torch.device = "cpu") -> torch.Tensor:
    """FISTA (Beck & Teboulle 2009, §4) from 0 in float64 on ``device``: a proposal of x*."""
    n = len(a_rows[0])
    a, yv, x = _tensors(a_rows, y, [0.0] * n, device)
    z, t = x.clone(), 1.0
    for _ in range(steps):
        v = z - a.T @ (a @ z - yv) / lipschitz
        x_new = torch.sign(v) * torch.clamp(v.abs() - lam / lipschitz, min=0.0)
        t_new = (1 + (1 + 4 * t * t) ** 0.5) / 2
        z = x_new + ((t - 1) / t_new) * (x_new - x)
        x, t = x_new, t_new
    return x.cpu()


def kkt_certificate(a_rows: Sequence[Sequence[Any]], y: Sequence[Any], lam: Any,
                    x: Sequence[Any]) -> bool:
    """True iff x minimizes F exactly: g = Aᵀ(Ax − y) has g_i = −λ sign(x_i) on the support and
    |g_i| ≤ λ off it (the subgradient optimality condition of the convex F)."""
    a, xv, lam_ = _matrix(a_rows), _fractions(x), as_fraction(lam)
    residual = [p - as_fraction(q) for p, q in zip(_matvec(a, xv), y, strict=True)]
    grad = _rmatvec(a, residual)
    for g, v in zip(grad, xv, strict=True):
        if v > 0 and g != -lam_ or v < 0 and g != lam_ or v == 0 and abs(g) > lam_:
            return False
    return True


def _solve(m: RationalRows, b: RationalList) -> RationalList | None:
    """Exact Gaussian elimination; None when m is singular."""
    n = len(m)
    aug = [row[:] + [rhs] for row, rhs in zip(m, b, strict=True)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if aug[r][col] != 0), None)
        if pivot is None:
            return None
        aug[col], aug[pivot] = aug[pivot], aug[col]
        for r in range(n):
            if r != col and aug[r][col] != 0:
                f = aug[r][col] / aug[col][col]
                aug[r] = [p - f * q for p, q in zip(aug[r], aug[col], strict=True)]
    return [aug[i][n] / aug[i][i] for i in range(n)]


def _candidate(a: RationalRows, y: RationalList, lam: Fraction, signs: Sequence[int]
               ) -> RationalList | None:
    """Solve A_Sᵀ A_S x_S = A_Sᵀ y − λ s_S on the support S of ``signs``; None if singular or
    the solution's signs disagree with s (for λ > 0)."""
    n = len(a[0])
    support = [j for j in range(n) if signs[j] != 0]
    x = [Fraction(0)] * n
    if support:
        cols = [[row[j] for j in support] for row in a]
        gram = [[sum((cols[i][p] * cols[i][q] for i in range(len(a))), Fraction(0))
                 for q in range(len(support))] for p in range(len(support))]
        rhs = [sum((cols[i][p] * y[i] for i in range(len(a))), Fraction(0)) - lam * signs[j]
               for p, j in enumerate(support)]
        sol = _solve(gram, rhs)
        if sol is None:
            return None
        for p, j in enumerate(support):
            if lam > 0 and (sol[p] == 0 or (sol[p] > 0) != (signs[j] > 0)):
                return None
            x[j] = sol[p]
    return x


@dataclass(frozen=True)
class LassoMinimizer:
    """A certified minimizer x* with F(x*), and how it was found."""

    x: RationalList
    value: Fraction
    route: str


def exact_lasso_minimizer(a_rows: Sequence[Sequence[Any]], y: Sequence[Any], lam: Any,
                          device: str | torch.device = "cpu", enumerate_up_to: int = 6
                          ) -> LassoMinimizer:
    """An exact minimizer of F certified by :func:`kkt_certificate`.

    First the support and signs of a float FISTA proposal (on ``device``); failing that, every
    sign pattern in {−1, 0, 1}^n for n ≤ ``enumerate_up_to`` (some minimizer has linearly
    independent support columns, so the enumeration always finds one). Raises NoCertificate.
    """
    a, yv, lam_ = _matrix(a_rows), _fractions(y), as_fraction(lam)
    n = len(a[0])
    frob = frobenius_squared(a_rows)
    if frob > 0:
        proposal = fista_float(a_rows, y, float(lam_), float(frob), 3000, device)
        scale = float(proposal.abs().max()) if n else 0.0
        signs = [0 if abs(float(v)) <= 1e-7 * max(1.0, scale) else (1 if v > 0 else -1)
                 for v in proposal]
        x = _candidate(a, yv, lam_, signs)
        if x is not None and kkt_certificate(a, yv, lam_, x):
            return LassoMinimizer(x, lasso_objective(a, yv, lam_, x), "proposal")
    if n > enumerate_up_to:
        raise NoCertificate(f"the float proposal failed the KKT check and n = {n} is too large "
                            "to enumerate sign patterns")
    patterns = sorted(itertools.product((0, 1, -1), repeat=n),
                      key=lambda s: sum(v != 0 for v in s))
    for pattern in patterns:
        x = _candidate(a, yv, lam_, pattern)
        if x is not None and kkt_certificate(a, yv, lam_, x):
            return LassoMinimizer(x, lasso_objective(a, yv, lam_, x), "enumeration")
    raise NoCertificate("no sign pattern gives a KKT point")  # impossible for a valid lasso


def frobenius_squared(a_rows: Sequence[Sequence[Any]]) -> Fraction:
    """‖A‖_F² ≥ ‖A‖² (exact)."""
    return sum((as_fraction(v) ** 2 for row in a_rows for v in row), Fraction(0))


def _det(m: RationalRows) -> Fraction:
    n = len(m)
    if n == 0:
        return Fraction(1)
    aug = [row[:] for row in m]
    det = Fraction(1)
    for col in range(n):
        pivot = next((r for r in range(col, n) if aug[r][col] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != col:
            aug[col], aug[pivot] = aug[pivot], aug[col]
            det = -det
        det *= aug[col][col]
        for r in range(col + 1, n):
            f = aug[r][col] / aug[col][col]
            aug[r] = [p - f * q for p, q in zip(aug[r], aug[col], strict=True)]
    return det


def dominates_gram(a_rows: Sequence[Sequence[Any]], lipschitz: Any) -> bool:
    """True iff L·I − AᵀA is positive semidefinite, i.e. L ≥ ‖A‖² (exactly: every principal
    minor is ≥ 0)."""
    a, big_l = _matrix(a_rows), as_fraction(lipschitz)
    n = len(a[0])
    gram = [[big_l * (p == q) - sum((row[p] * row[q] for row in a), Fraction(0))
             for q in range(n)] for p in range(n)]
    for size in range(1, n + 1):
        for idx in itertools.combinations(range(n), size):
            if _det([[gram[p][q] for q in idx] for p in idx]) < 0:
                return False
    return True
