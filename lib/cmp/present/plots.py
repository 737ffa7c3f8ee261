"""Charts for the briefings: CJK-capable font, bilingual labels, one colour per jurisdiction, source footnotes.

Importing this module registers the Noto Sans CJK SC font shipped by mplfonts (OFL) with matplotlib, so Chinese
labels render on a fresh machine. Charts are built as `matplotlib.figure.Figure` objects (no pyplot state), so
they work under any backend (MPLBACKEND=Agg included) and need no closing.
"""

from __future__ import annotations

import importlib.util
import io
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from .. import paths
from ..errors import CmpError
from ..model.outputs import atomic_write
from .export import display_width

LANGS = ("en", "zh")
FONT_NAME = "Noto Sans CJK SC"
FONT_FAMILY = ["DejaVu Sans", FONT_NAME]
# Okabe-Ito colour-blind safe palette; a jurisdiction's colour is fixed by its position in the manifest
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
MISSING_COLOUR = "#9a9a9a"
DPI = 110

TEXT = {
    "baseline": {"en": "baseline", "zh": "基期值"},
    "target": {"en": "target", "zh": "目标值"},
    "target_floor": {"en": "target, floor (≥)", "zh": "目标值(下限 ≥)"},
    "target_ceiling": {"en": "target, ceiling (≤)", "zh": "目标值(上限 ≤)"},
    "actual": {"en": "actual", "zh": "实际值"},
    "derived": {"en": "hollow: derived (computed, not printed)", "zh": "空心：推算值(非原文)"},
    "not_reported": {"en": "not in this\ndocument", "zh": "该文件\n未涉及"},
    "no_number": {"en": "no number printed", "zh": "原文无数值"},
    "sources": {"en": "Sources", "zh": "资料来源"},
    "caveats": {"en": "Caveats", "zh": "注意"},
    "none": {"en": "none", "zh": "无"},
    "units_differ": {"en": "units differ between panels: read each axis", "zh": "各图单位不同，请分别读取纵轴"},
    "coverage_title": {"en": "Which document reports which indicator", "zh": "各文件涉及的指标"},
    "coverage_note": {
        "en": "B baseline, T target, A actual; a mark means the document prints a value, not that values are "
        "comparable (see each briefing's caveats).",
        "zh": "基=基期值，目=目标值，实=实际值；有标记表示文件给出数值，不代表可直接比较(见各简报的注意事项)。",
    },
    "flags_title": {"en": "Data-quality flags by document", "zh": "各文件的数据质量标记"},
    "flags_axis": {"en": "number of values flagged", "zh": "被标记的数值个数"},
    "flags_note": {
        "en": "One value can carry several flags; a flag asks for a look at the source, it does not make a value wrong",
        "zh": "一个数值可带多个标记；标记提示需核对原文，并不表示数值有误。",
    },
    "unit": {"en": "unit", "zh": "单位"},
    "per": {"en": "per", "zh": "每"},
}
KIND_LETTER = {
    "baseline": {"en": "B", "zh": "基"},
    "target": {"en": "T", "zh": "目"},
    "actual": {"en": "A", "zh": "实"},
}
# English caveat prefixes from cmp.compare, translated for Chinese charts; the rest of a caveat is kept as written
CAVEAT_ZH = {
    "denominator differs": "分母不同",
    "level differs": "行政层级不同",
    "year differs": "年份不同",
    "unit differs": "单位不同",
    "units differ": "单位不同",
    "kind differs": "数值类型不同",
    "scope differs": "口径不同",
    "target is a floor (>=)": "目标为下限(≥)",
    "target is a ceiling (<=)": "目标为上限(≤)",
    "derived, not printed": "推算值，非原文",
    "draft document": "征求意见稿",
    "annual plan": "年度计划",
}
# canonical units in English (charts in English show "beds (张)")
UNIT_EN = {
    "张": "beds", "人": "persons", "人次": "person-times", "户": "households", "个": "units", "家": "organisations",
    "所": "facilities", "处": "sites", "元": "yuan", "元/月": "yuan per month", "元/人/月": "yuan per person-month",
    "元/年": "yuan per year", "元/人/年": "yuan per person-year", "㎡": "m²", "平方米": "m²", "亩": "mu",
    "年": "years", "岁": "years of age", "倍": "times", "万人": "10,000 persons", "条": "lines", "项": "items",
}
DOMAIN_NAMES = {
    "social_assistance": ("Social assistance", "社会救助"),
    "elderly_care": ("Elderly care", "养老服务"),
    "social_work": ("Social work and volunteering", "社会工作与志愿服务"),
    "social_organizations": ("Social organisations", "社会组织"),
    "community": ("Community governance and services", "社区治理与服务"),
    "children": ("Children's welfare", "儿童福利"),
    "disability": ("Disability welfare", "残疾人福利"),
    "funeral": ("Funeral services", "殡葬服务"),
    "marriage": ("Marriage and adoption", "婚姻收养"),
    "lottery": ("Welfare lottery", "福利彩票"),
    "other": ("Other", "其他"),
}
DENOMINATOR_ZH = {
    "1,000 elderly": "千名老年人", "1,000 residents": "千名常住人口", "10,000 residents": "万名常住人口",
    "10,000 elderly": "万名老年人", "100 households": "百户居民", "beds in elderly-care institutions": "养老机构床位",
    "urban dibao standard": "城市低保标准", "rural dibao standard": "农村低保标准",
}
LEVEL_ZH = {
    "prefecture-level city": "地级市", "sub-provincial city": "副省级市", "district of a municipality": "直辖市辖区",
    "district of a prefecture-level city": "地级市辖区",
}
COMPARATOR_SIGN = {">=": "≥", "<=": "≤", "=": "", "": ""}
# horizontal offset of a marker from its year, as a share of the panel's year span (so same-year values separate)
KIND_OFFSET = {"baseline": -0.07, "target": 0.0, "actual": 0.07}
# where a value label sits relative to its marker: (dx, dy) in points, horizontal and vertical alignment
LABEL_PLACE = {
    "baseline": (-7, 0, "right", "center"),
    "target": (0, 7, "center", "bottom"),
    "actual": (6, 0, "left", "center"),
}


