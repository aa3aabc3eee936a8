"""Hints for failed sums and comparisons (engine/hints.py).

The properties draw a total with its lines, make exactly one slip, and check that the
matching hint names the slipped figure with the value that repairs it; and that no hint
ever suggests a value that does not repair the check.
"""

from __future__ import annotations

import doctest
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sluitend.engine import hints as hints_module
from sluitend.engine.findings import Hint
from sluitend.engine.hints import Part, SiblingGroup, adjacent_swaps, equal_hints, sum_hints
from sluitend.engine.tolerance import sum_bound
from sluitend.rules.base import Tolerance

BASE = {"hoofdstuk": "VII", "artikel": "7", "vuo": "U", "jaar": 2017}


def line(value: int, i: int, label: str = "", **levels: str) -> Part:
    """A part on input line i."""
    where = {**BASE, "onderdeel": "1", "instrument": "Subsidies", "regeling": f"r{i}", **levels}
    return Part(value, f"t.csv:{i}", where, label or f"regeling {i}")


def total_of(value: int, label: str = "Subsidies", line_no: int = 1) -> Part:
    where = {**BASE, "onderdeel": "1", "instrument": label, "regeling": ""}
    return Part(value, f"t.csv:{line_no}", where, label)


def hints_for(total: Part, parts: list[Part], **kw: object) -> list[Hint]:
    return sum_hints(total, parts, total.value - sum(p.value for p in parts), **kw)  # type: ignore[arg-type]


def names(hints: list[Hint], kind: str, part: Part, suggested: int | None) -> bool:
    """Whether a hint of `kind` names `part` with `suggested`."""
    return any(
        h.kind == kind
        and h.bron == part.bron
        and dict(h.where) == dict(part.where)
        and h.suggested == suggested
        for h in hints
    )


def assert_named(
    total: Part, parts: list[Part], kinds: tuple[str, ...], figure: Part, value: int, **kw: object
) -> list[Hint]:
    """The slipped figure is named with its true value by a hint of one of `kinds`.

    Or by a stronger kind: one repair (figure and value) is reported once, with its strongest
    explanation (a total short by a transposition of 180 is also short by a line of -180).
    Among all repairs always; among the capped hints unless that tier was too crowded to
    show (then none of its kind is shown rather than a partial guess).
    """
    weakest = max(hints_module._PRIORITY[k] for k in kinds)

    def named(hints: list[Hint]) -> bool:
        return any(
            names(hints, h.kind, figure, value) and hints_module._PRIORITY[h.kind] <= weakest
            for h in hints
        )

    everything = hints_for(total, parts, max_hints=None, **kw)
    assert named(everything), everything
    shown = hints_for(total, parts, **kw)
    assert len(shown) <= 3
    assert named(shown) or not any(h.kind in kinds for h in shown), shown
    return shown


def test_docstring_examples() -> None:
    assert doctest.testmod(hints_module).failed == 0


# --- strategies ---------------------------------------------------------------------------

# Line values as a budget table has them: mostly positive thousands, sometimes negative.
amounts = st.integers(min_value=10, max_value=9_999_999) | st.integers(-999_999, -10)
line_values = st.lists(amounts, min_size=1, max_size=8)


@st.composite
def transposable(draw: st.DrawFn, values: list[int]) -> tuple[int, int]:
    """(index of a value, the value with two adjacent digits swapped)."""
    candidates = [(i, s) for i, v in enumerate(values) for s in adjacent_swaps(v)]
    assume(candidates)
    return draw(st.sampled_from(candidates))


# --- transposition ------------------------------------------------------------------------


def test_transposition_example_from_the_issue() -> None:
    # 149.000 written as 194.000: the total (computed from 149.000) is 45.000 short.
    parts = [line(194_000, 2), line(30_000, 3)]
    got = hints_for(total_of(179_000), parts)
    assert names(got, "transposition", parts[0], 149_000)
    assert got[0].kind == "transposition"
    assert "194.000" in got[0].explanation and "149.000" in got[0].explanation


