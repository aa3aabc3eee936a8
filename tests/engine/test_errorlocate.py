"""Localization across rules (a MILP): the fewest figures whose change makes every check
hold, named with the values that repair them."""

from __future__ import annotations

from sluitend.datasets.bundled import load_bundled
from sluitend.datasets.frame import Dataset
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_pack
from tests.engine.budget import run, table

PACK = load_pack("rijksbegroting")


def _retyped(changes: dict[tuple[str, str, int], int]) -> list[Dataset]:
    """The bundled BZK table (VII art. 7, begroting 2022) with figures retyped:
    (regeling, or "" for the article total; vuo; jaar) -> the value typed."""
    tabel, jv = load_bundled("bzk-2022-art7")
    frame = tabel.frame.copy()
    for (regeling, vuo, jaar), value in changes.items():
        hit = (frame["vuo"] == vuo) & (frame["jaar"] == jaar) & (frame["regeling"] == regeling)
        if not regeling:
            hit &= frame["onderdeel"] == ""
        assert int(hit.sum()) == 1
        frame.loc[hit, "bedrag"] = value
    return [Dataset(frame, tabel.kind, tabel.name, tabel.unit, tabel.source), jv]


def _repairs(finding) -> list[tuple[str, str, int, int]]:
    return sorted(
        (h.where["regeling"], h.where["vuo"], h.where["jaar"], h.suggested)
        for h in finding.hints
        if h.kind == "repair"
    )


def test_two_independent_typos_a_regeling_and_a_v_figure() -> None:
    # Overlegstelsel 2023 is 2.901 (typed 9.201: 7.1 no longer adds up); Verplichtingen 2024
    # is 161.251 (typed 170.000: V no longer equals U, BT010).
    report = validate(
        _retyped({("Overlegstelsel", "U", 2023): 9201, ("", "V", 2024): 170000}), PACK
    )
    (cause,) = report.causes()
    assert _repairs(cause) == [("", "V", 2024, 161251), ("Overlegstelsel", "U", 2023, 2901)]
    assert {(c.rule, c.where["jaar"]) for c in cause.consequences} == {
        ("BT001", 2023),
        ("BT010", 2024),
    }
    assert cause.message.startswith("Likely cause of 2 failing checks (BT001, BT010): 2 figures: ")
    assert "should probably read 2.901 instead of 9.201" in cause.message
    assert "should probably read 161.251 instead of 170.000" in cause.message
    assert report.count("error") == 1 and report.count("warning") == 1  # still counted


RULES = """
[[rules]]
id = "H"
kind = "hierarchy"
dataset = "begrotingstabel"
"""


SUM = """
[[rules]]
id = "S"
kind = "sum"
dataset = "begrotingstabel"
total = { onderdeel = "" }
parts = "onderdeel != ''"
"""


def test_a_smallest_change_that_is_not_unique_and_not_hinted_is_no_cause() -> None:
    # Two totals of 100 over the same parts 60 + 30: one change repairs both, but nothing
    # tells whether 7.1 or 7.2 is wrong, and no hint picks one: no likely cause is named.
    rows = [
        ("", "", "", "U", 2022, 100),
        ("", "", "", "V", 2022, 100),
        ("7.1", "", "", "U", 2022, 60),
        ("7.2", "", "", "U", 2022, 30),
    ]
    report = run(SUM, table(rows))
    assert report.causes() == []
    assert len(report.checks()) == 2


def test_as_many_changes_as_checks_with_other_choices_is_no_cause() -> None:
    rows = [
        ("", "", "", "U", 2022, 100),
        ("7.1", "", "", "U", 2022, 60),
        ("7.2", "", "", "U", 2022, 30),
        ("", "", "", "U", 2023, 100),
        ("7.1", "", "", "U", 2023, 60),
        ("7.2", "", "", "U", 2023, 30),
    ]
    report = run(RULES, table(rows))
    assert report.causes() == []
    assert len(report.checks()) == 2


def test_one_figure_that_localize_already_names_keeps_its_hints() -> None:
    # The article's uitgaven 2023 retyped: BT002 (its parts) and BT010 (V = U) fail; the
    # single-figure cause of `localize`, with its hints, stays as it was.
    report = validate(_retyped({("", "U", 2023): 188061}), PACK)
    (cause,) = report.causes()
    assert cause.message.startswith("Likely cause of 2 failing checks (BT002, BT010)")
    assert "2 figures" not in cause.message and "1 figure:" not in cause.message
    assert any(h.kind == "transposition" for h in cause.hints)
