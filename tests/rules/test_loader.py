"""Loading rule files: every accepted form, and the exact text of every kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from sluitend.domains.rijk.vocabulary import BUDGET_KEY
from sluitend.errors import RuleFileError, SluitendError
from sluitend.rules.base import SizeThreshold, Tolerance
from sluitend.rules.equal import EqualRule
from sluitend.rules.hierarchy import HierarchyRule
from sluitend.rules.loader import (
    PARSED_KEYS,
    UnknownPackError,
    allowed_keys,
    bundled_packs,
    load_pack,
    load_ruleset,
    load_ruleset_text,
)
from sluitend.rules.range import RangeRule
from sluitend.rules.registry import KINDS
from sluitend.rules.sum import SumRule
from sluitend.rules.unique import UniqueRule
from sluitend.rules.where import parse_where

DATA = Path(__file__).parent.parent / "data" / "rules"
BAD_CASES = sorted(DATA.glob("bad/*.toml"))


def problems(text: str) -> list[str]:
    """The problems the loader reports for `text` (loaded as rules.toml)."""
    with pytest.raises(RuleFileError) as info:
        load_ruleset_text(text, "rules.toml")
    assert info.value.path == "rules.toml"
    return info.value.problems


HEADER = '[ruleset]\nname = "t"\n\n[[rules]]\n'


def rule_problems(body: str) -> list[str]:
    """Problems of a file with one rule whose keys are `body`."""
    return problems(HEADER + body)


@pytest.mark.parametrize("case", BAD_CASES, ids=[p.stem for p in BAD_CASES])
def test_bad_case_reports_exactly_the_expected_problems(case: Path) -> None:
    # A TOML syntax error spans several lines (the offending line, a caret, the fix).
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert "\n".join(problems(case.read_text(encoding="utf-8"))).splitlines() == expected


def test_there_are_bad_cases() -> None:
    assert len(BAD_CASES) >= 10


def test_three_mistakes_are_three_problems() -> None:
    found = problems((DATA / "bad" / "three_mistakes.toml").read_text(encoding="utf-8"))
    assert found == [
        "rules.toml: rule 'BT001' (index 0): key 'levels': expected a list of column names, got 3",
        "rules.toml: rule 'BT002' (index 1): key 'kind': unknown rule kind 'hierarchie'; "
        "known kinds: hierarchy, sum, equal, range, unique, reconcile, member, forbidden, "
        "totals, share, compare, change, exists",
        "rules.toml: rule 'BT003' (index 2): key 'severity': expected one of error, warning, "
        "info, got 'fatal'",
    ]


def test_error_message_names_file_and_counts() -> None:
    path = DATA / "bad" / "three_mistakes.toml"
    with pytest.raises(RuleFileError) as info:
        load_ruleset(path)
    assert isinstance(info.value, SluitendError)
    assert info.value.path == str(path)
    assert str(info.value).splitlines()[0] == f"{path}: 3 errors in rule file"
    assert str(info.value).splitlines()[1] == (
        f"  {path}: rule 'BT001' (index 0): key 'levels': expected a list of column names, got 3"
    )


def test_toml_syntax_error_has_line_and_column() -> None:
    assert problems('[ruleset]\nname = "x"\nid = BT001\n') == [
        "rules.toml: line 3, column 6: Invalid value\n    id = BT001\n         ^"
    ]


def test_toml_error_at_end_of_document_gets_a_position() -> None:
    assert problems('[ruleset]\nname = "x"\n[rules') == [
        "rules.toml: line 3, column 7: Expected ']' at the end of a table declaration"
        "\n    [rules\n          ^"
    ]


def test_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(RuleFileError) as info:
        load_ruleset(missing)
    assert info.value.problems == [f"{missing}: cannot read the file: No such file or directory"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[ruleset]\nname = "caf\xe9"\n')
    with pytest.raises(RuleFileError) as info:
        load_ruleset(path)
    assert info.value.problems == [f"{path}: line 2: not UTF-8 text (byte 22 of the file)"]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    text = (DATA / "good" / "every_option.toml").read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_ruleset(path).name == "alles"


def test_every_option_loads_into_typed_rules() -> None:
    path = DATA / "good" / "every_option.toml"
    ruleset = load_ruleset(path)
    assert ruleset.name == "alles"
    assert ruleset.description == "Every option once"
    assert ruleset.source == str(path)
    assert ruleset.ids == ("H1", "S1", "E1", "R1", "U1")
    assert ruleset.get("H1") == HierarchyRule(
        id="H1",
        dataset="begrotingstabel",
        title="Hierarchy with everything",
        severity="warning",
        levels=("onderdeel", "instrument", "regeling"),
        by=("begrotingsjaar", "fase", "hoofdstuk", "artikel", "vuo", "jaar"),
        tolerance=Tolerance(rounding=True),
        where=parse_where("onderdeel != '' and jaar >= 2021"),
        description="A hierarchy",
        severity_by_size=(
            SizeThreshold("error", absolute=1000.0),
            SizeThreshold("info", share=0.001),
        ),
    )
    assert ruleset.get("S1") == SumRule(
        id="S1",
        dataset="begrotingsstaat",
        total=parse_where("artikel == ''"),
        parts=parse_where("artikel != ''"),
        by=("begrotingsjaar", "fase", "hoofdstuk", "vuo", "jaar"),
        tolerance=Tolerance(absolute=2.0, relative=0.001, rounding=True),
    )
    assert ruleset.get("E1") == EqualRule(
        id="E1",
        dataset="begrotingstabel",
        left=parse_where("vuo == 'V'"),
        right=parse_where("vuo in ['U']"),
        on=("begrotingsjaar", "jaar"),
        tolerance=Tolerance(absolute=2.0),
        where=parse_where("waarvan == false"),
    )
    assert ruleset.get("R1") == RangeRule(
        id="R1", dataset="juridisch_verplicht", column="percentage", max=100.5, severity="info"
    )
    assert ruleset.get("U1") == UniqueRule(
        id="U1", dataset="begrotingstabel", columns=("hoofdstuk", "artikel", "label")
    )


def test_defaults() -> None:
    ruleset = load_ruleset_text(
        HEADER + 'id = "H"\nkind = "hierarchy"\ndataset = "begrotingstabel"\n', "x.toml"
    )
    rule = ruleset.get("H")
    assert rule == HierarchyRule(id="H", dataset="begrotingstabel")
    assert rule.severity == "error"
    assert rule.title == ""
    assert rule.where is None
    assert rule.tolerance.is_exact


@pytest.mark.parametrize("value", ["0", "0.0", "{absolute = 0}"])
def test_zero_tolerances_are_exact(value: str) -> None:
    text = (
        HEADER + f'id = "H"\nkind = "hierarchy"\ndataset = "begrotingstabel"\ntolerance = {value}\n'
    )
    assert load_ruleset_text(text).get("H").tolerance == Tolerance()  # type: ignore[attr-defined]


def test_where_accepts_a_selector_table() -> None:
    text = HEADER + 'id = "U"\nkind = "unique"\ndataset = "begrotingstabel"\n'
    text += 'where = { vuo = ["V", "U"], onderdeel = "" }\n'
    assert load_ruleset_text(text).get("U").where == parse_where(
        "vuo in ['V', 'U'] and onderdeel == ''"
    )


def test_unknown_key_lists_allowed_keys() -> None:
    assert rule_problems(
        'id = "R"\nkind = "range"\ndataset = "juridisch_verplicht"\ncolumn = "percentage"\n'
        "min = 0\nmaximum = 100\n"
    ) == [
        "rules.toml: rule 'R' (index 0): unknown key 'maximum'; allowed keys: id, kind, dataset, "
        "title, severity, column, min, max, where, description, severity_by_size"
    ]


def test_unknown_kind_stops_at_the_kind() -> None:
    # The keys of an unknown kind cannot be judged: only the kind is reported.
    assert rule_problems('id = "X"\nkind = "total"\ndataset = "begrotingstabel"\nfoo = 1\n') == [
        "rules.toml: rule 'X' (index 0): key 'kind': unknown rule kind 'total'; known kinds: "
        "hierarchy, sum, equal, range, unique, reconcile, member, forbidden, totals, share, "
        "compare, change, exists"
    ]


def test_kind_that_is_not_text() -> None:
    assert rule_problems('id = "X"\nkind = 3\ndataset = "begrotingstabel"\n') == [
        "rules.toml: rule 'X' (index 0): key 'kind': unknown rule kind 3; known kinds: "
        "hierarchy, sum, equal, range, unique, reconcile, member, forbidden, totals, share, "
        "compare, change, exists"
    ]


def test_selector_column_type_mismatch() -> None:
    assert rule_problems(
        'id = "E"\nkind = "equal"\ndataset = "begrotingstabel"\nleft = { jaar = "2020" }\n'
        'right = { vuo = "U" }\non = ["jaar"]\n'
    ) == ["rules.toml: rule 'E' (index 0): key 'left': column 'jaar' holds numbers, got '2020'"]


def test_non_finite_numbers_are_refused() -> None:
    assert rule_problems(
        'id = "R"\nkind = "range"\ndataset = "juridisch_verplicht"\ncolumn = "percentage"\n'
        "max = inf\n"
    ) == ["rules.toml: rule 'R' (index 0): key 'max': expected a number, got inf"]


def test_every_rule_field_has_a_parser() -> None:
    for cls in KINDS.values():
        keys = set(allowed_keys(cls)) - {"id", "kind", "dataset"}
        assert keys <= PARSED_KEYS, cls.KIND


def test_bundled_pack() -> None:
    packs = bundled_packs()
    assert "rijksbegroting" in packs
    assert packs["rijksbegroting"].is_file()
    ruleset = load_pack("rijksbegroting")
    assert ruleset.name == "rijksbegroting"
    assert {"BT001", "BT002", "BT010", "BT020", "BS001", "BS020", "JV001", "JV020"} <= set(
        ruleset.ids
    )
    assert all(rule.title for rule in ruleset)
    bt010 = ruleset.get("BT010")
    assert isinstance(bt010, EqualRule)
    assert bt010.on == tuple(c for c in BUDGET_KEY if c != "vuo")
    assert bt010.severity == "warning"
    assert bt010.where == parse_where("jaar >= begrotingsjaar")
    article_total = "onderdeel == '' and instrument == '' and regeling == '' and omschrijving == ''"
    assert ruleset.get("BT001").where == parse_where(f"not ({article_total})")
    assert ruleset.get("BT002").where == parse_where(article_total)
    assert ruleset.get("BT001").tolerance.rounding
    bs001 = ruleset.get("BS001")
    assert isinstance(bs001, SumRule)
    assert bs001.total == parse_where("artikel == ''")
    jv001 = ruleset.get("JV001")
    assert isinstance(jv001, RangeRule)
    assert (jv001.min, jv001.max) == (0.0, 100.0)
    assert [r.id for r in ruleset.for_dataset("juridisch_verplicht")] == ["JV001", "JV020"]


def test_unknown_pack() -> None:
    with pytest.raises(UnknownPackError) as info:
        load_pack("gemeente")
    assert str(info.value) == "unknown rule pack 'gemeente'; bundled packs: rijksbegroting"


def test_reconcile_scope_outside_on_is_refused() -> None:
    # The scope is compared on the paired key values; a scope column left out of `on` was a
    # KeyError in the engine (exit 3) instead of a mistake in the rule file.
    rule = (
        'id = "RC"\nkind = "reconcile"\ndataset = "begrotingsstaat"\n'
        'right = { dataset = "begrotingstabel" }\non = ["begrotingsjaar"]\n'
    )
    assert rule_problems(rule) == [
        "rules.toml: rule 'RC' (index 0): key 'scope': scope column 'jaar' is not in on "
        "('begrotingsjaar'); a scope is compared on the paired key values, so list it in on "
        "or leave it out of scope"
    ]
    fixed = rule.replace('["begrotingsjaar"]', '["begrotingsjaar", "jaar"]')
    (loaded,) = load_ruleset_text(HEADER + fixed, "rules.toml").rules
    assert loaded.scope == ("jaar",)


def test_a_reconcile_sides_fase_is_one_of_its_kinds_codes() -> None:
    # The codes are the side's kind's (`vocabulary.DATASET_CODES`), not a list of its own.
    rule = (
        'id = "RC"\nkind = "reconcile"\ndataset = "begrotingsstaat"\nleft = { fase = "XX" }\n'
        'right = { dataset = "iv3", fase = "OWB" }\non = ["jaar"]\n'
    )
    assert rule_problems(rule) == [
        "rules.toml: rule 'RC' (index 0): key 'left.fase': expected one of OWB, VB, O1, O2, "
        "JV, SW, got 'XX'",
        "rules.toml: rule 'RC' (index 0): key 'right.fase': the dataset kind 'iv3' has no "
        "fase codes to select",
    ]


def test_sum_on_a_kind_without_amounts_is_refused() -> None:
    # A sum adds up `bedrag`; on the percentages it was a KeyError in the engine (exit 3).
    assert rule_problems(
        'id = "S"\nkind = "sum"\ndataset = "juridisch_verplicht"\n'
        'total = "begrotingsjaar == 0"\nparts = "begrotingsjaar == 0"\n'
    ) == [
        "rules.toml: rule 'S' (index 0): key 'dataset': a sum adds up the column 'bedrag': "
        "unknown column 'bedrag'; known columns: begrotingsjaar, fase, hoofdstuk, artikel, "
        "categorie, percentage, label, bron"
    ]
