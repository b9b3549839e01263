"""Where runs happen: in this process, in local worker processes (``--jobs N``, and whenever a
``--timeout`` must be able to stop a measure), or on a Dask cluster (``--executor dask``).

Every job is one theorem or one mutant; its seed is the run's seed whatever the worker, so the
verdicts do not depend on how many workers there are or which one ran a job. Verdicts come back
in the order of the jobs; ``on_done`` sees each as soon as it finishes (for the journal).
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from verify.core.declarations import Theorem
from verify.core.verdict import Verdict, library_versions
from verify.core.vocab import Status
from verify.engine.run import RunOptions, run_theorem
from verify.errors import MalformedTheorem, UsageError

__all__ = ["EXECUTORS", "Job", "run_jobs"]

EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class Job:
    """One check: a theorem, or one of its mutants."""

    theorem: Theorem
    mutant: str | None = None

    @property
    def label(self) -> str:
        return self.theorem.id + (f" [mutant: {self.mutant}]" if self.mutant else "")


Progress = Callable[[str], None]
Done = Callable[[int, Verdict], None]


def run_jobs(jobs: Sequence[Job], options: RunOptions, *, workers: int = 1,
             timeout: float | None = None, executor: str = "local",
             scheduler: str | None = None, on_done: Done | None = None,
             progress: Progress | None = None) -> list[Verdict]:
    """Run ``jobs`` and return their verdicts in job order."""
    global _CLOCK
    _CLOCK = _Clock(len(jobs))
    if workers < 1:
        raise UsageError(f"--jobs must be at least 1, got {workers}")
    if timeout is not None and timeout <= 0:
        raise UsageError(f"--timeout must be a positive number of seconds, got {timeout}")
    if executor not in EXECUTORS:
        raise UsageError(f"unknown executor {executor!r}; use one of: {', '.join(EXECUTORS)}")
    if executor == "dask" or scheduler:
        return _run_dask(jobs, options, workers, timeout, scheduler, on_done, progress)
    if workers == 1 and timeout is None:
        return _run_inline(jobs, options, on_done, progress)
    return _run_processes(jobs, options, workers, timeout, on_done, progress)


class _Clock:
    """Elapsed time and a naive ETA (mean seconds per finished check × checks left)."""

    def __init__(self, total: int) -> None:
        self.start, self.total, self.done = time.perf_counter(), total, 0

    def text(self) -> str:
        elapsed = time.perf_counter() - self.start
        if not self.done:
            return f"{_clock(elapsed)} elapsed"
        left = elapsed / self.done * (self.total - self.done)
        return f"{_clock(elapsed)} elapsed, ETA {_clock(left)}"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


_CLOCK: _Clock | None = None


def _announce(progress: Progress | None, index: int, total: int, job: Job) -> None:
    global _CLOCK
    if _CLOCK is None or _CLOCK.total != total:
        _CLOCK = _Clock(total)
    if progress:
        progress(f"[{index + 1}/{total}; {_CLOCK.text()}] {job.label} ...")


def _finished(progress: Progress | None, index: int, total: int, verdict: Verdict) -> None:
    if _CLOCK is not None:
        _CLOCK.done += 1
    if progress:
        ratio = "n/a" if verdict.worst_ratio is None else f"{verdict.worst_ratio:.4g}"
        progress(f"[{index + 1}/{total}] {verdict.label}: {verdict.status} "
                 f"(worst ratio {ratio}, {verdict.seconds:.1f}s)")


def _run_inline(jobs: Sequence[Job], options: RunOptions, on_done: Done | None,
                progress: Progress | None) -> list[Verdict]:
    out = []
    for index, job in enumerate(jobs):
        _announce(progress, index, len(jobs), job)
        verdict = run_theorem(job.theorem, options, job.mutant)
        _finished(progress, index, len(jobs), verdict)
        if on_done:
            on_done(index, verdict)
        out.append(verdict)
    return out


def stopped_verdict(job: Job, options: RunOptions, status: Status, note: str,
                    seconds: float, stopped: str) -> Verdict:
    """The verdict of a job that did not finish (a timeout) or whose worker failed."""
    return Verdict(
        id=job.theorem.id, status=status, mode=job.theorem.mode,
        kind="mutant" if job.mutant else "theorem", mutant=job.mutant,
        mutant_kind=job.theorem.mutant(job.mutant).kind if job.mutant else None,
        title=job.theorem.title, statement=str(job.theorem.statement), seed=options.seed,
        budget=options.budget.name, device=str(options.device),
        dtype=str(options.dtype).replace("torch.", ""), seconds=round(seconds, 3),
        versions=library_versions(), notes=[note], stopped=stopped)


# -- local worker processes ---------------------------------------------------------------

_JOBS: Sequence[Job] = ()
_OPTIONS: RunOptions | None = None


def _child(index: int, connection: Connection, single_thread: bool) -> None:
    """A worker process: run one job, report progress and the verdict through ``connection``."""
    if single_thread:
        _one_thread_per_worker()
    job = _JOBS[index]
    assert _OPTIONS is not None
    try:
        verdict = run_theorem(job.theorem, _OPTIONS, job.mutant,
                              progress=lambda text: connection.send(("progress", text)))
        connection.send(("verdict", verdict.as_dict()))
    except MalformedTheorem as exc:
        connection.send(("malformed", str(exc)))
    except BaseException as exc:  # report everything: the parent decides
        connection.send(("crash", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        connection.close()


@dataclass
class _Running:
    index: int
    process: Any
    connection: Connection
    started: float
    last_progress: str = "started"


def _run_processes(jobs: Sequence[Job], options: RunOptions, workers: int,
                   timeout: float | None, on_done: Done | None, progress: Progress | None
                   ) -> list[Verdict]:
    """Each job in a forked worker (so a hung measure can be stopped); ``workers`` at a time."""
    global _JOBS, _OPTIONS
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    if method is None:  # pragma: no cover - platforms without fork
        raise UsageError("--jobs and --timeout need the 'fork' start method (Linux, macOS); "
                         "on this platform use --executor dask")
    context = multiprocessing.get_context(method)
    _JOBS, _OPTIONS = jobs, options
    results: dict[int, Verdict] = {}
    pending = list(range(len(jobs)))
    running: dict[Connection, _Running] = {}
    single_thread = workers > 1

    def finish(slot: _Running, verdict: Verdict) -> None:
        results[slot.index] = verdict
        _finished(progress, slot.index, len(jobs), verdict)
        if on_done:
            on_done(slot.index, verdict)

    try:
        while pending or running:
            while pending and len(running) < workers:
                index = pending.pop(0)
                _announce(progress, index, len(jobs), jobs[index])
                parent, child = context.Pipe(duplex=False)
                process = context.Process(  # type: ignore[attr-defined]
                    target=_child, args=(index, child, single_thread), daemon=True)
                process.start()
                child.close()
                running[parent] = _Running(index, process, parent, time.perf_counter())
            ready = wait(list(running), timeout=0.2)
            for connection in ready:
                slot = running[connection]  # type: ignore[index]
                try:
                    message = slot.connection.recv()
                except EOFError:
                    slot.process.join()
                    del running[slot.connection]
                    if slot.index not in results:
                        finish(slot, stopped_verdict(
                            jobs[slot.index], options, Status.ERROR,
                            f"the worker process ended without a verdict (exit code "
                            f"{slot.process.exitcode})", time.perf_counter() - slot.started,
                            "crash"))
                    continue
                kind = message[0]
                if kind == "progress":
                    slot.last_progress = message[1]
                elif kind == "verdict":
                    finish(slot, Verdict.from_dict(message[1]))
                elif kind == "malformed":
                    raise MalformedTheorem(message[1])
                elif kind == "crash":
                    finish(slot, stopped_verdict(
                        jobs[slot.index], options, Status.ERROR,
                        f"internal error: {message[1]}", time.perf_counter() - slot.started,
                        "crash"))
            if timeout is not None:
                now = time.perf_counter()
                for connection, slot in list(running.items()):
                    if now - slot.started > timeout and slot.index not in results:
                        slot.process.kill()
                        slot.process.join()
                        del running[connection]
                        finish(slot, stopped_verdict(
                            jobs[slot.index], options, Status.INCONCLUSIVE,
                            f"timeout: stopped after {timeout:g} s (--timeout); last progress: "
                            f"{slot.last_progress}", now - slot.started, "timeout"))
    finally:
        for slot in running.values():
            if slot.process.is_alive():
                slot.process.kill()
            slot.process.join()
        _JOBS, _OPTIONS = (), None
    return [results[i] for i in range(len(jobs))]


# -- Dask ------------------------------------------------------------------------------------

def run_job_by_id(theorem_id: str, origin: str | None, from_file: bool, mutant: str | None,
                  options: RunOptions) -> dict[str, Any]:
    """A Dask task: find the theorem (installed catalogs or its file), run it, return the
    verdict as a dict. Everything it receives is plain data, so any worker can run it."""
    from verify.engine.loader import catalog, load_file, select

    _one_thread_per_worker()
    pool = load_file(origin) if from_file and origin else catalog()
    (theorem,) = select(pool, [theorem_id])
    return run_theorem(theorem, options, mutant).as_dict()


def _run_dask(jobs: Sequence[Job], options: RunOptions, workers: int, timeout: float | None,
              scheduler: str | None, on_done: Done | None, progress: Progress | None
              ) -> list[Verdict]:
    """Send the jobs to a Dask ``distributed`` cluster: the one at ``scheduler``, or a
    ``LocalCluster`` of ``workers`` single-threaded processes on this machine."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise UsageError("--executor dask needs Dask's distributed package: "
                         "pip install 'dlverify[dask]'") from None
    from verify.engine.loader import catalog

    installed = {t.id for t in catalog()}
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    results: dict[int, Verdict] = {}
    started = time.perf_counter()
    try:
        futures = {}
        for index, job in enumerate(jobs):
            _announce(progress, index, len(jobs), job)
            from_file = job.theorem.id not in installed
            future = client.submit(run_job_by_id, job.theorem.id, job.theorem.origin,
                                   from_file, job.mutant, options, pure=False)
            futures[future] = index
        try:
            for future in as_completed(futures, timeout=timeout * len(jobs) if timeout
                                       else None):
                index = futures[future]
                try:
                    verdict = Verdict.from_dict(future.result())
                except MalformedTheorem:
                    raise
                except Exception as exc:
                    verdict = stopped_verdict(jobs[index], options, Status.ERROR,
                                              f"internal error on a Dask worker: {exc}",
                                              time.perf_counter() - started, "crash")
                results[index] = verdict
                _finished(progress, index, len(jobs), verdict)
                if on_done:
                    on_done(index, verdict)
        except TimeoutError:
            for future, index in futures.items():
                if index not in results:
                    future.cancel()
                    results[index] = stopped_verdict(
                        jobs[index], options, Status.INCONCLUSIVE,
                        "timeout: the Dask run exceeded its time limit",
                        time.perf_counter() - started, "timeout")
                    if on_done:
                        on_done(index, results[index])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return [results[i] for i in range(len(jobs))]


def _one_thread_per_worker() -> None:
    """Workers share the machine's cores: one thread each for torch and for the BLAS and
    OpenMP pools of numpy and scipy (threadpoolctl), or two workers would run four threads."""
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    threadpool_limits(1)


def default_workers() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1
