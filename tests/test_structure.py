"""Rule-level tests of cmp.extract.structure on small made-up documents."""

from __future__ import annotations

import pytest

from cmp.errors import CmpError
from cmp.extract import structure
from cmp.extract.structure import heading_of, parse_structure, parse_vocab, role_of_heading
from cmp.ingest.normalize import normalize

PLAN = {"doc_kind": "five_year_plan", "period": "2021-2025"}

DOC = """青川市民政事业发展规划
第一章 发展基础
一、主要成就
“十三五”期间,全市建成养老机构12家。新增床位800张。
二、面临形势
人口老龄化加快。
第二章 主要任务
(一)提升救助水平
到2025年,低保标准达到每人每月900元。
专栏1 救助能力提升工程
1.建设救助站3个
2.培训社工200人次
专栏之后的正文,城市社区全覆盖。
第三节 保障措施
加强组织领导。
"""


def _st(text: str = DOC, meta: dict = PLAN):
    return parse_structure(normalize(text), meta)


def test_sections_paths_and_roles():
    st = _st()
    by_title = {s.title: s for s in st.sections}
    assert by_title["一、主要成就"].path == "第一章 发展基础 > 一、主要成就"
    assert by_title["第一章 发展基础"].time_role == "review"
    assert by_title["一、主要成就"].time_role == "review"
    assert by_title["二、面临形势"].time_role == "review"  # inherits from its chapter
    assert by_title["第二章 主要任务"].time_role == "plan"
    assert by_title["专栏1 救助能力提升工程"].kind == "box"
    assert by_title["第三节 保障措施"].level == 2


def test_section_at_raw_offsets():
    st = _st()
    assert st.section_at(DOC.index("建成养老机构")).path == "第一章 发展基础 > 一、主要成就"
    assert st.section_at(DOC.index("到2025年")).path == "第二章 主要任务 > (一)提升救助水平"
    assert st.section_at(DOC.index("救助站")).title == "专栏1 救助能力提升工程"
    # the box ends at the first line that is not one of its items
    assert st.section_at(DOC.index("专栏之后")).title == "(一)提升救助水平"
    assert st.section_at(0).kind == "root"
    assert st.section_at(0).time_role == "plan"  # from the document kind


def test_section_spans_nest():
    st = _st()
    for s in st.sections[1:]:
        assert s.parent.start <= s.start < s.end <= s.parent.end
        assert DOC[s.start:s.start + len(s.title)] == s.title


def test_sentences_and_clauses_have_raw_spans():
    st = _st()
    texts = [DOC[s.start:s.end] for s in st.sentences]
    assert "“十三五”期间,全市建成养老机构12家。" in texts
    assert "1.建设救助站3个" in texts  # a line without punctuation is a sentence
    s = next(s for s in st.sentences if DOC[s.start:s.end].startswith("到2025年"))
    assert len(s.clauses) == 2


def test_traditional_script_offsets_point_into_raw():
    raw = "第一章 發展基礎\n全市養老機構達到12家。\n"
    st = _st(raw)
    assert st.sections[1].title == "第一章 發展基礎"
    assert st.sections[1].time_role == "review"
    assert raw[st.sentences[-1].start:st.sentences[-1].end] == "全市養老機構達到12家。"


@pytest.mark.parametrize(("line", "kind"), [
    ("第三章 养老服务", "chapter"), ("第二节 社会救助", "section"), ("三、社区治理", "item"),
    ("(二)殡葬改革", "subitem"), ("2.儿童福利", "numbered"), ("专栏3 重点工程", "box"), ("表1 主要指标", "table"),
    ("二、2035年远景目标", "item"),
    ("()社会福利体系更加健全", "subitem"),          # the numeral lost in a garbled source
    ("4加强养老服务质量监督管理", "numbered"),      # the 、 or . after the number lost
])
def test_heading_forms(line, kind):
    hit = heading_of(line)
    assert hit is not None and hit[0].kind == kind and hit[1] == len(line)


@pytest.mark.parametrize("line", [
    "(一)城乡低保标准达到900元", "1.建设救助站3个", "12.5%的社区", "全市共有养老机构45家。", "一、",
    "5个街道实现全覆盖", "3年内建成", "12万人", "0增长", "2021年工作",  # a count and its unit, a year
])
def test_not_headings(line):
    assert heading_of(line) is None


