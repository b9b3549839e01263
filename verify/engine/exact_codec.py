"""Exact sympy values as JSON data, read back without ``eval`` or ``sympify``: a tree of
whitelisted node names, so a counterexample file from someone else can never run code.

>>> import sympy
>>> tree = encode_sympy(sympy.sqrt(2) / 3 + sympy.pi)
>>> decode_sympy(tree) == sympy.sqrt(2) / 3 + sympy.pi
True
>>> decode_sympy(["__import__", "os"])  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
...
verify.engine.exact_codec.UnsafeValue: unknown sympy node '__import__' (allowed: Abs, Add, ...)
"""

from __future__ import annotations

from typing import Any

import sympy

__all__ = ["UnsafeValue", "decode_sympy", "encode_sympy"]

_FUNCTIONS: dict[str, Any] = {
    "Add": sympy.Add, "Mul": sympy.Mul, "Pow": sympy.Pow, "Abs": sympy.Abs,
    "exp": sympy.exp, "log": sympy.log, "sin": sympy.sin, "cos": sympy.cos,
    "tan": sympy.tan, "atan": sympy.atan, "asin": sympy.asin, "acos": sympy.acos,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh, "erf": sympy.erf,
    "Max": sympy.Max, "Min": sympy.Min, "floor": sympy.floor, "ceiling": sympy.ceiling,
    "binomial": sympy.binomial, "factorial": sympy.factorial, "Tuple": sympy.Tuple,
}
_CONSTANTS: dict[str, Any] = {"pi": sympy.pi, "E": sympy.E, "oo": sympy.oo, "-oo": -sympy.oo,
                              "nan": sympy.nan, "zoo": sympy.zoo}
_ALLOWED = ", ".join(sorted(_FUNCTIONS)[:2]) + ", ..."


class UnsafeValue(ValueError):
    """A value in a file that is not one of the structured forms dlverify writes."""


def encode_sympy(value: sympy.Basic) -> Any:
    """A JSON-able tree: ``["Rational", "p/q"]``, ``["Integer", "n"]``, ``["Float", "text",
    precision]``, ``["Symbol", name]``, ``["Matrix", rows]``, a constant's name, or
    ``[function, *arguments]`` for a whitelisted function."""
    if isinstance(value, sympy.MatrixBase):
        return ["Matrix", [[encode_sympy(v) for v in row] for row in value.tolist()]]
    if value.is_Integer:
        return ["Integer", str(int(value))]
    if value.is_Rational:
        return ["Rational", f"{int(value.p)}/{int(value.q)}"]
    if value.is_Float:
        return ["Float", str(value), int(value._prec)]
    if value.is_Symbol:
        return ["Symbol", value.name]
    for name, constant in _CONSTANTS.items():
        if value == constant:
            return name
    name = type(value).__name__
    if name in _FUNCTIONS:
        return [name, *(encode_sympy(a) for a in value.args)]
    raise TypeError(f"cannot save the sympy value {value} ({name}) in a counterexample")


def _number(text: Any, what: str) -> str:
    if not isinstance(text, str) or not text.lstrip("-").replace("/", "", 1).isdigit():
        raise UnsafeValue(f"a sympy {what} must be written as digits, got {text!r}")
    return text


def decode_sympy(tree: Any) -> sympy.Basic:
    """Rebuild a value written by :func:`encode_sympy`; anything else raises UnsafeValue."""
    if isinstance(tree, str):
        if tree in _CONSTANTS:
            return _CONSTANTS[tree]
        raise UnsafeValue(f"unknown sympy constant {tree!r}")
    if not isinstance(tree, list) or not tree or not isinstance(tree[0], str):
        raise UnsafeValue(f"a sympy value must be a list [node, ...], got {tree!r}")
    head, *args = tree
    if head == "Integer" and len(args) == 1:
        return sympy.Integer(int(_number(args[0], "integer")))
    if head == "Rational" and len(args) == 1:
        p, _, q = _number(args[0], "rational").partition("/")
        return sympy.Rational(int(p), int(q or 1))
    if head == "Float" and len(args) == 2 and isinstance(args[1], int):
        try:
            float(args[0])
        except (TypeError, ValueError):
            raise UnsafeValue(f"a sympy float must be a decimal, got {args[0]!r}") from None
        return sympy.Float(args[0], precision=args[1])
    if head == "Symbol" and len(args) == 1 and isinstance(args[0], str) \
            and args[0].isidentifier():
        return sympy.Symbol(args[0])
    if head == "Matrix" and len(args) == 1 and isinstance(args[0], list):
        return sympy.Matrix([[decode_sympy(v) for v in row] for row in args[0]])
    if head in _FUNCTIONS:
        return _FUNCTIONS[head](*(decode_sympy(a) for a in args))
    raise UnsafeValue(f"unknown sympy node {head!r} (allowed: {_ALLOWED})")
