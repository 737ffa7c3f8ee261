"""Read a raw document (.txt, .html, .docx, .pdf) into its text layer: the text every extractor reads.

The text layer is regenerated from the raw bytes at every build, deterministically. Plain text is only decoded
(UTF-8 or GB18030/GBK). Other formats are rendered: paragraphs become lines, and each table becomes a Markdown
pipe table (one grid row per line, one cell per `|`, merged cells repeated across the cells they span; a row that
is one merged cell becomes a one-cell group row). A `Span` map ties offsets of the text layer back to the
format's own terms (page and box, paragraph, table row and cell, HTML element path), so every tidy row can say
where its value sits in the original file.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CmpError

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".docx", ".pdf")
TEXT_ENCODINGS = ("utf-8", "gb18030", "gbk")
LEGACY_HINTS = {
    ".doc": "a legacy Word file: open it in Word or LibreOffice and save it as .docx "
            "(`soffice --headless --convert-to docx FILE`)",
    ".wps": "a WPS Office file: save it as .docx from WPS, or convert it with "
            "`soffice --headless --convert-to docx FILE`",
}


@dataclass(frozen=True)
class Span:
    """A stretch of the text layer [start, end) and where it sits in the source format."""

    start: int
    end: int
    locator: str


@dataclass(frozen=True)
class TextLayer:
    """The text the extractors read, the format it came from, and the map back to the source's own places."""

    text: str
    format: str
    encoding: str = ""
    spans: tuple[Span, ...] = ()
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s.start for s in self.spans))

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the text layer as UTF-8 (recorded in datapackage.json)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def locate(self, start: int, end: int | None = None) -> str:
        """The source locator of the innermost span holding [start, end); '' for plain text (lines say it)."""
        end = start if end is None else end
        i = bisect.bisect_right(self._starts, start) - 1
        best = ""
        best_len = None
        # spans nest (a table row holds its cells); walk back over the spans that start at or before `start`
        while i >= 0:
            s = self.spans[i]
            if s.start <= start and end <= max(s.end, s.start + 1):
                if best_len is None or s.end - s.start < best_len:
                    best, best_len = s.locator, s.end - s.start
            if self.spans[i].start < start - MAX_SPAN_LOOKBACK:
                break
            i -= 1
        return best


# spans that start this far before an offset cannot be the innermost span holding it (rows and cells are short)
MAX_SPAN_LOOKBACK = 4000


