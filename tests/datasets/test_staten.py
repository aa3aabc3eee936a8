"""The begrotingsstaten reader on a real excerpt (tests/data/minfin, see its README)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sluitend.datasets.staten import (
    looks_like_begrotingsstaten_csv,
    read_begrotingsstaten_csv,
)
from sluitend.datasets.toolkit import ReadNote
from sluitend.errors import InputError
from sluitend.vocabulary import BUDGET_COLUMNS

EXCERPT = Path(__file__).parent.parent / "data" / "minfin" / "begrotingsstaten_excerpt.csv"


@pytest.fixture(scope="module")
def read() -> tuple[pd.DataFrame, list[ReadNote]]:
    notes: list[ReadNote] = []
    (dataset,) = read_begrotingsstaten_csv(EXCERPT, notes=notes)
    assert dataset.kind == "begrotingsstaat"
    assert dataset.unit == 1000
    return dataset.frame, notes


def figures(frame: pd.DataFrame, line: int) -> dict[str, int]:
    rows = frame[frame["bron"] == f"begrotingsstaten_excerpt.csv:{line}"]
    return dict(zip(rows["fase"].astype(str), rows["bedrag"], strict=True))


def test_columns_and_phases(read: tuple[pd.DataFrame, list[ReadNote]]) -> None:
    frame, _ = read
    assert list(frame.columns) == list(BUDGET_COLUMNS)
    assert figures(frame, 5) == {
        "OWB": 6234490,
        "VB": 6234490,
        "O1": 6300478,
        "O2": 6278263,
        "JV": 6236318,
    }
    assert (frame["jaar"] == frame["begrotingsjaar"]).all()
    levels = frame[["onderdeel", "instrument", "regeling", "omschrijving"]]
    assert (levels == "").all().all()


def test_totaal_is_the_chapter_total(read: tuple[pd.DataFrame, list[ReadNote]]) -> None:
    frame, _ = read
    total = frame[frame["bron"] == "begrotingsstaten_excerpt.csv:5"].iloc[0]
    assert (total["hoofdstuk"], total["artikel"], total["vuo"], total["label"]) == (
        "A",
        "",
        "O",
        "TOTAAL",
    )
    article = frame[frame["bron"] == "begrotingsstaten_excerpt.csv:2"].iloc[0]
    assert (article["artikel"], article["label"]) == ("11", "Hoofdwatersystemen")


def test_chapter_code_from_begrotingsstaat(read: tuple[pd.DataFrame, list[ReadNote]]) -> None:
    frame, _ = read
    # "IXb, Financi?n" (the lost ë is in the published file) -> IXB
    assert set(frame[frame["bron"].str.endswith(":8")]["hoofdstuk"]) == {"IXB"}
    assert figures(frame, 8)["JV"] == 648199
    # Latin-1 text is read as such and kept as printed
    curacao = frame[frame["bron"].str.endswith(":17")].iloc[0]
    assert curacao["label"] == "Kabinet van de Gouverneur van Curaçao"


def test_thousands_separator_present_or_absent(
    read: tuple[pd.DataFrame, list[ReadNote]],
) -> None:
    frame, _ = read
    # line 15: "1424236;1.424.236;1.473.714;..."
    got = figures(frame, 15)
    assert got["OWB"] == got["VB"] == 1424236
    assert got["O1"] == 1473714


def test_rijk_rows_in_millions_are_converted_exactly(
    read: tuple[pd.DataFrame, list[ReadNote]],
) -> None:
    frame, notes = read
    assert figures(frame, 11)["VB"] == 219322500  # 219322,5 miljoen
    infra = frame[frame["bron"].str.endswith(":13")].iloc[0]
    assert (infra["hoofdstuk"], infra["artikel"], infra["bedrag"]) == ("Rijk", "A", 6234500)
    assert not any("miljoen" in str(n) for n in notes)  # exact: nothing to record


def test_only_filled_phases_give_figures(read: tuple[pd.DataFrame, list[ReadNote]]) -> None:
    frame, _ = read
    assert figures(frame, 21) == {"OWB": 41421}  # 2017: only the ontwerpbegroting


def test_duplicate_totaal_rows_are_kept(read: tuple[pd.DataFrame, list[ReadNote]]) -> None:
    frame, _ = read
    both = frame[
        frame["bron"].isin(["begrotingsstaten_excerpt.csv:15", "begrotingsstaten_excerpt.csv:16"])
    ]
    key = ["begrotingsjaar", "fase", "hoofdstuk", "artikel", "vuo", "jaar"]
    assert both.duplicated(key).sum() == 5


def test_defects_are_recorded(read: tuple[pd.DataFrame, list[ReadNote]]) -> None:
    frame, notes = read
    lines = {n.line: n for n in notes if n.line is not None}
    # Line 10: the Rijk rows (original 200-204) are printed in € 0,1 mln: a note, not a defect.
    assert "Rijk 2013" in lines.pop(10).problem
    # Line 15 (original 1786): chapter VI 2015 prints two TOTAAL rows for O; said, read as
    # printed, without naming one of them the chapter total.
    double = lines.pop(15)
    assert "2 TOTAAL rows for O" in double.problem and double.kind == "read as"
    assert set(lines) == {19, 20, 23, 24, 25, 26, 27, 28, 29}
    assert lines[23].column == "Onderdeel"
    assert "got '-'" in lines[23].problem
    assert lines[26].column == "Begrotingsjaar"
    read_lines = set(frame["bron"].str.rsplit(":", n=1).str[1].astype(int))
    assert read_lines.isdisjoint(lines)


def test_strict() -> None:
    with pytest.raises(InputError, match=r"begrotingsstaten_excerpt\.csv:19: a row without"):
        read_begrotingsstaten_csv(EXCERPT, strict=True)


def test_missing_column(tmp_path: Path) -> None:
    bad = tmp_path / "staat.csv"
    bad.write_bytes(EXCERPT.read_bytes().replace(b";Realisatie;", b";Later;", 1))
    with pytest.raises(
        InputError,
        match=r"staat\.csv:1: not a begrotingsstaten CSV: no column "
        r"'realisatie'",
    ):
        read_begrotingsstaten_csv(bad)


def test_truncated_row(tmp_path: Path) -> None:
    lines = EXCERPT.read_bytes().split(b"\r\n")
    bad = tmp_path / "cut.csv"
    bad.write_bytes(b"\r\n".join([*lines[:3], lines[3][:20]]) + b"\r\n")
    with pytest.raises(InputError, match=r"cut\.csv:4: expected 13 fields like the header"):
        read_begrotingsstaten_csv(bad)


def test_empty_and_binary(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\r\n")
    with pytest.raises(InputError, match="the file is empty"):
        read_begrotingsstaten_csv(empty)
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(InputError, match="binary file"):
        read_begrotingsstaten_csv(binary)


def test_sniffer() -> None:
    assert looks_like_begrotingsstaten_csv(EXCERPT.read_bytes()[:2048])
    assert not looks_like_begrotingsstaten_csv(b"Begrotingsjaar,Begroting,V/U/O,Bedrag t-2\n")
