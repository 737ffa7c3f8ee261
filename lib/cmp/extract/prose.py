"""Read the civil-affairs figures printed in running text and 专栏 boxes (not tables) into tidy rows.

Plans state many of their figures in sentences: "城乡低保标准分别为每人每月830元、680元", "到2025年,养老机构护理型
床位占比不低于55%". This module finds such figures with patterns and theme keyword lists (module-level data below,
so the vocabulary can grow), works out what each one measures (label), for which year and whether it is a
baseline, actual or target value, and maps every span back to the raw text so each row is traceable.
Precision comes first: a number whose meaning the sentence does not make clear is left out.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from ..errors import CmpError
from ..ingest.normalize import NormalizedText
from ..ingest.sources import Document
from . import timeexpr
from .numbers import vocab as number_vocab
from .structure import DocStructure, parse_structure, plan_years
from .textnums import COUNT_UNITS, NUM, UNIT_ALT, decrease_before, find_values
from .textnums import Val as _Val
from .timeexpr import Time as _Time

# ---------------------------------------------------------------------------------------------------------------
# Vocabulary (grow these lists; the code below has no document-specific rules)
# ---------------------------------------------------------------------------------------------------------------

# theme id -> (English gloss, core theme?, keywords looked for in what a figure measures).
# Figures of core themes are kept whatever their kind; figures of other themes (or of none) only as plan targets.
THEMES: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "dibao": ("minimum living allowance (低保)", True, ("低保", "最低生活保障")),
    "tekun": ("extreme-poverty support (特困)", True, ("特困", "救助供养")),
    "child_welfare": ("children's welfare", True, (
        "孤儿", "事实无人抚养", "困境儿童", "留守儿童", "儿童督导员", "儿童主任", "儿童之家", "未成年人保护",
        "未成年人救助保护", "儿童福利", "孤残儿童")),
    "funeral": ("funeral reform", True, (
        "殡葬", "公墓", "墓园", "安葬", "安放设施", "骨灰", "节地生态", "墓地", "殡仪馆", "散埋乱葬", "埋葬点",
        "坟墓", "墓区", "散葬")),
    "volunteers": ("volunteers", True, ("志愿者", "志愿服务")),
    "social_work": ("social work", True, ("社会工作", "社工")),
    "social_org": ("social organisations", True, ("社会组织",)),
    "elderly_beds": ("elderly-care beds", True, ("床位",)),
    "elderly_care": ("elderly care", True, (
        "养老", "老年", "老人", "敬老院", "幸福院", "日间照料", "适老化", "照料中心", "高龄", "敬老")),
    "disability": ("disability welfare", False, ("残疾", "精神障碍", "两项补贴", "康复", "患者")),
    "marriage": ("marriage and adoption registration", False, ("婚姻", "婚登", "颁证", "收养")),
    "assistance": ("social assistance", False, ("救助", "困难群众", "低收入")),
    "community": ("community governance and services", False, ("社区", "嘎查村", "村(居)", "村居")),
    "charity": ("charity and welfare lottery", False, ("慈善", "福利彩票", "福彩")),
}
# `床位` counts as an elderly-care bed only with one of these words in the label, its scope or the category
ELDERLY_CONTEXT = ("养老", "老年", "老人", "护理型", "敬老", "照护", "照料")
# a theme may also come from the section heading when the label names a rate or an institution
CATEGORY_THEME_LABEL = re.compile(r"(?:率|比例|占比|比重|面积)$|机构|设施|床位|中心|站|院|园|基地|平台|驿站")
# themes whose keywords (社区, 村居) say where rather than what: the section may name a better theme
WEAK_THEMES = ("community",)
# a measure named without its subject (覆盖率达到100%): the subject is in the clause before
BARE_MEASURE = re.compile(r"[\u4e00-\u9fff]{0,4}(?:率|比例|占比|比重|覆盖面)")

# a number with 万/亿 but no unit is read as people when what it counts says so (151万 注册志愿者人数)
PEOPLE_WORDS = ("人数", "人次", "人员", "人口", "老年人", "老人", "儿童", "群众", "志愿者", "人")
# a sentence longer than this (no 。 for pages) is read in pieces cut at clause ends
MAX_SENTENCE = 600
# a label longer than this is a run-on phrase (often a sentence that lost its punctuation), not a label
MAX_LABEL = 40

# words that only say where (a label made of them alone names nothing)
SCOPE_WORDS = ("全市", "全区", "全县", "全旗", "全省", "我市", "我区", "各地区", "各地", "全国", "市级", "区级")

# left-hand words that are not part of what a figure measures
LEAD_WORDS = (
    "其中", "并且", "并", "且", "同时", "实现", "确保", "力争", "推动", "努力", "基本", "进一步", "已经", "已",
    "先后", "截至", "截止", "至少", "到", "至", "在此基础上", "此外", "全面", "逐步", "使", "让", "将", "要", "总计",
    "合计", "共计", "共", "累计", "分别", "均", "还", "及时", "持续", "继续", "而且", "以及", "和", "做到", "了",
)
# right-hand words between a label and its number (verbs, comparators, per-month markers)
TRAIL_WORDS = (
    "分别提高到", "分别提高至", "分别达到", "分别为", "分别是", "分别", "提高到", "提高至", "提升到", "提升至",
    "增长到", "增长至", "增加到", "增加至", "增至", "上升到", "上升至", "下降到", "下降至", "降低到", "降低至",
    "缩小为", "缩小到", "缩小至", "扩大到", "扩大至", "达到或超过", "达到", "达", "保持在", "稳定在", "控制在",
    "不低于", "不少于", "不高于", "不超过", "不多于", "不小于", "至少", "超过", "低于", "高于", "大于", "小于",
    "突破", "为", "是", "约", "近", "逾", "共", "累计", "总计", "合计", "共计", "要", "将", "力争达到", "力争",
    "提高", "提升", "每人每月", "月人均", "人均每月", "每月", "每人每年", "每年", "由", "从", "有", "已", "至",
    "到", "在", "享受", "了", "总体", "整体", "都", "必须", "实现", "稳步提高", "逐步提高",
    "持续提高", "不断提高", "稳步提升", "逐步提升", "持续提升", "不断提升",
)
# growth words: with a % value right after them the figure is a growth rate
GROWTH_WORDS = ("年均增长率", "年均增幅", "年均增长", "年均增加", "增长率", "增幅", "增长", "增加", "增速")
# verbs after which the counted thing follows the number (建设45个乡镇养老服务中心)
OBJECT_VERBS = (
    "建设", "新建", "建成", "建立", "设立", "设置", "打造", "培育", "孵化", "培训", "支持", "增加", "新增", "保障",
    "救助", "惠及", "覆盖", "为", "对", "完成", "组织", "发放", "创建", "选派", "评选", "接收", "帮助", "投放",
    "储备", "启动", "扶持", "建有", "拥有", "有", "配备", "配齐", "搭建", "选址", "平均", "资助建设", "容纳",
    "改造", "改扩建", "转型", "开展", "实施", "提供", "安置", "培养", "树立", "招募", "建", "补齐", "设有",
    "服务", "在", "设计", "举办", "招聘", "聘用", "吸纳", "带动", "培训了",
)
# first characters of a clause continuation that is not the counted thing (100张以上且具备…)
NOT_OBJECT_START = "且并和及以为由而或但用于"
# verbs (with 到/至/为) that end the "from" part of 由A提高到B
TO_VERBS = re.compile(r"(?:提高|增长|增加|上升|下降|降低|缩小|扩大|提升|减少|增|降)(?:到|至|为)")
PER_MONTH = ("每人每月", "月人均", "人均每月", "每月")
PER_YEAR = ("每人每年", "每年")
PER_HUNDRED_HOUSEHOLDS = ("每百户",)
# comparator words: the one vocabulary of numbers_vocab.yaml, shared with table cells
GE_WORDS = number_vocab().comparators["ge_prefix"]
LE_WORDS = number_vocab().comparators["le_prefix"]
NORM_OPENERS = ("按照", "参照", "依照", "依据")
# denominators written in labels -> English note
DENOMINATORS = (
    ("每千名老年人", "per 1,000 older people"), ("每千名老人", "per 1,000 older people"),
    ("千名老人", "per 1,000 older people"), ("每千人", "per 1,000 residents"), ("每万人", "per 10,000 people"),
    ("每万名", "per 10,000 people"), ("每百户", "per 100 households"), ("每百张", "per 100 beds"),
    ("常住人口", "share of resident population"),
)
# scope words that name the two halves of a paired value
PAIR_WORDS = {"城乡": ("城市", "农村"), "城镇和农村": ("城镇", "农村"), "城市和农村": ("城市", "农村")}
QUALIFIER_WORDS = ("农村牧区", "城市", "农村", "城镇", "乡村", "牧区")
# nouns that end the first item of an enumeration (机构孤儿、社会散居孤儿、重点困境儿童生活费标准)
ITEM_END_WORDS = ("岁", "级", "儿童", "孤儿", "老年人", "老人", "人员", "家庭", "机构", "社区", "村", "街道")

_HEADING_RES = (
    (re.compile(r"^第[一二三四五六七八九十百]+(?:部分|章)"), 1),
    (re.compile(r"^第[一二三四五六七八九十百]+节"), 2),
    (re.compile(r"^[一二三四五六七八九十]+、"), 3),
    (re.compile(r"^[((][一二三四五六七八九十]*[))]"), 4),
    (re.compile(r"^\d{1,2}\s*[、.]?(?![\d.%])"), 5),
    (re.compile(r"^专栏"), 6),
    (re.compile(r"^表\s*\d"), 6),
)
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十百]+(?:部分|章|节)\s*|[一二三四五六七八九十]+、|[((][一二三四五六七八九十]*[))]"
    r"|\d{1,2}\s*[、.](?!\d)|——|-{1,2}|[•·])\s*")
_HEADING_NUMBER = re.compile(r"^\d{1,2}(?=[\u4e00-\u9fff])")
# a line inside a 专栏 box: numbered item, dash item, or a flattened cell ending with |
_BOX_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[、.]|——|-{1,2}|[•·]|[((]\d)|\|\s*$")

# (the leading look-ahead names the first character of every alternative, so most positions fail at once)
_CLAUSE_SPLIT = re.compile(r"(?=[,;:]|\s)"
                           r"(?:[,;,;]|(?<!\d)[::]|[::](?!\d)|\s{2,}|(?<=[\u4e00-\u9fff”)])\s+(?=[\u4e00-\u9fff“(]))")
_SENTENCE_END = re.compile(r"[。!?!?]")  # a sentence ends after one of these
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Precompiled once (extract_prose runs these per line or per sentence; building or looking them up per call was
# most of its time on long documents).
_DIGIT = re.compile(r"\d")
_SHARED_JUN = re.compile(r"(?<![年平人])均")  # 均 that shares a value (均达到), not 年均/平均/人均
# a label that only compares (比上年提高): the subjects are named by the clauses before
_COMPARE_ONLY = re.compile(r"^(?:分别)?(?:比上年度?|同比|较上年|比去年)?(?:提高|增长|增加|上升|下降|减少|降低)?$")
# a label that points back to the previous statement (这一指标必须达到55%)
_POINTER = re.compile(r"^(?:这一|该|此|上述)(?:项)?(?:指标|比例|比率|目标|数字)")
# one value shared by a list of subjects: 均/都 between the label and the value
# labels that name no measure on their own (面积 of what?)
_BARE_LABEL = re.compile(r"(?:总|建筑|使用|占地|办公|服务)?(?:面积|金额|资金|床位|比例|占比|数量|人数|规模|标准)")
_SHARED_AFTER = re.compile(r"(?:均|都|全部|皆)")
_HAS_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千]")
# at least 8 / 30 CJK characters (stops at the 8th or 30th instead of collecting them all)
_CJK_6 = re.compile(r"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){6}")
_CJK_8 = re.compile(r"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){8}")
_CJK_30 = re.compile(r"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){30}")
_YEAR_IN_PERIOD = re.compile(r"(?:19|20)\d\d")
_WS_RUN = re.compile(r"\s+")
_TARGET_TYPE = re.compile(r"约束性|预期性")
_PROSE_PUNCT = re.compile(r"[。;,:]")
_TITLE_RES = (re.compile(r"《[^《》]*》"),)
_QUOTED_RES = (re.compile(r"“[^“”]*”"), re.compile(r"\"[^\"]*\""), re.compile(r"「[^「」]*」"),
               re.compile(r"『[^『』]*』"))
_QUOTE_OPEN = re.compile(r"[“\"「『]")
_LIST_GAP = re.compile(r"\s*(?:、|和|与|及|或)\s*(?:每人每月|每月)?\s*")
_FROM_WORD = re.compile(r"(?:^|[^从业])(?:由|从)(?!业|事)")
_NEXT_NUMBER = re.compile(r"、\s*\d")
_CONDITION_AFTER = re.compile(r"^的[^,;。,;]{0,24}?(?:标准|要求|目标)")
_NORM_AFTER = re.compile(r"^[^;。;]*?的[^,;。,;]{0,12}?(?:标准|要求)")
_CONDITION_BEFORE = re.compile(r"(?:率|比例|人口|收入|人数)(?:低于|高于|超过|不足|在)$")
# (an age in a label defines who is counted: 60岁及以上老年人口 is still a clean label)
_FIGURE_IN_LABEL = re.compile(rf"{NUM}\s*(?!周?岁)(?:{UNIT_ALT})")
_CLAUSE_STOP = re.compile(r"[,。;,;:]")
_SCOPE_QUALIFIER = re.compile(rf"^(?:每个|各|在)?({'|'.join(QUALIFIER_WORDS)})")
_ITEM_SPLIT = re.compile(r"、|和|与|及|或")
_HEAD_SPLIT = re.compile(r"[,的]")
_LEVEL_WORD = re.compile(r"^(.{1,4}?级)")
_PER_YEAR_WORDS = re.compile(r"每年|年均")
_MEASURE_END = re.compile(r"(?:率|比例|占比|比重|数|数量|面积|人数|总数|标准|覆盖面)$")
# word lists tried longest first (sorted once; ties keep the list order)
_LEAD_SORTED = tuple(sorted(LEAD_WORDS, key=len, reverse=True))
_TRAIL_SORTED = tuple(sorted(TRAIL_WORDS, key=len, reverse=True))
_GROWTH_SORTED = tuple(sorted(GROWTH_WORDS, key=len, reverse=True))
_PREFIX_WORDS = tuple(sorted(GE_WORDS + LE_WORDS + ("近", "约") + PER_MONTH + PER_YEAR + PER_HUNDRED_HOUSEHOLDS,
                             key=len, reverse=True))


# ---------------------------------------------------------------------------------------------------------------
# Small records
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class _Group:
    """Values printed together (830元、680元) that share a label."""

    vals: list[_Val]
    clause: tuple[int, int]
    seg0: int = 0  # where the text that belongs to this group starts
    from_seg0: int = 0  # for the 'to' half of 由A提高到B: where the 'from' half starts
    used_to: int = 0  # end of the text this group used (its last value or its object)
    role: str = ""  # '' | 'from' | 'to'
    label: tuple[int, int] | None = None
    value_labels: list[tuple[int, int]] = field(default_factory=list)  # one label per value (分别达到 A、B、C)
    subject: tuple[int, int] | None = None  # what a bare measure (占…比例, 增长) refers to
    scope: str = ""
    modifier: str = ""  # 2个国家级、5个省级社区治理实验区: 国家级
    qualifiers: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)  # subjects sharing the one value (A、B均达到100%)
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skip: bool = False


@dataclass
class _Context:
    """What the document around a sentence says: category, the section's time role and year, the period."""

    category: str = ""
    box_parent: str | None = None  # category outside the current 专栏 box
    role: str = "plan"  # the section's time role (structure.ROLES)
    section_year: int | None = None  # a year printed in the section's heading path (二、2023年工作安排)
    plan_start: int = 2021
    plan_end: int = 2025


