"""The where mini-language: parsing, canonical text, selectors, refusals, robustness."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sluitend.domains.rijk.vocabulary import BUDGET_COLUMNS
from sluitend.errors import WhereSyntaxError
from sluitend.rules.where import (
    COMPARE_OPS,
    MAX_DEPTH,
    MAX_LENGTH,
    And,
    Column,
    Compare,
    InList,
    Literal,
    Not,
    Or,
    Where,
    as_selector,
    parse_where,
    selector_to_where,
    type_problems,
)


def test_comparison_becomes_compare_node() -> None:
    where = parse_where("vuo == 'U'")
    assert where.node == Compare(Column("vuo"), "==", Literal("U"))
    assert where.columns == frozenset({"vuo"})
    assert where.text == "vuo == 'U'"


def test_column_against_column() -> None:
    where = parse_where("jaar >= begrotingsjaar")
    assert where.node == Compare(Column("jaar"), ">=", Column("begrotingsjaar"))
    assert where.columns == {"jaar", "begrotingsjaar"}


@pytest.mark.parametrize("op", ["==", "!=", "<", "<=", ">", ">="])
def test_every_comparison_operator(op: str) -> None:
    assert parse_where(f"jaar {op} 2020").node == Compare(Column("jaar"), op, Literal(2020))


def test_literal_on_the_left_keeps_its_place() -> None:
    assert parse_where("2020 <= jaar").node == Compare(Literal(2020), "<=", Column("jaar"))


def test_in_and_not_in() -> None:
    assert parse_where("vuo in ['V', 'U']").node == InList(
        Column("vuo"), (Literal("V"), Literal("U"))
    )
    assert parse_where("vuo not in ('O',)").node == InList(
        Column("vuo"), (Literal("O"),), negated=True
    )


def test_boolean_operators_and_flattening() -> None:
    where = parse_where("a == 1 and (b == 2 and c == 3) or not d == 4")
    a, b, c, d = (Compare(Column(n), "==", Literal(i)) for i, n in enumerate("abcd", 1))
    assert where.node == Or((And((a, b, c)), Not(d)))
    assert where.text == "(a == 1 and b == 2 and c == 3) or not d == 4"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("x == 'tekst'", "tekst"),
        ('x == "dubbel"', "dubbel"),
        ("x == 12", 12),
        ("x == -3", -3),
        ("x == +3", 3),
        ("x == 1.5", 1.5),
        ("x == -1.5", -1.5),
        ("x == true", True),
        ("x == false", False),
        ("x == True", True),
    ],
)
def test_literals(text: str, value: object) -> None:
    node = parse_where(text).node
    assert isinstance(node, Compare)
    assert isinstance(node.right, Literal)
    assert node.right.value == value
    assert type(node.right.value) is type(value)


@pytest.mark.parametrize(
    "text",
    [
        "vuo == 'U' and onderdeel == ''",
        "jaar >= begrotingsjaar",
        "not (a == 1 or b in [1, 2.5]) and c not in ['x']",
        "x == true or y != -2",
        "label == 'it\\'s \"quoted\"'",
        "not not a == 1",
    ],
)
def test_canonical_text_parses_to_the_same_where(text: str) -> None:
    where = parse_where(text)
    assert parse_where(where.text) == where


def test_leading_and_trailing_spaces_are_fine() -> None:
    assert parse_where("  vuo == 'U'  ") == parse_where("vuo == 'U'")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a < b < c",
            "invalid where expression 'a < b < c' at column 1: chained "
            "comparisons are not allowed; join them with 'and'",
        ),
        (
            "f(x) == 1",
            "invalid where expression 'f(x) == 1' at column 1: function calls are not allowed",
        ),
        (
            "a.b == 1",
            "invalid where expression 'a.b == 1' at column 1: "
            "attribute access (a.b) is not allowed",
        ),
        (
            "a + 1 == 2",
            "invalid where expression 'a + 1 == 2' at column 1: "
            "arithmetic is not allowed; compare columns and literals only",
        ),
        (
            "1 == 2",
            "invalid where expression '1 == 2' at column 1: "
            "a comparison needs a column on at least one side",
        ),
        (
            "vuo",
            "invalid where expression 'vuo' at column 1: expected a comparison such as vuo == 'U'",
        ),
        (
            "a == None",
            "invalid where expression 'a == None' at column 6: "
            "None is not a literal of the where language",
        ),
        (
            "a in []",
            "invalid where expression 'a in []' at column 6: 'in' needs at least one value",
        ),
        (
            "a in [1, 'x']",
            "invalid where expression \"a in [1, 'x']\" at column 6: "
            "a list holds all text, all numbers or all true/false",
        ),
        (
            "a in [b]",
            "invalid where expression 'a in [b]' at column 7: "
            "a list holds literals only, not columns",
        ),
        (
            "a in 'x'",
            "invalid where expression \"a in 'x'\" at column 6: "
            "'in' needs a list of literals such as ['V', 'U']",
        ),
        (
            "a is 1",
            "invalid where expression 'a is 1' at column 1: 'is' is not allowed; use == or !=",
        ),
        (
            "-a == 1",
            "invalid where expression '-a == 1' at column 1: "
            "a sign (+ or -) goes before a number only",
        ),
        (
            "a == 1e999",
            "invalid where expression 'a == 1e999' at column 6: the number is too large",
        ),
        ("a == ", "invalid where expression 'a == ' at column 5: invalid syntax"),
        ("", "invalid where expression '': the expression is empty"),
        (
            "a == 1\nb == 2",
            "invalid where expression 'a == 1\\nb == 2' at column 7: "
            "line breaks and control characters are not allowed",
        ),
        (
            "é == 1 and ë.x == 2",
            "invalid where expression 'é == 1 and ë.x == 2' at column 12: "
            "attribute access (a.b) is not allowed",
        ),
        (
            "  a == b == c",
            "invalid where expression '  a == b == c' at column 3: "
            "chained comparisons are not allowed; join them with 'and'",
        ),
    ],
)
def test_refusals_name_the_column(text: str, message: str) -> None:
    with pytest.raises(WhereSyntaxError) as info:
        parse_where(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "(lambda: 1)() == 1",
        "[x for x in y] == 1",
        "a == f'{b}'",
        "(a := 1) == 1",
        "a == (1 if b else 2)",
        "a[0] == 1",
        "a == b'bytes'",
        "a == 1j",
        "a == ...",
    ],
)
def test_no_escape_from_the_whitelist(text: str) -> None:
    with pytest.raises(WhereSyntaxError):
        parse_where(text)


def test_length_cap() -> None:
    text = " or ".join(["a == 1"] * 400)
    assert len(text) > MAX_LENGTH
    with pytest.raises(WhereSyntaxError, match="longer than"):
        parse_where(text)


def test_depth_cap() -> None:
    with pytest.raises(WhereSyntaxError, match="nested more than"):
        parse_where("not " * (MAX_DEPTH + 1) + "a == 1")
    parse_where("not " * MAX_DEPTH + "a == 1")  # exactly as deep as allowed


def _nested(levels: int) -> str:
    """`levels` and/or operators, each inside the parentheses of the one before."""
    text = "a == 1"
    for i in range(levels):
        text = f"b == {i} {'and' if i % 2 else 'or'} ({text})"
    return text


def test_depth_cap_counts_and_and_or_too() -> None:
    with pytest.raises(WhereSyntaxError, match=f"nested more than {MAX_DEPTH} levels deep"):
        parse_where(_nested(MAX_DEPTH + 1))
    assert parse_where(_nested(MAX_DEPTH)).text.count("(") == MAX_DEPTH - 1


def test_deep_parentheses_are_a_where_error() -> None:
    with pytest.raises(WhereSyntaxError):
        parse_where("(" * 500 + "a == 1" + ")" * 500)


@settings(max_examples=400)
@given(st.text(max_size=120))
def test_arbitrary_text_raises_only_where_syntax_error(text: str) -> None:
    # Random text is almost never a where expression: this test only says that nothing
    # else is raised. The round trip is `test_every_sentence_of_the_grammar_round_trips`.
    with contextlib.suppress(WhereSyntaxError):
        parse_where(text)


# --- sentences of the grammar (the module docstring's), as text -------------------------

_COLUMNS = st.sampled_from(["vuo", "jaar", "bedrag", "onderdeel", "waarvan", "a", "b_2"])
_SPACE = st.sampled_from(["", " ", "  "])


def _quoted(quote: str) -> st.SearchStrategy[str]:
    """Text in `quote`s: any printable character but that quote and the backslash."""
    body = st.text(
        st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters=quote + "\\"),
        max_size=8,
    )
    return body.map(lambda b: quote + b + quote)


_LITERALS = {
    "text": _quoted("'") | _quoted('"'),
    "number": st.integers(-(10**6), 10**6).map(str)
    | st.floats(-1e6, 1e6, allow_nan=False).map(repr)
    | st.integers(0, 99).map(lambda n: f"- {n}"),
    "bool": st.sampled_from(["true", "false"]),
}


@st.composite
def _tests(draw: st.DrawFn) -> str:
    """One `test` of the grammar: a comparison or an `in` / `not in` list."""
    column = draw(_COLUMNS)
    family = draw(st.sampled_from(sorted(_LITERALS)))
    literal = _LITERALS[family]
    sp = draw(_SPACE)
    shape = draw(st.sampled_from(["col-lit", "lit-col", "col-col", "in", "not in"]))
    if shape in ("in", "not in"):
        values = draw(st.lists(literal, min_size=1, max_size=3))
        return f"{column} {shape} [{sp}{(',' + sp).join(values)}{sp}]"
    op = draw(st.sampled_from(COMPARE_OPS))
    right = draw(_COLUMNS) if shape == "col-col" else draw(literal)
    left, right = (right, column) if shape == "lit-col" else (column, right)
    return f"{left}{sp}{op}{sp}{right}"


@st.composite
def _binary(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    """`left and right` or `left or right`, each side in parentheses or not (without them,
    Python's precedence decides: `and` binds tighter than `or`)."""
    sides = []
    for _ in range(2):
        side = draw(children)
        if draw(st.booleans()):
            side = f"({draw(_SPACE)}{side})"
        sides.append(side)
    return f"{sides[0]} {draw(st.sampled_from(['and', 'or']))} {sides[1]}"


def _combined(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        _binary(children),
        _binary(children),  # twice: and/or trees are where precedence and parentheses bite
        children.map(lambda e: f"not {e}"),
        st.tuples(_SPACE, children).map(lambda t: f"({t[0]}{t[1]}{t[0]})"),
    )


#: Every expression the grammar derives (depth well under MAX_DEPTH).
grammar_sentences = st.recursive(_tests(), _combined, max_leaves=12)


@settings(max_examples=300)
@given(grammar_sentences)
def test_every_sentence_of_the_grammar_round_trips(text: str) -> None:
    where = parse_where(text)  # a sentence of the grammar always parses
    canonical = parse_where(where.text)
    assert canonical == where
    assert canonical.text == where.text  # the canonical text is a fixed point


_TOKENS = st.sampled_from(
    [
        "a",
        "b",
        "==",
        "!=",
        "<",
        ">=",
        "in",
        "not",
        "and",
        "or",
        "(",
        ")",
        "[",
        "]",
        ",",
        "1",
        "-",
        "2.5",
        "'x'",
        '"y"',
        "true",
        ".",
        "+",
        "*",
        "lambda",
        ":",
        "if",
        "else",
        "is",
        "None",
        "f'",
        "{",
        "}",
        "**",
        "1e999",
        "\\",
        "#",
    ]
)


@st.composite
def _slipped(draw: st.DrawFn) -> str:
    """A sentence of the grammar with one slip: a token inserted, dropped or replaced."""
    tokens = draw(grammar_sentences).split(" ")
    at = draw(st.integers(0, len(tokens) - 1))
    edit = draw(st.sampled_from(["insert", "drop", "replace"]))
    if edit == "insert":
        tokens.insert(at, draw(_TOKENS))
    elif edit == "drop" and len(tokens) > 1:
        del tokens[at]
    else:
        tokens[at] = draw(_TOKENS)
    return " ".join(tokens)


@settings(max_examples=600)
@given(_slipped())
def test_a_slip_in_a_sentence_raises_only_where_syntax_error(text: str) -> None:
    # Near misses of the grammar: some still parse (`not` inserted, `and` for `or`), and
    # then they round-trip like every sentence; the rest are a WhereSyntaxError, never
    # another exception.
    try:
        where = parse_where(text)
    except WhereSyntaxError:
        return
    assert parse_where(where.text) == where


def test_selector_single_value() -> None:
    assert selector_to_where({"vuo": "U"}) == parse_where("vuo == 'U'")


def test_selector_several_keys_is_and() -> None:
    where = selector_to_where({"vuo": "U", "onderdeel": ""})
    assert where.text == "vuo == 'U' and onderdeel == ''"
    assert where == parse_where("vuo == 'U' and onderdeel == ''")


def test_selector_list_is_in() -> None:
    assert selector_to_where({"vuo": ["V", "U"]}).text == "vuo in ['V', 'U']"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({}, "invalid where expression '{}': a selector needs at least one column = value"),
        (
            {"vuo": "U", "two words": 1},
            "invalid where expression \"{vuo = 'U', two words = 1}\": "
            "'two words' is not a column name",
        ),
        (
            {"vuo": []},
            "invalid where expression '{vuo = []}': column 'vuo': the list of values is empty",
        ),
        (
            {"vuo": {"a": 1}},
            "invalid where expression \"{vuo = {'a': 1}}\": column 'vuo': "
            "expected text, a number, true/false or a list of them, got {'a': 1}",
        ),
        (
            {"vuo": [{"a": 1}]},
            "invalid where expression \"{vuo = [{'a': 1}]}\": column 'vuo': "
            "expected text, a number, true/false or a list of them, got {'a': 1}",
        ),
        (
            {"vuo": ["V", 1]},
            "invalid where expression \"{vuo = ['V', 1]}\": column 'vuo': "
            "a list holds all text, all numbers or all true/false",
        ),
        (
            {"bedrag": float("inf")},
            "invalid where expression '{bedrag = inf}': column 'bedrag': "
            "expected text, a number, true/false or a list of them, got inf",
        ),
    ],
)
def test_bad_selectors(table: dict, message: str) -> None:
    # The selector is shown as written, then what is wrong with it.
    with pytest.raises(WhereSyntaxError) as info:
        selector_to_where(table)
    assert str(info.value) == message


