"""`diff_frames`, `diff_findings` and `DiffReport` on small hand-built frames."""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sluitend.datasets.frame import Dataset, budget_frame, juridisch_verplicht_frame
from sluitend.engine.diff import build_diff, diff_findings, diff_frames
from sluitend.engine.findings import Finding, Report
from sluitend.errors import InputError
from sluitend.report.document import diff_document, frame_diff_document

#: (onderdeel, instrument, regeling, label): the article total, 7.1, two regelingen, 7.2.
LINES = [
    ("", "", "", "Uitgaven"),
    ("7.1", "", "", "Woningmarkt"),
    ("7.1", "Subsidies", "Regeling A", "Regeling A"),
    ("7.1", "Subsidies", "Regeling B", "Regeling B"),
    ("7.2", "", "", "Bouwregelgeving"),
]
YEARS = (2022, 2023)


def table(
    amounts: dict[tuple[str, int], int | None] | None = None,
    *,
    fase: str = "OWB",
    drop: tuple[tuple[str, int], ...] = (),
    add: tuple[tuple[str, int, int], ...] = (),
) -> pd.DataFrame:
    """A little budget table; `amounts[(label, jaar)]` overrides a figure."""
    rows = []
    for i, (o, ins, r, label) in enumerate(LINES):
        for j, jaar in enumerate(YEARS):
            if (label, jaar) in drop:
                continue
            bedrag = (amounts or {}).get((label, jaar), 100 * (i + 1) + j)
            rows.append(
                {
                    "begrotingsjaar": 2022,
                    "fase": fase,
                    "hoofdstuk": "VII",
                    "artikel": "7",
                    "onderdeel": o,
                    "instrument": ins,
                    "regeling": r,
                    "vuo": "U",
                    "jaar": jaar,
                    "bedrag": bedrag,
                    "label": label,
                    "bron": f"t.csv:{2 + 2 * i + j}",
                }
            )
    for label, jaar, bedrag in add:
        rows.append(
            {
                "begrotingsjaar": 2022,
                "fase": fase,
                "hoofdstuk": "VII",
                "artikel": "7",
                "onderdeel": "7.1",
                "instrument": "Subsidies",
                "regeling": label,
                "vuo": "U",
                "jaar": jaar,
                "bedrag": bedrag,
                "label": label,
                "bron": "t.csv:99",
            }
        )
    return budget_frame(pd.DataFrame(rows))


def ds(frame: pd.DataFrame, name: str = "old") -> Dataset:
    return Dataset(frame, "begrotingstabel", name, 1000, f"{name}.csv")


def test_identical_frames_have_no_changes() -> None:
    d = diff_frames(ds(table()), ds(table(), "new"))
    assert d.empty
    assert d.unchanged == len(LINES) * len(YEARS)
    assert d.summary.empty


def test_two_changed_figures_are_exactly_the_changes() -> None:
    new = table({("Regeling A", 2023): 350, ("Bouwregelgeving", 2022): 0})
    d = diff_frames(ds(table()), ds(new, "new"))
    got = d.changed[["label", "jaar", "old", "new", "delta", "bron_new"]].to_dict("records")
    assert got == [
        {
            "label": "Regeling A",
            "jaar": 2023,
            "old": 301,
            "new": 350,
            "delta": 49,
            "bron_new": "t.csv:7",
        },
        {
            "label": "Bouwregelgeving",
            "jaar": 2022,
            "old": 500,
            "new": 0,
            "delta": -500,
            "bron_new": "t.csv:10",
        },
    ]
    assert d.added.empty and d.removed.empty
    assert d.unchanged == len(LINES) * len(YEARS) - 2


def test_row_order_does_not_matter() -> None:
    new = table({("Regeling A", 2023): 350})
    shuffled = new.sample(frac=1, random_state=3).reset_index(drop=True)
    d = diff_frames(ds(table()), ds(shuffled, "new"))
    assert d.changed["label"].tolist() == ["Regeling A"]


