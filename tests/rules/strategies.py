"""Hypothesis strategies for valid rules and rule sets of every kind."""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

from sluitend.rules.base import Rule, SizeThreshold, Tolerance
from sluitend.rules.change import ALONG, ChangeRule
from sluitend.rules.compare import OPS, PARTNERS, CompareRule
from sluitend.rules.equal import EqualRule
from sluitend.rules.exists import ExistsRule
from sluitend.rules.forbidden import ForbiddenRule
from sluitend.rules.hierarchy import HierarchyRule
from sluitend.rules.member import MemberRule
from sluitend.rules.missing import MISSING_MODES
from sluitend.rules.range import RangeRule
from sluitend.rules.reconcile import ReconcileRule, Rename, Side
from sluitend.rules.ruleset import RuleSet
from sluitend.rules.share import ShareRule
from sluitend.rules.sum import SumRule
from sluitend.rules.totals import TotalsRule
from sluitend.rules.unique import UniqueRule
from sluitend.rules.where import (
    COMPARE_OPS,
    Column,
    Compare,
    InList,
    Literal,
    Node,
    Not,
    Where,
    and_,
    or_,
)
from sluitend.vocabulary import DATASET_KINDS, SEVERITIES

BUDGET_KINDS = ("begrotingstabel", "begrotingsstaat")
_FAMILY = {
    "int": "number",
    "Int64": "number",
    "float": "number",
    "string": "text",
    "category": "text",
    "bool": "bool",
}

# No surrogates: a rule file is UTF-8 text and cannot hold them.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
_LITERALS = {
    "text": texts,
    "number": st.integers(-(10**9), 10**9) | finite,
    "bool": st.booleans(),
}


def columns_of(dataset: str, family: str | None = None) -> list[str]:
    cols = DATASET_KINDS[dataset]
    return [c for c, t in cols.items() if family is None or _FAMILY[t] == family]


@st.composite
def leaves(draw: st.DrawFn, dataset: str) -> Node:
    column = draw(st.sampled_from(columns_of(dataset)))
    family = _FAMILY[DATASET_KINDS[dataset][column]]
    literal = _LITERALS[family]
    shape = draw(st.sampled_from(["col-lit", "lit-col", "col-col", "in"]))
    if shape == "in":
        values = draw(st.lists(literal, min_size=1, max_size=3))
        return InList(Column(column), tuple(Literal(v) for v in values), draw(st.booleans()))
    op = draw(st.sampled_from(COMPARE_OPS))
    if shape == "col-col":
        other = draw(st.sampled_from(columns_of(dataset, family)))
        return Compare(Column(column), op, Column(other))
    value = Literal(draw(literal))
    if shape == "lit-col":
        return Compare(value, op, Column(column))
    return Compare(Column(column), op, value)


@cache
def wheres(dataset: str) -> st.SearchStrategy[Where]:
    nodes = st.recursive(
        leaves(dataset),
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: and_(*xs)),
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: or_(*xs)),
            inner.map(Not),
        ),
        max_leaves=6,
    )
    return nodes.map(Where)


tolerances = st.builds(
    Tolerance,
    absolute=st.just(0.0) | st.floats(0, 1e6),
    relative=st.just(0.0) | st.floats(0, 1),
    rounding=st.booleans(),
).flatmap(
    lambda t: (
        st.just(t)
        if not t.rounding
        else st.builds(
            Tolerance,
            absolute=st.just(t.absolute),
            relative=st.just(t.relative),
            rounding=st.just(True),
            sigma=st.just(0.0) | st.floats(0.5, 10),
        )
    )
)
thresholds = st.builds(
    SizeThreshold,
    severity=st.sampled_from(SEVERITIES),
    absolute=st.none() | st.floats(0, 1e6),
    share=st.none() | st.floats(0, 1),
).filter(lambda t: t.absolute is not None or t.share is not None)


@cache
def _optional_wheres(dataset: str) -> st.SearchStrategy[Where | None]:
    return st.none() | wheres(dataset)


