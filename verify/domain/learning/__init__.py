"""Learning theory: finite distributions and exact risks, exact tails, dichotomies, Rademacher
complexities, exact hard-margin SVMs.
"""