def test_added_and_removed() -> None:
    new = table(drop=(("Regeling B", 2022),), add=(("Regeling C", 2023, 5),))
    d = diff_frames(ds(table()), ds(new, "new"))
    assert d.removed[["label", "jaar", "bedrag", "bron"]].to_dict("records") == [
        {"label": "Regeling B", "jaar": 2022, "bedrag": 400, "bron": "t.csv:8"}
    ]
    assert d.added[["label", "jaar", "bedrag"]].to_dict("records") == [
        {"label": "Regeling C", "jaar": 2023, "bedrag": 5}
    ]
    assert d.changed.empty


def test_pm_figures() -> None:
    old = table({("Regeling A", 2022): None, ("Regeling B", 2022): None})
    new = table({("Regeling A", 2022): None, ("Regeling B", 2022): 7})
    d = diff_frames(ds(old), ds(new, "new"))
    (row,) = d.changed.to_dict("records")
    assert row["label"] == "Regeling B"
    assert pd.isna(row["old"]) and row["new"] == 7 and pd.isna(row["delta"])


def test_summary_per_artikel_and_jaar_with_the_total_delta() -> None:
    new = table({("Regeling A", 2023): 350, ("Uitgaven", 2023): 150}, drop=(("Regeling B", 2022),))
    s = diff_frames(ds(table()), ds(new, "new")).summary
    assert s.to_dict("records") == [
        {
            "hoofdstuk": "VII",
            "artikel": "7",
            "vuo": "U",
            "jaar": 2022,
            "added": 0,
            "removed": 1,
            "changed": 0,
            "total_delta": 0,
        },
        {
            "hoofdstuk": "VII",
            "artikel": "7",
            "vuo": "U",
            "jaar": 2023,
            "added": 0,
            "removed": 0,
            "changed": 2,
            "total_delta": 49,
        },
    ]


def test_a_repeated_key_is_matched_in_order_of_appearance() -> None:
    old = table()
    twice = pd.concat([old, old.iloc[[4]]], ignore_index=True)  # Regeling A 2022 again
    changed = twice.copy()
    changed.loc[len(changed) - 1, "bedrag"] = 999  # only the second statement changes
    d = diff_frames(ds(twice), ds(changed, "new"))
    assert d.duplicates == 2
    (row,) = d.changed.to_dict("records")
    assert (row["label"], row["old"], row["new"]) == ("Regeling A", 300, 999)
    # One statement dropped: the second occurrence is the one removed.
    d = diff_frames(ds(twice), ds(old, "new"))
    assert d.removed["bron"].tolist() == ["t.csv:6"] and d.changed.empty
    assert d.duplicates == 1


def test_kinds_must_match_and_ignore_drops_key_columns() -> None:
    jv = Dataset(
        juridisch_verplicht_frame(
            pd.DataFrame(
                {
                    "begrotingsjaar": [2022],
                    "fase": ["OWB"],
                    "hoofdstuk": ["VII"],
                    "artikel": ["7"],
                    "categorie": [""],
                    "percentage": [95.2],
                    "label": ["x"],
                    "bron": ["p.txt:1"],
                }
            )
        ),
        "juridisch_verplicht",
        "jv",
        1,
        "jv.csv",
    )
    with pytest.raises(
        InputError, match="cannot diff a juridisch_verplicht against a begrotingstabel"
    ):
        diff_frames(ds(table()), jv)
    vb = table({("Regeling A", 2023): 1}, fase="VB")
    assert len(diff_frames(ds(table()), ds(vb, "new")).added) == len(LINES) * len(YEARS)
    d = diff_frames(ds(table()), ds(vb, "new"), ignore=("fase",))
    assert d.changed["label"].tolist() == ["Regeling A"]
    assert "fase" not in d.key


