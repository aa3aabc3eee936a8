"""Spreadsheets and `;` CSVs as people save them: the printed table (xlsx, ods, CSV), `;`
CSVs of the other layouts, and the .ods guards.

The Tabel 18 fixtures (tests/data/printed, see its README) are laid out from the bundled
seed page text; each must read into the same 224 figures as the page text itself.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.styles import Alignment

from sluitend.datasets.detect import detect_format, read_any
from sluitend.datasets.pagetext import read_page_text
from sluitend.datasets.toolkit import ReadInfo
from sluitend.datasets.xlsx import read_xlsx
from sluitend.errors import InputError

HERE = Path(__file__).parents[1] / "data" / "printed"
PAGE = Path(__file__).parents[2] / "src/sluitend/datasets/bundled/bzk-2022-art7.page.txt"
FIGURE = ["vuo", "onderdeel", "instrument", "regeling", "omschrijving", "waarvan", "label"]
CONTEXT = ["begrotingsjaar", "fase", "hoofdstuk", "artikel"]
TITLE = (
    "Tabel 18 Budgettaire gevolgen van beleid art. 7 Werkgevers- en bedrijfsvoeringsbeleid "
    "(bedragen x € 1.000)"
)


def _page() -> pd.DataFrame:
    return read_page_text(PAGE, hoofdstuk="VII")[0].frame


def _read(name: str, **options: Any) -> tuple[list[Any], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        datasets = read_any(HERE / name, **options)
    return datasets, [str(w.message) for w in caught if issubclass(w.category, ReadInfo)]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("tabel18.xlsx", "xlsx"),
        ("tabel18-spaces.xlsx", "xlsx"),
        ("tabel18-columns.xlsx", "xlsx"),
        ("tabel18.ods", "ods"),
        ("tabel18.csv", "sheet-csv"),
    ],
)
def test_tabel18_reads_into_the_page_texts_224_figures(name: str, fmt: str) -> None:
    assert detect_format(HERE / name) == fmt
    options = {"hoofdstuk": "VII"} if fmt == "sheet-csv" else {}  # a CSV has no notes sheet
    datasets, _ = _read(name, **options)
    assert [d.kind for d in datasets] == ["begrotingstabel"]
    sheet, page = datasets[0].frame, _page()
    assert len(sheet) == len(page) == 224
    assert datasets[0].unit == 1000
    # figure by figure: labels, levels, years, amounts, in the order of the table
    for column in [*CONTEXT, *FIGURE, "jaar", "bedrag"]:
        assert sheet[column].tolist() == page[column].tolist(), column
    assert sheet["bron"].is_unique if fmt != "sheet-csv" else True


def test_bron_is_the_figures_own_cell() -> None:
    """Every bron of the xlsx names the cell that holds that very amount (openpyxl)."""
    datasets, _ = _read("tabel18.xlsx")
    frame = datasets[0].frame
    book = openpyxl.load_workbook(HERE / "tabel18.xlsx")
    for bron, bedrag in zip(frame["bron"], frame["bedrag"], strict=True):
        _, sheet, cell = bron.rsplit("!", 2)
        assert book[sheet][cell].value == bedrag, bron
    assert frame["bron"].iloc[0].endswith("tabel18.xlsx!Tabel 18!B4")  # Verplichtingen 2020


def test_csv_bron_is_the_line_of_the_row() -> None:
    datasets, _ = _read("tabel18.csv", hoofdstuk="VII")
    frame = datasets[0].frame
    lines = (HERE / "tabel18.csv").read_bytes().split(b"\n")
    for bron, label in zip(frame["bron"], frame["label"], strict=True):
        line = int(bron.rsplit(":", 1)[1])
        assert lines[line - 1].decode("cp1252").split(";")[0].strip() == label


def test_csv_fixture_is_what_dutch_libreoffice_writes() -> None:
    raw = (HERE / "tabel18.csv").read_bytes()
    assert b"Verplichtingen;39.149;104.975;" in raw  # `;`, Dutch thousands as shown
    assert "€".encode("cp1252") in raw and "€".encode() not in raw  # Windows-1252


def test_notes_sheet_is_skipped_with_a_read_note() -> None:
    _, notes = _read("tabel18.xlsx")
    assert any("sheet 'Toelichting'" in n and "no table in it, skipped" in n for n in notes)


def test_csv_without_indentation_says_how_levels_were_read() -> None:
    _, notes = _read("tabel18.csv", hoofdstuk="VII")
    assert any("not indented: levels read from the labels" in n for n in notes)
    assert any("read as Windows-1252" in n for n in notes)


def test_the_chapter_is_needed_when_the_workbook_does_not_name_it() -> None:
    with pytest.raises(InputError, match="--hoofdstuk VII"):
        read_any(HERE / "tabel18.csv")


# --- small sheets: layouts and refusals ----------------------------------------------------

YEARS = [2020, 2021, 2022, 2023, 2024, 2025, 2026]


def _book(tmp_path: Path, rows: list[list[Any]], indents: dict[int, int] | None = None) -> Path:
    """A one-sheet workbook "Tabel" of `rows`; `indents` maps 1-based rows to A's indent."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tabel"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    for r, indent in (indents or {}).items():
        sheet.cell(r, 1).alignment = Alignment(indent=indent)
    path = tmp_path / "t.xlsx"
    book.save(path)
    return path