class _Writer:
    """Builds a text layer line by line, recording a span for each piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.spans: list[Span] = []

    def write(self, text: str, locator: str | None = None) -> tuple[int, int]:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        if locator:
            self.spans.append(Span(start, self.pos, locator))
        return start, self.pos

    def line(self, text: str, locator: str | None = None) -> None:
        if text:
            self.write(text, locator)
        self.write("\n")

    def layer(self, fmt: str) -> TextLayer:
        spans = tuple(sorted(self.spans, key=lambda s: (s.start, -s.end)))
        return TextLayer("".join(self.parts), fmt, spans=spans)


# ---------------------------------------------------------------------------------------------------------------
# dispatch


def read_layer(data: bytes, path: Path | str, encoding: str | None = None) -> TextLayer:
    """The text layer of one raw file, by its suffix; a file that cannot be read raises one clear CmpError."""
    suffix = Path(path).suffix.lower()
    if suffix in LEGACY_HINTS:
        raise CmpError(f"cannot read {suffix} files: this is {LEGACY_HINTS[suffix]}, then add the .docx",
                       path=str(path))
    if suffix in TEXT_SUFFIXES:
        return text_layer(data, path, encoding)
    readers: dict[str, Callable[[bytes, Path | str], TextLayer]] = {
        ".html": html_layer, ".htm": html_layer, ".docx": docx_layer, ".pdf": _pdf}
    if suffix not in readers:
        raise CmpError(f"unsupported file type {suffix or '(none)'!r}; expected one of "
                       f"{', '.join(SUPPORTED_SUFFIXES)}", path=str(path))
    return readers[suffix](data, path)


def _pdf(data: bytes, path: Path | str) -> TextLayer:
    from .pdf import pdf_layer

    return pdf_layer(data, path)


def sniff_encoding(data: bytes, path: Path | str) -> str:
    """The encoding of a text file: 'utf-8' when it decodes as UTF-8, else 'gb18030'; anything else is refused."""
    for enc in ("utf-8", "gb18030"):
        try:
            data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and b"\x00" in data[:4096]:
            break
        return enc
    raise CmpError("not a text file in UTF-8 or GB18030/GBK; re-save it as UTF-8", path=str(path))


def text_layer(data: bytes, path: Path | str, encoding: str | None = None) -> TextLayer:
    """Plain text decoded with `encoding` (default UTF-8), never rewritten: offsets are into the decoded text."""
    enc = (encoding or "utf-8").lower()
    if enc not in TEXT_ENCODINGS:
        raise CmpError(f"encoding {encoding!r} is not supported; expected one of {', '.join(TEXT_ENCODINGS)}",
                       path=str(path))
    if enc == "utf-8":
        from .sources import decode  # the UTF-8 reader with its hints for other encodings

        try:
            return TextLayer(data.decode("utf-8"), "txt", "utf-8")
        except UnicodeDecodeError as exc:
            if b"\x00" not in data[:4096] and _decodes(data, "gb18030"):
                raise CmpError(f"not valid UTF-8 at byte offset {exc.start}; it looks GBK/GB18030-encoded: add "
                               "`encoding: gb18030` to its manifest entry (`cmp add` does this itself)",
                               path=str(path)) from None
        return TextLayer(decode(data, path), "txt", "utf-8")
    try:
        return TextLayer(data.decode(enc), "txt", enc)
    except UnicodeDecodeError as exc:
        raise CmpError(f"not valid {enc} at byte offset {exc.start}; the manifest says encoding: {enc}",
                       path=str(path)) from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------------------------------------------------------
# grids (HTML and DOCX tables, PDF ruled tables) rendered as pipe tables

# a grid cell: (identity of the source cell, its text, its locator); merged cells share the identity
GridCell = tuple[object, str, str]


def _cell_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().replace("|", "¦")


def write_grid(w: _Writer, grid: Sequence[Sequence[GridCell]], table_no: int, where: str = "") -> None:
    """Render a grid as pipe-table lines; spans: the table, each row ('表 N, row R') and each cell (', col C')."""
    grid = [list(r) for r in grid if r]
    if not grid:
        return
    width = max(len(r) for r in grid)
    suffix = f" ({where})" if where else ""
    t0 = w.pos
    for r, row in enumerate(grid, start=1):  # as printed: a two-row header is merged by cmp.extract.table_headers
        row_loc = f"表 {table_no}, row {r}"
        ids = {id(c[0]) for c in row}
        r0 = w.pos
        if len(ids) == 1 and width > 1:  # one merged cell across the row: a group header
            cells = [(row[0], 1)]
        else:
            cells = [(c, k) for k, c in enumerate(row, start=1)]
        w.write("|")
        for (_key, text, loc), k in cells:
            w.write(" ")
            cell_loc = f"{row_loc}, col {k}" + (f" ({loc})" if loc else suffix)
            w.write(_cell_text(text) or "", cell_loc if _cell_text(text) else None)
            w.write(" |")
        w.spans.append(Span(r0, w.pos, row_loc + suffix))
        w.write("\n")
    w.spans.append(Span(t0, w.pos, f"表 {table_no}{suffix}"))


# ---------------------------------------------------------------------------------------------------------------
# HTML

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button",
              "select", "svg", "template", "head")
_BOILERPLATE = re.compile(r"(^|[\s_-])(nav|menu|footer|header|breadcrumb|crumb|share|sidebar|topbar|banner|"
                          r"login|search|copyright|related|toolbar)", re.I)
_ARTICLE = re.compile(r"(article|content|main|detail|zoom|trs_editor|text|body)", re.I)
_BLOCK_TAGS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dd", "dt",
               "dl", "blockquote", "pre", "center", "main", "figure", "figcaption", "caption", "tr", "br", "hr"}


def html_layer(data: bytes, path: Path | str) -> TextLayer:
    """An HTML page's article body: block elements as lines, `<table>`s as grids (rowspan/colspan expanded)."""
    import lxml.html
    from lxml import etree

    enc = html_encoding(data)
    try:
        root = lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding=enc))
    except (etree.ParserError, ValueError, LookupError) as exc:
        raise CmpError(f"not a readable HTML page: {exc}", path=str(path)) from None
    _drop_boilerplate(root)
    w = _Writer()
    walker = _HtmlWalker(root.getroottree(), w)
    walker.walk(_article(root))
    walker.flush()
    layer = w.layer("html")
    layer = TextLayer(layer.text, "html", enc, layer.spans)
    if not layer.text.strip():
        raise CmpError("the HTML page has no text in its body", path=str(path))
    return layer


