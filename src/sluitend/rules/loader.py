"""Read rule files (TOML) into a `RuleSet`, reporting every mistake at once.

Every problem is one line that starts with the file and its place in it:

    rules.toml: line 3, column 7: Expected '=' after a key in a key/value pair
    rules.toml: rule 'BT001' (index 0): key 'levels': expected a list of column names, got 3

The loader collects all problems of a file, then raises one `RuleFileError` with all of them.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from sluitend.errors import RuleFileError, SluitendError, WhereSyntaxError
from sluitend.limits import limit
from sluitend.rules.base import Rule, SizeThreshold, Tolerance
from sluitend.rules.change import ALONG
from sluitend.rules.compare import OPS, PARTNERS
from sluitend.rules.missing import MISSING_MODES
from sluitend.rules.reconcile import RENAME_KEYS, SIDE_KEYS, Rename, Side
from sluitend.rules.registry import KINDS, unknown_kind_message
from sluitend.rules.ruleset import RuleSet
from sluitend.rules.slips import thousands_warnings, toml_fix
from sluitend.rules.where import Where, parse_where, selector_to_where, type_problems
from sluitend.vocabulary import DATASET_CODES, DATASET_KINDS, SEVERITIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TOP_LEVEL_KEYS = ("ruleset", "rules")
RULESET_KEYS = ("name", "description")
TOLERANCE_KEYS = ("absolute", "relative", "rounding", "sigma")
THRESHOLD_KEYS = ("severity", "absolute", "share")
_NUMBER_TYPES = ("int", "Int64", "float")
_BAD = object()  # a parser's "already reported" result


class UnknownPackError(SluitendError):
    """A rule pack name that is not bundled."""


# --- public API ----------------------------------------------------------------------------


def load_ruleset(path: str | os.PathLike[str]) -> RuleSet:
    """Read a rule file; RuleFileError with every problem when it is not valid."""
    name = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RuleFileError(name, [f"{name}: cannot read the file: {exc.strerror}"]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = f"{name}: line {line}: not UTF-8 text (byte {exc.start + 1} of the file)"
        raise RuleFileError(name, [problem]) from None
    return load_ruleset_text(text, name)


def load_ruleset_text(text: str, source_name: str = "rules.toml") -> RuleSet:
    """Read rule-file text; `source_name` is the name every problem starts with."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(source_name, [_toml_problem(source_name, text, exc)]) from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise RuleFileError(source_name, [_too_deep(source_name)]) from None
    except ValueError:  # an integer of more than 4300 digits: Python's int() refuses it
        raise RuleFileError(source_name, [_too_long_number(source_name, text)]) from None
    if _depth(document) > limit("SLUITEND_MAX_DEPTH").value:
        raise RuleFileError(source_name, [_too_deep(source_name)])
    problems: list[str] = []
    ruleset = _Document(source_name, problems).ruleset(document)
    if problems or ruleset is None:
        raise RuleFileError(source_name, problems)
    return _with_warnings(ruleset, text, source_name)


def _too_deep(source_name: str) -> str:
    most = limit("SLUITEND_MAX_DEPTH")
    return (
        f"{source_name}: arrays or tables nested too deeply (a rule file needs a few "
        f"levels; {most.hint()})"
    )


def _too_long_number(source_name: str, text: str) -> str:
    found = re.search(r"[0-9_]{4301,}", text)
    place = f" line {text.count(chr(10), 0, found.start()) + 1}:" if found else ""
    return (
        f"{source_name}:{place} a number of more than 4300 digits; expected a number a "
        "budget rule can use"
    )


def _depth(document: Any) -> int:
    """How deeply lists and tables nest in a parsed document (without recursion)."""
    deepest = 0
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        children = value.values() if isinstance(value, dict) else value
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return deepest


def _with_warnings(ruleset: RuleSet, text: str, source_name: str) -> RuleSet:
    """The rule set with the warnings its text deserves (`max = 1.000` is 1.0 to TOML)."""
    found = tuple(thousands_warnings(text, source_name))
    return dataclasses.replace(ruleset, warnings=found) if found else ruleset


