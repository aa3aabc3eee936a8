"""The one interface every output format implements, and the registry that names them.

The CLI never branches on a format: it calls `resolve_format`, then
`get_reporter(name, **options).render_to(report, stream)`. Every format writes to its
stream as it goes (`render_to`), never building the whole output first: a text format
into a text stream (stdout, or a file opened by `sluitend.output.opened`), a binary one
(`binary = True`, the xlsx workbook) into a byte stream with `render_bytes_to`; a binary
format is never written to a terminal or a pipe without `--output`. `render` (text) and
`render_bytes` (any format) give the same output as one value, for tests and the API.
"""

from __future__ import annotations

import importlib
import io
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import IO, Any, ClassVar

from sluitend.engine.findings import Report

#: Format name -> "module:Class". Imported on first use, so `sluitend --help` stays fast and
#: the format modules may import this one without a cycle.
REPORTERS: Mapping[str, str] = {
    "rich": "sluitend.report.rich_report:RichReporter",
    "json": "sluitend.report.json_report:JsonReporter",
    "junit": "sluitend.report.junit:JUnitReporter",
    "github": "sluitend.report.github:GitHubReporter",
    "sarif": "sluitend.report.sarif:SarifReporter",
    "gitlab": "sluitend.report.gitlab:GitLabReporter",
    "markdown": "sluitend.report.markdown:MarkdownReporter",
    "html": "sluitend.report.html_report:HtmlReporter",
    "xlsx": "sluitend.report.xlsx_report:XlsxReporter",
}
#: What `--format` accepts.
FORMATS: tuple[str, ...] = ("auto", *REPORTERS)
#: What `sluitend diff --format` accepts (rendered by `sluitend.report.diff_render`).
DIFF_FORMATS: tuple[str, ...] = ("rich", "json", "markdown")


class Reporter(ABC):
    """Renders a `Report` in one format, writing it to a stream as it goes.

    Subclasses set `name`, `extension` (for `--output` defaults) and `OPTIONS`, the keyword
    options they take with their defaults; `self.options` holds the values in effect. A
    text format implements `render_to`; `render` and `render_bytes` are built on it.
    """

    name: ClassVar[str] = ""
    extension: ClassVar[str] = "txt"
    OPTIONS: ClassVar[Mapping[str, Any]] = {}
    #: True for a format that is not text (a workbook): `render_bytes_to` only.
    binary: ClassVar[bool] = False

    def __init__(self, **options: Any) -> None:
        unknown = sorted(set(options) - set(self.OPTIONS))
        if unknown:
            raise TypeError(f"format {self.name!r} takes no option(s) {unknown}")
        self.options: dict[str, Any] = {**self.OPTIONS, **options}

    @abstractmethod
    def render_to(self, report: Report, out: IO[str]) -> None:
        """Write the whole output for `report` to `out`, piece by piece, ending in a
        newline."""

    def render(self, report: Report) -> str:
        """The whole output as one string (`render_to` into memory)."""
        buffer = io.StringIO()
        self.render_to(report, buffer)
        return buffer.getvalue()

    def render_bytes_to(self, report: Report, out: IO[bytes]) -> None:
        """Write the output as the bytes of the file: UTF-8 for a text format."""
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        try:
            self.render_to(report, text)
            text.flush()
        finally:
            text.detach()  # `out` stays open: it is the caller's

    def render_bytes(self, report: Report) -> bytes:
        """The whole output as the bytes of the file (`render_bytes_to` into memory)."""
        buffer = io.BytesIO()
        self.render_bytes_to(report, buffer)
        return buffer.getvalue()


class BinaryReporter(Reporter):
    """A format whose output is a file of bytes, not text (the xlsx workbook)."""

    binary = True

    def render_to(self, report: Report, out: IO[str]) -> None:
        """Refused: a binary format has no text form (call `render_bytes_to`)."""
        raise TypeError(f"format {self.name!r} is binary; call render_bytes_to")

    @abstractmethod
    def render_bytes_to(self, report: Report, out: IO[bytes]) -> None:
        """Write the whole file for `report` to `out`."""


def reporter_class(name: str) -> type[Reporter]:
    """The class behind a format name; ValueError listing the known names otherwise."""
    try:
        target = REPORTERS[name]
    except KeyError:
        known = ", ".join(REPORTERS)
        raise ValueError(f"unknown format {name!r}; known formats: {known}") from None
    module, _, cls = target.partition(":")
    found: type[Reporter] = getattr(importlib.import_module(module), cls)
    return found


def get_reporter(name: str, **options: Any) -> Reporter:
    """A reporter for format `name`.

    Options the format does not take are dropped, so a caller may pass everything it has
    (color, width, fail_on, ...) to any format; see each class's `OPTIONS`.
    """
    cls = reporter_class(name)
    return cls(**{k: v for k, v in options.items() if k in cls.OPTIONS})


def resolve_format(requested: str, env: Mapping[str, str], isatty: bool) -> str:
    """The concrete format for `--format`: "auto" is "github" under GitHub Actions
    (`GITHUB_ACTIONS` set and not "false"), else "rich" (which renders plain text when
    `isatty` is false; see `use_color`). Any other name is returned as given."""
    if requested != "auto":
        reporter_class(requested)  # fail early on an unknown name
        return requested
    if env.get("GITHUB_ACTIONS", "").lower() not in ("", "false", "0"):
        return "github"
    return "rich"


def use_color(env: Mapping[str, str], isatty: bool) -> bool:
    """Whether to emit ANSI colour: never when `NO_COLOR` is set to anything non-empty
    (no-color.org), always when `FORCE_COLOR` is, else only on a terminal."""
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return isatty
