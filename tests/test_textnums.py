"""Rule-level tests of numbers in running text (cmp.extract.textnums) and of the shared number vocabulary."""

from __future__ import annotations

import time

import pytest

from cmp.errors import CmpError
from cmp.extract import numbers
from cmp.extract.numbers import parse_cell, plausible
from cmp.extract.textnums import decrease_before, exclusion_names, find_values


def vals(sent: str) -> list[tuple[float | None, str, str]]:
    return [(v.value, v.unit, sent[v.start:v.end]) for v in find_values(sent, [])]


@pytest.mark.parametrize(("sent", "expected"), [
    ("办理结婚登记4215对", [(4215, "对", "4215对")]),
    ("火化遗体1.62万具", [(16200, "具", "1.62万具")]),
    ("出台地方标准14项", [(14, "项", "14项")]),
    ("开通热线5条", [(5, "条", "5条")]),
    ("组织活动1.3万次", [(13000, "次", "1.3万次")]),
    ("覆盖居民82万户", [(820000, "户", "82万户")]),
    ("每周开放56小时", [(56, "小时", "56小时")]),
    ("等待时间缩短到2天", [(2, "天", "2天")]),
    ("压缩至1个工作日", [(1, "工作日", "1个工作日")]),
    ("新增用地48公顷", [(48, "公顷", "48公顷")]),
    ("引导5万家市场主体", [(50000, "家", "5万家")]),
    ("惠及6万余人", [(60000, "人", "6万余人")]),
    ("自然增长率3.2‰", [(3.2, "‰", "3.2‰")]),
    ("比上年提高6.1个百分点", [(6.1, "百分点", "6.1个百分点")]),
])
def test_measure_words(sent, expected):
    assert vals(sent) == expected


@pytest.mark.parametrize(("sent", "value", "unit"), [
    ("新建两处救助服务中心", 2, "处"), ("建成一所照护中心", 1, "所"), ("改造敬老院三所", 3, "所"),
    ("配备一名儿童主任", 1, "人"), ("新建公墓十六处", 16, "处"), ("培训十万人次", 100000, "人次"),
])
def test_chinese_numerals(sent, value, unit):
    (v,) = find_values(sent, [])
    assert (v.value, v.unit) == (value, unit) and "chinese_numeral" in v.flags


@pytest.mark.parametrize("sent", [
    "建立一个机制", "织密一张网", "实行一次性补助", "打造一站式服务", "城乡二元结构", "每千名老年人拥有床位",
    "每百户居民", "推进“一老一小”服务", "落实两项补贴制度", "织密三张网", "推行三次性结算",
])
def test_chinese_numerals_that_are_words(sent):
    assert find_values(sent, []) == []


def test_fractions_are_percentages():
    (v,) = find_values("覆盖率达到三分之二以上", [])
    assert v.value == pytest.approx(200 / 3) and v.unit == "%"
    (v,) = find_values("完成率达到百分之八十", [])
    assert v.value == pytest.approx(80)


def test_ranges_keep_both_bounds():
    (v,) = find_values("标准提高10%-15%", [])
    assert (v.value, v.low, v.high, v.unit, v.comparator) == (None, 10, 15, "%", "") and "range" in v.flags
    (v,) = find_values("配备1-2名协理员", [])
    assert (v.value, v.low, v.high, v.unit) == (None, 1, 2, "人") and "range" in v.flags
    assert find_values("比例为40%-30%", []) == [] or find_values("比例为40%-30%", [])[0].low is None


@pytest.mark.parametrize(("sent", "comparator"), [
    ("达到60%以上", ">="), ("控制在1%以下", "<="), ("控制在10个工作日以内", "<="),
    ("达到55%", "="), ("1500余个", ">="),
])
def test_comparators(sent, comparator):
    (v,) = find_values(sent, [])
    assert v.comparator == comparator


def test_approximate_is_flagged():
    (v,) = find_values("节地生态安葬率达到45%左右", [])
    assert v.value == 45 and "approximate" in v.flags


@pytest.mark.parametrize(("sent", "rule"), [
    ("2022年3月5日召开会议", "date"),
    ("印发《通知》(青民发〔2021〕12号)", "doc_number"),
    ("咨询电话:0731-5526188", "phone"),
    ("地址:文化路126号民政大楼3楼", "address"),
    ("根据《殡葬管理条例》开展", "law_title"),
    ("依照第二十三条规定", "article"),
    ("国务院令第225号", "order_number"),
    ("规划期为2021-2025年", "plan_span"),
    ("1.实施居家养老服务提升行动", "list_number"),
    ("为80周岁以上老年人发放津贴", "age_condition"),
    ("推行墓穴占地面积在0.8平方米以下的节地葬式", "threshold"),
    ("落实两项补贴制度", "fixed_term"),
])
def test_each_exclusion(sent, rule):
    assert rule in exclusion_names(sent)
    assert all(v.value is None or "implausible_magnitude" in v.flags for v in find_values(sent, [])) or \
        not find_values(sent, [])


def test_values_next_to_exclusions_survive():
    assert vals("地址:文化路126号,全市建成养老机构12家") == [(12, "家", "12家")]
    assert vals("根据《条例》第十条,建成公墓46个") == [(46, "个", "46个")]


