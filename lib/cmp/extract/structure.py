"""Split a document into a tree of sections (章/节/一、/(一)/1./专栏/表) and sentences, each with its raw span.

Every section carries a time role read from its heading words (structure_vocab.yaml): "review" (发展基础,
"十三五"时期…), "plan" (发展目标, 主要任务…), "report" (工作总结…), "annual_plan" (工作安排…) or "" when neither
the heading, its parents nor the document kind say. Extractors use the role to tell actuals from targets, and
every tidy row gets its section's heading path.

Offsets: `Section.start/end`, `Sentence.start/end` are offsets in the raw text (what tidy rows carry);
`nstart/nend` are the same spans in the normalized text. `DocStructure.section_at` takes a raw offset.
Runs in one pass over the lines (linear in the text).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import yamlio
from ..errors import CmpError
from ..ingest.normalize import NormalizedText
from .numbers import canonical_unit
from .textnums import find_values

VOCAB_PATH = Path(__file__).with_name("structure_vocab.yaml")
ROLES = ("review", "plan", "report", "annual_plan", "")
_SENT_END = re.compile(r"[。!?]")
_CLAUSE_END = re.compile(r"[,;:、]")
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_RUN_IN_END = re.compile(r"[。:]")
_BOX_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[、.]|——|-{1,2}|[•·]|[(]\d)|\|\s*$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_WORD = re.compile(r"(?:19|20)\d\d年")
# a full date as a dateline prints it: 2022年4月12日, or 2022-04-12 / 2022/4/12 / 2022.04.12 (no digit around it)
_FULL_DATE = re.compile(r"((?:19|20)\d\d)年(?:1[0-2]|0?[1-9])月(?:3[01]|[12]\d|0?[1-9])日"
                        r"|(?<![\d.])((?:19|20)\d\d)([-/.])(?:1[0-2]|0?[1-9])\3(?:3[01]|[12]\d|0?[1-9])(?![\d.])")


# ---------------------------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeadingRule:
    kind: str
    level: int
    pattern: re.Pattern


@dataclass(frozen=True)
class StructureVocab:
    """The validated contents of structure_vocab.yaml."""

    plan_periods: dict[str, tuple[int, int]]
    time_roles: tuple[tuple[str, str], ...]  # (word, role), longest word first
    doc_kind_roles: dict[str, str]
    headings: tuple[HeadingRule, ...]
    heading_max: int
    numbered_max: int
    dateline_kinds: tuple[str, ...]  # doc kinds dated by a dateline (news_report)
    dateline_lines: int  # how many non-empty lines at the top may hold it
    dateline_late_month: int = 10  # from this month on, a dated report looks back on its year (今年 = so far)
    subhead_kinds: tuple[str, ...] = ()  # doc kinds whose unnumbered 标题：副题 lines are headings (news_report)
    subhead_max: int = 0
    subhead_not: tuple[str, ...] = ()  # words of a by-line or page furniture (来源：, 责任编辑：), never a heading
    topic_subjects: tuple[str, ...] = ()  # 全市, 我县: after a year, the paragraph's subject (2023年全市…)


def _fail(path: Path, key: str, expected: str) -> CmpError:
    return CmpError(f"bad key '{key}': expected {expected}", path=str(path))


def parse_vocab(data: object, path: Path = VOCAB_PATH) -> StructureVocab:
    """Validate the structure vocabulary (a parsed YAML mapping); a bad key raises CmpError naming it."""
    if not isinstance(data, dict):
        raise CmpError("expected a mapping at the top level", path=str(path))
    for key in ("plan_periods", "time_roles", "doc_kind_roles", "headings", "heading_max", "numbered_max",
                "dateline"):
        if key not in data:
            raise _fail(path, key, "this key to be present")
    periods = _plan_periods(data["plan_periods"], path)
    pairs = _time_roles(data["time_roles"], path)
    kinds = data["doc_kind_roles"]
    if not isinstance(kinds, dict) or not all(v in ROLES for v in kinds.values()):
        raise _fail(path, "doc_kind_roles", f"a mapping of doc_kind -> one of {ROLES}")
    rules = _heading_rules(data["headings"], path)
    for key in ("heading_max", "numbered_max"):
        if not isinstance(data[key], int) or data[key] <= 0:
            raise _fail(path, key, "a positive integer")
    kinds_dated, lines, late = _dateline(data["dateline"], path)
    sub = _subheads(data.get("subheads", {"doc_kinds": [], "max_chars": 1, "not_words": []}), path)
    topics = data.get("topic_subjects", [])
    if not isinstance(topics, list) or not all(isinstance(w, str) and w for w in topics):
        raise _fail(path, "topic_subjects", "a list of non-empty words")
    return StructureVocab(periods, tuple(sorted(pairs, key=lambda p: -len(p[0]))), dict(kinds), rules,
                          data["heading_max"], data["numbered_max"], kinds_dated, lines, late, *sub, tuple(topics))


def _subheads(spec: object, path: Path) -> tuple[tuple[str, ...], int, tuple[str, ...]]:
    """(doc kinds, max chars, words that make no heading) of the optional subheads key."""
    if not isinstance(spec, dict) or set(spec) != {"doc_kinds", "max_chars", "not_words"}:
        raise _fail(path, "subheads", "a mapping with doc_kinds, max_chars and not_words")
    kinds, most, words = spec["doc_kinds"], spec["max_chars"], spec["not_words"]
    for key, value in (("doc_kinds", kinds), ("not_words", words)):
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise _fail(path, f"subheads.{key}", "a list of non-empty words")
    if not isinstance(most, int) or isinstance(most, bool) or most <= 0:
        raise _fail(path, "subheads.max_chars", "a positive integer")
    return tuple(kinds), most, tuple(words)


SUBHEAD = HeadingRule("subhead", 2, re.compile(""))  # (matched by subhead_of, not by a pattern)
_SUBHEAD_RE = re.compile(r"([^\s:：。，,;；!！]{2,12})[:：]([^:：。，,;；!！]{2,})[?？]?")


def subhead_of(line: str, v: StructureVocab) -> tuple[HeadingRule, int] | None:
    """An unnumbered sub-heading of a news item (回眸"十四五"：民生底线兜得更牢, 记者问答：今年有哪些新举措？): a
    short line of a topic, a colon and a title, no sentence in it and no by-line word; else None."""
    s = line.strip()
    if len(s) > v.subhead_max or not _SUBHEAD_RE.fullmatch(s) or any(w in s for w in v.subhead_not):
        return None
    return SUBHEAD, len(line) - len(line.lstrip()) + len(s)


def _dateline(spec: object, path: Path) -> tuple[tuple[str, ...], int, int]:
    """(doc kinds, lines, late month) of the dateline key."""
    if not isinstance(spec, dict) or set(spec) != {"doc_kinds", "lines", "late_month"}:
        raise _fail(path, "dateline", "a mapping with doc_kinds, lines and late_month")
    kinds, lines, late = spec["doc_kinds"], spec["lines"], spec["late_month"]
    if not isinstance(kinds, list) or not all(isinstance(k, str) and k for k in kinds):
        raise _fail(path, "dateline.doc_kinds", "a list of doc_kind names")
    if not isinstance(lines, int) or isinstance(lines, bool) or lines <= 0:
        raise _fail(path, "dateline.lines", "a positive integer")
    if not isinstance(late, int) or isinstance(late, bool) or not 1 <= late <= 12:
        raise _fail(path, "dateline.late_month", "a month, 1-12")
    return tuple(kinds), lines, late


def _plan_periods(spans: object, path: Path) -> dict[str, tuple[int, int]]:
    if not isinstance(spans, dict) or not spans:
        raise _fail(path, "plan_periods", "a mapping of period name -> [first year, last year]")
    periods: dict[str, tuple[int, int]] = {}
    for name, span in spans.items():
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(y, int) for y in span)
                and span[0] <= span[1]):
            raise _fail(path, f"plan_periods.{name}", "[first year, last year] with first <= last")
        periods[str(name)] = (span[0], span[1])
    return periods


def _time_roles(roles: object, path: Path) -> list[tuple[str, str]]:
    """(word, role) pairs of time_roles."""
    if not isinstance(roles, dict) or not all(r in ROLES and r for r in roles):
        raise _fail(path, "time_roles", f"a mapping with keys among {', '.join(r for r in ROLES if r)}")
    pairs: list[tuple[str, str]] = []
    for role, words in roles.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise _fail(path, f"time_roles.{role}", "a list of non-empty words")
        pairs += [(w, role) for w in words]
    return pairs


def _heading_rules(headings: object, path: Path) -> tuple[HeadingRule, ...]:
    if not isinstance(headings, list) or not headings:
        raise _fail(path, "headings", "a non-empty list of {kind, level, pattern}")
    rules = []
    for k, h in enumerate(headings):
        if not isinstance(h, dict) or set(h) != {"kind", "level", "pattern"} or not isinstance(h["level"], int):
            raise _fail(path, f"headings[{k}]", "a mapping with kind, level (int) and pattern")
        try:
            rules.append(HeadingRule(str(h["kind"]), h["level"], re.compile(h["pattern"])))
        except re.error as exc:
            raise _fail(path, f"headings[{k}].pattern", f"a valid regular expression ({exc})") from None
    return tuple(rules)



@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> StructureVocab:
    p = Path(path)
    try:
        data = yamlio.load_file(p)
    except (OSError, yaml.YAMLError) as exc:
        raise CmpError(f"cannot read structure vocabulary: {exc}", path=path) from None
    return parse_vocab(data, p)


def vocab(path: Path = VOCAB_PATH) -> StructureVocab:
    """The structure vocabulary, re-read when the file changes."""
    return _load(*yamlio.file_key(path))


# ---------------------------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Section:
    """A heading and everything under it up to the next heading of the same or a higher level."""

    title: str  # heading as printed (raw text, numbering included); '' for the document root
    kind: str  # root, part, chapter, section, item, subitem, numbered, box, table
    level: int  # 0 for the root
    start: int  # raw offset of the heading (0 for the root)
    end: int  # raw offset where the section ends (exclusive)
    time_role: str
    path: str  # heading path as printed, ' > '-separated ('' for the root)
    nstart: int = 0
    nend: int = 0
    line: int = 1
    heading: str = ""  # the heading in normalized text (numbering included; a run-in heading without its body)
    parent: Section | None = field(default=None, repr=False)
    children: list[Section] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class Sentence:
    """A sentence (up to 。!? or the end of a line) and its clauses (split at ,;:、), with raw and normalized spans."""

    start: int
    end: int
    nstart: int
    nend: int
    line: int
    clauses: tuple[tuple[int, int], ...]  # normalized spans


@dataclass(frozen=True)
class Dateline:
    """The date a report is written on, which 今年 in it refers to."""

    year: int
    line: int  # 1-based line of the dateline; 0 when the year comes from the manifest's published date
    text: str  # the date as printed (or the published date)

    @property
    def assumed(self) -> bool:
        """Whether no dateline was printed (the year is the manifest's published date)."""
        return self.line == 0


@dataclass
class DocStructure:
    """Sections (pre-order, root first) and sentences of one document, and a report's dateline."""

    root: Section
    sections: list[Section]
    # (text, [(line, normalized offset, offset in the line the sentences begin at, line number)]): what the
    # sentences are made of when first asked for (the readers look at the sections only)
    sentence_lines: tuple[NormalizedText, list[tuple[str, int, int, int]]] | None = field(default=None, repr=False,
                                                                                     compare=False)
    dateline: Dateline | None = None
    _starts: list[int] = field(default_factory=list, repr=False)
    _sentences: list[Sentence] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sections]

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence of the document, line by line (made once, on first use)."""
        if self._sentences is None:
            out: list[Sentence] = []
            if self.sentence_lines is not None:
                nt, lines = self.sentence_lines
                for line, off, begin, n in lines:
                    out += _sentences(nt, line, off, begin, n)
            self._sentences = out
        return self._sentences

    def section_at(self, offset: int) -> Section:
        """The innermost section holding raw `offset` (the root when it lies before the first heading)."""
        k = bisect.bisect_right(self._starts, offset) - 1
        s = self.sections[max(k, 0)]
        # sections nest in pre-order, so the answer is the last section starting there or one of its parents
        while s.parent is not None and not s.start <= offset < s.end:
            s = s.parent
        return s


# ---------------------------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------------------------


def published_year(meta: dict) -> int | None:
    """The year the manifest's `published` date gives (None when it has none): one reading for every reader."""
    m = _YEAR.match(str(meta.get("published") or ""))
    return int(m.group(0)) if m else None


