"""The canonical CSV and Parquet: lossless round trips and strict errors with their place."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sluitend.datasets.canonical import (
    read_canonical_csv,
    read_parquet,
    write_canonical_csv,
    write_parquet,
)
from sluitend.datasets.canonical_arrow import looks_like_canonical_csv
from sluitend.datasets.frame import Dataset, pandas_dtypes
from sluitend.errors import InputError

HEADER = (
    "begrotingsjaar,fase,hoofdstuk,artikel,onderdeel,instrument,regeling,vuo,jaar,bedrag,label,bron"
)
GOOD = f"""{HEADER}
2022,OWB,VII,7,,,,V,2020,39149,Verplichtingen,
2022,OWB,VII,7,,,,U,2020,36415,Uitgaven,page.txt:146

2022,OWB,VII,7,7.1,,,U,2020,pm,"7.1 Werkgevers-, bedrijfsvoeringsbeleid",
"""
JV = """begrotingsjaar,fase,hoofdstuk,artikel,categorie,percentage,label,bron
2022,OWB,VII,7,,95.2,Van het totale uitgavenbudget,
2022,OWB,VII,7,Subsidies,65.6,Subsidies,
"""


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, **kw: object) -> InputError:
    with pytest.raises(InputError) as info:
        read_canonical_csv(path, **kw)  # type: ignore[arg-type]
    return info.value


def test_reads_budget_rows_with_dtypes_pm_and_bron(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    ds = read_canonical_csv(path)
    assert (ds.kind, ds.name, ds.unit, ds.source) == ("begrotingstabel", "data", 1000, str(path))
    assert dict(ds.frame.dtypes) == pandas_dtypes("begrotingstabel")
    assert ds.frame["bedrag"].tolist()[:2] == [39149, 36415]
    assert ds.frame["bedrag"].isna().tolist() == [False, False, True]
    # an empty bron points at the row's own line (line 4 is blank, so the third row is line 5);
    # a given bron is kept
    assert ds.frame["bron"].tolist() == [f"{path}:2", "page.txt:146", f"{path}:5"]
    assert ds.frame["label"].iloc[2] == "7.1 Werkgevers-, bedrijfsvoeringsbeleid"
    assert ds.frame["omschrijving"].eq("").all() and not ds.frame["waarvan"].any()


def test_reads_percentages(tmp_path: Path) -> None:
    ds = read_canonical_csv(write(tmp_path, JV))
    assert ds.kind == "juridisch_verplicht" and ds.unit == 1
    assert ds.frame["percentage"].tolist() == [95.2, 65.6]
    assert ds.frame["categorie"].tolist() == ["", "Subsidies"]


def test_metadata_line_sets_name_unit_kind_and_shifts_lines(tmp_path: Path) -> None:
    text = "# sluitend: name='BZK art 7' unit=1 kind=begrotingsstaat\n" + GOOD
    ds = read_canonical_csv(write(tmp_path, text))
    assert (ds.name, ds.unit, ds.kind) == ("BZK art 7", 1, "begrotingsstaat")
    assert ds.frame["bron"].iloc[0].endswith(":3")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_round_trip_is_lossless(tmp_path: Path, fmt: str) -> None:
    original = read_canonical_csv(write(tmp_path, GOOD))
    renamed = Dataset(original.frame, "begrotingstabel", "bzk art 7", unit=1000)
    out = tmp_path / f"out.{fmt}"
    if fmt == "csv":
        write_canonical_csv(renamed, out)
        back = read_canonical_csv(out)
        assert "pm" in out.read_text().splitlines()[4]
    else:
        write_parquet(renamed, out)
        back = read_parquet(out)
    assert (back.name, back.unit, back.kind) == ("bzk art 7", 1000, "begrotingstabel")
    pd.testing.assert_frame_equal(back.frame, original.frame)


def test_percentages_round_trip_through_parquet(tmp_path: Path) -> None:
    original = read_canonical_csv(write(tmp_path, JV))
    write_parquet(original, tmp_path / "jv.parquet")
    back = read_parquet(tmp_path / "jv.parquet")
    assert back.kind == "juridisch_verplicht"
    pd.testing.assert_frame_equal(back.frame, original.frame)


@pytest.mark.parametrize(
    ("old", "new", "line", "needle"),
    [
        (
            "U,2020,36415",
            "U,2020,36.415",
            3,
            "column 'bedrag': expected a whole number or 'pm', got '36.415'",
        ),
        ("U,2020,36415", "U,2020,", 3, "column 'bedrag': expected a whole number or 'pm', got ''"),
        (
            "2022,OWB,VII,7,,,,U",
            "2022,OWBX,VII,7,,,,U",
            3,
            "column 'fase': expected one of OWB, VB",
        ),
        (",,,U,2020,36415", ",,,X,2020,36415", 3, "column 'vuo': expected one of V, U, O, got 'X'"),
        ("U,2020,pm", "U,twintig,pm", 5, "column 'jaar': expected a whole number, got 'twintig'"),
        (
            "U,2020,36415,Uitgaven,page.txt:146",
            "U,2020,36415,Uitgaven",
            3,
            "expected 12 fields (as in the header), got 11",
        ),
    ],
)
def test_bad_values_name_file_line_column_and_expected(
    tmp_path: Path, old: str, new: str, line: int, needle: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    err = error_of(path)
    assert err.path == str(path) and err.line == line
    assert needle in str(err)
    assert str(err).startswith(f"{path}:{line}: ")


def test_counts_further_bad_rows(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, GOOD.replace(",V,", ",Q,").replace(",U,", ",Q,")))
    assert err.line == 2 and "(and 2 more rows)" in str(err)


def test_missing_and_unknown_columns(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, GOOD.replace(",artikel,", ",").replace(",VII,7,", ",VII,")))
    assert err.line == 1 and "missing column 'artikel'" in str(err)
    err = error_of(write(tmp_path, GOOD.replace(",bron", ",bronnen")))
    assert err.line == 1 and "unknown column 'bronnen'" in str(err)
    err = error_of(write(tmp_path, GOOD.replace(",bron", ",label")))
    assert "column 'label' appears twice" in str(err)


def test_not_canonical_empty_header_only_binary(tmp_path: Path) -> None:
    assert "not a canonical CSV header" in str(error_of(write(tmp_path, "a,b\n1,2\n")))
    assert "empty file" in str(error_of(write(tmp_path, "")))
    err = error_of(write(tmp_path, HEADER + "\n"))
    assert "header only" in str(err) and err.line == 1
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert "not a text file" in str(error_of(binary))
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\n2022,OWB,VII,7,,,,V,2020,1,Financi\xebn,\n").encode("latin-1"))
    err = error_of(latin)
    assert "not valid UTF-8" in str(err) and err.line == 2


def test_bad_metadata_and_kind(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, "# sluitend: unit=duizend\n" + GOOD))
    assert err.line == 1 and "unit must be a positive whole number" in str(err)
    err = error_of(write(tmp_path, "# sluitend: colour=red\n" + GOOD))
    assert "expected key=value with a key among name, unit, kind" in str(err)
    assert "kind 'juridisch_verplicht' asked for" in str(
        error_of(write(tmp_path, GOOD), kind="juridisch_verplicht")
    )


def test_parquet_codes_are_checked(tmp_path: Path) -> None:
    ds = read_canonical_csv(write(tmp_path, GOOD))
    frame = ds.frame.astype({"vuo": "string"})
    frame.loc[1, "vuo"] = "Z"
    frame.to_parquet(tmp_path / "bad.parquet")
    with pytest.raises(InputError, match=r"bad.parquet: row 2: column 'vuo': expected one of"):
        read_parquet(tmp_path / "bad.parquet")
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        read_parquet(tmp_path / "junk.parquet")


def test_sniffer() -> None:
    assert looks_like_canonical_csv(GOOD.encode())
    assert looks_like_canonical_csv(b"# sluitend: name=x\n" + JV.encode())
    assert not looks_like_canonical_csv(b"Begrotingsjaar,Begroting,Verantwoordelijke minister\n")
    assert not looks_like_canonical_csv(b"")


def test_parquet_columns_of_another_type_are_read_as_text(tmp_path: Path) -> None:
    # A hand-made file: every column stored as text. It reads like the typed file.
    original = read_canonical_csv(write(tmp_path, GOOD))
    as_text = original.frame.astype({c: "string" for c in original.frame.columns})
    as_text["bedrag"] = as_text["bedrag"].fillna("pm")
    as_text.to_parquet(tmp_path / "text.parquet")
    back = read_parquet(tmp_path / "text.parquet")
    pd.testing.assert_frame_equal(back.frame, original.frame)


def test_parquet_dictionary_encoded_text_is_typed(tmp_path: Path) -> None:
    original = read_canonical_csv(write(tmp_path, GOOD))
    frame = original.frame.astype({"hoofdstuk": "category", "onderdeel": "category"})
    frame.to_parquet(tmp_path / "dict.parquet")
    back = read_parquet(tmp_path / "dict.parquet")
    assert back.frame.dtypes.to_dict() == pandas_dtypes("begrotingstabel")
    assert back.frame["onderdeel"].tolist() == original.frame["onderdeel"].tolist()


def test_parquet_missing_whole_number_names_its_row(tmp_path: Path) -> None:
    original = read_canonical_csv(write(tmp_path, GOOD))
    frame = original.frame.astype({"jaar": "Int64"})
    frame.loc[2, "jaar"] = pd.NA
    frame.to_parquet(tmp_path / "gap.parquet")
    with pytest.raises(InputError, match=r"gap.parquet: row 3: column 'jaar': expected a whole"):
        read_parquet(tmp_path / "gap.parquet")


def test_parquet_rows_without_bron_are_named_by_row(tmp_path: Path) -> None:
    original = read_canonical_csv(write(tmp_path, GOOD))
    frame = original.frame.copy()
    frame["bron"] = ["", "page.txt:146", ""]
    frame.to_parquet(tmp_path / "b.parquet")
    back = read_parquet(tmp_path / "b.parquet")
    assert back.frame["bron"].tolist() == [
        f"{tmp_path / 'b.parquet'}#1",
        "page.txt:146",
        f"{tmp_path / 'b.parquet'}#3",
    ]


def test_parquet_whole_amounts_stored_as_floats_are_read(tmp_path: Path) -> None:
    """pandas writes a column of whole amounts with a NaN for pm as float64: those are whole
    numbers, read as such (NaN as pm); before, '39149.0' was refused as "not a whole
    number"."""
    original = read_canonical_csv(write(tmp_path, GOOD))
    frame = original.frame.astype({"bedrag": "float64", "jaar": "float64"})
    assert frame["bedrag"].isna().tolist() == [False, False, True]
    frame.to_parquet(tmp_path / "floats.parquet")
    back = read_parquet(tmp_path / "floats.parquet")
    pd.testing.assert_frame_equal(back.frame, original.frame)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("bedrag", 1.5, "expected a whole number below 10\\*\\*15 or null \\(pm\\), got '1.5'"),
        ("bedrag", float("inf"), "or null \\(pm\\), got 'inf'"),
        ("bedrag", 1e16, "below 10\\*\\*15 or null \\(pm\\), got '1e\\+16'"),
        (
            "jaar",
            float("nan"),
            "expected a whole number below 10\\*\\*15, got 'null'",
        ),
    ],
)
def test_parquet_floats_that_are_no_whole_numbers_name_their_row(
    tmp_path: Path, column: str, value: float, expected: str
) -> None:
    original = read_canonical_csv(write(tmp_path, GOOD))
    frame = original.frame.astype({"bedrag": "float64", "jaar": "float64"})
    frame.loc[1, column] = value
    frame.to_parquet(tmp_path / "f.parquet")
    with pytest.raises(InputError, match=f"f.parquet: row 2: column '{column}': .*{expected}"):
        read_parquet(tmp_path / "f.parquet")