def _font_file() -> Path:
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise CmpError("the mplfonts package is not installed; it ships the CJK font the charts need")
    return Path(list(spec.submodule_search_locations)[0]) / "fonts" / "NotoSansCJKsc-Regular.otf"


def register_cjk_font() -> str:
    """Register mplfonts' Noto Sans CJK SC file and set the font fallback, so Chinese renders without tofu."""
    path = _font_file()
    if not path.is_file():
        raise CmpError("Noto Sans CJK SC font file not found; reinstall mplfonts", path=str(path))
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams.update(
        {
            "font.family": ["DejaVu Sans", name],
            "axes.unicode_minus": True,
            "svg.hashsalt": "cmp",  # stable ids in SVG output
            "svg.fonttype": "path",  # glyphs as paths: the SVG needs no installed font
        }
    )
    return name


register_cjk_font()


# ---------------------------------------------------------------- names, order, colours


def check_lang(lang: str) -> str:
    """`lang` if it is 'en' or 'zh'; a clear error otherwise."""
    if lang not in LANGS:
        raise CmpError(f"unknown language {lang!r}; expected one of: {', '.join(LANGS)}")
    return lang


def t(key: str, lang: str) -> str:
    """A fixed chart phrase in English or Chinese."""
    return TEXT[key][lang]


@lru_cache(maxsize=4)
def _manifest_cached(raw: str) -> tuple[dict, ...]:
    from ..ingest.sources import read_manifest

    return tuple(read_manifest(raw))


def load_manifest(raw_dir: str | Path | None = None) -> list[dict]:
    """The manifest entries (data/raw/manifest.yaml by default), in manifest order."""
    return [dict(m) for m in _manifest_cached(str(raw_dir or paths.raw_dir()))]


def jurisdiction_order(manifest: Sequence[dict]) -> list[str]:
    """Jurisdiction ids in manifest order: the order every chart and table uses."""
    return [m["jurisdiction"] for m in manifest]


def jurisdiction_colors(manifest: Sequence[dict]) -> dict[str, str]:
    """One colour per jurisdiction, fixed by its manifest position, identical across all charts."""
    return {m["jurisdiction"]: PALETTE[i % len(PALETTE)] for i, m in enumerate(manifest)}


def jurisdiction_name(meta: dict, lang: str) -> str:
    """The jurisdiction's display name in `lang`."""
    return meta["name_zh"] if lang == "zh" else meta["name_en"]


