"""Values computed from printed ones: rural/urban dibao ratio, nursing-bed share, average annual change.

Rules (each tested in tests/test_derive.py):
- Inputs are printed rows (method table or prose) of ONE document: same jurisdiction and doc, and for ratios and
  shares the same year and kind. Nothing is derived across documents, years or kinds.
- An input needs a numeric value and a year; rows flagged no_value, non_numeric, range or suspect_format are
  skipped. When one slot (say the urban standard of 2020 actual) holds several rows that disagree, nothing is
  derived for it; rows that agree count once (the first by line).
- Comparators propagate only where the bound stays a bound: for f = num / den (and for a change from baseline to
  target), num >= with den = gives >=, num = with den >= gives <=, and so on; two bounds pulling the same way
  (num >= and den >=) make the result unknown, so nothing is derived. A '>=' target thus yields at most a '>='.
- Average annual change from baseline (or, when none, the actual of that year) to target is written to the
  separate id `<indicator>.avg_annual_change`
  (so it never shares a chart series with the levels): percentage points per year (百分点/年) for % shares,
  per-mille points per year (千分点/年) for ‰, compound annual growth in %/year (%/年) for counts and levels.
- A derived row's quote, start, end and line are those of its first input (so quote == raw[start:end] holds);
  `note` gives the formula and says so; `derived_from` lists the inputs' row_ids; flags start with `derived`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pandas as pd

from ..errors import CmpError
from .checks import split_flags
from .codebook import CHANGE_SUFFIX, change_unit, indicator_info, unit_family
from .tidy import COLUMN_NAMES, apply_dtypes, make_row_id, records, to_frame

URBAN = "social_assistance.dibao_urban_standard"
RURAL = "social_assistance.dibao_rural_standard"
RURAL_URBAN = "social_assistance.dibao_rural_urban_ratio"
URBAN_RURAL_WRITTEN = "social_assistance.dibao_urban_rural_ratio"
NURSING_BEDS = "elderly_care.nursing_beds"
NURSING_SHARE = "elderly_care.nursing_bed_share"
NURSING_SHARE_ALL = "elderly_care.nursing_bed_share_all_beds"  # its own indicator: another denominator
BED_TOTALS = ("elderly_care.institution_beds_total", "elderly_care.beds_total")  # preferred first
PRINTED = ("table", "prose")
_RATIO_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*[:：比]\s*(\d+(?:\.\d+)?)$")
SKIP_FLAGS = {"no_value", "non_numeric", "range", "suspect_format", "ratio"}
STRUCTURAL_FLAGS = {"ratio", "range", "multi_value", "no_value", "non_numeric", "derived"}
# an average annual change whose inputs print no unit: the codebook's unit decided points vs compound growth
UNIT_ASSUMED_FLAG = "unit_assumed"


def combine(num: str, den: str) -> str | None:
    """Comparator of f(num, den) rising in num and falling in den; None when the bound is lost."""
    flip = {"=": "=", ">=": "<=", "<=": ">="}
    if num not in flip or den not in flip:
        return None
    a, b = num, flip[den]
    if a == "=":
        return b
    if b == "=" or a == b:
        return a
    return None


def round_sensibly(x: float) -> float:
    """Two decimals, but at least two significant digits for small values (0.072 stays 0.072)."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, max(2, 1 - math.floor(math.log10(abs(x)))))


def _fmt(x: float) -> str:
    """A number as a reader writes it: 719, 6.1, 0.45 (no trailing .0)."""
    return f"{x:.10g}"


def _flags(row: dict | pd.Series) -> set[str]:
    return set(split_flags(row.get("flags")))


def _usable(df: pd.DataFrame) -> pd.DataFrame:
    """Printed rows with a number, a year and a comparator; format-flagged rows dropped."""
    ok = (
        df["method"].isin(PRINTED)
        & df["value"].notna()
        & df["year"].notna()
        & df["comparator"].isin(("=", ">=", "<="))
        & ~_flags_test(df["flags"], lambda fl: bool(fl & SKIP_FLAGS))
    )
    return df[ok]


def _flags_test(flags: pd.Series, test: Callable[[set[str]], bool]) -> pd.Series:
    """`test` of each cell's set of flags, as a boolean column; each distinct cell split once (a long table repeats
    the same few flag strings on thousands of rows)."""
    memo: dict[object, bool] = {}
    out = []
    for s in flags.tolist():
        hit = memo.get(s)
        if hit is None:
            hit = memo[s] = test(set(split_flags(s)))
        out.append(hit)
    return pd.Series(out, index=flags.index, dtype=bool)


