"""The page-text reader on real excerpts of the seed page and on bad pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from sluitend.datasets.frame import pandas_dtypes
from sluitend.datasets.pagetext import read_page_text
from sluitend.errors import InputError

DATA = Path(__file__).parents[1] / "data"
EXCERPT = DATA / "pagetext" / "art7-excerpt.txt"


def figures(frame, **where):  # type: ignore[no-untyped-def]
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return rows["bedrag"].tolist()


def test_excerpt_totals_onderdeel_regeling_and_ontvangsten() -> None:
    table = read_page_text(EXCERPT, hoofdstuk="VII")[0]
    frame = table.frame
    assert (table.kind, table.name, table.unit) == ("begrotingstabel", "art7-excerpt", 1000)
    assert dict(frame.dtypes) == pandas_dtypes("begrotingstabel")
    assert set(frame["begrotingsjaar"]) == {2022} and set(frame["fase"]) == {"OWB"}
    assert set(frame["hoofdstuk"]) == {"VII"} and set(frame["artikel"]) == {"7"}
    assert sorted(set(frame["jaar"])) == list(range(2020, 2027))
    total = {"onderdeel": "", "instrument": "", "regeling": ""}
    assert figures(frame, vuo="V", **total) == [
        39149,
        104975,
        193597,
        188016,
        161251,
        160572,
        157021,
    ]
    assert figures(frame, vuo="U", **total)[:2] == [36415, 104975]
    assert figures(frame, vuo="O", **total) == [2426, 312, 64, 64, 64, 64, 64]
    assert figures(frame, onderdeel="7.2", instrument="")[0] == 7694
    saip = frame[frame["regeling"] == "Stichting Administratie Indonesische Pensioenen"]
    assert set(saip["instrument"]) == {"Bijdrage aan ZBO's/RWT's"} and set(saip["vuo"]) == {"U"}
    # An instrument heading prints no amount and so gives no row of its own.
    assert not ((frame["instrument"] != "") & (frame["regeling"] == "")).any()
    assert (
        frame.loc[frame["onderdeel"] == "7.2", "label"].iloc[0] == "7.2 Pensioenen en uitkeringen"
    )
    # bron is the figure's own line: line 20 of the excerpt reads 39.149
    first = frame.iloc[0]
    assert first["bron"] == f"{EXCERPT}:20"
    assert EXCERPT.read_text(encoding="utf-8").split("\n")[19] == "39.149"
    assert len(frame) == 5 * 7


def test_excerpt_budgetflexibiliteit() -> None:
    jv = read_page_text(EXCERPT, hoofdstuk="VII")[1]
    assert (jv.kind, jv.name, jv.unit) == ("juridisch_verplicht", "art7-excerpt-jv", 1)
    got = dict(zip(jv.frame["categorie"], jv.frame["percentage"], strict=True))
    assert got == {
        "": 95.2,
        "Subsidies": 65.6,  # the excerpt's table has no Subsidies line: kept as printed
        "Opdrachten": 96.1,
        "Bijdrage aan ZBO's/RWT's": 99.0,
        "Bijdrage aan agentschappen": 86.3,
        "Bijdrage aan (inter)-nationale organisaties": 100.0,
        "Bijdrage aan (andere) begrotingshoofdstukken": 100.0,
    }
    assert jv.frame["bron"].iloc[0] == f"{EXCERPT}:111"
    assert (
        jv.frame["label"].iloc[0].startswith("Van het totale uitgavenbudget op artikel 7 is 95,2%")
    )


def test_special_values_waarvan_and_hoofdstuk_from_text() -> None:
    path = DATA / "pagetext" / "special-values.txt"
    [table] = read_page_text(path)  # no Budgetflexibiliteit: one dataset
    frame = table.frame
    assert set(frame["hoofdstuk"]) == {"IXB"} and set(frame["artikel"]) == {"3"}
    total_v = frame[(frame["vuo"] == "V") & (frame["label"] == "Verplichtingen")]["bedrag"]
    assert total_v.isna().tolist() == [False, True, False, False, False, False, False]
    assert total_v.dropna().tolist() == [1000, 2500, -250, 0, 0, 0]  # en dash is a minus
    regeling = frame[(frame["regeling"] == "Regeling A") & ~frame["waarvan"]]
    assert regeling["bedrag"].tolist()[4:] == [0, 0, 0]  # nihil, -, –
    memo = frame[frame["waarvan"]].drop_duplicates("label")
    assert memo[["onderdeel", "instrument", "regeling", "omschrijving"]].values.tolist() == [
        ["", "Apparaatsuitgaven", "waarvan eigen personeel", ""],
        ["3.1", "Subsidies (regelingen)", "Regeling A", "waarvan meerjarig"],
    ]
    # a line with values before any instrument heading is an instrument line
    assert figures(frame, instrument="Apparaatsuitgaven", regeling="")[0] == 400
    # prose after the table is not read as rows
    assert "Toelichting" not in set(frame["label"])


def test_two_tables_on_one_page() -> None:
    [table] = read_page_text(DATA / "pagetext" / "two-tables.txt", hoofdstuk="VII")
    assert sorted(set(table.frame["artikel"])) == ["7", "8"]
    assert len(table.frame) == 2 * 2 * 7


def test_parameters_override_what_the_text_says() -> None:
    [table, _] = read_page_text(EXCERPT, hoofdstuk="VII", fase="VB", begrotingsjaar=2021, unit=1)
    assert set(table.frame["fase"]) == {"VB"} and set(table.frame["begrotingsjaar"]) == {2021}
    assert table.unit == 1


@pytest.mark.parametrize(
    ("name", "line", "needle"),
    [
        (
            "page-wrong-count.txt",
            36,
            "row 'Uitgaven' has 6 values; expected 7, one per year 2020-2026",
        ),
        ("page-misprint.txt", 20, "expected a whole amount in Dutch style"),
        ("page-no-years.txt", 1, "expected the year header (one year per line)"),
        ("page-no-vuo.txt", 18, "row 'Diverse subsidies' comes before any 'Verplichtingen'"),
        ("page-no-table.txt", None, "no table 'Budgettaire gevolgen van beleid' found"),
        ("blank.txt", None, "empty file"),
        ("binary.csv", None, "not a text file"),
    ],
)
def test_bad_pages(name: str, line: int | None, needle: str) -> None:
    path = DATA / "bad" / name
    with pytest.raises(InputError) as info:
        read_page_text(path, hoofdstuk="VII")
    assert info.value.path == str(path) and info.value.line == line
    assert needle in str(info.value)


def test_missing_hoofdstuk_is_unknown_with_a_note() -> None:
    table, jv = read_page_text(EXCERPT)
    assert set(table.frame["hoofdstuk"]) == {""} and set(jv.frame["hoofdstuk"]) == {""}
    assert table.notes == jv.notes and "hoofdstuk is unknown" in table.notes[0]
    given = read_page_text(EXCERPT, hoofdstuk="VII")[0]
    assert given.notes == () and set(given.frame["hoofdstuk"]) == {"VII"}
    # Apart from the chapter, the same figures.
    assert table.frame.drop(columns="hoofdstuk").equals(given.frame.drop(columns="hoofdstuk"))


def test_unknown_unit_and_year_count(tmp_path: Path) -> None:
    text = EXCERPT.read_text(encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text(text.replace("(bedragen x €\u00a01.000)", ""), encoding="utf-8")
    with pytest.raises(InputError, match=r"p.txt:1: the table title does not say its unit"):
        read_page_text(page, hoofdstuk="VII")
    page.write_text(text.replace("(bedragen x €\u00a01.000)", "(bedragen x € 1 mln)"), "utf-8")
    assert read_page_text(page, hoofdstuk="VII")[0].unit == 1_000_000


@pytest.mark.parametrize(
    ("unit", "euros"),
    [("x € 1 mıljoen", 10**6), ("X € 1 MİLJOEN", 10**6), ("x € 1 Mıljard", 10**9)],
    ids=["dotless-i", "dotted-capital-i", "miljard"],
)
def test_a_unit_with_a_turkish_i(tmp_path: Path, unit: str, euros: int) -> None:
    # Python's case-insensitive `re` matches "ı" and "İ" for "i", and the scale was then
    # looked up as typed: a KeyError (exit 3), in page text and in a printed table's title.
    text = EXCERPT.read_text(encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text(text.replace("(bedragen x €\u00a01.000)", f"(bedragen {unit})"), "utf-8")
    assert read_page_text(page, hoofdstuk="VII")[0].unit == euros
