"""The `where` mini-language: which rows a rule looks at.

Grammar (a strict subset of Python expressions, parsed with `ast` and checked node by node
against a whitelist, never evaluated by Python):

    expr     := expr "or" expr | expr "and" expr | "not" expr | "(" expr ")" | test
    test     := operand OP operand            OP: == != < <= > >=
              | column "in" list | column "not in" list
    operand  := column | literal
    list     := "[" literal ("," literal)* "]"
    literal  := 'text' | "text" | 12 | -3 | 1.5 | true | false

At least one side of a comparison is a column; a chained comparison (`a < b < c`) is not
allowed. `Where.text` is the canonical form of the expression (what `dump_ruleset` writes);
`Where.node` is a tree of the frozen node classes below, which the engine evaluates.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sluitend.errors import WhereSyntaxError
from sluitend.rules.slips import where_fix

#: Longer expressions are refused before parsing: no rule needs them, and the cap keeps the
#: parser and the walker far from Python's recursion limit.
MAX_LENGTH = 2000
#: Deepest nesting of and/or/not the walker accepts.
MAX_DEPTH = 40

COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=")
LiteralValue = str | int | float | bool


@dataclass(frozen=True)
class Column:
    """A reference to a frame column."""

    name: str


@dataclass(frozen=True)
class Literal:
    """A constant: str, int, float (finite) or bool."""

    value: LiteralValue


Operand = Column | Literal


@dataclass(frozen=True)
class Compare:
    """`left op right`, op one of COMPARE_OPS; at least one side is a Column."""

    left: Operand
    op: str
    right: Operand


@dataclass(frozen=True)
class InList:
    """`column in [values]` (or `not in` when `negated`). Values are all text, all numbers
    or all booleans."""

    column: Column
    values: tuple[Literal, ...]
    negated: bool = False


@dataclass(frozen=True)
class And:
    """All of `items` (two or more; never an And itself: nested ands are flattened)."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any of `items` (two or more; never an Or itself)."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The negation of `item`."""

    item: Node


Node = Compare | InList | And | Or | Not


@dataclass(frozen=True)
class Where:
    """A parsed where expression: its tree, canonical text and the columns it reads.

    Build one with `parse_where`, `selector_to_where` or `Where(node)`.
    """

    node: Node
    text: str = field(init=False)
    columns: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", to_text(self.node))
        object.__setattr__(self, "columns", frozenset(c.name for c in iter_columns(self.node)))

    def __repr__(self) -> str:
        return f"Where({self.text!r})"

    def __str__(self) -> str:
        return self.text


# --- smart constructors (flatten, so that text -> node -> text is stable) -----------------


def and_(*items: Node) -> Node:
    """All of `items`, flattening nested Ands; a single item is returned as is."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, And) else (item,))
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def or_(*items: Node) -> Node:
    """Any of `items`, flattening nested Ors; a single item is returned as is."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, Or) else (item,))
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


# --- text ----------------------------------------------------------------------------------


def literal_text(value: LiteralValue) -> str:
    """The canonical text of a literal (Python syntax, booleans lower case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _operand_text(operand: Operand) -> str:
    return operand.name if isinstance(operand, Column) else literal_text(operand.value)


def to_text(node: Node) -> str:
    """The canonical text of a node; parsing it gives the same node back."""
    if isinstance(node, Compare):
        return f"{_operand_text(node.left)} {node.op} {_operand_text(node.right)}"
    if isinstance(node, InList):
        op = "not in" if node.negated else "in"
        values = ", ".join(literal_text(v.value) for v in node.values)
        return f"{node.column.name} {op} [{values}]"
    if isinstance(node, Not):
        inner = to_text(node.item)
        return f"not ({inner})" if isinstance(node.item, (And, Or)) else f"not {inner}"
    joiner = " and " if isinstance(node, And) else " or "
    # Parenthesise nested boolean operators: correct either way, easier to read.
    return joiner.join(
        f"({to_text(i)})" if isinstance(i, (And, Or)) else to_text(i) for i in node.items
    )


def iter_columns(node: Node) -> Iterator[Column]:
    """Every column reference in `node`, in reading order."""
    if isinstance(node, Compare):
        for side in (node.left, node.right):
            if isinstance(side, Column):
                yield side
    elif isinstance(node, InList):
        yield node.column
    elif isinstance(node, Not):
        yield from iter_columns(node.item)
    else:
        for item in node.items:
            yield from iter_columns(item)


# --- parsing -------------------------------------------------------------------------------

_CMP_OPS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_BOOL_NAMES = {"true": True, "false": False}
#: What a person most likely meant with a construct outside the language.
_REFUSED: dict[type[ast.AST], str] = {
    ast.Call: "function calls are not allowed",
    ast.Attribute: "attribute access (a.b) is not allowed",
    ast.Subscript: "indexing (a[b]) is not allowed",
    ast.BinOp: "arithmetic is not allowed; compare columns and literals only",
    ast.IfExp: "conditional expressions are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.NamedExpr: "assignment (:=) is not allowed",
    ast.JoinedStr: "f-strings are not allowed",
}


class _Parser:
    """Walks a Python expression tree, accepting only whitelisted nodes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.body = text.strip()
        self.lead = len(text) - len(text.lstrip())

    def fail(self, message: str, node: ast.AST | None = None) -> WhereSyntaxError:
        """The error to raise, pointing at `node`'s column (1-based, in characters)."""
        column = None
        if node is not None and hasattr(node, "col_offset"):
            # ast offsets count UTF-8 bytes of the stripped text; a person counts characters.
            prefix = self.body.encode("utf-8", "surrogatepass")[: node.col_offset]
            column = self.lead + len(prefix.decode("utf-8", errors="ignore")) + 1
        return WhereSyntaxError(self.text, message, column)

    def parse(self) -> Where:
        """The Where for the text, or WhereSyntaxError."""
        try:
            with warnings.catch_warnings():
                # e.g. "invalid escape sequence": Python's concern, not the rule author's.
                warnings.simplefilter("ignore")
                tree = ast.parse(self.body, mode="eval")
        except SyntaxError as exc:
            message = (exc.msg or "invalid syntax").split(" (")[0]
            # Clamp: at the end of the input Python reports 0 or one past the end.
            end = len(self.body) + 1
            offset = end if not exc.offset or exc.offset > end else exc.offset
            column = self.lead + offset
            fix = where_fix(self.body)
            if fix:
                message += f"; likely fix: {fix}"
            raise WhereSyntaxError(self.text, message, column) from None
        except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
            raise WhereSyntaxError(self.text, f"cannot parse: {type(exc).__name__}") from None
        return Where(self.node(tree.body, 0))

    def node(self, tree: ast.expr, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep", tree)
        if isinstance(tree, ast.BoolOp):
            items = [self.node(v, depth + 1) for v in tree.values]
            return and_(*items) if isinstance(tree.op, ast.And) else or_(*items)
        if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, ast.Not):
            return Not(self.node(tree.operand, depth + 1))
        if isinstance(tree, ast.Compare):
            return self.compare(tree)
        if isinstance(tree, (ast.Name, ast.Constant, ast.UnaryOp)):
            raise self.fail("expected a comparison such as vuo == 'U'", tree)
        raise self.fail(self.refusal(tree), tree)

    def refusal(self, tree: ast.AST) -> str:
        for kind, message in _REFUSED.items():
            if isinstance(tree, kind):
                return message
        return f"{type(tree).__name__} is not part of the where language"

    def compare(self, tree: ast.Compare) -> Node:
        if len(tree.ops) != 1:
            raise self.fail("chained comparisons are not allowed; join them with 'and'", tree)
        op, right = tree.ops[0], tree.comparators[0]
        if isinstance(op, (ast.In, ast.NotIn)):
            left = self.operand(tree.left)
            if not isinstance(left, Column):
                raise self.fail("the left side of 'in' must be a column", tree.left)
            return InList(left, self.values(right), negated=isinstance(op, ast.NotIn))
        if isinstance(op, (ast.Is, ast.IsNot)):
            raise self.fail("'is' is not allowed; use == or !=", tree)
        sides = (self.operand(tree.left), self.operand(right))
        if not any(isinstance(s, Column) for s in sides):
            raise self.fail("a comparison needs a column on at least one side", tree)
        return Compare(sides[0], _CMP_OPS[type(op)], sides[1])

    def values(self, tree: ast.expr) -> tuple[Literal, ...]:
        if not isinstance(tree, (ast.List, ast.Tuple)):
            raise self.fail("'in' needs a list of literals such as ['V', 'U']", tree)
        if not tree.elts:
            raise self.fail("'in' needs at least one value", tree)
        values = []
        for elt in tree.elts:
            value = self.operand(elt)
            if not isinstance(value, Literal):
                raise self.fail("a list holds literals only, not columns", elt)
            values.append(value)
        if len({literal_family(v.value) for v in values}) > 1:
            raise self.fail("a list holds all text, all numbers or all true/false", tree)
        return tuple(values)

    def operand(self, tree: ast.expr) -> Operand:
        if isinstance(tree, ast.Name):
            if tree.id in _BOOL_NAMES:
                return Literal(_BOOL_NAMES[tree.id])
            return Column(tree.id)
        sign, inner = 1, tree
        if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, (ast.USub, ast.UAdd)):
            sign, inner = (-1 if isinstance(tree.op, ast.USub) else 1), tree.operand
            if not (isinstance(inner, ast.Constant) and _is_number(inner.value)):
                raise self.fail("a sign (+ or -) goes before a number only", tree)
        if isinstance(inner, ast.Constant):
            value = inner.value
            if isinstance(value, (int, float)) and _is_number(value):
                return Literal(-value if sign < 0 else value)
            if isinstance(value, (str, bool)):
                return Literal(value)
            if isinstance(value, float):
                raise self.fail("the number is too large", tree)
            raise self.fail(f"{value!r} is not a literal of the where language", tree)
        if isinstance(tree, (ast.Compare, ast.BoolOp)) or (
            isinstance(tree, ast.UnaryOp) and isinstance(tree.op, ast.Not)
        ):
            raise self.fail("expected a column or a literal; add parentheses", tree)
        raise self.fail(self.refusal(tree), tree)


