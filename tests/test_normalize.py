import pytest

from cmp.ingest.normalize import find_duplicate_blocks, fold_char, normalize
from cmp.ingest.sources import load_documents

from .conftest import RAW


@pytest.fixture(scope="module")
def docs():
    return {d.jurisdiction: d for d in load_documents(RAW)}


def test_offset_round_trip_every_character_of_every_document(docs):
    for d in docs.values():
        n = normalize(d.text)
        assert len(n.starts) == len(n.text) == len(n.ends)
        pieces = []
        prev_end = 0
        for i, ch in enumerate(n.text):
            rs, re_ = n.to_raw(i, i + 1)
            assert rs >= prev_end - 1  # monotone
            raw_piece = d.text[rs:re_]
            folded = "".join(fold_char(c) for c in raw_piece)
            # the normalized char is the fold of its raw char, possibly after Traditional -> Simplified
            assert ch == folded or ch in "".join(fold_char(c) for c in _simplified(raw_piece)), (d.file, i)
            if rs >= prev_end:
                pieces.append(d.text[prev_end:rs])  # dropped zero-width characters
                pieces.append(raw_piece)
                prev_end = re_
        pieces.append(d.text[prev_end:])
        assert "".join(pieces) == d.text
        assert n.text.count("\n") == d.text.count("\n")  # line numbers agree


def _simplified(s):
    from cmp.ingest.normalize import to_simplified

    return to_simplified(s)


def test_span_maps_back_to_exact_raw_text(docs):
    d = docs["xincheng"]
    n = normalize(d.text)
    i = n.text.index("养老服务方面")
    rs, re_ = n.to_raw(i, i + len("养老服务方面"))
    assert d.text[rs:re_] == "養老服務方面"


def test_traditional_to_simplified_on_xincheng(docs):
    n = normalize(docs["xincheng"].text)
    assert "为认真贯彻落实全国、自治区、呼市民政工作会议精神" in n.text
    assert "養老" not in n.text and "區" not in n.text


def test_spaces_and_fullwidth_folded():
    n = normalize("指标\u3000值\u2002１２．５％\u00a0≧35\r\n下一行")
    assert n.text == "指标 值 12.5% ≥35\n下一行"
    rs, re_ = n.to_raw(n.text.index("12.5%"), n.text.index("12.5%") + 5)
    assert n.raw[rs:re_] == "１２．５％"


def test_duplicate_page_detected_in_xincheng(docs):
    n = normalize(docs["xincheng"].text)
    assert len(n.duplicates) == 1
    b = n.duplicates[0]
    assert (b.first_start, b.first_end, b.start, b.end) == (5, 49, 59, 103)
    assert 60 in n.duplicate_line_numbers() and 6 not in n.duplicate_line_numbers()


def test_no_false_duplicates_in_other_documents(docs):
    for j in ("chifeng", "wuhan", "tongzhou", "jining"):
        assert normalize(docs[j].text).duplicates == []


def test_duplicate_detection_needs_a_real_block():
    lines = ["标题", "1", "2", "正文" * 50, "标题", "1", "2"]
    assert find_duplicate_blocks(lines) == []
    long = ["第一行内容" * 20, "第二行内容" * 20, "第三行内容" * 20]
    blocks = find_duplicate_blocks(["head"] + long + ["middle"] + long)
    assert [(b.first_start, b.first_end, b.start, b.end) for b in blocks] == [(2, 4, 6, 8)]


# ---------------------------------------------------------------------------------------------------------------
# line ends, BOM and the noise of saved pages (issue 10)


@pytest.mark.parametrize("eol", ["\r", "\r\n", "\n"])
def test_every_line_end_becomes_one_newline_mapped_to_the_raw_line_end(eol):
    raw = "\ufeff第一行" + eol + "第二行 12%" + eol + eol + "第四行"
    n = normalize(raw)
    assert n.text == "第一行\n第二行 12%\n\n第四行"
    i = n.text.index("12%")
    rs, re_ = n.to_raw(i, i + 3)
    assert raw[rs:re_] == "12%"
    nl = n.text.index("\n")
    assert raw[slice(*n.to_raw(nl, nl + 1))] == eol  # the newline maps to the whole raw line end
    assert n.line_of(rs) == 2 and n.line_of(raw.index("第四行")) == 4


def test_pinyin_readings_after_characters_are_removed_with_offsets_kept():
    raw = "全市共有一萬(wàn)個社區,發(fā)展(fā zhǎn)迅速。"
    n = normalize(raw)
    assert n.text == "全市共有一万个社区,发展迅速。" and n.pinyin_removed == 3
    i = n.text.index("万个")
    assert raw[slice(*n.to_raw(i, i + 2))] == "萬(wàn)個"  # the span still covers what was printed


