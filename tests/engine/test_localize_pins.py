"""Which findings one figure explains, and how its likely cause reads (engine/localize.py).

Found by mutation testing (CONTRIBUTING.md): each test pins a decision of `localize` that the
tests of `test_localize.py` leave open. The findings are built by hand, one figure per
article or level, so that each test shows one decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sluitend.domains.rijk.vocabulary import BUDGET_LAYOUT
from sluitend.engine.findings import Finding, Hint
from sluitend.engine.localize import localize


def w(artikel: str = "7", o: str = "", i: str = "", r: str = "", vuo: str = "U") -> dict[str, Any]:
    """A figure's key: an article total, or a line below it (onderdeel, instrument, regeling)."""
    return {
        "hoofdstuk": "VII",
        "artikel": artikel,
        "onderdeel": o,
        "instrument": i,
        "regeling": r,
        "omschrijving": "",
        "vuo": vuo,
        "jaar": 2017,
    }


def f(
    rule: str,
    where: Mapping[str, Any],
    expected: int | None,
    actual: int,
    hints: tuple[Hint, ...] = (),
    severity: str = "error",
    bron: str = "t.csv:1",
    difference: int | None = None,
) -> Finding:
    """A failing finding (`difference` defaults to actual - expected)."""
    if difference is None and expected is not None:
        difference = actual - expected
    return Finding(rule, severity, "t", where, expected, actual, difference, 0, "msg", bron, hints)


def h(where: Mapping[str, Any], suggested: int, explanation: str = "swap") -> Hint:
    """A hint that suspects `where` and suggests `suggested`."""
    return Hint("transposition", "t.csv:9", where, suggested, explanation)


X = w(o="1")


def group_on_x() -> list[Finding]:
    """Two failing findings that one repair of X (to 5) explains: X's own and its total's."""
    return [f("A", X, 5, 7), f("B", w(), 10, 12, hints=(h(X, 5),))]


def test_two_findings_on_one_figure_are_one_cause() -> None:
    a, b = group_on_x()
    (cause,) = localize([a, b], BUDGET_LAYOUT)
    assert cause.consequences == (a, b)
    assert (dict(cause.where), cause.expected, cause.actual) == (X, 5, 7)
    assert cause.bron == "t.csv:1"  # the stated row of X, not where a hint points
    assert cause.dataset == "t"  # the dataset of the checks it explains


def test_info_findings_are_not_explained() -> None:
    # An info finding (an ambiguous layout) is no failure that a figure could explain.
    findings = [
        f(x.rule, x.where, x.expected, 7 if x.rule == "A" else 12, x.hints, "info")
        for x in group_on_x()
    ]
    assert localize(findings, BUDGET_LAYOUT) == tuple(findings)


def test_failing_totals_elsewhere_do_not_block_the_cause() -> None:
    # Another article's total and another onderdeel's total fail too: neither sums X.
    other_article = f("C", w(artikel="8"), 1, 2)
    other_onderdeel = f("D", w(o="2"), 1, 2)
    line = w(o="1", i="i1")
    a, b = f("A", line, 5, 7), f("B", X, 10, 12, hints=(h(line, 5),))
    got = localize([other_article, other_onderdeel, a, b], BUDGET_LAYOUT)
    assert got[:2] == (other_article, other_onderdeel)
    assert got[2].consequences == (a, b)
    a, b = group_on_x()
    got = localize([other_article, a, b], BUDGET_LAYOUT)
    assert got[0] == other_article and got[1].consequences == (a, b)


def test_a_stated_total_between_shields_the_figure_from_a_failing_ancestor() -> None:
    # The article total fails, but the onderdeel total between it and the regeling is
    # stated: the article sums that total, not the regeling.
    regeling = w(o="1", i="i1", r="r1")
    a = f("A", w(o="1"), 10, 12, hints=(h(regeling, 5),))
    b = f("B", regeling, 5, 7)
    article = f("C", w(), 1, 2)
    got = localize([a, b, article], BUDGET_LAYOUT)
    assert got[0].consequences == (a, b) and got[1] == article


def test_a_finding_without_level_columns_is_a_table_total() -> None:
    # The lowest finding of the group gives the cause its rule: X's own (one level), not
    # the total of a table whose key has no level columns at all.
    total = {"hoofdstuk": "VII", "artikel": "7", "vuo": "U", "jaar": 2017}
    a = f("A", total, 10, 12, hints=(h(X, 5),))
    b = f("B", X, 5, 7)
    (cause,) = localize([a, b], BUDGET_LAYOUT)
    assert cause.rule == "B"