def source_text(meta: dict, lang: str) -> str:
    """One document as a citation: title, publisher, date."""
    if lang == "zh":
        return f"{meta['title']}，{meta['publisher']}，{meta['published']}"
    title = meta.get("title_en") or meta["title"]
    publisher = meta.get("publisher_en") or meta["publisher"]
    return f"{title}, {publisher}, {meta['published']}"


def indicator_title(indicator: str, lang: str, codebook: pd.DataFrame | None = None,
                    frame: pd.DataFrame | None = None) -> str:
    """The indicator's name in `lang` from the codebook (or a comparison frame), falling back to its id."""
    col = "name_zh" if lang == "zh" else "name_en"
    if codebook is not None and len(codebook) and indicator in set(codebook["id"]):
        name = str(codebook.loc[codebook["id"] == indicator, col].iloc[0])
        if name:
            return name
    if frame is not None and len(frame):
        rows = frame[frame["indicator"] == indicator]
        if len(rows):
            name = str(rows[f"indicator_{col}"].iloc[0])
            if name:
                return name
    return indicator


def translate_caveat(caveat: str, lang: str) -> str:
    """A caveat from cmp.compare in `lang` (known English prefixes translated to Chinese, details kept)."""
    if lang != "zh":
        return caveat
    for en, zh in sorted(CAVEAT_ZH.items(), key=lambda kv: -len(kv[0])):
        if caveat.startswith(en):
            return zh + caveat[len(en):].replace(": ", "：", 1)
    return caveat


def split_list(text: object, sep: str = ";") -> list[str]:
    """Items of a separator-joined text cell, stripped, empty ones dropped, order kept, duplicates removed."""
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return []
    items = [s.strip() for s in str(text).split(sep)]
    return list(dict.fromkeys(s for s in items if s))


def format_value(value: float) -> str:
    """A number for a chart label: thousands separated, no trailing zeros."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if abs(value) >= 1000:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:.4g}"


def unit_text(unit: str, lang: str) -> str:
    """A canonical unit for a reader: 'beds (张)' in English, the unit itself in Chinese."""
    if lang == "en" and unit in UNIT_EN:
        return f"{UNIT_EN[unit]} ({unit})"
    return unit or "—"


def axis_label(unit: str, denominator: str, lang: str) -> str:
    """The value axis label: the unit and, when the indicator has one, its denominator ('% of …', '… per …')."""
    den = "" if denominator in ("", "none") else denominator
    if lang == "zh":
        if not den:
            return f"单位：{unit or '—'}"
        den_zh = DENOMINATOR_ZH.get(den, den)
        return f"占{den_zh}的{unit}" if unit in ("%", "‰") else f"单位：{unit}/{den_zh}"
    if not den:
        return f"unit: {unit_text(unit, lang)}"
    if unit in ("%", "‰"):
        return f"{unit} of {den}"
    return f"{unit_text(unit, lang)} per {den}"


def domain_text(domain: str, lang: str) -> str:
    """A codebook domain's display name in `lang` (the id itself when unknown)."""
    pair = DOMAIN_NAMES.get(domain)
    return (pair[1] if lang == "zh" else pair[0]) if pair else domain


def level_text(level: str, lang: str) -> str:
    """A level of government in `lang`."""
    return LEVEL_ZH.get(level, level) if lang == "zh" else level


# ---------------------------------------------------------------- text layout


text_width = display_width  # one copy of the CJK display-width rule (cmp.present.export)


def wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    """Wrap mixed Chinese/Latin text to `width` half-width cells: Latin breaks at spaces, CJK anywhere."""
    tokens = re.findall(r"[ \t]+|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+|.", text)
    lines: list[str] = []
    line = ""
    for tok in tokens:
        if text_width(line) + text_width(tok) > width and line.strip():
            lines.append(line.rstrip())
            line = indent + tok.lstrip()
        else:
            line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines


def footnote_lines(sources: Sequence[str], caveats: Sequence[str], lang: str, width: int,
                   extra: Sequence[str] = ()) -> list[str]:
    """The footnote under a chart: the source documents, then the caveats, wrapped to `width`."""
    lines: list[str] = []
    colon = "：" if lang == "zh" else ": "
    lines += wrap(f"{t('sources', lang)}{colon}" + ("；" if lang == "zh" else "; ").join(sources), width)
    if caveats:
        lines += wrap(f"{t('caveats', lang)} (*){colon}", width)
        for c in caveats:
            lines += wrap("  " + c, width, indent="    ")
    for e in extra:
        lines += wrap(e, width)
    return lines


