"""Glued rows: a table row whose cells lost their separators (社会救助申请社会救助家庭经济情况信息核对率(%)约束性
99100100完成), its digits cut into the table's value columns by every way that fits, the best cut kept and any
doubt flagged.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache

from .numbers import canonical_unit, unit_from_label
from .table_layouts import MAX_GLUED_DIGITS, UNCERTAIN_MARGIN, Cell, Column, ParsedRow, longest_first, vocab

_PIECE_RE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:-(?:0|[1-9]\d*)(?:\.\d+)?)?")


def _piece_splits(s: str) -> list[list[str]]:
    """Every way to cut a run of digits into numbers (or a-b ranges) without leading zeros."""
    return [list(split) for split in _splits_of(s)]


@lru_cache(maxsize=4096)
def _splits_of(s: str) -> tuple[tuple[str, ...], ...]:
    """_piece_splits as tuples, each tail's cuts found once (the recursion asked again for every tail of every
    head: most of the glued-row reader's time)."""
    if not s:
        return ((),)
    out = []
    for k in range(1, len(s) + 1):
        head = s[:k]
        if not _PIECE_RE.fullmatch(head):
            continue
        if "-" in head:
            lo, hi = head.split("-")
            if float(lo) > float(hi):
                continue
        for rest in _splits_of(s[k:]):
            out.append((head, *rest))
    return tuple(out)


_CHUNK_RE = re.compile(r"([≥≤><]?)([\d.\-]+)|([^\d≥≤><]+[\s\S]*)")


def _chunks(seg: str) -> list[tuple[str, str, int]]:
    """Break a glued value segment into ('num'|'text', text, offset) chunks; a comparator starts a new chunk."""
    out: list[tuple[str, str, int]] = []
    for m in _CHUNK_RE.finditer(seg):
        if m.group(3) is not None:
            out.append(("text", m.group(3), m.start(3)))
            break
        out.append(("num", m.group(0), m.start()))
    return out


def _piece_value(p: str) -> float | None:
    p = p.lstrip("≥≤><")
    if "-" in p:
        lo, hi = p.split("-")
        return (float(lo) + float(hi)) / 2
    try:
        return float(p)
    except ValueError:
        return None


def _chunk_options(segments: list[tuple[str, int]]) -> tuple[list[list[list[tuple[str, int]]]], bool]:
    """Every way to cut each chunk of the segments into pieces, and whether a chunk was too long to cut."""
    chunk_options: list[list[list[tuple[str, int]]]] = []
    too_long = False
    for seg, off in segments:
        for kind, text, pos in _chunks(seg):
            if kind == "text":
                chunk_options.append([[(text.strip(), off + pos + len(text) - len(text.lstrip()))]])
                continue
            comp = text[0] if text[0] in "≥≤><" else ""
            digits = text[len(comp):]
            if len(digits) > MAX_GLUED_DIGITS:
                # too long to cut by inference in bounded time: kept whole, every column uncertain
                too_long = True
                chunk_options.append([[(text, off + pos)]])
                continue
            opts = []
            for split in _splits_of(digits):
                pieces, p = [], off + pos
                for k, piece in enumerate(split):
                    if k == 0 and comp:
                        pieces.append((comp + piece, p))
                        p += len(comp) + len(piece)
                    else:
                        pieces.append((piece, p))
                        p += len(piece)
                opts.append(pieces)
            chunk_options.append(opts or [[(text, off + pos)]])
    return chunk_options, too_long


