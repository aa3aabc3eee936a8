"""The exact sentences of hints (engine/hints.py), one per kind of slip.

A hint's explanation is what a controller reads in every report format (terminal, Markdown,
HTML, GitLab, JSON): it names the figure, states the amounts in Dutch notation and says what
the figure should read. These tests pin each sentence on a realistic finding, so that a
changed amount, a swapped name or a lost word shows up here and not in a controller's inbox.
The figures come from the 2017 budget table (chapter VII, x € 1.000) where the slip is real
(articles 7 and 11), and are otherwise made up in the same shape.
"""

from __future__ import annotations

import pytest

from sluitend.engine.findings import Hint
from sluitend.engine.hints import Part, SiblingGroup, equal_hints, sum_hints

BASE = {"hoofdstuk": "VII", "artikel": "7", "vuo": "U", "jaar": 2017, "onderdeel": "1"}


def figure(value: int, label: str, line_no: int, **key: str) -> Part:
    """A figure with its label, on line `line_no` of the budget table."""
    where = {**BASE, "instrument": label, "regeling": "", **key}
    return Part(value, f"owb2017.csv:{line_no}", where, label)


def lines(*values: int, first: int = 2) -> list[Part]:
    """Regelingen under a total, on consecutive input lines."""
    return [
        figure(v, f"Regeling {first + i}", first + i, regeling=f"r{first + i}")
        for i, v in enumerate(values)
    ]


def one(hints: list[Hint], kind: str, bron: str) -> Hint:
    """The single hint of `kind` on the figure at `bron`."""
    found = [h for h in hints if h.kind == kind and h.bron == bron]
    assert len(found) == 1, hints
    return found[0]


def all_sum_hints(total: Part, parts: list[Part], **kw: object) -> list[Hint]:
    d = total.value - sum(p.value for p in parts)
    return sum_hints(total, parts, d, max_hints=None, **kw)  # type: ignore[arg-type]


# --- structural slips: memo lines and totals in the wrong row -----------------------------


def test_a_counted_memo_line_names_the_total_the_line_and_the_total_without_it() -> None:
    # Article 11, 2015 (lines 2646-2650): "Materiele uitgaven" 190.096 = ICT 357 + Overig
    # materieel 34.244 + the memo line "waarvan bijdragen aan SSO's" 155.495.
    total = figure(190_096, "Materiele uitgaven", 2646, artikel="11")
    parts = [figure(357, "ICT", 2649, artikel="11"), figure(34_244, "Overig", 2650, artikel="11")]
    memo = figure(155_495, "waarvan bijdragen aan SSO's", 2647, artikel="11")
    got = sum_hints(total, parts, 155_495, [memo], max_hints=None)
    assert one(got, "waarvan", "owb2017.csv:2647").explanation == (
        "The total 'Materiele uitgaven' (190.096) equals its lines plus the 'waarvan' line "
        "'waarvan bijdragen aan SSO's' (155.495): either that line is a part of the total "
        "(then it is no memo line), or the total counts it in and should be 34.601."
    )


def test_two_exchanged_totals_name_both_totals_and_their_amounts() -> None:
    # Subsidies' lines add up to 10.554 and Opdrachten's to 13.668; the two J rows state
    # each other's sums.
    subsidies, opdrachten = figure(13_668, "Subsidies", 2623), figure(10_554, "Opdrachten", 2628)
    got = all_sum_hints(subsidies, lines(10_554), siblings=[SiblingGroup(opdrachten, 13_668)])
    hint = one(got, "swapped_totals", "owb2017.csv:2623")
    assert hint.suggested == 10_554
    assert hint.explanation == (
        "The totals 'Subsidies' (13.668) and 'Opdrachten' (10.554) look exchanged: each "
        "equals the sum of the other's lines."
    )


ZBO = figure(7_920, "Bijdrage aan ZBO's/RWT's", 2636, onderdeel="2")
INKOMENS = figure(22_022, "Inkomensoverdracht", 2634, onderdeel="2")


def test_a_total_stating_another_groups_lines_says_whose_lines_it_carries() -> None:
    # Article 7, 2015: the ZBO J row states 7.920, the sum of the Inkomensoverdracht lines;
    # its own lines add up to 14.101.
    got = all_sum_hints(ZBO, lines(14_101, first=2637), siblings=[SiblingGroup(INKOMENS, 7_920)])
    hint = one(got, "shifted_total", "owb2017.csv:2636")
    assert hint.suggested == 14_101
    assert hint.explanation == (
        "The stated total 'Bijdrage aan ZBO's/RWT's' (7.920) equals the sum of the lines under "
        "'Inkomensoverdracht' (7.920), not of its own lines (14.101): the totals look shifted "
        "by a row."
    )