def plan_period_of(year: int) -> tuple[int, int] | None:
    """(first, last) year of the plan period holding `year` (十四五: (2021, 2025) for 2023), None outside them."""
    return next(((first, last) for first, last in vocab().plan_periods.values() if first <= year <= last), None)


QUOTES = re.compile(r"[\"“”'‘’「」『』]")  # quotation marks, dropped before matching words (“十四五”)


def plan_years(meta: dict) -> tuple[int, int]:
    """First and last year of the document's period from the manifest ('2021-2025' or '2023')."""
    years = [int(y) for y in _YEAR.findall(str(meta.get("period", "")))]
    return (min(years), max(years)) if years else (2021, 2025)


def find_dateline(nt: NormalizedText, meta: dict, v: StructureVocab | None = None) -> Dateline | None:
    """The dateline of a document whose kind is dated by one (a news report): a full date near the top, on a line
    that is not a sentence or in brackets; else the manifest's published year; None for other kinds."""
    v = v or vocab()
    if str(meta.get("doc_kind", "")) not in v.dateline_kinds:
        return None
    seen = 0
    for n, line in enumerate(nt.text.split("\n"), start=1):
        if not line.strip():
            continue
        seen += 1
        if seen > v.dateline_lines:
            break
        for m in _FULL_DATE.finditer(line):
            bracketed = line[:m.start()].rstrip().endswith("(") and line[m.end():].lstrip().startswith(")")
            if bracketed or not _SENT_END.search(line):
                return Dateline(int(m.group(1) or m.group(2)), n, m.group(0))
    published = published_year(meta)
    return Dateline(published, 0, str(meta["published"])) if published is not None else None


