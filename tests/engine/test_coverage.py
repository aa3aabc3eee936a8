"""Coverage: figures read, checked by a sum rule, and why the others were not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sluitend.datasets.bundled import load_bundled
from sluitend.datasets.frame import Dataset, budget_frame
from sluitend.engine.coverage import COVERAGE_RULE, REASON_CODES, UncheckedFigures
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_pack, load_ruleset_text
from tests.engine.budget import table

PACK = load_pack("rijksbegroting")
HIERARCHY = load_ruleset_text(
    '[ruleset]\nname = "t"\n[[rules]]\nid = "H"\nkind = "hierarchy"\n'
    'dataset = "begrotingstabel"\nwhere = "vuo == \'U\'"\n',
    "t.toml",
)


def _coverage(ds: Dataset, ruleset=PACK):
    report = validate([ds], ruleset)
    return report, report.datasets[0].coverage


def test_bundled_table_every_figure_in_a_sum_is_checked() -> None:
    ds = load_bundled("bzk-2022-art7")[0]
    _, c = _coverage(ds)
    # 224 figures; the Verplichtingen and Ontvangsten totals (7 years each) have no lines.
    assert (c.figures, c.checked, dict(c.reasons)) == (224, 210, {"no_sum": 14})
    assert {u.where["vuo"] for u in c.unchecked} == {"V", "O"}
    assert all(u.where["onderdeel"] == "" for u in c.unchecked)
    assert c.chapters_unchecked == ()


def test_reasons_pm_memo_duplicate_where_and_no_sum() -> None:
    rows = [
        ("", "", "", "U", 2022, 10),  # checked (total)
        ("7.1", "", "", "U", 2022, 6),  # checked (part)
        ("7.2", "", "", "U", 2022, 4),  # checked (part)
        ("7.2", "", "", "U", 2022, 4),  # duplicate
        ("7.1", "", "", "U", 2022, 2),  # memo line (waarvan) -> row 4
        ("", "", "", "V", 2022, 5),  # outside the rule's where (V)
        ("7.1", "", "", "V", 2022, 5),  # outside the rule's where (V)
        ("", "", "", "O", 2023, None),  # pm
        ("", "", "", "O", 2024, 3),  # in no sum
    ]
    frame = table(rows, waarvan=[4])
    _, c = _coverage(Dataset(frame, "begrotingstabel", "t"), HIERARCHY)
    assert c.checked == 3
    assert [u.reason for u in c.unchecked] == [
        "duplicate",
        "waarvan",
        "outside_where",
        "outside_where",
        "pm",
        "no_sum",
    ]


def test_not_checkable_and_unreadable() -> None:
    rows = [
        ("", "", "", "U", 2022, 10),
        ("7.1", "", "", "U", 2022, None),
        ("7.2", "", "", "U", 2022, 4),
    ]
    frame = table(rows)
    ds = Dataset(frame, "begrotingstabel", "t", unreadable=frozenset({"t.csv:3"}), read_notes=1)
    _, c = _coverage(ds, HIERARCHY)
    assert c.checked == 0 and c.read_notes == 1
    assert [u.reason for u in c.unchecked] == ["not_checkable", "unreadable", "not_checkable"]


def test_a_chapter_with_amounts_and_no_checked_total_is_a_warning() -> None:
    seed = load_bundled("bzk-2022-art7")[0].frame
    parts = (seed["onderdeel"] != "") & (seed["instrument"] == "") & (seed["regeling"] == "")
    lines_only = seed[parts].assign(hoofdstuk="XVI", artikel="1")  # no total, no sub-lines
    frame = budget_frame(pd.concat([seed, lines_only], ignore_index=True))
    report, c = _coverage(Dataset(frame, "begrotingstabel", "t"))
    warnings = [f for f in report.findings if f.rule == COVERAGE_RULE]
    assert [(f.severity, f.where["hoofdstuk"]) for f in warnings] == [("warning", "XVI")]
    assert "known amounts, but no total of it was checked" in warnings[0].message
    assert [ch["hoofdstuk"] for ch in c.chapters_unchecked] == ["XVI"]
    assert report.fails("warning")


def test_a_dataset_without_sum_rules() -> None:
    jv = load_bundled("bzk-2022-art7")[1]
    _, c = _coverage(jv)
    assert (c.figures, c.checked, c.sum_rules, dict(c.reasons)) == (7, 0, 0, {"no_sum_rule": 7})


def test_unchecked_figures_are_arrays_and_records_only_for_those_asked_for() -> None:
    rows = [
        ("", "", "", "U", 2022, 10),  # checked (total)
        ("7.1", "", "", "U", 2022, 6),  # checked (part)
        ("7.2", "", "", "U", 2022, 4),  # checked (part)
        ("7.2", "", "", "U", 2022, 4),  # duplicate
        ("", "", "", "V", 2022, 5),  # in no sum (no lines under it)
        ("", "", "", "O", 2023, None),  # pm
        ("", "", "", "O", 2024, 3),  # in no sum
    ]
    frame = table(rows)
    _, c = _coverage(Dataset(frame, "begrotingstabel", "t"), HIERARCHY)
    u = c.unchecked
    assert u.rows.tolist() == [3, 4, 5, 6] and len(u) == c.figures - c.checked
    assert u.reasons() == ["duplicate", "no_sum", "pm", "no_sum"]
    every = list(u)  # iterating builds every record
    assert u.first(None) == tuple(every) and u.first(2) == tuple(every[:2])
    assert u.first(0) == () and u.first(99) == tuple(every)
    assert u.records(np.array([3, 1])) == (every[3], every[1])
    # Each record is the frame's row at its position.
    assert [r.bron for r in every] == frame["bron"].iloc[[3, 4, 5, 6]].tolist()
    assert [r.where["vuo"] for r in every] == ["U", "V", "O", "O"]
    per_row = u.reason_per_row(len(frame))
    assert np.count_nonzero(per_row < 0) == c.checked
    assert [REASON_CODES[k] for k in per_row[per_row >= 0]] == u.reasons()


def test_unchecked_figures_compare_by_rows_and_reasons() -> None:
    ds = load_bundled("bzk-2022-art7")[0]
    _, one = _coverage(ds)
    _, two = _coverage(ds)
    assert one.unchecked == two.unchecked and one == two
    assert one.unchecked != UncheckedFigures.none() and len(UncheckedFigures.none()) == 0
    shifted = UncheckedFigures(one.unchecked.rows, one.unchecked.codes + 1, ds)
    assert one.unchecked != shifted
    with pytest.raises(ValueError, match="need the dataset"):
        UncheckedFigures(one.unchecked.rows, one.unchecked.codes, None)
