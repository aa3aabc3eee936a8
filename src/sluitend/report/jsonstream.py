"""Indented JSON at the speed of the C encoder, written in pieces as it is made.

`json.dumps(value, indent=2, ensure_ascii=False)` runs Python's pure-Python encoder whenever
`indent` is set: a generator step per value, four to six times slower than the compact C
encoder on the 12 MB document of the Ministry's 2016 file. The C encoder takes any item
separator, though, so a container at depth d is one C call with the separator ",\\n" plus
d+1 indents once every nested container in it has been replaced by a placeholder. The
nested ones are encoded the same way one level deeper (all of one level in one call),
their texts put in the placeholders' places, and only the brackets get their line breaks
here: Python works per container, never per value.

A list of records, dicts that all have the same keys (a report's findings, their `where`s),
is written without placeholders (`_records`): its values column by column in one C call,
each record then one `%` of a template made once from its keys, so Python does not walk
the records one by one at all (the findings of a 3M-figure run: 0,21 -> 0,1 s).

`write_json` gives the same characters as `json.dumps` with `indent` and
`ensure_ascii=False` (tests compare them on the goldens and on generated documents) and
hands them on in pieces: a container holding `BATCH` values or more is walked member by
member, a long list `BATCH` members at a time, so a large document is never one string.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import chain, compress, islice, repeat
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from operator import itemgetter
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
        self,
        length: int,
        make: Callable[[int, int], list[Any] | Records],
        size: int = 8 * 512,
    ) -> None:
        self.length, self.make, self.size = length, make, size

    def __len__(self) -> int:
        return self.length

    def pieces(self) -> Iterable[list[Any] | Records]:
        """The members, `size` at a time."""
        for start in range(0, self.length, self.size):
            yield self.make(start, min(start + self.size, self.length))


class Records:
    """Dicts that all have the same string keys, given column by column (`columns[i]` the
    values of `keys[i]`, one per record). Written as the list of those dicts; a
    `Streamed` piece may be one, so a report's findings are written from their fields
    without a dict per finding."""

    __slots__ = ("columns", "keys")

    def __init__(self, keys: Sequence[str], columns: Sequence[list[Any]]) -> None:
        if not keys or len(keys) != len(columns) or len({len(c) for c in columns}) != 1:
            raise ValueError("Records: one column per key (at least one), all of one length")
        if not all(isinstance(k, str) for k in keys):
            raise TypeError("Records: keys must be strings")
        self.keys, self.columns = tuple(keys), list(columns)

    def __len__(self) -> int:
        return len(self.columns[0])

    def __getitem__(self, at: slice) -> Records:
        return Records(self.keys, [c[at] for c in self.columns])

    def rows(self) -> list[dict[str, Any]]:
        """The dicts it stands for."""
        return [
            dict(zip(self.keys, values, strict=True)) for values in zip(*self.columns, strict=True)
        ]


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


@lru_cache(maxsize=128)
def _cells(form: _Form) -> Callable[[list[Any]], list[str]]:
    """The JSON text of each scalar in a list, all in one C call (NUL separates them: the
    encoder writes a NUL inside a string as \\u0000, so it is never part of a value)."""
    if c_make_encoder is None:  # pragma: no cover - CPython has it
        return lambda values: [
            json.dumps(v, ensure_ascii=False, default=form.default) for v in values
        ]
    encode = c_make_encoder(
        None, form.default, encode_basestring, None, ": ", "\x00", False, False, True
    )

    def cells(values: list[Any]) -> list[str]:
        if not values:
            return []
        texts: list[str] = "".join(encode(values, 0)).split("\x00")
        texts[0] = texts[0][1:]  # the list's brackets (one value: both on it)
        texts[-1] = texts[-1][:-1]
        return texts

    return cells


@lru_cache(maxsize=256)
def _template(keys: tuple[str, ...], form: _Form, level: int) -> tuple[str, ...]:
    """The constant text of a record with these keys, a member at `level`: what comes
    before its first value, between each two, and after its last (one more than `keys`)."""
    inner = "," + form.pad(level + 1)
    names = [str(encode_basestring(k)) + ": " for k in keys]
    between = [inner + name for name in names[1:]]
    return ("{" + form.pad(level + 1) + names[0], *between, form.pad(level) + "}")


#: Different key sets a list of records may have and still be written as records.
SHAPES = 8


def _shapes(values: Sequence[Any]) -> dict[tuple[str, ...], None] | None:
    """The key sets (in order) of `values` when every member is a non-empty dict with
    string keys and there are at most `SHAPES` different ones; else None. Asked in C
    (`map`), never member by member."""
    if not values or not all(map(isinstance, values, repeat(dict))):
        return None
    shapes = dict.fromkeys(map(tuple, values))
    if len(shapes) > SHAPES:
        return None
    for keys in shapes:
        if not keys or not all(map(isinstance, keys, repeat(str))):
            return None
    return shapes


def _scatter(n: int, runs: Sequence[tuple[Sequence[int], Sequence[str]]]) -> list[str]:
    """`n` texts put back in place from runs of (positions, texts), which between them
    hold each position once: one sort in C, no loop per text."""
    positions = list(chain.from_iterable(p for p, _ in runs))
    texts = list(chain.from_iterable(t for _, t in runs))
    return list(map(texts.__getitem__, sorted(range(n), key=positions.__getitem__)))


def _where(flags: Iterable[bool], n: int) -> list[int]:
    return list(compress(range(n), flags))


def _records(values: Sequence[Any], form: _Form, level: int) -> list[str] | None:
    """The indented text of each record in `values`, each a member at `level`, when they
    are records (`_shapes`); else None. The records of each key set: one column of texts
    per key, then one `%` of the key set's template per record (`map`, in C)."""
    shapes = _shapes(values)
    if shapes is None:
        return None
    if len(shapes) == 1:
        return _same_keys(values, next(iter(shapes)), form, level)
    n = len(values)
    keys_of = list(map(tuple, values))
    runs = []
    for keys in shapes:
        at = _where(map(keys.__eq__, keys_of), n)
        runs.append((at, _same_keys(list(map(values.__getitem__, at)), keys, form, level)))
    return _scatter(n, runs)


