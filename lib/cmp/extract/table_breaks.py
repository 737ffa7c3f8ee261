"""Where a table's text breaks without the table ending, and where a box's frame is only a frame: a page break
with the table's title repeated (（续）, 续表 and page numbers between its parts), a frame drawn round a 专栏 whose
two sides hold nothing of the table, and the bottom of a box that ends its table when nothing of the box follows.
"""

from __future__ import annotations

import re

from .table_body import _Lines
from .table_layouts import vocab as table_vocab

_FRAMED_RE = re.compile(r"(\s*)[│┃║](.*)[│┃║](\s*)")  # (box sides only: | ... | is a one-cell row of a pipe table)


def _unframed(line: str) -> str:
    """A line inside a box drawn around a 专栏 (│  建设内容    单位    2025年目标  │): the frame's two sides
    blanked, the offsets kept, so that what the box holds reads as it would without it; a line of several cells
    (│a│b│) stays as it is."""
    m = _FRAMED_RE.fullmatch(line)
    if m is None or any(ch in m.group(2) for ch in "│┃║"):
        return line
    return f"{m.group(1)} {m.group(2)} {m.group(3)}"


def _box_closed(doc: _Lines, k: int) -> bool:
    """Whether rule line k closes a box (└───┘) that nothing of a box follows: the next non-blank line is no box
    line (┌, │) and no 续表 (a page number between two parts of a table is blanked by the normalizer already)."""
    if doc.cells[k] is not None or not doc.text[k].lstrip().startswith(("└", "╚", "┗")):
        return False
    j = k + 1
    while j < len(doc.text) and not doc.text[j].strip():
        j += 1
    if j >= len(doc.text):
        return True
    nxt = doc.text[j].strip()
    return not (nxt.startswith(("┌", "╔", "┏", "│", "┃", "║", "├")) or _continued(nxt))




_CONTINUED_MARK_RE = re.compile(r"[(（]?(\S{1,3}?)\s*\d{0,3}[)）]?")


_UNIT_NOTE_END_RE = re.compile(r"\s{2,}(?:计量)?单位[:：]\s*\S{1,8}$")


_TITLE_CONTINUED_RE = re.compile(r"\S{2,40}?[(（](\S{1,3}?)\s*\d{0,3}[)）]")


def _continued(line: str) -> bool:
    """A line that only says the table goes on after a page break (续表, （续表2）, (续)), or the table's title
    repeated with such a mark and at most its unit (…决算表（续）    单位：万元)."""
    s = line.strip()
    if not s:
        return False
    if len(s) <= 8:
        m = _CONTINUED_MARK_RE.fullmatch(s)
        return m is not None and m.group(1) in table_vocab()["continued_words"]
    m = _TITLE_CONTINUED_RE.fullmatch(_UNIT_NOTE_END_RE.sub("", s))
    return m is not None and m.group(1) in table_vocab()["continued_words"]
