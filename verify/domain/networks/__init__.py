"""Networks: batched float ensembles, exact rational networks and their piecewise-affine
analysis, instance strategies, interpolation, polynomial activations, Lipschitz constants,
the explicit constructions of Section 3, and the ensemble benchmark.
"""
