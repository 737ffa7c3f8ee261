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
