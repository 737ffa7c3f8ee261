"""What a briefing page prints around each chart: the chart as inline SVG with alt text, its data as a CSV
download, the evidence of every plotted value (document, section, line, the sentence with the value
highlighted; inputs and formula for derived values), yearbook-style wide tables, indicator definitions and the
run record. Every document text is escaped here, before it reaches HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import CmpError
from . import charts, plots

NA = "…"  # the yearbook mark for "not reported"
CSV_COLUMNS = ["ref", "jurisdiction", "indicator", "kind", "year", "value", "value_low", "value_high", "comparator",
               "unit", "method", "plan", "doc", "locator", "line", "section", "quote", "context", "derived_from",
               "note", "flags", "row_id"]
WORDS = {
    "ref": ("No.", "序号"), "jurisdiction": ("Jurisdiction", "地区"), "what": ("Value", "数值"),
    "document": ("Document", "文件"), "where": ("Where", "位置"), "sentence": ("Sentence in the document", "原文语句"),
    "inputs": ("Computed from", "推算依据"), "formula": ("Formula", "算式"), "line": ("line", "第{n}行"),
    "notes": ("Notes", "注"), "sources": ("Sources", "资料来源"), "definitions": ("Indicator definitions", "指标解释"),
    "unit": ("unit", "单位"), "denominator": ("denominator", "分母"), "rendered": ("Rendered", "生成时间"),
    "version": ("cmp version", "cmp 版本"), "parameters": ("Parameters", "参数"),
    "data": ("Data read", "所读数据"), "cite": ("Cite as", "引用"), "record": ("Run record", "运行记录"),
    "table_title": ("{name} ({unit}), by jurisdiction", "{name}（{unit}），分地区"),
    "not_reported_note": ("… not reported.", "“…”表示未涉及。"),
    "comparator_note": ("≥ floor (at least), ≤ ceiling (at most); a range is written low–high.",
                        "≥为下限(不低于)，≤为上限(不超过)；区间写作“下限–上限”。"),
    "derived_note": ("† derived from printed values, not printed.", "†为推算值，非原文。"),
    "previous_note": ("Targets of the previous plan are marked ‡.", "‡为上一规划期目标。"),
}


def word(key: str, lang: str, **fields: object) -> str:
    """A fixed page word in `lang`."""
    en, zh = WORDS[key]
    return (zh if lang == "zh" else en).format(**fields)


def slug(text: str) -> str:
    """An HTML id fragment from an indicator id."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


# ---------------------------------------------------------------- the chart on the page


def svg_markup(fig, alt: str, chart_id: str) -> str:
    """The chart as inline SVG (text as text, set in the page's font) with role=img and the alt text as <title>."""
    with plots.style():
        raw = plots.figure_bytes(fig, "svg").decode("utf-8")
    svg = raw[raw.index("<svg"):]
    # ids of matplotlib's defs are per chart; prefix them so two charts on one page never share one
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{chart_id}-{m.group(1)}"', svg)
    svg = re.sub(r'(href|clip-path)="(url\()?#([^")]+)', lambda m: f'{m.group(1)}="{m.group(2) or ""}#'
                 f'{chart_id}-{m.group(3)}' if not m.group(3).startswith("ev-") else m.group(0), svg)
    title = f'<title id="{chart_id}-title">{html.escape(alt)}</title>'
    svg = re.sub(r"<svg\b", f'<svg role="img" aria-labelledby="{chart_id}-title"', svg, count=1)
    return svg.replace(">", ">" + title, 1) if ">" in svg else svg


def csv_bytes(points: pd.DataFrame) -> bytes:
    """The plotted rows with their sources as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
    cols = [c for c in CSV_COLUMNS if c in points.columns] or list(points.columns)
    buf = io.StringIO()
    points[cols].to_csv(buf, index=not (set(cols) & set(CSV_COLUMNS)), lineterminator="\n")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def csv_link(points: pd.DataFrame, name: str, lang: str) -> str:
    """A download link holding the chart's data as a data: URI."""
    b64 = base64.b64encode(csv_bytes(points)).decode("ascii")
    return (f'<p class="cmp-download"><a download="{html.escape(name)}.csv" '
            f'href="data:text/csv;charset=utf-8;base64,{b64}">{html.escape(charts.phrase("csv_download", lang))}'
            "</a></p>")


# ---------------------------------------------------------------- evidence


