"""The controller's view of a report: an overview per chapter and article, and the failing
figures laid out as the table prints them.

Every reporter that opens with a summary (Rich, Markdown, JSON, HTML, xlsx) builds on the
two pure functions here, so they agree on every count:

- `overview(report)` -> `Overview`: per dataset, per chapter and per article, the failed
  checks by severity, the likely causes, the largest difference, and references to the
  findings (`Ref`, a position in `Overview.findings`, which is `report.all_findings()`;
  `anchor(ref)` names it in a document with links).
- `figure_rows(report)` -> `list[FigureRow]`: the findings of one figure (one dataset, rule,
  phase and place) across its years as one row, the years as `YearCell`s (only the failing
  years have a cell), in the order of the source table (file, then line or spreadsheet row),
  with the hints grouped under the figure (`HintNote`, named in words by `hint_name`) and a
  likely cause said as "likely cause" on the figure it names (never a second row of it).

Counting follows `Report.count`: a failed check counts once, consequences grouped under a
likely cause included; the likely cause itself is not a check and is counted apart. A
finding whose `where` names no chapter (a rule of a table without chapters, a file-level
finding) sits in an area with `hoofdstuk` "". The findings' fields are taken as arrays
(`map` in C) and counted with numpy, per area, never a finding at a time; no pandas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter, methodcaller
from typing import Any

import numpy as np

from sluitend.engine.findings import Finding, Hint, Report
from sluitend.report.common import parse_bron
from sluitend.report.dutch import place
from sluitend.vocabulary import SEVERITY_RANK

#: A finding's position in `Overview.findings` (and in `report.all_findings()`).
Ref = int

#: The phrase "likely cause" every format uses for a figure that explains failed checks.
LIKELY_CAUSE = "likely cause"

#: Hint kinds in words, for people (a report never shows the identifier).
HINT_NAMES: Mapping[str, str] = {
    "transposition": "digits swapped",
    "omitted": "a line left out of the total",
    "double_counted": "a line counted twice",
    "sign": "sign flipped",
    "unit": "unit off by a factor 1.000",
    "waarvan": "a waarvan line counted as a part",
    "shifted_total": "totals shifted by a row",
    "swapped_totals": "two totals swapped",
    "subtotal": "a subtotal that does not add up",
    "rounding": "rounding",
    "repair": "smallest repair",
    "repair_option": "one possible repair",
    "digit": "one digit wrong",
    "label": "label differs",
    "renumbered": "renumbered",
}


def hint_name(kind: str) -> str:
    """A hint's kind in words: "shifted_total" -> "totals shifted by a row"; an unknown kind
    with its underscores as spaces ("new_kind" -> "new kind")."""
    return HINT_NAMES.get(kind, kind.replace("_", " "))


@dataclass(frozen=True)
class Counts:
    """Failed checks by severity, and the likely causes that group some of them."""

    error: int = 0
    warning: int = 0
    info: int = 0
    likely_causes: int = 0

    @property
    def total(self) -> int:
        """Failed checks of every severity (likely causes not: they are not checks)."""
        return self.error + self.warning + self.info

    @property
    def worst(self) -> str:
        """ "error", "warning", "info", or "" when nothing failed."""
        for severity in ("error", "warning", "info"):
            if getattr(self, severity):
                return severity
        return ""

    def of(self, severity: str) -> int:
        """The count of one severity."""
        return int(getattr(self, severity))


@dataclass(frozen=True)
class Area:
    """One chapter (`artikel` "") or one article of one dataset.

    Attributes:
        dataset: the dataset's name.
        hoofdstuk: the chapter ("VII"); "" for findings that name no chapter.
        begroting: the budget within the chapter (III prints several), usually "".
        artikel: the article ("7"); "" for the chapter as a whole, which counts its own
            totals and every article in it.
        counts: failed checks by severity, likely causes apart.
        largest: the largest difference (by size, sign kept) of a failed check here, or
            None when no failed check has an amount.
        largest_ref: the finding with that difference.
        refs: every finding here (checks and likely causes), in report order.
    """

    dataset: str
    hoofdstuk: str
    begroting: str
    artikel: str
    counts: Counts
    largest: int | float | None
    largest_ref: Ref | None
    refs: tuple[Ref, ...]

    @property
    def name(self) -> str:
        """How a person names it: "VII", "VII art. 7", "III (Kabinet der Koning) art. 1";
        "(no chapter)" when the findings name none."""
        head = self.hoofdstuk or "(no chapter)"
        if self.begroting:
            head = f"{head} ({self.begroting})"
        return f"{head} art. {self.artikel}" if self.artikel else head


@dataclass(frozen=True)
class ChapterOverview:
    """A chapter's own area and those of its articles, in report order."""

    chapter: Area
    articles: tuple[Area, ...]


