"""How a sentence names a figure, from the naming the domains register."""

from __future__ import annotations

from sluitend.dutch.names import pair_names, value_text
from sluitend.vocabulary import CODE_NAMES, FIGURE_LEVELS, PERCENT_COLUMNS


def test_the_rijksbegroting_registers_the_naming() -> None:
    assert FIGURE_LEVELS == ["onderdeel", "instrument", "regeling", "omschrijving"]
    assert CODE_NAMES == {"V": "Verplichtingen", "U": "Uitgaven", "O": "Ontvangsten"}
    assert set(PERCENT_COLUMNS) == {"percentage"}


def test_two_vuo_totals_of_an_article_are_named_by_their_vuo() -> None:
    total = {"hoofdstuk": "VII", "artikel": "7", "onderdeel": "", "vuo": "V", "jaar": 2020}
    assert pair_names(total, {**total, "vuo": "U"}) == ("Verplichtingen 2020", "uitgaven")


def test_other_pairs_are_named_by_the_figure() -> None:
    line = {"artikel": "7", "onderdeel": "7.1", "instrument": "Subsidies", "vuo": "V"}
    line = {**line, "jaar": 2020}
    assert pair_names(line, {**line, "vuo": "U"}) == (
        "Subsidies (verplichtingen) 2020",
        "its counterpart",
    )
    same_vuo = {"artikel": "7", "onderdeel": "", "vuo": "U", "jaar": 2020}
    assert pair_names(same_vuo, same_vuo, "Totaal") == ("Totaal (uitgaven) 2020", "its counterpart")


def test_a_percentage_column_reads_as_a_percentage() -> None:
    assert value_text("percentage", 95.2) == "95,2%"
    assert value_text("bedrag", 95.25) == "95,25"
    assert value_text("bedrag", 39149) == "39.149"
