"""Indented JSON at the speed of the C encoder, written in pieces as it is made.

`json.dumps(value, indent=2, ensure_ascii=False)` runs Python's pure-Python encoder whenever
`indent` is set: a generator step per value, four to six times slower than the compact C
encoder on the 12 MB document of the Ministry's 2016 file. The C encoder takes any item
separator, though, so a container at depth d is one C call with the separator ",\\n" plus
d+1 indents once every nested container in it has been replaced by a placeholder. The
nested ones are encoded the same way one level deeper (all of one level in one call),
their texts put in the placeholders' places, and only the brackets get their line breaks
here: Python works per container, never per value.

`write_json` gives the same characters as `json.dumps` with `indent` and
`ensure_ascii=False` (tests compare them on the goldens and on generated documents) and
hands them on in pieces: a container holding `BATCH` values or more is walked member by
member, a long list `BATCH` members at a time, so a large document is never one string.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import chain, compress, repeat
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import IO, Any, NamedTuple

from sluitend.report import escape

#: Values walked over before a container is written member by member; the members of a
#: long list encoded in one go.
BATCH = 512
#: Characters collected before they are handed to the writer.
CHUNK = 1 << 16

_CONTAINERS = (dict, list, tuple)
#: Stands in for a nested container while its parent is encoded. A data string equal to it
#: is noticed (one placeholder too many) and that part is then encoded the slow way.
_HOLE = "\x00sluitend:nested\x00"
_HOLE_TEXT = json.dumps(_HOLE)


class Streamed:
    """A list written in pieces and never held whole: `length` members, made `size` at a
    time by `make(start, stop)` (the members from `start` to `stop`, as a list). Written as
    the list itself would be; `write_json` takes it wherever a list may be, except inside
    a member of another Streamed."""

    __slots__ = ("length", "make", "size")

    def __init__(
        self, length: int, make: Callable[[int, int], list[Any]], size: int = 8 * 512
    ) -> None:
        self.length, self.make, self.size = length, make, size

    def __len__(self) -> int:
        return self.length

    def pieces(self) -> Iterable[list[Any]]:
        """The members, `size` at a time."""
        for start in range(0, self.length, self.size):
            yield self.make(start, min(start + self.size, self.length))


class _Collision(Exception):
    """A data string equals the placeholder."""


def _refuse(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


#: What `json.dumps(default=...)` takes: an object JSON cannot write -> one it can. Here it
#: must give a scalar (a number or a string), as numpy's `.item()` does.
Default = Callable[[Any], Any]


class _Form(NamedTuple):
    indent: int
    default: Default

    def pad(self, level: int) -> str:
        """A line break and the indent of a member at `level`."""
        return "\n" + " " * (self.indent * level)


@lru_cache(maxsize=128)
def _encoder(form: _Form, level: int) -> Callable[[Any], str]:
    """The C encoder for the members of a container at `level`, separated as `json.dumps`
    separates them at that depth."""
    separator = "," + form.pad(level + 1)
    if c_make_encoder is None:  # pragma: no cover - CPython has it
        return lambda value: json.dumps(
            value, ensure_ascii=False, separators=(separator, ": "), default=form.default
        )
    encode = c_make_encoder(
        None, form.default, encode_basestring, None, ": ", separator, False, False, True
    )
    return lambda value: "".join(encode(value, 0))


@lru_cache(maxsize=128)
def _between(form: _Form, level: int) -> re.Pattern[str]:
    """Where one container ends and the next begins in a list of containers encoded at
    `level`: the separator followed by a bracket. Inside a container whose nested members
    are placeholders, a separator is followed by a key, a string or a number, and a line
    break is never inside a string, so nothing else matches."""
    return re.compile(re.escape("," + form.pad(level + 1)) + r"(?=[\[{])")


def _flatten(values: Sequence[Any]) -> tuple[Sequence[Any], list[Any]]:
    """`values` with every nested container replaced by the placeholder, and the nested
    containers in the order they are written. Which members are containers is asked in C
    (`map(isinstance, ...)` picked by `compress`); Python touches only those members.

    An empty container in a dict stays: the C encoder writes it as `[]` or `{}`, as
    `json.dumps` does at any indent, and after its key it cannot be taken for the start of
    a member of `values` (`_between`); a finding's `hints` are mostly empty. In a list it is
    replaced like any other, since there it would be."""
    flat: list[Any] = []
    nested: list[Any] = []
    for value in values:
        if isinstance(value, dict):
            containers = compress(value, map(isinstance, value.values(), repeat(_CONTAINERS)))
            inner = list(filter(value.__getitem__, containers))  # the non-empty ones
        else:
            inner = list(compress(range(len(value)), map(isinstance, value, repeat(_CONTAINERS))))
        if inner:
            value = value.copy() if isinstance(value, dict) else list(value)
            for at in inner:
                nested.append(value[at])
                value[at] = _HOLE
        flat.append(value)
    return (flat, nested) if nested else (values, [])


def _texts(values: Sequence[Any], form: _Form, level: int) -> list[str]:
    """The indented text of each container in `values`, each one a member at `level`."""
    flat, nested = _flatten(values)
    inner, outer = form.pad(level + 1), form.pad(level)
    pieces = _between(form, level).split(_encoder(form, level)(flat)[1:-1])
    pieces = [p if len(p) == 2 else p[0] + inner + p[1:-1] + outer + p[-1] for p in pieces]
    if not nested:
        return pieces
    # Joined by NUL, which encoded JSON never holds (it writes \u0000), to fill all at once.
    parts = "\x00".join(pieces).split(_HOLE_TEXT)
    if len(parts) != len(nested) + 1:
        raise _Collision
    filled = _texts(nested, form, level + 1)
    between = chain.from_iterable(zip(parts, filled, strict=False))  # parts has one more
    return ("".join(between) + parts[-1]).split("\x00")


def _text(value: Any, form: _Form, level: int) -> str:
    """One value's indented text, a member at `level`."""
    if not isinstance(value, _CONTAINERS):
        return _encoder(form, level)(value)
    try:
        return _texts([value], form, level)[0]
    except _Collision:  # the exact, slow way; a JSON line break is never inside a string
        text = json.dumps(value, indent=form.indent, ensure_ascii=False, default=form.default)
        return text.replace("\n", form.pad(level))