def _groups(df: pd.DataFrame, keys: list[str], min_rows: int = 1) -> list[tuple[tuple, list[dict]]]:
    """The rows of `df` as dicts, grouped by `keys` in key order (rows missing a key are dropped, as in groupby);
    groups of fewer than `min_rows` rows are left out, and only the rows of the groups kept become dicts.

    Plain dicts, not DataFrame slices: pandas indexing per small group made derive most of the build time. Every
    derivation needs two rows of one group, and most groups of a large table are one row: turning those into
    dicts was most of what was left.
    """
    kept = df.dropna(subset=keys)
    at: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(*(kept[k].tolist() for k in keys), strict=True)):
        at.setdefault(key, []).append(i)
    wanted = sorted(k for k, pos in at.items() if len(pos) >= min_rows)
    recs = records(kept.iloc[[i for k in wanted for i in at[k]]])
    out, j = [], 0
    for k in wanted:
        out.append((k, recs[j:j + len(at[k])]))
        j += len(at[k])
    return out


def _pick(rows: list[dict]) -> dict | None:
    """The one value of a slot: None when empty or when its rows disagree (value, comparator or unit)."""
    if not rows or len({(r["value"], r["comparator"], r["unit"]) for r in rows}) > 1:
        return None
    return min(rows, key=lambda r: (r["line"], r["start"], r["row_id"]))  # the first by place (ties: first)


def _row(inputs: list[dict] | list[pd.Series], indicator: str, value: float, unit: str, comparator: str,
         formula: str, *, label: str, kind: str, year: int, qualifier: str = "", attribute: str = "") -> dict:
    """A derived tidy row; place and quote from the first input, lineage in derived_from and note."""
    first = inputs[0]
    ids = [str(r["row_id"]) for r in inputs]
    flags = ["derived"] + sorted(set().union(*(_flags(r) for r in inputs)) - STRUCTURAL_FLAGS)
    return {
        "row_id": make_row_id(str(first["jurisdiction"]), "derived", indicator, *ids),
        "jurisdiction": first["jurisdiction"],
        "doc": first["doc"],
        "method": "derived",
        "table": "",
        "row_no": None,
        "category": "",
        "label": label,
        "indicator": indicator,
        "kind": kind,
        "year": year,
        "value": value,
        "unit": unit,
        "value_low": None,
        "value_high": None,
        "comparator": comparator,
        "value_raw": "",
        "unit_raw": "",
        "value_text": "",
        "attribute": attribute,
        "qualifier": qualifier,
        "line": first["line"],
        "start": first["start"],
        "end": first["end"],
        "quote": first["quote"],
        "context": first.get("context", ""),
        "context_start": first.get("context_start"),
        "context_end": first.get("context_end"),
        "locator": first.get("locator", ""),
        "section": first.get("section", ""),
        "plan": first.get("plan", ""),
        "fact_id": "",
        "preferred": True,
        "derived_from": ";".join(ids),
        "note": f"{formula}; quote, line and span are those of the first input ({ids[0]})",
        "flags": ";".join(flags),
    }


def _ratio_rows(usable: pd.DataFrame) -> list[dict]:
    """Rural/urban dibao ratio (%) from the two standards of one document, year and kind (`usable`: `_usable`)."""
    out = []
    use = usable[usable["indicator"].isin((URBAN, RURAL))]
    name = indicator_info(RURAL_URBAN)["name_zh"]
    for (_, _, year, kind), g in _groups(use, ["jurisdiction", "doc", "year", "kind"], min_rows=2):  # (two standards)
        urban = _pick([r for r in g if r["indicator"] == URBAN])
        rural = _pick([r for r in g if r["indicator"] == RURAL])
        if urban is None or rural is None or urban["value"] <= 0:
            continue
        if unit_family(str(urban["unit"])) != unit_family(str(rural["unit"])):
            continue
        cmp_ = combine(str(rural["comparator"]), str(urban["comparator"]))
        if cmp_ is None:
            continue
        value = round(rural["value"] / urban["value"] * 100, 1)
        formula = f"rural/urban = {_fmt(rural['value'])} / {_fmt(urban['value'])} × 100"
        out.append(_row([rural, urban], RURAL_URBAN, value, "%", cmp_, formula,
                        label=f"{name}(推算)", kind=str(kind), year=int(year)))
    return out


def ratio_parts(row: pd.Series) -> tuple[float, float] | None:
    """The two terms a and b of a printed ratio a:b: from value_raw ('1.22:1'), else value_low/value_high,
    else a value with unit 'ratio' read as a:1; None when the row holds no ratio."""
    m = _RATIO_RE.match(str(row.get("value_raw") or "").strip())
    if m:
        return float(m.group(1)), float(m.group(2))
    if pd.notna(row.get("value_low")) and pd.notna(row.get("value_high")):
        return float(row["value_low"]), float(row["value_high"])
    if pd.notna(row.get("value")) and str(row.get("unit") or "") == "ratio":
        return float(row["value"]), 1.0
    return None


