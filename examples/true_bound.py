"""An audit example with a TRUE bound, checked by sampling on random networks (torch, any
device) with every suspected violation re-measured in ball arithmetic:

    |Φ(x) − Φ(y)| ≤ Π_l ‖W_l‖_∞ · ‖x − y‖_∞      (ReLU is 1-Lipschitz)

where ‖W‖_∞ is the largest absolute row sum (the ℓ∞ operator norm).

    dlverify verify --file examples/true_bound.py     # exits 0: passed
"""

from fractions import Fraction

import torch
from hypothesis import strategies as st

from verify import Ball, Budget, Context, Instance, Theorem, parameter, quantity
from verify.domain.networks.ensembles import random_ensemble
from verify.domain.networks.strategies import hidden_widths, seeds

lip = parameter("lip", nonnegative=True)
dist = parameter("dist", nonnegative=True)
gap = quantity("gap", latex=r"|\Phi(x) - \Phi(y)|")


def _operator_norm_product(net) -> Fraction:
    """Π_l max_i Σ_j |W_l[i, j]| in exact rationals (float weights are dyadic)."""
    total = Fraction(1)
    for w, _ in net.to_exact(0).layers:
        total *= max(sum(abs(v) for v in row) for row in w)
    return total


def instances(budget: Budget) -> st.SearchStrategy[Instance]:
    def build(ws: tuple[int, ...]) -> st.SearchStrategy[Instance]:
        return st.tuples(seeds(), st.floats(1e-3, 1.0), st.integers(0, 3)).map(
            lambda a: _instance((4, *ws, 1), *a))

    return hidden_widths((1, 3), (2, budget.pick(8, 16, 32))).flatmap(build)


def _instance(widths: tuple[int, ...], seed: int, scale: float, corner: int) -> Instance:
    net = random_ensemble(widths, 1, seed=seed)
    gen = torch.Generator().manual_seed(seed + 1)
    x = torch.rand(widths[0], generator=gen, dtype=torch.float64) * 2 - 1
    y = x + scale * (torch.rand(widths[0], generator=gen, dtype=torch.float64) * 2 - 1)
    if corner:  # push toward the extreme: y − x along a sign vector
        y = x + scale * torch.sign(torch.randn(widths[0], generator=gen, dtype=torch.float64))
    d = max(abs(Fraction(float(a)) - Fraction(float(b))) for a, b in zip(x, y, strict=False))
    return Instance({"lip": _operator_norm_product(net), "dist": d},
                    {"net": net, "x": x, "y": y})


def measure(instance: Instance, context: Context) -> object:
    net, x, y = instance.data["net"], instance.data["x"], instance.data["y"]
    if context.rigorous:
        fx = net.forward_arb(0, [float(v) for v in x])[0]
        fy = net.forward_arb(0, [float(v) for v in y])[0]
        return Ball(abs(fx - fy))
    net = net.to(device=context.device)
    out = net(torch.stack([x, y]).to(net.device))[0, :, 0]
    return float((out[0] - out[1]).abs())


lipschitz_product = Theorem(
    id="audit.lipschitz_product",
    title="ReLU networks are Lipschitz with constant Π ‖W_l‖_∞ in the ℓ∞ norm",
    survey="—",
    source="an elementary bound under audit",
    statement="gap <= lip * dist",
    parameters=(lip, dist),
    quantities=(gap,),
    mode="sampled",
    instances=instances,
    measure=measure,
)
