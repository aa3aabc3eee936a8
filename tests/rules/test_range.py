"""range: parsing and defaults."""

from __future__ import annotations

import pytest

from sluitend.rules.range import RangeRule

from .helpers import load_rule, problems

BASE = 'kind = "range"\ndataset = "juridisch_verplicht"\ncolumn = "percentage"\n'


def test_both_bounds() -> None:
    rule = load_rule(BASE + "min = 0\nmax = 100\n")
    assert rule == RangeRule(
        id="R", dataset="juridisch_verplicht", column="percentage", min=0.0, max=100.0
    )
    assert rule.kind == "range"
    assert isinstance(rule.min, float)


@pytest.mark.parametrize(
    ("body", "low", "high"),
    [("min = 0", 0.0, None), ("max = 99.5", None, 99.5), ("min = 5\nmax = 5", 5.0, 5.0)],
)
def test_one_bound_is_enough(body: str, low: float | None, high: float | None) -> None:
    rule = load_rule(BASE + body + "\n")
    assert (rule.min, rule.max) == (low, high)


def test_on_bedrag() -> None:
    rule = load_rule('kind = "range"\ndataset = "begrotingstabel"\ncolumn = "bedrag"\nmin = 0\n')
    assert rule.column == "bedrag"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", ["set min, max or both"]),
        ("min = 100\nmax = 0", ["min (100) is greater than max (0)"]),
        ("min = 1.5\nmax = 1.25", ["min (1.5) is greater than max (1.25)"]),
        ('min = "0"', ["key 'min': expected a number, got '0'"]),
        ("max = nan", ["key 'max': expected a number, got nan"]),
    ],
)
def test_mistakes(body: str, expected: list[str]) -> None:
    assert problems(BASE + body + "\n") == expected


def test_column_is_required_and_numeric() -> None:
    assert problems('kind = "range"\ndataset = "juridisch_verplicht"\nmax = 1\n') == [
        "missing key 'column'"
    ]
    assert problems(
        'kind = "range"\ndataset = "juridisch_verplicht"\ncolumn = "categorie"\nmax = 1\n'
    ) == [
        "key 'column': column 'categorie' does not hold numbers; number columns: "
        "begrotingsjaar, percentage"
    ]


def test_python_construction_checks_bounds() -> None:
    with pytest.raises(ValueError, match="set min, max or both"):
        RangeRule(id="R", dataset="juridisch_verplicht", column="percentage")
    with pytest.raises(ValueError, match=r"min 2\.0 is above max 1\.0"):
        RangeRule(id="R", dataset="juridisch_verplicht", column="percentage", min=2.0, max=1.0)
