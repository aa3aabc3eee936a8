"""unique: parsing and defaults."""

from __future__ import annotations

import pytest

from sluitend.rules.unique import UniqueRule
from sluitend.rules.where import parse_where

from .helpers import load_rule, problems


@pytest.mark.parametrize("dataset", ["begrotingstabel", "begrotingsstaat", "juridisch_verplicht"])
def test_default_is_the_dataset_key(dataset: str) -> None:
    rule = load_rule(f'kind = "unique"\ndataset = "{dataset}"\n')
    assert rule == UniqueRule(id="R", dataset=dataset)
    assert rule.columns == ()  # () means the dataset kind's key (vocabulary.DATASET_KEYS)
    assert rule.kind == "unique"


def test_explicit_columns_and_where() -> None:
    rule = load_rule(
        'kind = "unique"\ndataset = "begrotingstabel"\ncolumns = ["hoofdstuk", "label"]\n'
        "where = { waarvan = false }\n"
    )
    assert rule.columns == ("hoofdstuk", "label")
    assert rule.where == parse_where("waarvan == false")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('columns = ["vuo", "vuo"]', ["key 'columns': 'vuo' listed more than once"]),
        (
            'columns = ["vuo"]\ntolerance = 0',
            [
                "unknown key 'tolerance'; allowed keys: id, kind, dataset, title, severity, "
                "columns, where, description, severity_by_size"
            ],
        ),
        (
            'severity = "Error"',
            ["key 'severity': expected one of error, warning, info, got 'Error'"],
        ),
    ],
)
def test_mistakes(body: str, expected: list[str]) -> None:
    assert problems('kind = "unique"\ndataset = "begrotingstabel"\n' + body + "\n") == expected
