"""RuleSet: lookup, per-dataset selection, equality."""

from __future__ import annotations

import pytest

from sluitend.rules.range import RangeRule
from sluitend.rules.ruleset import RuleSet
from sluitend.rules.unique import UniqueRule

A = UniqueRule(id="A", dataset="begrotingstabel")
B = RangeRule(id="B", dataset="juridisch_verplicht", column="percentage", min=0.0)
C = UniqueRule(id="C", dataset="begrotingstabel", title="c")


def test_get_and_for_dataset() -> None:
    rs = RuleSet(name="x", rules=(A, B, C), source="x.toml")
    assert rs.get("B") is B
    assert rs.for_dataset("begrotingstabel") == (A, C)
    assert rs.for_dataset("begrotingsstaat") == ()
    assert rs.ids == ("A", "B", "C")
    assert list(rs) == [A, B, C]
    assert len(rs) == 3


def test_get_unknown_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="no rule 'Z' in rule set 'x'; ids: A, B"):
        RuleSet(name="x", rules=(A, B)).get("Z")


def test_source_does_not_count_for_equality() -> None:
    assert RuleSet(name="x", rules=(A,), source="a.toml") == RuleSet(name="x", rules=(A,))


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate rule ids"):
        RuleSet(name="x", rules=(A, A))
