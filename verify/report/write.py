"""Write a report directory: report.json, report.md and index.html from the same verdicts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from verify.core.declarations import Theorem
from verify.core.verdict import Verdict
from verify.report.document import report_document
from verify.report.html import html
from verify.report.markdown import markdown


def write_report(directory: Path, verdicts: Sequence[Verdict], theorems: Sequence[Theorem]
                 ) -> list[Path]:
    """Write report.json, report.md and index.html into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    document = report_document(verdicts, theorems)
    paths = {"report.json": json.dumps(document, indent=2, default=str),
             "report.md": markdown(document), "index.html": html(document)}
    for name, text in paths.items():
        (directory / name).write_text(text)
    return [directory / name for name in paths]
