"""Prose-reader rules on small made-up sentences (青川市 and its numbers are invented): headings and 专栏 boxes,
sentence cutting, per-month/per-year/per-100-household units, people counts, from/to, decreases, pointers,
and the time rules (cmp.extract.timeexpr) with exact kinds and years. No corpus is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmp.errors import CmpError
from cmp.extract import prose as P
from cmp.extract import prose_lines as PL
from cmp.extract.clauses import MAX_SENTENCE
from cmp.extract.prose import extract_prose
from cmp.extract.timeexpr import baseline_year, find_times, is_compare, resolve
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document

PLAN = {"file": "qc.txt", "jurisdiction": "青川市", "doc_kind": "five_year_plan", "period": "2021-2025"}
FIELDS = ("label", "kind", "year", "value", "unit", "unit_raw", "comparator", "qualifier", "flags", "note",
          "category", "line", "quote", "value_text")


def rows_of(text: str, meta: dict | None = None, skip: frozenset[int] = frozenset()) -> list[dict]:
    doc = Document(meta=dict(meta or PLAN), text=text, path=Path("qc.txt"))
    return extract_prose(doc, normalize(text), skip)


def brief(text: str, *fields: str) -> list[tuple]:
    return [tuple(r[f] for f in (fields or FIELDS)) for r in rows_of(text)]


# ------------------------------------------------------------------------------------------ line-level rules
def _categories(text: str) -> list[tuple[str, str]]:
    return [(r["quote"], r["category"]) for r in rows_of(text)]


def test_category_is_the_structures_innermost_heading_without_its_numbering():
    text = ("第一章 总体要求|\n全市共建成公办养老院3所。\n一、发展  基础\n全市共建成社区服务站点5个。\n"
            "(一)养老服务\n全市共新增养老床位20张。\n1.居家养老\n全市共建成老年助餐点8个。\n"
            "4社区养老\n全市共建成日间照料中心9个。\n()社会救助\n全市共建成救助管理站2个。\n")
    assert _categories(text) == [("3所", "总体要求"), ("5个", "发展 基础"), ("20张", "养老服务"),
                                 ("8个", "居家养老"), ("9个", "社区养老"), ("2个", "社会救助")]


def test_a_box_keeps_its_number_and_its_numbered_titles_do_not_change_the_category():
    text = ("二、养老服务\n专栏1 养老服务工程\n1.重点项目\n1.新建区级公办养老院2所\n2.新增社区养老服务床位300张\n"
            "全市共建成社区服务站点5个。\n")
    assert _categories(text) == [("2所", "专栏1 养老服务工程"), ("300张", "专栏1 养老服务工程"),
                                 ("5个", "养老服务")]  # the box ends at the first line that is not one of its items


def test_a_run_in_heading_or_a_title_that_is_a_sentence_is_not_a_category_and_its_line_is_read():
    text = ("一、发展基础\n(一)养老服务。全市共建成公办养老院3所。\n2.推进养老服务提标扩面。\n"
            "全市共新增社区养老服务床位20张。\n")
    assert _categories(text) == [("3所", "发展基础"), ("20张", "发展基础")]


def test_a_heading_line_is_not_read_but_a_count_glued_to_a_unit_is_no_heading():
    text = "一、主要目标\n5个街道实现养老服务站全覆盖\n4强化基层服务能力\n"
    assert _categories(text) == [("5个", "主要目标")]


@pytest.mark.parametrize(
    ("line", "prose"),
    [
        ("特困人员集中供养率达到52%", True),  # one target per line, no punctuation
        ("全市养老床位达到3万张,护理型床位占比达到55%。", True),
        ("养老床位 3万张", True),
        ("养老床位|3万张|预期性", False),  # a flattened table row
        ("养老床位\t3万张", False),
        ("预期性 55%", False),
        ("abc, 12", False),
    ],
)
def test_is_prose_line(line, prose):
    assert PL._is_prose_line(line) is prose


def test_sentences_clauses_and_bounds():
    assert PL._sentences("甲达到5%。乙达到6%;丙达到7%!") == [(0, 6), (6, 18)]
    assert PL._sentences("甲达到5%") == [(0, 5)]
    assert PL._sentences("。 ") == [(0, 1)]  # a blank piece is dropped
    assert PL._clauses("甲达到5%,乙达到6%;丙7%") == [(0, 5), (6, 11), (12, 15)]
    assert PL._clauses(",甲") == [(1, 2)]
    long = "养" * 400 + "," + "老" * 400
    assert PL._bounded(long, 0, len(long)) == [(0, 401), (401, 801)]  # cut after the clause mark
    digits = "养" * 598 + "1234" + "老" * 298
    assert PL._bounded(digits, 0, len(digits)) == [(0, 603), (603, 900)]  # never inside a number
    plain = "养" * (MAX_SENTENCE + 1)
    assert PL._bounded(plain, 0, len(plain)) == [(0, MAX_SENTENCE), (MAX_SENTENCE, MAX_SENTENCE + 1)]
    assert PL._bounded(plain, 0, MAX_SENTENCE) == [(0, MAX_SENTENCE)]


def test_join_flags_and_line_eras():
    assert P._join_flags("a;b", "b", "", "c") == "a;b;c"
    assert P._join_flags("", "x") == "x" and P._join_flags(";;a") == "a"
    assert [(t.kind, t.year) for t in PL._line_eras("十三五期间养老床位,十四五末达到")] == [("period", 2020),
                                                                                  ("end", 2025)]
    assert PL._line_eras("2025年") == []
    assert PL._line_eras("比“十三五”末增长") == []  # a comparison base dates nothing


def test_titles_and_quotes_are_shielded():
    assert P._titles("按《青川市2021年规划》执行") == [(1, 13)]
    assert P._quoted("推行“1234”模式") == [(2, 8)]
    assert P._titles("没有书名") == []
    assert P._quoted("没有引号") == []
    assert brief("推行“1234”模式,全市养老床位达到3万张。", "quote") == [("3万张",)]


# ------------------------------------------------------------------------------------------ rows from sentences
def test_per_person_per_month_money():
    assert brief("到2025年,青川市城市低保标准达到每人每月900元。") == [(
        "青川市城市低保标准", "target", 2025, 900.0, "元/人/月", "元(每人每月)", "=", "", "",
        "minimum living allowance (低保); per person per month", "", 1, "900元", "每人每月900元")]


def test_per_year_money_and_per_year_words():
    assert brief("到2025年,青川市困难群众救助金达到每年3600元。", "unit", "unit_raw", "note") == [
        ("元/年", "元(每年)", "social assistance; per year")]
    assert brief("二、主要任务\n全市每年新增床位1000张。", "label", "unit", "note", "category") == [
        ("全市每年新增床位", "张", "per year", "主要任务")]


def test_per_hundred_households_area():
    assert brief("到2025年,每百户居民拥有社区综合服务设施面积达到每百户30平方米。",
                 "label", "unit", "unit_raw", "note") == [
        ("每百户居民拥有社区综合服务设施面积", "㎡/百户", "平方米(每百户)",
         "community governance and services; per 100 households")]


def test_denominator_note():
    assert brief("到2025年,每千名老年人拥有养老床位达到40张。", "label", "unit", "note", "flags") == [
        ("每千名老年人拥有养老床位", "张", "elderly-care beds; per 1,000 older people", "")]


def test_people_counts_take_their_unit_from_the_label():
    assert brief("全市救助困难群众2.1万人次。", "label", "value", "unit", "unit_raw", "flags") == [
        ("全市救助困难群众", 21000.0, "人次", "万人次", "year_assumed")]
    assert brief("全市救助2.1万。") == []  # 2.1万 of what?


def test_from_to_gives_baseline_and_target():
    assert brief("到2025年,全市养老床位由2万张提高到3万张。", "kind", "year", "value", "flags", "note") == [
        ("baseline", 2020, 20000.0, "year_assumed", "elderly-care beds; value before the change (由/从)"),
        ("target", 2025, 30000.0, "", "elderly-care beds"),
    ]
    assert brief("“十三五”期间,全市养老床位由2万张增加到3万张。", "kind", "year") == [
        ("baseline", 2015), ("actual", 2020)]


def test_growth_rate_names_its_base_year_and_subject():
    rows = rows_of("全市养老床位达到3万张,比2020年增长8.5%。")
    assert rows[1]["value"] == 8.5 and rows[1]["unit"] == "%"
    assert rows[1]["note"] == "elderly-care beds; growth rate; subject: 全市养老床位; vs 2020"


def test_decrease_is_negative():
    (r,) = rows_of("2022年全市养老床位数同比下降2.1%。")
    assert (r["value"], r["year"], r["note"]) == (-2.1, 2022, "elderly-care beds; growth rate; decrease")
    assert "growth_rate" in r["flags"].split(";")  # a change on the year before, never the level


def test_respectively_values_get_their_qualifiers():
    assert brief("到2025年,城市和农村低保标准分别达到每人每月900元、700元。",
                 "value", "qualifier", "flags", "value_text") == [
        (900.0, "城市", "multi_value", "每人每月900元"), (700.0, "农村", "multi_value", "700元")]


def test_shared_value_one_row_per_subject():
    assert brief("到2025年,城市和农村社区综合服务设施覆盖率都要达到100%。", "qualifier", "value", "flags") == [
        ("城市", 100.0, "shared_value"), ("农村", 100.0, "shared_value")]


def test_headings_and_boxes_set_the_category_and_role():
    text = ("第一章 发展基础\n全市养老床位达到3万张。\n专栏2 重点工程\n(1)新建敬老院12所。\n第二章 发展目标\n"
            "全市养老床位达到4万张。")
    assert brief(text, "kind", "year", "category", "line") == [
        ("actual", 2020, "发展基础", 2), ("target", 2025, "专栏2 重点工程", 4), ("target", 2025, "发展目标", 6)]


def test_a_box_ends_at_its_first_plain_line():
    text = ("第一节 主要任务\n专栏1 养老服务重点工程\n1.新建养老床位5000张。\n2.改造特困供养机构20所。\n"
            "全市社会组织达到800个。")
    assert brief(text, "quote", "category", "line") == [
        ("5000张", "专栏1 养老服务重点工程", 3), ("20所", "专栏1 养老服务重点工程", 4), ("800个", "主要任务", 5)]


def test_a_numbered_title_inside_a_box_keeps_the_box():
    text = "一、主要任务\n专栏3 社区服务工程\n1.社区服务\n(1)新建社区服务站30个。\n二、保障措施\n落实资金2亿元。"
    assert brief(text, "quote", "category") == [("30个", "专栏3 社区服务工程"), ("2亿元", "保障措施")]


def test_pointer_takes_the_subject_of_the_sentence_before():
    rows = rows_of("到2025年,养老机构护理型床位占比稳步提高。这一指标必须达到55%。")
    assert [(r["label"], r["flags"]) for r in rows] == [("养老机构护理型床位占比", "year_assumed;label_from_context")]
    assert rows_of("这一指标必须达到55%。")[0]["label"] == "这一指标"  # nothing before: the label stays


def test_skip_lines_blank_lines_and_numberless_lines():
    text = "全市养老床位达到3万张。\n\n全市社会组织达到800个。\n养老服务体系更加完善。"
    assert [r["line"] for r in rows_of(text)] == [1, 3]
    assert [r["line"] for r in rows_of(text, skip=frozenset({1}))] == [3]


def test_another_texts_normalization_is_refused():
    doc = Document(meta=dict(PLAN), text="全市养老床位达到3万张。", path=Path("qc.txt"))
    with pytest.raises(CmpError, match=r"qc.txt: normalized text was made from another text"):
        extract_prose(doc, normalize("全市养老床位达到4万张。"))


def test_rows_are_sorted_and_carry_the_document():
    rows = rows_of("全市社会组织达到800个,养老床位达到3万张。")
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows) and len(rows) == 2
    r = rows[0]
    assert (r["jurisdiction"], r["doc"], r["method"], r["table"], r["row_no"], r["indicator"]) == (
        "青川市", "qc.txt", "prose", "", None, "")
    assert (r["start"], r["end"], r["quote"], r["derived_from"], r["attribute"]) == (8, 12, "800个", "", "")
    assert (r["value_low"], r["value_high"]) == (None, None)


def test_range_has_no_comparator():
    (r,) = rows_of("每个乡镇配备1-2名专职救助协理员。", {**PLAN, "doc_kind": "annual_plan", "period": "2023"})
    assert (r["value"], r["value_low"], r["value_high"], r["comparator"]) == (None, 1, 2, "")


# ------------------------------------------------------------------------------------------ time rules
PERIOD = (2021, 2025)


def _t(text: str):
    return find_times(text)[0]


def test_find_times_edges():
    # a span of years dates by its last year (2023—2025年,每年…), except a title's span in parentheses
    assert [(t.year, t.start) for t in find_times("2021-2025年")] == [(2025, 0)] == \
        [(t.year, t.start) for t in find_times("2021—2025年")]
    assert find_times("（2021—2025年）") == []
    assert [(t.kind, t.year) for t in find_times("2019年全年")] == [("year", 2019)]
    (t,) = find_times("比2020年增长")
    assert (t.start, t.end, t.compare) == (1, 6, True)
    (t,) = find_times("截至2022年12月底前")
    assert (t.start, t.end, t.year) == (2, 12, 2022)
    assert [(t.kind, t.start) for t in find_times("到2025年,十四五末", [(0, 6)])] == [("end", 7)]
    assert is_compare("与2020年", 1) and not is_compare("到2020年", 1) and is_compare("相比“十三五”末", 3)


@pytest.mark.parametrize(
    ("time", "role", "before", "section_year", "expected"),
    [
        ("2021年以来", "plan", "", None, ("actual", 2021, ["year_assumed"])),
        ("2023年以来", "plan", "", None, ("actual", 2023, ["year_assumed"])),
        ("2021年以来", "report", "", None, ("actual", 2025, ["year_assumed"])),
        ("2016年以来", "plan", "", None, ("actual", 2020, ["year_assumed"])),
        ("近五年", "report", "", 2023, ("actual", 2023, ["year_assumed"])),
        ("近五年", "report", "", None, ("actual", 2025, ["year_assumed"])),
        ("全年", "plan", "", 2023, ("target", 2023, ["year_assumed"])),
        ("全年", "plan", "已建成", None, ("actual", 2025, ["year_assumed"])),
        ("全年", "plan", "", None, ("target", 2025, ["year_assumed"])),
        (None, "review", "", 2018, ("actual", 2018, ["year_assumed"])),
        (None, "review", "", 2023, ("actual", 2020, ["year_assumed"])),
        (None, "report", "", 2023, ("actual", 2023, ["year_assumed"])),
        (None, "plan", "", 2023, ("target", 2023, ["year_assumed"])),
        (None, "plan", "", 2019, ("target", 2025, ["year_assumed"])),
        (None, "plan", "已建成", 2021, ("actual", 2020, ["year_assumed"])),
        ("2025年", "plan", "已建成", None, ("actual", 2025, [])),
        ("2024年", "plan", "已建成,到", None, ("target", 2024, [])),
        ("2025年", "report", "", None, ("actual", 2025, [])),
        ("2026年", "report", "", None, ("target", 2026, [])),
        ("2026年", "plan", "已建成", None, ("target", 2026, [])),
        ("2020年", "plan", "", None, ("actual", 2020, [])),
        ("2021年", "review", "", None, ("actual", 2021, [])),
    ],
)
def test_resolve_rules(time, role, before, section_year, expected):
    assert resolve(_t(time) if time else None, role, PERIOD, before, section_year) == expected


def test_baseline_year_rules():
    assert baseline_year("actual", 2015, _t("十二五末"), PERIOD) == 2010
    assert baseline_year("actual", 2020, _t("十三五期间"), PERIOD) == 2015
    assert baseline_year("target", 2025, _t("2025年"), PERIOD) == 2020
    assert baseline_year("actual", 2023, _t("2023年"), PERIOD) == 2018
    assert baseline_year("actual", 2023, None, (2023, 2023)) == 2022


# ------------------------------------------------------------------------------------------ comparators, clauses
@pytest.mark.parametrize(
    ("sentence", "comparator", "value_text", "flags"),
    [
        ("到2025年,全市养老机构空置率不超过10%。", "<=", "不超过10%", ""),
        ("到2025年,全市养老机构空置率控制在10%以内。", "<=", "控制在10%以内", ""),
        ("到2025年,全市养老床位不少于3万张。", ">=", "不少于3万张", ""),
        ("到2025年,全市养老床位力争达到3万张以上。", ">=", "3万张以上", ""),
        ("到2025年,全市养老床位达到约3万张。", "=", "约3万张", "approximate"),
    ],
)
def test_comparator_words_before_and_after(sentence, comparator, value_text, flags):
    (r,) = rows_of(sentence)
    assert (r["comparator"], r["value_text"], r["flags"]) == (comparator, value_text, flags)


def test_clause_helpers():
    from cmp.extract import clause_subjects as S
    from cmp.extract import clauses as C

    assert S._top_level_items("县(市、区)、乡镇(街道)") == ["县(市、区)", "乡镇(街道)"]
    assert S._top_level_items("养老床位") == [] and S._top_level_items("城市和农村") == ["城市", "农村"]
    assert S._pair_qualifiers("城乡低保标准", 2) == ["城市", "农村"]
    assert S._pair_qualifiers("城市、农村低保标准", 2) == ["城市", "农村"]
    assert S._pair_qualifiers("养老床位", 2) == []
    assert S._theme("养老床位", "") == ("elderly_beds", "elderly-care beds", True)
    assert S._theme("床位", "") is None  # beds need an elderly word in the text or the section
    assert S._theme("床位", "养老服务") == ("elderly_beds", "elderly-care beds", True)
    assert S._theme("社会组织达到", "") == ("social_org", "social organisations", True)
    assert S._theme("xyz", "") is None
    assert C._balance("(养老床位)", 0, 5) == (0, 5) and C._balance("养老床位)", 0, 5) == (0, 4)
    assert C._balance("“养老床位", 0, 5) == (1, 5) and C._balance("养老床位”", 0, 5) == (0, 4)
    assert C._balance("养老床位、", 0, 5) == (0, 4) and C._balance("养)", 0, 2) is None
    assert C._ends_with_verb("养老设施覆盖") and not C._ends_with_verb("养老床位")
    assert C._cut_list_tail("养老服务设施覆盖所有城市社区") == "养老服务设施覆盖所有"
    assert C._cut_list_tail("养老床位") == "养老床位"
    s = "到2025年,全市养老床位达到"
    assert C._clean_label(s, 0, len(s), find_times(s)) == (7, 13)
    s = "1.全市养老床位达到"
    assert C._clean_label(s, 0, len(s), []) == (2, 8)
    assert C._clean_label("床", 0, 1, []) is None
    ts = find_times("到2025年养老床位")
    assert C._strip_times(1, 10, ts) == (6, 10) and C._strip_times(0, 6, ts) == (0, 1)


def test_find_values_rules():
    from cmp.extract.textnums import cjk_number, decrease_before, exclusion_names, find_values

    def vals(s):
        return [(v.value, v.unit, v.comparator, v.flags, v.start, v.end, v.low, v.high) for v in find_values(s, [])]

    assert vals("养老床位达到3万张") == [(30000.0, "张", "=", [], 6, 9, None, None)]
    assert vals("两处") == [(2.0, "处", "=", ["chinese_numeral"], 0, 2, None, None)]
    assert vals("1-2名") == [(None, "人", "", ["range"], 0, 4, 1.0, 2.0)]
    assert vals("1:1.5") == [(0.6666666667, "ratio", "=", ["ratio"], 0, 5, None, None)]
    assert vals("占比达到55%以上") == [(55.0, "%", ">=", [], 4, 9, None, None)]
    assert vals("第3名") == [] and vals("2025年") == [] and vals("每千名老年人") == []
    assert vals("45%左右") == [(45.0, "%", "=", ["approximate"], 0, 5, None, None)]
    (v,) = find_values("同比下降2.1%", [])
    assert decrease_before("同比下降2.1%", v)
    (v,) = find_values("下降后达到2.1%", [])
    assert not decrease_before("下降后达到2.1%", v)
    assert exclusion_names("60周岁以上老人") == ["age_condition"] and exclusion_names("第3名") == []
    assert cjk_number("三十五") == 35.0 and cjk_number("abc") is None


def test_level_modifiers_share_the_counted_thing_and_the_floor():
    rows = rows_of("到2025年,至少打造2个国家级、5个省级社区治理实验区。")
    assert [(r["value"], r["qualifier"], r["comparator"], r["unit"]) for r in rows] == [
        (2.0, "国家级", ">=", "个"), (5.0, "省级", ">=", "个")]
    assert {r["label"] for r in rows} == {"省级社区治理实验区"}


def test_conditions_norms_and_shared_growth():
    assert rows_of("对满意率低于85%的养老机构进行整改。") == []  # a condition, not a value
    (r,) = rows_of("按照每百户不低于30平方米的标准配建社区服务设施。")
    assert (r["value"], r["unit"], r["comparator"], r["flags"]) == (30.0, "㎡/百户", ">=", "norm;year_assumed")
    rows = rows_of("城市低保标准达到每人每月820元,农村低保标准达到每人每月700元,增幅均超6%。")
    assert [r["quote"] for r in rows] == ["820元", "700元"]  # 均: one growth figure for two subjects, left out


def test_counted_thing_after_the_number():
    (r,) = rows_of("到2025年,建成45个乡镇养老服务中心。")
    assert (r["label"], r["value"], r["unit"], r["note"]) == ("乡镇养老服务中心", 45.0, "个",
                                                              "elderly care; scope: 建成")
    rows = rows_of("到2025年,新建700张床位的区养老院1所。")
    assert [(r["label"], r["value"], r["unit"]) for r in rows] == [("床位", 700.0, "张"), ("区养老院", 1.0, "所")]
    (r,) = rows_of("到2025年,全市养老服务设施覆盖所有城市社区、80%的农村社区。")
    assert (r["label"], r["value"], r["note"]) == ("农村社区", 80.0, "elderly care; scope: 全市养老服务设施覆盖所有")


def test_change_on_the_year_before_takes_the_subject():
    rows = rows_of("2022年,全市共有社会组织1500个,比上年增加120个。")
    # (a change in the level's own unit is labelled from the subject through the comparison, so that it can not
    # pass for the level: see test_rules_prose_reads2)
    assert [(r["label"], r["value"], r["year"]) for r in rows] == [
        ("全市共有社会组织", 1500.0, 2022), ("全市共有社会组织1500个,比上年增加", 120.0, 2022)]
    assert rows[0]["kind"] == "actual"  # 共有: said to be reached
    assert rows[1]["note"] == "social organisations; subject: 全市共有社会组织; change: 比上年增加"


@pytest.mark.parametrize(
    ("prev", "label"),
    [
        ("到2025年,全市养老服务体系更加完善,养老机构护理型床位占比稳步提高。", "养老机构护理型床位占比"),  # last clause
        ("养老机构护理型床位占比稳步提高。", "养老机构护理型床位占比"),  # no clause mark: the whole sentence
        ("全市养老服务体系更加完善;养老机构护理型床位占比稳步提高!", "养老机构护理型床位占比"),
        ("", "这一指标"),  # nothing before: unchanged
        ("。", "这一指标"),
    ],
)
def test_point_back_takes_the_last_clause_before(prev, label):
    text = prev + "这一指标必须达到55%。"
    row = {"label": "这一指标", "flags": "year_assumed"}
    P._point_back(normalize(text), P._Context(prev_sent=prev, prev_base=0), row)
    assert row["label"] == label
    assert row["flags"] == ("year_assumed" if label == "这一指标" else "year_assumed;label_from_context")


def test_values_without_a_label_take_the_subjects_before():
    rows = rows_of("全市养老机构达到50家,社区服务站达到300个,分别增长10%、20%。")
    assert [(r["label"], r["value"], r["flags"]) for r in rows] == [
        ("全市养老机构", 50.0, "year_assumed"), ("社区服务站", 300.0, "year_assumed"),
        ("全市养老机构", 10.0, "label_from_context;year_assumed;growth_rate;multi_value"),
        ("社区服务站", 20.0, "label_from_context;year_assumed;growth_rate;multi_value")]
    rows = rows_of("城市和农村低保标准分别达到每人每月900元、700元,分别增长5%、6%。")
    assert [(r["value"], r["qualifier"], r["flags"]) for r in rows[2:]] == [
        (5.0, "城市", "label_from_context;year_assumed;growth_rate;multi_value"),
        (6.0, "农村", "label_from_context;year_assumed;growth_rate;multi_value")]
    rows = rows_of("全市养老床位达到3万张,增长8%。")
    assert [(r["label"], r["value"], r["flags"]) for r in rows] == [
        ("全市养老床位", 30000.0, "year_assumed"), ("全市养老床位", 8.0, "label_from_context;year_assumed;growth_rate")]


def test_baseline_year_in_a_yearly_document():
    assert baseline_year("actual", 2020, _t("十三五期间"), (2023, 2023)) == 2015  # the period before, not 2019
    assert baseline_year("actual", 2025, _t("2025年"), (2023, 2023)) == 2024  # a plain year is no period end


def test_time_words_and_vocab_are_validated_on_load(tmp_path):
    import shutil

    from cmp.extract import prose_vocab, timeexpr
    from cmp.extract.structure import VOCAB_PATH

    assert timeexpr._words({"a": ["x", "xyz", "xy"]}, "a") == ("xyz", "xy", "x")  # longest first
    for data in ({"a": ["x", ""]}, {}, {"a": "x"}, {"a": ["x", 1]}):
        with pytest.raises(CmpError) as exc:
            timeexpr._words(data, "a")
        assert str(exc.value) == f"{VOCAB_PATH}: bad key 'a': expected a list of non-empty words"
    fresh = timeexpr._time_vocab.__wrapped__(0.0)  # built again, not the cached copy
    assert fresh == timeexpr.time_vocab() and len(fresh.patterns) == 21  # (1至9月, the plan's term, spans of years)
    copy = tmp_path / "pv.yaml"
    shutil.copy(prose_vocab.VOCAB_PATH, copy)
    assert prose_vocab.vocab(copy) == prose_vocab.vocab()
    assert prose_vocab.vocab(copy).words["people_words"] == prose_vocab.vocab().words["people_words"]


def test_to_half_inherits_per_month_and_the_context_flag():
    rows = rows_of("到2025年,城市低保标准由每人每月800元提高到900元。")
    assert [(r["value"], r["unit"], r["flags"]) for r in rows] == [(800.0, "元/人/月", "year_assumed"),
                                                                   (900.0, "元/人/月", "")]
    assert rows[1]["note"] == "minimum living allowance (低保); per person per month"
    rows = rows_of("到2025年,养老机构护理型床位占比稳步提高,这一指标由50%提高到60%。")
    assert [(r["label"], r["value"], r["flags"]) for r in rows] == [
        ("养老机构护理型床位占比", 50.0, "label_from_context;year_assumed"),
        ("养老机构护理型床位占比", 60.0, "label_from_context")]


@pytest.mark.parametrize("sentence", ["完成敬老院改造,面积为500平方米。",
                                      "全市推进养老服务,到2025年,完成敬老院改造,面积为500平方米。"])
def test_bare_measure_takes_the_clause_just_before(sentence):
    (r,) = rows_of(sentence)
    assert (r["label"], r["value"], r["unit"], r["note"]) == ("完成敬老院改造,面积", 500.0, "㎡", "elderly care")


def test_respectively_growth_after_subjects_has_no_subject_note():
    rows = rows_of("城市低保标准达到每人每月820元,农村低保标准达到每人每年7800元,分别比上年提高6.5%和8.3%。")
    f, n = "label_from_context;year_assumed;growth_rate;multi_value", "minimum living allowance (低保); growth rate"
    assert [(r["label"], r["value"], r["flags"], r["note"]) for r in rows[2:]] == [
        ("城市低保标准", 6.5, f, n), ("农村低保标准", 8.3, f, n)]


def test_more_yearly_baselines_and_list_tails():
    from cmp.extract import clauses as C
    from cmp.extract.prose_vocab import parse_vocab

    assert baseline_year("actual", 2015, _t("十二五末"), (2023, 2023)) == 2010
    assert baseline_year("target", 2025, None, (2023, 2023)) == 2022
    assert C._cut_list_tail("养老设施覆盖城区、覆盖所有农村社区") == "养老设施覆盖城区、覆盖所有"
    with pytest.raises(CmpError) as exc:
        parse_vocab({}, Path("my_vocab.yaml"))
    assert str(exc.value) == "my_vocab.yaml: bad key 'themes': expected this key to be present"


def _pv_data() -> dict:
    import yaml

    from cmp.extract import prose_vocab

    return yaml.safe_load(prose_vocab.VOCAB_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("pair_words"), "bad key 'pair_words': expected this key to be present"),
        (lambda d: d.update(themes=["x"]), "bad key 'themes': expected a mapping of theme id -> {gloss, core, words}"),
        (lambda d: d.update(themes={"t1": {"gloss": "g", "core": True, "words": ["低保", ""]}}),
         "bad key 'themes.t1': expected {gloss: text, core: true/false, words: [non-empty words]}"),
        (lambda d: d.update(themes={"t1": {"gloss": "g", "core": 1, "words": ["低保"]}}), "bad key 'themes.t1'"),
        (lambda d: d.update(themes={"t1": {"gloss": "g", "core": True, "words": "低保"}}), "bad key 'themes.t1'"),
        (lambda d: d.update(themes={"t1": {"gloss": "g", "core": True}}), "bad key 'themes.t1'"),
        (lambda d: d.update(lead_words=["全市", ""]),
         "bad key 'lead_words': expected a non-empty list of non-empty words"),
        (lambda d: d.update(lead_words=["全市", 3]), "bad key 'lead_words'"),
        (lambda d: d.update(lead_words="全市"), "bad key 'lead_words'"),
        (lambda d: d.update(to_verbs="("), "bad key 'to_verbs': expected a valid regular expression (missing )"),
        (lambda d: d.update(not_object_start=["的"]), "bad key 'not_object_start': expected a string of characters"),
        (lambda d: d.update(denominators={"每千人": 3}),
         "bad key 'denominators': expected a mapping of word -> English note"),
        (lambda d: d.update(denominators=["每千人"]), "bad key 'denominators'"),
        (lambda d: d.update(pair_words={"城乡": ["城市"]}),
         "bad key 'pair_words': expected a mapping of word -> [first part, second part]"),
        (lambda d: d.update(pair_words=["城乡"]), "bad key 'pair_words'"),
    ],
)
def test_prose_vocab_errors_are_exact(change, message):
    from cmp.extract.prose_vocab import parse_vocab

    data = _pv_data()
    change(data)
    with pytest.raises(CmpError) as exc:
        parse_vocab(data, Path("pv.yaml"))
    assert str(exc.value).startswith(f"pv.yaml: {message}")


def test_prose_vocab_parses_every_part():
    from cmp.extract.prose_vocab import parse_vocab

    data = _pv_data()
    data["themes"] = {"t1": {"gloss": "made-up", "core": False, "words": ["甲词", "乙词"]}}
    data["denominators"] = {"每千人": "per 1,000 people"}
    data["pair_words"] = {"城乡": ["城市", "农村"]}
    v = parse_vocab(data, Path("pv.yaml"))
    assert v.themes == {"t1": ("made-up", False, ("甲词", "乙词"))}
    assert v.denominators == (("每千人", "per 1,000 people"),) and v.pair_words == {"城乡": ("城市", "农村")}
    assert v.words["lead_words"] == tuple(data["lead_words"]) and v.not_object_start == data["not_object_start"]
    assert v.regexes["to_verbs"].pattern == str(data["to_verbs"])
    with pytest.raises(CmpError) as exc:
        parse_vocab(["x"], Path("pv.yaml"))
    assert str(exc.value) == "pv.yaml: expected a mapping at the top level"

