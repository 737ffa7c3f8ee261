"""Tables whose cells lost their separators but one space: each row a label and then the same number of figures
(一、本年新收申请数量 11 1 0 2 0 0 14), under a header of words one to four lines high whose lowest words name the
columns and whose upper words group them (自然人 法人或其他组织 总计 over 商业企业 科研机构 … 其他).

A web table copied as text prints a merged row cell once, on its group's first row, before the row's own label
(三、本年度办理结果 （一）予以公开 6 1 …, then （二）部分公开 1 0 …): a numbered label carries down the labels of
higher numbering levels (一、 over （一） over 1.) from the row above, as the row's category.

Read only when at least MIN_ROWS lines in a row end in the same number (at least MIN_FIGURES) of figures and the
header's words resolve into exactly that many columns; an upper word whose span cannot be told from the words
alone (two of them could hold the words under them) is resolved by the head noun it shares with them and
flagged `header_span_inferred`.
"""

from __future__ import annotations

import re

from .table_crosstab import year_column
from .table_layouts import CAPTION_RE, HEADING_RE, Cell, Column, ParsedRow, header_role, vocab

MIN_ROWS = 3
MIN_FIGURES = 3
MAX_HEADER_LINES = 4
MAX_HEADER_WORD = 24
MAX_GROUP_LINES = 3  # group names one under the other between rows (二、社会救助 / （一）城市最低生活保障)

_FIGURE = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?|[—–-]{1,2}"
_FIGURE_RE = re.compile(_FIGURE)
_TRAILING_RE = re.compile(rf"(?: (?:{_FIGURE})){{{MIN_FIGURES},}} ?$")
# two spaces, a tab or a full-width space between cells: then only such gaps part them (one space inside a cell
# may be a thousands gap, 52 410, or part of its words)
_WIDE_GAP_RE = re.compile(r"  |[\t\u3000\u2003]")
_WIDE_SPLIT_RE = re.compile(r"(?:  |[\t\u3000\u2003])[ \t\u3000\u2003]*")
_TRAILING_WIDE_RE = re.compile(rf"(?:(?:  |[\t\u3000\u2003])[ \t\u3000\u2003]*(?:{_FIGURE})){{{MIN_FIGURES},}}"
                               r"[ \t\u3000\u2003]*$")
_WORD_RE = re.compile(r"\S+")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_DIGIT_RE = re.compile(r"\d")
_SENTENCE_RE = re.compile(r"[，。；;,]")
_OUTSIDE_PARENS_COLON_RE = re.compile(r"^[^（(]*[：:]")
# numbering levels of a label: 一、 (1), （一） (2), 1. (3), （1） (4)
_LEVELS = (re.compile(r"[一二三四五六七八九十]+、"), re.compile(r"[（(][一二三四五六七八九十]+[)）]"),
           re.compile(r"\d{1,2}[.．、](?!\d)"), re.compile(r"[（(]\d{1,2}[)）]"))


def _row(text: str, offset: int, line_no: int) -> tuple[Cell, list[Cell]] | None:
    """(label cell, figure cells) of a line that is a label then at least MIN_FIGURES figures, or None."""
    m = (_TRAILING_WIDE_RE if _WIDE_GAP_RE.search(text.strip()) else _TRAILING_RE).search(text)
    if m is None or m.start() == 0:
        return None
    label = text[:m.start()].strip()
    if not _CJK_RE.search(label) or _SENTENCE_RE.search(label[-1]) or label[-1].isdigit():
        return None
    start = text.find(label)
    figures = [Cell(f.group(), offset + m.start() + f.start(), offset + m.start() + f.end(), line_no)
               for f in _WORD_RE.finditer(m.group())]
    if not any(_DIGIT_RE.search(f.text) for f in figures):
        return None
    return Cell(label, offset + start, offset + start + len(label), line_no), figures