@given(line_values, st.data())
def test_a_transposed_line_is_named_with_its_true_value(
    values: list[int], data: st.DataObject
) -> None:
    i, typed = data.draw(transposable(values))
    parts = [line(v, n + 2) for n, v in enumerate(values)]
    parts[i] = line(typed, i + 2)
    assert_named(total_of(sum(values)), parts, ("transposition",), parts[i], values[i])


@given(line_values, st.data())
def test_a_transposed_total_is_named_with_its_true_value(
    values: list[int], data: st.DataObject
) -> None:
    _, typed = data.draw(transposable([sum(values)]))
    assume(typed != sum(values))
    total = total_of(typed)
    parts = [line(v, n + 2) for n, v in enumerate(values)]
    assert_named(total, parts, ("transposition",), total, sum(values))


# --- omitted, double counted ----------------------------------------------------------------


@given(line_values.filter(lambda v: len(v) >= 2), st.data())
def test_a_line_left_out_of_the_total_is_named(values: list[int], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(values) - 1))
    parts = [line(v, n + 2) for n, v in enumerate(values)]
    total = total_of(sum(values) - values[i])
    # A negative line left out looks the same as a positive line of that size counted twice.
    kinds = ("omitted",) if -values[i] not in values else ("omitted", "double_counted")
    got = assert_named(total, parts, kinds, total, sum(values))
    if kinds == ("omitted",) and got:
        assert "left out" in next(h for h in got if h.kind == "omitted").explanation


@given(line_values, st.data())
def test_a_line_counted_twice_in_the_total_is_named(values: list[int], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(values) - 1))
    parts = [line(v, n + 2) for n, v in enumerate(values)]
    total = total_of(sum(values) + values[i])
    kinds = ("double_counted",) if -values[i] not in values else ("omitted", "double_counted")
    assert_named(total, parts, kinds, total, sum(values))


# --- sign ---------------------------------------------------------------------------------


@given(line_values, st.data())
def test_a_sign_slip_in_a_line_is_named(values: list[int], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(values) - 1))
    parts = [line(v, n + 2) for n, v in enumerate(values)]
    parts[i] = line(-values[i], i + 2)
    assert_named(total_of(sum(values)), parts, ("sign",), parts[i], values[i])


def test_a_sign_slip_in_the_total_is_named() -> None:
    total = total_of(-5_000)
    got = hints_for(total, [line(2_000, 2), line(3_000, 3)])
    assert names(got, "sign", total, 5_000)


# --- unit ---------------------------------------------------------------------------------


@given(line_values, st.data(), st.integers(-499, 499))
def test_a_line_in_euros_instead_of_thousands_is_named(
    values: list[int], data: st.DataObject, cents: int
) -> None:
    i = data.draw(st.integers(0, len(values) - 1))
    parts = [line(v, n + 2) for n, v in enumerate(values)]
    # The line was filled in in euros: 1.000 x too large, and not rounded to thousands.
    parts[i] = line(values[i] * 1000 + cents, i + 2)
    assert_named(total_of(sum(values)), parts, ("unit",), parts[i], values[i])


@given(line_values, st.data())
def test_a_line_in_millions_instead_of_thousands_is_named(
    values: list[int], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(values) - 1))
    true = [v * 1000 for v in values]  # a figure of whole millions...
    parts = [line(v, n + 2) for n, v in enumerate(true)]
    parts[i] = line(values[i], i + 2)  # ...typed in millions
    assert_named(total_of(sum(true)), parts, ("unit",), parts[i], true[i])


def test_a_unit_hint_needs_the_sum_to_come_right() -> None:
    # 12.345.678 is 1.000 x "too large" for nothing: dividing it does not repair the sum.
    parts = [line(12_345_678, 2), line(5, 3)]
    assert not any(h.kind == "unit" for h in hints_for(total_of(20_000), parts))