def load_ruleset_document(document: dict[str, Any], source_name: str) -> RuleSet:
    """Read an already parsed rule document (a pack a domain fills in from its definitions);
    RuleFileError with every problem, each starting with `source_name`."""
    problems: list[str] = []
    ruleset = _Document(source_name, problems).ruleset(document)
    if problems or ruleset is None:
        raise RuleFileError(source_name, problems)
    return ruleset


def bundled_packs() -> dict[str, Path]:
    """The rule packs shipped with sluitend: name -> path of its TOML file."""
    folder = resources.files("sluitend.rules").joinpath("packs")
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }


def load_pack(name: str) -> RuleSet:
    """Load a bundled rule pack by name; UnknownPackError lists the bundled ones."""
    packs = bundled_packs()
    if name not in packs:
        raise UnknownPackError(f"unknown rule pack {name!r}; bundled packs: {', '.join(packs)}")
    return load_ruleset(packs[name])


def allowed_keys(cls: type[Rule]) -> tuple[str, ...]:
    """The keys a rule of this kind may have, in the order `dump_ruleset` writes them."""
    base = [f.name for f in dataclasses.fields(Rule)]
    own = [f.name for f in dataclasses.fields(cls) if f.name not in base]
    return ("id", "kind", "dataset", "title", "severity", *own, *base[4:])


def required_keys(cls: type[Rule]) -> tuple[str, ...]:
    """The kind's keys without a default (besides id, kind and dataset)."""
    return tuple(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
        and f.name not in ("id", "dataset")
    )


# --- helpers -------------------------------------------------------------------------------


