"""Tables keyed to a legend: the indicators listed once, each after a circled number (① 养老机构护理型床位占比（%）),
then a table whose header prints only the numbers (编号 | ① | ② | …, years as its rows). Each number in the header
is given its indicator's name, the cell the legend prints it in (its line and offsets), so a value's label
points at the legend line that names it."""

from __future__ import annotations

import re

from .table_layouts import Cell, vocab

# a circled number (①-⑳), the name it stands for after it
_KEY_RE = re.compile(r"\s*([\u2460-\u2473])\s*(\S.{0,60}?)\s*")
_CIRCLED_RE = re.compile(r"[\u2460-\u2473]")
MIN_KEYS = 3  # legend lines in a row before they are a legend
MAX_LEGEND_GAP = 12  # non-blank lines between a legend and the header that uses its numbers


def _legend_at(cells: list[list[Cell] | None], k: int) -> tuple[dict[str, Cell], int] | None:
    """(number -> the cell naming it, index after the legend) of a legend starting at line index k, or None."""
    keys: dict[str, Cell] = {}
    j = k
    while j < len(cells):
        cl = cells[j]
        if not cl or len(cl) != 1:
            break
        m = _KEY_RE.fullmatch(cl[0].text)
        if m is None or m.group(1) in keys:
            break
        c = cl[0]
        keys[m.group(1)] = Cell(m.group(2), c.start + m.start(2), c.start + m.end(2), c.line)
        j += 1
    return (keys, j) if len(keys) >= MIN_KEYS else None


def _keyed_header(cl: list[Cell], keys: dict[str, Cell]) -> bool:
    """A header line naming its rows first, then only numbers of the legend (编号 | ① | ② | …)."""
    rest = [c.text.strip() for c in cl[1:]]
    return len(rest) >= 2 and all(t in keys for t in rest) and not _CIRCLED_RE.search(cl[0].text)


def name_keyed_headers(cells: list[list[Cell] | None]) -> None:
    """Give the numbers of a header keyed to a legend above it the legend's names, in place (the first cell, the
    rows' name, becomes the words that name a table's indicator column: the rows are the table's years)."""
    k = 0
    row_word = vocab()["header_roles"]["indicator"][0]
    while k < len(cells):
        found = _legend_at(cells, k) if cells[k] and len(cells[k]) == 1 else None  # type: ignore[arg-type]
        if found is None:
            k += 1
            continue
        keys, j = found
        seen = 0
        while j < len(cells) and seen <= MAX_LEGEND_GAP:
            cl = cells[j]
            if cl:
                seen += 1
                if _keyed_header(cl, keys):
                    first = cl[0]
                    cells[j] = [Cell(row_word, first.start, first.end, first.line),
                                *(keys[c.text.strip()] for c in cl[1:])]
                    break
            j += 1
        k = j + 1
