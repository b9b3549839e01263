"""Throughput of ensemble evaluation: batched (one ``baddbmm`` per layer) versus a Python loop
over members, against the machine's dense matmul rate.

Timing uses ``torch.utils.benchmark.Timer.blocked_autorange``, which synchronizes CUDA and
reports the median over blocks of runs. Nothing here asserts on timings.
"""

from __future__ import annotations

import os
import platform
import statistics
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


def _seconds(fn: Callable[[], object], min_run_time: float, repeats: int
             ) -> dict[str, float]:
    """Seconds per call of ``fn`` over ``repeats`` independent measurements (each the median
    of ``Timer.blocked_autorange``, after one warm-up call): median, min and max."""
    fn()
    timer = benchmark.Timer(stmt="fn()", globals={"fn": fn},
                            num_threads=torch.get_num_threads())
    runs = sorted(float(timer.blocked_autorange(min_run_time=min_run_time).median)
                  for _ in range(repeats))
    return {"median": statistics.median(runs), "min": runs[0], "max": runs[-1],
            "repeats": repeats}


def _spread(timing: dict[str, float]) -> float:
    """Relative spread (max − min)/median of a timing."""
    return (timing["max"] - timing["min"]) / timing["median"]


def matmul_peak(target: torch.device, dtype: torch.dtype, n: int, min_run_time: float,
                repeats: int) -> dict[str, float]:
    """FLOP/s of a square ``n × n`` matmul in ``dtype``: the reference every ratio uses."""
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=gen, dtype=torch.float64).to(target, dtype)
    b = torch.randn(n, n, generator=gen, dtype=torch.float64).to(target, dtype)
    timing = _seconds(lambda: torch.matmul(a, b), min_run_time, repeats)
    flops = 2 * n**3
    return {"n": n, "flops": flops, "seconds": timing["median"],
            "flops_per_s": flops / timing["median"], "spread": _spread(timing)}


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return platform.processor() or platform.machine() or "cpu"


def run_benchmarks(device: str = "auto", quick: bool = False, *,
                   dtypes: Sequence[torch.dtype] = (torch.float64, torch.float32),
                   repeats: int | None = None) -> dict:
    """Measure ``Ensemble.__call__`` against ``Ensemble.forward_loop`` and a matmul peak of
    each dtype, in the same run.

    Returns a JSON-serializable dict: machine facts, ``peaks`` (a large square matmul per
    dtype) and ``rows``, one per configuration and dtype, with the FLOPs of one call, median
    seconds and their relative spread over ``repeats`` measurements, FLOP/s, and the ratios
    ``batched_over_loop`` and ``batched_over_peak``. ``quick`` uses smaller sizes and fewer
    repeats, with the same method (a real peak, not a toy matmul).
    """
    target = resolve_device(device)
    min_run_time = 0.1 if quick else 0.5
    repeats = repeats or (3 if quick else 5)
    configs = _QUICK if quick else _FULL
    n = 1024 if quick else (8192 if target.type == "cuda" else 2048)
    peaks = {str(dtype).removeprefix("torch."): matmul_peak(target, dtype, n, min_run_time,
                                                            repeats) for dtype in dtypes}
    gen = torch.Generator().manual_seed(0)
    rows = []
    with torch.inference_mode():
        for dtype in dtypes:
            name_of_dtype = str(dtype).removeprefix("torch.")
            peak = peaks[name_of_dtype]["flops_per_s"]
            for name, members, widths, batch in configs:
                net = random_ensemble(widths, members, seed=0, device=target, dtype=dtype)
                x = torch.randn(batch, widths[0], generator=gen, dtype=torch.float64).to(
                    target, dtype)
                batched = _seconds(partial(net.__call__, x), min_run_time, repeats)
                loop = _seconds(partial(net.forward_loop, x), min_run_time, repeats)
                flops = _flops(widths, members, batch)
                rows.append({
                    "name": name, "dtype": name_of_dtype, "members": members,
                    "widths": list(widths), "batch": batch, "flops_per_call": flops,
                    "batched_seconds": batched["median"], "batched_spread": _spread(batched),
                    "loop_seconds": loop["median"], "loop_spread": _spread(loop),
                    "batched_flops_per_s": flops / batched["median"],
                    "loop_flops_per_s": flops / loop["median"],
                    "batched_over_loop": loop["median"] / batched["median"],
                    "batched_over_peak": flops / batched["median"] / peak,
                })
    return {
        "device": str(target),
        "device_name": _device_name(target),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "cpu_count": os.cpu_count(),
        "threads": torch.get_num_threads(),
        "quick": quick,
        "repeats": repeats,
        "peaks": peaks,
        "rows": rows,
    }


def _si(value: float) -> str:
    for factor, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.3g}{prefix}"
    return f"{value:.3g}"


def format_benchmarks(result: dict) -> str:
    """A text table of :func:`run_benchmarks` output (medians, spreads and ratios)."""
    lines = [
        f"device {result['device']} ({result['device_name']}), torch {result['torch']}, "
        f"{result['threads']} threads of {result['cpu_count']} CPUs; medians of "
        f"{result['repeats']} repeats",
    ]
    for dtype, peak in result["peaks"].items():
        lines.append(f"matmul peak {dtype}: {_si(peak['flops_per_s'])}FLOP/s "
                     f"({peak['n']}x{peak['n']}, spread {peak['spread']:.1%})")
    lines.append("")
    header = ("config", "dtype", "E", "widths", "B", "FLOP/call", "batched FLOP/s", "spread",
              "batched/loop", "batched/peak")
    table = [header]
    for row in result["rows"]:
        table.append((
            row["name"], row["dtype"], str(row["members"]), "-".join(map(str, row["widths"])),
            str(row["batch"]), _si(row["flops_per_call"]), _si(row["batched_flops_per_s"]),
            f"{row['batched_spread']:.1%}", f"{row['batched_over_loop']:.2f}",
            f"{row['batched_over_peak']:.3f}",
        ))
    sizes = [max(len(r[c]) for r in table) for c in range(len(header))]
    for r in table:
        lines.append("  ".join(cell.rjust(size) for cell, size in zip(r, sizes, strict=True)))
    return "\n".join(lines)
