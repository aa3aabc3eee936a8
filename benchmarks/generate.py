"""Seeded synthetic national budgets in the canonical layout, with injected defects.

`generate(size, seed, defects=N)` returns the canonical budget frame (`budget_frame`) of a
synthetic rijksbegroting and an `Injected` record that says, per rule of the bundled pack,
exactly which rows must fail. The budget is built as a tree per article:

    article total (vuo V and U share one tree; some articles also have an O tree)
      onderdeel 7.1, 7.2, ...                 some intermediate totals are not printed
        instrument (Subsidies, Opdrachten, ...)
          regeling                            an instrument without regelingen is a line
            nadere omschrijving               for a few regelingen
      "waarvan ..." memo lines under some lines (never part of a sum)

Every figure appears for seven years (t-2 ... t+4); some leaf figures are `pm` (<NA>), in a
few articles only. Totals are the exact sums of their lines (pm counts as nothing), so a
clean budget passes every check; verplichtingen equal uitgaven from the budget year on.

Defects (each in its own article, so that their consequences never overlap):

- `leaf`: a line's figure changes; its nearest printed total fails (BT001, or BT002 when
  that is the article total), plus BT010 on the V row when V/U from the budget year.
- `total`: a printed total changes; it fails, and so does its nearest printed ancestor.
- `vu`: a verplichtingen line from the budget year changes together with every printed
  total above it, so the sums still hold and only BT010 fires (on each changed row).
- `duplicate`: a "waarvan" line of the ontvangsten is printed twice; BT020 fires on the
  second copy (memo lines take part in no sum, so nothing else changes).

With `defect_share`, that share of all printed totals (per figure and year; V and U
together) is changed instead: the "half of all totals wrong" run. The expected failures
are then computed from the changes (a total fails when its own change differs from the
sum of the changes of the figures it adds up).

Defects are only placed in (article, vuo, year) groups without a pm figure, so that how
a pm propagates never decides whether a check fails. Run as a script to write a size to
Parquet: `python benchmarks/generate.py national --seed 1 --out national.parquet`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sluitend.datasets.frame import budget_frame
from sluitend.domains.rijk.vocabulary import FASES, LEVELS, VUO_NAMES

#: Chapters of the rijksbegroting (begrotingen and funds), in the order of the documents.
CHAPTERS = (
    "I", "IIA", "IIB", "III", "IV", "V", "VI", "VII", "VIII", "IXA", "IXB", "X", "XII",
    "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "A", "B", "C", "F", "H", "J", "K",
)  # fmt: skip
INSTRUMENTS = (
    "Subsidies",
    "Opdrachten",
    "Bijdrage aan agentschappen",
    "Bijdrage aan medeoverheden",
    "Bijdrage aan (inter)nationale organisaties",
    "Bijdrage aan ZBO's/RWT's",
    "Inkomensoverdrachten",
    "Leningen",
    "Garanties",
    "Bekostiging",
    "Personele uitgaven",
    "Materiële uitgaven",
)
#: Years of a budget table relative to the begrotingsjaar: t-2 ... t+4.
YEAR_OFFSETS = np.arange(-2, 5)
RULE_IDS = ("BT001", "BT002", "BT010", "BT020")
DEFECT_KINDS = ("leaf", "total", "vu", "duplicate")
_VU, _O = 0, 1  # tree kinds
_V, _U, _OV = 0, 1, 2  # vuo positions
_VUO_CODES = ("V", "U", "O")
#: Share of ontvangsten lines with memo lines: enough of them to duplicate one per article.
_O_WAARVAN_SHARE = 0.5


@dataclass(frozen=True)
class Shape:
    """How big and how deep a synthetic budget is. Ranges are inclusive (lo, hi)."""

    begrotingsjaren: tuple[int, ...]
    fases: tuple[str, ...]
    chapters: int
    articles: tuple[int, int]
    onderdelen: tuple[int, int]
    instruments: tuple[int, int]
    regelingen: tuple[int, int]  # 0: the instrument is a line itself
    omschrijving_share: float  # share of regelingen broken down into nadere omschrijvingen
    omschrijvingen: tuple[int, int]
    missing_total_share: float  # share of intermediate totals that are not printed
    waarvan_share: float  # share of lines with "waarvan" memo lines under them
    pm_article_share: float  # share of articles that have pm figures at all
    pm_share: float  # within those, share of leaf figures that are pm
    ontvangsten_share: float  # share of articles with an ontvangsten (O) table
    ontvangsten_lines: tuple[int, int]


SIZES: dict[str, Shape] = {
    # ~10k rows: one document, three chapters (the CI smoke test).
    "small": Shape((2025,), ("OWB",), 3, (4, 6), (2, 4), (1, 4), (0, 6), 0.15, (2, 4),
                   0.15, 0.08, 0.2, 0.05, 0.7, (1, 4)),
    # ~300k rows: one ontwerpbegroting, every chapter.
    "national": Shape((2025,), ("OWB",), 25, (10, 15), (2, 5), (1, 5), (0, 6), 0.15, (2, 4),
                      0.15, 0.08, 0.2, 0.05, 0.7, (1, 4)),
    # ~3M rows: ten begrotingsjaren in every phase, with smaller tables per document.
    "decade": Shape(tuple(range(2016, 2026)), FASES, 25, (8, 11), (1, 3), (1, 3), (0, 3),
                    0.1, (2, 3), 0.15, 0.08, 0.2, 0.05, 0.7, (1, 3)),
}  # fmt: skip


@dataclass(frozen=True)
class Defect:
    """One injected defect.

    Attributes:
        kind: "leaf", "total", "vu", "duplicate" or "share".
        row: frame position of the changed row (for a duplicate: of the added copy).
        delta: what was added to its bedrag (None for a duplicate).
        fires: rule id -> frame positions that fail because of this defect (empty in
            share mode, where changes overlap; use `Injected.expected`).
    """

    kind: str
    row: int
    delta: int | None
    fires: dict[str, frozenset[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Injected:
    """Everything injected into a generated frame and what must fail because of it.

    `expected` maps every rule id of `RULE_IDS` to the frame positions that must fail it
    (an empty set for a clean budget).
    """

    defects: tuple[Defect, ...]
    expected: dict[str, frozenset[int]]


@dataclass
class _Nodes:
    """The node table of all trees: one entry per line (printed or not) and memo line."""

    doc: np.ndarray
    chapter: np.ndarray
    article: np.ndarray  # unique article number over all documents and chapters
    artnum: np.ndarray  # the article's number within its chapter (1, 2, ...)
    tree: np.ndarray  # _VU or _O
    depth: np.ndarray
    parent: np.ndarray
    order: np.ndarray  # (n, 4) sibling positions, -1 where the level is empty
    names: np.ndarray  # (n, 4) object array of level strings, "" where empty
    waarvan: np.ndarray
    stated: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    leaf: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def __len__(self) -> int:
        return len(self.doc)


def _counts(rng: np.random.Generator, n: int, bounds: tuple[int, int]) -> np.ndarray:
    return rng.integers(bounds[0], bounds[1] + 1, size=n)


def _children(
    nodes: list[dict[str, np.ndarray]], parents: dict[str, np.ndarray], counts: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """A level of children: `counts[i]` under parent i; returns them and their sibling index."""
    idx = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    sibling = np.arange(len(idx)) - np.repeat(starts, counts)
    child = {k: v[idx] for k, v in parents.items()}
    child["parent"] = parents["id"][idx]
    child["depth"] = parents["depth"][idx] + 1
    first_id = sum(len(n["id"]) for n in nodes)
    child["id"] = first_id + np.arange(len(idx))
    child["order"] = child["order"].copy()
    child["names"] = child["names"].copy()
    nodes.append(child)
    return child, sibling


def _set_level(child: dict[str, np.ndarray], sibling: np.ndarray, names: np.ndarray) -> None:
    level = child["depth"] - 1  # the level this child fills
    rows = np.arange(len(sibling))
    child["order"][rows, level] = sibling
    child["names"][rows, level] = names


def _str(values: np.ndarray) -> np.ndarray:
    return pd.Series(values).astype(str).to_numpy(dtype=object)


def _build_nodes(shape: Shape, rng: np.random.Generator) -> _Nodes:
    """Every line of every article of every document, as one node table."""
    n_docs = len(shape.begrotingsjaren) * len(shape.fases)
    doc = np.repeat(np.arange(n_docs), shape.chapters)
    chapter = np.tile(np.arange(shape.chapters), n_docs)
    n_art = _counts(rng, len(doc), shape.articles)
    a_doc, a_chap = np.repeat(doc, n_art), np.repeat(chapter, n_art)
    a_num = np.arange(len(a_doc)) - np.repeat(np.cumsum(n_art) - n_art, n_art) + 1
    n_articles = len(a_doc)
    with_o = rng.random(n_articles) < shape.ontvangsten_share

    def roots(select: np.ndarray, tree: int, first_id: int) -> dict[str, np.ndarray]:
        k = int(select.sum())
        return {
            "doc": a_doc[select],
            "chapter": a_chap[select],
            "article": np.flatnonzero(select),
            "artnum": a_num[select],
            "tree": np.full(k, tree),
            "depth": np.zeros(k, dtype=np.int64),
            "parent": np.full(k, -1),
            "id": first_id + np.arange(k),
            "order": np.full((k, len(LEVELS)), -1),
            "names": np.full((k, len(LEVELS)), "", dtype=object),
            "waarvan": np.zeros(k, dtype=bool),
        }

    vu_roots = roots(np.ones(n_articles, dtype=bool), _VU, 0)
    o_roots = roots(with_o, _O, n_articles)
    nodes: list[dict[str, np.ndarray]] = [vu_roots, o_roots]

    # Onderdelen "7.1", "7.2", ... (the ontvangsten lines are onderdelen too).
    onderdelen = []
    for parents, bounds in ((vu_roots, shape.onderdelen), (o_roots, shape.ontvangsten_lines)):
        child, sib = _children(nodes, parents, _counts(rng, len(parents["id"]), bounds))
        _set_level(child, sib, _str(child["artnum"]) + "." + _str(sib + 1))
        onderdelen.append(child)
    ond = onderdelen[0]

    # Instruments, distinct within their onderdeel.
    ins, sib = _children(nodes, ond, _counts(rng, len(ond["id"]), shape.instruments))
    offset = rng.integers(0, len(INSTRUMENTS), size=len(ond["id"]))[ins["parent"] - ond["id"][0]]
    _set_level(ins, sib, np.array(INSTRUMENTS, dtype=object)[(offset + sib) % len(INSTRUMENTS)])

    # Regelingen; an instrument without any is a line of its own.
    reg, sib = _children(nodes, ins, _counts(rng, len(ins["id"]), shape.regelingen))
    _set_level(
        reg,
        sib,
        "Regeling " + reg["names"][:, 0] + "." + _str(reg["order"][:, 1] + 1) + "." + _str(sib + 1),
    )

    # Nadere omschrijvingen under a few regelingen.
    n_oms = np.where(
        rng.random(len(reg["id"])) < shape.omschrijving_share,
        _counts(rng, len(reg["id"]), shape.omschrijvingen),
        0,
    )
    oms, sib = _children(nodes, reg, n_oms)
    _set_level(oms, sib, "Omschrijving " + _str(sib + 1))

    table = {k: np.concatenate([n[k] for n in nodes]) for k in nodes[0]}
    n = len(table["id"])
    assert (table["id"] == np.arange(n)).all()
    has_children = np.bincount(table["parent"][table["parent"] >= 0], minlength=n) > 0

    # "waarvan" memo lines under some lines that are not broken down further.
    can_memo = ~has_children & (table["depth"] < len(LEVELS)) & (table["depth"] > 0)
    memo_share = np.where(table["tree"] == _O, _O_WAARVAN_SHARE, shape.waarvan_share)
    memo_parent = np.flatnonzero(can_memo & (rng.random(n) < memo_share))
    parents = {k: v[memo_parent] for k, v in table.items()}
    memo, sib = _children(nodes, parents, rng.integers(1, 3, size=len(memo_parent)))
    memo["waarvan"] = np.ones(len(sib), dtype=bool)
    _set_level(memo, sib, "waarvan post " + _str(sib + 1))
    table = {k: np.concatenate([n[k] for n in nodes]) for k in nodes[0]}
    n = len(table["id"])

    out = _Nodes(
        doc=table["doc"],
        chapter=table["chapter"],
        article=table["article"],
        artnum=table["artnum"],
        tree=table["tree"],
        depth=table["depth"],
        parent=table["parent"],
        order=table["order"],
        names=table["names"],
        waarvan=table["waarvan"],
    )
    non_memo_child = table["parent"][(table["parent"] >= 0) & ~table["waarvan"]]
    has_children = np.bincount(non_memo_child, minlength=n) > 0
    out.leaf = ~has_children & ~out.waarvan
    intermediate = has_children & (out.depth > 0)
    out.stated = ~(intermediate & (rng.random(n) < shape.missing_total_share))
    return out


def _values(
    nodes: _Nodes, shape: Shape, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Amounts per node and year: (U or O values, V values, pm mask), totals summed up."""
    n, years = len(nodes), len(YEAR_OFFSETS)
    u = np.zeros((n, years), dtype=np.int64)
    leaf = np.flatnonzero(nodes.leaf)
    raw = rng.lognormal(mean=8.0, sigma=1.6, size=(len(leaf), years))
    raw[rng.random(raw.shape) < 0.05] = 0  # "nihil"
    u[leaf] = np.round(raw).astype(np.int64)
    v = u.copy()
    past = YEAR_OFFSETS < 0  # verplichtingen differ from uitgaven only before year t
    v[np.ix_(leaf, past)] = np.round(
        u[np.ix_(leaf, past)] * rng.uniform(0.6, 1.4, size=(len(leaf), int(past.sum())))
    ).astype(np.int64)

    pm_article = rng.random(int(nodes.article.max()) + 1) < shape.pm_article_share
    pm = np.zeros((n, years), dtype=bool)
    pm[leaf] = pm_article[nodes.article[leaf], None] & (
        rng.random((len(leaf), years)) < shape.pm_share
    )
    u[pm] = 0
    v[pm] = 0

    memo = np.flatnonzero(nodes.waarvan)
    share = rng.uniform(0.1, 0.5, size=(len(memo), 1))
    up = nodes.parent[memo]
    u[memo] = np.floor(u[up] * share).astype(np.int64)
    v[memo] = np.floor(v[up] * share).astype(np.int64)
    pm[memo] = pm[up]

    for d in range(len(LEVELS), 0, -1):  # bottom-up: totals are the sums of their lines
        at = np.flatnonzero((nodes.depth == d) & ~nodes.waarvan)
        np.add.at(u, nodes.parent[at], u[at])
        np.add.at(v, nodes.parent[at], v[at])
    return u, v, pm