def _written_ratio_rows(df: pd.DataFrame) -> list[dict]:
    """Rural/urban dibao ratio (%) from a printed urban:rural ratio such as 1.22:1 (rural/urban = b/a × 100)."""
    out = []
    rows = df[df["method"].isin(PRINTED) & (df["indicator"] == URBAN_RURAL_WRITTEN) & df["year"].notna()]
    rows = rows[_flags_test(rows["flags"], lambda fl: "ratio" in fl)]  # (flags split on these rows only)
    name = indicator_info(RURAL_URBAN)["name_zh"]
    for _, r in rows.sort_values("row_id").iterrows():
        parts = ratio_parts(r)
        if parts is None or parts[0] <= 0:
            continue
        urban_part, rural_part = parts
        value = round(rural_part / urban_part * 100, 1)
        formula = (f"rural/urban = {_fmt(rural_part)} / {_fmt(urban_part)} × 100 "
                   f"(from the printed urban:rural ratio {_fmt(urban_part)}:{_fmt(rural_part)})")
        out.append(_row([r], RURAL_URBAN, value, "%", "=", formula, label=f"{name}(推算)", kind=str(r["kind"]),
                        year=int(r["year"]), qualifier=str(r["qualifier"] or "")))
    return out


def _nursing_share_rows(usable: pd.DataFrame) -> list[dict]:
    """Nursing-bed share (%) from nursing beds and a bed total of one document, year, kind and qualifier.

    Over beds in institutions it is the institutions-only share; over all elderly-care beds (幸福院 and day-care
    centres included) it is its own indicator, never named as the institutions-only one. `usable`: `_usable`.
    """
    out = []
    use = usable[usable["indicator"].isin((NURSING_BEDS, *BED_TOTALS))]
    keys = ["jurisdiction", "doc", "year", "kind", "qualifier"]
    for (_, _, year, kind, qual), g in _groups(use, keys, min_rows=2):  # (a share needs two rows)
        nursing = _pick([r for r in g if r["indicator"] == NURSING_BEDS])
        total, total_id = None, ""
        for tid in BED_TOTALS:
            total, total_id = _pick([r for r in g if r["indicator"] == tid]), tid
            if total is not None:
                break
        if nursing is None or total is None or total["value"] <= 0 or nursing["unit"] != total["unit"]:
            continue
        cmp_ = combine(str(nursing["comparator"]), str(total["comparator"]))
        if cmp_ is None:
            continue
        value = round(nursing["value"] / total["value"] * 100, 1)
        target = NURSING_SHARE if total_id == BED_TOTALS[0] else NURSING_SHARE_ALL
        info = indicator_info(target)
        formula = (f"nursing/total = {_fmt(nursing['value'])} / {_fmt(total['value'])} × 100 "
                   f"(denominator: {info['denominator']})")
        out.append(_row([nursing, total], target, value, "%", cmp_, formula, label=f"{info['name_zh']}(推算)",
                        kind=str(kind), year=int(year), qualifier=str(qual)))
    return out


def _change_rows(usable: pd.DataFrame) -> list[dict]:
    """Average annual change from a document's baseline to its target, per indicator, label and qualifier
    (`usable`: `_usable` of the table)."""
    out = []
    use = usable[(usable["indicator"].fillna("") != "") & ~usable["indicator"].str.endswith(CHANGE_SUFFIX)]
    keys = ["jurisdiction", "doc", "indicator", "label", "qualifier"]
    for (_, _, ind, label, qual), g in _groups(use, keys, min_rows=2):  # (a change needs a start and a target)
        # a baseline, or else an actual of the same year (a 2020 基期值 is the 2020 actual), is the start
        base_rows = [r for r in g if r["kind"] in ("baseline", "actual")]
        target_rows = [r for r in g if r["kind"] == "target"]
        for ty in sorted({r["year"] for r in target_rows}):
            earlier = [r for r in base_rows if r["year"] < ty]
            if not earlier:
                continue
            by = max(r["year"] for r in earlier)
            at = [r for r in earlier if r["year"] == by]
            base = _pick([r for r in at if r["kind"] == "baseline"] or at)
            target = _pick([r for r in target_rows if r["year"] == ty])
            if base is None or target is None or base["unit"] != target["unit"]:
                continue
            cmp_ = combine(str(target["comparator"]), str(base["comparator"]))
            if cmp_ is None:
                continue
            n = int(ty) - int(by)
            b, t = float(base["value"]), float(target["value"])
            unit = str(base["unit"]) or str(indicator_info(ind)["unit"])  # the codebook's unit when none printed
            if unit in ("%", "‰"):
                value = round_sensibly((t - b) / n)
                points = "percentage points" if unit == "%" else "per-mille points"
                formula = f"({_fmt(t)} − {_fmt(b)}) / ({int(ty)} − {int(by)}) = {_fmt(value)} {points} per year"
            else:
                if b <= 0 or t < 0:
                    continue
                value = round_sensibly((math.pow(t / b, 1 / n) - 1) * 100)
                formula = (f"CAGR = (({_fmt(t)} / {_fmt(b)})^(1/({int(ty)} − {int(by)})) − 1) × 100 "
                           f"= {_fmt(value)} % per year")
            formula += f" (baseline {int(by)} → target {int(ty)})"
            row = _row([base, target], ind + CHANGE_SUFFIX, value, change_unit(unit), cmp_, formula,
                       label=f"{label}(年均变化,推算)", kind="target", year=int(ty), qualifier=str(qual),
                       attribute=str(target["attribute"] or ""))
            if not base["unit"] and unit:
                row["flags"] += ";" + UNIT_ASSUMED_FLAG
                assumed = f"; unit not printed, codebook unit {unit} assumed; quote,"
                row["note"] = row["note"].replace("; quote,", assumed)
            out.append(row)
    return out


