"""The indicator codebook: canonical ids (codebook.yaml) and the mapping from document labels to them.

Labels are matched on a *label key* (Simplified, folded, no spaces, quotes or trailing unit) so that the
Traditional-script and full-width variants of a label map alike. Matching is exact (synonyms), conditional on
the row's qualifier or unit (城乡低保标准 + 城市 -> urban standard), or by anchored regex; it is never greedy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .. import yamlio
from ..errors import CmpError
from ..extract.numbers import canonical_unit
from ..extract.scope_vocab import vocab as scope_vocab
from ..ingest.normalize import FOLD_TABLE, to_simplified
from . import vocab

CODEBOOK_PATH = Path(__file__).with_name("codebook.yaml")
def domains() -> tuple[str, ...]:
    """The indicator domains, in the order of vocab.yaml (one list for the codebook and the briefings)."""
    return tuple(vocab.codes("domains"))


DIRECTIONS = ("higher_is_better", "lower_is_better", "neutral")
REQUIRED_FIELDS = ("id", "name_zh", "name_en", "domain", "unit", "denominator", "scope", "direction", "definition")
OPTIONAL_FIELDS = ("synonyms", "patterns", "conditional", "equivalent_units", "notes")
REQUIRED_IDS = (
    "elderly_care.nursing_bed_share",
    "elderly_care.beds_total",
    "elderly_care.nursing_beds",
    "elderly_care.beds_per_1000_elderly",
    "elderly_care.beds_per_1000_residents",
    "social_assistance.dibao_urban_standard",
    "social_assistance.dibao_rural_standard",
    "social_assistance.dibao_rural_urban_ratio",
    "social_work.professionals_total",
    "social_work.professionals_per_1000_residents",
    "community.service_facility_area_per_100_households",
)
# ids of derived average annual changes are `<base id><CHANGE_SUFFIX>` (see cmp.model.derive)
CHANGE_SUFFIX = ".avg_annual_change"
CODEBOOK_COLUMNS = [*REQUIRED_FIELDS, "synonyms", "patterns", "conditional", "equivalent_units"]

_ID_RE = re.compile(r"^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)$")
# units of one family measure the same kind of thing; a label is not mapped across families
_FAMILIES = {
    "share": ("%", "‰", "倍"),
    "people": ("人", "人次"),
    "beds": ("张",),
    "households": ("户",),
    "things": ("个", "家", "所", "处", "座", "项", "条"),
    "money": ("元",),
    "money_rate": ("元/人/月", "元/月", "元/年", "元/人/年"),
    "area": ("㎡", "亩"),
    "time": ("年", "岁"),
}
_FAMILY_OF = {u: fam for fam, units in _FAMILIES.items() for u in units}
_QUOTES = "“”‘’\"'「」『』〝〞"
_LEADING_MARKS = "*※★☆#"
_SPACES_RE = re.compile(r"\s+")
# fold every character (cmp.ingest.normalize.fold_char) and drop quotes, folded ones too (＂ -> " -> dropped)
_FOLD_DROP_QUOTES = {**FOLD_TABLE, **{k: None for k, v in FOLD_TABLE.items() if v and v in _QUOTES},
                     **dict.fromkeys(map(ord, _QUOTES))}
_TRAILING_UNIT_RE = re.compile(r"\(([^()]{1,8})\)?$")
# scope and time words around a label that do not change what it measures (全市养老床位 = 养老床位)
_PERIOD = r"十[一二三四五六七]五"
_SV = scope_vocab()  # the plan's own jurisdiction words and the 各 rule live in extract/scope_vocab.yaml
_SCOPE_WORDS = "|".join((*map(re.escape, _SV.words("jurisdiction")),
                         rf"{re.escape(_SV.each_prefix)}(?![{re.escape(_SV.each_not_before)}])"))
_LEADING_WORDS_RE = re.compile(rf"^(?:{_SCOPE_WORDS}|{_PERIOD}(?:末|期间|时期|以来)?)")
_CONNECTIVE = "(?:提高|提升|增加|达到)?(?:每人每月)?(?:到|至)"
_TRAILING_WORDS_RE = re.compile(rf"(?:由?{_PERIOD}(?:末|期间|时期)?|由|{_CONNECTIVE})$")


def label_key(label: object) -> str:
    """The form labels are matched in: Simplified, folded; no spaces, quotes, leading *, trailing (unit).

    Also dropped: a leading scope word (全市, 全区, 我市, 各 ...) or plan period (十三五末), and a trailing plan period
    or connective (由, 到, 至, 提高每人每月至) that running text leaves on a label; never a content word.
    """
    return _label_key("" if label is None or (isinstance(label, float) and pd.isna(label)) else str(label))


@lru_cache(maxsize=1 << 16)
def _label_key(s: str) -> str:
    # remembered: qualifiers, units and labels repeat across the rows of a table and across years
    s = _SPACES_RE.sub("", to_simplified(s).translate(_FOLD_DROP_QUOTES))
    s = s.lstrip(_LEADING_MARKS)
    m = _TRAILING_UNIT_RE.search(s)
    if m and m.start() > 0 and canonical_unit(m.group(1)) is not None:
        s = s[: m.start()]
    for rx in (_LEADING_WORDS_RE, _LEADING_WORDS_RE, _TRAILING_WORDS_RE):  # 全市各… needs two leading passes
        m = rx.search(s)
        if m and m.group(0) and len(s) - len(m.group(0)) >= 2:
            s = s[: m.start()] + s[m.end():]
    return s


def canonical_unit_of(unit: object) -> str:
    """A written or canonical unit in canonical form ('万张' -> '张', '平方米' -> '㎡'); unknown units unchanged."""
    u = "" if unit is None or (isinstance(unit, float) and pd.isna(unit)) else str(unit).strip()
    if not u:
        return ""
    cu = canonical_unit(u)
    return cu[0] if cu is not None and cu[0] else u


def unit_family(unit: str) -> str:
    """The family of a canonical unit (share, people, beds, money, ...); the unit itself when unknown."""
    return _FAMILY_OF.get(unit, unit)


@dataclass(frozen=True)
class _Entry:
    id: str
    unit: str
    units: frozenset[str]
    patterns: tuple[re.Pattern, ...] = field(default_factory=tuple)


@dataclass
class _Matcher:
    entries: dict[str, _Entry]
    synonyms: dict[str, str]  # label key -> id
    conditional: dict[str, list[tuple[str, str, str]]]  # label key -> [(qualifier key, unit, id)]
    unmapped_ok: dict[str, str]  # label key -> reason
    path: str = str(CODEBOOK_PATH)  # the file it was loaded from (for error messages)
    patterned: tuple[_Entry, ...] = field(init=False)  # the few entries with patterns, scanned for every label

    def __post_init__(self) -> None:
        self.patterned = tuple(e for e in self.entries.values() if e.patterns)


def _unit_fits(entry: _Entry, unit: str) -> bool:
    if not unit or not entry.unit or unit in entry.units:
        return True
    return unit_family(unit) == unit_family(entry.unit)


def _as_list(value: object, what: str, ident: str, path: Path, line: int | None) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CmpError(f"indicator {ident}: {what} must be a list", path=str(path), line=line)
    return value


# the C (libyaml) loader when PyYAML was built with it: same result, ~10x faster on the 80 kB codebook
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _entry_lines(text: str) -> list[int | None]:
    """1-based line of each entry under `indicators:` (for error messages)."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "indicators" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _read_yaml(path: Path) -> tuple[dict, list[int | None]]:
    if not path.is_file():
        raise CmpError("codebook not found; expected a YAML file with 'indicators' and 'unmapped_ok'", path=str(path))
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CmpError(f"codebook is not valid UTF-8 (byte offset {exc.start}); expected a UTF-8 YAML file",
                       path=str(path)) from None
    data = yamlio.load_text(text, str(path))  # bad YAML, aliases and duplicate keys: CmpError with file and line
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise CmpError("codebook must be a mapping with a list under 'indicators'", path=str(path))
    return data, _entry_lines(text)