# ---------------------------------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------------------------------


def extract_prose(doc: Document, nt: NormalizedText, skip_lines: frozenset[int] | set[int] = frozenset(),
                  structure: DocStructure | None = None) -> list[dict]:
    """Tidy rows (method 'prose') for every quantified statement in `doc`'s running text and 专栏 boxes.

    `nt` is normalize(doc.text); `skip_lines` (1-based) are lines read elsewhere, such as indicator tables;
    `structure` is parse_structure(nt, doc.meta) (made here when not given) and gives each line its section's
    time role. Rows carry every tidy column but row_id (indicator is left ''), sorted by raw start offset.
    """
    if nt.raw != doc.text:
        raise CmpError("normalized text was made from another text; expected normalize(doc.text)", path=doc.file)
    st = structure if structure is not None else parse_structure(nt, doc.meta)
    ctx = _Context()
    ctx.plan_start, ctx.plan_end = plan_years(doc.meta)
    dup_lines = nt.duplicate_line_numbers()
    first_copies = nt.repeated_first_lines()
    offsets = nt.line_offsets()
    rows: list[dict] = []
    for n, line in enumerate(nt.text.split("\n"), start=1):
        if n in dup_lines or n in skip_lines or not line.strip():
            continue
        level = _heading_level(line)
        if level:
            _enter_heading(ctx, line, level)
            continue
        if ctx.box_parent is not None and not _BOX_ITEM.search(line):
            ctx.category, ctx.box_parent = ctx.box_parent, None  # the 专栏 box has ended
        if not _HAS_NUMBER.search(line) or not _is_prose_line(line):
            continue  # a line without a number holds no figure
        sec = st.section_at(int(nt.starts[offsets[n - 1]]) if offsets[n - 1] < len(nt.starts) else len(nt.raw))
        ctx.role = sec.time_role
        years = [int(y) for y in _YEAR_IN_PERIOD.findall(sec.path)]
        ctx.section_year = years[-1] if years else None
        eras = _line_eras(line)
        era_starts = [e.start for e in eras]
        for s0, s1 in _sentences(line):
            k = bisect.bisect_left(era_starts, s0)
            era = eras[k - 1] if k else None
            for row in _sentence_rows(doc, nt, ctx, line[s0:s1], offsets[n - 1] + s0, era):
                if n in first_copies:
                    row["flags"] = _join_flags(row["flags"], "duplicate_source")
                rows.append(row)
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Document structure
# ---------------------------------------------------------------------------------------------------------------


