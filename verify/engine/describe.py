"""How instances and counterexamples read in messages, reports and test failures (one place)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from verify.core.codecs import describe_value
from verify.core.declarations import Instance

__all__ = ["counterexample_lines", "describe", "describe_data"]


def describe(instance: Instance) -> str:
    """A one-line description of an instance: its label and parameter values."""
    params = ", ".join(f"{k}={v}" for k, v in instance.params.items())
    return f"{instance.label} ({params})" if instance.label else f"({params})"


def describe_data(instance: Instance) -> dict[str, str]:
    """Short descriptions of an instance's data (a network by its architecture and, when it has
    few numbers, its weights; a type registered in ``verify.core.codecs`` by its own text)."""
    return {str(key): describe_value(value) for key, value in instance.data.items()}


def counterexample_lines(record: Mapping[str, Any], indent: str = "") -> list[str]:
    """The counterexample of a verdict as the lines every front end prints."""
    lines = [f"{indent}counterexample {record['instance']}: quantity {record['quantity']} "
             f"vs bound {record['bound']} (ratio {record['ratio']}, {record['route']})"]
    lines += [f"{indent}  {key}: {text}" for key, text in record.get("data", {}).items()]
    if record.get("saved"):
        lines.append(f"{indent}saved to {record['saved']}; re-run with: "
                     f"dlverify replay {record['saved']}")
    return lines
