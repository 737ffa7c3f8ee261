"""Briefings: check notebook parameters, shape what the notebooks show, and render params/*.yaml to offline HTML.

Three parts, used in this order by `cmp report`:
1. parameters: `validate_params` (the second cell of every notebook) stops a run with the valid choices;
2. views: pure functions over the tidy table that the notebooks display (coverage, profile, flags, conflicts...),
   and `show_*` helpers that escape every document text before it reaches HTML;
3. running: `run_reports` executes each briefing with papermill in its own process, under an outer timeout, and
   writes `<output>.html` (code hidden, nothing loaded from other hosts) beside the executed `<output>.ipynb`.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import CmpError
from ..model import vocab
from ..model.checks import split_flags
from ..model.vocab import check_lang
from .formatting import COMPARATOR_SIGN, format_number, format_value

NOTEBOOKS = ("overview", "compare", "profile", "quality")
KIND_ORDER = {"baseline": 0, "actual": 1, "target": 2}

NO_DATA = {
    "en": "No values for {name} ({id}) in the selected documents: none of them reports it.",
    "zh": "所选文件均未给出“{name}”({id})的数值。",
}


# ================================================================ 1. parameters


def load_codebook() -> pd.DataFrame:
    """The indicator codebook (id, name_zh, name_en, domain, unit, denominator, direction, definition)."""
    try:
        from ..model.codebook import load_codebook as _load
    except ImportError as exc:
        raise CmpError(f"the indicator codebook (cmp.model.codebook) is not available: {exc}") from None
    cb = _load()
    return cb.fillna("") if hasattr(cb, "fillna") else cb


def load_manifest(raw_dir: str | Path | None = None) -> list[dict]:
    """The manifest entries in manifest order (the order of every chart and table)."""
    from .plots import load_manifest as _load

    return _load(raw_dir)


def load_table(tidy_dir: str | Path | None = None) -> pd.DataFrame:
    """The tidy indicator table from `tidy_dir` ('' or None: data/tidy/)."""
    from ..model.tidy import load

    return load(tidy_dir or None)


def prepare_table(table: pd.DataFrame) -> pd.DataFrame:
    """The tidy table with text columns as text: it is already prepared by the build (mapped, checked, derived,
    reconciled; cmp.build.prepare), so nothing is mapped or derived again here."""
    out = table.copy()
    for col in ("indicator", "label", "qualifier", "unit", "flags", "method", "kind", "quote", "note", "comparator",
                "attribute", "value_text", "doc", "jurisdiction"):
        out[col] = out[col].astype(object).where(out[col].notna(), "").astype(str)
    return out


def _suggest(bad: str, valid: Sequence[str]) -> str:
    close = difflib.get_close_matches(bad, list(valid), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_jurisdictions(value: object, manifest: Sequence[dict], *, many: bool = True) -> list[str]:
    """Jurisdiction ids ('all', one id or a list) in manifest order; unknown ids raise with the valid ones."""
    order = [m["jurisdiction"] for m in manifest]
    name = "jurisdictions" if many else "jurisdiction"
    valid = ", ".join(order) + (", or 'all'" if many else "")
    if many and value == "all":
        return order
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, (list, tuple)) and many and all(isinstance(v, str) for v in value):
        items = list(value)
    else:
        raise CmpError(f"parameter {name} is {value!r}; expected {'a list of ids or ' if many else ''}one of: {valid}")
    bad = [v for v in items if v not in order]
    if bad:
        hint = _suggest(bad[0], order)
        raise CmpError(f"parameter {name}: unknown jurisdiction id {', '.join(map(repr, bad))}{hint}; "
                       f"valid choices: {valid}")
    if not items:
        raise CmpError(f"parameter {name} is empty; valid choices: {valid}")
    return [j for j in order if j in set(items)]


def check_indicators(value: object, codebook: pd.DataFrame) -> list[str]:
    """Indicator ids (one id or a list), as given; ids not in the codebook raise with the valid ones."""
    ids = [str(i) for i in codebook["id"]]
    valid = ", ".join(ids)
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        items = list(value)
    else:
        raise CmpError(f"parameter indicators is {value!r}; expected a non-empty list of indicator ids: {valid}")
    bad = [v for v in items if v not in set(ids)]
    if bad:
        hint = _suggest(bad[0], ids)
        raise CmpError(f"parameter indicators: unknown indicator id {', '.join(map(repr, bad))}{hint}; "
                       f"valid indicator ids (see `cmp codebook`): {valid}")
    return list(dict.fromkeys(items))


def refuse_undeclared(names: object, declared: set[str]) -> None:
    """Stop a notebook run that was given a parameter its `parameters` cell does not declare.

    The parameters cell ends with `_declared = set(globals())`; papermill's injected cell runs next, so any new
    public name at the validation cell is a parameter nobody declared (papermill itself only warns).
    """
    unknown = sorted(n for n in set(names) - set(declared) if not n.startswith("_"))  # type: ignore[arg-type]
    if unknown:
        known = sorted(n for n in declared if not n.startswith("_") and n not in _KERNEL_NAMES)
        raise CmpError(f"unknown parameter(s) {', '.join(unknown)}; this notebook takes: {', '.join(known)}")


_KERNEL_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}


def validate_params(notebook: str, *, root: str | Path | None = None, **params: object) -> dict:
    """Check a notebook's parameters and return them cleaned; a wrong one raises CmpError listing valid choices.

    Knows lang, indicators, jurisdictions ('all' or ids), jurisdiction (one id), tidy_dir and figures_dir. The
    manifest and the default table are those of the project `root` (default: the one holding the working folder,
    which for a briefing run by `cmp report` is the project's notebooks/).
    The result adds `manifest`, `codebook`, `table` (the tidy table as loaded, for cmp.compare) and `prepared`
    (labels mapped, derived rows added: what the other views read) for the notebook to use.
    """
    kind = Path(notebook).stem
    if kind not in NOTEBOOKS:
        raise CmpError(f"unknown notebook {notebook!r}; valid: {', '.join(NOTEBOOKS)}")
    out: dict = dict(params)
    if "lang" in params:
        out["lang"] = check_lang(params["lang"], "parameter lang")
    manifest = load_manifest(paths.raw_dir(root))
    out["manifest"] = manifest
    if "jurisdictions" in params:
        out["jurisdictions"] = check_jurisdictions(params["jurisdictions"], manifest, many=True)
    if "jurisdiction" in params:
        out["jurisdiction"] = check_jurisdictions(params["jurisdiction"], manifest, many=False)[0]
    codebook = load_codebook()
    out["codebook"] = codebook
    if "indicators" in params:
        out["indicators"] = check_indicators(params["indicators"], codebook)
    for key in ("tidy_dir", "figures_dir"):
        if key in params and not isinstance(params[key], str):
            raise CmpError(f"parameter {key} is {params[key]!r}; expected a folder path as text ('' for the default)")
    tidy = str(params.get("tidy_dir") or "")
    if tidy and not Path(tidy).is_dir():
        raise CmpError(f"parameter tidy_dir: folder {tidy!r} not found; expected a folder holding indicators.csv")
    out["table"] = load_table(tidy or paths.tidy_dir(root))
    out["prepared"] = prepare_table(out["table"])
    return out


# ================================================================ 2. views (pure functions over the tidy table)


def domain_text(domain: str, lang: str) -> str:
    """A codebook domain's display name in `lang` (vocab.yaml domains)."""
    from .plots import domain_text as _domain_text  # matplotlib is loaded only when a view needs it

    return _domain_text(domain, lang)


def _name(meta: dict, lang: str) -> str:
    return meta["name_zh"] if lang == "zh" else meta["name_en"]


def _namer(group: str, lang: str) -> Callable[[str], str]:
    """code -> its name in the page language from the one vocabulary (the code when unknown; '' for ''); the
    group is read once, not once per row."""
    names = vocab.pairs(group)
    return lambda code: _pick(names.get(code, (code, code)), lang) if code else ""


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def localize(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with column headers in `lang` (columns without a known header keep their name)."""
    headers = vocab.pairs("headers")
    return df.rename(columns={c: _pick(headers[c], lang) for c in df.columns if c in headers})


def indicator_names(codebook: pd.DataFrame, lang: str) -> dict[str, str]:
    """Indicator id -> display name in `lang`."""
    col = "name_zh" if lang == "zh" else "name_en"
    return {str(r["id"]): str(r[col] or r["id"]) for _, r in codebook.iterrows()}


def _domain_order(codebook: pd.DataFrame) -> dict[str, int]:
    return {d: i for i, d in enumerate(dict.fromkeys(str(d) for d in codebook["domain"]))}


def documents_frame(manifest: Sequence[dict], table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The corpus: one row per document with its level, kind, period, date and how many values were read."""
    rows = []
    for m in manifest:
        sub = table[table["jurisdiction"] == m["jurisdiction"]]
        printed = sub[sub["method"] != "derived"]
        rows.append(
            {
                "jurisdiction": m["jurisdiction"],
                "name": _name(m, lang),
                "level": m["level"],
                "doc_kind": m["doc_kind"],
                "period": m["period"],
                "published": m["published"],
                "title": m["title"] if lang == "zh" else f"{m.get('title_en', '')} ({m['title']})",
                "publisher": m["publisher"] if lang == "zh" else m.get("publisher_en") or m["publisher"],
                "values": len(printed),
                "derived": int((sub["method"] == "derived").sum()),
                "indicators": sub.loc[sub["indicator"] != "", "indicator"].nunique(),
                "unmapped": int((printed["indicator"] == "").sum()),
            }
        )
    return pd.DataFrame(rows)


def coverage_matrix(table: pd.DataFrame, codebook: pd.DataFrame, manifest: Sequence[dict],
                    reported_only: bool = True) -> pd.DataFrame:
    """Codebook indicators × jurisdictions: the kinds of value (';'-joined) each document prints, by domain.

    With `reported_only` the indicators no document reports are left out (count them with not_reported()).
    """
    order = [m["jurisdiction"] for m in manifest]
    mapped = table[(table["indicator"] != "") & (table["method"] != "derived")]  # printed values only
    kinds = mapped.groupby(["indicator", "jurisdiction"])["kind"].agg(
        lambda s: ";".join(sorted(set(s), key=lambda k: KIND_ORDER.get(k, 9)))
    )
    rows = []
    dom = _domain_order(codebook)
    cb = codebook.assign(_d=codebook["domain"].map(dom)).sort_values("_d", kind="stable")
    for _, r in cb.iterrows():
        row = {"domain": r["domain"], "indicator": r["id"], "name_en": r["name_en"], "name_zh": r["name_zh"]}
        for j in order:
            row[j] = kinds.get((r["id"], j), "")
        if not reported_only or any(row[j] for j in order):
            rows.append(row)
    return pd.DataFrame(rows, columns=["domain", "indicator", "name_en", "name_zh", *order])


def not_reported(table: pd.DataFrame, codebook: pd.DataFrame) -> list[str]:
    """Codebook indicator ids that no document in `table` reports."""
    have = set(table["indicator"])
    return [str(i) for i in codebook["id"] if i not in have]


def coverage_table(coverage: pd.DataFrame, manifest: Sequence[dict], lang: str = "en") -> pd.DataFrame:
    """The coverage matrix for reading: indicator names in `lang`, cells as B/T/A (基/目/实) letters."""
    letters = {"baseline": ("B", "基"), "target": ("T", "目"), "actual": ("A", "实")}
    out = pd.DataFrame(
        {
            "domain": coverage["domain"].map(lambda d: domain_text(str(d), lang)),
            "indicator": coverage["name_zh" if lang == "zh" else "name_en"],
            "indicator_id": coverage["indicator"],
        }
    )
    for m in manifest:
        j = m["jurisdiction"]
        if j in coverage.columns:
            out[_name(m, lang)] = [
                " ".join(_pick(letters[k], lang) for k in split_flags(c) if k in letters) for c in coverage[j]
            ]
    return out


def flag_counts(table: pd.DataFrame, manifest: Sequence[dict], total: bool = False) -> pd.DataFrame:
    """Flag × jurisdiction: how many values carry each flag (most frequent flag first)."""
    order = [m["jurisdiction"] for m in manifest]
    pairs = [(f, j) for j, fl in zip(table["jurisdiction"], table["flags"], strict=True) for f in split_flags(fl)]
    if not pairs:
        out = pd.DataFrame(columns=order, dtype="int64")
    else:
        long = pd.DataFrame(pairs, columns=["flag", "jurisdiction"])
        out = pd.crosstab(long["flag"], long["jurisdiction"]).reindex(columns=order, fill_value=0)
        out = out.loc[out.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    out.index.name = "flag"
    out.columns.name = None
    if total:
        out["total"] = out.sum(axis=1)
    return out.astype("int64")


def _source(row: pd.Series) -> str:
    line = row.get("line")
    return f"{row['doc']}:{line}" if pd.notna(line) else str(row["doc"])


def _names_frame(rows: pd.DataFrame, manifest: Sequence[dict], codebook: pd.DataFrame | None, lang: str):
    names = {m["jurisdiction"]: _name(m, lang) for m in manifest}
    ind = indicator_names(codebook, lang) if codebook is not None else {}
    return names, ind


def flagged_rows(table: pd.DataFrame, manifest: Sequence[dict], codebook: pd.DataFrame | None = None,
                 lang: str = "en", flag: str | None = None) -> pd.DataFrame:
    """Every value with a flag (or with `flag`), in manifest order, with its source line and quote."""
    names, ind = _names_frame(table, manifest, codebook, lang)
    has = table["flags"].map(lambda s: flag in split_flags(s) if flag else bool(split_flags(s)))
    sub = _sorted(table[has], manifest)
    return pd.DataFrame(
        {
            "jurisdiction": sub["jurisdiction"].map(names),
            "indicator": [ind.get(i, i) if i else "—" for i in sub["indicator"]],
            "label": sub["label"],
            "kind": sub["kind"].map(_namer("kinds", lang)),
            "year": sub["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
            "value": [format_value(r) for _, r in sub.iterrows()],
            "unit": sub["unit"],
            "method": sub["method"].map(_namer("methods", lang)),
            "flags": sub["flags"].map(lambda s: ", ".join(split_flags(s))),
            "source": [_source(r) for _, r in sub.iterrows()],
            "quote": sub["quote"],
            "note": sub["note"],
        }
    )


def _sorted(rows: pd.DataFrame, manifest: Sequence[dict]) -> pd.DataFrame:
    pos = {m["jurisdiction"]: i for i, m in enumerate(manifest)}
    return rows.assign(
        _j=rows["jurisdiction"].map(pos), _k=rows["kind"].map(lambda k: KIND_ORDER.get(k, 9))
    ).sort_values(["_j", "indicator", "label", "year", "_k", "line"], kind="stable", na_position="last")


def conflicts(table: pd.DataFrame, manifest: Sequence[dict], codebook: pd.DataFrame | None = None,
              lang: str = "en") -> pd.DataFrame:
    """Values flagged `conflict` (the table and the text disagree), grouped so each pair sits together."""
    return flagged_rows(table, manifest, codebook, lang, flag="conflict")


def flag_glossary(flags: Sequence[str], lang: str = "en") -> pd.DataFrame:
    """What each flag means, for the flags given (unknown flags are listed without a meaning)."""
    meanings = vocab.pairs("flags")
    rows = [{"flag": f, "meaning": _pick(meanings[f], lang) if f in meanings else ""} for f in flags]
    return pd.DataFrame(rows, columns=["flag", "meaning"])


def unmapped_labels(table: pd.DataFrame, manifest: Sequence[dict], lang: str = "en") -> pd.DataFrame:
    """Printed labels the codebook does not map (known non-indicators excluded): count, lines, an example quote."""
    from ..model.codebook import label_key, unmapped_ok

    ok = set(unmapped_ok())
    sub = table[(table["indicator"] == "") & (table["method"] != "derived") & (table["label"].str.strip() != "")]
    sub = _sorted(sub[~sub["label"].map(label_key).isin(ok)], manifest)
    names = {m["jurisdiction"]: _name(m, lang) for m in manifest}
    rows = []
    for (j, label), grp in sub.groupby(["jurisdiction", "label"], sort=False):
        lines = sorted({int(x) for x in grp["line"] if pd.notna(x)})
        rows.append(
            {
                "jurisdiction": names.get(j, j),
                "label": label,
                "count": len(grp),
                "lines": ", ".join(map(str, lines)),
                "example": str(grp["quote"].iloc[0]),
            }
        )
    return pd.DataFrame(rows, columns=["jurisdiction", "label", "count", "lines", "example"])


def profile_values(table: pd.DataFrame, jurisdiction: str, codebook: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Every value of one document, grouped by domain (unmapped labels last), with flags and source quotes."""
    sub = table[table["jurisdiction"] == jurisdiction]
    dom = _domain_order(codebook)
    domains = dict(zip(codebook["id"], codebook["domain"], strict=True))
    names = indicator_names(codebook, lang)
    unmapped = "(unmapped)" if lang == "en" else "(未对应指标)"
    d = sub["indicator"].map(lambda i: domains.get(i, unmapped) if i else unmapped)
    sub = sub.assign(
        _domain=d,
        _d=d.map(lambda x: dom.get(x, len(dom))),
        _k=sub["kind"].map(lambda k: KIND_ORDER.get(k, 9)),
    ).sort_values(["_d", "indicator", "label", "qualifier", "year", "_k"], kind="stable")
    return pd.DataFrame(
        {
            "domain": sub["_domain"].map(lambda x: domain_text(str(x), lang)),
            "indicator": [names.get(i, i) if i else "—" for i in sub["indicator"]],
            "label": sub["label"],
            "qualifier": sub["qualifier"],
            "kind": sub["kind"].map(_namer("kinds", lang)),
            "year": sub["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
            "value": [format_value(r) for _, r in sub.iterrows()],
            "unit": sub["unit"],
            "attribute": sub["attribute"].map(_namer("attributes", lang)),
            "method": sub["method"].map(_namer("methods", lang)),
            "flags": sub["flags"].map(lambda s: ", ".join(split_flags(s))),
            "source": [_source(r) for _, r in sub.iterrows()],
            "quote": sub["quote"],
        }
    )


def annual_changes(table: pd.DataFrame, jurisdiction: str, codebook: pd.DataFrame | None = None,
                   lang: str = "en") -> pd.DataFrame:
    """Implied annual change from each baseline to its target, as derive computed it (cmp.model.derive.change_table).

    The pages never recompute it: points per year for % and ‰, compound growth for counts and levels; a ≥ target
    gives a minimum change (comparator ≥), a ≤ target a maximum.
    """
    from ..model.derive import change_table

    rows = change_table(table, jurisdiction)
    cols = ["domain", "indicator", "label", "qualifier", "unit", "baseline_year", "baseline", "target_year", "target",
            "change_per_year", "flags", "note"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    names = indicator_names(codebook, lang) if codebook is not None else {}
    dom = _domain_order(codebook) if codebook is not None else {}
    domains = dict(zip(codebook["id"], codebook["domain"], strict=True)) if codebook is not None else {}
    sign = COMPARATOR_SIGN
    out = pd.DataFrame({
        "_d": rows["indicator"].map(lambda i: dom.get(domains.get(i, ""), len(dom))),
        "domain": rows["indicator"].map(lambda i: domain_text(domains.get(i, ""), lang) if i else "—"),
        "indicator": rows["indicator"].map(lambda i: names.get(i, i) or "—"),
        "label": rows["label"],
        "qualifier": rows["qualifier"],
        "unit": rows["unit"],
        "baseline_year": rows["baseline_year"].astype(str),
        "baseline": rows["baseline"].map(format_number),
        "target_year": rows["target_year"].astype(str),
        "target": [sign.get(str(c), "") + format_number(v) for v, c in zip(rows["target"], rows["target_comparator"],
                                                                           strict=True)],
        "change_per_year": [f"{sign.get(str(c), '')}{format_number(round(float(v), 2))} {u}"
                            for v, c, u in zip(rows["change"], rows["comparator"], rows["change_unit"], strict=True)],
        "flags": rows["flags"].map(lambda f: ", ".join(split_flags(f))),
        "note": rows["note"],
    })
    return out.sort_values("_d", kind="stable")[cols].reset_index(drop=True)


# ---------------------------------------------------------------- showing (everything escaped)


_NUMBER = re.compile(r"^[≥≤]?-?[\d,]+(\.\d+)?(–[\d,]+(\.\d+)?)?( \S+)?$")


def table_html(df: pd.DataFrame, lang: str = "en") -> str:
    """A frame as an HTML table with headers in `lang`, numbers right-aligned; every cell escaped."""
    shown = localize(df, lang).fillna("")
    numeric = [bool(len(shown)) and all(_NUMBER.match(str(v)) or str(v) in ("", "…") for v in shown[c])
               and any(str(v) for v in shown[c]) for c in shown.columns]
    num = ' class="num"'
    head = "".join(f'<th{num if n else ""}>{html.escape(str(c))}</th>' for c, n in zip(shown.columns, numeric,
                                                                                          strict=True))
    rows = []
    for values in shown.itertuples(index=False):
        cells = "".join(f'<td{num if n else ""}>{html.escape(str(v))}</td>' for v, n in zip(values, numeric,
                                                                                            strict=True))
        rows.append(f"<tr>{cells}</tr>")
    return (f'<div class="cmp-scroll"><table class="cmp-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def show_table(df: pd.DataFrame, lang: str = "en", empty: str | None = None) -> None:
    """Display a frame in a notebook (escaped); `empty` is said instead when it has no rows."""
    from IPython.display import HTML, display

    if df.empty:
        show_note(empty or ("none" if lang == "en" else "无"))
        return
    display(HTML(table_html(df, lang)))


def show_heading(text: str, level: int = 2) -> None:
    """Display an escaped heading."""
    from IPython.display import HTML, display

    display(HTML(f"<h{level}>{html.escape(str(text))}</h{level}>"))


def show_note(text: str, css: str = "cmp-note") -> None:
    """Display an escaped paragraph (line breaks kept)."""
    from IPython.display import HTML, display

    body = "<br>".join(html.escape(line) for line in str(text).splitlines())
    display(HTML(f'<p class="{css}">{body}</p>'))


def no_data_note(indicator: str, codebook: pd.DataFrame, lang: str) -> str:
    """What a briefing says instead of a chart when no selected document reports the indicator."""
    return NO_DATA[lang].format(name=indicator_names(codebook, lang).get(indicator, indicator), id=indicator)


