"""The layout is the architecture (docs/architecture.md): a small public face, asserted; layers
as folders; the import rules that `lint-imports` checks, and the one rule it cannot express."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import verify

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "verify"
LAYERS = ("arith", "core", "check", "engine", "report", "frontends", "domain")


def test_the_public_face_exports_exactly_its_all():
    exported = {name for name in dir(verify) if not name.startswith("_")}
    subpackages = {name for name in exported
                   if isinstance(getattr(verify, name), type(verify))}
    assert set(verify.__all__) == exported - subpackages
    assert sorted(verify.__all__) == sorted(set(verify.__all__))
    assert all(getattr(verify, name) is not None for name in verify.__all__)


def test_the_public_face_loads_torch_only_when_asked():
    import subprocess
    import sys

    probe = ("import sys, verify; print('torch' in sys.modules); verify.RunOptions; "
             "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True"]


def test_verify_has_few_top_level_modules_and_one_folder_per_layer():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 10, modules
    for layer in LAYERS:
        assert (PACKAGE / layer / "__init__.py").is_file(), layer
        assert importlib.import_module(f"verify.{layer}").__doc__, f"verify.{layer} needs a doc"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


def test_nothing_inside_verify_imports_the_public_face():
    """The public face imports the engine; a domain module importing it would import the
    engine too (import-linter's contracts cannot name the root package)."""
    offenders = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")
                 if path != PACKAGE / "__init__.py" and "verify" in _imports(path)]
    assert offenders == []


def test_the_import_contracts_are_declared_for_lint_imports():
    text = (ROOT / "pyproject.toml").read_text()
    assert "[tool.importlinter]" in text and '"frontends",' in text
    assert "lint-imports" in (ROOT / ".ci" / "run").read_text()


def test_the_readme_table_is_generated_from_the_catalog():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(ROOT / "ci" / "readme_table.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
