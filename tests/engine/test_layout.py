"""A dataset kind's `Layout` is what the engine asks: a kind declared with one is diffed,
localized and aligned by its declaration, and a kind without one is refused, not guessed."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pandas as pd
import pytest

from sluitend.datasets import registry
from sluitend.datasets.frame import Dataset
from sluitend.domains.rijk.vocabulary import BUDGET_LAYOUT
from sluitend.engine.diagnose import where_columns
from sluitend.engine.diff import diff_frames
from sluitend.errors import InputError
from sluitend.vocabulary import (
    DATASET_CHAPTERS,
    DATASET_CODES,
    DATASET_DEFAULTS,
    DATASET_KEYS,
    DATASET_KINDS,
    DATASET_LAYOUTS,
    Layout,
    layout_of,
)

KIND = "test_meting"
COLUMNS = {"plaats": "string", "deel": "string", "periode": "int", "stand": "float"}
COLUMNS = {**COLUMNS, "waarvan": "bool", "label": "string", "bron": "string"}
LAYOUT = Layout(
    where=("periode", "plaats", "deel"),
    levels=("deel",),
    value="stand",
    summary=("plaats",),
    alignments={"later": ("periode",)},
)


@pytest.fixture
def kind() -> Iterator[str]:
    registry.register_kind(KIND, COLUMNS, ("plaats", "deel", "periode", "waarvan"), layout=LAYOUT)
    try:
        yield KIND
    finally:
        for table in (
            DATASET_KINDS,
            DATASET_KEYS,
            DATASET_CHAPTERS,
            DATASET_CODES,
            DATASET_DEFAULTS,
        ):
            table.pop(KIND, None)
        DATASET_LAYOUTS.pop(KIND, None)


def dataset(stands: dict[tuple[str, str], float], periode: int = 1) -> Dataset:
    rows = [
        {"plaats": p, "deel": d, "periode": periode, "stand": v, "waarvan": False}
        for (p, d), v in stands.items()
    ]
    frame = pd.DataFrame(rows)
    frame["label"] = frame["plaats"] + " " + frame["deel"]
    frame["bron"] = [f"m.csv:{i + 2}" for i in range(len(frame))]
    return Dataset(frame, KIND, "m", unit=1)


def test_a_kind_reads_where_in_its_declared_order(kind: str) -> None:
    assert where_columns(kind) == ["periode", "plaats", "deel"]
    assert layout_of(kind) is LAYOUT
    assert layout_of("no such kind") == Layout()


def test_a_declared_kind_is_diffed_on_its_value_and_summarised_by_its_columns(kind: str) -> None:
    old = dataset({("Ede", ""): 10, ("Ede", "a"): 4, ("Ede", "b"): 6, ("Epe", ""): 1})
    new = dataset({("Ede", ""): 12, ("Ede", "a"): 4, ("Ede", "b"): 8, ("Epe", ""): 1})
    diff = diff_frames(old, new)
    assert diff.value == "stand"
    assert sorted(diff.changed["deel"]) == ["", "b"]
    summary = diff.summary.set_index("plaats")
    # The table's total is the row with its level "": it moved by 2.
    assert summary.loc["Ede", "changed"] == 2 and summary.loc["Ede", "total_delta"] == 2
    assert "Epe" not in summary.index


def test_an_alignment_is_the_kinds_own(kind: str) -> None:
    old, new = dataset({("Ede", ""): 1}, periode=1), dataset({("Ede", ""): 2}, periode=2)
    assert diff_frames(old, new).changed.empty  # another periode: nothing pairs
    aligned = diff_frames(old, new, align="later")
    assert "periode" not in aligned.key and list(aligned.changed["delta"]) == [1]
    with pytest.raises(InputError, match="cannot be aligned on jaar"):
        diff_frames(old, new, align="jaar")


def test_a_kind_without_a_value_column_is_not_diffed() -> None:
    from sluitend import read

    with warnings.catch_warnings():  # the reader's note on the boekjaar it chose
        warnings.simplefilter("ignore")
        (iv3,) = read("tests/data/iv3/begroting_2024_excerpt.csv")
    assert layout_of(iv3.kind).value is None
    with pytest.raises(InputError, match="cannot be diffed"):
        diff_frames(iv3, iv3)


def test_a_budget_table_is_an_article_of_one_budget() -> None:
    assert BUDGET_LAYOUT.table_columns(DATASET_KEYS["begrotingstabel"]) == [
        "begrotingsjaar",
        "fase",
        "hoofdstuk",
        "begroting",
        "artikel",
    ]
    assert where_columns("juridisch_verplicht")[-1] == "categorie"
