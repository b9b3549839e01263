"""A cached description of the installed catalogs, so that ``dlverify list`` and ``show`` do
not import every theorem module (and torch) on each call.

The cache is keyed by a fingerprint of the catalogs' source files and of dlverify's own (paths,
sizes and modification times): any edit rebuilds it. It lives in the user cache directory
(``$XDG_CACHE_HOME/dlverify`` or ``~/.cache/dlverify``); set ``DLVERIFY_NO_CACHE=1`` to bypass.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Iterable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import sympy

from verify.core.declarations import Theorem

__all__ = ["catalog_rows", "theorem_row"]

_FORMAT = "dlverify-catalog-index/1"


def _package_files(module: str) -> Iterable[Path]:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return []
    if spec is None:
        return []
    roots = list(spec.submodule_search_locations or []) or \
        ([str(Path(spec.origin).parent)] if spec.origin else [])
    return sorted(p for root in roots for p in Path(root).rglob("*.py"))


def _fingerprint() -> str | None:
    from verify.engine.loader import ENTRY_POINT_GROUP

    digest = hashlib.sha256(_FORMAT.encode())
    modules = sorted({ep.value.split(":")[0] for ep in entry_points(group=ENTRY_POINT_GROUP)})
    files = [f for m in [*modules, "verify"] for f in _package_files(m)]
    if not files:
        return None
    for path in files:
        stat = path.stat()
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def _cache_path(fingerprint: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dlverify"
    return base / f"catalog-{fingerprint}.json"


def describe_parameter(symbol: Any) -> str:
    """``n (integer, positive)``, ``n (sequence n_1, n_2, ...)``."""
    if isinstance(symbol, sympy.IndexedBase):
        return f"{symbol} (sequence {symbol}_1, {symbol}_2, ...)"
    facts = getattr(symbol, "assumptions0", {})
    shown = [k for k in ("integer", "positive", "nonnegative", "real") if facts.get(k)]
    if "positive" in shown:
        shown = [k for k in shown if k not in ("nonnegative", "real")]
    return f"{symbol} ({', '.join(shown) or 'any'})"


def theorem_row(theorem: Theorem) -> dict[str, Any]:
    """Everything ``list`` and ``show`` print about a theorem, as JSON data."""
    from verify.check.proof import check_step

    return {
        "id": theorem.id, "section": theorem.section, "title": theorem.title,
        "mode": str(theorem.mode), "coverage": "partial" if theorem.partial else "complete",
        "mutants": len(theorem.mutants),
        "implementation_mutants": sum(m.kind == "implementation" for m in theorem.mutants),
        "witnesses": len(theorem.witnesses), "source": theorem.source,
        "survey": theorem.survey, "statement": str(theorem.statement),
        "latex": theorem.latex(),
        "parameters": [describe_parameter(p) for p in theorem.parameters],
        "premises": [p.name for p in theorem.premises],
        "proof": [{"step": step.text, "status": str(check_step(step).status)}
                  for step in theorem.proof],
        "witness_list": [{"name": w.name, "claim": str(w.claim) if w.claim is not None
                          else None} for w in theorem.witnesses],
        "mutant_list": [{"name": m.name, "description": m.description, "kind": m.kind}
                        for m in theorem.mutants],
        "necessity": [{"name": n.name, "dropped": n.dropped} for n in theorem.necessity],
        "partial": theorem.partial, "notes": theorem.notes,
    }


def catalog_rows() -> list[dict[str, Any]]:
    """The rows of every installed theorem: from the cache when it is fresh, else by loading
    the catalogs (and then cached)."""
    from verify.engine.loader import catalog

    fingerprint = None if os.environ.get("DLVERIFY_NO_CACHE") else _fingerprint()
    if fingerprint is not None:
        path = _cache_path(fingerprint)
        try:
            document = json.loads(path.read_text())
            if document.get("format") == _FORMAT:
                return list(document["rows"])
        except (OSError, ValueError, KeyError):
            pass
    rows = [theorem_row(t) for t in catalog()]
    if fingerprint is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"format": _FORMAT, "rows": rows}))
            tmp.replace(path)
            for stale in path.parent.glob("catalog-*.json"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache directory: no cache, same answers
    return rows