def split_glued_values(segments: list[tuple[str, int]], columns: list[Column], pct: bool):
    """Cut glued value text into one piece per value column, scoring every candidate cut.

    Returns (pieces, margin, n_candidates, uncertain): pieces is a list per value column of (text, offset) or
    None; margin is how much better the best cut is than the next; uncertain holds the columns on which a
    near-best cut disagrees.
    """
    chunk_options, too_long = _chunk_options(segments)
    n = len(columns)
    scored = []
    if math.prod(len(o) for o in chunk_options) > 20000:
        too_long, chunk_options = True, [[[p for opt in o[:1] for p in opt]] for o in chunk_options]
    for combo in itertools.product(*chunk_options) if chunk_options else [()]:
        pieces = [p for chunk in combo for p in chunk]
        if len(pieces) > n:
            continue
        for positions in itertools.combinations(range(n), len(pieces)):
            scored.append((_cut_score(pieces, positions, columns, pct), pieces, positions))
    if not scored:
        return [None] * n, 0.0, 0, set()
    scored.sort(key=lambda t: (t[0], t[2]))
    best_score, pieces, positions = scored[0]
    margin = scored[1][0] - best_score if len(scored) > 1 else math.inf
    out: list[tuple[str, int] | None] = [None] * n
    for piece, k in zip(pieces, positions, strict=True):
        out[k] = piece
    # a column is uncertain when a near-best cut puts something else in it
    uncertain = set()
    for score, alt_pieces, alt_positions in scored[1:]:
        if score - best_score >= UNCERTAIN_MARGIN:
            break
        alt: list[tuple[str, int] | None] = [None] * n
        for piece, k in zip(alt_pieces, alt_positions, strict=True):
            alt[k] = piece
        uncertain |= {k for k in range(n) if alt[k] != out[k]}
    if too_long:
        uncertain = set(range(n))
    return out, margin, len(scored), uncertain


def _cut_score(pieces, positions, columns, pct: bool) -> float:
    n = len(columns)
    missing = [k for k in range(n) if k not in positions]
    # a missing column costs; one before the last piece costs a little more (values fill from the left)
    score = 1.5 * len(missing) + 0.1 * sum(1 for k in missing if k < max(positions, default=-1))
    nums = []
    for (text, _), k in zip(pieces, positions, strict=True):
        v = _piece_value(text)
        if v is None:
            if columns[k].kind == "baseline":
                score += 1.0
            continue
        if v == 0:
            score += 2.0
        if pct and v > 100:
            score += 5.0
        if text[0] in "≥≤><" and columns[k].kind != "target":
            score += 2.0
        nums.append(v)
    for a, b in itertools.pairwise(nums):
        if a > 0 and b > 0:
            score += abs(math.log10(a / b))
    return score


def read_glued(body, lines, offsets, header) -> list[ParsedRow]:
    """Rows of a table whose cells lost their separators (社会救助申请…核对率(%)约束性99100100完成)."""
    value_cols = [c for c in header if c.role == "value"]
    unit_in_label = any(c.unit_in_label for c in header)
    status_words = longest_first(vocab()["status_words"])
    return [_glued_row(d, value_cols, unit_in_label, status_words)
            for d in _glued_drafts(body, lines, offsets, header)]


def _glued_drafts(body, lines, offsets, header) -> list[dict]:
    """One draft per glued row (label, category, attribute, value segments); continuation lines join it."""
    has_attr = any(c.role == "attribute" for c in header)
    has_cat = any(c.role == "category" for c in header)
    attr_re = re.compile("|".join(map(re.escape, longest_first(vocab()["attribute_words"]))))
    drafts: list[dict] = []
    category = ""
    has_unit = any(c.role == "unit" for c in header)
    for k in body:
        text, off = lines[k], offsets[k]
        unit_cut = _unit_before_figures(text) if has_unit and not has_attr else None
        if unit_cut is not None:  # 社会救助支出万元26,418.3: the label, its unit and its figures run together
            u0, u1 = unit_cut
            lead = len(text) - len(text.lstrip())
            label = text[lead:u0].strip()
            drafts.append({
                "category": category, "label": Cell(label, off + lead, off + lead + len(label), k + 1),
                "attribute": "", "segments": [(text[u1:], off + u1, k + 1)], "split_category": False,
                "line_start": off, "unit": Cell(text[u0:u1], off + u0, off + u1, k + 1),
            })
            continue
        if has_unit and not has_attr and not _FIGURES_END_RE.search(text) and not _ends_with_unit(text.strip()):
            category = text.strip()  # 二、乡级行政区划: a group row (精神疾病服务机构个, ending in a unit, is a row)
            continue
        m = attr_re.search(text, 2) if has_attr else None
        if has_attr and m is None:
            if drafts:
                drafts[-1]["segments"].append((text, off, k + 1))
            continue
        left_end = m.start() if m else len(text)
        left = text[:left_end]
        lead = len(left) - len(left.lstrip())
        label_start = lead
        row_cat = ""
        if has_cat:
            for w in longest_first(vocab()["category_words"]):
                if left.strip().startswith(w) and len(left.strip()) - len(w) >= 4:
                    row_cat = w
                    label_start = lead + len(w)
                    break
        if row_cat:
            category = row_cat
        label = left[label_start:].strip()
        label_cell = Cell(label, off + label_start, off + label_start + len(label), k + 1)
        rest_start = m.end() if m else left_end
        drafts.append({
            "category": category, "label": label_cell,
            "attribute": vocab()["attribute_words"][m.group(0)] if m else "",
            "segments": [(text[rest_start:], off + rest_start, k + 1)],
            "split_category": bool(row_cat), "line_start": off,
        })
    return drafts


