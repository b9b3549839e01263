"""Throughput of ensemble evaluation: batched (one ``baddbmm`` per layer) versus a Python loop
over members, against the machine's dense matmul rate.

Timing uses ``torch.utils.benchmark.Timer.blocked_autorange``, which synchronizes CUDA and
reports the median over blocks of runs. Nothing here asserts on timings.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Sequence
from functools import partial
from itertools import pairwise

import torch
from torch.utils import benchmark

from verify.device import resolve_device
from verify.domain.networks.ensembles import random_ensemble

__all__ = ["format_benchmarks", "run_benchmarks"]

# (name, members E, widths, batch B): large batches, where both paths are GEMM-bound, and
# many networks at few points, where the loop is bound by Python and kernel-launch overhead.
_FULL: tuple[tuple[str, int, tuple[int, ...], int], ...] = (
    ("narrow", 256, (16, 64, 64, 1), 1024),
    ("wide", 64, (64, 256, 256, 256, 1), 1024),
    ("many", 2048, (8, 32, 32, 1), 16),
)
_QUICK: tuple[tuple[str, int, tuple[int, ...], int], ...] = (
    ("narrow", 32, (4, 16, 16, 1), 64),
    ("wide", 8, (16, 64, 64, 1), 64),
    ("many", 128, (4, 16, 16, 1), 4),
)


def _flops(widths: Sequence[int], members: int, batch: int) -> int:
    """Floating-point operations of one ensemble call: 2·N_{l-1}·N_l multiply-adds plus N_l
    bias additions per layer, network and point (activations not counted)."""
    per_point = sum(2 * m * n + n for m, n in pairwise(widths))
    return per_point * members * batch


def _seconds(fn: Callable[[], object], min_run_time: float) -> float:
    """Median seconds per call of ``fn``, after one warm-up call."""
    fn()
    timer = benchmark.Timer(stmt="fn()", globals={"fn": fn},
                            num_threads=torch.get_num_threads())
    return float(timer.blocked_autorange(min_run_time=min_run_time).median)


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return platform.processor() or platform.machine() or "cpu"


def run_benchmarks(device: str = "auto", quick: bool = False, *,
                   dtype: torch.dtype = torch.float64) -> dict:
    """Measure ``Ensemble.__call__`` against ``Ensemble.forward_loop`` and a matmul peak.

    Returns a JSON-serializable dict: machine facts, ``peak`` (a large square ``torch.matmul``
    in ``dtype``, FLOP/s) and ``rows``, one per configuration, with evaluations per second
    (network evaluations × batch points), FLOP/s, and the ratios ``batched_over_loop`` and
    ``batched_over_peak``. ``quick=True`` uses small sizes and short timing runs.
    """
    target = resolve_device(device)
    min_run_time = 0.05 if quick else 0.5
    configs = _QUICK if quick else _FULL

    n = 256 if quick else (8192 if target.type == "cuda" else 2048)
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=gen, dtype=torch.float64).to(target, dtype)
    b = torch.randn(n, n, generator=gen, dtype=torch.float64).to(target, dtype)
    peak_s = _seconds(lambda: torch.matmul(a, b), min_run_time)
    peak_flops = 2 * n**3 / peak_s

    rows = []
    with torch.inference_mode():
        for name, members, widths, batch in configs:
            net = random_ensemble(widths, members, seed=0, device=target, dtype=dtype)
            x = torch.randn(batch, widths[0], generator=gen, dtype=torch.float64).to(
                target, dtype)
            batched_s = _seconds(partial(net.__call__, x), min_run_time)
            loop_s = _seconds(partial(net.forward_loop, x), min_run_time)
            flops = _flops(widths, members, batch)
            evals = members * batch
            rows.append({
                "name": name,
                "members": members,
                "widths": list(widths),
                "batch": batch,
                "flops_per_call": flops,
                "batched_seconds": batched_s,
                "loop_seconds": loop_s,
                "batched_evals_per_s": evals / batched_s,
                "loop_evals_per_s": evals / loop_s,
                "batched_flops_per_s": flops / batched_s,
                "loop_flops_per_s": flops / loop_s,
                "batched_over_loop": loop_s / batched_s,
                "batched_over_peak": flops / batched_s / peak_flops,
            })
    return {
        "device": str(target),
        "device_name": _device_name(target),
        "dtype": str(dtype).removeprefix("torch."),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "cpu_count": os.cpu_count(),
        "threads": torch.get_num_threads(),
        "quick": quick,
        "peak": {"n": n, "seconds": peak_s, "flops_per_s": peak_flops},
        "rows": rows,
    }


def _si(value: float) -> str:
    for factor, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.3g}{prefix}"
    return f"{value:.3g}"


def format_benchmarks(result: dict) -> str:
    """A small text table of :func:`run_benchmarks` output."""
    peak = result["peak"]
    lines = [
        f"device {result['device']} ({result['device_name']}), {result['dtype']}, "
        f"torch {result['torch']}, {result['threads']} threads of {result['cpu_count']} CPUs",
        f"matmul peak: {_si(peak['flops_per_s'])}FLOP/s ({peak['n']}x{peak['n']})",
        "",
    ]
    header = ("config", "E", "widths", "B", "batched eval/s", "loop eval/s", "batched FLOP/s",
              "batched/loop", "batched/peak")
    table = [header]
    for row in result["rows"]:
        table.append((
            row["name"], str(row["members"]), "-".join(map(str, row["widths"])),
            str(row["batch"]), _si(row["batched_evals_per_s"]), _si(row["loop_evals_per_s"]),
            _si(row["batched_flops_per_s"]), f"{row['batched_over_loop']:.2f}",
            f"{row['batched_over_peak']:.3f}",
        ))
    sizes = [max(len(r[c]) for r in table) for c in range(len(header))]
    for r in table:
        lines.append("  ".join(cell.rjust(size) for cell, size in zip(r, sizes, strict=True)))
    return "\n".join(lines)