#: Types whose values are written as they are (no container inside), and the containers.
_SCALARS = frozenset({str, int, float, bool, type(None)})
_CONTAINER_TYPES = frozenset(_CONTAINERS)


def _same_keys(
    values: Sequence[dict[str, Any]], keys: tuple[str, ...], form: _Form, level: int
) -> list[str]:
    """The texts of records that all have `keys`, in this order (`_columns_text`)."""
    return _columns_text(keys, [list(map(itemgetter(key), values)) for key in keys], form, level)


def _columns_text(
    keys: tuple[str, ...], columns: Sequence[list[Any]], form: _Form, level: int
) -> list[str]:
    """The texts of records given column by column, each a member at `level`. A column of
    scalars is encoded with every other such column in one C call, a column that may hold
    containers (a finding's `where`, its hints) by `_column`; then the records are the
    template's constant parts and the columns interleaved (`zip`, `chain`) and joined, NUL
    after each record to cut them apart (the encoder never writes a raw NUL)."""
    n = len(columns[0])
    cells: list[list[str] | None] = []
    scalars: list[list[Any]] = []
    for column in columns:
        if _SCALARS.issuperset(map(type, column)):
            cells.append(None)
            scalars.append(column)
        else:
            cells.append(_column(column, form, level + 1))
    texts = iter(_cells(form)(list(chain.from_iterable(scalars))))
    filled = [list(islice(texts, n)) if c is None else c for c in cells]
    constant = _template(keys, form, level)
    interleaved: list[Iterable[str]] = []
    for part, column in zip(constant, filled, strict=False):  # one more constant part
        interleaved += [repeat(part, n), column]
    interleaved.append(repeat(constant[-1] + "\x00", n))
    return "".join(chain.from_iterable(zip(*interleaved, strict=True))).split("\x00")[:-1]


def _column(column: list[Any], form: _Form, level: int) -> list[str]:
    """The texts of one column's values, members at `level`: its non-empty containers
    indented (`_texts`, all of them together), an empty one `[]` or `{}` (as `json.dumps`
    writes it at any indent), anything else as the C encoder writes it."""
    n = len(column)
    filled = list(map(bool, column))
    if _CONTAINER_TYPES.issuperset(map(type, column)):
        if all(filled):  # a finding's `where`: every one a non-empty dict
            return _texts(column, form, level)
        held = [True] * n  # a finding's hints: mostly empty lists
    else:
        held = list(map(isinstance, column, repeat(_CONTAINERS)))
    full = list(map(operator.and_, held, filled))
    empty = list(map(operator.gt, held, filled))  # a container, and empty
    at_full, at_empty = _where(full, n), _where(empty, n)
    at_scalar = _where(map(operator.not_, held), n)
    nested = list(map(column.__getitem__, at_full))
    empties = map(isinstance, map(column.__getitem__, at_empty), repeat(dict))
    runs = [
        (at_full, _texts(nested, form, level) if nested else []),
        (at_empty, list(map(("[]", "{}").__getitem__, empties))),
        (at_scalar, _cells(form)(list(map(column.__getitem__, at_scalar)))),
    ]
    return _scatter(n, runs)


def _texts(values: Sequence[Any], form: _Form, level: int) -> list[str]:
    """The indented text of each container in `values`, each one a member at `level`."""
    records = _records(values, form, level)
    if records is not None:
        return records
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


def _members(values: list[Any] | Records, form: _Form, level: int) -> str:
    """The members of a non-empty list at `level`, without its brackets: records joined
    as they are (`_records`, `Records` from their columns), anything else cut out of the
    list's text."""
    if isinstance(values, Records):
        try:
            texts = _columns_text(values.keys, values.columns, form, level + 1)
            return ("," + form.pad(level + 1)).join(texts)
        except _Collision:  # a placeholder in the data, deeper down: as the dicts, exactly
            values = values.rows()
    try:
        records = _records(values, form, level + 1)
    except _Collision:  # a placeholder in the data, deeper down: `_text` does it exactly
        records = None
    if records is not None:
        return ("," + form.pad(level + 1)).join(records)
    text = _text(values, form, level)
    return text[len(form.pad(level + 1)) + 1 : -len(form.pad(level)) - 1]


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
            for start in range(0, len(value), BATCH):
                batch = _members(list(value[start : start + BATCH]), self.form, level)
                self.put(("," + inner if start else "") + batch)
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
        first = True
        for piece in value.pieces():  # (members hold no Streamed: encoded as they are)
            for start in range(0, len(piece), BATCH):
                members = piece[start : start + BATCH]
                if not isinstance(members, Records):
                    members = list(members)
                batch = _members(members, self.form, level)
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
