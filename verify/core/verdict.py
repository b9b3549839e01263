"""Verdicts: what checking one theorem (or one mutant) established."""

from __future__ import annotations

import math
import platform
from dataclasses import asdict, dataclass, field, fields
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
    mutant_kind: str | None = None
    """For a mutant: ``statement`` (a false claim) or ``implementation`` (a planted bug)."""
    title: str = ""
    statement: str = ""
    instances: int = 0
    rejected: int = 0
    """Instances that missed a premise (never counted as counterexamples)."""
    routes: dict[str, int] = field(default_factory=dict)
    worst_ratio: float | None = None
    """The worst *decided* ratio quantity/bound over the clauses (exact, ball or float); only
    when every clause is estimated, the worst point estimate, with ``worst_ratio_interval``."""
    worst_ratio_interval: list[float] | None = None
    """When ``worst_ratio`` comes from an estimate: its confidence interval, as ratios."""
    worst_instance: str | None = None
    worst_detail: str = ""
    worst_data: dict[str, Any] | None = None
    """The worst instance's estimate record: for a rate, the sweep's points (for a plot)."""
    """How the worst instance was judged (for estimates: the interval and its confidence)."""
    counterexample: dict[str, Any] | None = None
    clauses: list[dict[str, Any]] = field(default_factory=list)
    """Each relation of the statement: its status, route, worst ratio and instance, and for an
    estimate its interval, p-value, resolution and the budget's target."""
    scope: str = "instances"
    """What ``certified`` and ``passed`` cover: the instances tried (never a proof for all)."""
    proof_coverage: str = "none"
    """``complete`` when the checked proof steps establish the statement, ``partial`` when
    there are steps but they do not (or one is unchecked), ``none`` without steps. Serialized
    as ``proof`` beside the steps (``proof_steps``)."""
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
    stopped: str | None = None
    """Why a check did not finish: ``timeout`` (--timeout) or ``crash`` (its worker died)."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: ``proof`` is the coverage word, ``proof_steps`` the steps."""
        out = asdict(self)
        out["proof_steps"] = out.pop("proof")
        out["proof"] = out.pop("proof_coverage")
        if self.worst_ratio is not None and not math.isfinite(self.worst_ratio):
            out["worst_ratio"] = str(self.worst_ratio)
        return out

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Verdict:
        """The verdict back from :meth:`as_dict` (for resumed and merged runs)."""
        data = dict(record)
        data["proof_coverage"] = data.pop("proof", "none")
        data["proof"] = data.pop("proof_steps", [])
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown verdict fields {', '.join(unknown)}")
        if isinstance(data.get("worst_ratio"), str):
            data["worst_ratio"] = float(data["worst_ratio"])
        data["status"] = Status(data["status"])
        return cls(**data)

    @property
    def key(self) -> tuple[str, str | None]:
        """What a run checked: the theorem id and the mutant (None for the theorem itself)."""
        return self.id, self.mutant

    @property
    def scope_text(self) -> str:
        """``certified on 53 instances``: the status with what it covers."""
        return f"{self.status} on {self.instances} instance{'s' if self.instances != 1 else ''}"

    @property
    def label(self) -> str:
        if not self.mutant:
            return self.id
        kind = "implementation mutant" if self.mutant_kind == "implementation" else "mutant"
        return f"{self.id} [{kind}: {self.mutant}]"


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