def test_a_figure_that_is_no_cause_does_not_end_the_search() -> None:
    y = w(artikel="8", o="1")
    no_common_value = [f("P", y, 1, 3), f("Q", w(artikel="9"), 10, 12, hints=(h(y, 2),))]
    two_rows = [f("P", y, 1, 3, bron="t.csv:20"), f("Q", y, 1, 3, bron="t.csv:21")]
    other_vuo = [
        f("P", y, 1, 3),
        f("Q", w(artikel="9"), 10, 12, hints=(h(y, 1),)),
        f("R", {**y, "vuo": "V"}, 4, 6),
    ]
    for first in (no_common_value, two_rows, other_vuo):
        a, b = group_on_x()
        got = localize([*first, a, b], BUDGET_LAYOUT)
        assert got[: len(first)] == tuple(first)
        assert got[-1].consequences == (a, b)


def test_another_check_of_the_figure_in_the_same_column_does_not_block() -> None:
    # A range check on X itself (no expected value) fails too: it is X's own row, not the
    # same cell under another vuo, so it does not stand in the way; it stays as it is.
    a, b = group_on_x()
    own_range = f("R", X, None, 7, difference=5)
    got = localize([a, b, own_range], BUDGET_LAYOUT)
    assert got[0].consequences == (a, b) and got[1] == own_range


def test_the_figure_explaining_most_findings_wins_and_the_rest_still_group() -> None:
    y, x, z, v = (w(artikel=a) for a in ("11", "12", "13", "15"))
    f0 = f("F0", y, 1, 3, hints=(h(x, 5),))
    f1 = f("F1", z, 20, 22, hints=(h(y, 1), h(x, 5)))
    f2 = f("F2", w(artikel="14"), 30, 32, hints=(h(x, 5),))
    f3 = f("F3", v, 7, 9)
    unrelated = f("U", w(artikel="17"), 1, 2)
    f4 = f("F4", w(artikel="16"), 40, 42, hints=(h(v, 7),))
    # y explains f0 and f1, x explains f0, f1 and f2: x wins; v explains f3 and f4.
    got = localize([f0, f1, f2, f3, unrelated, f4], BUDGET_LAYOUT)
    assert [g.consequences for g in got] == [(f0, f1, f2), (f3, f4), ()]
    assert (dict(got[0].where), dict(got[1].where), got[2]) == (x, v, unrelated)


def test_the_cause_keeps_only_the_hints_that_name_its_figure_and_value() -> None:
    a = f("A", X, 5, 7)
    hints = (h(X, 5, "right"), h(X, 6, "another value"), h(w(o="2"), 5, "another figure"))
    b = f("B", w(), 10, 12, hints=hints)
    (cause,) = localize([a, b], BUDGET_LAYOUT)
    assert [hint.explanation for hint in cause.hints] == ["right"]


def test_a_cause_without_hints_ends_its_sentence_after_the_repair() -> None:
    # Two checks of the same row, neither with a hint.
    a = f("A", X, 5, 7, bron="t.csv:3")
    b = f("B", X, 5, 7, bron="t.csv:3")
    (cause,) = localize([a, b], BUDGET_LAYOUT)
    assert cause.hints == ()
    assert cause.message == (
        "Likely cause of 2 failing checks (A, B): the figure at t.csv:3 should probably read "
        "5 instead of 7."
    )


def test_of_two_equal_groups_sharing_a_finding_the_earlier_one_wins() -> None:
    # y explains f0, f4 and f5; x explains f1, f2 and f5: both explain three findings, and
    # the group whose first finding comes first (y) takes f5.
    y, x = w(artikel="21"), w(artikel="22")
    f0 = f("F0", y, 1, 3)
    f1 = f("F1", x, 5, 7)
    f2 = f("F2", w(artikel="23"), 10, 12, hints=(h(x, 5),))
    f3 = f("F3", w(artikel="24"), 1, 2)
    f4 = f("F4", w(artikel="25"), 20, 22, hints=(h(y, 1),))
    f5 = f("F5", w(artikel="26"), 30, 32, hints=(h(y, 1), h(x, 5)))
    got = localize([f0, f1, f2, f3, f4, f5], BUDGET_LAYOUT)
    assert got[0].consequences == (f0, f4, f5)
    assert got[1:] == (f1, f2, f3)
