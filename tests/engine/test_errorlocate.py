"""Localization across rules (a MILP): the fewest figures whose change makes every check
hold, named with the values that repair them."""

from __future__ import annotations

import functools

from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_smallest_change_that_is_not_unique_is_said_with_every_option() -> None:
    # Two totals of 100 over the same parts 60 + 30: one change repairs both, but nothing
    # tells whether 7.1 or 7.2 is wrong, and no hint picks one: both options are listed,
    # neither is named the cause.
    rows = [
        ("", "", "", "U", 2022, 100),
        ("", "", "", "V", 2022, 100),
        ("7.1", "", "", "U", 2022, 60),
        ("7.2", "", "", "U", 2022, 30),
    ]
    report = run(SUM, table(rows))
    (cause,) = report.causes()
    assert [h for h in cause.hints if h.kind == "repair"] == []
    options = sorted((h.where["onderdeel"], h.suggested) for h in cause.hints)
    assert options == [("7.1", 70), ("7.2", 40)]
    assert all(h.kind == "repair_option" for h in cause.hints)
    assert cause.message.startswith(
        "Likely cause of 2 failing checks (S): 1 figure, but the smallest change is not "
        "unique: one of these 2: "
    )
    assert "reading 70 instead of 60" in cause.message
    assert "reading 40 instead of 30" in cause.message
    assert "which figure is wrong the checks cannot tell, so none is named the cause" in (
        cause.message
    )
    assert cause.expected is None and cause.actual is None
    assert len(cause.consequences) == 2


def test_more_options_than_listed_says_or_more(monkeypatch) -> None:
    from sluitend.engine import errorlocate

    # Parts 10 + 20 + 30 + 40 + 50 under two totals of 160 (the parts add to 150): any one
    # of the five lines may be 10 too low, five options as small.
    rows = [
        ("", "", "", "U", 2022, 160),
        ("", "", "", "V", 2022, 160),
        *[(f"7.{i}", "", "", "U", 2022, 10 * i) for i in range(1, 6)],
    ]
    report = run(SUM, table(rows))
    (cause,) = report.causes()
    assert len(cause.hints) == errorlocate.MAX_OPTIONS == 4
    assert "one of these 4 (or more): " in cause.message
    monkeypatch.setattr(errorlocate, "MAX_OPTIONS", 5)
    (cause,) = run(SUM, table(rows)).causes()
    assert sorted(h.suggested - 10 * int(h.where["onderdeel"][2:]) for h in cause.hints) == [10] * 5
    assert "one of these 5: " in cause.message


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


def test_a_real_article_with_a_digit_typo_and_v_unequal_u() -> None:
    """The Ministry's 2017 budget-table CSV, V art. 3 (tests/data/minfin/owb2017_v3.csv,
    lines 76-99 of the original): regeling 3.1 uitgaven 2017 is printed 8.541.047 where its
    lines add up to 7.541.047 (one digit), which fails 3.1's total (BT001) and the
    article's (BT002); the article's verplichtingen differ from its uitgaven (BT010). The
    real file holds 451 failing checks in 63 articles; the bound is per article, so this
    one is localized."""
    from pathlib import Path

    from sluitend.datasets.detect import read_any

    path = Path(__file__).parents[1] / "data/minfin/owb2017_v3.csv"
    report = validate(read_any(path), PACK)
    (cause,) = [c for c in report.causes() if c.message.startswith("Likely cause of 4 ")]
    repairs = {(h.bron.rsplit(":", 1)[1], h.where["jaar"], h.suggested) for h in cause.hints}
    assert ("4", 2017, 7_541_047) in repairs  # 3.1 uitgaven 2017, as its lines add up
    assert ("2", 2017, 7_756_749) in repairs  # verplichtingen 2017 = uitgaven 2017
    assert {c.rule for c in cause.consequences} == {"BT001", "BT002", "BT010"}
    assert "should probably read 7.541.047 instead of 8.541.047" in cause.message


def test_the_bound_on_failing_checks_is_per_article(tmp_path) -> None:
    """V art. 3 beside chapter VII of the same file (tests/data/minfin/owb2017_vii.csv,
    with its real defects): more than 20 failing checks in the dataset, 4 in the article;
    the article is still localized."""
    from pathlib import Path

    from sluitend.datasets.detect import read_any
    from sluitend.engine import errorlocate

    data = Path(__file__).parents[1] / "data/minfin"
    v3 = (data / "owb2017_v3.csv").read_bytes()
    vii = (data / "owb2017_vii.csv").read_bytes().split(b"\n", 1)[1]
    path = tmp_path / "owb2017_v3_vii.csv"
    path.write_bytes(v3 + vii)
    report = validate(read_any(path), PACK)
    assert len(report.checks()) > errorlocate.MAX_FAILING
    (cause,) = [c for c in report.causes() if "should probably read 7.541.047" in c.message]
    # Both figures of the article, as the MILP finds them (the one-figure likely cause
    # alone would name 3.1 only).
    repairs = {(h.kind, h.where["jaar"], h.suggested) for h in cause.hints}
    assert {("repair", 2017, 7_541_047), ("repair", 2017, 7_756_749)} <= repairs


@functools.cache
def _two_typos():
    """The retyped BZK table of the first test, its rules and their outcomes."""
    from sluitend.engine.runner import _run_dataset

    ds = _retyped({("Overlegstelsel", "U", 2023): 9201, ("", "V", 2024): 170000})[0]
    rules = PACK.for_dataset(ds.kind)
    outcomes, _ = _run_dataset(ds, rules)
    return ds, rules, outcomes


def _as_rows(c) -> list[tuple]:
    """The checks of constraints `c` as comparable tuples, in their order."""
    out = []
    for k in range(len(c.check_row)):
        mine = c.entry_check == k
        out.append(
            (
                int(c.check_row[k]),
                float(c.low[k]),
                float(c.high[k]),
                bool(c.usable[k]),
                tuple(zip(c.entry_row[mine].tolist(), c.entry_coef[mine].tolist(), strict=True)),
            )
        )
    return out


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_checks_built_near_figures_are_exactly_those_of_all_checks(data) -> None:
    # `constraints(..., Wanted(at=...))` or `Wanted(near=...)` builds only the checks
    # stated at some rows or reading some figures (a hierarchy's and an equal rule's
    # without building the others): they must be exactly the ones all checks hold, in
    # the same order.
    import numpy as np

    from sluitend.engine.checks.keys import shared_keys
    from sluitend.engine.errorlocate import Wanted, _selected, constraints

    with shared_keys():
        ds, rules, outcomes = _two_typos()
        n = len(ds.frame)
        rows = np.array(
            sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=12))),
            dtype=np.int64,
        )
        for rule in rules:
            if rule.kind not in ("hierarchy", "equal"):
                continue
            every = constraints(rule, outcomes[rule.id], ds.frame, {})
            assert every is not None and len(every.check_row) >= 5
            for wanted in (Wanted(at=rows), Wanted(near=rows)):
                got = constraints(rule, outcomes[rule.id], ds.frame, {}, wanted)
                assert got is not None
                assert _as_rows(got) == _as_rows(_selected(every, wanted)), (rule.id, wanted)
