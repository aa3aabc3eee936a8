"""Regression tests for the Ministry files' layouts that were misread (issue 10), each on a
real excerpt in tests/data/minfin (its README gives the original lines)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.datasets.minfin import ReadNote, read_budget_table_csv
from sluitend.datasets.numbers import rounding_steps
from sluitend.datasets.staten import read_begrotingsstaten_csv
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
    assert not [f for f in report.findings if f.where.get("hoofdstuk") == "III"]
    # Other chapters (one budget each) leave `begroting` empty.
    assert set(ds.frame.loc[ds.frame["hoofdstuk"] == "IXA", "begroting"]) == {""}