def _check_fields(item: object, i: int, line: int | None, path: Path, seen: dict) -> str:
    """The id of entry i when its fields are complete, known, and its id well formed and new."""
    if not isinstance(item, dict):
        raise CmpError(f"indicator entry {i + 1} is not a mapping of fields", path=str(path), line=line)
    ident = str(item.get("id") or f"entry {i + 1}")
    missing = [f for f in REQUIRED_FIELDS if item.get(f) is None or (f != "unit" and str(item[f]).strip() == "")]
    if missing:
        raise CmpError(
            f"indicator {ident}: missing required field(s) {', '.join(missing)}; "
            f"every indicator needs {', '.join(REQUIRED_FIELDS)} (unit may be \"\")",
            path=str(path),
            line=line,
        )
    unknown = sorted(set(item) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise CmpError(
            f"indicator {ident}: unknown field(s) {', '.join(unknown)}; allowed: "
            f"{', '.join(REQUIRED_FIELDS + OPTIONAL_FIELDS)}",
            path=str(path),
            line=line,
        )
    if not _ID_RE.match(ident):
        raise CmpError(
            f"indicator {ident}: id must be snake_case 'domain.name' (e.g. elderly_care.nursing_bed_share)",
            path=str(path),
            line=line,
        )
    if ident in seen:
        raise CmpError(f"indicator {ident}: id is used twice; ids must be unique", path=str(path), line=line)
    return ident


def _check_values(item: dict, ident: str, line: int | None, path: Path) -> str:
    """The canonical unit of an entry whose domain, direction, denominator, scope and unit are allowed."""
    domain, direction = str(item["domain"]), str(item["direction"])
    if domain not in domains():
        raise CmpError(
            f"indicator {ident}: domain {domain!r} is not allowed; expected one of {', '.join(domains())}",
            path=str(path),
            line=line,
        )
    prefix = ident.split(".")[0]
    if prefix != domain:
        raise CmpError(f"indicator {ident}: id prefix {prefix!r} differs from its domain {domain!r}", path=str(path),
                       line=line)
    for fld, group in (("denominator", "denominators"), ("scope", "scopes")):
        if str(item[fld]) not in vocab.codes(group):
            raise CmpError(f"indicator {ident}: {fld} {item[fld]!r} is not a code of vocab.yaml {group}; expected "
                           f"one of {', '.join(vocab.codes(group))} (add new ones to vocab.yaml with en and zh)",
                           path=str(path), line=line)
    if direction not in DIRECTIONS:
        raise CmpError(
            f"indicator {ident}: direction {direction!r} is not allowed; expected one of {', '.join(DIRECTIONS)}",
            path=str(path),
            line=line,
        )
    unit = canonical_unit_of(item["unit"])
    if unit != str(item["unit"]).strip():
        raise CmpError(
            f"indicator {ident}: unit {item['unit']!r} is not canonical; write {unit!r}", path=str(path), line=line
        )
    return unit


def _patterns(raw: list[str], ident: str, line: int | None, path: Path) -> list[re.Pattern]:
    out = []
    for p in raw:
        try:
            out.append(re.compile(p))
        except re.error as exc:
            raise CmpError(f"indicator {ident}: pattern {p!r} is not a valid regex ({exc})", path=str(path),
                           line=line) from None
    return out


def _add_synonyms(syns: list[str], ident: str, synonyms: dict[str, str], line: int | None, path: Path) -> None:
    for s in syns:
        if not s:
            raise CmpError(f"indicator {ident}: empty synonym", path=str(path), line=line)
        if s in synonyms and synonyms[s] != ident:
            raise CmpError(
                f"indicator {ident}: synonym {s!r} is already claimed by {synonyms[s]}; a label maps to one id",
                path=str(path),
                line=line,
            )
        synonyms[s] = ident


def _add_conditionals(conds: list, ident: str, conditional: dict[str, list[tuple[str, str, str]]],
                      line: int | None, path: Path) -> None:
    for c in conds:
        if not isinstance(c, dict) or not c.get("label") or not (c.get("qualifier") or c.get("unit")):
            raise CmpError(
                f"indicator {ident}: each conditional entry needs a label and a qualifier and/or unit, got {c!r}",
                path=str(path),
                line=line,
            )
        key, qual, cu = label_key(c["label"]), label_key(c.get("qualifier")), canonical_unit_of(c.get("unit"))
        for oq, ou, oid in conditional.get(key, []):
            overlap = (not qual or not oq or qual == oq) and (not cu or not ou or cu == ou)
            if overlap and oid != ident:
                raise CmpError(
                    f"indicator {ident}: conditional label {key!r} (qualifier {qual!r}, unit {cu!r}) overlaps "
                    f"{oid} (qualifier {oq!r}, unit {ou!r}); conditions on one label must exclude each other",
                    path=str(path),
                    line=line,
                )
        conditional.setdefault(key, []).append((qual, cu, ident))


def _check_patterns_against_synonyms(entries: dict[str, _Entry], synonyms: dict[str, str], path: Path) -> None:
    """A synonym must not also be caught by another indicator's pattern."""
    patterned = [e for e in entries.values() if e.patterns]
    for s, sid in synonyms.items():
        for e in patterned:
            if e.id != sid and any(p.fullmatch(s) for p in e.patterns):
                raise CmpError(
                    f"indicator {e.id}: a pattern also matches {s!r}, a synonym of {sid}; narrow the pattern",
                    path=str(path),
                )


def _unmapped_ok_labels(items: list, path: Path) -> dict[str, str]:
    ok: dict[str, str] = {}
    for item in items:
        lab = item.get("label") if isinstance(item, dict) else item
        if not lab:
            raise CmpError(f"unmapped_ok entry {item!r} needs a label", path=str(path))
        ok[label_key(lab)] = str(item.get("reason", "")) if isinstance(item, dict) else ""
    return ok


def _validate(data: dict, lines: list[int | None], path: Path) -> tuple[pd.DataFrame, _Matcher]:
    """Check every rule of the codebook and build its matcher; the first problem raises CmpError."""
    rows: list[dict] = []
    entries: dict[str, _Entry] = {}
    synonyms: dict[str, str] = {}
    conditional: dict[str, list[tuple[str, str, str]]] = {}
    for i, item in enumerate(data["indicators"]):
        line = lines[i] if i < len(lines) else None
        ident = _check_fields(item, i, line, path, entries)
        unit = _check_values(item, ident, line, path)
        syns = [label_key(s) for s in _as_list(item.get("synonyms"), "synonyms", ident, path, line)]
        pats_raw = [str(p) for p in _as_list(item.get("patterns"), "patterns", ident, path, line)]
        conds = _as_list(item.get("conditional"), "conditional", ident, path, line)
        equiv = [canonical_unit_of(u) for u in _as_list(item.get("equivalent_units"), "equivalent_units", ident, path,
                                                          line)]
        pats = _patterns(pats_raw, ident, line, path)
        _add_synonyms(syns, ident, synonyms, line, path)
        _add_conditionals(conds, ident, conditional, line, path)
        entries[ident] = _Entry(ident, unit, frozenset([unit, *equiv]), tuple(pats))
        # the unit is written canonically (_check_values), so the stripped field is the canonical unit
        rows.append({**{f: str(item[f]).strip() for f in REQUIRED_FIELDS}, "synonyms": syns,
                     "patterns": pats_raw, "conditional": [dict(c) for c in conds], "equivalent_units": equiv})
    absent = [r for r in REQUIRED_IDS if r not in entries]
    if absent:
        raise CmpError(f"required indicator id(s) missing: {', '.join(absent)}", path=str(path))
    _check_patterns_against_synonyms(entries, synonyms, path)
    ok = _unmapped_ok_labels(data.get("unmapped_ok") or [], path)
    matcher = _Matcher(entries, synonyms, conditional, ok, str(path))
    for key in ok:
        hit = _match(matcher, key, "", "")
        if hit:
            raise CmpError(f"unmapped_ok label {key!r} maps to {hit}; remove it from one list", path=str(path))
    return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS), matcher


