"""Numbers the verdicts rest on: one converter between Fraction, fmpq, arb, sympy and float;
rigorous evaluation of sympy expressions; working precision as a context; exact and ball
matrices. Imports nothing else of the project but ``verify.errors``.
"""
