"""Column alignment rules (table_align) on small made-up rows (临河县, invented numbers): display widths, blank
columns, boundaries between header cells, where a single space cuts a row, and cells placed by position."""

from __future__ import annotations

import pytest

from cmp.extract import table_align as A
from cmp.extract.table_align import Chunk
from cmp.extract.table_body import display_widths
from cmp.extract.table_layouts import Cell
from cmp.extract.tables import extract_tables
from cmp.ingest.normalize import normalize

pytestmark = pytest.mark.usefixtures("fresh_table_caches")  # rules, not remembered results

PLAN = {"jurisdiction": "临河县", "file": "lh.txt", "period": "2021-2025"}


def read(text: str):
    tables, rows = extract_tables(PLAN, normalize(text))
    for r in rows:
        assert text[r["start"]:r["end"]] == r["quote"]
    return tables, [(r["label"], r["kind"], r["year"], r["value"], r["unit"]) for r in rows]


def spans(chunks):
    return [(c.left, c.right) for c in chunks]


def test_char_width():
    assert [A.char_width(c) for c in "a1 %"] == [1, 1, 1, 1]
    assert [A.char_width(c) for c in "养養"] == [2, 2]
    assert A.char_width("\u3000") == 2 and A.char_width("５") == 2  # full-width space and digit
    assert A.char_width("\u0301") == 0  # a combining accent takes no column


def test_line_chunks_measure_display_columns():
    chunks = A.line_chunks("养老 12  %")
    assert chunks == [Chunk(0, 2, 0, 4), Chunk(3, 5, 5, 7), Chunk(7, 8, 9, 10)]
    assert A.line_chunks("") == [] and A.line_chunks("   ") == []
    assert spans(A.line_chunks("a b", [3, 1, 2])) == [(0, 3), (4, 6)]  # widths given per character
    assert spans(A.line_chunks("a\u3000b")) == [(0, 1), (3, 4)]  # any space separates, at its own width


def test_display_widths_come_from_the_raw_characters():
    nt = normalize("７２　%")  # folded to "72 %": still two columns per character
    assert nt.text == "72 %" and display_widths(nt, 0, 4) == [2, 2, 2, 1]
    assert display_widths(nt, 1, 2) == [2, 2]


def test_blank_share_counts_only_rows_that_reach_across():
    rows = [A.line_chunks("ab cd"), A.line_chunks("abcde"), A.line_chunks("a")]
    assert A._blank_share(2, rows) == 0.5  # "a" ends before column 2: neither blank nor text
    assert A._blank_share(0, rows) == 0.0
    assert A._blank_share(9, rows) == 0.0  # no row reaches column 9
    assert A._blank_share(2, [A.line_chunks("ab cd")]) == 1.0


def test_column_bounds_take_the_widest_run_blank_in_most_rows():
    header = A.line_chunks("ab      cd")
    rows = [header, A.line_chunks("a       c"), A.line_chunks("abc  x  c")]
    # columns 2..7 between the header cells; "abc  x  c" has text at 2 and 5: runs 3-4 and 6-7, widest rightmost
    assert A.column_bounds(spans(header), rows) == [(6, 8)]
    rows = [header, A.line_chunks("a  x    c")]
    assert A.column_bounds(spans(header), rows) == [(4, 8)]
    assert A.column_bounds(spans(header), [header, A.line_chunks("abcdefghij")]) is None


def test_column_bounds_tolerate_one_row_in_five_but_not_one_in_four():
    header = A.line_chunks("ab   cd")
    short = A.line_chunks("a    c")
    long = A.line_chunks("abcdefg")
    assert A.column_bounds(spans(header), [header, short, short, short, long]) == [(2, 5)]  # 4 of 5 blank
    assert A.column_bounds(spans(header), [header, short, short, long]) is None  # 3 of 4


def test_column_bounds_need_every_pair_of_header_cells():
    header = A.line_chunks("ab  cd  ef")
    assert A.column_bounds(spans(header), [header, A.line_chunks("a   c   e")]) == [(2, 4), (6, 8)]
    assert A.column_bounds(spans(header), [header, A.line_chunks("a   cdefg")]) is None
    assert A.column_bounds(spans(header[:1]), [header]) == []  # one header cell: nothing to bound


def cells(text, bounds):
    return [(c.text, c.start, c.end) for c in A.aligned_cells(text, 100, 7, A.line_chunks(text), bounds)]


def test_a_single_space_cuts_only_at_the_edge_of_a_boundary():
    # next cell starts where its column starts (bound ends at 4)
    assert cells("abc d", [(3, 4)]) == [("abc", 100, 103), ("d", 104, 105)]
    assert cells("abc d", [(2, 4)]) == [("abc", 100, 103), ("d", 104, 105)]
    # the cell before ends where its column ends (bound starts at 3), right-aligned numbers
    assert cells("abc d", [(3, 5)]) == [("abc", 100, 103), ("d", 104, 105)]
    # a space in the middle of a wide blank run is a space inside a label
    assert [c[0] for c in cells("abc d", [(2, 6)])] == ["abc d"]
    # a space away from every boundary joins
    assert [c[0] for c in cells("ab c   d", [(5, 7)])] == ["ab c", "d"]