# --- within rounding ----------------------------------------------------------------------


@given(
    st.lists(st.integers(10_000, 10**10), min_size=1, max_size=7),  # thousandths of a unit
    st.data(),
)
def test_on_rounded_figures_a_slip_is_repaired_within_the_bound(
    reals: list[int], data: st.DataObject
) -> None:
    stated = [round(Fraction(k, 1000)) for k in reals]
    true_total = round(Fraction(sum(reals), 1000))
    i, typed = data.draw(transposable(stated))
    parts = [line(v, n + 2) for n, v in enumerate(stated)]
    parts[i] = line(typed, i + 2)
    bound = float(sum_bound(Tolerance(rounding=True), np.array([0]), np.array([len(parts)]))[0])
    assert_named(total_of(true_total), parts, ("transposition",), parts[i], stated[i], bound=bound)


def test_no_hints_within_the_bound() -> None:
    assert hints_for(total_of(1001), [line(1000, 2)], bound=1) == []


# --- never a wrong hint -------------------------------------------------------------------


def _repaired_difference(total: Part, parts: list[Part], hint: Hint) -> int:
    key = (hint.bron, dict(hint.where))
    assert isinstance(hint.suggested, int)
    t = hint.suggested if key == (total.bron, dict(total.where)) else total.value
    s = sum(hint.suggested if (p.bron, dict(p.where)) == key else p.value for p in parts)
    return t - s


@given(
    st.integers(-(10**7), 10**7),
    st.lists(st.integers(-(10**7), 10**7), min_size=1, max_size=8),
    st.integers(0, 3),
    st.lists(st.integers(1, 10**6), max_size=2),
    st.lists(st.tuples(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6)), max_size=3),
)
def test_every_hint_repairs_the_check(
    t: int, values: list[int], bound: int, memo_values: list[int], sibs: list[tuple[int, int]]
) -> None:
    total = total_of(t)
    parts = [line(v, n + 2) for n, v in enumerate(values)]
    memos = [line(v, 20 + n, f"waarvan {n}") for n, v in enumerate(memo_values)]
    siblings = [
        SiblingGroup(total_of(st_, f"sibling {n}", 30 + n), ps) for n, (st_, ps) in enumerate(sibs)
    ]
    d = t - sum(values)
    got = sum_hints(total, parts, d, memos, siblings, bound=bound, max_hints=None)
    if abs(d) <= bound:
        assert got == []
    for h in got:
        if h.kind == "waarvan":
            memo = next(m for m in memos if m.bron == h.bron)
            assert abs(d - memo.value) <= bound and h.suggested is None
        else:
            assert abs(_repaired_difference(total, parts, h)) <= bound, h


def test_hints_are_capped_and_ranked_exact_first() -> None:
    # d = -9.000: a line of 9.000 (left out of the total: exact) and several within-bound
    # and exact alternatives; at most three come back, exact ones first.
    parts = [line(9_000, 2), line(4_500, 3), line(12_000, 4), line(21_000, 5)]
    total = total_of(sum(p.value for p in parts) - 9_000)
    got = hints_for(total, parts, bound=2.5)
    assert 0 < len(got) <= 3
    assert got[0].kind == "omitted" and got[0].suggested == total.value + 9_000


def test_a_wrong_difference_is_a_wiring_error() -> None:
    with pytest.raises(ValueError, match="difference 5 is not total 10 - sum of parts 3"):
        sum_hints(total_of(10), [line(3, 2)], 5)


def test_derived_parts_are_not_suspected_of_typos() -> None:
    derived = Part(-4_000, "t.csv:2", {**BASE, "instrument": "Opdrachten"}, "Opdrachten", False)
    got = hints_for(total_of(4_000), [derived])
    assert not any(h.bron == "t.csv:2" for h in got)


