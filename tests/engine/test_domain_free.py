"""The generic engine names no column or code of a domain: it asks the dataset kind.

import-linter says the engine never imports `sluitend.domains`; it cannot say that the
engine does not spell a domain's column as a string ("vuo", "artikel"), or that the generic
vocabulary does not hold a domain's words again (LEVELS, FASES: they live in
`sluitend.domains.rijk.vocabulary`). This test reads the engine's source (string constants
that are not docstrings, the domain's words by name) and the generic vocabulary, and fails
on either, so that a second domain stays a new folder.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sluitend.engine
from sluitend import vocabulary
from sluitend.domains.rijk import vocabulary as rijk_vocabulary
from sluitend.vocabulary import DATASET_KINDS

ENGINE = Path(sluitend.engine.__file__).parent
#: The columns every kind of amounts shares (the engine's own frame contract), and the
#: placeholders of a rule's message template (`checks/templated.py`), which the Iv3
#: structure kind also has as columns.
GENERIC = frozenset({"bedrag", "waarvan", "label", "bron", "afronding", "fout", "goed", "extra"})
#: The Rijksbegroting's words (`sluitend.domains.rijk.vocabulary`): the engine reaches
#: them only through the registry (`vocabulary.layout_of`, `DATASET_KEYS`, ...).
DOMAIN_NAMES = frozenset(
    {
        "BEGROTINGSTABEL",
        "BEGROTINGSSTAAT",
        "JURIDISCH_VERPLICHT",
        "FASES",
        "VUOS",
        "VUO_NAMES",
        "LEVELS",
        "BUDGET_COLUMNS",
        "BUDGET_DEFAULTS",
        "BUDGET_FILL",
        "BUDGET_KEY",
        "BUDGET_CODES",
        "STAAT_CODES",
        "BUDGET_CHAPTER",
        "BUDGET_LAYOUT",
        "JURIDISCH_VERPLICHT_COLUMNS",
        "JURIDISCH_VERPLICHT_KEY",
        "JURIDISCH_VERPLICHT_LAYOUT",
        "PERCENTAGE_COLUMNS",
    }
)


def domain_columns() -> frozenset[str]:
    """Every column of every registered kind, but the generic ones."""
    return frozenset(c for columns in DATASET_KINDS.values() for c in columns) - GENERIC


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings (or bare string statements)."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def named(path: Path) -> set[str]:
    """The domain columns spelled as strings, and the domain words imported, in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    columns = domain_columns()
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if node.value in columns:
                out.add(repr(node.value))
        elif isinstance(node, ast.ImportFrom):
            out.update(a.name for a in node.names if a.name in DOMAIN_NAMES)
        elif isinstance(node, ast.Attribute) and node.attr in DOMAIN_NAMES:
            out.add(node.attr)
    return out


MODULES = sorted(p.relative_to(ENGINE).as_posix() for p in ENGINE.rglob("*.py"))


def test_the_domains_columns_are_known() -> None:
    # The test would pass vacuously if it knew no domain column.
    assert {"vuo", "artikel", "instrument", "taakveld", "categorie"} <= domain_columns()
    assert set(dir(rijk_vocabulary)) >= DOMAIN_NAMES


def test_the_generic_vocabulary_holds_no_domain_word() -> None:
    # The registry's tables are filled by the domains; the module itself names none.
    assert not set(dir(vocabulary)) & DOMAIN_NAMES
    assert named(Path(vocabulary.__file__)) == set()


@pytest.mark.parametrize("module", MODULES)
def test_the_engine_names_no_domain_column(module: str) -> None:
    assert named(ENGINE / module) == set()


def test_every_engine_module_is_read() -> None:
    # The parametrized test above would pass vacuously on an empty list.
    assert {"messages.py", "reconcile.py", "checks/member.py", "checks/totals.py"} <= set(MODULES)


def test_the_check_sees_a_column_and_a_word(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        '"""Docstring naming vuo."""\nfrom sluitend.vocabulary import LEVELS\nx = f["vuo"]\n',
        encoding="utf-8",
    )
    assert named(source) == {"'vuo'", "LEVELS"}
