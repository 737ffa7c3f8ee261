"""PDF text layer: text by page through pdfium, wrapped lines joined into paragraphs, ruled tables as grids.

pdfium (`pypdfium2`, C) reads the characters of every page; `pdfplumber`'s table finder runs only on pages drawn
with enough rules to hold a table (its pure-Python parser takes about half a second a page). Locators are
'p. N [x0,top,x1,bottom]' in points from the top of the page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import CmpError
from .formats import GridCell, TextLayer, _Writer, write_grid

# a PDF whose characters are mostly unmapped glyphs (no ToUnicode map) or private-use code points
MAX_GARBLED_SHARE = 0.2
# characters that stand for glyphs without a Unicode mapping: replacement, control and private-use code points
_UNMAPPED_RE = re.compile("[\ufffd\ufffe\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPACE_RE = re.compile(r"\s")
# a PDF page drawn with at least this many path objects may hold a ruled table (pdfplumber's finder looks)
MIN_TABLE_RULES = 4

_SENTENCE_END = ("。", "；", ";", "：", ":", "！", "？", "!", "?")


def pdf_layer(data: bytes, path: Path | str) -> TextLayer:
    """A PDF's text by page ('p. N [x0,top,x1,bottom]'), wrapped lines joined into paragraphs, ruled tables as
    grids; a PDF without a text layer (scanned) or with unmapped CJK glyphs is refused."""
    try:
        return _pdf_layer(data, path)
    except CmpError:
        raise
    except Exception as exc:  # pdfminer raises many types on a broken file: one clear message
        raise CmpError(f"not a readable PDF ({type(exc).__name__}: {exc})", path=str(path)) from None


def _pdf_layer(data: bytes, path: Path | str) -> TextLayer:
    # pdfium (C) reads the characters of every page; pdfplumber's table finder runs only on pages drawn with
    # enough rules to hold a table (its pure-Python parser takes about half a second a page)
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    w = _Writer()
    n_chars = n_bad = n_tab = 0
    plumber = None
    doc = pdfium.PdfDocument(data)
    try:
        for index in range(len(doc)):
            pno = index + 1
            page = doc[index]
            height = page.get_size()[1]
            lines = _pdfium_lines(page.get_textpage(), height)
            chars = "".join(ln["text"] for ln in lines)
            n_chars += len(chars) - len(_SPACE_RE.findall(chars))
            n_bad += len(_UNMAPPED_RE.findall(chars))
            tables = []
            if _has_rules(page, pdfium_c):
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data))
                ppage = plumber.pages[index]
                tables = ppage.find_tables()
            boxes = [t.bbox for t in tables]
            lines = [ln for ln in lines if not any(_inside(ln, b) for b in boxes)]
            items: list[tuple[float, str, object]] = [(ln["top"], "line", ln) for ln in lines]
            items += [(t.bbox[1], "table", t) for t in tables]
            items.sort(key=lambda it: (it[0], it[1]))
            right = max((ln["x1"] for ln in lines), default=page.get_size()[0])
            para: list[dict] = []
            for _, kind, obj in items:
                if kind == "table":
                    _write_paragraph(w, para, pno)
                    para = []
                    n_tab += 1
                    write_grid(w, _pdf_grid(obj, pno), n_tab, f"p. {pno}")
                    continue
                if para and _new_paragraph(para[-1], obj, right):
                    _write_paragraph(w, para, pno)
                    para = []
                para.append(obj)
            _write_paragraph(w, para, pno)
    finally:
        doc.close()
        if plumber is not None:
            plumber.close()
    if n_chars == 0:
        raise CmpError("the PDF has no text layer (a scanned image?); OCR is not supported: add a text, HTML or "
                       "Word version of the document instead", path=str(path))
    if n_bad / n_chars > MAX_GARBLED_SHARE:
        raise CmpError(f"the PDF's text cannot be read: {n_bad} of {n_chars} characters are glyphs without a "
                       "Unicode mapping (no ToUnicode map); add a text, HTML or Word version instead", path=str(path))
    return w.layer("pdf")


def _pdfium_lines(textpage, height: float) -> list[dict]:
    """The page's text lines as pdfium lays them out, each with its box (top-down coordinates, as pdfplumber)."""
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""
    lines: list[dict] = []
    start = 0
    for piece in re.split(r"(\r\n|\n|\r)", text):
        if piece in ("\r\n", "\n", "\r"):
            start += len(piece)
            continue
        k0, k1 = start, start + len(piece)
        start = k1
        stripped = piece.strip()
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        n_rects = textpage.count_rects(k0 + lead, len(stripped))
        boxes = [textpage.get_rect(j) for j in range(n_rects)]
        boxes = [b for b in boxes if b[2] > b[0]] or [(0.0, 0.0, 0.0, 0.0)]
        lines.append({"text": stripped, "x0": min(b[0] for b in boxes), "x1": max(b[2] for b in boxes),
                      "top": height - max(b[3] for b in boxes), "bottom": height - min(b[1] for b in boxes)})
    return lines


