"""Data never steers the medium it is shown in: one escaping function per medium.

Labels, messages, file names and `bron` come from the files being checked, which nobody
vouches for. A label may hold `ESC ] 0 ; title BEL` (sets the terminal's title, or worse),
a DCS string, an 8-bit CSI (U+009B), a NUL that makes XML invalid, `<script>` or a table
pipe in Markdown meant for a pull-request comment. Each medium gets one function:

- `terminal(text)`: every control character (C0, DEL, C1) and every bidirectional
  override or isolate (U+202A-U+202E, U+2066-U+2069, which reorder what a reader sees) is
  shown as a visible escape, `\\x1b`, `\\x9b`, `\\u202e`; nothing of it is emitted. Rich is
  run with `markup=False`, so `[bold]` in a label stays text.
- `xml(text)`: the same visible escapes for characters XML 1.0 forbids (and C1 controls,
  which it discourages, and the carriage return); ElementTree escapes `&`, `<`, `>` and
  quotes itself.
- `markdown(text)`: HTML-escaped (`&`, `<`, `>`, quotes), with the characters Markdown
  gives meaning (`|`, `\\`, backtick, `*`, `[`, `]`, `~`, `$` for maths, `@` for
  mentions, `_` at the edge of a word)
  written as character references, line breaks as spaces, controls as above: inline text,
  safe in a table cell and in a heading.
- `html(text)`: `html.escape` and the visible control escapes, for any HTML report.
- `json_text(document)`: a JSON document keeps the data exact, but the characters
  `json.dumps(ensure_ascii=False)` leaves raw (DEL, C1 such as the 8-bit CSI, bidi
  controls) are written as `\\u` escapes, so `cat report.json` cannot steer a terminal.

`escape_report(report, function)` applies one of them to every text of a report (labels,
messages, places, bron, hints, rule titles, dataset names) before a reporter draws it.
"""

from __future__ import annotations

import dataclasses
import functools
import html as _html
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")

_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
#: Controls (C0 but tab and newline, DEL, C1) and bidirectional formatting characters.
_TERMINAL_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_TERMINAL_ALL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_MARKDOWN_SPECIAL = {c: f"&#{ord(c)};" for c in "|\\`*[]~@$"}
#: An underscore emphasises only at the edge of a word: `bzk_2022` stays readable.
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


@functools.cache
def _xml_pattern() -> re.Pattern[str]:
    """What XML 1.0 does not allow (plus C1 and the bidi controls, shown as escapes too, and
    the carriage return: XML allows it, but a parser reads it as a line feed, and a JUnit
    report on a terminal would move the cursor back over its line).

    Compiled when first used, not at import: its ranges over all of Unicode take 2 ms to
    compile, and only the XML reports (JUnit, xlsx) need it, not every `validate`."""
    return re.compile(
        f"[^\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[{_BIDI}]"
    )


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control and bidi character shown as a visible escape.

    Tabs and (with `keep_newlines`) line breaks are kept: a message of several lines stays
    several lines; a label is one line, so its line breaks are shown as `\\x0a`.
    """
    pattern = _TERMINAL_LINES if keep_newlines else _TERMINAL_ALL
    return pattern.sub(_visible, text)


def xml(text: str) -> str:
    """`text` safe in XML 1.0 text and attributes (ElementTree adds the `&amp;`s)."""
    return _xml_pattern().sub(_visible, text)


def markdown(text: str) -> str:
    """`text` as inline Markdown that shows as written and does nothing else."""
    text = " ".join(_TERMINAL_LINES.sub(_visible, str(text)).split())
    text = _html.escape(text, quote=True)
    text = "".join(_MARKDOWN_SPECIAL.get(c, c) for c in text)
    return _EDGE_UNDERSCORE.sub("&#95;", text)


def html(text: str) -> str:
    """`text` safe in HTML text and attribute values."""
    return _html.escape(_TERMINAL_ALL.sub(_visible, str(text)), quote=True)


_JSON_RAW = re.compile(f"[\x7f-\x9f{_BIDI}]")
#: DEL and C1 as Latin-1 bytes: the characters of `_JSON_RAW` below U+0100.
_JSON_RAW_LATIN1 = bytes(range(0x7F, 0xA0))


def json_text(document: str) -> str:
    """A JSON document with DEL, C1 and bidi controls as `\\uXXXX` escapes (the same data
    when parsed; only ever inside strings, since JSON's own syntax is ASCII)."""
    if _json_plain(document):
        return document
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def _json_plain(text: str) -> bool:
    """Whether `text` holds none of `_JSON_RAW`, seen in C where it can be: ASCII text
    has only DEL to look for, Latin-1 text (Dutch labels) only DEL and C1, found among
    its bytes; any other text is left to the pattern (5x slower on a 17 MB report)."""
    if text.isascii():
        return "\x7f" not in text
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:  # beyond Latin-1, where the bidi controls are
        return False
    return len(raw.translate(None, _JSON_RAW_LATIN1)) == len(raw)


def escape_strings(value: T, function: Callable[[str], str]) -> T:
    """`value` with `function` applied to every text in it: strings, and the fields of
    dataclasses, tuples, lists and mappings (keys too) all the way down."""
    result: T = _walk(value, function)
    return result


def _walk(value: Any, function: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return function(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _walk(getattr(value, f.name), function)
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, (tuple, list)):
        return type(value)(_walk(v, function) for v in value)
    if isinstance(value, Mapping):
        return {_walk(k, function): _walk(v, function) for k, v in value.items()}
    return value


def escape_report(report: T, function: Callable[[str], str]) -> T:
    """The report (or any dataclass of reports) with `function` applied to every text.

    Its findings are walked as a tuple, so a lazily built finding list is built here:
    call it on the findings a reporter is going to draw (see `rich_report` for the cap).
    """
    if dataclasses.is_dataclass(report) and hasattr(report, "findings"):
        report = dataclasses.replace(report, findings=tuple(report.findings))  # type: ignore[type-var]
    return escape_strings(report, function)
