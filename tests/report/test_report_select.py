"""`--select` and `--max-findings` per rule: what is shown, what counts, what is refused."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from report_sample import sample_report

from sluitend.cli import main
from sluitend.errors import SluitendError
from sluitend.report.select import check_against, limit_per_rule, parse_selection, select


def test_one_clause_needs_every_key_and_several_clauses_add_up() -> None:
    rep = sample_report()
    art7 = select(rep, parse_selection(["hoofdstuk=vii,artikel=7"]))
    assert {f.dataset for f in art7.all_findings()} == {"bzk-2022-art7"}
    assert art7.count("error") == 2 and art7.count("warning") == 1
    both = select(rep, parse_selection(["artikel=1", "severity=warning"]))
    assert sorted(f.rule for f in both.all_findings()) == ["BT001", "BT010"]
    assert both.selection == "artikel=1; severity=warning"


def test_a_consequence_inside_the_selection_stays_without_its_cause() -> None:
    rep = select(sample_report(), parse_selection(["rule=BT002"]))
    assert [f.rule for f in rep.findings] == ["BT002"]
    assert {r.rule for r in rep.results} == {"BT002"}
    assert rep.results[0].failed == 1


def test_failed_counts_are_recounted_in_the_selection() -> None:
    rep = select(sample_report(), parse_selection(["severity=info"]))
    assert rep.count("error") == 0 and rep.count("info") == 1
    assert not rep.fails("error")  # outside the selection does not decide the exit code
    assert all(r.failed == 0 for r in rep.results)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("chapter=VII", "unknown key 'chapter'"),
        ("hoofdstuk", "is not KEY=VALUE"),
        ("hoofdstuk=7", "is not a budget chapter code"),
        ("severity=fatal", "expected one of error, warning, info"),
        ("artikel=7;drop", "is not an article number"),
        ("hoofdstuk=VII,", "expected KEY=VALUE"),
    ],
)
def test_bad_selections_are_refused_with_what_was_expected(text: str, words: str) -> None:
    with pytest.raises(SluitendError, match=words):
        parse_selection([text])


def test_a_rule_the_run_does_not_have_is_refused() -> None:
    with pytest.raises(SluitendError, match="no such rule in this run; rules run: BT001"):
        check_against(parse_selection(["rule=XX9"]), sample_report())


def test_limit_per_rule_keeps_every_rule_and_every_count() -> None:
    rep = sample_report()
    cut = limit_per_rule(rep, 1)
    assert [(f.dataset, f.rule) for f in cut.findings] == [
        ("bzk-2022-art7", "BT001"),
        ("begroting-2023", "BT001"),
        ("bzk-2022-art7", "BT010"),
    ]
    assert all(cut.count(s) == rep.count(s) for s in ("error", "warning", "info"))
    assert cut.truncated == 1


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["validate", "--dataset", "minfin-2017-vii", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_select_narrows_the_report_and_the_exit_code() -> None:
    code, out, _ = run("--format", "json", "--select", "severity=info")
    doc = json.loads(out)
    assert code == 0  # only info selected: nothing at or above --fail-on error
    assert doc["summary"]["error"] == 0 and doc["summary"]["info"] > 0
    code, out, _ = run("--select", "rule=BT002", "--all")
    assert code == 1
    assert "selection rule=BT002 (--select)" in out and "BT001 Lines add up" not in out


def test_cli_bad_select_is_exit_2_with_the_key() -> None:
    code, _, err = run("--select", "jaar=2017")
    assert code == 2 and "unknown key 'jaar'" in err
    code, _, err = run("--select", "rule=NOPE")
    assert code == 2 and "no such rule in this run" in err
    code, _, err = run("--all", "--max-findings", "3")
    assert code == 2 and "not both" in err
