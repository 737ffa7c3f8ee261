"""Rule-level tests of cmp.extract.numbers on small made-up cells: each asserts the exact value, unit, comparator,
bounds and flags a rule gives, so a flipped comparison, a dropped branch or a changed constant fails here
(benchmarks/mutation.py runs these against the module's mutants)."""

from __future__ import annotations

import pytest

from cmp.errors import CmpError
from cmp.extract import numbers
from cmp.extract.numbers import (
    VOCAB_PATH,
    Quantity,
    canonical_unit,
    parse_cell,
    parse_number,
    parse_vocab,
    plausible,
    unit_from_label,
)
from cmp.yamlio import load_file


def one(cell: str, hint: str = "") -> Quantity:
    qs = parse_cell(cell, hint)
    assert len(qs) == 1, qs
    return qs[0]


def fields(q: Quantity) -> tuple:
    return (q.value, q.unit, q.comparator, q.low, q.high, q.flags)


# --------------------------------------------------------------------------------------------- comparators
@pytest.mark.parametrize(
    ("cell", "value", "unit", "comparator", "unit_raw"),
    [
        ("控制在5%以内", 5, "%", "<=", "%"),      # 控制在 … 以内: the suffix goes, the bound stays
        ("控制在5%以下", 5, "%", "<=", "%"),
        ("控制在 5 % 以内", 5, "%", "<=", "%"),
        ("控制在5%", 5, "%", "<=", "%"),
        ("5%以内", 5, "%", "<=", "%"),
        ("60%以下", 60, "%", "<=", "%"),
        ("60%及以下", 60, "%", "<=", "%"),
        ("60%以上", 60, "%", ">=", "%"),
        ("60%及以上", 60, "%", ">=", "%"),
        ("60%或以上", 60, "%", ">=", "%"),
        ("不足5%", 5, "%", "<=", "%"),
        ("低于 3‰", 3, "‰", "<=", "‰"),
        ("超过12个", 12, "个", ">=", "个"),
        ("≤8", 8, "", "<=", ""),
        ("<=8", 8, "", "<=", ""),
        ("≥ 8", 8, "", ">=", ""),
        ("8", 8, "", "=", ""),
    ],
)
def test_comparator_words_give_the_bound_and_leave_the_number(cell, value, unit, comparator, unit_raw):
    q = one(cell)
    assert (q.value, q.unit, q.comparator, q.unit_raw, q.flags) == (value, unit, comparator, unit_raw, ())
    assert q.value_raw == str(value)


def test_a_le_suffix_after_a_le_prefix_other_than_kongzhizai_is_not_stripped():
    # only 控制在 … 以内 is one comparator written in two parts; 不超过5%以内 keeps its odd tail and is not read
    q = one("不超过5%以内")
    assert q.value is None and q.flags == ("non_numeric",) and q.value_raw == "5" and q.unit_raw == "%以内"


def test_a_ge_prefix_wins_over_a_le_suffix_and_keeps_the_rest_as_unit():
    q = one("不低于60%以下")
    assert q.value is None and q.flags == ("non_numeric",) and q.unit_raw == "%以下"


# --------------------------------------------------------------------------------------------------- ranges
@pytest.mark.parametrize(
    ("cell", "hint", "low", "high", "unit", "unit_raw", "value_raw"),
    [
        ("30-40", "%", 30, 40, "%", "%", "30-40"),
        ("30-40", "", 30, 40, "", "", "30-40"),
        ("30-40%", "", 30, 40, "%", "%", "30-40"),
        ("30~40", "%", 30, 40, "%", "%", "30-40"),
        ("30至40万张", "", 300000, 400000, "张", "万张", "30-40"),
        ("30万至40", "", 300000, 400000, "", "万", "30-40"),     # the unit after the first number
        ("30万至40", "张", 300000, 400000, "", "万", "30-40"),
        ("2到3亿人", "", 2e8, 3e8, "人", "亿人", "2-3"),
        ("30-30", "%", 30, 30, "%", "%", "30-30"),            # a range of one value is still a range
        ("350-500m2", "", 350, 500, "㎡", "m2", "350-500"),
        ("500-500 m2", "", 500, 500, "㎡", "m2", "500-500"),
        ("2-3万平方米", "", 20000, 30000, "㎡", "万平方米", "2-3"),
    ],
)
def test_ranges_keep_both_bounds_in_the_canonical_unit(cell, hint, low, high, unit, unit_raw, value_raw):
    q = one(cell, hint)
    assert fields(q) == (None, unit, "", low, high, ("range",))
    assert (q.unit_raw, q.value_raw) == (unit_raw, value_raw)


