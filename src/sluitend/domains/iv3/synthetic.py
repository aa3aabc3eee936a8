"""Seeded synthetic Iv3 deliveries, valid by CBS's JSON Schema and by every check of the
pack, and the same with one defect injected per check (for tests and `benchmarks/`).

    delivery(gemeente=1, periode=5, boekjaar=2024, seed=0)            -> a clean document
    delivery(..., defect="PF006")                                      -> PF006 fails, only it
    deliveries(342, periodes=range(6), boekjaar=2024, seed=0)          -> every gemeente

A clean delivery balances by construction: lasten = baten over the taakvelden (PF006; a
balancing figure on taakveld 0.8), the interne verrekeningen match (PF004), each balance
code moves from primo to ultimo by its mutaties (PF003), activa = passiva primo and ultimo
(PF007, PF008), so the matrix closes (PF001). Codes come from the boekjaar's definitions,
never from a grijze cel; only 6.1 is used on the financial balance (PF002, PF005) and the
onverdeeld categories are left out (PF009). Amounts are whole thousands.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from sluitend.domains.iv3 import definitions

#: The checks a defect can be injected for. Each makes its rule fail; checks that are tied to
#: it by arithmetic may fail with it (a primo that does not match also breaks PF003).
DEFECTS = (
    *(f"SF{n:03d}" for n in range(1, 18)),
    "SF999",
    "DF001",
    "DF002",
    "DF003",
    "DF004",
    "DF005",
    "DF006",
    "DF007",
    "GC-lasten",
    "GC-baten",
    "GC-balans_lasten",
    "GC-balans_baten",
    "PF001",
    "PF002",
    "PF003",
    "PF004",
    "PF005",
    "PF006",
    "PF007",
    "PF008",
    "PF009",
)
_CATEGORIES_PER_TAAKVELD = 4
_AVOID = {"6.1", "4.3.9", "4.4.9", "7.1", "7.2", "7.3", "7.4", "7.5"}


def _allowed(
    defs: definitions.Definitions, part: str, codes: str, cats: str
) -> dict[str, list[str]]:
    grey = set(defs.grijze_cellen.get(part, []))
    out = {}
    for code in defs.codelist(codes).leaves:
        ok = [c for c in defs.codelist(cats).leaves if c not in _AVOID and (code, c) not in grey]
        if ok:
            out[code] = ok
    return out


def _taakvelden(rng: np.random.Generator, allowed: dict[str, list[str]]) -> list[dict[str, Any]]:
    items = []
    for taakveld, cats in allowed.items():
        chosen = rng.choice(len(cats), size=min(_CATEGORIES_PER_TAAKVELD, len(cats)), replace=False)
        amounts = rng.integers(1, 5000, size=len(chosen))
        items += [
            {"taakveld": taakveld, "categorie": cats[int(k)], "bedrag": int(a)}
            for k, a in zip(chosen, amounts, strict=True)
        ]
    return items


def _balance(
    defs: definitions.Definitions, rng: np.random.Generator
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Standen and mutaties (categorie 6.1) of a few financial codes that close."""
    grey = set(defs.grijze_cellen.get("balans_lasten", [])) | set(
        defs.grijze_cellen.get("balans_baten", [])
    )
    financial = defs.controles["PF002"][0]["balanscode"]
    activa = set(defs.codelist("balanscode").leaves_under("Tot_Act"))
    usable = [c for c in financial if (c, "6.1") not in grey]
    a_codes = [c for c in usable if c in activa][:4]
    p_codes = [c for c in usable if c not in activa][:4]
    a_primo = rng.integers(1000, 50000, len(a_codes))
    p_primo = rng.multinomial(int(a_primo.sum()), [1 / len(p_codes)] * len(p_codes))
    a_in, a_out = rng.integers(0, 3000, len(a_codes)), rng.integers(0, 1000, len(a_codes))
    p_out = rng.integers(0, 1000, len(p_codes))
    p_in = p_out.copy()
    # Passiva grow by what activa grow: Σ(in_a - out_a) = Σ(in_p - out_p).
    p_in[0] += int((a_in - a_out).sum())
    standen: list[dict[str, Any]] = []
    lasten: list[dict[str, Any]] = []
    baten: list[dict[str, Any]] = []
    begin = next(c for c, t in defs.codelist("standper").descriptions.items() if t == "begindatum")
    end = next(c for c, t in defs.codelist("standper").descriptions.items() if t == "einddatum")
    for codes, primo, up, down, up_side in (
        (a_codes, a_primo, a_in, a_out, lasten),
        (p_codes, p_primo, p_in, p_out, baten),
    ):
        down_side = baten if up_side is lasten else lasten
        for code, s0, u, d in zip(codes, primo, up, down, strict=True):
            standen.append({"balanscode": code, "standper": begin, "bedrag": int(s0)})
            standen.append({"balanscode": code, "standper": end, "bedrag": int(s0 + u - d)})
            up_side.append({"balanscode": code, "categorie": "6.1", "bedrag": int(u)})
            down_side.append({"balanscode": code, "categorie": "6.1", "bedrag": int(d)})
    return lasten, baten, standen


