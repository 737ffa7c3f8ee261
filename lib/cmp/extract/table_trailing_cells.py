"""The table of table_trailing printed one cell per line: header words one per line (申请人情况 / 自然人 /
法人或其他组织 / 总计 / 商业企业 / … / 其他), then each row's label on a line and its figures one per line, a
group's label alone on its line over its first row (三、本年度办理结果 over （一）予以公开 over its figures).

The lines of the header are lost, so its words are split into levels by their count: a title over all the
columns, upper words of which one holds the words under it, and those words; the upper words end at a total
(总计, 合计), which is never a part of another column. Read only when that split is the one the row width allows
and every row has as many figures; the span is flagged `header_span_inferred`.
"""

from __future__ import annotations

import re

from .table_crosstab import year_column
from .table_layouts import HEADING_RE, Cell, Column, ParsedRow, header_role, vocab
from .table_trailing import _CJK_RE, _FIGURE_RE, _carry, _head_noun_score, _parts

MIN_ROWS = 3
MIN_FIGURES = 3
MAX_HEADER_CELLS = 24
MAX_HEADER_WORD = 24
MAX_LABEL = 80

_SENTENCE_RE = re.compile(r"[，。；;,：:]")


def _one(text: list[str], offsets: list[int], j: int) -> Cell | None:
    """Line index j's text as one cell (no wide gap, no separator), or None for a blank or several cells."""
    if j >= len(text):
        return None
    s = text[j].strip()
    if not s or "  " in s or "\t" in s or "|" in s:
        return None
    start = offsets[j] + text[j].find(s)
    return Cell(s, start, start + len(s), j + 1)


def _figure(c: Cell | None) -> bool:
    return c is not None and _FIGURE_RE.fullmatch(c.text) is not None


def _label(c: Cell | None) -> bool:
    return c is not None and not _figure(c) and len(c.text) <= MAX_LABEL and _CJK_RE.search(c.text) is not None \
        and not c.text.startswith(("注", "说明"))


def _header_word(c: Cell | None) -> bool:
    return c is not None and _label(c) and len(c.text) <= MAX_HEADER_WORD and not _SENTENCE_RE.search(c.text) \
        and not HEADING_RE.match(c.text) and " " not in c.text


AMBIGUOUS = ([], True)  # (header words that split into levels in more than one way: no reading)


def _splits(words: list[str], n: int) -> int:
    """How many ways the words split into a title or none, upper words and the words one of them holds."""
    return sum(1 for title in (0, 1) for u in range(2, len(words) - title)
               if u - 1 + len(words) - title - u == n)


def _levels(words: list[str], n: int) -> tuple[list[str], bool] | None:
    """The n column names of a header's words printed one per line, and whether a span was inferred: the words
    as they are (after a title or the rows' word), or a title, upper words ending at a total with one holding
    the words after them; AMBIGUOUS when they split so in more than one way, None when in none."""
    if len(words) == n:
        return words, False
    if len(words) == n + 1:
        return words[1:], False
    totals = set(vocab()["total_words"])
    found = []
    for title in (0, 1):
        for u in range(2, len(words) - title):
            upper, lower = words[title:title + u], words[title + u:]
            if u - 1 + len(lower) != n or upper[-1] not in totals or any(w in totals for w in lower):
                continue
            found.append((upper, lower))
    if len(found) != 1:
        return AMBIGUOUS if found or _splits(words, n) > 1 else None
    upper, lower = found[0]
    candidates = [i for i, w in enumerate(upper) if w not in totals]
    best = max(candidates, key=lambda i: (_head_noun_score(upper[i], lower), -i))
    return [*upper[:best], *(f"{upper[best]} {w}" for w in lower), *upper[best + 1:]], len(candidates) > 1


def _figures_from(text: list[str], offsets: list[int], j: int) -> list[Cell]:
    out = []
    while (c := _one(text, offsets, j + len(out))) is not None and _figure(c):
        out.append(c)
    return out


def cell_lines_trailing_table_at(k: int, text: list[str], offsets: list[int]
                                 ) -> tuple[list[Column], list[ParsedRow], int, int] | None:
    """A table of header words, labels and figures one per line whose header starts at line index k: its
    columns, rows, the index of its last line and of the line that ends it; None when it is not one."""
    if not _header_word(_one(text, offsets, k)) or (k > 0 and _header_word(_one(text, offsets, k - 1))):
        return None  # (a header starts after a line that is none of its words: a caption, a note, a blank)
    words: list[Cell] = []
    j = k
    while len(words) <= MAX_HEADER_CELLS and _header_word(c := _one(text, offsets, j)):
        words.append(c)  # type: ignore[arg-type]
        j += 1
    p = k + len(words)
    # (the first row's label after the header's words; or, a word like them, the last of them, perhaps after
    # its group's)
    if _figures_from(text, offsets, p):
        tries = [len(words) - 1, len(words) - 2]
    elif _label(_one(text, offsets, p)):
        tries = [len(words)]
    else:
        return None
    for size in tries:
        if size < 2:
            return None
        start = k + size
        row = start + 1 if _figures_from(text, offsets, start + 1) else start + 2
        n = len(_figures_from(text, offsets, row))
        if n < MIN_FIGURES:
            return None
        found = _levels([w.text for w in words[:size]], n)
        if found is AMBIGUOUS:
            return None  # (孤儿 / 事实无人抚养儿童 / 集中养育 / 社会散居: which word holds which, the lines would say)
        if found is not None:
            break
    else:
        return None
    names, inferred = found
    columns = []
    for name in names:
        col = header_role(name.split()[-1])
        if col is not None and col.role != "value":
            return None
        columns.append(Column("value", name, measure=name) if col is None or " " in name else col)
    rows, last = _rows(text, offsets, start, n, columns, ["header_span_inferred"] if inferred else [])
    if len(rows) < MIN_ROWS or any(year_column(r.label.text) is not None for r in rows if r.label is not None):
        return None  # (2020年 / 680 / 520 under 年份 / …: rows of years, a transposed table, not this reader's)
    return [Column("indicator", words[0].text), *columns], rows, last, last + 1


def _rows(text: list[str], offsets: list[int], j: int, n: int, columns: list[Column], flags: list[str]
          ) -> tuple[list[ParsedRow], int]:
    """The rows from line index j: a label, perhaps a group's label over it, then n figures; and the index of
    the last line read."""
    rows: list[ParsedRow] = []
    carried: list[tuple[int | None, str, bool]] = []
    last = j
    while True:
        first = _one(text, offsets, j)
        if not _label(first):
            break
        figures = _figures_from(text, offsets, j + 1)
        if not figures and _label(second := _one(text, offsets, j + 1)) and _figures_from(text, offsets, j + 2):
            carried = _carry(carried, _parts(first.text), True)[1]  # type: ignore[union-attr]
            first, j = second, j + 1
            figures = _figures_from(text, offsets, j + 1)
        if len(figures) != n:
            break
        above, carried = _carry(carried, _parts(first.text), False)  # type: ignore[union-attr]
        rows.append(ParsedRow(None, " ".join(p[1] for p in above), first, None, "", [],
                              list(zip(columns, figures, strict=True)), flags=list(flags),
                              span=(first.start, figures[-1].end)))  # type: ignore[union-attr]
        last = j + n
        j += n + 1
    return rows, last