@pytest.mark.parametrize(("raw", "text"), [
    ("共有养老机构1,864个,比上年增加", "共有养老机构1864个,比上年增加"),
    ("支出12,345,678元", "支出12345678元"),
    ("年末共有2,977个。", "年末共有2977个。"),
    ("截至2021,2022年", "截至2021,2022年"),  # four digits before the comma: two years, not a number
    ("第1,2,3项", "第1,2,3项"),  # groups of one digit: a list
    ("共12,3456人", "共12,3456人"),  # a group of four: not a separator
    ("增长1.5,000", "增长1.5,000"),  # after a decimal point: not a separator
    ("养老床位1,200,全市", "养老床位1200,全市"),  # the clause comma after the number stays
])
def test_thousands_separators_are_dropped_and_nothing_else(raw, text):
    n = normalize(raw)
    assert n.text == text
    assert raw[slice(*n.to_raw(0, len(n.text)))] == raw  # the whole text still maps to the whole raw text


def test_a_number_with_thousands_separators_maps_back_to_the_printed_digits():
    raw = "全县养老床位达到4,120张。"
    n = normalize(raw)
    i = n.text.index("4120")
    assert raw[slice(*n.to_raw(i, i + 5))] == "4,120张"
    assert n.pinyin_removed == 0


def test_parentheses_that_are_not_readings_stay():
    for raw in ["养老床位(张)", "面积(km)", "指标(A)", "编号(ab12)", "text (wàn) after a space"]:
        assert normalize(raw).text == raw.replace("张", "张")
        assert normalize(raw).pinyin_removed == 0


def test_navigation_footer_and_page_number_lines_are_blanked_and_recorded():
    raw = "\n".join([
        "首页 | 政务公开 | 登录 | 分享到",
        "发布时间:2022-01-05 来源:青川市民政局 字号:大 中 小 打印 关闭",
        "青川市养老服务发展规划",
        "- 12 -",
        "第 3 页 共 20 页",
        "全市共有养老机构35家。",
        "版权所有:青川市民政局 技术支持:某网络公司",
    ])
    n = normalize(raw)
    assert n.noise_lines == {1: "nav", 2: "nav", 4: "page_number", 5: "page_number", 7: "footer"}
    assert n.text.split("\n") == ["", "", "青川市养老服务发展规划", "", "", "全市共有养老机构35家。", ""]
    i = n.text.index("35")
    assert raw[slice(*n.to_raw(i, i + 2))] == "35"


def test_text_lines_with_a_navigation_word_are_not_noise():
    from cmp.ingest.normalize import noise_kind

    assert noise_kind("返回首页后可查看全市养老服务机构名录,打印和分享均免费。") == ""  # a sentence
    assert noise_kind("请点击首页、打印或关闭。") == ""  # nav words, but a sentence
    assert noise_kind("中 中 中 中") == ""  # one word repeated is not a navigation bar
    assert noise_kind("首页 登录") == ""  # too few words
    assert noise_kind("12") == "" and noise_kind("-") == ""  # cells of a one-cell-per-line table
    assert noise_kind("首页 关闭 打印 养老服务机构床位数量统计情况说明以及各区县分布") == ""  # mostly text
    assert noise_kind("— 7 —") == "page_number"
    assert noise_kind("版权所有 " + "某" * 200) == ""  # too long for a footer


def test_mojibake_lines_are_recorded_not_repaired():
    raw = "正常一行\nå¹´åº¦æ\u0080»ç»\u0093\n锟斤拷烫烫烫\n另一行"
    n = normalize(raw)
    assert n.mojibake_lines == frozenset({2, 3})
    assert "锟斤拷" in n.text  # kept as printed


def test_page_noise_vocabulary_is_validated():
    from importlib import resources

    import yaml

    from cmp.errors import CmpError
    from cmp.ingest.normalize import noise_vocab, parse_noise_vocab

    good = yaml.safe_load(resources.files("cmp.ingest").joinpath("page_noise.yaml").read_text("utf-8"))
    assert parse_noise_vocab(good) == noise_vocab()
    cases = [({k: v for k, v in good.items() if k != "nav_words"}, "nav_words"),
             ({**good, "nav_min_words": "three"}, "nav_min_words"),
             ({**good, "nav_min_share": 1.5}, "nav_min_share"),
             ({**good, "footer_words": []}, "footer_words"),
             ({**good, "page_number_patterns": ["("]}, r"page_number_patterns\[0\]")]
    for data, key in cases:
        with pytest.raises(CmpError, match=rf"page_noise.yaml: bad key '{key}'"):
            parse_noise_vocab(data)
    with pytest.raises(CmpError, match="page_noise.yaml"):
        parse_noise_vocab([1, 2])