def _has_rules(page, pdfium_c) -> bool:
    """Does the page draw at least MIN_TABLE_RULES path objects (lines, boxes), as a ruled table does?"""
    raw = page.raw
    found = 0
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i)) == pdfium_c.FPDF_PAGEOBJ_PATH:
            found += 1
            if found >= MIN_TABLE_RULES:
                return True
    return False


def _inside(line: dict, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _new_paragraph(prev: dict, cur: dict, right: float) -> bool:
    """Does `cur` start a new paragraph after `prev`? A wrapped line fills the text block to its right edge
    (`right`) and ends without a sentence mark; an indent, a short line or a wide gap starts a new one."""
    size = max(prev["bottom"] - prev["top"], 1.0)
    text = prev["text"].rstrip()
    return (text.endswith(_SENTENCE_END) or abs(cur["x0"] - prev["x0"]) > 1.5 * size
            or prev["x1"] < right - 2 * size or cur["top"] - prev["bottom"] > 1.5 * size)


def _box(b) -> str:
    return f"[{b[0]:.0f},{b[1]:.0f},{b[2]:.0f},{b[3]:.0f}]"


def _write_paragraph(w: _Writer, lines: list[dict], pno: int) -> None:
    """One paragraph as one text-layer line; each PDF line keeps its own span (page and bounding box)."""
    if not lines:
        return
    for k, ln in enumerate(lines):
        text = ln["text"].strip()
        if k and re.match(r"[A-Za-z0-9]", text[:1]) and re.search(r"[A-Za-z0-9]$", lines[k - 1]["text"].strip()):
            w.write(" ")
        w.write(text, f"p. {pno} {_box((ln['x0'], ln['top'], ln['x1'], ln['bottom']))}")
    w.write("\n")


def _pdf_grid(table, pno: int) -> list[list[GridCell]]:
    """A ruled table as a grid from its cell boxes: a merged cell covers every grid slot inside its box."""
    cells = list(table.cells)
    xs = sorted({round(v, 1) for c in cells for v in (c[0], c[2])})
    ys = sorted({round(v, 1) for c in cells for v in (c[1], c[3])})
    if len(xs) < 2 or len(ys) < 2:
        return []
    texts: dict[tuple, str] = {}
    for row, values in zip(table.rows, table.extract(), strict=True):
        for bbox, text in zip(row.cells, values, strict=True):
            if bbox is not None:
                texts[tuple(bbox)] = _join_cell_lines(text or "")
    grid: list[list[GridCell]] = []
    empty = object()
    for r in range(len(ys) - 1):
        row: list[GridCell] = []
        cy = (ys[r] + ys[r + 1]) / 2
        for k in range(len(xs) - 1):
            cx = (xs[k] + xs[k + 1]) / 2
            hit = next((c for c in cells if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]), None)
            if hit is None:
                row.append((empty, "", ""))
            else:
                row.append((hit, texts.get(tuple(hit), ""), f"p. {pno} {_box(hit)}"))
        if any(t.strip() for _, t, _ in row):
            grid.append(row)
    return grid


def _join_cell_lines(text: str) -> str:
    """A cell's wrapped lines as one: joined directly between CJK characters, with a space otherwise."""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for p in parts[1:]:
        out += ("" if re.search(r"[^\x00-\x7f]$", out) or re.match(r"[^\x00-\x7f]", p) else " ") + p
    return out


__all__ = ["pdf_layer"]