def _is_number(value: object) -> bool:
    """int or finite float, not bool (a bool is an int to Python, not to us)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def literal_family(value: LiteralValue) -> str:
    """A literal's family: "bool", "text" or "number" (the parser keeps a list in one)."""
    if isinstance(value, bool):
        return "bool"
    return "text" if isinstance(value, str) else "number"


def parse_where(text: str) -> Where:
    """Parse a where expression; raises WhereSyntaxError for anything outside the language."""
    if not isinstance(text, str):
        raise WhereSyntaxError(repr(text), "expected the expression as text")
    if len(text) > MAX_LENGTH:
        raise WhereSyntaxError(text[:40] + "...", f"longer than {MAX_LENGTH} characters")
    if not text.strip():
        raise WhereSyntaxError(text, "the expression is empty")
    bad = re.search(r"[\x00-\x1f\x7f]", text)
    if bad:
        raise WhereSyntaxError(
            text, "line breaks and control characters are not allowed", bad.start() + 1
        )
    return _Parser(text).parse()


def selector_to_where(table: Mapping[str, Any]) -> Where:
    """Turn an inline-table selector into a Where.

    `{vuo = "U", onderdeel = ""}` is `vuo == 'U' and onderdeel == ''`; a list value,
    `{vuo = ["V", "U"]}`, is `vuo in ['V', 'U']`. Raises WhereSyntaxError (with `.detail`
    naming the key) for anything else.
    """
    shown = "{" + ", ".join(f"{k} = {v!r}" for k, v in dict(table).items()) + "}"
    if not isinstance(table, Mapping) or not table:
        raise WhereSyntaxError(shown, "a selector needs at least one column = value")
    items: list[Node] = []
    for name, value in table.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise WhereSyntaxError(shown, f"{name!r} is not a column name")
        if isinstance(value, list):
            if not value:
                raise WhereSyntaxError(shown, f"column '{name}': the list of values is empty")
            literals = tuple(Literal(_selector_value(shown, name, v)) for v in value)
            if len({literal_family(v.value) for v in literals}) > 1:
                raise WhereSyntaxError(
                    shown, f"column '{name}': a list holds all text, all numbers or all true/false"
                )
            items.append(InList(Column(name), literals))
        else:
            items.append(Compare(Column(name), "==", Literal(_selector_value(shown, name, value))))
    return Where(and_(*items))


