"""The public Python API: `read`, `validate`, `load_rules` and the `Report` they give.

These names (re-exported by the package: `sluitend.validate`) are stable under semantic
versioning; every other module of sluitend is internal and may change in any release. The
command line is wired on top of the same functions, so `sluitend validate FILE` and
`sluitend.validate("FILE")` find the same findings. Importing this module is cheap (the
command line's `rules list` does): pandas comes with the first read or validation.

    >>> import sluitend
    >>> report = sluitend.validate()        # the bundled default table, the bundled rules
    >>> report.ok
    True
"""

from __future__ import annotations

import html
import itertools
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sluitend.engine.findings import Report as _EngineReport
from sluitend.errors import InputError, SluitendError
from sluitend.progress import Progress
from sluitend.rules.ruleset import RuleSet

if TYPE_CHECKING:
    import pandas as pd

    from sluitend.datasets.frame import Dataset
    from sluitend.datasets.toolkit import ReadNote

__all__ = ["Report", "load_rules", "read", "validate"]

#: The rule pack used when none is named.
DEFAULT_PACK = "rijksbegroting"
#: How `Report.write` picks a format from the file's suffix when none is named.
SUFFIX_FORMATS = {
    ".json": "json",
    ".xml": "junit",
    ".sarif": "sarif",
    ".md": "markdown",
    ".txt": "rich",
    ".html": "html",
    ".xlsx": "xlsx",
}
#: Findings shown in a notebook's table (the counts always cover all of them).
HTML_FINDINGS = 20

Data = Any  # a path, a Dataset, a pandas DataFrame, or a list of those


# --------------------------------------------------------------------------- rules


def load_rules(rules: str | os.PathLike[str] | RuleSet | None = None) -> RuleSet:
    """The rule set a validation runs.

    Args:
        rules: a rule file's path, the name of a bundled pack (`"rijksbegroting"`), the
            text of a rule file (anything with a line break is read as TOML text), or a
            `RuleSet` (returned as it is). None: the bundled pack `rijksbegroting`.

    Raises RuleFileError listing every mistake with its place, or SluitendError when the
    name is neither a file nor a bundled pack.
    """
    from sluitend.rules.loader import bundled_packs, load_pack, load_ruleset, load_ruleset_text

    if isinstance(rules, RuleSet):
        return rules
    if rules is None:
        return load_pack(DEFAULT_PACK)
    if isinstance(rules, str) and "\n" in rules:
        return load_ruleset_text(rules, "<rules text>")
    path = Path(rules)
    if isinstance(rules, str) and rules in bundled_packs() and not path.exists():
        return load_pack(rules)
    if not path.exists():
        packs = ", ".join(sorted(bundled_packs()))
        raise SluitendError(f"{rules}: no such rule file, and not a bundled pack ({packs})")
    return load_ruleset(path)


def rules_for(
    rules: str | os.PathLike[str] | RuleSet | None,
    datasets: Sequence[Dataset],
    options: Mapping[str, Any],
) -> RuleSet:
    """The rules for `datasets`: the pack a domain builds for them (named in `rules`, or,
    when `rules` is None, the domain whose dataset kinds these are), else `load_rules`.

    Not in `__all__`: the command line and `validate` share it; `options` are the domain
    options (`boekjaar`).
    """
    from sluitend.datasets import registry

    providers = registry.pack_providers()
    provider: registry.PackProvider | None = None
    if isinstance(rules, str) and rules in providers and not Path(rules).exists():
        provider = providers[rules]
    elif rules is None:
        provider = registry.provider_for(d.kind for d in datasets)
    if provider is not None:
        built: RuleSet = provider.build(list(datasets), dict(options))
        return built
    return load_rules(rules)


# --------------------------------------------------------------------------- reading


