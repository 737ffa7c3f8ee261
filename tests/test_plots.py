"""cmp.present.plots: Chinese renders without missing glyphs, charts carry sources, caveats and units, saving is
stable."""

from __future__ import annotations

import warnings

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from cmp.errors import CmpError
from cmp.present import charts, plots

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
              unit="%", flags="", plan="", preferred=True):
    return {
        "jurisdiction": meta["jurisdiction"], "jurisdiction_name_en": meta["name_en"],
        "jurisdiction_name_zh": meta["name_zh"], "level": meta["level"], "doc_kind": meta["doc_kind"],
        "period": meta["period"], "indicator": IND, "indicator_name_en": "Nursing-type bed share",
        "indicator_name_zh": "养老机构护理型床位占比", "domain": "elderly_care", "kind": kind, "year": year,
        "value": value, "unit": unit, "denominator": "beds in elderly-care institutions", "comparator": comparator,
        "value_low": low, "value_high": high, "value_text": "" if value is None else f"{value}", "attribute": "",
        "method": method, "label": "护理型床位占比", "quote": "护理型床位占比", "doc": meta["file"], "line": 3,
        "row_id": f"{meta['jurisdiction']}-{kind}-{year}-{value}-{method}", "flags": flags, "caveats": caveats,
        "plan": plan, "preferred": preferred,
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
    return pd.DataFrame(rows)


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


def test_importing_plots_leaves_matplotlib_alone():
    """No import-time side effects: a fresh interpreter importing the chart modules keeps matplotlib's defaults."""
    import subprocess
    import sys

    code = ("import matplotlib; before = dict(matplotlib.rcParams); import cmp.present.plots, cmp.present.charts; "
            "print(before == dict(matplotlib.rcParams))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    before = matplotlib.rcParams["font.family"]
    with plots.style():
        assert matplotlib.rcParams["font.family"] == ["Noto Sans CJK SC"]
        assert matplotlib.rcParams["svg.fonttype"] == "none"
    assert matplotlib.rcParams["font.family"] == before


def test_cjk_font_is_the_noto_file_not_simhei():
    path = plots.font_file()
    assert path.name == "NotoSansCJKsc-Regular.otf" and path.is_file()
    plots.register_cjk_font()
    names = {f.fname for f in matplotlib.font_manager.fontManager.ttflist if f.name == "Noto Sans CJK SC"}
    assert str(path) in names
    assert not any("SimHei" in f for f in names)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_renders_without_missing_glyphs(frame, manifest, lang):
    fig = charts.compare_chart(frame, IND, lang=lang, manifest=manifest)
    text = all_text(fig)
    if lang == "zh":
        assert "养老机构护理型床位占比" in text and "赤峰市" in text and "资料来源" in text
    with plots.style():
        assert glyph_warnings(fig) == []


def test_glyph_check_would_catch_tofu():
    # the same kind of figure without the CJK font must warn: proves the check above can fail
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        fig.text(0.1, 0.5, "赤峰市民政局")
        found = glyph_warnings(fig)
    assert found and "missing from" in found[0]


def lines_of(data):
    return [(ln.jurisdiction, ln.group, None if ln.start is None else ln.start["value"],
             None if ln.target is None else (ln.target["value"], ln.target["comparator"])) for ln in data.lines]


def test_one_axis_rows_sorted_by_target_with_start_point(frame, manifest):
    data = charts.chart_points(frame, IND, plots.jurisdiction_order(manifest), manifest)
    got = lines_of(data)
    # sorted by target (65, then the two 55s: Chifeng's floor and Tongzhou's 50-60 midpoint, in manifest order)
    assert [g[0] for g in got] == ["wuhan", "chifeng", "tongzhou"]
    assert got[0] == ("wuhan", "current", 54.0, (65.0, "="))
    assert ("chifeng", "current", 40.0, (55.0, ">=")) in got
    assert data.not_reported == ["jining"]
    assert [r["jurisdiction"] for r in data.no_number] == ["xincheng"]
    assert list(data.points["ref"]) == list(range(1, len(data.points) + 1))


def test_sorting_flips_when_targets_flip(manifest):
    m = {x["jurisdiction"]: x for x in manifest}
    rows = [frame_row(m["wuhan"], "target", 2025, 30.0), frame_row(m["jining"], "target", 2025, 70.0)]
    data = charts.chart_points(pd.DataFrame(rows), IND, ["wuhan", "jining"], manifest)
    assert [ln.jurisdiction for ln in data.lines] == ["jining", "wuhan"]


def test_previous_plan_is_a_separate_group_and_its_result_starts_this_plan(manifest):
    m = {x["jurisdiction"]: x for x in manifest}
    rows = [frame_row(m["wuhan"], "baseline", 2015, 37.0, plan="13th-fyp"),
            frame_row(m["wuhan"], "target", 2020, 50.0, plan="13th-fyp"),
            frame_row(m["wuhan"], "actual", 2020, 48.0, plan="13th-fyp"),
            frame_row(m["wuhan"], "target", 2025, 55.0, plan="14th-fyp")]
    data = charts.chart_points(pd.DataFrame(rows), IND, ["wuhan"], manifest)
    assert lines_of(data) == [("wuhan", "current", 48.0, (55.0, "=")), ("wuhan", "previous", 37.0, (50.0, "="))]
    fig = charts.compare_chart(pd.DataFrame(rows), IND, lang="en", manifest=manifest, data=data)
    text = all_text(fig)
    assert "Previous plan (13th Five-Year Plan)" in text and "This plan" in text
    grey = [ln for ln in fig.axes[0].lines if matplotlib.colors.to_hex(ln.get_color()) == charts.GREY]
    assert grey, "the previous plan is drawn in grey, apart from this plan's colours"


def test_non_preferred_and_non_comparable_readings_stay_off_the_axis(manifest):
    m = {x["jurisdiction"]: x for x in manifest}
    rows = [frame_row(m["wuhan"], "target", 2025, 65.0),
            frame_row(m["wuhan"], "target", 2025, 64.0, method="prose", preferred=False),
            frame_row(m["tongzhou"], "baseline", 2015, 3.36, flags="denominator_suspect")]
    data = charts.chart_points(pd.DataFrame(rows), IND, ["wuhan", "tongzhou"], manifest)
    assert lines_of(data) == [("wuhan", "current", None, (65.0, "="))]
    assert [(r["value"], why) for r, why in data.excluded] == [(3.36, "denominator_suspect")]
    fig = charts.compare_chart(pd.DataFrame(rows), IND, lang="en", manifest=manifest, data=data)
    drawn = [x for ln in fig.axes[0].lines for x in ln.get_xdata()]
    assert 3.36 not in drawn and 64.0 not in drawn and 65.0 in drawn
    assert "Not comparable, not on the axis: Tongzhou (Beijing sub-centre) 3.36 (2015)" in all_text(fig)


def test_floors_ranges_and_derived_values_are_drawn_as_such(frame, manifest):
    fig = charts.compare_chart(frame, IND, lang="en", manifest=manifest)
    ax = fig.axes[0]
    markers = {ln.get_marker() for ln in ax.lines}
    assert ">" in markers  # Chifeng's ≥55: an arrow up the axis, not a point
    hollow = [ln for ln in ax.lines if ln.get_marker() == "D" and ln.get_markerfacecolor() == "white"]
    assert hollow  # Wuhan's derived 65
    bars = [ln for ln in ax.lines if ln.get_linewidth() >= 6]
    assert [list(b.get_xdata()) for b in bars] == [[50.0, 60.0]]  # Tongzhou's range
    labels = [t.get_text() for t in ax.texts]
    assert any(t.startswith("≥55 (2025)") for t in labels) and any(t.startswith("50–60 (2025)") for t in labels)


def test_labels_never_overlap_and_stay_inside_the_figure(manifest):
    m = {x["jurisdiction"]: x for x in manifest}
    # close values, equal start and target, a decrease, long names: the hard cases for labels
    rows = [frame_row(m["wuhan"], "baseline", 2020, 64.0), frame_row(m["wuhan"], "target", 2025, 65.0),
            frame_row(m["chifeng"], "baseline", 2020, 55.0), frame_row(m["chifeng"], "target", 2025, 55.0,
                                                                         comparator=">="),
            frame_row(m["tongzhou"], "baseline", 2020, 70.0), frame_row(m["tongzhou"], "target", 2025, 60.0),
            frame_row(m["jining"], "actual", 2020, 1.0), frame_row(m["jining"], "target", 2025, 99.0)]
    for lang in ("en", "zh"):
        fig = charts.compare_chart(pd.DataFrame(rows), IND, lang=lang, manifest=manifest)
        assert charts.overlaps(fig) == []
        width, height = fig.canvas.get_width_height()
        for text, box in charts.text_boxes(fig):
            assert box.x0 >= -1 and box.x1 <= width + 1 and box.y0 >= -1 and box.y1 <= height + 1, text


def test_overlap_check_can_fail():
    fig = Figure(figsize=(3, 2))
    fig.text(0.1, 0.5, "65 ≥65")
    fig.text(0.12, 0.5, "55 ≥55")
    assert charts.overlaps(fig) == [("65 ≥65", "55 ≥55")]


def test_units_written_once_and_correctly():
    assert charts.axis_label("‰", "1,000 residents", "en") == "per 1,000 residents"
    assert charts.axis_label("‰", "1,000 residents", "zh") == "每千名常住人口"
    assert charts.axis_label("%", "beds in elderly-care institutions", "en") == "% of beds in elderly-care institutions"
    assert charts.axis_label("张", "1,000 elderly", "en") == "beds per 1,000 elderly"
    assert charts.axis_label("元/人/月", "none", "en") == "yuan per person-month"
    assert charts.value_label(pd.Series({"value": 55.0, "value_low": None, "value_high": None,
                                         "comparator": ">="})) == "≥55"


def test_title_is_the_question_and_sources_name_only_documents_shown(frame, manifest):
    fig = charts.compare_chart(frame, IND, lang="en", manifest=manifest)
    text = all_text(fig).replace("\n  ", " ").replace("\n", " ")
    assert "where does each plan start, and what does it target?" in text
    assert "Wuhan Civil Affairs Bureau (2021)" in text and "Chifeng Civil Affairs Bureau (2022)" in text
    assert "Jining Civil Affairs Bureau" not in text  # Jining has no value: not a source of this chart
    assert "Not reported: Jining" in text
    assert "Level of government:" in text and "district of a municipality" in text


def test_zh_note_has_material_caveats_in_chinese_only(frame, manifest):
    fig = charts.compare_chart(frame, IND, lang="zh", manifest=manifest)
    foot = [t.get_text() for t in fig.texts if "注：" in t.get_text()][0]
    note = foot[foot.index("注："):]
    assert "下限(≥)" in note and "推算值" in note and "征求意见稿" in note
    assert not any(w in note for w in ("floor", "derived", "draft", "level", "year differs"))


def test_value_labels_link_to_their_evidence(frame, manifest):
    fig = charts.compare_chart(frame, IND, lang="en", manifest=manifest, link_prefix="ev-x")
    urls = sorted(t.get_url() for t in fig.axes[0].texts if t.get_url())
    data = charts.chart_points(frame, IND, plots.jurisdiction_order(manifest), manifest)
    drawn = data.points[data.points["role"] != "excluded"]
    assert urls == sorted(f"#ev-x-{r}" for r in drawn["ref"])


def test_save_is_deterministic_and_goes_to_the_configured_folder(frame, manifest, tmp_path, monkeypatch):
    monkeypatch.setenv("CMP_FIGURES_DIR", str(tmp_path / "ignored"))  # the library reads no environment
    fig = charts.compare_chart(frame, IND, lang="zh", manifest=manifest)
    name = plots.figure_name("compare", IND, ["wuhan", "chifeng"], "zh")
    assert name == "compare__elderly_care.nursing_bed_share__wuhan-chifeng__zh"
    first = plots.save_figure(fig, name, tmp_path / "env")
    assert [p.parent for p in first] == [tmp_path / "env"] * 2
    assert [p.suffix for p in first] == [".png", ".svg"]
    data = [p.read_bytes() for p in first]
    again = plots.save_figure(charts.compare_chart(frame, IND, lang="zh", manifest=manifest), name,
                              tmp_path / "param")
    assert [p.read_bytes() for p in again] == data  # byte-identical: no date, fixed SVG ids
    assert b"<dc:date>" not in data[1]
    assert not list((tmp_path / "env").glob(".*tmp"))
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
        charts.compare_chart(frame, IND, lang="fr", manifest=manifest)


def test_only_the_readmes_figures_are_committed():
    """figures/ is written by `make report`; committing more than the README's images would go stale."""
    import subprocess

    from .conftest import ROOT

    tracked = subprocess.run(["git", "ls-files", "figures"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    readme = (ROOT / "README.md").read_text("utf-8")
    assert tracked and all(f in readme for f in tracked)
    ignored = subprocess.run(["git", "check-ignore", "figures/compare__x__all__en.svg"], cwd=ROOT,
                             capture_output=True, text=True)
    assert ignored.returncode == 0, "charts other than the README's are ignored by git"


def test_small_multiples_share_both_axes_and_plot_preferred_readings_only(frame, manifest):
    from cmp.present import multiples

    m = {x["jurisdiction"]: x for x in manifest}
    extra = pd.DataFrame([frame_row(m["wuhan"], "target", 2025, 64.0, method="prose", preferred=False),
                          frame_row(m["jining"], "baseline", 2015, 20.0)])
    both = pd.concat([frame, extra], ignore_index=True)
    fig = multiples.small_multiples(both, IND, lang="en", manifest=manifest)
    axes = fig.axes
    assert [a.get_gid() for a in axes] == [f"panel-{j}" for j in plots.jurisdiction_order(manifest)]
    assert len({a.get_xlim() for a in axes}) == 1 and len({a.get_ylim() for a in axes}) == 1
    assert axes[0].get_xlim()[0] < 2015 < 2025 < axes[0].get_xlim()[1]  # Jining's 2015 widens every panel
    drawn = [y for a in axes for ln in a.lines for y in ln.get_ydata()]
    assert 64.0 not in drawn and 65.0 in drawn and 20.0 in drawn
    assert charts.overlaps(fig) == []


def test_mixed_scopes_stay_off_the_axis_unless_allowed_and_then_the_note_says_so(manifest):
    m = {x["jurisdiction"]: x for x in manifest}
    rows = pd.DataFrame([frame_row(m["wuhan"], "target", 2025, 65.0),
                         frame_row(m["xincheng"], "target", 2023, 60.0, comparator=">=")])
    rows["caveat_codes"] = ["", "mixed_scope;floor"]
    data = charts.chart_points(rows, IND, ["wuhan", "xincheng"], manifest)
    assert [ln.jurisdiction for ln in data.lines] == ["wuhan"]
    assert [why for _, why in data.excluded] == ["mixed_scope"]
    rows.attrs = {"allow_mixed": True, "caveats": [
        {"jurisdiction": "xincheng", "indicator": IND, "code": "mixed_scope",
         "details": {"denominator_en": "per unit", "denominator_zh": "每个单位", "common_en": "per bed",
                     "common_zh": "每张床位"}}]}
    allowed = charts.chart_points(rows, IND, ["wuhan", "xincheng"], manifest)
    assert [ln.jurisdiction for ln in allowed.lines] == ["wuhan", "xincheng"] and not allowed.excluded
    notes = " ".join(charts.note_items(allowed, {x["jurisdiction"]: x for x in manifest}, "en"))
    assert "per unit, not per bed" in notes