def _heading_level(line: str) -> int:
    """Heading level of a line (1 part/chapter ... 6 专栏/table title), 0 if the line is not a heading."""
    s = line.strip().rstrip("|").strip()
    if not s or len(s) > 45 or s.endswith(("。", ";", ",", ",", ";")):
        return 0
    for rx, level in _HEADING_RES:
        m = rx.match(s)
        if m:
            rest = s[m.end():]
            if level == 5 and (len(s) > 30 or _DIGIT.search(rest) or not _CJK.match(rest[:1] or "x")):
                return 0
            if level < 6 and _DIGIT.search(rest):
                return 0
            return level
    return 0


def _enter_heading(ctx: _Context, line: str, level: int) -> None:
    raw_title = line.strip().rstrip("|").strip()
    if level < 6:
        raw_title = _HEADING_NUMBER.sub("", _NUMBERING.sub("", raw_title))
    title = _WS_RUN.sub(" ", raw_title).strip()
    if level == 6:
        if ctx.box_parent is None:
            ctx.box_parent = ctx.category
        ctx.category = title
        return
    if ctx.box_parent is not None and level == 5:
        return  # a numbered sub-title inside a 专栏 box
    ctx.box_parent = None
    ctx.category = title


def _is_prose_line(line: str) -> bool:
    """A line of running text (not a flattened table cell or row)."""
    s = line.strip()
    if _TARGET_TYPE.search(s) and "。" not in s:
        return False
    if _PROSE_PUNCT.search(s) and _CJK_8.match(s):
        return True  # punctuated, with at least 8 CJK characters
    if "|" not in s and "\t" not in s and _CJK_6.match(s):
        return True  # one target per line without punctuation (特困人员集中供养率达到52%)
    return _CJK_30.match(s) is not None  # at least 30 CJK characters


