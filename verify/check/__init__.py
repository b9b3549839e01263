"""Judging: does a relation hold on measured values (exact, ball, float, estimate), the
statistical procedures behind estimates, symbolic proof steps, and the table of what each mode
may claim. Imports ``verify.core`` and ``verify.arith``.
"""
