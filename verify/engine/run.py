"""Run a theorem (or one of its mutants) as phases: proof steps, witnesses, the search,
necessity cases, then the status; and run many.

Untrusted search proposes, a trusted evaluator confirms: hypothesis draws instances and climbs
the ratio quantity/bound with ``target``; a violation seen in floats is re-measured rigorously
(``Context.rigorous``) before it counts; hypothesis then shrinks it to a small counterexample.
The rules that decide a verdict live in :mod:`verify.engine.rules`.
"""

from __future__ import annotations

import importlib
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sympy
import torch

from verify.check.judge import Judgement
from verify.check.modes import status_for
from verify.check.proof import check_step
from verify.core.budget import Budget
from verify.core.budget import budget as lookup_budget
from verify.core.declarations import Context, Instance, Theorem, make_context
from verify.core.verdict import Verdict, library_versions
from verify.core.vocab import ProofCoverage, Route, Status, StepStatus
from verify.engine.describe import describe, describe_data
from verify.engine.evaluate import Outcome, evaluate
from verify.engine.rules import check_witness
from verify.engine.search import search
from verify.engine.store import default_store, save_counterexample
from verify.errors import MalformedTheorem

__all__ = ["RunOptions", "family_size", "patched", "run_all", "run_theorem"]


@dataclass(frozen=True)
class RunOptions:
    """How to run: budget, seed, device and where counterexamples are saved."""

    budget: Budget = field(default_factory=lambda: lookup_budget("quick"))
    seed: int = 0
    device: str = "cpu"
    dtype: torch.dtype = torch.float64
    save_dir: Path | None = field(default_factory=default_store)

    def context(self) -> Context:
        """The measure's context for this run."""
        return make_context(self.budget, device=self.device, dtype=self.dtype)


@dataclass
class _Clause:
    """One relation of the statement over the run: routes, undecided cases, the worst case."""

    relation: str
    routes: dict[str, int] = field(default_factory=dict)
    undecided: int = 0
    worst: Judgement | None = None
    worst_instance: Instance | None = None
    looks: int = 1
    sample_scale: int = 1
    refine_note: str = ""

    def add(self, clause: Judgement, instance: Instance) -> None:
        route = str(clause.route)
        self.routes[route] = self.routes.get(route, 0) + 1
        if clause.holds is None:
            self.undecided += 1
        ratio = clause.ratio
        if ratio is not None and not math.isnan(ratio) and (
                self.worst is None or self.worst.ratio is None or math.isnan(self.worst.ratio)
                or ratio > self.worst.ratio):
            self.worst, self.worst_instance = clause, instance


@dataclass
class _Tally:
    instances: int = 0
    rejected: int = 0
    undecided: int = 0
    unconfirmed: int = 0
    routes: dict[str, int] = field(default_factory=dict)
    worst: Outcome | None = None
    clauses: dict[str, _Clause] = field(default_factory=dict)
    first_undecided: Outcome | None = None

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
            if self.first_undecided is None:
                self.first_undecided = outcome
        elif j.holds is False and not outcome.confirmed:
            self.unconfirmed += 1
        if j.ratio is not None and not math.isnan(j.ratio):
            best = self.worst.ratio if self.worst else None
            if best is None or j.ratio > best:
                self.worst = outcome
        for clause in j.clauses or (j,):
            self.clauses.setdefault(clause.relation, _Clause(clause.relation)).add(
                clause, outcome.instance)


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
                   is_mutant: bool, family: int, keeps_statement: bool = False) -> None:
    """Every witness: tallied as an instance; a violation is a counterexample. The witness
    rules of :func:`verify.engine.rules.check_witness` (attainment, claims) apply to the
    theorem itself and to its implementation mutants, which keep its statement: a planted bug
    that leaves a sharp witness short of its bound is caught."""
    for witness in target.witnesses:
        try:
            rules = not is_mutant or keeps_statement
            result = check_witness(target, witness, context, require_attainment=rules,
                                   family=family)
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
        if (is_mutant and not keeps_statement) or not result.problems:
            continue
        if result.outcome.missed_premises:
            run.errors.extend(result.problems)
        elif result.decided:
            run.failed_witnesses.extend(result.problems)
        else:
            run.undecided_witnesses.extend(result.problems)


def _extremes(theorem: Theorem, budget: Budget) -> list[Instance]:
    extremes = theorem.extremes(budget) if callable(theorem.extremes) else theorem.extremes
    return list(extremes)


