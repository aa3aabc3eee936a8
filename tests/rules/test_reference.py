"""Every kind documents itself the same way, and the reference is built from that."""

from __future__ import annotations

import dataclasses
from collections import Counter
from importlib import resources

import pytest

from sluitend.rules import reference
from sluitend.rules.base import Rule
from sluitend.rules.loader import load_ruleset_text
from sluitend.rules.reference import (
    DOC_SECTIONS,
    SECTIONS,
    common_keys,
    doc_sections,
    kind_data,
    kind_text,
    option_names,
    reference_markdown,
    shared_options,
)
from sluitend.rules.registry import KINDS

KIND_CLASSES = list(KINDS.values())
IDS = list(KINDS)


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_docstring_has_its_prose_sections_once(cls: type[Rule]) -> None:
    doc = cls.__doc__ or ""
    for name in SECTIONS:
        expected = 1 if name in DOC_SECTIONS else 0
        assert doc.count(f"\n    {name}:\n") == expected, f"{cls.KIND}: section {name!r}"


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_every_section_is_there_and_not_empty(cls: type[Rule]) -> None:
    sections = doc_sections(cls)
    assert sections[""], "a one-line summary first"
    for name in SECTIONS:
        assert sections.get(name, "").strip(), f"{cls.KIND}: section {name!r} is empty"


def test_every_kind_has_a_data_file_and_every_file_a_kind() -> None:
    folder = resources.files("sluitend.rules").joinpath(reference.FOLDER)
    stems = {entry.name.removesuffix(".toml") for entry in folder.iterdir()}
    assert stems == {*KINDS, reference.SHARED}
    assert all(kind_data(kind) is not None for kind in KINDS)


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_options_list_every_field(cls: type[Rule]) -> None:
    documented = option_names(cls)
    fields = {f.name for f in dataclasses.fields(cls)}
    assert fields | {"kind"} == set(documented), cls.KIND
    assert len(documented) == len(set(documented)), "an option documented twice"


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_an_option_is_required_exactly_when_its_field_has_no_default(cls: type[Rule]) -> None:
    data = kind_data(cls.KIND)
    assert data is not None and data.options
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for option in data.options:
        field = fields[option.name]
        required = field.default is dataclasses.MISSING and (
            field.default_factory is dataclasses.MISSING
        )
        assert (option.default is None) == required, f"{cls.KIND}.{option.name}"
        assert option.type and option.text, f"{cls.KIND}.{option.name}"


def test_common_keys_are_the_rule_fields_but_where() -> None:
    assert common_keys() == [
        "id", "kind", "dataset", "title", "severity", "description", "severity_by_size"
    ]  # fmt: skip


def test_each_shared_option_serves_two_kinds_or_more() -> None:
    uses = Counter(name for kind in KINDS for name in option_names(KINDS[kind]))
    for name in shared_options():
        assert uses[name] >= 2, f"shared option {name!r} is used by {uses[name]} kind(s)"


def test_an_option_takes_what_it_leaves_out_from_the_shared_file() -> None:
    data = kind_data("equal")
    assert data is not None
    where = next(o for o in data.options if o.name == "where")
    column = next(o for o in data.options if o.name == "column")
    # equal.toml states the where default and text; the type and the column are shared.
    assert where.type == shared_options()["where"]["type"]
    assert where.default == "every left row"
    assert (column.type, column.default, column.text) == (
        "column name",
        '"bedrag"',
        "The number column that is compared.",
    )


def test_a_data_file_with_an_unknown_key_or_a_gap_is_an_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = {
        "typo": {"exampel": "", "options": {}},
        "gap": {"options": {"fancy": {"type": "number", "text": "What it does."}}},
        "bad-option": {"options": {"where": {"txt": "Which rows."}}},
    }
    shared_options()  # read (and cached) from the real file before `_read` is replaced
    monkeypatch.setattr(reference, "_read", documents.get)
    with pytest.raises(ValueError, match=r"kinds/typo.toml: unknown key 'exampel'"):
        kind_data("typo")
    with pytest.raises(ValueError, match=r"kinds/gap.toml: option 'fancy': no default"):
        kind_data("gap")
    with pytest.raises(ValueError, match=r"kinds/bad-option.toml: option 'where': unknown key"):
        kind_data("bad-option")


def test_a_kind_without_a_data_file_shows_its_docstring() -> None:
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Probe(Rule):
        """Probes.

        What it checks:
            Nothing at all.
        """

        KIND = "probe-without-file"

    assert kind_data(Probe.KIND) is None
    assert option_names(Probe) == []
    assert kind_text(Probe) == "Probes.\n\nWhat it checks:\n    Nothing at all."


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_example_loads_as_a_rule_of_its_kind(cls: type[Rule]) -> None:
    example = doc_sections(cls)["Example"]
    ruleset = load_ruleset_text('[ruleset]\nname = "doc"\n\n' + example, f"{cls.KIND} example")
    assert [type(rule) for rule in ruleset] == [cls]


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_tables_have_a_header_and_rows(cls: type[Rule]) -> None:
    for name in ("Passing table", "Failing table"):
        lines = doc_sections(cls)[name].splitlines()
        assert len(lines) >= 2
        assert "bedrag" in lines[0] or "percentage" in lines[0]


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_kind_text_reads_like_a_docstring(cls: type[Rule]) -> None:
    text = kind_text(cls)
    headings = [line[:-1] for line in text.splitlines() if line[:-1] in SECTIONS]
    assert headings == list(SECTIONS)
    assert f"    Common keys: {', '.join(common_keys())}." in text
    assert all(len(line) <= 100 for line in text.splitlines() if "[[rules]]" not in line)


def test_reference_markdown_covers_every_kind_and_section() -> None:
    text = reference_markdown()
    assert text.startswith("## Rule-file reference")
    for kind in KINDS:
        assert f"#### `{kind}`" in text
    for name in SECTIONS:
        assert text.count(f"**{name}**") == len(KINDS)
    assert text.count("```toml") == len(KINDS) + 1
    assert (
        '- `levels` (list of column names; default ["onderdeel", "instrument", "regeling", '
        '"omschrijving"]): The levels below the group, top-down.' in text
    )
    assert text.count("- Common keys: id, kind, dataset,") == len(KINDS)
