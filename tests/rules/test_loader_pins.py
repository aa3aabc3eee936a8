"""The loader's answers that `test_loader.py` leaves open, each pinned to its exact text.

Found by mutation testing (CONTRIBUTING.md): each test here fails when one small change to
`rules/loader.py` (a message, a bound, a key name) goes unnoticed by the rest of the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sluitend.errors import RuleFileError
from sluitend.rules import loader
from sluitend.rules.base import Tolerance
from sluitend.rules.change import ALONG
from sluitend.rules.compare import OPS, PARTNERS
from sluitend.rules.hierarchy import HierarchyRule
from sluitend.rules.loader import load_ruleset, load_ruleset_document, load_ruleset_text, show
from sluitend.rules.missing import MISSING_MODES
from sluitend.rules.reconcile import Rename, Side
from sluitend.rules.where import parse_where

HEADER = '[ruleset]\nname = "t"\n\n[[rules]]\n'
HIERARCHY = 'id = "H"\nkind = "hierarchy"\ndataset = "begrotingstabel"\n'
BUDGET_COLUMNS = (
    "begrotingsjaar, fase, hoofdstuk, begroting, artikel, onderdeel, instrument, regeling, "
    "omschrijving, waarvan, vuo, jaar, bedrag, afronding, label, bron"
)
IV3_COLUMNS = (
    "overheid, overheidsnummer, boekjaar, periode, onderdeel, taakveld, balanscode, categorie, "
    "standper, waarvan, bedrag, label, bron"
)


@pytest.fixture(autouse=True)
def parsers_built_in_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the parsers that the loader makes from a factory (`_column_list`, `_one_of`,
    `_choice`) again, inside the test.

    The loader builds them once, at import; mutmut switches a mutant on only while a test
    runs, so without this the factories' mutants could never be told apart from the code.
    The rebuilt parsers are the ones the loader makes (the same factories, the same
    arguments), so every test below checks the loader's real answers.
    """
    rebuilt = {key: loader._column_list(n) for key, n in loader._COLUMN_LIST_KEYS.items()}
    rebuilt.update(
        op=loader._one_of(OPS),
        partner=loader._one_of(PARTNERS),
        missing=loader._one_of(MISSING_MODES),
        along=loader._one_of(ALONG),
        measure=loader._choice("difference", "percentage", "value"),
    )
    for key, parse in rebuilt.items():
        monkeypatch.setitem(loader._PARSERS, key, parse)


def problems(text: str) -> list[str]:
    """The problems the loader reports for `text` (loaded as rules.toml)."""
    with pytest.raises(RuleFileError) as info:
        load_ruleset_text(text)  # the default name is rules.toml
    assert info.value.path == "rules.toml"
    return info.value.problems


def rule_problems(body: str) -> list[str]:
    """Problems of a file with one rule whose keys are `body`."""
    return problems(HEADER + body)


def test_the_factory_parsers_are_the_loaders() -> None:
    # The fixture above must rebuild every parser the loader made from a factory, no more.
    made = {key for key, parse in loader._PARSERS.items() if parse.__qualname__.endswith("parse")}
    assert made == {*loader._COLUMN_LIST_KEYS, "op", "partner", "missing", "along", "measure"}


# --- column lists ------------------------------------------------------------------------


def test_a_column_list_holds_names_only() -> None:
    assert rule_problems(HIERARCHY + 'levels = ["onderdeel", 3]\n') == [
        "rules.toml: rule 'H' (index 0): key 'levels': expected a list of column names, "
        "got ['onderdeel', 3]"
    ]


def test_levels_need_one_column_and_by_may_be_empty() -> None:
    assert rule_problems(HIERARCHY + "levels = []\n") == [
        "rules.toml: rule 'H' (index 0): key 'levels': expected at least one column name, got []"
    ]
    (rule,) = load_ruleset_text(HEADER + HIERARCHY + 'levels = ["onderdeel"]\nby = []\n').rules
    assert isinstance(rule, HierarchyRule)
    assert (rule.levels, rule.by) == (("onderdeel",), ())


