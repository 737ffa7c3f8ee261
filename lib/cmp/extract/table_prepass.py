"""Passes over a document's lines and cells before any header is read: English glosses wrapped over lines blanked,
each line's display widths, full-width spaces that part cells, rules drawn with hyphens, and the lines of one row of
a ruled grid merged into one (a label, a figure's comparator or a header's words wrapped inside their cells).
"""

from __future__ import annotations

import re

from ..ingest.normalize import NormalizedText
from .scope_vocab import scope_words
from .table_body import _Lines, display_widths
from .table_layouts import WIDE_SPACE, Cell, latin_gloss
from .table_notes import CJK_RE
from .table_rows import numericish

_DIGIT = re.compile(r"\d")


_GLOSS_GOES_ON_RE = re.compile(r"[A-Za-z(%)]")
_NUMBER_TOKEN_RE = re.compile(r"\d[\d,.]*")


def _gloss_continuations(doc: _Lines) -> None:
    """Blank the lines that carry on an English gloss wrapped over several lines (Change in / 2023 over /
    2022 (%)): an ASCII line right after a gloss line, with letters or a (%) beside its figures (never a bare
    year or number: 2022 under Item is a header cell)."""
    glossed = False
    for k, t in enumerate(doc.text):
        s = t.strip()
        if not s:
            continue
        if doc.cells[k] == [] and latin_gloss(t):
            glossed = True
            continue
        if glossed and s.isascii() and _GLOSS_GOES_ON_RE.search(s) and not latin_gloss(t) and "  " not in s \
                and len(_NUMBER_TOKEN_RE.findall(s)) <= 1 and doc.cells[k] and len(doc.cells[k]) == 1:  # type: ignore[arg-type]
            doc.cells[k] = []
            continue
        glossed = False


def _widths_of(nt: NormalizedText, text: list[str], offsets: list[int]):
    """Each line's display widths, worked out the first time a reader asks for them (several readers ask)."""
    done: dict[int, list[int]] = {}

    def widths(k: int) -> list[int]:
        w = done.get(k)
        if w is None:
            w = done[k] = display_widths(nt, offsets[k], len(text[k]))
        return w
    return widths


MIN_IDEOGRAPHIC_GAPS = 3  # full-width spaces inside a line of no wide gap that make its single spaces cell gaps


def _ideographic_gaps(nt: NormalizedText, text: list[str], offsets: list[int]) -> None:
    """Mark each single space that was a full-width one, on a line with wide gaps (年份　　养老床位　护理型床位占比)
    or with three full-width spaces or more (年度＼指标　养老床位（张）　护理型床位占比（%）), as a wide gap too
    (WIDE_SPACE, one character for one: offsets stay): a full-width space is two columns wide, as two spaces are."""
    for k, t in enumerate(text):
        inner = t.strip()
        if " " not in inner:
            continue
        a, b = nt.to_raw(offsets[k], offsets[k] + len(t))
        if "\u3000" not in nt.raw[a:b]:
            continue  # (the common case, one C call per line)
        if "  " not in inner and nt.raw[a:b].strip().count("\u3000") < MIN_IDEOGRAPHIC_GAPS:
            continue  # (a line of single spaces is split on every space; 第一章　总则 is a heading, not two cells)
        chars = list(t)
        for i in range(1, len(t) - 1):
            if t[i] == " " and t[i - 1] != " " and t[i + 1] != " " \
                    and nt.raw[int(nt.starts[offsets[k] + i])] == "\u3000" \
                    and not (t[i - 2:i - 1] in ("", " ") and t[i + 2:i + 3] in ("", " ")
                             and CJK_RE.match(t[i - 1]) and CJK_RE.match(t[i + 1])):
                chars[i] = WIDE_SPACE  # (合　计: the letters of one word set apart, never two cells; 個　5 two)
        text[k] = "".join(chars)


_DASH_RULE_RE = re.compile(r"\s*-{3,}(?:\s+-{3,})+\s*")
MAX_BOXED_LINES = 6  # printed lines of one row of a grid with a rule under every row


