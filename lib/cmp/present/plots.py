"""Chart helpers for the briefings: names, colours, number format, style, the overview and quality charts, saving.

Importing this module changes nothing in matplotlib: `style()` registers the Noto Sans CJK SC font shipped by
mplfonts (OFL) and applies the chart settings only for the charts built and saved inside it. Charts are
`matplotlib.figure.Figure` objects (no pyplot state), so they work under any backend (MPLBACKEND=Agg included).
The comparison-first chart is in `cmp.present.charts`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache, wraps
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import paths, yamlio
from ..errors import CmpError
from ..model.checks import split_flags
from ..model.outputs import atomic_write
from ..model.vocab import LANGS, check_lang
from .export import display_width
from .fonts import font_file

# Okabe-Ito colour-blind safe palette; a jurisdiction's colour is fixed by its position in the manifest
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
MISSING_COLOUR = "#9a9a9a"
DPI = 110



@lru_cache(maxsize=1)
def register_cjk_font() -> str:
    """Register mplfonts' Noto Sans CJK SC file with matplotlib's font manager (once) and return its family name."""
    path = font_file()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


@contextmanager
def style() -> Iterator[None]:
    """Apply the chart style (CJK font, SVG text as text, stable SVG ids) for the charts built and saved inside."""
    name = register_cjk_font()
    with matplotlib.rc_context({"font.family": [name], "axes.unicode_minus": True, "svg.hashsalt": "cmp",
                                "svg.fonttype": "none"}):
        yield


def styled(func):
    """Run `func` inside style(): for functions that build or save charts."""

    @wraps(func)
    def inner(*args, **kwargs):
        with style():
            return func(*args, **kwargs)

    return inner


# ---------------------------------------------------------------- names, order, colours


@lru_cache(maxsize=1)
def _text() -> dict[str, dict[str, str]]:
    """plots_text.yaml, checked: every phrase has an English and a Chinese string."""
    path = Path(__file__).with_name("plots_text.yaml")
    data = yamlio.load_file(path)
    if not isinstance(data, dict):
        raise CmpError("expected a mapping of phrase keys to {en, zh}", path=str(path))
    for key, entry in data.items():
        if not isinstance(entry, dict) or not all(isinstance(entry.get(lang), str) for lang in LANGS):
            raise CmpError(f"phrase {key}: expected a mapping with en and zh strings", path=str(path))
    return data


def t(key: str, lang: str) -> str:
    """A fixed chart phrase in English or Chinese (from plots_text.yaml)."""
    text = _text()
    if key not in text:
        raise CmpError(f"no chart phrase {key!r} in plots_text.yaml")
    return text[key][lang]


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


def _vocab(group: str, code: str, lang: str) -> str:
    from ..model import vocab

    try:
        return vocab.text(group, code, lang)
    except CmpError:
        return code


def domain_text(domain: str, lang: str) -> str:
    """A codebook domain's display name in `lang` (vocab.yaml; the id itself when unknown)."""
    return _vocab("domains", domain, lang)


def level_text(level: str, lang: str) -> str:
    """A level of government in `lang` (vocab.yaml)."""
    return _vocab("levels", level, lang)


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


def _inches_layout(fig: Figure, left: float, bottom: float, width: float, height: float) -> list[float]:
    w, h = fig.get_size_inches()
    return [left / w, bottom / h, width / w, height / h]


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


# ---------------------------------------------------------------- overview and quality charts


@styled
def coverage_figure(coverage: pd.DataFrame, *, lang: str = "en", manifest: Sequence[dict] | None = None) -> Figure:
    """Indicators (rows, grouped by domain) × jurisdictions (columns): which kinds of value each document prints.

    `coverage` is cmp.present.views.coverage_matrix(...): columns domain, indicator, name_en, name_zh and one column per
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
            kinds = split_flags(cell)
            if kinds:
                ax.add_patch(Rectangle((x + 0.04, y + 0.08), 0.92, 0.84, color=colours[j], alpha=0.22, lw=0))
                letters = " ".join(_vocab("kind_letters", k, lang) for k in ("baseline", "target", "actual")
                                   if k in kinds)
                ax.text(x + 0.5, y + 0.55, letters, ha="center", va="center", fontsize=7.5)
    fig.text(0.15 / fig_w, (foot_h - 0.12) / fig_h, "\n".join(lines), fontsize=7, va="top", color="#333333",
             linespacing=1.35)
    return fig


@styled
def flags_figure(counts: pd.DataFrame, *, lang: str = "en", manifest: Sequence[dict] | None = None) -> Figure:
    """Horizontal stacked bars: how many values carry each data-quality flag, coloured by jurisdiction.

    `counts` is cmp.present.views.flag_counts(...): index = flag, one column per jurisdiction (manifest order).
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
    """Where charts go: `folder` if given (`cmp report --figures-dir` arrives as the notebooks' figures_dir), else
    figures/ in the project."""
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


@styled
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