def _anchors(nodes: _Nodes) -> np.ndarray:
    """Per node, its nearest printed (stated) ancestor, -1 for an article total."""
    anchor = np.full(len(nodes), -1, dtype=np.int64)
    for d in range(1, len(LEVELS) + 1):
        at = np.flatnonzero(nodes.depth == d)
        up = nodes.parent[at]
        anchor[at] = np.where(nodes.stated[up], up, anchor[up])
    return anchor


@dataclass
class _Rows:
    """The printed figures before defects: per row its node, vuo position and year."""

    node: np.ndarray
    vuo: np.ndarray
    year: np.ndarray  # index into YEAR_OFFSETS
    position: np.ndarray  # (n_nodes, 3, 7) -> row, -1 where not printed


def _rows(nodes: _Nodes) -> _Rows:
    """One row per printed line, vuo and year, in document order."""
    emitted = np.flatnonzero(nodes.stated)
    vu = emitted[nodes.tree[emitted] == _VU]
    o = emitted[nodes.tree[emitted] == _O]
    years = len(YEAR_OFFSETS)
    node = np.concatenate([np.repeat(vu, 2 * years), np.repeat(o, years)])
    vuo = np.concatenate(
        [np.tile(np.repeat([_V, _U], years), len(vu)), np.full(len(o) * years, _OV)]
    )
    year = np.concatenate(
        [np.tile(np.arange(years), 2 * len(vu)), np.tile(np.arange(years), len(o))]
    )
    # Document order: document, chapter, article, vuo, then the lines top-down, then year.
    order = nodes.order[node]
    # A memo line sorts under its line: the line has -1 where the memo has its position.
    keys = [year, *(order[:, j] for j in reversed(range(len(LEVELS)))), vuo, nodes.article[node]]
    sort = np.lexsort(keys)
    node, vuo, year = node[sort], vuo[sort], year[sort]
    position = np.full((len(nodes), 3, years), -1, dtype=np.int64)
    position[node, vuo, year] = np.arange(len(node))
    return _Rows(node=node, vuo=vuo, year=year, position=position)