@pytest.mark.parametrize("cell", ["40-30", "40-30%", "40至30万张", "500-350m2", "500-350 平方米"])
def test_a_descending_range_is_refused_not_read(cell):
    q = one(cell)
    assert q.value is None and q.low is None and q.high is None and q.flags == ("non_numeric",)


def test_a_range_whose_bound_is_implausible_is_not_a_range():
    assert one("1-2亿张").flags == ("non_numeric",)          # 2e8 beds: more than max_magnitude 张 (1e8)
    assert one("1-2万张").flags == ("range",)
    assert one("100-151岁").flags == ("non_numeric",)
    q = one("20000-30000亿元")                                # 2e12-3e12 元: within 元's own limit (1e14)
    assert (q.low, q.high, q.unit, q.flags) == (2e12, 3e12, "元", ("range",))
    assert one("2-3亿千").flags == ("non_numeric",)            # a unit nobody knows: not a range
    q = one("20000-30000", "亿元")                           # unit from the hint, 元's limit applies to both
    assert (q.low, q.high, q.unit, q.unit_raw, q.flags) == (2e12, 3e12, "元", "亿元", ("range",))
    q = one("20000亿元-30000")                                # the unit written after the first number
    assert (q.low, q.high, q.unit, q.unit_raw, q.flags) == (2e12, 3e12, "元", "亿元", ("range",))


def test_a_range_with_a_comparator_keeps_no_comparator():
    q = one("不低于30-40%")
    assert fields(q) == (None, "%", "", 30, 40, ("range",))


# ------------------------------------------------------------------------------------------------ negatives
@pytest.mark.parametrize(
    ("cell", "hint", "value", "unit", "comparator"),
    [
        ("-4.1", "", -4.1, "", "="),
        ("－4.1", "", -4.1, "", "="),        # full-width hyphen-minus (a cell read before normalizing)
        ("−4.1", "", -4.1, "", "="),         # U+2212 minus sign
        ("﹣4.1", "", -4.1, "", "="),
        ("-0.5%", "", -0.5, "%", "="),
        ("-3", "%", -3, "%", "="),           # the unit from the column
        ("-1.2万人", "", -12000, "人", "="),  # 万 applied to a negative value
        ("不低于-2%", "", -2, "%", ">="),
        ("-0", "", 0, "", "="),
    ],
)
def test_a_minus_sign_glued_to_a_number_gives_a_negative_value(cell, hint, value, unit, comparator):
    q = one(cell, hint)
    assert fields(q) == (value, unit, comparator, None, None, ())
    assert q.value_raw.startswith("-") and q.text == cell  # the sign is kept in what was read


def test_a_printed_minus_zero_is_zero_not_minus_zero():
    assert str(one("-0").value) == "0.0"


@pytest.mark.parametrize("cell", ["-", "－", "−", "﹣", "—", "——", "--"])
def test_a_lone_minus_or_dash_is_still_an_empty_cell(cell):
    assert fields(one(cell)) == (None, "", "", None, None, ("no_value",))


