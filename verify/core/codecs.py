"""The codec registry: how a value of a domain type is saved, read back and described.

The engine's store and messages handle numbers, tensors and containers themselves; every other
type (a network, a finite law, a matrix) is registered by the module that defines it, so the
engine never names a domain type (the same idea as ``functools.singledispatch``, on which the
lookup by type rests).

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Coin:
...     p: float
>>> _ = register_codec(Coin, "doctest_coin", encode=lambda c, enc: c.p,
...                    decode=lambda body, dec: Coin(body), describe=lambda c: f"coin p={c.p}")
>>> codec_for(Coin(0.5)).tag, describe_value(Coin(0.5))
('doctest_coin', 'coin p=0.5')
>>> codec_named("doctest_coin").decode(0.25, None)
Coin(p=0.25)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import singledispatch
from typing import Any, Protocol

__all__ = [
    "Codec", "Decoder", "Encoder", "codec_for", "codec_named", "describe_value",
    "register_codec",
]


class Encoder(Protocol):
    """What a codec's ``encode`` may call back: encode a nested value, store a tensor."""

    def encode(self, value: Any) -> Any: ...

    def tensor(self, value: Any) -> str: ...


class Decoder(Protocol):
    """What a codec's ``decode`` may call back: decode a nested value, fetch a stored tensor."""

    def decode(self, value: Any) -> Any: ...

    def tensor(self, key: str) -> Any: ...


@dataclass(frozen=True)
class Codec:
    """How one type is written to and read from a counterexample file.

    ``encode(value, encoder)`` returns JSON-able data; ``decode(data, decoder)`` rebuilds the
    value; ``describe(value)`` is a short text for messages and reports.
    """

    type: type
    tag: str
    encode: Callable[[Any, Encoder], Any]
    decode: Callable[[Any, Decoder], Any]
    describe: Callable[[Any], str] | None = None


_BY_TAG: dict[str, Codec] = {}


@singledispatch
def codec_for(value: Any) -> Codec | None:
    """The codec registered for ``value``'s type (or a base class), else None."""
    return None


def codec_named(tag: str) -> Codec | None:
    """The codec registered under ``tag`` (as written in a file), else None."""
    return _BY_TAG.get(tag)


def register_codec(type_: type, tag: str, *, encode: Callable[[Any, Encoder], Any],
                   decode: Callable[[Any, Decoder], Any],
                   describe: Callable[[Any], str] | None = None) -> Codec:
    """Register how values of ``type_`` are saved (under ``tag``), read and described."""
    known = _BY_TAG.get(tag)
    if known is not None and known.type is not type_:
        raise ValueError(f"codec tag {tag!r} is already registered for {known.type.__name__}")
    codec = Codec(type_, tag, encode, decode, describe)
    _BY_TAG[tag] = codec
    codec_for.register(type_)(lambda value: codec)
    return codec


def describe_value(value: Any, limit: int = 200) -> str:
    """A one-line description: the registered ``describe``, else ``str`` cut to ``limit``."""
    codec = codec_for(value)
    if codec is not None and codec.describe is not None:
        return codec.describe(value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