_FIGURES_END_RE = re.compile(r"[-+]?\d[\d,.]*(?:\s+[-+]?\d[\d,.]*)*\s*$")
MAX_GLUED_UNIT = 8  # characters of a unit glued between a row's label and its figures


def _unit_before_figures(text: str) -> tuple[int, int] | None:
    """(start, end) of a known unit glued between a row's label and the figures that end it (…支出万元26,418.3),
    the longest that reads as one; None when the line does not end so."""
    m = _FIGURES_END_RE.search(text)
    if m is None or m.start() == 0:
        return None
    for n in range(min(MAX_GLUED_UNIT, m.start() - 1), 0, -1):
        unit = text[m.start() - n:m.start()]
        if canonical_unit(unit) is not None and text[:m.start() - n].strip():
            return m.start() - n, m.start()
    return None


def _ends_with_unit(text: str) -> bool:
    return any(canonical_unit(text[-n:]) is not None for n in range(1, min(MAX_GLUED_UNIT, len(text) - 1) + 1))


def _glued_row(d: dict, value_cols: list[Column], unit_in_label: bool, status_words: list[str]) -> ParsedRow:
    """Cut one glued row's value segments into its value columns (every candidate cut scored, flagged)."""
    status = ""
    segs: list[tuple[str, int, int]] = []
    for seg, off, ln in d["segments"]:
        s = seg.rstrip()
        for w in status_words:
            if s.endswith(w):
                status = w
                s = s[: -len(w)]
                break
        if s.strip():
            segs.append((s, off, ln))
    pct = (unit_from_label(d["label"].text) == "%") if unit_in_label else False
    pieces, margin, n_cand, uncertain = split_glued_values([(s, o) for s, o, _ in segs], value_cols, pct)
    line_of = {o: ln for _, o, ln in segs}
    last_text, last_off, _ = d["segments"][-1]
    row = ParsedRow(rowno=None, category=d["category"], label=d["label"], unit=d.get("unit"),
                    attribute=d["attribute"], notes=[], values=[],
                    span=(d["line_start"], last_off + len(last_text.rstrip())))
    if status:
        row.notes.append(f"完成情况: {status}")
    if d["split_category"]:
        row.notes.append(f"category {d['category']!r} split from the front of the glued row")
    for idx, (col, piece) in enumerate(zip(value_cols, pieces, strict=True)):
        if piece is None:
            row.values.append((col, None))
            continue
        text, start = piece
        ln = max(ln for o, ln in line_of.items() if o <= start)  # a piece lies in one of the segments
        row.values.append((col, Cell(text, start, start + len(text), ln)))
        if n_cand > 1:
            row.value_flags.setdefault(idx, []).append("ambiguous_split")
            cut = " | ".join(p[0] if p else "—" for p in pieces)
            if idx in uncertain:
                row.value_flags[idx].append("split_uncertain")
            row.value_notes[idx] = f"glued cells cut as {cut} (next best cut scores {margin:.2f} worse)"
    if any(p is None for p in pieces):
        row.flags.append("missing_cell")
        row.notes.append("missing cell(s): " + ", ".join(
            c.header for c, p in zip(value_cols, pieces, strict=True) if p is None))
    return row


