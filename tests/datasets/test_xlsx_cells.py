"""Spreadsheet cells a reader must not lose or change silently (issue 10, Build item 5):
formula cells without a cached value, Dutch thousands typed as text, and `bron` as the
figure's own cell. Fixtures: tests/data/xlsx (make_fixtures.py, README.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from sluitend.cli import main
from sluitend.datasets.toolkit import ReadNote
from sluitend.datasets.xlsx import read_xlsx
from sluitend.errors import InputError

XLSX = Path(__file__).parents[1] / "data" / "xlsx"


def _read(name: str, strict: bool = False) -> tuple[list, list[ReadNote]]:
    notes: list[ReadNote] = []
    return read_xlsx(XLSX / name, strict=strict, notes=notes), notes


def _subsidies(frame: pd.DataFrame) -> pd.Series:
    return frame[frame["instrument"] == "Subsidies"].set_index("jaar")["bedrag"]


# --- bron: the figure's own cell ------------------------------------------------------------


def test_bron_of_a_budget_table_figure_is_its_own_cell() -> None:
    (table, jv), _ = _read("budget-table.xlsx")
    frame = table.frame
    v = frame[(frame["vuo"] == "V") & (frame["onderdeel"] == "")].set_index("jaar")
    # Row 2 of the sheet; Bedrag t-2 … t+4 are columns T … Z (2015 … 2021).
    assert v["bron"].to_dict() == {
        2015 + i: f"budget-table.xlsx!Begrotingstabel!{letter}2"
        for i, letter in enumerate("TUVWXYZ")
    }
    subsidies = frame[frame["instrument"] == "Subsidies"].set_index("jaar")["bron"]
    assert subsidies[2017] == "budget-table.xlsx!Begrotingstabel!V4"
    # The percentage juridisch verplicht sits in column H ("% Juridisch verplicht") of row 3.
    assert jv.frame["bron"].tolist() == ["budget-table.xlsx!Begrotingstabel!H3"]


# --- Dutch thousands as text --------------------------------------------------------------


def test_dutch_thousands_in_a_text_cell_read_as_in_the_canonical_layout() -> None:
    (table, _), notes = _read("budget-table-dutch.xlsx")
    assert _subsidies(table.frame)[2015] == 12997  # "12.997": never 13
    (note,) = [n for n in notes if "Dutch thousands" in n.problem]
    assert note.kind == "read as" and "the first at Begrotingstabel!T4" in note.problem
    # The canonical layout reads its text cell "36.415" alike.
    canonical = read_xlsx(XLSX / "canonical.xlsx")[0].frame
    assert 36415 in canonical["bedrag"].tolist()


def test_dutch_and_english_thousands_in_one_sheet_are_refused_with_their_cells() -> None:
    (table, _), notes = _read("budget-table-mixed.xlsx")
    subsidies = _subsidies(table.frame)
    assert subsidies[2015] is pd.NA and subsidies[2016] is pd.NA
    assert subsidies[2017] == 12551  # the numeric cells of the row are read
    refused = [n for n in notes if "thousands in one sheet" in n.problem]
    assert [(n.column, n.text, n.kind) for n in refused] == [
        ("Begrotingstabel!T4", "12.997", "defect"),
        ("Begrotingstabel!U4", "12,455", "defect"),
    ]
    assert str(refused[0]).startswith("budget-table-mixed.xlsx (Begrotingstabel!T4): '12.997'")
    with pytest.raises(InputError, match=r"Begrotingstabel!T4"):
        read_xlsx(XLSX / "budget-table-mixed.xlsx", strict=True, notes=[])


# --- formula cells without a cached value -----------------------------------------------


def test_a_formula_without_value_in_a_budget_table_is_an_unreadable_cell() -> None:
    (table, _), notes = _read("budget-table-formula.xlsx")
    subsidies = _subsidies(table.frame)
    assert subsidies[2017] is pd.NA and subsidies[2015] == 12997
    (note,) = [n for n in notes if "formula" in n.problem]
    assert (note.column, note.kind) == ("Begrotingstabel!V4", "defect")
    assert "without a cached value" in note.problem and "read as unknown" in note.problem
    with pytest.raises(InputError, match=r"Begrotingstabel!V4.*cached value"):
        read_xlsx(XLSX / "budget-table-formula.xlsx", strict=True, notes=[])


def test_a_formula_without_value_in_a_canonical_bedrag_is_unknown_with_a_note() -> None:
    (table,), notes = _read("canonical-formula.xlsx")
    row = table.frame[table.frame["bron"] == "canonical-formula.xlsx!Tabel!J4"]
    assert len(row) == 1 and row["bedrag"].iloc[0] is pd.NA
    assert [(n.column, n.kind) for n in notes] == [("Tabel!J4", "defect")]
    with pytest.raises(InputError, match=r"Tabel!J4"):
        read_xlsx(XLSX / "canonical-formula.xlsx", strict=True, notes=[])


def test_a_formula_without_value_in_a_key_column_is_refused() -> None:
    with pytest.raises(InputError, match=r"Tabel!D4.*column 'artikel'.*cached value"):
        read_xlsx(XLSX / "canonical-formula-key.xlsx", notes=[])


def test_cli_counts_the_formula_cell_as_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "budget-table-formula.xlsx"
    shutil.copy(XLSX / path.name, path)
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json"])
    assert "Begrotingstabel!V4" in result.stderr
    import json

    report = json.loads(result.stdout)
    coverage = report["datasets"][0]["coverage"]
    unreadable = [u for u in coverage["unchecked"] if u["reason"] == "unreadable"]
    assert [u["bron"] for u in unreadable] == [f"{path}!Begrotingstabel!V4"]
    strict = CliRunner().invoke(main, ["validate", str(path), "--strict"])
    assert strict.exit_code == 2 and "Begrotingstabel!V4" in strict.stderr


def test_a_semicolon_csv_with_dutch_thousands_reads_as_the_ministrys_csv(tmp_path: Path) -> None:
    # tests/data/minfin/owb2017_vii.csv writes "50,736"; the same rows with "50.736" in a
    # ';' CSV (as Dutch Excel saves it) are the same figures, not 50.736 rounded to 51.
    import csv
    import io
    import re

    from sluitend.datasets.detect import detect_format, read_any

    source = Path(__file__).parents[1] / "data" / "minfin" / "owb2017_vii.csv"
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    amounts = [i for i, h in enumerate(rows[0]) if h.strip().lower().startswith("bedrag t")]
    grouped = re.compile(r"-?\d{1,3}(?:,\d{3})+")
    changed = 0
    for row in rows[1:]:
        for i in amounts:
            if i < len(row) and grouped.fullmatch(row[i].strip()):
                row[i] = row[i].replace(",", ".")
                changed += 1
    assert changed > 10
    path = tmp_path / "owb.csv"
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    assert detect_format(path) == "sheet-csv"
    notes: list[str] = []
    dutch = read_any(path, notes=notes)[0].frame
    comma = read_any(source)[0].frame
    columns = [c for c in comma.columns if c != "bron"]
    pd.testing.assert_frame_equal(dutch[columns], comma[columns])
    assert any("Dutch thousands" in str(n) for n in notes)