def _drop_boilerplate(root) -> None:
    """Remove scripts, navigation and the elements whose id or class marks them as page furniture."""
    from lxml import etree

    for el in list(root.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(root.iter(etree.Element)):
        if el.getparent() is None or el.tag in ("html", "body"):
            continue
        marker = f"{el.get('id', '')} {el.get('class', '')}"
        if marker.strip() and _BOILERPLATE.search(marker) and not _ARTICLE.search(el.get("id", "")):
            _drop(el)


class _HtmlWalker:
    """Writes an element tree as lines: block elements end a line, a `<table>` becomes a grid."""

    def __init__(self, tree, w: _Writer) -> None:
        self.tree, self.w = tree, w
        self.tables = 0
        self.line: list[str] = []
        self.loc: str | None = None

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.line)).strip()
        if text:
            self.w.line(text, self.loc)
        self.line, self.loc = [], None

    def add(self, text: str | None, el) -> None:
        if text:
            if self.loc is None and text.strip():
                self.loc = self.tree.getpath(el)
            self.line.append(text)

    def walk(self, el) -> None:
        if not isinstance(el.tag, str):
            return
        if el.tag == "table":
            self.flush()
            self.tables += 1
            write_grid(self.w, _html_grid(el), self.tables, self.tree.getpath(el))
            return
        block = el.tag in _BLOCK_TAGS
        if block:
            self.flush()
        self.add(el.text, el)
        for child in el:
            self.walk(child)
            if block and child.tag in _BLOCK_TAGS:
                self.flush()
            self.add(child.tail, el)
        if block:
            self.flush()


_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def html_encoding(data: bytes) -> str:
    """The page's encoding: its <meta charset> (GB2312/GBK read as their superset GB18030), else UTF-8 when the
    bytes decode as UTF-8, else GB18030."""
    m = _CHARSET_RE.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        return "gb18030" if enc in ("gb2312", "gbk", "gb18030", "x-gbk") else enc
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _drop(el) -> None:
    """Remove an element but keep its tail text (the text after it belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _article(root):
    """The element holding the article: the id/class-marked container with the most text, else <body>."""
    body = root.find("body")
    body = body if body is not None else root
    best, best_len = body, -1
    total = len(body.text_content())
    for el in body.iter("div", "article", "section", "main", "td"):
        marker = f"{el.get('id', '')} {el.get('class', '')}"
        if el.tag != "article" and not _ARTICLE.search(marker):
            continue
        n = len(el.text_content())
        if n > best_len and n >= 0.3 * total:
            best, best_len = el, n
    return best


def _html_grid(table) -> list[list[GridCell]]:
    """A `<table>` as a rectangular grid of cells; a cell with rowspan/colspan fills every slot it covers."""
    rows = [tr for tr in table.iter("tr") if _nearest_table(tr) is table]
    grid: dict[tuple[int, int], GridCell] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            rs, cs = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            text = cell.text_content()
            item: GridCell = (cell, text, cell.getroottree().getpath(cell))
            for dr in range(rs):
                for dc in range(cs):
                    grid.setdefault((r + dr, c + dc), item)
            c += cs
    if not grid:
        return []
    n_rows = max(r for r, _ in grid) + 1
    n_cols = max(c for _, c in grid) + 1
    empty = object()
    out = []
    for r in range(n_rows):
        row = [grid.get((r, c), (empty, "", "")) for c in range(n_cols)]
        if any(t.strip() for _, t, _ in row):
            out.append(row)
    return out


def _nearest_table(el):
    for anc in el.iterancestors("table"):
        return anc
    return None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


# ---------------------------------------------------------------------------------------------------------------
# DOCX


def docx_layer(data: bytes, path: Path | str) -> TextLayer:
    """A Word file's paragraphs ('paragraph N') and tables ('表 N, row R, col C') in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on a broken file: one clear message
        raise CmpError(f"not a readable .docx file ({exc}); expected a Word 2007+ document", path=str(path)) from None
    w = _Writer()
    n_par = n_tab = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            n_par += 1
            text = re.sub(r"[ \t\r\n]+", " ", Paragraph(child, document).text).strip()
            if text:
                w.line(text, f"paragraph {n_par}")
        elif tag == "tbl":
            n_tab += 1
            table = Table(child, document)
            grid = []
            for row in table.rows:
                grid.append([(cell._tc, cell.text, "") for cell in row.cells])
            write_grid(w, grid, n_tab)
    layer = w.layer("docx")
    if not layer.text.strip():
        raise CmpError("the Word file holds no text", path=str(path))
    return layer


__all__ = ["TextLayer", "Span", "read_layer", "text_layer", "html_layer", "docx_layer", "write_grid",
           "sniff_encoding", "html_encoding", "SUPPORTED_SUFFIXES", "LEGACY_HINTS"]
