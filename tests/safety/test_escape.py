"""Data never steers the terminal, the XML or the Markdown it is shown in (issue 11)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.dom.minidom
from pathlib import Path

import pytest
from click.testing import CliRunner

from sluitend.cli import main
from sluitend.engine.findings import Finding, Report, RuleResult
from sluitend.report import escape
from sluitend.report.base import get_reporter

SEED = Path(__file__).parents[2] / "src/sluitend/datasets/bundled/bzk-2022-art7.csv"
#: OSC (sets the window title), DCS, 8-bit CSI, BEL, a bidi override, Rich markup, HTML,
#: a table pipe, a mention and a NUL-like control: everything a label should not do.
EVIL = (
    "\x1b]0;pwned\x07EVIL\x1bP+q\x1b\\\x9b31mRED[bold red]x[/bold red]"
    "<script>alert(1)</script>|pipe|@here\u202eabc\x01\x7f"
)
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x01", "\x7f")


def evil_csv(tmp_path: Path) -> Path:
    """The seed table with its first figure repeated under an evil label (BT020 fires)."""
    lines = SEED.read_text().splitlines()
    fields = lines[2].split(",")
    fields[12] = EVIL
    path = tmp_path / "evil.csv"
    path.write_text("\n".join([*lines, ",".join(fields)]) + "\n")
    return path


def test_terminal_shows_controls_visibly() -> None:
    assert escape.terminal("a\x1b]0;t\x07b") == "a\\x1b]0;t\\x07b"
    assert escape.terminal("\x9b31m\u202e") == "\\x9b31m\\u202e"
    assert escape.terminal("two\nlines", keep_newlines=True) == "two\nlines"
    assert escape.terminal("two\nlines\r") == "two\\x0alines\\x0d"
    plain = "Bijdrage aan ZBO's/RWT's · € 1.000"
    assert escape.terminal(plain) == plain


def test_xml_removes_what_xml_forbids() -> None:
    text = escape.xml("a\x00b\x1bc\ufffed")
    assert text == "a\\x00b\\x1bc\\ufffed"
    xml.dom.minidom.parseString(f"<a>{text}</a>")


def test_markdown_is_inert() -> None:
    text = escape.markdown("<script>x</script> | *b* [l](u) `c` @team $x$ _e_ a_b\nnext")
    assert "<" not in text and "|" not in text and "`" not in text and "@" not in text
    assert "*" not in text and "[" not in text and "$" not in text and "\n" not in text
    assert "a_b" in text and "&#95;e&#95;" in text


@pytest.mark.parametrize("fmt", ["rich", "github", "junit", "markdown", "sarif", "gitlab", "json"])
def test_no_format_emits_control_characters_of_the_data(tmp_path: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["validate", str(evil_csv(tmp_path)), "--format", fmt])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "EVIL" in out
    assert not any(c in out for c in RAW)
    if fmt == "rich":
        assert "\\x1b]0;pwned\\x07EVIL" in out
    if fmt == "junit":
        xml.dom.minidom.parseString(out)
    if fmt == "markdown":
        assert "<script>" not in out and "&lt;script&gt;" in out and "|pipe|" not in out
        assert "@here" not in out
    if fmt == "json":  # machine formats keep the data exact, JSON-escaped
        labels = [f["label"] for f in json.loads(out)["findings"]]
        assert EVIL in labels
    if fmt in ("sarif", "gitlab"):
        json.loads(out)


def test_rich_never_reads_data_as_markup() -> None:
    finding = dataclasses.replace(_finding(1), label="[bold red]x[/bold red] :smile:")
    report = Report(findings=(finding,), results=(), datasets=())
    out = get_reporter("rich", color=True).render(report)
    assert "[bold red]x[/bold red] :smile:" in out


def test_rich_in_colour_emits_only_its_own_sgr_codes(tmp_path: Path) -> None:
    from sluitend.datasets.detect import read_any
    from sluitend.engine.runner import validate
    from sluitend.rules.loader import load_pack

    report = validate(read_any(evil_csv(tmp_path)), load_pack("rijksbegroting"))
    out = get_reporter("rich", color=True).render(report)
    import re

    assert re.findall(r"\x1b(?!\[[0-9;]*m)", out) == []  # every ESC starts an SGR colour
    assert "\x07" not in out and "\x9b" not in out


def test_stderr_messages_are_escaped_and_capped(tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "bad\x1b]0;x\x07.csv"
    lines = SEED.read_text().splitlines()
    bad.write_text("\n".join([lines[0], lines[1], lines[2].replace("39149", "1x" * 5000)]) + "\n")
    monkeypatch.setenv("SLUITEND_MAX_MESSAGE_CHARS", "300")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;x\\x07.csv" in result.output
    assert len(result.output) < 500 and "more characters not shown" in result.output


def _finding(i: int) -> Finding:
    return Finding(
        rule="R1",
        severity="error" if i % 2 else "warning",
        dataset="d",
        where={"jaar": 2000 + i},
        expected=1,
        actual=2,
        difference=1,
        tolerance=0,
        message=f"m{i}",
        bron=f"x.csv:{i + 2}",
        label=f"label {i}",
    )


def test_rich_draws_a_bounded_number_of_findings_and_keeps_the_counts() -> None:
    findings = tuple(_finding(i) for i in range(5000))
    result = RuleResult("R1", "t", "sum", "error", "d", checked=5000, failed=5000)
    report = Report(findings=findings, results=(result,), datasets=())
    out = get_reporter("rich").render(report)
    assert "2.500 errors, 2.500 warnings" in out
    assert out.count("label ") == 10  # the first ten of the rule
    assert "… and 4.990 more findings of R1 (4.990 figures): --all or --format json" in out
    every = get_reporter("rich", max_per_rule=None).render(report)
    assert every.count("label ") == 2000  # SLUITEND_MAX_SHOWN bounds even --all
    assert "SLUITEND_MAX_SHOWN" in every


#: The same hostile text as TOML escapes: a rule file may carry it in any string.
EVIL_TOML = (
    "\\u001b]0;pwned\\u0007EVIL\\u001bP+q\\u001b\\\\\\u009b31mRED\\u202eabc\\u0001\\u007f"
    "\\nR2       range      begrotingstabel      error    forged"
)


def evil_rules(tmp_path: Path) -> Path:
    """A valid rule file whose name, description, rule title and description are hostile."""
    path = tmp_path / "evil.toml"
    path.write_text(
        "[ruleset]\n"
        f'name = "{EVIL_TOML}"\n'
        f'description = "{EVIL_TOML}"\n\n'
        "[[rules]]\n"
        'id = "R1"\n'
        'kind = "range"\n'
        'dataset = "begrotingstabel"\n'
        f'title = "{EVIL_TOML}"\n'
        f'description = "{EVIL_TOML}"\n'
        'column = "bedrag"\nmin = 0\n'
    )
    return path


@pytest.mark.parametrize(
    "args",
    [["rules", "list"], ["rules", "show", "R1"], ["rules", "lint"], ["validate"]],
    ids=["list", "show", "lint", "validate"],
)
def test_rule_file_text_never_reaches_the_terminal_raw(tmp_path: Path, args: list[str]) -> None:
    rules = evil_rules(tmp_path)
    if args[:2] == ["rules", "lint"]:
        args = [*args, str(rules)]
    elif args == ["validate"]:
        args = [*args, str(evil_csv(tmp_path)), "--rules", str(rules)]
    else:
        args = [*args, "--rules", str(rules)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    out = result.output
    assert not any(c in out for c in RAW), out
    if args[:2] == ["rules", "list"]:  # shown, visibly escaped, on one line
        assert "\\x1b]0;pwned\\x07EVIL" in out
        assert "\\x0aR2" in out and "\nR2 " not in out
    if args[:2] == ["rules", "show"]:  # TOML that reads back the same, and inert
        assert "\\u001B]0;pwned\\u0007EVIL" in out and "\\u009B31mRED\\u202Eabc" in out


def test_dumped_rule_with_c1_and_bidi_reads_back(tmp_path: Path) -> None:
    from sluitend.rules.dump import dump_ruleset
    from sluitend.rules.loader import load_ruleset, load_ruleset_text

    ruleset = load_ruleset(evil_rules(tmp_path))
    text = dump_ruleset(ruleset)
    assert "\x9b" not in text and "\u202e" not in text and "\x1b" not in text
    assert load_ruleset_text(text) == ruleset


def test_datasets_show_and_list_escape_labels(monkeypatch) -> None:
    import sluitend.datasets.bundled as bundled

    real = bundled.load_bundled("bzk-2022-art7")
    frame = real[0].frame.copy()
    frame.loc[0, "label"] = EVIL
    hostile = [dataclasses.replace(real[0], frame=frame)]
    monkeypatch.setattr(bundled, "describe", lambda name: {"title": EVIL, "source": EVIL})
    monkeypatch.setattr(bundled, "load_bundled", lambda name: hostile)
    for args in (["datasets", "show", "bzk-2022-art7"], ["datasets", "list"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert not any(c in result.output for c in RAW), result.output
        assert "\\x1b]0;pwned\\x07EVIL" in result.output


def test_error_quoting_a_rule_file_line_is_escaped(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    # A TOML syntax error: the loader quotes the offending line (with the raw C1 and bidi
    # characters TOML allows in a string) under a caret.
    bad.write_text('[ruleset]\nname = "x\x9b31m\u202e" oops\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "list", "--rules", str(bad)])
    assert result.exit_code == 2, result.output
    assert "\x9b" not in result.output and "\u202e" not in result.output
    assert "\\x9b31m\\u202e" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": "plain"}', '{"a": "plain"}'),  # ASCII
        ('{"a": "x\x7fy"}', '{"a": "x\\u007fy"}'),  # ASCII with DEL
        ('{"a": "Materiële"}', '{"a": "Materiële"}'),  # Latin-1
        ('{"a": "ë\x9b"}', '{"a": "ë\\u009b"}'),  # Latin-1 with an 8-bit CSI
        ('{"a": "€ 5"}', '{"a": "€ 5"}'),  # beyond Latin-1
        ('{"a": "€\u202e"}', '{"a": "€\\u202e"}'),  # beyond Latin-1, a bidi override
    ],
)
def test_json_text_escapes_only_what_steers_a_terminal(text: str, expected: str) -> None:
    """Each way `json_text` looks (ASCII, Latin-1 bytes, the pattern) finds what it must."""
    out = escape.json_text(text)
    assert out == expected
    assert json.loads(out) == json.loads(text)


@pytest.mark.parametrize("fmt", ["rich", "github", "junit", "markdown", "sarif", "gitlab", "json"])
def test_no_format_emits_a_carriage_return_of_the_data(tmp_path: Path, fmt: str) -> None:
    # JUnit passed a label's CR through (XML allows it): on a terminal it moves the cursor
    # back over the line, and an XML parser reads it as a line feed.
    rows = list(csv.reader(SEED.read_text().splitlines()[1:]))
    label = rows[1][12] + "\rok"
    out_rows = [*rows, [*rows[1][:12], label, rows[1][13]]]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC).writerows(out_rows)
    path = tmp_path / "cr.csv"
    path.write_text(SEED.read_text().splitlines()[0] + "\n" + text.getvalue(), newline="")
    result = CliRunner().invoke(main, ["validate", str(path), "--format", fmt])
    assert result.exit_code == 1, result.output
    assert "\r" not in result.output
