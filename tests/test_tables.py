import pytest

from cmp.extract.tables import extract_tables, find_tables, header_role, segment_cells, split_glued_values
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import load_documents

from .conftest import RAW

PLAN = {"jurisdiction": "testville", "file": "t.txt", "period": "2021-2025"}


def rows_of(text, meta=PLAN):
    nt = normalize(text)
    tables, rows = extract_tables(meta, nt)
    for r in rows:
        assert text[r["start"]:r["end"]] == r["quote"]  # every value points at its raw span
    return tables, rows


def pick(rows, label, kind):
    found = [r for r in rows if r["label"] == label and r["kind"] == kind]
    assert len(found) == 1, (label, kind, found)
    return found[0]


MARKDOWN = """前言文字。
表1 主要指标
| 序号 | 指标 | 单位 | 2020年 | 2025年目标值 | 属性 |
|---|---|---|---|---|---|
| 1 | 养老机构护理型床位占比 | % | 54 | ≥65 | 约束性 |
| 2 | 社会工作专业人才总量 | 万人 | 0.31 | 0.45 | 预期性 |
| 3 | 城乡低保标准年度增速 | % | —— | 不低于居民上年度人均消费支出增速 | 预期性 |
二、主要任务
"""


def test_markdown_pipe_table_roles_from_header():
    tables, rows = rows_of(MARKDOWN)
    assert len(tables) == 1 and tables[0].layout == "lines" and tables[0].n_rows == 3
    b = pick(rows, "养老机构护理型床位占比", "baseline")
    t = pick(rows, "养老机构护理型床位占比", "target")
    assert (b["year"], b["value"], b["unit"], b["attribute"]) == (2020, 54, "%", "binding")
    assert (t["year"], t["value"], t["comparator"], t["value_text"]) == (2025, 65, ">=", "≥65")
    s = pick(rows, "社会工作专业人才总量", "target")
    assert (s["value"], s["unit"], s["value_raw"], s["unit_raw"]) == (4500, "人", "0.45", "万人")
    g = pick(rows, "城乡低保标准年度增速", "target")
    assert g["value"] is None and "non_numeric" in g["flags"] and g["value_text"] == "不低于居民上年度人均消费支出增速"
    assert "no_value" in pick(rows, "城乡低保标准年度增速", "baseline")["flags"]


def test_tab_separated_annual_plan_headers():
    text = ("指标\t单位\t2022年实际\t2023年目标\n社区养老服务站点\t个\t12\t20\n"
            "家庭养老床位\t张\t100\t485\n\n三、保障措施。\n")
    _, rows = rows_of(text, {**PLAN, "period": "2023"})
    b = pick(rows, "家庭养老床位", "actual")  # a column headed 实际 holds actuals, not baselines
    t = pick(rows, "家庭养老床位", "target")
    assert (b["year"], b["value"], t["year"], t["value"], t["unit"]) == (2022, 100, 2023, 485, "张")
    assert pick(rows, "社区养老服务站点", "target")["value"] == 20


ONE_CELL = """主要指标
序号 |
指标 |
单位 |
基期值 |
2025年目标值 |
属性 |
1 |
养老机构护理型床位占比 |
% |
—— |
55 |
预期性 |
2 |
整治散埋乱葬完成率 |
% |
80 |
预期性 | |
3 |
社会工作专业人才总量 |
万人 |
0.31 |
0.45 |
预期性 |
二、远景目标
"""


def test_one_cell_per_line_with_trailing_pipes_and_a_missing_cell():
    tables, rows = rows_of(ONE_CELL)
    assert tables[0].layout == "cells" and tables[0].n_rows == 3
    # the row with a missing cell keeps what it read, flagged, with no guessed value
    broken = [r for r in rows if r["label"] == "整治散埋乱葬完成率"]
    assert len(broken) == 1 and broken[0]["value"] is None and broken[0]["value_text"] == "80"
    assert "missing_cell" in broken[0]["flags"] and "column_ambiguous" in broken[0]["flags"]
    # ... and does not shift the row after it
    t = pick(rows, "社会工作专业人才总量", "target")
    assert (t["row_no"], t["value"], t["attribute"]) == (3, 4500, "expected")
    # a header word without a year: the year is assumed and flagged
    b = pick(rows, "养老机构护理型床位占比", "baseline")
    assert b["year"] == 2020 and "year_assumed" in b["flags"]