def test_a_groups_sum_stated_on_another_total_says_where_it_stands() -> None:
    # The other way round: the Inkomensoverdracht lines (7.920) stand on the ZBO J row, and
    # the Inkomensoverdracht J row states 22.022.
    got = all_sum_hints(INKOMENS, lines(7_920, first=2635), siblings=[SiblingGroup(ZBO, 14_101)])
    hint = one(got, "shifted_total", "owb2017.csv:2634")
    assert hint.suggested == 7_920
    assert hint.explanation == (
        "The sum of the lines under 'Inkomensoverdracht' (7.920) is stated as the total of "
        "'Bijdrage aan ZBO's/RWT's' (7.920), and 'Inkomensoverdracht' states 22.022: the "
        "totals look shifted by a row."
    )


# --- a line left out, counted twice, with the wrong sign, a wrong subtotal ------------------


def test_a_line_left_out_names_the_line_and_the_repaired_total() -> None:
    got = all_sum_hints(figure(10_000, "Subsidies", 1), lines(4_000, 6_000, 2_500))
    hint = one(got, "omitted", "owb2017.csv:1")
    assert hint.suggested == 12_500
    assert hint.explanation == (
        "The total 'Subsidies' (10.000) is short by exactly the line 'Regeling 4' (2.500): the "
        "line seems left out of the total, which would then be 12.500."
    )


def test_a_line_counted_twice_names_the_line_and_the_repaired_total() -> None:
    got = all_sum_hints(figure(15_000, "Subsidies", 1), lines(4_000, 6_000, 2_500))
    hint = one(got, "double_counted", "owb2017.csv:1")
    assert hint.suggested == 12_500
    assert hint.explanation == (
        "The total 'Subsidies' (15.000) exceeds its lines by exactly the line 'Regeling 4' "
        "(2.500): the line seems counted twice, and the total would be 12.500."
    )


def test_a_line_with_the_wrong_sign_names_the_value_it_should_have() -> None:
    got = all_sum_hints(figure(12_000, "Subsidies", 1), lines(4_000, -6_000, 2_000))
    hint = one(got, "sign", "owb2017.csv:3")
    assert hint.suggested == 6_000
    assert hint.explanation == (
        "The line 'Regeling 3' (-6.000) seems to have the wrong sign: with 6.000 the total adds up."
    )


def test_a_total_with_the_wrong_sign_names_what_its_lines_add_up_to() -> None:
    got = all_sum_hints(figure(-5_000, "Subsidies", 1), lines(2_000, 3_000))
    hint = one(got, "sign", "owb2017.csv:1")
    assert hint.suggested == 5_000
    assert hint.explanation == (
        "The total 'Subsidies' (-5.000) seems to have the wrong sign: its lines add up to 5.000."
    )


def test_a_wrong_subtotal_names_the_sum_of_its_own_lines() -> None:
    where = {**BASE, "instrument": "Opdrachten"}
    sub = Part(1_234, "owb2017.csv:5", where, "Opdrachten", True, 1_500)
    got = all_sum_hints(figure(3_500, "Overheid als werkgever", 1), [sub, *lines(2_000, first=9)])
    hint = one(got, "subtotal", "owb2017.csv:5")
    assert hint.suggested == 1_500
    assert hint.explanation == (
        "The subtotal 'Opdrachten' (1.234) differs from the sum of its own lines (1.500); with "
        "that sum this total adds up too."
    )


# --- unit slips and transpositions, in a line and in the total ------------------------------


@pytest.mark.parametrize(
    ("total", "values", "bron", "suggested", "text"),
    [
        (
            6_500,
            (4_000_000, 2_500),
            "owb2017.csv:2",
            4_000,
            "The line 'Regeling 2' (4.000.000) looks 1.000 times too large (a unit slip): with "
            "4.000 the total adds up.",
        ),
        (
            6_500,
            (4, 2_500),
            "owb2017.csv:2",
            4_000,
            "The line 'Regeling 2' (4) looks 1.000 times too small (a unit slip): with 4.000 the "
            "total adds up.",
        ),
        (
            6_500_000,
            (4_000, 2_500),
            "owb2017.csv:1",
            6_500,
            "The total 'Subsidies' (6.500.000) looks 1.000 times too large (a unit slip): with "
            "6.500 the total adds up.",
        ),
        (
            7,
            (4_000, 3_000),
            "owb2017.csv:1",
            7_000,
            "The total 'Subsidies' (7) looks 1.000 times too small (a unit slip): with 7.000 the "
            "total adds up.",
        ),
    ],
    ids=["line too large", "line too small", "total too large", "total too small"],
)
def test_a_unit_slip_names_the_figure_and_the_value_in_thousands(
    total: int, values: tuple[int, ...], bron: str, suggested: int, text: str
) -> None:
    got = all_sum_hints(figure(total, "Subsidies", 1), lines(*values))
    hint = one(got, "unit", bron)
    assert (hint.suggested, hint.explanation) == (suggested, text)


