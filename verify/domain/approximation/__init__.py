"""Approximation: Maurey sampling, Barron's construction, the heat equation and its
Monte-Carlo networks, Kolmogorov ERM data.
"""