def _line_eras(line: str) -> list[_Time]:
    """Plan-period markers of a paragraph ('十三五期间' -> 2020), left to right: a sentence without a time of its
    own takes the last one before it (found once per line, so long paragraphs stay linear)."""
    if "五" not in line:
        return []
    return [t for t in timeexpr.find_times(line) if t.kind in ("end", "period") and not t.compare]


def _sentences(line: str) -> list[tuple[int, int]]:
    """Sentence spans of a line; a run-on longer than MAX_SENTENCE is cut at clause ends (so that the work per
    sentence is bounded and a document of any shape is read in linear time)."""
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(line):
        if m.end() > pos:
            out.append((pos, m.end()))
            pos = m.end()
    if pos < len(line):
        out.append((pos, len(line)))
    return [piece for a, b in out if line[a:b].strip() for piece in _bounded(line, a, b)]


def _bounded(line: str, a: int, b: int) -> list[tuple[int, int]]:
    """[a, b) as pieces of at most MAX_SENTENCE characters, cut after a clause mark or at a non-digit."""
    out = []
    while b - a > MAX_SENTENCE:
        cut = max(line.rfind(c, a, a + MAX_SENTENCE) for c in ",;,;") + 1
        if cut <= a + MAX_SENTENCE // 2:
            cut = a + MAX_SENTENCE
            while cut < b and (line[cut - 1].isdigit() or line[cut].isdigit()):
                cut += 1  # never inside a number
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


def _clauses(sent: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _CLAUSE_SPLIT.finditer(sent):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(sent)))
    return [(a, b) for a, b in out if b > a]


# ---------------------------------------------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------------------------------------------


def _times(sent: str, titles: list[tuple[int, int]]) -> list[_Time]:
    return timeexpr.find_times(sent, titles)


def _spans(sent: str, patterns: tuple[re.Pattern, ...]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for rx in patterns for m in rx.finditer(sent)]


def _titles(sent: str) -> list[tuple[int, int]]:
    """Spans inside 《titles》 (document names), where numbers and years are names rather than values."""
    return _spans(sent, _TITLE_RES) if "《" in sent else []


def _quoted(sent: str) -> list[tuple[int, int]]:
    """Spans inside “quoted names” (slogans such as “1234”模式), where numbers are names rather than values."""
    if not _QUOTE_OPEN.search(sent):
        return []
    return _spans(sent, _QUOTED_RES)


# ---------------------------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------------------------
# Sentences: group the numbers, find what each group measures
# ---------------------------------------------------------------------------------------------------------------


def _sentence_rows(doc: Document, nt: NormalizedText, ctx: _Context, sent: str, sent_base: int,
                   line_era: _Time | None) -> list[dict]:
    if not _HAS_NUMBER.search(sent):
        return []  # no number, no value
    titles = _titles(sent)
    vals = find_values(sent, titles + _quoted(sent))
    if not vals:
        return []
    times = _times(sent, titles)
    groups = _groups(sent, vals, _clauses(sent))
    for i in range(len(groups)):
        _resolve(sent, groups, i, times)
    _share_modifiers(sent, groups)
    rows: list[dict] = []
    for g in groups:
        if g.skip or (g.label is None and not g.value_labels):
            continue
        rows += _share_rows(g, _group_rows(doc, nt, ctx, sent, sent_base, g, times, line_era))
    return rows


def _groups(sent: str, vals: list[_Val], clauses: list[tuple[int, int]]) -> list[_Group]:
    groups: list[_Group] = []
    starts = [a for a, _b in clauses]
    for v in vals:
        k = bisect.bisect_right(starts, v.start) - 1  # clauses are ordered: a binary search keeps this linear
        clause = clauses[k] if k >= 0 and clauses[k][0] <= v.start < clauses[k][1] else clauses[-1]
        if groups and groups[-1].clause == clause:
            gap = sent[groups[-1].vals[-1].end:v.start]
            if _LIST_GAP.fullmatch(gap):
                groups[-1].vals.append(v)
                continue
        groups.append(_Group([v], clause))
    return groups