def test_percentages() -> None:
    def jv(p: float) -> Dataset:
        frame = juridisch_verplicht_frame(
            pd.DataFrame(
                {
                    "begrotingsjaar": [2022, 2022],
                    "fase": ["OWB"] * 2,
                    "hoofdstuk": ["VII"] * 2,
                    "artikel": ["7"] * 2,
                    "categorie": ["", "Subsidies"],
                    "percentage": [95.2, p],
                    "label": ["Totaal", "Subsidies"],
                    "bron": ["p.txt:1", "p.txt:2"],
                }
            )
        )
        return Dataset(frame, "juridisch_verplicht", "jv", 1, "jv.csv")

    d = diff_frames(jv(65.6), jv(66.0))
    assert d.value == "percentage"
    assert d.changed[["categorie", "old", "new"]].to_dict("records") == [
        {"categorie": "Subsidies", "old": 65.6, "new": 66.0}
    ]
    assert list(d.summary.columns) == ["hoofdstuk", "artikel", "added", "removed", "changed"]


def finding(rule: str, jaar: int, dataset: str = "old", severity: str = "error") -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        dataset=dataset,
        where={"hoofdstuk": "VII", "artikel": "7", "vuo": "U", "jaar": jaar},
        expected=1,
        actual=2,
        difference=1,
        tolerance=0,
        message=f"{rule} {jaar}",
        bron=f"{dataset}.csv:{jaar}",
    )


def report(*findings: Finding) -> Report:
    return Report(findings=findings, results=(), datasets=(), ruleset="rs")


def test_diff_findings_by_fingerprint_across_dataset_names() -> None:
    old = report(finding("BT001", 2022), finding("BT010", 2023, severity="warning"))
    new = report(finding("BT001", 2022, "new"), finding("BT001", 2023, "new"))
    introduced, resolved = diff_findings(old, new, rename={"old": "new"})
    assert [(f.rule, f.where["jaar"]) for f in introduced] == [("BT001", 2023)]
    assert [(f.rule, f.where["jaar"]) for f in resolved] == [("BT010", 2023)]
    # Without the rename every finding looks new: the dataset is part of the identity.
    introduced, resolved = diff_findings(old, new)
    assert len(introduced) == 2 and len(resolved) == 2


def test_build_diff_fails_only_on_introduced_findings_at_or_above() -> None:
    old_ds, new_ds = ds(table()), ds(table({("Regeling A", 2023): 350}), "new")
    warn = report(finding("BT010", 2023, "new", "warning"))
    d = build_diff(old_ds, new_ds, report(), warn)
    assert d.fails("warning") and not d.fails("error") and not d.fails("never")
    d = build_diff(old_ds, new_ds, warn, report())
    # The warning is resolved: resolved findings never fail a diff.
    assert not d.fails("info") and [f.rule for f in d.resolved] == ["BT010"]
    doc = diff_document(d)
    assert json.loads(json.dumps(doc)) == doc  # plain JSON types only
    assert doc["version"] == 1
    assert doc["datasets"][0]["figures"]["counts"] == {
        "added": 0,
        "removed": 0,
        "changed": 1,
        "unchanged": len(LINES) * len(YEARS) - 1,
        "duplicates": 0,
    }
    assert doc["datasets"][0]["figures"]["changed"][0]["delta"] == 49


@settings(max_examples=20, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([(label, y) for *_, label in LINES for y in YEARS]),
        st.integers(-(10**6), 10**6).filter(lambda d: d != 0),
        max_size=6,
    )
)
def test_changed_is_exactly_the_figures_changed(deltas: dict[tuple[str, int], int]) -> None:
    old = table()
    base = {(r.label, r.jaar): r.bedrag for r in old.itertuples()}
    new = table({k: base[k] + d for k, d in deltas.items()})
    d = diff_frames(ds(old), ds(new, "new"))
    got: dict[Any, Any] = {
        (r["label"], r["jaar"]): r["delta"] for r in d.changed.to_dict("records")
    }
    assert got == deltas


