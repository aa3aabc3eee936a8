"""Coverage: figures read, checked by a sum rule, and why the others were not."""

from __future__ import annotations

import pandas as pd

from sluitend.datasets.bundled import load_bundled
from sluitend.datasets.frame import Dataset, budget_frame
from sluitend.engine.coverage import COVERAGE_RULE
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
