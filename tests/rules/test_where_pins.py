"""The `where` parser's edges that the mutation run (CONTRIBUTING.md) found unpinned: the
exact refusals (text, column, message), the length cap at its boundary, the `or` smart
constructor, a float selector value and the static type check's less common shapes (a bad
selector's shown text: `test_where.test_bad_selectors`)."""

from __future__ import annotations

import pytest

from sluitend.domains.rijk.vocabulary import BUDGET_COLUMNS
from sluitend.errors import WhereSyntaxError
from sluitend.rules.where import (
    MAX_DEPTH,
    MAX_LENGTH,
    Column,
    Compare,
    Literal,
    Or,
    Where,
    or_,
    parse_where,
    selector_to_where,
    type_problems,
)

A, B, C = (Compare(Column(n), "==", Literal(i)) for i, n in enumerate("abc", 1))


def _refusal(text: object) -> WhereSyntaxError:
    with pytest.raises(WhereSyntaxError) as info:
        parse_where(text)  # type: ignore[arg-type]
    return info.value


def test_nested_ors_are_flattened_and_a_single_item_is_itself() -> None:
    assert parse_where("a == 1 or (b == 2 or c == 3)").node == Or((A, B, C))
    assert or_(Or((A, B)), C) == Or((A, B, C))
    assert or_(A) is A


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Python's own message, without its parenthesised remark "(detected at line 1)".
        (
            "a == 'x",
            'invalid where expression "a == \'x" at column 6: unterminated string literal',
        ),
        # Not every syntax error is "invalid syntax": Python's message is kept.
        ("a == (1", "invalid where expression 'a == (1' at column 6: '(' was never closed"),
        (
            "1 in [1]",
            "invalid where expression '1 in [1]' at column 1: "
            "the left side of 'in' must be a column",
        ),
        (
            "a == (b == 1)",
            "invalid where expression 'a == (b == 1)' at column 7: "
            "expected a column or a literal; add parentheses",
        ),
        (
            "[x for x in y] == 1",
            "invalid where expression '[x for x in y] == 1' at column 1: "
            "ListComp is not part of the where language",
        ),
        # True is an int to Python, not a number to the where language.
        (
            "a == -True",
            "invalid where expression 'a == -True' at column 6: "
            "a sign (+ or -) goes before a number only",
        ),
        # ast refuses a lone surrogate before any node exists: no column to point at.
        (
            "a == '\ud800'",
            "invalid where expression \"a == '\\ud800'\": cannot parse: UnicodeEncodeError",
        ),
    ],
)
def test_exact_refusals(text: str, message: str) -> None:
    assert str(_refusal(text)) == message


def test_the_depth_refusal_points_at_the_first_node_too_deep() -> None:
    text = "not " * (MAX_DEPTH + 1) + "a == 1"
    error = _refusal(text)
    # Nodes 0 .. MAX_DEPTH are accepted; the next `not` starts at 4 * (MAX_DEPTH + 1) + 1.
    assert error.column == 4 * (MAX_DEPTH + 1) + 1
    assert error.detail == f"nested more than {MAX_DEPTH} levels deep"


def test_text_only() -> None:
    assert str(_refusal(5)) == "invalid where expression '5': expected the expression as text"


def test_the_length_cap_is_inclusive_and_the_refusal_shows_the_start() -> None:
    at_cap = "a == 1" + " " * (MAX_LENGTH - 6)
    assert len(at_cap) == MAX_LENGTH
    assert parse_where(at_cap).text == "a == 1"
    error = _refusal("b" * (MAX_LENGTH + 1))
    assert str(error) == (
        f"invalid where expression '{'b' * 40}...': longer than {MAX_LENGTH} characters"
    )


def test_a_finite_float_is_a_selector_value() -> None:
    assert selector_to_where({"bedrag": 1.5}).text == "bedrag == 1.5"


def test_type_problems_of_a_literal_on_the_left_and_after_two_columns() -> None:
    assert type_problems(parse_where("'2020' == jaar"), BUDGET_COLUMNS) == [
        "column 'jaar' holds numbers, got '2020'"
    ]
    # A comparison of two columns does not end the look at the leaves after it.
    assert type_problems(parse_where("jaar > artikel or vuo == 1"), BUDGET_COLUMNS) == [
        "column 'jaar' holds numbers and column 'artikel' holds text; they cannot be compared",
        "column 'vuo' holds text, got 1",
    ]


def test_type_problems_skip_a_hand_built_comparison_without_a_column() -> None:
    # The parser never makes one; a Where built from nodes may, and is not a type problem.
    where = Where(Compare(Literal(1), "==", Literal("x")))
    assert type_problems(where, BUDGET_COLUMNS) == []