def heading_of(line: str, v: StructureVocab | None = None) -> tuple[HeadingRule, int] | None:
    """The heading rule a line starts with and the heading's length in the line, or None.

    A run-in heading (（一）主要成就。十三五期间…) is the text up to its first 。 or :.
    """
    v = v or vocab()
    s = line.strip().rstrip("|").strip()
    if not s:
        return None
    for rule in v.headings:
        m = rule.pattern.match(s)
        if not m:
            continue
        head = s
        if len(s) > v.heading_max or _SENT_END.search(s[:-1] if s.endswith("。") else s):
            end = _RUN_IN_END.search(s, m.end())
            if end is None or end.start() > v.heading_max or rule.kind in ("box", "table"):
                return None
            head = s[:end.start()]
        rest = head[m.end():]
        if head.endswith((";", ",")) or not rest.strip():
            return None
        if rule.level >= 3 and rule.kind not in ("box", "table") and _DIGIT.search(_YEAR_WORD.sub("", rest)):
            return None  # (一)城乡低保标准达到900元 is a numbered statement, not a heading
        if rule.level >= 3 and rule.kind not in ("box", "table") and _CN_NUMERAL.search(rest) \
                and find_values(rest, []):
            return None  # 11. 新建两个社区慈善超市: a count in Chinese numerals, a numbered statement
        if rule.kind == "numbered" and (len(head) > v.numbered_max or not _CJK.match(rest.strip()[:1] or "x")):
            return None
        if rule.kind == "numbered" and s[m.end() - 1].isdigit() and _unit_first(rest):
            return None  # 5个街道实现全覆盖: a count and its unit, not a number glued to a title
        lead = len(line) - len(line.lstrip())
        return rule, lead + len(head)
    return None