def test_decrease_is_detected_only_right_before_the_value():
    sent = "火化1876具,同比下降2.1%"
    v = find_values(sent, [])[-1]
    assert decrease_before(sent, v)
    sent = "错保率下降到1%"
    assert not decrease_before(sent, find_values(sent, [])[0])


def test_magnitude_bounds():
    assert plausible(100, "%") and not plausible(1e6, "%")
    assert plausible(1.2e8, "元") and not plausible(1e24, "张")
    assert not plausible(float("inf"), "人") and not plausible(float("nan"), "人")
    q = parse_cell("1" * 30 + "张")[0]
    assert q.value is None and "implausible_magnitude" in q.flags
    (v,) = find_values("床位达到" + "9" * 40 + "张", [])
    assert v.value is None and "implausible_magnitude" in v.flags


def test_long_digit_runs_are_linear():
    t0 = time.perf_counter()
    (v,) = find_values("床位达到" + "1" * 20000 + "张。", [])
    q = parse_cell("1" * 20000 + "-2")[0]
    assert v.value is None and "implausible_magnitude" in v.flags and q.value is None
    assert find_values("年满" + "1" * 20000 + "岁的老人", []) == []
    assert time.perf_counter() - t0 < 20  # a hang guard (quadratic reading takes minutes), not a speed target


def test_number_vocab_validation_names_the_key():
    base = {"units": {"个": ["个", 1]}, "comparators": {k: ["x"] for k in numbers._COMPARATOR_KEYS},
            "max_magnitude": {"default": 1}, "exclusions": [], "streak_words": ["连增", "连涨长"],
            "streak_years": {"rise_words": ["增长"], "between": ["保持"]}, "tenths_after": ["以上"]}
    assert numbers.parse_vocab(base).units == {"个": ("个", 1.0)}
    assert numbers.parse_vocab(base).streak_words == ("连涨长", "连增")  # longest first
    with pytest.raises(CmpError, match="units.个"):
        numbers.parse_vocab({**base, "units": {"个": ["个", 0]}})
    with pytest.raises(CmpError, match="comparators"):
        numbers.parse_vocab({**base, "comparators": {"ge_prefix": ["x"]}})
    with pytest.raises(CmpError, match="max_magnitude"):
        numbers.parse_vocab({**base, "max_magnitude": {"%": 100}})
    with pytest.raises(CmpError, match=r"exclusions\[0\].pattern"):
        numbers.parse_vocab({**base, "exclusions": [{"name": "x", "why": "y", "pattern": "("}]})
    with pytest.raises(CmpError, match="'exclusions'"):
        numbers.parse_vocab({k: v for k, v in base.items() if k != "exclusions"})


def test_one_comparator_vocabulary_for_cells_and_prose():
    from cmp.extract import clauses as prose

    ge = numbers.vocab().comparators["ge_prefix"]
    assert "不低于" in ge and "不低于" in prose.GE_WORDS and set(prose.GE_WORDS) <= set(ge)
    assert parse_cell("不足40%")[0].comparator == "<="


def test_prose_vocab_validation_names_the_key():
    import yaml

    from cmp.extract import prose_vocab

    data = yaml.safe_load(prose_vocab.VOCAB_PATH.read_text(encoding="utf-8"))
    assert prose_vocab.parse_vocab(data).words["growth_words"][0] == "年均增长率"
    with pytest.raises(CmpError, match="'lead_words'"):
        prose_vocab.parse_vocab({k: v for k, v in data.items() if k != "lead_words"})
    with pytest.raises(CmpError, match="themes.dibao"):
        prose_vocab.parse_vocab({**data, "themes": {"dibao": {"gloss": "x", "core": "yes", "words": ["低保"]}}})
    with pytest.raises(CmpError, match="to_verbs"):
        prose_vocab.parse_vocab({**data, "to_verbs": "("})
    with pytest.raises(CmpError, match="trail_words"):
        prose_vocab.parse_vocab({**data, "trail_words": []})


def test_unitless_number_is_a_value_only_after_a_ratio_word():
    (v,) = find_values("城乡低保标准比值提高到0.8以上", [])
    assert (v.value, v.unit, v.comparator) == (0.8, "", ">=") and "ratio" in v.flags
    assert find_values("完成第3批任务,共有35", []) == []


@pytest.mark.parametrize(("text", "value", "comparator"), [
    ("满意度达到九成以上。", 90.0, ">="), ("入住率在四成以下。", 40.0, "<="), ("占比约为7成,", 70.0, "="),
    ("覆盖面超过六成", 60.0, "="),
])
def test_tenths_are_shares(text, value, comparator):
    (v,) = find_values(text, [])
    assert (v.value, v.unit, v.comparator, v.flags) == (value, "%", comparator, ["tenths"])


@pytest.mark.parametrize("text", [
    "项目建成投用后成为示范", "一成不变的做法", "七成老人选择居家养老", "十一成员单位", "完成任务"])
def test_cheng_in_words_is_no_share(text):
    assert all(v.unit_raw != "成" for v in find_values(text, []))
