"""Kernels and training: NTK and NNGP (empirical and infinite-width), training dynamics,
linear regression, deep linear landscapes.
"""