_CN_NUMERAL = re.compile(r"[一二两三四五六七八九十百千]")


def _unit_first(text: str) -> bool:
    """Whether `text` starts with a unit or measure word of numbers_vocab.yaml (个, 万人, 平方米 …)."""
    return any(canonical_unit(text[:k]) is not None for k in range(1, min(len(text), 5) + 1))


def role_of_heading(title: str, period: tuple[int, int], v: StructureVocab | None = None) -> str:
    """Time role a heading's words give ('' when they say nothing)."""
    v = v or vocab()
    t = QUOTES.sub("", title)
    for name, (_first, last) in v.plan_periods.items():
        if name in t and last < period[0]:
            return "review"
    years = [int(y) for y in _YEAR.findall(t)]
    # a Chinese heading is head-final: the role word that ends last names the section (主要指标完成情况 is a
    # report of how targets were met, 重点工作开展情况 what was done); a longer word wins a tie
    best: tuple[int, int, str] | None = None
    for word, role in v.time_roles:
        at = t.rfind(word)
        if at >= 0 and (best is None or (at + len(word), len(word)) > best[:2]):
            best = (at + len(word), len(word), role)
    if best is None:
        return ""
    role = best[2]
    if role == "plan" and years and max(years) < period[0]:
        return "review"
    return role


def names_later_year(title: str, period: tuple[int, int]) -> bool:
    """Whether a heading names a year after the period a document covers (2024年工作打算 in a 2023 report)."""
    return any(int(y) > period[1] for y in _YEAR.findall(QUOTES.sub("", title)))


