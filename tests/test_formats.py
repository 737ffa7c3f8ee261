"""Text layers of HTML, Word, PDF and GBK text: values, kinds, years, and quotes and locators that point at them."""

from __future__ import annotations

import re

import pytest

from cmp.build import build_table
from cmp.errors import CmpError
from cmp.ingest.formats import TextLayer, _Writer, html_layer, read_layer, sniff_encoding, write_grid

from . import docmaker
from .conftest import write_corpus

FORMATS = {
    "plan.html": docmaker.html_page,
    "plan.docx": docmaker.docx_file,
    "plan.pdf": docmaker.pdf_file,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build over the made-up plan in every format (and the GBK text), shared by the tests below."""
    folder = tmp_path_factory.mktemp("formats") / "raw"
    docs = {name: make() for name, make in FORMATS.items()}
    docs["plan_gbk.txt"] = docmaker.gbk_text()
    write_corpus(folder, docs)
    import yaml

    manifest = yaml.safe_load((folder / "manifest.yaml").read_text("utf-8"))
    for e in manifest["documents"]:
        if e["file"].endswith(".txt"):
            e["encoding"] = "gb18030"
    (folder / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), "utf-8")
    df, summary = build_table(folder)
    return df, {d.file: d for d in summary["docs"]}


@pytest.mark.parametrize("doc", [*FORMATS, "plan_gbk.txt"])
def test_every_table_value_is_read_with_kind_and_year_and_no_flags(built, doc):
    df, _ = built
    t = df[(df["doc"] == doc) & (df["method"] == "table")]
    got = {(r.label, r.kind, int(r.year), float(r.value)) for r in t.itertuples()}
    assert got == docmaker.TABLE_VALUES
    assert (t["flags"] == "").all(), t["flags"].tolist()
    # merged category cells (rowspan / repeated python-docx cells / a PDF box spanning rows) reach every row
    cats = dict(zip(t["label"], t["category"], strict=False))
    if not doc.endswith(".txt"):  # the text version has no category column
        assert cats["每千名老年人拥有养老床位数"] == "养老服务"
        assert cats["特困人员供养服务设施床位数"] == "社会救助"
    assert set(t.loc[t["label"] == "养老机构护理型床位占比", "attribute"]) == {"binding"}


@pytest.mark.parametrize("doc", [*FORMATS, "plan_gbk.txt"])
def test_targets_paragraph_gives_prose_targets(built, doc):
    df, _ = built
    p = df[(df["doc"] == doc) & (df["method"] == "prose")]
    got = {(r.quote, r.kind, int(r.year)) for r in p.itertuples()}
    assert {("880元", "target", 2025), ("58%", "target", 2025), ("16人", "target", 2025)} <= got


@pytest.mark.parametrize("doc", [*FORMATS, "plan_gbk.txt"])
def test_quotes_are_text_layer_spans(built, doc):
    df, docs = built
    text = docs[doc].text
    rows = df[df["doc"] == doc]
    assert len(rows)
    for r in rows.itertuples():
        assert text[r.start:r.end] == r.quote
        assert text[r.context_start:r.context_end] == r.context


@pytest.mark.parametrize(("doc", "pattern"), [
    ("plan.html", r"^表 1, row 6, col 6 \(/html/body/div/table/tr\[6\]/td\[5\]\)$"),
    ("plan.docx", r"^表 1, row 5, col 6$"),
    ("plan.pdf", r"^表 1, row 5, col 6 \(p\. 1 \[\d+,\d+,\d+,\d+\]\)$"),
    ("plan_gbk.txt", r"^line 10$"),
])
def test_table_locator_names_the_cell(built, doc, pattern):
    df, _ = built
    row = df[(df["doc"] == doc) & (df["method"] == "table") & (df["quote"] == "1500")]
    assert len(row) == 1
    assert re.match(pattern, row["locator"].iloc[0]), row["locator"].iloc[0]


@pytest.mark.parametrize(("doc", "pattern"), [
    ("plan.html", r"^/html/body/div/p\[3\]$"),
    ("plan.docx", r"^paragraph 4$"),
    ("plan.pdf", r"^p\. 1 \[\d+,\d+,\d+,\d+\]$"),
])
def test_prose_locator_names_the_paragraph(built, doc, pattern):
    df, _ = built
    row = df[(df["doc"] == doc) & (df["method"] == "prose") & (df["quote"] == "16人")]
    assert re.match(pattern, row["locator"].iloc[0]), row["locator"].iloc[0]


def test_html_drops_navigation_scripts_styles_and_footer():
    text = html_layer(docmaker.html_page(), "p.html").text
    for noise in ("首页", "登录", "var x", "color: red", "版权所有", "99%"):
        assert noise not in text
    assert docmaker.TARGETS in text


def test_html_colspan_row_becomes_one_group_cell_and_rowspan_repeats():
    html = ("<html><body><table><tr><td colspan='3'>总表</td></tr>"
            "<tr><td rowspan='2'>甲</td><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr>"
            "<tr><td colspan='2'>乙丙</td><td>5</td></tr></table></body></html>").encode()
    lines = html_layer(html, "t.html").text.splitlines()
    assert lines == ["| 总表 |", "| 甲 | 1 | 2 |", "| 甲 | 3 | 4 |", "| 乙丙 | 乙丙 | 5 |"]


def test_html_table_row_of_any_length_keeps_every_value():
    from cmp.extract.tables import extract_tables
    from cmp.ingest.normalize import normalize

    label = "全市城乡社区综合服务设施覆盖率以及配套的日间照料中心和老年助餐点在各街道乡镇的覆盖比例" * 2
    html = ("<table><tr><th>序号</th><th>指标</th><th>单位</th><th>2020年</th><th>2025年</th></tr>"
            "<tr><td>1</td><td>养老床位数</td><td>张</td><td>10</td><td>20</td></tr>"
            f"<tr><td>2</td><td>{label}</td><td>%</td><td>30</td><td>40</td></tr>"
            "<tr><td>3</td><td>社工人数</td><td>人</td><td>50</td><td>60</td></tr></table>").encode()
    _, rows = extract_tables({"jurisdiction": "x", "file": "x.html", "period": "2021-2025"},
                             normalize(html_layer(html, "x.html").text))
    assert sorted(r["value"] for r in rows) == [10, 20, 30, 40, 50, 60]


def test_gb2312_page_is_read_by_its_charset():
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body>"
            "<div class='content'><p>临河县民政局印发本规划。</p></div></body></html>").encode("gbk")
    layer = html_layer(page, "p.html")
    assert layer.text == "临河县民政局印发本规划。\n" and layer.encoding == "gb18030"


def test_docx_horizontal_merge_is_one_object_repeated():
    import io

    import docx

    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "一、社会救助"
    for k, v in enumerate(["指标", "2020年", "2025年"]):
        t.cell(1, k).text = v
    for k, v in enumerate(["特困供养床位数", "30", "45"]):
        t.cell(2, k).text = v
    buf = io.BytesIO()
    d.save(buf)
    lines = read_layer(buf.getvalue(), "m.docx").text.splitlines()
    assert lines == ["| 一、社会救助 |", "| 指标 | 2020年 | 2025年 |", "| 特困供养床位数 | 30 | 45 |"]


def test_two_row_header_with_column_groups_is_read_as_one():
    html = ("<html><body><p>表2 梧桐区养老服务指标</p><table>"
            "<tr><th rowspan='2'>序号</th><th rowspan='2'>指标</th><th rowspan='2'>单位</th>"
            "<th colspan='2'>2025年</th></tr><tr><th>目标值</th><th>实际值</th></tr>"
            "<tr><td>1</td><td>街道综合养老服务中心数</td><td>个</td><td>12</td><td>14</td></tr>"
            "</table></body></html>").encode()
    layer = html_layer(html, "t.html")
    # rendered as printed (a spanning cell repeats its text); the table reader merges the two header rows
    assert layer.text.splitlines()[1:3] == ["| 序号 | 指标 | 单位 | 2025年 | 2025年 |",
                                            "| 序号 | 指标 | 单位 | 目标值 | 实际值 |"]
    from cmp.extract.tables import extract_tables
    from cmp.ingest.normalize import normalize

    _, rows = extract_tables({"jurisdiction": "wutong", "file": "t.html", "period": "2021-2025"},
                             normalize(layer.text))
    got = {(r["kind"], r["year"], r["value"]) for r in rows}
    assert got == {("target", 2025, 12.0), ("actual", 2025, 14.0)}
    k = layer.text.index("14 |")
    assert layer.locate(k, k + 2).startswith("表 1, row 3, col 5")


def test_a_docx_two_row_header_is_written_as_printed_and_read_as_one():
    import io

    import docx

    from cmp.extract.tables import extract_tables
    from cmp.ingest.normalize import normalize

    d = docx.Document()
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "指标"
    t.cell(0, 1).merge(t.cell(1, 1)).text = "单位"
    t.cell(0, 2).merge(t.cell(0, 3)).text = "2025年"
    t.cell(1, 2).text, t.cell(1, 3).text = "目标值", "实际值"
    for k, v in enumerate(["临河县养老床位数", "张", "3200", "3350"]):
        t.cell(2, k).text = v
    buf = io.BytesIO()
    d.save(buf)
    layer = read_layer(buf.getvalue(), "m.docx")
    assert layer.text.splitlines() == ["| 指标 | 单位 | 2025年 | 2025年 |", "| 指标 | 单位 | 目标值 | 实际值 |",
                                       "| 临河县养老床位数 | 张 | 3200 | 3350 |"]
    _, rows = extract_tables({"jurisdiction": "linhe", "file": "m.docx", "period": "2021-2025"},
                             normalize(layer.text))
    assert {(r["kind"], r["year"], r["value"], r["unit"]) for r in rows} == {
        ("target", 2025, 3200.0, "张"), ("actual", 2025, 3350.0, "张")}
    k = layer.text.index("3350")
    assert layer.locate(k, k + 4) == "表 1, row 3, col 4"


def test_grid_locators_nest_cell_inside_row_inside_table():
    w = _Writer()
    a, b = object(), object()
    write_grid(w, [[(a, "指标", ""), (b, "12", "")]], 3, "p. 2")
    layer = w.layer("pdf")
    k = layer.text.index("12")
    assert layer.locate(k, k + 2) == "表 3, row 1, col 2 (p. 2)"
    assert layer.locate(0, 1) == "表 3, row 1 (p. 2)"
    assert TextLayer("x", "txt").locate(0, 1) == ""


def test_gbk_text_is_decoded_not_rewritten_and_sniffed():
    data = docmaker.gbk_text()
    assert sniff_encoding(data, "a.txt") == "gb18030"
    assert sniff_encoding("青川".encode(), "a.txt") == "utf-8"
    layer = read_layer(data, "a.txt", "gb18030")
    assert layer.text == data.decode("gbk") and layer.encoding == "gb18030"
    with pytest.raises(CmpError, match="looks GBK/GB18030-encoded: add `encoding: gb18030`"):
        read_layer(data, "a.txt")  # the manifest says nothing: UTF-8 is expected, with the fix named
    with pytest.raises(CmpError, match="not valid gb18030 at byte offset 0"):
        read_layer(b"\x81\x30", "b.txt", "gb18030")


def test_scanned_pdf_without_text_is_refused():
    import io

    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    fig = Figure(figsize=(4, 4))
    fig.add_artist(Rectangle((0.1, 0.1), 0.5, 0.5))  # an image-like page: no characters at all
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    with pytest.raises(CmpError, match="no text layer.*OCR"):
        read_layer(buf.getvalue(), "scan.pdf")


def test_pdf_with_unmapped_glyphs_is_refused(monkeypatch):
    from cmp.ingest import pdf

    # a real font without a ToUnicode map is hard to make here: count every CJK character as such a glyph
    monkeypatch.setattr(pdf, "_UNMAPPED_RE", re.compile("[\u4e00-\u9fff]"))
    with pytest.raises(CmpError, match="without a Unicode mapping"):
        read_layer(docmaker.pdf_file(table=False), "garbled.pdf")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("old.doc", b"\xd0\xcf\x11\xe0", r"legacy Word file.*\.docx"),
    ("old.wps", b"\xd0\xcf\x11\xe0", r"WPS.*\.docx"),
    ("broken.pdf", b"%PDF-1.4 nothing", "not a readable PDF"),
    ("broken.docx", b"PK\x03\x04 nothing", "not a readable .docx"),
    ("plan.rtf", b"{\\rtf1}", "unsupported file type"),
])
def test_unreadable_files_get_one_clear_message(name, data, message):
    with pytest.raises(CmpError, match=message):
        read_layer(data, name)


def test_pdf_below_the_garbled_share_is_read(monkeypatch):
    from cmp.ingest import pdf

    monkeypatch.setattr(pdf, "_UNMAPPED_RE", re.compile("[青]"))  # a few bad glyphs are not a garbled file
    assert "民政" in read_layer(docmaker.pdf_file(table=False), "ok.pdf").text


def test_text_layer_is_deterministic():
    a, b = read_layer(docmaker.pdf_file(), "a.pdf"), read_layer(docmaker.pdf_file(), "a.pdf")
    assert a.text == b.text and a.sha256 == b.sha256 and a.spans == b.spans