def test_a_column_listed_twice_is_named_once() -> None:
    levels = '["onderdeel", "instrument", "onderdeel", "regeling", "instrument", "onderdeel"]'
    assert rule_problems(HIERARCHY + f"levels = {levels}\n") == [
        "rules.toml: rule 'H' (index 0): key 'levels': 'onderdeel', 'instrument' listed more "
        "than once"
    ]


def test_unknown_columns_in_a_list_are_all_named() -> None:
    assert rule_problems(HIERARCHY + 'levels = ["onderdeel", "taakveld", "x"]\n') == [
        "rules.toml: rule 'H' (index 0): key 'levels': unknown columns 'taakveld', 'x'; "
        f"known columns: {BUDGET_COLUMNS}"
    ]


# --- choices -----------------------------------------------------------------------------


def test_compare_choices_list_their_options() -> None:
    assert rule_problems(
        'id = "C"\nkind = "compare"\ndataset = "begrotingstabel"\nleft = "vuo == \'V\'"\n'
        'right = "vuo == \'U\'"\non = ["jaar"]\nop = "=<"\npartner = 1\nmissing = "skip"\n'
    ) == [
        'rules.toml: rule \'C\' (index 0): key \'op\': expected one of "<", "<=", ">", '
        '">=", "==", "!=", got \'=<\'',
        "rules.toml: rule 'C' (index 0): key 'partner': expected one of \"key\", \"parent\", got 1",
        "rules.toml: rule 'C' (index 0): key 'missing': expected one of \"non_null\", "
        '"non_zero", "partial_null", "partial_zero", "always_null", "always_zero", '
        "got 'skip'",
    ]


def test_a_valid_choice_is_kept() -> None:
    text = (
        'id = "C"\nkind = "compare"\ndataset = "begrotingstabel"\nleft = "vuo == \'V\'"\n'
        'right = "vuo == \'U\'"\non = ["jaar"]\nop = ">="\npartner = "key"\n'
        'missing = "always_zero"\n'
    )
    (rule,) = load_ruleset_text(HEADER + text).rules
    assert (rule.op, rule.partner, rule.missing) == (">=", "key", "always_zero")  # type: ignore[attr-defined]


def test_change_along_is_a_choice() -> None:
    body = 'id = "D"\nkind = "change"\ndataset = "begrotingstabel"\nabsolute = 1\n'
    assert rule_problems(body + 'along = "year"\n') == [
        "rules.toml: rule 'D' (index 0): key 'along': expected one of \"jaar\", "
        "\"begrotingsjaar\", got 'year'"
    ]
    (rule,) = load_ruleset_text(HEADER + body + 'along = "begrotingsjaar"\n').rules
    assert rule.along == "begrotingsjaar"  # type: ignore[attr-defined]


def test_share_measure_is_a_choice() -> None:
    body = (
        'id = "S"\nkind = "share"\ndataset = "iv3"\npart = "taakveld == \'0.1\'"\n'
        "base = \"taakveld == '0.2'\"\n"
    )
    assert rule_problems(body + 'measure = "percent"\n') == [
        "rules.toml: rule 'S' (index 0): key 'measure': expected one of 'difference', "
        "'percentage', 'value', got 'percent'"
    ]
    (rule,) = load_ruleset_text(HEADER + body + 'measure = "value"\n').rules
    assert rule.measure == "value"  # type: ignore[attr-defined]


# --- the Iv3 kinds' keys -----------------------------------------------------------------


