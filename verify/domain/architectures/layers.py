"""Building blocks of the survey's §6 architectures: 1-D convolutions, residual steps, batch norm.

Each block exists twice: in torch (cpu or cuda, for fast float runs) and in exact arithmetic
(Python ints / Fractions for convolutions, sympy algebraic numbers for batch normalization), so
that a statement that holds exactly can be decided exactly (survey §6.1, §6.2, §6.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
import torch
import torch.nn.functional as functional

PADDINGS = ("circular", "zeros")
ACTIVATIONS = ("relu", "abs", "identity")
FLOAT64_EXACT = 2**53
"""Integers of absolute value below 2^53 and their sums and products below it are exact in
float64: a float64 run of an integer network whose every intermediate stays below it is exact."""


# -- convolutions -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ConvLayer:
    """A 1-D convolution with integer weights ``(c_out, c_in, k)`` and integer biases.

    Output position i reads inputs i - k//2, ..., i - k//2 + k - 1: wrapped around
    (``padding='circular'``) or zero outside (``'zeros'``); ``stride`` keeps every stride-th
    output (positions 0, stride, 2·stride, ...).
    """

    weight: tuple[tuple[tuple[int, ...], ...], ...]
    bias: tuple[int, ...]
    padding: str = "circular"
    stride: int = 1

    def __post_init__(self) -> None:
        if self.padding not in PADDINGS:
            raise ValueError(f"padding must be one of {PADDINGS}, got {self.padding!r}")
        if self.stride < 1:
            raise ValueError("stride must be positive")

    @property
    def channels(self) -> tuple[int, int]:
        return len(self.weight[0]), len(self.weight)

    @property
    def kernel(self) -> int:
        return len(self.weight[0][0])


@dataclass(frozen=True)
class ConvNet:
    """Convolutions with a pointwise activation between them (none after the last one)."""

    layers: tuple[ConvLayer, ...]
    activation: str = "relu"

    def __post_init__(self) -> None:
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}")

    @property
    def circular_stride_one(self) -> bool:
        return all(layer.padding == "circular" and layer.stride == 1 for layer in self.layers)

    def magnitude_bound(self, input_bound: int) -> int:
        """An upper bound on |every partial sum| of a forward pass with |input| <= input_bound."""
        bound = input_bound
        worst = bound
        for layer in self.layers:
            row = max(sum(abs(w) for ch in out for w in ch) for out in layer.weight)
            bound = row * bound + max(abs(b) for b in layer.bias)
            worst = max(worst, bound, max(abs(w) for o in layer.weight for c in o for w in c))
        return worst


def _activate(name: str, value: Any) -> Any:
    if name == "relu":
        return value if value > 0 else 0 * value
    if name == "abs":
        return abs(value)
    return value


def conv_layer_exact(layer: ConvLayer, x: np.ndarray) -> np.ndarray:
    """The layer on ``x`` (object array ``(c_in, n)`` of ints or Fractions), exactly."""
    c_in, c_out = layer.channels
    n, k = x.shape[1], layer.kernel
    offset = k // 2
    out = np.empty((c_out, n), dtype=object)
    for o in range(c_out):
        for i in range(n):
            total: Any = layer.bias[o]
            for c in range(c_in):
                for j in range(k):
                    p = i - offset + j
                    if layer.padding == "circular":
                        total += layer.weight[o][c][j] * x[c, p % n]
                    elif 0 <= p < n:
                        total += layer.weight[o][c][j] * x[c, p]
            out[o, i] = total
    return out[:, ::layer.stride]


def conv_forward_exact(net: ConvNet, x: np.ndarray) -> np.ndarray:
    """The network on ``x`` (object array ``(c, n)``) in exact integer/rational arithmetic."""
    for index, layer in enumerate(net.layers):
        x = conv_layer_exact(layer, x)
        if index + 1 < len(net.layers):
            x = np.vectorize(lambda v: _activate(net.activation, v), otypes=[object])(x)
    return x


def conv_forward_torch(net: ConvNet, x: torch.Tensor) -> torch.Tensor:
    """The network on a batch ``x`` of shape ``(batch, c, n)`` on ``x``'s device and dtype."""
    for index, layer in enumerate(net.layers):
        w = torch.tensor(layer.weight, dtype=x.dtype, device=x.device)
        b = torch.tensor(layer.bias, dtype=x.dtype, device=x.device)
        k = layer.kernel
        left, right = k // 2, k - 1 - k // 2
        mode = "circular" if layer.padding == "circular" else "constant"
        padded = functional.pad(x, (left, right), mode=mode) if k > 1 else x
        x = functional.conv1d(padded, w, b)[..., ::layer.stride]
        if index + 1 < len(net.layers):
            x = {"relu": torch.relu, "abs": torch.abs}.get(net.activation, lambda t: t)(x)
    return x


