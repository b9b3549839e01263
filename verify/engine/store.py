"""Saving and loading counterexamples: JSON for parameters and exact values, safetensors for
tensors, so that ``dlverify replay FILE`` re-runs the very instance.

Files are data only: exact sympy values are structured trees (verify.engine.exact_codec), other
types go through the codec registered by the module that defines them, and nothing read is
passed to ``eval`` or ``sympify``. A file that fails validation raises
:class:`verify.errors.InvalidFile` (exit status 2 on the command line).
"""

from __future__ import annotations

import json
import math
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
from verify.engine.exact_codec import UnsafeValue, decode_sympy, encode_sympy
from verify.errors import InvalidFile

__all__ = ["FORMAT", "default_store", "load_counterexample", "read_counterexample_header",
           "save_counterexample"]

FORMAT = "dlverify-counterexample/1"
_REQUIRED = ("theorem", "instance")


def default_store() -> Path:
    """Where counterexamples go when no directory is given: ``$DLVERIFY_STORE``, else
    ``dlverify/counterexamples`` in the user's cache directory (``$XDG_CACHE_HOME`` or
    ``~/.cache``), never the working directory."""
    import os

    if os.environ.get("DLVERIFY_STORE"):
        return Path(os.environ["DLVERIFY_STORE"])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "dlverify" / "counterexamples"


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
            return value if math.isfinite(value) else {"$float": repr(value)}
        if isinstance(value, Fraction):
            return {"$fraction": f"{value.numerator}/{value.denominator}"}
        if isinstance(value, (sympy.Basic, sympy.MatrixBase)):
            return {"$sympy": encode_sympy(value)}
        if isinstance(value, torch.Tensor):
            return {"$tensor": self.tensor(value)}
        if isinstance(value, np.ndarray):
            return {"$ndarray": self.tensor(torch.from_numpy(np.ascontiguousarray(value)))}
        if isinstance(value, np.generic):
            return self.encode(value.item())
        codec = codec_for(value)
        if codec is not None:
            return {f"${codec.tag}": codec.encode(value, self)}
        if isinstance(value, tuple):
            return {"$tuple": [self.encode(v) for v in value]}
        if isinstance(value, list):
            return [self.encode(v) for v in value]
        if isinstance(value, dict):
            return {"$dict": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        raise TypeError(f"cannot save a value of type {type(value).__name__} in a "
                        "counterexample; register a codec for it (verify.core.codecs)")


class _Decoder:
    def __init__(self, tensors: dict[str, torch.Tensor]) -> None:
        self.tensors = tensors

    def decode(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.decode(v) for v in value]
        if not isinstance(value, dict):
            if value is None or isinstance(value, (bool, int, float, str)):
                return value
            raise UnsafeValue(f"unexpected value {value!r}")
        if len(value) != 1:
            raise UnsafeValue(f"a tagged value has exactly one key, got {sorted(value)}")
        (tag, body), = value.items()
        if tag == "$float":
            if body not in ("inf", "-inf", "nan"):
                raise UnsafeValue(f"$float holds inf, -inf or nan, got {body!r}")
            return float(body)
        if tag == "$fraction":
            if not isinstance(body, str) or not re.fullmatch(r"-?\d+/\d+", body):
                raise UnsafeValue(f"$fraction holds 'p/q', got {body!r}")
            return Fraction(body)
        if tag == "$sympy":
            return decode_sympy(body)
        if tag in ("$tensor", "$ndarray"):
            tensor = self.tensor(body)
            return tensor if tag == "$tensor" else tensor.numpy()
        if tag == "$tuple" and isinstance(body, list):
            return tuple(self.decode(v) for v in body)
        if tag == "$dict" and isinstance(body, list):
            pairs = [self.decode(pair) for pair in body]
            if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
                raise UnsafeValue("$dict holds [key, value] pairs")
            return {_hashable(k): v for k, v in pairs}
        codec = codec_named(tag[1:]) if isinstance(tag, str) and tag.startswith("$") else None
        if codec is not None:
            return codec.decode(body, self)
        raise UnsafeValue(f"unknown tag {tag!r} (is the module that defines that type loaded? "
                          "replay loads the theorem first)")

    def tensor(self, key: Any) -> torch.Tensor:
        if not isinstance(key, str) or key not in self.tensors:
            raise UnsafeValue(f"tensor {key!r} is not in the file's safetensors companion")
        return self.tensors[key]


def _hashable(key: Any) -> Any:
    if isinstance(key, list):
        return tuple(_hashable(k) for k in key)
    return key


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


def _read_payload(path: Path) -> dict[str, Any]:
    path = Path(path)
    if path.is_dir():
        raise InvalidFile(f"{path} is a directory; give a counterexample's .json file")
    if not path.is_file():
        raise InvalidFile(f"{path}: no such file")
    try:
        payload = json.loads(path.read_text())
    except UnicodeDecodeError:
        raise InvalidFile(f"{path} is not a text file") from None
    except json.JSONDecodeError as exc:
        raise InvalidFile(f"{path} is not valid JSON (truncated?): {exc.msg} at line "
                          f"{exc.lineno}") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise InvalidFile(f"{path} is not a dlverify counterexample (format {FORMAT})")
    missing = [key for key in _REQUIRED if key not in payload]
    if missing:
        raise InvalidFile(f"{path} lacks {', '.join(missing)}")
    if not isinstance(payload["theorem"], str) or not re.fullmatch(
            r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*", payload["theorem"]):
        raise InvalidFile(f"{path}: 'theorem' must be an id like 'section.slug'")
    for key in ("mutant", "file", "device", "budget"):
        if payload.get(key) is not None and not isinstance(payload[key], str):
            raise InvalidFile(f"{path}: '{key}' must be a string")
    return payload


def read_counterexample_header(path: Path) -> dict[str, Any]:
    """The record of a counterexample file without decoding its instance (to find and load the
    theorem first: loading it registers the codecs of its data types)."""
    return {k: v for k, v in _read_payload(path).items() if k != "instance"}


def load_counterexample(path: Path) -> tuple[dict[str, Any], Instance]:
    """Read a counterexample file written by :func:`save_counterexample`."""
    payload = _read_payload(path)
    tensors: dict[str, torch.Tensor] = {}
    if payload.get("tensors"):
        name = payload["tensors"]
        companion = Path(path).parent / str(name)
        if not isinstance(name, str) or "/" in name or "\\" in name or not companion.is_file():
            raise InvalidFile(f"{path}: its tensors file {name!r} is missing or not beside it")
        try:
            tensors = load_file(str(companion))
        except Exception as exc:  # safetensors raises its own error types
            raise InvalidFile(f"{companion} is not a readable safetensors file: {exc}") from None
    raw = payload["instance"]
    if not isinstance(raw, dict) or not isinstance(raw.get("params"), dict | list) \
            or "data" not in raw:
        raise InvalidFile(f"{path}: 'instance' must hold 'params' and 'data'")
    decoder = _Decoder(tensors)
    try:
        params, data = decoder.decode(raw["params"]), decoder.decode(raw["data"])
    except (UnsafeValue, ValueError, TypeError, KeyError) as exc:
        raise InvalidFile(f"{path}: {exc}") from None
    if not isinstance(params, dict) or not isinstance(data, dict):
        raise InvalidFile(f"{path}: the instance's params and data must be mappings")
    label = raw.get("label", "")
    return payload, Instance(params=params, data=data, label=label if isinstance(label, str)
                             else "")
