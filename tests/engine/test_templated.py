"""A rule's message template names the columns of its dataset kind as `<column>`: the check
fills in the finding's row, whatever the kind (the engine knows no domain's column)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

import sluitend
from sluitend.datasets import registry
from sluitend.datasets.frame import Dataset
from sluitend.engine.checks.templated import fill, template_columns
from sluitend.vocabulary import (
    DATASET_CHAPTERS,
    DATASET_CODES,
    DATASET_DEFAULTS,
    DATASET_KEYS,
    DATASET_KINDS,
)

KIND = "test_codes"
COLUMNS = {
    "soort": "string",
    "code": "string",
    "bedrag": "float",
    "waarvan": "bool",
    "label": "string",
    "bron": "string",
}


@pytest.fixture
def kind() -> Iterator[str]:
    registry.register_kind(KIND, COLUMNS, ("soort", "code"))
    try:
        yield KIND
    finally:
        for table in (DATASET_KINDS, DATASET_KEYS, DATASET_CHAPTERS, DATASET_CODES):
            table.pop(KIND, None)
        DATASET_DEFAULTS.pop(KIND, None)


def dataset() -> Dataset:
    frame = pd.DataFrame(
        {
            "soort": ["lasten", "baten"],
            "code": ["9.9", "0.1"],
            "bedrag": [5.0, 7.0],
            "waarvan": [False, False],
            "label": ["r1", "r2"],
            "bron": ["t.csv:2", "t.csv:3"],
        }
    )
    return Dataset(frame, KIND, "t", unit=1)


def messages(rules: str) -> list[str]:
    text = '[ruleset]\nname = "t"\n' + rules
    report = sluitend.validate(dataset(), rules=text, diagnose=False)
    return [f.message for f in report.findings]


def test_the_placeholders_that_name_a_column_of_the_kind(kind: str) -> None:
    template = "<code> <fout> in <soort>, <taakveld> <goed> <soort>"
    assert template_columns(template, kind) == ("code", "soort")  # once each, in order
    assert template_columns(template, "no such kind") == ()


def test_fill_gives_a_column_its_value_and_blanks_a_column_without() -> None:
    template = "<soort>: <fout> not in <goed><extra_fout> (<extra>) <taakveld>"
    got = fill(template, {"fout": "9.9", "goed": "0.1", "soort": "lasten"}, ("soort",))
    assert got == "lasten: 9.9 not in 0.1 () <taakveld>"
    assert fill("<soort> <fout>", {"fout": "x"}, ("soort",)) == "x"


def test_a_member_finding_names_its_rows_column(kind: str) -> None:
    rules = f"""
[[rules]]
id = "M1"
kind = "member"
dataset = "{kind}"
code_column = "code"
codes = ["0.1"]
message = "code <fout> in <soort> is not one of <goed>"
"""
    assert messages(rules) == ["r1: code 9.9 in lasten is not one of 0.1"]


def test_a_forbidden_finding_names_its_rows_column(kind: str) -> None:
    rules = f"""
[[rules]]
id = "F1"
kind = "forbidden"
dataset = "{kind}"
columns = ["code"]
combinations = [["0.1"]]
message = "<soort>: <fout> holds <extra>"
"""
    assert messages(rules) == ["r2: baten: code 0.1 holds 7"]


def test_a_group_finding_leaves_a_column_placeholder_empty(kind: str) -> None:
    rules = f"""
[[rules]]
id = "T1"
kind = "totals"
dataset = "{kind}"
left = {{soort = "lasten"}}
right = {{soort = "baten"}}
message = "<soort> differs by <fout>"
"""
    assert messages(rules) == [
        "the whole table: differs by 2 (left 5 (1 figures), right 7 (1 figures))"
    ]
