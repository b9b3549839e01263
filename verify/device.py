"""The torch device a run uses: resolved once from ``cpu | cuda | cuda:N | auto``, and the
single-CPU-thread block that small-tensor loops run in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch

from verify.errors import DeviceUnavailable, UsageError

__all__ = ["resolve_device", "single_cpu_thread"]


_DEVICE_HINT = "use --device cpu or --device auto"


@contextmanager
def single_cpu_thread(device: str | torch.device = "cpu") -> Iterator[None]:
    """Run torch on one CPU thread inside the block (the previous count is restored).

    For loops over small tensors, intra-op threads cost more than they save: on a loaded
    two-core machine such loops ran 5–50 times slower with two threads. A no-op on CUDA.
    ``torch.set_num_threads`` is process-wide, so keep the block short.
    """
    if torch.device(device).type != "cpu":
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def resolve_device(name: str | torch.device) -> torch.device:
    """Turn ``"cpu" | "cuda" | "cuda:N" | "auto"`` into a torch device that exists here.

    ``"auto"`` is CUDA when torch sees a CUDA device, else the CPU. Raises
    :class:`DeviceUnavailable` if a CUDA device is requested but absent.
    """
    if isinstance(name, torch.device):
        name = str(name)
    text = name.strip().lower()
    if text == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if text == "cpu":
        return torch.device("cpu")
    if text == "cuda" or text.startswith("cuda:"):
        index: int | None = None
        if text != "cuda":
            suffix = text[len("cuda:"):]
            if not suffix.isdigit():
                raise UsageError(f"bad device {name!r}: the CUDA index must be a number, "
                                 "as in 'cuda:0'")
            index = int(suffix)
        if not torch.cuda.is_available():
            built = torch.version.cuda or "none"
            raise DeviceUnavailable(
                f"device {name!r} was requested but torch reports no CUDA device on this "
                f"machine (torch {torch.__version__}, built with CUDA: {built}); {_DEVICE_HINT}"
            )
        count = torch.cuda.device_count()
        if index is not None and index >= count:
            raise DeviceUnavailable(
                f"device {name!r} was requested but torch sees only {count} CUDA device(s) "
                f"(cuda:0 .. cuda:{count - 1}); {_DEVICE_HINT}"
            )
        return torch.device("cuda", index) if index is not None else torch.device("cuda")
    raise UsageError(f"unknown device {name!r}; accepted values: cpu, cuda, cuda:N, auto")