def _extreme_phase(target: Theorem, extremes: Sequence[Instance], context: Context, run: _Run,
                   family: int) -> None:
    """The declared extreme instances, tried at every budget before the random search."""
    for instance in extremes:
        try:
            outcome = evaluate(target, instance, context, family=family)
        except MalformedTheorem:
            raise
        except Exception as exc:
            run.errors.append(f"extreme instance {describe(instance)} failed to run: {exc!r}")
            continue
        run.tally.add(outcome)
        if outcome.violated and run.counterexample is None:
            run.counterexample = outcome
            return


def _absolute(clause: Judgement) -> bool:
    """Equalities (rates) and inequalities against 0 are resolved in absolute terms."""
    return clause.relation.startswith("Eq(") or " == " in clause.relation or \
        clause.bound == 0


def _target(clause: Judgement, budget: Budget) -> float:
    return budget.slope_resolution if _absolute(clause) else budget.resolution


def _refine_phase(target: Theorem, options: RunOptions, run: _Run, family: int,
                  seconds: float) -> None:
    """Grow the samples of each estimated clause at its worst instance (doubling
    ``Context.sample_scale``) until its resolution reaches the budget's target, the measure
    stops improving, the budget's doublings are spent or ``seconds`` run out."""
    budget = options.budget
    deadline = time.perf_counter() + seconds
    for clause in run.tally.clauses.values():
        worst = clause.worst
        if worst is None or not worst.estimated or clause.worst_instance is None:
            continue
        goal = _target(worst, budget)
        scale, last = 1, None
        while worst.resolution is not None and worst.resolution > goal:
            if scale >= 2 ** budget.doublings:
                clause.refine_note = f"target not reached: {budget.doublings} doublings spent"
                break
            remaining = deadline - time.perf_counter()
            if last is not None and 2 * last > remaining or remaining <= 0:
                clause.refine_note = "target not reached: the budget's time ran out"
                break
            scale *= 2
            context = replace(options.context(), sample_scale=scale)
            start = time.perf_counter()
            outcome = evaluate(target, clause.worst_instance, context, family=family)
            last = time.perf_counter() - start
            clause.looks += 1
            refined = next((c for c in (outcome.judgement.clauses if outcome.judgement else ())
                            if c.relation == clause.relation), None)
            if refined is None or refined.resolution is None:
                break
            improved = refined.resolution < 0.9 * worst.resolution
            clause.worst, clause.sample_scale = refined, scale
            worst = refined
            if outcome.violated:
                if run.counterexample is None:
                    run.counterexample = outcome
                return
            if not improved:
                clause.refine_note = ("target not reached: the measure does not draw more "
                                      "samples when asked (Context.samples)")
                break


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


def family_size(theorem: Theorem, budget: Budget, extremes: int = 0) -> int:
    """How many cases a run may judge (witnesses, extremes, the search's examples and the
    refinement looks of each clause): estimates are tested at (1 − confidence)/family, so a
    true statement is falsified with probability at most 1 − confidence over the whole run."""
    clauses = len(theorem.statement.args) if isinstance(theorem.statement, sympy.And) else 1
    return budget.examples + len(theorem.witnesses) + extremes + budget.doublings * clauses


_REFINE_SECONDS = (10.0, 30.0, 300.0)


