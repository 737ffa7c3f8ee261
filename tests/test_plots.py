"""cmp.plots: Chinese renders without missing glyphs, charts carry sources, caveats and units, saving is stable."""

from __future__ import annotations

import warnings

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from cmp.errors import CmpError
from cmp.present import plots

FRAME_COLUMNS = [
    "jurisdiction", "jurisdiction_name_en", "jurisdiction_name_zh", "level", "doc_kind", "period", "indicator",
    "indicator_name_en", "indicator_name_zh", "domain", "kind", "year", "value", "unit", "denominator", "comparator",
    "value_low", "value_high", "value_text", "attribute", "method", "label", "quote", "doc", "line", "row_id",
    "flags", "caveats",
]
IND = "elderly_care.nursing_bed_share"


@pytest.fixture(scope="module")
def manifest():
    return plots.load_manifest()


def frame_row(meta, kind, year, value, *, comparator="=", method="table", caveats="", low=None, high=None,
              unit="%"):
    return {
        "jurisdiction": meta["jurisdiction"], "jurisdiction_name_en": meta["name_en"],
        "jurisdiction_name_zh": meta["name_zh"], "level": meta["level"], "doc_kind": meta["doc_kind"],
        "period": meta["period"], "indicator": IND, "indicator_name_en": "Nursing-type bed share",
        "indicator_name_zh": "养老机构护理型床位占比", "domain": "elderly_care", "kind": kind, "year": year,
        "value": value, "unit": unit, "denominator": "beds in elderly-care institutions", "comparator": comparator,
        "value_low": low, "value_high": high, "value_text": "" if value is None else f"{value}", "attribute": "",
        "method": method, "label": "护理型床位占比", "quote": "护理型床位占比", "doc": meta["file"], "line": 3,
        "row_id": "r", "flags": "", "caveats": caveats,
    }


@pytest.fixture(scope="module")
def frame(manifest):
    m = {x["jurisdiction"]: x for x in manifest}
    rows = [
        frame_row(m["wuhan"], "baseline", 2020, 54.0),
        frame_row(m["wuhan"], "target", 2025, 65.0, method="derived", caveats="derived, not printed"),
        frame_row(m["chifeng"], "baseline", 2020, 40.0),
        frame_row(m["chifeng"], "target", 2025, 55.0, comparator=">=", caveats="target is a floor (>=)"),
        frame_row(m["tongzhou"], "target", 2025, None, low=50.0, high=60.0,
                  caveats="level differs: district of a municipality vs prefecture-level city"),
        frame_row(m["xincheng"], "target", 2023, None, caveats="year differs: 2023 vs 2025; no number printed"),
    ]
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


def all_text(fig: Figure) -> str:
    texts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        texts += [ax.get_title(loc="left"), ax.get_ylabel()] + [t.get_text() for t in ax.texts]
        texts += [t.get_text() for t in ax.get_xticklabels()]
    for leg in fig.legends:
        texts += [t.get_text() for t in leg.get_texts()]
    return "\n".join(texts)


def glyph_warnings(fig: Figure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plots.figure_bytes(fig, "png")
        plots.figure_bytes(fig, "svg")
    return [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]


def test_cjk_font_is_the_noto_file_with_dejavu_first():
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "Noto Sans CJK SC"]
    assert matplotlib.rcParams["axes.unicode_minus"] is True
    path = plots._font_file()
    assert path.name == "NotoSansCJKsc-Regular.otf" and path.is_file()
    names = {f.fname for f in matplotlib.font_manager.fontManager.ttflist if f.name == "Noto Sans CJK SC"}
    assert str(path) in names
    assert not any("SimHei" in f.fname for f in matplotlib.font_manager.fontManager.ttflist
                   if f.name == "Noto Sans CJK SC")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chinese_chart_renders_without_missing_glyphs(frame, manifest, lang):
    fig = plots.compare_figure(frame, IND, lang=lang, manifest=manifest)
    text = all_text(fig)
    if lang == "zh":
        assert "养老机构护理型床位占比" in text and "赤峰市" in text and "资料来源" in text
    assert glyph_warnings(fig) == []


def test_glyph_check_would_catch_tofu():
    # the same kind of figure without the CJK fallback must warn: proves the check above can fail
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        fig.text(0.1, 0.5, "赤峰市民政局")
        found = glyph_warnings(fig)
    assert found and "missing from" in found[0]


def test_panels_in_manifest_order_with_fixed_colours(frame, manifest):
    fig = plots.compare_figure(frame.iloc[::-1], IND, lang="en", manifest=manifest)
    titles = [ax.get_title(loc="left").rstrip(" *") for ax in fig.axes]
    assert titles == [m["name_en"] for m in manifest]
    colours = plots.jurisdiction_colors(manifest)
    assert [ax.get_gid() for ax in fig.axes] == [f"panel-{m['jurisdiction']}" for m in manifest]
    for ax, m in zip(fig.axes, manifest, strict=True):
        for line in ax.lines:
            assert matplotlib.colors.to_hex(line.get_color()) == colours[m["jurisdiction"]].lower()
    assert colours == plots.jurisdiction_colors(list(manifest))  # same colours on every call
    chosen = plots.compare_figure(frame, IND, lang="en", manifest=manifest, jurisdictions=["wuhan", "chifeng"])
    assert [ax.get_title(loc="left").rstrip(" *") for ax in chosen.axes] == ["Chifeng", "Wuhan"]
    with pytest.raises(CmpError, match="valid: chifeng"):
        plots.compare_figure(frame, IND, manifest=manifest, jurisdictions=["atlantis"])


