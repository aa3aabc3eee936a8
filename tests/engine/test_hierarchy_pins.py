"""The `hierarchy` check on what the mutation run found unpinned (CONTRIBUTING.md): `where`
choosing the totals, the tree cache keyed by levels and by, the rounding steps and the count
of parts in a rounding message, and the two readings of an ambiguous layout: every memo line
directly under a failing total as a part, or one of them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from sluitend.engine.checks import common
from sluitend.engine.checks import hierarchy as hierarchy_module
from sluitend.engine.checks.keys import keys_for
from sluitend.engine.checks.outcome import AMBIGUOUS, EXCEEDED, ROUNDING, CheckOutcome
from sluitend.rules.base import Rule
from sluitend.rules.loader import load_ruleset_text
from tests.engine.budget import Row, flat, run, table
from tests.engine.test_hierarchy import RULE

#: The article total is 100 and its onderdelen add up to 90.
OFF_BY_TEN = [
    ("", "", "", "U", 2022, 100),
    ("7.1", "", "", "U", 2022, 60),
    ("7.2", "", "", "U", 2022, 30),
]


def _rule(extra: str = "") -> Rule:
    return load_ruleset_text('[ruleset]\nname = "test"\n' + RULE + extra).rules[0]


def _outcome(rows: list[Row], extra: str = "", waarvan: tuple[int, ...] = ()) -> CheckOutcome:
    return hierarchy_module.run(_rule(extra), table(rows, waarvan=waarvan), {})


def test_where_chooses_which_totals_are_checked() -> None:
    rows = [*OFF_BY_TEN, ("7.1", "Subsidies", "", "U", 2022, 61)]  # 7.1 is off by one too
    article = run(RULE + "where = \"onderdeel == ''\"\n", table(rows))
    assert [(f.where["onderdeel"], f.difference) for f in flat(article)] == [("", 10)]
    assert article.results[0].checked == 1
    onderdelen = run(RULE + "where = \"onderdeel != ''\"\n", table(rows))
    assert [(f.where["onderdeel"], f.difference) for f in flat(onderdelen)] == [("7.1", -1)]
    assert onderdelen.results[0].checked == 1
    assert len(flat(run(RULE, table(rows)))) == 2


def test_without_a_cache_the_outcome_is_the_same() -> None:
    frame = table(OFF_BY_TEN)
    alone = hierarchy_module.run(_rule(), frame)
    shared = hierarchy_module.run(_rule(), frame, {})
    assert alone.rows.tolist() == shared.rows.tolist() == [0]
    assert alone.expected.tolist() == shared.expected.tolist() == [90.0]


def test_rules_with_other_levels_get_their_own_tree_from_one_cache() -> None:
    # Under levels = ["onderdeel"] the Subsidies line is 7.1's duplicate, not its part.
    rows = [*OFF_BY_TEN[:2], ("7.1", "Subsidies", "", "U", 2022, 59), OFF_BY_TEN[2]]
    frame = table(rows)
    cache: dict = {}
    full = hierarchy_module.run(_rule(), frame, cache)
    coarse = hierarchy_module.run(_rule('levels = ["onderdeel"]\n'), frame, cache)
    assert coarse.context["tree"] is not full.context["tree"]
    assert full.rows.tolist() == [0, 1] and full.expected.tolist() == [90.0, 59.0]
    assert coarse.rows.tolist() == [0] and coarse.expected.tolist() == [90.0]


def test_the_rounding_bound_uses_the_rounding_steps_and_names_the_parts() -> None:
    rows = [("", "", "", "U", 2022, 190), *OFF_BY_TEN[1:]]  # 100 off, for 2 parts
    rule = RULE + 'tolerance = "rounding"\n'
    (finding,) = flat(run(rule, table(rows)))
    assert finding.severity == "error"  # beyond (2 + 1) / 2
    # Printed in hundreds: three figures, each off by up to 50.
    (finding,) = flat(run(rule, table(rows).assign(afronding=100)))
    assert finding.severity == "info" and finding.tolerance == 150
    assert finding.message.endswith(
        "(difference 100); afrondingsverschil within the rounding bound of 150 for 2 figures"
    )


def test_a_failing_total_that_adds_up_with_its_memo_lines_is_ambiguous() -> None:
    rows = [*OFF_BY_TEN, ("7.3", "", "", "U", 2022, 4), ("7.4", "", "", "U", 2022, 6)]
    outcome = _outcome(rows, waarvan=(3, 4))
    assert outcome.rows.tolist() == [0]
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [100.0]
    (finding,) = flat(run(RULE, table(rows, waarvan=(3, 4))))
    assert finding.severity == "info"
    assert "ambiguous layout" in finding.message
    assert "lines add up to 90 (difference 10)" in finding.message
    assert "counted as parts, to 100 (difference 0)" in finding.message


def test_one_of_several_memo_lines_as_a_part_is_ambiguous_too() -> None:
    rows = [*OFF_BY_TEN, ("7.3", "", "", "U", 2022, 25), ("7.4", "", "", "U", 2022, 10)]
    outcome = _outcome(rows, waarvan=(3, 4))
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [100.0]  # 90 + 10; all of them: 125


def test_no_reading_with_memo_lines_adds_up_stays_a_failure() -> None:
    rows = [*OFF_BY_TEN, ("7.3", "", "", "U", 2022, 25), ("7.4", "", "", "U", 2022, 11)]
    outcome = _outcome(rows, waarvan=(3, 4))
    assert outcome.status.tolist() == [EXCEEDED]
    assert np.isnan(outcome.context["alternative"]).all()


def test_an_unknown_memo_line_makes_no_other_reading() -> None:
    rows = [*OFF_BY_TEN, ("7.3", "", "", "U", 2022, None), ("7.4", "", "", "U", 2022, 10)]
    outcome = _outcome(rows, waarvan=(3, 4))
    # Not all of them (one is pm), but 7.4 alone still makes the other reading.
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [100.0]
    outcome = _outcome([*OFF_BY_TEN, ("7.3", "", "", "U", 2022, None)], waarvan=(3,))
    assert outcome.status.tolist() == [EXCEEDED]


def test_only_memo_lines_directly_under_the_total_count() -> None:
    # The 10 hangs under 7.1 (a stated total), not under the article: no other reading of
    # the article; 7.1 itself adds up.
    rows = [*OFF_BY_TEN, ("7.1", "Subsidies", "", "U", 2022, 10)]
    outcome = _outcome(rows, waarvan=(3,))
    assert outcome.rows.tolist() == [0] and outcome.status.tolist() == [EXCEEDED]
    # Under an instrument that states no total, a memo line is that bridge's breakdown.
    rows = [*OFF_BY_TEN[:2], ("7.2", "Subsidies", "", "U", 2022, 30)]
    rows.append(("7.2", "Subsidies", "waarvan x", "U", 2022, 10))
    outcome = _outcome(rows, waarvan=(3,))
    assert outcome.status.tolist() == [EXCEEDED]


def test_a_memo_line_printed_twice_counts_once() -> None:
    rows = [*OFF_BY_TEN, ("7.3", "", "", "U", 2022, 10), ("7.3", "", "", "U", 2022, 10)]
    outcome = _outcome(rows, waarvan=(3, 4))
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [100.0]  # 90 + 10, not + 20
    tree = outcome.context["tree"]
    assert tree.memo_lines.tolist() == [3]
    (total,) = tree.memo_index(tree.row_node[[0]])
    assert tree.memo_count[total] == 1


def test_each_failing_total_gets_its_own_memo_reading() -> None:
    # Two years: 2022 adds up with its memo line, 2023 does not; and in 2024 the total
    # passes whatever its memo line says.
    rows = [
        *OFF_BY_TEN,
        ("7.3", "", "", "U", 2022, 10),
        ("", "", "", "U", 2023, 50),
        ("7.1", "", "", "U", 2023, 40),
        ("7.3", "", "", "U", 2023, 3),
        ("", "", "", "U", 2024, 40),
        ("7.1", "", "", "U", 2024, 40),
        ("7.3", "", "", "U", 2024, 1),
    ]
    outcome = _outcome(rows, waarvan=(3, 6, 9))
    assert outcome.rows.tolist() == [0, 4]
    assert outcome.status.tolist() == [AMBIGUOUS, EXCEEDED]
    alternative = outcome.context["alternative"]
    assert alternative[0] == 100.0 and np.isnan(alternative[1])


def test_one_memo_line_is_found_for_each_failing_total_in_any_node_order() -> None:
    # 7.1's total comes before the article's in the rows, after it among the nodes (a
    # depth's nodes come after the depth above's); each adds up with one of its two memo
    # lines (not with both), found whichever is the last of the failing totals' nodes.
    rows = [
        ("7.1", "", "", "U", 2022, 100),
        ("7.1", "Subsidies", "", "U", 2022, 60),
        ("7.1", "Opdrachten", "", "U", 2022, 30),
        ("7.1", "Leningen", "", "U", 2022, 10),  # memo: 90 + 10
        ("7.1", "Garanties", "", "U", 2022, 25),  # memo
        ("", "", "", "U", 2022, 200),
        ("7.2", "", "", "U", 2022, 80),
        ("7.3", "", "", "U", 2022, 20),  # memo: 100 + 80 + 20
        ("7.4", "", "", "U", 2022, 50),  # memo
    ]
    outcome = _outcome(rows, waarvan=(3, 4, 7, 8))
    tree = outcome.context["tree"]
    assert tree.row_node[0] > tree.row_node[5]
    assert outcome.rows.tolist() == [0, 5]
    assert outcome.status.tolist() == [AMBIGUOUS, AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [100.0, 200.0]


def test_a_memo_reading_allows_the_rounding_of_every_figure_in_it() -> None:
    # 100 against 90 + 8: off by 2; with the rounding tolerance the total, its two parts and
    # the memo line allow (1 + 2 + 1) / 2 = 2, without the memo line's own step 1.5.
    rows = [*OFF_BY_TEN, ("7.3", "", "", "U", 2022, 8)]
    assert _outcome(rows, waarvan=(3,)).status.tolist() == [EXCEEDED]
    outcome = _outcome(rows, 'tolerance = "rounding"\n', waarvan=(3,))
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [98.0]
    # The same with one of two memo lines (90 + 8 + 30 is far off).
    rows.append(("7.4", "", "", "U", 2022, 30))
    outcome = _outcome(rows, 'tolerance = "rounding"\n', waarvan=(3, 4))
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [98.0]
    # Off by 3 is beyond either reading's bound.
    rows[3] = ("7.3", "", "", "U", 2022, 7)
    assert _outcome(rows, 'tolerance = "rounding"\n', waarvan=(3, 4)).status.tolist() == [EXCEEDED]


def _frame(rows: list[tuple], **extra: object) -> pd.DataFrame:
    """(artikel, jaar, instrument, regeling, bedrag) rows, text as Arrow strings."""
    frame = pd.DataFrame(rows, columns=["artikel", "jaar", "instrument", "regeling", "bedrag"])
    for column in ("artikel", "instrument", "regeling"):
        frame[column] = frame[column].astype(pd.StringDtype("pyarrow"))
    frame["bedrag"] = frame["bedrag"].astype("Float64")
    frame["waarvan"] = False
    return frame.assign(**extra)


LEVELS = ("instrument", "regeling")
BY = ("artikel", "jaar")


def test_the_bottom_up_pass_per_node() -> None:
    frame = _frame(
        [
            ("1", 2024, "", "", 60),  # the article total
            ("1", 2024, "Subsidies", "A", 10),  # Subsidies states no total: a bridge
            ("1", 2024, "Subsidies", "B", 15),
            ("1", 2024, "Opdrachten", "", 30),
            ("1", 2024, "Opdrachten", "C", None),  # pm
        ],
        afronding=[1, 2, 3, 5, 7],
    )
    tree = hierarchy_module.build_tree(frame, LEVELS, BY)
    article, a, b, opdrachten, c = tree.row_node.tolist()
    subsidies = int(tree.parent[a])
    assert int(tree.parent[b]) == subsidies and int(tree.parent[subsidies]) == article
    assert tree.first_row[subsidies] == -1
    # A row's anchor is its nearest stated ancestor; the article total has none.
    assert tree.row_anchor.tolist() == [-1, article, article, article, opdrachten]
    assert tree.depth[[article, subsidies, a, opdrachten, c]].tolist() == [0, 1, 2, 1, 2]
    # The bridge sums its children; a stated total stands for itself, pm or not: the
    # article sums the bridge's 25 (2 figures, steps 2 + 3) and Opdrachten's 30 (1, 5).
    assert tree.children_sum[[subsidies, opdrachten]].tolist() == [25.0, 0.0]
    assert tree.children_count[[subsidies, opdrachten]].tolist() == [2, 0]
    assert tree.children_step[[subsidies, opdrachten]].tolist() == [5.0, 0.0]
    assert tree.children_unknown[[subsidies, opdrachten]].tolist() == [False, True]
    assert tree.children_sum[article] == 55.0 and tree.children_count[article] == 3
    assert tree.children_step[article] == 10.0
    assert bool(tree.children_unknown[opdrachten]) and not tree.children_unknown[article]
    assert tree.has_children[[article, subsidies, opdrachten, a]].tolist() == [
        True,
        True,
        True,
        False,
    ]


def test_a_missing_level_value_is_an_empty_level() -> None:
    # regeling holds "", NA and a value: NA and "" both leave the level unfilled.
    rows = [("1", 2024, "", "", 30), ("1", 2024, "S", None, 30), ("1", 2024, "S", "", 30)]
    frame = _frame([*rows, ("1", 2024, "S", "A", 30)])
    assert frame["regeling"].isna().tolist() == [False, True, False, False]
    tree = hierarchy_module.build_tree(frame, LEVELS, BY)
    total, s_na, s_empty, a = tree.row_node.tolist()
    assert s_na == s_empty and int(tree.parent[a]) == s_na
    assert int(tree.parent[s_na]) == total
    assert tree.depth[[total, s_na, a]].tolist() == [0, 1, 2]


def test_a_level_that_is_never_empty_is_filled_on_every_row() -> None:
    frame = _frame([("1", 2024, "S", "A", 30), ("1", 2024, "S", "B", 20)])
    tree = hierarchy_module.build_tree(frame, ("instrument",), BY)
    assert tree.row_node[0] == tree.row_node[1]
    assert tree.depth[tree.row_node].tolist() == [1, 1]
    assert len(tree.parent) == 2  # the by group and S


def test_a_bridged_total_counts_its_stated_figures_in_the_rounding_message() -> None:
    # No 7.1 row: the article is checked against 7.1's two regelingen and 7.2.
    rows = [
        ("", "", "", "U", 2022, 91),
        ("7.1", "Subsidies", "A", "U", 2022, 25),
        ("7.1", "Subsidies", "B", "U", 2022, 35),
        ("7.2", "", "", "U", 2022, 30),
    ]
    (finding,) = flat(run(RULE + 'tolerance = "rounding"\n', table(rows)))
    assert finding.message.endswith("within the rounding bound of 2 for 3 figures")


def test_an_unknown_memo_line_is_not_read_as_zero() -> None:
    # 90 + 4 + 6 = 100, but the third memo line is pm: no reading with all of them, and
    # none with one of them adds up.
    rows = [
        *OFF_BY_TEN,
        ("7.3", "", "", "U", 2022, 4),
        ("7.4", "", "", "U", 2022, 6),
        ("7.5", "", "", "U", 2022, None),
    ]
    outcome = _outcome(rows, waarvan=(3, 4, 5))
    assert outcome.status.tolist() == [EXCEEDED]


def test_a_total_within_its_rounding_bound_is_not_made_ambiguous() -> None:
    # 91 against 90 is an afrondingsverschil; that 90 + the memo line's 1 is exact too
    # does not make it an ambiguous layout.
    rows = [("", "", "", "U", 2022, 91), *OFF_BY_TEN[1:], ("7.3", "", "", "U", 2022, 1)]
    outcome = _outcome(rows, 'tolerance = "rounding"\n', waarvan=(3,))
    assert outcome.status.tolist() == [ROUNDING]
    assert np.isnan(outcome.context["alternative"]).all()


def test_the_memo_readings_use_a_relative_tolerance_of_their_own_sum() -> None:
    relative = "tolerance = { relative = 0.1 }\n"
    # All memo lines: 110 against 90 + 5 + 5 = 100, within 10% of 100 (not of 90).
    rows = [("", "", "", "U", 2022, 110), *OFF_BY_TEN[1:]]
    both = [*rows, ("7.3", "", "", "U", 2022, 5), ("7.4", "", "", "U", 2022, 5)]
    outcome = _outcome(both, relative, waarvan=(3, 4))
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [100.0]
    # One memo line of two: 110 against 90 + 10 = 100 (the other: 140, both: 150).
    one = [*rows, ("7.3", "", "", "U", 2022, 10), ("7.4", "", "", "U", 2022, 50)]
    outcome = _outcome(one, relative, waarvan=(3, 4))
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [100.0]


def test_the_reading_with_all_memo_lines_allows_each_ones_rounding() -> None:
    # 100 against 90 + 4 + 4 = 98: five figures, each off by up to half a unit, allow 2.5;
    # one memo line alone (94) is off by 6.
    rows = [*OFF_BY_TEN, ("7.3", "", "", "U", 2022, 4), ("7.4", "", "", "U", 2022, 4)]
    outcome = _outcome(rows, 'tolerance = "rounding"\n', waarvan=(3, 4))
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [98.0]


def test_the_memo_readings_use_the_rounding_steps() -> None:
    rule = _rule('tolerance = "rounding"\n')
    # Printed in tens: 1000 against 900 + 40 + 40 = 980, within (10 + 20 + 20) / 2 = 25.
    rows = [("", "", "", "U", 2022, 1000), ("7.1", "", "", "U", 2022, 600)]
    rows += [("7.2", "", "", "U", 2022, 300), ("7.3", "", "", "U", 2022, 40)]
    frame = table([*rows, ("7.4", "", "", "U", 2022, 40)], waarvan=(3, 4)).assign(afronding=10)
    outcome = hierarchy_module.run(rule, frame, {})
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [980.0]
    # One of two: 1000 against 900 + 85 = 985, within (10 + 20 + 10) / 2 = 20.
    frame = table([*rows[:3], ("7.3", "", "", "U", 2022, 85), ("7.4", "", "", "U", 2022, 300)])
    outcome = hierarchy_module.run(rule, frame.assign(afronding=10, waarvan=[0, 0, 0, 1, 1]), {})
    assert outcome.status.tolist() == [AMBIGUOUS]
    assert outcome.context["alternative"].tolist() == [985.0]


def test_the_nodes_number_the_by_and_level_columns_for_later_rules() -> None:
    # Without a missing level value a node is one (by, levels) tuple: a later rule on those
    # columns (a `unique` rule) starts from the tree's numbering through the cache.
    frame = _frame([("1", 2024, "", "", 10), ("1", 2024, "S", "", 10), ("1", 2024, "S", "A", 1)])
    cache: dict = {}
    tree = hierarchy_module.build_tree(frame, LEVELS, BY, cache)
    ids, count = keys_for(frame, cache).groups((*BY, *LEVELS))
    assert ids is tree.row_node and count == len(tree.parent) == 3
    # NA and "" are one node but two tuples: the numbering is not handed on.
    frame = _frame([("1", 2024, "", "", 10), ("1", 2024, None, None, 10)])
    cache = {}
    tree = hierarchy_module.build_tree(frame, LEVELS, BY, cache)
    assert tree.row_node.tolist() == [0, 0]
    ids, count = keys_for(frame, cache).groups((*BY, *LEVELS))
    assert ids[0] != ids[1] and count == 2


def test_the_top_stays_without_anchor_below_a_deep_memo_line() -> None:
    # The deepest node is a memo line's (no stated row): the article total still has no
    # stated ancestor, and the memo line hangs under S.
    frame = _frame([("1", 2024, "", "", 10), ("1", 2024, "S", "", 10), ("1", 2024, "S", "m", 3)])
    frame["waarvan"] = [False, False, True]
    tree = hierarchy_module.build_tree(frame, LEVELS, BY)
    total, s, memo = tree.row_node.tolist()
    assert memo == len(tree.parent) - 1 and tree.first_row[memo] == -1
    assert tree.row_anchor.tolist() == [-1, total, s]
    assert tree.memo_lines.tolist() == [2] and tree.memo_nodes.tolist() == [s]
    assert tree.memo_index(np.array([total, s, memo])).tolist() == [-1, 0, -1]
    assert tree.memo_sum.tolist() == [3.0]


def test_the_memo_readings_allow_half_the_rounding_steps_not_more() -> None:
    rule = 'tolerance = "rounding"\n'
    # All memo lines: 100 against 90 + 4 + 3 = 97; five figures allow 2.5, not 3.
    rows = [*OFF_BY_TEN, ("7.3", "", "", "U", 2022, 4), ("7.4", "", "", "U", 2022, 3)]
    assert _outcome(rows, rule, waarvan=(3, 4)).status.tolist() == [EXCEEDED]
    # One line of two: 100 against 90 + 7, the line printed in twos: (1 + 2 + 2) / 2 = 2.5.
    rows = [*OFF_BY_TEN, ("7.3", "", "", "U", 2022, 7), ("7.4", "", "", "U", 2022, 30)]
    frame = table(rows, waarvan=(3, 4)).assign(afronding=[1, 1, 1, 2, 1])
    assert hierarchy_module.run(_rule(rule), frame, {}).status.tolist() == [EXCEEDED]
    frame = table(rows, waarvan=(3, 4)).assign(afronding=[1, 1, 1, 4, 1])  # allows 3.5
    assert hierarchy_module.run(_rule(rule), frame, {}).status.tolist() == [AMBIGUOUS]


def test_an_empty_frame_has_no_nodes_and_no_totals() -> None:
    frame = _frame([("1", 2024, "", "", 10)]).iloc[:0]
    tree = hierarchy_module.build_tree(frame, LEVELS, BY)
    assert tree.row_node.tolist() == [] and tree.parent.tolist() == []
    assert tree.depth.tolist() == [] and tree.children_sum.tolist() == []
    outcome = hierarchy_module.run(_rule(), table(OFF_BY_TEN).iloc[:0], {})
    assert outcome.rows.tolist() == [] and outcome.checked == 0


#: The kind of every field of a Tree: node and row numbers and counts are integers, the
#: unknown and has-children marks booleans, amounts and rounding steps floats (the memo
#: sums may be integer zeros: `np.bincount` of no memo lines gives int64 whatever its weights).
TREE_KINDS = {
    "row_node": "i",
    "row_anchor": "i",
    "first_row": "i",
    "parent": "i",
    "depth": "i",
    "children_sum": "f",
    "children_unknown": "b",
    "children_count": "i",
    "children_step": "f",
    "has_children": "b",
    "memo_nodes": "i",
    "memo_sum": "fi",
    "memo_count": "i",
    "memo_unknown": "b",
    "memo_step": "fi",
    "memo_lines": "i",
}
PER_ROW = ("row_node", "row_anchor")


def _assert_tree_shape(tree: hierarchy_module.Tree, n_rows: int) -> None:
    n_nodes = len(tree.parent)
    for name, kind in TREE_KINDS.items():
        array = getattr(tree, name)
        assert array.dtype.kind in kind, (name, array.dtype)
        if name in PER_ROW:
            assert len(array) == n_rows, name
        elif name.startswith("memo_") and name != "memo_lines":
            assert len(array) == len(tree.memo_nodes), name  # one per node with memo lines
        elif name != "memo_lines":
            assert len(array) == n_nodes, name  # one entry per node, however few are read


def test_every_tree_field_has_its_kind_and_one_entry_per_node_or_row() -> None:
    # The memo line hangs under the article total, the first node: its sums are kept for
    # that node only.
    rows = [("1", 2024, "", "", 10), ("1", 2024, "S", "", 10), ("1", 2024, "S", "A", 10)]
    frame = _frame([*rows, ("1", 2024, "T", "", 3)], waarvan=[False, False, False, True])
    tree = hierarchy_module.build_tree(frame, LEVELS, BY)
    assert len(tree.parent) == 4 and tree.memo_lines.tolist() == [3]
    _assert_tree_shape(tree, len(frame))
    assert tree.memo_nodes.tolist() == [0] and tree.memo_sum.tolist() == [3.0]
    assert tree.memo_index(np.arange(4)).tolist() == [0, -1, -1, -1]
    _assert_tree_shape(hierarchy_module.build_tree(frame.iloc[:0], LEVELS, BY), 0)


def test_nodes_are_numbered_by_path_then_by_the_fast_column() -> None:
    # Two years, the year changing once, artikel never: jaar is the fast column, and each
    # depth's nodes go by path (the instrument) before year, as the module docstring says.
    rows = [("1", year, instrument, "", 1) for year in (2024, 2025) for instrument in "-ST"]
    frame = _frame([(a, y, "" if i == "-" else i, r, b) for a, y, i, r, b in rows])
    tree = hierarchy_module.build_tree(frame, LEVELS, BY)
    # rows: 2024 total, S, T; 2025 total, S, T
    assert tree.row_node.tolist() == [0, 2, 4, 1, 3, 5]
    assert tree.parent.tolist() == [-1, -1, 0, 1, 0, 1]


def test_many_by_groups_are_numbered_in_the_order_of_their_codes() -> None:
    # Sixty groups of two slow columns, too many for a bitmap of their codes (a hash numbers
    # them then, in order of appearance): the nodes still follow the codes (each value's
    # code is its order of first appearance), then the year.
    pairs = [(i, i) for i in range(50)] + [(i, i + 1) for i in range(10)]
    rows = [(f"a{a}", f"b{b}", year) for a, b in pairs for year in (2024, 2025)]
    frame = pd.DataFrame(rows, columns=["a", "b", "jaar"]).astype(
        {"a": pd.StringDtype("pyarrow"), "b": pd.StringDtype("pyarrow")}
    )
    frame = frame.assign(instrument="", bedrag=1.0, waarvan=False)
    tree = hierarchy_module.build_tree(frame, ("instrument",), ("a", "b", "jaar"))
    keys = [(a, b, year - 2024) for a, b in pairs for year in (2024, 2025)]
    rank = {key: i for i, key in enumerate(sorted(keys))}
    assert tree.row_node.tolist() == [rank[key] for key in keys]


#: The rows of `test_the_bottom_up_pass_per_node` with a memo line under Opdrachten, a
#: memo-only node (a memo line whose node states nothing) and a duplicated figure.
STEPPED = [
    ("1", 2024, "", "", 60),
    ("1", 2024, "Subsidies", "A", 10),
    ("1", 2024, "Subsidies", "B", 15),
    ("1", 2024, "Opdrachten", "", 30),
    ("1", 2024, "Opdrachten", "C", None),
    ("1", 2024, "Opdrachten", "D", 4),  # memo
    ("1", 2024, "Leningen", "E", 3),  # memo, and Leningen states nothing
    ("1", 2024, "Subsidies", "B", 15),  # the duplicate
]


def _stepped(afronding: object) -> pd.DataFrame:
    frame = _frame(STEPPED, afronding=afronding)
    return frame.assign(waarvan=[False] * 5 + [True, True, False])


def test_one_step_for_every_row_is_counted_and_gives_the_same_tree(monkeypatch) -> None:
    frame = _stepped(100)
    assert common.one_rounding_step(frame) == 100.0
    counted = hierarchy_module.build_tree(frame, LEVELS, BY)
    monkeypatch.setattr(hierarchy_module, "one_rounding_step", lambda *_: None)
    summed = hierarchy_module.build_tree(frame, LEVELS, BY)
    for field in dataclasses.fields(hierarchy_module.Tree):
        mine, theirs = getattr(counted, field.name), getattr(summed, field.name)
        assert mine.dtype == theirs.dtype, field.name
        assert mine.tolist() == theirs.tolist(), field.name
    article, a, _, opdrachten, *_ = counted.row_node.tolist()
    subsidies = int(counted.parent[a])
    # The article sums the bridge (2 figures) and Opdrachten (its own, whatever its pm line).
    assert counted.children_count[[article, subsidies, opdrachten]].tolist() == [3, 2, 0]
    assert counted.children_step[[article, subsidies, opdrachten]].tolist() == [300.0, 200.0, 0.0]
    (memo,) = counted.memo_index(np.array([opdrachten]))
    assert counted.memo_step[memo] == 100.0 and counted.memo_count[memo] == 1


def test_with_one_step_the_rows_steps_are_not_summed(monkeypatch) -> None:
    # The rows' steps are read only where they differ: NaN steps make any sum of them NaN.
    frame = _stepped(100)
    nan_steps = np.full(len(frame), np.nan)
    monkeypatch.setattr(hierarchy_module, "rounding_steps", lambda *_: nan_steps)
    tree = hierarchy_module.build_tree(frame, LEVELS, BY)
    assert not np.isnan(tree.children_step).any()
    assert not np.isnan(tree.memo_step).any()
    assert tree.children_step.max() == 300.0 and tree.memo_step.max() == 100.0


def test_a_depth_is_one_byte() -> None:
    tree = hierarchy_module.build_tree(_stepped(1), LEVELS, BY)
    assert tree.depth.dtype == np.int8 and tree.depth.tolist() == [0, 1, 1, 1, 2, 2, 2, 2, 2]


def test_steps_that_differ_are_summed_per_figure() -> None:
    tree = hierarchy_module.build_tree(_stepped([1, 2, 3, 5, 7, 11, 13, 17]), LEVELS, BY)
    article, a, _, opdrachten, *_ = tree.row_node.tolist()
    subsidies = int(tree.parent[a])
    # The bridge's 2 + 3 and Opdrachten's own 5 (not its lines' 7 and 11).
    assert tree.children_step[subsidies] == 5.0
    assert tree.children_step[article] == 10.0
    assert tree.memo_step[tree.memo_index(np.array([opdrachten]))].tolist() == [11.0]


def test_one_rounding_step_only_where_every_row_has_the_same_whole_positive_step() -> None:
    assert common.one_rounding_step(_stepped(1000)) == 1000.0
    assert common.one_rounding_step(_stepped(1000).drop(columns="afronding")) == 1.0
    assert common.one_rounding_step(_stepped([1000] * 7 + [100])) is None
    assert common.one_rounding_step(_stepped(0.5)) is None  # its sums need not be exact
    assert common.one_rounding_step(_stepped(0)) is None  # 0 * step would be 0.0 anyway,
    assert common.one_rounding_step(_stepped(-1)) is None  # but -0.0 for a negative step
    assert common.one_rounding_step(_stepped(2**50)) is None  # 8 rows of it pass 2**53
    assert common.one_rounding_step(_stepped(2**49)) == 2.0**49  # 8 rows: 2**52
    assert common.one_rounding_step(_stepped(1).iloc[:0]) is None
    # A missing step counts as 1 (`rounding_steps`): one missing among ones is one step.
    missing = _stepped(1).astype({"afronding": "Int64"})
    missing.loc[3, "afronding"] = pd.NA
    assert common.one_rounding_step(missing) == 1.0
    frame, cache = _stepped(10), {}
    assert common.one_rounding_step(frame, cache) == 10.0
    assert keys_for(frame, cache).kept("rounding steps") == {"one": 10.0}  # once per frame


def test_counts_per_node_are_four_bytes_where_they_hold_every_count() -> None:
    assert hierarchy_module._count_type(62) is np.int32
    assert hierarchy_module._count_type(2**31 - 1) is np.int32
    assert hierarchy_module._count_type(2**31) is np.int64  # a count of 2**31 needs more
    tree = hierarchy_module.build_tree(_stepped(1), LEVELS, BY)
    assert tree.children_count.dtype == np.int32 and tree.memo_count.dtype == np.int32


def test_memo_sums_are_kept_per_node_with_memo_lines_and_found_from_any_node() -> None:
    tree = hierarchy_module.build_tree(_stepped(1), LEVELS, BY)
    article, a, _, opdrachten, *_ = tree.row_node.tolist()
    leningen = int(tree.parent[tree.row_node[6]])  # states nothing: its memo line counts not
    assert tree.memo_nodes.tolist() == [opdrachten] and tree.memo_sum.tolist() == [4.0]
    nodes = np.array([leningen, opdrachten, article, a, opdrachten, len(tree.parent) - 1])
    assert tree.memo_index(nodes).tolist() == [-1, 0, -1, -1, 0, -1]
    plain = hierarchy_module.build_tree(_stepped(1).assign(waarvan=False), LEVELS, BY)
    assert plain.memo_nodes.tolist() == [] and plain.memo_sum.tolist() == []
    assert plain.memo_index(np.array([0, 1])).tolist() == [-1, -1]