def _merge_boxed_rows(doc: _Lines) -> None:
    """Rows of a ruled grid whose cells wrap onto more lines between two rule lines (│农村低保标准│不低于680│ over
    │（元/人·月）│　│): each line that goes on the row (its first cell empty, or only a character or two in each cell,
    序 over 号) is merged into the row's first line cell by cell, and left blank. A first cell merged down several
    rows (its rule left open: | 兜底 +----+) gives its words to every row it spans."""
    k = 0
    n = len(doc.cells)
    span: list[int] = []  # the rows under a first cell left open by the rules between them, and its words
    words: list[Cell] = []
    while k < n:
        if doc.cells[k] is not None:
            k += 1
            continue
        j = k + 1
        while j < n and doc.cells[j] and "|" in doc.text[j].replace("│", "|"):
            if _partial_rule(doc, j) is not None and _holds_value(doc, range(k + 1, j)):
                break
            j += 1
        run = list(range(k + 1, j))
        lead = _partial_rule(doc, j) if j < n and doc.cells[j] else None
        if 2 <= len(run) <= MAX_BOXED_LINES and j < n and (doc.cells[j] is None or lead is not None) \
                and len({len(doc.cells[r]) for r in run}) == 1 \
                and (any(c.text for c in doc.cells[run[0]]) or _words_only(doc, run)):  # type: ignore[union-attr]
            first = doc.cells[run[0]]
            if (all(_goes_on(first, doc.cells[r]) for r in run[1:]) or _words_only(doc, run)) \
                    and not _figures_twice(doc, run):  # type: ignore[arg-type]
                for r in run[1:]:
                    first = [_joined(a, b) for a, b in zip(first, doc.cells[r], strict=True)]  # type: ignore[arg-type]
                    doc.cells[r] = []
                doc.cells[run[0]] = first
                doc.merged[run[0]] = run[-1]
        rows = [r for r in run if doc.cells[r] and len(doc.cells[r]) > 1]  # type: ignore[arg-type]
        span.extend(rows)
        words.extend(doc.cells[r][0] for r in rows if doc.cells[r][0].text)  # type: ignore[index]
        if lead is not None:
            words.append(lead)
            doc.cells[j] = None  # (│ 生保障 ├────┼────┤: a rule under the row, the category's cell goes on)
        if j < n and (lead is not None or _OPEN_RULE_RE.match(doc.text[j])):
            k = j
            continue
        if len(span) > 1 and _open_between(doc, span[0], span[-1]):
            _spread(doc, span, words)
        span, words = [], []
        k = j


_OPEN_RULE_RE = re.compile(r"\s*[|│┃]\s+[+┼├╟][-=─━═]")  # (|        +-----+: a rule under every cell but the first)


def _open_between(doc: _Lines, a: int, b: int) -> bool:
    """Whether a rule line between rows a and b left the first cell open (its merged cell goes on)."""
    return any(doc.cells[r] is None for r in range(a, b))


def _spread(doc: _Lines, span: list[int], words: list[Cell]) -> None:
    """Give every row of `span` the words of the first cell merged down them (兜底 / 保障 over two rows: 兜底保障 for
    both), when they are words (no figure) and the rows' own first cells hold nothing else."""
    if not words or any(_DIGIT.search(w.text) for w in words) or len(words) > MAX_BOXED_LINES:
        return
    text = "".join(w.text for w in words)
    for r in span:
        cells = doc.cells[r]
        cells[0] = Cell(text, words[0].start, words[0].end, words[0].line)  # type: ignore[index]


_PARTIAL_RULE_RE = re.compile(r"\s*[|│┃]([^|│┃+┼├─]*)[+┼├╟](?=[-=─━═])[-=+─━═┼┬┴┤╢|│┃]*\s*")


def _partial_rule(doc: _Lines, j: int) -> Cell | None:
    """The first cell of line j when the rest of the line is a rule (| 生保障 +-----+-----+, │ 服务 ├───┼───┤): a
    row's rule drawn under every cell but a category's, whose merged cell goes on over the next row; else None."""
    m = _PARTIAL_RULE_RE.fullmatch(doc.text[j])
    if m is None or not m.group(1).strip():
        return None
    left = m.group(1).lstrip()
    start = doc.offsets[j] + m.start(1) + len(m.group(1)) - len(left)
    text = left.rstrip()
    return Cell(text, start, start + len(text), j + 1)


def _holds_value(doc: _Lines, lines: range) -> bool:
    """Whether any cell of the lines holds a figure, after the scope it counts if any (城市92.0): a row of a
    body, not a header's words."""
    words = scope_words("urban_rural", "sex")
    return any(numericish(c.text[len(w):] if (w := next((w for w in words if c.text.startswith(w)), "")) else c.text)
               == "value" for r in lines for c in doc.cells[r] or [])


