"""The engine's bulk constructor makes the same finding as the dataclass constructor."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from sluitend.engine.findings import Finding


def test_from_view_equals_the_constructor() -> None:
    where = {"hoofdstuk": "VII", "artikel": "7", "vuo": "U", "jaar": 2023}
    args = ("BT001", "error", "t", where, 181678, 226678, 45000, 2.0, "msg", "t.csv:9", (), "7.1")
    made = Finding(*args)
    fast = Finding.from_view(*args[:3], MappingProxyType(dict(where)), *args[4:])
    assert fast == made
    assert fast.to_dict() == made.to_dict()
    assert dataclasses.replace(fast, severity="warning").severity == "warning"
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.rule = "BT002"  # type: ignore[misc]