def test_a_subtotal_whose_own_lines_repair_the_parent_is_named() -> None:
    sub = Part(1_234, "t.csv:5", {**BASE, "instrument": "Opdrachten"}, "Opdrachten", True, 1_500)
    other = line(2_000, 9)
    got = hints_for(total_of(3_500, "Overheid als werkgever"), [sub, other])
    assert names(got, "subtotal", sub, 1_500)


# --- swapped and shifted totals -----------------------------------------------------------


def test_swapped_totals() -> None:
    a, b = total_of(700, "A", 1), total_of(300, "B", 5)
    got = sum_hints(a, [line(100, 2), line(200, 3)], 400, siblings=[SiblingGroup(b, 700)])
    assert names(got, "swapped_totals", a, 300)
    assert not any(h.kind == "shifted_total" for h in got)


def test_a_sibling_with_nothing_under_it_is_no_evidence() -> None:
    got = sum_hints(total_of(0), [line(5, 2)], -5, siblings=[SiblingGroup(total_of(9, "B"), 0)])
    assert not any(h.kind in ("shifted_total", "swapped_totals") for h in got)


# --- the real 2017 budget-table file ------------------------------------------------------
# Numbers copied from ../shared/data/minfin/budgettaire_tabellen_owb_2017_origineel.csv
# (Ministry of Finance "dataset 4a", ontwerpbegroting 2017, chapter VII, U rows), columns
# `Bedrag t-2` ... `Bedrag t+4`, i.e. the years 2015 ... 2021, x € 1.000.

YEARS = list(range(2015, 2022))

# Article 11, lines 2646-2650: "Materiele uitgaven" (J row) with, under it, the memo lines
# "waarvan bijdragen aan SSO's" and "waarvan: P-direkt", and the lines ICT and Overig materieel.
ART11_MATERIEEL = [190_096, 247_881, 164_191, 160_285, 157_931, 156_139, 156_635]  # line 2646
ART11_SSO = [155_495, 214_281, 150_746, 147_191, 145_422, 144_921, 144_926]  # line 2647
ART11_PDIREKT = [67_019, 0, 0, 0, 0, 0, 0]  # line 2648
ART11_ICT = [357, 3_630, 0, 0, 0, 0, 0]  # line 2649
ART11_OVERIG = [34_244, 29_970, 13_445, 13_094, 12_509, 11_218, 11_709]  # line 2650


def _art11(year: int, line_no: int, label: str, regeling: str, value: int) -> Part:
    where = {
        **BASE,
        "artikel": "11",
        "jaar": year,
        "onderdeel": "1",
        "instrument": "Materiele uitgaven",
        "regeling": regeling,
    }
    return Part(value, f"budgettaire_tabellen_owb_2017_origineel.csv:{line_no}", where, label)


@pytest.mark.parametrize("y", range(7), ids=[str(y) for y in YEARS])
def test_article_11_counts_a_waarvan_line_in_materiele_uitgaven(y: int) -> None:
    total = _art11(YEARS[y], 2646, "Materiele uitgaven", "", ART11_MATERIEEL[y])
    parts = [
        _art11(YEARS[y], 2649, "ICT", "ICT", ART11_ICT[y]),
        _art11(YEARS[y], 2650, "Overig materieel", "Overig materieel", ART11_OVERIG[y]),
    ]
    memos = [
        _art11(YEARS[y], 2647, "waarvan bijdragen aan SSO's", "SSO", ART11_SSO[y]),
        _art11(YEARS[y], 2648, "waarvan: P-direkt", "P-direkt", ART11_PDIREKT[y]),
    ]
    d = total.value - sum(p.value for p in parts)
    bound = float(sum_bound(Tolerance(rounding=True), np.array([0]), np.array([2]))[0])
    got = sum_hints(total, parts, d, memos, bound=bound)
    assert got[0].kind == "waarvan"
    assert got[0].bron == "budgettaire_tabellen_owb_2017_origineel.csv:2647"
    assert got[0].suggested is None
    assert "waarvan bijdragen aan SSO's" in got[0].explanation
    assert not any(h.bron.endswith(":2648") for h in got)  # P-direkt is a real memo line


