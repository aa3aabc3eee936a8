"""Every reporter writes to a stream as it goes; the JSON encoder behind json, gitlab and
sarif gives `json.dumps(indent=...)`'s characters exactly."""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_sample import sample_report

from sluitend.report import jsonstream
from sluitend.report.base import REPORTERS, get_reporter

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=6)
    # the characters the splitting leans on, inside strings
    | st.sampled_from(["{", "}", "[", "]", ",", ",\n  {", '"', "\\", "\x00", jsonstream._HOLE])
)
KEYS = st.text(max_size=4) | st.sampled_from(["{", "[", ","])
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(KEYS, inner, max_size=5)
    ),
    max_leaves=40,
)


@st.composite
def _records(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Lists of records, dicts of a few key sets (as a report's findings and their
    `where`s are), their values scalars, containers, empty containers or a mix."""
    shapes = draw(st.lists(st.lists(KEYS | st.just("%s"), unique=True), min_size=1, max_size=3))
    rows = draw(st.lists(st.sampled_from(shapes), max_size=12))
    return [{k: draw(DOCUMENTS) for k in keys} for keys in rows]


@settings(max_examples=300, deadline=None)
@given(_records(), st.sampled_from([0, 2]), st.sampled_from([1, 3, 512]))
def test_records_are_written_as_json_dumps_writes_them(
    records: list[dict[str, Any]], indent: int, batch: int
) -> None:
    old = jsonstream.BATCH
    jsonstream.BATCH = batch
    try:
        _same(records, indent)
        _same({"findings": records, "nested": [records]}, indent)
        streamed, _ = _streamed(records, 5)
        got = jsonstream.dumps({"rows": streamed}, indent=indent)
        assert got == json.dumps({"rows": records}, indent=indent, ensure_ascii=False)
    finally:
        jsonstream.BATCH = old


def test_records_are_written_column_by_column() -> None:
    """A list of same-keyed dicts never goes through the placeholders (`_flatten`)."""
    rows = [{"where": {"jaar": i, "a": "x"}, "hints": [], "n": i} for i in range(600)]
    calls: list[int] = []
    flatten = jsonstream._flatten
    jsonstream._flatten = lambda values: calls.append(len(values)) or flatten(values)  # type: ignore[assignment]
    try:
        _same({"findings": rows})
    finally:
        jsonstream._flatten = flatten
    assert calls == []


def _same(value: Any, indent: int = 2) -> None:
    expected = json.dumps(value, indent=indent, ensure_ascii=False)
    assert jsonstream.dumps(value, indent=indent) == expected


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS, st.sampled_from([0, 1, 2, 4]), st.sampled_from([1, 2, 3, 512]))
def test_write_json_is_json_dumps_with_indent(value: Any, indent: int, batch: int) -> None:
    old = jsonstream.BATCH
    jsonstream.BATCH = batch  # small batches walk big containers member by member
    try:
        _same(value, indent)
    finally:
        jsonstream.BATCH = old


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        [[]],
        {"a": {}},
        {2: "int key", 1.5: "float key", True: "bool key", None: "null key"},
        {"nan": math.nan, "inf": [math.inf, -math.inf]},
        # a data string equal to the placeholder: encoded the slow, exact way
        {"a": jsonstream._HOLE, "b": [1, {"c": 2}]},
        [jsonstream._HOLE, [jsonstream._HOLE]],
        # empty containers: left in place inside a dict, replaced inside a list
        [{"where": {}, "hints": [], "n": 1}, {"hints": [[]], "x": {"[": []}}],
        [[1, [], {}, 2], {"a": [[], {}]}],
        # a long list walked in batches, its records nested
        [{"bron": f"x.csv:{i}", "where": {"jaar": 2016, "hoofdstuk": "VII"}} for i in range(1500)],
    ],
)
def test_write_json_on_edge_cases(value: Any) -> None:
    _same(value)


def test_write_json_hands_on_pieces_not_one_string() -> None:
    value = {"rows": [{"i": i, "label": "x" * 40} for i in range(20_000)]}
    pieces: list[str] = []
    jsonstream.write_json(value, pieces.append)
    assert "".join(pieces) == json.dumps(value, indent=2, ensure_ascii=False)
    assert len(pieces) > 10
    assert max(map(len, pieces)) < 4 * jsonstream.CHUNK


def test_write_json_default_and_refusal() -> None:
    class Number:
        def item(self) -> int:
            return 7

    value = {"a": Number(), "b": [Number(), {"c": Number()}]}

    def default(v: Any) -> Any:
        return v.item()

    expected = json.dumps(value, indent=2, ensure_ascii=False, default=default)
    assert jsonstream.dumps(value, default=default) == expected
    with pytest.raises(TypeError, match="not JSON serializable"):
        jsonstream.dumps({"a": object()})


class _Counting(io.StringIO):
    """A text stream that counts the writes it is given."""

    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


@pytest.mark.parametrize("name", sorted(n for n in REPORTERS if n != "xlsx"))
def test_render_to_writes_what_render_returns(name: str) -> None:
    reporter = get_reporter(name)
    out = _Counting()
    reporter.render_to(sample_report(), out)
    assert out.getvalue() == reporter.render(sample_report())
    assert out.getvalue().endswith("\n")
    assert reporter.render_bytes(sample_report()) == out.getvalue().encode("utf-8")


@pytest.mark.parametrize("name", ["rich", "markdown", "github", "html"])
def test_line_formats_write_in_pieces(name: str) -> None:
    out = _Counting()
    get_reporter(name).render_to(sample_report(), out)
    assert out.writes > 2


def test_xlsx_writes_into_a_byte_stream() -> None:
    reporter = get_reporter("xlsx")
    out = io.BytesIO()
    reporter.render_bytes_to(sample_report(), out)
    assert out.getvalue()[:2] == b"PK"
    with pytest.raises(TypeError, match="binary"):
        reporter.render_to(sample_report(), io.StringIO())


def _streamed(members: list[Any], size: int) -> tuple[jsonstream.Streamed, list[tuple[int, int]]]:
    """`members` as a Streamed made `size` at a time, and the (start, stop) it was asked."""
    asked: list[tuple[int, int]] = []

    def make(start: int, stop: int) -> list[Any]:
        asked.append((start, stop))
        return members[start:stop]

    return jsonstream.Streamed(len(members), make, size=size), asked


@settings(max_examples=200, deadline=None)
@given(
    st.lists(DOCUMENTS, max_size=30),
    st.sampled_from([1, 3, 7, 100]),
    st.sampled_from([1, 2, 512]),
    st.sampled_from([0, 2]),
)
def test_a_streamed_list_is_written_as_the_list(
    members: list[Any], size: int, batch: int, indent: int
) -> None:
    old = jsonstream.BATCH
    jsonstream.BATCH = batch
    try:
        streamed, asked = _streamed(members, size)
        document = {"a": 1, "rows": streamed, "after": [streamed.length]}
        expected = {"a": 1, "rows": members, "after": [len(members)]}
        got = jsonstream.dumps(document, indent=indent)
        assert got == json.dumps(expected, indent=indent, ensure_ascii=False)
        assert asked == [(s, min(s + size, len(members))) for s in range(0, len(members), size)]
    finally:
        jsonstream.BATCH = old


def test_a_streamed_list_is_made_a_piece_at_a_time() -> None:
    rows = [{"i": i, "label": "x" * 40} for i in range(20_000)]
    streamed, asked = _streamed(rows, 1000)
    pieces: list[str] = []
    jsonstream.write_json({"rows": streamed}, pieces.append)
    assert "".join(pieces) == json.dumps({"rows": rows}, indent=2, ensure_ascii=False)
    assert len(asked) == 20 and len(pieces) > 10  # made and handed on piece by piece


def test_json_report_of_every_unchecked_figure_is_the_document() -> None:
    from sluitend.report.document import report_document

    report = sample_report()
    expected = json.dumps(report_document(report, None), indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO()
    get_reporter("json", max_unchecked=None).render_to(report, out)
    assert out.getvalue() == expected


@settings(max_examples=200, deadline=None)
@given(
    _records(), st.sampled_from([1, 4, 100]), st.sampled_from([1, 3, 512]), st.sampled_from([0, 2])
)
def test_records_given_by_column_are_written_as_their_rows(
    rows: list[dict[str, Any]], size: int, batch: int, indent: int
) -> None:
    """A `Streamed` whose pieces are `Records` (columns) writes the dicts they stand for."""
    keys = list(rows[0]) if rows else []
    rows = [r for r in rows if list(r) == keys and keys]  # one key set: what Records holds

    def make(start: int, stop: int) -> jsonstream.Records:
        part = rows[start:stop]
        return jsonstream.Records(keys, [[r[k] for r in part] for k in keys])

    old = jsonstream.BATCH
    jsonstream.BATCH = batch
    try:
        streamed = jsonstream.Streamed(len(rows), make, size=size)
        got = jsonstream.dumps({"rows": streamed, "n": 1}, indent=indent)
        assert got == json.dumps({"rows": rows, "n": 1}, indent=indent, ensure_ascii=False)
        if rows:
            assert make(0, len(rows)).rows() == rows
    finally:
        jsonstream.BATCH = old


def test_records_refuse_what_is_not_a_table() -> None:
    with pytest.raises(ValueError):
        jsonstream.Records(["a", "b"], [[1, 2], [3]])
    with pytest.raises(ValueError):
        jsonstream.Records([], [])
    with pytest.raises(TypeError):
        jsonstream.Records([1], [[1]])  # type: ignore[list-item]
