"""hierarchy: parsing and defaults (the engine's behaviour is tested in tests/engine)."""

from __future__ import annotations

import pytest

from sluitend.domains.rijk.vocabulary import LEVELS
from sluitend.rules.base import Tolerance
from sluitend.rules.hierarchy import DEFAULT_BY, HierarchyRule
from sluitend.rules.where import parse_where

from .helpers import load_rule, problems

BASE = 'kind = "hierarchy"\ndataset = "begrotingstabel"\n'


def test_defaults() -> None:
    rule = load_rule(BASE)
    assert isinstance(rule, HierarchyRule)
    assert rule.kind == "hierarchy"
    assert rule.levels == LEVELS == ("onderdeel", "instrument", "regeling", "omschrijving")
    assert rule.by == DEFAULT_BY
    assert rule.by == ("begrotingsjaar", "fase", "hoofdstuk", "begroting", "artikel", "vuo", "jaar")
    assert rule.tolerance == Tolerance()
    assert rule.where is None
    assert rule.severity == "error"


def test_every_key() -> None:
    rule = load_rule(
        BASE + 'levels = ["onderdeel", "instrument"]\nby = ["artikel", "jaar"]\n'
        'tolerance = "rounding"\nwhere = "onderdeel != \'\'"\nseverity = "info"\n'
    )
    assert rule == HierarchyRule(
        id="R",
        dataset="begrotingstabel",
        levels=("onderdeel", "instrument"),
        by=("artikel", "jaar"),
        tolerance=Tolerance(rounding=True),
        where=parse_where("onderdeel != ''"),
        severity="info",
    )


def test_on_a_begrotingsstaat() -> None:
    assert load_rule('kind = "hierarchy"\ndataset = "begrotingsstaat"\n').dataset == (
        "begrotingsstaat"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("levels = 3", ["key 'levels': expected a list of column names, got 3"]),
        ("levels = []", ["key 'levels': expected at least one column name, got []"]),
        (
            'levels = "onderdeel"',
            ["key 'levels': expected a list of column names, got 'onderdeel'"],
        ),
        ('by = ["jaar", "jaar"]', ["key 'by': 'jaar' listed more than once"]),
        (
            "tolerance = -1",
            ["key 'tolerance': expected 0, \"rounding\" or a table such as {absolute = 2}, got -1"],
        ),
        (
            'column = "bedrag"',
            [
                "unknown key 'column'; allowed keys: id, kind, dataset, title, "
                "severity, levels, by, tolerance, where, description, "
                "severity_by_size"
            ],
        ),
    ],
)
def test_mistakes(body: str, expected: list[str]) -> None:
    assert problems(BASE + body + "\n") == expected


def test_levels_must_exist_in_the_dataset_even_by_default() -> None:
    found = problems('kind = "hierarchy"\ndataset = "juridisch_verplicht"\nby = ["artikel"]\n')
    assert found == [
        "key 'levels' (not set; default ['onderdeel', 'instrument', 'regeling', 'omschrijving']):"
        " unknown columns 'onderdeel', 'instrument', 'regeling', 'omschrijving'; known columns: "
        "begrotingsjaar, fase, hoofdstuk, artikel, categorie, percentage, label, bron"
    ]


def test_is_frozen() -> None:
    rule = HierarchyRule(id="R", dataset="begrotingstabel")
    with pytest.raises(AttributeError):
        rule.levels = ("onderdeel",)  # type: ignore[misc]