def derive(df: pd.DataFrame) -> pd.DataFrame:
    """New method='derived' rows computed from the printed rows of `df` (already mapped: build.prepare), in tidy
    columns."""
    missing = [c for c in COLUMN_NAMES if c not in df.columns]
    if missing:
        raise CmpError(f"derive: the frame lacks column(s) {', '.join(missing)}; "
                       "expected a tidy table (cmp.model.tidy)")
    # every derivation reads mapped rows only: the unmapped rows of a long table are not copied or cast
    base = apply_dtypes(df.loc[df["indicator"].fillna("").astype(str) != "", COLUMN_NAMES].reset_index(drop=True))
    for col in ("indicator", "qualifier", "flags", "label", "kind", "doc", "jurisdiction", "attribute"):
        base[col] = base[col].astype(object)
    usable = _usable(base)  # (once: each derivation reads the same usable rows)
    rows = _ratio_rows(usable) + _written_ratio_rows(base) + _nursing_share_rows(usable) + _change_rows(usable)
    out = to_frame(rows)
    out = out.drop_duplicates("row_id")
    return out.sort_values(["jurisdiction", "indicator", "year", "kind", "row_id"], kind="stable").reset_index(
        drop=True
    )


CHANGE_COLUMNS = ["jurisdiction", "indicator", "change_indicator", "label", "qualifier", "unit", "baseline_year",
                  "baseline", "baseline_kind", "target_year", "target", "target_comparator", "change", "change_unit",
                  "comparator", "row_id", "baseline_row_id", "target_row_id", "flags", "note"]


def change_table(df: pd.DataFrame, jurisdiction: str | None = None) -> pd.DataFrame:
    """The average annual changes of a prepared table, one row per derived change, with its baseline and target.

    The one source of annual change for pages (computed once by `derive`): `change` is in `change_unit`
    (百分点/年, 千分点/年 or %/年) and its `comparator` says whether it is a minimum (>=) or maximum (<=).
    """
    rows = df[(df["method"] == "derived") & df["indicator"].astype(str).str.endswith(CHANGE_SUFFIX)]
    if jurisdiction is not None:
        rows = rows[rows["jurisdiction"] == jurisdiction]
    by_id = {str(r["row_id"]): r for r in records(df[df["method"] != "derived"])}
    out = []
    for r in records(rows):
        base_id, target_id = (str(r["derived_from"]).split(";") + ["", ""])[:2]
        base, target = by_id.get(base_id), by_id.get(target_id)
        if base is None or target is None:
            continue
        out.append({
            "jurisdiction": r["jurisdiction"], "indicator": str(r["indicator"])[: -len(CHANGE_SUFFIX)],
            "change_indicator": r["indicator"], "label": target["label"], "qualifier": r["qualifier"],
            "unit": base["unit"] or target["unit"], "baseline_year": int(base["year"]), "baseline": base["value"],
            "baseline_kind": base["kind"], "target_year": int(target["year"]), "target": target["value"],
            "target_comparator": target["comparator"], "change": r["value"], "change_unit": r["unit"],
            "comparator": r["comparator"], "row_id": r["row_id"], "baseline_row_id": base_id,
            "target_row_id": target_id, "flags": r["flags"], "note": r["note"],
        })
    return pd.DataFrame(out, columns=CHANGE_COLUMNS)