def read(
    path: str | os.PathLike[str] | None = None,
    *,
    bundled: str | None = None,
    input_format: str | None = None,
    hoofdstuk: str | None = None,
    strict: bool = False,
    notes: list[str] | None = None,
    read_as: list[str] | None = None,
    choices: list[str] | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> list[Dataset]:
    """Read one data file (any supported format, detected from its content) into datasets.

    Args:
        path: the file, or "-" for standard input. A file holds one dataset per kind it
            contains (a budget table and its percentages juridisch verplicht, say).
        bundled: instead of a path, the name of a bundled dataset ("bzk-2022-art7").
        input_format: read as this format instead of detecting it ("minfin-csv", ...).
        hoofdstuk: the chapter of page text that does not name it ("VII").
        strict: refuse a file with any cell that cannot be read as printed.
        notes: a list that receives one line per such cell; without it each is issued as
            a `ReadWarning` (Python shows warnings once per message).
        read_as: a list that receives how the reader read what the file leaves open (a
            block's unit, say): not defects, never refused by `strict`; without it each is
            issued as a `ReadInfo` warning.
        choices: a list that receives what the reader chose for what the file does not say
            (the boekjaar of an Iv3 CSV, say); without it each is issued as a `DataNote`
            warning.
        progress: told which file is read and how many rows it held (see
            `sluitend.progress.Progress`).
        options: what a domain's reader takes (`boekjaar=2024` for Iv3 files).

    Raises InputError naming the file, the line or cell, and what was expected.
    """
    from sluitend.datasets.bundled import load_bundled
    from sluitend.datasets.detect import read_any
    from sluitend.datasets.toolkit import CHOICE, DEFECT, READ_AS, DataNote, ReadInfo, ReadWarning

    if (path is None) == (bundled is None):
        raise TypeError("read() takes a path or bundled=NAME (one of them)")
    if bundled is not None:
        return load_bundled(bundled)
    assert path is not None
    from sluitend.datasets.spool import STDIN, display_name, rename_source, spooled

    name = os.fspath(path)
    if name != STDIN and not Path(name).exists():
        raise InputError(name, "no such file")
    if Path(name).is_dir():
        raise InputError(name, "is a directory; name the data files to read")
    if progress is not None:
        progress.reading(display_name(name))
    taken: list[ReadNote] = []
    with spooled(name) as readable:  # a pipe or stdin ("-") is read once, into a temp file
        try:
            datasets = read_any(
                readable, input_format=input_format, hoofdstuk=hoofdstuk, notes=taken, **options
            )
        except SluitendError as error:  # name the input as the user knows it
            if str(readable) != name:
                error.args = (str(error).replace(str(readable), display_name(name)),)
            raise
        datasets = rename_source(datasets, readable, name)
    _hand_over(taken, CHOICE, choices, DataNote)
    found = [str(n) for n in taken if n.kind == DEFECT]
    if found and strict:
        raise SluitendError(f"{found[0]} (strict: every cell must be readable)")
    _hand_over(taken, DEFECT, notes, ReadWarning)
    _hand_over(taken, READ_AS, read_as, ReadInfo)
    if progress is not None:
        progress.read(display_name(name), sum(d.rows for d in datasets))
    return datasets


def _hand_over(
    taken: list[ReadNote], kind: str, sink: list[str] | None, category: type[Warning]
) -> None:
    """The notes of `kind` as text: into `sink`, or (no list given) as warnings."""
    texts = [str(n) for n in taken if n.kind == kind]
    if sink is not None:
        sink.extend(texts)
        return
    for text in texts:
        # stacklevel: above `read`'s caller (the user's line when read through `validate`)
        warnings.warn(text, category, stacklevel=4)


def _datasets(
    data: Data,
    *,
    kind: str | None,
    name: str | None,
    unit: int | None,
    read_options: dict[str, Any],
) -> list[Dataset]:
    """Whatever `validate` was given, as datasets."""
    from sluitend.datasets.frame import Dataset

    if data is None:
        from sluitend.datasets.bundled import load_bundled

        return load_bundled()
    if isinstance(data, Dataset):
        return [data]
    if isinstance(data, (str, os.PathLike)):
        return read(data, **read_options)
    if _is_dataframe(data):
        from sluitend.datasets.from_pandas import dataset_from_pandas

        return [dataset_from_pandas(data, kind=kind, name=name, unit=unit)]
    if isinstance(data, (list, tuple)):
        if not data:
            raise InputError("validate", "an empty list of data; nothing to validate")
        out: list[Dataset] = []
        for item in data:
            if isinstance(item, (list, tuple)):
                raise TypeError("validate() takes a flat list of paths, Datasets or DataFrames")
            out.extend(_datasets(item, kind=kind, name=name, unit=unit, read_options=read_options))
        return out
    raise TypeError(
        "validate() takes a path, a list of paths, a Dataset or a pandas DataFrame; "
        f"got {type(data).__name__}"
    )


def _is_dataframe(data: Any) -> bool:
    """A pandas DataFrame, recognised without importing pandas for a path."""
    module = type(data).__module__
    if not module.startswith("pandas"):
        return False
    import pandas as pd

    return isinstance(data, pd.DataFrame)


# --------------------------------------------------------------------------- validating


def validate(
    data: Data = None,
    rules: str | os.PathLike[str] | RuleSet | None = None,
    *,
    kind: str | None = None,
    name: str | None = None,
    unit: int | None = None,
    input_format: str | None = None,
    hoofdstuk: str | None = None,
    strict: bool = False,
    max_findings: int | None = None,
    diagnose: bool = True,
    progress: Progress | None = None,
    **options: Any,
) -> Report:
    """Validate budget data against rules; the same run as `sluitend validate`.

    Args:
        data: a file path, a list of them, a `Dataset` (from `read`), a pandas DataFrame in
            the canonical columns, or a list mixing these. None: the bundled default table.
        rules: see `load_rules` (default: the bundled pack `rijksbegroting`).
        kind, name, unit: for a DataFrame: its dataset kind (default from its columns), the
            name reports give it (default "DataFrame") and the unit of `bedrag` in euros
            (default 1000).
        input_format, hoofdstuk, strict: how files are read (see `read`).
        max_findings: build at most this many findings (most severe first); the others
            still count.
        diagnose: attach hints and group consequences under their likely cause.
        progress: told which file is read and which rule runs (`sluitend.progress`).
        options: domain options, for the readers and the domain's pack (`boekjaar=2024`).

    Raises InputError / RuleFileError (a `SluitendError`) for bad input or rules, naming
    the place; never for findings, which are the `Report`'s.
    """
    from sluitend.engine.runner import validate as run

    read_options = {
        "input_format": input_format,
        "hoofdstuk": hoofdstuk,
        "strict": strict,
        "progress": progress,
        **options,
    }
    datasets = _datasets(data, kind=kind, name=name, unit=unit, read_options=read_options)
    ruleset = rules_for(rules, datasets, {"boekjaar": None, **options})
    result = run(datasets, ruleset, max_findings=max_findings, diagnose=diagnose, progress=progress)
    return Report.of(result)


# --------------------------------------------------------------------------- the report


class Report(_EngineReport):
    """What a validation found: `ok`, the `findings`, their `counts`, and ways out.

    A report renders itself in Jupyter (a table of the counts and the first findings) and
    in a plain REPL (its counts). `to_pandas()` gives one row per finding, `to_dict()` the
    versioned JSON document, `write(path)` any report format the command line writes.
    """

    @classmethod
    def of(cls, report: _EngineReport) -> Report:
        """The public report of an engine result (the same fields)."""
        if isinstance(report, cls):
            return report
        return cls(**{f.name: getattr(report, f.name) for f in fields(report)})

    def to_dict(self, *, unchecked: int | None = 100) -> dict[str, Any]:
        """The versioned JSON document, as `--format json` writes it (with its overview):
        each dataset's coverage lists its first `unchecked` figures no sum rule checked
        (None: every one, as `--all`), and says how many it leaves out."""
        from sluitend.report.document import report_document

        return report_document(self, unchecked)

    @property
    def ok(self) -> bool:
        """True when no finding is an error (warnings and info may remain)."""
        return self.count("error") == 0

    @property
    def counts(self) -> dict[str, int]:
        """Failed checks per severity: {"error": 1, "warning": 0, "info": 2}."""
        return {s: self.count(s) for s in ("error", "warning", "info")}

    def to_pandas(self) -> pd.DataFrame:
        """One row per finding (likely causes, then the checks they group, in report order).

        Columns: rule, severity, kind ("check" or "likely cause"), dataset, the key columns
        of the figure (begrotingsjaar, fase, hoofdstuk, artikel, onderdeel, ..., vuo,
        jaar), label, expected, actual, difference, tolerance, bron, message, hints (the
        hints' explanations) and suggested (the first hint's repairing value).
        """
        from sluitend.report.table import findings_frame

        return findings_frame(self.all_findings())

    def write(
        self, path: str | os.PathLike[str], format: str | None = None, *, fail_on: str = "error"
    ) -> Path:
        """Write the report to `path` in a format of the command line.

        Args:
            path: the file to write; never one of the validated inputs.
            format: json, junit, github, sarif, markdown, html, xlsx or rich (plain text);
                by default from the suffix (.json, .xml, .sarif, .md, .html, .xlsx, .txt).
            fail_on: the severity the format treats as failing (junit, markdown).
        """
        from sluitend.report.base import get_reporter, reporter_class

        target = Path(path)
        if format is None:
            format = SUFFIX_FORMATS.get(target.suffix.lower())
            if format is None:
                known = ", ".join(f"{s} ({f})" for s, f in SUFFIX_FORMATS.items())
                raise ValueError(
                    f"{target}: cannot tell the format from the suffix; name it "
                    f"(format='json') or use one of {known}"
                )
        try:
            reporter_class(format)
        except ValueError as error:
            raise ValueError(str(error)) from None
        sources = {Path(d.source).resolve() for d in self.datasets if d.source}
        if target.resolve() in sources:
            raise InputError(str(target), "refusing to overwrite an input file")
        from sluitend.output import opened_bytes

        reporter = get_reporter(format, color=False, width=120, fail_on=fail_on)
        with opened_bytes(target) as out:  # all or nothing, written as it is drawn
            reporter.render_bytes_to(self, out)
        return target

    def _summary(self) -> str:
        from sluitend.report.common import plural, totals_line

        rows = sum(d.rows for d in self.datasets)
        rules = len({r.rule for r in self.results})
        return (
            f"{totals_line(self)} · {plural(len(self.datasets), 'dataset')}, "
            f"{plural(rows, 'row')}, {plural(rules, 'rule')}"
        )

    def __repr__(self) -> str:
        state = "ok" if self.ok else "not ok"
        return f"<sluitend.Report {self.ruleset!r} {state}: {self._summary()}>"

    def _repr_html_(self) -> str:
        from sluitend.report.table import findings_html

        shown = list(itertools.islice(self.findings, HTML_FINDINGS))
        return findings_html(
            self, shown, summary=self._summary(), total=len(self.findings), escape=html.escape
        )