def show(value: Any) -> str:
    """A value as a rule file would write it, for messages (shortened when long)."""
    text = _show(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _quoted(names: Any) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _unknown_keys(table: Any, allowed: tuple[str, ...], what: str = "") -> str | None:
    """The message naming the keys of `table` that are not `allowed` (None when all are):
    every table of a rule file says it the same way."""
    unknown = [k for k in table if k not in allowed]
    if not unknown:
        return None
    noun = "key" if len(unknown) == 1 else "keys"
    return f"unknown {what}{noun} {_quoted(unknown)}; allowed keys: {', '.join(allowed)}"


def _toml_problem(source: str, text: str, exc: Exception) -> str:
    """The TOML error with its place, the offending line with a caret under the column,
    and the likely fix where the line shows a known slip (`slips.toml_fix`)."""
    message = str(exc)
    lines = text.split("\n")
    at = re.search(r" \(at line (\d+), column (\d+)\)$", message)
    end = re.search(r" \(at end of document\)$", message)
    if at:
        line, column, what = int(at[1]), int(at[2]), message[: at.start()]
    elif end:
        line, column, what = len(lines), len(lines[-1]) + 1, message[: end.start()]
    else:
        return f"{source}: {message}"
    out = f"{source}: line {line}, column {column}: {what}"
    return out + _excerpt(lines[line - 1] if 0 < line <= len(lines) else "", column)


def _excerpt(line: str, column: int) -> str:
    """The offending line, a caret under `column`, and the likely fix when one is known."""
    shown = line.rstrip("\r")
    if not shown.strip() or len(shown) > 200:
        return ""
    caret = " " * (min(column, len(shown) + 1) - 1) + "^"
    out = f"\n    {shown}\n    {caret}"
    fix = toml_fix(shown)
    return out + (f"\n  likely fix: {fix}" if fix else "")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_finite(value: int | float) -> bool:
    """A number a float holds, not inf or nan (an int beyond 1.8e308 is none either)."""
    try:
        return math.isfinite(value)
    except OverflowError:  # math.isfinite(10**400): "int too large to convert to float"
        return False


# --- the document --------------------------------------------------------------------------


class _Document:
    """Checks one parsed TOML document; appends every problem to `problems`."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems

    def error(self, message: str) -> None:
        self.problems.append(f"{self.source}: {message}")

    def ruleset(self, document: dict[str, Any]) -> RuleSet | None:
        unknown = _unknown_keys(document, TOP_LEVEL_KEYS, "top-level ")
        if unknown:
            self.error(unknown)
        name, description = self.header(document.get("ruleset"))
        rules = self.rules(document.get("rules"))
        if self.problems or name is None:
            return None
        return RuleSet(name=name, description=description, rules=rules, source=self.source)

    def header(self, table: Any) -> tuple[str | None, str]:
        if table is None:
            self.error('missing table [ruleset] with name = "..."')
            return None, ""
        if not isinstance(table, dict):
            self.error(f"key 'ruleset': expected a table, got {show(table)}")
            return None, ""
        unknown = _unknown_keys(table, RULESET_KEYS)
        if unknown:
            self.error(f"[ruleset]: {unknown}")
        name = table.get("name")
        if name is None:
            self.error("[ruleset]: missing key 'name'")
        elif not isinstance(name, str) or not name.strip():
            self.error(f"[ruleset]: key 'name': expected a non-empty text, got {show(name)}")
            name = None
        description = table.get("description", "")
        if not isinstance(description, str):
            self.error(f"[ruleset]: key 'description': expected text, got {show(description)}")
            description = ""
        return name, description

    def rules(self, tables: Any) -> tuple[Rule, ...]:
        if tables is None or tables == []:
            self.error("no rules: add at least one [[rules]] table")
            return ()
        if not isinstance(tables, list):
            self.error(f"key 'rules': expected [[rules]] tables, got {show(tables)}")
            return ()
        rules: list[Rule] = []
        first_index: dict[str, int] = {}
        for index, table in enumerate(tables):
            rule_id = table.get("id") if isinstance(table, dict) else None
            has_id = isinstance(rule_id, str) and bool(rule_id)
            place = f"rule '{rule_id}' (index {index})" if has_id else f"rule at index {index}"
            if not isinstance(table, dict):
                self.error(f"{place}: expected a table, got {show(table)}")
                continue
            if isinstance(rule_id, str) and rule_id in first_index:
                self.error(f"{place}: id already used by the rule at index {first_index[rule_id]}")
            elif isinstance(rule_id, str) and rule_id:
                first_index[rule_id] = index
            rule = _RuleTable(self, place, table).rule()
            if rule is not None:
                rules.append(rule)
        return tuple(rules)


# --- one [[rules]] table -------------------------------------------------------------------


class _RuleTable:
    """Checks one rule table and builds its Rule when it has no problems."""

    def __init__(self, document: _Document, place: str, table: dict[str, Any]) -> None:
        self.document = document
        self.place = place
        self.table = table
        self.columns: dict[str, str] | None = None  # the dataset kind's columns, when known
        self.failed = False

    def error(self, message: str, key: str | None = None) -> None:
        self.failed = True
        where = f"key '{key}': " if key else ""
        self.document.error(f"{self.place}: {where}{message}")

    def rule(self) -> Rule | None:
        """The Rule, or None when the table has a problem (every problem is reported)."""
        rule_id = self.required_text("id")
        cls = self.kind()
        dataset = self.dataset()
        if cls is None:
            return None
        self.check_keys(cls)
        values = self.values(cls)
        _KIND_CHECKS.get(cls.KIND, _no_check)(self)
        if self.failed or rule_id is None or dataset is None:
            return None
        return cls(id=rule_id, dataset=dataset, **values)

    def check_keys(self, cls: type[Rule]) -> None:
        """Unknown and missing keys, all of them: an author fixes a rule file in one pass
        rather than one mistake per run."""
        allowed = allowed_keys(cls)
        unknown = _unknown_keys(self.table, allowed)
        if unknown:
            self.error(unknown)
        for key in required_keys(cls):
            if key not in self.table:
                self.error(f"missing key '{key}'")

    def values(self, cls: type[Rule]) -> dict[str, Any]:
        """The kind's fields from the table, each through its parser (a kind may have its
        own parser for a key); a key left out takes its default, which must fit the
        dataset as a given value would (`check_default`)."""
        values: dict[str, Any] = {}
        fields = {f.name: f for f in dataclasses.fields(cls)}
        for field in (fields[k] for k in allowed_keys(cls) if k not in ("id", "kind", "dataset")):
            if field.name in self.table:
                parse = _KIND_PARSERS.get((cls.KIND, field.name), _PARSERS[field.name])
                value = parse(self, field.name, self.table[field.name])
                if value is not _BAD:
                    values[field.name] = value
            elif field.default is not dataclasses.MISSING:
                self.check_default(field.name, field.default)
        return values

    def required_text(self, key: str) -> str | None:
        if key not in self.table:
            self.error(f"missing key '{key}'")
            return None
        value = self.table[key]
        if not isinstance(value, str) or not value.strip():
            self.error(f"expected a non-empty text, got {show(value)}", key)
            return None
        return value

    def kind(self) -> type[Rule] | None:
        if "kind" not in self.table:
            self.error("missing key 'kind'")
            return None
        name = self.table["kind"]
        if not isinstance(name, str) or name not in KINDS:
            self.error(unknown_kind_message(name), "kind")
            return None
        return KINDS[name]

    def dataset(self) -> str | None:
        if "dataset" not in self.table:
            self.error("missing key 'dataset'")
            return None
        name = self.table["dataset"]
        if not isinstance(name, str) or name not in DATASET_KINDS:
            self.error(
                f"unknown dataset kind {show(name)}; known kinds: {', '.join(DATASET_KINDS)}",
                "dataset",
            )
            return None
        self.columns = dict(DATASET_KINDS[name])
        return name

    # --- column checks ---

    def unknown_columns(self, names: Any) -> str | None:
        """The message for names that the dataset kind lacks, or None."""
        if self.columns is None:
            return None  # the dataset is unknown; that is reported already
        unknown = [n for n in dict.fromkeys(names) if n not in self.columns]
        if not unknown:
            return None
        noun = "column" if len(unknown) == 1 else "columns"
        return f"unknown {noun} {_quoted(unknown)}; known columns: {', '.join(self.columns)}"

    def check_default(self, key: str, default: Any) -> None:
        """Defaults name columns too: a hierarchy on a dataset without levels must say so."""
        compare = self.table.get("kind") == "compare"
        if key == "levels" and compare and self.table.get("partner") != "parent":
            return  # a compare rule reads its levels only to find a parent
        if key in _COLUMN_LIST_KEYS:
            message = self.unknown_columns(default)
        elif key == "column":
            message = self.unknown_columns([default]) or self.not_a_number(default)
        else:
            return
        if message:
            self.failed = True
            note = f"key '{key}' (not set; default {_show(_plain(default))})"
            self.document.error(f"{self.place}: {note}: {message}")

    def not_a_number(self, name: str) -> str | None:
        if self.columns is None or self.columns.get(name) in _NUMBER_TYPES:
            return None
        numbers = [c for c, t in self.columns.items() if t in _NUMBER_TYPES]
        return f"column '{name}' does not hold numbers; number columns: {', '.join(numbers)}"

    def check_bounds(self) -> None:
        low, high = self.table.get("min"), self.table.get("max")
        if low is None and high is None:
            self.error("set min, max or both")
        elif _is_number(low) and _is_number(high) and low > high:  # type: ignore[operator]
            self.error(f"min ({show(low)}) is greater than max ({show(high)})")


def _no_check(rt: _RuleTable) -> None:
    """A kind whose keys need no check across keys."""


def _check_compare(rt: _RuleTable) -> None:
    """`right` or `value` (one of them); `on` pairs a left row with its right partner."""
    table = rt.table
    if ("right" in table) == ("value" in table):
        rt.error("set right (the rows to compare with) or value (a number), not both")
    elif "right" in table and not table.get("on"):
        rt.error("missing key 'on': the columns a left row shares with its right partner")
    elif "value" in table:
        extra = [k for k in ("on", "partner") if k in table]
        if extra:
            rt.error(f"{_quoted(extra)} pair a left row with a right row; value has none")


def _check_change(rt: _RuleTable) -> None:
    """A change needs a bound; `on` must not hold the column it runs along."""
    table = rt.table
    if "absolute" not in table and "relative" not in table:
        rt.error("set absolute, relative or both")
    on, along = table.get("on"), table.get("along", "jaar")
    if isinstance(on, list) and along in on:
        rt.error(f"'{along}' is what the change runs along; leave it out of 'on'", "on")


def _check_sum(rt: _RuleTable) -> None:
    """A sum adds up the `bedrag` column: a dataset kind without it cannot hold one."""
    message = rt.unknown_columns(["bedrag"]) or rt.not_a_number("bedrag")
    if message:
        rt.error(f"a sum adds up the column 'bedrag': {message}", "dataset")


def _check_reconcile(rt: _RuleTable) -> None:
    """`scope` compares the two sides' key values, so each of its columns must be in `on`."""
    table = rt.table
    on = table.get("on", ["hoofdstuk", "artikel", "vuo", "jaar"])
    scope = table.get("scope", ["jaar"])
    if not (isinstance(on, list) and isinstance(scope, list)):
        return  # the key parsers report the wrong type
    outside = [c for c in scope if c not in on]
    if outside:
        rt.error(
            f"scope column {_quoted(outside)} is not in on ({_quoted(on)}); a scope is "
            "compared on the paired key values, so list it in on or leave it out of scope",
            "scope",
        )


