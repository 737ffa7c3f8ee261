"""Small made-up plan documents in every supported format, written for the tests (invented places and numbers).

Each holds the same content: a title, a paragraph of targets and an indicator table whose category cells are
merged down the rows (rowspan) and whose title row is merged across (colspan).
"""

from __future__ import annotations

import io
from pathlib import Path

TITLE = "青川市“十四五”民政事业发展规划"
PUBLISHER = "青川市民政局"
DATE_LINE = "青川市民政局 2021年11月8日"
INTRO = "为推动青川市民政事业高质量发展，依据有关规定，制定本规划。"
TARGETS = ("到2025年，全市城市低保标准达到每人每月880元，养老机构护理型床位占比达到58%，"
           "每万人拥有持证社会工作者达到16人。")
HEADER = ["类别", "序号", "指标", "单位", "2020年基期值", "2025年目标值", "指标属性"]
# (category, row no., indicator, unit, baseline, target, attribute); categories are merged down their rows
ROWS = [
    ("养老服务", "1", "养老机构护理型床位占比", "%", "41", "58", "约束性"),
    ("养老服务", "2", "每千名老年人拥有养老床位数", "张", "33.5", "36", "预期性"),
    ("社会救助", "3", "城市低保标准", "元/人·月", "760", "880", "预期性"),
    ("社会救助", "4", "特困人员供养服务设施床位数", "张", "1260", "1500", "约束性"),
]
TABLE_CAPTION = "表1 青川市“十四五”民政事业发展主要指标"
# every (indicator, kind, year, value) the table holds
TABLE_VALUES = {(r[2], kind, year, float(v)) for r in ROWS for kind, year, v in
                (("baseline", 2020, r[4]), ("target", 2025, r[5]))}


def html_page(extra_nav: bool = True) -> bytes:
    """A government-site page: navigation, scripts and a footer around the article with a real <table>."""
    body_rows = []
    for i, r in enumerate(ROWS):
        cat = f'<td rowspan="2">{r[0]}</td>' if i % 2 == 0 else ""
        body_rows.append("<tr>" + cat + "".join(f"<td>{c}</td>" for c in r[1:]) + "</tr>")
    nav = ('<div class="nav"><a href="/">首页</a> <a href="/login">登录</a> 分享 打印</div>'
           '<script>var x = "到2025年达到99%";</script><style>p {color: red}</style>') if extra_nav else ""
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}</title></head>
<body>{nav}
<div class="article-content">
<h1>{TITLE}</h1>
<p>{DATE_LINE}</p>
<p>{INTRO}</p>
<p>{TARGETS}</p>
<p>{TABLE_CAPTION}</p>
<table border="1">
<tr><th colspan="7">主要指标</th></tr>
<tr>{''.join(f'<th>{h}</th>' for h in HEADER)}</tr>
{''.join(body_rows)}
</table>
</div>
<div class="footer">版权所有 青川市人民政府</div>
</body></html>"""
    return html.encode("utf-8")


def docx_file() -> bytes:
    """A Word document: title, paragraphs, and the table with merged category cells (python-docx)."""
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph(DATE_LINE)
    d.add_paragraph(INTRO)
    d.add_paragraph(TARGETS)
    d.add_paragraph(TABLE_CAPTION)
    t = d.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for k, h in enumerate(HEADER):
        t.cell(0, k).text = h
    for i, r in enumerate(ROWS, start=1):
        for k, v in enumerate(r):
            if k == 0 and i % 2 == 0:
                continue
            t.cell(i, k).text = v
    for i in range(1, len(ROWS) + 1, 2):
        merged = t.cell(i, 0).merge(t.cell(i + 1, 0))
        merged.text = ROWS[i - 1][0]
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _font() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("mplfonts")
    return Path(list(spec.submodule_search_locations)[0]) / "fonts" / "NotoSansCJKsc-Regular.otf"


def pdf_file(pages: int = 1, table: bool = True) -> bytes:
    """A PDF drawn with matplotlib (Type 3 glyphs of the bundled Noto Sans CJK, so the text extracts), with the
    paragraph and a ruled table; `pages` > 1 repeats paragraphs of running text on further pages."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D

    font = FontProperties(fname=str(_font()), size=9)
    buf = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 3, "svg.hashsalt": "cmp", "pdf.compression": 6}), \
            PdfPages(buf, metadata={"CreationDate": None, "ModDate": None, "Producer": "cmp tests"}) as pp:
        for p in range(pages):
            fig = Figure(figsize=(8.27, 11.69))
            y = 0.94
            if p:  # a page of running text: one text block (fast to draw), a target sentence on every page
                body = [f"第{p + 1}页 全市持续推进社区服务设施建设，完善基层治理体系，提升为民服务水平。"] * 29
                body.append(f"到2025年，全市社区综合服务设施覆盖率达到{60 + p % 40}%。")
                fig.text(0.08, y, "\n".join(body), fontproperties=font, va="top", linespacing=2.2)
                pp.savefig(fig)
                continue
            # the paragraph of targets wraps after its widest line (the text block's right edge)
            cut = TARGETS.index("每万人")
            for text in [TITLE, DATE_LINE, INTRO, TARGETS[:cut], TARGETS[cut:]]:
                fig.text(0.08, y, text, fontproperties=font)
                y -= 0.025
            if table:
                fig.text(0.08, y - 0.01, TABLE_CAPTION, fontproperties=font)
                widths = [0.1, 0.06, 0.3, 0.1, 0.12, 0.12, 0.1]
                xs = [0.06]
                for wd in widths:
                    xs.append(xs[-1] + wd)
                top = y - 0.03
                rh = 0.03
                n = 1 + len(ROWS)
                grid = [HEADER, *ROWS]
                for r in range(n + 1):
                    x0 = xs[0] if r in (0, 1, n) or r % 2 == 1 else xs[1]
                    fig.add_artist(Line2D([x0, xs[-1]], [top - r * rh] * 2, color="black", linewidth=0.6))
                for x in xs:
                    fig.add_artist(Line2D([x, x], [top, top - n * rh], color="black", linewidth=0.6))
                for r, row in enumerate(grid):
                    for k, v in enumerate(row):
                        if k == 0 and r > 0:
                            if r % 2 == 0:
                                continue
                            fig.text(xs[0] + 0.005, top - (r + 0.5) * rh - 0.008, v, fontproperties=font)
                            continue
                        fig.text(xs[k] + 0.005, top - r * rh - 0.02, v, fontproperties=font)
            pp.savefig(fig)
    return buf.getvalue()


def gbk_text() -> bytes:
    """A plain-text plan encoded as GBK, with a tab-separated table."""
    lines = [TITLE, DATE_LINE, INTRO, TARGETS, TABLE_CAPTION, "\t".join(HEADER[1:])]
    lines += ["\t".join(r[1:]) for r in ROWS]
    return ("\n".join(lines) + "\n").encode("gbk")


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
