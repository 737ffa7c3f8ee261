"""Two-row table headers whose first row groups columns (2025年 over 目标值 | 实际值), read as one header row.

cmp.ingest renders DOCX, HTML and PDF tables as printed, one pipe line per row: a cell spanning several columns
repeats its text in each of them, and a cell spanning both header rows repeats it in both. Which joined texts
name a column is the table reader's knowledge (table_vocab.yaml), so the two rows are merged here, in extract.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .numbers import QUALIFIERS
from .table_layouts import Column, header_role, is_header

_DIGIT = re.compile(r"\d")
_YEAR_ONLY = re.compile(r"\s*(?:19|20)\d\d\s*年?\s*")


def groups_columns(top: Sequence[str]) -> bool:
    """Whether a header row can group columns: it repeats a text in adjacent columns (a spanning cell) and is not
    one text across the whole row (a group heading)."""
    return any(a and a == b for a, b in zip(top, top[1:], strict=False)) and len(set(top)) > 1


def merge_grouped_header(top: Sequence[str], low: Sequence[str]) -> list[str] | None:
    """The one header row that a two-row header with column groups stands for, or None when it is not one.

    Each column's texts are joined top to bottom ('2025年目标值') when the joined text names a column, else
    the lower text is kept; a text repeated in both rows (a cell spanning both) is taken once. A header is a
    grouped one when its first row repeats a text in adjacent columns, is not one text across the whole row (a
    group heading), holds no number but a bare year, and the merged texts make a header (an indicator column and
    value columns, every text naming a column).
    """
    if len(top) != len(low) or len(top) < 2 or not groups_columns(top):
        return None
    if any(_DIGIT.search(c) and not _YEAR_ONLY.fullmatch(c) for c in (*top, *low)):
        return None
    out = []
    for a, b in zip(top, low, strict=True):
        joined = a + b
        out.append(a if a == b else joined if header_role(joined) is not None else b)
    roles = [header_role(t) for t in out if t]
    if not all(roles) or not is_header(roles):  # type: ignore[arg-type]  (all(roles): no None left)
        return None
    return out


def scope_line(texts: Sequence[str]) -> list[str] | None:
    """The scope words of a second header line under value columns (城市 | 农村 | 城市 | 农村), or None."""
    words = [t for t in texts if t]
    return words if len(words) >= 2 and all(w in QUALIFIERS for w in words) else None


def split_by_scope(header: list[Column], scopes: Sequence[str]) -> list[Column] | None:
    """Each value column split into one column per scope word printed under it (2020年 over 城市 | 农村), the scope
    kept as the column's measure (the rows' qualifier); None unless the words divide evenly among the value
    columns."""
    values = [c for c in header if c.role == "value"]
    if not values or len(scopes) % len(values):
        return None
    k = len(scopes) // len(values)
    out, i = [], 0
    for c in header:
        if c.role != "value":
            out.append(c)
            continue
        out += [replace(c, header=f"{c.header} {w}", measure=w) for w in scopes[i * k:(i + 1) * k]]
        i += 1
    return out
