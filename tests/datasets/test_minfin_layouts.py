"""Regression tests for the Ministry files' layouts that were misread (issue 10), each on a
real excerpt in tests/data/minfin (its README gives the original lines)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.datasets.minfin import read_budget_table_csv
from sluitend.datasets.numbers import rounding_steps
from sluitend.datasets.staten import read_begrotingsstaten_csv
from sluitend.datasets.toolkit import ReadNote
from sluitend.engine.findings import Report
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_pack

DATA = Path(__file__).parent.parent / "data" / "minfin"


def budget(name: str) -> tuple[Dataset, list[ReadNote]]:
    notes: list[ReadNote] = []
    tabel, _ = read_budget_table_csv(DATA / name, notes=notes)
    return tabel, notes


def checked(ds: Dataset) -> Report:
    return validate([ds], load_pack("rijksbegroting"))


def failing(report: Report, rule: str) -> set[tuple[str, int]]:
    """(bron, jaar) of every error of `rule`."""
    return {
        (f.bron, int(f.where["jaar"]))
        for f in report.findings
        if f.rule == rule and f.severity == "error"
    }


# --- rounding steps read from the data --------------------------------------------------------


def test_rounding_steps_need_enough_round_figures() -> None:
    block = pd.Series(["a"] * 25 + ["b"] * 5)
    values = pd.Series([1000 * i for i in range(1, 26)] + [5000] * 5, dtype="Int64")
    steps = rounding_steps(values, block)
    assert steps[:25].tolist() == [1000] * 25
    assert steps[25:].tolist() == [1] * 5  # five round figures prove nothing


def test_rounding_step_of_a_finer_figure_is_its_own() -> None:
    block = pd.Series(["a"] * 30)
    values = pd.Series([100 * i for i in range(1, 30)] + [123450], dtype="Int64")
    steps = rounding_steps(values, block)
    assert steps.iloc[-1] == 10 and set(steps[:-1]) == {100}


def test_a_normal_chapter_keeps_step_one() -> None:
    ds, _ = budget("owb2015_iii_ixa.csv")
    iii = ds.frame[ds.frame["hoofdstuk"] == "III"]
    assert set(iii["afronding"]) == {1}


def test_ixa_2015_in_whole_millions_gets_step_1000_and_a_note() -> None:
    ds, notes = budget("owb2015_iii_ixa.csv")
    ixa = ds.frame[ds.frame["hoofdstuk"] == "IXA"]
    assert len(ixa) > 100 and set(ixa["afronding"]) == {1000}
    assert any("chapter IXA" in n.problem and "rounded to 1.000" in n.problem for n in notes)
    # Excerpt line 22 (original 291): U total 46.230.000 in 2013 against lines adding up to
    # 46.229.000; in whole millions that is a rounding difference, not an error.
    report = checked(ds)
    assert failing(report, "BT002") == set()
    rounding = [f for f in report.findings if f.rule == "BT002" and f.severity == "info"]
    assert ("owb2015_iii_ixa.csv:22", 2013) in {(f.bron, f.where["jaar"]) for f in rounding}


def test_staten_rijk_block_in_millions_with_one_decimal() -> None:
    notes: list[ReadNote] = []
    (ds,) = read_begrotingsstaten_csv(DATA / "staten_rijk_2014.csv", notes=notes)
    frame = ds.frame
    # Line 4 (original 987) prints the V total with two decimals (235392,44): step 10 there.
    v_total = frame[frame["bron"] == "staten_rijk_2014.csv:4"]
    assert v_total["afronding"].tolist() == [100, 10, 10, 10, 10]
    assert set(frame.loc[frame["bron"] != "staten_rijk_2014.csv:4", "afronding"]) == {100}
    assert [n for n in notes if "Rijk 2014" in n.problem and "€ 0,1 mln" in n.problem]
    report = checked(ds)
    assert not [f for f in report.findings if f.severity == "error"]
    # The 15 honest differences of the 2014 Rijk block are afrondingsverschillen (info).
    bs001 = [f for f in report.findings if f.rule == "BS001"]
    assert len(bs001) == 15 and {f.severity for f in bs001} == {"info"}
    assert {f.tolerance for f in bs001} >= {1250}


# --- several budgets under one chapter and article -------------------------------------------


def test_chapter_iii_budgets_are_kept_apart() -> None:
    ds, _ = budget("owb2015_iii_ixa.csv")
    iii = ds.frame[ds.frame["hoofdstuk"] == "III"]
    assert set(iii["begroting"]) == {
        "Algemene Zaken",
        "Kabinet van de Koning",
        "Commissie van Toezicht betreffende de Inlichtingen- en Veiligheidsdiensten",
    }
    # Excerpt line 4 (original 229): AZ's V total 55.117 was summed with the Kabinet der
    # Koning's and CvTIVD's V rows (3.500): a false error.
    report = checked(ds)
    in_iii = [f for f in report.findings if f.where.get("hoofdstuk") == "III"]
    assert not [f for f in in_iii if f.rule not in ("BT030", "BT031", "COVERAGE")]
    # The completeness rules still see that the Kabinet van de Koning and the CvTIVD print
    # their V/U/O totals as a regeling named after the budget (read as lines, not as the
    # article total), and that AZ's Ontvangsten row is flagged N: warnings, no errors.
    assert {(f.rule, f.severity, f.where["begroting"][:10]) for f in in_iii} <= {
        (rule, "warning", name)
        for rule in ("BT030", "BT031", "COVERAGE")
        for name in ("Algemene Z", "Kabinet va", "Commissie ")
    }
    # Other chapters (one budget each) leave `begroting` empty.
    assert set(ds.frame.loc[ds.frame["hoofdstuk"] == "IXA", "begroting"]) == {""}


# --- chapter XVI: the nadere omschrijving is the row's label --------------------------------


def test_xvi_totals_are_totals_and_a_real_defect_is_an_error() -> None:
    ds, _ = budget("owb2016_xvi_viii.csv")
    xvi = ds.frame[ds.frame["hoofdstuk"] == "XVI"]
    assert set(xvi["omschrijving"]) == {""}
    subsidies = xvi[(xvi["bron"] == "owb2016_xvi_viii.csv:3") & (xvi["jaar"] == 2016)]
    assert subsidies["instrument"].tolist() == ["Subsidies"]
    assert subsidies["label"].tolist() == ["Subsidies"]
    # Excerpt line 3 (original 4863): Subsidies 10.636 against 5.636 + 5.000 + 5.000.
    report = checked(ds)
    errors = {
        (f.bron, f.where["jaar"]): (f.expected, f.actual)
        for f in report.findings
        if f.rule == "BT001" and f.severity == "error"
    }
    assert errors[("owb2016_xvi_viii.csv:3", 2016)] == (15636, 10636)
    assert {bron for bron, _ in errors if "xvi_viii.csv:" in bron} == {"owb2016_xvi_viii.csv:3"}
    # The onderdeel total (line 2, "3. Kwaliteit, ..." in the omschrijving column) is checked
    # and adds up: 10.636 + 344 + 3.791 + 110.011 = 124.782.
    onderdeel = xvi[(xvi["bron"] == "owb2016_xvi_viii.csv:2")]
    assert set(onderdeel["instrument"]) == {""} and set(onderdeel["onderdeel"]) == {"3"}


def test_label_column_chapter_is_noted() -> None:
    _, notes = budget("owb2017_layouts.csv")
    assert not [n for n in notes if "nadere omschrijving" in n.problem]  # VIII: a real level
    # The whole-chapter reading needs 20 rows with both columns; the excerpt has fewer, so
    # its XVI rows rely on the per-row repeat rule tested above.


# --- rows with eight amounts -----------------------------------------------------------------


def test_eight_amounts_are_read_with_their_years() -> None:
    ds, notes = budget("owb2017_layouts.csv")
    # Excerpt line 45 (original 1210): XII art. 11 "01 Opdrachten", 1527 … 4654 = 2014 … 2021.
    row = ds.frame[ds.frame["bron"] == "owb2017_layouts.csv:45"]
    assert dict(zip(row["jaar"], row["bedrag"], strict=True)) == {
        2014: 1527,
        2015: 2147,
        2016: 6631,
        2017: 14729,
        2018: 4338,
        2019: 4474,
        2020: 4437,
        2021: 4654,
    }
    assert [n for n in notes if "XII article 11" in n.problem and "t-3 … t+4" in n.problem]
    # IXB art. 3 (original 899-936): the t-3 cell is empty, the other seven are read.
    total = ds.frame[ds.frame["bron"] == "owb2017_layouts.csv:63"]
    assert total["jaar"].tolist() == list(range(2015, 2022))
    assert total["bedrag"].iloc[0] == 1137790
    assert not [n for n in notes if n.kind != "read as" and n.line in range(45, 60)]


# --- memo lines written another way ------------------------------------------------------------


def test_dashed_waarvan_is_a_memo_line() -> None:
    ds, _ = budget("owb2017_layouts.csv")
    # Excerpt line 43 (original 1192): "- waarvan voorziening Very High Readiness".
    memo = ds.frame[ds.frame["bron"] == "owb2017_layouts.csv:43"]
    assert len(memo) == 5 and memo["waarvan"].all()
    # Excerpt line 40 (original 1189): U 95.717 = 30.086 + 52.588 + 13.043 in 2017.
    report = checked(ds)
    assert not [f for f in report.findings if f.bron == "owb2017_layouts.csv:40"]


def test_lines_under_a_memo_line_are_memo_lines() -> None:
    ds, _ = budget("owb2017_layouts.csv")
    # Excerpt line 62 (original 901) "Garantie SNS Propertize" under "Waarvan
    # garantieverplichtingen" (line 61): its breakdown, not a part of Verplichtingen.
    assert ds.frame.loc[ds.frame["bron"] == "owb2017_layouts.csv:62", "waarvan"].all()


# --- sub-lines attached to the right parent ----------------------------------------------------


def test_regeling_with_a_subtitle_is_the_total_of_the_lines_below() -> None:
    ds, _ = budget("owb2017_layouts.csv")
    frame = ds.frame
    # Excerpt line 5 (original 763): "Hoofdbekostiging" / "NWO-wet en WHW"; lines 6-8
    # (764-766) NWO, KNAW, KB are its lines.
    total = frame[frame["bron"] == "owb2017_layouts.csv:5"]
    assert set(total["regeling"]) == {"Hoofdbekostiging"} and set(total["omschrijving"]) == {""}
    lines = frame[frame["bron"].isin([f"owb2017_layouts.csv:{n}" for n in (6, 7, 8)])]
    assert set(lines["regeling"]) == {"Hoofdbekostiging"}
    report = checked(ds)
    viii = [f for f in report.findings if f.where.get("hoofdstuk") == "VIII"]
    assert not [f for f in viii if f.severity == "error"]


def test_omschrijving_lines_under_n_regeling_and_j_omschrijving() -> None:
    ds, _ = budget("owb2016_xvi_viii.csv")
    frame = ds.frame

    def regeling(line: int) -> set[str]:
        return set(frame.loc[frame["bron"] == f"owb2016_xvi_viii.csv:{line}", "regeling"])

    # VIII art. 1: "Hoofdbekostiging" is flagged N (excerpt 21, original 757); its lines
    # 22-23 (758-759) belong to it.
    assert regeling(22) == regeling(23) == {"Hoofdbekostiging"}
    # VIII art. 4: "Resultaatsafhankelijk budget" is flagged J (excerpt 61, original 835)
    # but is a line of "Kwaliteitsafspraken" (59, original 833), like "Investeringsbudget".
    assert regeling(60) == regeling(61) == {"Kwaliteitsafspraken"}
    # Lines with only a nadere omschrijving under "Bijdrage aan agentschappen" (86-87,
    # original 860-861) sit under that instrument, not beside it.
    assert set(frame.loc[frame["bron"] == "owb2016_xvi_viii.csv:86", "instrument"]) == {
        "Bijdrage aan agentschappen"
    }
    report = checked(ds)
    viii = [f for f in report.findings if f.where.get("hoofdstuk") == "VIII"]
    assert not [f for f in viii if f.severity == "error"]


# --- percentages, odd budget years, two TOTAAL rows ------------------------------------------


def test_a_share_in_an_amount_column_is_not_an_amount(tmp_path: Path) -> None:
    # 2015 VII art. 6 line 982 (copied with its header): "0.93" alone in Bedrag t.
    source = Path(__file__).parents[1] / "data" / "minfin" / "owb2015_iii_ixa.csv"
    header = source.read_text(encoding="utf-8").splitlines()[0]
    line = (
        "2015,VII,R.H.A. Plasterk,Binnenlandse Zaken en Koninkrijksrelaties,B,OWB,6,,"
        "Dienstverlenende en innovatieve overheid,Beleidsartikel,N,Programma,U,J,,,,,,,,0.93,"
        ",,,,VII_Binnenlandse Zaken en Koninkrijksrelaties,6_Dienstverlenende en innovatieve "
        "overheid"
    )
    path = tmp_path / "share.csv"
    path.write_text(header + "\n" + line + "\n", encoding="utf-8")
    notes: list[ReadNote] = []
    tabel, _ = read_budget_table_csv(path, notes=notes)
    assert len(tabel.frame) == 0
    (note,) = [n for n in notes if "share" in n.problem]
    assert note.line == 2 and note.column == "Bedrag t" and "share (93%?)" in note.problem
    assert note.kind == "defect"  # not an amount: --strict refuses it


def test_a_block_with_another_begrotingsjaar_is_said(tmp_path: Path) -> None:
    source = DATA / "owb2016_xvi_viii.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    # The XVI rows (excerpt lines 2-15) relabelled 2015, as the 2016 file's second XVI
    # block (original lines 5614-6025) is.
    odd = [lines[0], *(("2015" + x[4:]) for x in lines[1:15]), *lines[15:]]
    path = tmp_path / "odd.csv"
    path.write_text("\n".join(odd) + "\n", encoding="utf-8")
    notes: list[ReadNote] = []
    read_budget_table_csv(path, notes=notes)
    (note,) = [n for n in notes if "begrotingsjaar 2015" in n.problem]
    assert note.line == 2 and "lines 2-15" in note.problem and "has 2016" in note.problem


def test_an_ambiguous_waarvan_is_said_not_guessed() -> None:
    # Bundled VII art. 11, Materiele uitgaven 2015: 190.096 = 357 + 34.244 + the
    # "waarvan bijdragen aan SSO's" line (155.495).
    import sluitend

    bundled = Path(sluitend.__file__).parent / "datasets" / "bundled" / "minfin-2017-vii.csv"
    tabel, _ = read_budget_table_csv(bundled, notes=[])
    report = checked(tabel)
    (f,) = [
        f
        for f in report.findings
        if f.bron.endswith(":108") and f.where["jaar"] == 2015 and f.rule == "BT001"
    ]
    assert f.severity == "info"
    assert "ambiguous layout" in f.message
    assert "34.601" in f.message and "190.096" in f.message