def test_member_code_column_and_codes_are_checked() -> None:
    body = 'id = "M"\nkind = "member"\ndataset = "iv3"\n'
    assert rule_problems(body + 'code_column = 3\ncodes = "0.1"\n') == [
        "rules.toml: rule 'M' (index 0): key 'code_column': expected a column name, got 3",
        "rules.toml: rule 'M' (index 0): key 'codes': expected a list of texts, got '0.1'",
    ]
    assert rule_problems(body + 'code_column = "taakveldd"\ncodes = ["0.1", 2]\n') == [
        "rules.toml: rule 'M' (index 0): key 'code_column': unknown column 'taakveldd'; "
        f"known columns: {IV3_COLUMNS}",
        "rules.toml: rule 'M' (index 0): key 'codes': expected a list of texts, got ['0.1', 2]",
    ]
    (rule,) = load_ruleset_text(HEADER + body + 'code_column = "taakveld"\ncodes = ["0.1"]\n').rules
    assert (rule.code_column, rule.codes) == ("taakveld", ("0.1",))  # type: ignore[attr-defined]


# --- values in messages ------------------------------------------------------------------


def test_show_writes_values_as_a_rule_file_would() -> None:
    assert show(True) == "true"
    assert show(False) == "false"
    assert show({"a": [1, "b"]}) == "{a = [1, 'b']}"
    # 60 characters are shown whole; a longer value is cut to 57 and "...".
    assert show("a" * 58) == "'" + "a" * 58 + "'"
    assert show("a" * 59) == "'" + "a" * 56 + "..."


def test_a_value_of_another_type_is_shown_as_toml_writes_it() -> None:
    assert rule_problems(
        'id = "R"\nkind = "range"\ndataset = "juridisch_verplicht"\ncolumn = "percentage"\n'
        "min = 0\ntitle = false\ndescription = 1979-05-27\n"
    ) == [
        "rules.toml: rule 'R' (index 0): key 'title': expected text, got false",
        "rules.toml: rule 'R' (index 0): key 'description': expected text, got 1979-05-27",
    ]


# --- reading the file --------------------------------------------------------------------


