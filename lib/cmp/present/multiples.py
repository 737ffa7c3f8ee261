"""Small multiples: one panel per jurisdiction, every panel on the same year axis and the same value axis.

The comparison-first chart (cmp.present.charts) answers "who promises what"; these panels show each
jurisdiction's whole series (every preferred baseline, actual and target by year) for a closer look.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..errors import CmpError
from . import charts, plots

KIND_OFFSET = {"baseline": -0.18, "actual": 0.18, "target": 0.0}  # years apart, so same-year values separate
LABEL_DY = {"baseline": -11, "actual": -11, "target": 9}  # points: targets above their marker, the rest below


def _marker(kind: str, comparator: str) -> str:
    if kind == "baseline":
        return "o"
    if kind == "actual":
        return "s"
    return {">=": "^", "<=": "v"}.get(comparator, "D")


def small_multiples(frame: pd.DataFrame, indicator: str, *, lang: str = "en", manifest: Sequence[dict] | None = None,
                    jurisdictions: Sequence[str] | None = None, codebook: pd.DataFrame | None = None) -> Figure:
    """Panels in manifest order sharing one year axis and one value axis; preferred readings only."""
    lang = plots.check_lang(lang)
    manifest = list(manifest) if manifest is not None else plots.load_manifest()
    metas = {m["jurisdiction"]: m for m in manifest}
    order = plots.jurisdiction_order(manifest)
    unknown = sorted(set(jurisdictions or ()) - set(order))
    if unknown:
        raise CmpError(f"unknown jurisdiction(s) {', '.join(unknown)}; valid: {', '.join(order)}")
    wanted = order if jurisdictions is None else [j for j in order if j in set(jurisdictions)]
    if codebook is None:
        from .views import load_codebook

        codebook = load_codebook()
    data = charts.chart_points(frame, indicator, wanted, manifest, codebook)
    rows = charts._preferred(charts.with_evidence(frame, None))
    rows = rows[(rows["indicator"] == indicator) & rows["jurisdiction"].isin(wanted) & rows["year"].notna()]
    excluded = {str(r["row_id"]) for r, _ in data.excluded}
    rows = rows[~rows["row_id"].astype(str).isin(excluded) & rows["value"].notna()]
    with plots.style():
        return _draw(rows, data, indicator, lang, metas, wanted, codebook)


def _draw(rows, data, indicator, lang, metas, wanted, codebook) -> Figure:
    colours = plots.jurisdiction_colors(list(metas.values()))
    ncols = max(1, min(len(wanted), 5))
    nrows = max(1, math.ceil(len(wanted) / ncols))
    fig_w, left_in, gap_in, panel_h = 9.0, 0.8, 0.2, 2.2
    panel_w = (fig_w - left_in - 0.2 - gap_in * (ncols - 1)) / ncols
    width_chars = int((fig_w - 0.4) * 15.5)
    foot = [w for s in charts.footer_lines(data, metas, lang) for w in plots.wrap(s, width_chars, "  ")]
    foot_h, title_h, row_h = 0.25 + 0.155 * len(foot), 0.75, panel_h + 0.75
    fig_h = title_h + nrows * row_h + foot_h
    fig = Figure(figsize=(fig_w, fig_h), dpi=plots.DPI)
    FigureCanvasAgg(fig)
    fig.text(0.2 / fig_w, 1 - 0.3 / fig_h, plots.indicator_title(indicator, lang, codebook), fontsize=12.5,
             va="center")
    years = sorted({int(y) for y in rows["year"]}) or [2020, 2025]
    values = [float(v) for v in rows["value"]]
    hi = max(values) if values else 1.0
    lo = min([0.0, *values])
    info = charts._codebook_row(codebook, indicator)
    unit = charts.axis_label(str(info.get("unit", "") or ""), str(info.get("denominator", "") or ""), lang)
    first = None
    for i, j in enumerate(wanted):
        r, c = divmod(i, ncols)
        bottom = foot_h + (nrows - 1 - r) * row_h + 0.45
        ax = fig.add_axes([(left_in + c * (panel_w + gap_in)) / fig_w, bottom / fig_h, panel_w / fig_w,
                           panel_h / fig_h], sharex=first, sharey=first, gid=f"panel-{j}")
        first = first or ax
        title = "\n".join(plots.wrap(charts._name(j, metas, lang), int(panel_w * 12), ""))
        ax.set_title(title, fontsize=9, color=colours.get(j, plots.MISSING_COLOUR),
                     loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#e6e6e6", lw=0.6)
        ax.tick_params(labelsize=7.5)
        sub = rows[rows["jurisdiction"] == j]
        if c:
            ax.tick_params(labelleft=False)
        else:
            ax.set_ylabel(unit, fontsize=8)
        if sub.empty:
            ax.text(0.5, 0.5, charts.phrase("not_reported", lang, items="").rstrip(": ："), transform=ax.transAxes,
                    ha="center", va="center", color=plots.MISSING_COLOUR, fontsize=8.5)
        for _, v in sub.iterrows():
            kind = str(v["kind"])
            x = int(v["year"]) + KIND_OFFSET.get(kind, 0.0)
            face = "white" if v["method"] == "derived" else colours.get(j, plots.MISSING_COLOUR)
            ax.plot([x], [v["value"]], marker=_marker(kind, str(v["comparator"])), ms=6.5, ls="none",
                    color=colours.get(j, plots.MISSING_COLOUR), markerfacecolor=face, zorder=3)
            ax.annotate(charts.value_label(v), (x, v["value"]), xytext=(0, LABEL_DY.get(kind, 9)),
                        textcoords="offset points", ha="center", va="center", fontsize=7, color="#222222")
    first.set_xticks(years, [str(y) for y in years])
    first.set_xlim(min(years) - 0.8, max(years) + 0.8)
    first.set_ylim(lo, hi * 1.2 or 1.0)
    fig.text(0.2 / fig_w, (foot_h - 0.12) / fig_h, "\n".join(foot), fontsize=7.5, va="top", color="#333333",
             linespacing=1.5)
    return fig
