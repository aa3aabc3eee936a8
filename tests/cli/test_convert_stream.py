"""`convert` of a canonical CSV to Parquet in batches (`canonical_stream`): the same file as
reading it whole and writing that, or nothing at all and the whole reader's answer."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sluitend.cli import main
from sluitend.datasets import canonical_arrow, canonical_stream
from sluitend.datasets.canonical import read_canonical_csv, read_parquet, write_parquet
from sluitend.datasets.frame import empty_frame
from sluitend.vocabulary import DATASET_KINDS


def _bundled_text() -> str:
    folder = resources.files("sluitend.datasets") / "bundled"
    return (folder / "bzk-2022-art7.csv").read_text(encoding="utf-8")


def _without_bron(text: str) -> str:
    """The file with its `bron` column left out (each row named by its own line)."""
    lines = text.splitlines()
    return "\n".join([lines[0], *(line.rsplit(",", 1)[0] for line in lines[1:])]) + "\n"


def _whole(source: Path, target: Path) -> None:
    """What convert wrote before the stream: the file read whole, then written."""
    write_parquet(read_canonical_csv(source), target)


def _same_parquet(a: Path, b: Path) -> None:
    ta, tb = pq.read_table(a), pq.read_table(b)
    assert ta.schema.equals(tb.schema, check_metadata=True)
    assert ta.equals(tb)


@pytest.mark.parametrize("bron", ["given", "left out"])
@pytest.mark.parametrize(
    ("block", "group"),
    [(1 << 24, 1 << 18), (512, 1 << 18), (512, 50)],  # one batch; many; many row groups
)
def test_stream_writes_what_the_whole_reader_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bron: str, block: int, group: int
) -> None:
    monkeypatch.setattr(canonical_stream, "_BLOCK", block)
    monkeypatch.setattr(canonical_stream, "_GROUP", group)
    text = _bundled_text()
    source = tmp_path / "in.csv"
    source.write_text(text if bron == "given" else _without_bron(text), encoding="utf-8")
    streamed, whole = tmp_path / "streamed.parquet", tmp_path / "whole.parquet"
    assert canonical_stream.stream_to_parquet(source, streamed) == ("begrotingstabel", 224)
    _whole(source, whole)
    _same_parquet(streamed, whole)
    back = read_parquet(streamed).frame
    assert back.equals(read_canonical_csv(source).frame)
    if bron == "left out":  # the row's own line in the CSV, across batches too
        assert back["bron"].iloc[-1] == f"{source}:{224 + 2}"
    groups = pq.ParquetFile(streamed).metadata.num_row_groups
    assert groups == 1 if group > 224 else groups > 1  # each gathered group one row group


def test_parquet_encodings_and_statistics(tmp_path: Path) -> None:
    """`bedrag` and `bron_regel` delta-encoded, the rest dictionaries; min/max kept for
    numbers and booleans, not for text (written by convert and by `write_parquet` alike)."""
    source, target = tmp_path / "in.csv", tmp_path / "out.parquet"
    source.write_text(_without_bron(_bundled_text()), encoding="utf-8")
    assert canonical_stream.stream_to_parquet(source, target) is not None
    chunks = pq.ParquetFile(target).metadata.row_group(0)
    columns = {chunks.column(i).path_in_schema: chunks.column(i) for i in range(15)}
    for name in ("bedrag", "bron_regel"):
        assert "DELTA_BINARY_PACKED" in columns[name].encodings
    assert "RLE_DICTIONARY" in columns["jaar"].encodings
    for name in ("begrotingsjaar", "jaar", "bedrag", "waarvan", "bron_regel"):
        assert columns[name].statistics.has_min_max, name
    for name in ("fase", "hoofdstuk", "artikel", "vuo", "label", "bron"):
        assert not columns[name].is_stats_set, name
    assert read_parquet(target).frame.equals(read_canonical_csv(source).frame)


def test_a_bedrag_of_floating_point_is_not_delta_encoded() -> None:
    schema = pa.schema([pa.field("bedrag", pa.float64()), pa.field("label", pa.string())])
    options = canonical_arrow.parquet_options(schema)
    assert options["column_encoding"] is None
    assert options["use_dictionary"] == ["bedrag", "label"]
    assert options["write_statistics"] == ["bedrag"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace(",39149,", ",39x49,", 1), "in.csv:3: column 'bedrag'"),
        (lambda t: t.replace(",39149,", ", 39149,", 1), None),  # a space: parse_column's
        (lambda t: t.replace(",39149,", ",PM,", 1), None),
        (lambda t: t.replace("\n2022,", "\n\n2022,", 1), None),  # a blank line
        (lambda t: t.replace(",OWB,", ",XYZ,", 1), "in.csv:3: column 'fase'"),
    ],
)
def test_what_the_stream_cannot_take_goes_to_the_whole_reader(
    tmp_path: Path, change: object, message: str | None
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(change(_bundled_text()), encoding="utf-8")  # type: ignore[operator]
    target = tmp_path / "out.parquet"
    assert canonical_stream.stream_to_parquet(source, target) is None
    assert not target.exists() and list(tmp_path.iterdir()) == [source]  # nothing left
    result = CliRunner().invoke(main, ["convert", str(source), str(target)])
    if message is None:  # the whole reader takes it
        assert result.exit_code == 0, result.output
        _whole(source, tmp_path / "whole.parquet")
        _same_parquet(target, tmp_path / "whole.parquet")
    else:  # and names the place of the problem, as before
        assert result.exit_code == 2
        assert message in result.stderr and "Traceback" not in result.stderr
        assert not target.exists()


def test_a_file_with_begroting_goes_to_the_whole_reader(tmp_path: Path) -> None:
    """Whether `begroting` is written depends on every row: the stream leaves it."""
    lines = _bundled_text().splitlines()
    rows = [lines[1] + ",begroting", *(line + "," for line in lines[2:])]
    source = tmp_path / "in.csv"
    source.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    assert canonical_stream.stream_to_parquet(source, tmp_path / "x.parquet") is None
    result = CliRunner().invoke(main, ["convert", str(source), str(tmp_path / "out.parquet")])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {tmp_path / 'out.parquet'} (begrotingstabel, 224 rows)\n"


PROBE = """
import sys
from sluitend.cli import main
main(["convert", sys.argv[1], sys.argv[2]], standalone_mode=False)
print(" ".join(m for m in ("pandas", "pandera") if m in sys.modules) or "none")
"""


@pytest.mark.parametrize("bron", ["empty", "left out"])
def test_the_stream_never_imports_pandas(tmp_path: Path, bron: str) -> None:
    """`convert` of a good canonical CSV to Parquet runs on pyarrow alone (pandas' import
    was a third of its time), and writes what the whole reader writes."""
    text = _without_bron(_bundled_text())
    if bron == "empty":  # the column there, every row's empty: each named by its line
        lines = text.splitlines()
        rows = [lines[1] + ",bron", *(line + "," for line in lines[2:])]
        text = "\n".join([lines[0], *rows]) + "\n"
    source, target = tmp_path / "in.csv", tmp_path / "out.parquet"
    source.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(source), str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines() == [f"wrote {target} (begrotingstabel, 224 rows)", "none"]
    _whole(source, tmp_path / "whole.parquet")
    _same_parquet(target, tmp_path / "whole.parquet")
    assert read_parquet(target).frame.equals(read_canonical_csv(source).frame)


@pytest.mark.parametrize("kind", list(DATASET_KINDS))
def test_the_schema_made_without_pandas_is_pandas_own(kind: str) -> None:
    columns = [c for c in DATASET_KINDS[kind] if c != "bron"]
    made = canonical_arrow.frame_schema(kind, columns)
    pandas_own = pa.Schema.from_pandas(empty_frame(kind)[columns], preserve_index=False)
    assert made.equals(pandas_own, check_metadata=True)


@pytest.mark.parametrize(
    ("items", "kind"),
    [
        ([3, -1, 0], pa.int8()),
        ([2**31 - 1, -(2**31)], pa.int32()),
        ([10**15, -7], pa.int64()),
        ([True, False, True, True, False, False, False, False, True], pa.bool_()),
        (["", "OWB", "é€", ""], pa.string()),
        (["V", "", "owb.csv:"], pa.large_string()),
        ([], pa.large_string()),
    ],
)
def test_values_made_from_bytes_are_arrows_own(items: list[object], kind: pa.DataType) -> None:
    made = canonical_arrow.values(items, kind)
    made.validate(full=True)
    assert made.equals(pa.array(items, kind))
    if items:
        assert canonical_arrow.scalar(items[0], kind) == pa.scalar(items[0], kind)
    assert canonical_arrow.scalar(None, kind) == pa.scalar(None, kind)
