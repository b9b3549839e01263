"""The examples in the engine's docstrings run as tests (a reader can trust them)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "verify.arith.convert", "verify.arith.precision", "verify.core.vocab",
    "verify.core.codecs", "verify.core.declarations", "verify.check.stats",
    "verify.check.modes", "verify.arith.types", "verify.engine.exact_codec",
    "verify.frontends.pytest_plugin",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0, f"{name} has no examples"
    assert failures == 0