@cache
def column_lists(dataset: str, min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(
        st.sampled_from(columns_of(dataset)), unique=True, min_size=min_size, max_size=5
    ).map(tuple)


@st.composite
def common(draw: st.DrawFn, dataset: str) -> dict:
    return {
        "dataset": dataset,
        "title": draw(texts),
        "severity": draw(st.sampled_from(SEVERITIES)),
        "where": draw(_optional_wheres(dataset)),
        "description": draw(texts),
        "severity_by_size": tuple(draw(st.lists(thresholds, max_size=2))),
    }


#: Dataset kinds with a number column (the Iv3 kengetallen and structure faults have none).
NUMBER_KINDS = tuple(k for k in DATASET_KINDS if columns_of(k, "number"))


@st.composite
def hierarchy_rules(draw: st.DrawFn, rule_id: str) -> HierarchyRule:
    dataset = draw(st.sampled_from(BUDGET_KINDS))
    return HierarchyRule(
        id=rule_id,
        **draw(common(dataset)),
        levels=draw(column_lists(dataset, 1)),
        by=draw(column_lists(dataset)),
        tolerance=draw(tolerances),
    )


@st.composite
def sum_rules(draw: st.DrawFn, rule_id: str) -> SumRule:
    # A sum adds up `bedrag`, which only the budget kinds hold (the loader refuses others).
    dataset = draw(st.sampled_from(BUDGET_KINDS))
    return SumRule(
        id=rule_id,
        **draw(common(dataset)),
        total=draw(wheres(dataset)),
        parts=draw(wheres(dataset)),
        by=draw(column_lists(dataset)),
        tolerance=draw(tolerances),
        missing=draw(st.sampled_from(MISSING_MODES)),
    )


@st.composite
def equal_rules(draw: st.DrawFn, rule_id: str) -> EqualRule:
    dataset = draw(st.sampled_from(NUMBER_KINDS))
    return EqualRule(
        id=rule_id,
        **draw(common(dataset)),
        left=draw(wheres(dataset)),
        right=draw(wheres(dataset)),
        on=draw(column_lists(dataset, 1)),
        column=draw(st.sampled_from(columns_of(dataset, "number"))),
        tolerance=draw(tolerances),
    )


@st.composite
def range_rules(draw: st.DrawFn, rule_id: str) -> RangeRule:
    dataset = draw(st.sampled_from(NUMBER_KINDS))
    low, high = sorted([draw(finite), draw(finite)])
    bounds = draw(st.sampled_from([(low, None), (None, high), (low, high)]))
    return RangeRule(
        id=rule_id,
        **draw(common(dataset)),
        column=draw(st.sampled_from(columns_of(dataset, "number"))),
        min=bounds[0],
        max=bounds[1],
    )


@st.composite
def unique_rules(draw: st.DrawFn, rule_id: str) -> UniqueRule:
    dataset = draw(st.sampled_from(NUMBER_KINDS))
    return UniqueRule(id=rule_id, **draw(common(dataset)), columns=draw(column_lists(dataset)))


@st.composite
def sides(draw: st.DrawFn, dataset: str, with_dataset: bool) -> Side:
    text_columns = columns_of(dataset, "text")
    text_columns = [c for c in text_columns if DATASET_KINDS[dataset][c] == "string"]
    renames = st.builds(
        Rename,
        column=st.sampled_from(text_columns),
        map=st.dictionaries(texts, texts, min_size=1, max_size=3).map(lambda d: tuple(d.items())),
        where=_optional_wheres(dataset),
    )
    return Side(
        dataset=dataset if with_dataset else "",
        where=draw(_optional_wheres(dataset)),
        fase=draw(st.none() | st.sampled_from(("OWB", "JV"))),
        jaar=draw(st.none() | st.integers(-5, 5)),
        rename=tuple(draw(st.lists(renames, max_size=2))),
    )


@st.composite
def reconcile_rules(draw: st.DrawFn, rule_id: str) -> ReconcileRule:
    dataset = draw(st.sampled_from(BUDGET_KINDS))
    other = draw(st.sampled_from(BUDGET_KINDS))
    on = draw(column_lists(dataset, 1))
    # A scope is compared on the paired key values: the loader refuses one outside `on`.
    scope = draw(st.lists(st.sampled_from(on), unique=True).map(tuple))
    return ReconcileRule(
        id=rule_id,
        **draw(common(dataset)),
        left=draw(sides(dataset, False)),
        right=draw(sides(other, True)),
        on=on,
        scope=scope,
        column=draw(st.sampled_from(columns_of(dataset, "number"))),
        tolerance=draw(tolerances),
    )


@st.composite
def compare_rules(draw: st.DrawFn, rule_id: str) -> CompareRule:
    dataset = draw(st.sampled_from(NUMBER_KINDS))
    with_value = draw(st.booleans())
    return CompareRule(
        id=rule_id,
        **draw(common(dataset)),
        left=draw(wheres(dataset)),
        op=draw(st.sampled_from(OPS)),
        right=None if with_value else draw(wheres(dataset)),
        value=draw(st.integers(-1000, 1000).map(float)) if with_value else None,
        on=() if with_value else draw(column_lists(dataset, 1)),
        partner="key"
        if with_value or dataset not in BUDGET_KINDS
        else draw(st.sampled_from(PARTNERS)),
        column=draw(st.sampled_from(columns_of(dataset, "number"))),
        tolerance=draw(tolerances),
        missing=draw(st.sampled_from(MISSING_MODES)),
    )


codes = st.lists(texts, max_size=4).map(tuple)


def _text_columns(dataset: str) -> list[str]:
    return [c for c, t in DATASET_KINDS[dataset].items() if t == "string"]


@st.composite
def member_rules(draw: st.DrawFn, rule_id: str) -> MemberRule:
    dataset = draw(st.sampled_from(NUMBER_KINDS))
    return MemberRule(
        id=rule_id,
        **draw(common(dataset)),
        code_column=draw(st.sampled_from(_text_columns(dataset))),
        codes=draw(codes),
        message=draw(texts),
    )


@st.composite
def forbidden_rules(draw: st.DrawFn, rule_id: str) -> ForbiddenRule:
    dataset = draw(st.sampled_from(BUDGET_KINDS))
    columns = draw(column_lists(dataset, 1))
    combos = draw(st.lists(st.tuples(*[texts] * len(columns)), max_size=3))
    return ForbiddenRule(
        id=rule_id,
        **draw(common(dataset)),
        columns=columns,
        combinations=tuple(combos),
        amount=draw(st.sampled_from(columns_of(dataset, "number"))),
        message=draw(texts),
    )


@st.composite
def totals_rules(draw: st.DrawFn, rule_id: str) -> TotalsRule:
    dataset = draw(st.sampled_from(NUMBER_KINDS))
    return TotalsRule(
        id=rule_id,
        **draw(common(dataset)),
        left=draw(wheres(dataset)),
        right=draw(wheres(dataset)),
        by=draw(column_lists(dataset)),
        amount=draw(st.sampled_from(columns_of(dataset, "number"))),
        measure=draw(st.sampled_from(["difference", "percentage"])),
        max_percentage=draw(st.floats(0, 100)),
        tolerance=draw(tolerances),
        message=draw(texts),
        missing_message=draw(texts),
        left_name=draw(texts),
        right_name=draw(texts),
    )


@st.composite
def change_rules(draw: st.DrawFn, rule_id: str) -> ChangeRule:
    dataset = draw(st.sampled_from(("begrotingstabel", "begrotingsstaat")))
    bounds = draw(st.sampled_from(("absolute", "relative", "both")))
    return ChangeRule(
        id=rule_id,
        **draw(common(dataset)),
        along=draw(st.sampled_from(ALONG)),
        column=draw(st.sampled_from(columns_of(dataset, "number"))),
        absolute=None if bounds == "relative" else draw(st.integers(0, 10**6).map(float)),
        relative=None if bounds == "absolute" else draw(st.sampled_from((0.1, 0.5, 2.0))),
    )


@st.composite
def share_rules(draw: st.DrawFn, rule_id: str) -> ShareRule:
    dataset = draw(st.sampled_from(NUMBER_KINDS))
    return ShareRule(
        id=rule_id,
        **draw(common(dataset)),
        part=draw(wheres(dataset)),
        base=draw(_optional_wheres(dataset)),
        by=draw(column_lists(dataset)),
        amount=draw(st.sampled_from(columns_of(dataset, "number"))),
        measure=draw(st.sampled_from(["percentage", "value"])),
        max_percentage=draw(st.floats(0, 100)),
        max_value=draw(st.floats(0, 1e9)),
        message=draw(texts),
        missing_message=draw(texts),
        right_name=draw(texts),
    )


@st.composite
def exists_rules(draw: st.DrawFn, rule_id: str) -> ExistsRule:
    dataset = draw(st.sampled_from(tuple(DATASET_KINDS)))
    return ExistsRule(
        id=rule_id,
        **draw(common(dataset)),
        require=tuple(draw(st.lists(wheres(dataset), min_size=1, max_size=2))),
        by=draw(column_lists(dataset)),
        when=draw(_optional_wheres(dataset)),
        within=draw(column_lists(dataset)),
    )


RULE_STRATEGIES = {
    "member": member_rules,
    "forbidden": forbidden_rules,
    "totals": totals_rules,
    "share": share_rules,
    "hierarchy": hierarchy_rules,
    "sum": sum_rules,
    "equal": equal_rules,
    "range": range_rules,
    "unique": unique_rules,
    "reconcile": reconcile_rules,
    "compare": compare_rules,
    "change": change_rules,
    "exists": exists_rules,
}
rule_ids = st.from_regex(r"[A-Z]{1,3}[0-9]{1,3}", fullmatch=True)


@st.composite
def any_rule(draw: st.DrawFn, rule_id: str) -> Rule:
    kind = draw(st.sampled_from(sorted(RULE_STRATEGIES)))
    return draw(RULE_STRATEGIES[kind](rule_id))


@st.composite
def rulesets(draw: st.DrawFn) -> RuleSet:
    ids = draw(st.lists(rule_ids, min_size=1, max_size=6, unique=True))
    rules = tuple(draw(any_rule(i)) for i in ids)
    name = draw(texts.filter(lambda t: t.strip() != ""))
    return RuleSet(name=name, description=draw(texts), rules=rules)