def test_two_spaces_always_cut_and_cells_keep_their_offsets():
    assert cells("a  b", [(9, 10)]) == [("a", 100, 101), ("b", 103, 104)]
    got = A.aligned_cells("a  b", 100, 7, A.line_chunks("a  b"), [(9, 10)])
    assert all(c.line == 7 for c in got)


def test_cells_are_placed_by_position_with_an_empty_cell_for_a_blank_column():
    bounds = [(2, 4), (6, 8)]
    assert cells("ab      ef", bounds) == [("ab", 100, 102), ("", 102, 102), ("ef", 108, 110)]
    assert cells("    cd  ef", bounds) == [("", 100, 100), ("cd", 104, 106), ("ef", 108, 110)]
    assert cells("ab  cd", bounds) == [("ab", 100, 102), ("cd", 104, 106), ("", 106, 106)]


def test_no_placement_when_a_cell_reaches_into_a_boundary_or_two_share_a_column():
    bounds = [(2, 4), (6, 8)]
    # "abc" reaches into the first boundary: cells returned in order, no empty cell added
    assert [c[0] for c in cells("abc     ef", bounds)] == ["abc", "ef"]
    # two cells in one column (two spaces inside it)
    assert [c[0] for c in cells("    c  d  e", [(2, 4), (9, 10)])] == ["c", "d", "e"]
    assert A._slots([(0, 2), (4, 6)], [(2, 4)]) == [0, 1]
    assert A._slots([(0, 3)], [(2, 4)]) is None
    assert A._slots([(0, 1), (1, 2)], [(2, 4)]) is None
    assert A._slots([(4, 6)], [(2, 4)]) == [1]  # a cell that starts exactly at a boundary's end is past it


def table(*rows, widths):
    """Rows padded to fixed display widths with single spaces between columns (as a fixed-width text is)."""
    out = []
    for r in rows:
        out.append(" ".join(c + " " * (w - sum(A.char_width(x) for x in c)) for c, w in zip(r, widths, strict=True))
                   .rstrip())
    return "\n".join(out) + "\n"


def test_an_aligned_table_cut_at_single_spaces():
    text = "第二章 发展目标\n" + table(
        ["指标名称", "单位", "2020", "2025"],
        ["社区综合服务设施覆盖率", "%", "86", "100"],
        ["最低生活保障标准", "元/月", "712.5", "885.5"],
        ["新建养老 服务中心", "个", "", "12"],
        widths=[22, 5, 5, 5])
    tables, rows = read(text)
    assert tables[0].layout == "spaced" and tables[0].n_rows == 3 and tables[0].n_no_value == 0
    assert rows == [("社区综合服务设施覆盖率", "baseline", 2020, 86, "%"),
                    ("社区综合服务设施覆盖率", "target", 2025, 100, "%"),
                    ("最低生活保障标准", "baseline", 2020, 712.5, "元/月"),
                    ("最低生活保障标准", "target", 2025, 885.5, "元/月"),
                    ("新建养老 服务中心", "target", 2025, 12, "个")]  # a blank 2020 cell: 12 is the 2025 value


def test_a_table_of_one_row_is_not_taken_as_aligned():
    # one body row is no evidence of columns: read as before (the label keeps the unit, flagged); two rows are
    one = table(["指标名称", "单位", "2025"], ["最低生活保障标准", "元", "885"], widths=[16, 4, 4])
    _, got = extract_tables(PLAN, normalize("第二章 发展目标\n" + one))
    assert [(r["label"], r["value"]) for r in got] == [("最低生活保障标准 元", 885)]
    assert "missing_cell" in got[0]["flags"]
    two = one + table(["特困人员供养标准", "元", "960"], widths=[16, 4, 4])
    _, got = extract_tables(PLAN, normalize("第二章 发展目标\n" + two))
    assert [(r["label"], r["value"], r["unit"]) for r in got] == [("最低生活保障标准", 885, "元"),
                                                                  ("特困人员供养标准", 960, "元")]
    assert "missing_cell" not in got[0]["flags"]


def test_a_label_with_a_space_inside_a_wide_gap_stays_whole():
    text = "第二章 发展目标\n" + "\n".join([
        "指标名称            单位      2020年     2025年",
        "养老床位总数        张        3200       4100",
        "社区养老服务站点    个        45         80",
        "老年人能力评估 覆盖率    %    60    90",
        "养老护理员          人        120        300",
        "助餐点              个        12         40"]) + "\n"
    _, rows = read(text)
    assert {r[0] for r in rows} == {"养老床位总数", "社区养老服务站点", "老年人能力评估 覆盖率", "养老护理员", "助餐点"}
    assert [r[3] for r in rows if r[0] == "老年人能力评估 覆盖率"] == [60, 90]


