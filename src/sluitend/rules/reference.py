"""The rule kinds' reference, for `sluitend rules show` and the README (Markdown).

A kind documents itself in two places, each holding what suits it: its class docstring
the summary and the prose sections `DOC_SECTIONS` (What it checks, Why), which SARIF help
and code readers see too; its data file `rules/kinds/<kind>.toml` the options, an example
rule and a passing and a failing table. Options several kinds share are declared once, in
`rules/kinds/shared.toml`, and the keys every rule has come from the `Rule` class. This
module only arranges them, so neither `rules show` nor the README can drift from the code.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sluitend.rules.base import Rule
from sluitend.rules.registry import KINDS
from sluitend.vocabulary import DATASET_KINDS, SEVERITIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SECTIONS = ("What it checks", "Why", "Options", "Example", "Passing table", "Failing table")
#: The sections a kind's docstring holds; the others come from its data file.
DOC_SECTIONS = SECTIONS[:2]
#: The folder of the kinds' data files, in the `sluitend.rules` package.
FOLDER = "kinds"
#: The data file of the options several kinds share.
SHARED = "shared"
#: The keys of a kind's data file, and of one option entry in it or in the shared file.
FILE_KEYS = ("example", "passing", "failing", "options")
OPTION_KEYS = ("type", "default", "required", "text")
#: Where the text of a section lies in a kind's data file.
_DATA_SECTIONS = {"Example": "example", "Passing table": "passing", "Failing table": "failing"}
#: The rule-file keys that the "Common keys" line names: `Rule`'s fields and `kind`, but not
#: `where`, whose meaning each kind states as one of its own options.
_PER_KIND = ("where",)


@dataclass(frozen=True)
class Option:
    """One option of a rule kind: its key, the type and default as people read them (`None`:
    required), and what it does (line breaks kept)."""

    name: str
    type: str
    default: str | None
    text: str

    @property
    def value(self) -> str:
        """`type; default ...`, or `type; required`."""
        default = "required" if self.default is None else f"default {self.default}"
        return f"{self.type}; {default}"


@dataclass(frozen=True)
class KindData:
    """What a kind's data file holds: its options in order, an example rule (TOML text), a
    table that passes and one that fails (text)."""

    options: tuple[Option, ...]
    example: str
    passing: str
    failing: str


def _read(name: str) -> dict[str, Any] | None:
    """The data file `kinds/<name>.toml` as a dict; None when there is none."""
    path = resources.files("sluitend.rules").joinpath(FOLDER, f"{name}.toml")
    if not path.is_file():
        return None
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _unknown(place: str, keys: Mapping[str, Any], known: tuple[str, ...]) -> None:
    extra = [key for key in keys if key not in known]
    if extra:
        raise ValueError(f"{place}: unknown key {extra[0]!r}; known: {', '.join(known)}")


@functools.cache
def shared_options() -> Mapping[str, Mapping[str, Any]]:
    """The option entries of `kinds/shared.toml`, by option name."""
    entries = _read(SHARED) or {}
    for name, entry in entries.items():
        _unknown(f"{FOLDER}/{SHARED}.toml: option {name!r}", entry, OPTION_KEYS)
    return entries


def _option(place: str, name: str, own: Mapping[str, Any]) -> Option:
    """An option from its entry in a kind's file, completed from the shared one."""
    _unknown(f"{place}: option {name!r}", own, OPTION_KEYS)
    entry = {**shared_options().get(name, {}), **own}
    if own.get("required"):
        entry.pop("default", None)
    missing = [key for key in ("type", "text") if not entry.get(key)]
    if "default" not in entry and not entry.get("required"):
        missing.append("default (or required = true)")
    if missing:
        raise ValueError(f"{place}: option {name!r}: no {', '.join(missing)}")
    text = str(entry["text"]).strip("\n")
    return Option(name, str(entry["type"]), entry.get("default"), text)


@functools.cache
def kind_data(kind: str) -> KindData | None:
    """The options, example and tables of `kind` from its data file (None without one: a
    kind registered from outside documents itself in its docstring only). A file with an
    unknown key or an incomplete option is a ValueError naming the file and the key."""
    document = _read(kind)
    if document is None:
        return None
    place = f"{FOLDER}/{kind}.toml"
    _unknown(place, document, FILE_KEYS)
    options = tuple(_option(place, n, e) for n, e in document.get("options", {}).items())
    texts = {key: str(document.get(key, "")).strip("\n") for key in _DATA_SECTIONS.values()}
    return KindData(options, **texts)


def common_keys() -> list[str]:
    """The keys every rule has, as the "Common keys" line of each kind names them."""
    names = [f.name for f in dataclasses.fields(Rule) if f.name not in _PER_KIND]
    return [names[0], "kind", *names[1:]]


def _docstring_sections(cls: type[Rule]) -> dict[str, str]:
    """A kind's docstring split into its summary ("") and its sections, dedented."""
    lines = (inspect.getdoc(cls) or "").splitlines()
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in lines:
        title = line[:-1] if line.endswith(":") else None
        if title in SECTIONS:
            current = title
            sections[current] = []
        else:
            sections[current].append(line)
    return {name: textwrap.dedent("\n".join(body)).strip("\n") for name, body in sections.items()}


def _options_text(options: tuple[Option, ...]) -> str:
    """The Options section as plain text: each heading, its text indented below it."""
    lines: list[str] = []
    for option in options:
        lines += textwrap.wrap(f"{option.name} ({option.value}):", width=88, break_on_hyphens=False)
        lines += [f"    {line}" for line in option.text.splitlines()]
    return "\n".join([*lines, f"Common keys: {', '.join(common_keys())}."])


