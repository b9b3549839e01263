"""Section 2 of the survey: generalization of large neural networks (§2.1–2.4).

The theorems are declared in three modules, grouped by the mathematics they use (in
``verify.domain.kernels``, ``verify.domain.learning`` and ``verify.domain.networks``):
- ``kernel_ntk``: empirical and infinite-width NTK (kernel regime, linearized training);
- ``norms``: exact Rademacher complexities and norm-based bounds;
- ``implicit_double_descent``: implicit bias of gradient descent (exact least squares, an exact
  hard-margin SVM) and double descent of min-norm regression.
"""

from theorems.generalization.implicit_double_descent import (
    asymptotic,
    finite_sample,
    max_margin,
    min_norm_least_squares,
)
from theorems.generalization.kernel_ntk import linearized_training, ntk_limit
from theorems.generalization.norms import (
    golowich_rakhlin_shamir,
    rademacher_generalization,
    rkhs_rademacher,
    spectral_margin,
)

__all__ = [
    "ntk_limit", "linearized_training", "rkhs_rademacher", "rademacher_generalization",
    "golowich_rakhlin_shamir", "spectral_margin", "min_norm_least_squares", "max_margin",
    "finite_sample", "asymptotic",
]
