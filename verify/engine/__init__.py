"""Running theorems: evaluation with rigorous confirmation, the hypothesis search, the phases of
a run (proof steps, witnesses, search, necessity, status), the rules every front end shares,
the loader and the counterexample store. Never imports ``verify.domain`` or a catalog.
"""
