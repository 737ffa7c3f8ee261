import pytest

from cmp.extract.tables import extract_tables, find_tables, header_role, segment_cells, split_glued_values
from cmp.ingest.normalize import normalize

pytestmark = pytest.mark.usefixtures("fresh_table_caches")  # rules, not remembered results

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
    beds = {r["year"]: r for r in rows if r["label"] == "养老床位总数(张)"}
    assert (beds[2020]["category"], beds[2020]["row_no"], beds[2020]["value"], beds[2020]["unit"]) == (
        "养老服务", 1, 7016, "张")
    assert "unit_in_label" in beds[2020]["flags"]
    assert {r["category"] for r in rows if r["label"] == "区救助站"} == {"区级"}
    # a review table of bare years (every year before the plan period): both years are actuals, inferred
    assert {(r["year"], r["kind"]) for r in beds.values()} == {(2015, "actual"), (2020, "actual")}
    assert all("year_role_inferred" in r["flags"] for r in beds.values())


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




# ---------------------------------------------------------------------------------------------------------------
# layouts of the genre (issue 10), nothing lost (issue 12), rule-level tests (issue 16)

def test_long_pipe_row_does_not_end_the_table():
    label = "城乡社区综合服务设施覆盖率" * 4  # 52 characters: the printed row is far past 60
    text = ("| 指标 | 单位 | 2020年 | 2025年 |\n"
            "| 养老床位 | 张 | 10 | 20 |\n"
            f"| {label} | % | 90 | 100 |\n"
            "| 社区工作者持证率 | % | 40 | 60 |\n"
            "| 儿童主任培训率 | % | 70 | 100 |\n")
    tables, rows = rows_of(text)
    assert len(tables) == 1 and tables[0].n_rows == 4 and tables[0].n_out == 4
    assert len([r for r in rows if r["value"] is not None]) == 8
    assert {r["value"] for r in rows if r["label"] == label} == {90, 100}


@pytest.mark.parametrize("eol", ["\r", "\r\n", "\n"])
def test_line_ends_and_bom_keep_every_value_and_raw_offsets(eol):
    text = "\ufeff" + eol.join(["表1 主要指标", "指标\t单位\t2020年\t2025年", "养老床位\t张\t10\t20",
                               "护理型床位占比\t%\t50\t60", "二、主要任务", ""])
    tables, rows = rows_of(text)
    assert [(r["label"], r["year"], r["value"]) for r in rows] == [
        ("养老床位", 2020, 10), ("养老床位", 2025, 20), ("护理型床位占比", 2020, 50), ("护理型床位占比", 2025, 60)]
    assert rows[0]["line"] == 3 and tables[0].header_line == 2
    assert "\r" not in rows[0]["quote"]


def _numbered_cells(n, start=1):
    lines = ["序号", "指标", "单位", "2025年目标值"]
    for i in range(start, start + n):
        lines += [str(i), f"社区服务站{i}号", "个", str(i % 7 + 1)]
    return "\n".join(lines) + "\n二、保障措施\n"


def test_row_numbers_past_999_are_read():
    tables, rows = rows_of(_numbered_cells(6, start=997))
    assert tables[0].n_rows == 6
    assert [r["row_no"] for r in rows] == [997, 998, 999, 1000, 1001, 1002]
    assert rows[3]["label"] == "社区服务站1000号" and rows[3]["value"] == 1000 % 7 + 1


def test_spaced_header_words_joined_and_value_unit_split():
    text = ("第二章 发展目标\n序号 指 标 2020年 基期值 2025年 目标值 指标 属性\n"
            "1 每万人口社会工作者 14.3人 20人 预期性\n2 护理型床位 占比 50% 60% 约束性\n第三章 任务\n")
    tables, rows = rows_of(text)
    t = tables[0]
    assert t.layout == "spaced" and [c.role for c in t.columns] == ["rowno", "indicator", "value", "value", "attribute"]
    b = pick(rows, "每万人口社会工作者", "baseline")
    assert (b["value"], b["unit"], b["year"], b["attribute"], b["quote"]) == (14.3, "人", 2020, "expected", "14.3人")
    # a label written with a space inside, single-spaced table: joined back into one label
    assert pick(rows, "护理型床位 占比", "target")["value"] == 60


def test_wide_gaps_keep_a_spaced_label_whole():
    for gap in ("  ", "    "):
        head = gap.join(["指标名称", "单位", "2020年", "2025年"])
        _, rows = rows_of(head + "\n" + gap.join(["老年人能力评估 覆盖率", "%", "60", "90"]) + "\n")
        assert {r["label"] for r in rows} == {"老年人能力评估 覆盖率"}, gap


