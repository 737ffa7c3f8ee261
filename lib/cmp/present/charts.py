"""The comparison-first chart: every jurisdiction on one value axis, from its latest baseline or actual to its target.

One row per jurisdiction (and scope), sorted by target; a floor (≥) is an arrow pointing up the axis, a ceiling
(≤) one pointing down, a range a bar; the previous plan's values sit in their own group below; values that are
not comparable (another denominator or scope, a unit that differs) and jurisdictions without the indicator are
listed under the chart, never on the axis. Each plotted value carries a reference number (①②…) that links to
its evidence on the page. `chart_points` decides what is drawn; `compare_chart` draws it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import blended_transform_factory

from ..errors import CmpError
from . import plots

TEXT_PATH = Path(__file__).with_name("chart_text.yaml")
PREVIOUS_PLANS = {"12th-fyp", "13th-fyp"}
START_KINDS = ("baseline", "actual")
# flags that put a value outside the common axis (the comparison frame's own exclusions come on top)
NOT_COMPARABLE_FLAGS = {"denominator_suspect": "denominator_suspect", "all_beds_denominator": "mixed_scope",
                        "per_unit_floor": "per_unit_floor"}
GREY = "#8c8c8c"
DISPUTED = "#c0392b"
ROW_H, GROUP_H = 0.46, 0.34  # inches
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@lru_cache(maxsize=2)
def _phrases(path_str: str) -> dict:
    path = Path(path_str)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CmpError(f"cannot read the chart phrases: {exc}", path=path_str) from None
    if not isinstance(data, dict):
        raise CmpError("expected a mapping of phrase keys to {en, zh}", path=path_str)
    for key, entry in data.items():
        if not isinstance(entry, dict) or not all(isinstance(entry.get(lang), str) for lang in plots.LANGS):
            raise CmpError(f"phrase {key}: expected a mapping with en and zh strings", path=path_str)
    return data


def phrase(key: str, lang: str, **fields: object) -> str:
    """A fixed chart or page phrase in `lang` (chart_text.yaml), its {fields} filled."""
    data = _phrases(str(TEXT_PATH))
    if key not in data:
        raise CmpError(f"unknown phrase {key!r}; see {TEXT_PATH.name}")
    return data[key][lang].format(**fields)


def ref_mark(n: int) -> str:
    """The reference mark of plotted value number `n`: ① … ⑳, then [21] …"""
    return CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else f"[{n}]"


def _vocab_text(group: str, code: str, lang: str, **details: object) -> str:
    from ..model import vocab

    return vocab.text(group, code, lang, **details)


def _vocab_or(group: str, code: str, lang: str, fallback: str) -> str:
    try:
        return _vocab_text(group, code, lang)
    except CmpError:
        return fallback


# ---------------------------------------------------------------- what is drawn


@dataclass
class Line:
    """One row of the chart: a jurisdiction (and scope) from its start value to its target."""

    jurisdiction: str
    qualifier: str
    group: str  # "current" or "previous"
    start: pd.Series | None = None
    target: pd.Series | None = None

    def sort_value(self) -> float:
        """The value the rows are sorted by: the target (a range's midpoint), else the start."""
        for r in (self.target, self.start):
            if r is None:
                continue
            if pd.notna(r["value"]):
                return float(r["value"])
            if pd.notna(r["value_low"]) and pd.notna(r["value_high"]):
                return (float(r["value_low"]) + float(r["value_high"])) / 2
        return -math.inf


@dataclass
class ChartData:
    """What one comparison chart shows: its lines, the values kept off the axis, and every referenced row."""

    indicator: str
    lines: list[Line] = field(default_factory=list)
    excluded: list[tuple[pd.Series, str]] = field(default_factory=list)  # (row, reason code)
    excluded_details: dict[str, dict] = field(default_factory=dict)  # row_id -> vocab notes details
    caveats: dict[tuple[str, str], dict] = field(default_factory=dict)  # (jurisdiction, code) -> details
    allow_mixed: bool = False  # cmp.compare(..., allow_mixed=True): mixed scopes drawn, and said in the note
    no_number: list[pd.Series] = field(default_factory=list)
    not_reported: list[str] = field(default_factory=list)
    points: pd.DataFrame = field(default_factory=pd.DataFrame)  # referenced rows, with `ref` and `role`


def _has_number(r: pd.Series) -> bool:
    return pd.notna(r["value"]) or (pd.notna(r["value_low"]) and pd.notna(r["value_high"]))


def _first_year(meta: dict) -> int | None:
    period = str(meta.get("period", ""))
    head = period.split("-")[0]
    return int(head) if head.isdigit() else None


def _is_previous(r: pd.Series, first_year: int | None) -> bool:
    plan = str(r.get("plan", "") or "")
    if plan:
        return plan in PREVIOUS_PLANS
    return r["kind"] == "target" and first_year is not None and pd.notna(r["year"]) and int(r["year"]) < first_year


def _exclusion(r: pd.Series, accepted: set[str], allow_mixed: bool = False) -> str:
    flags = plots.split_list(r.get("flags", ""))
    for flag, code in NOT_COMPARABLE_FLAGS.items():
        if flag in flags and not allow_mixed:
            return code
    codes = plots.split_list(r.get("caveat_codes", ""))
    if "mixed_scope" in codes and not allow_mixed:
        return "mixed_scope"
    if r["unit"] and accepted and r["unit"] not in accepted and _has_number(r):
        return "unit_differs"
    return ""


def _preferred(rows: pd.DataFrame) -> pd.DataFrame:
    if "preferred" not in rows:
        return rows
    keep = rows["preferred"].map(lambda v: str(v).lower() not in ("false", "0", "no"))
    return rows[keep]


def _latest(rows: pd.DataFrame, kinds: Sequence[str], before: float | None = None,
            upto: float | None = None) -> pd.Series | None:
    sub = rows[rows["kind"].isin(kinds) & rows["year"].notna()]
    sub = sub[[_has_number(r) for _, r in sub.iterrows()]] if len(sub) else sub
    if before is not None:
        sub = sub[sub["year"] < before]
    if upto is not None:
        sub = sub[sub["year"] <= upto]
    if sub.empty:
        return None
    # the latest year; at one year an actual beats a baseline, a printed value beats a derived one
    sub = sub.assign(_a=(sub["kind"] == "actual").astype(int), _p=(sub["method"] != "derived").astype(int))
    return sub.sort_values(["year", "_a", "_p"], kind="stable").iloc[-1].drop(labels=["_a", "_p"])


def _lines_for(rows: pd.DataFrame, j: str, qual: str, first_year: int | None) -> list[Line]:
    """The previous plan's line (its baseline to its target) and this plan's (latest baseline or actual, of any
    plan, to this plan's target; a previous plan's result for the base year is this plan's starting point)."""
    prev_mask = pd.Series([_is_previous(r, first_year) for _, r in rows.iterrows()], index=rows.index, dtype=bool)
    out = []
    prev, cur = rows[prev_mask], rows[~prev_mask]
    prev_target = _latest(prev, ("target",))
    if prev_target is not None:
        out.append(Line(j, qual, "previous", _latest(prev, START_KINDS, before=float(prev_target["year"])),
                        prev_target))
    target = _latest(cur, ("target",))
    if target is not None:
        start = _latest(rows, START_KINDS, before=float(target["year"]))
        if start is None:
            start = _latest(rows, START_KINDS, upto=float(target["year"]))
    else:
        start = _latest(rows, START_KINDS)
        if start is not None and prev_target is not None and start["row_id"] in set(prev["row_id"]) \
                and float(start["year"]) < float(prev_target["year"]):
            start = None  # only the previous plan's own baseline: it is drawn in that plan's line
    if target is not None or start is not None:
        out.insert(0, Line(j, qual, "current", start, target))
    return out


EVIDENCE_COLUMNS = ("qualifier", "plan", "context", "context_start", "context_end", "start", "end", "locator",
                    "section", "derived_from", "note", "preferred", "fact_id")


def with_evidence(frame: pd.DataFrame, table: pd.DataFrame | None) -> pd.DataFrame:
    """The comparison frame with the table's evidence columns (context, span, locator, section, inputs) added."""
    missing = [c for c in EVIDENCE_COLUMNS if c not in frame.columns]
    if not missing:
        return frame
    attrs = dict(frame.attrs)
    if table is not None and len(table) and "row_id" in table:
        cols = [c for c in missing if c in table.columns]
        extra = table.drop_duplicates("row_id").set_index("row_id")[cols]
        frame = frame.join(extra, on="row_id")
    for c in missing:
        if c not in frame.columns:
            frame[c] = ""
    out = frame.assign(qualifier=frame["qualifier"].fillna("").astype(str), plan=frame["plan"].fillna("").astype(str))
    out.attrs = attrs
    return out


def _from_attrs(data: ChartData, attrs: dict, jurisdictions: Sequence[str], table: pd.DataFrame | None) -> None:
    """Take cmp.compare's caveat details and its exclusions (looked up in `table`) for this chart's indicator."""
    for c in attrs.get("caveats", []):
        if c.get("indicator") == data.indicator:
            data.caveats[(str(c["jurisdiction"]), str(c["code"]))] = dict(c.get("details", {}))
    if table is None or not len(table):
        return
    by_id = table.drop_duplicates("row_id").set_index("row_id", drop=False)
    for e in attrs.get("excluded", []):
        if e.get("indicator") == data.indicator and e.get("jurisdiction") in set(jurisdictions) \
                and e.get("row_id") in by_id.index:
            data.excluded.append((by_id.loc[e["row_id"]].copy(), str(e["code"])))
            data.excluded_details[str(e["row_id"])] = dict(e.get("details", {}))


def _number_points(data: ChartData) -> pd.DataFrame:
    """Every referenced row (drawn ends of each line, then the values kept off the axis) with its number."""
    referenced: list[dict] = []
    for ln in data.lines:
        for role, r in (("start", ln.start), ("target", ln.target)):
            if r is not None:
                referenced.append({**r.to_dict(), "role": role, "group": ln.group})
    for r, reason in data.excluded:
        referenced.append({**r.to_dict(), "role": "excluded", "group": reason})
    points = pd.DataFrame(referenced)
    if len(points):
        points = points.drop_duplicates("row_id", keep="first").reset_index(drop=True)
        points.insert(0, "ref", range(1, len(points) + 1))
    return points


def _sort_lines(lines: list[Line]) -> list[Line]:
    """This plan's lines by target (highest first), then the previous plan's; one shared scope is not repeated."""
    if len({ln.qualifier for ln in lines}) == 1:  # one scope for all: the subtitle says it, rows need not
        for ln in lines:
            ln.qualifier = ""
    current = sorted((ln for ln in lines if ln.group == "current"), key=lambda ln: -ln.sort_value())
    previous = sorted((ln for ln in lines if ln.group == "previous"), key=lambda ln: -ln.sort_value())
    return current + previous


def chart_points(frame: pd.DataFrame, indicator: str, jurisdictions: Sequence[str], manifest: Sequence[dict],
                 codebook: pd.DataFrame | None = None, table: pd.DataFrame | None = None) -> ChartData:
    """Decide what the chart of `indicator` shows: lines sorted by target, exclusions, and numbered rows.

    Values cmp.compare left out of the series (`frame.attrs["excluded"]`) are looked up in `table` and listed
    as not comparable, with the comparison's own note (and its arithmetic).
    """
    metas = {m["jurisdiction"]: m for m in manifest}
    attrs = dict(frame.attrs)
    frame = with_evidence(frame, table)
    rows = frame[(frame["indicator"] == indicator) & frame["jurisdiction"].isin(list(jurisdictions))]
    rows = _preferred(rows)
    rows = rows.assign(unit=plots.same_units(rows["unit"], indicator, codebook))
    accepted = set()
    if codebook is not None and len(codebook) and indicator in set(codebook["id"]):
        accepted = {str(codebook.loc[codebook["id"] == indicator, "unit"].iloc[0])}
    data = ChartData(indicator, allow_mixed=bool(attrs.get("allow_mixed", False)))
    _from_attrs(data, attrs, jurisdictions, table)
    keep = []
    for idx, r in rows.iterrows():
        reason = _exclusion(r, accepted, data.allow_mixed)
        if reason:
            data.excluded.append((r, reason))
        elif not _has_number(r):
            data.no_number.append(r)
        else:
            keep.append(idx)
    comparable = rows.loc[keep]
    for j in jurisdictions:
        mine = comparable[comparable["jurisdiction"] == j]
        for qual in dict.fromkeys(str(q) for q in mine["qualifier"]):
            data.lines += _lines_for(mine[mine["qualifier"] == qual], j, qual, _first_year(metas.get(j, {})))
        if rows[rows["jurisdiction"] == j].empty and not any(r["jurisdiction"] == j for r, _ in data.excluded):
            data.not_reported.append(j)
    data.lines = _sort_lines(data.lines)
    data.points = _number_points(data)
    return data


def ref_of(data: ChartData, row: pd.Series | None) -> int | None:
    """The reference number of a drawn row."""
    if row is None or data.points.empty:
        return None
    hit = data.points.loc[data.points["row_id"] == row["row_id"], "ref"]
    return int(hit.iloc[0]) if len(hit) else None


# ---------------------------------------------------------------- words on the chart


def _name(j: str, metas: dict, lang: str) -> str:
    return plots.jurisdiction_name(metas[j], lang) if j in metas else j


def value_label(r: pd.Series) -> str:
    """A value as drawn on the chart: comparator sign and number or range, no unit (the axis says it once)."""
    sign = plots.COMPARATOR_SIGN.get(str(r.get("comparator", "") or ""), "")
    if pd.notna(r.get("value_low")) and pd.notna(r.get("value_high")):
        return f"{sign}{plots.format_value(r['value_low'])}–{plots.format_value(r['value_high'])}"
    return sign + plots.format_value(r["value"])


def axis_label(unit: str, denominator: str, lang: str) -> str:
    """The value axis, unit written once: '% of …', 'per 1,000 …' (for ‰ and counts per …), or the unit."""
    den = "" if denominator in ("", "none") else denominator
    den_text = _vocab_or("denominators", den, lang, den) if den else ""
    unit_text = _vocab_or("units", unit, lang, unit) if unit else "—"
    if den and unit == "%":
        return phrase("share_of", lang, den=den_text)
    if den and unit == "‰":
        return phrase("per", lang, den=den_text)
    if den:
        return phrase("unit_per", lang, unit=unit_text, den=den_text)
    return phrase("unit_only", lang, unit=unit_text)


def _codebook_row(codebook: pd.DataFrame | None, indicator: str) -> dict:
    if codebook is None or not len(codebook) or indicator not in set(codebook["id"]):
        return {}
    return codebook[codebook["id"] == indicator].iloc[0].to_dict()


def subtitle(indicator: str, lang: str, codebook: pd.DataFrame | None, jurisdictions: Sequence[str],
             metas: dict) -> list[str]:
    """The definition sentence (with denominator and scope), then the levels of government shown."""
    info = _codebook_row(codebook, indicator)
    definition = str(info.get(f"definition_{lang}") or (info.get("definition") if lang == "en" else "") or "")
    if not definition:
        name = plots.indicator_title(indicator, lang, codebook)
        den = str(info.get("denominator", "") or "")
        unit = axis_label(str(info.get("unit", "") or ""), den, lang)
        definition = f"{name}（{unit}）。" if lang == "zh" else f"{name} ({unit})."
    scope = str(info.get("scope", "") or "")
    if scope:
        definition += (" " if lang == "en" else "") + phrase("scope", lang,
                                                             scope=_vocab_or("scopes", scope, lang, scope))
    by_level: dict[str, list[str]] = {}
    for j in jurisdictions:
        if j in metas:
            level = str(metas[j].get("level", ""))
            by_level.setdefault(_vocab_or("levels", level, lang, level), []).append(_name(j, metas, lang))
    sep = phrase("ref_sep", lang)
    items = phrase("item_sep", lang).join(f"{sep.join(names)} {lvl}" if lang == "en" else f"{sep.join(names)}为{lvl}"
                                          for lvl, names in by_level.items())
    return [definition, phrase("levels", lang, items=items)]


def source_line(data: ChartData, metas: dict, lang: str) -> str:
    """One short source line: publisher and year of only the documents whose values appear on the chart."""
    shown = list(dict.fromkeys(data.points["jurisdiction"])) if len(data.points) else []
    shown += [str(r["jurisdiction"]) for r in data.no_number if r["jurisdiction"] not in shown]
    items = []
    for j in shown:
        m = metas.get(j, {})
        who = m.get("publisher") if lang == "zh" else (m.get("publisher_en") or m.get("publisher"))
        year = str(m.get("published", ""))[:4]
        items.append(f"{who}（{year}）" if lang == "zh" else f"{who} ({year})")
    return phrase("source", lang, items=phrase("item_sep", lang).join(items))


def _row_ref(r: pd.Series, lang: str) -> str:
    kind = _vocab_or("kinds", str(r["kind"]), lang, str(r["kind"]))
    year = "" if pd.isna(r["year"]) else int(r["year"])
    try:
        return _vocab_text("row_ref", "row", lang, year=year, kind=kind)
    except CmpError:
        return f"{year} {kind}"


def caveat_codes(r: pd.Series, metas: dict, group: str) -> list[tuple[str, dict]]:
    """The material caveats of one drawn row, as (code, details) for vocab.caveats."""
    out: list[tuple[str, dict]] = []
    flags = plots.split_list(r.get("flags", ""))
    if r["comparator"] == ">=":
        out.append(("floor", {}))
    elif r["comparator"] == "<=":
        out.append(("ceiling", {}))
    if r["method"] == "derived":
        out.append(("derived", {}))
    if group == "previous":
        plan = str(r.get("plan", "") or "13th-fyp")
        out.append(("previous_plan", {"plan_en": _vocab_or("plans", plan, "en", plan),
                                      "plan_zh": _vocab_or("plans", plan, "zh", plan)}))
    if "year_assumed" in flags:
        out.append(("year_inferred", {}))
    if "conflict" in flags:
        out.append(("disputed", {"values": str(r.get("conflict_values", "") or value_label(r))}))
    title = str(metas.get(r["jurisdiction"], {}).get("title", ""))
    if any(w in title for w in ("征求意见稿", "草案", "送审稿", "讨论稿")):
        out.append(("draft", {}))
    return out


def _codes_of(p: pd.Series, data: ChartData, metas: dict) -> list[tuple[str, dict]]:
    """The caveat codes of a drawn row: cmp.compare's (`caveat_codes`, details from frame.attrs) when present."""
    given = p.get("caveat_codes")
    if given is None or (isinstance(given, float) and math.isnan(given)):
        return caveat_codes(p, metas, str(p["group"]))
    own = dict(caveat_codes(p, metas, str(p["group"])))
    out = []
    for code in plots.split_list(given):
        if code == "mixed_scope" and not data.caveats.get((str(p["jurisdiction"]), code)):
            continue  # no details to say it with: the subtitle's scope says what the series holds
        out.append((code, data.caveats.get((str(p["jurisdiction"]), code)) or own.get(code, {})))
    return out


def note_items(data: ChartData, metas: dict, lang: str) -> list[str]:
    """The "Note:" items: per jurisdiction, each material caveat once, naming the rows (by reference) it concerns."""
    per: dict[str, dict[str, list[str]]] = {}
    detail: dict[tuple[str, str], dict] = {}
    for _, p in data.points.iterrows() if len(data.points) else []:
        if p["role"] == "excluded":
            continue
        for code, det in _codes_of(p, data, metas):
            refs = per.setdefault(str(p["jurisdiction"]), {}).setdefault(code, [])
            if code != "draft":
                refs.append(ref_mark(int(p["ref"])))
            detail[(str(p["jurisdiction"]), code)] = det
    items = []
    sep, colon = phrase("ref_sep", lang), phrase("colon", lang)
    for j, codes in per.items():
        texts = []
        for code, refs in codes.items():
            words = _vocab_text("caveats", code, lang, **detail[(j, code)])
            texts.append(f"{words} {''.join(refs)}".strip() if refs else words)
        items.append(f"{_name(j, metas, lang)}{colon}{sep.join(texts)}")
    return items


def excluded_items(data: ChartData, metas: dict, lang: str) -> list[str]:
    """Values kept off the axis, each with its reference and why."""
    items = []
    reasons = {"denominator_suspect": "denominator_suspect", "mixed_scope": "all_beds_denominator",
               "per_unit_floor": "per_unit_floor", "unit_differs": "unit_in_label"}
    for r, reason in data.excluded:
        ref = ref_of(data, r)
        details = data.excluded_details.get(str(r["row_id"]))
        if details is not None:
            items.append(f"{_name(str(r['jurisdiction']), metas, lang)} {ref_mark(ref or 0)}{phrase('colon', lang)}"
                         + _vocab_text("notes", reason, lang, **details))
            continue
        why = _vocab_or("flags", reasons.get(reason, reason), lang, reason)
        year = "" if pd.isna(r["year"]) else f" ({int(r['year'])})"
        items.append(f"{_name(str(r['jurisdiction']), metas, lang)} {value_label(r)}{year} {ref_mark(ref or 0)}"
                     f"{phrase('colon', lang)}{why}")
    return items


def footer_lines(data: ChartData, metas: dict, lang: str) -> list[str]:
    """Under the chart: values not on the axis, jurisdictions not reporting, the source line and the note."""
    lines = []
    sep = phrase("item_sep", lang)
    if data.excluded:
        lines.append(phrase("not_comparable", lang, items=sep.join(excluded_items(data, metas, lang))))
    for r in data.no_number:
        text = str(r.get("value_text", "") or "—")[:40]
        lines.append(phrase("no_number", lang, name=_name(str(r["jurisdiction"]), metas, lang), text=text))
    if data.not_reported:
        names = phrase("ref_sep", lang).join(_name(j, metas, lang) for j in data.not_reported)
        lines.append(phrase("not_reported", lang, items=names))
    lines.append(source_line(data, metas, lang))
    notes = note_items(data, metas, lang)
    if notes:
        lines.append(phrase("note", lang, items=sep.join(notes)))
    return lines


def alt_text(data: ChartData, title: str, metas: dict, lang: str) -> str:
    """The chart's alt text: its title and every plotted value with jurisdiction, kind and year."""
    parts = []
    for ln in data.lines:
        vals = [f"{_row_ref(r, lang)} {value_label(r)}" for r in (ln.start, ln.target) if r is not None]
        parts.append(f"{_name(ln.jurisdiction, metas, lang)}{ln.qualifier}{phrase('colon', lang)}"
                     + phrase("ref_sep", lang).join(vals))
    return phrase("alt", lang, title=title, values=phrase("item_sep", lang).join(parts))


# ---------------------------------------------------------------- drawing


def _marker(r: pd.Series, role: str) -> str:
    if role == "start":
        return "s" if r["kind"] == "actual" else "o"
    return {">=": ">", "<=": "<"}.get(str(r["comparator"]), "D")


def _draw_value(ax, r: pd.Series, y: float, colour: str, role: str) -> float:
    """Draw one value (point, floor arrow or range bar) at row `y`; returns the x its label should start from."""
    derived = r["method"] == "derived"
    disputed = "conflict" in plots.split_list(r.get("flags", ""))
    face = "white" if derived else colour
    edge = DISPUTED if disputed else colour
    if pd.notna(r["value_low"]) and pd.notna(r["value_high"]):
        lo, hi = float(r["value_low"]), float(r["value_high"])
        ax.plot([lo, hi], [y, y], color=colour, lw=7, alpha=0.45, solid_capstyle="butt", zorder=3)
        return hi if role == "target" else lo
    x = float(r["value"])
    ax.plot([x], [y], marker=_marker(r, role), ms=8.5 if role == "target" else 7.5, color=colour,
            markerfacecolor=face, markeredgecolor=edge, markeredgewidth=2.0 if disputed else 1.4, ls="none",
            zorder=4)
    return x


def _label_sides(ln: Line) -> tuple[str, str]:
    """Which side each label goes: away from the other end, so the two labels of a row never meet."""
    s, t = ln.start, ln.target
    if s is None or t is None:
        return "right", "right"
    sv = float(s["value"]) if pd.notna(s["value"]) else float(s["value_low"])
    tv = float(t["value"]) if pd.notna(t["value"]) else float(t["value_high"])
    return ("left", "right") if tv >= sv else ("right", "left")


def compare_chart(frame: pd.DataFrame, indicator: str, *, lang: str = "en", manifest: Sequence[dict] | None = None,
                  jurisdictions: Sequence[str] | None = None, codebook: pd.DataFrame | None = None,
                  data: ChartData | None = None, link_prefix: str = "ev") -> Figure:
    """The comparison-first chart of one indicator (see the module docstring); value labels link to evidence."""
    lang = plots.check_lang(lang)
    manifest = list(manifest) if manifest is not None else plots.load_manifest()
    metas = {m["jurisdiction"]: m for m in manifest}
    order = plots.jurisdiction_order(manifest)
    wanted = order if jurisdictions is None else [j for j in order if j in set(jurisdictions)]
    unknown = sorted(set(jurisdictions or ()) - set(order))
    if unknown:
        raise CmpError(f"unknown jurisdiction(s) {', '.join(unknown)}; valid: {', '.join(order)}")
    if codebook is None:
        from .views import load_codebook

        codebook = load_codebook()
    data = data or chart_points(frame, indicator, wanted, manifest, codebook)
    colours = plots.jurisdiction_colors(manifest)
    with plots.style():
        return _draw(data, indicator, lang, metas, wanted, colours, codebook, link_prefix)


def _layout_rows(data: ChartData, lang: str) -> tuple[list[tuple[str, float, Line | None]], float]:
    """(what, y, line) from the top: group headers and lines, with y in row units; and the total height."""
    rows: list[tuple[str, float, Line | None]] = []
    y = 0.0
    groups = [g for g in ("current", "previous") if any(ln.group == g for ln in data.lines)]
    for g in groups:
        if len(groups) > 1 or g == "previous":
            plan = next((str(ln.target.get("plan", "") or "") for ln in data.lines
                         if ln.group == g and ln.target is not None), "") or "13th-fyp"
            text = (phrase("previous_plan_group", lang, plan=_vocab_or("plans", plan, lang, plan)) if g == "previous"
                    else phrase("this_plan_group", lang))
            y += GROUP_H / ROW_H
            rows.append(("header:" + text, y - 0.35, None))
        for ln in (ln for ln in data.lines if ln.group == g):
            y += 1.0
            rows.append(("line", y - 0.5, ln))
    return rows, max(y, 1.0)


def _draw(data: ChartData, indicator: str, lang: str, metas: dict, wanted: Sequence[str], colours: dict,
          codebook: pd.DataFrame | None, link_prefix: str) -> Figure:
    names = [_name(ln.jurisdiction, metas, lang) + (f" ({ln.qualifier})" if ln.qualifier else "") for ln in data.lines]
    fig_w, right_in = 8.0, 0.35
    left_in = min(3.0, max(1.0, 0.2 + 0.075 * max([plots.text_width(n) for n in names] + [8])))
    width_chars = int((fig_w - 0.4) * 15.5)
    title_lines = plots.wrap(phrase("title_question", lang, name=plots.indicator_title(indicator, lang, codebook)),
                             int((fig_w - 0.4) * 10.5), "")
    sub = [w for s in subtitle(indicator, lang, codebook, wanted, metas) for w in plots.wrap(s, width_chars, "")]
    foot = [w for s in footer_lines(data, metas, lang) for w in plots.wrap(s, width_chars, "  ")]
    layout, n_rows = _layout_rows(data, lang)
    plot_h = max(n_rows * ROW_H, 0.6)
    title_h = 0.25 * len(title_lines) + 0.2 + 0.19 * len(sub) + 0.35  # title, subtitle, legend
    axis_h = 0.55
    foot_h = 0.2 + 0.155 * len(foot)
    fig_h = title_h + plot_h + axis_h + foot_h
    fig = Figure(figsize=(fig_w, fig_h), dpi=plots.DPI)
    FigureCanvasAgg(fig)  # a renderer to measure the labels with
    fig.text(0.2 / fig_w, 1 - 0.15 / fig_h, "\n".join(title_lines), fontsize=12.5, va="top", linespacing=1.3)
    fig.text(0.2 / fig_w, 1 - (0.25 * len(title_lines) + 0.22) / fig_h, "\n".join(sub), fontsize=8.5,
             color="#444444", va="top",
             linespacing=1.45)
    ax = fig.add_axes([left_in / fig_w, (foot_h + axis_h) / fig_h, (fig_w - left_in - right_in) / fig_w,
                       plot_h / fig_h])
    ax.set_ylim(n_rows, 0)
    ax.set_yticks([])
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.grid(axis="x", color="#e6e6e6", lw=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", labelsize=8)
    info = _codebook_row(codebook, indicator)
    ax.set_xlabel(axis_label(str(info.get("unit", "") or (data.points["unit"].iloc[0] if len(data.points) else "")),
                             str(info.get("denominator", "") or ""), lang), fontsize=8.5)
    labels = []
    values: list[float] = []
    for what, y, ln in layout:
        if ln is None:
            ax.text(0.2 / fig_w, y, what.split(":", 1)[1], transform=blended_transform_factory(fig.transFigure,
                    ax.transData), ha="left", va="center", fontsize=8.5, color="#333333")
            ax.axhline(y + 0.35, color="#bbbbbb", lw=0.6)
            continue
        colour = colours.get(ln.jurisdiction, plots.MISSING_COLOUR) if ln.group == "current" else GREY
        name = _name(ln.jurisdiction, metas, lang) + (f" ({ln.qualifier})" if ln.qualifier else "")
        ax.text(-0.02, y, name, transform=ax.get_yaxis_transform(), ha="right", va="center", fontsize=9,
                color=colour)
        xs = {}
        for role, r in (("start", ln.start), ("target", ln.target)):
            if r is not None:
                xs[role] = _draw_value(ax, r, y, colour, role)
                values += [float(v) for v in (r["value"], r["value_low"], r["value_high"]) if pd.notna(v)]
        if "start" in xs and "target" in xs:
            dashed = "derived" in (ln.start["method"], ln.target["method"])
            ax.plot([xs["start"], xs["target"]], [y, y], color=colour, lw=1.6, ls="--" if dashed else "-",
                    alpha=0.8, zorder=2)
        sides = _label_sides(ln)
        for (role, r), side in zip((("start", ln.start), ("target", ln.target)), sides, strict=True):
            if r is None:
                continue
            ref = ref_of(data, r)
            year = "" if pd.isna(r["year"]) else f" ({int(r['year'])})"
            text = f"{value_label(r)}{year} {ref_mark(ref)}" if ref else value_label(r) + year
            dx = 8 if side == "right" else -8
            label = ax.annotate(text, (xs[role], y), xytext=(dx, 0), textcoords="offset points", va="center",
                                ha="left" if side == "right" else "right", fontsize=8, color="#222222")
            if ref:
                label.set_url(f"#{link_prefix}-{ref}")
            labels.append(label)
        if ln.target is None:
            ax.annotate(phrase("no_target", lang), (xs.get("start", 0), y), xytext=(8, -9),
                        textcoords="offset points", fontsize=7, color=GREY, va="center")
    lo = min(values + [0.0]) if values else 0.0
    hi = max(values) if values else 1.0
    ax.set_xlim(lo, hi + (hi - lo) * 0.05 or 1.0)
    _fit_labels(fig, ax, labels)
    _legend(fig, data, lang, fig_w, fig_h, title_h)
    fig.text(0.2 / fig_w, (foot_h - 0.12) / fig_h, "\n".join(foot), fontsize=7.5, va="top", ha="left",
             color="#333333", linespacing=1.5)
    return fig


def _fit_labels(fig: Figure, ax, labels: list, rounds: int = 6) -> None:
    """Widen the value axis until every label lies inside the plot area (labels are offset in points)."""
    for _ in range(rounds):
        renderer = fig.canvas.get_renderer()
        box = ax.get_window_extent(renderer)
        lo, hi = ax.get_xlim()
        over_l = max([box.x0 - lab.get_window_extent(renderer).x0 for lab in labels] + [0.0])
        over_r = max([lab.get_window_extent(renderer).x1 - box.x1 for lab in labels] + [0.0])
        if over_l <= 0.5 and over_r <= 0.5:
            return
        per_px = (hi - lo) / box.width
        ax.set_xlim(lo - (over_l + 3) * per_px * 1.2 if over_l > 0.5 else lo,
                    hi + (over_r + 3) * per_px * 1.2 if over_r > 0.5 else hi)


def _legend(fig: Figure, data: ChartData, lang: str, fig_w: float, fig_h: float, title_h: float) -> None:
    drawn = [r for ln in data.lines for r in (ln.start, ln.target) if r is not None]
    comps = {str(r["comparator"]) for r in drawn}
    handles = [Line2D([], [], marker="o", ls="none", color="#444444", label=phrase("legend_baseline", lang))]
    if any(r["kind"] == "actual" for r in drawn):
        handles.append(Line2D([], [], marker="s", ls="none", color="#444444", label=phrase("legend_actual", lang)))
    handles.append(Line2D([], [], marker="D", ls="none", color="#444444", label=phrase("legend_target", lang)))
    if ">=" in comps:
        handles.append(Line2D([], [], marker=">", ls="none", color="#444444", label=phrase("legend_floor", lang)))
    if "<=" in comps:
        handles.append(Line2D([], [], marker="<", ls="none", color="#444444", label=phrase("legend_ceiling", lang)))
    if any(pd.notna(r["value_low"]) and pd.notna(r["value_high"]) for r in drawn):
        handles.append(Line2D([], [], lw=6, alpha=0.45, color="#444444", label=phrase("legend_range", lang)))
    if any(r["method"] == "derived" for r in drawn):
        handles.append(Line2D([], [], marker="o", ls="--", color="#444444", markerfacecolor="white",
                              label=phrase("legend_derived", lang)))
    if any("conflict" in plots.split_list(r.get("flags", "")) for r in drawn):
        handles.append(Line2D([], [], marker="o", ls="none", color="#444444", markeredgecolor=DISPUTED,
                              markeredgewidth=2, label=phrase("legend_disputed", lang)))
    fig.legend(handles=handles, loc="center left", ncol=len(handles), frameon=False, fontsize=7.5,
               handletextpad=0.3, columnspacing=1.0,
               bbox_to_anchor=(0.2 / fig_w - 0.012, 1 - (title_h - 0.2) / fig_h))


def text_boxes(fig: Figure) -> list[tuple[str, object]]:
    """Every non-empty text of a rendered figure with its box on the canvas (for the overlap test)."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out, seen = [], set()
    for t in fig.findobj(Text):
        if id(t) in seen:
            continue
        seen.add(id(t))
        if t.get_visible() and t.get_text().strip():
            out.append((t.get_text(), t.get_window_extent(renderer)))
    return out


def overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap on the rendered figure (a legend's own texts included)."""
    boxes = text_boxes(fig)
    bad = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            if ba.overlaps(bb) and ba.width > 0 and bb.width > 0:
                inter_w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
                inter_h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
                if inter_w > 1 and inter_h > 1:
                    bad.append((a, b))
    return bad
