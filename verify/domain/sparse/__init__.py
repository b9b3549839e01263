"""Sparse coding and scattering: spark and coherence, thresholding, ISTA and lasso minimizers,
the scattering transform with an exact Littlewood–Paley bank.
"""