def _resolve(sent: str, groups: list[_Group], i: int, times: list[_Time]) -> None:
    """Decide group i's role (from/to), label, subject, scope and qualifiers."""
    g = groups[i]
    prev = groups[i - 1] if i > 0 else None
    same_clause_prev = prev if prev is not None and prev.clause == g.clause else None
    g.seg0 = same_clause_prev.used_to if same_clause_prev else g.clause[0]
    first, last = g.vals[0], g.vals[-1]
    g.used_to = last.end
    _attach_prefix(sent, g)
    if g.role == "to" and prev is not None:
        _inherit(g, prev)
        return
    nxt = groups[i + 1] if i + 1 < len(groups) and groups[i + 1].clause == g.clause else None
    if nxt is not None and len(nxt.vals) == len(g.vals) and _FROM_WORD.search(sent[g.seg0:first.vstart]) \
            and TO_VERBS.search(sent[last.end:nxt.vals[0].start]):
        g.role, nxt.role = "from", "to"
    reading = _condition_or_norm(sent, g)
    if reading == "condition":
        g.skip = True
        return
    if reading == "norm":
        g.flags.append("norm")  # 按照每百户不低于30平方米的标准: a norm the plan applies, kept with its flag
    pre_raw = sent[g.seg0:first.vstart]
    lab = _clean_label(sent, g.seg0, first.vstart, times)
    if lab is not None and sent[lab[0]:lab[1]] in SCOPE_WORDS:
        g.scope, lab = sent[lab[0]:lab[1]], None
    post = _object_after(sent, g, nxt.vals[0].vstart if nxt is not None else len(sent))
    lab_text = sent[lab[0]:lab[1]] if lab else ""
    money = first.unit.startswith("元")
    countable = first.unit in COUNT_UNITS or money or first.unit == ""
    after_de = sent[last.end:last.end + 1] == "的"
    if post is not None and sent[post[1]:post[1] + 1] == "、" and _NEXT_NUMBER.match(sent[post[1]:post[1] + 3]) \
            and post[1] - post[0] <= 4 and countable:
        g.modifier, g.scope = sent[post[0]:post[1]], lab_text or g.scope  # 2个国家级、5个省级…
        g.used_to = post[1]
        return
    if lab is not None and len(g.vals) > 1 and "分别" in pre_raw and _COMPARE_ONLY.match(lab_text) \
            and _distribute(sent, groups, i):
        g.flags.append("label_from_context")  # A…, B…, 分别比上年提高6.5%和8.3%
        g.notes.append("growth rate")
        return
    if lab is not None and _POINTER.match(lab_text):
        back = _previous_clause(sent, g, times)
        if back is not None:
            lab, lab_text = back, sent[back[0]:back[1]]  # 这一指标必须达到55%: the subject of the clause before
            g.flags.append("label_from_context")
    if lab is None:
        if post is not None:
            _use_object(g, post)
        elif "分别" in pre_raw and _distribute(sent, groups, i):
            g.flags.append("label_from_context")
        else:
            _label_from_context(sent, groups, i)
            if g.label is None and i == 0:
                g.label = _previous_clause(sent, g, times)  # …实现全覆盖,达到45个: the clause before names it
                if g.label is not None:
                    g.flags.append("label_from_context")
    elif post is not None and pre_raw.rstrip().endswith("、") and same_clause_prev is None:
        g.scope = _cut_list_tail(lab_text)
        _use_object(g, post)
    elif post is not None and countable and g.role != "from" and (
            _ends_with_verb(lab_text) or not after_de and sent[post[0]] not in NOT_OBJECT_START):
        g.scope = lab_text  # 45个乡镇养老服务中心: the counted thing follows the number
        _use_object(g, post)
    elif post is not None and money and after_de and g.role != "from":
        g.scope = lab_text
        _use_object(g, post)
    elif lab_text in GROWTH_WORDS:
        if _SHARED_JUN.search(pre_raw) or prev is None:
            g.skip = True  # 增幅均超6%: one figure for several subjects
            return
        _label_from_context(sent, groups, i, any_size=True)
        g.notes.append("growth rate")
    else:
        g.label = lab
        if lab_text.startswith(("占", "比", "较")) and prev is not None:
            g.subject = prev.subject or prev.label
        elif BARE_MEASURE.fullmatch(lab_text):
            g.subject = _previous_clause(sent, g, times)
        elif any(lab_text.endswith(w) for w in GROWTH_WORDS) and _theme(lab_text, "") is None and prev is not None:
            g.subject = prev.subject or prev.label  # 综合年均增幅达10.93% after 城市低保…, 农村低保…
        if post is not None and after_de and first.unit in ("%", "‰"):
            g.notes.append(f"of: {sent[post[0]:post[1]]}")
    if g.label is None and not g.value_labels:
        return
    _qualify(sent, groups, i)
    between = sent[g.label[1]:first.vstart] if g.label else ""
    label_now = sent[g.label[0]:g.label[1]] if g.label else ""
    if first.unit == "%" and (any(label_now.endswith(w) for w in GROWTH_WORDS)
                              or any(between.lstrip("的").startswith(w) for w in GROWTH_WORDS)):
        g.notes.append("growth rate")


def _previous_clause(sent: str, g: _Group, times: list[_Time]) -> tuple[int, int] | None:
    """The clause before g's clause (覆盖率达到100% names no subject; the clause before it does)."""
    end = g.clause[0] - 1
    if end <= 0:
        return None
    start = max(sent.rfind(c, 0, end) for c in ",,;;:") + 1
    if _DIGIT.search(sent[start:end]):
        return None
    return _clean_label(sent, start, end, times)


def _inherit(g: _Group, prev: _Group) -> None:
    """The 'to' half of 由A提高到B takes what the 'from' half measures."""
    g.label, g.value_labels, g.subject = prev.label, list(prev.value_labels), prev.subject
    g.from_seg0 = prev.seg0
    g.scope, g.qualifiers, g.notes, g.skip = prev.scope, list(prev.qualifiers), list(prev.notes), prev.skip
    g.flags = [f for f in prev.flags if f == "label_from_context"]
    per = prev.vals[0].per
    for v in g.vals:
        v.per = v.per or per


def _use_object(g: _Group, post: tuple[int, int]) -> None:
    g.label = post
    g.used_to = post[1]