def test_a_bare_year_never_joins_a_growth_word():
    from cmp.extract.table_spaced import spaced_header

    cols, cells, wide = spaced_header("指标 2015年 2020年 年均增长", 0, 1)
    assert [c.header for c in cols] == ["指标", "2015年", "2020年", "年均增长"] and not wide
    assert [c.growth for c in cols] == [False, False, False, True]
    cols, _, _ = spaced_header("指 标 2020年 基期值 2025年 目标值", 0, 1)
    assert [(c.kind, c.year) for c in cols[1:]] == [("baseline", 2020), ("target", 2025)]
    assert spaced_header("全市 养老 床位 2020年", 0, 1) is None


def test_bare_years_take_their_role_from_the_section():
    table = "\n指标\n2015年\n2020年\n年均增长\n养老床位(张)\n100\n200\n14.9%\n"
    _, review = rows_of("一、发展成就" + table)
    assert {(r["kind"], r["year"], r["value"]) for r in review} == {
        ("actual", 2015, 100), ("actual", 2020, 200), ("actual", 2020, 14.9)}
    growth = [r for r in review if r["value"] == 14.9][0]
    assert "growth_rate" in growth["flags"] and growth["qualifier"] == "年均增长" and growth["unit"] == "%"
    assert all("year_role_inferred" in r["flags"] for r in review if r["value"] != 14.9)
    plan = "二、发展目标\n指标\n2020年\n2025年\n养老床位(张)\n100\n200\n"
    _, rows = rows_of(plan)
    assert {(r["kind"], r["year"]) for r in rows} == {("baseline", 2020), ("target", 2025)}


def test_bare_year_kinds_rule():
    from cmp.extract.table_kinds import assign_kinds

    def kinds(years, role, period="2021-2025"):
        cols = [header_role(f"{y}年") for y in years] + [header_role("年均增长")]
        assign_kinds(cols, period, role)
        return [(c.kind, c.year) for c in cols]

    assert kinds([2020, 2025], "plan") == [("baseline", 2020), ("target", 2025), ("target", 2025)]
    assert kinds([2020, 2025], "review") == [("actual", 2020), ("actual", 2025), ("actual", 2025)]
    assert kinds([2015, 2020], "") == [("actual", 2015), ("actual", 2020), ("actual", 2020)]
    assert kinds([2015, 2020], "plan") == [("actual", 2015), ("baseline", 2020), ("target", 2020)]
    assert kinds([2022, 2023], "annual_plan", "2023") == [("baseline", 2022), ("target", 2023), ("target", 2023)]
    assert kinds([2022, 2023], "report", "2023") == [("actual", 2022), ("actual", 2023), ("actual", 2023)]
    c = header_role("2025年目标值")
    assert not c.year_role_inferred and header_role("2025").year_role_inferred
    assert header_role("年均增长(%)").growth and header_role("年均增长(%)").unit == "%"
    assert header_role("增幅").growth and not header_role("目标值").growth
    assert header_role("2016-2020年年均增长").year == 2020


def test_two_line_header_and_spanning_group_cell():
    text = ("| 指标 | 单位 | 规划目标 | | 属性 |\n| | | 2020年 | 2025年 | |\n| 公墓 | 处 | 6 | 11 | 约束性 |\n"
            "\n| 指标 | 基期值 | 目标值 |\n| | 2020年 | 2025年 |\n| 站点 | 3 | 9 |\n")
    tables, rows = rows_of(text)
    assert len(tables) == 2
    assert {(r["label"], r["kind"], r["year"], r["value"]) for r in rows} == {
        ("公墓", "baseline", 2020, 6), ("公墓", "target", 2025, 11),
        ("站点", "baseline", 2020, 3), ("站点", "target", 2025, 9)}
    assert all("year_role_inferred" not in r["flags"] for r in rows if r["label"] == "站点")


def test_group_rows_spanning_the_table_set_the_category():
    text = ("| 序号 | 指标 | 2025年 |\n| 社会救助 | | |\n| 1 | 低保动态管理率 | 100 |\n| 养老服务 | | |\n"
            "| 2 | 养老站点 | 260 |\n")
    tables, rows = rows_of(text)
    assert tables[0].n_rows == 2
    assert [(r["category"], r["label"]) for r in rows] == [("社会救助", "低保动态管理率"), ("养老服务", "养老站点")]


