"""The reporter interface, the format registry, format and colour resolution, Dutch notation."""

from __future__ import annotations

import pytest
from report_sample import sample_report

from sluitend.report.base import (
    FORMATS,
    REPORTERS,
    Reporter,
    get_reporter,
    reporter_class,
    resolve_format,
    use_color,
)
from sluitend.report.common import parse_bron, sections
from sluitend.report.dutch import amount, percentage, place, unit_label


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_registered_format_renders_a_string_ending_in_newline(name: str) -> None:
    reporter = get_reporter(name)
    assert isinstance(reporter, Reporter)
    assert reporter.name == name
    if reporter.binary:  # a workbook: bytes only, and render() says so
        assert reporter.render_bytes(sample_report())[:2] == b"PK"
        with pytest.raises(TypeError, match="binary"):
            reporter.render(sample_report())
        return
    out = reporter.render(sample_report())
    assert out.endswith("\n") and len(out) > 100
    assert reporter.render_bytes(sample_report()) == out.encode("utf-8")


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown format 'xml'; known formats: rich, json"):
        get_reporter("xml")


def test_get_reporter_drops_options_a_format_does_not_take() -> None:
    reporter = get_reporter("json", color=True, width=80, fail_on="error")
    assert reporter.options == {"max_unchecked": 100}  # its own default; the rest dropped
    junit = get_reporter("junit", color=True, fail_on="error").options
    assert junit == {"fail_on": "error", "per": "rule", "paths": None}


def test_direct_construction_rejects_unknown_options() -> None:
    with pytest.raises(TypeError, match="takes no option"):
        reporter_class("rich")(colour=True)


@pytest.mark.parametrize(
    ("requested", "env", "isatty", "expected"),
    [
        ("auto", {"GITHUB_ACTIONS": "true"}, False, "github"),
        ("auto", {"GITHUB_ACTIONS": "true"}, True, "github"),
        ("auto", {"GITHUB_ACTIONS": "false"}, True, "rich"),
        ("auto", {}, True, "rich"),
        ("auto", {}, False, "rich"),
        ("json", {"GITHUB_ACTIONS": "true"}, False, "json"),
        ("markdown", {}, True, "markdown"),
    ],
)
def test_resolve_format(requested: str, env: dict[str, str], isatty: bool, expected: str) -> None:
    assert resolve_format(requested, env, isatty) == expected


def test_resolve_format_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        resolve_format("yaml", {}, True)


def test_formats_for_the_cli_choice() -> None:
    assert FORMATS == (
        "auto", "rich", "json", "junit", "github", "sarif", "gitlab", "markdown", "html", "xlsx"
    )  # fmt: skip


def test_the_cli_offers_every_format() -> None:
    from sluitend import cli

    assert cli.FORMATS == FORMATS


@pytest.mark.parametrize(
    ("env", "isatty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
    ],
)
def test_use_color(env: dict[str, str], isatty: bool, expected: bool) -> None:
    assert use_color(env, isatty) is expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (39149, "39.149"),
        (-2734, "-2.734"),
        (0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (1234567, "1.234.567"),
        (12.0, "12"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_amount(value: float | None, text: str) -> None:
    assert amount(value) == text


def test_signed_amount_and_pandas_values() -> None:
    import numpy as np
    import pandas as pd

    assert amount(2734, signed=True) == "+2.734"
    assert amount(-2734, signed=True) == "-2.734"
    assert amount(0, signed=True) == "0"
    assert amount(np.int64(45000)) == "45.000"
    assert amount(pd.NA) == ""


def test_percentage_and_unit() -> None:
    assert percentage(95.2) == "95,2%"
    assert percentage(100.0) == "100%"
    assert percentage(None) == ""
    assert unit_label(1000) == "x € 1.000"
    assert unit_label(1, "juridisch_verplicht") == "%"


def test_place_reads_top_down() -> None:
    where = {
        "hoofdstuk": "VII",
        "artikel": "7",
        "onderdeel": "7.1",
        "instrument": "Subsidies",
        "regeling": "Regeling A",
        "omschrijving": "",
        "vuo": "V",
        "jaar": 2024,
    }
    assert place(where) == "VII art. 7 · 7.1 › Subsidies › Regeling A · Verplichtingen 2024"
    assert place({"hoofdstuk": "VII", "artikel": "7", "categorie": "Subsidies"}) == (
        "VII art. 7 · Subsidies"
    )
    assert place({**where, "waarvan": True}).endswith("(waarvan)")


@pytest.mark.parametrize(
    ("bron", "path", "line", "cell"),
    [
        ("datasets/bzk.csv:3", "datasets/bzk.csv", 3, ""),
        ("seeds/001_x.txt:120", "seeds/001_x.txt", 120, ""),
        ("data/b 2023.xlsx!Tabel 18!D14", "data/b 2023.xlsx", None, "Tabel 18!D14"),
        ("bundled:bzk-2022-art7", "bundled:bzk-2022-art7", None, ""),
        ("C:\\data\\x.csv:7", "C:\\data\\x.csv", 7, ""),
        ("x.csv:0", "x.csv:0", None, ""),
        ("", "", None, ""),
    ],
)
def test_parse_bron(bron: str, path: str, line: int | None, cell: str) -> None:
    parsed = parse_bron(bron)
    assert (parsed.path, parsed.line, parsed.cell) == (path, line, cell)


def test_sections_keep_run_order_and_flat_mode_moves_consequences() -> None:
    report = sample_report()
    top = sections(report, "bzk-2022-art7")
    assert [s.rule for s in top] == ["BT001", "BT002", "BT010", "BT020"]
    assert [len(s.findings) for s in top] == [2, 0, 1, 0]
    flat = sections(report, "bzk-2022-art7", flat=True)
    assert [len(s.findings) for s in flat] == [2, 1, 1, 0]
