"""The report document: run metadata, every verdict and each theorem's declaration (JSON, the
canonical form from which Markdown and HTML are written)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

from verify.core.declarations import Theorem
from verify.core.verdict import Verdict, library_versions

REPORT_FORMAT = "dlverify-report/1"


def report_document(verdicts: Sequence[Verdict], theorems: Sequence[Theorem] = (),
                    partial: bool = False) -> dict[str, Any]:
    """The JSON document: run metadata, every verdict, and each theorem's declaration."""
    by_id = {t.id: t for t in theorems}
    return {
        "format": REPORT_FORMAT,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": library_versions(),
        "partial": partial,
        "summary": summarize(verdicts),
        "theorems": {tid: describe_theorem(t) for tid, t in by_id.items()},
        "verdicts": [v.as_dict() for v in verdicts],
    }


def summarize(verdicts: Sequence[Verdict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[v.status] = counts.get(v.status, 0) + 1
    return counts


def describe_theorem(theorem: Theorem) -> dict[str, Any]:
    return {
        "id": theorem.id, "title": theorem.title, "survey": theorem.survey,
        "source": theorem.source, "mode": theorem.mode, "statement": str(theorem.statement),
        "latex": theorem.latex(), "sharp": theorem.sharp,
        "partial": theorem.partial, "premises": [p.name for p in theorem.premises],
        "mutants": [{"name": m.name, "description": m.description} for m in theorem.mutants],
        "witnesses": [w.name for w in theorem.witnesses],
        "necessity": [{"name": n.name, "dropped": n.dropped} for n in theorem.necessity],
        "notes": theorem.notes, "file": theorem.origin,
    }


def format_ratio(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:.4g}"


def headline_ratio(verdict: dict[str, Any]) -> str:
    """The headline worst ratio, with its interval when it comes from an estimate."""
    text = format_ratio(verdict.get("worst_ratio"))
    interval = verdict.get("worst_ratio_interval")
    if interval:
        text += f" (estimate; interval {interval[0]:.4g} – {interval[1]:.4g})"
    return text


def format_interval(clause: dict[str, Any]) -> str:
    """An estimated clause's confidence interval against its bound, or a dash."""
    interval = clause.get("interval")
    if not interval:
        return "–"
    return f"[{interval[0]:.4g}, {interval[1]:.4g}] vs {clause.get('bound', 0):.4g}"


def format_resolution(clause: dict[str, Any]) -> str:
    """``0.083 (0.1, reached)``: the resolution, the budget's target and whether it was met."""
    value = clause.get("resolution")
    if value is None:
        return "–"
    unit = "" if clause.get("resolution_kind") == "absolute" else " relative"
    state = "reached" if clause.get("target_reached") else "NOT reached"
    return f"{value:.3g}{unit} ({clause.get('target')}, {state})"