@pytest.mark.parametrize("cell", ["—5", "–5", "- 5", "-1-2", "5-"])
def test_a_dash_or_a_spaced_minus_is_not_a_sign(cell):
    q = one(cell)
    assert q.value is None and q.low is None and q.flags == ("non_numeric",)


def test_a_range_between_two_numbers_is_still_a_range_not_a_negative():
    assert fields(one("1-2")) == (None, "", "", 1, 2, ("range",))
    assert fields(one("3-5", "%")) == (None, "%", "", 3, 5, ("range",))


# --------------------------------------------------------------------------------------------------- ratios
def test_ratios_keep_both_terms_and_are_not_values():
    q = one("1:1.22")
    assert fields(q) == (None, "", "", 1.0, 1.22, ("ratio",)) and (q.value_raw, q.unit_raw) == ("1:1.22", "ratio")
    assert (one("1.22：1").low, one("1.22：1").high) == (1.22, 1.0)
    assert fields(one("3比2")) == (None, "", "", 3.0, 2.0, ("ratio",))
    assert fields(one("1 : 7")) == (None, "", "", 1.0, 7.0, ("ratio",))


@pytest.mark.parametrize("cell", ["1:07", "12:05", "9:00"])
def test_a_ratio_stored_as_a_time_of_day_is_suspect(cell):
    q = one(cell)
    assert fields(q) == (None, "", "", None, None, ("suspect_format",)) and q.value_raw == ""


@pytest.mark.parametrize(("cell", "low", "high"), [("1:17", 1, 17), ("12:30", 12, 30), ("123:05", 123, 5),
                                                  ("1.5:07", 1.5, 7)])
def test_a_ratio_that_is_no_time_of_day_is_a_ratio(cell, low, high):
    assert fields(one(cell)) == (None, "", "", low, high, ("ratio",))


# ------------------------------------------------------------------------------------------------ magnitudes
def test_plausible_uses_the_limit_of_the_unit_else_the_default():
    assert plausible(100000, "%") and not plausible(100000.5, "%")
    assert plausible(-100000, "%") and not plausible(-100001, "%")
    assert plausible(150, "岁") and not plausible(151, "岁")
    assert plausible(1e12, "个") and not plausible(1.1e12, "个")      # default
    assert plausible(1e14, "元") and not plausible(1.1e14, "元")
    assert plausible(1e12, None) and not plausible(2e12, None)
    assert not plausible(float("inf"), "个") and not plausible(float("nan"), "个")


def test_an_implausible_value_is_kept_as_text_with_a_flag():
    q = one("151岁")
    assert fields(q) == (None, "岁", "", None, None, ("implausible_magnitude",))
    assert (q.value_raw, q.unit_raw) == ("151", "岁")
    assert one("150岁").value == 150
    assert one("100000%").value == 100000 and one("100001%").flags == ("implausible_magnitude",)


def test_a_run_of_31_digits_is_never_parsed():
    q = one("1" * 31)
    assert q.value is None and q.flags == ("implausible_magnitude",) and q.value_raw == ""
    q = one("2" * 30)    # 30 digits are parsed, then refused by magnitude
    assert q.value is None and q.flags == ("implausible_magnitude",) and q.value_raw == "2" * 30


# ----------------------------------------------------------------------------------------- units and hints
def test_the_hint_fills_a_missing_unit_and_completes_a_bare_wan():
    assert (one("3", "张").value, one("3", "张").unit_raw) == (3, "张")
    q = one("3万", "张")
    assert (q.value, q.unit, q.unit_raw) == (30000, "张", "万张")
    q = one("3万", "(张)")         # a hint in brackets is unbracketed first
    assert (q.value, q.unit, q.unit_raw) == (30000, "张", "万张")
    q = one("3万", "(万张)")       # 万 on 万张 is not a unit: refused, never 3亿
    assert q.value is None and q.flags == ("non_numeric",) and q.unit_raw == "万万张"
    q = one("3个", "张")           # a unit in the cell beats the hint
    assert (q.value, q.unit, q.unit_raw) == (3, "个", "个")
    q = one("3亿", "人")
    assert (q.value, q.unit, q.unit_raw) == (3e8, "人", "亿人")
    q = one("3万")                 # no hint: the bare 万 multiplies, the unit stays unknown
    assert (q.value, q.unit, q.unit_raw) == (30000, "", "万")