def _attach_prefix(sent: str, g: _Group) -> None:
    """Comparator and per-month words just before the first number belong to the value phrase."""
    first = g.vals[0]
    pos, comparator, per = first.start, "", ""
    changed = True
    while changed:
        changed = False
        head = sent[g.seg0:pos]
        if not head.endswith(_PREFIX_WORDS):
            break
        for w in _PREFIX_WORDS:
            if head.endswith(w):
                if w in GE_WORDS:
                    comparator = comparator or ">="
                elif w in LE_WORDS:
                    comparator = comparator or "<="
                elif w in ("近", "约"):
                    first.flags.append("approximate")
                elif w in PER_MONTH:
                    per = per or "month"
                elif w in PER_HUNDRED_HOUSEHOLDS:
                    per = per or "100hh"
                else:
                    per = per or "year"
                pos -= len(w)
                changed = True
                break
    first.vstart = pos
    window = sent[g.seg0:first.start]
    if not per and any(w in window for w in PER_MONTH):
        per = "month"  # 提高每人每月至2656元
    if not per and any(w in window for w in PER_YEAR) and first.unit.startswith("元"):
        per = "year"
    if not comparator:
        if any(w in window for w in ("不低于", "不少于", "至少")):
            comparator = ">="
        elif any(w in window for w in ("不超过", "不高于")):
            comparator = "<="
    for v in g.vals:
        if comparator and v.comparator in ("=", ""):
            v.comparator = comparator if v.value is not None else ""
        v.per = v.per or per


def _condition_or_norm(sent: str, g: _Group) -> str:
    """'condition' for a number that sets a condition (满意率低于85%的机构), 'norm' for one that quotes a norm
    (按照每百户…不低于30平方米的标准), '' for a value."""
    plain = _TITLE_RES[0].sub(lambda m: "□" * len(m.group(0)), sent) if "《" in sent else sent
    last = g.vals[-1]
    clause_after = plain[last.end:g.clause[1]]
    if any(w in plain[:g.vals[0].start] for w in NORM_OPENERS) and _NORM_AFTER.search(plain[last.end:]):
        return "norm"
    if _CONDITION_AFTER.match(clause_after):
        return "condition"
    head = plain[g.seg0:g.vals[0].start]
    return "condition" if _CONDITION_BEFORE.search(head) and clause_after.startswith("的") else ""


def _strip_times(a: int, b: int, times: list[_Time]) -> tuple[int, int]:
    for t in times:
        if t.start <= a < t.end and t.end <= b:
            a = t.end
        if t.start < b <= t.end and t.start >= a:
            b = t.start
    return a, b


def _clean_label(sent: str, a: int, b: int, times: list[_Time]) -> tuple[int, int] | None:
    """Trim a label span: numbering, time words, connectives on the left; verbs and comparators on the right."""
    for _ in range(40):
        old = (a, b)
        a, b = _strip_times(a, b, times)
        while a < b and sent[a] in " 、,,;;::。|—-\"“”'的":
            a += 1
        while b > a and sent[b - 1] in " 、,,;;::的(\"“":
            b -= 1
        m = _NUMBERING.match(sent[a:b])
        if m and m.end() > 0:
            a += m.end()
        if sent[a:b].startswith(_LEAD_SORTED):
            for w in _LEAD_SORTED:
                if sent[a:b].startswith(w):
                    a += len(w)
                    break
        if sent[a:b].endswith(_TRAIL_SORTED):
            for w in _TRAIL_SORTED:
                if sent[a:b].endswith(w):
                    b -= len(w)
                    break
        if sent[a:b].endswith("均") and not sent[a:b].endswith("平均"):
            b -= 1
        if (a, b) == old:
            break
    text = sent[a:b]
    if b <= a or len(_CJK.findall(text)) < 2:
        return None
    if _FIGURE_IN_LABEL.search(text):
        return None  # a label that still holds another figure is not a clean label
    return _balance(sent, a, b)


def _balance(sent: str, a: int, b: int) -> tuple[int, int] | None:
    """Drop an unmatched bracket or quote at either end of a span."""
    for _ in range(4):
        text = sent[a:b]
        if text.endswith((")", ")")) and text.count("(") + text.count("(") < text.count(")") + text.count(")"):
            b -= 1
        elif text.endswith("”") and text.count("“") < text.count("”"):
            b -= 1
        elif text.startswith("“") and text.count("“") > text.count("”"):
            a += 1
        elif text.endswith(("(", "(", "“", "、")):
            b -= 1
        else:
            break
    return (a, b) if b > a and len(_CJK.findall(sent[a:b])) >= 2 else None


def _ends_with_verb(text: str) -> bool:
    return any(text.endswith(v) for v in OBJECT_VERBS)


def _cut_list_tail(text: str) -> str:
    """养老服务设施覆盖所有城市社区 -> 养老服务设施覆盖 (the part before the list the number opens)."""
    best = -1
    for v in OBJECT_VERBS:
        k = text.rfind(v)
        if k > 0:
            best = max(best, k + len(v))
    return text[:best] if best > 0 else text


def _object_after(sent: str, g: _Group, stop: int) -> tuple[int, int] | None:
    """The counted thing printed after a number (45个乡镇养老服务中心 -> 乡镇养老服务中心), up to `stop`."""
    a, b = g.vals[-1].end, min(g.clause[1], stop)
    if sent[a:a + 1] == "的":
        a += 1
    if a >= b or not (_CJK.match(sent[a]) or sent[a] in "“\""):
        return None
    m = _CLAUSE_STOP.search(sent[a:b])
    if m:
        b = a + m.start()
    depth = 0
    for k in range(a, b):
        depth += sent[k] in "(("
        depth -= sent[k] in "))"
        if depth < 0:
            b = k
            break
    text = sent[a:b]
    k = text.find("床位的")
    if k >= 0:
        b = a + k + 2  # 700张床位的区养老院 -> 床位
    while b > a and sent[b - 1] in "、和与及 ":
        b -= 1
    return _balance(sent, a, b)


def _label_from_context(sent: str, groups: list[_Group], i: int, any_size: bool = False) -> None:
    """No label of its own (分别增长43.1%和112.5%): take the subject named by an earlier group of the sentence."""
    g = groups[i]
    for p in reversed(groups[:i]):
        if (p.label is not None) and not p.skip and (any_size or len(p.vals) == len(g.vals)):
            g.label = p.subject or p.label
            if len(p.vals) == len(g.vals):
                g.qualifiers = list(p.qualifiers)
            g.scope = p.scope
            g.flags.append("label_from_context")
            return


