"""Saving and loading counterexamples: JSON for parameters and exact values, safetensors for
tensors, so that ``dlverify replay FILE`` re-runs the very instance."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import sympy
import torch
from safetensors.torch import load_file, save_file

from verify.core.codecs import codec_for, codec_named
from verify.core.declarations import Instance

FORMAT = "dlverify-counterexample/1"


class _Encoder:
    def __init__(self) -> None:
        self.tensors: dict[str, torch.Tensor] = {}

    def tensor(self, value: torch.Tensor) -> str:
        key = f"t{len(self.tensors)}"
        self.tensors[key] = value.detach().cpu().contiguous()
        return key

    def encode(self, value: Any) -> Any:
        if value is None or isinstance(value, (bool, int, str)):
            return value
        if isinstance(value, float):
            return value if np.isfinite(value) else {"$float": repr(value)}
        if isinstance(value, Fraction):
            return {"$fraction": f"{value.numerator}/{value.denominator}"}
        if isinstance(value, sympy.Basic):
            return {"$sympy": sympy.srepr(value)}
        if isinstance(value, torch.Tensor):
            return {"$tensor": self.tensor(value)}
        if isinstance(value, np.ndarray):
            return {"$ndarray": self.tensor(torch.from_numpy(np.ascontiguousarray(value)))}
        codec = codec_for(value)
        if codec is not None:
            return {f"${codec.tag}": codec.encode(value, self)}
        if isinstance(value, tuple):
            return {"$tuple": [self.encode(v) for v in value]}
        if isinstance(value, list):
            return [self.encode(v) for v in value]
        if isinstance(value, dict):
            return {"$dict": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        raise TypeError(f"cannot save a value of type {type(value).__name__} in a counterexample")


class _Decoder:
    def __init__(self, tensors: dict[str, torch.Tensor]) -> None:
        self.tensors = tensors

    def decode(self, value: Any) -> Any:
        return _decode(value, self.tensors)

    def tensor(self, key: str) -> torch.Tensor:
        return self.tensors[key]


def _decode(value: Any, tensors: dict[str, torch.Tensor]) -> Any:
    if isinstance(value, list):
        return [_decode(v, tensors) for v in value]
    if not isinstance(value, dict):
        return value
    (tag, body), = value.items()
    if tag == "$float":
        return float(body)
    if tag == "$fraction":
        return Fraction(body)
    if tag == "$sympy":
        return sympy.sympify(body) if not body.startswith(("Integer", "Rational", "Float")) \
            else eval(body, {k: getattr(sympy, k) for k in ("Integer", "Rational", "Float")})
    if tag == "$tensor":
        return tensors[body]
    if tag == "$ndarray":
        return tensors[body].numpy()
    if tag == "$tuple":
        return tuple(_decode(v, tensors) for v in body)
    if tag == "$dict":
        return {_decode(k, tensors): _decode(v, tensors) for k, v in body}
    codec = codec_named(tag[1:])
    if codec is not None:
        return codec.decode(body, _Decoder(tensors))
    raise ValueError(f"unknown tag {tag!r} in a counterexample file (is the module that defines "
                     "that type imported? load the theorem first)")


def save_counterexample(directory: Path, record: dict[str, Any], instance: Instance) -> Path:
    """Write ``record`` plus the instance to ``directory``; return the JSON file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", record["theorem"]
                  + (f"--{record['mutant']}" if record.get("mutant") else "")
                  + f"--seed{record.get('seed', 0)}")
    encoder = _Encoder()
    payload = dict(record)
    payload["format"] = FORMAT
    payload["instance"] = {
        "params": encoder.encode(dict(instance.params)),
        "data": encoder.encode(dict(instance.data)),
        "label": instance.label,
    }
    path = directory / f"{stem}.json"
    if encoder.tensors:
        tensor_path = directory / f"{stem}.safetensors"
        save_file(encoder.tensors, str(tensor_path))
        payload["tensors"] = tensor_path.name
    path.write_text(json.dumps(payload, indent=2, default=str))
    return path


def read_counterexample_header(path: Path) -> dict[str, Any]:
    """The record of a counterexample file without decoding its instance (to find and load the
    theorem first: loading it registers the codecs of its data types)."""
    payload = json.loads(Path(path).read_text())
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError(f"{path} is not a dlverify counterexample (format {FORMAT})")
    return {k: v for k, v in payload.items() if k != "instance"}


def load_counterexample(path: Path) -> tuple[dict[str, Any], Instance]:
    """Read a counterexample file written by :func:`save_counterexample`."""
    payload = json.loads(Path(path).read_text())
    if payload.get("format") != FORMAT:
        raise ValueError(f"{path} is not a dlverify counterexample (format {FORMAT})")
    tensors: dict[str, torch.Tensor] = {}
    if payload.get("tensors"):
        tensors = load_file(str(Path(path).parent / payload["tensors"]))
    raw = payload["instance"]
    instance = Instance(params=_decode(raw["params"], tensors), data=_decode(raw["data"], tensors),
                        label=raw.get("label", ""))
    return payload, instance
