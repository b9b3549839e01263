"""Working precision of ball arithmetic as a context (python-flint's ``ctx.workprec``).

>>> import flint
>>> with workprec(256):
...     flint.ctx.prec
256
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import flint

__all__ = ["workprec"]


@contextmanager
def workprec(bits: int) -> Iterator[None]:
    """Run the block with arb's working precision set to ``bits`` (restored afterwards, also on
    an exception)."""
    if bits < 2:
        raise ValueError(f"a working precision needs at least 2 bits, got {bits}")
    old = flint.ctx.prec
    flint.ctx.prec = int(bits)
    try:
        yield
    finally:
        flint.ctx.prec = old
