"""Architectures: convolutions, residual and batch-norm blocks, ODE flows for ResNets,
saturated-linear RNNs, subset-sum coverage for pruning, exact batch normalization in sums of
square roots.
"""