def run_theorem(theorem: Theorem, options: RunOptions, mutant: str | None = None,
                progress: Callable[[str], None] | None = None) -> Verdict:
    """Check a theorem (or one of its mutants) and return its verdict."""
    start = time.perf_counter()
    declared = theorem.mutant(mutant) if mutant else None
    target = theorem.mutated(declared) if declared else theorem
    context = options.context()
    verdict = Verdict(
        id=theorem.id, status=Status.PASSED, mode=theorem.mode,
        kind="mutant" if mutant else "theorem", mutant=mutant,
        mutant_kind=declared.kind if declared else None, title=theorem.title,
        statement=str(target.statement), seed=options.seed, budget=options.budget.name,
        device=str(options.device), dtype=str(options.dtype).replace("torch.", ""),
        versions=library_versions(),
    )
    if theorem.partial:
        verdict.unchecked.append(f"partial: {theorem.partial}")
    run = _Run()
    def say(text: str) -> None:
        if progress:
            progress(text)

    with patched(declared.patches if declared else {}):
        extremes = _extremes(target, options.budget)
        family = family_size(target, options.budget, len(extremes))
        if not mutant:
            _proof_phase(theorem, verdict, run)
            say(f"{len(theorem.proof)} proof steps checked")
        _witness_phase(target, context, verdict, run, is_mutant=mutant is not None,
                       keeps_statement=declared is not None and declared.kind == "implementation",
                       family=family)
        say(f"{len(target.witnesses)} witnesses judged")
        if run.counterexample is None:
            _extreme_phase(target, extremes, context, run, family)
        if run.counterexample is None:
            if progress:
                progress(f"searching {options.budget.examples} instances")
            found, error, failed = search(target, options.budget, options.seed, context,
                                          run.tally.add, family)
            run.counterexample = found
            if error:
                run.errors.append(error + _replay_hint(theorem, failed, mutant, options,
                                                       error))
        if run.counterexample is None and not run.errors:
            say(f"search done ({run.tally.instances} instances); refining estimates")
            _refine_phase(target, options, run, family,
                          _REFINE_SECONDS[options.budget.level])
        if not mutant:
            _necessity_phase(theorem, context, verdict)

    tally = run.tally
    verdict.instances = tally.instances
    verdict.rejected = tally.rejected
    verdict.routes = dict(sorted(tally.routes.items()))
    if tally.worst is not None and tally.worst.judgement is not None:
        verdict.worst_instance = describe(tally.worst.instance)
        verdict.worst_detail = tally.worst.judgement.detail
        if tally.worst.judgement.data:
            verdict.worst_data = dict(tally.worst.judgement.data)
    verdict.status = _status(theorem, run, verdict)
    verdict.clauses = _clause_records(run, verdict, options.budget)
    _headline(verdict, run)
    verdict.proof_coverage = _proof_coverage(theorem, verdict)
    if run.counterexample is not None:
        verdict.counterexample = _counterexample(theorem, run.counterexample, mutant, options)
        ratio = run.counterexample.ratio
        if ratio is not None and (verdict.worst_ratio is None or ratio > verdict.worst_ratio):
            verdict.worst_ratio = ratio
            verdict.worst_ratio_interval = None
    estimated = tally.routes.get(Route.STATISTICAL, 0)
    if estimated:
        verdict.notes.append(
            f"{estimated} estimated cases; each is tested at (1 − confidence)/{family} "
            f"(Bonferroni over the {family} cases the run may judge, Holm's first step): "
            "a true statement is falsified with probability at most 1 − confidence")
    verdict.notes.extend(run.errors)
    verdict.seconds = round(time.perf_counter() - start, 3)
    return verdict


def _clause_status(clause: _Clause, verdict: Verdict, run: _Run) -> Status:
    violated = run.counterexample is not None and run.counterexample.judgement is not None \
        and any(c.relation == clause.relation and c.holds is False
                for c in run.counterexample.judgement.clauses or (run.counterexample.judgement,))
    if violated:
        return Status.FALSIFIED
    if clause.undecided:
        return Status.INCONCLUSIVE
    if verdict.status == Status.CERTIFIED or (
            verdict.status != Status.PASSED and all(Route(r).rigorous for r in clause.routes)):
        return Status.CERTIFIED if all(Route(r).rigorous for r in clause.routes) \
            else Status.PASSED
    return Status.PASSED


def _clause_records(run: _Run, verdict: Verdict, budget: Budget) -> list[dict[str, Any]]:
    out = []
    for clause in run.tally.clauses.values():
        worst = clause.worst
        record: dict[str, Any] = {
            "relation": clause.relation, "status": _clause_status(clause, verdict, run),
            "routes": dict(sorted(clause.routes.items())),
            "worst_ratio": worst.ratio if worst else None,
            "worst_instance": describe(clause.worst_instance) if clause.worst_instance else None,
            "interval": None, "resolution": None,
        }
        if worst is not None and worst.estimated:
            goal = _target(worst, budget)
            record.update({
                "interval": list(worst.interval) if worst.interval else None,
                "bound": worst.bound, "p_value": worst.p_value, "level": worst.level,
                "resolution": worst.resolution,
                "resolution_kind": "absolute" if _absolute(worst) else "relative",
                "target": goal,
                "target_reached": worst.resolution is not None and worst.resolution <= goal,
                "looks": clause.looks, "sample_scale": clause.sample_scale,
            })
            if clause.refine_note:
                record["note"] = clause.refine_note
            data = worst.data or {}
            if "sizes" in data and "values" in data:
                record["sweep"] = {key: data[key] for key in ("sizes", "values", "intercept")
                                   if key in data}
        out.append(record)
    return out