def _big(value: Any) -> bool:
    """Whether `value` holds at least `BATCH` values (counted until that many are seen)."""
    stack = [value]
    seen = 0
    while stack:
        top = stack.pop()
        if isinstance(top, Streamed):  # written in pieces, by the writer only
            return True
        members = top.values() if isinstance(top, dict) else top
        seen += len(members)
        if seen >= BATCH:
            return True
        stack += [
            m for m in members if isinstance(m, Streamed) or (isinstance(m, _CONTAINERS) and m)
        ]
    return False


class _Writer:
    """Hands the pieces of one document on, a `CHUNK` at a time."""

    def __init__(self, write: Callable[[str], object], form: _Form) -> None:
        self.write = write
        self.form = form
        self.pieces: list[str] = []
        self.size = 0

    def put(self, text: str) -> None:
        self.pieces.append(text)
        self.size += len(text)
        if self.size >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.pieces:
            self.write("".join(self.pieces))
            self.pieces.clear()
            self.size = 0

    def value(self, value: Any, level: int) -> None:
        """`value` as a member at `level`: a small one in one go, a big one member by
        member (a long list `BATCH` members at a time)."""
        if isinstance(value, Streamed):
            self.streamed(value, level)
            return
        if not isinstance(value, _CONTAINERS) or not _big(value):
            self.put(_text(value, self.form, level))
            return
        inner = self.form.pad(level + 1)
        if isinstance(value, dict):
            self.put("{" + inner)
            for i, (key, member) in enumerate(value.items()):
                self.put(("," + inner if i else "") + self.key(key) + ": ")
                self.value(member, level + 1)
        elif len(value) >= BATCH:
            self.put("[" + inner)
            cut = slice(len("[" + inner), -len(self.form.pad(level) + "]"))
            for start in range(0, len(value), BATCH):
                batch = _text(list(value[start : start + BATCH]), self.form, level)
                self.put(("," + inner if start else "") + batch[cut])
        else:
            self.put("[" + inner)
            for i, member in enumerate(value):
                self.put("," + inner if i else "")
                self.value(member, level + 1)
        self.put(self.form.pad(level) + ("}" if isinstance(value, dict) else "]"))

    def streamed(self, value: Streamed, level: int) -> None:
        """A `Streamed` list as the list it stands for, each piece as it is made (`BATCH`
        members encoded at a time, as a long list is)."""
        if not len(value):
            self.put("[]")
            return
        inner = self.form.pad(level + 1)
        self.put("[" + inner)
        cut = slice(len("[" + inner), -len(self.form.pad(level) + "]"))
        first = True
        for piece in value.pieces():  # (members hold no Streamed: encoded as they are)
            for start in range(0, len(piece), BATCH):
                batch = _text(list(piece[start : start + BATCH]), self.form, level)[cut]
                self.put(batch if first else "," + inner + batch)
                first = False
        self.put(self.form.pad(level) + "]")

    def key(self, key: object) -> str:
        """A dict key as `json.dumps` writes it (a number, bool or None as a string)."""
        if isinstance(key, str):
            return str(encode_basestring(key))
        text = _encoder(self.form, 0)({key: 0})
        return text[1 : text.rindex(":")]


def write_json(
    value: Any,
    write: Callable[[str], object],
    *,
    indent: int = 2,
    default: Default = _refuse,
) -> None:
    """Write `value` as `json.dumps(value, indent=indent, ensure_ascii=False,
    default=default)` would (no newline at the end), through `write`, in pieces of about
    `CHUNK` characters. `default` must turn what it is given into a scalar."""
    writer = _Writer(write, _Form(indent, default))
    writer.value(value, 0)
    writer.flush()


def dumps(value: Any, *, indent: int = 2, default: Default = _refuse) -> str:
    """`write_json` into one string (for small documents and tests)."""
    pieces: list[str] = []
    write_json(value, pieces.append, indent=indent, default=default)
    return "".join(pieces)


def write_document(document: Any, out: IO[str], *, default: Default = _refuse) -> None:
    """A report's JSON document: `json.dumps(document, indent=2, ensure_ascii=False)` and
    a newline, written to `out` in pieces; the data exact, but inert in a terminal (DEL, C1
    and bidi controls as \\u escapes: `escape.json_text`)."""
    write_json(document, lambda text: out.write(escape.json_text(text)), default=default)
    out.write("\n")