def highlighted(context: str, quote: str, offset: int | None) -> str:
    """The sentence escaped, with the quoted value wrapped in <mark> (found at `offset`, else by search)."""
    context, quote = str(context or ""), str(quote or "")
    if not context:
        return f"<mark>{html.escape(quote)}</mark>" if quote else ""
    at = offset if offset is not None and 0 <= offset and context[offset:offset + len(quote)] == quote else -1
    if at < 0 and quote:
        at = context.find(quote)
    if at < 0 or not quote:
        return html.escape(context if len(context) <= SENTENCE_MAX else context[:SENTENCE_MAX] + "…")
    lo, hi = sentence_bounds(context, at, at + len(quote))
    return ("…" * (lo > 0) + html.escape(context[lo:at]) + "<mark>" + html.escape(quote) + "</mark>"
            + html.escape(context[at + len(quote):hi]) + "…" * (hi < len(context)))


SENTENCE_END = "。；！？!?;\n"
SENTENCE_MAX = 160  # characters shown around a value when its sentence is longer


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of `text` holding [start, end), cut to about SENTENCE_MAX characters around it."""
    lo = max((text.rfind(c, 0, start) for c in SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(c, end) for c in SENTENCE_END) if i >= 0]
    hi = min(ends) + 1 if ends else len(text)
    room = max(SENTENCE_MAX - (end - start), 20)
    if hi - lo > SENTENCE_MAX:
        lo = max(lo, start - room // 2)
        hi = min(hi, end + room - (start - lo))
    return lo, hi


def _int(x: object) -> int | None:
    try:
        return None if x is None or pd.isna(x) or x == "" else int(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _text(x: object) -> str:
    """A cell as text: '' for None or NaN, whole numbers without '.0'."""
    if x is None or (isinstance(x, float) and x != x):
        return ""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def _sentence(r: pd.Series | dict) -> str:
    """The sentence (or table row) with the value highlighted; a table cell is led by its table and row label."""
    start, cstart = _int(r.get("start")), _int(r.get("context_start"))
    offset = start - cstart if start is not None and cstart is not None else None
    text = highlighted(str(r.get("context", "") or ""), str(r.get("quote", "") or ""), offset)
    if r.get("method") == "table":
        where = " ".join(_text(r.get(k)) for k in ("table", "row_no") if _text(r.get(k)))
        label = _text(r.get("label"))
        lead = " · ".join(x for x in (where, label) if x)
        return f"{html.escape(lead)} | {text}" if lead else text
    return text


def _where(r: pd.Series | dict, lang: str) -> str:
    parts = [str(r.get("section", "") or "")]
    loc = str(r.get("locator", "") or "")
    line = _int(r.get("line"))
    if loc:
        parts.append(loc if lang == "en" else re.sub(r"^line (\d+)$", lambda m: word("line", lang, n=m.group(1)), loc))
    elif line is not None:
        parts.append(word("line", lang, n=line) if lang == "zh" else f"line {line}")
    return html.escape(" · ".join(p for p in parts if p))


def _doc_cell(r: pd.Series | dict, metas: dict, lang: str) -> str:
    m = metas.get(str(r.get("jurisdiction", "")), {})
    title = m.get("title") if lang == "zh" else (m.get("title_en") or m.get("title"))
    doc = html.escape(str(r.get("doc", "")))
    return f'{html.escape(str(title or doc))}<br><span class="cmp-note">{doc}</span>'


def _jname(j: str, metas: dict, lang: str) -> str:
    return plots.jurisdiction_name(metas[j], lang) if j in metas else j


def _kind_year(r: pd.Series | dict, lang: str) -> str:
    from ..model import vocab

    kind = str(r.get("kind", ""))
    try:
        kind = vocab.text("kinds", kind, lang)
    except CmpError:  # an unknown kind is shown as its code
        pass
    year = _int(r.get("year"))
    return f"{year if year is not None else ''} {kind}".strip()


def evidence_html(data: charts.ChartData, table: pd.DataFrame, manifest: Sequence[dict], lang: str,
                  prefix: str) -> str:
    """The compact source table under a chart: one row per reference number, with an id the chart links to."""
    if data.points.empty:
        return ""
    metas = {m["jurisdiction"]: m for m in manifest}
    by_id = table.drop_duplicates("row_id").set_index("row_id") if len(table) else table
    head = "".join(f"<th>{html.escape(word(k, lang))}</th>" for k in ("ref", "what", "document", "where",
                                                                        "sentence"))
    body = []
    for _, p in data.points.iterrows():
        name = _jname(str(p["jurisdiction"]), metas, lang)
        value = html.escape(f"{_kind_year(p, lang)}: {charts.value_label(p)} {p['unit']}".strip())
        sentence = _sentence(p)
        if p["method"] == "derived":
            inputs = [i for i in str(p.get("derived_from", "") or "").split(";") if i]
            rows = []
            for i in inputs:
                if len(by_id) and i in by_id.index:
                    src = by_id.loc[i].to_dict() | {"row_id": i}
                    what = html.escape(f"{_kind_year(src, lang)} {charts.value_label(pd.Series(src))}")
                    rows.append(f"<li>{what} — {_where(src, lang)}: <span class=\"cmp-quote\">{_sentence(src)}</span>"
                                "</li>")
                else:
                    rows.append(f"<li>{html.escape(i)}</li>")
            sentence = (f"{html.escape(word('inputs', lang))}:<ul>{''.join(rows)}</ul>"
                        f'<div class="cmp-formula">{html.escape(str(p.get("note", "") or ""))}</div>')
        lab = {k: html.escape(word(k, lang), quote=True) for k in ("what", "document", "where", "sentence")}
        body.append(f'<tr id="{prefix}-{int(p["ref"])}"><td>{charts.ref_mark(int(p["ref"]))} '
                    f"{html.escape(str(name))}</td>"
                    f'<td data-label="{lab["what"]}">{value}</td>'
                    f'<td data-label="{lab["document"]}">{_doc_cell(p, metas, lang)}</td>'
                    f'<td data-label="{lab["where"]}">{_where(p, lang)}</td>'
                    f'<td class="cmp-quote" data-label="{lab["sentence"]}">{sentence}</td></tr>')
    caption = html.escape(charts.phrase("evidence", lang))
    return (f'<div class="cmp-scroll"><table class="cmp-evidence"><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


# ---------------------------------------------------------------- yearbook tables


def wide(frame: pd.DataFrame, indicator: str, manifest: Sequence[dict], lang: str = "en",
         codebook: pd.DataFrame | None = None, jurisdictions: Sequence[str] | None = None) -> pd.DataFrame:
    """Yearbook table of one indicator: jurisdiction × (year, kind), values as printed ('…' when not reported).

    Preferred readings only; ≥/≤ kept, a range as low–high, † for a derived value, ‡ for a previous plan's target.
    """
    rows = frame[frame["indicator"] == indicator]
    rows = charts._preferred(rows)
    order = plots.jurisdiction_order(manifest)
    metas = {m["jurisdiction"]: m for m in manifest}
    wanted = set(jurisdictions) if jurisdictions is not None else set(frame["jurisdiction"])
    juris = [j for j in order if j in wanted] or order
    kind_rank = {"baseline": 0, "actual": 1, "target": 2}
    cols = sorted({(int(y), str(k)) for y, k in zip(rows["year"], rows["kind"], strict=True) if pd.notna(y)},
                  key=lambda c: (c[0], kind_rank.get(c[1], 9)))
    several_scopes = rows["qualifier"].nunique() > 1 if "qualifier" in rows else False
    out = pd.DataFrame(NA, index=[plots.jurisdiction_name(metas[j], lang) if j in metas else j for j in juris],
                       columns=[f"{y} {_kind_year({'kind': k}, lang)}" for y, k in cols])
    for _, r in rows.iterrows():
        if pd.isna(r["year"]) or not (pd.notna(r["value"]) or pd.notna(r["value_low"])):
            continue
        name = _jname(str(r["jurisdiction"]), metas, lang)
        col = f"{int(r['year'])} {_kind_year({'kind': r['kind']}, lang)}"
        mark = "†" if r["method"] == "derived" else ""
        qual = f" ({r['qualifier']})" if str(r.get("qualifier", "") or "") and several_scopes else ""
        text = charts.value_label(r) + mark + qual
        cur = out.at[name, col]
        out.at[name, col] = text if cur == NA else f"{cur}; {text}"
    out = out.loc[:, [c for c in out.columns if (out[c] != NA).any()]]  # a column of "…" only says nothing
    out.index.name = word("jurisdiction", lang)
    return out


def wide_table(indicator: str, jurisdictions: object = None, lang: str = "en", table: pd.DataFrame | None = None,
               **options: object) -> pd.DataFrame:
    """`cmp.wide`: the yearbook table of one indicator from cmp.compare (same jurisdictions, years=, allow_mixed=)."""
    from .compare import compare
    from .views import load_codebook

    frame = compare([indicator], jurisdictions, table=table, **options)  # type: ignore[arg-type]
    return wide(frame, indicator, plots.load_manifest(), plots.check_lang(lang), load_codebook())


def wide_html(table: pd.DataFrame, indicator: str, lang: str, codebook: pd.DataFrame | None,
              sources: Sequence[str]) -> str:
    """A wide table as a yearbook prints it: unit in the title, numbers right-aligned, 注 and 资料来源 under it."""
    info = charts._codebook_row(codebook, indicator)
    unit = charts.axis_label(str(info.get("unit", "") or ""), str(info.get("denominator", "") or ""), lang)
    title = word("table_title", lang, name=plots.indicator_title(indicator, lang, codebook), unit=unit)
    head = f"<th>{html.escape(str(table.index.name or ''))}</th>" + "".join(
        f'<th class="num">{html.escape(str(c))}</th>' for c in table.columns)
    body = []
    for name, row in table.iterrows():
        cells = "".join(f'<td class="{"na" if v == NA else "num"}">{html.escape(str(v))}</td>' for v in row)
        body.append(f"<tr><th scope=\"row\">{html.escape(str(name))}</th>{cells}</tr>")
    notes = [word("not_reported_note", lang), word("comparator_note", lang)]
    if any("†" in str(v) for v in table.to_numpy().ravel()):
        notes.append(word("derived_note", lang))
    colon = "：" if lang == "zh" else ": "
    return (f'<div class="cmp-scroll"><table class="cmp-wide"><caption>{html.escape(title)}</caption><thead><tr>'
            f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
            f'<p class="cmp-tablenote">{html.escape(word("notes", lang))}{colon}{html.escape(" ".join(notes))}<br>'
            f'{html.escape(word("sources", lang))}{colon}{html.escape(("；" if lang == "zh" else "; ").join(sources))}'
            "</p>")


def definitions_html(indicators: Sequence[str], codebook: pd.DataFrame, lang: str) -> str:
    """The 指标解释 section: each indicator's name, definition, unit, denominator and scope."""
    items = []
    for ind in indicators:
        info = charts._codebook_row(codebook, ind)
        lines = charts.subtitle(ind, lang, codebook, [], {})[0]
        unit = charts.axis_label(str(info.get("unit", "") or ""), str(info.get("denominator", "") or ""), lang)
        items.append(f"<dt>{html.escape(plots.indicator_title(ind, lang, codebook))}</dt>"
                     f"<dd>{html.escape(lines)} {html.escape(word('unit', lang))}{'：' if lang == 'zh' else ': '}"
                     f"{html.escape(unit)}. <code>{html.escape(ind)}</code></dd>")
    return (f'<h2 id="definitions">{html.escape(word("definitions", lang))}</h2>'
            f'<dl class="cmp-defs">{"".join(items)}</dl>')


