"""Clauses of a sentence: group the numbers printed together, and find what each group measures.

The rules of the running-text reader (cmp.extract.prose) that work inside one sentence: grouping values
(830元、680元), the from/to halves of 由A提高到B, labels cut from the clause (or the clause before, or the counted
thing after the number), conditions and norms. The rules that spread a label over several values (分别
distributions, shared values, qualifiers, modifiers) and the themes are in clause_subjects. The vocabulary is in
prose_vocab.yaml; offsets are within the normalized sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .clause_subjects import SCOPE_WORDS, _distribute, _label_from_context, _qualify, _theme
from .numbers import vocab as number_vocab
from .prose_vocab import vocab as prose_vocab
from .textnums import COUNT_UNITS, NUM, UNIT_ALT
from .textnums import Val as _Val
from .timeexpr import Time as _Time

# ---------------------------------------------------------------------------------------------------------------
# Vocabulary (grow these lists; the code below has no document-specific rules)
# ---------------------------------------------------------------------------------------------------------------

_V = prose_vocab()  # the vocabulary lives in prose_vocab.yaml (validated there)
CATEGORY_THEME_LABEL = _V.regexes["category_theme_label"]
WEAK_THEMES = _V.words["weak_themes"]
BARE_MEASURE = _V.regexes["bare_measure"]
PEOPLE_WORDS = _V.words["people_words"]
LEAD_WORDS = _V.words["lead_words"]
LEAD_KEEPS = _V.words["lead_word_keeps"]
TRAIL_WORDS = _V.words["trail_words"]
GROWTH_WORDS = _V.words["growth_words"]
OBJECT_VERBS = _V.words["object_verbs"]
NOT_OBJECT_START = _V.not_object_start
TO_VERBS = _V.regexes["to_verbs"]
PER_MONTH = _V.words["per_month"]
PER_YEAR = _V.words["per_year"]
PER_PERSON_YEAR = _V.words["per_person_year"]
PER_HUNDRED_HOUSEHOLDS = _V.words["per_hundred_households"]
NORM_OPENERS = _V.words["norm_openers"]
DENOMINATORS = _V.denominators
# comparator words: the one vocabulary of numbers_vocab.yaml, shared with table cells
GE_WORDS = number_vocab().comparators["ge_prefix"]
LE_WORDS = number_vocab().comparators["le_prefix"]
# a sentence longer than this (no 。 for pages) is read in pieces cut at clause ends
MAX_SENTENCE = 600
# a label longer than this is a run-on phrase (often a sentence that lost its punctuation), not a label
MAX_LABEL = 40

_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十百]+(?:部分|章|节)\s*|[一二三四五六七八九十]+、|[((][一二三四五六七八九十]*[))]"
    r"|\d{1,2}\s*[、.](?!\d)|——|-{1,2}|[•·])\s*")
_HEADING_NUMBER = re.compile(r"^\d{1,2}(?=[\u4e00-\u9fff])")

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
_COMPARE_ONLY = re.compile(r"^(?:分别)?(?:比上年度?|同比|较上年|比去年)?(?:分别)?"
                           r"(?:提高|增长|增加|上升|下降|减少|降低)?$")
# the words right before a change on an earlier value (比上年减少, 同比下降, 较去年增加)
_CHANGE_TAIL = re.compile(r"(?:比上年度?|比上年同期|同比|较上年|较去年|比去年|比去年同期|较上年同期)(?:分别)?"
                          r"(?:提高|增长|增加|上升|下降|减少|降低|增减|回落)了?$")
# a label that points back to the previous statement (这一指标必须达到55%)
_POINTER = re.compile(r"^(?:这一|该|此|上述)(?:项)?(?:指标|比例|比率|目标|数字)")
# labels that name no measure on their own (面积 of what?)
_BARE_LABEL = re.compile(r"(?:总|建筑|使用|占地|办公|服务)?(?:面积|金额|资金|床位|比例|占比|数量|人数|规模|标准)"
                         r"|总数|总量")
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
_GOAL_AFTER = tuple("的" + n for n in _V.words["goal_nouns"])
_CONDITION_AFTER = re.compile(r"^的[^,;。,;]{0,24}?(?:标准|要求|目标)")
_NORM_AFTER = re.compile(r"^[^;。;]*?的[^,;。,;]{0,12}?(?:标准|要求)")
_CONDITION_BEFORE = re.compile(r"(?:率|比例|人口|收入|人数)(?:低于|高于|超过|不足|在)$")
# (an age in a label defines who is counted: 60岁及以上老年人口 is still a clean label)
_FIGURE_IN_LABEL = re.compile(rf"{NUM}\s*(?!周?岁)(?:{UNIT_ALT})")
_AGE_BEFORE_OBJECT = re.compile(r"\d{1,3}\s*周?岁(?:及以上|以上|以下)?的?(?=[\u4e00-\u9fff])")
_CLAUSE_STOP = re.compile(r"[,。;,;:]")
_PER_YEAR_WORDS = re.compile(r"每年|年均")
_RATE_END = re.compile(r"(?:率|比例|占比|比重|覆盖面)$")  # a subject that is itself a rate
_MEASURE_END = re.compile(r"(?:率|比例|占比|比重|数|数量|面积|人数|总数|标准|覆盖面)$")
# word lists tried longest first (sorted once; ties keep the list order)
_LEAD_SORTED = tuple(sorted(LEAD_WORDS, key=len, reverse=True))
_BORROWED_VERBS = tuple(sorted((w for w in OBJECT_VERBS if len(w) >= 2), key=len, reverse=True))
_TRAIL_SORTED = tuple(sorted(TRAIL_WORDS, key=len, reverse=True))
_PREFIX_WORDS = tuple(sorted(GE_WORDS + LE_WORDS + ("近", "约") + PER_MONTH + PER_YEAR + PER_HUNDRED_HOUSEHOLDS,
                             key=len, reverse=True))



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
    subject_unit: str = ""  # the unit of the subject's own value, when the subject is an earlier group's label
    scope: str = ""
    modifier: str = ""  # 2个国家级、5个省级社区治理实验区: 国家级
    qualifiers: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)  # subjects sharing the one value (A、B均达到100%)
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skip: bool = False



def _groups(sent: str, vals: list[_Val], clauses: list[tuple[int, int]]) -> list[_Group]:
    groups: list[_Group] = []
    starts = [a for a, _b in clauses]
    for v in vals:
        # clauses are ordered and cover every character but the separators, where no number starts: the last
        # clause starting at or before the number holds it (a binary search keeps this linear)
        clause = clauses[bisect.bisect_right(starts, v.start) - 1]
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
    g.used_to = g.vals[-1].end
    _attach_prefix(sent, g)
    if g.role == "to" and prev is not None:
        _inherit(g, prev)
        return
    nxt = groups[i + 1] if i + 1 < len(groups) and groups[i + 1].clause == g.clause else None
    if nxt is not None and len(nxt.vals) == len(g.vals) and _FROM_WORD.search(sent[g.seg0:g.vals[0].vstart]) \
            and TO_VERBS.search(sent[g.vals[-1].end:nxt.vals[0].start]):
        g.role, nxt.role = "from", "to"
    reading = _condition_or_norm(sent, g)
    if reading == "condition":
        g.skip = True
        return
    if reading == "norm":
        g.flags.append("norm")  # 按照每百户不低于30平方米的标准: a norm the plan applies, kept with its flag
    if _find_label(sent, groups, i, times, nxt, same_clause_prev):
        _read_qualifiers(sent, groups, i)


def _find_label(sent: str, groups: list[_Group], i: int, times: list[_Time], nxt: _Group | None,
                same_clause_prev: _Group | None) -> bool:
    """Find what group i measures; False when its shape settles it and no qualifiers are read."""
    g = groups[i]
    pre_raw = sent[g.seg0:g.vals[0].vstart]
    lab = _clean_label(sent, g.seg0, g.vals[0].vstart, times)
    if lab is not None and sent[lab[0]:lab[1]] in SCOPE_WORDS:
        g.scope, lab = sent[lab[0]:lab[1]], None
    post = _object_after(sent, g, nxt.vals[0].vstart if nxt is not None else len(sent))
    lab_text = sent[lab[0]:lab[1]] if lab else ""
    if _modifier_list(sent, g, post, lab_text):
        return False
    if lab is not None and _distributed_comparison(sent, groups, i, pre_raw, lab_text):
        return False
    if lab is not None and _POINTER.match(lab_text):
        back = _previous_clause(sent, g, times)
        if back is not None:
            lab, lab_text = back, sent[back[0]:back[1]]  # 这一指标必须达到55%: the subject of the clause before
            g.flags.append("label_from_context")
    if lab is None:
        _label_unnamed(sent, groups, i, times, post, pre_raw)
        return True
    if post is not None and _counted_object(sent, g, lab_text, post, pre_raw, same_clause_prev):
        return True
    if lab_text in GROWTH_WORDS:
        if _SHARED_JUN.search(pre_raw) or i == 0:
            g.skip = True  # 增幅均超6%: one figure for several subjects
            return False
        _label_from_context(groups, i, any_size=True)
        g.notes.append("growth rate")
        return True
    _named_label(sent, groups, i, times, lab, post)
    return True


def _countable(unit: str) -> bool:
    return unit in COUNT_UNITS or unit.startswith("元") or unit == ""


def _modifier_list(sent: str, g: _Group, post: tuple[int, int] | None, lab_text: str) -> bool:
    """2个国家级、5个省级…: the short word after each count is its modifier and the label is the scope."""
    if post is not None and sent[post[1]:post[1] + 1] == "、" and _NEXT_NUMBER.match(sent[post[1]:post[1] + 3]) \
            and post[1] - post[0] <= 4 and _countable(g.vals[0].unit):
        g.modifier, g.scope = sent[post[0]:post[1]], lab_text or g.scope
        g.label = post  # its own count (12个街道、9个乡镇) unless the list shares a noun (_share_modifiers)
        g.used_to = post[1]
        return True
    return False


def _distributed_comparison(sent: str, groups: list[_Group], i: int, pre_raw: str, lab_text: str) -> bool:
    """A…, B…, 分别比上年提高6.5%和8.3%: a bare comparison spread over the subjects named before it."""
    g = groups[i]
    if len(g.vals) > 1 and "分别" in pre_raw and _COMPARE_ONLY.match(lab_text) and (
            _label_from_pair(groups, i) or _distribute(sent, groups, i)):
        g.flags.append("label_from_context")
        g.notes.append("growth rate")
        return True
    return False


def _label_from_pair(groups: list[_Group], i: int) -> bool:
    """城市和农村…分别为A、B,同比分别增长x和y: the nearest labelled group before, when it holds as many values and
    says which is which (qualifiers or one label per value), gives each change its own subject."""
    g = groups[i]
    p = next((p for p in reversed(groups[:i]) if not p.skip and (p.label is not None or p.value_labels)), None)
    if p is None or len(p.vals) != len(g.vals) or not (p.qualifiers or p.value_labels):
        return False
    g.label, g.value_labels, g.qualifiers = p.subject or p.label, list(p.value_labels), list(p.qualifiers)
    g.scope = p.scope
    return True


def _label_unnamed(sent: str, groups: list[_Group], i: int, times: list[_Time], post: tuple[int, int] | None,
                   pre_raw: str) -> None:
    """No label before the number: the counted thing after it, a 分别 distribution, or the context."""
    g = groups[i]
    if post is not None:
        _use_object(g, post)
    elif "分别" in pre_raw and _distribute(sent, groups, i):
        g.flags.append("label_from_context")
    elif i == 0:
        g.label = _previous_clause(sent, g, times)  # …实现全覆盖,达到45个: the clause before names it
        if g.label is not None:
            g.flags.append("label_from_context")
    else:
        _label_from_context(groups, i)  # (no group before the first: it can only take the clause before)
        _drop_borrowed_verb(sent, g)


def _drop_borrowed_verb(sent: str, g: _Group) -> None:
    """新建社区食堂23个,累计达到71个: a label taken from another clause leaves that clause's verb behind (71 is
    all the 社区食堂, not the new ones)."""
    if g.label is None or g.label[0] >= g.clause[0]:
        return
    a, b = g.label
    verb = next((w for w in _BORROWED_VERBS if sent.startswith(w, a, b)), "")
    if verb and len(_CJK.findall(sent[a + len(verb):b])) >= 2:
        g.label = (a + len(verb), b)


def _counted_object(sent: str, g: _Group, lab_text: str, post: tuple[int, int], pre_raw: str,
                    same_clause_prev: _Group | None) -> bool:
    """The thing printed after the number is the label and the words before it the scope, when the shape says so."""
    first, last = g.vals[0], g.vals[-1]
    after_de = sent[last.end:last.end + 1] == "的"
    if pre_raw.rstrip().endswith("、") and same_clause_prev is None:
        g.scope = _cut_list_tail(lab_text)
    elif _countable(first.unit) and g.role != "from" and (
            _ends_with_verb(lab_text) or not after_de and sent[post[0]] not in NOT_OBJECT_START):
        g.scope = lab_text  # 45个乡镇养老服务中心: the counted thing follows the number
    elif first.unit.startswith("元") and after_de and g.role != "from":
        g.scope = lab_text
    else:
        return False
    _use_object(g, post)
    return True


def _named_label(sent: str, groups: list[_Group], i: int, times: list[_Time], lab: tuple[int, int],
                 post: tuple[int, int] | None) -> None:
    """The words before the number are the label; a comparison or bare measure takes its subject from before."""
    g = groups[i]
    prev = groups[i - 1] if i > 0 else None
    lab_text = sent[lab[0]:lab[1]]
    g.label = lab
    if lab_text.startswith(("占", "比", "较")) and prev is not None:
        _subject_of(g, prev)
    elif BARE_MEASURE.fullmatch(lab_text):
        g.subject = _previous_clause(sent, g, times)
    elif (any(lab_text.endswith(w) for w in GROWTH_WORDS) or _COMPARE_ONLY.match(lab_text)) \
            and _theme(lab_text, "") is None and prev is not None:
        _subject_of(g, prev)  # 综合年均增幅达10.93% after 城市低保…, 农村低保…; 同比下降2.1% after …
    elif _BARE_LABEL.fullmatch(lab_text) and prev is not None and prev.label is not None and not prev.skip \
            and prev.clause != g.clause and g.clause[0] - prev.clause[1] <= 2:
        _subject_of(g, prev)  # 新建养老院3所,床位600张: the beds of the clause right before
    last = g.vals[-1]
    if post is not None and sent[last.end:last.end + 1] == "的" and g.vals[0].unit in ("%", "‰"):
        g.notes.append(f"of: {sent[post[0]:post[1]]}")


def _subject_of(g: _Group, prev: _Group) -> None:
    """g measures the thing the group before it measures (比上年增加3家 after 养老机构45家)."""
    g.subject = prev.subject or prev.label
    g.subject_unit = prev.subject_unit if prev.subject else prev.vals[0].unit


def _read_qualifiers(sent: str, groups: list[_Group], i: int) -> None:
    """Qualifiers of a labelled group, and the growth-rate note its label or the words after it imply."""
    g = groups[i]
    if g.label is None and not g.value_labels:
        return
    _qualify(sent, groups, i)
    first = g.vals[0]
    between = sent[g.label[1]:first.vstart] if g.label else ""
    label_now = sent[g.label[0]:g.label[1]] if g.label else ""
    if first.unit == "%" and (any(label_now.endswith(w) for w in GROWTH_WORDS)
                              or any(between.lstrip("的").startswith(w) for w in GROWTH_WORDS)):
        g.notes.append("growth rate")
    elif _CHANGE_TAIL.search(label_now + between):
        # 同比下降4.9%, 比上年减少645人: a change on the year before, never the level
        if first.unit in ("%", "‰"):
            g.notes.append("growth rate")
        elif "change" not in g.flags:
            g.flags.append("change")


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
    first.vstart, comparator, per = _strip_prefix_words(sent, g.seg0, first)
    window = sent[g.seg0:first.start]
    if not per and any(w in window for w in PER_MONTH):
        per = "month"  # 提高每人每月至2656元
    if not per and any(w in window for w in PER_YEAR) and first.unit.startswith("元"):
        per = "person_year" if any(w in window for w in PER_PERSON_YEAR) else "year"
    if not comparator:
        if any(w in window for w in ("不低于", "不少于", "至少")):
            comparator = ">="
        elif any(w in window for w in ("不超过", "不高于")):
            comparator = "<="
    for v in g.vals:
        if comparator and v.comparator in ("=", ""):
            v.comparator = comparator if v.value is not None else ""
        v.per = v.per or per


def _strip_prefix_words(sent: str, seg0: int, first: _Val) -> tuple[int, str, str]:
    """Walk back over the prefix words right before the first number: (value start, comparator, per)."""
    pos, comparator, per = first.start, "", ""
    while (head := sent[seg0:pos]).endswith(_PREFIX_WORDS):
        w = next(w for w in _PREFIX_WORDS if head.endswith(w))  # the longest (the words are sorted so)
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
        elif w in PER_PERSON_YEAR:
            per = per or "person_year"
        else:
            per = per or "year"
        pos -= len(w)
    return pos, comparator, per


def _is_goal(head: str, after: str) -> bool:
    """实现…55%的目标: a goal verb before the value and 的 + a goal noun right after it (the value is the goal)."""
    return after.startswith(_GOAL_AFTER) and any(w in head for w in _V.words["goal_verbs"])


def _condition_or_norm(sent: str, g: _Group) -> str:
    """'condition' for a number that sets a condition (满意率低于85%的机构), 'norm' for one that quotes a norm
    (按照每百户…不低于30平方米的标准), '' for a value."""
    plain = _TITLE_RES[0].sub(lambda m: "□" * len(m.group(0)), sent) if "《" in sent else sent
    last = g.vals[-1]
    clause_after = plain[last.end:g.clause[1]]
    if any(w in plain[:g.vals[0].start] for w in NORM_OPENERS) and _NORM_AFTER.search(plain[last.end:]):
        return "norm"
    head = plain[g.seg0:g.vals[0].start]
    if _CONDITION_AFTER.match(clause_after) and not _is_goal(head, clause_after):
        return "condition"
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
        if sent[a:b].startswith(_LEAD_SORTED) and not sent[a:b].startswith(LEAD_KEEPS):
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


def clean_label(text: str) -> str:
    """The words of a phrase that name what its figure measures (助餐点达到 -> 助餐点), or '' when none do."""
    span = _clean_label(text, 0, len(text), [])
    return text[span[0]:span[1]] if span else ""


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
    ends = [k + len(v) for v in OBJECT_VERBS if (k := text.rfind(v)) > 0]
    return text[:max(ends)] if ends else text


def _object_after(sent: str, g: _Group, stop: int) -> tuple[int, int] | None:
    """The counted thing printed after a number (45个乡镇养老服务中心 -> 乡镇养老服务中心), up to `stop`."""
    a, b = g.vals[-1].end, min(g.clause[1], stop)
    if sent[a:a + 1] == "的":
        a += 1
    m = _AGE_BEFORE_OBJECT.match(sent, a, b)
    if m:
        a = m.end()  # 8000余名80周岁以上老年人: the age says who is counted; the object follows it
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
