"""The exists check: every group with a `when` row holds each required row."""

from __future__ import annotations

import pandas as pd

from sluitend.datasets.frame import budget_frame
from sluitend.engine.findings import NOTHING_CHECKED
from tests.engine.budget import flat, run, table

TOTAL = '{ onderdeel = "", instrument = "", regeling = "", omschrijving = "", waarvan = false }'
RULE = f"""
[[rules]]
id = "C"
kind = "exists"
dataset = "begrotingstabel"
by = ["begrotingsjaar", "fase", "hoofdstuk", "artikel", "vuo"]
when = "onderdeel != ''"
require = {TOTAL}
severity = "warning"
"""

ROWS = [
    ("", "", "", "U", 2022, 90),
    ("7.1", "", "", "U", 2022, 60),
    ("7.2", "", "", "U", 2022, 30),
    ("", "", "", "V", 2022, 90),
    ("7.1", "", "", "V", 2022, 90),
]


def test_every_group_with_lines_has_its_total() -> None:
    report = run(RULE, table(ROWS))
    assert flat(report) == []
    assert report.results[0].checked == 2  # the U and the V group


def test_a_deleted_total_is_a_finding_at_the_groups_first_line() -> None:
    report = run(RULE, table(ROWS[1:]))  # the Uitgaven total deleted
    (finding,) = flat(report)
    assert finding.rule == "C" and finding.severity == "warning"
    assert finding.bron == "t.csv:2"  # the first U line (rows are numbered from line 2)
    assert dict(finding.where) == {
        "begrotingsjaar": 2022,
        "fase": "OWB",
        "hoofdstuk": "VII",
        "artikel": "7",
        "vuo": "U",
    }
    assert finding.expected is None and finding.actual is None
    assert "no row matching onderdeel == ''" in finding.message
    assert report.results[0].failed == 1


def test_pm_counts_as_a_row_and_memo_lines_do_not_open_a_group() -> None:
    rows = [("", "", "", "U", 2022, None), ("7.1", "", "", "U", 2022, 5)]
    assert flat(run(RULE, table(rows))) == []
    memo_only = [("7.1", "", "", "O", 2022, 5)]
    rule = RULE.replace(
        "when = \"onderdeel != ''\"", "when = \"onderdeel != '' and waarvan == false\""
    )
    # Only a memo line: no group to check, which is itself a warning (not an exists failure).
    (idle,) = flat(run(rule, table(memo_only, waarvan=[0])))
    assert idle.label == NOTHING_CHECKED
    assert "no row has waarvan false; waarvan holds True" in idle.message
    assert len(flat(run(rule, table(memo_only)))) == 1


def test_a_list_of_requirements_names_each_missing_one() -> None:
    rule = """
[[rules]]
id = "VU"
kind = "exists"
dataset = "begrotingstabel"
by = ["artikel", "jaar"]
require = ["vuo == 'V' and onderdeel == ''", "vuo == 'U' and onderdeel == ''"]
"""
    rows = [("7.1", "", "", "U", 2022, 5), ("", "", "", "U", 2023, 5), ("", "", "", "V", 2023, 5)]
    (finding,) = flat(run(rule, table(rows)))
    assert finding.where["jaar"] == 2022
    assert (
        finding.label == "missing: vuo == 'V' and onderdeel == ''; vuo == 'U' and onderdeel == ''"
    )


def _two_chapters(with_totals: bool) -> pd.DataFrame:
    frame = table(ROWS[1:3] + ([ROWS[0]] if with_totals else []))
    other = table([("", "", "", "U", 2022, 1), ("7.1", "", "", "U", 2022, 1)]).assign(
        hoofdstuk="VIII", artikel="1"
    )
    return budget_frame(pd.concat([frame, other], ignore_index=True))


def test_within_skips_a_chapter_that_states_no_such_row_anywhere() -> None:
    rule = RULE + 'within = ["begrotingsjaar", "fase", "hoofdstuk", "vuo"]\n'
    frame = _two_chapters(with_totals=False)
    # VII states no U total at all: a layout, not a missing row; VIII has its total.
    report = run(rule, frame)
    assert flat(report) == []
    assert report.results[0].checked == 1
    # Without `within` the VII article is reported.
    assert [f.where["hoofdstuk"] for f in flat(run(RULE, frame))] == ["VII"]


def test_within_still_reports_a_missing_row_where_the_chapter_states_others() -> None:
    rule = RULE + 'within = ["begrotingsjaar", "fase", "vuo"]\n'
    findings = flat(run(rule, _two_chapters(with_totals=False)))
    assert [f.where["hoofdstuk"] for f in findings] == ["VII"]