def test_box_table_and_page_break_with_repeated_header():
    box = ("专栏3 养老服务指标\n┌────┬────┬────┐\n│ 指标 │ 单位 │ 2025年 │\n├────┼────┼────┤\n"
           "│ 养老中心 │ 个 │ 12 │\n└────┴────┴────┘\n")
    _, rows = rows_of(box)
    assert [(r["label"], r["value"], r["unit"]) for r in rows] == [("养老中心", 12, "个")]
    paged = ("| 指标 | 2020年 | 2025年 |\n| 社会组织 | 10 | 20 |\n\n- 7 -\n\n| 指标 | 2020年 | 2025年 |\n"
             "| 慈善组织 | 3 | 5 |\n")
    tables, rows = rows_of(paged)
    assert len(tables) == 1 and tables[0].n_rows == 2
    assert [r["value"] for r in rows] == [10, 20, 3, 5]


def test_a_different_header_starts_a_new_table():
    text = "| 指标 | 2025年 |\n| 甲 | 1 |\n| 指标 | 单位 | 2020年 |\n| 乙 | 个 | 2 |\n"
    tables, _ = rows_of(text)
    assert [t.n_rows for t in tables] == [1, 1]


def test_rule_lines_and_lone_dashes():
    from cmp.extract.table_layouts import line_cells

    assert line_cells("|---|:---:|", 0, 1) is None
    assert line_cells("+----+----+", 0, 1) is None
    assert line_cells("├──┼──┤", 0, 1) is None
    assert [c.text for c in line_cells("-", 0, 1)] == ["-"]  # an empty cell in a one-cell-per-line table
    assert [c.text for c in line_cells("│ 指标 │ 2025 │", 10, 1)] == ["指标", "2025"]


def test_row_with_no_value_is_kept_and_counted():
    text = ("| 指标 | 单位 | 2020年 | 2025年 |\n| 养老床位 | 张 | 10 | 20 |\n| 婚姻登记 | 对 | — | 待定 |\n"
            "| 无值 | 个 | | |\n")
    tables, rows = rows_of(text)
    t = tables[0]
    assert (t.n_rows, t.n_out, t.n_no_value) == (3, 3, 2)
    kept = [r for r in rows if r["label"] == "婚姻登记"]
    assert kept and all(r["value"] is None for r in kept) and {r["value_text"] for r in kept} == {"—", "待定"}
    empty = [r for r in rows if r["label"] == "无值"]
    assert len(empty) == 1 and "missing_cell" in empty[0]["flags"]


def test_row_context_is_the_printed_row():
    _, rows = rows_of(MARKDOWN)
    r = pick(rows, "社会工作专业人才总量", "target")
    assert r["context"] == "| 2 | 社会工作专业人才总量 | 万人 | 0.31 | 0.45 | 预期性 |"
    _, rows = rows_of(ONE_CELL)
    r = pick(rows, "社会工作专业人才总量", "target")
    # (first cell to last, and the cell mark its line ends with, as a pipe row's context ends with its own)
    assert r["context"] == "3 |\n社会工作专业人才总量 |\n万人 |\n0.31 |\n0.45 |\n预期性 |"


def test_mojibake_cells_are_flagged_not_read():
    text = "| 指标 | 2020年 | 2025年 |\n| 养老床位 | 10 | 20 |\n| å¹´åº¦ | 3\ufffd | 5 |\n"
    _, rows = rows_of(text)
    bad = [r for r in rows if "mojibake" in r["flags"]]
    assert bad and all(r["value"] is None for r in bad) and {r["value_text"] for r in bad} == {"3\ufffd", "5"}
    assert pick(rows, "养老床位", "target")["value"] == 20


def test_table_vocab_is_validated_on_load():
    from cmp.errors import CmpError
    from cmp.extract.table_layouts import parse_table_vocab, vocab

    good = vocab()
    assert parse_table_vocab(good) is good
    bad_cases = [
        ({k: v for k, v in good.items() if k != "value_words"}, "value_words"),
        ({**good, "header_roles": {**good["header_roles"], "indicator": []}}, "header_roles.indicator"),
        ({**good, "attribute_words": {"约束性": "must"}}, "attribute_words"),
        ({**good, "period_years": {"十四五末": "2025"}}, "period_years"),
        ({**good, "value_words": {**good["value_words"], "guess": ["猜"]}}, "value_words"),
    ]
    for data, key in bad_cases:
        with pytest.raises(CmpError, match=rf"table_vocab.yaml: bad key '{key}'"):
            parse_table_vocab(data)
    with pytest.raises(CmpError, match="table_vocab.yaml"):
        parse_table_vocab(["not", "a", "mapping"])