BLANK_LINES = "\n\n".join(
    ["序号", "指标", "方式", "2025", "1", "区级养老院", "建成运营", "1个,29786.79平方米", "2", "婚姻登记分中心",
     "筹划", "3", "殡仪馆", "迁建", "1", "4", "镇级公益性墓园", "建设", "9", "(四)巩固村社基础设施"]
)


def test_one_cell_per_line_with_blank_lines_missing_value_cell():
    tables, rows = rows_of(BLANK_LINES)
    assert tables[0].n_rows == 4
    missing = [r for r in rows if r["label"] == "婚姻登记分中心"]
    assert len(missing) == 1 and missing[0]["value"] is None and "missing_cell" in missing[0]["flags"]
    assert missing[0]["quote"] == "婚姻登记分中心"
    assert pick(rows, "殡仪馆", "target")["value"] == 1 and pick(rows, "殡仪馆", "target")["row_no"] == 3
    assert pick(rows, "镇级公益性墓园", "target")["value"] == 9
    two = [r for r in rows if r["label"] == "区级养老院"]
    assert [(r["value"], r["unit"]) for r in two] == [(1, "个"), (29786.79, "㎡")]
    assert all("multi_value" in r["flags"] for r in two) and two[0]["note"] == "方式: 建成运营"


GROUPS = "\n".join(
    ["序号", "指标", "2015", "2020", "区级", "1", "儿童福利服务指导中心", "0", "1", "2", "区救助站", "1", "1",
     "养老服务", "1", "养老床位总数(张)", "4634", "7016", "2", "千名老人养老床位数(张)", "3.36", "4.1", "二、面临形势"]
)


def test_group_headers_restart_row_numbers():
    tables, rows = rows_of(GROUPS)
    assert tables[0].n_rows == 4
    beds = pick(rows, "养老床位总数(张)", "actual")
    assert (beds["category"], beds["row_no"], beds["year"], beds["value"], beds["unit"]) == ("养老服务", 1, 2020,
                                                                                             7016, "张")
    assert "unit_in_label" in beds["flags"]
    assert pick(rows, "区救助站", "baseline")["category"] == "区级"
    # a review table with no future column: the earlier year is the baseline, the later one the actual
    assert pick(rows, "千名老人养老床位数(张)", "baseline")["year"] == 2015


GLUED = """表1  主要指标执行情况
指标类别指标内容(单位)指标属性基期目标值实际值完成情况
201520202020
社会救助城乡低保救助精准率(%)约束性93≥9999.9完成
城乡低保标准占上年度城乡居民平均消费支出的比重(%)约束性3230-40城市30农村43完成
养老服务养老床位数(万张)预期性6.11010.6完成
综合减灾示范社区覆盖率(%)预期性4060
机构调整
新婚婚姻登记颁证率(%)约束性
≥9095完成
注:1、带*号的指标。
"""


def test_glued_cells_split_by_inference_and_flagged():
    tables, rows = rows_of(GLUED)
    assert tables[0].layout == "glued" and tables[0].n_rows == 5
    r = pick(rows, "城乡低保救助精准率(%)", "target")
    assert (r["value"], r["comparator"], r["year"], r["category"]) == (99, ">=", 2020, "社会救助")
    assert "ambiguous_split" in r["flags"]
    assert pick(rows, "城乡低保救助精准率(%)", "actual")["value"] == 99.9
    beds = pick(rows, "养老床位数(万张)", "actual")
    assert (beds["value"], beds["unit"], beds["value_raw"], beds["category"]) == (106000, "张", "10.6", "养老服务")
    rng = pick(rows, "城乡低保标准占上年度城乡居民平均消费支出的比重(%)", "target")
    assert rng["value"] is None and (rng["value_low"], rng["value_high"]) == (30, 40)
    act = [r for r in rows if r["label"].startswith("城乡低保标准占") and r["kind"] == "actual"]
    assert [(r["qualifier"], r["value"]) for r in act] == [("城市", 30), ("农村", 43)]
    # a row continued on the next line: the baseline is missing, the ≥ marks the target
    t = pick(rows, "新婚婚姻登记颁证率(%)", "target")
    assert (t["value"], t["comparator"]) == (90, ">=") and "missing_cell" in t["flags"]
    assert pick(rows, "新婚婚姻登记颁证率(%)", "actual")["value"] == 95
    # two values and three columns: which column is empty cannot be known: values kept unread, flagged
    dis = [r for r in rows if r["label"] == "综合减灾示范社区覆盖率(%)"]
    assert {r["value_text"] for r in dis} == {"40", "60"}
    assert "完成情况: 机构调整" in dis[0]["note"]


