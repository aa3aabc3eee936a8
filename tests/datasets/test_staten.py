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
from sluitend.domains.rijk.vocabulary import BUDGET_COLUMNS
from sluitend.errors import InputError

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
    assert set(frame[frame["bron"].astype("string").str.endswith(":8")]["hoofdstuk"]) == {"IXB"}
    assert figures(frame, 8)["JV"] == 648199
    # Latin-1 text is read as such and kept as printed
    curacao = frame[frame["bron"].astype("string").str.endswith(":17")].iloc[0]
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
    infra = frame[frame["bron"].astype("string").str.endswith(":13")].iloc[0]
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
    read_lines = set(frame["bron"].astype("string").str.rsplit(":", n=1).str[1].astype(int))
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


HEADER = (
    "Begrotingsjaar;Valuta;eenheid;Uitgaven (U) Verplichtingen (V) Ontvangsten (O);"
    "Begrotingsstaat;Onderdeel;Omschrijving;ontwerpbegroting;vastgestelde begroting;"
    "1ste suppletoire begroting;2de suppletoire begroting;Realisatie;Url"
)


def two_totals(tmp_path: Path, first: str, second: str) -> tuple[pd.DataFrame, list[ReadNote]]:
    """Chapter VI 2015 as the real file prints its O (lines 1786-1787): two articles
    (1.000.000 and 1.181.589 in OWB, 2.000 and 3.000 in VB) and two TOTAAL rows."""
    lines = [
        HEADER,
        "2015;Euro;x1000;O;VI;91;Art 91;1.000.000;2.000;;;;",
        "2015;Euro;x1000;O;VI;92;Art 92;1.181.589;3.000;;;;",
        f"2015;Euro;x1000;O;VI;-;TOTAAL;{first};",
        f"2015;Euro;x1000;O;VI;-;TOTAAL;{second};",
    ]
    path = tmp_path / "staten.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1"))
    notes: list[ReadNote] = []
    (dataset,) = read_begrotingsstaten_csv(path, notes=notes)
    return dataset.frame, notes


def test_a_total_split_over_two_rows_is_read_as_one(tmp_path: Path) -> None:
    # In each phase, no TOTAAL row alone is the articles' sum and the two together are.
    frame, notes = two_totals(tmp_path, "1424236;2.500;;;", "757.353;2.500;;;")
    totals = frame[frame["artikel"] == ""]
    assert sorted(zip(totals["fase"].astype(str), totals["bedrag"], strict=True)) == [
        ("OWB", 2_181_589),
        ("VB", 5_000),
    ]
    assert set(totals["bron"]) == {"staten.csv:4"}
    (note,) = notes
    assert note.kind == "read as" and note.line == 4
    assert "together 2.181.589, the articles 2.181.589" in note.problem
    assert "in each of the 2 phases printed: read as one total printed on 2 rows" in note.problem


def test_two_totals_are_read_as_printed_when_one_alone_is_the_sum(tmp_path: Path) -> None:
    # VB: the first row alone is the articles' 5.000, so the file's reading is not "split".
    frame, notes = two_totals(tmp_path, "1424236;5.000;;;", "757.353;2.500;;;")
    totals = frame[frame["artikel"] == ""]
    assert len(totals) == 4
    assert set(totals["bron"]) == {"staten.csv:4", "staten.csv:5"}
    (note,) = notes
    assert "read as printed, each compared with the articles" in note.problem


def test_two_totals_are_read_as_printed_when_together_they_miss(tmp_path: Path) -> None:
    frame, notes = two_totals(tmp_path, "1424236;2.500;;;", "757.353;2.400;;;")
    assert (frame["artikel"] == "").sum() == 4
    (note,) = notes
    assert "read as printed" in note.problem


@pytest.mark.parametrize(
    ("first", "second", "line"),
    [("1424236;5.000;;;", "757.353;;;;", 4), ("1424236;;;;", "757.353;5.000;;;", 5)],
)
def test_a_phase_that_prints_one_of_two_totals_keeps_it(
    tmp_path: Path, first: str, second: str, line: int
) -> None:
    # OWB is split over the two rows and read as one total; VB is printed on one row only
    # (5.000, the articles' sum): that figure is read as printed, not dropped with the rows
    # merged in OWB (before 7b80431 it was lost without a note).
    frame, notes = two_totals(tmp_path, first, second)
    totals = frame[frame["artikel"] == ""]
    read = zip(totals["fase"].astype(str), totals["bedrag"], totals["bron"], strict=True)
    assert sorted(read) == [("OWB", 2_181_589, "staten.csv:4"), ("VB", 5_000, f"staten.csv:{line}")]
    (note,) = notes
    assert "in the one phase printed: read as one total printed on 2 rows" in note.problem
