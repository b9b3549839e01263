"""Saturated-linear recurrent networks (Siegelmann & Sontag 1995), exactly and in torch.

One step maps the state h and input x through affine layers, each followed by
σ(t) = min(max(t, 0), 1): h_1 = σ(W_1 h + U_1 x + b_1), …, h' = σ(W_k h_{k−1} + U_k x + b_k);
the readout is y = σ(R h + r). ``SaturatedRNN`` runs in Fractions; ``run_torch`` runs the same
network in floats on a device. ``stack_rnn(base)`` builds the one-neuron stack machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import torch

from verify.arith.convert import as_fraction
from verify.arith.types import RationalMatrix, RationalVector

Layer = tuple[RationalMatrix, RationalMatrix, RationalVector]  # (W, U, b)

OPS = ("push0", "push1", "pop", "read")
"""Stack operations; the input is one-hot over push0, push1, pop (all zero for read)."""


def sat(t: Fraction) -> Fraction:
    """The saturated-linear activation σ(t) = min(max(t, 0), 1)."""
    return min(max(t, Fraction(0)), Fraction(1))


def _affine(m: RationalMatrix, v: Sequence[Fraction]) -> list[Fraction]:
    return [sum((a * b for a, b in zip(row, v, strict=True)), Fraction(0)) for row in m]


@dataclass(frozen=True)
class SaturatedRNN:
    """Layers (W, U, b) per step and a readout (R, r), all rational."""

    layers: tuple[Layer, ...]
    readout: tuple[RationalMatrix, RationalVector]

    def step(self, h: Sequence[Fraction], x: Sequence[Fraction]) -> list[Fraction]:
        for w, u, b in self.layers:
            h = [sat(p + q + c) for p, q, c in zip(_affine(w, h), _affine(u, x), b, strict=True)]
        return list(h)

    def read(self, h: Sequence[Fraction]) -> list[Fraction]:
        r, c = self.readout
        return [sat(p + q) for p, q in zip(_affine(r, h), c, strict=True)]


def run_exact(rnn: SaturatedRNN, h0: Sequence[Fraction], inputs: Sequence[Sequence[Fraction]]
              ) -> list[tuple[list[Fraction], list[Fraction]]]:
    """(state, readout) after each input, in exact rational arithmetic."""
    h, out = list(h0), []
    for x in inputs:
        h = rnn.step(h, x)
        out.append((h, rnn.read(h)))
    return out


def run_torch(rnn: SaturatedRNN, h0: Sequence[Fraction], inputs: Sequence[Sequence[Fraction]],
              device: str | torch.device = "cpu", dtype: torch.dtype = torch.float64
              ) -> tuple[torch.Tensor, torch.Tensor]:
    """States and readouts (rows per input) in floats on ``device``."""
    def t(m: Sequence) -> torch.Tensor:
        return torch.tensor([[float(v) for v in row] for row in m], device=device, dtype=dtype)

    layers = [(t(w), t(u), t([b])[0]) for w, u, b in rnn.layers]
    r, c = t(rnn.readout[0]), t([rnn.readout[1]])[0]
    h = t([h0])[0]
    xs = t(inputs) if inputs else torch.zeros((0, 0), device=device, dtype=dtype)
    states, reads = [], []
    for x in xs:
        for w, u, b in layers:
            h = torch.clamp(w @ h + u @ x + b, 0, 1)
        states.append(h)
        reads.append(torch.clamp(r @ h + c, 0, 1))
    return torch.stack(states), torch.stack(reads)


def _m(*rows: Sequence[object]) -> RationalMatrix:
    return tuple(tuple(as_fraction(v) for v in row) for row in rows)


def stack_rnn(base: int = 4) -> SaturatedRNN:
    """The one-neuron stack as a three-layer-per-step saturated-linear RNN.

    base 4 (Siegelmann–Sontag's Cantor coding): push b: q/4 + (2b + 1)/4; top σ(4q − 2);
    pop: 4q − (2·top + 1). base 2 (the mutant): push b: q/2 + b/2; top σ(2q − 1);
    pop: 2q − top. Layer 1 computes [q, top, pushed-0, pushed-1, kept]; layer 2 the gated pop
    (and passes the rest on, σ(t) = t on [0, 1]); layer 3 adds the branches.
    Gates: an inactive branch is shifted by −1 (−4 for pop) so that σ sends it to 0.
    The readout is [top, nonempty] = [σ(4q − 2), σ(4q)] (base 4) or [σ(2q − 1), σ(2q)] (base 2).
    Input x = one-hot (push0, push1, pop).
    """
    f = Fraction
    if base == 4:
        push = ((f(1, 4), f(1, 4)), (f(1, 4), f(3, 4)))  # (scale, offset) for b = 0, 1
        top = (f(4), f(-2))
        pop = (f(4), f(-1), f(-2))  # 4q − 1 − 2·top
    elif base == 2:
        push = ((f(1, 2), f(0)), (f(1, 2), f(1, 2)))
        top = (f(2), f(-1))
        pop = (f(2), f(0), f(-1))  # 2q − top
    else:
        raise ValueError("base must be 4 or 2")
    layer1: Layer = (
        _m([1], [top[0]], [push[0][0]], [push[1][0]], [1]),
        _m([0, 0, 0], [0, 0, 0], [1, 0, 0], [0, 1, 0], [-1, -1, -1]),
        (f(0), top[1], push[0][1] - 1, push[1][1] - 1, f(0)),
    )
    layer2: Layer = (
        _m([pop[0], pop[2], 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1]),
        _m([0, 0, 4], [0, 0, 0], [0, 0, 0], [0, 0, 0]),
        (pop[1] - 4, f(0), f(0), f(0)),
    )
    layer3: Layer = (_m([1, 1, 1, 1]), _m([0, 0, 0]), (f(0),))
    readout = (_m([top[0]], [top[0]]), (top[1], f(0)))
    return SaturatedRNN((layer1, layer2, layer3), readout)


def op_input(op: str) -> tuple[Fraction, Fraction, Fraction]:
    """The one-hot input of a stack operation."""
    push0, push1, pop = (Fraction(int(op == name)) for name in OPS[:3])
    return push0, push1, pop


def encode_stack(bits: Sequence[int], base: int = 4) -> Fraction:
    """The Cantor code of a stack (last element on top)."""
    q = Fraction(0)
    for b in bits:
        q = q / 4 + Fraction(2 * b + 1, 4) if base == 4 else q / 2 + Fraction(b, 2)
    return q


def stack_mismatches(rnn: SaturatedRNN, ops: Sequence[str], base: int = 4) -> int:
    """Steps where the RNN's state or readout (top, nonempty) differs from a Python list stack
    (the top of an empty stack reads 0; pop on an empty stack leaves it empty)."""
    stack: list[int] = []
    bad = 0
    for op, (h, (top, nonempty)) in zip(ops, run_exact(rnn, [Fraction(0)],
                                                          [op_input(o) for o in ops]),
                                        strict=True):
        if op in ("push0", "push1"):
            stack.append(int(op == "push1"))
        elif op == "pop" and stack:
            stack.pop()
        expected = (Fraction(stack[-1] if stack else 0), Fraction(int(bool(stack))))
        if (top, nonempty) != expected or h[0] != encode_stack(stack, base):
            bad += 1
    return bad
