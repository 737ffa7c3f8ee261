"""The comparison frame for charts: chosen indicators across jurisdictions, with a caveat on every unlike value.

Caveats are computed per row, relative to the other rows of the frame (see CONTRIBUTING-brief.md, "The
comparison frame"): a different denominator (also between indicators shown together, and when a row's label
implies another denominator than its indicator), level of government, year (among rows of the same kind), kind
(among rows of the same year), derived vs printed, a floor/ceiling comparator, a range, a unit that differs or
is not printed, a scope qualifier (城市/农村) and any data-quality flags.
"""

from __future__ import annotations

import pandas as pd

from .. import paths
from ..errors import CmpError
from ..ingest.sources import read_manifest
from ..model.codebook import indicator_info, map_label, map_rows, unit_family, valid_ids
from ..model.derive import derive
from ..model.tidy import COLUMN_NAMES, KINDS

FRAME_COLUMNS = [
    "jurisdiction", "jurisdiction_name_en", "jurisdiction_name_zh", "level", "doc_kind", "period",
    "indicator", "indicator_name_en", "indicator_name_zh", "domain", "kind", "year", "value", "unit",
    "denominator", "comparator", "value_low", "value_high", "value_text", "attribute", "method", "label",
    "quote", "doc", "line", "row_id", "flags", "caveats",
]
SCOPES = {"城市": "urban", "城镇": "urban and town", "农村": "rural", "农村牧区": "rural and pastoral",
          "城区": "urban districts", "乡村": "rural", "城乡": "urban and rural", "男": "men", "女": "women"}
# flags that other caveats already express, or that describe the cell's layout rather than its quality
_SAID_FLAGS = {"derived", "range", "ratio", "multi_value", "denominator_suspect", "all_beds_denominator"}


