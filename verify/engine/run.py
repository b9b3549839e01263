"""Run a theorem (or one of its mutants) as phases: proof steps, witnesses, the search,
necessity cases, then the status; and run many.

Untrusted search proposes, a trusted evaluator confirms: hypothesis draws instances and climbs
the ratio quantity/bound with ``target``; a violation seen in floats is re-measured rigorously
(``Context.rigorous``) before it counts; hypothesis then shrinks it to a small counterexample.
The rules that decide a verdict live in :mod:`verify.engine.rules`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from verify.check.modes import status_for
from verify.check.proof import check_step
from verify.core.budget import Budget
from verify.core.budget import budget as lookup_budget
from verify.core.declarations import Context, Theorem, make_context
from verify.core.verdict import Verdict, library_versions
from verify.core.vocab import Route, Status, StepStatus
from verify.engine.describe import describe, describe_data
from verify.engine.evaluate import Outcome, evaluate
from verify.engine.rules import check_witness
from verify.engine.search import search
from verify.engine.store import save_counterexample
from verify.errors import MalformedTheorem

__all__ = ["RunOptions", "run_all", "run_theorem"]


@dataclass(frozen=True)
class RunOptions:
    """How to run: budget, seed, device and where counterexamples are saved."""

    budget: Budget = field(default_factory=lambda: lookup_budget("quick"))
    seed: int = 0
    device: str = "cpu"
    dtype: torch.dtype = torch.float64
    save_dir: Path | None = Path("dlverify-counterexamples")

    def context(self) -> Context:
        """The measure's context for this run."""
        return make_context(self.budget, device=self.device, dtype=self.dtype)


@dataclass
class _Tally:
    instances: int = 0
    rejected: int = 0
    undecided: int = 0
    unconfirmed: int = 0
    routes: dict[str, int] = field(default_factory=dict)
    worst: Outcome | None = None

    def add(self, outcome: Outcome) -> None:
        if outcome.missed_premises:
            self.rejected += 1
            return
        self.instances += 1
        j = outcome.judgement
        if j is None:
            return
        route = str(j.route)
        self.routes[route] = self.routes.get(route, 0) + 1
        if j.holds is None:
            self.undecided += 1
        elif j.holds is False and not outcome.confirmed:
            self.unconfirmed += 1
        if j.ratio is not None and not math.isnan(j.ratio):
            best = self.worst.ratio if self.worst else None
            if best is None or j.ratio > best:
                self.worst = outcome


@dataclass
class _Run:
    """What the phases of one run collect."""

    tally: _Tally = field(default_factory=_Tally)
    counterexample: Outcome | None = None
    errors: list[str] = field(default_factory=list)
    failed_witnesses: list[str] = field(default_factory=list)
    """Witness rules broken (attainment decided rigorously short, a claim not holding)."""
    undecided_witnesses: list[str] = field(default_factory=list)


def _proof_phase(theorem: Theorem, verdict: Verdict, run: _Run) -> None:
    for step in theorem.proof:
        result = check_step(step)
        verdict.proof.append(result.as_dict())
        if result.status != StepStatus.CHECKED:
            verdict.unchecked.append(f"proof step {result.status}: {result.text}")
        if result.status == StepStatus.FAILED:
            run.errors.append(f"proof step is false: {result.text}")


def _witness_phase(target: Theorem, context: Context, verdict: Verdict, run: _Run,
                   is_mutant: bool) -> None:
    """Every witness: tallied as an instance; a violation is a counterexample; for the theorem
    itself (not a mutant) the witness rules of :func:`verify.engine.rules.check_witness`."""
    for witness in target.witnesses:
        try:
            result = check_witness(target, witness, context, require_attainment=not is_mutant)
        except MalformedTheorem:
            raise
        except Exception as exc:
            run.errors.append(f"witness {witness.name!r} failed to run: {exc!r}")
            continue
        run.tally.add(result.outcome)
        verdict.witnesses.append(result.record())
        if result.violation is not None:
            if run.counterexample is None:
                run.counterexample = result.violation
            continue
        if is_mutant or not result.problems:
            continue
        if result.outcome.missed_premises:
            run.errors.extend(result.problems)
        elif result.attain_decided and (result.claim is None or result.claim.judgement
                                        is not None and result.claim.judgement.holds is True):
            run.failed_witnesses.extend(result.problems)
        else:
            run.undecided_witnesses.extend(result.problems)


def _necessity_phase(theorem: Theorem, context: Context, verdict: Verdict) -> None:
    for case in theorem.necessity:
        outcome = evaluate(theorem, case.instance, context, check_premises=False)
        missed = [p.name for p in theorem.premises if not p.holds(case.instance)]
        verdict.necessity.append({
            "name": case.name, "dropped": case.dropped, "missed_premises": missed,
            "shown": outcome.violated, "ratio": outcome.ratio,
        })
        if not outcome.violated:
            verdict.notes.append(f"necessity case {case.name!r} did not break the conclusion")