def _header_words(text: str) -> list[str] | None:
    """The words of a line that can be a header line (short words, no figure, no sentence), or None."""
    s = text.strip()
    if not s or HEADING_RE.match(s) or CAPTION_RE.match(s) or _SENTENCE_RE.search(s) \
            or _OUTSIDE_PARENS_COLON_RE.match(s):
        return None
    words = _WIDE_SPLIT_RE.split(s) if _WIDE_GAP_RE.search(s) else s.split()
    if any(len(w) > MAX_HEADER_WORD or _FIGURE_RE.fullmatch(w) or not _CJK_RE.search(w) for w in words):
        return None
    return words


def _head_noun_score(parent: str, children: list[str]) -> int:
    """How many of the words under a group word end in the same character it does (法人或其他组织 over
    社会公益组织): the evidence that they are its parts."""
    return sum(1 for c in children if c[-1:] == parent[-1:])


def _leaves(lines: list[list[str]], n: int) -> tuple[list[str], bool, bool] | None:
    """The n column names a stack of header lines gives (upper words joined over the words they span), and
    whether a span was inferred and whether a unit column stands before them; None when the words do not resolve
    into n columns."""
    totals = set(vocab()["total_words"])
    leaves = lines[-1]
    inferred = False
    unit = _unit_word(leaves)
    if unit is not None:  # (指标名称 单位 2024年 2023年: each row's unit is the last word of its label)
        leaves = leaves[:unit] + leaves[unit + 1:]
    for upper in reversed(lines[:-1]):
        if len(leaves) == n and len(upper) == 1:
            continue  # (申请人情况 over every column: the table's title)
        if len(upper) == n + 1 or (len(upper) == 1 and len(leaves) != n):
            upper = upper[1:]  # (the word over the row labels)
        if not upper:
            continue
        childless = n - len(leaves)
        groups = len(upper) - childless
        if len(leaves) == n and len(upper) == n:
            leaves = [f"{u} {w}" for u, w in zip(upper, leaves, strict=True)]
            continue
        if groups != 1 or childless < 0:
            return None
        candidates = [i for i, u in enumerate(upper) if u not in totals]
        if not candidates:
            return None
        best = max(candidates, key=lambda i: (_head_noun_score(upper[i], leaves), -i))
        inferred = inferred or len(candidates) > 1
        leaves = [*upper[:best], *(f"{upper[best]} {w}" for w in leaves), *upper[best + 1:]]
    if len(leaves) == n + 1:
        leaves = leaves[1:]
    return (leaves, inferred, unit is not None) if len(leaves) == n else None


def _unit_word(words: list[str]) -> int | None:
    """The index of a unit column's word (单位, 计量单位) among a header line's first two, or None."""
    for i, w in enumerate(words[:2]):
        col = header_role(w)
        if col is not None and col.role == "unit":
            return i
    return None


def _level(part: str) -> int | None:
    return next((i for i, r in enumerate(_LEVELS) if r.match(part)), None)


def _parts(label: str) -> list[tuple[int | None, str]]:
    """A label split where a numbered part begins after a space (三、本年度办理结果 （一）予以公开), with levels."""
    out: list[tuple[int | None, str]] = []
    for w in label.split():
        lv = _level(w)
        if out and lv is None:
            out[-1] = (out[-1][0], f"{out[-1][1]} {w}")
        else:
            out.append((lv, w))
    return out