#: Checks across the keys of one kind, after every key is parsed.
_KIND_CHECKS: dict[str, Callable[[_RuleTable], None]] = {
    "compare": _check_compare,
    "change": _check_change,
    "reconcile": _check_reconcile,
    "range": _RuleTable.check_bounds,
    "sum": _check_sum,
}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


# --- key parsers: (rule table, key, value) -> parsed value or _BAD --------------------------


def _text(rt: _RuleTable, key: str, value: Any) -> Any:
    if not isinstance(value, str):
        rt.error(f"expected text, got {show(value)}", key)
        return _BAD
    return value


def _severity(rt: _RuleTable, key: str, value: Any) -> Any:
    if value not in SEVERITIES or not isinstance(value, str):
        rt.error(f"expected one of {', '.join(SEVERITIES)}, got {show(value)}", key)
        return _BAD
    return value


def _where(rt: _RuleTable, key: str, value: Any) -> Any:
    try:
        if isinstance(value, str):
            where: Where = parse_where(value)
        elif isinstance(value, dict):
            where = selector_to_where(value)
        else:
            rt.error(
                f"expected a where expression (text) or a selector table, got {show(value)}", key
            )
            return _BAD
    except WhereSyntaxError as exc:
        rt.error(str(exc) if isinstance(value, str) else exc.detail, key)
        return _BAD
    message = rt.unknown_columns(sorted(where.columns))
    if message:
        rt.error(message, key)
        return _BAD
    mismatches = type_problems(where, rt.columns or {})
    for mismatch in mismatches:
        rt.error(mismatch, key)
    return _BAD if mismatches else where


