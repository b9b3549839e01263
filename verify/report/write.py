"""Write a report directory: report.json, report.md and index.html from the same verdicts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from verify.core.declarations import Theorem
from verify.core.verdict import Verdict
from verify.engine.journal import JOURNAL
from verify.errors import UsageError
from verify.report.document import report_document
from verify.report.html import html
from verify.report.markdown import markdown

REPORT_FILES = ("report.json", "report.md", "index.html", "appendix.tex")


def prepare_report_directory(directory: Path, *, force: bool = False, resume: bool = False
                             ) -> Path:
    """Check, before any work starts, that ``directory`` can hold a report: it is created if
    missing and must be writable; an existing non-empty directory must be an earlier dlverify
    report (or ``force``). Without ``resume`` an earlier journal is cleared. Raises UsageError
    with what to change."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"report directory {directory} exists and is not a directory; "
                         "give a new or an existing report directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / ".dlverify-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write the report to {directory}: {exc.strerror or exc}; "
                         "choose a directory you can write") from None
    entries = {p.name for p in directory.iterdir()}
    ours = entries <= {*REPORT_FILES, JOURNAL, "counterexamples"}
    if entries and not ours and not force:
        raise UsageError(f"{directory} is not empty and is not a dlverify report; choose "
                         "another directory or pass --force to write into it anyway")
    if resume and not (directory / JOURNAL).is_file():
        raise UsageError(f"{directory} holds no interrupted run to resume "
                         f"({JOURNAL} is missing); run without --resume")
    if not resume and (directory / JOURNAL).exists():
        (directory / JOURNAL).unlink()
    return directory


def write_report(directory: Path, verdicts: Sequence[Verdict], theorems: Sequence[Theorem],
                 partial: bool = False, latex: bool = False) -> list[Path]:
    """Write report.json, report.md and index.html into ``directory``; return their paths.
    ``partial``: the run stopped before every check finished (the report says so)."""
    directory.mkdir(parents=True, exist_ok=True)
    document = report_document(verdicts, theorems, partial=partial)
    paths = {"report.json": json.dumps(document, indent=2, default=str),
             "report.md": markdown(document), "index.html": html(document)}
    if latex:
        from verify.report.latex import latex_appendix

        paths["appendix.tex"] = latex_appendix(document)
    for name, text in paths.items():
        (directory / name).write_text(text)
    return [directory / name for name in paths]