@dataclass(frozen=True)
class DatasetOverview:
    """One dataset: its counts, and its chapters in the order their findings come."""

    dataset: str
    counts: Counts
    largest: int | float | None
    chapters: tuple[ChapterOverview, ...]


@dataclass(frozen=True)
class Overview:
    """The summary every report opens with.

    `findings` is `report.all_findings()` (every finding, consequences flattened in after
    their cause); a `Ref` is a position in it.
    """

    findings: tuple[Finding, ...]
    datasets: tuple[DatasetOverview, ...]
    counts: Counts = field(default_factory=Counts)

    def areas(self) -> list[Area]:
        """Every chapter and article area, chapter before its articles."""
        return [a for d in self.datasets for c in d.chapters for a in (c.chapter, *c.articles)]

    def dataset(self, name: str) -> DatasetOverview | None:
        """The overview of one dataset, or None when it has no findings."""
        return next((d for d in self.datasets if d.dataset == name), None)


def anchor(ref: Ref) -> str:
    """The id of a finding in a document with links (HTML, Markdown): "finding-12"."""
    return f"finding-{ref}"


def _text(where: Mapping[str, Any], key: str) -> str:
    value = where.get(key)
    return "" if value is None else str(value)


def _codes(values: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """Each value's code (0 for the first distinct value, 1 for the next, ...) and the
    distinct values in that order. Hashed in C (`dict.fromkeys`, `map`), no loop per value."""
    distinct = list(dict.fromkeys(values))
    index = dict(zip(distinct, range(len(distinct)), strict=True))
    return np.fromiter(map(index.__getitem__, values), np.int64, len(values)), distinct


def _level(wheres: Sequence[Mapping[str, Any]], key: str) -> tuple[np.ndarray, list[str]]:
    """Each finding's `where[key]` as text ("" when absent or None) by code, and the texts:
    the raw values hashed, only the distinct ones turned into text."""
    raw = list(map(methodcaller("get", key), wheres))
    # Hashed with their type: 7 and 7.0 are one key of a dict but two texts ("7", "7.0").
    typed, distinct = _codes(list(zip(map(type, raw), raw, strict=True)))
    codes, texts = _codes(["" if v is None else str(v) for _, v in distinct])  # per distinct
    return codes[typed], texts


def _group(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Groups of equal code tuples, numbered in order of first appearance; and the first
    member of each group."""
    if not len(codes[0]):
        return codes[0], codes[0]
    key = np.zeros(len(codes[0]), np.int64)
    for c in codes:  # one number per tuple: codes are small, far from overflowing int64
        key = key * (int(c.max()) + 1) + c
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    renumber = np.empty(len(first), np.int64)
    by_appearance = np.argsort(first, kind="stable")
    renumber[by_appearance] = np.arange(len(first))
    return renumber[inverse.reshape(-1)], first[by_appearance]


@dataclass(frozen=True)
class _Columns:
    """What `overview` needs of each finding, as arrays (one per finding, in `flat` order).

    Attributes:
        flat: the findings.
        check: is a failed check (a likely cause is not).
        severity: 0 error, 1 warning, 2 info, 3 anything else.
        size: |difference| of a check with an amount, NaN otherwise.
        path, line: where it sits in the source (`_position`): the path's rank among the
            paths (sorted), the line (2**62 when it has none).
    """

    flat: Sequence[Finding]
    check: np.ndarray
    severity: np.ndarray
    size: np.ndarray
    path: np.ndarray
    line: np.ndarray

    @classmethod
    def of(cls, flat: Sequence[Finding]) -> _Columns:
        n = len(flat)
        check = np.fromiter(map("check".__eq__, map(_KIND, flat)), bool, n)
        rank = {"error": 0, "warning": 1, "info": 2}
        severity = np.fromiter(map(rank.get, map(_SEVERITY, flat), repeat(3)), np.int8, n)
        differences = list(map(_DIFFERENCE, flat))
        size = np.abs(np.array(differences, dtype=np.float64).reshape(n))  # None -> NaN
        size[~check] = np.nan
        paths, lines = zip(*map(_position, map(_BRON, flat)), strict=True) if n else ((), ())
        path_codes, distinct = _codes(paths)
        ranks = np.empty(len(distinct), np.int64)
        ranks[sorted(range(len(distinct)), key=distinct.__getitem__)] = np.arange(len(distinct))
        # a line number beyond the sentinel (a bron `x.csv:99…9` of 30 digits) sorts as none
        line = np.array(
            [_NO_LINE if v is None or v >= _NO_LINE else v for v in lines], dtype=np.int64
        )
        return cls(flat, check, severity, size, ranks[path_codes], line.reshape(n))

    def take(self, at: np.ndarray) -> _Columns:
        """The findings at positions `at` only."""
        return _Columns(
            list(map(self.flat.__getitem__, at.tolist())),
            self.check[at],
            self.severity[at],
            self.size[at],
            self.path[at],
            self.line[at],
        )


_KIND, _SEVERITY = attrgetter("kind"), attrgetter("severity")
_DIFFERENCE, _BRON = attrgetter("difference"), attrgetter("bron")
#: The line of a finding that names none: after every line.
_NO_LINE = 1 << 62
#: Above this a difference is not exact as a float: the largest is then chosen in Python.
_EXACT = float(1 << 53)


def _areas(
    columns: _Columns, group: np.ndarray, groups: int
) -> tuple[list[Counts], list[int | float | None], list[Ref | None], list[tuple[Ref, ...]]]:
    """Per group: its counts, its largest difference (by size, the first of equal ones)
    and that finding, and its findings in order. Counted with `np.bincount`, the largest
    by one sort: no loop per finding."""
    check = columns.check
    tally = [
        np.bincount(group[check & (columns.severity == s)], minlength=groups) for s in range(3)
    ]
    causes = np.bincount(group[~check], minlength=groups)
    counts = [
        Counts(int(e), int(w), int(i), int(c))
        for e, w, i, c in zip(*(t.tolist() for t in tally), causes.tolist(), strict=True)
    ]
    refs = np.arange(len(group))
    # Per group, largest size first, the earliest of equal sizes first; NaN (no amount) last.
    order = np.lexsort((refs, -columns.size, group))
    best = order[np.searchsorted(group[order], np.arange(groups))].tolist()
    largest: list[int | float | None] = []
    largest_ref: list[Ref | None] = []
    for g, ref in enumerate(best):  # per group, not per finding
        size = columns.size[ref]
        if np.isnan(size):
            largest.append(None)
            largest_ref.append(None)
            continue
        if size >= _EXACT:  # floats may tie where the amounts do not: compare them exactly
            sized = refs[(group == g) & ~np.isnan(columns.size)].tolist()
            ref = max(sized, key=lambda r: (abs(columns.flat[r].difference or 0), -r))
        largest.append(columns.flat[ref].difference)
        largest_ref.append(ref)
    members = np.argsort(group, kind="stable")
    bounds = np.cumsum(np.bincount(group, minlength=groups)).tolist()
    listed = [tuple(part.tolist()) for part in np.split(members, bounds[:-1])] if groups else []
    return counts, largest, largest_ref, listed


def _source_order(columns: _Columns, group: np.ndarray, groups: int) -> list[int]:
    """The groups in the order of the source table: by the (path, line) of their earliest
    finding, groups with the same earliest place in order of first appearance."""
    by_place = np.lexsort((columns.line, columns.path))
    firsts = by_place[np.unique(group[by_place], return_index=True)[1]]  # one per group
    earliest_path = columns.path[firsts]
    earliest_line = columns.line[firsts]
    return np.lexsort((np.arange(groups), earliest_line, earliest_path)).tolist()


def overview(report: Report) -> Overview:
    """The overview of `report`: per dataset, chapter and article (see the module doc).

    Datasets come in report order (those without findings are left out: they have nothing
    to summarise); chapters and articles in the order of the source table (the file and
    line, or spreadsheet row, of their earliest finding). Counted over arrays of the
    findings' fields (`_Columns`, `_areas`), never a finding at a time.
    """
    flat = tuple(report.all_findings())
    columns = _Columns.of(flat)
    wheres = list(map(_WHERE, flat))
    dataset, names = _codes(list(map(_DATASET, flat)))
    hoofdstuk, hoofdstukken = _level(wheres, "hoofdstuk")
    begroting, begrotingen = _level(wheres, "begroting")
    artikel, artikelen = _level(wheres, "artikel")

    def chapter_of(ref: int) -> tuple[str, str, str]:
        return names[dataset[ref]], hoofdstukken[hoofdstuk[ref]], begrotingen[begroting[ref]]

    chapter, chapter_first = _group(dataset, hoofdstuk, begroting)
    chapter_keys = [chapter_of(f) for f in chapter_first.tolist()]
    chapters = {
        chapter_keys[g]: area
        for g, area in _areas_in_order(columns, chapter, len(chapter_keys), None)
    }
    # Articles: the findings whose where names one, their refs mapped back to `flat`.
    named = np.flatnonzero(np.array([bool(a) for a in artikelen], dtype=bool)[artikel])
    article, article_first = _group(
        dataset[named], hoofdstuk[named], begroting[named], artikel[named]
    )
    article_keys = [(chapter_of(f), artikelen[artikel[f]]) for f in named[article_first].tolist()]
    per_chapter: dict[tuple[str, str, str], list[Area]] = {k: [] for k in chapters}
    for g, area in _areas_in_order(columns.take(named), article, len(article_keys), named):
        per_chapter[article_keys[g][0]].append(area)
    total_counts, total_largest, _, _ = _areas(columns, dataset, len(names))
    totals = dict(zip(names, total_counts, strict=True))
    largest = dict(zip(names, total_largest, strict=True))
    datasets = tuple(
        DatasetOverview(
            name,
            totals[name],
            largest[name],
            tuple(
                ChapterOverview(a, tuple(per_chapter[k]))
                for k, a in chapters.items()
                if k[0] == name
            ),
        )
        for name in _dataset_order(report, totals)
    )
    whole = Counts(
        **{k: sum(getattr(c, k) for c in totals.values()) for k in Counts.__dataclass_fields__}
    )
    return Overview(flat, datasets, whole)


def _areas_in_order(
    columns: _Columns, group: np.ndarray, groups: int, refs: np.ndarray | None
) -> list[tuple[int, Area]]:
    """Each group's `Area` (its keys taken from its first finding), in source order; `refs`
    maps positions in `columns` to positions in the whole report, for articles (None: the
    same positions, and the areas are chapters or datasets, with artikel "")."""
    counts, largest, largest_ref, members = _areas(columns, group, groups)
    out: list[tuple[int, Area]] = []
    for g in _source_order(columns, group, groups):  # per area, not per finding
        first = columns.flat[members[g][0]]
        ref, listed = largest_ref[g], members[g]
        if refs is not None:
            ref = None if ref is None else int(refs[ref])
            listed = tuple(refs[list(listed)].tolist())
        where = first.where
        area = Area(
            first.dataset,
            _text(where, "hoofdstuk"),
            _text(where, "begroting"),
            _text(where, "artikel") if refs is not None else "",  # a chapter: ""
            counts[g],
            largest[g],
            ref,
            listed,
        )
        out.append((g, area))
    return out


_WHERE, _DATASET = attrgetter("where"), attrgetter("dataset")
_COPY = methodcaller("copy")  # a `where` view's own dict, copied


def _dataset_order(report: Report, seen: Iterable[str]) -> list[str]:
    names = [d.name for d in report.datasets] + [r.dataset for r in report.results]
    present = set(seen)
    order = [n for n in dict.fromkeys(names) if n in present]
    return order + [n for n in seen if n not in order]


# -- figures as the table prints them -------------------------------------------------------


@dataclass(frozen=True)
class YearCell:
    """One failing year of a figure.

    Attributes:
        jaar: the year (None for a figure without one).
        expected, actual, difference: as in the finding (None when it compares no amount).
        severity: the finding's severity.
        ref: the finding.
        likely_cause: this year's figure is the likely cause of failed checks (diagnosis).
        pm: the stated figure is unknown (pm), not 0.
        reason: why an info finding is info ("not checkable, ...", "afrondingsverschil
            ..."), "" for errors and warnings.
    """

    jaar: int | None
    expected: int | float | None
    actual: int | float | None
    difference: int | float | None
    severity: str
    ref: Ref
    likely_cause: bool = False
    pm: bool = False
    reason: str = ""


@dataclass(frozen=True)
class HintNote:
    """A hint under a figure: the hint kind in words, the explanation and the years it was
    given for (one note for the same explanation in several years)."""

    kind: str
    name: str
    explanation: str
    years: tuple[int | None, ...]
    suggested: tuple[int | float | None, ...]
    bron: str
    hint: Hint


@dataclass(frozen=True)
class FigureRow:
    """One figure of one rule across its failing years.

    Attributes:
        dataset, rule: where and by which rule it failed ("" rule for a likely cause that no
            check of its own names).
        fase: the budget phase ("OWB", "O2", "JV", ...), "" when the data has none.
        label: the figure's label as printed.
        where: its key without the year.
        place: `dutch.place` without the year, e.g. "VII art. 7 · 2 › Inkomensoverdracht
            · Uitgaven".
        severity: the worst severity of its cells.
        cells: one per failing year, by year.
        hints: grouped hints (`HintNote`), in the order first given.
        likely_cause: one of its years is the likely cause of failed checks.
        causes: explanations of the likely causes that group this figure's failures, said
            once each (the cause's own hint text).
        bron: the bron of its first finding; `path` and `line` (spreadsheet row for a
            cell) are what the row is sorted by.
        consequence_of: refs of the findings elsewhere (a likely cause, or a failed check
            whose consequence this is) that explain this row's failures.
        follows_from: (label, bron) of each of those, for a line under the figure.
    """

    dataset: str
    rule: str
    fase: str
    label: str
    where: Mapping[str, Any]
    place: str
    severity: str
    cells: tuple[YearCell, ...]
    hints: tuple[HintNote, ...]
    likely_cause: bool
    causes: tuple[str, ...]
    bron: str
    path: str
    line: int | None
    consequence_of: tuple[Ref, ...] = ()
    follows_from: tuple[tuple[str, str], ...] = ()

    @property
    def years(self) -> tuple[int | None, ...]:
        """The failing years, in order."""
        return tuple(c.jaar for c in self.cells)

    @property
    def refs(self) -> tuple[Ref, ...]:
        """Every finding in the row."""
        return tuple(c.ref for c in self.cells)

    def cell(self, jaar: int | None) -> YearCell | None:
        """The cell of a year, None when that year did not fail."""
        return next((c for c in self.cells if c.jaar == jaar), None)


_ROW_OF_CELL = re.compile(r"[A-Za-z]+(\d+)$")


def _position(bron: str) -> tuple[str, int | None]:
    if ":" not in bron and "!" not in bron:  # "file.parquet#12": no line (as parse_bron)
        return bron.strip(), None
    path, sep, line = bron.rpartition(":")
    if sep and line.isascii() and line.isdigit() and "!" not in bron and line[0] != "0":
        return path.strip(), int(line)  # the common "file:line", without a regex
    parsed = parse_bron(bron)
    if parsed.line is not None:
        return parsed.path, parsed.line
    match = _ROW_OF_CELL.search(parsed.cell)
    if match:
        return parsed.path, int(match.group(1))
    return parsed.path, None


def reason(finding: Finding) -> str:
    """Why a finding is what it is, in a few words: its message without the leading
    "label (uitgaven) 2017: " part that the row already shows."""
    message = finding.message
    head, sep, tail = message.partition(": ")
    if sep and len(head) < len(message) and (not finding.label or finding.label in head):
        return tail
    return message


def is_pm(finding: Finding) -> bool:
    """Whether the figure itself is stated as pm (unknown): no stated amount where the
    rule compares amounts (an expected value, or a message that says so). A pm is never
    shown as 0 or as an empty cell."""
    if finding.actual is not None:
        return False
    return finding.expected is not None or "stated pm" in finding.message.lower()


_WHERE_SKIP = ("jaar",)


def _figure_key(f: Finding) -> tuple[Any, ...]:
    # The label too: two figures whose keys name no level (a table without chapters)
    # are still two figures.
    # The where's items in their own order: findings of one dataset share one key order.
    # A copy without the year, in C (a generator over the items cost a call per item);
    # the view's own copy: dict(view) asks the view for each key.
    where: dict[str, Any] = _COPY(f.where)
    where.pop("jaar", None)
    return (f.dataset, f.label, tuple(where.items()))


class FigureRows(list[FigureRow]):
    """The rows `figure_rows` built, and per rule what it left out with `most_per_rule`:
    `omitted[rule]` = (findings, figures) not built."""

    omitted: dict[str, tuple[int, int]]


def figure_rows(
    report: Report | Overview,
    *,
    dataset: str | None = None,
    refs: Iterable[Ref] | None = None,
    most_per_rule: int | None = None,
) -> FigureRows:
    """The failing figures of `report` (or of an `Overview` already made) as rows.

    `dataset` keeps one dataset; `refs` keeps only those findings (an area's `refs`, or the
    findings a report shows), so a reporter builds rows only for what it draws. Rows are
    sorted by dataset (report order), source file and line, then rule; a row's years
    ascending. A likely cause and the failed check of the same figure are one row marked
    `likely_cause`; checks it explains elsewhere carry `consequence_of`.

    With `most_per_rule`, only the first figures of each rule are built (the most severe
    first, then in source order): a report of a million findings draws its first screen
    without building a row per figure; `omitted` says what was left out.
    """
    flat = report.findings if isinstance(report, Overview) else tuple(report.all_findings())
    wanted = range(len(flat)) if refs is None else sorted(set(refs))
    # Likely causes first: which figure they name, and which checks they group.
    cause_of_figure: dict[tuple[Any, ...], list[Ref]] = {}
    explained: dict[int, Ref] = {}
    for ref, f in enumerate(flat):
        if f.kind != "check":
            cause_of_figure.setdefault((*_figure_key(f), _jaar(f)), []).append(ref)
        for c in f.consequences:
            explained[id(c)] = ref
    groups: dict[tuple[Any, ...], list[Ref]] = {}
    orphan_causes: list[Ref] = []
    seen: dict[tuple[Any, ...], int] = {}
    for ref in wanted:
        f = flat[ref]
        if dataset is not None and f.dataset != dataset:
            continue
        if f.kind != "check":
            if not any(
                _figure_key(c) == _figure_key(f) and _jaar(c) == _jaar(f) for c in f.consequences
            ):
                orphan_causes.append(ref)
            continue
        # Two findings of one rule for one figure and year are two figures printed with
        # the same name (a chapter with two TOTAAL rows): the n-th of each year goes to the
        # n-th row, never one row showing one line's figure with the other's bron.
        key = (*_figure_key(f), f.rule)
        year = (*key, _jaar(f))
        nth = seen.get(year, 0)
        seen[year] = nth + 1
        groups.setdefault((*key, nth), []).append(ref)
    chosen = list(groups.values())
    omitted: dict[str, tuple[int, int]] = {}
    if most_per_rule is not None:
        chosen, omitted = _first_per_rule(flat, chosen, most_per_rule)
    rows = FigureRows(_row(flat, refs_, cause_of_figure, explained) for refs_ in chosen)
    rows.omitted = omitted
    rows += [_row(flat, [ref], {}, {}, cause=True) for ref in orphan_causes]
    order = {name: i for i, name in enumerate(_dataset_order_all(report, flat))}
    rows.sort(
        key=lambda r: (
            order.get(r.dataset, len(order)),
            r.path,
            r.line if r.line is not None else 1 << 62,
            r.rule,
        )
    )
    return rows


def _first_per_rule(
    flat: Sequence[Finding], groups: list[list[Ref]], most: int
) -> tuple[list[list[Ref]], dict[str, tuple[int, int]]]:
    def rank(refs: list[Ref]) -> tuple[int, tuple[str, int]]:
        worst = max(SEVERITY_RANK.get(flat[r].severity, 0) for r in refs)
        path, line = _position(flat[refs[0]].bron)
        return -worst, (path, line if line is not None else 1 << 62)

    per_rule: dict[str, list[list[Ref]]] = {}
    for g in groups:
        per_rule.setdefault(flat[g[0]].rule, []).append(g)
    kept: list[list[Ref]] = []
    omitted: dict[str, tuple[int, int]] = {}
    for rule, mine in per_rule.items():
        if len(mine) > most:
            mine = sorted(mine, key=rank)
            rest = mine[most:]
            omitted[rule] = (sum(len(g) for g in rest), len(rest))
        kept += mine[:most]
    return kept, omitted


def _dataset_order_all(report: Report | Overview, flat: Sequence[Finding]) -> list[str]:
    if isinstance(report, Overview):
        names = [d.dataset for d in report.datasets]
    else:
        names = [d.name for d in report.datasets] + [r.dataset for r in report.results]
    return list(dict.fromkeys([*names, *(f.dataset for f in flat)]))


def _jaar(f: Finding) -> int | None:
    value = f.where.get("jaar")
    return int(value) if isinstance(value, int) else None


def _row(
    flat: Sequence[Finding],
    refs: list[Ref],
    cause_of_figure: Mapping[tuple[Any, ...], list[Ref]],
    explained: Mapping[int, Ref],
    *,
    cause: bool = False,
) -> FigureRow:
    findings = [flat[r] for r in refs]
    first = findings[0]
    cells: list[YearCell] = []
    causes: dict[str, None] = {}
    elsewhere: dict[Ref, None] = {}
    notes: dict[tuple[str, str], list[tuple[int | None, Hint]]] = {}
    for ref, f in zip(refs, findings, strict=True):
        jaar = _jaar(f)
        own_causes = cause_of_figure.get((*_figure_key(f), jaar), [])
        is_cause = cause or bool(own_causes)
        for c in own_causes:
            for h in flat[c].hints:
                causes.setdefault(h.explanation, None)
        if cause:
            for h in f.hints:
                causes.setdefault(h.explanation, None)
        by = explained.get(id(f))
        if by is not None and by not in own_causes:
            elsewhere.setdefault(by, None)
        cells.append(
            YearCell(
                jaar,
                f.expected,
                f.actual,
                f.difference,
                f.severity,
                ref,
                likely_cause=is_cause,
                pm=is_pm(f),
                reason=reason(f) if f.severity == "info" else "",
            )
        )
        if not cause:
            for h in f.hints:
                notes.setdefault((h.kind, _generic(h.explanation)), []).append((jaar, h))
    cells.sort(key=lambda c: (c.jaar is None, c.jaar or 0))
    hints = tuple(
        HintNote(
            kind,
            hint_name(kind),
            given[0][1].explanation,
            tuple(j for j, _ in given),
            tuple(h.suggested for _, h in given),
            given[0][1].bron,
            given[0][1],
        )
        for (kind, _), given in notes.items()
    )
    where = {k: v for k, v in first.where.items() if k not in _WHERE_SKIP}
    path, line = _position(first.bron)
    severity = max((c.severity for c in cells), key=lambda s: SEVERITY_RANK.get(s, 0))
    return FigureRow(
        dataset=first.dataset,
        rule="" if cause else first.rule,
        fase=_text(first.where, "fase"),
        label=first.label,
        where=where,
        place=place(where, with_year=False),
        severity=severity,
        cells=tuple(cells),
        hints=hints,
        likely_cause=any(c.likely_cause for c in cells),
        causes=tuple(causes),
        bron=first.bron,
        path=path,
        line=line,
        consequence_of=tuple(elsewhere),
        follows_from=tuple(dict.fromkeys((flat[e].label, flat[e].bron) for e in elsewhere)),
    )


_NUMBER = re.compile(r"-?\d[\d.,]*")


def _generic(explanation: str) -> str:
    """The explanation with its amounts taken out: the same hint in another year (other
    amounts, same words) is one note."""
    return _NUMBER.sub("#", explanation)
