"""The hierarchy check on small tables: passing, failing, bridging, memo lines, pm."""

from __future__ import annotations

import doctest

from hypothesis import given, settings
from hypothesis import strategies as st

from sluitend.engine.checks import hierarchy as hierarchy_module
from sluitend.rules.loader import load_ruleset_text
from tests.engine.budget import flat, run, table

RULE = """
[[rules]]
id = "H"
kind = "hierarchy"
dataset = "begrotingstabel"
"""

GOOD = [
    ("", "", "", "U", 2022, 90),
    ("7.1", "", "", "U", 2022, 60),
    ("7.1", "Subsidies", "Regeling A", "U", 2022, 25),
    ("7.1", "Subsidies", "Regeling B", "U", 2022, 35),
    ("7.2", "", "", "U", 2022, 30),
]


def test_consistent_table_passes() -> None:
    report = run(RULE, table(GOOD))
    assert flat(report) == []
    assert report.results[0].checked == 2  # the article total and 7.1 (via the bridge)


def test_changed_line_fails_its_nearest_stated_total_only() -> None:
    rows = list(GOOD)
    rows[3] = ("7.1", "Subsidies", "Regeling B", "U", 2022, 36)
    findings = flat(run(RULE, table(rows)))
    assert [(f.where["onderdeel"], f.expected, f.actual, f.difference) for f in findings] == [
        ("7.1", 61, 60, -1)
    ]
    assert findings[0].bron == "t.csv:3"
    assert findings[0].severity == "error"
    assert "stated 60, its lines add up to 61 (difference -1)" in findings[0].message


def test_article_total_fails_against_stated_onderdelen() -> None:
    rows = list(GOOD)
    rows[0] = ("", "", "", "U", 2022, 95)
    findings = flat(run(RULE, table(rows)))
    assert [(f.where["onderdeel"], f.difference) for f in findings] == [("", 5)]


def test_missing_intermediate_totals_are_bridged() -> None:
    # No 7.1 row and no Subsidies row: the article total is compared with the regelingen.
    rows = [GOOD[0], GOOD[2], GOOD[3], GOOD[4]]
    assert flat(run(RULE, table(rows))) == []
    rows[1] = ("7.1", "Subsidies", "Regeling A", "U", 2022, 20)
    findings = flat(run(RULE, table(rows)))
    assert [(f.where["onderdeel"], f.expected, f.actual) for f in findings] == [("", 85, 90)]


def test_memo_lines_take_no_part() -> None:
    rows = [*GOOD, ("7.1", "Subsidies", "waarvan iets", "U", 2022, 1000)]
    assert flat(run(RULE, table(rows, waarvan=[5]))) == []


def test_instrument_without_onderdeel_hangs_under_the_article() -> None:
    rows = [
        ("", "", "", "U", 2022, 10),
        ("", "Opdrachten", "", "U", 2022, 10),
        ("", "Opdrachten", "X", "U", 2022, 4),
        ("", "Opdrachten", "Y", "U", 2022, 7),
    ]
    findings = flat(run(RULE, table(rows)))
    assert [(f.where["instrument"], f.expected, f.actual) for f in findings] == [
        ("Opdrachten", 11, 10)
    ]


def test_pm_makes_the_sums_above_it_not_checkable() -> None:
    rows = list(GOOD)
    rows[2] = ("7.1", "Subsidies", "Regeling A", "U", 2022, None)
    report = run(RULE, table(rows))
    findings = flat(report)
    assert [(f.severity, f.where["onderdeel"]) for f in findings] == [("info", "7.1")]
    assert "not checkable" in findings[0].message
    assert report.results[0].not_checkable == 1
    # 7.1 is stated, so the article total above it is still checked, and passes.
    assert report.results[0].failed == 0


def test_years_and_vuo_are_separate_hierarchies() -> None:
    rows = [
        *GOOD,
        ("", "", "", "U", 2023, 5),
        ("7.1", "", "", "U", 2023, 5),
        ("", "", "", "V", 2022, 7),
        ("7.1", "", "", "V", 2022, 8),
    ]
    findings = flat(run(RULE, table(rows)))
    assert [(f.where["vuo"], f.where["jaar"], f.difference) for f in findings] == [("V", 2022, -1)]


def test_omschrijving_is_a_fourth_level() -> None:
    rows = [
        ("1", "Bekostiging", "Hoofdbekostiging", "U", 2022, 100),
        ("1", "Bekostiging", "Hoofdbekostiging", "U", 2022, 60),
        ("1", "Bekostiging", "Hoofdbekostiging", "U", 2022, 30),
    ]
    frame = table(rows, omschrijving={1: "PO", 2: "CN"})
    findings = flat(run(RULE, frame))
    assert [(f.where["regeling"], f.expected, f.actual) for f in findings] == [
        ("Hoofdbekostiging", 90, 100)
    ]


def test_rounding_tolerance_turns_small_differences_into_info() -> None:
    rule = RULE + 'tolerance = "rounding"\n'
    rows = list(GOOD)
    rows[1] = ("7.1", "", "", "U", 2022, 61)  # off by 1 against 2 parts: bound (2+1)/2
    findings = flat(run(rule, table(rows)))
    assert [(f.severity, f.where["onderdeel"], f.tolerance) for f in findings] == [
        ("info", "", 1.5),
        ("info", "7.1", 1.5),
    ]
    assert all("afrondingsverschil" in f.message for f in findings)