def _headline(verdict: Verdict, run: _Run) -> None:
    """The headline worst ratio: the worst decided clause; only when every clause is estimated,
    the worst estimate, with its interval as ratios."""
    clauses = [c.worst for c in run.tally.clauses.values() if c.worst is not None
               and c.worst.ratio is not None and not math.isnan(c.worst.ratio)]
    decided = [c for c in clauses if not c.estimated]
    if decided:
        verdict.worst_ratio = max(c.ratio for c in decided if c.ratio is not None)
        return
    if not clauses:
        return
    worst = max(clauses, key=lambda c: c.ratio if c.ratio is not None else -math.inf)
    verdict.worst_ratio = worst.ratio
    if worst.interval and worst.bound:
        lo, hi = (v / worst.bound for v in worst.interval)
        verdict.worst_ratio_interval = [min(lo, hi), max(lo, hi)]


def _proof_coverage(theorem: Theorem, verdict: Verdict) -> str:
    if not theorem.proof:
        return ProofCoverage.NONE
    all_checked = all(step["status"] == StepStatus.CHECKED for step in verdict.proof)
    return ProofCoverage.COMPLETE if theorem.proof_complete and all_checked \
        else ProofCoverage.PARTIAL


@contextmanager
def patched(patches: Mapping[str, Any]) -> Iterator[None]:
    """Replace attributes by dotted path (``"package.module.name"``) inside the block: how an
    implementation mutant plants its bug in a helper."""
    saved = []
    try:
        for path, replacement in patches.items():
            owner, name = _resolve_owner(path)
            saved.append((owner, name, getattr(owner, name)))
            setattr(owner, name, replacement)
        yield
    finally:
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)


def _resolve_owner(path: str) -> tuple[Any, str]:
    module_path, _, name = path.rpartition(".")
    parts = module_path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            owner: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            owner = getattr(owner, attribute)
        if not hasattr(owner, name):
            break
        return owner, name
    raise MalformedTheorem(f"patch target {path!r} does not exist; name the attribute where the "
                           "measure looks it up, e.g. 'theorems.depth.piece_count'",
                           field="mutants")


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
        first = tally.first_undecided
        if first is not None and first.judgement is not None:
            verdict.notes.append(f"first undecided instance {describe(first.instance)}: "
                                 f"{first.judgement.detail or 'the enclosures overlap'}")
        return Status.INCONCLUSIVE
    status, note = status_for(theorem.mode, tally.routes)
    if note:
        verdict.notes.append(note)
    return status


def _replay_hint(theorem: Theorem, instance: Instance | None, mutant: str | None,
                 options: RunOptions, reason: str) -> str:
    """Save the instance a measure failed on, and say how to replay it ("" if none)."""
    if instance is None or options.save_dir is None:
        return ""
    record = {"theorem": theorem.id, "mutant": mutant, "file": theorem.origin,
              "instance": describe(instance), "error": reason, "seed": options.seed,
              "budget": options.budget.name, "device": str(options.device)}
    try:
        path = save_counterexample(options.save_dir, record, instance)
    except (OSError, TypeError) as exc:
        return f" (the instance could not be saved: {exc})"
    return f"; saved to {path}; replay with: dlverify replay {path}"


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
            progress: Callable[[str], None] | None = None, *, workers: int = 1,
            timeout: float | None = None, executor: str = "local",
            scheduler: str | None = None,
            on_done: Callable[[int, Verdict], None] | None = None,
            skip: Iterable[tuple[str, str | None]] = ()) -> list[Verdict]:
    """Run every theorem (``mutants=False``) or every declared mutant (``mutants=True``):
    in this process, in ``workers`` local processes, or on a Dask cluster
    (verify.engine.executors); ``skip`` leaves out (id, mutant) pairs already done."""
    from verify.engine.executors import Job, run_jobs

    done = set(skip)
    jobs: list[Job] = []
    for theorem in theorems:
        names = [m.name for m in theorem.mutants] if mutants else [None]
        jobs.extend(Job(theorem, name) for name in names if (theorem.id, name) not in done)
    return run_jobs(jobs, options, workers=workers, timeout=timeout, executor=executor,
                    scheduler=scheduler, on_done=on_done, progress=progress)


