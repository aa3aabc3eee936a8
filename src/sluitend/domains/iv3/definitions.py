"""CBS's Iv3 definitions, read at run time from the bundled files (see definitions/README.md).

A definitions file per overheidslaag and boekjaar holds the code lists as trees, the
`controles` (which periods and codes each PF check covers) and the `grijze_cellen`
(taakveld/balanscode x categorie combinations that may not be used). `fouten.json` holds
every foutcode's Dutch message template. Nothing here is copied into code: a new boekjaar is
a new file in `definitions/`.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sluitend.errors import SluitendError

_FILE = re.compile(r"^iv3_definities_(?P<laag>[A-Za-z]+)_(?P<jaar>\d{4})\.json$")
SCHEMA_FILE = "iv3_data_schema_v2_1_1.json"


class DefinitionsError(SluitendError):
    """No bundled definitions for the boekjaar or overheidslaag asked for."""


@dataclass(frozen=True)
class CodeList:
    """One code list: every code with its description, its parent, and the leaves."""

    name: str
    descriptions: dict[str, str]
    parent: dict[str, str]
    leaves: tuple[str, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code, nodes and leaves, in the file's order."""
        return tuple(self.descriptions)

    def leaves_under(self, code: str) -> tuple[str, ...]:
        """The leaves below `code` (itself when it is a leaf), in the file's order."""
        out = []
        for leaf in self.leaves:
            node: str | None = leaf
            while node is not None and node != code:
                node = self.parent.get(node)
            if node == code:
                out.append(leaf)
        return tuple(out)


@dataclass(frozen=True)
class Definitions:
    """The definitions of one overheidslaag and boekjaar."""

    overheidslaag: str
    boekjaar: int
    source: str
    codelists: dict[str, CodeList]
    controles: dict[str, list[dict[str, Any]]]
    grijze_cellen: dict[str, list[tuple[str, str]]]
    fouten: dict[str, str] = field(default_factory=dict)
    omschrijvingen: dict[str, str] = field(default_factory=dict)

    def codelist(self, name: str) -> CodeList:
        """The code list `name`; DefinitionsError naming the known ones otherwise."""
        try:
            return self.codelists[name]
        except KeyError:
            known = ", ".join(self.codelists)
            message = f"{self.source}: no code list {name!r}; known: {known}"
            raise DefinitionsError(message) from None


def _walk(nodes: list[dict[str, Any]], parent: str | None, out: CodeList) -> None:
    for node in nodes:
        code = str(node["code"])
        out.descriptions[code] = str(node.get("omschrijving", ""))
        if parent is not None:
            out.parent[code] = parent
        children = node.get("subcodes") or []
        if children:
            _walk(children, code, out)
        else:
            out.leaves.append(code)  # type: ignore[attr-defined]


def _codelist(name: str, table: dict[str, Any]) -> CodeList:
    building = CodeList(name, {}, {}, [])  # type: ignore[arg-type]
    _walk(table.get("codelijst", []), None, building)
    return CodeList(name, building.descriptions, building.parent, tuple(building.leaves))


def _folder() -> Any:
    return resources.files("sluitend.domains.iv3").joinpath("definitions")


def available() -> list[tuple[str, int]]:
    """(overheidslaag, boekjaar) of every bundled definitions file, sorted."""
    out = []
    for entry in _folder().iterdir():
        match = _FILE.match(entry.name)
        if match:
            out.append((match["laag"], int(match["jaar"])))
    return sorted(out)


def read_json(name: str) -> Any:
    """A bundled definitions file, parsed."""
    return json.loads(_folder().joinpath(name).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=8)
def fouten() -> dict[str, tuple[str, str]]:
    """foutcode -> (omschrijving, melding) from CBS's error catalogue."""
    table = read_json("fouten.json")["fouten_overzicht"]
    return {row["foutcode"]: (row["omschrijving"], row["melding"]) for row in table}


@functools.lru_cache(maxsize=8)
def load(boekjaar: int, overheidslaag: str = "Gemeente") -> Definitions:
    """The bundled definitions of `overheidslaag` for `boekjaar`.

    DefinitionsError, naming the bundled years, when there is none.
    """
    name = f"iv3_definities_{overheidslaag}_{boekjaar}.json"
    if (overheidslaag, boekjaar) not in available():
        years = ", ".join(f"{laag} {jaar}" for laag, jaar in available())
        raise DefinitionsError(
            f"no bundled Iv3 definitions for {overheidslaag} {boekjaar} (bundled: {years}); "
            f"add CBS's {name} to sluitend/domains/iv3/definitions/ or choose --boekjaar "
            f"({sf888(name)})"
        )
    data = read_json(name)
    lists = {k: _codelist(k, v) for k, v in data["codelijsten"].items()}
    controles = {c["foutcode"]: list(c["calculaties"]) for c in data.get("controles", [])}
    grey = {
        part: [
            (
                str(next(iter(v for k, v in cell.items() if k != "categorie"))),
                str(cell["categorie"]),
            )
            for cell in cells
        ]
        for part, cells in data.get("grijze_cellen", {}).items()
    }
    catalogue = fouten()
    return Definitions(
        overheidslaag=overheidslaag,
        boekjaar=boekjaar,
        source=f"sluitend/domains/iv3/definitions/{name}",
        codelists=lists,
        controles=controles,
        grijze_cellen=grey,
        fouten={code: melding for code, (_, melding) in catalogue.items()},
        omschrijvingen={code: omschrijving for code, (omschrijving, _) in catalogue.items()},
    )


def sf888(name: str) -> str:
    """What CBS answers a delivery whose definitions file it does not have: SF888 with its
    own message, `<fout>` filled in with the file's name."""
    melding = fouten().get("SF888", ("", ""))[1].replace("<fout>", name)
    return f"CBS answers such a delivery with SF888: {melding}"


def latest(overheidslaag: str = "Gemeente") -> int:
    """The latest boekjaar bundled for `overheidslaag`."""
    years = [jaar for laag, jaar in available() if laag == overheidslaag]
    if not years:
        raise DefinitionsError(f"no bundled Iv3 definitions for {overheidslaag}")
    return max(years)