def test_run_in_heading_takes_text_to_first_full_stop():
    raw = "(一)兜底保障更加有力。全市低保对象1.2万人,比上年减少5%。\n"
    st = _st(raw)
    assert st.sections[1].title == "(一)兜底保障更加有力"
    assert any(raw[s.start:s.end].startswith("全市低保对象") for s in st.sentences)


@pytest.mark.parametrize(("title", "role"), [
    ("一、“十三五”时期发展回顾", "review"), ("十三五时期取得的成绩", "review"), ("二、发展目标", "plan"),
    ("三、2022年工作总结", "report"), ("四、2023年工作安排", "annual_plan"), ("五、面临形势", ""),
    ("(二)2020年主要任务完成", "review"), ("十四五时期主要任务", "plan"),
])
def test_role_of_heading(title, role):
    assert role_of_heading(title, (2021, 2025)) == role


@pytest.mark.parametrize(("title", "role"), [
    ("一、主要指标完成情况", "report"), ("二、重点工作开展情况", "report"), ("三、重点任务进展情况", "report"),
    ("(一)完成情况和主要任务", "plan"), ("四、重点工作", "annual_plan"),
])
def test_the_role_word_that_ends_a_heading_names_the_section(title, role):
    # a Chinese heading is head-final: what it ends with is what the section is about
    assert role_of_heading(title, (2021, 2025)) == role


def test_targets_words_in_a_report_do_not_turn_it_into_a_plan_unless_a_later_year_is_named():
    report = {"doc_kind": "work_report", "period": "2023"}
    st = _st("一、主要指标\n低保对象900人\n二、2024年主要目标\n新增床位100张\n", report)
    assert [s.time_role for s in st.sections[1:]] == ["report", "plan"]
    bulletin = {"doc_kind": "statistical_bulletin", "period": "2023"}
    assert _st("一、2023年主要指标\n社会组织612个\n", bulletin).sections[1].time_role == "report"
    plan = {"doc_kind": "five_year_plan", "period": "2021-2025"}
    assert _st("一、主要指标\n床位100张\n", plan).sections[1].time_role == "plan"


def test_annual_plan_tasks_are_annual_plan_role():
    st = _st("一、重点任务\n建设社区食堂10个。\n", {"doc_kind": "annual_plan", "period": "2023"})
    assert st.sections[1].time_role == "annual_plan"
    st = _st("一、工作总结\n建成社区食堂10个。\n", {"doc_kind": "work_report", "period": "2023"})
    assert st.sections[1].time_role == "report"


DATELINE = {"doc_kinds": ["news_report"], "lines": 3}


def test_vocab_validation_names_the_key(tmp_path):
    good = structure.vocab()
    assert good.plan_periods["十三五"] == (2016, 2020)
    with pytest.raises(CmpError, match="plan_periods.十三五"):
        parse_vocab({"plan_periods": {"十三五": [2020, 2016]}, "time_roles": {}, "doc_kind_roles": {},
                     "headings": [{"kind": "x", "level": 1, "pattern": "x"}], "heading_max": 1,
                     "numbered_max": 1, "dateline": DATELINE})
    with pytest.raises(CmpError, match="time_roles"):
        parse_vocab({"plan_periods": {"a": [1, 2]}, "time_roles": {"past": ["x"]}, "doc_kind_roles": {},
                     "headings": [], "heading_max": 1, "numbered_max": 1,
                     "dateline": DATELINE})
    with pytest.raises(CmpError, match="heading_max"):
        parse_vocab({"plan_periods": {"a": [1, 2]}, "time_roles": {}, "doc_kind_roles": {},
                     "headings": [{"kind": "x", "level": 1, "pattern": "x"}], "heading_max": 0, "numbered_max": 1,
                     "dateline": DATELINE})


def test_linear_on_long_input():
    import time
    line = "全市养老机构达到12家," * 2000 + "。\n"
    t0 = time.perf_counter()
    st = _st(line * 50)
    assert len(st.sentences) == 50
    assert time.perf_counter() - t0 < 30  # a hang guard, not a speed target (benchmarks/ measures speed)
