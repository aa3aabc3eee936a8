"""The bundled datasets: the registry, and bzk-2022-art7 reproduced from its page text."""

from __future__ import annotations

from importlib import resources

import pandas as pd
import pytest

from sluitend.datasets.bron import as_bron
from sluitend.datasets.bundled import DEFAULT, bundled_names, describe, load_bundled, page_text_path
from sluitend.datasets.pagetext import read_page_text
from sluitend.errors import InputError

SEED = "001_231eb4eefb8547ab.txt"


def test_registry_lists_default_first() -> None:
    names = bundled_names()
    assert names[0] == DEFAULT == "bzk-2022-art7"
    assert "minfin-2017-vii" in names


def test_bzk_2022_art7_loads_both_kinds() -> None:
    table, jv = load_bundled()
    assert (table.name, table.kind, table.unit, table.rows) == (
        "bzk-2022-art7",
        "begrotingstabel",
        1000,
        224,
    )
    assert (jv.name, jv.kind, jv.rows) == ("bzk-2022-art7-jv", "juridisch_verplicht", 7)
    assert table.source == "bundled:bzk-2022-art7/bzk-2022-art7.csv"


def test_figures_typed_in_by_hand_from_the_page() -> None:
    frame = load_bundled()[0].frame.set_index(["vuo", "label", "jaar"])["bedrag"]
    assert frame[("V", "Verplichtingen", 2020)] == 39149
    assert frame[("U", "Uitgaven", 2020)] == 36415
    assert frame[("U", "7.1 Werkgevers- en bedrijfsvoeringsbeleid", 2026)] == 152183
    assert frame[("U", "UBR (arbeidsmarkt communicatie)", 2021)] == 8376
    assert frame[("O", "Ontvangsten", 2020)] == 2426
    rows = load_bundled()[0].frame
    first = rows.iloc[0]
    assert (first["begrotingsjaar"], first["fase"], first["hoofdstuk"], first["artikel"]) == (
        2022,
        "OWB",
        "VII",
        "7",
    )
    assert first["bron"] == f"{SEED}:128"
    percentages = load_bundled()[1].frame.set_index("categorie")["percentage"].to_dict()
    assert percentages == {
        "": 95.2,
        "Subsidies (regelingen)": 65.6,
        "Opdrachten": 96.1,
        "Bijdrage aan ZBO's/RWT's": 99.0,
        "Bijdrage aan agentschappen": 86.3,
        "Bijdrage aan (inter-)nationale organisaties": 100.0,
        "Bijdrage aan (andere) begrotingshoofdstukken": 100.0,
    }


def test_page_text_reproduces_the_bundled_csvs() -> None:
    with resources.as_file(page_text_path()) as page:
        from_page = read_page_text(page, hoofdstuk="VII")
        prefix = str(page)
    for read, bundled in zip(from_page, load_bundled(), strict=True):
        assert read.kind == bundled.kind and read.unit == bundled.unit
        texts = read.frame["bron"].astype("string").str.replace(prefix, SEED, regex=False)
        frame = read.frame.assign(bron=as_bron(texts))
        pd.testing.assert_frame_equal(frame, bundled.frame)


def test_page_copy_is_verbatim_seed() -> None:
    import hashlib

    data = page_text_path().read_bytes()
    assert hashlib.sha256(data).hexdigest() == (
        "b26d0875bc279eef89f92adfb0cb5aac7635d18f6f2bf7b2078029dfdfcce28b"
    )


def test_describe() -> None:
    info = describe(DEFAULT)
    assert info["kinds"] == ["begrotingstabel", "juridisch_verplicht"]
    assert info["rows"] == 231 and info["rows_per_kind"]["begrotingstabel"] == 224
    assert info["provenance"].endswith("bundled/README.md")
    assert "rijksfinancien.nl" in info["source"]


def test_unknown_name_lists_the_known() -> None:
    with pytest.raises(InputError, match="known: bzk-2022-art7, minfin-2017-vii"):
        load_bundled("bzk-2099")


def test_minfin_2017_vii_is_bundled_and_read() -> None:
    # No skip: a package that lost the file or its reader is a failure, not a skipped test.
    assert (resources.files("sluitend.datasets") / "bundled" / "minfin-2017-vii.csv").is_file()
    datasets = load_bundled("minfin-2017-vii")
    assert datasets and all(
        set(d.frame["hoofdstuk"]) == {"VII"} for d in datasets if d.kind != "juridisch_verplicht"
    )
