"""`rules lint` checks the set: contradictions, where expressions that cannot hold,
duplicates, rules no row can reach; each message names the rules (exact texts)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sluitend.cli import main
from sluitend.rules.lint import can_hold, lint
from sluitend.rules.loader import load_pack, load_ruleset_text
from sluitend.rules.where import parse_where

HEADER = '[ruleset]\nname = "lint"\n'


def _lint(body: str) -> list[str]:
    return lint(load_ruleset_text(HEADER + body, "rules.toml"))


def rule(rule_id: str, body: str, kind: str = "range", dataset: str = "begrotingstabel") -> str:
    return f'\n[[rules]]\nid = "{rule_id}"\nkind = "{kind}"\ndataset = "{dataset}"\n{body}\n'


def test_a_where_that_cannot_hold() -> None:
    body = rule("A", "column = \"bedrag\"\nmax = 10\nwhere = \"vuo == 'U' and vuo == 'V'\"")
    assert _lint(body) == ["rule 'A': key 'where' can never hold: vuo == 'U' and vuo == 'V'"]


def test_interval_and_set_analysis() -> None:
    holds = {
        "jaar > 2020 and jaar < 2021": True,  # 2020.5 is not a year, but the analysis is real
        "jaar > 2020 and jaar <= 2020": False,
        "jaar >= 2022 and not (jaar >= 2020)": False,
        "vuo in ['V', 'U'] and vuo not in ['V', 'U']": False,
        "(vuo == 'U' or vuo == 'V') and vuo != 'U'": True,
        "(vuo == 'U' or jaar < 0) and vuo == 'V' and jaar > 5": False,
        "jaar == begrotingsjaar and jaar > 2022": True,  # column against column: unsure
        "artikel == '7' and artikel == '07'": False,
    }
    for text, expected in holds.items():
        assert can_hold([parse_where(text)], {}) is expected, text


def test_a_selector_no_row_can_match() -> None:
    staat = rule(
        "E",
        'total = {artikel = ""}\nparts = "onderdeel != \'\'"',
        kind="sum",
        dataset="begrotingsstaat",
    )
    tabel = rule("F", 'left = {vuo = "X"}\nright = {vuo = "U"}\non = ["jaar"]', kind="equal")
    assert _lint(staat + tabel) == [
        "rule 'E': key 'parts' matches no row a begrotingsstaat can have (onderdeel is "
        "always ''): onderdeel != ''",
        "rule 'F': key 'left' matches no row a begrotingstabel can have (vuo is one of 'O', "
        "'U', 'V'): vuo == 'X'",
    ]


def test_duplicates_under_other_ids() -> None:
    one = rule("B", 'left = {vuo = "O"}\nop = ">="\nvalue = 0', kind="compare")
    two = rule(
        "D",
        'title = "x"\nleft = {vuo = "O"}\nop = ">="\nvalue = 0\nseverity = "warning"',
        kind="compare",
    )
    assert _lint(one + two) == [
        "rules 'B' and 'D' check the same thing: both are compare rules on begrotingstabel "
        "that differ only in id, title, description or severity"
    ]


def test_contradicting_bounds_name_both_rules() -> None:
    low = rule("B", 'left = {vuo = "O"}\nop = ">="\nvalue = 0', kind="compare")
    high = rule("C", 'column = "bedrag"\nmax = -1\nwhere = "vuo == \'O\' and jaar >= 2020"')
    elsewhere = rule("G", 'column = "bedrag"\nmax = -1\nwhere = "vuo == \'U\'"')
    assert _lint(low + high + elsewhere) == [
        "rules 'B' and 'C' contradict each other: 'B' needs bedrag >= 0, 'C' needs "
        "bedrag <= -1, on rows both check"
    ]


def test_contradicting_relations_name_both_rules() -> None:
    g = rule(
        "G",
        'left = {vuo = "V"}\nop = "<"\nright = {vuo = "U"}\non = ["jaar", "artikel"]',
        kind="compare",
    )
    h = rule(
        "H",
        'left = {vuo = "U"}\nop = "<"\nright = {vuo = "V"}\non = ["artikel", "jaar"]',
        kind="compare",
    )
    assert _lint(g + h) == [
        "rules 'G' and 'H' contradict each other: 'G' needs left < right, 'H' needs "
        "left > right, for the same pairs"
    ]


def test_the_bundled_pack_is_clean() -> None:
    assert lint(load_pack("rijksbegroting")) == []


def test_cli_lint_prints_set_problems_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(
        HEADER + rule("A", "column = \"bedrag\"\nmax = 10\nwhere = \"vuo == 'U' and vuo == 'V'\""),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["rules", "lint", str(path)])
    assert result.exit_code == 2
    assert (
        f"{path}: rule 'A': key 'where' can never hold: vuo == 'U' and vuo == 'V'" in result.stderr
    )