def delivery(
    gemeente: int = 1,
    periode: int = 5,
    boekjaar: int = 2024,
    seed: int = 0,
    defect: str | None = None,
) -> dict[str, Any]:
    """One synthetic delivery (a JSON-ready dict); `defect` injects one of `DEFECTS`."""
    defs = definitions.load(boekjaar)
    rng = np.random.default_rng([seed, gemeente, periode, boekjaar])
    lasten = _taakvelden(rng, _allowed(defs, "lasten", "taakveld", "categorie_lasten"))
    baten = _taakvelden(rng, _allowed(defs, "baten", "taakveld", "categorie_baten"))
    # Interne verrekeningen on both sides (PF004), then one figure balances PF006.
    verrekening = int(rng.integers(10, 500))
    lasten.append({"taakveld": "0.4", "categorie": "7.4", "bedrag": verrekening})
    baten.append({"taakveld": "0.4", "categorie": "7.4", "bedrag": verrekening})
    gap = sum(i["bedrag"] for i in lasten) - sum(i["bedrag"] for i in baten)
    side = baten if gap > 0 else lasten
    side.append({"taakveld": "0.8", "categorie": "3.8", "bedrag": abs(gap) + 1})
    (lasten if side is baten else baten).append(
        {"taakveld": "0.8", "categorie": "3.8", "bedrag": 1}
    )
    b_lasten, b_baten, standen = _balance(defs, rng) if periode > 0 else ([], [], [])
    document: dict[str, Any] = {
        "metadata": {
            "overheidslaag": "Gemeente",
            "overheidsnummer": f"{gemeente:04d}",
            "overheidsnaam": f"Gemeente {gemeente:04d}",
            "boekjaar": boekjaar,
            "periode": periode,
            "status": "Begroting" if periode == 0 else "Realisatie",
            "datum": "2024-01-15T10:00:00+01:00",
            "details_openbaar": True,
            "financieel_pakket": "synthetisch",
            "export_software": "sluitend.domains.iv3.synthetic",
        },
        "contact": {
            "naam": "Piet Afzender",
            "email": "p.afzender@gemeente.nl",
            "telefoon": "0612345678",
        },
        "data": {
            "lasten": lasten,
            "baten": baten,
            "balans_lasten": b_lasten,
            "balans_baten": b_baten,
            "balans_standen": standen,
            "kengetallen": [
                {"verslagperiode": f"Beg_{boekjaar}", "kengetal": "fk.1", "waarde": "45,2"}
            ],
            "beleidsindicatoren": [
                {"verslagperiode": f"Beg_{boekjaar}", "beleidsindicator": "bi.1", "waarde": "7,1"}
            ],
        },
    }
    return inject(document, defect) if defect else document


