"""pytest integration: a ``*.dlverify`` file turns theorems into test items.

Each non-comment line of such a file is a theorem id or glob (``depth.*``) or ``file: PATH`` (a
user's theorem file, relative to the ``.dlverify`` file). Every selected theorem yields an item for
the theorem itself, one per mutant (which must be falsified) and one per witness. Options:
``--dlverify-budget`` and ``--dlverify-device``; with no CUDA device, ``cuda`` items are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from verify.core.budget import BUDGETS, budget
from verify.core.declarations import Theorem, Witness
from verify.core.verdict import Verdict
from verify.engine.describe import counterexample_lines
from verify.engine.rules import expected_statuses, meets_expectation


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dlverify")
    group.addoption("--dlverify-budget", choices=list(BUDGETS), default="quick",
                    help="search budget for theorem items (default: quick)")
    group.addoption("--dlverify-device", default="cpu",
                    help="device for theorem items: cpu, cuda or auto (default: cpu)")
    group.addoption("--dlverify-seed", type=int, default=0, help="seed of the search")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cuda: needs a CUDA device (skipped without one)")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".dlverify":
        return CatalogFile.from_parent(parent, path=file_path)
    return None


def _cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def _device(name: str) -> str:
    """The device items run on: ``auto`` resolved here (CUDA when present, else the CPU); a
    CUDA device that is absent stays as asked, so its items skip instead of failing."""
    from verify.device import resolve_device
    from verify.errors import DeviceUnavailable

    try:
        return str(resolve_device(name))
    except DeviceUnavailable:
        return name.strip().lower()


class CatalogFile(pytest.File):
    """A ``.dlverify`` selection file."""

    def _theorems(self) -> list[Theorem]:
        from verify.engine.loader import catalog, load_file, select

        patterns: list[str] = []
        pool: list[Theorem] = []
        for raw in self.path.read_text().splitlines():
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("file:"):
                pool.extend(load_file(self.path.parent / line[5:].strip()))
            else:
                patterns.append(line)
        if not pool or patterns:
            pool = pool + [t for t in catalog() if t.id not in {p.id for p in pool}]
        return select(pool, patterns or ["*"])

    def collect(self) -> Iterator[pytest.Item]:
        device = _device(self.config.getoption("--dlverify-device"))
        for theorem in self._theorems():
            slugs = _Slugs(theorem.id)
            yield TheoremItem.from_parent(self, name=theorem.id, theorem=theorem, device=device,
                                          title=theorem.title)
            for mutant in theorem.mutants:
                yield TheoremItem.from_parent(
                    self, name=slugs.name("mutant", mutant.name), theorem=theorem,
                    mutant=mutant.name, device=device, title=f"mutant: {mutant.name}")
            for witness in theorem.witnesses:
                yield WitnessItem.from_parent(
                    self, name=slugs.name("witness", witness.name), theorem=theorem,
                    witness=witness, device=device, title=f"witness: {witness.name}")
            if device == "cpu":
                item = TheoremItem.from_parent(self, name=f"{theorem.id}--cuda", theorem=theorem,
                                               device="cuda", title=f"{theorem.title} (CUDA)")
                item.add_marker(pytest.mark.cuda)
                yield item


def slug(text: str) -> str:
    """A name that pytest node ids and ``-k`` accept: letters, digits, '_' and single '-'.

    >>> slug("/(2n)"), slug("rate 1/n"), slug("ε² → ε")
    ('2n', 'rate-1-n', '2')
    """
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_text).strip("-").lower()
    return out or "x"


class _Slugs:
    """Item names ``ID--KIND--SLUG``, made unique within one theorem."""

    def __init__(self, theorem_id: str) -> None:
        self.theorem_id = theorem_id
        self.used: set[str] = set()

    def name(self, kind: str, text: str) -> str:
        base = f"{self.theorem_id}--{kind}--{slug(text)}"
        name, count = base, 1
        while name in self.used:
            count += 1
            name = f"{base}-{count}"
        self.used.add(name)
        return name


class _DlverifyItem(pytest.Item):
    def __init__(self, *, theorem: Theorem, device: str, title: str = "", **kwargs: Any
                 ) -> None:
        super().__init__(**kwargs)
        self.theorem = theorem
        self.device = device
        self.title = title
        self.user_properties.append(("title", title))

    def _skip_without_device(self) -> None:
        if self.device.startswith("cuda") and not _cuda_available():
            pytest.skip("no CUDA device on this machine")

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.name} ({self.title})" if self.title else self.name

    def _save_dir(self) -> Path:
        """Where failing items save their counterexamples (pytest's cache, else a temp dir)."""
        cache = getattr(self.config, "cache", None)
        if cache is not None:
            return Path(cache.mkdir("dlverify-counterexamples"))
        import tempfile

        return Path(tempfile.gettempdir()) / "dlverify-counterexamples"


class TheoremItem(_DlverifyItem):
    """Checks a theorem (must be certified or passed) or a mutant (must be falsified)."""

    def __init__(self, *, mutant: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mutant = mutant

    def runtest(self) -> None:
        from verify.engine.run import RunOptions, run_theorem

        self._skip_without_device()
        options = RunOptions(budget=budget(self.config.getoption("--dlverify-budget")),
                             seed=self.config.getoption("--dlverify-seed"), device=self.device,
                             save_dir=self._save_dir())
        verdict = run_theorem(self.theorem, options, self.mutant)
        if not meets_expectation(verdict):
            raise VerdictMismatch(verdict)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
                     ) -> Any:
        if isinstance(excinfo.value, VerdictMismatch):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class WitnessItem(_DlverifyItem):
    """A witness satisfies the statement (and its own claim), and attains the bound if declared."""

    def __init__(self, *, witness: Witness, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.witness = witness

    def runtest(self) -> None:
        from verify.core.declarations import make_context
        from verify.engine.rules import check_witness

        self._skip_without_device()
        context = make_context(self.config.getoption("--dlverify-budget"), device=self.device)
        result = check_witness(self.theorem, self.witness, context)
        if result.problems:
            raise WitnessFailure("; ".join(result.problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
                     ) -> Any:
        if isinstance(excinfo.value, WitnessFailure):
            return f"{self.name}: {excinfo.value}"
        return super().repr_failure(excinfo)


class WitnessFailure(Exception):
    """A witness broke a rule of :func:`verify.engine.rules.check_witness`."""


class VerdictMismatch(Exception):
    def __init__(self, verdict: Verdict) -> None:
        expected = " or ".join(str(s) for s in expected_statuses(verdict.kind))
        lines = [f"{verdict.label}: {verdict.status}, expected {expected}",
                 f"  statement: {verdict.statement}",
                 f"  seed {verdict.seed}, budget {verdict.budget}, device {verdict.device}; "
                 f"{verdict.scope_text}"]
        lines += [f"  note: {n}" for n in verdict.notes]
        lines += [f"  witness {w['name']}: " + "; ".join(w["problems"])
                  for w in verdict.witnesses if w.get("problems")]
        if verdict.counterexample:
            lines += counterexample_lines(verdict.counterexample, indent="  ")
        super().__init__("\n".join(lines))
