"""Sign patterns sgn Φ_θ(x_1..x_m) realized by ReLU networks, as lower estimates of the growth
function (survey §1.2), and the architecture parameters of the VC-dimension bound of Bartlett,
Harvey, Liaw, Mehrabian (2019), JMLR 20(63): W, L, U, H and the effective depth L̄.

Every pattern is confirmed by exact evaluation in rationals; proposals come from random networks
in floats (any device) and from networks constructed by interpolation
(:func:`verify.domain.networks.interpolation.sign_network`).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import accumulate, pairwise

import numpy as np
import torch

from verify.domain.networks.ensembles import Ensemble
from verify.domain.networks.exact import ExactNetwork
from verify.domain.networks.interpolation import deepen, distinct_direction, sign_network
from verify.domain.networks.sign_changes import labelings_with_changes, sign_change_network

__all__ = ["architecture_parameters", "sign_patterns"]

F = Fraction


def architecture_parameters(arch: Sequence[int], points: int) -> dict[str, object]:
    """m, W (parameters), L (affine layers), U (non-input units), H (hidden units) and
    L̄ = (1/W) Σ_{i≤L} W_i with W_i the parameters of layers 1..i (BHLM's effective depth)."""
    sizes = [n * (k + 1) for k, n in pairwise(arch)]
    total = sum(sizes)
    return {"m": points, "W": total, "L": len(sizes), "U": sum(arch[1:]),
            "H": sum(arch[1:-1]), "Lbar": F(sum(accumulate(sizes)), total)}


def _dyadic_ensemble(arch: Sequence[int], members: int, seed: int, device: str | torch.device
                     ) -> Ensemble:
    """Gaussian weights (He scale) rounded to multiples of 1/64: exact in floats and cheap in
    rationals. The seed is drawn by hypothesis."""
    generator = torch.Generator().manual_seed(seed)
    weights: list[torch.Tensor] = []
    biases: list[torch.Tensor] = []
    for fan_in, fan_out in pairwise(arch):
        scale = (2.0 / fan_in) ** 0.5
        for out, shape in ((weights, (members, fan_out, fan_in)), (biases, (members, fan_out))):
            t = torch.randn(shape, generator=generator, dtype=torch.float64) * scale
            out.append((torch.round(t * 64) / 64).to(device))
    return Ensemble(weights, biases)


def _exact_signs(net: ExactNetwork, points: Sequence[Sequence[Fraction]]) -> tuple[bool, ...]:
    return tuple(net(p)[0] > 0 for p in points)


def _labelings(size: int, seed: int, limit: int) -> list[tuple[bool, ...]]:
    """Every labeling of ``size`` points when there are at most ``limit``, else ``limit``
    random ones (drawn from the hypothesis-drawn seed)."""
    if 2**size <= limit:
        return [tuple(bool(mask >> k & 1) for k in range(size)) for mask in range(2**size)]
    rng = np.random.default_rng(seed)
    return [tuple(bool(b) for b in row) for row in rng.integers(0, 2, size=(limit, size))]


def sign_patterns(arch: Sequence[int], points: Sequence[Sequence[Fraction]], seed: int,
                  members: int, labelings: int, device: str | torch.device = "cpu"
                  ) -> set[tuple[bool, ...]]:
    """Sign patterns sgn Φ_θ(x_1..x_m) (Φ > 0 ↦ True) realized by some θ, each confirmed by
    exact evaluation: random networks proposed in floats, plus constructed networks (one hidden
    layer realizing a labeling by interpolation along a direction, carried to deeper layers).
    With one input the constructed labelings are those with at most n_1 sign changes along the
    sorted points (all of them when there are at most ``labelings``), each realized by
    :func:`verify.domain.networks.sign_changes.sign_change_network`."""
    found: set[tuple[bool, ...]] = set()
    ens = _dyadic_ensemble(arch, members, seed, device)
    x = torch.tensor([[float(c) for c in p] for p in points], dtype=torch.float64,
                     device=ens.device)
    proposals: dict[tuple[bool, ...], int] = {}
    for member, row in enumerate((ens(x)[:, :, 0] > 0).tolist()):
        proposals.setdefault(tuple(row), member)
    for member in proposals.values():
        found.add(_exact_signs(ens.to_exact(member), points))
    hidden = tuple(arch[1:-1])
    if arch[-1] != 1 or (len(hidden) > 1 and min(hidden[1:]) < 2):
        return found
    if len(points[0]) == 1:
        xs = [p[0] for p in points]
        order = sorted(range(len(xs)), key=lambda i: F(xs[i]))
        for ordered in labelings_with_changes(len(xs), hidden[0], labelings, seed):
            assigned = [False] * len(xs)
            for position, index in enumerate(order):
                assigned[index] = ordered[position]
            one = sign_change_network(xs, assigned, hidden[0])
            if one is not None:
                found.add(_exact_signs(deepen(one, hidden), points))
        return found
    direction = distinct_direction(points)
    for labels in _labelings(len(points), seed, labelings):
        net = sign_network(points, labels, hidden[0], direction)
        if net is not None:
            found.add(_exact_signs(deepen(net, hidden), points))
    return found
