"""Front ends that only adapt the engine: the command line, the pytest plugin. Every rule
about verdicts lives in ``verify.engine``.
"""