def test_dataset_summary_in_the_diff() -> None:
    d = build_diff(ds(table()), ds(table(), "new"), report(), report())
    (pair,) = d.datasets
    assert pair.old.name == "old" and pair.new.source == "new.csv"
    assert dataclasses.asdict(pair.new)["rows"] == len(LINES) * len(YEARS)


def _jv(source: str) -> Dataset:
    frame = juridisch_verplicht_frame(
        pd.DataFrame(
            {
                "begrotingsjaar": [2022],
                "fase": ["OWB"],
                "hoofdstuk": ["VII"],
                "artikel": ["7"],
                "categorie": [""],
                "percentage": [95.2],
                "label": ["x"],
                "bron": [f"{source}:1"],
            }
        )
    )
    return Dataset(frame, "juridisch_verplicht", f"{source}-jv", 1, source)


def test_several_datasets_per_file_pair_by_kind() -> None:
    old = [ds(table()), _jv("old.csv")]
    new = [_jv("new.csv"), ds(table({("Regeling A", 2023): 350}), "new")]
    d = build_diff(old, new, report(), report())
    assert [p.new.kind for p in d.datasets] == ["begrotingstabel", "juridisch_verplicht"]
    assert [len(p.changed) for p in d.datasets] == [1, 0]
    with pytest.raises(
        InputError,
        match=r"the old version holds \['begrotingstabel'\] and "
        r"the new one \['juridisch_verplicht'\]",
    ):
        build_diff([ds(table())], [_jv("new.csv")], report(), report())


def test_diff_datasets_validates_both_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    import sluitend.engine.diff as diff_module

    calls: list[list[str]] = []

    def fake_validate(datasets: list[Dataset], ruleset: object) -> Report:
        calls.append([d.name for d in datasets])
        name = datasets[0].name
        return report(finding("BT001", 2023, name)) if name == "new" else report()

    fake = type(sys)("sluitend.engine.runner")
    fake.validate = fake_validate  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sluitend.engine.runner", fake)
    d = diff_module.diff_datasets([ds(table())], [ds(table(), "new")], ruleset=object())
    assert calls == [["old"], ["new"]]
    assert [f.rule for f in d.introduced] == ["BT001"] and d.fails("error")


def _next_year(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table as next year's document: begrotingsjaar and every year one later."""
    out = frame.copy()
    out["begrotingsjaar"] = out["begrotingsjaar"] + 1
    out["jaar"] = out["jaar"] + 1
    return out


def test_align_jaar_pairs_next_years_document_on_place_and_year() -> None:
    old = ds(table())  # begrotingsjaar 2022: years 2022, 2023
    # The new document (begrotingsjaar 2023: years 2023, 2024) restates the old 2023
    # figures (100 * (i + 1) + 1), with a change in two lines and the article total.
    same = {(label, 2022): 100 * (i + 1) + 1 for i, (*_, label) in enumerate(LINES)}
    restated = {("Uitgaven", 2022): 999, ("Woningmarkt", 2022): 205, ("Regeling A", 2022): 310}
    new_frame = _next_year(table({**same, **restated}))
    plain = diff_frames(old, ds(new_frame))
    assert plain.changed.empty  # begrotingsjaar differs: nothing pairs without --align
    aligned = diff_frames(old, ds(new_frame), align="jaar")
    assert "begrotingsjaar" not in aligned.key and "fase" not in aligned.key
    assert aligned.outside == 10  # 2022 of the old, 2024 of the new: one version only
    assert aligned.added.empty and aligned.removed.empty
    # Article total first, then the largest change first.
    assert list(zip(aligned.changed["label"], aligned.changed["delta"], strict=True)) == [
        ("Uitgaven", 999 - 101),
        ("Regeling A", 310 - 301),
        ("Woningmarkt", 205 - 201),
    ]
    assert frame_diff_document(aligned)["counts"]["outside"] == 10
    assert "outside" not in frame_diff_document(plain)["counts"]