def merge_caveats(caveats: Sequence[str]) -> list[str]:
    """Caveats with the same lead ('year differs: …') merged into one, details joined by ' | ', order kept."""
    merged: dict[str, list[str]] = {}
    for c in caveats:
        head, sep, detail = c.partition(": ")
        key = head if sep else c
        merged.setdefault(key, [])
        if sep and detail not in merged[key]:
            merged[key].append(detail)
    return [f"{k}: {' | '.join(v)}" if v else k for k, v in merged.items()]


def caveats_by_jurisdiction(rows: pd.DataFrame, manifest: Sequence[dict], lang: str) -> list[str]:
    """One line per jurisdiction with caveats: its name, then its merged caveats (manifest order)."""
    out = []
    names = {m["jurisdiction"]: jurisdiction_name(m, lang) for m in manifest}
    for j in jurisdiction_order(manifest):
        sub = rows[rows["jurisdiction"] == j]
        items: list[str] = []
        for c in sub.get("caveats", pd.Series(dtype=str)):
            items += split_list(c, ";")
        items = [translate_caveat(i, lang) for i in merge_caveats(items)]
        if items:
            out.append(f"{names[j]}{'：' if lang == 'zh' else ': '}{('；' if lang == 'zh' else '; ').join(items)}")
    return out


def _inches_layout(fig: Figure, left: float, bottom: float, width: float, height: float) -> list[float]:
    w, h = fig.get_size_inches()
    return [left / w, bottom / h, width / w, height / h]


# ---------------------------------------------------------------- comparison chart


def _marker(kind: str, comparator: str) -> str:
    if kind == "baseline":
        return "o"
    if kind == "actual":
        return "s"
    return {">=": "^", "<=": "v"}.get(comparator, "D")


def _numbers(rows: pd.DataFrame) -> list[float]:
    vals = []
    for col in ("value", "value_low", "value_high"):
        if col in rows:
            vals += [float(v) for v in pd.to_numeric(rows[col], errors="coerce") if pd.notna(v)]
    return vals


