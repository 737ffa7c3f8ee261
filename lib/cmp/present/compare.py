"""The comparison frame for charts: chosen indicators across jurisdictions, from the prepared table, honestly.

The table is prepared once by the build (map, check, plan, derive, reconcile); compare never re-maps or re-derives.
Rules (tested in tests/test_compare.py):
- One point per fact: only the preferred reading of each fact (of those the kinds and years asked for), with the
  fact's other readings in `sources`.
- One denominator and scope per series: a value whose denominator the checks find suspect, or a floor each unit
  must meet (各养老机构…), is left out of its indicator's series and listed in `frame.attrs["excluded"]` with the
  arithmetic; two indicators of one unit family with different denominators or scopes are refused. Both are
  allowed with `allow_mixed=True`, and the frame then says so (caveat `mixed_scope`).
- Caveats are codes with details (vocab.yaml `caveats`), only the material ones: mixed scope, floor, ceiling,
  derived, previous plan, draft document, year inferred, disputed. Level of government and year are not caveats.
  `caveat_codes` holds a row's codes; `frame.attrs["caveats"]` holds each (jurisdiction, indicator, code) once,
  naming its rows; `caveat_text` renders them in en or zh.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from .. import paths
from ..errors import CmpError
from ..ingest.sources import read_manifest
from ..model import vocab
from ..model.checks import rules as check_rules
from ..model.checks import split_flags
from ..model.codebook import indicator_info, load_codebook, unit_family, valid_ids
from ..model.reconcile import document_plan, plan_years, preference
from ..model.tidy import COLUMN_NAMES, KINDS

FRAME_COLUMNS = [
    "jurisdiction", "jurisdiction_name_en", "jurisdiction_name_zh", "level", "doc_kind", "period",
    "indicator", "indicator_name_en", "indicator_name_zh", "domain", "kind", "year", "value", "unit",
    "denominator", "scope", "comparator", "value_low", "value_high", "value_text", "attribute", "qualifier", "method",
    "label", "quote", "doc", "line", "row_id", "plan", "fact_id", "preferred", "sources", "flags", "note",
    "caveat_codes", "caveats",
]
# flags that put a value outside its indicator's denominator or scope: left out of the series unless allow_mixed
OFF_SERIES_FLAGS = ("denominator_suspect", "per_unit_floor")
CAVEAT_LIMIT = 120  # characters of caveat text per jurisdiction per chart
_NAME_SUFFIX_RE = re.compile(r"(?:\(.*\)|（.*）)$")


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


def _closest(bad: str, aliases: Mapping[str, str], n: int = 5) -> list[str]:
    """The ids whose aliases are closest to `bad` (at most n, each once)."""
    hits = difflib.get_close_matches(bad.lower(), list(aliases), n=4 * n, cutoff=0.0)
    return list(dict.fromkeys(aliases[h] for h in hits))[:n]


def _unknown(what: str, bad: str, aliases: Mapping[str, str], how: str) -> CmpError:
    close = ", ".join(_closest(bad, aliases))
    return CmpError(f"unknown {what} {bad!r}; closest valid ids: {close}; {how}")


def jurisdiction_aliases(manifest: Sequence[Mapping]) -> dict[str, str]:
    """Lower-cased id, English and Chinese names (with and without 市/区 and brackets) -> jurisdiction id."""
    out: dict[str, str] = {}
    for m in manifest:
        j = str(m["jurisdiction"])
        for name in (j, str(m.get("name_en", "")), str(m.get("name_zh", ""))):
            name = name.strip()
            if not name:
                continue
            short = _NAME_SUFFIX_RE.sub("", name).strip()
            for alias in (name, short, short.rstrip("市区县旗盟") if len(short) > 2 else short):
                out.setdefault(alias.lower(), j)
    return out


def resolve_jurisdictions(value: object, manifest: Sequence[Mapping], known: Sequence[str]) -> list[str]:
    """Jurisdiction ids from ids or names ('Wuhan', '武汉', 'WUHAN'); None or 'all' is every one."""
    if value is None or value == "all" or value == ["all"]:
        return list(known)
    aliases = jurisdiction_aliases(manifest)
    aliases.update({j.lower(): j for j in known if j.lower() not in aliases})
    out = []
    for v in _as_list(value, "jurisdictions"):
        j = aliases.get(v.strip().lower())
        if j is None:
            raise _unknown("jurisdiction", v, aliases, "list all with `cmp sources` (or pass 'all')")
        out.append(j)
    return list(dict.fromkeys(out))


def resolve_indicators(value: object) -> list[str]:
    """Indicator ids from ids or codebook names (case-insensitive); unknown ones raise with the closest ids."""
    ids = valid_ids()
    aliases = {i.lower(): i for i in ids}
    cb = load_codebook()
    for i, zh, en in zip(cb["id"], cb["name_zh"], cb["name_en"], strict=True):
        aliases.setdefault(str(zh).lower(), str(i))
        aliases.setdefault(str(en).lower(), str(i))
    out = []
    for v in _as_list(value, "indicators"):
        i = aliases.get(v.strip().lower())
        if i is None:
            raise _unknown("indicator id", v, {i.lower(): i for i in ids}, "list all with `cmp codebook`")
        out.append(i)
    return list(dict.fromkeys(out))


def _years(value: object) -> list[int] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, (int, str)) else value
    try:
        years = [int(y) for y in items]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise CmpError(f"years must be a year or a list of years (e.g. [2020, 2025]), got {value!r}") from None
    if not years:
        raise CmpError("years: the list is empty")
    return years


def _table(table: pd.DataFrame | None) -> pd.DataFrame:
    """The prepared tidy table (cmp.load() by default), as built: never re-mapped or re-derived here."""
    if table is None:
        from ..model.tidy import load

        table = load()
    missing = [c for c in COLUMN_NAMES if c not in table.columns]
    if missing:
        raise CmpError(f"compare: the table lacks column(s) {', '.join(missing)}; "
                       "expected a tidy table (cmp.model.tidy)")
    return table


def mixed_indicators(wanted: Sequence[str], info: Mapping[str, dict]) -> dict[str, list[str]]:
    """Indicator -> the other chosen indicators of its unit family with another denominator or scope."""
    out: dict[str, list[str]] = {}
    for i in wanted:
        others = [o for o in wanted if o != i and unit_family(info[o]["unit"]) == unit_family(info[i]["unit"])
                  and (info[o]["denominator"], info[o]["scope"]) != (info[i]["denominator"], info[i]["scope"])]
        if others:
            out[i] = others
    return out


def _refuse_mixed_indicators(mixed: Mapping[str, list[str]], info: Mapping[str, dict]) -> None:
    if mixed:
        what = "; ".join(f"{i}: per {info[i]['denominator']}, scope {info[i]['scope']}" for i in mixed)
        raise CmpError(f"compare: these indicators have different denominators or scopes ({what}); compare them "
                       "one at a time, or pass allow_mixed=True and the frame will say so")


def _split_series_details(me: dict, others: Sequence[dict]) -> dict:
    own = vocab.pair("denominators", me["denominator"])
    other = [vocab.pair("denominators", o["denominator"]) for o in others]
    return {"denominator_en": f"per {own[0]}", "denominator_zh": own[1],
            "common_en": " / ".join(dict.fromkeys(f"per {o[0]}" for o in other)),
            "common_zh": "、".join(dict.fromkeys(o[1] for o in other))}


def _plan_text(plan: str, lang: str) -> str:
    return vocab.text("plans", plan, lang) if plan in vocab.codes("plans") else plan


def is_previous_plan(plan: str, own: str) -> bool:
    """Does plan `plan` end before the document's own plan `own` begins (13th-fyp in a 14th-plan document)?"""
    years = plan_years()
    return plan in years and own in years and years[plan][1] < years[own][0]


