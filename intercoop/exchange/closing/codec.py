"""A ``Closing`` to and from its canonical JSON form, and the SHA-256 digest of that form.

The canonical form is what ``CycleClosing.result`` stores: every dataclass an object of its
fields, tuples as arrays, enums as their values, integers and strings as they are (there is no
float anywhere: money is in minor units). ``dumps`` writes it with sorted keys, no spaces and
ASCII escapes, so one ``Closing`` has one text and one ``digest``, whatever the platform, and a
closing read back from the database hashes to the digest stored beside it.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import operator
import types
import typing
from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any, Union

from . import collector
from .model import Closing

JsonValue = Any


class CodecError(ValueError):
    """The JSON is not the canonical form of a ``Closing``."""


def encode(closing: Closing) -> dict[str, JsonValue]:
    """The closing as JSON values (dicts, lists, ints, strings, None)."""
    encoded = _encode(closing)
    assert isinstance(encoded, dict)  # noqa: S101 - a dataclass encodes to a dict
    return encoded


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _encode(value: object) -> JsonValue:
    # The common cases first, by exact type: a closing of 30,000 lines has millions of values.
    kind = type(value)
    if kind is int or kind is str or value is None:
        return value
    if kind is tuple:
        return [_encode(item) for item in value]  # type: ignore[attr-defined]
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _encode(getattr(value, name)) for name in _field_names(kind)}
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise CodecError(f"{kind.__name__} has no place in a closing")
    return value


def dumps(closing: Closing) -> str:
    """The canonical text: sorted keys, no spaces, ASCII only.

    The same text as ``canonical_text(encode(closing))``, written directly: a closing of 30,000
    lines is 17 MB, and building its dicts to hand them to ``json.dumps`` took twice as long."""
    return _writer(Closing)(closing)


_Write = Callable[[Any], str]
_WRITERS: dict[object, _Write] = {}


def _writer(hint: object) -> _Write:
    """The function writing a value of this type hint as canonical text, made once per hint.

    A dataclass is written through a ``%`` template of its sorted keys, once the types of its
    field values are checked all at once against the types its hints name, so a float, a bool or
    anything else out of place is refused as ``encode`` refuses it."""
    write = _WRITERS.get(hint)
    if write is not None:
        return write
    if hint is int:
        write = _write_int
    elif hint is str or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
        write = _write_str
    elif typing.get_origin(hint) is tuple:
        write = _tuple_writer(typing.get_args(hint))
    elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
        write = _dataclass_writer(hint)
    else:
        # Optional fields (only the inputs have them) are written by the general path.
        def write(value: object) -> str:
            return canonical_text(_encode(value))

    _WRITERS[hint] = write
    return write


def _write_int(value: object) -> str:
    if type(value) is not int:
        raise CodecError(f"{type(value).__name__} has no place in a closing")
    return str(value)


def _write_str(value: object) -> str:
    if not isinstance(value, str):
        raise CodecError(f"{type(value).__name__} has no place in a closing")
    return _string(value)


def _tuple_writer(args: tuple[object, ...]) -> _Write:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _writer(args[0])

        def write_all(value: object) -> str:
            if type(value) is not tuple:
                raise CodecError(f"{type(value).__name__} has no place in a closing")
            return "[" + ",".join(map(item, value)) + "]"

        return write_all
    items = [_writer(arg) for arg in args]

    def write_each(value: object) -> str:
        if type(value) is not tuple or len(value) != len(items):
            raise CodecError(f"{type(value).__name__} has no place in a closing")
        return "[" + ",".join(write(v) for write, v in zip(items, value, strict=True)) + "]"

    return write_each


def _dataclass_writer(cls: type) -> _Write:
    """A writer for one dataclass, made from source as ``dataclasses`` makes ``__init__``.

    It reads each field once, checks all their types in one condition, and fills a ``%``
    template of the sorted keys: integers by ``%d`` (the type check has ruled out bools),
    strings and enums escaped as ``json`` escapes them, tuples and dataclasses by their own
    writers. Twice as fast as a general loop over the fields: a large closing has 200,000
    objects."""
    hints = _hints(cls)
    names = sorted(f.name for f in dataclasses.fields(cls))
    # Per field: the exact type its value must have.
    expected = tuple(_exact_type(hints[name]) for name in names)
    if len(names) == 1 or None in expected:
        general: _Write = lambda value: canonical_text(_encode(value))  # noqa: E731
        return general
    scope: dict[str, object] = {
        "cls": cls,
        "CodecError": CodecError,
        "escape": encode_basestring_ascii,
        "misfit": f"{cls.__name__} holds a value that has no place in a closing",
    }
    keys, values = [], []
    for i, (name, kind) in enumerate(zip(names, expected, strict=True)):
        scope[f"t{i}"] = kind
        key = _string(name).replace("%", "%%")
        if kind is int:
            keys.append(key + ":%d")
            values.append(f"v{i}")
        elif kind is str or (isinstance(kind, type) and issubclass(kind, enum.Enum)):
            keys.append(key + ":%s")
            values.append(f"escape(v{i})")
        else:
            scope[f"w{i}"] = _writer(hints[name])
            keys.append(key + ":%s")
            values.append(f"w{i}(v{i})")
    scope["template"] = "{" + ",".join(keys) + "}"
    source = "\n".join(
        [
            "def write(value):",
            "    if type(value) is not cls:",
            "        raise CodecError(f'{type(value).__name__} has no place in a closing')",
            *(f"    v{i} = value.{name}" for i, name in enumerate(names)),
            "    if " + " or ".join(f"type(v{i}) is not t{i}" for i in range(len(names))) + ":",
            "        raise CodecError(misfit)",
            "    return template % (" + ", ".join(values) + ",)",
        ]
    )
    exec(source, scope)  # noqa: S102 - source made above from the dataclass's own field names
    write = scope["write"]
    assert callable(write)  # noqa: S101 - defined by the source just run
    return write


def _exact_type(hint: object) -> type | None:
    """The one type a value of this hint has; None when it may have several (an Optional)."""
    if typing.get_origin(hint) is tuple:
        return tuple
    if isinstance(hint, type):
        return hint
    return None


def canonical_text(data: JsonValue) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _string(value: str) -> str:
    # As json.dumps writes a string with ensure_ascii (the same C function); a str subclass
    # such as a StrEnum member is written as its value.
    return encode_basestring_ascii(value)


def digest(closing: Closing) -> str:
    """The SHA-256 of the canonical text, in hexadecimal."""
    return hashlib.sha256(dumps(closing).encode("ascii")).hexdigest()


def digest_of(data: JsonValue) -> str:
    """The SHA-256 of the canonical text of JSON values ``encode`` gave, in hexadecimal."""
    return hashlib.sha256(canonical_text(data).encode("ascii")).hexdigest()


def decode(data: JsonValue) -> Closing:
    """The ``Closing`` of its canonical JSON values; ``CodecError`` names what does not fit.

    Read by a reader made once per type (a closing of 30,000 lines has 200,000 objects); when
    it finds something out of place, the general reader reads again to say where."""
    try:
        fast = _reader(Closing)(data)
    except (CodecError, ValueError, TypeError, KeyError):
        pass
    else:
        assert isinstance(fast, Closing)  # noqa: S101 - the reader builds what it is asked for
        return fast
    closing = _decode(Closing, data, "closing")
    assert isinstance(closing, Closing)  # noqa: S101 - _decode builds what it is asked for
    return closing


def loads(text: str) -> Closing:
    with collector.paused():
        return decode(json.loads(text))


@typing.no_type_check
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


_Read = Callable[[Any], object]
_READERS: dict[object, _Read] = {}


class _Misfit(CodecError):
    """Something out of place, found by a reader that does not say where."""


def _reader(hint: object) -> _Read:
    """The function reading JSON values of this type hint, made once per hint: no stricter
    than ``_decode`` accepts, and refusing all it refuses (then ``_decode`` says where)."""
    read = _READERS.get(hint)
    if read is not None:
        return read
    if hint is int:
        read = _read_int
    elif hint is str:
        read = _read_str
    elif isinstance(hint, type) and issubclass(hint, enum.Enum):
        read = hint
    elif typing.get_origin(hint) is tuple:
        read = _tuple_reader(typing.get_args(hint))
    elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
        read = _dataclass_reader(hint)
    else:

        def read(value: object) -> object:
            return _decode(hint, value, "")

    _READERS[hint] = read
    return read


def _read_int(value: object) -> int:
    if type(value) is not int:
        raise _Misfit
    return value


def _read_str(value: object) -> str:
    if type(value) is not str:
        raise _Misfit
    return value


def _tuple_reader(args: tuple[object, ...]) -> _Read:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _reader(args[0])

        def read_all(value: object) -> tuple[object, ...]:
            if type(value) is not list:
                raise _Misfit
            return tuple(map(item, value))

        return read_all
    items = tuple(_reader(arg) for arg in args)

    def read_each(value: object) -> tuple[object, ...]:
        if type(value) is not list or len(value) != len(items):
            raise _Misfit
        return tuple(map(operator.call, items, value))

    return read_each


def _dataclass_reader(cls: type) -> _Read:
    hints = _hints(cls)
    names = tuple(f.name for f in dataclasses.fields(cls))
    readers = tuple(_reader(hints[name]) for name in names)
    keys = frozenset(names)
    if len(names) == 1:
        return lambda value: _decode(cls, value, "")
    values_of = operator.itemgetter(*names)

    def read(value: object) -> object:
        if type(value) is not dict or value.keys() != keys:
            raise _Misfit
        return cls(*map(operator.call, readers, values_of(value)))

    return read


def _decode(hint: Any, value: JsonValue, where: str) -> object:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        (inner,) = [option for option in options if option is not type(None)]
        return _decode(inner, value, where)
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, list):
            raise CodecError(f"{where}: an array was expected")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item, f"{where}[{i}]") for i, item in enumerate(value))
        if len(value) != len(args):
            raise CodecError(f"{where}: {len(args)} items were expected")
        return tuple(
            _decode(arg, item, f"{where}[{i}]")
            for i, (arg, item) in enumerate(zip(args, value, strict=True))
        )
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError:
            raise CodecError(f"{where}: {value!r} is not a {hint.__name__}") from None
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise CodecError(f"{where}: an object was expected")
        hints = _hints(hint)
        names = [f.name for f in dataclasses.fields(hint)]
        if set(value) != set(names):
            raise CodecError(f"{where}: the fields {sorted(names)} were expected")
        return hint(
            **{name: _decode(hints[name], value[name], f"{where}.{name}") for name in names}
        )
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise CodecError(f"{where}: an integer was expected")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise CodecError(f"{where}: a string was expected")
        return value
    raise CodecError(f"{where}: cannot read a {hint!r}")