def test_an_unreadable_file_names_itself(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(RuleFileError) as info:
        load_ruleset(missing)
    assert info.value.path == str(missing)


def test_a_file_that_is_not_utf8_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[ruleset]\nname = "caf\xe9"\n')
    with pytest.raises(RuleFileError) as info:
        load_ruleset(path)
    assert info.value.path == str(path)


# --- TOML errors: the offending line under the message -----------------------------------


def test_the_line_of_a_windows_file_is_shown_without_its_carriage_return() -> None:
    assert problems("id = X\r\n[ruleset]\r\n") == [
        "rules.toml: line 1, column 6: Invalid value\n    id = X\n         ^"
    ]


def test_the_line_is_shown_with_its_trailing_spaces() -> None:
    assert problems('[ruleset]\nname = "x"\nid = BTX   \n') == [
        "rules.toml: line 3, column 6: Invalid value\n    id = BTX   \n         ^"
    ]


def test_a_blank_line_is_not_shown() -> None:
    assert problems("a = [1,\n   \n") == ["rules.toml: line 3, column 1: Invalid value"]


def test_a_line_of_more_than_200_characters_is_not_shown() -> None:
    def line(width: int) -> str:
        return '"' + "a" * (width - 6) + '" = Q'  # `width` characters, Q is the mistake

    long = problems('[ruleset]\nname = "x"\n' + line(201) + "\n")
    assert long == ["rules.toml: line 3, column 201: Invalid value"]
    shown = problems('[ruleset]\nname = "x"\n' + line(200) + "\n")
    assert shown == [
        "rules.toml: line 3, column 200: Invalid value\n    "
        + line(200)
        + "\n    "
        + " " * 199
        + "^"
    ]


def test_depth_limit_is_counted_from_the_document() -> None:
    # The document is level 1: 63 nested arrays are 64 levels, the limit; 64 are too deep.
    too_deep = [
        "rules.toml: arrays or tables nested too deeply (a rule file needs a few levels; "
        "limit 64 (raise it with SLUITEND_MAX_DEPTH=...))"
    ]
    assert problems("a = " + "[" * 64 + "]" * 64 + "\n") == too_deep
    assert problems("a = " + "[" * 63 + "]" * 63 + "\n") != too_deep


def test_depth_limit_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLUITEND_MAX_DEPTH", "3")
    assert problems(HEADER + HIERARCHY + "tolerance = { absolute = [[1]] }\n") == [
        "rules.toml: arrays or tables nested too deeply (a rule file needs a few levels; "
        "limit 3 (raise it with SLUITEND_MAX_DEPTH=...))"
    ]


def test_a_recursion_error_is_reported_as_too_deep() -> None:
    assert problems("a = " + "[" * 5000 + "]" * 5000 + "\n") == [
        "rules.toml: arrays or tables nested too deeply (a rule file needs a few levels; "
        "limit 64 (raise it with SLUITEND_MAX_DEPTH=...))"
    ]


# --- a document already parsed -----------------------------------------------------------


def test_a_parsed_document_reports_every_problem_under_its_name() -> None:
    with pytest.raises(RuleFileError) as info:
        load_ruleset_document({"ruleset": {"name": 3}, "rules": []}, "pack gemeente")
    assert info.value.path == "pack gemeente"
    assert info.value.problems == [
        "pack gemeente: [ruleset]: key 'name': expected a non-empty text, got 3",
        "pack gemeente: no rules: add at least one [[rules]] table",
    ]


def test_a_parsed_document_loads() -> None:
    document = {
        "ruleset": {"name": "g", "description": "d"},
        "rules": [{"id": "H", "kind": "hierarchy", "dataset": "begrotingstabel"}],
    }
    ruleset = load_ruleset_document(document, "pack g")
    assert (ruleset.name, ruleset.description, ruleset.source) == ("g", "d", "pack g")
    assert ruleset.rules == (HierarchyRule(id="H", dataset="begrotingstabel"),)
    assert ruleset.warnings == ()


# --- checks across the keys of one kind --------------------------------------------------

COMPARE = 'id = "C"\nkind = "compare"\ndataset = "begrotingstabel"\nleft = "vuo == \'V\'"\n'
NO_OP = "rules.toml: rule 'C' (index 0): missing key 'op'"


def test_compare_needs_right_or_value_not_both() -> None:
    either = (
        "rules.toml: rule 'C' (index 0): set right (the rows to compare with) or value "
        "(a number), not both"
    )
    both = 'right = "vuo == \'U\'"\nvalue = 0\non = ["jaar"]\n'
    assert rule_problems(COMPARE + both) == [NO_OP, either]
    assert rule_problems(COMPARE) == [NO_OP, either]


def test_compare_with_rows_needs_on() -> None:
    missing_on = (
        "rules.toml: rule 'C' (index 0): missing key 'on': the columns a left row shares with "
        "its right partner"
    )
    assert rule_problems(COMPARE + "right = \"vuo == 'U'\"\n") == [NO_OP, missing_on]
    assert rule_problems(COMPARE + "right = \"vuo == 'U'\"\non = []\n") == [
        NO_OP,
        "rules.toml: rule 'C' (index 0): key 'on': expected at least one column name, got []",
        missing_on,
    ]


def test_compare_with_a_value_has_no_partner() -> None:
    value = 'op = "<="\nvalue = 0\n'
    assert rule_problems(COMPARE + value + 'on = ["jaar"]\npartner = "key"\n') == [
        "rules.toml: rule 'C' (index 0): 'on', 'partner' pair a left row with a right row; "
        "value has none"
    ]
    assert rule_problems(COMPARE + value + 'partner = "key"\n') == [
        "rules.toml: rule 'C' (index 0): 'partner' pair a left row with a right row; value has none"
    ]


CHANGE = 'id = "D"\nkind = "change"\ndataset = "begrotingstabel"\n'


def test_change_needs_a_bound() -> None:
    assert rule_problems(CHANGE) == [
        "rules.toml: rule 'D' (index 0): set absolute, relative or both"
    ]
    (rule,) = load_ruleset_text(HEADER + CHANGE + "relative = 0.1\n").rules
    assert (rule.absolute, rule.relative) == (None, 0.1)  # type: ignore[attr-defined]


def test_change_does_not_group_on_what_it_runs_along() -> None:
    assert rule_problems(CHANGE + 'relative = 0.1\non = ["hoofdstuk", "jaar"]\n') == [
        "rules.toml: rule 'D' (index 0): key 'on': 'jaar' is what the change runs along; "
        "leave it out of 'on'"
    ]
    along = 'absolute = 1\nalong = "begrotingsjaar"\n'
    assert rule_problems(CHANGE + along + 'on = ["hoofdstuk", "begrotingsjaar"]\n') == [
        "rules.toml: rule 'D' (index 0): key 'on': 'begrotingsjaar' is what the change runs "
        "along; leave it out of 'on'"
    ]
    (rule,) = load_ruleset_text(HEADER + CHANGE + along + 'on = ["hoofdstuk", "jaar"]\n').rules
    assert rule.on == ("hoofdstuk", "jaar")  # type: ignore[attr-defined]


RECONCILE = 'id = "RC"\nkind = "reconcile"\ndataset = "begrotingsstaat"\n'
RC = "rules.toml: rule 'RC' (index 0): "


def test_reconcile_scope_is_checked_against_the_default_on() -> None:
    right = 'right = { dataset = "begrotingstabel" }\n'
    assert rule_problems(RECONCILE + right + 'scope = ["jaar", "artikel", "fase"]\n') == [
        RC + "key 'scope': scope column 'fase' is not in on ('hoofdstuk', 'artikel', 'vuo', "
        "'jaar'); a scope is compared on the paired key values, so list it in on or leave it "
        "out of scope"
    ]
    assert rule_problems(RECONCILE + right + 'on = ["hoofdstuk"]\nscope = 3\n') == [
        RC + "key 'scope': expected a list of column names, got 3"
    ]


def test_reconcile_sides_report_every_mistake() -> None:
    sides = (
        'left = 3\nright = { dataset = "begrotingstabel", fase = "XX", jaar = 30, colour = 1 }\n'
    )
    assert rule_problems(RECONCILE + sides) == [
        RC + "key 'left': expected a table such as {fase = 'OWB', jaar = 0}, got 3",
        RC + "key 'right': unknown key 'colour'; allowed keys: dataset, where, fase, jaar, rename",
        RC + "key 'right.fase': expected one of OWB, VB, O1, O2, JV, SW, got 'XX'",
        RC + "key 'right.jaar': expected a whole number of years relative to begrotingsjaar "
        "(0, -1, -2, 1 ...), got 30",
    ]
    sides = (
        'left = { dataset = "begrotingstabel", fase = "OWB" }\n'
        'right = { dataset = "iv3x", jaar = true }\n'
    )
    assert rule_problems(RECONCILE + sides) == [
        RC + "key 'left': unknown key 'dataset'; allowed keys: where, fase, jaar, rename",
        RC + "key 'right.dataset': unknown dataset kind 'iv3x'; known kinds: begrotingstabel, "
        "begrotingsstaat, juridisch_verplicht, iv3, iv3_kengetallen, iv3_structuur",
    ]


def test_a_side_reads_its_own_dataset_kind_and_no_more() -> None:
    # The right side's where names an Iv3 column; the rule's own keys are read against the
    # rule's dataset kind again after it.
    right = 'right = { dataset = "iv3", where = "taakveld == \'\'" }\n'
    assert rule_problems(RECONCILE + right + 'on = ["taakveld"]\nscope = []\n') == [
        RC + "key 'on': unknown column 'taakveld'; known columns: " + BUDGET_COLUMNS
    ]


def test_renames_report_every_mistake() -> None:
    renames = (
        '[{ column = 3, map = {} }, { column = "jaar", map = { a = 1 } }, '
        '{ column = "taakveld", map = { "a" = "b" }, where = "x == 1", colour = 2 }]'
    )
    right = f'right = {{ dataset = "begrotingstabel", rename = {renames} }}\n'
    expected_map = "expected a table of old = new texts such as {'61' = '1'}, got"
    assert rule_problems(RECONCILE + right) == [
        RC + "key 'right.rename[0].column': expected a column name, got 3",
        RC + f"key 'right.rename[0].map': {expected_map} {{}}",
        RC + "key 'right.rename[1].column': column 'jaar' does not hold text; only text keys "
        "are renamed",
        RC + f"key 'right.rename[1].map': {expected_map} {{a = 1}}",
        RC + "key 'right.rename[2]': unknown key 'colour'; allowed keys: column, where, map",
        RC
        + "key 'right.rename[2].column': unknown column 'taakveld'; known columns: "
        + BUDGET_COLUMNS,
        RC + "key 'right.rename[2].where': unknown column 'x'; known columns: " + BUDGET_COLUMNS,
    ]
    right = 'right = { dataset = "begrotingstabel", rename = 3 }\n'
    assert rule_problems(RECONCILE + right) == [
        RC + "key 'right.rename': expected a list of tables such as {column = 'artikel', "
        "map = {'61' = '1'}}, got 3"
    ]


def test_a_one_key_mistake_in_a_rename_is_reported_alone() -> None:
    # Each part of a rename is reported on its own: a good column with a bad map, a good map
    # with a bad where.
    right = 'right = {{ dataset = "begrotingstabel", rename = [{}] }}\n'
    assert rule_problems(RECONCILE + right.format('{ column = "artikel", map = { a = 1 } }')) == [
        RC + "key 'right.rename[0].map': expected a table of old = new texts such as "
        "{'61' = '1'}, got {a = 1}"
    ]
    bad_where = '{ column = "artikel", map = { a = "b" }, where = "x == 1" }'
    assert rule_problems(RECONCILE + right.format(bad_where)) == [
        RC + "key 'right.rename[0].where': unknown column 'x'; known columns: " + BUDGET_COLUMNS
    ]


def test_a_reconcile_rule_loads_with_its_sides() -> None:
    sides = (
        'left = { jaar = -1, fase = "OWB", where = "artikel == \'\'" }\n'
        'right = { dataset = "begrotingstabel", fase = "JV", jaar = 0, where = "artikel != \'\'", '
        'rename = [{ column = "artikel", map = { "61" = "1", "62" = "2" }, '
        'where = "hoofdstuk == \'VII\'" }, { column = "hoofdstuk", map = { "A" = "B" } }] }\n'
    )
    (rule,) = load_ruleset_text(HEADER + RECONCILE + sides).rules
    assert rule.left == Side(where=parse_where("artikel == ''"), fase="OWB", jaar=-1)  # type: ignore[attr-defined]
    assert rule.right == Side(  # type: ignore[attr-defined]
        dataset="begrotingstabel",
        where=parse_where("artikel != ''"),
        fase="JV",
        jaar=0,
        rename=(
            Rename("artikel", (("61", "1"), ("62", "2")), parse_where("hoofdstuk == 'VII'")),
            Rename("hoofdstuk", (("A", "B"),)),
        ),
    )


def test_a_size_threshold_needs_a_severity_and_a_bound() -> None:
    assert rule_problems(
        HIERARCHY + 'severity_by_size = [{ absolute = 10 }, { severity = "info" }]\n'
    ) == [
        "rules.toml: rule 'H' (index 0): key 'severity_by_size[0]': missing key 'severity'",
        "rules.toml: rule 'H' (index 0): key 'severity_by_size[1]': set absolute, share or both",
    ]


FORBIDDEN = 'id = "F"\nkind = "forbidden"\ndataset = "iv3"\ncolumns = ["taakveld", "categorie"]\n'


@pytest.mark.parametrize(
    "combinations",
    ['[["0.1", "3.1"], ["0.2"]]', '[["0.1", 3]]', '["0.1", "3.1"]', "3"],
)
def test_combinations_are_lists_of_one_text_per_column(combinations: str) -> None:
    shown = combinations.replace('"', "'")
    assert rule_problems(FORBIDDEN + f"combinations = {combinations}\n") == [
        "rules.toml: rule 'F' (index 0): key 'combinations': expected a list of lists of 2 "
        f"texts (one per column), got {shown}"
    ]
    text = HEADER + FORBIDDEN + 'combinations = [["0.1", "3.1"], ["0.2", "4"]]\n'
    (rule,) = load_ruleset_text(text).rules
    assert rule.combinations == (("0.1", "3.1"), ("0.2", "4"))  # type: ignore[attr-defined]


# --- tolerances, defaults and the rest of a side -----------------------------------------


@pytest.mark.parametrize(
    ("tolerance", "problem"),
    [
        (
            "{ absolute = 1, sigma = 1, colour = 1 }",
            "key 'tolerance': unknown key 'colour'; allowed keys: absolute, relative, rounding, "
            "sigma",
        ),
        (
            '{ rounding = "yes", sigma = 1 }',
            "key 'tolerance.rounding': expected true or false, got 'yes'",
        ),
        (
            "{ sigma = 1 }",
            "key 'tolerance': sigma needs rounding = true (it narrows the rounding bound)",
        ),
        (
            "{ rounding = true, sigma = -1 }",
            "key 'tolerance.sigma': expected a number of 0 or more, got -1",
        ),
    ],
)
def test_a_tolerance_mistake_is_reported_once(tolerance: str, problem: str) -> None:
    # The first mistake of a tolerance table ends its reading: no second message follows.
    assert rule_problems(HIERARCHY + f"tolerance = {tolerance}\n") == [
        f"rules.toml: rule 'H' (index 0): {problem}"
    ]


def test_a_sigma_tolerance_loads() -> None:
    text = HEADER + HIERARCHY + "tolerance = { rounding = true, sigma = 2 }\n"
    (rule,) = load_ruleset_text(text).rules
    assert rule.tolerance == Tolerance(rounding=True, sigma=2.0)


def test_columns_are_not_judged_on_an_unknown_dataset_kind() -> None:
    body = 'id = "H"\nkind = "hierarchy"\ndataset = "begrotingstabelx"\nlevels = ["x"]\n'
    assert rule_problems(body) == [
        "rules.toml: rule 'H' (index 0): key 'dataset': unknown dataset kind 'begrotingstabelx'; "
        "known kinds: begrotingstabel, begrotingsstaat, juridisch_verplicht, iv3, "
        "iv3_kengetallen, iv3_structuur"
    ]


def test_a_compare_reads_its_default_levels_only_for_a_parent() -> None:
    body = (
        'id = "C"\nkind = "compare"\ndataset = "iv3"\nleft = "taakveld == \'0.1\'"\n'
        'right = "taakveld == \'0.2\'"\non = ["overheid"]\nop = "<="\n'
    )
    (rule,) = load_ruleset_text(HEADER + body).rules
    assert rule.partner == "key"  # type: ignore[attr-defined]
    assert rule_problems(body + 'partner = "parent"\n') == [
        "rules.toml: rule 'C' (index 0): key 'levels' (not set; default ['onderdeel', "
        "'instrument', 'regeling', 'omschrijving']): unknown columns 'instrument', 'regeling', "
        f"'omschrijving'; known columns: {IV3_COLUMNS}"
    ]


def test_a_side_year_is_a_whole_number_of_at_most_20() -> None:
    def years(left: str, right: str) -> list[str]:
        right_side = f'{{ dataset = "begrotingstabel", jaar = {right} }}'
        sides = f"left = {{ jaar = {left} }}\nright = {right_side}\n"
        return rule_problems(RECONCILE + sides)

    expected = (
        "key '{}.jaar': expected a whole number of years relative to begrotingsjaar "
        "(0, -1, -2, 1 ...), got {}"
    )
    assert years("true", "2.5") == [
        RC + expected.format("left", "true"),
        RC + expected.format("right", "2.5"),
    ]
    assert years("-21", "21") == [
        RC + expected.format("left", "-21"),
        RC + expected.format("right", "21"),
    ]
    (rule,) = load_ruleset_text(
        HEADER
        + RECONCILE
        + 'left = { jaar = -20 }\nright = { dataset = "begrotingstabel", jaar = 20 }\n'
    ).rules
    assert (rule.left.jaar, rule.right.jaar) == (-20, 20)  # type: ignore[attr-defined]


def test_a_side_fase_and_dataset_must_be_known() -> None:
    sides = "left = { fase = 3 }\nright = { dataset = 3 }\n"
    assert rule_problems(RECONCILE + sides) == [
        RC + "key 'left.fase': expected one of OWB, VB, O1, O2, JV, SW, got 3",
        RC + "key 'right.dataset': unknown dataset kind 3; known kinds: begrotingstabel, "
        "begrotingsstaat, juridisch_verplicht, iv3, iv3_kengetallen, iv3_structuur",
    ]
    right = 'right = { dataset = "begrotingstabel", where = "x == 1" }\n'
    assert rule_problems(RECONCILE + right) == [
        RC + "key 'right.where': unknown column 'x'; known columns: " + BUDGET_COLUMNS
    ]


def test_a_side_fase_under_an_unknown_or_non_text_dataset_kind_is_a_problem() -> None:
    # The rule's own dataset is wrong already; the side's fase is then reported against it,
    # whether the kind is an unknown name or not a name at all (a list is no dict key).
    for kind, shown in (('"nope"', "'nope'"), ('["begrotingsstaat"]', "['begrotingsstaat']")):
        body = f'id = "RC"\nkind = "reconcile"\ndataset = {kind}\nleft = {{ fase = "OWB" }}\n'
        assert rule_problems(body) == [
            RC + f"key 'dataset': unknown dataset kind {shown}; known kinds: begrotingstabel, "
            "begrotingsstaat, juridisch_verplicht, iv3, iv3_kengetallen, iv3_structuur",
            RC + "missing key 'right'",
            RC + f"key 'left.fase': the dataset kind {shown} has no fase codes to select",
        ]


# --- the document around the rules -------------------------------------------------------


def test_a_ruleset_without_description_has_an_empty_one() -> None:
    assert load_ruleset_text(HEADER + HIERARCHY).description == ""


def test_rules_that_are_not_tables() -> None:
    assert problems('rules = 3\n[ruleset]\nname = "t"\n') == [
        "rules.toml: key 'rules': expected [[rules]] tables, got 3"
    ]


def test_empty_ids_are_not_taken_for_a_duplicate() -> None:
    rule = '[[rules]]\nid = ""\nkind = "hierarchy"\ndataset = "begrotingstabel"\n'
    assert problems('[ruleset]\nname = "t"\n\n' + rule + rule) == [
        "rules.toml: rule at index 0: key 'id': expected a non-empty text, got ''",
        "rules.toml: rule at index 1: key 'id': expected a non-empty text, got ''",
    ]


def test_a_require_mistake_names_its_key_and_its_place_in_the_list() -> None:
    exists = (
        'id = "X"\nkind = "exists"\ndataset = "begrotingstabel"\nby = ["hoofdstuk"]\n'
        "when = \"artikel == ''\"\n"
    )
    unknown_x = "unknown column 'x'; known columns: " + BUDGET_COLUMNS
    assert rule_problems(exists + 'require = "x == 1"\n') == [
        f"rules.toml: rule 'X' (index 0): key 'require': {unknown_x}"
    ]
    assert rule_problems(exists + 'require = ["artikel != \'\'", "x == 1"]\n') == [
        f"rules.toml: rule 'X' (index 0): key 'require[1]': {unknown_x}"
    ]