def _fits(indicator: str) -> str:
    base = indicator.removesuffix(".avg_annual_change")
    rule = check_rules()["indicators"].get(base, {}).get("suspect", {})
    return str(rule.get("fits", ""))


def _mixed_details(r: Mapping, me: dict) -> dict:
    flags = split_flags(r["flags"])
    common = vocab.pair("denominators", me["denominator"])
    if "per_unit_floor" in flags:
        scope = vocab.pair("scopes", "per_unit")
        return {"denominator_en": scope[0], "denominator_zh": scope[1], "common_en": f"per {common[0]}",
                "common_zh": common[1]}
    code = _fits(str(r["indicator"]))
    den = vocab.pair("denominators", code) if code else ("another denominator", "其他分母")
    return {"denominator_en": f"per {den[0]}", "denominator_zh": den[1], "common_en": f"per {common[0]}",
            "common_zh": common[1]}


def row_caveats(r: Mapping, me: dict, meta: Mapping, readings: Mapping[str, list[float]],
                mixed_with: Sequence[dict] = ()) -> list[tuple[str, dict]]:
    """The material caveats of one row, as (code, details) in a fixed order: the one rule for the frame, its notes
    and the charts. `me` is the row's codebook entry (its denominator), `meta` its document's manifest entry,
    `readings` the values of each fact_id; `mixed_with` are the codebook entries of other indicators of the frame
    with another denominator or scope (allow_mixed).

    A target or a baseline of a plan that ends before the document's own plan is `previous_plan` (the 13th plan's
    2015 baseline and 2020 target in a 14th-plan document); an actual is a fact of its year, not of a plan."""
    out: list[tuple[str, dict]] = []
    flags = split_flags(r.get("flags"))
    if any(f in flags for f in OFF_SERIES_FLAGS):
        out.append(("mixed_scope", _mixed_details(r, me)))
    elif mixed_with:
        out.append(("mixed_scope", _split_series_details(me, mixed_with)))
    if r["comparator"] == ">=":
        out.append(("floor", {}))
    elif r["comparator"] == "<=":
        out.append(("ceiling", {}))
    if r["method"] == "derived":
        out.append(("derived", {}))
    plan, own = str(r.get("plan") or ""), document_plan(meta)
    if r["kind"] in ("target", "baseline") and is_previous_plan(plan, own):
        out.append(("previous_plan", {"plan_en": _plan_text(plan, "en"), "plan_zh": _plan_text(plan, "zh")}))
    title = str(meta.get("title", ""))
    if any(w in title for w in vocab.words("draft_markers")):
        out.append(("draft", {}))
    if "year_assumed" in flags:
        out.append(("year_inferred", {}))
    if "conflict" in flags:
        values = readings.get(str(r.get("fact_id") or ""), [])
        out.append(("disputed", {"values": " / ".join(dict.fromkeys(f"{v:.10g}" for v in values))}))
    return out


