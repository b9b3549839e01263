"""Verdicts written as they finish, one JSON line per theorem or mutant (``verdicts.jsonl`` in a
report directory), so that an interrupted or crashed run loses nothing: the finished verdicts
make a valid partial report, and ``dlverify report --resume DIR`` runs only what is missing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from verify.core.verdict import Verdict
from verify.errors import InvalidFile

__all__ = ["JOURNAL", "Journal", "read_journal"]

JOURNAL = "verdicts.jsonl"


class Journal:
    """Appends each finished verdict to ``directory/verdicts.jsonl`` and flushes it."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / JOURNAL
        self._file: IO[str] | None = None

    def __enter__(self) -> Journal:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("a", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def write(self, verdict: Verdict) -> None:
        if self._file is None:
            raise RuntimeError("a Journal is written inside its with-block")
        self._file.write(json.dumps(verdict.as_dict(), default=str) + "\n")
        self._file.flush()


def read_journal(directory: Path) -> list[Verdict]:
    """The verdicts a (possibly interrupted) run wrote; a torn last line is skipped."""
    path = Path(directory) / JOURNAL
    if not path.is_file():
        return []
    return list(_records(path))


def _records(path: Path) -> Iterator[Verdict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield Verdict.from_dict(json.loads(line))
        except (json.JSONDecodeError, ValueError, TypeError) as exc:
            if number == len(lines):  # the line being written when the run stopped
                return
            raise InvalidFile(f"{path}, line {number}: not a verdict record ({exc})") from None
