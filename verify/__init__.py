"""dlverify: declare a theorem, and the engine checks it (exactly, rigorously, by sampling,
statistically or as a rate) and tries to falsify its mutants.

This is the public face that catalogs and users' files import; it is asserted against
``__all__`` in the tests. The layers behind it (ARCHITECTURE.md, "Layers"):
``verify.arith`` < ``verify.core`` < ``verify.check`` < ``verify.engine`` < ``verify.report``
< ``verify.frontends``; the mathematics a catalog measures lives in ``verify.domain``.
"""

from verify.arith.convert import arb_bounds, arb_contains, as_fraction, to_arb, to_fraction
from verify.arith.precision import workprec
from verify.check.stats import (
    clopper_pearson_interval,
    clopper_pearson_upper,
    deterministic_slope,
    frequency,
    loglog_slope,
    mean,
    skew_corrected_mean,
    sweep_slope,
)
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
from verify.device import resolve_device, single_cpu_thread
from verify.engine.evaluate import Outcome, evaluate
from verify.engine.run import RunOptions, run_all, run_theorem
from verify.errors import DeviceUnavailable, DlverifyError, MalformedTheorem, UsageError

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
