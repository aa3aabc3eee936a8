"""The per-taakveld CSV reader on a real excerpt of 2024_begroting.csv (tests/data/iv3)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from sluitend.datasets.detect import detect_format, read_any
from sluitend.datasets.toolkit import CHOICE, DataNote, ReadNote
from sluitend.domains.iv3.taakveld_csv import read_taakveld_csv
from sluitend.errors import InputError

EXCERPT = Path(__file__).parents[2] / "data" / "iv3" / "begroting_2024_excerpt.csv"


def test_detected_by_content() -> None:
    assert detect_format(EXCERPT) == "iv3-csv"


def test_reads_every_figure_with_its_line() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        (ds,) = read_taakveld_csv(EXCERPT, boekjaar=2024)
    frame = ds.frame
    assert ds.kind == "iv3"
    assert frame["overheid"].nunique() == 4
    totals = frame[~frame["waarvan"]]
    assert len(totals) == 4 * 71 * 2  # Lasten and Baten of 71 taakvelden
    # Bronckhorst 0.1 Bestuur is line 2 + 71 of the excerpt (after 's-Hertogenbosch).
    row = frame[(frame["overheid"] == "Bronckhorst") & (frame["taakveld"] == "0.1")]
    assert sorted(row["bedrag"].tolist()) == [0.0, 1295.0, 2202.0]
    assert set(row["bron"]) == {"begroting_2024_excerpt.csv:73"}
    salarissen = row[row["waarvan"]]
    assert salarissen["categorie"].tolist() == ["1.1"]
    assert salarissen["onderdeel"].tolist() == ["lasten"]
    assert "Bronckhorst, 0.1 Bestuur" in row["label"].iat[0]


def test_boekjaar_from_option_or_a_note() -> None:
    (ds,) = read_taakveld_csv(EXCERPT, boekjaar=2022)
    assert set(ds.frame["boekjaar"]) == {2022}
    with pytest.warns(DataNote, match="does not state its boekjaar; using 2024"):
        read_taakveld_csv(EXCERPT)
    notes: list[ReadNote] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a caller with a list gets no warning
        read_any(EXCERPT, notes=notes)
    assert [(n.kind, str(n)) for n in notes] == [
        (
            CHOICE,
            "begroting_2024_excerpt.csv: the file does not state its boekjaar; using 2024 "
            "(the year in the file name); set --boekjaar to choose",
        )
    ]


def test_a_cell_that_is_not_a_number_names_line_and_column(tmp_path: Path) -> None:
    lines = EXCERPT.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(";0.0;0.0;", ";0.0;x12;", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 4.*'Lasten'.*'x12'|'Lasten'.*'x12'") as info:
        read_taakveld_csv(bad, boekjaar=2024)
    assert "4" in str(info.value)