def test_an_unknown_hint_is_ignored():
    q = one("3", "furlongs")
    assert (q.value, q.unit, q.unit_raw) == (3, "", "")
    q = one("3万", "furlongs")
    assert (q.value, q.unit, q.unit_raw) == (30000, "", "万")


def test_a_bare_wan_with_a_unit_that_has_no_wan_form_is_not_read():
    q = one("3万", "%")
    assert q.value is None and q.flags == ("non_numeric",) and (q.value_raw, q.unit_raw) == ("3", "万%")


def test_an_unknown_unit_is_non_numeric_with_what_was_read():
    q = one("3furl")
    assert fields(q) == (None, "", "", None, None, ("non_numeric",)) and (q.value_raw, q.unit_raw) == ("3", "furl")


def test_values_are_rounded_to_ten_decimals_against_float_noise():
    assert one("0.07万").value == 700.0 and one("1.234567890123").value == 1.2345678901


def test_canonical_unit_and_multipliers():
    assert canonical_unit("万张") == ("张", 10000.0)
    assert canonical_unit("（万人）") == ("人", 10000.0)
    assert canonical_unit(" (%) ") == ("%", 1.0)
    assert canonical_unit("元/人·月") == ("元/人/月", 1.0)
    assert canonical_unit("") is None and canonical_unit("斤") is None
    assert one("1.5亿元").value == 1.5e8 and one("0.25万人次").value == 2500


@pytest.mark.parametrize(
    ("label", "unit"),
    [("低保标准(元/人/月)", "元/人/月"), ("养老床位(万张)", "万张"), ("覆盖率(%)", "%"), ("覆盖率 ( % ) ", "%"),
     ("覆盖率(%", "%"), ("床位(张)说明", ""), ("名称(某某)", ""), ("覆盖率", ""), ("(%)覆盖率", ""),
     ("说明(一二三四五六七八九)", "")],
)
def test_unit_from_label(label, unit):
    assert unit_from_label(label) == unit


def test_parse_number():
    assert parse_number(" 12.5 ") == 12.5 and parse_number("１２") == 12.0
    for bad in ("1.2.3", "12a", "", "-3", "1e3"):
        with pytest.raises(ValueError, match="not a plain number"):
            parse_number(bad)


# ------------------------------------------------------------------------------------ cells and their spans
def test_no_value_marks():
    for cell in ("无", "暂无", "×", "…", "—-", "--", "–"):
        q = one(cell)
        assert q.flags == ("no_value",) and q.value is None and q.value_raw == ""


def test_spans_point_into_the_cell():
    q = one("  ≥35 ")
    assert (q.text, q.start, q.end, q.value) == ("≥35", 2, 5, 35)
    qs = parse_cell("12个； 3.5万张", "")
    assert [(q.text, q.start, q.end, q.value, q.unit) for q in qs] == [("12个", 0, 3, 12, "个"),
                                                                      ("3.5万张", 5, 10, 35000, "张")]
    assert all(q.flags == ("multi_value",) for q in qs)


def test_a_list_only_splits_when_every_piece_has_a_number():
    q = one("城乡、农村")
    assert q.flags == ("non_numeric",) and q.text == "城乡、农村"
    q = one("全覆盖、100%")
    assert q.flags == ("non_numeric",) and (q.start, q.end) == (0, 8)
    qs = parse_cell("1、2、3", "个")
    assert [(q.value, q.unit, q.start) for q in qs] == [(1, "个", 0), (2, "个", 2), (3, "个", 4)]


