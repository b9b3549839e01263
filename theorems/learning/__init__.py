"""Section 1 of the survey: foundations of learning theory (§1.2–1.3).

The theorems are declared in three modules, grouped by the mathematics they use (in
``verify.domain.learning``, ``verify.domain.networks`` and ``verify.domain.approximation``):
- ``risk``: exact risks of finite distributions, exact tails, the statistical mode
  (error decomposition, Hoeffding, finite-class and covering-number generalization bounds);
- ``capacity``: exact dichotomy counting, VC dimension, interpolation;
- ``approximation``: the parameter-Lipschitz realization map and universal
  approximation (symbolic expansion of polynomial-activation networks, Chebyshev's bound).
"""

from theorems.learning.approximation import nn_parameter_lipschitz, universal_approximation
from theorems.learning.capacity import cover_dichotomies, interpolation, vc_relu
from theorems.learning.risk import (
    covering_generalization,
    error_decomposition,
    finite_class_generalization,
    hoeffding,
)

__all__ = [
    "error_decomposition", "hoeffding", "finite_class_generalization",
    "covering_generalization", "nn_parameter_lipschitz", "cover_dichotomies", "vc_relu",
    "universal_approximation", "interpolation",
]
