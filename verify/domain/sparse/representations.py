"""Two representations of one signal from a null vector of the dictionary (survey §7.2; Donoho &
Elad 2003): the uniqueness bound in its contrapositive form.
"""

from __future__ import annotations

import sympy

__all__ = ["split"]


def split(z: sympy.Matrix) -> tuple[dict, dict]:
    """x, x' with x − x' = z: the first half of supp z goes to x, the rest (negated) to x'."""
    support = [i for i in range(z.shape[0]) if z[i] != 0]
    half = (len(support) + 1) // 2
    return ({i: z[i] for i in support[:half]}, {i: -z[i] for i in support[half:]})