def _select(tab: pd.DataFrame, wanted: list[str], juris: list[str], kind_list: list[str],
            years: list[int] | None) -> pd.DataFrame:
    rows = tab[tab["indicator"].isin(wanted) & tab["jurisdiction"].isin(juris) & tab["kind"].isin(kind_list)].copy()
    if years is not None:
        rows = rows[rows["year"].isin(years)]
    return rows


def _one_per_fact(rows: pd.DataFrame, meta: Mapping[str, Mapping]) -> pd.DataFrame:
    """The preferred reading of each fact; when the kinds or years asked for left it out (a 2020 fact preferred
    as a baseline, asked for as an actual), the best remaining reading by the same rule."""
    keep = []
    for fid, group in rows.groupby("fact_id", sort=False):
        if fid == "":
            keep.extend(group.index)
        elif group["preferred"].any():
            keep.append(group.index[group["preferred"].to_numpy()][0])
        else:
            recs = group.to_dict("records")
            own = document_plan(meta.get(str(recs[0]["jurisdiction"]), {}))
            best = min(range(len(recs)), key=lambda k: preference(recs[k], own))
            keep.append(group.index[best])
    return rows.loc[sorted(keep)]


def _text_columns(rows: pd.DataFrame) -> pd.DataFrame:
    for col in ("jurisdiction", "indicator", "kind", "unit", "comparator", "value_text", "attribute", "method",
                "label", "quote", "doc", "flags", "qualifier", "plan", "fact_id", "note"):
        rows[col] = rows[col].astype(object).where(rows[col].notna(), "").astype(str)
    rows["preferred"] = rows["preferred"].astype(object).where(rows["preferred"].notna(), True).astype(bool)
    return rows