@pytest.mark.parametrize("value", [-(10**15), -(2**63), 10**15])
def test_parquet_whole_numbers_beyond_the_bound_name_their_row(tmp_path: Path, value: int) -> None:
    """Either sign: -2**63 too, which `abs()` on int64 leaves negative."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    original = read_canonical_csv(write(tmp_path, GOOD))
    frame = original.frame.assign(bedrag=original.frame["bedrag"].fillna(0).astype("int64"))
    table = pa.Table.from_pandas(frame.drop(columns=["bron"]), preserve_index=False)
    amounts = table.column("bedrag").to_pylist()
    amounts[1] = value
    at = table.column_names.index("bedrag")
    pq.write_table(
        table.set_column(at, "bedrag", pa.array(amounts, pa.int64())), tmp_path / "b.parquet"
    )
    with pytest.raises(
        InputError, match=r"b\.parquet: row 2: column 'bedrag': expected a whole number below 10"
    ):
        read_parquet(tmp_path / "b.parquet")


def test_parquet_columns_are_read_one_at_a_time(tmp_path: Path) -> None:
    # Each column is read from the file when its frame column is made and is then gone
    # from `stored` (its memory serves the next one); the code columns come out as the CSV
    # reader makes them.
    import pyarrow.parquet as pq

    from sluitend.datasets.canonical import _parquet_columns, _ParquetColumns
    from sluitend.vocabulary import DATASET_KINDS

    original = read_canonical_csv(write(tmp_path, GOOD))
    write_parquet(original, tmp_path / "t.parquet")
    opened = pq.ParquetFile(tmp_path / "t.parquet", read_dictionary=["fase", "vuo", "artikel"])
    stored = _ParquetColumns(tmp_path / "t.parquet", opened, opened.metadata.num_rows)
    for name in ("bron", "bron_regel"):
        stored.pop(name)
    columns = {c: t for c, t in DATASET_KINDS["begrotingstabel"].items() if c != "bron"}
    rows = pd.Series(range(1, stored.rows + 1))
    typed, _ = _parquet_columns(tmp_path / "t.parquet", stored, columns, rows)
    assert len(stored) == 0 and stored.names() == []
    for code in ("fase", "vuo"):
        assert typed[code].codes.dtype == original.frame[code].cat.codes.dtype == "int8"
        assert list(typed[code]) == original.frame[code].tolist()
    assert list(typed["artikel"]) == original.frame["artikel"].tolist()
    assert (
        read_parquet(tmp_path / "t.parquet")
        .frame.drop(columns="bron")
        .equals(original.frame.drop(columns="bron"))
    )