def compare_figure(frame: pd.DataFrame, indicator: str, *, lang: str = "en", manifest: Sequence[dict] | None = None,
                   jurisdictions: Sequence[str] | None = None, codebook: pd.DataFrame | None = None) -> Figure:
    """Baseline, target and actual values of one indicator, one panel per jurisdiction (manifest order/colour).

    `frame` is a comparison frame from cmp.compare. Years are on the x axis; ≥ targets are up-triangles, ≤ targets
    down-triangles; derived values are hollow with a dashed link; the footnote cites the documents and caveats.
    """
    lang = check_lang(lang)
    manifest = list(manifest) if manifest is not None else load_manifest()
    metas = {m["jurisdiction"]: m for m in manifest}
    order = jurisdiction_order(manifest)
    wanted = order if jurisdictions is None else [j for j in order if j in set(jurisdictions)]
    unknown = sorted(set(jurisdictions or ()) - set(order))
    if unknown:
        raise CmpError(f"unknown jurisdiction(s) {', '.join(unknown)}; valid: {', '.join(order)}")
    colours = jurisdiction_colors(manifest)
    rows = frame[(frame["indicator"] == indicator) & frame["jurisdiction"].isin(wanted)]
    rows = rows.assign(unit=same_units(rows["unit"], indicator, codebook))

    units = sorted({str(u) for u in rows["unit"] if str(u)}) if len(rows) else []
    shared_y = len(units) <= 1
    ncols = max(1, min(len(wanted), 5))
    nrows = max(1, math.ceil(len(wanted) / 5))
    left_in, right_in = 0.95, 0.2
    gap_in = 0.25 if shared_y else 0.95
    fig_w = max(7.5, 2.05 * ncols + left_in + right_in + gap_in * (ncols - 1))
    panel_w = (fig_w - left_in - right_in - gap_in * (ncols - 1)) / ncols
    panel_h, title_h, xlab_h, header_h = 2.7, 0.6, 0.4, 1.0

    # footnote text first: its height sets the figure height
    sources = [source_text(metas[j], lang) for j in wanted]
    caveats = caveats_by_jurisdiction(rows, manifest, lang)
    extra = [t("units_differ", lang)] if not shared_y else []
    chars = int((fig_w - left_in * 0.5 - right_in) * 16.5)
    lines = footnote_lines(sources, caveats, lang, chars, extra)
    foot_h = 0.25 + 0.135 * len(lines)
    fig_h = header_h + nrows * (panel_h + title_h + xlab_h) + foot_h
    fig = Figure(figsize=(fig_w, fig_h), dpi=DPI)

    title = indicator_title(indicator, lang, codebook, frame)
    fig.text(left_in / fig_w, 1 - 0.3 / fig_h, title, fontsize=13, va="center")
    fig.text(left_in / fig_w, 1 - 0.58 / fig_h, indicator, fontsize=8, color="#555555", va="center")
    handles = [
        Line2D([], [], marker="o", ls="none", color="#444444", label=t("baseline", lang)),
        Line2D([], [], marker="D", ls="none", color="#444444", label=t("target", lang)),
        Line2D([], [], marker="^", ls="none", color="#444444", label=t("target_floor", lang)),
        Line2D([], [], marker="s", ls="none", color="#444444", label=t("actual", lang)),
        Line2D([], [], marker="o", ls="--", color="#444444", markerfacecolor="white", label=t("derived", lang)),
    ]
    fig.legend(handles=handles, loc="center left", ncol=5, frameon=False, fontsize=8, handletextpad=0.3,
               columnspacing=1.2, bbox_to_anchor=(left_in / fig_w - 0.01, 1 - 0.83 / fig_h))

    numbers = _numbers(rows)
    lo = min(numbers + [0.0]) if numbers else 0.0
    hi = max(numbers) if numbers else 1.0
    pad = (hi - lo) * 0.18 or abs(hi) * 0.18 or 1.0
    shared_lim = (lo - pad if lo < 0 else 0.0, hi + pad)

    axes = []
    for i, j in enumerate(wanted):
        r, c = divmod(i, 5)
        bottom = foot_h + (nrows - 1 - r) * (panel_h + title_h + xlab_h) + xlab_h
        left = left_in + c * (panel_w + gap_in)
        ax = fig.add_axes(_inches_layout(fig, left, bottom, panel_w, panel_h), gid=f"panel-{j}")
        axes.append(ax)
        sub = rows[rows["jurisdiction"] == j]
        _draw_panel(ax, sub, colours[j], lang)
        mark = " *" if len(sub) and any(split_list(c) for c in sub["caveats"]) else ""
        ax.set_title(jurisdiction_name(metas[j], lang) + mark, fontsize=9.5, color=colours[j], loc="left", pad=16)
        ax.text(0, 1.02, level_text(metas[j]["level"], lang), transform=ax.transAxes, fontsize=7.5,
                color="#666666", va="bottom")
        if shared_y:
            ax.set_ylim(*shared_lim)
            if c == 0:
                unit = units[0] if units else ""
                den = str(sub["denominator"].iloc[0]) if len(sub) and "denominator" in sub else _first_den(rows)
                ax.set_ylabel(axis_label(unit, den, lang), fontsize=8.5)
            else:
                ax.tick_params(labelleft=False)
        elif sub.empty:
            ax.tick_params(labelleft=False, left=False)
        else:
            vals = _numbers(sub)
            if vals:
                top = max(vals)
                pad_one = (top - min(0.0, min(vals))) * 0.18 or 1.0
                ax.set_ylim(min(0.0, min(vals) - pad_one), top + pad_one)
            ax.set_ylabel(axis_label(str(sub["unit"].iloc[0]), str(sub["denominator"].iloc[0]), lang), fontsize=8)
    fig.text(left_in * 0.5 / fig_w, (foot_h - 0.12) / fig_h, "\n".join(lines), fontsize=7, va="top", ha="left",
             color="#333333", linespacing=1.35)
    return fig


def same_units(units: pd.Series, indicator: str, codebook: pd.DataFrame | None) -> pd.Series:
    """Units with the codebook's equivalent units (㎡/百户 for ㎡ per 100 households) written as its unit."""
    if codebook is None or not len(codebook) or "equivalent_units" not in codebook:
        return units
    rows = codebook[codebook["id"] == indicator]
    if rows.empty:
        return units
    unit, equivalent = str(rows["unit"].iloc[0]), rows["equivalent_units"].iloc[0]
    accepted = set(equivalent) if isinstance(equivalent, (list, tuple, set)) else set()
    return units.map(lambda u: unit if u in accepted else u)