def _readings(tab: pd.DataFrame, facts: Iterable[str]) -> tuple[dict[str, list[float]], dict[str, list[str]]]:
    """Values and non-preferred row_ids of each fact (the corroborating sources listed beside a point)."""
    want = {f for f in facts if f}
    sub = tab[tab["fact_id"].astype(str).isin(want)]
    values: dict[str, list[float]] = {}
    others: dict[str, list[str]] = {}
    for fid, rid, v, pref in zip(sub["fact_id"], sub["row_id"], sub["value"], sub["preferred"], strict=True):
        if pd.notna(v):
            values.setdefault(str(fid), []).append(float(v))
        if not (True if pd.isna(pref) else bool(pref)):
            others.setdefault(str(fid), []).append(str(rid))
    return values, others


def fact_values(tab: pd.DataFrame, facts: Iterable[str]) -> dict[str, list[float]]:
    """The values of every reading of each fact (what a `disputed` caveat lists)."""
    return _readings(tab, facts)[0]


def _excluded_record(r: Mapping) -> dict:
    flags = split_flags(r["flags"])
    code = next(f for f in OFF_SERIES_FLAGS if f in flags)
    details = {"value": f"{float(r['value']):.10g}" if pd.notna(r["value"]) else str(r["value_text"])}
    if code == "denominator_suspect":
        fits = _fits(str(r["indicator"]))
        other = vocab.pair("denominators", fits) if fits else ("another denominator", "其他分母")
        m = re.search(r"\((\S+ / \S+ × \S+ ≈ \S+)", str(r["note"]))
        details.update({"other_en": f"per {other[0]}", "other_zh": other[1],
                        "arithmetic": m.group(1) if m else "see the note"})
    else:
        details.update({"unit_en": "institution or unit", "unit_zh": "机构或单位"})
    return {"row_id": str(r["row_id"]), "jurisdiction": str(r["jurisdiction"]), "indicator": str(r["indicator"]),
            "kind": str(r["kind"]), "year": None if pd.isna(r["year"]) else int(r["year"]), "code": code,
            "details": details}


def compare(
    indicators: str | list[str],
    jurisdictions: str | list[str] | None = None,
    kinds: str | list[str] | None = None,
    table: pd.DataFrame | None = None,
    *,
    years: int | list[int] | None = None,
    allow_mixed: bool = False,
    all_readings: bool = False,
) -> pd.DataFrame:
    """One row per fact of the chosen indicators (its preferred reading), with metadata, sources and caveat codes."""
    wanted = resolve_indicators(indicators)
    info = {i: indicator_info(i) for i in wanted}
    mixed = mixed_indicators(wanted, info)
    if not allow_mixed:
        _refuse_mixed_indicators(mixed, info)
    manifest = read_manifest(paths.raw_dir())
    meta = {m["jurisdiction"]: m for m in manifest}
    tab = _table(table)
    known = list(meta) + sorted(set(tab["jurisdiction"].astype(str)) - set(meta))
    juris = resolve_jurisdictions(jurisdictions, manifest, known)
    kind_list = list(KINDS) if kinds is None else _as_list(kinds, "kinds")
    bad = [k for k in kind_list if k not in KINDS]
    if bad:
        raise CmpError(f"unknown kind(s) {', '.join(bad)}; valid choices: {', '.join(KINDS)}")

    rows = _text_columns(_select(tab, wanted, juris, kind_list, _years(years)))
    if not all_readings:
        rows = _one_per_fact(rows, meta)
    off = rows["flags"].map(lambda s: any(f in split_flags(s) for f in OFF_SERIES_FLAGS)).astype(bool)
    excluded = [] if allow_mixed else [_excluded_record(r) for r in rows[off].to_dict("records")]
    if not allow_mixed:
        rows = rows[~off]
    for col, key in (("jurisdiction_name_en", "name_en"), ("jurisdiction_name_zh", "name_zh"), ("level", "level"),
                     ("doc_kind", "doc_kind"), ("period", "period")):
        rows[col] = rows["jurisdiction"].map(lambda j, k=key: meta.get(j, {}).get(k, ""))
    for col, key in (("indicator_name_en", "name_en"), ("indicator_name_zh", "name_zh"), ("domain", "domain"),
                     ("denominator", "denominator"), ("scope", "scope")):
        rows[col] = rows["indicator"].map(lambda i, k=key: info[i][k])
    order = {j: n for n, j in enumerate(known)}
    rows = rows.assign(_j=rows["jurisdiction"].map(order), _k=rows["kind"].map(KINDS.index),
                       _m=(rows["method"] == "derived").astype(int))
    rows = rows.sort_values(["indicator", "_j", "year", "_k", "_m", "row_id"], kind="stable").reset_index(drop=True)
    values, others = _readings(tab, rows["fact_id"])
    rows["sources"] = rows["fact_id"].map(lambda f: ";".join(others.get(f, [])))
    per_row = [row_caveats(r, info[r["indicator"]], meta.get(r["jurisdiction"], {}), values,
                           [info[o] for o in mixed.get(r["indicator"], [])]) for r in rows.to_dict("records")]
    rows["caveat_codes"] = [";".join(c for c, _ in cs) for cs in per_row]
    rows["caveats"] = rows["caveat_codes"]
    out = rows[FRAME_COLUMNS].reset_index(drop=True)
    for col in ("year", "line"):
        out[col] = out[col].astype("Int64")
    for col in ("value", "value_low", "value_high"):
        out[col] = out[col].astype("float64")
    out.attrs["caveats"] = _collect(out, per_row)
    out.attrs["excluded"] = excluded
    out.attrs["allow_mixed"] = bool(allow_mixed)
    return out