def test_noise_lines_are_judged_in_simplified_script_and_footer_marks_anywhere():
    raw = ("首頁 | 政務公開 | 登錄 | 分享到\n關於我們| 客服中心| 廣告服務| 聯繫我們\n正文一行。\n"
           "某某日報網 版權所有 滬ICP備2022000000號,未經授權,請勿轉載。\n")
    n = normalize(raw)
    assert n.noise_lines == {1: "nav", 2: "nav", 4: "footer"}
    assert n.text.split("\n") == ["", "", "正文一行。", "", ""]


def _char_by_char(raw: str):
    """The reference: every line character by character (no same-length shortcut)."""
    import numpy as np

    from cmp.ingest.normalize import _line_by_char, _raw_lines, to_simplified

    out, starts, ends = [], [], []
    no_drop = np.zeros(len(raw) + 1, dtype=bool)
    for a, b, c in _raw_lines(raw):
        text, s, e = _line_by_char(raw[a:b], a, to_simplified(raw[a:b]), no_drop)
        out.append(text)
        starts += s
        ends += e
        if c > b:
            out.append("\n")
            starts.append(b)
            ends.append(c)
    return "".join(out), starts, ends


@pytest.mark.parametrize("raw", [
    "甲\u200b乙\n１２．５％ 萬人\r\n\ufeff養老\r最后",  # zero-width, full-width, Traditional, all line ends
    "第一行\n\n\u3000\u3000第三行 ≧ 95%\n",
    "\u200b",
    "只有一行,没有换行",
])
def test_slow_path_shortcut_for_same_length_lines_matches_character_by_character(raw):
    """Lines that keep their length take the one-for-one shortcut; offsets must equal the per-character reading."""
    from cmp.ingest.normalize import _normalize_by_char, _raw_lines

    text, starts, ends = _normalize_by_char(raw, _raw_lines(raw), [])
    ref_text, ref_starts, ref_ends = _char_by_char(raw)
    assert text == ref_text
    assert starts.tolist() == ref_starts and ends.tolist() == ref_ends
    assert starts.dtype == ends.dtype == "int64"


def test_slow_path_leaves_out_dropped_spans_with_offsets_kept():
    from cmp.ingest.normalize import _normalize_by_char, _raw_lines

    raw = "一二三\n四(sì)五\n六七"
    a = raw.index("(")
    text, starts, ends = _normalize_by_char(raw, _raw_lines(raw), [(a, a + 4)])
    assert text == "一二三\n四五\n六七"
    five = text.index("五")
    assert raw[starts[five]:ends[five]] == "五"
    assert starts.tolist()[:4] == [0, 1, 2, 3] and ends.tolist()[3] == 4  # the line end maps to the raw \n
    pieces = [raw[s:e] for s, e in zip(starts, ends, strict=True)]
    assert pieces == ["一", "二", "三", "\n", "四", "五", "\n", "六", "七"]


@pytest.mark.parametrize("raw", [
    "养老服务体系\n第 2 页 共 5 页\n護理型床位达到55%。\n",  # a page-number line blanked, Traditional characters
    "全市萬(wàn)人以上\n第 3 页\n最后一行",  # a glued pinyin reading and a page number, no final line end
    "第 1 页\n",
])
def test_fast_path_with_dropped_spans_matches_the_line_by_line_reading(raw):
    """Text that keeps its length takes the identity offsets less the dropped spans: same as line by line."""
    from cmp.ingest.normalize import _noise, _normalize_by_char, _raw_lines, to_simplified

    lines = _raw_lines(raw)
    _, _, drop = _noise(raw, to_simplified(raw), lines)
    assert drop  # the case under test
    n = normalize(raw)
    text, starts, ends = _normalize_by_char(raw, lines, drop)
    assert n.text == text
    assert n.starts.tolist() == starts.tolist() and n.ends.tolist() == ends.tolist()
    assert n.starts.dtype == "int64"


def test_without_drops_overlapping_spans_once():
    from cmp.ingest.normalize import _without

    text, starts = _without("0123456789", [(1, 3), (2, 5), (7, 8)])
    assert text == "05689" and starts.tolist() == [0, 5, 6, 8, 9]
    same, ident = _without("abc", [])
    assert same == "abc" and ident.tolist() == [0, 1, 2]
