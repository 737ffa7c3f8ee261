"""Cells holding two values split on scope words (cmp.extract.numbers with extract/scope_vocab.yaml's groups
urban_rural, urban_and_rural, sex and jurisdiction), on made-up cells."""

from __future__ import annotations

import pytest

from cmp.extract.numbers import parse_cell


# ---------------------------------------------------- numbers: urban_rural + urban_and_rural + sex + jurisdiction
@pytest.mark.parametrize(("cell", "hint", "got"), [
    ("全县30城区45", "%", [("全县", 30), ("城区", 45)]),  # a county plan's cell, as 全市30城区45 in a city plan
    ("本市85农村70", "%", [("本市", 85), ("农村", 70)]),
    ("牧区12城市15", "%", [("牧区", 12), ("城市", 15)]),
    ("城乡900农村700", "元", [("城乡", 900), ("农村", 700)]),
    ("男60女55", "岁", [("男", 60), ("女", 55)]),
])
def test_cells_split_on_every_qualifier_group(cell, hint, got):
    qs = parse_cell(cell, hint)
    assert [(q.qualifier, q.value) for q in qs] == got
    assert all(q.flags == ("multi_value",) for q in qs)


def test_a_unit_ends_where_the_next_qualifier_word_starts_not_at_its_first_character():
    # 本 is a unit (册/本) and the first character of 本市/本区: only the whole word ends the unit
    qs = parse_cell("城市30本农村20本")
    assert [(q.qualifier, q.value, q.unit, q.text) for q in qs] == [("城市", 30, "本", "城市30本"),
                                                                   ("农村", 20, "本", "农村20本")]
    qs = parse_cell("城市30张全区45张")
    assert [(q.qualifier, q.value, q.unit, q.start, q.end) for q in qs] == [("城市", 30, "张", 0, 5),
                                                                           ("全区", 45, "张", 5, 10)]


@pytest.mark.parametrize("cell", ["全国30城市40", "市级30区级40", "各地30农村40"])
def test_words_of_the_other_groups_do_not_qualify_a_cell_value(cell):
    qs = parse_cell(cell, "%")
    assert len(qs) == 1 and qs[0].value is None and "non_numeric" in qs[0].flags