def test_split_glued_values_prefers_consistent_magnitudes():
    from cmp.extract.tables import Column

    cols = [Column("value", "基期", "baseline", 2015), Column("value", "目标", "target", 2020),
            Column("value", "实际", "actual", 2020)]
    for glued, want in [("263030", ["26", "30", "30"]), ("31011.4", ["3", "10", "11.4"]),
                        ("200022002200", ["2000", "2200", "2200"]), ("255", ["2", "5", "5"])]:
        pieces, margin, n, _ = split_glued_values([(glued, 0)], cols, pct=False)
        assert [p[0] for p in pieces] == want and margin > 0.3 and n > 1


def test_header_roles():
    assert header_role("主 要 指 标").role == "indicator"
    assert header_role("2025年 目标值").kind == "target" and header_role("2025年 目标值").year == 2025
    assert header_role("2020年基期值").kind == "baseline"
    assert header_role("2022年实际").kind == "actual"
    assert header_role("指标 属性").role == "attribute"
    assert header_role("养老床位") is None


def test_prose_with_numbers_is_not_a_table():
    text = "到2025年,全市养老机构护理型床位占比达到55%以上。\n指标体系不断完善。\n"
    assert find_tables(normalize(text), "2021-2025") == []


def test_segmentation_gives_up_cleanly_on_nonsense():
    from cmp.extract.tables import Cell, Column

    cols = [Column("rowno", "序号"), Column("indicator", "指标"), Column("value", "2025", "target", 2025)]
    tokens = [Cell(t, 0, len(t), 1) for t in ["7", "x", "5"]]
    assert segment_cells(tokens, cols) is not None  # a table may start at any row number
    assert segment_cells([Cell("养老", 0, 2, 1)], cols) is None


@pytest.fixture(scope="module")
def corpus_tables():
    out = {}
    for d in load_documents(RAW):
        tables, rows = extract_tables(d.meta, normalize(d.text))
        out[d.jurisdiction] = (tables, rows, d.text)
    return out


def test_table_row_counts_per_document(corpus_tables):
    counts = {j: [t.n_rows for t in tables] for j, (tables, _, _) in corpus_tables.items()}
    assert counts == {"chifeng": [19], "wuhan": [23, 14], "tongzhou": [26, 16, 13, 7, 8], "jining": [],
                      "xincheng": []}


def test_every_table_row_reaches_the_rows(corpus_tables):
    for j, (tables, rows, text) in corpus_tables.items():
        for t in tables:
            in_table = {(r["row_no"], r["label"]) for r in rows if r["table"] == t.table_id}
            assert len(in_table) == t.n_rows, (j, t.table_id)
        for r in rows:
            assert text[r["start"]:r["end"]] == r["quote"]


def test_known_values_from_the_corpus(corpus_tables):
    _, rows, _ = corpus_tables["wuhan"]
    nb = [r for r in rows if r["label"] == "养老机构护理型床位占比"]
    assert {(r["kind"], r["year"], r["value"], r["attribute"]) for r in nb} == {
        ("baseline", 2020, 54, "binding"), ("target", 2025, 65, "binding")}
    _, rows, _ = corpus_tables["tongzhou"]
    ratio = [r for r in rows if r["label"] == "养老机构内养老护理人员数与入住需帮助老年人比例"]
    assert ratio[0]["value"] is None and "suspect_format" in ratio[0]["flags"] and ratio[0]["value_text"] == "1:07"
    _, rows, _ = corpus_tables["chifeng"]
    assert pick(rows, "社会工作专业人才总量", "actual")["value"] == 3100  # Chifeng's column: 2020年实际值
