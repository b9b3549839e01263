"""Small bias-free ReLU networks trained on two moons, and the value of the spectrally-normalized
margin bound (Bartlett, Foster, Telgarsky, NeurIPS 2017, Thm 1.1) with the explicit constants of
an adapted implementation of their Lemma A.8 (rkwitt/excess_capacity, ``bartlett``) and the
standard margin theorem: unverified constants, for reporting only.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import torch

from verify.core.measurement import Ball
from verify.device import single_cpu_thread
from verify.domain.networks.spectral import Matrix, spectral_quantities

__all__ = ["margin_bound_value", "moons", "trained_network"]

F = Fraction


def moons(count: int, rng: np.random.Generator, noise: float = 0.15
          ) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles in R² (labels 0/1), with a constant third coordinate 1
    (a bias through the input, so that the networks stay bias-free)."""
    labels = rng.integers(0, 2, size=count)
    angle = rng.uniform(0, math.pi, size=count)
    x = np.where(labels == 0, np.cos(angle), 1 - np.cos(angle))
    y = np.where(labels == 0, np.sin(angle), 0.5 - np.sin(angle))
    points = np.stack([x, y], axis=1) + noise * rng.normal(size=(count, 2))
    return np.hstack([points, np.ones((count, 1))]), labels


def _rounded(w: torch.Tensor, bits: int = 10) -> Matrix:
    return tuple(tuple(F(round(float(v) * 2**bits), 2**bits) for v in row) for row in w.tolist())


def margin_bound_value(margins: np.ndarray, gamma: float, inputs_norm: float, complexity: float,
                       width: int, level: float = 0.05) -> float:
    """R̂_γ + 2(4/n + 36 ln(n) sqrt(ln(2W)) ‖X‖_F R_A/(γ n)) + 3 sqrt(ln(2/δ)/(2n)): the
    margin bound with the explicit constants of an adapted implementation of BFT's Lemma A.8
    (rkwitt/excess_capacity `bartlett`) and the standard margin theorem; unverified constants,
    for reporting only."""
    n = len(margins)
    margin_loss = float(np.mean(margins <= gamma))
    rad = 4 / n + 36 * math.log(n) * math.sqrt(math.log(2 * width)) * inputs_norm \
        * complexity / (gamma * n)
    return margin_loss + 2 * rad + 3 * math.sqrt(math.log(2 / level) / (2 * n))


@functools.lru_cache(maxsize=8)
def trained_network(task: tuple[Any, ...], device: str) -> dict[str, Any]:
    """Train a bias-free ReLU network (3, h, ..., h, 2) on the moons task by full-batch Adam on
    the cross-entropy, round its weights to multiples of 2^−10 (the network measured is the
    rounded one), and report its test error and the margin bound."""
    _, train, test, hidden, steps, seed = task
    rng = np.random.default_rng(seed)
    x_train, y_train = moons(train, rng)
    x_test, y_test = moons(test, rng)
    gen = torch.Generator().manual_seed(seed)
    arch = (3, *hidden, 2)
    weights = [(torch.randn((b, a), generator=gen, dtype=torch.float64) * math.sqrt(2 / a))
               .to(device).requires_grad_(True) for a, b in zip(arch, arch[1:], strict=False)]
    xt = torch.tensor(x_train, dtype=torch.float64, device=device)
    yt = torch.tensor(y_train, device=device)
    optimizer = torch.optim.Adam(weights, lr=0.01)

    def forward(x: torch.Tensor, ws: Sequence[torch.Tensor]) -> torch.Tensor:
        for index, w in enumerate(ws):
            x = x @ w.T
            if index < len(ws) - 1:
                x = torch.relu(x)
        return x

    with single_cpu_thread(device):  # 400 small steps: threads only add contention
        for _ in range(steps):
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(forward(xt, weights), yt).backward()
            optimizer.step()
    layers = tuple(_rounded(w.detach().cpu()) for w in weights)
    exact = [torch.tensor([[float(v) for v in row] for row in a], dtype=torch.float64)
             for a in layers]
    out_train = forward(torch.tensor(x_train), exact).numpy()
    out_test = forward(torch.tensor(x_test), exact).numpy()
    pick = np.arange(len(y_train))
    margins = out_train[pick, y_train] - out_train[pick, 1 - y_train]
    gamma = max(float(np.quantile(margins, 0.1)), 1e-3)
    quantities = spectral_quantities(layers)
    prod = float(quantities["spec_prod"].value.mid())
    ssum = quantities["spectral_sum"]
    ssum_value = float(ssum.value.mid()) if isinstance(ssum, Ball) else float(ssum.value)
    complexity = prod * ssum_value ** 1.5
    test_err = float(np.mean(np.argmax(out_test, axis=1) != y_test))
    bound = margin_bound_value(margins, gamma, float(np.linalg.norm(x_train)), complexity,
                               max(arch))
    return {"layers": layers, "train_inputs": x_train, "test_error": test_err,
            "train_error": float(np.mean(np.argmax(out_train, axis=1) != y_train)),
            "gamma": gamma, "margin_loss": float(np.mean(margins <= gamma)),
            "complexity": complexity, "margin_bound": bound}
