"""Section 6 of the survey: tangible effects of special architectures (§6.1–6.6).

Declared in two modules, grouped by the mathematics they use (``verify.domain.architectures``):
- ``layers``: convolutions, residual networks as Euler schemes, batch normalization;
- ``sparse``: subset sums and strong lottery tickets (pruning), the RNN stack machine.
"""

from theorems.arch.layers import batchnorm_invariance, conv_equivariance, resnet_euler
from theorems.arch.sparse import rnn_stack, strong_lottery_ticket, subset_sum

__all__ = [
    "conv_equivariance", "resnet_euler", "batchnorm_invariance", "subset_sum",
    "strong_lottery_ticket", "rnn_stack",
]
