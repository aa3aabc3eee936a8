"""Iv3 in a workbook: the per-taakveld layout and the lasten/baten matrix of a delivery read
into the same frames as the CSV and JSON readers, with `bron` the figure's own cell."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from sluitend.datasets.detect import read_any
from sluitend.domains.iv3 import synthetic
from sluitend.domains.iv3.delivery import read_delivery
from sluitend.domains.iv3.taakveld_csv import read_taakveld_csv
from sluitend.domains.iv3.vocabulary import AMOUNT_KEY
from sluitend.errors import InputError

EXCERPT = Path(__file__).parents[2] / "data" / "iv3" / "begroting_2024_excerpt.csv"
PARTS = {"lasten": "Lasten", "baten": "Baten", "balans_lasten": "Balans lasten"}


def _number(text: str) -> Any:
    """A CSV cell as Excel holds it once opened: numbers as numbers, the rest as text."""
    try:
        return float(text)
    except ValueError:
        return text or None


def _cell_values(path: Path, bron: pd.Series) -> list[Any]:
    book = openpyxl.load_workbook(path)
    values = []
    for ref in bron:
        _, sheet, cell = ref.rsplit("!", 2)
        values.append(book[sheet][cell].value)
    return values


def test_taakveld_sheet_reads_as_the_csv(tmp_path: Path) -> None:
    with EXCERPT.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Begroting"
    sheet.append(records[0])
    for record in records[1:]:
        sheet.append([_number(c) if i >= 2 else c for i, c in enumerate(record)])
    path = tmp_path / "begroting_2024.xlsx"
    book.save(path)
    (from_sheet,) = read_any(path, boekjaar=2024)
    (from_csv,) = read_taakveld_csv(EXCERPT, boekjaar=2024)
    columns = [c for c in from_csv.frame.columns if c != "bron"]
    pd.testing.assert_frame_equal(from_sheet.frame[columns], from_csv.frame[columns])
    assert len(from_sheet.frame) > 0
    # every bron is the cell that holds that very figure
    values = _cell_values(path, from_sheet.frame["bron"])
    assert values == from_sheet.frame["bedrag"].tolist()
    assert from_sheet.frame["bron"].iloc[0] == f"{path}!Begroting!E2"  # Lasten of row 2


def _delivery() -> dict[str, Any]:
    """A synthetic delivery whose figures each have their own matrix cell (two figures of
    one taakveld x categorie are summed: a matrix has one cell for them)."""
    document = synthetic.delivery(gemeente=394, periode=0)
    for part, key in (
        ("lasten", "taakveld"),
        ("baten", "taakveld"),
        ("balans_lasten", "balanscode"),
    ):
        sums: dict[tuple[str, str], int] = {}
        for item in document["data"][part]:
            code = (item[key], item["categorie"])
            sums[code] = sums.get(code, 0) + item["bedrag"]
        document["data"][part] = [
            {key: code, "categorie": cat, "bedrag": bedrag} for (code, cat), bedrag in sums.items()
        ]
    return document


def _matrix_book(document: dict[str, Any], path: Path, *, text_cell: bool = False) -> None:
    book = openpyxl.Workbook()
    meta = book.active
    meta.title = "Metadata"
    for key in ("overheidslaag", "overheidsnummer", "overheidsnaam", "boekjaar", "periode"):
        value = document["metadata"][key]
        meta.append([key, int(value) if key == "overheidsnummer" else value])  # 394: a number
    for part, title in PARTS.items():
        key = "balanscode" if part.startswith("balans") else "taakveld"
        items = document["data"][part]
        codes = sorted({i[key] for i in items})
        categories = sorted({i["categorie"] for i in items})
        sheet = book.create_sheet(title)
        sheet.append([key.capitalize(), *categories])
        where = {(i[key], i["categorie"]): i["bedrag"] for i in items}
        for code in codes:
            sheet.append([code, *(where.get((code, c)) for c in categories)])
    if text_cell:
        book["Lasten"]["B2"] = "1.234"  # a Dutch text amount
    book.save(path)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(AMOUNT_KEY)).reset_index(drop=True)


def test_matrix_reads_as_the_json_delivery(tmp_path: Path) -> None:
    document = _delivery()
    json_path = tmp_path / "levering.json"
    json_path.write_text(json.dumps(document), encoding="utf-8")
    xlsx_path = tmp_path / "levering.xlsx"
    _matrix_book(document, xlsx_path)
    (from_sheet,) = read_any(xlsx_path)
    assert from_sheet.kind == "iv3" and from_sheet.name == "levering"
    from_json = read_delivery(json_path)[0].frame
    from_json = from_json[from_json["onderdeel"].isin(list(PARTS))]
    columns = [c for c in from_json.columns if c != "bron"]
    expected, got = _sorted(from_json)[columns], _sorted(from_sheet.frame)[columns]
    assert len(got) == sum(len(document["data"][p]) for p in PARTS)
    pd.testing.assert_frame_equal(got, expected)
    assert set(got["overheidsnummer"]) == {"0394"} and set(got["periode"]) == {0}
    values = _cell_values(xlsx_path, from_sheet.frame["bron"])
    assert values == from_sheet.frame["bedrag"].tolist()


def test_matrix_text_amount_is_dutch_and_a_bad_cell_is_named(tmp_path: Path) -> None:
    document = _delivery()
    path = tmp_path / "levering.xlsx"
    _matrix_book(document, path, text_cell=True)
    (dataset,) = read_any(path)
    cell = dataset.frame["bron"].astype("string").str.endswith("!Lasten!B2")
    assert 1234.0 in dataset.frame.loc[cell, "bedrag"].tolist()
    book = openpyxl.load_workbook(path)
    book["Baten"]["C3"] = "veel"
    book.save(path)
    with pytest.raises(InputError) as info:
        read_any(path)
    assert info.value.cell == "Baten!C3" and "not an amount" in str(info.value)


def test_matrix_validates_with_the_iv3_pack(tmp_path: Path) -> None:
    """The pack's PF006 (totaal lasten = totaal baten) checks the workbook as it checks the
    JSON: both halves are in one frame."""
    from sluitend.api import validate

    document = _delivery()
    path = tmp_path / "levering.xlsx"
    _matrix_book(document, path)
    report = validate(str(path))
    checked = {r.rule: r for r in report.results}
    assert "PF006" in checked
    json_path = tmp_path / "levering.json"
    json_path.write_text(json.dumps(document), encoding="utf-8")
    from_json = {r.rule: r for r in validate(str(json_path)).results}
    assert checked["PF006"].failed == from_json["PF006"].failed


def test_matrix_code_typed_as_a_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "levering.xlsx"
    _matrix_book(_delivery(), path)
    book = openpyxl.load_workbook(path)
    book["Lasten"]["A2"] = 0.1  # "0.1" or "0.10"?
    book.save(path)
    with pytest.raises(InputError, match="ambiguous layout") as info:
        read_any(path)
    assert info.value.cell == "Lasten!A2"