def test_two_scope_words_split_a_cell_into_qualified_values():
    qs = parse_cell("城镇 30% 农村 43%")
    assert [(q.qualifier, q.value, q.unit, q.text, q.start, q.end, q.flags) for q in qs] == [
        ("城镇", 30, "%", "城镇 30%", 0, 6, ("multi_value",)),
        ("农村", 43, "%", "农村 43%", 7, 13, ("multi_value",))]
    qs = parse_cell("男60女55", "岁")
    assert [(q.qualifier, q.value, q.unit) for q in qs] == [("男", 60, "岁"), ("女", 55, "岁")]
    qs = parse_cell("农村牧区12城市15", "%")
    assert [(q.qualifier, q.value) for q in qs] == [("农村牧区", 12), ("城市", 15)]


@pytest.mark.parametrize("cell", ["城市30", "城市30农村", "城市30农村x", "城市30农村40说明",
                                  "城市30农村40furl"])
def test_scope_words_that_do_not_cover_the_cell_split_nothing(cell):
    q = one(cell, "%")
    assert q.value is None and q.qualifier == "" and "non_numeric" in q.flags


def test_a_numeric_cell_is_never_split_by_scope_words():
    q = one("30", "%")
    assert (q.value, q.qualifier, q.flags) == (30, "", ())


def test_with_flag_adds_once():
    q = Quantity(text="1", start=0, end=1)
    assert q.with_flag("a").with_flag("a").flags == ("a",) and q.with_flag("a").with_flag("b").flags == ("a", "b")


# ------------------------------------------------------------------------------------------- the vocabulary
def _vocab() -> dict:
    return load_file(VOCAB_PATH)


def test_the_shipped_vocabulary_parses_with_comparators_longest_first():
    v = parse_vocab(_vocab())
    assert v.units["万张"] == ("张", 10000.0) and v.max_magnitude["default"] == 1e12
    assert v.comparators["le_suffix"][0] == "及以下" and v.comparators["ge_prefix"].index("不低于") < \
        v.comparators["ge_prefix"].index(">")
    assert [n for n, _ in v.exclusions][:2] == ["date", "doc_number"]
    assert v.exclusions[0][1].search("2021年3月") and v.exclusions[-1][1].flags & 8  # re.M
    assert numbers.vocab() is numbers.vocab()


def _edit(key: str, value: object) -> dict:
    data = _vocab()
    if value is KeyError:
        del data[key]
    else:
        data[key] = value
    return data


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("units", KeyError, "bad key 'units': expected this key to be present"),
        ("exclusions", KeyError, "bad key 'exclusions': expected this key to be present"),
        ("streak_words", KeyError, "bad key 'streak_words': expected this key to be present"),
        ("streak_words", [], "bad key 'streak_words': expected a non-empty list of non-empty words"),
        ("streak_words", ["连增", ""], "bad key 'streak_words'"),
        ("streak_words", "连增", "bad key 'streak_words'"),
        ("units", {}, "bad key 'units': expected a mapping of written unit"),
        ("units", ["%"], "bad key 'units': expected a mapping of written unit"),
        ("units", {"张": ["张"]}, r"bad key 'units.张': expected \[canonical unit, positive multiplier\]"),
        ("units", {"张": ["张", 0]}, "bad key 'units.张'"),
        ("units", {"张": ["张", -1]}, "bad key 'units.张'"),
        ("units", {"张": [1, 1]}, "bad key 'units.张'"),
        ("units", {"张": ["张", "1"]}, "bad key 'units.张'"),
        ("units", {"张": ("张", 1)}, "bad key 'units.张'"),
        ("units", {"张": ["张", 1, 2]}, "bad key 'units.张'"),
        ("comparators", {"ge_prefix": ["≥"]}, "bad key 'comparators': expected a mapping with exactly the keys "
                                              "ge_prefix, le_prefix"),
        ("comparators", ["≥"], "bad key 'comparators'"),
        ("max_magnitude", {"%": 100}, "bad key 'max_magnitude': expected a mapping of unit -> positive number"),
        ("max_magnitude", {"default": 0}, "bad key 'max_magnitude'"),
        ("max_magnitude", {"default": 1, "%": "x"}, "bad key 'max_magnitude'"),
        ("max_magnitude", [1], "bad key 'max_magnitude'"),
        ("exclusions", {"name": "x"}, r"bad key 'exclusions': expected a list of \{name, why, pattern\}"),
        ("exclusions", [{"name": "x", "why": "y"}], r"bad key 'exclusions\[0\]': expected a mapping with name"),
        ("exclusions", ["x"], r"bad key 'exclusions\[0\]'"),
        ("exclusions", [{"name": "a", "why": "b", "pattern": "x"}, {"name": "x", "why": "y", "pattern": "("}],
         r"bad key 'exclusions\[1\].pattern': expected a valid regular expression \("),
    ],
)
def test_a_bad_vocabulary_is_one_clear_error(key, value, message):
    with pytest.raises(CmpError, match=message) as err:
        parse_vocab(_edit(key, value), VOCAB_PATH)
    assert str(err.value).startswith(str(VOCAB_PATH) + ": ")