def test_floor_targets_derived_values_and_missing_documents_are_visible(frame, manifest):
    fig = plots.compare_figure(frame, IND, lang="en", manifest=manifest)
    by_name = {ax.get_title(loc="left").rstrip(" *"): ax for ax in fig.axes}
    chifeng = [ln for ln in by_name["Chifeng"].lines if ln.get_marker() not in ("None", None, "")]
    assert "^" in {ln.get_marker() for ln in chifeng}  # the >= target
    assert "≥55" in [t.get_text() for t in by_name["Chifeng"].texts]
    wuhan = [ln for ln in by_name["Wuhan"].lines if ln.get_marker() == "D"]
    assert wuhan and wuhan[0].get_markerfacecolor() == "white"  # derived: hollow
    assert any(ln.get_linestyle() == "--" for ln in by_name["Wuhan"].lines)  # and a dashed link
    assert "not in this" in "".join(t.get_text() for t in by_name["Jining"].texts)
    assert "50–60" in [t.get_text() for t in by_name["Tongzhou (Beijing sub-centre)"].texts]
    assert "no number printed" in "".join(t.get_text() for t in by_name["Xincheng District (Hohhot)"].texts)
    assert [t.get_text() for t in by_name["Wuhan"].get_xticklabels()] == ["2020", "2025"]


def test_footnote_cites_documents_and_caveats_and_axis_has_unit(frame, manifest):
    fig = plots.compare_figure(frame, IND, lang="en", manifest=manifest)
    text = all_text(fig).replace("\n  ", " ").replace("\n", " ")
    for m in manifest:
        assert m["publisher_en"].split()[0] in text and m["published"] in text
    assert "Chifeng 14th Five-Year Plan" in text
    assert "Wuhan: derived, not printed" in text
    assert "level differs: district of a municipality vs prefecture-level city" in text
    assert fig.axes[0].get_ylabel() == "% of beds in elderly-care institutions"
    zh = all_text(plots.compare_figure(frame, IND, lang="zh", manifest=manifest))
    assert "推算值，非原文" in zh and "目标为下限(≥)" in zh and "占养老机构床位的%" in zh


def test_units_that_differ_get_their_own_axes(frame, manifest):
    mixed = frame.copy()
    mixed.loc[mixed["jurisdiction"] == "wuhan", "unit"] = "‰"
    fig = plots.compare_figure(mixed, IND, lang="en", manifest=manifest)
    labels = [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()]
    assert any("‰" in x for x in labels) and any(x.startswith("%") for x in labels)
    assert "units differ" in all_text(fig)
    # a unit the codebook calls equivalent is the same unit: one shared axis, no "units differ"
    codebook = pd.DataFrame([{"id": IND, "unit": "%", "equivalent_units": ["‰"], "name_en": "Share",
                              "name_zh": "占比"}])
    fig = plots.compare_figure(mixed, IND, lang="en", manifest=manifest, codebook=codebook)
    assert [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()] == ["% of beds in elderly-care institutions"]
    assert "units differ" not in all_text(fig)
    assert fig.axes[0].get_title(loc="left").startswith("Chifeng")
    assert "Share" in all_text(fig)  # the codebook name wins over the frame's


def test_save_is_deterministic_and_goes_to_the_configured_folder(frame, manifest, tmp_path, monkeypatch):
    monkeypatch.setenv("CMP_FIGURES_DIR", str(tmp_path / "ignored"))  # the library reads no environment
    fig = plots.compare_figure(frame, IND, lang="zh", manifest=manifest)
    name = plots.figure_name("compare", IND, ["wuhan", "chifeng"], "zh")
    assert name == "compare__elderly_care.nursing_bed_share__wuhan-chifeng__zh"
    first = plots.save_figure(fig, name, tmp_path / "env")
    assert [p.parent for p in first] == [tmp_path / "env"] * 2
    assert [p.suffix for p in first] == [".png", ".svg"]
    data = [p.read_bytes() for p in first]
    again = plots.save_figure(plots.compare_figure(frame, IND, lang="zh", manifest=manifest), name,
                              tmp_path / "param")
    assert [p.read_bytes() for p in again] == data  # byte-identical: no date, fixed SVG ids
    assert b"<dc:date>" not in data[1]
    assert not list((tmp_path / "env").glob(".*tmp")) and not (tmp_path / "ignored").exists()
    assert plots.figure_name("a b", "c/d") == "a-b__c-d"


def test_coverage_and_flags_figures(manifest):
    cov = pd.DataFrame([
        {"domain": "elderly_care", "indicator": IND, "name_en": "Nursing-type bed share",
         "name_zh": "养老机构护理型床位占比", **{m["jurisdiction"]: "" for m in manifest}, "wuhan": "baseline;target"},
    ])
    fig = plots.coverage_figure(cov, lang="zh", manifest=manifest)
    text = all_text(fig)
    assert "养老服务" in text and "养老机构护理型床位占比" in text and "基 目" in text
    assert glyph_warnings(fig) == []
    counts = pd.DataFrame({"chifeng": [2, 0], "wuhan": [1, 3]}, index=pd.Index(["conflict", "no_value"]))
    fig = plots.flags_figure(counts, lang="en", manifest=manifest)
    assert "Data-quality flags" in all_text(fig)
    assert [t.get_text() for t in fig.axes[0].texts] == [" 3", " 3"]


def test_wrap_counts_cjk_as_double_width():
    lines = plots.wrap("资料来源：" + "赤峰市民政局" * 10, 40)
    assert all(plots.text_width(x) <= 40 for x in lines) and len(lines) > 2
    assert plots.wrap("one two three four", 9) == ["one two", "  three", "  four"]


def test_lang_is_checked(frame, manifest):
    with pytest.raises(CmpError, match="en, zh"):
        plots.compare_figure(frame, IND, lang="fr", manifest=manifest)