def _first_den(rows: pd.DataFrame) -> str:
    dens = [str(d) for d in rows.get("denominator", []) if str(d)]
    return dens[0] if dens else ""


def _draw_panel(ax, sub: pd.DataFrame, colour: str, lang: str) -> None:
    """One jurisdiction's values on a year axis, value labels above the markers."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)
    if sub.empty:
        ax.text(0.5, 0.5, t("not_reported", lang), transform=ax.transAxes, ha="center", va="center",
                color=MISSING_COLOUR, fontsize=9)
        ax.set_xticks([])
        return
    years = sorted({int(y) for y in sub["year"] if pd.notna(y)})
    ax.set_xticks(years, [str(y) for y in years])
    span = (max(years) - min(years) + 1.0) if years else 1.0
    off = {k: v * span for k, v in KIND_OFFSET.items()}
    if years:
        ax.set_xlim(min(years) - 0.3 * span, max(years) + 0.3 * span)
    # links: each target from the latest baseline before it
    for _, tgt in sub[sub["kind"] == "target"].iterrows():
        if pd.isna(tgt["value"]) or pd.isna(tgt["year"]):
            continue
        base = sub[(sub["kind"] == "baseline") & sub["value"].notna() & (sub["year"] < tgt["year"])]
        if base.empty:
            continue
        b = base.sort_values("year").iloc[-1]
        dashed = "derived" in (str(b["method"]), str(tgt["method"]))
        ax.plot([b["year"] + off["baseline"], tgt["year"]], [b["value"], tgt["value"]], color=colour,
                lw=1.1, ls="--" if dashed else "-", alpha=0.7, zorder=2)
    texts = []
    for _, row in sub.iterrows():
        if pd.isna(row["year"]):
            continue
        kind = str(row["kind"])
        x = int(row["year"]) + off.get(kind, 0.0)
        derived = str(row["method"]) == "derived"
        face = "white" if derived else colour
        sign = COMPARATOR_SIGN.get(str(row["comparator"]), "")
        low, high = row.get("value_low"), row.get("value_high")
        if pd.notna(low) and pd.notna(high):
            ax.plot([x, x], [low, high], color=colour, lw=3, alpha=0.5, solid_capstyle="butt", zorder=3)
            y = float(row["value"]) if pd.notna(row["value"]) else (low + high) / 2
            anchor, label = (high if kind != "baseline" else low), f"{sign}{format_value(low)}–{format_value(high)}"
        elif pd.notna(row["value"]):
            y = anchor = float(row["value"])
            label = sign + format_value(y)
        else:
            continue
        ax.plot([x], [y], marker=_marker(kind, str(row["comparator"])), ms=7, color=colour,
                markerfacecolor=face, markeredgewidth=1.4, ls="none", zorder=4)
        texts.append((x, anchor, label, kind))
    for x, y, label, kind, level in _stack_levels(texts):
        dx, dy, ha, va = LABEL_PLACE.get(kind, LABEL_PLACE["target"])
        lift = 10 * level if dy >= 0 else -10 * level
        ax.annotate(label, (x, y), xytext=(dx, dy + lift), textcoords="offset points", ha=ha, va=va,
                    fontsize=7.5, color="#222222")
    blanks = sub[sub["value"].isna() & ~(sub["value_low"].notna() & sub["value_high"].notna())]
    notes = [f"{t(str(k), lang) if str(k) in TEXT else k} {'' if pd.isna(y) else int(y)}: {str(v)[:14] or '—'}"
             for k, y, v in zip(blanks["kind"], blanks["year"], blanks["value_text"], strict=True)]
    if notes:
        ax.text(0.03, 0.03, t("no_number", lang) + "\n" + "\n".join(notes[:4]), transform=ax.transAxes,
                fontsize=7, color="#777777", va="bottom", ha="left")


def _stack_levels(texts: list[tuple[float, float, str, str]]) -> list[tuple[float, float, str, str, int]]:
    """Each label with a stacking level: labels of one kind at one x position are moved one level apart each."""
    seen: dict[tuple[float, str], int] = {}
    out = []
    for x, y, label, kind in sorted(texts, key=lambda v: (round(v[0], 2), v[3], v[1])):
        key = (round(x, 2), kind)
        out.append((x, y, label, kind, seen.get(key, 0)))
        seen[key] = seen.get(key, 0) + 1
    return out


# ---------------------------------------------------------------- overview and quality charts


def coverage_figure(coverage: pd.DataFrame, *, lang: str = "en", manifest: Sequence[dict] | None = None) -> Figure:
    """Indicators (rows, grouped by domain) × jurisdictions (columns): which kinds of value each document prints.

    `coverage` is cmp.report.coverage_matrix(...): columns domain, indicator, name_en, name_zh and one column per
    jurisdiction holding ';'-joined kinds ('' when the document has no value).
    """
    lang = check_lang(lang)
    manifest = list(manifest) if manifest is not None else load_manifest()
    order = [j for j in jurisdiction_order(manifest) if j in coverage.columns]
    metas = {m["jurisdiction"]: m for m in manifest}
    colours = jurisdiction_colors(manifest)
    name_col = "name_zh" if lang == "zh" else "name_en"
    rows: list[tuple[str, str, list[str]]] = []  # (kind of row, text, cells)
    for domain, grp in coverage.groupby("domain", sort=False):
        rows.append(("domain", domain_text(str(domain), lang), []))
        for _, r in grp.iterrows():
            rows.append(("indicator", str(r[name_col] or r["indicator"]), [str(r[j]) for j in order]))
    label_w = max([text_width(txt) for _, txt, _ in rows] + [20]) * 0.068 + 0.3
    cell_w, cell_h = 0.95, 0.24
    header_h, top_h = 0.9, 0.75
    fig_w = label_w + cell_w * len(order) + 1.6  # room on the right for the slanted names
    chars = int((fig_w - 0.3) * 15)
    lines = footnote_lines([source_text(metas[j], lang) for j in order], [], lang, chars,
                           extra=[t("coverage_note", lang)])
    foot_h = 0.25 + 0.135 * len(lines)
    fig_h = top_h + header_h + cell_h * max(len(rows), 1) + foot_h
    fig = Figure(figsize=(fig_w, fig_h), dpi=DPI)
    fig.text(0.15 / fig_w, 1 - 0.35 / fig_h, t("coverage_title", lang), fontsize=13, va="center")
    ax = fig.add_axes(_inches_layout(fig, label_w, foot_h, cell_w * len(order), cell_h * max(len(rows), 1)))
    ax.set_xlim(0, max(len(order), 1))
    ax.set_ylim(max(len(rows), 1), 0)
    ax.set_xticks([i + 0.5 for i in range(len(order))])
    ax.set_xticklabels([jurisdiction_name(metas[j], lang) for j in order], rotation=30, ha="left", fontsize=8.5)
    ax.xaxis.tick_top()
    for lab, j in zip(ax.get_xticklabels(), order, strict=True):
        lab.set_color(colours[j])
    ax.set_yticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    for y, (what, text, cells) in enumerate(rows):
        if what == "domain":
            ax.axhline(y, color="#888888", lw=0.8)
            ax.text(-0.02, y + 0.55, text, transform=ax.get_yaxis_transform(), ha="right", va="center",
                    fontsize=9, color="#000000")
            continue
        ax.text(-0.02, y + 0.55, text, transform=ax.get_yaxis_transform(), ha="right", va="center", fontsize=8,
                color="#333333")
        for x, (j, cell) in enumerate(zip(order, cells, strict=True)):
            kinds = split_list(cell)
            if kinds:
                ax.add_patch(Rectangle((x + 0.04, y + 0.08), 0.92, 0.84, color=colours[j], alpha=0.22, lw=0))
                letters = " ".join(KIND_LETTER[k][lang] for k in ("baseline", "target", "actual") if k in kinds)
                ax.text(x + 0.5, y + 0.55, letters, ha="center", va="center", fontsize=7.5)
    fig.text(0.15 / fig_w, (foot_h - 0.12) / fig_h, "\n".join(lines), fontsize=7, va="top", color="#333333",
             linespacing=1.35)
    return fig


def flags_figure(counts: pd.DataFrame, *, lang: str = "en", manifest: Sequence[dict] | None = None) -> Figure:
    """Horizontal stacked bars: how many values carry each data-quality flag, coloured by jurisdiction.

    `counts` is cmp.report.flag_counts(...): index = flag, one column per jurisdiction (manifest order).
    """
    lang = check_lang(lang)
    manifest = list(manifest) if manifest is not None else load_manifest()
    metas = {m["jurisdiction"]: m for m in manifest}
    colours = jurisdiction_colors(manifest)
    order = [j for j in jurisdiction_order(manifest) if j in counts.columns]
    flags = [str(f) for f in counts.index]
    fig_w = 9.0
    lines = footnote_lines([source_text(metas[j], lang) for j in order], [], lang, int((fig_w - 0.4) * 15),
                           extra=[t("flags_note", lang)])
    foot_h = 0.25 + 0.135 * len(lines)
    plot_h = 0.32 * max(len(flags), 1) + 0.3
    header_h, xlab_h = 0.95, 0.55
    fig_h = header_h + plot_h + xlab_h + foot_h
    fig = Figure(figsize=(fig_w, fig_h), dpi=DPI)
    fig.text(0.2 / fig_w, 1 - 0.3 / fig_h, t("flags_title", lang), fontsize=13, va="center")
    ax = fig.add_axes(_inches_layout(fig, 2.1, foot_h + xlab_h, fig_w - 2.5, plot_h))
    left = [0.0] * len(flags)
    for j in order:
        vals = [float(counts.loc[f, j]) for f in counts.index]
        ax.barh(range(len(flags)), vals, left=left, color=colours[j], label=jurisdiction_name(metas[j], lang),
                height=0.65)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    for y, total in enumerate(left):
        ax.text(total, y, f" {total:.0f}", va="center", fontsize=7.5)
    ax.set_yticks(range(len(flags)), flags, fontsize=8)
    ax.set_ylim(len(flags) - 0.5, -0.5)
    ax.set_xlabel(t("flags_axis", lang), fontsize=8.5)
    ax.tick_params(axis="x", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    if not flags:
        ax.text(0.5, 0.5, t("none", lang), transform=ax.transAxes, ha="center", va="center", color=MISSING_COLOUR)
    else:
        fig.legend(loc="center left", ncol=min(len(order), 5), frameon=False, fontsize=8,
                   bbox_to_anchor=(0.2 / fig_w - 0.01, 1 - 0.68 / fig_h))
    fig.text(0.2 / fig_w, (foot_h - 0.12) / fig_h, "\n".join(lines), fontsize=7, va="top", color="#333333",
             linespacing=1.35)
    return fig


# ---------------------------------------------------------------- saving and showing


def figures_dir(folder: str | Path | None = None) -> Path:
    """Where charts go: `folder` if given (`cmp report --figures-dir` passes it down), else figures/ in the project."""
    return Path(folder) if folder else paths.project_root() / "figures"


def figure_name(*parts: object) -> str:
    """A file stem from a chart's parameters: parts joined by '__', anything but [A-Za-z0-9._-] replaced by '-'."""
    flat: list[str] = []
    for p in parts:
        if isinstance(p, (list, tuple)):
            flat.append("-".join(str(x) for x in p) or "none")
        else:
            flat.append(str(p))
    return "__".join(re.sub(r"[^A-Za-z0-9._-]+", "-", s).strip("-") or "x" for s in flat)