def trailing_figures_table_at(k: int, text: list[str], offsets: list[int]
                              ) -> tuple[list[Column], list[ParsedRow], int, int] | None:
    """A table of labels each followed by the same number of figures, its header starting at line index k: its
    columns, rows, the index of its last line and of the line that ends it; None when it is not one."""
    if _header_words(text[k]) is None or (k > 0 and _header_words(text[k - 1]) is not None):
        return None  # (a header starts after a line that is none of its lines: a caption, a note, a blank)
    header: list[list[str]] = []
    j, first = k, None
    while j < len(text) and (first := _row(text[j], offsets[j], j + 1)) is None and len(header) < MAX_HEADER_LINES:
        words = _header_words(text[j])
        if words is None:
            return None
        header.append(words)
        j += 1
    if first is None or not header or year_column(first[0].text) is not None:
        return None  # (2020年 680 520 under 年份 …: rows of years, a transposed table, not this reader's)
    n = len(first[1])
    found = _leaves(header, n)
    if found is None:
        return None
    names, inferred, unit_column = found
    columns = []
    for name in names:
        col = header_role(name.split()[-1]) if " " in name else header_role(name)
        if col is not None and col.role != "value":
            return None  # (单位, 属性: a column of words, not of figures)
        columns.append(Column("value", name, measure=name) if col is None or " " in name else col)
    rows, last = _body(text, offsets, j, first, columns, unit_column, ["header_span_inferred"] if inferred else [])
    if len(rows) < MIN_ROWS:
        return None
    corner = header[0][0] if len(header[0]) in (n + 1, 1) else "指标"
    lead = [Column("indicator", corner), *([Column("unit", "单位")] if unit_column else [])]
    return [*lead, *columns], rows, last, last + 1


def _carry(carried: list[tuple[int | None, str, bool]], parts: list[tuple[int | None, str]], group: bool
           ) -> tuple[list[tuple[int | None, str, bool]], list[tuple[int | None, str, bool]]]:
    """(what a row or group line carries down from above it, the stack after it): a numbered part keeps the parts
    of higher levels above it; an unnumbered one keeps the group lines above it."""
    level = parts[0][0]
    if level is None:
        above = [p for p in carried if p[2]]
    else:
        above = [p for p in carried if p[0] is not None and p[0] < level]
    return above, above + [(lv, t, group) for lv, t in parts]


def _body(text: list[str], offsets: list[int], j: int, first: tuple[Cell, list[Cell]], columns: list[Column],
          unit_column: bool, flags: list[str]) -> tuple[list[ParsedRow], int]:
    """The rows from line index j on (group lines between them carried down as categories), and the index of the
    last one; it ends at the first line that is neither a row of as many figures nor a group over one."""
    n = len(first[1])
    rows: list[ParsedRow] = []
    carried: list[tuple[int | None, str, bool]] = []
    end = last = j
    while end < len(text):
        got = first if end == j else _row(text[end], offsets[end], end + 1)
        if got is None and _group_row(text[end]):
            nxt = end + 1
            while nxt < len(text) and nxt - end < MAX_GROUP_LINES and _group_row(text[nxt]):
                nxt += 1
            after = _row(text[nxt], offsets[nxt], nxt + 1) if nxt < len(text) else None
            if after is not None and len(after[1]) == n:  # (二、社会救助 between rows: a group, carried down)
                for g in range(end, nxt):
                    carried = _carry(carried, _parts(text[g].strip()), True)[1]
                end = nxt
                continue
        if got is None or len(got[1]) != n:
            break
        label, figures = got
        unit = None
        if unit_column:
            label, unit = _split_unit(label)
            if unit is None:
                break
        above, carried = _carry(carried, _parts(label.text), False)
        rows.append(ParsedRow(None, " ".join(p[1] for p in above), label, unit, "", [],
                              list(zip(columns, figures, strict=True)), flags=list(flags),
                              span=(label.start, figures[-1].end)))
        last = end
        end += 1
    return rows, last


def _group_row(text: str) -> bool:
    """Whether a line is a group's name between a table's rows: short, one word, numbered or not (二、社会救助)."""
    s = text.strip()
    return 0 < len(s) <= MAX_HEADER_WORD and " " not in s and not _SENTENCE_RE.search(s) \
        and not _DIGIT_RE.fullmatch(s[-1]) and _CJK_RE.search(s) is not None and not s.startswith(("注", "说明"))


def _split_unit(label: Cell) -> tuple[Cell, Cell | None]:
    """A label cell whose last word is the row's unit (A 城市低保人数 人): (label, unit), or (label, None)."""
    head, _, tail = label.text.rpartition(" ")
    if not head or not tail or len(tail) > 8 or _DIGIT_RE.search(tail) and "/" not in tail:
        return label, None
    return (Cell(head, label.start, label.start + len(head), label.line),
            Cell(tail, label.end - len(tail), label.end, label.line))
