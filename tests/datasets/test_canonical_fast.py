"""The Arrow reader of canonical CSV gives exactly what the csv-module reader gives: the same
frame for a good file, the same error (message, line) for a bad one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sluitend.datasets import canonical_arrow, canonical_fast
from sluitend.datasets.canonical import read_canonical_csv
from sluitend.errors import InputError

HEADER = (
    "begrotingsjaar,fase,hoofdstuk,artikel,onderdeel,instrument,regeling,vuo,jaar,bedrag,label,bron"
)
ROWS = [
    "2022,OWB,VII,7,,,,V,2020,39149,Verplichtingen,",
    "2022,OWB,VII,7,,,,U,2020,36415,Uitgaven,page.txt:146",
    '2022,OWB,VII,7,7.1,,,U,2020,pm,"7.1 Werkgevers-, bedrijfsvoeringsbeleid",',
    "2022,OWB,VII,7,7.2,,,U,2020,-12,Overig,",
]


def text(rows: list[str] = ROWS, header: str = HEADER, end: str = "\n") -> str:
    return end.join([header, *rows]) + end


def outcome(path: Path, slow: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    """The frame, or (message, line) of the error, read by one path."""
    with monkeypatch.context() as m:
        if slow:
            m.setattr(canonical_fast, "read_fast", lambda *a: None)
        try:
            ds = read_canonical_csv(path)
        except InputError as exc:
            return (str(exc), exc.line)
    return ds


def same(tmp_path: Path, content: str | bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    path = tmp_path / "data.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    fast, slow = outcome(path, False, monkeypatch), outcome(path, True, monkeypatch)
    if isinstance(slow, tuple):
        assert fast == slow
    else:
        assert not isinstance(fast, tuple), fast
        pd.testing.assert_frame_equal(fast.frame, slow.frame)  # type: ignore[attr-defined]
        assert (fast.name, fast.unit, fast.kind) == (slow.name, slow.unit, slow.kind)  # type: ignore[attr-defined]
    return fast


def test_a_plain_file_takes_the_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text(text(), encoding="utf-8")
    ds = canonical_fast.read_fast(path, path.read_bytes(), None)
    assert ds is not None
    assert ds.frame["bron"].tolist() == [f"{path}:2", "page.txt:146", f"{path}:4", f"{path}:5"]
    assert ds.frame["bedrag"].isna().tolist() == [False, False, True, False]
    assert ds.frame["bedrag"].iloc[3] == -12


def test_blank_lines_and_multiline_values_go_to_the_csv_path(tmp_path: Path) -> None:
    for content in (
        text([*ROWS[:2], "", *ROWS[2:]]),
        text([*ROWS, '2022,OWB,VII,7,,,,O,2020,1,"a\nb",']),
    ):
        path = tmp_path / "data.csv"
        path.write_text(content, encoding="utf-8")
        assert canonical_fast.read_fast(path, path.read_bytes(), None) is None


UNQUOTED = [r.replace('"7.1 Werkgevers-, bedrijfsvoeringsbeleid"', "x") for r in ROWS]

GOOD_VARIANTS = {
    "plain": text(),
    "no quotes": text(UNQUOTED),
    "crlf": text(end="\r\n"),
    "no final newline": text().rstrip("\n"),
    "metadata": "# sluitend: name='BZK 7' unit=1 kind=begrotingsstaat\n" + text(),
    "bom": "\ufeff" + text(),
    "quoted header": text(header=",".join(f'"{h}"' for h in HEADER.split(","))),
    "spaces and case": text(
        [
            ROWS[0].replace("2020,39149", " 2020 , 39149 "),
            ROWS[1].replace(",U,", ", U ,"),
            ROWS[2].replace(",pm,", ",PM,"),
            ROWS[3],
        ]
    ),
    "waarvan and no bron": text(
        [r.rsplit(",", 1)[0] + (",TRUE" if i else ", false") for i, r in enumerate(ROWS)],
        HEADER.replace(",bron", ",waarvan"),
    ),
    "fifteen digits": text([ROWS[0].replace("39149", "-999999999999999"), *ROWS[1:]]),
    "multiline value later on": text([*ROWS, '2022,OWB,VII,7,,,,O,2020,1,"a\nb",']),
    "blank line": text([*ROWS[:2], "", *ROWS[2:]]),
    # Without quotes and carriage returns the lines are not counted (`lines_match`).
    "no quotes, blank line": text([*UNQUOTED[:2], "", *UNQUOTED[2:]]),
    "no quotes, blank line after the header": text(["", *UNQUOTED]),
    "no quotes, blank last line": text([*UNQUOTED, ""]),
    "no quotes, crlf": text(UNQUOTED, end="\r\n"),
    "no quotes, no final newline": text(UNQUOTED).rstrip("\n"),
}


@pytest.mark.parametrize("name", list(GOOD_VARIANTS))
def test_good_files_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    assert not isinstance(same(tmp_path, GOOD_VARIANTS[name], monkeypatch), tuple)


def swap(old: str, new: str, row: int = 1) -> str:
    rows = list(ROWS)
    assert old in rows[row]
    rows[row] = rows[row].replace(old, new, 1)
    return text(rows)


BAD_VARIANTS = {
    "hex amount": swap("36415", "0x10"),
    "sixteen digits": swap("36415", "0000000000000001"),
    "decimal amount": swap("36415", "36.415"),
    "empty amount": swap("36415", ""),
    "plus sign": swap("2020,36415", "+2020,36415"),
    "word year": swap("2020,36415", "twintig,36415"),
    "bad vuo": swap(",U,", ",X,"),
    "lower fase": swap(",OWB,", ",owb,"),
    "too few fields": swap(",page.txt:146", ""),
    "too many fields": swap(",page.txt:146", ",a,b"),
    "several bad rows": text([r.replace(",V,", ",Q,").replace(",U,", ",Q,") for r in ROWS]),
    "unknown column": text(header=HEADER.replace(",bron", ",bronnen")),
    "missing column": text(
        [r.replace(",VII,7,", ",VII,") for r in ROWS], HEADER.replace(",artikel,", ",")
    ),
    "header only": HEADER + "\n",
    "bad metadata": "# sluitend: unit=duizend\n" + text(),
}


@pytest.mark.parametrize("name", list(BAD_VARIANTS))
def test_bad_files_fail_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    assert isinstance(same(tmp_path, BAD_VARIANTS[name], monkeypatch), tuple)


def test_bad_bytes_and_long_fields_fail_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    latin = text().encode("utf-8").replace(b"Uitgaven", b"Financi\xebn")
    message, line = same(tmp_path, latin, monkeypatch)  # type: ignore[misc]
    assert "not valid UTF-8" in message and line == 3
    long = swap("Uitgaven", "x" * 200_000)
    message, _ = same(tmp_path, long, monkeypatch)  # type: ignore[misc]
    assert "field larger than field limit" in message


def test_percentages_read_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = "begrotingsjaar,fase,hoofdstuk,artikel,categorie,percentage,label,bron"
    rows = [
        "2022,OWB,VII,7,,95.2,Van het totale uitgavenbudget,",
        "2022,OWB,VII,7,Subsidies,65.6,S,",
    ]
    assert not isinstance(same(tmp_path, text(rows, header), monkeypatch), tuple)
    bad = [rows[0], rows[1].replace("65.6", "1e3")]
    message, line = same(tmp_path, text(bad, header), monkeypatch)  # type: ignore[misc]
    assert line == 3 and "column 'percentage'" in message


def test_a_file_is_mapped_and_its_lines_counted_in_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data.csv"
    content = text([*ROWS, '2022,OWB,VII,7,,,,O,2020,1,"a\nb",']).encode("utf-8")
    path.write_bytes(content)
    mapped = canonical_arrow.file_bytes(path)
    assert not isinstance(mapped, bytes) and mapped[:] == content
    monkeypatch.setattr(canonical_arrow, "_COUNT_STEP", 7)
    for start in (0, 1, len(HEADER) + 1, len(content) - 1):
        expected = content.count(b"\n", start) + (0 if content.endswith(b"\n") else 1)
        assert canonical_arrow._lines_after(mapped, start) == expected
        assert canonical_arrow._lines_after(content, start) == expected
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert canonical_arrow.file_bytes(empty) == b""


def test_a_file_is_parsed_whole_in_one_block_up_to_the_most() -> None:
    most = canonical_arrow.MOST_BLOCK
    for data in (0, 1, 4 << 20, 300 << 20, most):
        assert canonical_arrow.block_size_for(data) > data  # one block: one chunk a column
    assert canonical_arrow.block_size_for(most + 1) == canonical_arrow.BLOCK


def test_a_file_in_several_blocks_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(canonical_arrow, "MOST_BLOCK", 256)
    monkeypatch.setattr(canonical_arrow, "BLOCK", 128)
    rows = [r.replace("2020,", f"{2000 + i % 30},", 1) for i in range(40) for r in UNQUOTED]
    content = text(rows)
    raw = content.encode("utf-8")
    header = HEADER.split(",")
    table = canonical_arrow.arrow_table(raw, len(HEADER) + 1, header)
    assert table.column(0).num_chunks > 1 and table.num_rows == len(rows)
    ds = same(tmp_path, content, monkeypatch)  # the same frame as the csv path's
    assert list(ds.frame["jaar"][:3]) == [2000, 2000, 2000]  # type: ignore[attr-defined]
    path = tmp_path / "data.csv"
    assert canonical_fast.read_fast(path, canonical_arrow.file_bytes(path), None) is not None


def test_blank_lines_are_records_empty_in_every_column() -> None:
    import pyarrow as pa

    def table(first: list[str], second: list[str]) -> pa.Table:
        coded = pa.chunked_array([pa.array(first[:1]).dictionary_encode(),
                                  pa.array(first[1:]).dictionary_encode()])  # fmt: skip
        return pa.table({"f0": coded, "f1": pa.array(second, pa.large_string())})

    assert not canonical_arrow.blank_lines(table(["2022", "2022", "2023"], ["a", "", "b"]))
    assert not canonical_arrow.blank_lines(table(["2022", "", "2023"], ["a", "b", ""]))
    assert canonical_arrow.blank_lines(table(["2022", "", "2023"], ["a", "", "b"]))
    batch = table(["", "2022"], ["", "x"]).to_batches()[0]  # a batch of `convert`'s stream
    assert canonical_arrow.blank_lines(batch)
