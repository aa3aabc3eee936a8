"""Spreadsheets: canonical and budget-table sheets, cell references in bron and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sluitend.datasets.frame import pandas_dtypes
from sluitend.datasets.xlsx import column_letter, read_xlsx
from sluitend.errors import InputError

XLSX = Path(__file__).parents[1] / "data" / "xlsx"


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 9, 25, 26, 27, 701, 702)] == [
        "A",
        "J",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_canonical_sheets_are_read_and_prose_sheet_skipped() -> None:
    table, jv = read_xlsx(XLSX / "canonical.xlsx")
    assert (table.kind, table.name) == ("begrotingstabel", "canonical-Tabel")
    assert dict(table.frame.dtypes) == pandas_dtypes("begrotingstabel")
    frame = table.frame
    # numeric cells, a Dutch text amount ("36.415"), pm, and a float 7694.0
    assert frame["bedrag"].tolist()[:3] == [39149, 36415, 28721]
    assert frame["bedrag"].isna().tolist() == [False, False, False, True, False]
    assert frame["bedrag"].iloc[4] == 7694
    assert set(frame["artikel"]) == {"7"}  # a numeric cell 7 becomes the text "7"
    assert frame["onderdeel"].tolist()[2:] == ["7.1", "7.1", "7.2"]
    # the header is on row 3, so the first figure is in row 4, column J (bedrag)
    assert frame["bron"].tolist()[:2] == ["canonical.xlsx!Tabel!J4", "canonical.xlsx!Tabel!J5"]
    assert jv.kind == "juridisch_verplicht"
    assert jv.frame["percentage"].tolist() == [95.2, 96.1]  # a number, and the text "96,1%"
    assert jv.frame["bron"].iloc[1] == "canonical.xlsx!JV!F3"


@pytest.mark.parametrize(
    ("name", "cell", "needle"),
    [
        ("bad-amount.xlsx", "Tabel!J4", "column 'bedrag': expected a whole amount in Dutch style"),
        ("bad-vuo.xlsx", "Tabel!H3", "column 'vuo': expected one of V, U, O, got 'X'"),
    ],
)
def test_bad_cells_are_named(name: str, cell: str, needle: str) -> None:
    with pytest.raises(InputError) as info:
        read_xlsx(XLSX / name)
    assert info.value.cell == cell and needle in str(info.value)
    assert str(info.value).startswith(f"{XLSX / name} ({cell}): ")


def test_no_readable_sheet_lists_every_sheet() -> None:
    with pytest.raises(InputError) as info:
        read_xlsx(XLSX / "no-table.xlsx")
    message = str(info.value)
    assert "no sheet holds a known table" in message
    assert "'Blad1' starts with Omschrijving, Bedrag (row 1)" in message
    assert "'Leeg' is empty" in message


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 this is no zip")
    with pytest.raises(InputError, match="not a readable spreadsheet"):
        read_xlsx(junk)


def test_budget_table_sheet_goes_through_the_minfin_reader() -> None:
    table, jv = read_xlsx(XLSX / "budget-table.xlsx")
    frame = table.frame
    v = frame[(frame["vuo"] == "V") & (frame["onderdeel"] == "")].set_index("jaar")["bedrag"]
    assert (v[2015], v[2017], v[2021]) == (33972, 30340, 26855)
    subsidies = frame[frame["instrument"] == "Subsidies"].set_index("jaar")["bedrag"]
    assert subsidies[2015] == 12997  # the text cell "12,997" in English style
    # bron is the figure's own cell: its year's column (T … Z), its row (the V total: row 2)
    v_cells = frame.loc[frame["vuo"] == "V"].set_index("jaar")["bron"]
    assert (v_cells[2015], v_cells[2021]) == (
        "budget-table.xlsx!Begrotingstabel!T2",
        "budget-table.xlsx!Begrotingstabel!Z2",
    )
    assert jv.frame["percentage"].tolist() == [92.0]
