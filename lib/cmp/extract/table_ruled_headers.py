"""Spaced table headers whose spanning cells are underlined by a rule drawn inside a header line.

A table copied out of a PDF keeps a spanning header cell's underline as a run of rule characters beside the other
header words (`指    标    2022年    ──────────` under `2023年`, over `绝对数   比上年增减(%)`). The rule's display
span says which columns the cell above it spans: those columns are named by that cell and the words under the
rule. Every other header word is given to the body column it lies over (the most display overlap, else the
nearest). Nothing here knows a header word: the names are read by the layout vocabulary.
"""

from __future__ import annotations

import re

from .table_body import _Header, _Lines
from .table_crosstab import body_fits, crosstab_columns
from .table_layouts import Cell, header_role, is_header, roc_glossed, squash, years_line
from .table_rows import numericish
from .table_spaced_headers import _best_span, _display_width, _display_x, _letters_joined, _wide_cells

MAX_RULED_LINES = 6  # header lines above the first row
_RULE_RUN = re.compile(r"[─━═]{4,}")
_LATIN_ONLY = re.compile(r"[A-Za-z][A-Za-z0-9 .,'&/()%\-]*")


def _span(doc: _Lines, j: int, c: Cell) -> tuple[int, int]:
    x = _display_x(doc, j, c)
    return x, x + _display_width(doc, j, c)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _body_row(doc: _Lines, j: int) -> list[Cell] | None:
    """The cells of line j when it reads as a table row (a label, then two figures or more), else None."""
    cells = _letters_joined(_wide_cells(doc, j))
    if len(cells) > 3 and roc_glossed(cells[0].text, cells[1].text):  # 108年  2019: the row's year, twice
        cells = [Cell(squash(cells[0].text + cells[1].text), cells[0].start, cells[1].end, cells[0].line), *cells[2:]]
        return cells if all(numericish(c.text) in ("value", "none") for c in cells[1:]) else None
    if len(cells) < 3 or numericish(cells[0].text) != "text":
        return None
    figures = [c for c in cells[1:] if numericish(c.text) in ("value", "none") and years_line(c.text) is None]
    return cells if len(figures) >= 2 and len(figures) == len(cells) - 1 else None


def _header_lines(k: int, doc: _Lines) -> tuple[list[int], int, list[Cell]] | None:
    """(the header's lines from k, the first row's line, its cells) when a rule beside words lies among them."""
    lines: list[int] = []
    j = k
    while j < len(doc.text) and len(lines) < MAX_RULED_LINES:
        if not doc.text[j].strip():
            j += 1
            continue
        body = _body_row(doc, j)
        if body is not None:
            ruled = any(_RULE_RUN.search(doc.text[h]) and _RULE_RUN.sub("", doc.text[h]).strip() for h in lines)
            return (lines, j, body) if len(lines) >= 2 and ruled else None
        if doc.cells[j] is None:
            return None  # (a rule line of its own: a box table's, read elsewhere)
        lines.append(j)
        j += 1
    return None


def _tokens(doc: _Lines, lines: list[int]) -> list[tuple[int, Cell, bool]]:
    """(line, cell, is a rule) of every header word and rule, English glosses left out."""
    out = []
    for h in lines:
        text = doc.text[h]
        lead = len(text) - len(text.lstrip())
        whole = Cell(text.strip(), doc.offsets[h] + lead, doc.offsets[h] + len(text.rstrip()), h + 1)
        for c in _letters_joined(_wide_cells(doc, h) or [whole]):
            if not _LATIN_ONLY.fullmatch(c.text):
                out.append((h, c, bool(_RULE_RUN.fullmatch(c.text))))
    return out


def _column_words(doc: _Lines, tokens: list[tuple[int, Cell, bool]], spans: list[tuple[int, int]]
                  ) -> list[list[str]] | None:
    """The header words over each column, top-down: a word over a rule over every column under the rule; a word
    under a rule over one of the rule's columns, any other over one of the columns no rule spans (the rows'
    labels' when it lies over them); on each line, words as many as their columns taken in order, else each to
    the column it lies over most (a copied header drifts off its figures: 身心障碍者 right of 41,276)."""
    words: list[list[str]] = [[] for _ in spans]
    grouped: set[int] = set()
    ruled: list[tuple[int, tuple[int, int], list[int]]] = []  # (line, rule span, columns under it)
    for h, rule, is_rule in tokens:
        if not is_rule:
            continue
        r = _span(doc, h, rule)
        under = [i for i, s in enumerate(spans) if _overlap(s, r) > 0]
        over = [c for hh, c, rr in tokens if not rr and hh < h and _overlap(_span(doc, hh, c), r) > 0]
        if len(under) < 2 or not over:
            return None
        ruled.append((h, r, under))
        for c in over:
            grouped.add(id(c))
            for i in under:
                words[i].append(c.text)
    spanned = {i for _, _, under in ruled for i in under}
    free = [i for i in range(1, len(spans)) if i not in spanned]
    for line in dict.fromkeys(h for h, _, _ in tokens):
        sets: dict[tuple[int, ...], list[Cell]] = {}
        for h, c, is_rule in tokens:
            if h != line or is_rule or id(c) in grouped:
                continue
            x = _span(doc, h, c)
            if _best_span(spans, *x) == 0 and _overlap(spans[0], x) > 0:
                words[0].append(c.text)  # (the rows' labels' word: 年别, 指标)
                continue
            # (a word under no rule, when every column is spanned: any value column)
            cols = next((tuple(u) for hh, r, u in ruled if hh < h and _overlap(r, x) > 0),
                        tuple(free or range(1, len(spans))))
            sets.setdefault(cols, []).append(c)
        for cols, cells in sets.items():
            if len(cells) == len(cols):
                for i, c in zip(cols, cells, strict=True):
                    words[i].append(c.text)
                continue
            for c in cells:
                options = [spans[i] for i in cols]
                words[cols[_best_span(options, *_span(doc, line, c))]].append(c.text)
    return words


def ruled_header(k: int, doc: _Lines) -> _Header | None:
    """The header opening at line k whose lines hold a spanning cell's rule beside other words, read against the
    columns of the first row under it; None unless every column is then named."""
    found_lines = _header_lines(k, doc)
    if found_lines is None:
        return None
    lines, j, body = found_lines
    words = _column_words(doc, _tokens(doc, lines), [_span(doc, j, c) for c in body])
    if words is None:
        return None
    texts = [squash("".join(w)) for w in words]
    if any(not t for t in texts[1:]):
        return None
    texts[0] = texts[0] or "指标"  # (no word over the rows' labels)
    found = crosstab_columns(texts)
    if found is not None and body_fits(body, found[0], found[1]):
        cols, transposed = found
    else:
        cols, transposed = [header_role(t) for t in texts], False  # type: ignore[misc]
        if any(c is None for c in cols) or not is_header(cols):  # type: ignore[arg-type]
            return None
    return _Header(cols, "spaced", j, wide=True, cells=body, transposed=transposed)  # type: ignore[arg-type]


__all__ = ["ruled_header"]
