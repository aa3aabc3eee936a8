"""How a person names a figure of a budget table: the one scalar implementation.

Two names, for two places a figure is shown:

- `figure_name`, inside a sentence (a finding's message, a hint): the figure's printed label,
  or its deepest level when it has none, with its vuo and year: "Subsidies (uitgaven) 2023".
  `sluitend.dutch.columns.figure_names` gives the same strings for many rows at once (the
  engine names tens of thousands of figures per run); the tests hold the two together.
- `place`, in a report's column "where": the whole path from the chapter down, "VII art. 7
  · 7.1 › Subsidies · Uitgaven 2023", because a table row has no sentence around it.

Both read the levels and the vuo names from `sluitend.vocabulary` (`FIGURE_LEVELS`,
`CODE_NAMES`, which a domain registers), so they agree on what a level is and what "U" is
called.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sluitend.dutch.notation import amount, percentage
from sluitend.vocabulary import CODE_NAMES, FIGURE_LEVELS, PERCENT_COLUMNS


def deepest_level(where: Mapping[str, Any]) -> str:
    """The value of the deepest level that is set ("" when none is)."""
    return next((str(where[lv]) for lv in reversed(FIGURE_LEVELS) if where.get(lv)), "")


def with_vuo(name: str, vuo: str) -> str:
    """A name and the vuo name it belongs to: "Subsidies (uitgaven)"; the vuo name alone for
    no name; the name alone when it is the vuo name or there is none."""
    if not name:
        return vuo
    if vuo and name != vuo:
        return f"{name} ({vuo.lower()})"
    return name


def vuo_name(code: Any) -> str:
    """The name of a vuo code ("U" -> "Uitgaven"); "" for a code it does not know."""
    return CODE_NAMES.get(str(code), "")


def pair_names(
    where: Mapping[str, Any], partner: Mapping[str, Any], label: str = ""
) -> tuple[str, str]:
    """How a sentence names a figure and the counterpart it is compared with: two vuo totals
    of one article by their vuo alone ("Verplichtingen 2020", "uitgaven"), any other figure
    by its name (`figure_name`) and "its counterpart"."""
    left_vuo, right_vuo = where.get("vuo"), partner.get("vuo")
    if left_vuo != right_vuo and left_vuo and right_vuo and not deepest_level(where):
        return f"{vuo_name(left_vuo)} {where.get('jaar')}", vuo_name(right_vuo).lower()
    return figure_name(where, label), "its counterpart"


def value_text(column: str, value: float) -> str:
    """A value of `column` in Dutch notation: a percentage for a column of percentages
    (`vocabulary.PERCENT_COLUMNS`), else an amount."""
    return percentage(value) if column in PERCENT_COLUMNS else amount(value)


def figure_name(where: Mapping[str, Any], label: str = "") -> str:
    """The figure as a sentence names it: its label (or deepest level), vuo and year."""
    name = with_vuo(label or deepest_level(where), vuo_name(where.get("vuo", "")))
    year = where.get("jaar")
    return f"{name} {year}" if year is not None else name


def place(where: Mapping[str, Any], *, with_year: bool = True) -> str:
    """Where a figure sits in the budget, as a report's "where" column shows it.

    {"hoofdstuk": "VII", "artikel": "7", "onderdeel": "7.1", "instrument": "Subsidies",
    "regeling": "", "vuo": "U", "jaar": 2023} -> "VII art. 7 · 7.1 › Subsidies · Uitgaven 2023".
    """
    head = " ".join(
        p
        for p in (
            str(where.get("hoofdstuk") or ""),
            f"art. {where['artikel']}" if where.get("artikel") else "",
        )
        if p
    )
    path = " › ".join(str(where[c]) for c in (*FIGURE_LEVELS, "categorie") if where.get(c))
    code = str(where.get("vuo") or "")
    vuo = CODE_NAMES.get(code, code)
    tail = " ".join(
        p for p in (vuo, str(where["jaar"]) if with_year and where.get("jaar") else "") if p
    )
    if where.get("waarvan"):
        tail = f"{tail} (waarvan)" if tail else "(waarvan)"
    return " · ".join(p for p in (head, path, tail) if p)


__all__ = [
    "deepest_level",
    "figure_name",
    "pair_names",
    "place",
    "value_text",
    "vuo_name",
    "with_vuo",
]
