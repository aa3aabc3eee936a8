"""Every kind documents itself the same way, and the reference is built from that."""

from __future__ import annotations

import dataclasses
import re

import pytest

from sluitend.rules.loader import load_ruleset_text
from sluitend.rules.reference import SECTIONS, doc_sections, option_names, reference_markdown
from sluitend.rules.registry import KINDS

KIND_CLASSES = list(KINDS.values())
IDS = list(KINDS)


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_docstring_has_every_section_once(cls: type) -> None:
    doc = cls.__doc__
    for name in SECTIONS:
        assert doc.count(f"\n    {name}:\n") == 1, f"{cls.KIND}: section {name!r}"
    sections = doc_sections(cls)
    assert sections[""], "a one-line summary first"
    for name in SECTIONS:
        assert sections[name].strip(), f"{cls.KIND}: section {name!r} is empty"


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_options_list_every_field(cls: type) -> None:
    documented = option_names(cls)
    fields = {f.name for f in dataclasses.fields(cls)}
    assert fields | {"kind"} == set(documented), cls.KIND
    assert len(documented) == len(set(documented)), "an option documented twice"


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_options_state_type_and_default(cls: type) -> None:
    entries = [
        line for line in doc_sections(cls)["Options"].splitlines() if re.match(r"[a-z_]+ \(", line)
    ]
    assert entries
    for line in entries:
        # An entry's first line: name (type; default ...) or name (type; required)
        assert "; default " in line or "; required" in line, line


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_example_loads_as_a_rule_of_its_kind(cls: type) -> None:
    example = doc_sections(cls)["Example"]
    ruleset = load_ruleset_text('[ruleset]\nname = "doc"\n\n' + example, f"{cls.KIND} docstring")
    assert [type(rule) for rule in ruleset] == [cls]


@pytest.mark.parametrize("cls", KIND_CLASSES, ids=IDS)
def test_tables_have_a_header_and_rows(cls: type) -> None:
    for name in ("Passing table", "Failing table"):
        lines = doc_sections(cls)[name].splitlines()
        assert len(lines) >= 2
        assert "bedrag" in lines[0] or "percentage" in lines[0]


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