@lru_cache(maxsize=8)
def _load(path_str: str, mtime: float) -> tuple[pd.DataFrame, _Matcher]:
    path = Path(path_str)
    data, lines = _read_yaml(path)
    return _validate(data, lines, path)


def _loaded(path: str | Path | None = None) -> tuple[pd.DataFrame, _Matcher]:
    return _load(*yamlio.file_key(path if path is not None else CODEBOOK_PATH))


def load_codebook(path: str | Path | None = None) -> pd.DataFrame:
    """The codebook (lib/cmp/model/codebook.yaml by default), one row per indicator, validated on load."""
    frame, _ = _loaded(path)
    return frame.copy()


def unmapped_ok(path: str | Path | None = None) -> dict[str, str]:
    """Label keys deliberately left unmapped (one-off facilities, tasks without a quantity), with the reason."""
    return dict(_loaded(path)[1].unmapped_ok)


def _match(m: _Matcher, key: str, qual: str, unit: str) -> str:
    if not key:
        return ""
    for cq, cu, cid in m.conditional.get(key, []):
        if (not cq or cq == qual) and (cu == unit if cu else _unit_fits(m.entries[cid], unit)):
            return cid
    sid = m.synonyms.get(key)
    if sid and _unit_fits(m.entries[sid], unit):
        return sid
    hits = sorted({e.id for e in m.patterned if any(p.fullmatch(key) for p in e.patterns)
                   and _unit_fits(e, unit)})
    if len(hits) > 1:
        raise CmpError(f"label {key!r} matches the patterns of {', '.join(hits)}; narrow the codebook patterns",
                       path=m.path)
    return hits[0] if hits else ""


