"""The datasets that ship with sluitend, found through `importlib.resources`.

A hand-written registry: each entry names its files in `datasets/bundled/` and how to read
them; provenance is in `bundled/README.md` (and the README it links). `DEFAULT` is what
`sluitend validate` checks when given no path.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sluitend.datasets.frame import Dataset
from sluitend.errors import InputError

DEFAULT = "bzk-2022-art7"
# The data sit in the folder `bundled/` next to this module of the same name; the module wins
# the import, so the folder is reached as a resource of the `sluitend.datasets` package.
_PACKAGE = "sluitend.datasets"
_FOLDER = "bundled"


def _canonical(path: Path) -> list[Dataset]:
    from sluitend.datasets.canonical import read_canonical_csv

    return [read_canonical_csv(path)]


def _minfin(path: Path) -> list[Dataset]:
    from sluitend.datasets.minfin import read_budget_table_csv

    result: Any = read_budget_table_csv(path)
    return list(result) if isinstance(result, (list, tuple)) else [result]


@dataclass(frozen=True)
class _Entry:
    title: str
    files: tuple[str, ...]
    reader: Callable[[Path], list[Dataset]]
    source: str
    provenance: str


_REGISTRY: dict[str, _Entry] = {
    "bzk-2022-art7": _Entry(
        title="BZK (VII) ontwerpbegroting 2022, artikel 7 Werkgevers- en bedrijfsvoeringsbeleid:"
        " Tabel 18 and its percentages juridisch verplicht",
        files=("bzk-2022-art7.csv", "bzk-2022-art7-jv.csv"),
        reader=_canonical,
        source="rijksfinancien.nl, Rijksbegroting 2022 hoofdstuk VII, 3.7 Artikel 7 "
        "(page text, bundled as bzk-2022-art7.page.txt)",
        provenance="README.md",
    ),
    "minfin-2017-vii": _Entry(
        title="BZK (VII) ontwerpbegroting 2017, all articles: the Ministry of Finance's "
        "budget-table CSV (dataset 4a)",
        files=("minfin-2017-vii.csv",),
        reader=_minfin,
        source="Ministry of Finance open data, budgettaire tabellen OWB 2017, chapter VII rows",
        provenance="README-minfin-2017-vii.md",
    ),
}


def bundled_names() -> list[str]:
    """The names of the bundled datasets, the default first."""
    return [DEFAULT, *sorted(n for n in _REGISTRY if n != DEFAULT)]


def _entry(name: str) -> _Entry:
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(bundled_names())
        raise InputError(
            f"bundled:{name}", f"no bundled dataset {name!r}; known: {known}"
        ) from None


def load_bundled(name: str = DEFAULT) -> list[Dataset]:
    """Read a bundled dataset: one `Dataset` per kind it holds, named after the bundle.

    Raises InputError (listing the known names) for an unknown name.
    """
    entry = _entry(name)
    out: list[Dataset] = []
    root = resources.files(_PACKAGE) / _FOLDER
    with ExitStack() as stack:
        for file in entry.files:
            if not (root / file).is_file():  # a broken installation, not a user's mistake
                raise InputError(
                    f"bundled:{name}",
                    f"the bundled file {file} is missing from this installation of sluitend",
                )
            path = stack.enter_context(resources.as_file(root / file))
            out.extend(entry.reader(Path(path)))
    # Cite the bundle, not a path inside a virtual environment.
    return [
        Dataset(d.frame, d.kind, d.name, unit=d.unit, source=f"bundled:{name}/{file}")
        for d, file in zip(out, _files_per_dataset(entry, out), strict=True)
    ]


def _files_per_dataset(entry: _Entry, datasets: list[Dataset]) -> list[str]:
    if len(entry.files) == len(datasets):
        return list(entry.files)
    return [entry.files[0]] * len(datasets)


def describe(name: str) -> dict[str, Any]:
    """What `sluitend datasets show NAME` prints: name, title, kinds, rows, source,
    provenance (the README that documents where the data comes from)."""
    entry = _entry(name)
    datasets = load_bundled(name)
    return {
        "name": name,
        "title": entry.title,
        "kinds": [d.kind for d in datasets],
        "datasets": [d.name for d in datasets],
        "rows": sum(d.rows for d in datasets),
        "rows_per_kind": {d.kind: d.rows for d in datasets},
        "files": list(entry.files),
        "source": entry.source,
        "provenance": f"sluitend/datasets/bundled/{entry.provenance}",
    }


def page_text_path() -> Any:
    """The bundled page text of `bzk-2022-art7` (a demo input for the page-text reader),
    as an `importlib.resources` Traversable; use `resources.as_file` for a real path."""
    return resources.files(_PACKAGE) / _FOLDER / "bzk-2022-art7.page.txt"