def test_as_selector_inverts_selector_to_where() -> None:
    table = {"vuo": ["V", "U"], "onderdeel": "", "jaar": 2020}
    assert as_selector(selector_to_where(table)) == table
    assert as_selector(parse_where("jaar >= begrotingsjaar")) is None
    assert as_selector(parse_where("a == 1 and a == 2")) is None
    assert as_selector(parse_where("a != 1")) is None


def test_type_problems_against_vocabulary() -> None:
    assert type_problems(parse_where("jaar == '2020'"), BUDGET_COLUMNS) == [
        "column 'jaar' holds numbers, got '2020'"
    ]
    assert type_problems(parse_where("vuo in [1, 2]"), BUDGET_COLUMNS) == [
        "column 'vuo' holds text, got 1"
    ]
    assert type_problems(parse_where("waarvan == 1"), BUDGET_COLUMNS) == [
        "column 'waarvan' holds true/false, got 1"
    ]
    assert type_problems(parse_where("jaar > artikel"), BUDGET_COLUMNS) == [
        "column 'jaar' holds numbers and column 'artikel' holds text; they cannot be compared"
    ]
    assert type_problems(parse_where("jaar >= begrotingsjaar and vuo == 'U'"), BUDGET_COLUMNS) == []


def test_where_is_hashable_and_repr_shows_text() -> None:
    where = parse_where("vuo == 'U'")
    assert {where: 1}[parse_where("vuo=='U'")] == 1
    assert repr(where) == "Where(\"vuo == 'U'\")"
    assert Where(where.node) == where
