"""Write a `RuleSet` back as rule-file TOML (by hand: TOML writing needs no dependency).

`load_ruleset_text(dump_ruleset(rs)) == rs` for every valid rule set. Keys a rule leaves at
their default are not written; a where expression that is a plain selector is written as an
inline table (`left = { vuo = "V" }`), any other as its canonical text.
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any

from sluitend.rules.base import Rule, SizeThreshold, Tolerance
from sluitend.rules.loader import allowed_keys
from sluitend.rules.reconcile import Rename, Side
from sluitend.rules.ruleset import RuleSet
from sluitend.rules.where import Where, as_selector

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: Written as `\\uXXXX`: C0, DEL, C1 and the bidirectional formatting characters.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def dump_ruleset(ruleset: RuleSet) -> str:
    """The rule set as the text of a rule file."""
    lines = ["[ruleset]", f"name = {toml_value(ruleset.name)}"]
    if ruleset.description:
        lines.append(f"description = {toml_value(ruleset.description)}")
    for rule in ruleset.rules:
        lines += ["", dump_rule(rule)]
    return "\n".join(lines) + "\n"


def dump_rule(rule: Rule) -> str:
    """One rule as a `[[rules]]` table (no trailing newline); keys at their default are
    left out."""
    fields = {f.name: f for f in dataclasses.fields(rule)}
    lines = ["[[rules]]"]
    for key in allowed_keys(type(rule)):
        value = rule.kind if key == "kind" else getattr(rule, key)
        if key not in ("id", "kind", "dataset") and _is_default(fields[key], value):
            continue
        lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines)


def _is_default(field: dataclasses.Field[Any], value: Any) -> bool:
    if field.default is not dataclasses.MISSING:
        return bool(value == field.default)
    if field.default_factory is not dataclasses.MISSING:
        return bool(value == field.default_factory())
    return False


def toml_value(value: Any) -> str:
    """One value in TOML syntax."""
    if isinstance(value, Where):
        selector = as_selector(value)
        return toml_value(value.text if selector is None else selector)
    if isinstance(value, (Tolerance, SizeThreshold, Side, Rename)):
        return toml_value(value.to_toml())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"a rule file cannot hold the number {value}")
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def toml_key(key: str) -> str:
    """A key, bare when TOML allows it."""
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped.

    C1 controls (an 8-bit CSI, U+009B) and bidi overrides are legal raw in TOML but steer
    a terminal or reorder what a reader sees: they are written as `\\uXXXX` too, so a
    dumped rule (`sluitend rules show`) is inert text that reads back the same.
    """
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _UNSAFE.fullmatch(char):
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
