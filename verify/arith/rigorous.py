"""Rigorous evaluation of sympy expressions: exactly where possible, else in arb ball arithmetic.

python-flint's ``arb`` guarantees its enclosures (mpmath's ``iv`` does not beyond basic
arithmetic), so a comparison decided on balls is a proof.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import flint
import sympy

from verify.arith.convert import NotRigorous, to_arb, to_sympy

_UNARY = {
    sympy.exp: lambda a: a.exp(),
    sympy.log: lambda a: a.log(),
    sympy.sin: lambda a: a.sin(),
    sympy.cos: lambda a: a.cos(),
    sympy.tan: lambda a: a.tan(),
    sympy.atan: lambda a: a.atan(),
    sympy.asin: lambda a: a.asin(),
    sympy.acos: lambda a: a.acos(),
    sympy.sinh: lambda a: a.sinh(),
    sympy.cosh: lambda a: a.cosh(),
    sympy.tanh: lambda a: a.tanh(),
    sympy.Abs: lambda a: abs(a),
    sympy.erf: lambda a: a.erf(),
}


def evaluate_arb(expr: sympy.Basic, values: Mapping[sympy.Symbol, flint.arb]) -> flint.arb:
    """Enclose ``expr`` with symbols replaced by balls. Raises NotRigorous for unknown nodes."""
    if expr in values:
        return values[expr]  # type: ignore[index]
    if expr.is_Rational:
        return to_arb(expr)
    if expr.is_Float:
        return flint.arb(sympy.Rational(expr).p) / flint.arb(sympy.Rational(expr).q)
    if expr is sympy.pi:
        return flint.arb.pi()
    if expr is sympy.E:
        return flint.arb(1).exp()
    if expr.is_Symbol:
        raise NotRigorous(f"no value for symbol {expr}")
    if isinstance(expr, sympy.Add):
        total = flint.arb(0)
        for arg in expr.args:
            total += evaluate_arb(arg, values)
        return total
    if isinstance(expr, sympy.Mul):
        prod = flint.arb(1)
        for arg in expr.args:
            prod *= evaluate_arb(arg, values)
        return prod
    if isinstance(expr, sympy.Pow):
        base, exponent = expr.args
        if exponent.is_Integer:
            return evaluate_arb(base, values) ** int(exponent)
        if exponent == sympy.Rational(1, 2):
            return evaluate_arb(base, values).sqrt()
        return evaluate_arb(base, values) ** evaluate_arb(exponent, values)
    if isinstance(expr, (sympy.Max, sympy.Min)):
        balls = [evaluate_arb(a, values) for a in expr.args]
        out = balls[0]
        for ball in balls[1:]:
            out = out.max(ball) if isinstance(expr, sympy.Max) else out.min(ball)
        return out
    for func, apply in _UNARY.items():
        if isinstance(expr, func):
            return apply(evaluate_arb(expr.args[0], values))
    # Integer-valued functions (binomial, floor, custom counting functions): evaluate exactly.
    exact = expr.doit()
    if exact != expr and exact.is_number:
        return evaluate_arb(exact, values)
    raise NotRigorous(f"cannot evaluate {type(expr).__name__} rigorously: {expr}")


def substitute_exact(expr: sympy.Basic, values: Mapping[Any, Any]) -> sympy.Basic:
    """Substitute exact values and evaluate sums, products and counting functions exactly.

    A value for an ``IndexedBase`` parameter is a sequence, indexed from 1 (``n[1]`` is its first
    entry), as in the survey's notation N_1, ..., N_L.
    """
    scalars = {s: to_sympy(v) for s, v in values.items()
               if not isinstance(s, sympy.IndexedBase)}
    arrays = {s: v for s, v in values.items() if isinstance(s, sympy.IndexedBase)}
    out = expr.xreplace(scalars).doit()

    def is_indexed(e: sympy.Basic) -> bool:
        return isinstance(e, sympy.Indexed) and e.base in arrays

    def entry(e: sympy.Indexed) -> sympy.Basic:
        index = int(e.indices[0])
        seq = arrays[e.base]
        if not 1 <= index <= len(seq):
            raise IndexError(f"{e} is out of range: {e.base} has {len(seq)} entries")
        return to_sympy(seq[index - 1])

    for _ in range(3):  # a product may expose new indexed terms after doit()
        if not arrays or not out.has(*arrays):
            break
        out = out.replace(is_indexed, entry).xreplace(scalars).doit()
    return out
