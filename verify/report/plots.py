"""Inline SVG plots for the HTML report, drawn by matplotlib (the ``report`` extra): a rate
clause's log-log sweep with its fitted slope, interval band and claimed slope; the worst
ratio of every theorem against the line at 1; each witness's ratio. Without matplotlib every
function returns "" and the report says so."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["available", "ratio_chart", "sweep_plot"]


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)  # RDF about the file
    return text[text.index("<svg"):]  # drop the XML prolog and DOCTYPE: inline SVG


def sweep_plot(clause: dict[str, Any]) -> str:
    """log value against log size: the points, the fitted line, the band of slopes in the
    confidence interval, and a line of the claimed slope through the same centre."""
    if not available():
        return ""
    sweep = clause.get("sweep") or {}
    sizes, values = sweep.get("sizes") or [], sweep.get("values") or []
    pairs = [(s, v) for s, v in zip(sizes, values, strict=False) if s > 0 and v > 0]
    if len(pairs) < 2:
        return ""
    xs = [math.log(s) for s, _ in pairs]
    ys = [math.log(v) for _, v in pairs]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    interval = clause.get("interval") or [math.nan, math.nan]
    slope = (interval[0] + interval[1]) / 2
    figure = _figure(4.2, 3.0)
    ax = figure.subplots()
    ax.plot(xs, ys, "o", color="#1f4e79", label="measured")
    grid = [min(xs), max(xs)]
    ax.plot(grid, [cy + slope * (x - cx) for x in grid], color="#1f4e79",
            label=f"fit, slope {slope:.3g}")
    if all(math.isfinite(v) for v in interval):
        ax.fill_between(grid, [cy + interval[0] * (x - cx) for x in grid],
                        [cy + interval[1] * (x - cx) for x in grid], color="#1f4e79",
                        alpha=0.15, label=f"interval [{interval[0]:.3g}, {interval[1]:.3g}]")
    claimed = clause.get("bound")
    if claimed is not None:
        ax.plot(grid, [cy + claimed * (x - cx) for x in grid], "--", color="#b03a2e",
                label=f"claimed slope {claimed:.3g}")
    ax.set_xlabel("log size")
    ax.set_ylabel("log value")
    ax.legend(fontsize=7)
    return _svg(figure)


def ratio_chart(labels: Sequence[str], ratios: Sequence[float | None], title: str,
                kinds: Sequence[str] = ()) -> str:
    """Horizontal bars of quantity/bound with the line at 1. ``kinds`` colours each bar:
    ``falsified`` red, ``estimate`` (a point estimate, judged by its interval) blue, else
    green."""
    if not available() or not labels:
        return ""
    values = [r if r is not None and math.isfinite(r) else 0.0 for r in ratios]
    figure = _figure(6.0, 0.22 * len(labels) + 0.8)
    ax = figure.subplots()
    palette = {"falsified": "#b03a2e", "estimate": "#5b8db8"}
    colors = [palette.get(k, "#2e7d32") for k in kinds] if kinds else \
        ["#b03a2e" if v > 1 else "#2e7d32" for v in values]
    ax.barh(range(len(labels)), values, color=colors)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("worst ratio quantity / bound")
    ax.set_title(title, fontsize=9)
    return _svg(figure)