def test_a_transposed_line_names_what_it_reads_and_what_it_should_read() -> None:
    # 149.000 typed as 194.000: the total (computed from 149.000) is 45.000 short.
    got = all_sum_hints(figure(179_000, "Subsidies", 1), lines(194_000, 30_000))
    hint = one(got, "transposition", "owb2017.csv:2")
    assert hint.suggested == 149_000
    assert hint.explanation == (
        "The line 'Regeling 2' reads 194.000; with two adjacent digits swapped, 149.000, the "
        "total adds up."
    )


def test_a_transposed_total_names_what_it_reads_and_what_it_should_read() -> None:
    got = all_sum_hints(figure(224_000, "Subsidies", 1), lines(212_000, 30_000))
    hint = one(got, "transposition", "owb2017.csv:1")
    assert hint.suggested == 242_000
    assert hint.explanation == (
        "The total 'Subsidies' reads 224.000; with two adjacent digits swapped, 242.000, the "
        "total adds up."
    )


def test_a_figure_without_a_label_is_called_the_figure() -> None:
    unlabeled = Part(-6_000, "owb2017.csv:3", {**BASE, "regeling": "r3"}, "")
    got = all_sum_hints(figure(10_000, "Subsidies", 1), [*lines(4_000), unlabeled])
    assert one(got, "sign", "owb2017.csv:3").explanation == (
        "The line the figure (-6.000) seems to have the wrong sign: with 6.000 the total adds up."
    )


# --- two figures that should be equal ---------------------------------------------------------


def cell(value: int, vuo: str, line_no: int) -> Part:
    label = {"V": "Verplichtingen", "U": "Uitgaven"}[vuo]
    return Part(value, f"owb2017.csv:{line_no}", {**BASE, "vuo": vuo, "regeling": "r"}, label)


def test_equal_sign_slip_names_both_figures() -> None:
    v, u = cell(-2_734, "V", 2), cell(2_734, "U", 3)
    got = equal_hints(v, u, -5_468, max_hints=None)
    assert one(got, "sign", "owb2017.csv:2").explanation == (
        "'Verplichtingen' (-2.734) is the negative of 'Uitgaven' (2.734): a sign slip; with "
        "2.734 they agree."
    )
    assert one(got, "sign", "owb2017.csv:3").explanation == (
        "'Uitgaven' (2.734) is the negative of 'Verplichtingen' (-2.734): a sign slip; with "
        "-2.734 they agree."
    )


def test_equal_unit_slip_says_which_way_and_against_what() -> None:
    v, u = cell(2_734_000, "V", 2), cell(2_734, "U", 3)
    got = equal_hints(v, u, 2_731_266, max_hints=None)
    assert one(got, "unit", "owb2017.csv:2").explanation == (
        "'Verplichtingen' (2.734.000) looks 1.000 times too large against 'Uitgaven' (2.734); "
        "with 2.734 they agree."
    )
    assert one(got, "unit", "owb2017.csv:3").explanation == (
        "'Uitgaven' (2.734) looks 1.000 times too small against 'Verplichtingen' (2.734.000); "
        "with 2.734.000 they agree."
    )


def test_equal_transposition_names_what_each_side_reads() -> None:
    v, u = cell(194_000, "V", 2), cell(149_000, "U", 3)
    got = equal_hints(v, u, 45_000, max_hints=None)
    assert one(got, "transposition", "owb2017.csv:2").explanation == (
        "'Verplichtingen' reads 194.000; with two adjacent digits swapped, 149.000, it agrees "
        "with 'Uitgaven' (149.000)."
    )
    assert one(got, "transposition", "owb2017.csv:3").explanation == (
        "'Uitgaven' reads 149.000; with two adjacent digits swapped, 194.000, it agrees with "
        "'Verplichtingen' (194.000)."
    )


def test_equal_with_a_wrong_difference_says_what_it_expected() -> None:
    with pytest.raises(ValueError, match=r"^difference 1 is not 10 - 11$"):
        equal_hints(cell(10, "V", 2), cell(11, "U", 3), 1)