def _as_list(value: object, what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    try:
        out = [str(v) for v in value]  # type: ignore[union-attr]
    except TypeError:
        raise CmpError(f"{what} must be a string or a list of strings, got {value!r}") from None
    if not out:
        raise CmpError(f"{what}: the list is empty")
    return out


def _per(denominator: str) -> str:
    return "no denominator (a count or level)" if denominator in ("", "none") else f"per {denominator}"


def _num(x: object) -> str:
    return f"{float(x):.10g}"


def _table(table: pd.DataFrame | None) -> pd.DataFrame:
    """The tidy table with blank indicators mapped and derived rows added (those not already in it)."""
    if table is None:
        from ..model.tidy import load

        table = load()
    missing = [c for c in COLUMN_NAMES if c not in table.columns]
    if missing:
        raise CmpError(f"compare: the table lacks column(s) {', '.join(missing)}; expected a tidy table (cmp.tidy)")
    mapped = map_rows(table)
    extra = derive(mapped)
    extra = extra[~extra["row_id"].isin(set(mapped["row_id"]))]
    return pd.concat([mapped, extra], ignore_index=True) if len(extra) else mapped


def _row_caveats(r: pd.Series, frame: pd.DataFrame, info: dict[str, dict]) -> str:
    """The '; '-joined caveats of one row of the comparison frame."""
    out: list[str] = []
    me = info[r["indicator"]]
    same = frame[(frame["indicator"] == r["indicator"]) & (frame.index != r.name)]
    # denominator: other indicators of the same unit family shown beside this one
    others = {info[i]["denominator"] for i in frame["indicator"].unique()
              if i != r["indicator"] and unit_family(info[i]["unit"]) == unit_family(me["unit"])}
    others.discard(me["denominator"])
    if others:
        out.append(f"denominator differs: {_per(me['denominator'])} vs {', '.join(_per(d) for d in sorted(others))}")
    if r["method"] != "derived":
        try:
            implied = map_label(r["label"], r["qualifier"], r["unit"])
        except CmpError:
            implied = ""
        if implied and implied != r["indicator"]:
            den = indicator_info(implied)["denominator"]
            if den != me["denominator"]:
                out.append(f"denominator differs: the label implies {_per(den)}, the indicator is "
                           f"{_per(me['denominator'])}")
    flags = [f for f in str(r["flags"] or "").split(";") if f]
    if "denominator_suspect" in flags:
        out.append(f"denominator suspect: printed as {_per(me['denominator'])}, the value may be per another "
                   "population")
    if "all_beds_denominator" in flags:
        out.append("denominator differs: computed over all elderly-care beds, not only beds in institutions")
    levels = sorted(set(same["level"]) - {r["level"], ""})
    if levels and r["level"]:
        out.append(f"level differs: {r['level']} vs {', '.join(levels)}")
    if pd.notna(r["year"]):
        years = sorted({int(y) for y in same.loc[same["kind"] == r["kind"], "year"].dropna()} - {int(r["year"])})
        if years:
            out.append(f"year differs: {int(r['year'])} vs {', '.join(map(str, years))}")
        kinds = sorted(set(same.loc[same["year"] == r["year"], "kind"]) - {r["kind"], ""},
                       key=lambda k: KINDS.index(k) if k in KINDS else 9)
        if kinds:
            out.append(f"kind differs: {r['kind']} vs {', '.join(kinds)}")
    if r["method"] == "derived":
        out.append("derived, not printed")
    what = "target" if r["kind"] == "target" else "value"
    if r["comparator"] == ">=":
        out.append(f"{what} is a floor (>=)")
    elif r["comparator"] == "<=":
        out.append(f"{what} is a ceiling (<=)")
    has_value = pd.notna(r["value"])
    if "ratio" in flags:
        out.append("printed as a ratio, not a single value")
    elif "range" in flags or (not has_value and pd.notna(r["value_low"]) and pd.notna(r["value_high"])):
        lo, hi = r["value_low"], r["value_high"]
        span = f" {_num(lo)}-{_num(hi)}" if pd.notna(lo) and pd.notna(hi) else ""
        out.append(f"range{span}, no single value")
    elif not has_value:
        out.append("no number printed" + (f": {r['value_text']}" if r["value_text"] else ""))
    if has_value:
        accepted = set(me.get("equivalent_units") or []) | {me["unit"]}
        if not r["unit"] and me["unit"]:
            out.append(f"unit not printed (codebook unit {me['unit']})")
        elif r["unit"] and me["unit"] and r["unit"] not in accepted:
            out.append(f"unit differs: {r['unit']} vs codebook {me['unit']}")
        else:
            units = sorted(set(same.loc[same["value"].notna(), "unit"]) - accepted - {""})
            if units and r["unit"]:
                out.append(f"unit differs: {r['unit']} vs {', '.join(units)}")
    if r["qualifier"]:
        out.append(f"scope: {r['qualifier']} ({SCOPES.get(r['qualifier'], 'part')}) only")
    rest = [f for f in flags if f not in _SAID_FLAGS]
    if rest:
        out.append(f"flags: {', '.join(rest)}")
    return "; ".join(dict.fromkeys(out))


def compare(
    indicators: str | list[str],
    jurisdictions: str | list[str] | None = None,
    kinds: str | list[str] | None = None,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per value of the chosen indicators, with manifest and codebook metadata and a `caveats` column."""
    wanted = _as_list(indicators, "indicators")
    valid = valid_ids()
    bad = [i for i in wanted if i not in valid]
    if bad:
        raise CmpError(f"unknown indicator id(s) {', '.join(bad)}; valid choices: {', '.join(valid)}")
    manifest = read_manifest(paths.raw_dir())
    meta = {m["jurisdiction"]: m for m in manifest}
    tab = _table(table)
    known = list(meta) + sorted(set(tab["jurisdiction"].astype(str)) - set(meta))
    if jurisdictions is None or jurisdictions == "all" or jurisdictions == ["all"]:
        juris = known
    else:
        juris = _as_list(jurisdictions, "jurisdictions")
        bad = [j for j in juris if j not in known]
        if bad:
            raise CmpError(f"unknown jurisdiction(s) {', '.join(bad)}; valid choices: all, {', '.join(known)}")
    kind_list = list(KINDS) if kinds is None else _as_list(kinds, "kinds")
    bad = [k for k in kind_list if k not in KINDS]
    if bad:
        raise CmpError(f"unknown kind(s) {', '.join(bad)}; valid choices: {', '.join(KINDS)}")

    rows = tab[tab["indicator"].isin(wanted) & tab["jurisdiction"].isin(juris) & tab["kind"].isin(kind_list)].copy()
    info = {i: indicator_info(i) for i in wanted}
    text_cols = ["jurisdiction", "indicator", "kind", "unit", "comparator", "value_text", "attribute", "method",
                 "label", "quote", "doc", "flags", "qualifier"]
    for col in text_cols:
        rows[col] = rows[col].astype(object).where(rows[col].notna(), "").astype(str)
    for col, key in (("jurisdiction_name_en", "name_en"), ("jurisdiction_name_zh", "name_zh"), ("level", "level"),
                     ("doc_kind", "doc_kind"), ("period", "period")):
        rows[col] = rows["jurisdiction"].map(lambda j, k=key: meta.get(j, {}).get(k, ""))
    for col, key in (("indicator_name_en", "name_en"), ("indicator_name_zh", "name_zh"), ("domain", "domain"),
                     ("denominator", "denominator")):
        rows[col] = rows["indicator"].map(lambda i, k=key: info[i][k])
    order = {j: n for n, j in enumerate(known)}
    rows["_j"] = rows["jurisdiction"].map(order)
    rows["_k"] = rows["kind"].map(lambda k: KINDS.index(k))
    rows["_m"] = (rows["method"] == "derived").astype(int)
    rows = rows.sort_values(["indicator", "_j", "year", "_k", "_m", "row_id"], kind="stable").reset_index(drop=True)
    rows["caveats"] = [_row_caveats(r, rows, info) for _, r in rows.iterrows()] if len(rows) else []
    out = rows[FRAME_COLUMNS].reset_index(drop=True)
    for col in ("year", "line"):
        out[col] = out[col].astype("Int64")
    for col in ("value", "value_low", "value_high"):
        out[col] = out[col].astype("float64")
    return out
