"""The CBS Iv3 JSON delivery: metadata, contact and data, checked against CBS's JSON Schema.

    {"metadata": {"overheidslaag": "Gemeente", "overheidsnummer": "0394", "boekjaar": 2024,
                  "periode": 0, ...},
     "contact": {...},
     "data": {"lasten": [{"taakveld": "0.1", "categorie": "1.1", "bedrag": 1206}, ...],
              "baten": [...], "balans_lasten": [...], "balans_baten": [...],
              "balans_standen": [{"balanscode": "A111", "standper": "1 januari", ...}],
              "kengetallen": [...], "beleidsindicatoren": [...]}}

Every figure's `bron` is its JSON path in the file (`delivery.json:$.data.lasten[3]`).
The bundled JSON Schema (v2.1) is checked with `jsonschema`; each violation becomes a row of
the `iv3_structuur` dataset with CBS's foutcode (SF001-SF017, SF999 for what CBS's
catalogue has no code for), so that the pack's SF rules report it like any finding. What
can still be read is read: a figure without `bedrag` is unknown (its sums are not
checkable), a figure that cannot be placed (no taakveld) is left out and named by its SF016.
A file that is not JSON at all is an InputError naming line and column.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.domains.iv3 import definitions
from sluitend.domains.iv3.frames import amount_frame, indicator_frame, structure_frame
from sluitend.domains.iv3.vocabulary import (
    AMOUNT_COLUMNS,
    AMOUNT_PARTS,
    AMOUNTS,
    INDICATOR_PARTS,
    INDICATORS,
    STRUCTURE,
)
from sluitend.errors import InputError

#: The code of a missing required part of `data` (CBS numbers them per part).
_MISSING_PART = {
    "baten": "SF011",
    "lasten": "SF012",
    "balans_baten": "SF013",
    "balans_lasten": "SF014",
    "balans_standen": "SF015",
}
_MISSING_TOP = {"metadata": "SF001", "contact": "SF005", "data": "SF010"}
#: Per element: (missing key, unknown key, wrong value).
_ELEMENT = {"metadata": ("SF002", "SF003", "SF004"), "contact": ("SF006", "SF007", "SF008")}


def looks_like_delivery(head: bytes) -> bool:
    """A JSON object whose text names "metadata" or "data" near its start."""
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    return text.startswith("{") and ('"metadata"' in text[:4096] or '"data"' in text[:4096])


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    schema = definitions.read_json(definitions.SCHEMA_FILE)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def _path_text(path: Any) -> str:
    out = "$"
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else f".{step}"
    return out


def _expected(error: Any) -> str:
    schema = error.schema
    if "enum" in schema:
        return " of ".join(["een", ", ".join(map(str, schema["enum"]))])
    if error.validator == "oneOf":
        enums = [d.get("enum") for d in _refs(error)]
        values = [str(v) for e in enums if e for v in e]
        return "een van " + ", ".join(values) if values else "een geldige waarde"
    if error.validator == "pattern":
        return f"tekst volgens het patroon {schema.get('pattern')}"
    return str(schema.get("type", error.validator))


def _refs(error: Any) -> list[dict[str, Any]]:
    out = []
    for option in error.validator_value:
        ref = option.get("$ref", "") if isinstance(option, dict) else ""
        name = ref.rsplit("/", 1)[-1]
        out.append(_validator().schema.get("definitions", {}).get(name, {}))
    return out


def _skeleton(document: Any) -> Any:
    """The document with every list of items in `data` emptied: what jsonschema checks.

    jsonschema walks each item in Python (about 90 microseconds per figure with the $ref
    resolution); the items are checked column-wise by `item_faults` against the same
    schema's item definitions instead.
    """
    if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
        return document
    data = {k: [] if isinstance(v, list) else v for k, v in document["data"].items()}
    return {**document, "data": data}


def _item_schemas() -> dict[str, dict[str, Any]]:
    """Per part of `data`, its item definition (required keys, key types) from the schema."""
    schema = _validator().schema
    out = {}
    for part, spec in schema["properties"]["data"]["properties"].items():
        ref = spec.get("items", {}).get("$ref", "")
        out[part] = schema["definitions"].get(ref.rsplit("/", 1)[-1], {})
    return out


_OK_TYPES = {
    "string": {"string", "empty"},
    "number": {"integer", "floating", "mixed-integer-float", "empty"},
}


class _Items:
    """Every item of every part of `data` in one frame (one row per item), with its part
    and its position in that part: one pandas pass for the whole delivery instead of one
    per part (a delivery is small; pandas' fixed cost per frame is what reading costs)."""

    def __init__(self, document: Any) -> None:
        data = document.get("data") if isinstance(document, dict) else None
        data = data if isinstance(data, dict) else {}
        lists = [(p, v) for p, v in data.items() if isinstance(v, list) and v]
        self.not_objects = [
            (p, i)
            for p, items in lists
            for i, item in enumerate(items)
            if not isinstance(item, dict)
        ]
        records = [i if isinstance(i, dict) else {} for _, items in lists for i in items]
        # one row per item, also when no item is an object (`[{}]` alone gives no row)
        index = pd.RangeIndex(len(records))
        self.frame = (
            pd.DataFrame.from_records(records, index=index) if records else pd.DataFrame(index=[])
        )
        lengths = [len(items) for _, items in lists]
        self.part = np.repeat(np.array([p for p, _ in lists] or [""], dtype=object), lengths or [0])
        self.index = (
            np.concatenate([np.arange(n) for n in lengths]) if lengths else np.zeros(0, int)
        )
        self._present: dict[str, np.ndarray] = {}

    def present(self, key: str) -> np.ndarray:
        """True where the item has `key` with a value (not null)."""
        if key not in self._present:
            column = self.frame.get(key)
            self._present[key] = (
                np.zeros(len(self.frame), dtype=bool)
                if column is None
                else column.notna().to_numpy(dtype=bool)
            )
        return self._present[key]

    def text(self, key: str) -> pd.Series:
        """A code column as text ("" where the key is missing; the schema reports that)."""
        if key not in self.frame.columns:
            return pd.Series("", index=self.frame.index, dtype="string")
        return self.frame[key].astype("string").fillna("")


def item_faults(document: Any, items: _Items | None = None) -> list[dict[str, str]]:
    """The faults of the items of `data`, found column by column (SF016, SF017, SF999)."""
    items = items if items is not None else _Items(document)
    frame = items.frame
    rows = [_row("SF016", f"$.data.{p}[{i}]", p, "", "object", "") for p, i in items.not_objects]
    bad_object = np.zeros(len(frame), dtype=bool)
    for p, i in items.not_objects:
        bad_object[(items.part == p) & (items.index == i)] = True

    def report(code: str, mask: np.ndarray, part: str, key: str, goed: str = "") -> None:
        for i in items.index[mask][:50].tolist():
            path = f"$.data.{part}[{i}]"
            rows.append(_row(code, f"{path}.{key}", part, key, goed, f"Regel {path}"))

    for part, spec in _item_schemas().items():
        in_part = items.part == part
        if not in_part.any():
            continue
        properties = spec.get("properties", {})
        for key in spec.get("required", []):
            code = "SF017" if key == "bedrag" else "SF016"
            report(code, in_part & ~items.present(key) & ~bad_object, part, key)
        for key, prop in properties.items():
            wanted = prop.get("type")
            if key not in frame or wanted not in _OK_TYPES:
                continue
            column = frame[key][in_part]
            if pd.api.types.infer_dtype(column, skipna=True) in _OK_TYPES[wanted]:
                continue  # the common case: the whole column has the right type
            kinds = column.map(type)  # only for a column that holds a wrong value
            good = kinds.isin([str] if wanted == "string" else [int, float]) | column.isna()
            wrong = np.zeros(len(frame), dtype=bool)
            wrong[np.flatnonzero(in_part)[~good.to_numpy(dtype=bool)]] = True
            report("SF017" if key == "bedrag" else "SF016", wrong, part, key, wanted)
        if spec.get("additionalProperties") is False:
            for key in [k for k in frame.columns if k not in properties]:
                extra = in_part & items.present(key)
                if extra.any():
                    i = int(items.index[extra][0])
                    rows.append(_row("SF999", f"$.data.{part}[{i}].{key}", part, key))
    return rows


def _row(
    code: str, path: str, onderdeel: str, fout: str, goed: str = "", extra: str = ""
) -> dict[str, str]:
    return {
        "foutcode": code,
        "pad": path,
        "onderdeel": onderdeel,
        "fout": fout,
        "goed": goed,
        "extra": extra,
    }


def structure_faults(document: Any, items: _Items | None = None) -> list[dict[str, str]]:
    """Every violation of the JSON Schema, as a row with its SF code and message values:
    jsonschema on the document's structure, `item_faults` on its figures."""
    return _structure_faults(_skeleton(document)) + item_faults(document, items)


def _structure_faults(document: Any) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(code: str, path: str, onderdeel: str, fout: str, goed: str = "", extra: str = ""):  # type: ignore[no-untyped-def]
        if (code, path + fout) in seen:
            return
        seen.add((code, path + fout))
        rows.append(_row(code, path, onderdeel, fout, goed, extra))

    for error in _validator().iter_errors(document):
        where = list(error.absolute_path)
        path = _path_text(where)
        top = str(where[0]) if where else ""
        if error.validator == "required":
            for key in [k for k in error.validator_value if k not in error.instance]:
                if not where:
                    add(_MISSING_TOP.get(key, "SF999"), f"$.{key}", key, key)
                elif top in _ELEMENT:
                    add(_ELEMENT[top][0], f"{path}.{key}", top, key)
                elif top == "data" and len(where) == 1:
                    add(_MISSING_PART.get(key, "SF999"), f"{path}.{key}", key, key)
                else:
                    part = str(where[1]) if len(where) > 1 else "data"
                    code = "SF017" if key == "bedrag" else "SF016"
                    add(code, f"{path}.{key}", part, key, extra=f"Regel {path}")
        elif error.validator == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            for key in [k for k in error.instance if k not in known]:
                code = _ELEMENT[top][1] if top in _ELEMENT and len(where) == 1 else "SF999"
                add(code, f"{path}.{key}", top or "bestand", key)
        elif top in _ELEMENT and len(where) >= 2:
            key, value = str(where[1]), error.instance
            if top == "contact" and value == "":
                add("SF009", path, top, key)
            else:
                add(
                    _ELEMENT[top][2],
                    path,
                    top,
                    json.dumps(value, ensure_ascii=False),
                    _expected(error),
                    key,
                )
        elif top == "data" and len(where) >= 3 and where[-1] == "bedrag":
            add("SF017", path, str(where[1]), "bedrag", extra=f"Regel {_path_text(where[:-1])}")
        elif top == "data" and len(where) >= 3:
            key = str(where[-1]) if isinstance(where[-1], str) else ""
            add("SF016", path, str(where[1]), key, _expected(error), f"Regel {path}")
        else:
            add("SF999", path, top or "bestand", error.message[:200])
    return rows


def _meta(path: Path, document: Any, boekjaar: int | None) -> dict[str, Any]:
    meta = document.get("metadata") if isinstance(document, dict) else None
    meta = meta if isinstance(meta, dict) else {}

    def number(key: str, default: int) -> int:
        # Missing or not a number: the default, and SF002/SF004 say why. A number that is
        # no whole year or period (2024.5, 1e400, 10**30) is refused: taken as missing, the
        # delivery was checked against another year's definitions without a word.
        value = meta.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return default
        whole = isinstance(value, int) or (math.isfinite(value) and value == int(value))
        if whole and -(2**63) <= int(value) < 2**63:
            return int(value)
        shown = repr(value) if len(repr(value)) <= 40 else f"{repr(value)[:40]}..."
        expected = "a year such as 2024 (or give --boekjaar)" if key == "boekjaar" else "0 to 5"
        raise InputError(str(path), f"metadata.{key} is {shown}; expected {expected}")

    return {
        "overheid": str(meta.get("overheidsnaam", "")),
        "overheidsnummer": str(meta.get("overheidsnummer", "")),
        "boekjaar": boekjaar if boekjaar is not None else number("boekjaar", definitions.latest()),
        # Without a valid periode no PF check applies (and SF002/SF004 says why).
        "periode": number("periode", -1),
    }


def _bron(items: _Items, name: str, mask: np.ndarray) -> pd.Series:
    part = pd.Series(items.part[mask], dtype="string")
    index = pd.Series(items.index[mask], dtype="int64").astype("string")
    return f"{name}:$.data." + part + "[" + index + "]"


def _numbers(values: pd.Series) -> pd.Series:
    """The figures as numbers; text, null and an integer no float holds are unknown."""
    try:
        return pd.to_numeric(values, errors="coerce")
    except OverflowError:  # an integer beyond 1.8e308 typed out: only then item by item
        fits = values.map(lambda v: not isinstance(v, int) or abs(v) < 2**1023)
        return pd.to_numeric(values.where(fits.astype(bool)), errors="coerce")


def _amounts(items: _Items, meta: dict[str, Any], name: str) -> pd.DataFrame:
    """The figures of the five amount parts; a figure without its code is left out (its
    SF016 says so): it cannot be placed."""
    mask = np.isin(items.part, AMOUNT_PARTS)
    if not mask.any():
        return amount_frame(pd.DataFrame({c: pd.Series([], dtype=object) for c in AMOUNT_COLUMNS}))
    part = items.part[mask]
    balans = np.char.startswith(part.astype(str), "balans")
    stand = part == "balans_standen"
    taakveld = items.text("taakveld")[mask].reset_index(drop=True)
    balanscode = items.text("balanscode")[mask].reset_index(drop=True)
    categorie = items.text("categorie")[mask].reset_index(drop=True)
    standper = items.text("standper")[mask].reset_index(drop=True)
    code = balanscode.where(balans, taakveld)
    other = standper.where(stand, categorie)
    bedrag = items.frame["bedrag"][mask] if "bedrag" in items.frame else pd.Series(np.nan)
    out = pd.DataFrame(
        {
            **meta,
            "onderdeel": pd.Series(part, dtype="string"),
            "taakveld": taakveld.where(~balans, ""),
            "balanscode": balanscode.where(balans, ""),
            "categorie": categorie.where(~stand, ""),
            "standper": standper.where(stand, ""),
            "waarvan": False,
            # null or text: unknown (the schema reports SF017), never zero
            "bedrag": _numbers(bedrag.reset_index(drop=True)),
            "label": f"{meta['overheid']}, "
            + pd.Series(part, dtype="string")
            + " "
            + code
            + " "
            + other,
            "bron": _bron(items, name, mask),
        }
    )
    return amount_frame(out[(code != "").to_numpy(dtype=bool)])


def _indicators(items: _Items, meta: dict[str, Any], name: str) -> pd.DataFrame:
    mask = np.isin(items.part, INDICATOR_PARTS)
    part = pd.Series(items.part[mask], dtype="string")
    kengetal = items.text("kengetal")[mask].reset_index(drop=True)
    indicator = items.text("beleidsindicator")[mask].reset_index(drop=True)
    code = kengetal.where(part == "kengetallen", indicator)
    return indicator_frame(
        pd.DataFrame(
            {
                **{k: pd.Series([v] * int(mask.sum()), dtype=object) for k, v in meta.items()},
                "onderdeel": part,
                "verslagperiode": items.text("verslagperiode")[mask].reset_index(drop=True),
                "code": code,
                "waarde": items.text("waarde")[mask].reset_index(drop=True),
                "label": f"{meta['overheid']}, " + part + " " + code,
                "bron": _bron(items, name, mask),
            }
        )
    )


def _refuse_other_overheidslaag(path: Path, document: Any) -> str | None:
    """The delivery's overheidslaag (None when its metadata has none); an input error when
    no definitions of it are bundled.

    A provincie or gemeenschappelijke regeling has its own definitions file (its own
    taakvelden, controles and grijze cellen); checked against a gemeente's it would show
    false DF errors and, worse, green ticks for checks that were never its own. So it is
    refused (exit 2) with the file to add, never checked against another overheidslaag. A
    missing or malformed `overheidslaag` is left to the schema check (SF002/SF004, errors).
    """
    meta = document.get("metadata") if isinstance(document, dict) else None
    if not isinstance(meta, dict):
        return None
    laag = meta.get("overheidslaag")
    if not isinstance(laag, str) or not laag:
        return None
    bundled = definitions.available()
    if any(have == laag for have, _ in bundled):
        return laag
    have = ", ".join(f"{h} {jaar}" for h, jaar in bundled)
    jaar = meta.get("boekjaar") if isinstance(meta.get("boekjaar"), int) else "<boekjaar>"
    name = f"iv3_definities_{laag}_{jaar}.json"
    raise InputError(
        str(path),
        f"metadata.overheidslaag is {laag!r}, and sluitend bundles CBS's Iv3 definitions for "
        f"{have} only; a {laag} delivery is not checked against another overheidslaag's code "
        f"lists, controles and grijze cellen. Add CBS's {name} (as CBS publishes it) to "
        "sluitend/domains/iv3/definitions/ (a data file, no code change) and run again "
        f"({definitions.sf888(name)})",
    )


#: The top-level keys of CBS's Iv3 definitions file (`iv3_definities_<laag>_<jaar>.json`).
_DEFINITIONS_KEYS = ("codelijsten", "controles", "grijze_cellen")
#: The one top-level key of CBS's error catalogue (`fouten.json`).
_CATALOGUE_KEY = "fouten_overzicht"
#: What a delivery holds at its top level (CBS's JSON Schema of a delivery).
_DELIVERY_KEYS = ("metadata", "contact", "data")


def _refuse_what_is_no_delivery(path: Path, document: Any) -> None:
    """An input error for CBS's own definitions file, its error catalogue or a JSON Schema
    given as a delivery.

    The definitions and a schema are JSON objects that name "metadata" or "data" near their
    start, so the sniffer takes them for a delivery; the catalogue is read as one when
    `--input-format iv3-json` says so. Checked as a delivery, each would show SF errors
    (no contact, no data) that say the file is a broken delivery, which it is not. A file
    that has any of a delivery's own keys besides metadata is checked as one, faults and
    all."""
    if not isinstance(document, dict) or "contact" in document or "data" in document:
        return
    expected = f"expected an Iv3 delivery with {', '.join(_DELIVERY_KEYS)}"
    if "$schema" in document:
        raise InputError(
            str(path), f'a JSON Schema (it has a "$schema" key), not an Iv3 delivery; {expected}'
        )
    if _CATALOGUE_KEY in document:
        raise InputError(
            str(path),
            f"CBS's Iv3 error catalogue (it has {_CATALOGUE_KEY}), not a delivery: sluitend "
            f"bundles the catalogue its findings cite; {expected}",
        )
    found = [k for k in _DEFINITIONS_KEYS if k in document]
    if found:
        raise InputError(
            str(path),
            f"CBS's Iv3 definitions file (it has {', '.join(found)}), not a delivery: sluitend "
            f"bundles the definitions a delivery is checked against; {expected}",
        )


class _NotJson(ValueError):
    """A token Python's json reads but JSON has not (NaN, Infinity, -Infinity)."""


def _no_constant(name: str) -> Any:
    """`json.loads`'s `parse_constant`: refuse NaN and Infinity instead of reading them as
    floats (a boekjaar of NaN read as a number was checked as no year at all)."""
    raise _NotJson(name)


def read_delivery(path: Path, boekjaar: int | None = None, **_: Any) -> list[Dataset]:
    """Read an Iv3 JSON delivery: its amounts, kengetallen and structure faults."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"), parse_constant=_no_constant)
    except _NotJson as exc:
        raise InputError(
            str(path), f"not valid JSON: {exc} (standard JSON has no NaN or Infinity)"
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text (byte {exc.start + 1})") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            str(path), f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from None
    except RecursionError:  # the decoder recurses per level: [[[[... a thousand deep
        raise InputError(
            str(path), "arrays or objects nested too deeply; expected an Iv3 delivery"
        ) from None
    except ValueError:  # an integer of more than 4300 digits: Python's int() refuses it
        raise InputError(
            str(path), "a number of more than 4300 digits; expected an Iv3 delivery"
        ) from None
    _refuse_what_is_no_delivery(path, document)
    laag = _refuse_other_overheidslaag(path, document)
    meta = _meta(path, document, boekjaar)
    items = _Items(document)
    faults = pd.DataFrame(
        structure_faults(document, items),
        columns=["foutcode", "pad", "onderdeel", "fout", "goed", "extra"],
    )
    # One row stands for the schema check itself, so that every SF rule checks something
    # (and says so) even when the delivery has no fault at all.
    checked = pd.DataFrame(
        [{"foutcode": "", "pad": "$", "onderdeel": "bestand", "fout": "", "goed": "", "extra": ""}]
    )
    faults = pd.concat([checked, faults], ignore_index=True)
    structure = structure_frame(
        faults.assign(
            overheid=meta["overheid"],
            label=meta["overheid"] + ", " + faults["pad"],
            bron=path.name + ":" + faults["pad"],
        )
    )
    name = path.name
    amounts = _amounts(items, meta, name)
    if laag is not None:  # the pack provider builds the pack of this overheidslaag
        amounts.attrs["overheidslaag"] = laag
    return [
        Dataset(amounts, AMOUNTS, path.stem, unit=1000, source=str(path)),
        Dataset(
            _indicators(items, meta, name),
            INDICATORS,
            path.stem + "-kengetallen",
            unit=1,
            source=str(path),
        ),
        Dataset(structure, STRUCTURE, path.stem + "-structuur", unit=1, source=str(path)),
    ]