def _frame(
    nodes: _Nodes, rows: _Rows, shape: Shape, amounts: np.ndarray, pm: np.ndarray, source: str
) -> pd.DataFrame:
    """The canonical frame of the rows (amounts per row; pm rows become <NA>)."""
    docs = [(bj, fase) for bj in shape.begrotingsjaren for fase in shape.fases]
    doc = nodes.doc[rows.node]
    bj = np.array([d[0] for d in docs])[doc]
    names = nodes.names[rows.node]
    depth = nodes.depth[rows.node]
    vuo_codes = np.array(_VUO_CODES, dtype=object)[rows.vuo]
    deepest = names[np.arange(len(names)), np.maximum(depth - 1, 0)]
    total_label = np.array([VUO_NAMES[c] for c in _VUO_CODES], dtype=object)[rows.vuo]
    chapters = np.array(CHAPTERS[: shape.chapters], dtype=object)
    articles = _str(nodes.artnum)
    data = {
        "begrotingsjaar": bj,
        "fase": pd.Categorical(np.array([d[1] for d in docs], dtype=object)[doc], categories=FASES),
        "hoofdstuk": chapters[nodes.chapter[rows.node]],
        "artikel": articles[rows.node],
        **{level: names[:, j] for j, level in enumerate(LEVELS)},
        "waarvan": nodes.waarvan[rows.node],
        "vuo": pd.Categorical(vuo_codes, categories=list(_VUO_CODES)),
        "jaar": bj + YEAR_OFFSETS[rows.year],
        "bedrag": pd.arrays.IntegerArray(np.where(pm, 0, amounts).astype(np.int64), pm.copy()),
        "label": np.where(depth == 0, total_label, deepest),
        "bron": source + ":" + _str(np.arange(len(rows.node)) + 2),
    }
    return pd.DataFrame(data)


