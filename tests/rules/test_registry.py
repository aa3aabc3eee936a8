"""The hand-written registry of rule kinds."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sluitend.errors import SluitendError
from sluitend.rules.base import Rule
from sluitend.rules.change import ChangeRule
from sluitend.rules.compare import CompareRule
from sluitend.rules.equal import EqualRule
from sluitend.rules.exists import ExistsRule
from sluitend.rules.forbidden import ForbiddenRule
from sluitend.rules.hierarchy import HierarchyRule
from sluitend.rules.member import MemberRule
from sluitend.rules.range import RangeRule
from sluitend.rules.reconcile import ReconcileRule
from sluitend.rules.registry import KINDS, UnknownKindError, build_registry, get_kind, register
from sluitend.rules.share import ShareRule
from sluitend.rules.sum import SumRule
from sluitend.rules.totals import TotalsRule
from sluitend.rules.unique import UniqueRule


def test_known_kinds_in_reference_order() -> None:
    assert dict(KINDS) == {
        "hierarchy": HierarchyRule,
        "sum": SumRule,
        "equal": EqualRule,
        "range": RangeRule,
        "unique": UniqueRule,
        "reconcile": ReconcileRule,
        "member": MemberRule,
        "forbidden": ForbiddenRule,
        "totals": TotalsRule,
        "share": ShareRule,
        "compare": CompareRule,
        "change": ChangeRule,
        "exists": ExistsRule,
    }


@pytest.mark.parametrize(
    "name",
    ["hierarchy", "sum", "equal", "range", "unique", "reconcile", "compare", "change", "exists"],
)
def test_get_kind(name: str) -> None:
    cls = get_kind(name)
    assert name == cls.KIND
    assert issubclass(cls, Rule)


def test_unknown_kind_lists_known_kinds() -> None:
    with pytest.raises(UnknownKindError) as info:
        get_kind("totaal")
    assert isinstance(info.value, SluitendError)
    assert str(info.value) == (
        "unknown rule kind 'totaal'; known kinds: hierarchy, sum, equal, range, unique, "
        "reconcile, member, forbidden, totals, share, compare, change, exists"
    )


def test_kinds_is_read_only() -> None:
    with pytest.raises(TypeError):
        KINDS["x"] = UniqueRule  # type: ignore[index]


def test_registering_a_duplicate_raises_and_changes_nothing() -> None:
    @dataclass(frozen=True, kw_only=True)
    class OtherUnique(Rule):
        KIND = "unique"

    with pytest.raises(ValueError, match="rule kind 'unique' registered twice: UniqueRule and"):
        register(OtherUnique)
    assert KINDS["unique"] is UniqueRule


def test_build_registry_refuses_duplicates_and_nameless_kinds() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        build_registry([SumRule, SumRule])
    with pytest.raises(ValueError, match="has no KIND"):
        build_registry([Rule])


def test_register_adds_a_kind() -> None:
    @dataclass(frozen=True, kw_only=True)
    class Probe(Rule):
        KIND = "probe-for-test"

    try:
        assert register(Probe) is Probe
        assert get_kind("probe-for-test") is Probe
    finally:
        # The registry is process-wide; leave it as the other tests expect it.
        from sluitend.rules import registry

        registry._KINDS.pop("probe-for-test")
