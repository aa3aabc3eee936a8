"""The commonest slips in a rule file get a message that names the fix (exact texts)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sluitend.cli import main
from sluitend.errors import RuleFileError
from sluitend.rules.loader import load_ruleset_text
from sluitend.rules.slips import plain_number, toml_fix, where_fix

HEADER = (
    '[ruleset]\nname = "t"\n\n[[rules]]\nid = "R"\nkind = "range"\n'
    'dataset = "begrotingstabel"\ncolumn = "bedrag"\n'
)
PLACE = "rules.toml: rule 'R' (index 0): "


def problems(body: str) -> list[str]:
    with pytest.raises(RuleFileError) as info:
        load_ruleset_text(HEADER + body, "rules.toml")
    return info.value.problems


def test_double_quotes_inside_a_where() -> None:
    assert problems('where = "vuo == "O""\nmax = 5\n') == [
        "rules.toml: line 9, column 18: Expected newline or end of document after a statement\n"
        '    where = "vuo == "O""\n'
        "                     ^\n"
        "  likely fix: use single quotes inside the double-quoted string: "
        "where = \"vuo == 'O'\""
    ]


@pytest.mark.parametrize(
    ("where", "column", "fix"),
    [
        ("vuo = 'O'", 5, "use == to compare: vuo == 'O'"),
        ("vuo == 'O' && jaar > 2020", 13, "use and instead of &&: vuo == 'O' and jaar > 2020"),
        ("vuo == 'O' en jaar > 2020", 12, "use and instead of en: vuo == 'O' and jaar > 2020"),
        ("vuo == 'O' || jaar > 2020", 13, "use or instead of ||: vuo == 'O' or jaar > 2020"),
        ("vuo == 'O' of jaar > 2020", 12, "use or instead of of: vuo == 'O' or jaar > 2020"),
    ],
)
def test_where_slips_name_the_operator_to_use(where: str, column: int, fix: str) -> None:
    assert problems(f'where = "{where}"\nmax = 5\n') == [
        f"{PLACE}key 'where': invalid where expression {where!r} at column {column}: "
        f"invalid syntax; likely fix: {fix}"
    ]


@pytest.mark.parametrize(
    ("value", "column", "fixed"),
    [("1.000.000", 12, "1000000"), ("12,5", 9, "12.5"), ("1.000,50", 12, "1000.50")],
)
def test_dutch_numbers(value: str, column: int, fixed: str) -> None:
    caret = " " * (4 + column - 1) + "^"
    assert problems(f"max = {value}\n") == [
        f"rules.toml: line 9, column {column}: Expected newline or end of document after a "
        f"statement\n    max = {value}\n{caret}\n"
        "  likely fix: write numbers without thousands separators and with a decimal point: "
        f"max = {fixed}"
    ]


def test_a_thousands_dot_in_an_amount_key_is_a_warning_naming_the_key() -> None:
    ruleset = load_ruleset_text(HEADER + "max = 1.000\n", "rules.toml")
    assert ruleset.warnings == (
        "rules.toml: line 9: key 'max': 1.000 is read as 1.0 (TOML reads a dot as a decimal "
        "point); for the Dutch amount 1.000 write 1000",
    )


def test_a_thousands_dot_in_a_tolerance_is_a_warning_naming_the_key() -> None:
    text = (
        '[ruleset]\nname = "t"\n\n[[rules]]\nid = "S"\nkind = "sum"\n'
        'dataset = "begrotingsstaat"\ntotal = { artikel = "" }\nparts = "artikel != \'\'"\n'
        "tolerance = {absolute = 1.000}\n"
    )
    assert load_ruleset_text(text, "rules.toml").warnings == (
        "rules.toml: line 10: key 'tolerance.absolute': 1.000 is read as 1.0 (TOML reads a "
        "dot as a decimal point); for the Dutch amount 1.000 write 1000",
    )


@pytest.mark.parametrize(
    "body", ["max = 1.5\n", "max = 0.500\n", "max = 1000\n", "# max = 1.000\nmax = 2\n"]
)
def test_no_warning_for_plain_decimals(body: str) -> None:
    assert load_ruleset_text(HEADER + body, "rules.toml").warnings == ()


def test_warnings_reach_the_user_in_lint_and_validate(tmp_path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(HEADER + "min = 0\nmax = 1.000\n", encoding="utf-8")
    warning = f"sluitend: warning: {path}: line 10: key 'max': 1.000 is read as 1.0"
    lint = CliRunner().invoke(main, ["rules", "lint", str(path)])
    assert lint.exit_code == 0 and warning in lint.stderr
    run = CliRunner().invoke(main, ["validate", "--rules", str(path), "--format", "json"])
    assert warning in run.stderr


def test_no_fix_is_guessed_for_other_mistakes() -> None:
    assert toml_fix("[rules") is None
    assert where_fix("jaar >= ") is None
    assert where_fix("omschrijving == 'en of'") is None
    assert plain_number("1.000.000") == "1000000"
