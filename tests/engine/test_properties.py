"""Hypothesis properties of the hierarchy engine (issue: consistent trees never fail; one
changed figure makes exactly its nearest stated ancestor fail, by exactly that amount).

pandera's own `schema.strategy()` cannot satisfy dataframe-level sum checks (it filters
and fails its health check), so the strategy here draws consistent trees directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sluitend.datasets.frame import Dataset, budget_frame
from sluitend.domains.rijk.vocabulary import LEVELS
from sluitend.engine.coverage import COVERAGE_RULE
from sluitend.engine.findings import NOTHING_CHECKED
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_ruleset_text

RULES = load_ruleset_text(
    '[ruleset]\nname = "p"\n[[rules]]\nid = "H"\nkind = "hierarchy"\n'
    'dataset = "begrotingstabel"\n[[rules]]\nid = "U"\nkind = "unique"\n'
    'dataset = "begrotingstabel"\n',
    "p.toml",
)


@dataclass
class Node:
    """A node of a drawn budget tree: its path (one value per level) and children."""

    path: tuple[str, ...]
    stated: bool
    children: list[Node] = field(default_factory=list)
    amounts: dict[tuple[str, int], int] = field(default_factory=dict)


@st.composite
def trees(draw: st.DrawFn, *, all_stated: bool) -> tuple[Node, list[tuple[str, int]]]:
    """A consistent budget tree for one article: varying depth and width, levels that may
    be skipped (an article without onderdelen), missing intermediate totals, several years,
    V and U. Leaves carry drawn amounts; every total is the sum of its children."""
    cells = draw(
        st.lists(
            st.tuples(st.sampled_from(["V", "U"]), st.integers(2020, 2026)),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    counter = [0]

    def grow(path: tuple[str, ...], level: int) -> Node:
        counter[0] += 1
        stated = True if all_stated else draw(st.booleans())
        node = Node(path, stated)
        if level < len(LEVELS) and counter[0] < 40:
            width = draw(st.integers(0 if level > 0 else 1, 3))
            for i in range(width):
                child_level = level + (
                    1 if level + 1 < len(LEVELS) and draw(st.booleans()) and level > 0 else 0
                )
                child_path = list(path)
                child_path[child_level] = f"{LEVELS[child_level][:3]}{counter[0]}-{i}"
                node.children.append(grow(tuple(child_path), child_level + 1))
        if not node.children:
            node.stated = True  # a leaf is a printed line
            for cell in cells:
                node.amounts[cell] = draw(st.integers(-10_000, 1_000_000))
        else:
            for cell in cells:
                node.amounts[cell] = sum(c.amounts[cell] for c in node.children)
        return node

    root = grow(("",) * len(LEVELS), 0)
    root.stated = True if all_stated else draw(st.booleans())
    return root, cells


def nodes(root: Node) -> list[Node]:
    out, todo = [], [root]
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(node.children)
    return out


def frame_of(root: Node, cells: list[tuple[str, int]]) -> pd.DataFrame:
    records = []
    for node in nodes(root):
        if not node.stated:
            continue
        for vuo, jaar in cells:
            records.append(
                dict(
                    zip(LEVELS, node.path, strict=True),
                    begrotingsjaar=2022,
                    fase="OWB",
                    hoofdstuk="VII",
                    artikel="7",
                    waarvan=False,
                    vuo=vuo,
                    jaar=jaar,
                    bedrag=node.amounts[(vuo, jaar)],
                    label="x",
                    bron=f"t:{len(records) + 2}",
                )
            )
    return budget_frame(pd.DataFrame.from_records(records))


def findings_of(frame: pd.DataFrame) -> list[tuple[tuple[str, ...], str, int, int]]:
    report = validate([Dataset(frame, "begrotingstabel", "t")], RULES)
    # A drawn tree without any stated total gives H nothing to compare: that is a warning of
    # its own (tests/engine/test_nothing_checked.py), not a figure's finding.
    idle = [f for f in report.checks() if f.label == NOTHING_CHECKED]
    assert all(r.checked == 0 for r in report.results if r.rule in {f.rule for f in idle})
    # Nor does it verify any total of its one chapter: the coverage warns about that chapter
    # exactly then (no figure is unknown here, so every compared total is verified).
    chapter = [f for f in report.checks() if f.rule == COVERAGE_RULE]
    checked = {r.rule: r.checked for r in report.results}["H"]
    assert len(chapter) == (checked == 0)
    assert all(
        dict(f.where) == {"begrotingsjaar": 2022, "fase": "OWB", "hoofdstuk": "VII"}
        for f in chapter
    )
    return sorted(
        (tuple(f.where[lv] for lv in LEVELS), f.where["vuo"], f.where["jaar"], f.difference)
        for f in report.checks()
        if f.label != NOTHING_CHECKED and f.rule != COVERAGE_RULE
    )


def nearest_stated_ancestor(root: Node, target: Node) -> Node | None:
    def walk(node: Node, chain: list[Node]) -> list[Node] | None:
        if node is target:
            return chain
        for child in node.children:
            found = walk(child, [*chain, node])
            if found is not None:
                return found
        return None

    chain = walk(root, []) or []
    stated = [n for n in chain if n.stated]
    return stated[-1] if stated else None


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(trees(all_stated=False))
def test_consistent_trees_give_no_finding(drawn: tuple[Node, list]) -> None:
    root, cells = drawn
    assert findings_of(frame_of(root, cells)) == []


@SETTINGS
@given(trees(all_stated=True), st.data())
def test_one_changed_line_fails_exactly_its_parent(
    drawn: tuple[Node, list], data: st.DataObject
) -> None:
    root, cells = drawn
    leaves = [n for n in nodes(root) if not n.children and n is not root]
    if not leaves:
        return
    leaf = data.draw(st.sampled_from(leaves))
    cell = data.draw(st.sampled_from(cells))
    d = data.draw(st.integers(-5000, 5000).filter(bool))
    leaf.amounts[cell] += d
    parent = nearest_stated_ancestor(root, leaf)
    assert parent is not None
    assert findings_of(frame_of(root, cells)) == [(parent.path, cell[0], cell[1], -d)]


@SETTINGS
@given(trees(all_stated=False), st.data())
def test_one_changed_figure_fails_exactly_its_nearest_stated_ancestor(
    drawn: tuple[Node, list], data: st.DataObject
) -> None:
    root, cells = drawn
    stated = [n for n in nodes(root) if n.stated and n is not root]
    if not stated:
        return
    figure = data.draw(st.sampled_from(stated))
    cell = data.draw(st.sampled_from(cells))
    d = data.draw(st.integers(-5000, 5000).filter(bool))
    figure.amounts[cell] += d
    ancestor = nearest_stated_ancestor(root, figure)
    expected = [] if ancestor is None else [(ancestor.path, cell[0], cell[1], -d)]
    # A changed stated total also disagrees with its own lines below it (if any).
    if figure.children:
        expected.append((figure.path, cell[0], cell[1], d))
    assert findings_of(frame_of(root, cells)) == sorted(expected)
