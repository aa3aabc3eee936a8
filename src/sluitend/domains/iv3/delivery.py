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
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.domains.iv3 import definitions
from sluitend.domains.iv3.frames import amount_frame, indicator_frame, structure_frame
from sluitend.domains.iv3.vocabulary import AMOUNTS, INDICATORS, STRUCTURE
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
_AMOUNT = (
    "overheid",
    "overheidsnummer",
    "boekjaar",
    "periode",
    "onderdeel",
    "taakveld",
    "balanscode",
    "categorie",
    "standper",
    "waarvan",
    "bedrag",
    "label",
    "bron",
)
_CODE_KEYS = {
    "lasten": ("taakveld", "categorie"),
    "baten": ("taakveld", "categorie"),
    "balans_lasten": ("balanscode", "categorie"),
    "balans_baten": ("balanscode", "categorie"),
    "balans_standen": ("balanscode", "standper"),
}


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


def item_faults(document: Any) -> list[dict[str, str]]:
    """The faults of the items of `data`, found column by column (SF016, SF017, SF999)."""
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict):
        return []
    rows: list[dict[str, str]] = []
    for part, spec in _item_schemas().items():
        items = data.get(part)
        if not isinstance(items, list) or not items:
            continue
        not_objects = [i for i, item in enumerate(items) if not isinstance(item, dict)]
        for i in not_objects[:50]:
            rows.append(_row("SF016", f"$.data.{part}[{i}]", part, "", "object", ""))
        frame = pd.DataFrame.from_records([i if isinstance(i, dict) else {} for i in items])
        properties = spec.get("properties", {})
        for key in spec.get("required", []):
            present = frame[key].notna() if key in frame else pd.Series(False, index=frame.index)
            code = "SF017" if key == "bedrag" else "SF016"
            for i in np.flatnonzero(~present.to_numpy(dtype=bool))[:50].tolist():
                if i not in not_objects:
                    rows.append(
                        _row(
                            code,
                            f"$.data.{part}[{i}].{key}",
                            part,
                            key,
                            "",
                            f"Regel $.data.{part}[{i}]",
                        )
                    )
        for key, prop in properties.items():
            wanted = prop.get("type")
            if key not in frame or wanted not in _OK_TYPES:
                continue
            column = frame[key]
            if pd.api.types.infer_dtype(column, skipna=True) in _OK_TYPES[wanted]:
                continue  # the common case: the whole column has the right type
            kinds = column.map(type)  # only for a column that holds a wrong value
            good = kinds.isin([str] if wanted == "string" else [int, float]) | column.isna()
            code = "SF017" if key == "bedrag" else "SF016"
            for i in np.flatnonzero(~good.to_numpy(dtype=bool))[:50].tolist():
                rows.append(
                    _row(
                        code,
                        f"$.data.{part}[{i}].{key}",
                        part,
                        key,
                        wanted,
                        f"Regel $.data.{part}[{i}]",
                    )
                )
        if spec.get("additionalProperties") is False:
            for key in [k for k in frame.columns if k not in properties]:
                i = int(np.flatnonzero(frame[key].notna().to_numpy())[0])
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


def structure_faults(document: Any) -> list[dict[str, str]]:
    """Every violation of the JSON Schema, as a row with its SF code and message values:
    jsonschema on the document's structure, `item_faults` on its figures."""
    return _structure_faults(_skeleton(document)) + item_faults(document)


def _structure_faults(document: Any) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(code: str, path: str, onderdeel: str, fout: str, goed: str = "", extra: str = ""):  # type: ignore[no-untyped-def]
        if (code, path + fout) in seen:
            return
        seen.add((code, path + fout))
        rows.append(
            {
                "foutcode": code,
                "pad": path,
                "onderdeel": onderdeel,
                "fout": fout,
                "goed": goed,
                "extra": extra,
            }
        )

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


