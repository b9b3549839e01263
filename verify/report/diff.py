"""Compare two report directories: status changes, ratios that moved, theorems gained or
lost. A regression — a theorem whose status worsened, a mutant no longer falsified, a theorem
lost — is what ``dlverify diff`` exits 1 on (for CI of papers and of the catalog itself)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verify.errors import InvalidFile
from verify.report.document import REPORT_FORMAT

__all__ = ["ReportDiff", "diff_reports", "load_report"]

# Higher is better for a theorem; for a mutant only `falsified` is good.
_RANK = {"certified": 4, "passed": 3, "inconclusive": 2, "error": 1, "falsified": 0}


def load_report(directory: Path) -> dict[str, Any]:
    """The report document of a report directory (or of a report.json file)."""
    path = Path(directory)
    path = path / "report.json" if path.is_dir() else path
    try:
        document = json.loads(path.read_text())
    except FileNotFoundError:
        raise InvalidFile(f"{path}: no such report (run `dlverify report DIR` first)") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidFile(f"{path} is not a JSON report") from None
    if not isinstance(document, dict) or document.get("format") != REPORT_FORMAT:
        raise InvalidFile(f"{path} is not a dlverify report (format {REPORT_FORMAT})")
    return document


def _key(verdict: dict[str, Any]) -> str:
    return verdict["id"] + (f" [mutant: {verdict['mutant']}]" if verdict.get("mutant") else "")


@dataclass
class ReportDiff:
    """What changed between two reports."""

    regressions: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    @property
    def regressed(self) -> bool:
        return bool(self.regressions or self.lost)

    def lines(self) -> list[str]:
        out = []
        for title, items in (("regressions", self.regressions), ("lost", self.lost),
                             ("improvements", self.improvements),
                             ("ratios moved", self.moved), ("new", self.added)):
            if items:
                out.append(f"{title}:")
                out += [f"  {item}" for item in items]
        return out or ["no differences in status or ratio"]


def _ratio(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def diff_reports(old: dict[str, Any], new: dict[str, Any], ratio_tolerance: float = 0.05
                 ) -> ReportDiff:
    """Compare ``old`` and ``new`` report documents. A worst ratio that moved by more than
    ``ratio_tolerance`` (relative) is listed; only status changes count as regressions."""
    before = {_key(v): v for v in old.get("verdicts", [])}
    after = {_key(v): v for v in new.get("verdicts", [])}
    diff = ReportDiff()
    for key, v in before.items():
        if key not in after:
            diff.lost.append(f"{key} (was {v['status']})")
            continue
        w = after[key]
        if v["status"] != w["status"]:
            mutant = v.get("kind") == "mutant"
            worse = (w["status"] != "falsified") if mutant else \
                _RANK.get(w["status"], 0) < _RANK.get(v["status"], 0)
            text = f"{key}: {v['status']} → {w['status']}"
            (diff.regressions if worse else diff.improvements).append(text)
        a, b = _ratio(v.get("worst_ratio")), _ratio(w.get("worst_ratio"))
        if a is not None and b is not None and abs(b - a) > ratio_tolerance * max(abs(a), 1e-12):
            diff.moved.append(f"{key}: worst ratio {a:.4g} → {b:.4g}")
    diff.added = [f"{key} ({after[key]['status']})" for key in after if key not in before]
    return diff
