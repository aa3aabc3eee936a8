"""Format detection from content, read_any and write_any."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sluitend.datasets.bundled import load_bundled, page_text_path
from sluitend.datasets.canonical import read_canonical_csv
from sluitend.datasets.detect import FORMATS, detect_format, read_any, write_any
from sluitend.errors import InputError

DATA = Path(__file__).parents[1] / "data"
MINFIN_HEAD = (
    "Begrotingsjaar,Begroting,Verantwoordelijke minister,Naam Begroting,x,y,Artikel,"
    "% Juridisch verplicht,a,b,c,d,V/U/O (Verplichtingen/Uitgaven/Ontvangsten),e,f,g,h,i,j,"
    "Bedrag t-2,Bedrag t-1,Bedrag t,Bedrag t+1,Bedrag t+2,Bedrag t+3,Bedrag t+4,\n"
)

STATEN = (
    b"Begrotingsjaar;Valuta;eenheid;Uitgaven (U) Verplichtingen (V) Ontvangsten (O);"
    b"Begrotingsstaat;Onderdeel;Omschrijving;ontwerpbegroting;vastgestelde begroting;"
    b"1ste suppletoire begroting;2de suppletoire begroting;Realisatie;Url\r\n"
    b"2013;Euro;x1000;O;A, Infrastructuurfonds;11;Hoofdwatersystemen;0;0;0;0;0;\r\n"
)


@pytest.fixture
def written(tmp_path: Path) -> dict[str, Path]:
    table, jv = load_bundled()
    files = write_any([table, jv], tmp_path / "bzk.csv")
    write_any([table], tmp_path / "bzk.parquet")
    return {"csv": files[0], "jv": files[1], "parquet": tmp_path / "bzk.parquet"}


def test_detects_by_content_not_name(written: dict[str, Path], tmp_path: Path) -> None:
    disguised = tmp_path / "figures.txt"
    disguised.write_bytes(written["csv"].read_bytes())
    assert detect_format(disguised) == "canonical-csv"
    assert detect_format(written["jv"]) == "canonical-csv"
    renamed = tmp_path / "data.csv"
    renamed.write_bytes(written["parquet"].read_bytes())
    assert detect_format(renamed) == "parquet"
    assert detect_format(DATA / "xlsx" / "canonical.xlsx") == "xlsx"
    assert detect_format(DATA / "pagetext" / "art7-excerpt.txt") == "page-text"
    minfin = tmp_path / "tabel.csv"
    minfin.write_text(MINFIN_HEAD, encoding="utf-8")
    assert detect_format(minfin) == "minfin-csv"
    staten = tmp_path / "staten.csv"  # header and first row of begrotingsstaten_origineel.csv
    staten.write_bytes(STATEN)
    assert detect_format(staten) == "staten-csv"


def test_write_any_splits_kinds_and_round_trips(written: dict[str, Path]) -> None:
    assert written["csv"].name == "bzk-begrotingstabel.csv"
    assert written["jv"].name == "bzk-juridisch_verplicht.csv"
    table, jv = load_bundled()
    pd.testing.assert_frame_equal(read_canonical_csv(written["csv"]).frame, table.frame)
    pd.testing.assert_frame_equal(read_canonical_csv(written["jv"]).frame, jv.frame)
    [back] = read_any(written["parquet"])
    assert back.name == "bzk-2022-art7"
    pd.testing.assert_frame_equal(back.frame, table.frame)


def test_read_any_dispatches(tmp_path: Path) -> None:
    from importlib import resources

    with resources.as_file(page_text_path()) as page:
        datasets = read_any(page, hoofdstuk="VII")
    assert [d.kind for d in datasets] == ["begrotingstabel", "juridisch_verplicht"]
    assert [d.kind for d in read_any(DATA / "xlsx" / "canonical.xlsx")] == [
        "begrotingstabel",
        "juridisch_verplicht",
    ]
    # the format can be forced; a wrong one fails in that reader, naming the file
    with pytest.raises(InputError, match="not a canonical CSV header"):
        read_any(DATA / "pagetext" / "art7-excerpt.txt", input_format="canonical-csv")
    with pytest.raises(InputError, match="unknown input format 'pdf'; known: parquet, xlsx"):
        read_any(DATA / "pagetext" / "art7-excerpt.txt", input_format="pdf")


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("empty.csv", "empty file"),
        ("blank.txt", "empty file"),
        ("binary.csv", "not a text file, and none of the binary formats"),
        ("unknown.txt", "unknown format (it starts with 'Dit is geen begrotingstabel.')"),
        ("header-only.csv", "header only; expected at least one row of figures"),
    ],
)
def test_bad_files(name: str, needle: str) -> None:
    path = DATA / "bad" / name
    with pytest.raises(InputError) as info:
        read_any(path)
    assert info.value.path == str(path) and needle in str(info.value)


def test_unknown_lists_formats_tried() -> None:
    with pytest.raises(InputError) as info:
        detect_format(DATA / "bad" / "unknown.txt")
    assert "tried " + ", ".join(FORMATS) in str(info.value)


def test_zip_that_is_not_xlsx_and_missing_file(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.xlsx", "w") as archive:
        archive.writestr("readme.txt", "hi")
    with pytest.raises(InputError, match=r"a zip archive that is not a spreadsheet"):
        detect_format(tmp_path / "a.xlsx")
    with pytest.raises(InputError, match="cannot read the file"):
        detect_format(tmp_path / "missing.csv")


def test_write_any_refuses_bad_suffix_and_input(tmp_path: Path, written: dict[str, Path]) -> None:
    [table] = read_any(written["csv"])
    with pytest.raises(InputError, match=r"expected an output name ending in \.csv or \.parquet"):
        write_any([table], tmp_path / "out.xlsx")
    before = written["csv"].read_bytes()
    with pytest.raises(InputError, match="refusing to write onto an input file"):
        write_any([table], written["csv"])
    assert written["csv"].read_bytes() == before