def map_label(label: str, qualifier: str = "", unit: str = "", *, codebook: str | Path | None = None) -> str:
    """The canonical indicator id for a document label ('' if none); qualifier and unit disambiguate."""
    return _map_with(_loaded(codebook)[1], label, qualifier, unit)


def _map_with(m: _Matcher, label: str, qualifier: str, unit: str) -> str:
    return _match(m, label_key(label), label_key(qualifier), canonical_unit_of(unit))


def _need_columns(df: pd.DataFrame, cols: tuple[str, ...], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise CmpError(f"{what}: the frame lacks column(s) {', '.join(missing)}; "
                       "expected a tidy table (cmp.model.tidy)")


# a row with one of these flags is never put on an indicator: the text does not say what it measures
# (subject_unclear), or the value is a change on an earlier one in the level's own unit (change: +630 张 is no
# number of beds), or how much of its target a row reached (completion_rate: 93% of the target is no share),
# which no level indicator may hold
UNMAPPED_FLAGS = ("subject_unclear", "change", "completion_rate")


def map_rows(df: pd.DataFrame, *, codebook: str | Path | None = None) -> pd.DataFrame:
    """A copy of a tidy frame with empty `indicator` cells filled from the codebook; filled cells are kept.
    Rows flagged `subject_unclear` (分别 over subjects the sentence does not name one by one) or `change` (比上年增加
    3家, a 增减 column) stay unmapped."""
    _need_columns(df, ("label", "qualifier", "unit", "indicator"), "map_rows")
    out = df.copy(deep=False)
    ind = out["indicator"].astype("object").where(out["indicator"].notna(), "").astype(str)
    todo = ind.str.strip() == ""
    if "flags" in out.columns:
        flags = out["flags"].astype("object").where(out["flags"].notna(), "").astype(str)
        todo &= ~flags.map(lambda f: not set(f.split(";")).isdisjoint(UNMAPPED_FLAGS)).astype(bool)
    matcher = _loaded(codebook)[1]
    # plain lists, and one lookup per distinct (label, qualifier, unit): a label repeats across years and kinds
    keys = list(zip(*(_texts(out.loc[todo, c]) for c in ("label", "qualifier", "unit")), strict=True))
    found = {k: _map_with(matcher, *k) for k in dict.fromkeys(keys)}
    ind.loc[todo] = [found[k] for k in keys]
    out["indicator"] = ind.astype("string")
    return out


def _texts(s: pd.Series) -> list[str]:
    """A column's cells as str, '' for a missing cell."""
    return s.astype("object").where(s.notna(), "").astype(str).tolist()


def unmapped(df: pd.DataFrame, *, include_ok: bool = False, codebook: str | Path | None = None) -> pd.DataFrame:
    """Printed labels (table and prose rows) the codebook does not map: label, count, jurisdictions, methods
    (and units: a label may map with one unit and not with another, as 城乡低保标准 in 元 vs a growth in %)."""
    _need_columns(df, ("label", "qualifier", "unit", "indicator", "jurisdiction", "method"), "unmapped")
    mapped = map_rows(df, codebook=codebook)
    ok = unmapped_ok(codebook)
    rows = mapped[(mapped["indicator"].fillna("") == "") & (mapped["method"].fillna("") != "derived")]
    rows = rows[rows["label"].fillna("").astype(str).str.strip() != ""]
    if not include_ok:
        rows = rows[~rows["label"].astype(str).map(label_key).isin(ok)]
    cols = ["label", "count", "jurisdictions", "methods", "units"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    out = (
        rows.assign(label=rows["label"].astype(str))
        .groupby("label", sort=False)
        .agg(
            count=("label", "size"),
            jurisdictions=("jurisdiction", lambda s: ", ".join(sorted(set(map(str, s))))),
            methods=("method", lambda s: ", ".join(sorted(set(map(str, s))))),
            units=("unit", lambda s: ", ".join(sorted({str(u) if str(u) else "-" for u in s}))),
        )
        .reset_index()
    )
    return out.sort_values(["count", "label"], ascending=[False, True], kind="stable").reset_index(drop=True)[cols]


_info_memo: list = [None, {}]  # [the codebook frame it was read from, id -> its fields]


def _info_by_id(codebook: str | Path | None) -> dict[str, dict]:
    """id -> the codebook's fields of it, built once per loaded codebook (the checks ask per row)."""
    frame, _ = _loaded(codebook)
    if _info_memo[0] is not frame:
        by_id = frame.set_index("id")
        _info_memo[:] = [frame, {i: by_id.loc[i].to_dict() for i in by_id.index}]
    return _info_memo[1]


def indicator_info(indicator: str, *, codebook: str | Path | None = None) -> dict:
    """Names, unit, denominator and direction of an id, including derived `<id>.avg_annual_change` ids."""
    by_id = _info_by_id(codebook)
    if indicator in by_id:
        return {"id": indicator, **by_id[indicator]}
    if indicator.endswith(CHANGE_SUFFIX) and indicator[: -len(CHANGE_SUFFIX)] in by_id:
        base = dict(by_id[indicator[: -len(CHANGE_SUFFIX)]])
        return {
            **base,
            "id": indicator,
            "name_zh": f"{base['name_zh']}年均变化(推算)",
            "name_en": f"{base['name_en']}: average annual change (derived)",
            "unit": change_unit(base["unit"]),
            "denominator": "per year",
            "definition": f"Average annual change implied by a document's baseline and target of: {base['definition']}",
            "synonyms": [],
            "patterns": [],
            "conditional": [],
            "equivalent_units": [],
        }
    raise CmpError(f"unknown indicator id {indicator!r}; see `cmp codebook` for the valid ids")


def change_unit(unit: str) -> str:
    """Unit of an average annual change: points per year for % and ‰ shares, compound %/year otherwise."""
    return {"%": "百分点/年", "‰": "千分点/年"}.get(unit, "%/年")


def valid_ids(*, codebook: str | Path | None = None) -> list[str]:
    """Every indicator id compare() accepts: the codebook's ids and their derived annual-change ids."""
    ids = list(load_codebook(codebook)["id"])
    return ids + [i + CHANGE_SUFFIX for i in ids]


def display_width(text: object) -> int:
    """Columns a string takes in a terminal: wide and full-width (CJK) characters count two, combining marks 0."""
    s = str(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(text: object, width: int, align: str = "<") -> str:
    """`text` padded with spaces to `width` display columns (align '<' left, '>' right)."""
    s = str(text)
    fill = " " * max(0, width - display_width(s))
    return s + fill if align == "<" else fill + s


def format_columns(rows: list[list[object]], aligns: str) -> list[str]:
    """Rows of cells as lines whose columns line up by display width (the last column is not padded)."""
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(aligns))]
    out = []
    for r in rows:
        cells = [pad(c, widths[i], aligns[i]) if i < len(aligns) - 1 or aligns[i] == ">" else str(c)
                 for i, c in enumerate(r)]
        out.append("  ".join(cells).rstrip())
    return out


def print_codebook(domain: str | None = None, *, codebook: str | Path | None = None) -> None:
    """Print the canonical indicators, bilingual, grouped by domain (optionally one domain only), in aligned
    columns: id, Chinese name, unit and denominator, scope, English name."""
    frame = load_codebook(codebook)
    if domain is not None and domain not in domains():
        raise CmpError(f"unknown domain {domain!r}; valid domains: {', '.join(domains())}")
    shown = [domain] if domain else [d for d in domains() if (frame["domain"] == d).any()]
    for d in shown:
        part = frame[frame["domain"] == d]
        en, zh = vocab.pair("domains", d)
        print(f"== {d}: {en} / {zh} ({len(part)} indicators / 项指标)")
        if part.empty:
            print("   (no indicators in this domain yet / 暂无)")
            continue
        rows: list[list[object]] = [["id", "名称", "unit 单位", "scope 范围", "name"]]
        for r in part.itertuples(index=False):
            per = "" if r.denominator == "none" else f" per {r.denominator}"
            rows.append([r.id, r.name_zh, f"{r.unit or 'ratio'}{per}", r.scope, r.name_en])
        for line in format_columns(rows, "<<<<<"):
            print(f"  {line}")
        print()
    print(f"{len(frame)} indicators in {Path(codebook).name if codebook else CODEBOOK_PATH.name}; "
          f"derived changes: <id>{CHANGE_SUFFIX}; definitions: cmp.model.codebook.indicator_info(id)")


def print_unmapped(tidy_dir: str | Path | None = None) -> None:
    """Print the labels of the tidy table (in `tidy_dir`) that no codebook indicator maps, most frequent first."""
    from .tidy import load

    df = load(tidy_dir)
    todo = unmapped(df)
    every = unmapped(df, include_ok=True)
    deliberate = len(every) - len(todo)
    printed = df[df["method"].fillna("") != "derived"]
    print(f"{len(printed)} printed rows; {len(todo)} label(s) unmapped / 未映射指标名称 "
          f"({deliberate} more deliberately unmapped: unmapped_ok in {CODEBOOK_PATH.name})")
    if todo.empty:
        print("every label is mapped or deliberately unmapped / 全部已映射")
        return
    rows: list[list[object]] = [["count", "label 指标名称", "jurisdictions · methods · units"]]
    rows += [[r.count, r.label, f"{r.jurisdictions} · {r.methods} · {r.units}"] for r in todo.itertuples(index=False)]
    for line in format_columns(rows, "><<"):
        print(line)
