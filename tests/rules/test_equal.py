"""equal: parsing and defaults."""

from __future__ import annotations

import pytest

from sluitend.rules.base import Tolerance
from sluitend.rules.equal import EqualRule
from sluitend.rules.where import parse_where

from .helpers import load_rule, problems

BASE = 'kind = "equal"\ndataset = "begrotingstabel"\n'
PAIR = 'left = { vuo = "V" }\nright = { vuo = "U" }\non = ["artikel", "jaar"]\n'


def test_defaults() -> None:
    rule = load_rule(BASE + PAIR)
    assert rule == EqualRule(
        id="R",
        dataset="begrotingstabel",
        left=parse_where("vuo == 'V'"),
        right=parse_where("vuo == 'U'"),
        on=("artikel", "jaar"),
    )
    assert rule.column == "bedrag"
    assert rule.tolerance == Tolerance()
    assert rule.kind == "equal"


def test_every_key() -> None:
    rule = load_rule(
        BASE + PAIR + 'column = "jaar"\ntolerance = { absolute = 1 }\n'
        'where = "jaar >= begrotingsjaar"\nseverity = "warning"\n'
    )
    assert isinstance(rule, EqualRule)
    assert rule.column == "jaar"
    assert rule.tolerance == Tolerance(absolute=1.0)
    assert rule.where == parse_where("jaar >= begrotingsjaar")
    assert rule.severity == "warning"


def test_on_juridisch_verplicht_names_its_number_column() -> None:
    rule = load_rule(
        'kind = "equal"\ndataset = "juridisch_verplicht"\nleft = { categorie = "" }\n'
        'right = { categorie = "x" }\non = ["artikel"]\ncolumn = "percentage"\n'
    )
    assert rule.column == "percentage"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", ["missing key 'left'", "missing key 'right'", "missing key 'on'"]),
        (
            PAIR + 'column = "label"',
            [
                "key 'column': column 'label' does not hold numbers; "
                "number columns: begrotingsjaar, jaar, bedrag, afronding"
            ],
        ),
        (PAIR + "column = 3", ["key 'column': expected a column name, got 3"]),
        (
            'left = { vuo = "V" }\nright = 1\non = []',
            [
                "key 'right': expected a where expression (text) or a selector table, got 1",
                "key 'on': expected at least one column name, got []",
            ],
        ),
    ],
)
def test_mistakes(body: str, expected: list[str]) -> None:
    assert problems(BASE + body + "\n") == expected


def test_default_column_must_exist() -> None:
    found = problems(
        'kind = "equal"\ndataset = "juridisch_verplicht"\nleft = { categorie = "" }\n'
        'right = { categorie = "x" }\non = ["artikel"]\n'
    )
    assert found == [
        "key 'column' (not set; default 'bedrag'): unknown column 'bedrag'; known columns: "
        "begrotingsjaar, fase, hoofdstuk, artikel, categorie, percentage, label, bron"
    ]