def _small(**change: Any) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [TITLE],
        ["Begroting 2022, hoofdstuk VII"],
        [None, *YEARS],
        ["Uitgaven", 10, 11, 12, 13, 14, 15, 16],
        ["  7.1 Werkgeversbeleid", 10, 11, 12, 13, 14, 15, 16],
        ["    Opdrachten", None],
        ["      Werkgeversbeleid", "4", "4", "5", "5", "6", "6", "7"],
        ["      Bedrijfsvoering", "6", "7", "7", "8", "8", "9", "9"],
    ]
    for row, value in change.items():
        rows[int(row[1:]) - 1] = value
    return rows


def test_dutch_text_amounts_and_leading_spaces(tmp_path: Path) -> None:
    rows = _small()
    rows[6] = ["      Werkgeversbeleid", "4.000", "-1.234", "pm", "nihil", "-", "6", "7"]
    frame = read_xlsx(_book(tmp_path, rows))[0].frame
    line = frame[frame["regeling"] == "Werkgeversbeleid"]
    assert line["instrument"].unique().tolist() == ["Opdrachten"]
    assert line["bedrag"].tolist()[:5] == [4000, -1234, pd.NA, 0, 0]
    assert frame["begrotingsjaar"].unique().tolist() == [2022]
    assert frame["hoofdstuk"].unique().tolist() == ["VII"]


@pytest.mark.parametrize(
    ("rows", "cell", "needle"),
    [
        (_small(r7=["      Werkgeversbeleid", 4.5, 4, 5, 5, 6, 6, 7]), "Tabel!B7", "fraction"),
        (_small(r7=["      Werkgeversbeleid", "4,5", 4, 5, 5, 6, 6, 7]), "Tabel!B7", "whole"),
        (_small(r7=["      Werkgeversbeleid", 4, None, 5, 5, 6, 6, 7]), "Tabel!C7", "empty cell"),
        (_small(r7=["          Werkgeversbeleid", *YEARS]), "Tabel!A7", "2 levels below"),
        (
            _small(r4=["  Uitgaven", *YEARS], r5=["7.1 Werkgeversbeleid", *YEARS]),
            "Tabel!A4",
            "outer level",
        ),
        (_small(r3=["(bedragen x € 1 mln)", *YEARS]), "Tabel!A1", "two units"),
        (
            _small(r1=["Tabel 18 Budgettaire gevolgen van beleid (bedragen x € 1.000)"]),
            "Tabel!A1",
            "names no article",
        ),
        ([*_small(), [], [None, *YEARS], ["Uitgaven", *YEARS]], "Tabel!B10", "second year header"),
    ],
)
def test_ambiguous_or_bad_sheets_are_refused_naming_the_cell(
    tmp_path: Path, rows: list[list[Any]], cell: str, needle: str
) -> None:
    with pytest.raises(InputError) as info:
        read_xlsx(_book(tmp_path, rows))
    assert info.value.cell == cell and needle in str(info.value), str(info.value)


def test_spaces_and_alignment_indent_mixed_are_refused(tmp_path: Path) -> None:
    rows = _small()
    rows[4] = ["7.1 Werkgeversbeleid", *YEARS]  # no spaces: indented by alignment below
    with pytest.raises(InputError, match="both by the cell's alignment") as info:
        read_xlsx(_book(tmp_path, rows, indents={5: 1}))
    assert info.value.cell == "Tabel!A5"


def test_two_labels_in_one_row_are_refused(tmp_path: Path) -> None:
    rows = [[TITLE], [None, None, *YEARS], ["Uitgaven", "7.1", *YEARS]]
    with pytest.raises(InputError, match="two labels in one row") as info:
        read_xlsx(_book(tmp_path, rows))
    assert info.value.cell == "Tabel!B3"


def test_formula_without_cached_value_is_unknown_with_a_note(tmp_path: Path) -> None:
    rows = _small(r4=["Uitgaven", "=B5", 11, 12, 13, 14, 15, 16])  # openpyxl stores no value
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_xlsx(_book(tmp_path, rows))[0].frame
    first = frame.iloc[0]
    assert (first["label"], first["jaar"]) == ("Uitgaven", 2020) and pd.isna(first["bedrag"])
    assert any("Tabel!B4" in str(w.message) and "formula" in str(w.message) for w in caught)