def doc_sections(cls: type[Rule]) -> dict[str, str]:
    """A kind's summary ("") and its `SECTIONS` as plain text: the docstring's, then those
    of its data file (where it has one)."""
    sections = _docstring_sections(cls)
    data = kind_data(cls.KIND)
    if data is not None:
        sections["Options"] = _options_text(data.options)
        for name, key in _DATA_SECTIONS.items():
            sections[name] = getattr(data, key)
    return sections


def option_names(cls: type[Rule]) -> list[str]:
    """The keys the reference documents for `cls`: its options, then the common keys."""
    data = kind_data(cls.KIND)
    return [o.name for o in data.options] + common_keys() if data is not None else []


def kind_text(cls: type[Rule]) -> str:
    """A kind's reference as plain text, laid out like a docstring (`rules show`)."""
    sections = doc_sections(cls)
    out = [sections[""]]
    for name in SECTIONS:
        if sections.get(name):
            out += ["", f"{name}:", textwrap.indent(sections[name], "    ")]
    return "\n".join(out)


_HEADER = f"""\
## Rule-file reference

A rule file is TOML: one `[ruleset]` table, then one `[[rules]]` table per rule. Loading
reports every mistake at once, each with its place (`rules.toml: rule 'BT001' (index 0): key
'levels': expected a list of column names, got 3`); unknown keys are mistakes too.

```toml
[ruleset]
name = "rijksbegroting"          # required
description = "What these rules are for"

[[rules]]
id = "BT001"
kind = "hierarchy"
dataset = "begrotingstabel"
```

### Keys every rule has

- `id` (text; required): unique within the file, e.g. "BT001".
- `kind` (text; required): one of {", ".join(KINDS)}.
- `dataset` (text; required): the dataset kind the rule checks: {", ".join(DATASET_KINDS)}.
- `title` (text; default ""): one line for the report.
- `severity` ({" | ".join(SEVERITIES)}; default "error"): the severity of a failing figure.
- `where` (where expression or selector table; default none): which rows are checked; see
  each kind for what "checked" means there.
- `description` (text; default ""): longer text for `sluitend rules show`.
- `severity_by_size` (list of tables; default []): `{{severity = "warning", absolute = 1000}}`
  or `{{severity = "info", share = 0.001}}`: a difference above `absolute` units, or above
  `share` of the article total, gets that severity (the largest matching threshold wins).

### Tolerance

`hierarchy`, `sum`, `equal`, `compare` and `reconcile` take `tolerance`: `0` (exact, the
default), `"rounding"` (the bound that rounding each figure to whole units allows),
`{{absolute = 2}}` (units of the dataset), `{{relative = 0.001}}` (a share of the expected
value), or a table combining these (`{{absolute = 2, rounding = true}}`): the largest bound
applies.

### Missing figures

A missing figure is a row without an amount: `pm`, or a cell left empty. `sum` and `compare`
take `missing`, one of VTL's `check_hierarchy` modes, to say what it means:

| mode | a missing figure is | a total (sum) or left row (compare) is checked when |
|---|---|---|
| `partial_null` (default) | unknown: *not checkable* (info) | it has a part or a partner |
| `non_null` | unknown | every figure involved is there (else it is skipped) |
| `always_null` | unknown | always; no parts or no partner is unknown too |
| `partial_zero` | 0 | it has a part or a partner |
| `non_zero` | 0 | at least one figure involved is not zero |
| `always_zero` | 0 | always; no parts or no partner counts as 0 |

A total that has no row at all is never checked (a finding points at a row). `hierarchy`
keeps `partial_null` (a `pm` below a total makes it not checkable); its bridging over
unstated totals does not fit the other modes.

### Where expressions and selectors

A where expression compares columns and literals: `==`, `!=`, `<`, `<=`, `>`, `>=`,
`in [...]`, `not in [...]`, joined with `and`, `or`, `not` and parentheses. Literals are
text (`'U'`), numbers (`2022`, `-1.5`) and `true` / `false`. Example:
`"jaar >= begrotingsjaar and vuo in ['V', 'U']"`. It is parsed against a whitelist, never
run as code. A selector table is a shorthand: `{{vuo = "U", onderdeel = ""}}` means
`vuo == 'U' and onderdeel == ''`, and `{{vuo = ["V", "U"]}}` means `vuo in ['V', 'U']`.
A row with a missing value (`pm`) in a compared column does not match.

### Rule kinds
"""


def kind_markdown(cls: type[Rule]) -> str:
    """The reference section of one rule kind."""
    sections = doc_sections(cls)
    data = kind_data(cls.KIND)
    out = [f"#### `{cls.KIND}`", "", sections[""], ""]
    for name in SECTIONS:
        if not sections.get(name):
            continue
        out += [f"**{name}**", ""]
        if name == "Options" and data is not None:
            out.append(_options_markdown(data.options))
        elif name == "Example":
            out += ["```toml", sections[name], "```"]
        elif name.endswith("table"):
            out += ["```text", sections[name], "```"]
        else:
            out.append(sections[name])
        out.append("")
    return "\n".join(out)


def _options_markdown(options: tuple[Option, ...]) -> str:
    items = [
        f"- `{o.name}` ({o.value}): " + " ".join(line.strip() for line in o.text.splitlines())
        for o in options
    ]
    return "\n".join([*items, f"- Common keys: {', '.join(common_keys())}."])


def reference_markdown() -> str:
    """The whole rule-file reference: file layout, common keys, then every kind."""
    return _HEADER + "\n" + "\n".join(kind_markdown(cls) for cls in KINDS.values())
