"""dlverify: declare a theorem, and the engine checks it (exactly, rigorously, by sampling,
statistically or as a rate) and tries to falsify its mutants.

This is the public face that catalogs and users' files import; it is asserted against
``__all__`` in the tests. The layers behind it (ARCHITECTURE.md, "Layers"):
``verify.arith`` < ``verify.core`` < ``verify.check`` < ``verify.engine`` < ``verify.report``
< ``verify.frontends``; the mathematics a catalog measures lives in ``verify.domain``.
"""

from typing import Any as _Any

from verify.arith.convert import arb_bounds, arb_contains, as_fraction, to_arb, to_fraction
from verify.arith.precision import workprec
from verify.core.budget import Budget
from verify.core.declarations import (
    Context,
    Instance,
    Mutant,
    Necessity,
    Premise,
    Quantity,
    Theorem,
    Witness,
    implementation_mutant,
    make_context,
    parameter,
    parameter_sequence,
    quantity,
)
from verify.core.measurement import Ball, Estimate, Exact, Float, Measurement
from verify.core.proof_steps import Extremum, Identity, Inequality, Recurrence
from verify.core.verdict import Verdict
from verify.core.vocab import Mode, Route, Status
from verify.errors import DeviceUnavailable, DlverifyError, MalformedTheorem, UsageError

# Names whose modules import torch or scipy load on first use, so that `dlverify list` and
# `show` start quickly (PEP 562).
_LAZY = {
    "clopper_pearson_interval": "verify.check.stats", "clopper_pearson_upper": "verify.check.stats",
    "deterministic_slope": "verify.check.stats", "frequency": "verify.check.stats",
    "loglog_slope": "verify.check.stats", "mean": "verify.check.stats",
    "skew_corrected_mean": "verify.check.stats", "sweep_slope": "verify.check.stats",
    "resolve_device": "verify.device", "single_cpu_thread": "verify.device",
    "Outcome": "verify.engine.evaluate", "evaluate": "verify.engine.evaluate",
    "RunOptions": "verify.engine.run", "run_all": "verify.engine.run",
    "run_theorem": "verify.engine.run",
}


def __getattr__(name: str) -> _Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'verify' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__version__ = "0.1.0"

__all__ = [
    "Ball", "Budget", "Context", "DeviceUnavailable", "DlverifyError", "Estimate", "Exact",
    "Extremum", "Float", "Identity", "Inequality", "Instance", "MalformedTheorem", "Measurement",
    "Mode", "Mutant", "Necessity", "Outcome", "Premise", "Quantity", "Recurrence", "Route",
    "RunOptions", "Status", "Theorem", "UsageError", "Verdict", "Witness", "arb_bounds",
    "arb_contains", "as_fraction", "clopper_pearson_interval", "clopper_pearson_upper",
    "deterministic_slope", "evaluate", "frequency", "implementation_mutant", "loglog_slope",
    "make_context", "mean",
    "parameter", "parameter_sequence", "quantity", "resolve_device", "run_all", "run_theorem",
    "single_cpu_thread", "skew_corrected_mean", "sweep_slope", "to_arb", "to_fraction",
    "workprec",
]
