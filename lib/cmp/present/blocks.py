"""Page blocks of the briefings: section titles and ledes in the page's language, charts as inline SVG with alt
text and CSV, the comparison block (chart, data, evidence, yearbook table), 指标解释 and the run record.

Notebooks call these after `views.validate_params`; every document text is escaped in cmp.present.evidence.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from .views import _name, _pick

SECTIONS = {
    "documents": ("Documents", "文件"),
    "coverage": ("Which document reports which indicator", "各文件涉及的指标"),
    "flags": ("Data-quality flags", "数据质量标记"),
    "values": ("Values by domain", "分领域数值"),
    "changes": ("Implied annual change, baseline to target", "基期至目标的年均变化"),
    "flagged": ("Flagged values", "带标记的数值"),
    "conflicts": ("Conflicts between readings", "读取冲突"),
    "unmapped": ("Labels not mapped to an indicator", "未对应指标的原文指标名"),
}
INTROS = {
    "compare": ("For each indicator: every jurisdiction on one axis, from its latest baseline or actual to its "
                "target; under each chart, where every number comes from, and the values as a yearbook table.",
                "每个指标一张图：各地置于同一坐标轴，从最近的基期值或实际值到规划目标；图下列出每个数值的出处，以及年鉴式表格。"),
    "overview": ("The documents, which indicators each one reports, and how many values carry a data-quality flag.",
                 "各文件、各文件涉及的指标，以及带有数据质量标记的数值个数。"),
    "quality": ("The flags on the values, the readings of one fact that disagree, and the document labels not yet "
                "mapped to an indicator.", "数值的质量标记、同一事实不一致的读取，以及尚未对应到指标的原文指标名。"),
}


def section_title(key: str, lang: str) -> str:
    """A page section heading in `lang`."""
    return _pick(SECTIONS[key], lang)


def page_intro(notebook: str, lang: str) -> str:
    """The one-paragraph lede of a briefing page in `lang`."""
    return _pick(INTROS[notebook], lang)


def flags_alt(counts: pd.DataFrame, title: str, lang: str = "en") -> str:
    """Alt text of a flags chart: its title and each flag's count."""
    sep = "；" if lang == "zh" else "; "
    return f"{title}{'：' if lang == 'zh' else ': '}" + sep.join(
        f"{flag} {int(counts.loc[flag].sum())}" for flag in counts.index)


def coverage_alt(coverage: pd.DataFrame, manifest: Sequence[dict], title: str, lang: str = "en") -> str:
    """Alt text of the coverage chart: its title and how many indicators each document reports."""
    sep = "；" if lang == "zh" else "; "
    parts = [f"{_name(m, lang)} {int((coverage[m['jurisdiction']] != '').sum())}" for m in manifest
             if m["jurisdiction"] in coverage.columns]
    return f"{title}{'：' if lang == 'zh' else ': '}" + sep.join(parts)


def show_figure(fig, title: str, chart_id: str, data: pd.DataFrame | None = None, lang: str = "en") -> None:
    """Display a chart as inline SVG (text set in the page font) whose alt text is `title`, with its data as CSV."""
    from .evidence import csv_link, svg_markup

    link = csv_link(data, chart_id, lang) if data is not None else ""
    show_html(f'<figure class="cmp-chart" id="{chart_id}">{svg_markup(fig, title, chart_id)}</figure>{link}')


def show_html(markup: str) -> None:
    """Display markup built by cmp.present.evidence (which escapes every document text itself)."""
    from IPython.display import HTML, display

    display(HTML(markup))


def comparison_html(frame: pd.DataFrame, indicator: str, P: dict, selection: object = "all") -> str:
    """Everything a briefing shows for one indicator: the comparison-first chart (inline SVG, alt text, linked
    reference numbers), its data as CSV, the evidence of every plotted value, and the yearbook table.

    `P` is what validate_params returned (lang, manifest, codebook, table, jurisdictions, figures_dir).
    The chart is also saved to the figures folder as PNG and SVG.
    """
    from . import charts, evidence, plots

    lang, manifest, codebook = P["lang"], P["manifest"], P["codebook"]
    juris = P.get("jurisdictions") or plots.jurisdiction_order(manifest)
    frame = charts.with_evidence(frame, P.get("prepared", P.get("table")))
    data = charts.chart_points(frame, indicator, juris, manifest, codebook, P.get("prepared", P.get("table")))
    prefix = f"ev-{evidence.slug(indicator)}"
    fig = charts.compare_chart(frame, indicator, lang=lang, manifest=manifest, jurisdictions=juris,
                               codebook=codebook, data=data, link_prefix=prefix)
    plots.save_figure(fig, plots.figure_name("compare", indicator, selection, lang), P.get("figures_dir") or None)
    metas = {m["jurisdiction"]: m for m in manifest}
    title = charts.phrase("title_question", lang, name=plots.indicator_title(indicator, lang, codebook))
    alt = charts.alt_text(data, title, metas, lang)
    chart_id = f"chart-{evidence.slug(indicator)}"
    shown = [j for j in juris if j in set(data.points.get("jurisdiction", []))]
    sources = [plots.source_text(metas[j], lang) for j in shown]
    parts = [
        f"<h2 id=\"{chart_id}-h\">{html.escape(plots.indicator_title(indicator, lang, codebook))}</h2>",
        f'<figure class="cmp-chart" id="{chart_id}">{evidence.svg_markup(fig, alt, chart_id)}</figure>',
        evidence.csv_link(data.points, plots.figure_name("data", indicator, selection, lang), lang),
        evidence.evidence_html(data, P.get("prepared", P.get("table")), manifest, lang, prefix),
        evidence.wide_html(evidence.wide(frame, indicator, manifest, lang, codebook, juris), indicator, lang, codebook,
                           sources),
    ]
    return "\n".join(p for p in parts if p)


def show_comparison(frame: pd.DataFrame, indicator: str, P: dict, selection: object = "all") -> None:
    """Display comparison_html in the notebook (and so on the page)."""
    show_html(comparison_html(frame, indicator, P, selection))


def show_definitions(indicators: Sequence[str], codebook: pd.DataFrame, lang: str = "en") -> None:
    """Display the 指标解释 (indicator definitions) section."""
    from .evidence import definitions_html

    show_html(definitions_html(indicators, codebook, lang))


def show_run_record(title: str, params: dict, lang: str = "en") -> None:
    """Display the run record that ends every page (time, version, commit, parameters, data checksum, citation)."""
    from .evidence import run_record_html

    show_html(run_record_html(title, params, params.get("tidy_dir") or None, lang))


