"""One-call helpers for the per-kind tests: a rule from its TOML keys, or its problems."""

from __future__ import annotations

import pytest

from sluitend.errors import RuleFileError
from sluitend.rules.base import Rule
from sluitend.rules.loader import load_ruleset_text

_HEADER = '[ruleset]\nname = "t"\n\n[[rules]]\nid = "R"\n'


def load_rule(body: str) -> Rule:
    """The rule that a [[rules]] table with id "R" and the keys in `body` loads as."""
    return load_ruleset_text(_HEADER + body, "rules.toml").get("R")


def problems(body: str) -> list[str]:
    """The problems of that rule, without the common "rules.toml: rule 'R' (index 0): "."""
    with pytest.raises(RuleFileError) as info:
        load_ruleset_text(_HEADER + body, "rules.toml")
    prefix = "rules.toml: rule 'R' (index 0): "
    assert all(p.startswith(prefix) for p in info.value.problems), info.value.problems
    return [p[len(prefix) :] for p in info.value.problems]
