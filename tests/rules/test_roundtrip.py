"""A rule set survives dump -> load, for rules of every kind."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings

from sluitend.rules.dump import dump_ruleset, toml_string
from sluitend.rules.loader import bundled_packs, load_pack, load_ruleset, load_ruleset_text
from sluitend.rules.registry import KINDS
from sluitend.rules.ruleset import RuleSet

from .strategies import RULE_STRATEGIES, rulesets, texts

DATA = Path(__file__).parent.parent / "data" / "rules"


def test_strategies_cover_every_kind() -> None:
    assert set(RULE_STRATEGIES) == set(KINDS)


@settings(max_examples=100, deadline=None)
@given(rulesets())
def test_dump_then_load_gives_the_same_ruleset(ruleset: RuleSet) -> None:
    text = dump_ruleset(ruleset)
    loaded = load_ruleset_text(text, "dumped.toml")
    assert loaded == ruleset
    assert dump_ruleset(loaded) == text


@settings(max_examples=200)
@given(texts)
def test_toml_strings_survive(text: str) -> None:
    loaded = load_ruleset_text(
        f'[ruleset]\nname = "x"\ndescription = {toml_string(text)}\n'
        '[[rules]]\nid = "U"\nkind = "unique"\ndataset = "begrotingstabel"\n'
    )
    assert loaded.description == text


def test_bundled_packs_survive() -> None:
    for name in bundled_packs():
        ruleset = load_pack(name)
        assert load_ruleset_text(dump_ruleset(ruleset)) == ruleset


def test_load_dump_load_of_a_file() -> None:
    ruleset = load_ruleset(DATA / "good" / "every_option.toml")
    assert load_ruleset_text(dump_ruleset(ruleset)) == ruleset


def test_dump_text_of_a_small_ruleset() -> None:
    ruleset = load_ruleset_text(
        """
[ruleset]
name = "klein"

[[rules]]
id = "BT010"
kind = "equal"
dataset = "begrotingstabel"
title = "V = U"
left = { vuo = "V" }
right = "vuo == 'U'"
on = ["jaar"]
where = "jaar >= begrotingsjaar"
severity = "warning"
tolerance = { absolute = 2 }

[[rules]]
id = "JV001"
kind = "range"
dataset = "juridisch_verplicht"
column = "percentage"
min = 0
"""
    )
    assert dump_ruleset(ruleset) == (
        '[ruleset]\nname = "klein"\n'
        "\n[[rules]]\n"
        'id = "BT010"\nkind = "equal"\ndataset = "begrotingstabel"\ntitle = "V = U"\n'
        'severity = "warning"\nleft = { vuo = "V" }\nright = { vuo = "U" }\non = ["jaar"]\n'
        "tolerance = { absolute = 2.0 }\n"
        'where = "jaar >= begrotingsjaar"\n'
        "\n[[rules]]\n"
        'id = "JV001"\nkind = "range"\ndataset = "juridisch_verplicht"\n'
        'column = "percentage"\nmin = 0.0\n'
    )


def test_dump_rule_is_one_rules_table() -> None:
    from sluitend.rules.dump import dump_rule

    rule = load_pack("rijksbegroting").get("BS001")
    assert dump_rule(rule) == (
        '[[rules]]\nid = "BS001"\nkind = "sum"\ndataset = "begrotingsstaat"\n'
        'title = "Articles add up to the chapter total"\n'
        'total = { artikel = "" }\nparts = "artikel != \'\'"\n'
        'by = ["begrotingsjaar", "fase", "hoofdstuk", "vuo", "jaar"]\n'
        'tolerance = "rounding"'
    )
