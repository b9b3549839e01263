"""The report document: run metadata, every verdict and each theorem's declaration (JSON, the
canonical form from which Markdown and HTML are written)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

from verify.core.declarations import Theorem
from verify.core.verdict import Verdict, library_versions

REPORT_FORMAT = "dlverify-report/1"


def report_document(verdicts: Sequence[Verdict], theorems: Sequence[Theorem] = ()
                    ) -> dict[str, Any]:
    """The JSON document: run metadata, every verdict, and each theorem's declaration."""
    by_id = {t.id: t for t in theorems}
    return {
        "format": REPORT_FORMAT,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": library_versions(),
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