_YEAR_START_RE = re.compile(r"(?:19|20)\d\d(?:年|$)")  # 2024年, 2020 over 年基 over 期值


def _words_only(doc: _Lines, run: list[int]) -> bool:
    """Whether the lines of one grid row hold words and units only, no figure (a header's words wrapped over
    three lines and its units under them: 社会组织 / 总数 / （个）): the lines of one header row."""
    return all(numericish(c.text) == "text" or not c.text for r in run for c in doc.cells[r])  # type: ignore[union-attr]


def _figures_twice(doc: _Lines, run: list[int]) -> bool:
    """Whether a column of a grid row holds a figure on two of its lines (城市95.1 over 农村61.0): two values, never
    one cell to join (joining keeps one piece's figure)."""
    return any(sum(bool(_DIGIT.search(doc.cells[r][i].text)) for r in run) > 1  # type: ignore[index]
               for i in range(len(doc.cells[run[0]])))  # type: ignore[arg-type]


def _goes_on(above: list[Cell], cells: list[Cell]) -> bool:
    """A grid line that continues the row above: its first cell empty (or every cell a character or two), and no
    column filled on both lines but two of words (a second row under a category printed once fills its
    label and figures again)."""
    if cells[0].text and not all(len(c.text) <= 2 for c in cells) \
            and not (len(cells[0].text) <= 2 and not any(_DIGIT.search(c.text) for c in cells)) \
            and (above[0].text or _DIGIT.search(cells[0].text)):
        return False  # (序 over 号 beside 2024年 over 完成值: a header's words, no figure)
    both = [(a, b) for a, b in zip(above, cells, strict=True) if a.text and b.text]
    # (4.集中养育孤儿基本生活最低养育标 over 准（元/人·月）: a numbered label's words wrapped)
    words = [(a, b) for a, b in both if not _DIGIT.search(_ITEM_NUMBER_RE.sub("", a.text) + b.text)]
    # (每人每月 over 835元: a cell's phrase wrapped onto its figure goes on too)
    wraps = [(a, b) for a, b in both if not _DIGIT.search(a.text) and _DIGIT.search(b.text)]
    # (a header's year over the word of its kind: 2024年 over 完成情况, 2025年 over 目标)
    years = [(a, b) for a, b in both if _YEAR_START_RE.match(a.text) and not _DIGIT.search(b.text)]
    # (a figure's comparator wrapped under it, 6000以 over 上: no number alone, one joined)
    tails = [(a, b) for a, b in both if _DIGIT.search(a.text) and not _DIGIT.search(b.text)
             and numericish(a.text) != "value" and numericish(a.text + b.text) == "value"]
    # (a label and a column of offices may both wrap: 社区慈善基金 over 总规模 beside 区慈善总会 over 各街道)
    return len(words) <= MAX_WRAPPED_WORD_CELLS and len(words) + len(wraps) + len(years) + len(tails) == len(both) \
        and len(wraps) <= 1


_ITEM_NUMBER_RE = re.compile(r"^\d{1,3}[.、．]")
MAX_QUALIFIER_PIECE = 8  # characters of words over a figure in its cell kept as the figure's qualifier
MAX_WRAPPED_WORD_CELLS = 2  # cells of words a grid row may wrap at once onto its next line


# (现行标准 over （2022年）, 调整后标准 over （2023年7月起）: a header's words and the year or date they are of, one
# cell's words, never a figure's piece)
_PARENS_ONLY_RE = re.compile(r"[(（][^()（）]*[)）]")


def _joined(a: Cell, b: Cell) -> Cell:
    """Two pieces of one cell printed on two lines: a label's words joined (spanning the first piece), or the piece
    that holds the figure, so a figure's offsets stay its own."""
    if not b.text:
        return a
    if not a.text:
        return b
    if _DIGIT.search(b.text) and not _DIGIT.search(a.text) and not _PARENS_ONLY_RE.fullmatch(b.text):
        if len(a.text) <= MAX_QUALIFIER_PIECE and numericish(b.text) == "value":
            # (年均增长 over ≥5%: the words qualify the figure; the cell keeps the figure's offsets, its text the
            # words before it, so what the figure is stays with it)
            return Cell(a.text + b.text, b.start, b.end, b.line)
        return b  # (新建 over 20: the figure's own piece, its offsets its own)
    return a if _DIGIT.search(b.text) else Cell(a.text + b.text, a.start, a.end, a.line)
