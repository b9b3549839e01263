"""Find theorems: the installed catalogs (entry point group ``dlverify.catalogs``) and users'
own files. The engine imports no catalog by name: a catalog registers itself on install."""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import pkgutil
import sys
from collections.abc import Iterable
from dataclasses import replace
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

from verify.core.declarations import Theorem
from verify.errors import DlverifyError, MalformedTheorem, UsageError

ENTRY_POINT_GROUP = "dlverify.catalogs"


def _top_level_theorems(module: ModuleType) -> list[Theorem]:
    names = list(getattr(module, "__all__", [])) + list(vars(module))
    found: list[Theorem] = []
    for name in names:
        value = getattr(module, name, None)
        if isinstance(value, Theorem) and all(value is not t for t in found):
            found.append(value)
    return found


def theorems_in(module: ModuleType, origin: str | None = None) -> list[Theorem]:
    """The Theorem objects a module defines at top level: in ``__all__`` order when the module
    has one, else in definition order."""
    origin = origin or getattr(module, "__file__", None)
    return [replace(t, origin=origin) if t.origin is None else t
            for t in _top_level_theorems(module)]


def _modules_of(package: ModuleType) -> list[ModuleType]:
    """The package and every module below it, private ones included (a theorem declared in a
    private file is listed too), packages before their modules."""
    if not hasattr(package, "__path__"):
        return [package]
    out = [package]
    infos = sorted(pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."),
                   key=lambda info: info.name)
    for info in infos:
        try:
            out.append(importlib.import_module(info.name))
        except DlverifyError:
            raise
        except Exception as exc:
            raise UsageError(f"catalog module {info.name} cannot be imported, so its theorems "
                             f"are not listed: {type(exc).__name__}: {exc}") from exc
    return out


def _catalog_theorems(package: ModuleType) -> list[Theorem]:
    """Every theorem found in a catalog package, once each: listed in the order the package
    exports them (its ``__all__``, then definition order), with ``origin`` the file of the
    deepest module that holds it (where it is declared, not where it is re-exported)."""
    order: list[Theorem] = []
    origin: dict[int, str | None] = {}
    for module in _modules_of(package):
        for theorem in _top_level_theorems(module):
            if id(theorem) not in origin:
                order.append(theorem)
            origin[id(theorem)] = getattr(module, "__file__", None)
    return [replace(t, origin=origin[id(t)]) if t.origin is None else t for t in order]


def catalog() -> list[Theorem]:
    """Every theorem of every installed catalog."""
    out: list[Theorem] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        out.extend(_catalog_theorems(ep.load()))
    _check_unique(out)
    return out


def load_file(path: str | Path) -> list[Theorem]:
    """Load a user's file of theorems written with the same API as the catalog."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"--file {path}: no such file")
    name = f"dlverify_user_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise UsageError(f"--file {path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except MalformedTheorem as exc:
        if exc.file is None:
            raise MalformedTheorem(str(exc), file=str(path)) from None
        raise
    except DlverifyError:
        raise
    except Exception as exc:
        raise UsageError(f"--file {path}: importing it failed: {type(exc).__name__}: {exc}"
                         ) from exc
    found = theorems_in(module, origin=str(path.resolve()))
    catalogs = {ep.value.split(":")[0].split(".")[0]
                for ep in entry_points(group=ENTRY_POINT_GROUP)}
    theorems = [t for t in found
                if (t.declared_in or "").split(".")[0] not in catalogs]
    if not theorems:
        imported = f" (it imports {len(found)} catalog theorems; those are not re-run)" \
            if found else ""
        raise UsageError(f"--file {path}: defines no Theorem at top level{imported}; declare "
                         "one with verify.Theorem(...)")
    _check_unique(theorems)
    return theorems


def _check_unique(theorems: Iterable[Theorem]) -> None:
    seen: dict[str, str | None] = {}
    for t in theorems:
        if t.id in seen:
            raise MalformedTheorem(f"id declared twice (also in {seen[t.id]})", theorem=t.id,
                                   field="id", file=t.origin)
        seen[t.id] = t.origin


def select(theorems: list[Theorem], patterns: Iterable[str]) -> list[Theorem]:
    """Theorems whose ids match the patterns (exact ids or shell globs like ``depth.*``)."""
    patterns = list(patterns)
    if not patterns:
        return theorems
    chosen: list[Theorem] = []
    for pattern in patterns:
        matches = [t for t in theorems if fnmatch.fnmatchcase(t.id, pattern)]
        if not matches:
            close = [t.id for t in theorems if pattern.split(".")[0] in t.id][:5]
            hint = f"; did you mean {', '.join(close)}?" if close else \
                "; `dlverify list` shows every id"
            raise UsageError(f"unknown theorem id {pattern!r}{hint}")
        chosen.extend(t for t in matches if t not in chosen)
    return chosen
