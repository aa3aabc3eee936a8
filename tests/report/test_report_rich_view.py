"""The Rich report as a controller reads it: summary first, figures across years, bounded."""

from __future__ import annotations

import dataclasses
import re

from report_sample import CSV, sample_report
from test_report_overview import check, report, shifted

from sluitend.engine.findings import DatasetSummary, Finding, Hint, Report, RuleResult
from sluitend.report.base import get_reporter
from sluitend.report.overview import LIKELY_CAUSE


def render(rep: Report, **options: object) -> str:
    return get_reporter("rich", **options).render(rep)


def test_the_summary_and_the_overview_come_before_any_finding() -> None:
    out = render(sample_report())
    lines = out.splitlines()
    assert lines[1].startswith("3 errors, 1 warning, 1 info")
    assert out.index("largest difference") < out.index("BT001 Lines add up to their totals ·")


def test_the_rule_line_and_its_header_say_the_same_count() -> None:
    out = render(sample_report())
    checklist = re.search(
        r"✘\s+BT001\s+Lines add up to their totals\s+180 checked\s+(.+?)\s{2}", out
    )
    assert checklist is not None
    assert f"BT001 Lines add up to their totals · error · {checklist.group(1)}" in out


def test_a_figure_over_years_is_one_row_with_its_hint_in_words() -> None:
    findings = [check(j, 10, hints=(shifted(j, 50 + j),)) for j in range(2015, 2022)]
    for width in (80, 120, 200):
        out = render(report(*findings), width=width)
        assert out.count("Subsidies\n") + out.count("Subsidies ") >= 1
        assert "totals shifted by a row (2015–2021)" in out
        assert "shifted_total" not in out
        assert max(len(line) for line in out.splitlines()) <= width
    wide = render(report(*findings), width=200)
    header = next(line for line in wide.splitlines() if "figure" in line and "2015" in line)
    assert all(str(y) in header for y in range(2015, 2022))  # the years are columns


def test_one_file_brons_are_lines_and_narrow_terminals_get_blocks() -> None:
    rep = dataclasses.replace(
        report(check(2020, 41)),
        datasets=(DatasetSummary("t", "begrotingstabel", CSV, 1000, 10),),
    )
    out = render(rep, width=80)
    assert ":41" in out and "bzk_2022_art7.csv:41" not in out
    assert "difference" in out and "expected" in out  # the stacked block names its rows


def test_a_likely_cause_prints_its_row_once_and_says_so() -> None:
    own = check(2020, 10)
    hint = Hint("subtotal", f"{CSV}:10", own.where, 100, "The subtotal is off by 10.")
    cause = check(2020, 10, hints=(hint,), consequences=(own,), kind=LIKELY_CAUSE)
    out = render(report(cause), width=120)
    assert out.count("VII art. 7 · 1 › Subsidies · Uitgaven") == 1
    assert "◆ likely cause: The subtotal is off by 10." in out


def test_info_gives_its_reason_and_pm_is_pm() -> None:
    pm = check(
        2020,
        10,
        severity="info",
        expected=100,
        actual=None,
        message="Subsidies (uitgaven) 2020: not checkable, an unknown (pm) figure takes part",
    )
    out = render(report(pm), width=80)
    assert "info (2020): not checkable, an unknown (pm) figure takes part" in out
    assert re.search(r"stated\s+pm", out)


def test_begrotingsstaat_findings_show_their_phase() -> None:
    findings = [
        dataclasses.replace(check(2013, 5), where={**check(2013, 5).where, "fase": fase})
        for fase in ("OWB", "O2", "JV")
    ]
    rep = dataclasses.replace(
        report(*findings),
        datasets=(DatasetSummary("t", "begrotingsstaat", CSV, 1000, 10),),
    )
    out = render(rep)
    for fase in ("OWB", "O2", "JV"):
        assert f"{fase} · VII art. 7" in out


def test_each_rule_shows_its_first_figures_and_says_how_many_more() -> None:
    a = [check(2020, n, instrument=f"a{n}") for n in range(1, 30)]
    b = [check(2020, 100 + n, instrument=f"b{n}", rule="BT002") for n in range(3)]
    rep = dataclasses.replace(
        report(*a, *b),
        results=(
            RuleResult("BT001", "One", "hierarchy", "error", "t", 100, 29),
            RuleResult("BT002", "Two", "sum", "error", "t", 100, 3),
        ),
    )
    out = render(rep, max_per_rule=5)
    assert "… and 24 more findings of BT001 (24 figures): --all or --format json" in out
    assert all(f"b{n}" in out for n in range(3))  # the second rule is not hidden
    assert "a29" in render(rep, max_per_rule=None)


def test_the_footer_shows_the_whole_run_time() -> None:
    rep = dataclasses.replace(sample_report(), run_seconds=13.2)
    assert "· 13,2" in render(rep) and "0,42 s" not in render(rep)


def test_data_cannot_steer_the_terminal() -> None:
    evil: Finding = check(2020, 3, instrument="\x1b]0;owned\x07")
    out = render(report(evil), color=True)
    assert "\x1b]0;" not in out and "\\x1b]0;owned\\x07" in out


def test_a_long_chapter_title_is_cut_and_the_counts_keep_their_headers() -> None:
    """The 2017 file's III (Commissie van Toezicht betreffende de Inlichtingen- en
    Veiligheidsdiensten) once squeezed the overview's headers to "err…" and "warn…"."""
    title = "Commissie van Toezicht betreffende de Inlichtingen- en Veiligheidsdiensten"
    long = check(2020, 10)
    long = dataclasses.replace(long, where={**long.where, "hoofdstuk": "III", "begroting": title})
    out = render(report(long, check(2020, 11)), width=120)
    header = next(line for line in out.splitlines() if line.lstrip().startswith("chapter"))
    for name in ("errors", "warnings", "info", "largest difference"):
        assert f" {name} " in f"{header} "
    row = next(line for line in out.splitlines() if "III (Commissie" in line)
    assert "…" in row and title not in row
    assert max(len(line) for line in out.splitlines()) <= 120