def test_the_worked_numbering_example_in_the_module_docstring_runs() -> None:
    # The paragraph explaining node ids carries a doctest of its table: it cannot go stale.
    assert doctest.testmod(hierarchy_module).failed == 0


def test_the_tree_is_shared_between_rules_on_one_frame_and_never_served_for_another() -> None:
    frame = table(GOOD)
    rule = load_ruleset_text('[ruleset]\nname = "test"\n' + RULE).rules[0]
    cache: dict = {}
    first = hierarchy_module.run(rule, frame, cache)
    assert hierarchy_module.run(rule, frame, cache).context["tree"] is first.context["tree"]
    # Another frame (a copy with one line changed) gets its own tree and its own finding,
    # even if it were to reuse the id of the first.
    other = frame.copy()
    other.loc[3, "bedrag"] = 36  # Regeling B: 7.1's lines add up to 61
    cache[("hierarchy", id(other), rule.levels, rule.by)] = (frame, first.context["tree"])
    outcome = hierarchy_module.run(rule, other, cache)
    assert outcome.context["tree"] is not first.context["tree"]
    assert outcome.expected.tolist() == [61.0]


LEVEL_VALUES = st.sampled_from(["", "", "a", "b"])


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1", "2"]),
            st.integers(2024, 2026),
            st.sampled_from(["V", "U"]),
            LEVEL_VALUES,
            LEVEL_VALUES,
            LEVEL_VALUES,
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 7),
)
def test_nodes_are_the_paths_and_their_prefixes_in_any_row_order(rows, repeat) -> None:
    # Each row's node is its (by, filled levels) path, each node's parent that path without
    # its deepest level, and there is one node per path or prefix of a path, whether equal
    # paths stand on consecutive rows (a line printed for several years) or not.
    import pandas as pd

    rows = [r for r in rows for _ in range(repeat)]  # runs of equal rows: lines
    frame = pd.DataFrame(rows, columns=["artikel", "jaar", "vuo", "x", "y", "z"])
    for column in ("artikel", "x", "y", "z"):
        frame[column] = frame[column].astype(pd.StringDtype("pyarrow"))
    frame["bedrag"] = 1
    frame["waarvan"] = False
    tree = hierarchy_module.build_tree(frame, ("x", "y", "z"), ("artikel", "vuo", "jaar"))

    def path(r: tuple) -> tuple:
        return (r[0], r[2], r[1], *[(k, v) for k, v in enumerate(r[3:]) if v])

    node_path: dict[int, tuple] = {}
    for r, node in zip(rows, tree.row_node.tolist(), strict=True):
        assert node_path.setdefault(node, path(r)) == path(r)
    assert len(set(node_path.values())) == len(node_path)  # one node per path
    frontier = list(node_path)
    while frontier:  # every ancestor: the path without its deepest level
        node = frontier.pop()
        up = int(tree.parent[node])
        assert int(tree.depth[node]) == len(node_path[node]) - 3
        if up < 0:
            assert len(node_path[node]) == 3
            continue
        if up not in node_path:
            node_path[up] = node_path[node][:-1]
            frontier.append(up)
        assert node_path[up] == node_path[node][:-1]
    prefixes = {path(r)[:k] for r in rows for k in range(3, len(path(r)) + 1)}
    assert len(tree.parent) == len(prefixes) == len(set(node_path.values()))


def test_the_tree_is_the_same_numbered_by_bitmap_or_by_sorted_keys() -> None:
    # The node keys are numbered with a bitmap when their range is small next to the rows,
    # with sorted arrays otherwise: the same ids, parents and depths either way.
    import pandas as pd

    from sluitend.engine.checks import keys as keys_module

    rows = [
        ("1", year, vuo, x, y)
        for vuo in ("V", "U")
        for x, y in (("", ""), ("a", ""), ("a", "p"), ("a", "q"), ("b", "p"))
        for year in (2024, 2025, 2026)
    ]
    frame = pd.DataFrame(rows, columns=["artikel", "jaar", "vuo", "x", "y"])
    frame["bedrag"] = 1
    frame["waarvan"] = False
    trees = []
    saved = keys_module._BITMAP_FACTOR, keys_module._BITMAP_SLACK
    for factor, slack in (saved, (0, -1)):
        keys_module._BITMAP_FACTOR, keys_module._BITMAP_SLACK = factor, slack
        try:
            trees.append(hierarchy_module.build_tree(frame, ("x", "y"), ("artikel", "vuo", "jaar")))
        finally:
            keys_module._BITMAP_FACTOR, keys_module._BITMAP_SLACK = saved
    bitmap, sorted_ = trees
    for field in ("row_node", "parent", "depth", "first_row", "children_sum"):
        assert getattr(bitmap, field).tolist() == getattr(sorted_, field).tolist()
    assert len(bitmap.parent) == 2 * 3 * (1 + 2 + 3)  # (vuo, year) x (article, a/b, p/q)
