"""The rule-file reference (Markdown), built from the rule kinds' docstrings.

Each kind's docstring is its documentation, with the same sections for every kind (see
`SECTIONS`); this module only arranges them, so the README cannot drift from the code.
"""

from __future__ import annotations

import inspect
import re
import textwrap

from sluitend.rules.base import Rule
from sluitend.rules.registry import KINDS
from sluitend.vocabulary import DATASET_KINDS, SEVERITIES

SECTIONS = ("What it checks", "Why", "Options", "Example", "Passing table", "Failing table")
_OPTION = re.compile(r"^([a-z_]+) \((.*)$")
_COMMON = "Common keys:"


def doc_sections(cls: type[Rule]) -> dict[str, str]:
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


def option_names(cls: type[Rule]) -> list[str]:
    """The keys the Options section documents (entries and the "Common keys:" line)."""
    names: list[str] = []
    for line in doc_sections(cls).get("Options", "").splitlines():
        entry = _OPTION.match(line)
        if entry:
            names.append(entry[1])
        elif line.startswith(_COMMON):
            names += [n.strip(" .") for n in line[len(_COMMON) :].split(",")]
    return names


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
    out = [f"#### `{cls.KIND}`", "", sections[""], ""]
    for name in SECTIONS:
        body = sections[name]
        out.append(f"**{name}**")
        out.append("")
        if name == "Options":
            out.append(_options_markdown(body))
        elif name == "Example":
            out += ["```toml", body, "```"]
        elif name.endswith("table"):
            out += ["```text", body, "```"]
        else:
            out.append(body)
        out.append("")
    return "\n".join(out)


def _options_markdown(body: str) -> str:
    items: list[str] = []
    for line in body.splitlines():
        entry = _OPTION.match(line)
        if entry:
            items.append(f"- `{entry[1]}` ({entry[2]}")
        elif line.startswith(_COMMON):
            items.append(f"- {line}")
        elif items:
            # Continuation of the entry's type line or its description.
            items[-1] += " " + line.strip()
    return "\n".join(items)


def reference_markdown() -> str:
    """The whole rule-file reference: file layout, common keys, then every kind."""
    return _HEADER + "\n" + "\n".join(kind_markdown(cls) for cls in KINDS.values())