def _collect(frame: pd.DataFrame, per_row: list[list[tuple[str, dict]]]) -> list[dict]:
    """Each (jurisdiction, indicator, code) once, with the rows it applies to and the details of its first row."""
    found: dict[tuple[str, str, str], dict] = {}
    for (j, ind, rid), cs in zip(zip(frame["jurisdiction"], frame["indicator"], frame["row_id"], strict=True),
                                 per_row, strict=True):
        for code, details in cs:
            c = found.setdefault((j, ind, code), {"jurisdiction": j, "indicator": ind, "code": code, "rows": [],
                                                  "details": details})
            c["rows"].append(rid)
    return list(found.values())


def _row_ref(r: pd.Series, lang: str) -> str:
    year = "" if pd.isna(r["year"]) else int(r["year"])
    return vocab.text("row_ref", "row", lang, year=year, kind=vocab.text("kinds", str(r["kind"]), lang)).strip()


def caveat_text(frame: pd.DataFrame, jurisdiction: str, lang: str, indicator: str | None = None,
                limit: int = CAVEAT_LIMIT) -> str:
    """The caveats of one jurisdiction in `lang`, deduplicated, each naming its rows; at most `limit` characters
    (rows are named only while the text fits; a caveat that applies to every row names none)."""
    cavs = [c for c in frame.attrs.get("caveats", []) if c["jurisdiction"] == jurisdiction
            and (indicator is None or c["indicator"] == indicator)]
    if not cavs:
        return ""
    by_id = frame.set_index("row_id")
    sel = frame["jurisdiction"] == jurisdiction
    if indicator is not None:
        sel &= frame["indicator"] == indicator
    mine = set(frame.loc[sel, "row_id"])
    sep = vocab.text("row_ref", "sep", lang)
    plain, named = [], []
    for c in cavs:
        words = vocab.text("caveats", c["code"], lang, **c["details"])
        plain.append(words)
        rows = [r for r in c["rows"] if r in by_id.index]
        if set(rows) >= mine or c["code"] == "draft":
            named.append(words)
            continue
        refs = vocab.text("row_ref", "list_sep", lang).join(dict.fromkeys(_row_ref(by_id.loc[r], lang) for r in rows))
        named.append(vocab.text("row_ref", "rows", lang, text=words, rows=refs))
    for parts in (named, plain):
        text = sep.join(dict.fromkeys(parts))
        if len(text) <= limit:
            return text
    return text[: limit - 1] + "…"


def note_lines(frame: pd.DataFrame, lang: str) -> list[str]:
    """One line per value left out of the series (frame.attrs['excluded']), with why and the arithmetic."""
    return [vocab.text("notes", e["code"], lang, **e["details"]) for e in frame.attrs.get("excluded", [])]