# Article 7, lines 2623-2637: the J (total) rows sit one row below the block they total.
# Per instrument: (J row line, label, J value per year, sum of its N rows per year).
ART7 = {
    "Subsidies": (
        2623,
        [12_997, 12_455, 12_551, 12_534, 11_734, 11_809, 11_809],
        [15_563, 10_494, 10_554, 10_523, 10_423, 10_123, 10_123],
    ),  # lines 2624-2627
    "Opdrachten": (
        2628,
        [265, 258, 218, 183, 183, 183, 183],
        [9_663, 13_421, 13_668, 13_700, 12_200, 12_650, 12_650],
    ),  # lines 2629-2632
    "Inkomensoverdracht": (
        2634,
        [22_022, 20_894, 17_789, 16_900, 15_800, 15_001, 15_046],
        [7_920, 7_644, 7_644, 7_644, 7_644, 7_644, 7_644],
    ),  # line 2635
    "Bijdrage aan ZBO's/RWT's": (
        2636,
        [7_920, 7_644, 7_644, 7_644, 7_644, 7_644, 7_644],
        [14_101, 13_250, 10_145, 9_256, 8_156, 7_357, 7_402],
    ),  # 2637
}
# Onderdeel 2 "Pensioenen, uitkeringen en wachtgelden", J row line 2633, and the sum of the
# regelingen under it (lines 2635 and 2637).
ART7_OND2 = (
    2633,
    [505, 737, 662, 662, 662, 662, 662],
    [22_021, 20_894, 17_789, 16_900, 15_800, 15_001, 15_046],
)


def _art7_total(year: int, instrument: str) -> Part:
    line_no, values, _ = ART7[instrument]
    onderdeel = "1" if instrument in ("Subsidies", "Opdrachten") else "2"
    where = {**BASE, "jaar": year, "onderdeel": onderdeel, "instrument": instrument, "regeling": ""}
    return Part(values[YEARS.index(year)], f"owb2017.csv:{line_no}", where, instrument)


def _art7_hints(year: int, instrument: str) -> list[Hint]:
    y = YEARS.index(year)
    total = _art7_total(year, instrument)
    parts_sum = ART7[instrument][2][y]
    # One regeling standing for the N rows (their split does not matter for these hints).
    part = Part(parts_sum, "owb2017.csv:x", {**total.where, "regeling": "lines"}, "lines")
    siblings = [
        SiblingGroup(_art7_total(year, other), ART7[other][2][y])
        for other in ART7
        if other != instrument
    ]
    ond2 = Part(
        ART7_OND2[1][y],
        f"owb2017.csv:{ART7_OND2[0]}",
        {**BASE, "jaar": year, "onderdeel": "2", "instrument": "", "regeling": ""},
        "Pensioenen, uitkeringen en wachtgelden",
    )
    siblings.append(SiblingGroup(ond2, ART7_OND2[2][y]))
    bound = float(sum_bound(Tolerance(rounding=True), np.array([0]), np.array([1]))[0])
    return sum_hints(total, [part], total.value - parts_sum, siblings=siblings, bound=bound)


@pytest.mark.parametrize("year", YEARS)
def test_article_7_zbo_total_carries_the_inkomensoverdracht_lines(year: int) -> None:
    got = _art7_hints(year, "Bijdrage aan ZBO's/RWT's")
    y = YEARS.index(year)
    zbo = _art7_total(year, "Bijdrage aan ZBO's/RWT's")
    assert got[0].kind == "shifted_total"
    assert names(got, "shifted_total", zbo, ART7["Bijdrage aan ZBO's/RWT's"][2][y])
    assert "'Inkomensoverdracht'" in got[0].explanation