def _meta(document: Any, boekjaar: int | None) -> dict[str, Any]:
    meta = document.get("metadata") if isinstance(document, dict) else None
    meta = meta if isinstance(meta, dict) else {}

    def number(key: str, default: int) -> int:
        value = meta.get(key)
        return (
            int(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else default
        )

    return {
        "overheid": str(meta.get("overheidsnaam", "")),
        "overheidsnummer": str(meta.get("overheidsnummer", "")),
        "boekjaar": boekjaar if boekjaar is not None else number("boekjaar", definitions.latest()),
        # Without a valid periode no PF check applies (and SF002/SF004 says why).
        "periode": number("periode", -1),
    }


def _part_frame(items: Any, part: str, name: str) -> pd.DataFrame:
    """The items of one part of `data` as columns; bron is each item's JSON path."""
    records = [i if isinstance(i, dict) else {} for i in items] if isinstance(items, list) else []
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame["bron"] = f"{name}:$.data.{part}[" + pd.Series(range(len(frame)), dtype="string") + "]"
    return frame


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A code column as text ("" where the key is missing; the schema reports that)."""
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype="string")
    return frame[column].astype("string").fillna("")


def _amounts(document: Any, meta: dict[str, Any], name: str) -> pd.DataFrame:
    data = document.get("data") if isinstance(document, dict) else None
    data = data if isinstance(data, dict) else {}
    parts = []
    for part, (code_key, other_key) in _CODE_KEYS.items():
        frame = _part_frame(data.get(part, []), part, name)
        if len(frame) == 0:
            continue
        code, other = _text(frame, code_key), _text(frame, other_key)
        bedrag = frame["bedrag"] if "bedrag" in frame else pd.Series(None, index=frame.index)
        placed = code != ""  # a figure without its code cannot be placed (SF016 says so)
        balans = part.startswith("balans")
        out = pd.DataFrame(
            {
                **meta,
                "onderdeel": part,
                "taakveld": "" if balans else code,
                "balanscode": code if balans else "",
                "categorie": "" if part == "balans_standen" else other,
                "standper": other if part == "balans_standen" else "",
                "waarvan": False,
                # null or text: unknown (the schema reports SF017), never zero
                "bedrag": pd.to_numeric(bedrag, errors="coerce"),
                "label": f"{meta['overheid']}, {part} " + code + " " + other,
                "bron": frame["bron"],
            },
            index=frame.index,
        )
        parts.append(out[placed.to_numpy(dtype=bool)])
    if not parts:
        return amount_frame(pd.DataFrame({c: pd.Series([], dtype=object) for c in _AMOUNT}))
    return amount_frame(pd.concat(parts, ignore_index=True))


def _indicators(document: Any, meta: dict[str, Any], name: str) -> pd.DataFrame:
    data = document.get("data") if isinstance(document, dict) else None
    data = data if isinstance(data, dict) else {}
    parts = []
    for part, key in (("kengetallen", "kengetal"), ("beleidsindicatoren", "beleidsindicator")):
        frame = _part_frame(data.get(part, []), part, name)
        if len(frame) == 0:
            continue
        code = _text(frame, key)
        parts.append(
            pd.DataFrame(
                {
                    **meta,
                    "onderdeel": part,
                    "verslagperiode": _text(frame, "verslagperiode"),
                    "code": code,
                    "waarde": _text(frame, "waarde"),
                    "label": f"{meta['overheid']}, {part} " + code,
                    "bron": frame["bron"],
                }
            )
        )
    columns = [
        "overheid",
        "overheidsnummer",
        "boekjaar",
        "periode",
        "onderdeel",
        "verslagperiode",
        "code",
        "waarde",
        "label",
        "bron",
    ]
    if not parts:
        return indicator_frame(pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}))
    return indicator_frame(pd.concat(parts, ignore_index=True))


def read_delivery(path: Path, boekjaar: int | None = None, **_: Any) -> list[Dataset]:
    """Read an Iv3 JSON delivery: its amounts, kengetallen and structure faults."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text (byte {exc.start + 1})") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            str(path), f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from None
    meta = _meta(document, boekjaar)
    faults = pd.DataFrame(
        structure_faults(document),
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
    return [
        Dataset(_amounts(document, meta, name), AMOUNTS, path.stem, unit=1000, source=str(path)),
        Dataset(
            _indicators(document, meta, name),
            INDICATORS,
            path.stem + "-kengetallen",
            unit=1,
            source=str(path),
        ),
        Dataset(structure, STRUCTURE, path.stem + "-structuur", unit=1, source=str(path)),
    ]