def parse_structure(nt: NormalizedText, meta: dict) -> DocStructure:
    """Sections and sentences of a normalized document; `meta` is its manifest entry (doc_kind, period)."""
    v = vocab()
    period = plan_years(meta)
    raw_len = len(nt.raw)
    root_role = v.doc_kind_roles.get(str(meta.get("doc_kind", "")), "")
    root = Section("", "root", 0, 0, raw_len, root_role, "", 0, len(nt.text), 1)
    sections = [root]
    sentence_lines: list[tuple[str, int, int, int]] = []
    stack = [root]
    box: Section | None = None
    dup = nt.duplicate_line_numbers()
    subheads = str(meta.get("doc_kind", "")) in v.subhead_kinds
    for n, (line, off) in enumerate(zip(nt.text.split("\n"), nt.line_offsets(), strict=True), start=1):
        if not line.strip():
            continue
        found = heading_of(line, v)  # once per line: a long table's lines are each looked at here
        if found is None and subheads and box is None and n > v.dateline_lines:
            found = subhead_of(line, v)
        if box is not None and found is None and (
                "。" in line if box.kind == "table" else not _BOX_ITEM.search(line)):
            # a 专栏 box ends at the first line that is not one of its items, a table at the first sentence
            _close(stack, box, off, nt)
            box = None
        hit = None if n in dup else found
        body_from = 0
        if hit is not None:
            rule, hlen = hit
            if box is not None and rule.kind == "numbered":
                hit = None  # a numbered sub-title inside a 专栏 box stays in the box
            else:
                level = rule.level
                while len(stack) > 1 and stack[-1].level >= level:
                    _close(stack, stack[-1], off, nt)
                if box is not None and box not in stack:
                    box = None
                parent = stack[-1]
                lead = len(line) - len(line.lstrip())
                rs, re_ = nt.to_raw(off + lead, off + hlen)
                title = nt.raw[rs:re_].strip()
                own = role_of_heading(line[lead:hlen], period, v)
                role = own or parent.time_role  # (an inherited role was settled on the parent's heading)
                if own == "plan" and root_role == "annual_plan":
                    role = "annual_plan"  # the tasks of a one-year work plan are that year's targets
                elif own == "review" and root_role == "report":
                    role = "report"  # 主要工作成效 in a work report: the year reported on, not a past period
                elif own == "plan" and root_role == "report" and not names_later_year(line[lead:hlen], period):
                    role = "report"  # 主要指标 in a report or bulletin: the figures of the period reported on
                sec = Section(title, rule.kind, level, rs, raw_len, role,
                              f"{parent.path} > {title}" if parent.path else title,
                              off + lead, len(nt.text), n, line[lead:hlen].strip(), parent)
                parent.children.append(sec)
                sections.append(sec)
                stack.append(sec)
                if rule.kind in ("box", "table"):
                    box = sec
                body_from = hlen
        sentence_lines.append((line, off, body_from, n))
    return DocStructure(root, sections, (nt, sentence_lines), find_dateline(nt, meta, v))


def _close(stack: list[Section], sec: Section, noff: int, nt: NormalizedText) -> None:
    """End `sec` (and everything opened inside it) where normalized offset `noff` begins."""
    raw_end = nt.to_raw(noff, noff)[0] if noff < len(nt.text) else len(nt.raw)
    while stack and len(stack) > 1:
        top = stack.pop()
        top.end, top.nend = raw_end, noff
        if top is sec:
            break


def _sentences(nt: NormalizedText, line: str, off: int, begin: int, n: int) -> list[Sentence]:
    """Sentences of one line from `begin`: up to each 。!? and the end of the line (lists without punctuation)."""
    out = []
    pos = begin
    ends = [m.end() for m in _SENT_END.finditer(line, begin)]
    if not ends or ends[-1] < len(line):
        ends.append(len(line))
    starts, stops = nt.starts, nt.ends  # (nt.to_raw of a non-empty span inside the text, without its checks)
    for e in ends:
        seg = line[pos:e]
        body = seg.strip()  # (strip and isspace agree on what is a space)
        if not body:
            pos = e
            continue
        a = pos + len(seg) - len(seg.lstrip())
        b = a + len(body)
        pos = e
        clauses, c0 = [], off + a
        for piece in _CLAUSE_END.split(body):  # (each mark one character: a piece ends one before the next)
            if piece:
                clauses.append((c0, c0 + len(piece)))
            c0 += len(piece) + 1
        out.append(Sentence(starts.item(off + a), stops.item(off + b - 1), off + a, off + b, n, tuple(clauses)))
    return out