# ---------------------------------------------------------------- run record


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tidy_file(tidy_dir: str | Path | None) -> Path:
    """The file cmp.load reads from `tidy_dir`: indicators.parquet when present, else indicators.csv."""
    folder = Path(tidy_dir) if tidy_dir else paths.tidy_dir()
    pq = folder / "indicators.parquet"
    return pq if pq.is_file() else folder / "indicators.csv"


def git_commit(root: Path | None = None) -> str:
    """The checkout's commit (short), with '+changes' when the tree differs; 'unknown' outside git."""
    root = root or paths.project_root()
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True,
                             timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return sha + ("+changes" if dirty else "")


def run_record_html(title: str, params: dict, tidy_dir: str | Path | None, lang: str,
                    now: datetime | None = None) -> str:
    """The page's last lines: when, cmp version and commit, the parameters, the sha256 of the table, a citation."""
    from .. import __version__

    now = now or datetime.now(UTC)
    stamp = now.strftime("%Y-%m-%d %H:%M UTC")
    path = tidy_file(tidy_dir)
    sha = file_sha256(path) if path.is_file() else "missing"
    commit = git_commit()
    shown = ", ".join(f"{k}={v!r}" for k, v in params.items())
    try:
        rel = path.resolve().relative_to(paths.project_root())
    except ValueError:
        rel = path.name
    colon = "：" if lang == "zh" else ": "
    cite = (f"cmp {__version__} ({commit}), “{title}”, {stamp}; data {rel} sha256 {sha[:16]}…" if lang == "en" else
            f"cmp {__version__}（{commit}），《{title}》，{stamp}；数据 {rel} sha256 {sha[:16]}…")
    items = [(word("rendered", lang), stamp), (word("version", lang), f"{__version__} · {commit}"),
             (word("parameters", lang), shown), (word("data", lang), f"{rel} · sha256 {sha}"),
             (word("cite", lang), cite)]
    lines = "<br>".join(f"{html.escape(k)}{colon}<code>{html.escape(v)}</code>" for k, v in items)
    return f'<footer class="cmp-record"><strong>{html.escape(word("record", lang))}</strong><br>{lines}</footer>'
