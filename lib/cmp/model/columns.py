"""The tidy table's columns (names, dtypes, descriptions) and rows turned into columns, without pandas (the
reading workers use it)."""

from __future__ import annotations

import operator

# column -> (pandas dtype, description); the order here is the order in the files
COLUMNS: dict[str, tuple[str, str]] = {
    "row_id": ("string", "stable id: jurisdiction, method and a hash of what the row says (not where it sits)"),
    "jurisdiction": ("string", "jurisdiction id from data/raw/manifest.yaml"),
    "doc": ("string", "file name in data/raw/"),
    "method": ("string", "table (indicator table cell), prose (running text or 专栏 box), derived (computed)"),
    "table": ("string", "table number within the document (T1, T2, ...), empty for prose and derived rows"),
    "row_no": ("Int64", "row number printed in the table (序号), when printed"),
    "category": ("string", "group or category the table gives the row (指标类别 or a group header)"),
    "label": ("string", "indicator name exactly as the document writes it (original characters)"),
    "indicator": ("string", "canonical indicator id from the codebook; empty when not mapped"),
    "kind": ("string", "baseline, target or actual"),
    "year": ("Int64", "year the value refers to"),
    "value": ("float64", "number in the canonical unit; empty when the cell or phrase is not a number"),
    "unit": ("string", "canonical unit (万 and 亿 applied: 万张 -> 张)"),
    "value_low": ("float64", "lower bound of a range such as 30-40, in the canonical unit"),
    "value_high": ("float64", "upper bound of a range, in the canonical unit"),
    "comparator": ("string", "=, >= or <=; empty when there is no number"),
    "value_raw": ("string", "the number as written (6.4 in 6.4万张; thousands separators dropped: 1864 in 1,864个)"),
    "unit_raw": ("string", "the unit as written (万张 in 6.4万张), from the cell, the unit column or the label"),
    "value_text": ("string", "the cell or phrase exactly as printed"),
    "attribute": ("string", "binding (约束性) or expected (预期性) when the document says"),
    "qualifier": ("string", "scope word printed with the value (城市, 农村) when a cell or phrase holds several"),
    "line": ("Int64", "1-based line of the value in the raw file"),
    "start": ("Int64", "character offset where the quote starts in the raw file's decoded text"),
    "end": ("Int64", "character offset where the quote ends (exclusive)"),
    "quote": ("string", "exactly raw_text[start:end]: the source text that holds the value"),
    "context": ("string", "the whole sentence or table row the value comes from: raw_text[context_start:context_end]"),
    "context_start": ("Int64", "character offset where the context starts in the raw file's decoded text"),
    "context_end": ("Int64", "character offset where the context ends (exclusive)"),
    "locator": ("string", "where the value sits in the source format's own terms (line 12; p. 3; 表 1, row 3)"),
    "section": ("string", "heading path of the section that holds the value, as printed (' > '-separated)"),
    "plan": ("string", "plan the value belongs to: 14th-fyp, 13th-fyp, annual-2023...; empty when unknown"),
    "fact_id": ("string", "readings of one fact share it: jurisdiction, indicator, year, qualifier, and a target's "
                          "plan or 'reported' (a baseline and an actual of one year are one fact); empty if unmapped"),
    "preferred": ("boolean", "true for the one reading of a fact that charts and comparisons use (table over text "
                             "over derived; cmp.model.reconcile)"),
    "derived_from": ("string", "row_ids of the inputs of a derived value, ';'-separated"),
    "note": ("string", "formula of a derived value, or what else the source says about the row"),
    "flags": ("string", "';'-separated data-quality flags"),
}
COLUMN_NAMES = list(COLUMNS)
KINDS = ("baseline", "target", "actual")
METHODS = ("table", "prose", "derived")
COMPARATORS = ("=", ">=", "<=")
ATTRIBUTES = ("binding", "expected")


def columns_of(rows: list[dict]) -> dict[str, list]:
    """The rows transposed: column -> its cells (None where a row lacks the key), in COLUMN_NAMES order."""
    # the columns the first row has are read with one C call per row (rows of one build share their keys); a row
    # lacking one of them, and the columns the first row lacks, are read key by key
    names = [c for c in COLUMN_NAMES if rows and c in rows[0]]
    if len(names) < 2:
        return {c: [r.get(c) for r in rows] for c in COLUMN_NAMES}
    get = operator.itemgetter(*names)

    def one(r: dict) -> tuple:
        try:
            return get(r)
        except KeyError:
            return tuple(r.get(c) for c in names)

    read = dict(zip(names, map(list, zip(*map(one, rows), strict=True)), strict=True))
    return {c: read[c] if c in read else [r.get(c) for r in rows] for c in COLUMN_NAMES}
