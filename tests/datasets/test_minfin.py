"""The budget-table CSV reader on real excerpts (tests/data/minfin, see its README)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import sluitend
from sluitend.datasets.minfin import (
    DETAIL,
    looks_like_budget_table_csv,
    read_budget_table_csv,
)
from sluitend.datasets.toolkit import ReadNote, ReadWarning
from sluitend.domains.rijk.vocabulary import BUDGET_COLUMNS, BUDGET_KEY, JURIDISCH_VERPLICHT_COLUMNS
from sluitend.errors import InputError

DATA = Path(__file__).parent.parent / "data" / "minfin"
BUNDLED = Path(sluitend.__file__).parent / "datasets" / "bundled" / "minfin-2017-vii.csv"


def read(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, list[ReadNote]]:
    notes: list[ReadNote] = []
    tabel, jv = read_budget_table_csv(path, notes=notes)
    assert tabel.kind == "begrotingstabel"
    assert jv.kind == "juridisch_verplicht"
    return tabel.frame, jv.frame, notes


def row(frame: pd.DataFrame, bron: str, jaar: int) -> pd.Series:
    hit = frame[(frame["bron"] == bron) & (frame["jaar"] == jaar)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


# --- the bundled chapter VII ----------------------------------------------------------------


def test_bundled_vii_reads_without_notes() -> None:
    frame, jv, notes = read(BUNDLED)
    assert notes == []
    assert list(frame.columns) == list(BUDGET_COLUMNS)
    assert list(jv.columns) == list(JURIDISCH_VERPLICHT_COLUMNS)
    assert set(frame["hoofdstuk"]) == {"VII"}
    assert set(frame["jaar"]) == set(range(2015, 2022))
    assert len(frame) == 134 * 7  # every row of chapter VII has all seven amounts
    assert frame["bron"].nunique() == 134
    assert frame["bron"].astype("string").str.startswith("minfin-2017-vii.csv:").all()


def test_bundled_article_11_materiele_uitgaven_and_waarvan() -> None:
    frame, _, _ = read(BUNDLED)
    total = row(frame, "minfin-2017-vii.csv:108", 2015)
    assert (total["artikel"], total["onderdeel"], total["instrument"]) == (
        "11",
        "1",
        "Materiele uitgaven",
    )
    assert total["regeling"] == ""
    assert total["bedrag"] == 190096
    assert not total["waarvan"]
    sso = row(frame, "minfin-2017-vii.csv:109", 2015)
    pdirekt = row(frame, "minfin-2017-vii.csv:110", 2015)
    assert sso["waarvan"] and pdirekt["waarvan"]
    assert sso["regeling"] == "waarvan bijdragen aan SSO's"
    assert (sso["bedrag"], pdirekt["bedrag"]) == (155495, 67019)
    lines = frame[
        (frame["artikel"] == "11")
        & (frame["instrument"] == "Materiele uitgaven")
        & (frame["regeling"] != "")
        & ~frame["waarvan"]
        & (frame["jaar"] == 2015)
    ]
    assert lines["bedrag"].sum() == 357 + 34244  # the non-memo lines: ICT, Overig materieel


def test_bundled_article_7_keeps_its_real_defects() -> None:
    frame, jv, _ = read(BUNDLED)
    opdrachten = row(frame, "minfin-2017-vii.csv:90", 2015)
    assert (opdrachten["onderdeel"], opdrachten["instrument"], opdrachten["bedrag"]) == (
        "1",
        "Opdrachten",
        265,
    )
    parts = frame[
        (frame["artikel"] == "7")
        & (frame["instrument"] == "Opdrachten")
        & (frame["regeling"] != "")
        & (frame["jaar"] == 2015)
    ]
    assert parts["bedrag"].sum() == 9663  # not 265: the published defect
    assert row(frame, "minfin-2017-vii.csv:96", 2015)["bedrag"] == 22022
    assert row(frame, "minfin-2017-vii.csv:97", 2015)["bedrag"] == 7920
    article_total = row(frame, "minfin-2017-vii.csv:84", 2016)
    assert article_total[["onderdeel", "instrument", "regeling"]].tolist() == ["", "", ""]
    assert (article_total["vuo"], article_total["bedrag"]) == ("U", 33349)
    art7 = jv[jv["artikel"] == "7"]
    assert art7["percentage"].tolist() == [92.0]
    assert art7["bron"].tolist() == ["minfin-2017-vii.csv:84"]


# --- structure (2017 excerpt: III art. 1, VI art. 92/93, VIII art. 1) ----------------------


def test_long_form_years_and_bron() -> None:
    frame, _, _ = read(DATA / "owb2017_iii1_viii1.csv")
    first = frame[frame["bron"] == "owb2017_iii1_viii1.csv:3"]
    assert first["jaar"].tolist() == list(range(2015, 2022))
    assert first["bedrag"].tolist() == [50736, 58673, 59461, 58138, 58148, 58156, 59876]
    assert set(first["vuo"]) == {"V"}
    assert set(first["fase"]) == {"OWB"}


def test_row_with_only_a_percentage_gives_no_figures() -> None:
    frame, jv, _ = read(DATA / "owb2017_iii1_viii1.csv")
    assert not (frame["bron"] == "owb2017_iii1_viii1.csv:2").any()
    got = jv[jv["bron"] == "owb2017_iii1_viii1.csv:2"]
    assert got["percentage"].tolist() == [pytest.approx(91.8)]
    assert got[["hoofdstuk", "artikel", "categorie"]].iloc[0].tolist() == ["III", "1", ""]


def test_table_heading_instrument_is_the_article_total() -> None:
    frame, jv, _ = read(DATA / "owb2017_iii1_viii1.csv")
    totale = row(frame, "owb2017_iii1_viii1.csv:19", 2015)  # "Totale uitgaven" U J
    assert totale[["onderdeel", "instrument", "regeling", "omschrijving"]].tolist() == [""] * 4
    assert (totale["label"], totale["bedrag"]) == ("Totale uitgaven", 10032762)
    verpl = row(frame, "owb2017_iii1_viii1.csv:17", 2015)
    assert (verpl["instrument"], verpl["vuo"], verpl["label"]) == ("", "V", "Verplichtingen")
    memo = row(frame, "owb2017_iii1_viii1.csv:18", 2015)
    assert (memo["instrument"], memo["regeling"], memo["waarvan"]) == (
        "",
        "Waarvan garantieverplichtingen",
        True,
    )
    assert jv[jv["hoofdstuk"] == "VIII"]["percentage"].tolist() == [pytest.approx(99.5)]


def test_omschrijving_without_regeling_sits_under_the_j_regeling_above() -> None:
    frame, _, _ = read(DATA / "owb2017_iii1_viii1.csv")
    po = row(frame, "owb2017_iii1_viii1.csv:22", 2015)
    assert po[["instrument", "regeling", "omschrijving"]].tolist() == [
        "Bekostiging",
        "Hoofdbekostiging",
        "Bekostiging Primair Onderwijs",
    ]
    overig = row(frame, "owb2017_iii1_viii1.csv:26", 2015)
    assert overig["regeling"] == "Aanvullende bekostiging"
    # Under the Subsidies instrument total (a J row without regeling) the lines stay direct
    sub = row(frame, "owb2017_iii1_viii1.csv:28", 2015)
    assert (sub["instrument"], sub["regeling"]) == ("Subsidies", "")


def test_detail_row_with_a_totals_key_becomes_a_leaf() -> None:
    frame, _, _ = read(DATA / "owb2017_iii1_viii1.csv")
    total = row(frame, "owb2017_iii1_viii1.csv:11", 2015)  # VI 93 U J
    detail = row(frame, "owb2017_iii1_viii1.csv:12", 2015)  # VI 93 U N, same levels
    assert total["onderdeel"] == ""
    assert detail["onderdeel"].startswith(DETAIL)
    assert total["bedrag"] == detail["bedrag"] == 2285
    key = list(BUDGET_KEY)
    assert not frame.duplicated(key).any()


# --- the other variants ---------------------------------------------------------------------


def test_2016_markers_blank_rows_and_percentage_rows() -> None:
    frame, jv, notes = read(DATA / "owb2016_excerpt.csv")
    assert notes == []
    koers = frame[frame["bron"] == "owb2016_excerpt.csv:2"]
    assert koers["bedrag"].iloc[0] == 0  # " -   "
    assert koers["bedrag"].iloc[1:].isna().all()  # " pm "
    chapter = row(frame, "owb2016_excerpt.csv:3", 2014)
    assert (chapter["artikel"], chapter["vuo"], chapter["bedrag"]) == ("", "V", 12372721)
    # the "Waarvan juridisch verplicht (percentage)" row: a percentage, no figures
    assert not (frame["bron"] == "owb2016_excerpt.csv:8").any()
    got = jv.set_index("bron")["percentage"].to_dict()
    assert got == {"owb2016_excerpt.csv:4": pytest.approx(99.01), "owb2016_excerpt.csv:8": 96.0}
    # blank rows 10-11 give nothing
    assert not frame["bron"].isin(["owb2016_excerpt.csv:10", "owb2016_excerpt.csv:11"]).any()
    # "VERPLICHTINGEN" printed as regeling on a J row is the article total
    verpl = row(frame, "owb2016_excerpt.csv:6", 2014)
    assert (verpl["regeling"], verpl["label"]) == ("", "VERPLICHTINGEN")


def test_2016_repeated_blocks_are_kept(tmp_path: Path) -> None:
    lines = (DATA / "owb2016_excerpt.csv").read_bytes().split(b"\n")
    doubled = tmp_path / "doubled.csv"
    doubled.write_bytes(b"\n".join([lines[0], *lines[1:9], *lines[1:9]]) + b"\n")
    frame, _, _ = read(doubled)
    key = list(BUDGET_KEY)
    assert frame.duplicated(key).sum() == len(frame) // 2


def test_2015_plain_floats_are_rounded_and_recorded() -> None:
    frame, jv, notes = read(DATA / "owb2015_excerpt.csv")
    assert row(frame, "owb2015_excerpt.csv:2", 2014)["bedrag"] == 355573  # 355572.7449
    assert row(frame, "owb2015_excerpt.csv:2", 2013)["bedrag"] == 381576
    rounded = [n for n in notes if "not whole units" in n.problem]
    assert len(rounded) == 1 and rounded[0].line is None
    # 95.0% on every row of A 12 is one figure
    assert jv[jv["artikel"] == "12"]["percentage"].tolist() == [95.0]
    backticks = [n for n in notes if n.line == 11]
    assert backticks[0].column == "Bedrag t-1" and backticks[0].text == "````"
    assert pd.isna(row(frame, "owb2015_excerpt.csv:11", 2014)["bedrag"])


# --- defects --------------------------------------------------------------------------------


def test_2017_defects_are_recorded_not_guessed() -> None:
    frame, _, notes = read(DATA / "owb2017_defects.csv")
    by_line = {(n.line, n.column): n for n in notes}
    assert "row shifted" in by_line[(8, "Bedrag t-2 … t+4")].problem
    assert not frame["bron"].isin(["owb2017_defects.csv:8", "owb2017_defects.csv:9"]).any()
    dutch = by_line[(10, "Bedrag t-2")]
    assert dutch.text == "131.869"  # as printed, without the non-breaking space
    assert "Dutch thousands" in dutch.problem
    assert pd.isna(row(frame, "owb2017_defects.csv:10", 2015)["bedrag"])
    assert row(frame, "owb2017_defects.csv:10", 2017)["bedrag"] == 120000
    assert (
        "expected V, U or O" in by_line[(11, "V/U/O (Verplichtingen/Uitgaven/Ontvangsten)")].problem
    )
    assert by_line[(12, "Bedrag t-2")].text == "o"
    assert row(frame, "owb2017_defects.csv:3", 2016)["bedrag"] == 21450
    assert row(frame, "owb2017_defects.csv:4", 2015)["bedrag"] == 0  # " -00 "
    assert pd.isna(row(frame, "owb2017_defects.csv:4", 2016)["bedrag"])  # "pm "


def test_strict_raises_the_first_defect() -> None:
    with pytest.raises(InputError) as err:
        read_budget_table_csv(DATA / "owb2017_defects.csv", strict=True)
    assert err.value.line == 8
    assert str(err.value).startswith("owb2017_defects.csv:8")


def test_notes_become_warnings_without_a_list() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_budget_table_csv(DATA / "owb2017_defects.csv")
    messages = [str(w.message) for w in caught if issubclass(w.category, ReadWarning)]
    assert len(messages) == 6
    assert messages[0].startswith("owb2017_defects.csv:8")


# --- bad input ------------------------------------------------------------------------------

HEADER = (DATA / "owb2017_iii1_viii1.csv").read_bytes().split(b"\n", 1)[0]


def test_wrong_encoding(tmp_path: Path) -> None:
    text = (DATA / "owb2017_iii1_viii1.csv").read_text(encoding="utf-8")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(text.encode("latin-1", errors="replace"))
    with pytest.raises(InputError, match=r"latin1\.csv:5: byte 0xf6 at column \d+ is not UTF-8"):
        read_budget_table_csv(bad)


def test_missing_column(tmp_path: Path) -> None:
    bad = tmp_path / "missing.csv"
    bad.write_bytes(HEADER.replace(b"Bedrag t+4", b"Bedrag later") + b"\n")
    with pytest.raises(
        InputError,
        match=r"missing\.csv:1: not a budget-table CSV: no column "
        r"'bedrag t\+4'",
    ):
        read_budget_table_csv(bad)


def test_empty_file(tmp_path: Path) -> None:
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.csv:1: the file is empty"):
        read_budget_table_csv(bad)


def test_header_only(tmp_path: Path) -> None:
    bad = tmp_path / "header.csv"
    bad.write_bytes(HEADER + b"\n")
    with pytest.raises(InputError, match=r"header\.csv:2: the file has a header but no data"):
        read_budget_table_csv(bad)


def test_truncated_row(tmp_path: Path) -> None:
    lines = (DATA / "owb2017_iii1_viii1.csv").read_bytes().split(b"\n")
    bad = tmp_path / "cut.csv"
    bad.write_bytes(b"\n".join([*lines[:5], lines[5][:60]]) + b"\n")
    with pytest.raises(InputError, match=r"cut\.csv:6: expected 27 fields like the header, got"):
        read_budget_table_csv(bad)


def test_binary_file(tmp_path: Path) -> None:
    bad = tmp_path / "image.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match=r"image\.csv: this is a binary file"):
        read_budget_table_csv(bad)


def test_unreadable_amount_strict(tmp_path: Path) -> None:
    lines = (DATA / "owb2017_iii1_viii1.csv").read_bytes().split(b"\n")
    bad = tmp_path / "amount.csv"
    bad.write_bytes(b"\n".join([lines[0], lines[2].replace(b'"50,736"', b'"1,5"')]) + b"\n")
    with pytest.raises(InputError) as err:
        read_budget_table_csv(bad, strict=True)
    assert str(err.value) == (
        "amount.csv:2!Bedrag t-2: expected a whole amount in English style "
        "(50,736, -1,250, 0, pm, -), got '1,5': figure read as unknown (<NA>)"
    )


def test_sniffer() -> None:
    assert looks_like_budget_table_csv(BUNDLED.read_bytes()[:4096])
    assert looks_like_budget_table_csv((DATA / "owb2015_excerpt.csv").read_bytes()[:4096])
    assert not looks_like_budget_table_csv((DATA / "begrotingsstaten_excerpt.csv").read_bytes())
    assert not looks_like_budget_table_csv(b"\x00\x01binary")


def test_a_budget_name_in_two_spellings_is_said(tmp_path: Path) -> None:
    # The 2016 file prints chapter IX twice, as "Financiën" and as "Financien": read as two
    # tables, each checked on its own, and a note says so. Chapter III's three budgets
    # (Algemene Zaken, Kabinet van de Koning, ...) are names of their own: no such note.
    lines = (DATA / "owb2017_iii1_viii1.csv").read_text(encoding="utf-8").splitlines()
    _, _, plain = read(DATA / "owb2017_iii1_viii1.csv")
    assert not [n for n in plain if "spellings" in n.problem]
    at = [i for i, line in enumerate(lines) if ",Veiligheid en Justitie," in line]
    for i in at[len(at) // 2 :]:
        lines[i] = lines[i].replace(",Veiligheid en Justitie,", ",Veiligheid en JUSTITIË,")
    path = tmp_path / "twice.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, _, notes = read(path)
    said = [n for n in notes if "spellings" in n.problem]
    assert len(said) == 1, notes
    assert said[0].kind == "read as" and said[0].line == at[len(at) // 2] + 1
    assert said[0].problem.startswith(
        "chapter VI (OWB 2017) is printed under 2 spellings of one budget name: "
        f"'Veiligheid en Justitie' (from line {at[0] + 1}), 'Veiligheid en JUSTITIË' (from "
        f"line {at[len(at) // 2] + 1}); read as 2 tables, each checked on its own"
    )
