"""One figure behind several failing checks is reported once (engine/localize.py).

A small checker in this module stands in for the engine: it checks every stated total of a
drawn budget tree against its lines and builds findings with `sum_hints`, as the engine does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sluitend.domains.rijk.vocabulary import BUDGET_LAYOUT
from sluitend.engine.findings import Finding
from sluitend.engine.hints import Part, SiblingGroup, adjacent_swaps, equal_hints, sum_hints
from sluitend.engine.localize import LIKELY_CAUSE, localize

BASE = {"hoofdstuk": "VII", "artikel": "7", "omschrijving": "", "vuo": "U", "jaar": 2017}


def where(o: str = "", i: str = "", r: str = "", **kw: Any) -> dict[str, Any]:
    return {**BASE, "onderdeel": o, "instrument": i, "regeling": r, **kw}


@dataclass
class Node:
    """A figure in a budget tree: a total with children, or a line."""

    where: dict[str, Any]
    value: int
    bron: str
    children: list[Node] = field(default_factory=list)

    def part(self) -> Part:
        own = sum(c.value for c in self.children) if self.children else None
        return Part(self.value, self.bron, self.where, self.bron, True, own)


def finding(
    rule: str,
    w: Mapping[str, Any],
    expected: int,
    actual: int,
    hints: tuple[Any, ...] = (),
    tolerance: float = 0,
    bron: str = "t.csv:1",
) -> Finding:
    return Finding(
        rule,
        "error",
        "t",
        w,
        expected,
        actual,
        actual - expected,
        tolerance,
        "msg",
        bron,
        tuple(hints),
    )


def check(root: Node) -> list[Finding]:
    """Every stated total against the sum of its lines, with hints (top-down order)."""
    totals: list[Node] = []
    todo = [root]
    while todo:
        node = todo.pop(0)
        if node.children:
            totals.append(node)
            todo.extend(node.children)
    out = []
    for node in totals:
        s = sum(c.value for c in node.children)
        if node.value == s:
            continue
        depth = sum(bool(node.where[k]) for k in ("onderdeel", "instrument", "regeling"))
        siblings = [
            SiblingGroup(n.part(), sum(c.value for c in n.children))
            for n in totals
            if n is not node
            and sum(bool(n.where[k]) for k in ("onderdeel", "instrument", "regeling")) == depth
        ]
        hints = sum_hints(
            node.part(), [c.part() for c in node.children], node.value - s, siblings=siblings
        )
        out.append(finding("BT001", node.where, s, node.value, tuple(hints), bron=node.bron))
    return out


@st.composite
def trees(draw: st.DrawFn) -> tuple[Node, list[Node]]:
    """A consistent article: onderdelen > instruments > regelingen, every total stated."""
    line_no = iter(range(2, 10_000))
    nodes: list[Node] = []
    onderdelen = []
    for o in range(draw(st.integers(1, 3))):
        instruments = []
        for i in range(draw(st.integers(1, 3))):
            lines = [
                Node(
                    where(str(o), f"i{i}", f"r{r}"),
                    draw(st.integers(0, 10**6)),
                    f"t.csv:{next(line_no)}",
                )
                for r in range(draw(st.integers(1, 4)))
            ]
            instruments.append(
                Node(
                    where(str(o), f"i{i}"),
                    sum(n.value for n in lines),
                    f"t.csv:{next(line_no)}",
                    lines,
                )
            )
            nodes += lines
        onderdelen.append(
            Node(
                where(str(o)),
                sum(n.value for n in instruments),
                f"t.csv:{next(line_no)}",
                instruments,
            )
        )
        nodes += instruments
    root = Node(where(), sum(n.value for n in onderdelen), "t.csv:1", onderdelen)
    return root, [root, *nodes, *onderdelen]


@given(trees(), st.data())
def test_a_single_slip_reads_as_one_problem(
    tree: tuple[Node, list[Node]], data: st.DataObject
) -> None:
    root, nodes = tree
    node = data.draw(st.sampled_from(nodes))
    true = node.value
    swaps = list(adjacent_swaps(true))
    transpose = bool(swaps) and data.draw(st.booleans())
    node.value = data.draw(
        st.sampled_from(swaps)
        if transpose
        else st.integers(-(10**6), 10**6).filter(lambda v: v != true)
    )
    findings = check(root)
    got = localize(findings, BUDGET_LAYOUT)
    assert len(got) == 1
    (top,) = got
    if node.children and node is not root:
        # Its own check and its parent's fail; one figure explains both.
        assert len(findings) == 2
        assert dict(top.where) == node.where and top.bron == node.bron
        assert top.expected == true and top.actual == node.value
        assert top.difference == node.value - true
        assert set(map(id, top.consequences)) == set(map(id, findings))
        assert top.rule == "BT001" and top.severity == "error"
        assert top.message.startswith("Likely cause of 2 failing checks (BT001)")
    else:
        # One failing check: nothing to group.
        assert top is findings[0] and not top.consequences


def _vu_case() -> tuple[Finding, Finding, Part]:
    """Regeling r1's verplichtingen typed 194.000 for 149.000 (its uitgaven and the V total
    are right)."""
    rv = Part(194_000, "t.csv:3", where("1", "i1", "r1", vuo="V"), "Diverse subsidies")
    ru = Part(149_000, "t.csv:9", where("1", "i1", "r1", vuo="U"), "Diverse subsidies")
    other = Part(51_000, "t.csv:4", where("1", "i1", "r2", vuo="V"), "Overig")
    total_v = Part(200_000, "t.csv:2", where("1", "i1", vuo="V"), "Subsidies")
    d = total_v.value - rv.value - other.value
    bt001 = finding(
        "BT001",
        total_v.where,
        245_000,
        200_000,
        tuple(sum_hints(total_v, [rv, other], d)),
        bron="t.csv:2",
    )
    bt010 = finding(
        "BT010", rv.where, 149_000, 194_000, tuple(equal_hints(rv, ru, 45_000)), bron="t.csv:3"
    )
    return bt001, bt010, rv


def test_the_same_cell_in_v_and_u_and_its_total() -> None:
    bt001, bt010, rv = _vu_case()
    unrelated = finding("BT001", where("2", vuo="V"), 10, 12)
    (first, cause) = localize([unrelated, bt001, bt010], BUDGET_LAYOUT)[0:2]
    assert first is unrelated
    assert cause.consequences == (bt001, bt010)
    assert dict(cause.where) == rv.where and cause.bron == "t.csv:3"
    assert (cause.expected, cause.actual, cause.difference) == (149_000, 194_000, 45_000)
    assert cause.rule == "BT010"  # the lowest-level failing rule: the regeling's comparison
    assert {h.kind for h in cause.hints} == {"transposition"}
    assert all(dict(h.where) == rv.where for h in cause.hints)  # not the U cell
    assert "should probably read 149.000 instead of 194.000" in cause.message
    assert len(localize([unrelated, bt001, bt010], BUDGET_LAYOUT)) == 2


def test_a_cause_without_its_own_finding_has_no_stated_value() -> None:
    # Two totals both name a line with the same repair; the line itself has no finding.
    line = Part(194, "t.csv:5", where("1", "i1", "r1"), "x")
    a = finding(
        "BT001",
        where("1", "i1"),
        149,
        194,
        tuple(sum_hints(Part(149, "t.csv:4", where("1", "i1"), "i1"), [line], -45)),
    )
    b = finding(
        "BT002",
        where("1", "i1", vuo="V"),
        149,
        194,
        tuple(sum_hints(Part(149, "t.csv:6", where("1", "i1", vuo="V"), "v"), [line], -45)),
    )
    (cause,) = localize([a, b], BUDGET_LAYOUT)
    assert cause.expected == 149 and cause.actual is None and cause.difference is None
    assert cause.bron == "t.csv:5"


def test_different_repairs_of_the_same_figure_are_not_grouped() -> None:
    bt001, bt010, rv = _vu_case()
    # The comparison now says the cell should be 150.000: no one value repairs both.
    bt010 = finding("BT010", rv.where, 150_000, 194_000, (), bron="t.csv:3")
    assert localize([bt001, bt010], BUDGET_LAYOUT) == (bt001, bt010)


def test_an_unexplained_failing_ancestor_blocks_grouping() -> None:
    bt001, bt010, _ = _vu_case()
    # The article's V total fails too, and nothing stated lies between it and the cell
    # except the instrument total, which is stated: so it does not involve the cell.
    article = finding("BT001", where(vuo="V"), 1, 2)
    assert len(localize([article, bt001, bt010], BUDGET_LAYOUT)) == 2
    # Without the instrument total known, the onderdeel total might sum the cell itself.
    ond = finding("BT001", where("1", vuo="V"), 1, 2)
    plain = replace(bt010, hints=())
    bt010_only = [ond, plain, replace(plain, rule="BT011")]
    assert localize(bt010_only, BUDGET_LAYOUT) == tuple(bt010_only)


def test_two_figures_explaining_the_same_findings_are_not_guessed_between() -> None:
    _, bt010, _ = _vu_case()
    # Two comparisons of the same V and U cells: either cell repairs both.
    twice = [bt010, replace(bt010, rule="BT011")]
    assert localize(twice, BUDGET_LAYOUT) == tuple(twice)


def test_the_same_cell_under_another_vuo_blocks_grouping() -> None:
    bt001, bt010, rv = _vu_case()
    u_cell = finding("BT099", {**rv.where, "vuo": "U"}, 1, 2)
    assert localize([bt001, bt010, u_cell], BUDGET_LAYOUT) == (bt001, bt010, u_cell)


def test_rounding_differences_and_findings_without_amounts_pass_through() -> None:
    w = where("1", "i1")
    rounding = finding("BT001", w, 100, 101, tolerance=1)
    also = finding("BT002", w, 100, 101, tolerance=1)
    unique = Finding("U001", "error", "t", w, None, None, None, 0, "twice", "t.csv:1")
    assert localize([rounding, also, unique], BUDGET_LAYOUT) == (rounding, also, unique)


def test_nothing_to_localize() -> None:
    assert localize([], BUDGET_LAYOUT) == ()
    one = finding("BT001", where("1"), 5, 7)
    assert localize([one], BUDGET_LAYOUT) == (one,)


def test_the_cause_names_its_figure_its_rules_and_the_first_hint() -> None:
    bt001, bt010, _ = _vu_case()
    bt010 = replace(bt010, label="Diverse subsidies")
    (cause,) = localize([bt001, bt010], BUDGET_LAYOUT)
    assert cause.kind == LIKELY_CAUSE and cause.tolerance == 0
    assert cause.label == "Diverse subsidies"
    assert cause.message == (
        "Likely cause of 2 failing checks (BT001, BT010): 'Diverse subsidies' at t.csv:3 "
        f"should probably read 149.000 instead of 194.000. {cause.hints[0].explanation}"
    )


def test_a_cause_without_its_own_finding_is_the_figure_and_its_hint_once() -> None:
    line = Part(194, "t.csv:5", where("1", "i1", "r1"), "x")
    a, b = (
        finding(rule, w, 149, 194, tuple(sum_hints(Part(149, bron, w, "t"), [line], -45)))
        for rule, w, bron in (
            ("BT001", where("1", "i1"), "t.csv:4"),
            ("BT001", where("1", "i1", vuo="V"), "t.csv:6"),
        )
    )
    (cause,) = localize([a, b], BUDGET_LAYOUT)
    assert cause.label == ""
    assert len(cause.hints) == 1  # both totals name the same repair: said once
    assert cause.message == (
        "Likely cause of 2 failing checks (BT001): the figure at t.csv:5 should probably "
        f"read 149. {cause.hints[0].explanation}"
    )
