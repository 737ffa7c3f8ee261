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
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from .. import yamlio
from ..errors import CmpError
from ..model.checks import split_flags
from ..model.reconcile import document_plan
from . import compare, plots
from .formatting import format_value

TEXT_PATH = Path(__file__).with_name("chart_text.yaml")
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
    data = yamlio.load_file(path)
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
    readings: dict[str, list[float]] = field(default_factory=dict)  # fact_id -> the values of its readings
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


def _is_previous(r: pd.Series, meta: dict) -> bool:
    """Is the row of an earlier plan than its document's own (the one rule of cmp.compare.is_previous_plan)? A row
    without a plan: a target whose year comes before the document's period."""
    plan = str(r.get("plan", "") or "")
    if plan:
        return compare.is_previous_plan(plan, document_plan(meta))
    first_year = _first_year(meta)
    return r["kind"] == "target" and first_year is not None and pd.notna(r["year"]) and int(r["year"]) < first_year


def _exclusion(r: pd.Series, accepted: set[str], allow_mixed: bool = False) -> str:
    flags = split_flags(r.get("flags", ""))
    for flag, code in NOT_COMPARABLE_FLAGS.items():
        if flag in flags and not allow_mixed:
            return code
    codes = split_flags(r.get("caveat_codes", ""))
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


def _lines_for(rows: pd.DataFrame, j: str, qual: str, meta: dict) -> list[Line]:
    """The previous plan's line (its baseline to its target) and this plan's (latest baseline or actual, of any
    plan, to this plan's target; a previous plan's result for the base year is this plan's starting point)."""
    prev_mask = pd.Series([_is_previous(r, meta) for _, r in rows.iterrows()], index=rows.index, dtype=bool)
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
    facts = rows["fact_id"].astype(str)
    data.readings = compare.fact_values(table if table is not None and "fact_id" in table else rows, facts)
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
            data.lines += _lines_for(mine[mine["qualifier"] == qual], j, qual, metas.get(j, {}))
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
    return format_value(r)


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


def _codes_of(p: pd.Series, data: ChartData, metas: dict) -> list[tuple[str, dict]]:
    """The caveat codes of a drawn row with their details, by the one rule (cmp.compare.row_caveats): the codes
    cmp.compare gave the row (`caveat_codes`, details from its frame.attrs), else, for a frame without them, the
    rule applied here."""
    j = str(p["jurisdiction"])
    me = {"denominator": str(p.get("denominator") or "none"), "scope": str(p.get("scope") or "")}
    own = compare.row_caveats(p, me, metas.get(j, {}), data.readings)
    given = p.get("caveat_codes")
    if given is None or (isinstance(given, float) and math.isnan(given)):
        return own
    details = dict(own)
    out = []
    for code in split_flags(given):
        if code == "mixed_scope" and not data.caveats.get((j, code)):
            continue  # no details to say it with: the subtitle's scope says what the series holds
        out.append((code, data.caveats.get((j, code)) or details.get(code, {})))
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


# ---------------------------------------------------------------- the chart


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
    from .drawing import draw

    with plots.style():
        return draw(data, indicator, lang, metas, wanted, colours, codebook, link_prefix)


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