def cyclic_shift(x: Any, s: int) -> Any:
    """(S_s x)_i = x_(i - s mod n) along the last axis (numpy or torch)."""
    if isinstance(x, torch.Tensor):
        return torch.roll(x, s, dims=-1)
    return np.roll(x, s, axis=-1)


def random_conv_net(rng: np.random.Generator, channels: Sequence[int], kernel: int,
                    weight_bound: int = 3, padding: str = "circular", stride: int = 1,
                    activation: str = "relu") -> ConvNet:
    """Integer weights uniform in [-weight_bound, weight_bound]; every layer padded alike and
    the first one subsampled with ``stride``."""
    layers = []
    for index, (c_in, c_out) in enumerate(zip(channels, channels[1:], strict=False)):
        w = rng.integers(-weight_bound, weight_bound + 1, size=(c_out, c_in, kernel))
        b = rng.integers(-weight_bound, weight_bound + 1, size=c_out)
        layers.append(ConvLayer(tuple(tuple(tuple(int(v) for v in ch) for ch in o) for o in w),
                                tuple(int(v) for v in b), padding,
                                stride if index == 0 else 1))
    return ConvNet(tuple(layers), activation)


def integer_array(values: Sequence[Sequence[int]]) -> np.ndarray:
    """An object array of Python ints (exact arithmetic under numpy's elementwise operations)."""
    out = np.empty((len(values), len(values[0])), dtype=object)
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            out[i, j] = int(v) if not isinstance(v, Fraction) else v
    return out


# -- residual steps ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TanhLayer:
    """F(x) = W tanh(V x + b): the residual branch of a one-layer ResNet block."""

    w: torch.Tensor
    v: torch.Tensor
    b: torch.Tensor

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return torch.tanh(x @ self.v.T + self.b) @ self.w.T

    def lipschitz_bound(self) -> float:
        """‖W‖₂‖V‖₂ (tanh is 1-Lipschitz)."""
        return float(torch.linalg.matrix_norm(self.w, 2) * torch.linalg.matrix_norm(self.v, 2))


def random_tanh_layer(generator: torch.Generator, dim: int, hidden: int, scale: float = 1.0,
                      device: str | torch.device = "cpu",
                      dtype: torch.dtype = torch.float64) -> TanhLayer:
    """Gaussian weights of standard deviation scale/sqrt(fan-in), on ``device``."""
    def draw(*shape: int) -> torch.Tensor:
        return torch.randn(*shape, generator=generator, dtype=dtype).to(device)
    return TanhLayer(draw(dim, hidden) * scale / hidden**0.5, draw(hidden, dim) * scale / dim**0.5,
                     draw(hidden) * scale)


def resnet_forward(branch: Any, x: torch.Tensor, h: float, steps: int) -> torch.Tensor:
    """x_(k+1) = x_k + h F(x_k), ``steps`` times: a ResNet with shared residual branch F."""
    for _ in range(steps):
        x = x + h * branch(x)
    return x


# -- batch normalization ----------------------------------------------------------------------

def batchnorm_torch(z: torch.Tensor, eps: float = 0.0) -> torch.Tensor:
    """Batch normalization of ``z`` (features × batch) over the batch, no affine part:
    (z - mean) / sqrt(var + eps) with the biased variance (Ioffe, Szegedy 2015)."""
    mu = z.mean(dim=1, keepdim=True)
    var = ((z - mu) ** 2).mean(dim=1, keepdim=True)
    return (z - mu) / torch.sqrt(var + eps)


def batchnorm_exact(z: sympy.Matrix) -> sympy.Matrix:
    """Batch normalization (ε = 0) of a features × batch sympy matrix, in exact algebraic
    numbers: sympy keeps sqrt(rational) in canonical form, so equal values compare equal."""
    rows = []
    for i in range(z.rows):
        row = list(z.row(i))
        mu = sum(row, sympy.Integer(0)) / len(row)
        var = sum(((v - mu) ** 2 for v in row), sympy.Integer(0)) / len(row)
        rows.append([(v - mu) / sympy.sqrt(var) for v in row])
    return sympy.Matrix(rows)


def batch_variances(z: sympy.Matrix) -> list[sympy.Basic]:
    """The per-feature (biased) batch variances of a features × batch matrix."""
    out = []
    for i in range(z.rows):
        row = list(z.row(i))
        mu = sum(row, sympy.Integer(0)) / len(row)
        out.append(sum(((v - mu) ** 2 for v in row), sympy.Integer(0)) / len(row))
    return out


__all__ = [
    "ConvLayer", "ConvNet", "FLOAT64_EXACT", "TanhLayer", "batch_variances", "batchnorm_exact",
    "batchnorm_torch", "conv_forward_exact", "conv_forward_torch", "conv_layer_exact",
    "cyclic_shift", "integer_array", "random_conv_net", "random_tanh_layer", "resnet_forward",
]