def _distribute(sent: str, groups: list[_Group], i: int) -> bool:
    """分别达到5000家、10000人、170万人 after three clauses that each named a subject: one label per value."""
    g = groups[i]
    n = len(g.vals)
    prev = [p for p in groups[:i] if p.label is not None and len(p.vals) == 1 and not p.skip]
    if n < 2 or len(prev) < n:
        return False
    labels = []
    for p in prev[-n:]:
        a, b = p.label
        for w in _GROWTH_SORTED:
            if sent[a:b].endswith(w) and b - len(w) > a:
                b -= len(w)
                break
        labels.append((a, b))
    g.value_labels = labels
    return True


def _qualify(sent: str, groups: list[_Group], i: int) -> None:
    """Qualifiers for the values of a group (城市/农村 for 城乡…分别为A、B)."""
    g = groups[i]
    if g.value_labels or g.qualifiers:
        return
    label_text = sent[g.label[0]:g.label[1]] if g.label else ""
    if len(g.vals) > 1:
        if len({v.unit for v in g.vals}) == len(g.vals):
            return  # 2.14万户、3.57万人: one subject counted in two units
        g.qualifiers = _pair_qualifiers(label_text, len(g.vals)) or _pair_qualifiers(g.scope, len(g.vals))
        if not g.qualifiers:
            g.skip = True  # several numbers, and the sentence does not say which is which
        return
    between = sent[g.label[1]:g.vals[0].vstart] if g.label else ""
    shared = _SHARED_AFTER.search(between + label_text[-1:]) is not None
    items = _top_level_items(label_text) if shared else []
    pair = next((p for w, p in PAIR_WORDS.items() if w in label_text), None) if shared else None
    if pair and len(items) < 2:
        g.shared = list(pair)  # 城乡社区…覆盖率均达到100%: 城市 and 农村
    elif len(items) > 1:
        paired = [] if "(" in label_text else _pair_qualifiers(label_text, len(items))
        g.shared = paired or items  # A、B、C均达到100%: one row per subject
    elif g.scope:
        m = _SCOPE_QUALIFIER.match(g.scope)
        if m:
            g.qualifiers = [m.group(1)]


def _top_level_items(label: str) -> list[str]:
    """The items of a list of subjects split at 、/和/与/及 outside brackets (县(市、区)、乡镇(街道) -> 2 items)."""
    items, depth, cur = [], 0, ""
    for ch in label:
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth == 0 and ch in "、和与及":
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    return [x for x in (i.strip() for i in items) if x] if len(items) > 1 else []


def _pair_qualifiers(label: str, n: int) -> list[str]:
    """Names of the n parts of a paired value from its label (城乡 -> 城市, 农村; A、B、C标准 -> A, B, C)."""
    if n == 2:
        for word, pair in PAIR_WORDS.items():
            if word in label:
                return list(pair)
    items = _ITEM_SPLIT.split(label)
    if len(items) < n:
        return []
    items = items[-n:]
    head, last = items[:-1], items[-1]
    head[0] = _HEAD_SPLIT.split(head[0])[-1]
    cut = 0
    for w in QUALIFIER_WORDS:
        if last.startswith(w):
            cut = len(w)
            break
    if not cut and head[0][-2:] and head[0][-2:] in last:
        cut = last.index(head[0][-2:]) + 2
    if not cut:
        shared = [w for w in ITEM_END_WORDS if head[0].endswith(w) and w in last]
        hits = [last.index(w) + len(w) for w in (shared or [w for w in ITEM_END_WORDS if w in last])]
        cut = min(hits) if hits else 0
    quals = [h.strip() for h in head] + [last[:cut].strip()]
    if not cut or any(not q or len(q) > 12 for q in quals):
        return []
    return quals


def _share_modifiers(sent: str, groups: list[_Group]) -> None:
    """至少打造2个国家级、5个省级社区治理实验区: both count 社区治理实验区, qualified 国家级 and 省级."""
    for i, g in enumerate(groups):
        if not g.modifier:
            continue
        nxt = groups[i + 1] if i + 1 < len(groups) else None
        if nxt is None or nxt.label is None or nxt.skip:
            g.skip = True
            continue
        text = sent[nxt.label[0]:nxt.label[1]]
        m = _LEVEL_WORD.match(text)
        if not m:
            g.skip = True
            continue
        g.label, g.qualifiers = nxt.label, [g.modifier]
        nxt.qualifiers = [m.group(1)]
        for v in nxt.vals:
            if v.comparator == "=" and g.vals[0].comparator in (">=", "<="):
                v.comparator = g.vals[0].comparator
        if not g.scope and nxt.scope:
            g.scope = nxt.scope


# ---------------------------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------------------------


def _theme(text: str, category: str) -> tuple[str, str, bool] | None:
    """The theme whose keyword comes first in `text`, core themes before the others (床位 needs an elderly word)."""
    best: tuple[bool, int, str] | None = None
    for tid, (_gloss, core, words) in THEMES.items():
        pos = [text.find(w) for w in words if w in text]
        if not pos:
            continue
        if tid == "elderly_beds" and not any(w in text or w in category for w in ELDERLY_CONTEXT):
            continue
        key = (not core, min(pos), tid)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is None:
        return None
    tid = best[2]
    if tid == "elderly_care" and "床位" in text:
        tid = "elderly_beds"
    gloss, core, _ = THEMES[tid]
    return tid, gloss, core


def _time_for(g: _Group, v: _Val, times: list[_Time]) -> tuple[_Time | None, bool]:
    """The time expression that dates a value, and whether it sits in the value's own segment."""
    usable = [t for t in times if not t.compare and t.end <= v.start]
    own = [t for t in usable if t.start >= g.seg0]
    if own:
        return own[-1], True
    if g.role == "to":
        usable = [t for t in usable if t.end <= g.from_seg0]
    return (usable[-1], False) if usable else (None, False)


def _kind_year(g: _Group, v: _Val, times: list[_Time], ctx: _Context, line_era: _Time | None,
               sent: str) -> tuple[str, int | None, list[str]]:
    t, own = _time_for(g, v, times)
    if t is None:
        t = line_era
    period = (ctx.plan_start, ctx.plan_end)
    before = sent[g.clause[0]:v.start]
    if g.role == "from":
        if own and t is not None and t.year is not None and t.kind in ("year", "end", "period"):
            return "baseline", t.year, []
        to_kind, to_year, _ = timeexpr.resolve(t, ctx.role, period, sent[g.clause[0]:], ctx.section_year)
        return "baseline", timeexpr.baseline_year(to_kind, to_year, t, period), ["year_assumed"]
    return timeexpr.resolve(t, ctx.role, period, before, ctx.section_year)