@pytest.mark.parametrize("year", YEARS)
def test_article_7_inkomensoverdracht_total_carries_the_onderdeel_total(year: int) -> None:
    got = _art7_hints(year, "Inkomensoverdracht")
    assert got[0].kind == "shifted_total"
    assert got[0].suggested == ART7["Inkomensoverdracht"][2][YEARS.index(year)]
    assert "'Pensioenen, uitkeringen en wachtgelden'" in got[0].explanation


def test_article_7_onderdeel_1_totals_get_no_made_up_hint() -> None:
    # Subsidies and Opdrachten are off too, but no single pattern repairs them: no hint.
    for year in YEARS:
        for instrument in ("Subsidies", "Opdrachten"):
            assert not any(
                h.kind in ("shifted_total", "swapped_totals") for h in _art7_hints(year, instrument)
            )


# --- equal_hints --------------------------------------------------------------------------


def _cell(value: int, vuo: str, i: int = 2) -> Part:
    return Part(value, f"t.csv:{i}", {**BASE, "vuo": vuo, "regeling": "r"}, "r")


def test_equal_transposition_names_both_sides() -> None:
    v, u = _cell(194_000, "V", 2), _cell(149_000, "U", 3)
    got = equal_hints(v, u, 45_000)
    assert names(got, "transposition", v, 149_000)
    assert names(got, "transposition", u, 194_000)


@given(amounts, st.sampled_from(["sign", "unit-large", "unit-small"]), st.booleans())
def test_equal_slips_are_named(value: int, slip: str, on_left: bool) -> None:
    true = value * 1000 if slip == "unit-small" else value
    typed = {"sign": -value, "unit-large": value * 1000, "unit-small": value}[slip]
    bad, good = _cell(typed, "V" if on_left else "U"), _cell(true, "U" if on_left else "V", 3)
    left, right = (bad, good) if on_left else (good, bad)
    got = equal_hints(left, right, left.value - right.value)
    assert names(got, slip.split("-")[0], bad, true)


def test_equal_within_the_bound_gives_nothing_and_a_wrong_difference_raises() -> None:
    assert equal_hints(_cell(10, "V"), _cell(11, "U"), -1, bound=1) == []
    with pytest.raises(ValueError):
        equal_hints(_cell(10, "V"), _cell(11, "U"), 1)


def test_equal_within_the_bound_gives_nothing_even_where_a_slip_would_fit() -> None:
    # 1 against -1 looks like a sign slip, but a difference of 2 within a bound of 2 is no
    # failure, so there is nothing to explain.
    assert equal_hints(_cell(1, "V"), _cell(-1, "U", 3), 2, bound=2) == []
    assert hints_for(total_of(1), [line(-1, 2)], bound=2) == []


def test_equal_hints_repair_exactly_unless_a_bound_is_given() -> None:
    v, u = _cell(194_001, "V"), _cell(149_000, "U", 3)
    assert not any(h.kind == "transposition" for h in equal_hints(v, u, 45_001))
    within = equal_hints(v, u, 45_001, bound=1)
    assert names(within, "transposition", v, 149_001)


def test_equal_a_derived_figure_is_never_suspected_but_its_partner_is() -> None:
    derived = Part(-2_734, "t.csv:2", {**BASE, "vuo": "V", "regeling": "r"}, "r", stated=False)
    u = _cell(2_734, "U", 3)
    got = equal_hints(derived, u, -5_468)
    assert [(h.kind, h.bron, h.suggested) for h in got] == [("sign", "t.csv:3", -2_734)]


def test_equal_hints_are_capped_by_whole_tiers() -> None:
    # -2.734 against 2.734: either side may carry the sign slip, equally likely.
    v, u = _cell(-2_734, "V"), _cell(2_734, "U", 3)
    assert [h.bron for h in equal_hints(v, u, -5_468, max_hints=2)] == ["t.csv:2", "t.csv:3"]
    assert equal_hints(v, u, -5_468, max_hints=1) == []