def inject(document: dict[str, Any], defect: str) -> dict[str, Any]:
    """A copy of `document` with one defect (see `DEFECTS`); ValueError for an unknown one."""
    doc = copy.deepcopy(document)
    meta, contact, data = doc["metadata"], doc["contact"], doc["data"]
    first = data["lasten"][0]
    edits = {
        "SF001": lambda: doc.pop("metadata"),
        "SF002": lambda: meta.pop("status"),
        "SF003": lambda: meta.update(kleur="blauw"),
        "SF004": lambda: meta.update(details_openbaar="ja"),
        "SF005": lambda: doc.pop("contact"),
        "SF006": lambda: contact.pop("telefoon"),
        "SF007": lambda: contact.update(fax="070"),
        "SF008": lambda: contact.update(email="geen adres"),
        "SF009": lambda: contact.update(naam=""),
        "SF010": lambda: doc.pop("data"),
        "SF011": lambda: data.pop("baten"),
        "SF012": lambda: data.pop("lasten"),
        "SF013": lambda: data.pop("balans_baten"),
        "SF014": lambda: data.pop("balans_lasten"),
        "SF015": lambda: data.pop("balans_standen"),
        "SF016": lambda: data["lasten"].append({"categorie": "1.1", "bedrag": 0}),
        "SF017": lambda: data["lasten"].append(
            {"taakveld": "0.1", "categorie": "1.1", "bedrag": None}
        ),
        "SF999": lambda: doc.update(bijlage="x"),
        "DF001": lambda: first.update(taakveld="9.9"),
        "DF002": lambda: first.update(categorie="3.7"),  # a baten categorie
        "DF003": lambda: data["balans_standen"][0].update(balanscode="A999"),
        "DF004": lambda: data["balans_standen"][0].update(standper="2 januari"),
        "DF005": lambda: data["kengetallen"][0].update(kengetal="fk.99"),
        "DF006": lambda: data["beleidsindicatoren"][0].update(beleidsindicator="bi.99"),
        "DF007": lambda: data["kengetallen"][0].update(verslagperiode="Beg_1999"),
        # A grijze cel with an amount, balanced on the other side to keep the totals.
        "GC-lasten": lambda: _balanced(data, "lasten", {"taakveld": "0.10", "categorie": "1.1"}),
        "GC-baten": lambda: _balanced(data, "baten", {"taakveld": "0.1", "categorie": "2.2.1"}),
        "GC-balans_lasten": lambda: _grey_balance(data, "balans_lasten"),
        "GC-balans_baten": lambda: _grey_balance(data, "balans_baten"),
        "PF001": lambda: _unmatched_mutatie(data),
        "PF002": lambda: data["balans_lasten"][0].update(categorie="3.8"),
        "PF003": lambda: (
            data["balans_standen"][1].update(bedrag=data["balans_standen"][1]["bedrag"] + 500)
            or data["balans_standen"][-1].update(bedrag=data["balans_standen"][-1]["bedrag"] + 500)
        ),
        "PF004": lambda: _bump(data, "lasten", "7.4", 200),
        "PF005": lambda: _balanced(data, "lasten", {"taakveld": "0.2", "categorie": "6.1"}),
        "PF006": lambda: first.update(bedrag=first["bedrag"] + 2500),
        "PF007": lambda: _shift_stand(data, 0, 300),
        "PF008": lambda: _shift_stand(data, 1, 300),
        "PF009": lambda: _balanced(data, "lasten", {"taakveld": "0.1", "categorie": "4.3.9"}),
    }
    if defect not in edits:
        raise ValueError(f"unknown defect {defect!r}; known: {', '.join(DEFECTS)}")
    edits[defect]()
    return doc


def _balanced(data: dict[str, Any], part: str, cell: dict[str, str]) -> None:
    """Add 100 to a cell of `part` and to 0.8/3.8 on the other side (PF006 stays equal)."""
    other = "baten" if part == "lasten" else "lasten"
    data[part].append({**cell, "bedrag": 100})
    data[other].append({"taakveld": "0.8", "categorie": "3.8", "bedrag": 100})


def _bump(data: dict[str, Any], part: str, categorie: str, amount: int) -> None:
    """Raise a verrekening on one side and balance it with 0.8/3.8 on the other."""
    item = next(i for i in data[part] if i["categorie"] == categorie)
    item["bedrag"] += amount
    other = "baten" if part == "lasten" else "lasten"
    data[other].append({"taakveld": "0.8", "categorie": "3.8", "bedrag": amount})


def _grey_balance(data: dict[str, Any], part: str) -> None:
    """A grijze cel on a balance code: salarissen (lasten) or belastingen (baten) on A111."""
    categorie = "1.1" if part == "balans_lasten" else "2.2.1"
    data[part].append({"balanscode": "A111", "categorie": categorie, "bedrag": 50})
    other = "balans_baten" if part == "balans_lasten" else "balans_lasten"
    data[other].append({"balanscode": "A111", "categorie": "7.3", "bedrag": 50})


def _unmatched_mutatie(data: dict[str, Any]) -> None:
    """PF001: a balans_lasten mutatie without its counterpart (its ultimo moves with it)."""
    item = data["balans_lasten"][0]
    item["bedrag"] += 400
    ultimo = [s for s in data["balans_standen"] if s["balanscode"] == item["balanscode"]][1]
    ultimo["bedrag"] += 400 if item["balanscode"].startswith("A") else -400


def _shift_stand(data: dict[str, Any], which: int, amount: int) -> None:
    """PF007 (which=0, primo) or PF008 (which=1, ultimo): one activa stand moved."""
    first = data["balans_standen"][0]["balanscode"]
    stand = [s for s in data["balans_standen"] if s["balanscode"] == first][which]
    stand["bedrag"] += amount


def deliveries(
    gemeenten: int = 342, periodes: Iterable[int] = range(6), boekjaar: int = 2024, seed: int = 0
) -> Iterator[dict[str, Any]]:
    """Clean deliveries of `gemeenten` gemeenten for each of `periodes`."""
    for periode in periodes:
        for gemeente in range(1, gemeenten + 1):
            yield delivery(gemeente, periode, boekjaar, seed)