@pytest.mark.parametrize("pad", [" ", "\u3000"])
def test_full_width_padding_lines_up_by_display_width(pad):
    fill = (lambda n: pad * (n // 2) + " " * (n % 2)) if pad != " " else (lambda n: " " * n)

    def row(cells, widths):
        return " ".join(c + fill(w - sum(A.char_width(x) for x in c)) for c, w in zip(cells, widths, strict=True))

    widths = [20, 4, 6, 6]
    lines = [row(["指標名稱", "單位", "2020年", "2025年"], widths),
             row(["每千名老年人社工數", "人", "1.5", "3"], widths),
             row(["兒童督導員持證上崗率", "%", "６０", "１００"], widths),
             row(["殯葬設施 改造數", "處", "4", "10"], widths)]
    _, rows = read("第二章 發展目標\n" + "\n".join(lines) + "\n")
    assert [(r[0], r[3], r[4]) for r in rows] == [
        ("每千名老年人社工數", 1.5, "人"), ("每千名老年人社工數", 3, "人"), ("兒童督導員持證上崗率", 60, "%"),
        ("兒童督導員持證上崗率", 100, "%"), ("殯葬設施 改造數", 4, "处"), ("殯葬設施 改造數", 10, "处")]


def test_a_header_merged_from_two_lines_is_not_aligned():
    from cmp.extract.table_layouts import Column
    from cmp.extract.tables import _aligned_bounds, _Header, _Lines

    head = _Header([Column("indicator", "指标"), Column("value", "2025年")], "spaced", 1,
                   cells=[Cell("指标", 0, 2, 1)])
    doc = _Lines(["指标 2025年", "床位 1", "站点 2"], [0, 9, 14], [[], [], []])
    assert _aligned_bounds([1, 2], doc, head) is None


def test_blank_share_skips_empty_rows():
    assert A._blank_share(2, [[], A.line_chunks("ab cd")]) == 1.0


def test_display_widths_count_a_character_split_in_two_once():
    class Split:  # a raw "㎡" read as two normalized characters (m, 2), then "x"
        raw = "㎡x"
        starts = [0, 0, 1]
        ends = [1, 1, 2]

    assert display_widths(Split, 0, 3) == [A.char_width("㎡"), 0, 1]


def test_a_group_row_across_a_boundary_does_not_break_the_alignment():
    head = table(["指标名称", "单位", "2020", "2025"], ["社区综合服务设施覆盖率", "%", "86", "100"],
                 widths=[22, 5, 5, 5])
    tail = table(["最低生活保障标准", "元/月", "712.5", "885.5"], widths=[22, 5, 5, 5])
    group = "社会救助和基本社会服务和社区建设\n"  # one chunk across the first boundary: not counted
    _, rows = read("第二章 发展目标\n" + head + group + tail)
    assert [(r[0], r[3], r[4]) for r in rows] == [
        ("社区综合服务设施覆盖率", 86, "%"), ("社区综合服务设施覆盖率", 100, "%"),
        ("最低生活保障标准", 712.5, "元/月"), ("最低生活保障标准", 885.5, "元/月")]


def test_blank_share_edges_of_a_row():
    # a row that starts at x reaches it (text there); one that ends just before x does not reach it
    assert A._blank_share(2, [A.line_chunks("  cd"), A.line_chunks("ab  e")]) == 0.5
    assert A._blank_share(2, [A.line_chunks("ab"), A.line_chunks("abcd")]) == 0.0
    assert A._blank_share(2, [A.line_chunks("a"), A.line_chunks("ab cd")]) == 1.0  # a short row first


def test_column_bounds_prefer_the_wider_run_and_end_at_the_next_header_cell():
    header = A.line_chunks("ab      cd")
    assert A.column_bounds(spans(header), [header, A.line_chunks("ab    x cd")]) == [(2, 6)]
    # the next header cell's first column is blank in four rows of five: still not part of the boundary
    header = A.line_chunks("ab   cd")
    assert A.column_bounds(spans(header), [header] + [A.line_chunks("a      e")] * 4) == [(2, 5)]


def test_an_empty_cell_carries_the_line():
    got = A.aligned_cells("ab      ef", 0, 9, A.line_chunks("ab      ef"), [(2, 4), (6, 8)])
    assert [c.line for c in got] == [9, 9, 9]


def test_aligned_bounds_read_widths_from_the_characters_when_none_are_given():
    from cmp.extract.table_spaced import spaced_header
    from cmp.extract.tables import _aligned_bounds, _Header, _Lines

    lines = ["指标 单位 2025", "床位 张   5", "站点 个   8"]
    offsets = [0, 11, 21]
    cols, cells, wide = spaced_header(lines[0], 0, 1)
    head = _Header(cols, "spaced", 1, wide, cells)
    assert _aligned_bounds([1, 2], _Lines(lines, offsets, [[], [], []]), head) == [(4, 5), (9, 10)]
