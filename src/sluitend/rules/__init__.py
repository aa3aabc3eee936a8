"""DECLARING: rule kinds, rule-file loading, bundled rule packs. Imports no pandas/pandera.

`from sluitend.rules import load_pack, RuleSet, ...` gives the public names below.
"""

from sluitend.rules.base import Rule, SizeThreshold, Tolerance
from sluitend.rules.dump import dump_rule, dump_ruleset
from sluitend.rules.equal import EqualRule
from sluitend.rules.exists import ExistsRule
from sluitend.rules.hierarchy import HierarchyRule
from sluitend.rules.loader import bundled_packs, load_pack, load_ruleset, load_ruleset_text
from sluitend.rules.range import RangeRule
from sluitend.rules.registry import KINDS, get_kind
from sluitend.rules.ruleset import RuleSet
from sluitend.rules.sum import SumRule
from sluitend.rules.unique import UniqueRule
from sluitend.rules.where import Where, parse_where, selector_to_where

__all__ = [
    "KINDS",
    "EqualRule",
    "ExistsRule",
    "HierarchyRule",
    "RangeRule",
    "Rule",
    "RuleSet",
    "SizeThreshold",
    "SumRule",
    "Tolerance",
    "UniqueRule",
    "Where",
    "bundled_packs",
    "dump_rule",
    "dump_ruleset",
    "get_kind",
    "load_pack",
    "load_ruleset",
    "load_ruleset_text",
    "parse_where",
    "selector_to_where",
]