def _where_list(rt: _RuleTable, key: str, value: Any) -> Any:
    """One where expression or selector table, or a non-empty list of them: a tuple."""
    if not isinstance(value, list):
        parsed = _where(rt, key, value)
        return _BAD if parsed is _BAD else (parsed,)
    if not value:
        rt.error("expected at least one where expression or selector table, got []", key)
        return _BAD
    items = [_where(rt, f"{key}[{index}]", item) for index, item in enumerate(value)]
    return _BAD if _BAD in items else tuple(items)


def _column_list(min_length: int) -> Callable[[_RuleTable, str, Any], Any]:
    def parse(rt: _RuleTable, key: str, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            rt.error(f"expected a list of column names, got {show(value)}", key)
            return _BAD
        if len(value) < min_length:
            rt.error(f"expected at least one column name, got {show(value)}", key)
            return _BAD
        twice = [n for n in dict.fromkeys(value) if value.count(n) > 1]
        if twice:
            rt.error(f"{_quoted(twice)} listed more than once", key)
            return _BAD
        message = rt.unknown_columns(value)
        if message:
            rt.error(message, key)
            return _BAD
        return tuple(value)

    return parse


def _number_column(rt: _RuleTable, key: str, value: Any) -> Any:
    if not isinstance(value, str):
        rt.error(f"expected a column name, got {show(value)}", key)
        return _BAD
    message = rt.unknown_columns([value]) or rt.not_a_number(value)
    if message:
        rt.error(message, key)
        return _BAD
    return value


def _number(rt: _RuleTable, key: str, value: Any) -> Any:
    if not _is_number(value) or not _is_finite(value):
        rt.error(f"expected a number, got {show(value)}", key)
        return _BAD
    return float(value)


def _non_negative(rt: _RuleTable, key: str, value: Any) -> Any:
    if not _is_number(value) or not _is_finite(value) or value < 0:
        rt.error(f"expected a number of 0 or more, got {show(value)}", key)
        return _BAD
    return float(value)


def _unknown_subkeys(rt: _RuleTable, key: str, table: dict[str, Any], allowed: tuple) -> bool:
    unknown = _unknown_keys(table, allowed)
    if unknown:
        rt.error(unknown, key)
    return bool(unknown)


def _tolerance(rt: _RuleTable, key: str, value: Any) -> Any:
    if _is_number(value) and value == 0:
        return Tolerance()
    if value == "rounding":
        return Tolerance(rounding=True)
    if not isinstance(value, dict):
        rt.error(
            f'expected 0, "rounding" or a table such as {{absolute = 2}}, got {show(value)}', key
        )
        return _BAD
    bad = _unknown_subkeys(rt, key, value, TOLERANCE_KEYS)
    if not any(k in value for k in TOLERANCE_KEYS):
        rt.error(f"expected at least one of {', '.join(TOLERANCE_KEYS)}", key)
        return _BAD
    parsed: dict[str, Any] = {}
    for sub in ("absolute", "relative", "sigma"):
        if sub in value:
            parsed[sub] = _non_negative(rt, f"{key}.{sub}", value[sub])
    if "rounding" in value:
        parsed["rounding"] = value["rounding"]
        if not isinstance(value["rounding"], bool):
            rt.error(f"expected true or false, got {show(value['rounding'])}", f"{key}.rounding")
            parsed["rounding"] = _BAD
    if bad or _BAD in parsed.values():
        return _BAD
    if parsed.get("sigma") and not parsed.get("rounding"):
        rt.error("sigma needs rounding = true (it narrows the rounding bound)", key)
        return _BAD
    return Tolerance(**parsed)


def _one_of(choices: tuple[str, ...]) -> Callable[[_RuleTable, str, Any], Any]:
    def parse(rt: _RuleTable, key: str, value: Any) -> Any:
        if not isinstance(value, str) or value not in choices:
            options = ", ".join(f'"{c}"' for c in choices)
            rt.error(f"expected one of {options}, got {show(value)}", key)
            return _BAD
        return value

    return parse


def _tables(
    rt: _RuleTable,
    key: str,
    value: Any,
    example: str,
    keys: tuple[str, ...],
    item: Callable[[_RuleTable, str, Any], Any],
) -> Any:
    """A list of tables, each with only `keys` and read by `item` (which reports its own
    mistakes and returns _BAD); every table is read, so all mistakes are reported at once."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        rt.error(f"expected a list of tables such as {example}, got {show(value)}", key)
        return _BAD
    out: list[Any] = []
    for index, table in enumerate(value):
        path = f"{key}[{index}]"
        bad = _unknown_subkeys(rt, path, table, keys)
        parsed = item(rt, path, table)
        out.append(_BAD if bad else parsed)
    return _BAD if _BAD in out else tuple(out)


def _thresholds(rt: _RuleTable, key: str, value: Any) -> Any:
    example = '{severity = "warning", absolute = 1000}'
    return _tables(rt, key, value, example, THRESHOLD_KEYS, _threshold)


def _threshold(rt: _RuleTable, path: str, table: Any) -> Any:
    bad = False
    if "severity" not in table:
        rt.error("missing key 'severity'", path)
        bad = True
    elif _severity(rt, f"{path}.severity", table["severity"]) is _BAD:
        bad = True
    if "absolute" not in table and "share" not in table:
        rt.error("set absolute, share or both", path)
        bad = True
    bounds = {
        k: _non_negative(rt, f"{path}.{k}", table[k]) for k in ("absolute", "share") if k in table
    }
    if bad or _BAD in bounds.values():
        return _BAD
    return SizeThreshold(severity=table["severity"], **bounds)


def _codes(kind: Any, column: str) -> tuple[str, ...]:
    """The codes of a category column of a dataset kind; () for a kind or column without."""
    return DATASET_CODES.get(kind, {}).get(column, ()) if isinstance(kind, str) else ()


def _side(rt: _RuleTable, key: str, value: Any) -> Any:
    """One side of a reconciliation: {dataset, where, fase, jaar, rename}; its where and
    renamed columns are checked against the side's own dataset kind."""
    if not isinstance(value, dict):
        rt.error(f"expected a table such as {{fase = 'OWB', jaar = 0}}, got {show(value)}", key)
        return _BAD
    allowed = SIDE_KEYS if key == "right" else tuple(k for k in SIDE_KEYS if k != "dataset")
    bad = _unknown_subkeys(rt, key, value, allowed)
    parsed: dict[str, Any] = {}
    own = rt.columns
    if "dataset" in value:
        name = value["dataset"]
        if not isinstance(name, str) or name not in DATASET_KINDS:
            rt.error(
                f"unknown dataset kind {show(name)}; known kinds: {', '.join(DATASET_KINDS)}",
                f"{key}.dataset",
            )
            return _BAD
        parsed["dataset"] = name
        rt.columns = dict(DATASET_KINDS[name])
    try:
        if "where" in value:
            parsed["where"] = _where(rt, f"{key}.where", value["where"])
        if "fase" in value:
            fase = value["fase"]
            kind = value.get("dataset", rt.table.get("dataset"))
            fases = _codes(kind, "fase")
            if not fases:
                rt.error(
                    f"the dataset kind {show(kind)} has no fase codes to select", f"{key}.fase"
                )
                parsed["fase"] = _BAD
            elif not isinstance(fase, str) or fase not in fases:
                rt.error(f"expected one of {', '.join(fases)}, got {show(fase)}", f"{key}.fase")
                parsed["fase"] = _BAD
            else:
                parsed["fase"] = fase
        if "jaar" in value:
            jaar = value["jaar"]
            if not isinstance(jaar, int) or isinstance(jaar, bool) or abs(jaar) > 20:
                rt.error(
                    "expected a whole number of years relative to begrotingsjaar "
                    f"(0, -1, -2, 1 ...), got {show(jaar)}",
                    f"{key}.jaar",
                )
                parsed["jaar"] = _BAD
            else:
                parsed["jaar"] = jaar
        if "rename" in value:
            parsed["rename"] = _renames(rt, f"{key}.rename", value["rename"])
    finally:
        rt.columns = own
    if bad or any(v is _BAD for v in parsed.values()):
        return _BAD
    return Side(**parsed)


def _renames(rt: _RuleTable, key: str, value: Any) -> Any:
    example = "{column = 'artikel', map = {'61' = '1'}}"
    return _tables(rt, key, value, example, RENAME_KEYS, _rename)


def _rename(rt: _RuleTable, path: str, table: Any) -> Any:
    bad = False
    column = table.get("column")
    if not isinstance(column, str):
        rt.error(f"expected a column name, got {show(column)}", f"{path}.column")
        bad = True
    else:
        message = rt.unknown_columns([column])
        if message is None and rt.columns is not None and rt.columns[column] != "string":
            message = f"column '{column}' does not hold text; only text keys are renamed"
        if message:
            rt.error(message, f"{path}.column")
            bad = True
    mapping = table.get("map")
    if (
        not isinstance(mapping, dict)
        or not mapping
        or not all(isinstance(v, str) for v in mapping.values())
    ):
        rt.error(
            f"expected a table of old = new texts such as {{'61' = '1'}}, got {show(mapping)}",
            f"{path}.map",
        )
        bad = True
    where = _where(rt, f"{path}.where", table["where"]) if "where" in table else None
    if bad or where is _BAD:
        return _BAD
    return Rename(column=column, map=tuple(mapping.items()), where=where)


_COLUMN_LIST_KEYS = {"levels": 1, "by": 0, "on": 1, "columns": 0, "scope": 0, "within": 0}

#: The parser of every rule field (a field without one fails the registry test).
_PARSERS: dict[str, Callable[[_RuleTable, str, Any], Any]] = {
    "title": _text,
    "description": _text,
    "severity": _severity,
    "where": _where,
    "total": _where,
    "parts": _where,
    "left": _where,
    "right": _where,
    "when": _where,
    "require": _where_list,
    **{key: _column_list(n) for key, n in _COLUMN_LIST_KEYS.items()},
    "column": _number_column,
    "min": _number,
    "max": _number,
    "tolerance": _tolerance,
    "severity_by_size": _thresholds,
    # compare and change
    "op": _one_of(OPS),
    "value": _number,
    "partner": _one_of(PARTNERS),
    "missing": _one_of(MISSING_MODES),
    "along": _one_of(ALONG),
    "absolute": _non_negative,
    "relative": _non_negative,
}
#: Keys that a kind reads differently from the rest (reconcile's sides are tables, equal's
#: left and right are where expressions).
_KIND_PARSERS: dict[tuple[str, str], Callable[[_RuleTable, str, Any], Any]] = {
    ("reconcile", "left"): _side,
    ("reconcile", "right"): _side,
}


def _texts(rt: _RuleTable, key: str, value: Any) -> Any:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        rt.error(f"expected a list of texts, got {show(value)}", key)
        return _BAD
    return tuple(value)


def _combinations(rt: _RuleTable, key: str, value: Any) -> Any:
    width = len(rt.table.get("columns") or [])
    ok = isinstance(value, list) and all(
        isinstance(v, list) and len(v) == width and all(isinstance(x, str) for x in v)
        for v in value
    )
    if not ok:
        expected = f"expected a list of lists of {width} texts (one per column)"
        rt.error(f"{expected}, got {show(value)}", key)
        return _BAD
    return tuple(tuple(v) for v in value)


def _text_column(rt: _RuleTable, key: str, value: Any) -> Any:
    if not isinstance(value, str):
        rt.error(f"expected a column name, got {show(value)}", key)
        return _BAD
    message = rt.unknown_columns([value])
    if message:
        rt.error(message, key)
        return _BAD
    return value


def _choice(*names: str) -> Callable[[_RuleTable, str, Any], Any]:
    def parse(rt: _RuleTable, key: str, value: Any) -> Any:
        if value not in names:
            rt.error(f"expected one of {', '.join(map(repr, names))}, got {show(value)}", key)
            return _BAD
        return value

    return parse


# The keys of the Iv3-driven kinds (member, forbidden, totals, share).
_PARSERS.update(
    {
        "code_column": _text_column,
        "codes": _texts,
        "combinations": _combinations,
        "amount": _number_column,
        "message": _text,
        "missing_message": _text,
        "left_name": _text,
        "right_name": _text,
        "measure": _choice("difference", "percentage", "value"),
        "max_percentage": _non_negative,
        "max_value": _non_negative,
        "part": _where,
        "base": _where,
    }
)
PARSED_KEYS = frozenset(_PARSERS)
