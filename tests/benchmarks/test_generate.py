"""The synthetic budget generator: deterministic, canonical, realistic, and honest about
what it injected (checked here against the generator's own structure, not the baseline)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from generate import RULE_IDS, generate
from sluitend.datasets.frame import budget_frame
from sluitend.domains.rijk.vocabulary import BUDGET_KEY, LEVELS


@pytest.fixture(scope="module")
def clean() -> pd.DataFrame:
    return generate("small", seed=11)[0]


@pytest.fixture(scope="module")
def defective() -> tuple[pd.DataFrame, object]:
    return generate("small", seed=11, defects=12)


def test_same_seed_same_frame_other_seed_other_frame() -> None:
    a, _ = generate("small", seed=3, defects=4)
    b, _ = generate("small", seed=3, defects=4)
    c, _ = generate("small", seed=4, defects=4)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) != len(c) or not a["bedrag"].equals(c["bedrag"])


def test_frame_is_canonical(clean: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(clean, budget_frame(clean))
    assert isinstance(clean.index, pd.RangeIndex)
    assert clean["bron"].is_unique
    assert 8_000 <= len(clean) <= 14_000


def test_clean_frame_has_the_hard_parts(clean: pd.DataFrame) -> None:
    depth = clean[list(LEVELS)].ne("").sum(axis=1)
    assert set(depth) == {0, 1, 2, 3, 4}
    assert clean["waarvan"].sum() > 0
    assert clean["bedrag"].isna().sum() > 0
    assert set(clean["vuo"]) == {"V", "U", "O"}
    assert sorted(set(clean["jaar"] - clean["begrotingsjaar"])) == list(range(-2, 5))
    assert not clean.duplicated(list(BUDGET_KEY)).any()
    # Some regelingen hang under an instrument total that is not printed (to be bridged).
    lines = clean[~clean["waarvan"]]
    group = ["begrotingsjaar", "fase", "hoofdstuk", "artikel", "vuo", "jaar"]
    instruments = lines[(depth[lines.index] == 2)][[*group, "onderdeel", "instrument"]]
    regelingen = lines[(depth[lines.index] == 3)][[*group, "onderdeel", "instrument"]]
    bridged = regelingen.merge(instruments, how="left", indicator=True)
    assert (bridged["_merge"] == "left_only").any()


def test_v_equals_u_from_the_budget_year(clean: pd.DataFrame) -> None:
    on = [c for c in BUDGET_KEY if c != "vuo"]
    v = clean[(clean["vuo"] == "V") & (clean["jaar"] >= clean["begrotingsjaar"])]
    pairs = v.merge(clean[clean["vuo"] == "U"], on=on, suffixes=("_v", "_u"))
    assert len(pairs) == len(v)
    both = pairs["bedrag_v"].notna() & pairs["bedrag_u"].notna()
    assert (pairs.loc[both, "bedrag_v"] == pairs.loc[both, "bedrag_u"]).all()
    assert (pairs["bedrag_v"].isna() == pairs["bedrag_u"].isna()).all()


def test_a_clean_budget_expects_nothing() -> None:
    _, injected = generate("small", seed=11)
    assert injected.defects == ()
    assert injected.expected == {rule: frozenset() for rule in RULE_IDS}


def test_defects_are_recorded_each_in_its_own_article(defective) -> None:
    frame, injected = defective
    assert [d.kind for d in injected.defects[:4]] == ["leaf", "total", "vu", "duplicate"]
    assert len(injected.defects) == 12
    articles = {tuple(frame.loc[d.row, ["fase", "hoofdstuk", "artikel"]]) for d in injected.defects}
    assert len(articles) == 12
    union: dict[str, set[int]] = {rule: set() for rule in RULE_IDS}
    for defect in injected.defects:
        for rule, rows in defect.fires.items():
            union[rule] |= rows
    assert union == {rule: set(rows) for rule, rows in injected.expected.items()}


def test_a_changed_leaf_fails_exactly_its_nearest_printed_total(defective) -> None:
    frame, injected = defective
    for defect in (d for d in injected.defects if d.kind == "leaf"):
        leaf = frame.loc[defect.row]
        hierarchy = defect.fires.get("BT001", frozenset()) | defect.fires.get("BT002", set())
        assert len(hierarchy) == 1
        (total,) = hierarchy
        total_row = frame.loc[total]
        depth = sum(leaf[level] != "" for level in LEVELS)
        total_depth = sum(total_row[level] != "" for level in LEVELS)
        assert total_depth < depth
        for level in LEVELS[:total_depth]:
            assert total_row[level] == leaf[level]
        for column in ("vuo", "jaar", "hoofdstuk", "artikel"):
            assert total_row[column] == leaf[column]
        v_to_u = leaf["vuo"] != "O" and leaf["jaar"] >= leaf["begrotingsjaar"]
        assert ("BT010" in defect.fires) == v_to_u


def test_vu_defect_keeps_the_sums_and_fails_only_bt010(defective) -> None:
    frame, injected = defective
    for defect in (d for d in injected.defects if d.kind == "vu"):
        assert set(defect.fires) == {"BT010"}
        assert defect.row in defect.fires["BT010"]
        rows = frame.loc[sorted(defect.fires["BT010"])]
        assert (rows["vuo"] == "V").all()
        assert (rows["jaar"] >= rows["begrotingsjaar"]).all()


def test_duplicate_follows_its_original(defective) -> None:
    frame, injected = defective
    for defect in (d for d in injected.defects if d.kind == "duplicate"):
        assert defect.fires == {"BT020": frozenset({defect.row})}
        copy, original = frame.loc[defect.row], frame.loc[defect.row - 1]
        assert copy[list(BUDGET_KEY)].equals(original[list(BUDGET_KEY)])
        assert copy["bron"] != original["bron"]
        assert bool(copy["waarvan"])


def test_half_of_the_totals_wrong() -> None:
    frame, injected = generate("small", seed=2, defect_share=0.5)
    changed = {d.row for d in injected.defects}
    assert all(d.kind == "share" for d in injected.defects)
    failing = injected.expected["BT001"] | injected.expected["BT002"]
    totals = _printed_totals(frame)
    assert changed <= totals
    # V and U change together, so about half of the V, U and O totals change.
    assert 0.35 * len(totals) < len(changed) < 0.65 * len(totals)
    assert failing <= totals
    assert 0.25 * len(totals) < len(failing)
    assert injected.expected["BT010"] == frozenset()
    assert injected.expected["BT020"] == frozenset()


def _printed_totals(frame: pd.DataFrame) -> set[int]:
    """Rows with lines under them: some deeper non-memo row shares their filled levels."""
    lines = frame[~frame["waarvan"]]
    depth = lines[list(LEVELS)].ne("").sum(axis=1)
    group = ["begrotingsjaar", "fase", "hoofdstuk", "artikel", "vuo", "jaar"]
    out: set[int] = set()
    for d in range(len(LEVELS)):
        key = [*group, *LEVELS[:d]]
        parents = lines[depth > d][key].drop_duplicates()
        here = lines[depth == d][key].reset_index().merge(parents, on=key)
        out |= set(here["index"])
    return out


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown size"):
        generate("huge")
    with pytest.raises(ValueError, match="either"):
        generate("small", defects=2, defect_share=0.5)
    with pytest.raises(ValueError, match="no room"):
        generate("small", defects=10_000)
