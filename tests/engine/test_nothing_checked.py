"""A rule that compares no figure is a warning naming the selector and what the column holds."""

from __future__ import annotations

import pytest

from sluitend.datasets.bundled import load_bundled
from sluitend.engine.findings import NOTHING_CHECKED
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_ruleset_text
from tests.engine.budget import table


def _report(rules: str):
    ruleset = load_ruleset_text('[ruleset]\nname = "t"\n' + rules, "t.toml")
    return validate(load_bundled("bzk-2022-art7")[:1], ruleset)


def _idle(report):
    """The rule's own warnings (a chapter without a checked total adds a COVERAGE one)."""
    return [f for f in report.findings if f.label == NOTHING_CHECKED]


def _rule(where: str, kind: str = "hierarchy") -> str:
    return f'[[rules]]\nid = "Z"\nkind = "{kind}"\ndataset = "begrotingstabel"\nwhere = "{where}"\n'


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("vuo == 'o'", "no row has vuo 'o'; vuo holds O, V, U"),
        (
            "instrument == 'Subsidies'",
            "no row has instrument 'Subsidies'; instrument holds Subsidies (regelingen), ",
        ),
        ("artikel == '07'", "no row has artikel '07'; artikel holds 7"),
        ("jaar == 2019 and vuo == 'U'", "no row has jaar 2019; jaar holds 2020, 2021, 2022,"),
        ("vuo in ['X', 'u']", "no row has vuo in ['X', 'u']; vuo holds U, V, O"),
    ],
)
def test_a_selector_that_matches_nothing_is_a_warning_with_the_values(where, reason) -> None:
    report = _report(_rule(where))
    (finding,) = _idle(report)
    assert (finding.rule, finding.severity, finding.label) == ("Z", "warning", NOTHING_CHECKED)
    assert f'where "{where}": {reason}' in finding.message
    assert report.results[0].checked == 0
    assert report.fails("warning") and not report.fails("error")


def test_each_part_matching_but_not_together() -> None:
    (finding,) = _idle(_report(_rule("vuo == 'O' and onderdeel == '7.1'")))
    assert "each part matches some rows, but no row matches all" in finding.message


def test_a_not_part_that_matches_nothing_is_named() -> None:
    # BT030's `when` in a table without lines: the `not (...)` part is what matches no row,
    # not "each part matches some rows".
    where = "not (onderdeel == '' or onderdeel != '') and vuo == 'U'"
    (finding,) = _idle(_report(_rule(where)))
    assert (
        "not (onderdeel == '' or onderdeel != '') matches no row" in finding.message
        and "each part" not in finding.message
        and "no row has vuo" not in finding.message
    )


def test_selectors_that_match_but_nothing_to_compare() -> None:
    # Every row of the bundled table is in scope, but no instrument row is a total.
    (finding,) = _idle(_report(_rule("regeling != ''")))
    assert finding.message == "Z checks nothing: no row it selects is a total with lines under it"


def test_sum_parts_selector_is_named() -> None:
    rules = (
        '[[rules]]\nid = "S"\nkind = "sum"\ndataset = "begrotingstabel"\n'
        'total = { onderdeel = "" }\nparts = "artikel == \'8\'"\n'
    )
    (finding,) = _idle(_report(rules))
    assert "parts \"artikel == '8'\": no row has artikel '8'; artikel holds 7" in finding.message


def test_a_rule_that_checks_something_gives_no_such_warning() -> None:
    report = _report(_rule("vuo == 'U'"))
    assert report.findings == ()
    assert report.results[0].checked > 0


def test_an_empty_dataset() -> None:
    from sluitend.datasets.frame import Dataset

    ruleset = load_ruleset_text('[ruleset]\nname = "t"\n' + _rule("vuo == 'U'"), "t.toml")
    empty = table([("", "", "", "U", 2022, 1)]).iloc[0:0]
    (finding,) = _idle(validate([Dataset(empty, "begrotingstabel", "e")], ruleset))
    assert finding.message == "Z checks nothing: the dataset has no rows"
