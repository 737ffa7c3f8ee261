import pytest

from cmp.extract.numbers import canonical_unit, parse_cell, parse_number, unit_from_label


def one(cell, hint=""):
    qs = parse_cell(cell, hint)
    assert len(qs) == 1
    return qs[0]


@pytest.mark.parametrize(
    "cell,hint,value,unit,value_raw,unit_raw,comparator",
    [
        ("6.4万张", "", 64000, "张", "6.4", "万张", "="),
        ("1.2亿", "", 1.2e8, "", "1.2", "亿", "="),
        ("2‰", "", 2, "‰", "2", "‰", "="),
        ("≥35", "", 35, "", "35", "", ">="),
        (">=35", "", 35, "", "35", "", ">="),
        ("不低于90%", "", 90, "%", "90", "%", ">="),
        ("至少3个", "", 3, "个", "3", "个", ">="),
        ("5万人以上", "", 50000, "人", "5", "万人", ">="),
        ("不超过10%", "", 10, "%", "10", "%", "<="),
        ("55", "%", 55, "%", "55", "%", "="),
        ("0.5", "万人", 5000, "人", "0.5", "万人", "="),
        ("2500", "(人)", 2500, "人", "2500", "人", "="),
        ("350 m2", "", 350, "㎡", "350", "m2", "="),
        ("30.67%", "", 30.67, "%", "30.67", "%", "="),
        ("6.4万", "张", 64000, "张", "6.4", "万张", "="),
    ],
)
def test_number_forms(cell, hint, value, unit, value_raw, unit_raw, comparator):
    q = one(cell, hint)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.value_raw, q.unit_raw, q.comparator) == (unit, value_raw, unit_raw, comparator)
    assert cell[q.start:q.end] == q.text


@pytest.mark.parametrize("cell", ["——", "-", "—", "/", ""])
def test_dashes_are_no_value(cell):
    q = one(cell)
    assert q.value is None and "no_value" in q.flags and q.comparator == ""


def test_range_keeps_bounds_not_a_value():
    q = one("30-40", "%")
    assert q.value is None and (q.low, q.high) == (30, 40) and "range" in q.flags and q.unit == "%"
    q = one("350-500m2")
    assert (q.low, q.high, q.unit) == (350, 500, "㎡")


def test_spreadsheet_mangled_ratio_is_flagged_not_invented():
    q = one("1:07")
    assert q.value is None and q.flags == ("suspect_format",)


def test_real_ratio_keeps_its_parts():
    q = one("1.22:1")
    assert q.value is None and (q.low, q.high) == (1.22, 1.0) and "ratio" in q.flags


def test_words_are_non_numeric():
    for cell in ("不低于居民上年度人均消费支出增速", "乡镇全覆盖", "每个村社区平均新增2", "0增长"):
        q = one(cell)
        assert q.value is None and "non_numeric" in q.flags


def test_cell_with_two_values_keeps_each_span():
    qs = parse_cell("1个,29786.79平方米")
    assert [(q.value, q.unit, q.text) for q in qs] == [(1, "个", "1个"), (29786.79, "㎡", "29786.79平方米")]
    qs = parse_cell("城市30农村43", "%")
    assert [(q.qualifier, q.value, q.text) for q in qs] == [("城市", 30, "城市30"), ("农村", 43, "农村43")]


def test_units_and_labels():
    assert canonical_unit("万张") == ("张", 1e4)
    assert canonical_unit("(人)") == ("人", 1.0)
    assert canonical_unit("furlongs") is None
    assert unit_from_label("养老床位数(万张)") == "万张"
    assert unit_from_label("农村社会服务站建设率(%") == "%"
    assert unit_from_label("社区日间照料机构覆盖率") == ""


def test_parse_number_folds_fullwidth():
    assert parse_number("５．２") == 5.2
    with pytest.raises(ValueError):
        parse_number("五")
