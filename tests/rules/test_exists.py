"""exists: parsing, defaults and mistakes."""

from __future__ import annotations

import pytest

from sluitend.rules.exists import ExistsRule
from sluitend.rules.where import parse_where

from .helpers import load_rule, problems

BASE = 'kind = "exists"\ndataset = "begrotingstabel"\n'


def test_one_selector_is_a_list_of_one() -> None:
    rule = load_rule(BASE + 'require = { onderdeel = "" }\n')
    assert rule == ExistsRule(
        id="R", dataset="begrotingstabel", require=(parse_where("onderdeel == ''"),)
    )
    assert (rule.by, rule.when, rule.within) == ((), None, ())
    assert rule.kind == "exists"


def test_every_key() -> None:
    rule = load_rule(
        BASE + 'require = [{ vuo = "V" }, "vuo == \'U\'"]\n'
        'by = ["hoofdstuk", "artikel"]\nwhen = "onderdeel != \'\'"\nwithin = ["hoofdstuk"]\n'
    )
    assert isinstance(rule, ExistsRule)
    assert rule.require == (parse_where("vuo == 'V'"), parse_where("vuo == 'U'"))
    assert rule.by == ("hoofdstuk", "artikel")
    assert rule.when == parse_where("onderdeel != ''")
    assert rule.within == ("hoofdstuk",)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", ["missing key 'require'"]),
        (
            "require = []",
            ["key 'require': expected at least one where expression or selector table, got []"],
        ),
        (
            'require = [{ vuo = "V" }, { artikel = 7 }]',
            ["key 'require[1]': column 'artikel' holds text, got 7"],
        ),
    ],
)
def test_mistakes(body: str, expected: list[str]) -> None:
    assert problems(BASE + body + "\n") == expected


def test_within_names_unknown_columns() -> None:
    (problem,) = problems(BASE + 'require = { vuo = "V" }\nwithin = ["hoofdstk"]\n')
    assert problem.startswith("key 'within': unknown column 'hoofdstk'; known columns: ")
