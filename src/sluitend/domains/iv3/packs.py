"""The Iv3 rule pack for one boekjaar: `packs/gemeente.toml` filled in from the definitions.

The template names CBS's data ("@leaves:taakveld", "@melding:PF006", "@periode:PF006" ...,
see the template's header); `build_pack` replaces each reference with the values of the
boekjaar's bundled definitions and loads the result like any rule file. So a new boekjaar
needs a new definitions file, not a new pack, and the code lists are never copied by hand.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from sluitend.domains.iv3 import definitions
from sluitend.domains.iv3.definitions import Definitions, DefinitionsError
from sluitend.rules.loader import load_ruleset_document
from sluitend.rules.ruleset import RuleSet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TEMPLATE = "gemeente.toml"
_INLINE = re.compile(r"@(periode|balanscode|uitgesloten|leaves|standper):([^\s\])]+)")


def _calculatie(defs: Definitions, spec: str) -> dict[str, Any]:
    code, _, index = spec.partition(":")
    calcs = defs.controles.get(code)
    if not calcs:
        raise DefinitionsError(f"{defs.source}: no controle {code}")
    return calcs[int(index or 0)]


def _list_text(values: Sequence[Any]) -> str:
    return "[" + ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values) + "]"


def _inline(defs: Definitions, match: re.Match[str]) -> str:
    what, spec = match[1], match[2]
    if what == "periode":
        return _list_text(_calculatie(defs, spec)["periode"])
    if what == "balanscode":
        return _list_text(_calculatie(defs, spec).get("balanscode", []))
    if what == "uitgesloten":
        return _list_text(_calculatie(defs, spec).get("uitgesloten_taakvelden", []))
    if what == "leaves":
        name, _, code = spec.partition(":")
        return _list_text(defs.codelist(name).leaves_under(code))
    described = defs.codelist("standper").descriptions
    return _list_text([code for code, text in described.items() if text == spec])


def _value(defs: Definitions, value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _value(defs, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(defs, v) for v in value]
    if not isinstance(value, str) or "@" not in value:
        return value
    what, _, spec = value[1:].partition(":") if value.startswith("@") else ("", "", "")
    if what == "leaves" and ":" not in spec:
        return list(defs.codelist(spec).leaves)
    if what == "codes":
        return list(defs.codelist(spec).codes)
    if what == "grijze_cellen":
        return [list(pair) for pair in defs.grijze_cellen.get(spec, [])]
    if what == "fouten-except":
        return ["", *sorted(code for code in defs.fouten if code != spec)]
    if what == "melding":
        if spec not in defs.fouten:
            raise DefinitionsError(f"fouten.json: no foutcode {spec}")
        return f"{spec}: {defs.fouten[spec]}"
    return _INLINE.sub(lambda m: _inline(defs, m), value)


def build_pack(boekjaar: int, overheidslaag: str = "Gemeente") -> RuleSet:
    """The Iv3 pack for `boekjaar` (DefinitionsError when no definitions are bundled)."""
    defs = definitions.load(boekjaar, overheidslaag)
    text = resources.files("sluitend.domains.iv3").joinpath("packs", TEMPLATE).read_text("utf-8")
    document = _value(defs, tomllib.loads(text))
    document["ruleset"]["name"] = f"iv3-{overheidslaag.lower()}-{boekjaar}"
    document["ruleset"]["description"] += f" (definitions: {defs.source})"
    return load_ruleset_document(document, f"iv3 pack {TEMPLATE} for {boekjaar}")


def boekjaar_of(datasets: Sequence[Any], options: Mapping[str, Any]) -> int:
    """The boekjaar to check `datasets` against: `--boekjaar`, else the data's own."""
    if options.get("boekjaar") is not None:
        return int(options["boekjaar"])
    years = sorted(
        {int(y) for d in datasets if "boekjaar" in d.frame for y in d.frame["boekjaar"].unique()}
    )
    if len(years) > 1:
        raise DefinitionsError(
            f"the Iv3 data holds several boekjaren ({', '.join(map(str, years))}); "
            "validate one boekjaar at a time or set --boekjaar"
        )
    return years[0] if years else definitions.latest()


def overheidslaag_of(datasets: Sequence[Any]) -> str:
    """The overheidslaag whose definitions check `datasets`: the one a JSON delivery's
    metadata names (the reader keeps it in `frame.attrs`), else Gemeente (the per-taakveld
    CSV is of gemeenten by its header). Deliveries of two overheidslagen are an error: one
    pack cannot check both."""
    lagen = sorted(
        {str(d.frame.attrs["overheidslaag"]) for d in datasets if "overheidslaag" in d.frame.attrs}
    )
    if len(lagen) > 1:
        raise DefinitionsError(
            f"the Iv3 data holds deliveries of several overheidslagen ({', '.join(lagen)}); "
            "validate one overheidslaag at a time"
        )
    return lagen[0] if lagen else "Gemeente"


def provide(datasets: list[Any], options: Mapping[str, Any]) -> RuleSet:
    """The registry's pack provider: the pack of the datasets' overheidslaag and boekjaar.

    An error names the files whose boekjaar or overheidslaag has no definitions."""
    try:
        return build_pack(boekjaar_of(datasets, options), overheidslaag_of(datasets))
    except DefinitionsError as error:
        sources = ", ".join(dict.fromkeys(str(d.source) for d in datasets if d.source))
        raise DefinitionsError(f"{sources}: {error}" if sources else str(error)) from None