# --- `;` CSVs of the other layouts ----------------------------------------------------------


def test_semicolon_canonical_csv_with_dutch_numbers(tmp_path: Path) -> None:
    path = tmp_path / "canon.csv"
    header = "begrotingsjaar;fase;hoofdstuk;artikel;onderdeel;instrument;regeling;vuo;jaar;bedrag"
    path.write_bytes(
        (
            "\ufeff" + header + ";label\r\n"
            "2022;OWB;VII;7;;;;V;2020;39.149;Verplichtingen\r\n"
            "2022;OWB;VII;7;;;;U;2020;-1.234;Uitgaven\r\n"
        ).encode()
    )
    assert detect_format(path) == "sheet-csv"
    (table,) = read_any(path)
    assert table.frame["bedrag"].tolist() == [39149, -1234]
    assert table.frame["bron"].tolist() == [f"{path}:2", f"{path}:3"]


def test_semicolon_percentages_csv(tmp_path: Path) -> None:
    path = tmp_path / "jv.csv"
    path.write_bytes(
        "begrotingsjaar;fase;hoofdstuk;artikel;categorie;percentage;label\r\n"
        "2022;OWB;VII;7;;92,5%;Artikel 7\r\n".encode("cp1252")
    )
    (jv,) = read_any(path)
    assert jv.kind == "juridisch_verplicht" and jv.frame["percentage"].tolist() == [92.5]


def test_semicolon_budget_table_csv(tmp_path: Path) -> None:
    source = Path(__file__).parents[1] / "data" / "minfin" / "owb2017_vii.csv"
    text = source.read_text(encoding="utf-8-sig")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    path = tmp_path / "owb.csv"
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    assert detect_format(path) == "sheet-csv"
    from_semicolon = read_any(path)[0].frame
    from_comma = read_any(source)[0].frame
    columns = [c for c in from_comma.columns if c != "bron"]
    pd.testing.assert_frame_equal(from_semicolon[columns], from_comma[columns])
    lines = from_comma["bron"].astype("string").str.rsplit(":", n=1).str[1]
    assert from_semicolon["bron"].tolist() == (f"{path}:" + lines).tolist()


def test_semicolon_csv_in_no_layout_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Omschrijving;Bedrag\r\nHuur;1.200\r\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown format"):
        detect_format(path)


# --- .ods guards -----------------------------------------------------------------------------


def _ods(
    tmp_path: Path, body: str, mimetype: str = "application/vnd.oasis.opendocument.spreadsheet"
) -> Path:
    path = tmp_path / "x.ods"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
            f'{mimetype}"/><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
        )
        archive.writestr("content.xml", content)
    return path


_VALUE_CELL = (
    '<table:table-cell office:value-type="string"><text:p>Uitgaven</text:p></table:table-cell>'
)


def _repeated(what: str, count: int) -> str:
    return f'table:number-{what}-repeated="{count}"'


def test_ods_whose_repeats_span_too_many_cells_is_refused(tmp_path: Path) -> None:
    cell = (
        f'<table:table-cell office:value-type="float" office:value="1" '
        f"{_repeated('columns', 16384)}/>"
    )
    row = f"<table:table-row {_repeated('rows', 1048576)}>{cell}</table:table-row>"
    path = _ods(tmp_path, f'<table:table table:name="Blad1">{row}</table:table>')
    assert detect_format(path) == "ods"
    with pytest.raises(InputError, match=r"spans 17\.179\.869\.184 cells"):
        read_any(path)


def test_ods_trailing_fillers_do_not_count(tmp_path: Path) -> None:
    filler = f"<table:table-cell {_repeated('columns', 16383)}/>"
    empty_rows = (
        f"<table:table-row {_repeated('rows', 1048575)}>"
        f"<table:table-cell {_repeated('columns', 16384)}/></table:table-row>"
    )
    rows = f"<table:table-row>{_VALUE_CELL}{filler}</table:table-row>{empty_rows}"
    path = _ods(tmp_path, f'<table:table table:name="Blad1">{rows}</table:table>')
    with pytest.raises(InputError, match="no sheet holds a known table"):
        read_any(path)  # read (one cell), not refused as a bomb


def test_ods_with_a_dtd_is_refused(tmp_path: Path) -> None:
    path = _ods(tmp_path, '<table:table table:name="B"/>')
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("styles.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    with pytest.raises(InputError, match="declares a DTD"):
        read_any(path)


def test_zip_that_is_no_spreadsheet(tmp_path: Path) -> None:
    path = _ods(tmp_path, "", mimetype="application/vnd.oasis.opendocument.text")
    with pytest.raises(InputError, match="not a spreadsheet"):
        detect_format(path)
