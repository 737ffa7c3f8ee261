"""Drawing the comparison-first chart (cmp.present.charts decides what is drawn; this module only draws it).

Value labels sit on the side away from the other end of their row, so the two labels of a row never meet; the
value axis is widened until every label lies inside the plot area; each label links to its evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from ..model.checks import split_flags
from . import plots
from .charts import (
    DISPUTED,
    GREY,
    GROUP_H,
    ROW_H,
    ChartData,
    Line,
    _codebook_row,
    _name,
    _vocab_or,
    axis_label,
    footer_lines,
    phrase,
    ref_mark,
    ref_of,
    subtitle,
    value_label,
)


def _marker(r: pd.Series, role: str) -> str:
    if role == "start":
        return "s" if r["kind"] == "actual" else "o"
    return {">=": ">", "<=": "<"}.get(str(r["comparator"]), "D")


def _draw_value(ax, r: pd.Series, y: float, colour: str, role: str) -> float:
    """Draw one value (point, floor arrow or range bar) at row `y`; returns the x its label should start from."""
    derived = r["method"] == "derived"
    disputed = "conflict" in split_flags(r.get("flags", ""))
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


def draw(data: ChartData, indicator: str, lang: str, metas: dict, wanted: Sequence[str], colours: dict,
         codebook: pd.DataFrame | None, link_prefix: str) -> Figure:
    """The figure of one comparison: title block, one row per line, labels, legend and footer."""
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
    if any("conflict" in split_flags(r.get("flags", "")) for r in drawn):
        handles.append(Line2D([], [], marker="o", ls="none", color="#444444", markeredgecolor=DISPUTED,
                              markeredgewidth=2, label=phrase("legend_disputed", lang)))
    fig.legend(handles=handles, loc="center left", ncol=len(handles), frameon=False, fontsize=7.5,
               handletextpad=0.3, columnspacing=1.0,
               bbox_to_anchor=(0.2 / fig_w - 0.012, 1 - (title_h - 0.2) / fig_h))