def figure_bytes(fig: Figure, fmt: str = "png") -> bytes:
    """The chart rendered as PNG or SVG, deterministically (no date or software stamp, fixed SVG hash salt)."""
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata, facecolor="white")
    return buf.getvalue()


def save_figure(fig: Figure, name: str, folder: str | Path | None = None) -> list[Path]:
    """Write the chart as `name`.png and `name`.svg into the figures folder (atomically); returns the paths."""
    out = figures_dir(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in ("png", "svg"):
        path = out / f"{name}.{fmt}"
        atomic_write(path, figure_bytes(fig, fmt))
        written.append(path)
    return written


def show(chart: Figure | Path | Sequence[Path]) -> None:
    """Display a chart in a notebook as an embedded PNG (works whatever MPLBACKEND says).

    `chart` is a Figure, or what save_figure returned (its PNG is shown as saved, not rendered again).
    """
    from IPython.display import Image, display

    if isinstance(chart, Figure):
        data = figure_bytes(chart, "png")
    else:
        found = [Path(p) for p in ([chart] if isinstance(chart, (str, Path)) else chart) if str(p).endswith(".png")]
        if not found:
            raise CmpError("show() needs a Figure or the PNG path that save_figure returned")
        data = found[0].read_bytes()
    display(Image(data=data, format="png"))

