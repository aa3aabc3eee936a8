"""The registry through which domains plug in formats, dataset kinds and packs."""

from __future__ import annotations

import pytest

from sluitend.datasets import registry
from sluitend.vocabulary import DATASET_KINDS


def test_every_format_is_registered_in_detection_order() -> None:
    names = [f.name for f in registry.input_formats()]
    assert names[:4] == ["parquet", "xlsx", "ods", "canonical-csv"]
    # Domain formats, the `;` CSV of a sheet, then the lenient page-text sniffer last.
    assert names.index("minfin-csv") < names.index("iv3-csv") < names.index("sheet-csv")
    assert names.index("sheet-csv") < names.index("page-text")
    assert names[-1] == "page-text"


def test_the_generic_detection_names_no_domain() -> None:
    import inspect

    from sluitend.datasets import detect

    source = inspect.getsource(detect)
    for module in (
        "sluitend.datasets.minfin",
        "sluitend.datasets.staten",
        "sluitend.datasets.pagetext",
        "sluitend.domains",
    ):
        assert module not in source


def test_registering_twice_is_refused() -> None:
    fmt = registry.get_format("iv3-csv")
    assert fmt is not None
    with pytest.raises(ValueError, match="registered twice"):
        registry.register_format(fmt)
    with pytest.raises(ValueError, match="registered twice"):
        registry.register_kind("iv3", {}, ())


def test_domain_kinds_and_packs() -> None:
    assert {"iv3", "iv3_kengetallen", "iv3_structuur"} <= set(DATASET_KINDS)
    provider = registry.provider_for(["iv3", "iv3_structuur"])
    assert provider is not None and provider.name == "iv3"
    assert registry.provider_for(["begrotingstabel"]) is None
    assert registry.provider_for([]) is None


def test_a_category_column_needs_its_codes() -> None:
    with pytest.raises(ValueError, match="no codes for the category columns"):
        registry.register_kind("test_uncoded", {"soort": "category"}, ("soort",))
    assert "test_uncoded" not in DATASET_KINDS


def test_a_kinds_codes_reach_the_engines_column_schema() -> None:
    from sluitend.engine.compile import column_schema
    from sluitend.vocabulary import DATASET_CHAPTERS, DATASET_CODES, DATASET_DEFAULTS, DATASET_KEYS

    name = "test_coded"
    registry.register_kind(
        name, {"soort": "category", "bedrag": "float"}, ("soort",), codes={"soort": ["B", "A"]}
    )
    try:
        column = column_schema(name)["soort"]
        assert list(column.dtype.type.categories) == ["B", "A"]  # the kind's codes, in order
        rijk = column_schema("begrotingstabel")
        assert list(rijk["vuo"].dtype.type.categories) == ["V", "U", "O"]
        assert list(rijk["fase"].dtype.type.categories) == ["OWB", "VB", "O1", "O2", "JV", "SW"]
    finally:
        for table in (
            DATASET_KINDS,
            DATASET_KEYS,
            DATASET_CHAPTERS,
            DATASET_CODES,
            DATASET_DEFAULTS,
        ):
            table.pop(name, None)