def test_bad_comparator_words_and_top_level():
    data = _vocab()
    data["comparators"]["le_suffix"] = ["以下", ""]
    with pytest.raises(CmpError, match="bad key 'comparators.le_suffix': expected a list of non-empty words"):
        parse_vocab(data)
    data["comparators"]["le_suffix"] = "以下"
    with pytest.raises(CmpError, match="comparators.le_suffix"):
        parse_vocab(data)
    data["comparators"]["le_suffix"] = ["以下", 3]
    with pytest.raises(CmpError, match="comparators.le_suffix"):
        parse_vocab(data)
    with pytest.raises(CmpError) as err:
        parse_vocab(["units"])
    assert str(err.value) == f"{VOCAB_PATH}: expected a mapping at the top level"


def test_any_positive_magnitude_is_accepted_and_comparator_words_are_sorted_by_length():
    data = _vocab()
    data["max_magnitude"] = {"default": 0.5, "%": 100}
    data["comparators"]["le_prefix"] = ["超", "不超过", "<"]
    v = parse_vocab(data)
    assert v.max_magnitude == {"default": 0.5, "%": 100.0}
    assert v.comparators["le_prefix"] == ("不超过", "超", "<")


def test_vocab_is_reread_when_the_file_changes_and_a_bad_file_names_itself(tmp_path):
    p = tmp_path / "numbers_vocab.yaml"
    text = VOCAB_PATH.read_text(encoding="utf-8")
    p.write_text(text, encoding="utf-8")
    assert numbers.vocab(p).units["万张"] == ("张", 10000.0)
    import os

    p.write_text(text.replace("万张: [张, 10000]", "万张: [张, 1000]"), encoding="utf-8")
    st = p.stat()
    os.utime(p, (st.st_atime, st.st_mtime + 5))
    assert numbers.vocab(p).units["万张"] == ("张", 1000.0)
    p.write_text("units: [\n", encoding="utf-8")
    os.utime(p, (st.st_atime, st.st_mtime + 10))
    with pytest.raises(CmpError, match="not valid YAML") as err:
        numbers.vocab(p)
    assert str(p) in str(err.value)


@pytest.mark.parametrize(("cell", "value"), [("2.3亿元", 230000000.0), ("20.67亿元", 2067000000.0),
                                             ("1.1万人", 11000.0), ("0.07万张", 700.0), ("-4.1万人", -41000.0)])
def test_a_magnitude_gives_the_exact_product_of_the_printed_decimals(cell, value):
    # 2.3 * 1e8 in floats is 229999999.99999997: the value must be the number as printed, not a float artefact
    assert parse_cell(cell)[0].value == value