def run_theorem(theorem: Theorem, options: RunOptions, mutant: str | None = None,
                progress: Callable[[str], None] | None = None) -> Verdict:
    """Check a theorem (or one of its mutants) and return its verdict."""
    start = time.perf_counter()
    target = theorem.mutated(theorem.mutant(mutant)) if mutant else theorem
    context = options.context()
    verdict = Verdict(
        id=theorem.id, status=Status.PASSED, mode=theorem.mode,
        kind="mutant" if mutant else "theorem", mutant=mutant, title=theorem.title,
        statement=str(target.statement), seed=options.seed, budget=options.budget.name,
        device=str(options.device), dtype=str(options.dtype).replace("torch.", ""),
        versions=library_versions(),
    )
    if theorem.partial:
        verdict.unchecked.append(f"partial: {theorem.partial}")
    run = _Run()
    if not mutant:
        _proof_phase(theorem, verdict, run)
    _witness_phase(target, context, verdict, run, is_mutant=mutant is not None)
    if run.counterexample is None:
        if progress:
            progress(f"searching {options.budget.examples} instances")
        found, error = search(target, options.budget, options.seed, context, run.tally.add)
        run.counterexample = found
        if error:
            run.errors.append(error)
    if not mutant:
        _necessity_phase(theorem, context, verdict)

    tally = run.tally
    verdict.instances = tally.instances
    verdict.rejected = tally.rejected
    verdict.routes = dict(sorted(tally.routes.items()))
    if tally.worst is not None and tally.worst.judgement is not None:
        verdict.worst_ratio = tally.worst.judgement.ratio
        verdict.worst_instance = describe(tally.worst.instance)
        verdict.worst_detail = tally.worst.judgement.detail
        if tally.worst.judgement.data:
            verdict.worst_data = dict(tally.worst.judgement.data)
    verdict.status = _status(theorem, run, verdict)
    if tally.routes.get(Route.STATISTICAL):
        verdict.notes.append(
            f"{tally.routes[Route.STATISTICAL]} statistical cases, each judged by its own "
            "confidence interval; no correction for testing several cases is applied")
    if run.counterexample is not None:
        verdict.counterexample = _counterexample(theorem, run.counterexample, mutant, options)
        ratio = run.counterexample.ratio
        if ratio is not None and (verdict.worst_ratio is None or ratio > verdict.worst_ratio):
            verdict.worst_ratio = ratio
    verdict.notes.extend(run.errors)
    verdict.seconds = round(time.perf_counter() - start, 3)
    return verdict


def _status(theorem: Theorem, run: _Run, verdict: Verdict) -> Status:
    tally = run.tally
    if run.counterexample is not None:
        return Status.FALSIFIED
    if run.failed_witnesses:
        verdict.notes.extend(f"witness rule broken: {p}" for p in run.failed_witnesses)
        return Status.FALSIFIED
    if run.errors:
        return Status.ERROR
    if tally.instances == 0:
        verdict.notes.append("no instance was checked")
        return Status.INCONCLUSIVE
    if run.undecided_witnesses:
        verdict.notes.extend(f"witness rule not decided: {p}" for p in run.undecided_witnesses)
        return Status.INCONCLUSIVE
    if tally.undecided or tally.unconfirmed:
        verdict.notes.append(
            f"{tally.undecided} undecided and {tally.unconfirmed} unconfirmed float violations")
        return Status.INCONCLUSIVE
    status, note = status_for(theorem.mode, tally.routes)
    if note:
        verdict.notes.append(note)
    return status


def _counterexample(theorem: Theorem, outcome: Outcome, mutant: str | None,
                    options: RunOptions) -> dict[str, Any]:
    j = outcome.judgement
    assert j is not None
    record: dict[str, Any] = {
        "theorem": theorem.id, "mutant": mutant, "file": theorem.origin,
        "instance": describe(outcome.instance),
        "params": {k: str(v) for k, v in outcome.instance.params.items()},
        "data": describe_data(outcome.instance),
        "quantity": j.quantity, "bound": j.bound, "ratio": j.ratio, "route": j.route,
        "detail": j.detail, "seed": options.seed, "budget": options.budget.name,
        "device": str(options.device),
    }
    if options.save_dir is not None:
        try:
            path = save_counterexample(options.save_dir, record, outcome.instance)
            record["saved"] = str(path)
        except (OSError, TypeError) as exc:
            record["saved"] = None
            record["save_error"] = str(exc)
    return record


def run_all(theorems: Iterable[Theorem], options: RunOptions, mutants: bool = False,
            progress: Callable[[str], None] | None = None) -> list[Verdict]:
    """Run every theorem (``mutants=False``) or every declared mutant (``mutants=True``)."""
    jobs: list[tuple[Theorem, str | None]] = []
    for theorem in theorems:
        if mutants:
            jobs.extend((theorem, m.name) for m in theorem.mutants)
        else:
            jobs.append((theorem, None))
    verdicts = []
    for index, (theorem, mutant) in enumerate(jobs, 1):
        label = f"{theorem.id}" + (f" [mutant: {mutant}]" if mutant else "")
        if progress:
            progress(f"[{index}/{len(jobs)}] {label} ...")
        verdict = run_theorem(theorem, options, mutant)
        if progress:
            progress(f"[{index}/{len(jobs)}] {label}: {verdict.status} "
                     f"(worst ratio {_fmt(verdict.worst_ratio)}, {verdict.seconds:.1f}s)")
        verdicts.append(verdict)
    return verdicts


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4g}"