def test_cell_score_rules():
    from cmp.extract.table_rows import cell_score

    assert cell_score("12", "rowno") > 0 and cell_score("1000", "rowno") > 0 and cell_score("养老", "rowno") < 0
    assert cell_score("约束性", "attribute") > 0 and cell_score("约束性", "value") < 0
    assert cell_score("张", "unit") > cell_score("张", "value")
    assert cell_score("55", "value") > cell_score("55", "indicator")
    assert cell_score("养老床位", "indicator") > cell_score("养老床位", "value")


def test_rows_printed_with_several_lines_per_cell_are_split():
    text = "\n".join(["序号", "指标", "2015年", "2020年", "1", "养老床位(张)", "其中:护理型床位(张)", "800", "130",
                      "1500", "410", "2", "低保对象(人)", "城市", "32", "26", "农村", "98", "71", "3", "社区(个)", "4",
                      "9", "二、目标", ""])
    tables, rows = rows_of(text)
    got = {(r["label"], r["qualifier"], r["year"], r["value"]) for r in rows}
    assert got == {("养老床位(张)", "", 2015, 800), ("养老床位(张)", "", 2020, 1500),
                   ("其中:护理型床位(张)", "", 2015, 130), ("其中:护理型床位(张)", "", 2020, 410),
                   ("低保对象(人)", "城市", 2015, 32), ("低保对象(人)", "城市", 2020, 26),
                   ("低保对象(人)", "农村", 2015, 98), ("低保对象(人)", "农村", 2020, 71),
                   ("社区(个)", "", 2015, 4), ("社区(个)", "", 2020, 9)}
    assert tables[0].n_rows == 5


def test_a_row_with_cells_beyond_its_columns_is_kept_unread():
    text = "\n".join(["序号", "指标", "2025年", "1", "养老床位", "800", "130", "2", "社区", "9", "二、目标", ""])
    _, rows = rows_of(text)
    odd = [r for r in rows if r["label"] == "养老床位"]
    assert odd and all(r["value"] is None and "extra_cell" in r["flags"] for r in odd)
    assert pick(rows, "社区", "target")["value"] == 9


def test_indicator_column_named_in_other_words():
    assert header_role("主要项目和指标").role == "indicator"
    assert header_role("指标属性").role == "attribute"  # an exact word of another column wins
    assert header_role("序号指标单位") is None  # words of several columns: not one header cell
    assert header_role("重点项目建设2025年") is None


def test_a_header_cell_printed_on_two_lines_is_one_column():
    text = "\n".join(["序号", "指标", "2010年", "2015年", "目标值", "年均增长(%)", "1", "社区服务中心(个)", "96", "150",
                      "9.3", "二、任务", ""])
    tables, rows = rows_of(text, {**PLAN, "period": "2011-2015"})
    assert len([c for c in tables[0].columns if c.role == "value"]) == 3
    assert {(r["kind"], r["year"], r["value"]) for r in rows} == {
        ("baseline", 2010, 96), ("target", 2015, 150), ("target", 2015, 9.3)}


def test_a_number_beyond_the_columns_makes_the_row_unread_but_text_does_not():
    _, rows = rows_of("| 指标 | 2025年 |\n| 养老床位 | 800 | 另有130 |\n| 社区 | 9 | 备注文字 |\n")
    bed = pick(rows, "养老床位", "target")
    assert bed["value"] is None and {"extra_cell", "column_ambiguous"} <= set(bed["flags"].split(";"))
    site = pick(rows, "社区", "target")
    assert site["value"] == 9 and "extra_cell" in site["flags"] and "column_ambiguous" not in site["flags"]


def test_two_value_columns_with_their_own_kinds_are_not_joined():
    text = "\n".join(["指标", "2020年基期值", "目标值", "属性", "养老床位", "10", "20", "预期性", "二、任务", ""])
    tables, rows = rows_of(text)
    assert [c.kind for c in tables[0].columns if c.role == "value"] == ["baseline", "target"]
    assert {(r["kind"], r["value"]) for r in rows} == {("baseline", 10), ("target", 20)}


def test_two_space_gaps_separate_cells_whose_words_are_spaced():
    _, rows = rows_of("类别  指标  2025年\n社会 救助  低保 人数  9\n")
    r = pick(rows, "低保 人数", "target")
    assert (r["category"], r["value"]) == ("社会 救助", 9)


def test_one_cell_per_line_table_continues_after_a_page_break_and_repeated_header():
    head = ["序号", "指标", "单位", "2025年"]
    text = "\n".join(head + ["1", "养老床位", "张", "100", "", "— 3 —", ""] + head
                     + ["2", "社区站点", "个", "20", "二、任务", ""])
    tables, rows = rows_of(text)
    assert len(tables) == 1 and tables[0].n_rows == 2
    assert [(r["row_no"], r["value"]) for r in rows] == [(1, 100), (2, 20)]
