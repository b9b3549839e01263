"""Declarations (theorems, parameters, quantities, premises, witnesses, mutants, proof steps),
measurements, verdict records, budgets, the closed vocabularies and the codec registry.
Imports only ``verify.arith`` and ``verify.errors``.
"""
