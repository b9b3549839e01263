"""Translation invariance of the scattering transform (survey §7.1; Mallat 2012, Thm 2.10, as
recorded in SOURCES.md T16), in its discrete circular form: the distance d_J = ‖S_J T_c f − S_J f‖
against the envelope C_J·E_J, C_J = max_k |2 sin(π c k / N)| φ̂_J(k), E_J² = Σ_{m≤M} ‖U_m f‖²,
in floats on any device (torch) or in arb balls.
"""

from __future__ import annotations

import math
from typing import Any

import flint
import torch

from verify.domain.sparse.scattering import (
    filter_bank,
    scatter_arb,
    scatter_torch,
    scattering_distance,
    split_batch,
)

__all__ = ["translation_distances"]


def translation_distances(f: list[float], shift: int, depth: int, rigorous: bool,
                          device) -> list[tuple]:
    """(d_J, C_J·E_J, ‖f‖, E_J) for J = 1..K, with d_J = ‖S_J T_c f − S_J f‖,
    C_J = max_k |2 sin(π c k / N)| φ̂_J(k) and E_J² = Σ_{m≤M} ‖U_m f‖²."""
    n = len(f)
    K = int(math.log2(n))
    g = f[-shift:] + f[:-shift]
    out: list[tuple[Any, Any, Any, Any]] = []
    for J in range(1, K + 1):
        phi, _ = filter_bank(n, J, backend="arb" if rigorous else "float")
        if rigorous:
            a, b = scatter_arb(f, J, depth), scatter_arb(g, J, depth)
            sines = [abs(2 * flint.arb.sin_pi(flint.arb(shift * k) / n)) * phi[k]
                     for k in range(n)]
            C = sines[0]
            for s in sines[1:]:
                C = C.max(s)
            C = flint.arb(C.upper())
            E = sum((a.layer_energy(a.U, m) for m in range(depth + 1)), flint.arb(0)).sqrt()
            norm = sum((flint.arb(v) ** 2 for v in f), flint.arb(0)).sqrt()
        else:
            ft = torch.tensor(f, dtype=torch.float64, device=device)
            gt = torch.tensor(g, dtype=torch.float64, device=device)
            a, b = split_batch(scatter_torch(torch.stack([ft, gt]), J, depth,
                                             last_modulus=False), 2)
            c_float = max(abs(2 * math.sin(math.pi * shift * k / n)) * phi[k]
                          for k in range(n))
            e_float = math.sqrt(sum(a.layer_energy(a.U, m) for m in range(depth + 1)))
            out.append((scattering_distance(a, b), c_float * e_float, float(ft.norm()), e_float))
            continue
        out.append((scattering_distance(a, b), C * E, norm, E))
    return out
