"""Checks of a rule set as a whole: rules that contradict each other, `where` expressions
that can never hold, rules that duplicate another, rules that no row can reach.

The analysis is static: every `where` is put in disjunctive normal form and each
conjunction is checked with a small interval and set analysis per column (the values a
column can still take), never by evaluating it on data. What it cannot decide (column
against column, more than `MAX_TERMS` conjunctions) it treats as "can hold", so a lint
message is never a guess.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from sluitend.rules.base import Rule
from sluitend.rules.ruleset import RuleSet
from sluitend.rules.where import (
    And,
    Column,
    Compare,
    InList,
    Literal,
    LiteralValue,
    Node,
    Not,
    Or,
    Where,
    to_text,
)
from sluitend.vocabulary import DATASET_CODES

#: A where expression with more conjunctions than this in normal form is not analysed.
MAX_TERMS = 256
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
#: Keys of a rule that select rows, in the order messages name them.
_SELECTOR_KEYS = ("where", "left", "right", "total", "parts")
#: Presentation-only fields: two rules that differ only in these check the same.
_WORDING = ("id", "title", "description", "severity", "severity_by_size")


def domains(kind: str) -> dict[str, frozenset[LiteralValue]]:
    """The values a column of this dataset kind can hold, where the kind fixes them
    (`vocabulary.DATASET_CODES`): the codes of category columns, and the one value of a
    text column that has only one (a begrotingsstaat's levels, all "")."""
    codes = DATASET_CODES.get(kind, {})
    return {column: frozenset(values) for column, values in codes.items()}


# --- normal form ----------------------------------------------------------------------------

Literal_ = Compare | InList


def _negate(node: Node) -> Node:
    if isinstance(node, Compare):
        return Compare(node.left, _NEGATE[node.op], node.right)
    if isinstance(node, InList):
        return InList(node.column, node.values, not node.negated)
    if isinstance(node, Not):
        return node.item
    if isinstance(node, And):
        return Or(tuple(_negate(i) for i in node.items))
    return And(tuple(_negate(i) for i in node.items))


def conjunctions(node: Node) -> list[list[Literal_]] | None:
    """The where in disjunctive normal form (negations pushed to the comparisons), or None
    when it has more than MAX_TERMS conjunctions."""
    if isinstance(node, Not):
        return conjunctions(_negate(node.item))
    if isinstance(node, (Compare, InList)):
        return [[node]]
    parts = [conjunctions(i) for i in node.items]
    if any(p is None for p in parts):
        return None
    if isinstance(node, Or):
        out = [term for p in parts for term in p or []]
        return out if len(out) <= MAX_TERMS else None
    terms: list[list[Literal_]] = [[]]
    for p in parts:
        terms = [a + b for a in terms for b in p or []]
        if len(terms) > MAX_TERMS:
            return None
    return terms


# --- what one conjunction allows per column -------------------------------------------------


@dataclass
class _Values:
    """The values one column may still take: a finite set (or any), minus exclusions,
    within an interval (numbers)."""

    allowed: set[LiteralValue] | None = None
    excluded: set[LiteralValue] = field(default_factory=set)
    low: float = -math.inf
    low_open: bool = False
    high: float = math.inf
    high_open: bool = False

    def restrict(self, values: Iterable[LiteralValue]) -> None:
        values = set(values)
        self.allowed = values if self.allowed is None else self.allowed & values

    def bound(self, op: str, value: float) -> None:
        if op in ("<", "<="):
            if value < self.high or (value == self.high and op == "<"):
                self.high, self.high_open = value, op == "<"
        elif value > self.low or (value == self.low and op == ">"):
            self.low, self.low_open = value, op == ">"

    def _inside(self, value: LiteralValue) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return math.isinf(self.low) and math.isinf(self.high)
        above = value > self.low or (value == self.low and not self.low_open)
        below = value < self.high or (value == self.high and not self.high_open)
        return above and below

    def empty(self) -> bool:
        if self.allowed is not None:
            return not any(v not in self.excluded and self._inside(v) for v in self.allowed)
        if self.low > self.high:
            return True
        return self.low == self.high and (
            self.low_open or self.high_open or self.low in self.excluded
        )


def _apply(values: dict[str, _Values], item: Literal_) -> bool:
    """Narrow `values` by one comparison; False when it is not a column-literal one."""
    if isinstance(item, InList):
        column = values.setdefault(item.column.name, _Values())
        literals = [v.value for v in item.values]
        if item.negated:
            column.excluded.update(literals)
        else:
            column.restrict(literals)
        return True
    left, op, right = item.left, item.op, item.right
    if isinstance(left, Literal) and isinstance(right, Column):
        left, op, right = right, _FLIP[op], left
    if not (isinstance(left, Column) and isinstance(right, Literal)):
        return False  # column against column: not analysed
    column = values.setdefault(left.name, _Values())
    value = right.value
    if op == "==":
        column.restrict([value])
    elif op == "!=":
        column.excluded.add(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) and abs(value) >= 2**1023:  # no float holds it
            return False
        column.bound(op, float(value))
    else:
        return False  # text ordering: not analysed
    return True


def term_holds(term: Sequence[Literal_], domain: Mapping[str, frozenset[LiteralValue]]) -> bool:
    """Whether some row can satisfy every comparison of `term` (True when unsure)."""
    values: dict[str, _Values] = {}
    for item in term:
        _apply(values, item)
    for name, column in values.items():
        if name in domain:
            column.restrict(domain[name])
        if column.empty():
            return False
    return True


def can_hold(wheres: Sequence[Where | None], domain: Mapping[str, frozenset[LiteralValue]]) -> bool:
    """Whether one row can match every where in `wheres` at once (None matches every row)."""
    nodes = [w.node for w in wheres if w is not None]
    if not nodes:
        return True
    terms = conjunctions(And(tuple(nodes)) if len(nodes) > 1 else nodes[0])
    if terms is None:
        return True
    return any(term_holds(t, domain) for t in terms)


# --- the checks -----------------------------------------------------------------------------


def _selectors(rule: Rule) -> Iterator[tuple[str, Where]]:
    for key in _SELECTOR_KEYS:
        value = getattr(rule, key, None)
        if isinstance(value, Where):
            yield key, value


def _checked_rows(rule: Rule) -> list[Where | None]:
    """The wheres that together select the rows a rule checks (its stated side)."""
    own = getattr(rule, "left", None) or getattr(rule, "total", None)
    if own is not None and not isinstance(own, Where):  # a reconciliation's Side
        own = getattr(own, "where", None)
    return [own, rule.where]


def never_holds(ruleset: RuleSet) -> list[str]:
    """Rules with a selector no row can match, alone or together with `where`."""
    out = []
    for rule in ruleset:
        domain = domains(rule.dataset)
        bad = False
        for key, where in _selectors(rule):
            if not can_hold([where], {}):
                out.append(f"rule '{rule.id}': key '{key}' can never hold: {where.text}")
                bad = True
            elif not can_hold([where], domain):
                out.append(
                    f"rule '{rule.id}': key '{key}' matches no row a {rule.dataset} can have "
                    f"({_domain_text(where, domain)}): {where.text}"
                )
                bad = True
        checked = [w for w in _checked_rows(rule) if w is not None]
        if not bad and len(checked) == 2 and not can_hold(checked, domain):
            own = "left" if getattr(rule, "left", None) is not None else "total"
            out.append(
                f"rule '{rule.id}': keys '{own}' and 'where' never hold together: "
                f"{checked[0].text} / {checked[1].text}"
            )
    return out


def _domain_text(where: Where, domain: Mapping[str, frozenset[LiteralValue]]) -> str:
    names = sorted(c for c in where.columns if c in domain)
    return "; ".join(
        f"{n} is always {next(iter(domain[n]))!r}"
        if len(domain[n]) == 1
        else f"{n} is one of {', '.join(map(repr, sorted(map(str, domain[n]))))}"
        for n in names
    )


def _canonical(where: Where | None) -> str | None:
    """A where's text with the items of every and/or sorted: equal meaning, equal text
    for the reorderings a person writes."""
    if where is None:
        return None

    def walk(node: Node) -> str:
        if isinstance(node, (And, Or)):
            items = sorted(walk(i) for i in node.items)
            return ("and" if isinstance(node, And) else "or") + "(" + ",".join(items) + ")"
        if isinstance(node, Not):
            return f"not({walk(node.item)})"
        if isinstance(node, InList):
            return to_text(InList(node.column, tuple(sorted(node.values, key=repr)), node.negated))
        return to_text(node)

    return walk(where.node)


def _meaning(rule: Rule) -> tuple[object, ...]:
    parts: list[object] = [rule.kind, rule.dataset]
    for f in dataclasses.fields(rule):
        if f.name in _WORDING or f.name == "dataset":
            continue
        value = getattr(rule, f.name)
        if isinstance(value, Where) or (value is None and f.name in _SELECTOR_KEYS):
            value = _canonical(value)
        elif f.name in ("on", "by", "columns") and isinstance(value, tuple):
            value = tuple(sorted(value))
        parts.append((f.name, value))
    return tuple(parts)


def duplicates(ruleset: RuleSet) -> list[str]:
    """Rules of the same kind that check the same thing under different ids."""
    first: dict[tuple[object, ...], str] = {}
    out = []
    for rule in ruleset:
        key = _meaning(rule)
        if key in first:
            out.append(
                f"rules '{first[key]}' and '{rule.id}' check the same thing: both are "
                f"{rule.kind} rules on {rule.dataset} that differ only in id, title, "
                "description or severity"
            )
        else:
            first[key] = rule.id
    return out


# --- contradictions -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bound:
    """What a rule demands of one column on its checked rows: a value interval."""

    rule: Rule
    column: str
    low: float
    low_open: bool
    high: float
    high_open: bool
    rows: tuple[Where | None, ...]

    def text(self) -> str:
        if self.low == self.high:
            return f"{self.column} == {_num(self.low)}"
        parts = []
        if not math.isinf(self.low):
            parts.append(f"{self.column} {'>' if self.low_open else '>='} {_num(self.low)}")
        if not math.isinf(self.high):
            parts.append(f"{self.column} {'<' if self.high_open else '<='} {_num(self.high)}")
        return " and ".join(parts)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _bounds(rule: Rule) -> _Bound | None:
    """The interval a range rule, or a compare rule against a fixed value, demands."""
    inf = math.inf
    if rule.kind == "range":
        low = rule.min if rule.min is not None else -inf  # type: ignore[attr-defined]
        high = rule.max if rule.max is not None else inf  # type: ignore[attr-defined]
        return _Bound(rule, rule.column, low, False, high, False, (rule.where,))  # type: ignore[attr-defined]
    if rule.kind == "compare" and getattr(rule, "value", None) is not None:
        if not rule.tolerance.is_exact:  # type: ignore[attr-defined]
            return None
        v, op = float(rule.value), rule.op  # type: ignore[attr-defined]
        shape = {
            "<": (-inf, False, v, True),
            "<=": (-inf, False, v, False),
            ">": (v, True, inf, False),
            ">=": (v, False, inf, False),
            "==": (v, False, v, False),
        }.get(op)
        if shape is None:
            return None
        return _Bound(rule, rule.column, *shape, (rule.left, rule.where))  # type: ignore[attr-defined]
    return None


def _disjoint(a: _Bound, b: _Bound) -> bool:
    if a.high < b.low or b.high < a.low:
        return True
    if a.high == b.low:
        return a.high_open or b.low_open
    if b.high == a.low:
        return b.high_open or a.low_open
    return False


#: Per relation on d = left - right: (low, low open, high, high open); != is left out.
_RELATION = {
    "<": (-math.inf, False, 0.0, True),
    "<=": (-math.inf, False, 0.0, False),
    "==": (0.0, False, 0.0, False),
    ">=": (0.0, False, math.inf, False),
    ">": (0.0, True, math.inf, False),
}


def _pair(rule: Rule) -> tuple[tuple[object, ...], str] | None:
    """(what a pairwise rule compares, its relation) for equal and compare-with-right."""
    if rule.kind == "equal" and rule.tolerance.is_exact:  # type: ignore[attr-defined]
        op = "=="
    elif rule.kind == "compare" and rule.right is not None and rule.tolerance.is_exact:  # type: ignore[attr-defined]
        op = rule.op  # type: ignore[attr-defined]
    else:
        return None
    partner = getattr(rule, "partner", "key")
    key = (
        rule.dataset,
        _canonical(rule.left),  # type: ignore[attr-defined]
        _canonical(rule.right),  # type: ignore[attr-defined]
        tuple(sorted(rule.on)),  # type: ignore[attr-defined]
        partner,
        rule.column,  # type: ignore[attr-defined]
    )
    return key, op


def contradictions(ruleset: RuleSet) -> list[str]:
    """Pairs of rules that cannot both hold on the rows both check."""
    out = []
    bounds = [b for b in (_bounds(r) for r in ruleset) if b is not None]
    for i, a in enumerate(bounds):
        for b in bounds[i + 1 :]:
            if a.rule.dataset != b.rule.dataset or a.column != b.column:
                continue
            if not _disjoint(a, b):
                continue
            if not can_hold([*a.rows, *b.rows], domains(a.rule.dataset)):
                continue  # they never check the same row
            out.append(
                f"rules '{a.rule.id}' and '{b.rule.id}' contradict each other: "
                f"'{a.rule.id}' needs {a.text()}, '{b.rule.id}' needs {b.text()}, "
                "on rows both check"
            )
    pairs = [(r, p) for r in ruleset if (p := _pair(r)) is not None]
    for i, (ra, (ka, opa)) in enumerate(pairs):
        for rb, (kb, opb) in pairs[i + 1 :]:
            swapped = (kb[0], kb[2], kb[1], *kb[3:])
            if kb == ka:
                other = opb
            elif swapped == ka and kb[4] == "key":
                other = _FLIP[opb]
            else:
                continue
            if opa not in _RELATION or other not in _RELATION:
                continue
            la, loa, ha, hoa = _RELATION[opa]
            lb, lob, hb, hob = _RELATION[other]
            x = _Bound(ra, "d", la, loa, ha, hoa, ())
            y = _Bound(rb, "d", lb, lob, hb, hob, ())
            if not _disjoint(x, y):
                continue
            if not can_hold([ra.where, rb.where], domains(ra.dataset)):
                continue
            out.append(
                f"rules '{ra.id}' and '{rb.id}' contradict each other: '{ra.id}' needs "
                f"left {opa} right, '{rb.id}' needs left {other} right, for the same pairs"
            )
    return out


def lint(ruleset: RuleSet) -> list[str]:
    """Every problem of the set, each naming the rule or rules it is about."""
    return [*never_holds(ruleset), *duplicates(ruleset), *contradictions(ruleset)]
