"""The commonest slips in a rule file, recognised so that a message can name the fix.

Three places use this module: a TOML syntax error (`toml_fix` looks at the offending line),
a where expression Python cannot parse (`where_fix`), and a number that TOML reads but a
Dutch reader means otherwise (`thousands_warnings`: `max = 1.000` is 1.0 to TOML, one
thousand to a controller). Each returns the text to show, or nothing when no known slip
fits: a guess is never presented as the cause.
"""

from __future__ import annotations

import re

#: `key = "...` with a double quote inside the double-quoted value.
_NESTED_QUOTES = re.compile(r'^(\s*[\w.-]+\s*=\s*)"(.*)"\s*(#.*)?$')
#: A Dutch number: thousands dots (1.000.000), or a decimal comma (12,5 or 1.000,50).
_DUTCH_NUMBER = re.compile(r"(?<![\w.,])-?\d{1,3}(?:(?:\.\d{3})+(?:,\d+)?|,\d+)(?![\w.,])")
_KEY_VALUE = re.compile(r"^\s*([\w.-]+)\s*=\s*(.*?)\s*(#.*)?$")
#: A number that looks like a thousands-dot amount: 1.000, 12.500, -2.000 (not 0.500).
_THOUSANDS_LOOK = re.compile(r"(?<![\w.])(-?[1-9]\d{0,2}\.\d{3})(?![\w.])")
#: Keys that hold an amount or a tolerance in the dataset's unit.
AMOUNT_KEYS = ("min", "max", "value", "absolute")
_INLINE_TABLE = re.compile(r"([\w-]+)\s*=\s*(?:\[\s*)?\{[^{}]*$")
_AMOUNT_AT = re.compile(r"(?<![\w.-])(" + "|".join(AMOUNT_KEYS) + r")\s*=\s*")


def toml_fix(line: str) -> str | None:
    """The likely fix for a TOML syntax error on `line`, or None."""
    nested = _NESTED_QUOTES.match(line)
    if nested and '"' in nested[2] and "'" not in nested[2]:
        fixed = nested[1] + '"' + nested[2].replace('"', "'") + '"'
        return f"use single quotes inside the double-quoted string: {fixed.strip()}"
    key_value = _KEY_VALUE.match(line)
    if key_value and _DUTCH_NUMBER.search(key_value[2]):
        fixed = _DUTCH_NUMBER.sub(lambda m: plain_number(m[0]), key_value[2])
        return (
            "write numbers without thousands separators and with a decimal point: "
            f"{key_value[1]} = {fixed}"
        )
    return None


def plain_number(dutch: str) -> str:
    """`1.000.000` -> `1000000`, `12,5` -> `12.5`, `1.000,50` -> `1000.50`."""
    return dutch.replace(".", "").replace(",", ".")


def where_fix(text: str) -> str | None:
    """The likely fix for a where expression that does not parse, or None.

    Looks outside quoted literals only, so `omschrijving == 'en'` is left alone.
    """
    spans = [m.span() for m in re.finditer(r"'[^']*'|\"[^\"]*\"", text)]

    def outside(pattern: str, replacement: str, source: str) -> str:
        pieces, last = [], 0
        for start, end in [*spans, (len(source), len(source))]:
            pieces.append(re.sub(pattern, replacement, source[last:start]))
            pieces.append(source[start:end])
            last = end
        return "".join(pieces)

    slips = [
        (r"(?<![=!<>])=(?!=)", "==", "use == to compare"),
        (r"&&", " and ", "use and instead of &&"),
        (r"\|\|", " or ", "use or instead of ||"),
        (r"(?<!\w)en(?!\w)", "and", "use and instead of en"),
        (r"(?<!\w)of(?!\w)", "or", "use or instead of of"),
        (r"!(?!=)", "not ", "use not instead of !"),
    ]
    found, fixed = [], text
    for pattern, replacement, advice in slips:
        changed = outside(pattern, replacement, fixed)
        if changed != fixed:
            found.append(advice)
            fixed = changed
    if not found:
        return None
    return f"{'; '.join(found)}: {re.sub(r' {2,}', ' ', fixed).strip()}"


def thousands_warnings(text: str, source: str) -> list[str]:
    """A warning for every amount or tolerance key whose number looks like a Dutch
    thousands figure (`max = 1.000`), which TOML reads as a decimal (1.0)."""
    out: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        code = line.split("#", 1)[0]
        for match in _AMOUNT_AT.finditer(code):
            value = _THOUSANDS_LOOK.match(code, match.end())
            if not value:
                continue
            key = match[1]
            table = _INLINE_TABLE.search(code[: match.start()])
            if table:
                key = f"{table[1]}.{key}"
            written = value[1]
            meant = written.replace(".", "")
            out.append(
                f"{source}: line {number}: key '{key}': {written} is read as "
                f"{float(written)!r} (TOML reads a dot as a decimal point); "
                f"for the Dutch amount {written} write {meant}"
            )
    return out