def generate(
    size: str, seed: int = 0, defects: int = 0, defect_share: float | None = None
) -> tuple[pd.DataFrame, Injected]:
    """A synthetic budget of `size` ("small", "national", "decade") with injected defects.

    Args:
        size: a key of `SIZES`.
        seed: the seed; the same arguments give the same frame.
        defects: how many defects, kinds in turn leaf, total, vu, duplicate (each in its
            own article; at most one per article).
        defect_share: change this share of all printed totals instead (0.5: "half of all
            totals wrong"); cannot be combined with `defects`.

    Returns:
        The canonical budget frame and what must fail in it.
    """
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; known: {', '.join(SIZES)}")
    if defects and defect_share is not None:
        raise ValueError("give either defects or defect_share, not both")
    shape = SIZES[size]
    rng = np.random.default_rng(seed)
    nodes = _build_nodes(shape, rng)
    u, v, pm_nodes = _values(nodes, shape, rng)
    rows = _rows(nodes)
    amounts = np.where(rows.vuo == _V, v[rows.node, rows.year], u[rows.node, rows.year])
    pm = pm_nodes[rows.node, rows.year]
    plan = _Plan(nodes, rows, pm, rng)
    if defect_share is not None:
        plan.share(defect_share)
    else:
        plan.defects(defects)
    frame, injected = plan.apply(amounts, shape, f"synthetic/{size}-seed{seed}.csv")
    return frame, injected


