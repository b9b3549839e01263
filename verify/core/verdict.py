"""Verdicts: what checking one theorem (or one mutant) established."""

from __future__ import annotations

import math
import platform
from dataclasses import asdict, dataclass, field
from typing import Any

from verify.core.vocab import Status

CERTIFIED, PASSED, FALSIFIED, INCONCLUSIVE, ERROR = (
    Status.CERTIFIED, Status.PASSED, Status.FALSIFIED, Status.INCONCLUSIVE, Status.ERROR)
STATUSES = tuple(Status)


@dataclass
class Verdict:
    """The result of one check. ``worst_ratio`` is the largest quantity/bound seen (tightness)."""

    id: str
    status: str
    mode: str
    kind: str = "theorem"
    """``theorem`` or ``mutant``."""
    mutant: str | None = None
    title: str = ""
    statement: str = ""
    instances: int = 0
    rejected: int = 0
    """Instances that missed a premise (never counted as counterexamples)."""
    routes: dict[str, int] = field(default_factory=dict)
    worst_ratio: float | None = None
    worst_instance: str | None = None
    worst_detail: str = ""
    worst_data: dict[str, Any] | None = None
    """The worst instance's estimate record: for a rate, the sweep's points (for a plot)."""
    """How the worst instance was judged (for estimates: the interval and its confidence)."""
    counterexample: dict[str, Any] | None = None
    proof: list[dict[str, str]] = field(default_factory=list)
    witnesses: list[dict[str, Any]] = field(default_factory=list)
    necessity: list[dict[str, Any]] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seed: int = 0
    budget: str = "quick"
    device: str = "cpu"
    dtype: str = "float64"
    seconds: float = 0.0
    versions: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if self.worst_ratio is not None and not math.isfinite(self.worst_ratio):
            out["worst_ratio"] = str(self.worst_ratio)
        return out

    @property
    def label(self) -> str:
        return f"{self.id} [mutant: {self.mutant}]" if self.mutant else self.id


def library_versions() -> dict[str, str]:
    """Versions of the libraries whose arithmetic decides verdicts."""
    import flint
    import hypothesis
    import mpmath
    import numpy
    import sympy
    import torch

    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "sympy": sympy.__version__,
        "mpmath": mpmath.__version__,
        "hypothesis": hypothesis.__version__,
        "numpy": numpy.__version__,
        "python-flint": flint.__version__,
    }
