"""sum: parsing and defaults."""

from __future__ import annotations

import pytest

from sluitend.rules.base import Tolerance
from sluitend.rules.sum import SumRule
from sluitend.rules.where import parse_where

from .helpers import load_rule, problems

BASE = 'kind = "sum"\ndataset = "begrotingsstaat"\n'


def test_selector_and_expression() -> None:
    rule = load_rule(BASE + 'total = { artikel = "" }\nparts = "artikel != \'\'"\n')
    assert rule == SumRule(
        id="R",
        dataset="begrotingsstaat",
        total=parse_where("artikel == ''"),
        parts=parse_where("artikel != ''"),
    )
    assert rule.by == ()
    assert rule.tolerance == Tolerance()
    assert rule.kind == "sum"


def test_every_key() -> None:
    rule = load_rule(
        BASE + 'total = { artikel = "" }\nparts = { artikel = ["1", "7"] }\n'
        'by = ["begrotingsjaar", "fase", "hoofdstuk", "vuo", "jaar"]\n'
        "tolerance = { relative = 0.001 }\nwhere = \"vuo == 'U'\"\n"
    )
    assert isinstance(rule, SumRule)
    assert rule.parts == parse_where("artikel in ['1', '7']")
    assert rule.by == ("begrotingsjaar", "fase", "hoofdstuk", "vuo", "jaar")
    assert rule.tolerance == Tolerance(relative=0.001)
    assert rule.where == parse_where("vuo == 'U'")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", ["missing key 'total'", "missing key 'parts'"]),
        (
            "total = \"artikel = ''\"\nparts = { artikel = 7 }",
            [
                "key 'total': invalid where expression \"artikel = ''\" at column 9: "
                "invalid syntax; likely fix: use == to compare: artikel == ''",
                "key 'parts': column 'artikel' holds text, got 7",
            ],
        ),
        (
            'total = { artikel = "" }\nparts = "hoofdstuk != \'\'"\nby = ["artikle"]',
            [
                "key 'by': unknown column 'artikle'; known columns: begrotingsjaar, fase, "
                "hoofdstuk, begroting, artikel, onderdeel, instrument, regeling, omschrijving, "
                "waarvan, vuo, jaar, bedrag, afronding, label, bron"
            ],
        ),
    ],
)
def test_mistakes(body: str, expected: list[str]) -> None:
    assert problems(BASE + body + "\n") == expected


def test_total_and_parts_are_required_in_python_too() -> None:
    with pytest.raises(TypeError):
        SumRule(id="R", dataset="begrotingsstaat")  # type: ignore[call-arg]