def _group_rows(doc: Document, nt: NormalizedText, ctx: _Context, sent: str, sent_base: int, g: _Group,
                times: list[_Time], line_era: _Time | None) -> list[dict]:
    subject = sent[g.subject[0]:g.subject[1]] if g.subject else ""
    rows = []
    for k, v in enumerate(g.vals):
        span = g.value_labels[k] if g.value_labels else g.label
        assert span is not None
        label = sent[span[0]:span[1]]
        if len(label) > MAX_LABEL:
            continue
        bare_of = ""
        if _BARE_LABEL.fullmatch(label):
            # 面积, 金额, 床位 alone name no measure: the label runs from the clause before that says whose
            # (still a span of the source text); failing that, the section heading says it in the note
            whose = g.subject or _previous_clause(sent, g, times)
            if whose is not None and whose[0] < span[0] and span[1] - whose[0] <= MAX_LABEL:
                span = (whose[0], span[1])
                label = sent[span[0]:span[1]]
            else:
                bare_of = ctx.category
        theme = _theme(" ".join((label, subject, g.scope)), ctx.category)
        if (theme is None or theme[0] in WEAK_THEMES) and CATEGORY_THEME_LABEL.search(label):
            # a rate or an institution named without a theme word: the clause or the section says which
            wider = [t for t in (_theme(sent[g.clause[0]:g.clause[1]], ctx.category),
                                 _theme(ctx.category, ctx.category)) if t is not None]
            wider = [t for t in wider if t[2]] or ([] if theme is not None else wider)
            if wider:
                theme = wider[0]
        kind, year, tflags = _kind_year(g, v, times, ctx, line_era, sent)
        gloss = theme[1] if theme is not None else ""  # unmapped figures are kept: the theme is only a note
        unit, unit_raw, vflags = v.unit, v.unit_raw, list(v.flags)
        if not unit and "ratio" not in vflags and "implausible_magnitude" not in vflags:
            counted_after = g.label is not None and g.label[0] >= v.end  # 15.8万农村牧区贫困人口基本生活
            if not any((label + g.scope).endswith(w) or (counted_after and w in label) for w in PEOPLE_WORDS):
                continue  # 2.1万 of what?
            unit = "人次" if label.endswith("人次") else "人"
            vflags.append("unit_from_label")
        notes = [gloss]
        if v.per == "month" and unit == "元":
            unit, unit_raw = "元/人/月", f"{v.unit_raw}(每人每月)"
            notes.append("per person per month")
        elif v.per == "year" and unit == "元":
            unit, unit_raw = "元/年", f"{v.unit_raw}(每年)"
            notes.append("per year")
        elif v.per == "100hh" and unit in ("㎡",):
            unit, unit_raw = "㎡/百户", f"{v.unit_raw}(每百户)"
            notes.append("per 100 households")
        elif v.per == "year" or _PER_YEAR_WORDS.search(sent[g.seg0:v.start]):
            notes.append("per year")
        notes += [gloss_d for word, gloss_d in DENOMINATORS if word in label + g.scope][:1]
        notes += g.notes
        if subject:
            notes.append(f"subject: {subject}")
        if g.scope:
            notes.append(f"scope: {g.scope}")
        if g.role == "from":
            notes.append("value before the change (由/从)")
        compare = [t for t in times if t.compare and t.end <= v.start and t.year]
        if compare and "growth rate" in g.notes:
            notes.append(f"vs {compare[-1].year}")
        flags = vflags + g.flags + tflags
        if v.value is not None and g.role == "" and decrease_before(sent, v):
            v = replace(v, value=-v.value)  # 同比下降2.1%: the change is -2.1%
            notes.append("decrease")
        if len(g.vals) > 1:
            flags.append("multi_value")
        qualifier = g.qualifiers[k] if k < len(g.qualifiers) else ""
        if bare_of:
            flags.append("label_bare")
            notes.append(f"of: {bare_of}")
        rows.append(_row(doc, nt, sent_base, span, v, kind, year, unit, unit_raw, qualifier, flags, notes,
                         ctx.category))
    return rows


def _share_rows(g: _Group, rows: list[dict]) -> list[dict]:
    """One row per subject of a value shared by a list of subjects."""
    if not g.shared:
        return rows
    return [{**r, "qualifier": q, "flags": _join_flags(r["flags"], "shared_value")} for r in rows for q in g.shared]


def _row(doc: Document, nt: NormalizedText, sent_base: int, span: tuple[int, int], v: _Val, kind: str,
         year: int | None, unit: str, unit_raw: str, qualifier: str, flags: list[str], notes: list[str],
         category: str) -> dict:
    raw = nt.raw
    rs, re_ = nt.to_raw(sent_base + v.start, sent_base + v.end)
    vs, _ = nt.to_raw(sent_base + v.vstart, sent_base + v.end)
    ls, le = nt.to_raw(sent_base + span[0], sent_base + span[1])
    return {
        "jurisdiction": doc.jurisdiction,
        "doc": doc.file,
        "method": "prose",
        "table": "",
        "row_no": None,
        "category": category,
        "label": raw[ls:le],
        "indicator": "",
        "kind": kind,
        "year": year,
        "value": v.value,
        "unit": unit,
        "value_low": v.low,
        "value_high": v.high,
        "comparator": v.comparator if v.value is not None else "",
        "value_raw": v.value_raw,
        "unit_raw": unit_raw,
        "value_text": raw[vs:re_],
        "attribute": "",
        "qualifier": qualifier,
        "line": nt.line_of(rs),
        "start": rs,
        "end": re_,
        "quote": raw[rs:re_],
        "derived_from": "",
        "note": "; ".join(dict.fromkeys(n for n in notes if n)),
        "flags": _join_flags("", *flags),
    }


def _join_flags(existing: str, *more: str) -> str:
    out = [f for f in existing.split(";") if f]
    for f in more:
        if f and f not in out:
            out.append(f)
    return ";".join(out)
