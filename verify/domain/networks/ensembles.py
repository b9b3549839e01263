"""Randomized fully connected networks, drawn and evaluated as ensembles.

An :class:`Ensemble` holds E networks of one architecture ``(N_0, ..., N_L)`` as stacked
tensors, so one batched matmul per layer evaluates all of them (``torch.baddbmm``). Members
convert losslessly to exact rational networks (:class:`verify.exact.ExactNetwork`) and to
python-flint balls, since every binary float is a dyadic rational.

The architecture and notation follow Berner, Grohs, Kutyniok, Petersen, "The Modern
Mathematics of Deep Learning" (2021), Definition 1.4: ``Φ(x) = W^(L) σ(... σ(W^(1) x + b^(1))
...) + b^(L)`` with the activation applied after every layer but the last.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

import flint
import torch
from torch import Tensor

from verify.arith.convert import to_arb
from verify.arith.precision import workprec
from verify.core.codecs import register_codec
from verify.device import resolve_device
from verify.domain.networks.exact import ExactNetwork
from verify.errors import UsageError

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "Ensemble",
    "activation",
    "constant_ensemble",
    "random_ensemble",
]

# --------------------------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------------------------

ReluTerm = tuple[Fraction, Fraction, Fraction]


@dataclass(frozen=True)
class Activation:
    """An activation function σ: R -> R with the facts the checks rely on.

    ``lipschitz`` is the best Lipschitz constant (None if unknown or infinite), ``pieces`` the
    number of affine pieces of a piecewise-affine σ (None otherwise), ``exact`` evaluates σ on
    rationals (piecewise-affine σ only), ``arb`` maps a ball to a ball containing σ of every
    point in it. ``relu_terms`` writes a piecewise-affine σ as ``Σ c·relu(a·t + d)`` over
    ``(c, a, d)``, which lets :meth:`Ensemble.to_exact` realise it with ReLU neurons.
    """

    name: str
    torch_fn: Callable[[Tensor], Tensor]
    lipschitz: Fraction | None
    pieces: int | None
    exact: Callable[[Fraction], Fraction] | None
    arb: Callable[[flint.arb], flint.arb] | None
    positively_homogeneous: bool
    relu_terms: tuple[ReluTerm, ...] | None = None

    @property
    def piecewise_affine(self) -> bool:
        return self.pieces is not None


_ZERO = Fraction(0)
_ONE = Fraction(1)
_LEAK = Fraction(1, 100)


def _identity(x: Tensor) -> Tensor:
    return x


def _leaky_relu(x: Tensor) -> Tensor:
    return torch.nn.functional.leaky_relu(x, float(_LEAK))


def _saturated(x: Tensor) -> Tensor:
    return torch.clamp(x, 0.0, 1.0)


def _arb_relu(x: flint.arb) -> flint.arb:
    if x >= 0:
        return x
    if x <= 0:
        return flint.arb(0)
    return x.nonnegative_part()  # a ball inside [0, ∞) containing [0, max x]


def _arb_leaky(x: flint.arb) -> flint.arb:
    if x >= 0:
        return x
    if x <= 0:
        return x / 100
    return (x.lower() / 100).union(x.upper())  # σ is increasing: hull of σ(lo), σ(hi)


def _arb_saturated(x: flint.arb) -> flint.arb:
    if x >= 0 and x <= 1:
        return x
    if x <= 0:
        return flint.arb(0)
    if x >= 1:
        return flint.arb(1)
    return _arb_relu(x).min(1)


def _arb_sigmoid(x: flint.arb) -> flint.arb:
    return 1 / (1 + (-x).exp())


ACTIVATIONS: dict[str, Activation] = {
    "relu": Activation(
        "relu", torch.relu, _ONE, 2, lambda t: max(t, _ZERO), _arb_relu, True,
        ((_ONE, _ONE, _ZERO),),
    ),
    "identity": Activation(
        "identity", _identity, _ONE, 1, lambda t: t, lambda x: x, True,
        ((_ONE, _ONE, _ZERO), (-_ONE, -_ONE, _ZERO)),
    ),
    "leaky_relu": Activation(
        "leaky_relu", _leaky_relu, _ONE, 2, lambda t: t if t > 0 else _LEAK * t, _arb_leaky,
        True, ((_ONE, _ONE, _ZERO), (-_LEAK, -_ONE, _ZERO)),
    ),
    # Saturated linear σ(x) = min(max(x, 0), 1) of Siegelmann & Sontag, "On the computational
    # power of neural nets" (1995); note: not torch's hardtanh, which clamps to [-1, 1].
    "hardtanh": Activation(
        "hardtanh", _saturated, _ONE, 3, lambda t: min(max(t, _ZERO), _ONE), _arb_saturated,
        False, ((_ONE, _ONE, _ZERO), (-_ONE, _ONE, -_ONE)),
    ),
    "tanh": Activation("tanh", torch.tanh, _ONE, None, None, lambda x: x.tanh(), False),
    "sigmoid": Activation(
        "sigmoid", torch.sigmoid, Fraction(1, 4), None, None, _arb_sigmoid, False
    ),
}
ACTIVATIONS["saturated_linear"] = ACTIVATIONS["hardtanh"]


def activation(name: str | Activation) -> Activation:
    """Look up an activation by name (an :class:`Activation` passes through)."""
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(sorted(ACTIVATIONS))
        raise UsageError(f"unknown activation {name!r}; known activations: {known}") from None


_lookup = activation  # for code where a parameter named ``activation`` shadows the function


# --------------------------------------------------------------------------------------------
# Ensembles
# --------------------------------------------------------------------------------------------


_CHUNK_BYTES = {"cpu": 256 << 20, "cuda": 1 << 30}
"""Largest hidden activation tensor per chunk of members: a memory bound only (measured on a
2-core CPU, smaller chunks were slower at every size tried)."""


class Ensemble:
    """E fully connected networks of one architecture, stored as stacked tensors.

    ``weights[l]`` has shape ``[E, N_{l+1}, N_l]`` and ``biases[l]`` shape ``[E, N_{l+1}]``
    (0-based layers); all tensors share one device and dtype.
    """

    def __init__(self, weights: Sequence[Tensor], biases: Sequence[Tensor],
                 activation: Activation | str = "relu") -> None:
        if not weights or len(weights) != len(biases):
            raise ValueError(f"need one bias per weight and at least one layer, got "
                             f"{len(weights)} weights and {len(biases)} biases")
        first = weights[0]
        if first.dim() != 3:
            raise ValueError(f"weight.0 must have shape [E, N_1, N_0], got {tuple(first.shape)}")
        members = first.shape[0]
        widths = [first.shape[2]]
        for index, (w, b) in enumerate(zip(weights, biases, strict=True)):
            if w.dim() != 3 or w.shape[0] != members or w.shape[2] != widths[-1]:
                raise ValueError(f"weight.{index} has shape {tuple(w.shape)}, expected "
                                 f"[{members}, N, {widths[-1]}]")
            if tuple(b.shape) != (members, w.shape[1]):
                raise ValueError(f"bias.{index} has shape {tuple(b.shape)}, expected "
                                 f"[{members}, {w.shape[1]}]")
            if (w.device, w.dtype) != (first.device, first.dtype) or (b.device, b.dtype) != (
                    first.device, first.dtype):
                raise ValueError(f"layer {index} is not on {first.device} in {first.dtype}")
            widths.append(w.shape[1])
        self.widths: tuple[int, ...] = tuple(int(n) for n in widths)
        self.weights: list[Tensor] = list(weights)
        self.biases: list[Tensor] = list(biases)
        self.activation: Activation = _lookup(activation)

    def __repr__(self) -> str:
        return (f"Ensemble(members={self.members}, widths={self.widths}, "
                f"activation={self.activation.name!r}, device={self.device}, dtype={self.dtype})")

    @property
    def members(self) -> int:
        """E, the number of networks."""
        return int(self.weights[0].shape[0])

    @property
    def depth(self) -> int:
        """L, the number of affine layers."""
        return len(self.weights)

    @property
    def parameter_count(self) -> int:
        """P = Σ_l N_l (N_{l-1} + 1), per network."""
        return sum(n * (m + 1) for m, n in pairwise(self.widths))

    @property
    def device(self) -> torch.device:
        return self.weights[0].device

    @property
    def dtype(self) -> torch.dtype:
        return self.weights[0].dtype

    # -- evaluation ---------------------------------------------------------------------------

    def _check_input(self, x: Tensor) -> Tensor:
        if x.dim() == 2:
            x = x.unsqueeze(0).expand(self.members, -1, -1)
        if x.dim() != 3 or x.shape[0] != self.members or x.shape[2] != self.widths[0]:
            raise ValueError(f"input of shape {tuple(x.shape)} does not fit: expected "
                             f"[B, {self.widths[0]}] or [{self.members}, B, {self.widths[0]}]")
        return x

    def __call__(self, x: Tensor, *, chunk_bytes: int | None = None) -> Tensor:
        """Evaluate every member: x of shape [B, N_0] or [E, B, N_0] gives [E, B, N_L].

        When every member sees the same points (x of shape [B, N_0]) the first layer is one
        GEMM, [B, N_0] @ [N_0, E·N_1]; the other layers are one ``torch.baddbmm`` each. Members
        are processed in chunks so that one hidden activation tensor takes at most
        ``chunk_bytes`` (default 256 MiB on the CPU, 1 GiB on CUDA): a memory bound.
        """
        shared = x.dim() == 2
        x = self._check_input(x)
        if chunk_bytes is None:
            chunk_bytes = _CHUNK_BYTES.get(self.device.type, _CHUNK_BYTES["cpu"])
        per_member = x.shape[1] * max(self.widths) * x.element_size()
        chunk = max(1, chunk_bytes // max(1, per_member))
        if chunk >= self.members:
            return self._batched(x, 0, self.members, shared)
        return torch.cat([self._batched(x, start, min(start + chunk, self.members), shared)
                          for start in range(0, self.members, chunk)])

    def _batched(self, h: Tensor, start: int, stop: int, shared: bool = False) -> Tensor:
        last = self.depth - 1
        layers = list(zip(self.weights, self.biases, strict=True))
        first = 0
        if shared:  # one GEMM for the first layer: the points times every member's W_1
            w, b = layers[0]
            members, width = stop - start, w.shape[1]
            stacked = w[start:stop].reshape(members * width, w.shape[2])
            z = torch.addmm(b[start:stop].reshape(-1), h[0], stacked.t())
            h = z.reshape(h.shape[1], members, width).transpose(0, 1)
            if last > 0:
                h = self.activation.torch_fn(h)
            first = 1
        else:
            h = h[start:stop]
        for index in range(first, len(layers)):
            w, b = layers[index]
            h = torch.baddbmm(b[start:stop].unsqueeze(1), h, w[start:stop].transpose(1, 2))
            if index < last:
                h = self.activation.torch_fn(h)
        return h

    def forward_loop(self, x: Tensor) -> Tensor:
        """The same as ``self(x)`` by a Python loop over members (benchmark baseline)."""
        x = self._check_input(x)
        last = self.depth - 1
        outputs = []
        for e in range(self.members):
            h = x[e]
            for index, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
                h = torch.addmm(b[e], h, w[e].t())
                if index < last:
                    h = self.activation.torch_fn(h)
            outputs.append(h)
        return torch.stack(outputs)

    # -- conversion ---------------------------------------------------------------------------

    def to(self, device: str | torch.device | None = None,
           dtype: torch.dtype | None = None) -> Ensemble:
        """A copy on another device and/or in another dtype (``device`` goes through
        :func:`resolve_device`)."""
        target = resolve_device(device) if device is not None else self.device
        dtype = dtype or self.dtype
        return Ensemble([w.to(device=target, dtype=dtype) for w in self.weights],
                        [b.to(device=target, dtype=dtype) for b in self.biases], self.activation)

    def member(self, i: int) -> Ensemble:
        """Network ``i`` alone, as an ensemble with E = 1."""
        i = self._index(i)
        return Ensemble([w[i:i + 1].clone() for w in self.weights],
                        [b[i:i + 1].clone() for b in self.biases], self.activation)

    def _index(self, i: int) -> int:
        if not -self.members <= i < self.members:
            raise IndexError(f"member {i} out of range for an ensemble of {self.members}")
        return i % self.members

    def _float_layers(self, i: int) -> list[tuple[list[list[float]], list[float]]]:
        i = self._index(i)
        return [(w[i].detach().to("cpu", torch.float64).tolist(),
                 b[i].detach().to("cpu", torch.float64).tolist())
                for w, b in zip(self.weights, self.biases, strict=True)]

    def to_exact(self, i: int = 0) -> ExactNetwork:
        """Member ``i`` as an :class:`ExactNetwork` with the very same (rational) weights.

        ExactNetwork applies ReLU, so relu networks convert weight for weight. Other
        piecewise-affine activations are written as ``σ(t) = Σ_k c_k relu(a_k t + d_k)``
        (e.g. identity t = relu(t) - relu(-t)): each hidden neuron becomes K ReLU neurons and
        the result computes exactly the same function (with wider hidden layers).
        """
        terms = self.activation.relu_terms
        if terms is None:
            raise ValueError(f"to_exact needs a piecewise-affine activation, not "
                             f"{self.activation.name!r}")
        layers: list[tuple[list[list[Fraction]], list[Fraction]]] = []
        prev: tuple[ReluTerm, ...] | None = None  # the terms feeding into this layer
        for index, (w, b) in enumerate(self._float_layers(i)):
            weight = [[Fraction(v) for v in row] for row in w]
            bias = [Fraction(v) for v in b]
            if prev is not None:  # input of this layer is σ(z) = Σ_k c_k relu(a_k z + d_k)
                weight = [[c * v for v in row for c, _, _ in prev] for row in weight]
            if index < self.depth - 1:
                weight = [[a * v for v in row] for row in weight for _, a, _ in terms]
                bias = [a * v + d for v in bias for _, a, d in terms]
                prev = terms
            layers.append((weight, bias))
        return ExactNetwork.from_lists(layers)

    @classmethod
    def from_exact(cls, net: ExactNetwork, dtype: torch.dtype = torch.float64,
                   device: str | torch.device = "cpu", rounded: bool = False) -> Ensemble:
        """A relu ensemble (E = 1) with the weights of ``net``; each must be a float of
        ``dtype`` exactly, else ValueError. With ``rounded=True`` weights are rounded to the
        nearest float instead (a float proxy for search; confirm on ``net`` itself)."""
        target = resolve_device(device)
        weights, biases = [], []
        for index, (w, b) in enumerate(net.layers):
            for name, values in ((f"weight.{index}", [v for row in w for v in row]),
                                 (f"bias.{index}", list(b))):
                tensor = (torch.tensor([float(v) for v in values], dtype=dtype) if rounded
                          else _exact_tensor(values, dtype, name))
                if name.startswith("weight"):
                    weights.append(tensor.reshape(1, len(w), len(w[0])).to(target))
                else:
                    biases.append(tensor.reshape(1, len(b)).to(target))
        return cls(weights, biases, "relu")

    def to_arb(self, i: int = 0) -> list[tuple[flint.arb_mat, list[flint.arb]]]:
        """Member ``i`` as ``[(W, b), ...]`` with W a python-flint ``arb_mat`` and b a list of
        ``arb``; lossless (exact balls, radius 0)."""
        return [(flint.arb_mat(w), [flint.arb(v) for v in b]) for w, b in self._float_layers(i)]

    def forward_arb(self, i: int, x: Sequence[object], prec: int | None = None
                    ) -> list[flint.arb]:
        """Balls containing the exact output of member ``i`` at ``x`` (ball arithmetic with
        ``prec`` bits, default ``flint.ctx.prec``). Inputs may be ints, floats, Fractions,
        sympy rationals or arbs."""
        sigma = self.activation.arb
        if sigma is None:
            raise ValueError(f"activation {self.activation.name!r} has no ball evaluation")
        if len(x) != self.widths[0]:
            raise ValueError(f"input has {len(x)} entries, the network expects {self.widths[0]}")
        with workprec(flint.ctx.prec if prec is None else prec):
            layers = self.to_arb(i)
            h = flint.arb_mat(len(x), 1, [to_arb(v) for v in x])
            for index, (w, b) in enumerate(layers):
                z = w * h
                values = [z[r, 0] + b[r] for r in range(len(b))]
                if index < len(layers) - 1:
                    values = [sigma(v) for v in values]
                h = flint.arb_mat(len(values), 1, values)
            return [h[r, 0] for r in range(h.nrows())]

    # -- persistence --------------------------------------------------------------------------

    def state(self) -> dict[str, Tensor]:
        """Tensors named ``weight.l`` / ``bias.l`` (contiguous, CPU), e.g. for
        ``safetensors.torch.save_file``; store the activation name alongside as metadata."""
        out: dict[str, Tensor] = {}
        for index, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            out[f"weight.{index}"] = w.detach().cpu().contiguous()
            out[f"bias.{index}"] = b.detach().cpu().contiguous()
        return out

    @classmethod
    def from_state(cls, state: Mapping[str, Tensor], activation: Activation | str = "relu"
                   ) -> Ensemble:
        """Inverse of :meth:`state`."""
        depth = sum(1 for key in state if key.startswith("weight."))
        try:
            weights = [state[f"weight.{index}"] for index in range(depth)]
            biases = [state[f"bias.{index}"] for index in range(depth)]
        except KeyError as missing:
            raise ValueError(f"state lacks {missing.args[0]!r}; expected weight.0 .. "
                             f"weight.{depth - 1} and bias.0 .. bias.{depth - 1}") from None
        return cls(weights, biases, activation)


def _exact_tensor(values: Sequence[Fraction], dtype: torch.dtype, name: str) -> Tensor:
    try:
        floats = [float(v) for v in values]
    except OverflowError:
        raise ValueError(f"{name} has an entry too large for a float") from None
    tensor = torch.tensor(floats, dtype=torch.float64).to(dtype)
    for value, stored in zip(values, tensor.tolist(), strict=True):
        if Fraction(stored) != value:
            raise ValueError(f"{name} entry {value} is not exactly representable in {dtype}")
    return tensor


# --------------------------------------------------------------------------------------------
# Constructors
# --------------------------------------------------------------------------------------------


def _check_widths(widths: Sequence[int], members: int) -> tuple[int, ...]:
    out = tuple(int(n) for n in widths)
    if len(out) < 2 or any(n < 1 for n in out):
        raise UsageError(f"widths must list N_0, ..., N_L (at least two positive numbers), "
                         f"got {tuple(widths)}")
    if members < 1:
        raise UsageError(f"an ensemble needs at least one member, got {members}")
    return out


def random_ensemble(widths: Sequence[int], members: int = 1, *,
                    generator: torch.Generator | None = None, seed: int | None = None,
                    activation: Activation | str = "relu", init: str = "he",
                    bound: float = 1.0, device: str | torch.device = "cpu",
                    dtype: torch.dtype = torch.float64) -> Ensemble:
    """E random networks of architecture ``widths = (N_0, ..., N_L)``.

    ``init="he"``: weights of layer l i.i.d. N(0, 2/N_{l-1}) (He et al., "Delving deep into
    rectifiers", 2015) and biases i.i.d. N(0, 0.01), i.e. standard deviation 0.1.
    ``init="uniform"``: all weights and biases i.i.d. Uniform[-bound, bound].

    Everything is drawn in float64 on the CPU from ``generator`` (or a generator seeded with
    ``seed``; with neither, a non-deterministic seed), then cast and moved, so a seed gives the
    same network on every device. Layers are drawn in order: weight then bias.
    """
    sizes = _check_widths(widths, members)
    target = resolve_device(device)
    act = _lookup(activation)
    if generator is not None and seed is not None:
        raise UsageError("pass either generator or seed, not both")
    if generator is None:
        generator = torch.Generator(device="cpu")
        if seed is None:
            generator.seed()
        else:
            generator.manual_seed(seed)
    elif generator.device.type != "cpu":
        raise UsageError("the generator must be a CPU generator (draws happen on the CPU)")
    if init not in ("he", "uniform"):
        raise UsageError(f"unknown init {init!r}; accepted values: he, uniform")
    if init == "uniform" and not bound >= 0:
        raise UsageError(f"bound must be non-negative, got {bound}")

    def draw(shape: tuple[int, ...], scale: float) -> Tensor:
        if init == "he":
            t = torch.randn(shape, generator=generator, dtype=torch.float64) * scale
        else:
            t = (torch.rand(shape, generator=generator, dtype=torch.float64) * 2 - 1) * bound
        return t.to(dtype=dtype).to(target)

    weights, biases = [], []
    for fan_in, fan_out in pairwise(sizes):
        weights.append(draw((members, fan_out, fan_in), (2.0 / fan_in) ** 0.5))
        biases.append(draw((members, fan_out), 0.1))
    return Ensemble(weights, biases, act)


def constant_ensemble(widths: Sequence[int], value: float, members: int = 1, *,
                      activation: Activation | str = "relu", device: str | torch.device = "cpu",
                      dtype: torch.dtype = torch.float64) -> Ensemble:
    """Networks whose weights and biases all equal ``value`` (e.g. all at the bound)."""
    sizes = _check_widths(widths, members)
    target = resolve_device(device)
    weights = [torch.full((members, n, m), value, dtype=dtype, device=target)
               for m, n in pairwise(sizes)]
    biases = [torch.full((members, n), value, dtype=dtype, device=target) for n in sizes[1:]]
    return Ensemble(weights, biases, activation)


register_codec(
    Ensemble, "ensemble",
    encode=lambda ens, enc: {"activation": ens.activation.name,
                             "state": {k: enc.tensor(v) for k, v in ens.state().items()}},
    decode=lambda body, dec: Ensemble.from_state(
        {k: dec.tensor(v) for k, v in body["state"].items()}, activation(body["activation"])),
    describe=lambda ens: f"ensemble of {ens.members} networks {ens.widths}",
)