def _selector_value(shown: str, name: str, value: Any) -> LiteralValue:
    if isinstance(value, (str, int, bool)) or (isinstance(value, float) and math.isfinite(value)):
        return value
    raise WhereSyntaxError(
        shown,
        f"column '{name}': expected text, a number, true/false or a list of them, got {value!r}",
    )


def as_selector(where: Where) -> dict[str, LiteralValue | list[LiteralValue]] | None:
    """The selector table that gives `where` back, or None when it is not selector-shaped."""
    items = where.node.items if isinstance(where.node, And) else (where.node,)
    table: dict[str, LiteralValue | list[LiteralValue]] = {}
    value: LiteralValue | list[LiteralValue]
    for item in items:
        if (
            isinstance(item, Compare)
            and item.op == "=="
            and isinstance(item.left, Column)
            and isinstance(item.right, Literal)
        ):
            name, value = item.left.name, item.right.value
        elif isinstance(item, InList) and not item.negated:
            name, value = item.column.name, [v.value for v in item.values]
        else:
            return None
        if name in table:
            return None
        table[name] = value
    return table


# --- static type check against logical column types -----------------------------------------

_LOGICAL_FAMILY = {
    "int": "number",
    "Int64": "number",
    "float": "number",
    "string": "text",
    "category": "text",
    "bool": "bool",
}
_FAMILY_WORDS = {"number": "numbers", "text": "text", "bool": "true/false"}


