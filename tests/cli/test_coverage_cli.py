"""Coverage in every report, and page text without a chapter, through the CLI."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from sluitend.cli import main
from sluitend.report.document import UNCHECKED_LISTED
from sluitend.report.json_report import schema

PAGE = str(resources.files("sluitend.datasets") / "bundled" / "bzk-2022-art7.page.txt")


def test_seed_page_text_validates_without_hoofdstuk_all_green() -> None:
    result = CliRunner().invoke(main, ["validate", PAGE, "--format", "rich", "--fail-on", "info"])
    assert result.exit_code == 0, result.output
    assert "hoofdstuk is unknown" in result.output
    assert "0 errors, 0 warnings, 0 info" in result.output
    assert "✘" not in result.output and "!  " not in result.output
    assert "coverage: 224 figures, 210 checked by a sum rule" in result.output


def test_json_has_coverage_and_notes_and_matches_its_schema() -> None:
    result = CliRunner().invoke(main, ["validate", PAGE, "--format", "json"])
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema())
    table = document["datasets"][0]
    assert table["coverage"]["figures"] == 224 and table["coverage"]["checked"] == 210
    assert table["coverage"]["reasons"] == {"no_sum": 14}
    assert len(table["coverage"]["unchecked"]) == 14
    assert "hoofdstuk is unknown" in table["notes"][0]


def test_every_format_says_the_coverage() -> None:
    for fmt, needle in [
        ("markdown", "210 checked by a sum rule"),
        ("github", "210 checked by a sum rule"),
        ("junit", 'name="coverage.checked" value="210"'),
        ("sarif", '"checked": 210'),
    ]:
        result = CliRunner().invoke(main, ["validate", PAGE, "--format", fmt])
        assert needle in result.output, fmt


def test_json_lists_the_first_unchecked_figures_and_all_of_them_with_all(tmp_path) -> None:
    table = str(Path(__file__).parents[1] / "data" / "minfin" / "owb2017_vii.csv")
    docs = {}
    for flag in ([], ["--all"]):
        out = tmp_path / f"report{len(flag)}.json"
        result = CliRunner().invoke(
            main, ["validate", table, "--format", "json", "-o", str(out), *flag]
        )
        assert result.exit_code in (0, 1), result.output
        docs[bool(flag)] = json.loads(out.read_text("utf-8"))
        jsonschema.validate(docs[bool(flag)], schema())
    bounded, every = (docs[k]["datasets"][0]["coverage"] for k in (False, True))
    total = every["figures"] - every["checked"]
    assert total > UNCHECKED_LISTED  # the file leaves more unchecked than the default lists
    assert bounded["unchecked_total"] == every["unchecked_total"] == total
    assert sum(every["reasons"].values()) == total
    assert len(bounded["unchecked"]) == UNCHECKED_LISTED
    assert bounded["unchecked_omitted"] == total - UNCHECKED_LISTED
    assert (len(every["unchecked"]), every["unchecked_omitted"]) == (total, 0)
    assert bounded["unchecked"] == every["unchecked"][:UNCHECKED_LISTED]
    counted = {}
    for figure in every["unchecked"]:
        counted[figure["reason"]] = counted.get(figure["reason"], 0) + 1
    assert counted == every["reasons"]