class _Plan:
    """Chooses defects, applies them, and works out which rows must fail."""

    def __init__(self, nodes: _Nodes, rows: _Rows, pm: np.ndarray, rng: np.random.Generator):
        self.nodes, self.rows, self.pm, self.rng = nodes, rows, pm, rng
        n = len(rows.node)
        self.delta = np.zeros(n, dtype=np.int64)
        self.duplicates: list[int] = []
        self.changed: list[tuple[str, int, int | None]] = []  # (kind, row, delta)
        self.anchor = _anchors(nodes)
        # A group is (article, tree, vuo, year); defects avoid groups with a pm figure.
        gid = self._group(np.arange(n))
        node_pm = np.bincount(gid, weights=pm, minlength=int(gid.max()) + 1) > 0
        self.clean_group = ~node_pm[gid]
        self.article = nodes.article[rows.node]
        self.used_articles: set[int] = set()

    def _group(self, row: np.ndarray) -> np.ndarray:
        node = self.rows.node[row]
        root = self._root(node)
        return (root * 3 + self.rows.vuo[row]) * len(YEAR_OFFSETS) + self.rows.year[row]

    def _root(self, node: np.ndarray) -> np.ndarray:
        root = node.copy()
        for _ in range(len(LEVELS) + 1):
            up = self.nodes.parent[root]
            root = np.where(up >= 0, up, root)
        return root

    def _pick(self, candidates: np.ndarray) -> int | None:
        """A random candidate row in an article without a defect yet."""
        cand = candidates[~np.isin(self.article[candidates], list(self.used_articles))]
        if not len(cand):
            return None
        row = int(self.rng.choice(cand))
        self.used_articles.add(int(self.article[row]))
        return row

    def _amount(self) -> int:
        return int(self.rng.integers(1_000, 50_000))

    def defects(self, count: int) -> None:
        """`count` defects, kinds in turn, each in its own article."""
        nodes, rows = self.nodes, self.rows
        node = rows.node
        line = self.clean_group & ~nodes.waarvan[node] & ~self.pm
        has_parts = ~nodes.leaf[node] & ~nodes.waarvan[node]
        this_year = YEAR_OFFSETS[rows.year] >= 0
        candidates = {
            "leaf": np.flatnonzero(line & nodes.leaf[node] & (nodes.depth[node] > 0)),
            "total": np.flatnonzero(line & has_parts),
            "vu": np.flatnonzero(line & nodes.leaf[node] & (rows.vuo == _V) & this_year),
            "duplicate": np.flatnonzero(nodes.waarvan[node] & (rows.vuo == _OV)),
        }
        for i in range(count):
            kind = DEFECT_KINDS[i % len(DEFECT_KINDS)]
            row = self._pick(candidates[kind])
            if row is None:
                raise ValueError(f"no room for defect {i} ({kind}): too many for this size")
            if kind == "duplicate":
                self.duplicates.append(row)
                self.changed.append((kind, row, None))
                continue
            delta = self._amount()
            self.delta[row] += delta
            self.changed.append((kind, row, delta))
            if kind == "vu":  # the printed totals above it change along: only V != U remains
                up = self.anchor[node[row]]
                while up >= 0:
                    self.delta[rows.position[up, _V, rows.year[row]]] += delta
                    up = self.anchor[up]

    def share(self, share: float) -> None:
        """Change `share` of all printed totals (V and U of a line and year together)."""
        nodes, rows = self.nodes, self.rows
        node = rows.node
        total = ~nodes.leaf[node] & ~nodes.waarvan[node] & self.clean_group & (rows.vuo != _V)
        chosen = np.flatnonzero(total & (self.rng.random(len(node)) < share))
        delta = self.rng.integers(1_000, 50_000, size=len(chosen))
        self.delta[chosen] = delta
        u_rows = chosen[rows.vuo[chosen] == _U]
        partner = rows.position[node[u_rows], _V, rows.year[u_rows]]
        self.delta[partner] = self.delta[u_rows]
        self.changed = [("share", int(r), int(d)) for r, d in zip(chosen, delta, strict=True)]
        self.changed += [("share", int(r), int(self.delta[r])) for r in partner]

    def _expected(self) -> dict[str, np.ndarray]:
        """Rows (before duplicates are inserted) that must fail, from the deltas alone."""
        nodes, rows = self.nodes, self.rows
        node, n = rows.node, len(rows.node)
        part = ~nodes.waarvan[node] & (self.anchor[node] >= 0)
        parts = np.flatnonzero(part)
        total_row = rows.position[self.anchor[node[parts]], rows.vuo[parts], rows.year[parts]]
        parts_delta = np.bincount(total_row, weights=self.delta[parts], minlength=n)
        is_total = ~nodes.leaf[node] & ~nodes.waarvan[node]
        fails = is_total & (self.delta != parts_delta.astype(np.int64))
        article_level = nodes.depth[node] == 0
        v_rows = np.flatnonzero((rows.vuo == _V) & (YEAR_OFFSETS[rows.year] >= 0))
        u_rows = rows.position[node[v_rows], _U, rows.year[v_rows]]
        vu_fail = v_rows[self.delta[v_rows] != self.delta[u_rows]]
        return {
            "BT001": np.flatnonzero(fails & ~article_level),
            "BT002": np.flatnonzero(fails & article_level),
            "BT010": vu_fail,
        }

    def apply(
        self, amounts: np.ndarray, shape: Shape, source: str
    ) -> tuple[pd.DataFrame, Injected]:
        """The frame with the defects in it, and the `Injected` record."""
        n = len(self.rows.node)
        frame = _frame(self.nodes, self.rows, shape, amounts + self.delta, self.pm, source)
        expected = self._expected()
        dup = np.sort(np.array(self.duplicates, dtype=np.int64))
        # Each copy goes right after its original: original i moves down by the number
        # of copies inserted before it.
        keys = np.concatenate([np.arange(n) * 2, dup * 2 + 1])
        order = np.argsort(keys, kind="stable")
        frame = frame.iloc[np.concatenate([np.arange(n), dup])[order]].reset_index(drop=True)
        frame["bron"] = source + ":" + pd.Series(np.arange(len(frame)) + 2).astype(str)

        def moved(pos: np.ndarray) -> np.ndarray:
            return pos + np.searchsorted(dup, pos, side="left")

        copies = dup + np.searchsorted(dup, dup, side="right")
        final = {rule: frozenset(moved(rows).tolist()) for rule, rows in expected.items()}
        final["BT020"] = frozenset(copies.tolist())
        article = np.empty(len(frame), dtype=np.int64)
        article[moved(np.arange(n))] = self.article
        article[copies] = self.article[dup]
        defects = []
        for kind, row, delta in self.changed:
            if kind == "duplicate":
                where = int(copies[np.searchsorted(dup, row)])
            else:
                where = int(moved(np.array([row]))[0])
            fires: dict[str, frozenset[int]] = {}
            if kind != "share":
                own = int(article[where])
                fires = {
                    rule: frozenset(r for r in rows if article[r] == own)
                    for rule, rows in final.items()
                }
                fires = {rule: rows for rule, rows in fires.items() if rows}
            defects.append(Defect(kind=kind, row=where, delta=delta, fires=fires))
        return budget_frame(frame), Injected(defects=tuple(defects), expected=final)


def main() -> None:
    """Write a generated budget to Parquet (or CSV) and print what was injected."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--defects", type=int, default=0)
    parser.add_argument("--defect-share", type=float, default=None)
    parser.add_argument("--out", type=Path, required=True, help="*.parquet or *.csv")
    args = parser.parse_args()
    frame, injected = generate(args.size, args.seed, args.defects, args.defect_share)
    if args.out.suffix == ".csv":
        frame.to_csv(args.out, index=False)
    else:
        frame.to_parquet(args.out, index=False)
    counts = {rule: len(rows) for rule, rows in injected.expected.items()}
    print(f"{args.out}: {len(frame):,} rows; expected failures {counts}")


if __name__ == "__main__":
    main()