def type_problems(where: Where, column_types: Mapping[str, str]) -> list[str]:
    """Mismatches between literals and the logical types of the columns they meet.

    `column_types` maps column -> logical type as in `vocabulary.DATASET_KINDS`. Unknown
    columns are skipped here (the loader reports them separately).
    """
    problems: list[str] = []
    for node in _leaves(where.node):
        if isinstance(node, InList):
            pairs = [(node.column, v) for v in node.values[:1]]
        elif isinstance(node.left, Column) and isinstance(node.right, Column):
            a, b = (column_types.get(c.name) for c in (node.left, node.right))
            if a and b and _LOGICAL_FAMILY.get(a) != _LOGICAL_FAMILY.get(b):
                problems.append(
                    f"column '{node.left.name}' holds {_FAMILY_WORDS[_LOGICAL_FAMILY[a]]} and "
                    f"column '{node.right.name}' holds {_FAMILY_WORDS[_LOGICAL_FAMILY[b]]}; "
                    "they cannot be compared"
                )
            continue
        else:
            column = node.left if isinstance(node.left, Column) else node.right
            literal = node.right if isinstance(node.right, Literal) else node.left
            pairs = (
                [(column, literal)]
                if isinstance(column, Column) and isinstance(literal, Literal)
                else []
            )
        for column, literal in pairs:
            logical = column_types.get(column.name)
            family = _LOGICAL_FAMILY.get(logical or "")
            if family and family != literal_family(literal.value):
                problems.append(
                    f"column '{column.name}' holds {_FAMILY_WORDS[family]}, "
                    f"got {literal_text(literal.value)}"
                )
    return problems


def _leaves(node: Node) -> Iterator[Compare | InList]:
    if isinstance(node, (Compare, InList)):
        yield node
    elif isinstance(node, Not):
        yield from _leaves(node.item)
    else:
        for item in node.items:
            yield from _leaves(item)
