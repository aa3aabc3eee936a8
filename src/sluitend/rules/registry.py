"""The rule kinds sluitend knows, by the name a rule file uses in `kind = "..."`.

Hand-written on purpose: adding a kind is one import and one line here, and a reader sees
every kind at a glance.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

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
from sluitend.rules.share import ShareRule
from sluitend.rules.sum import SumRule
from sluitend.rules.totals import TotalsRule
from sluitend.rules.unique import UniqueRule


class UnknownKindError(SluitendError):
    """A rule kind name that is not registered."""


def build_registry(classes: Iterable[type[Rule]]) -> dict[str, type[Rule]]:
    """Map each class's KIND to the class; a kind registered twice is a ValueError."""
    kinds: dict[str, type[Rule]] = {}
    for cls in classes:
        if not cls.KIND:
            raise ValueError(f"{cls.__name__} has no KIND")
        if cls.KIND in kinds:
            raise ValueError(
                f"rule kind {cls.KIND!r} registered twice: "
                f"{kinds[cls.KIND].__name__} and {cls.__name__}"
            )
        kinds[cls.KIND] = cls
    return kinds


_KINDS = build_registry([HierarchyRule, SumRule, EqualRule, RangeRule, UniqueRule, ReconcileRule])
# The kinds CBS's Iv3 checks need (generic: any dataset with code columns may use them).
_KINDS.update(build_registry([MemberRule, ForbiddenRule, TotalsRule, ShareRule]))
# Relations between figures and changes between years or documents (issue 18).
_KINDS.update(build_registry([CompareRule, ChangeRule]))
_KINDS.update(build_registry([*_KINDS.values(), ExistsRule]))
#: Every rule kind, in the order the reference documents them (read-only; see `register`).
KINDS = MappingProxyType(_KINDS)


def register(cls: type[Rule]) -> type[Rule]:
    """Add a rule kind (usable as a class decorator); a kind name already taken is a
    ValueError and leaves the registry unchanged."""
    _KINDS.update(build_registry([*_KINDS.values(), cls]))
    return cls


def unknown_kind_message(name: object) -> str:
    """The text for an unknown kind, listing the known ones (shared with the loader)."""
    return f"unknown rule kind {name!r}; known kinds: {', '.join(KINDS)}"


def get_kind(name: str) -> type[Rule]:
    """The rule class for `name`; UnknownKindError (listing the known kinds) otherwise."""
    try:
        return KINDS[name]
    except (KeyError, TypeError):
        raise UnknownKindError(unknown_kind_message(name)) from None
