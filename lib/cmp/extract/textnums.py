"""Numbers in running text: every number with a unit, a percentage or ‰ in a sentence, with its span.

Reads Arabic numbers (6.4万张, 1-2名, 10%-15%, 1:1.2), Chinese numerals before a measure word (两处, 三所, 十万人,
via cn2an), fractions (三分之二, 百分之八十). Numbers that are not indicator values (dates, document and phone
numbers, addresses, names of laws, article numbers, age conditions, list numbering) are shielded by the
exclusion patterns of numbers_vocab.yaml. Values beyond a plausible magnitude are kept as text with a flag.
Every scan is a single regex pass over the sentence (linear in its length).
"""

from __future__ import annotations

import re
import re._constants as _sre_constants
import re._parser as _sre_parser
from dataclasses import dataclass, field
from functools import lru_cache

from .numbers import MINUS_SIGNS, Quantity, parse_cell, plausible
from .numbers import vocab as number_vocab

# 年 is left out (2025年 is a date); bare 万/亿/千 are multipliers
UNITS = tuple(sorted((u for u in number_vocab().units if u not in ("年", "万", "亿", "千")
                      and not u.startswith(("万", "亿"))), key=len, reverse=True))
COUNT_UNITS = frozenset({"个", "家", "所", "处", "座", "户", "张", "人", "人次", "项", "条", "对", "具", "次", "场",
                         "场次", "例", "台", "套", "件", "辆", "支", "批", "册", "本", "间", "名"})
# words after `个` that make it a duration or not a count (3个月 is read through the unit 个月)
NOT_COUNT_AFTER_GE = ("月", "百分点", "季度", "星期", "年度", "方面", "层面", "环节")
# a Chinese numeral 一 counts only before these measure words (一个机制, 一张网 are phrases, 一所养老院 a count)
CJK_ONE_UNITS = ("所", "处", "座", "名", "家", "户", "人")
# a bare 百 or 千 after one of these is a round count (近千户, 上千人次), not a denominator (百户)
ROUND_BEFORE = ("近", "上", "约", "逾", "超")
# a Chinese numeral before these counts only after a comparator word (二期建设 is a phase, 不少于四期 a count)
CJK_PHASE_UNITS = ("期",)
# a Chinese numeral followed by unit + one of these is a word (一次性, 一站式), not a quantity
CJK_WORD_AFTER = ("性", "式", "化", "龙", "网", "体", "线", "批次")
# units a Chinese numeral never counts in running text (城乡二元结构 is no amount of money)
CJK_NOT_UNITS = ("元", "%", "‰")
# words after 分 that make it part of a name (3分局, 第二分院) or a fraction (3分之1), not a score
NOT_SCORE_AFTER = ("之", "局", "院", "会", "部", "队", "站", "社", "所", "公司", "中心", "校", "厂", "行", "类", "区",
                   "期")
DECREASE_WORDS = ("下降", "减少", "降低", "回落")
# more digits than any plausible value has (the magnitude bounds of numbers_vocab.yaml are far below 1e15)
MAX_DIGITS = 15

UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
NUM = r"\d+(?:\.\d+)?"
_CN = "零一二两三四五六七八九十百千"
# a minus sign glued to a number after a word or an opening mark (增长-2.3%, 为-0.5个百分点) is the value's sign;
# after a number (3万-5万人) it joins a range, and a dash (—) is never a sign
_SIGN_AFTER = r"[\u4e00-\u9fff(,:;、“]"
_MINUS = MINUS_SIGNS.replace("-", r"\-")  # (inside a character class)
_TOKEN_RE = re.compile(
    rf"(?:(?<={_SIGN_AFTER})(?P<sign>[{_MINUS}])(?=\d)|(?<![A-Za-z0-9.·/_@:{_CN}第{_MINUS}]))"
    rf"(?:(?P<num>{NUM})|(?P<cn>[{_CN}]+))"
    rf"(?:\s*(?P<dash>--|-|~|至|—)\s*(?P<num2>{NUM}))?"
    rf"(?P<more>余|多)?(?P<mult>万|亿|千)?(?P<more2>余|多)?\s*(?P<unit>{UNIT_ALT})?"
    rf"(?P<per>/百户)?(?P<suf>及以上|以上|以下|以内|左右)?")
_RATIO_RE = re.compile(rf"(?<![A-Za-z0-9.·/\-_@])(?P<a>{NUM}):(?P<b>{NUM})(?![0-9])")
_RANGE_BOTH = re.compile(rf"(?<![\d.])(?P<a>{NUM})(?P<u>%|‰)\s*(?:-|~|—|至|到)\s*(?P<b>{NUM})(?P=u)")
_FRACTION = re.compile(rf"(?P<den>[{_CN}]+|百)分之(?P<num>[{_CN}]+(?:点[零一二三四五六七八九]+)?|{NUM})")
# a number written in two magnitudes (41万2300人, 138亿4200万元, 18万6千人, 三万五千人): one value
_COMPOSITE_RE = re.compile(
    rf"(?<![\d.{_CN}])(?:(?P<a>\d+)(?P<m1>亿|万)(?P<b>\d+)(?P<m2>万|千)?|(?P<cn>[{_CN}]+[万亿][{_CN}]+))"
    rf"(?P<more>余|多)?\s*(?P<unit>{UNIT_ALT})")
# 八成以上 (tenths): a single numeral before 成, with one of numbers_vocab.yaml's tenths_after words or the end
_TENTHS_AFTER = "|".join(map(re.escape, number_vocab().tenths_after))
_TENTHS = re.compile(rf"(?<![{_CN}\d.])(?P<n>[一二三四五六七八九]|[1-9])成(?=$|{_TENTHS_AFTER})")
# a count of consecutive increases (十六连增, 实现10连涨): the streak words are in numbers_vocab.yaml
_STREAK_ALT = "|".join(map(re.escape, number_vocab().streak_words))
_STREAK_RE = re.compile(rf"(?<![\d.{_CN}])(?P<n>\d+|[{_CN}]+)(?P<w>{_STREAK_ALT})")
# 连续16年增长: the count of years a level rose in a row (the rise words are in numbers_vocab.yaml)
_STREAK_YEARS_RE = re.compile(
    rf"连续(?P<n>\d+|[{_CN}]+)(?P<w>年)(?:{'|'.join(map(re.escape, number_vocab().streak_between))})?"
    rf"(?:{'|'.join(map(re.escape, number_vocab().streak_rises))})")
_LATIN = re.compile(r"[A-Za-z]")
_QUANTITY_END = re.compile(rf"\d\s*[万亿千余多]*\s*(?:{UNIT_ALT})?\s*$")
# words after which a bare number is a ratio (城乡低保标准比值提高到0.8以上)
_RATIO_BEFORE = re.compile(r"(?:比值|系数|指数|倍数)(?:提高到|提高至|达到|保持在|不低于|不高于|为|是|在)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Val:
    """One number found in a sentence (offsets within the normalized sentence)."""

    start: int  # start of the number
    end: int  # end of number + unit + suffix
    vstart: int  # start of the value phrase (comparator or per-month words before the number)
    value: float | None
    value_raw: str
    unit_raw: str
    unit: str
    comparator: str
    low: float | None = None
    high: float | None = None
    flags: list[str] = field(default_factory=list)
    per: str = ""  # '' | 'month' | 'year' | '100hh'


@lru_cache(maxsize=256)
def _exclusion_re(patterns: tuple[re.Pattern, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{rx.pattern})" for rx in patterns), re.M)


def required_chars(rx: re.Pattern) -> tuple[frozenset[str], ...]:
    """Sets of characters every match of `rx` holds one of each of ('号' and one of '〔[(' for 青民发〔2021〕12号):
    read from the parsed pattern, so a sentence lacking one cannot match. () for a pattern it cannot tell."""
    try:
        parsed = _sre_parser.parse(rx.pattern, rx.flags)
        if parsed.state.flags & re.IGNORECASE:
            return ()
        return tuple(_needs(list(parsed)))
    except Exception:  # (a private parser: anything it cannot do just means no shortcut)
        return ()


def _needs(nodes: list) -> list[frozenset[str]]:
    c = _sre_constants
    out: list[frozenset[str]] = []
    for op, av in nodes:
        if op is c.LITERAL:
            out.append(frozenset(chr(av)))
        elif op is c.IN and av and all(o is c.LITERAL for o, _ in av):
            out.append(frozenset(chr(v) for _, v in av))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            out.extend(_needs(list(av[2])))
        elif op is c.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise ValueError("case-insensitive group")
            out.extend(_needs(list(av[3])))
        elif op is c.ATOMIC_GROUP:
            out.extend(_needs(list(av)))
        elif op is c.BRANCH:
            alts = [_needs(list(a)) for a in av[1]]
            if all(alts):  # each way of matching holds its own smallest set: the match holds one of their union
                out.append(frozenset().union(*(min(a, key=len) for a in alts)))
    return out


# a set of rules gets its own regex once this many sentences asked for it (compiling one costs about 2 ms: a small
# corpus would spend more on compiling rare sets than it saves); until then the regex of every rule is used
COMPILE_AFTER = 16


class _Gates:
    """The exclusion rules with the characters each needs, and the regex of the rules a set of characters allows."""

    def __init__(self, exclusions: tuple[tuple[str, re.Pattern], ...]) -> None:
        self.exclusions = exclusions
        self.rules = tuple((rx, required_chars(rx)) for _name, rx in exclusions)
        self.chars = frozenset().union(*(n for _rx, needs in self.rules for n in needs))
        self.every = tuple(range(len(self.rules)))
        self.active_of: dict[frozenset[str], tuple[int, ...]] = {}
        self.asked: dict[tuple[int, ...], int] = {}
        self.compiled: dict[tuple[int, ...], re.Pattern] = {}
        # (one regex finds them: set.intersection makes a string of every character of the sentence to hash it)
        self.chars_re = re.compile("[" + "".join(map(re.escape, sorted(self.chars))) + "]" if self.chars else "(?!)")

    def present(self, sent: str) -> frozenset[str]:
        """The characters of `sent` some rule needs."""
        return frozenset(self.chars_re.findall(sent))

    def regex(self, sent: str) -> re.Pattern | None:
        """A regex that finds exactly what the regex of every rule finds in `sent`: the one of the rules it has a
        character of each required set for, once that set is common (None: no rule can match)."""
        present = self.present(sent)
        active = self.active_of.get(present)
        if active is None:
            if len(self.active_of) >= 4096:  # (bounded: a corpus has a few hundred)
                self.active_of.clear()
            active = self.active_of[present] = tuple(
                k for k, (_rx, needs) in enumerate(self.rules) if all(not present.isdisjoint(n) for n in needs))
        if not active:
            return None
        rx = self.compiled.get(active)
        if rx is None:
            self.asked[active] = n = self.asked.get(active, 0) + 1
            if n < COMPILE_AFTER:
                active = self.every
            rx = self.compiled[active] = _exclusion_re(tuple(self.rules[k][0] for k in active))
        return rx


_gates_memo: list[_Gates | None] = [None]


def excluded_spans(sent: str) -> list[tuple[int, int]]:
    """Spans of numbers that are not indicator values (numbers_vocab.yaml exclusions), in one regex pass.
    The pass leaves out the rules the sentence lacks a required character of (most sentences have no 号 for a
    document number or an address): a rule that cannot match anywhere changes nothing of the leftmost matches."""
    exclusions = number_vocab().exclusions
    gates = _gates_memo[0]
    if gates is None or gates.exclusions is not exclusions:
        gates = _gates_memo[0] = _Gates(exclusions)
    rx = gates.regex(sent)
    if rx is None:
        return []
    return [(m.start(), m.end()) for m in rx.finditer(sent) if m.end() > m.start()]


def exclusion_names(sent: str) -> list[str]:
    """Names of the exclusion rules that match somewhere in `sent` (for tests and reviews)."""
    return [name for name, rx in number_vocab().exclusions if rx.search(sent)]


# single Chinese digits, read without loading cn2an (its import costs ~0.4 s; most numerals are one character)
_CJK_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
               "十": 10, "百": 100, "千": 1000}


@lru_cache(maxsize=1)
def _cn2an():
    import cn2an  # imported on first use of a numeral longer than one character

    return cn2an.Cn2An()


@lru_cache(maxsize=4096)
def cjk_number(text: str) -> float | None:
    """A Chinese numeral (两, 十六, 一百二十) as a number, None when cn2an cannot read it."""
    if text in _CJK_DIGITS:
        return float(_CJK_DIGITS[text])
    try:
        return float(_cn2an().cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


@lru_cache(maxsize=8192)
def _parse_first(text: str) -> Quantity:
    """parse_cell(text)[0], remembered: the same short phrases (45%, 3000元) recur all through a document."""
    return parse_cell(text)[0]


def _mask(n: int, spans: list[tuple[int, int]]) -> bytearray:
    """A byte per position, 1 inside one of the spans (so each lookup is O(1): long sentences stay linear)."""
    m = bytearray(n + 1)
    for a, b in spans:
        m[a:b] = b"\x01" * (b - a)
    return m


def find_values(sent: str, shielded: list[tuple[int, int]]) -> list[Val]:
    """Every value in a sentence, left to right, none starting inside a shielded span."""
    vals: list[Val] = []
    shield = _mask(len(sent), shielded + excluded_spans(sent))
    for m in _RATIO_RE.finditer(sent) if ":" in sent else ():
        a, b = m.group("a"), m.group("b")
        if shield[m.start()] or "1" not in (a, b) or float(b) == 0:
            continue
        q = _parse_first(m.group(0))
        vals.append(Val(m.start(), m.end(), m.start(), round(float(a) / float(b), 10), q.value_raw, "ratio",
                        "ratio", "=", flags=["ratio"]))
    for m in _RANGE_BOTH.finditer(sent) if ("%" in sent or "‰" in sent) else ():
        if shield[m.start()]:
            continue
        lo, hi = float(m.group("a")), float(m.group("b"))
        if lo <= hi and plausible(hi, m.group("u")):
            vals.append(Val(m.start(), m.end(), m.start(), None, f"{m.group('a')}-{m.group('b')}", m.group("u"),
                            m.group("u"), "", low=lo, high=hi, flags=["range"]))
    vals += _fraction_values(sent, shield) + _tenths_values(sent, shield) + _composite_values(sent, shield)
    vals += _streak_values(sent, shield)
    for v in vals:
        shield[v.start:v.end] = b"\x01" * (v.end - v.start)
    for m in _TOKEN_RE.finditer(sent):
        unit, mult = m.group("unit", "mult")
        if shield[m.start()] or (m.group("sign") and not _is_sign(sent, m)):
            continue
        if not unit and not mult:
            v = _ratio_value(sent, m)  # a bare number is a value only as a ratio (比值提高到0.8以上)
            if v is not None:
                vals.append(v)
            continue
        v = _read_token(sent, m)
        if v is not None:
            vals.append(v)
    return sorted(vals, key=lambda v: v.start)


def _comparator_suffix(sent: str, end: int) -> tuple[int, str, list[str]]:
    """三分之一以上, 八成左右: a comparator word right after a share is its comparator (end, comparator, flags)."""
    comps = number_vocab().comparators
    for key, comparator in (("ge_suffix", ">="), ("le_suffix", "<="), ("approx_suffix", "=")):
        w = next((w for w in comps[key] if sent.startswith(w, end)), "")
        if w:
            return end + len(w), comparator, ["approximate"] if key == "approx_suffix" else []
    return end, "=", []


def _fraction_values(sent: str, shield: bytearray) -> list[Val]:
    """Fractions written in words (三分之一, 百分之五), as shares in %."""
    out: list[Val] = []
    for m in _FRACTION.finditer(sent) if "分之" in sent else ():
        if shield[m.start()]:
            continue
        den = 100.0 if m.group("den") == "百" else cjk_number(m.group("den"))
        num = float(m.group("num")) if m.group("num")[0].isdigit() else cjk_number(m.group("num"))
        if den and num is not None and num <= den:
            end, comparator, flags = _comparator_suffix(sent, m.end())
            out.append(Val(m.start(), end, m.start(), round(num / den * 100, 10), m.group(0), "分之", "%",
                           comparator, flags=["fraction", *flags]))
    return out


_MAGNITUDE = {"亿": 100000000, "万": 10000, "千": 1000, "": 1}


def _composite_values(sent: str, shield: bytearray) -> list[Val]:
    """Numbers written in two magnitudes (41万2300人 = 412300人, 三万五千人 = 35000人), read as one value; the
    second part must be smaller than one of the first's magnitude (41万2300, never 41万23000)."""
    out: list[Val] = []
    for m in _COMPOSITE_RE.finditer(sent) if ("万" in sent or "亿" in sent) else ():
        if shield[m.start()]:
            continue
        flags = []
        if m.group("cn"):
            if m.group("cn")[0] in "百千":
                continue  # 千家万户: a word
            n = cjk_number(m.group("cn"))
            flags.append("chinese_numeral")
        else:
            big, small = _MAGNITUDE[m.group("m1")], _MAGNITUDE[m.group("m2") or ""]
            low = int(m.group("b")) * small
            n = int(m.group("a")) * big + low if low < big else None
        if n is None:
            continue
        unit = m.group("unit")
        digits = f"{n:f}".rstrip("0").rstrip(".")  # (not :g, which writes 1.3842e+10)
        q = _parse_first(f"{digits}{unit}")
        if q.value is None:
            continue
        end, comparator, more = _comparator_suffix(sent, m.end())
        if m.group("more"):  # 两万三千余人次: at least that many
            comparator, more = ">=", [*more, "approximate"]
        raw = m.group(0)[:len(m.group(0)) - len(unit)].strip()
        out.append(Val(m.start(), end, m.start(), q.value, raw.rstrip("余多"), unit, q.unit, comparator or "=",
                       flags=[*flags, *more]))
    return out


def _tenths_values(sent: str, shield: bytearray) -> list[Val]:
    """Shares written in tenths (八成以上 = 80% or more)."""
    out: list[Val] = []
    for m in _TENTHS.finditer(sent) if "成" in sent else ():
        if shield[m.start()]:
            continue
        n = float(m.group("n")) if m.group("n").isdigit() else cjk_number(m.group("n"))
        if n is not None:
            end, comparator, flags = _comparator_suffix(sent, m.end())
            out.append(Val(m.start(), end, m.start(), n * 10, m.group(0), "成", "%", comparator,
                           flags=["tenths", *flags]))
    return out


def _streak_value(m: re.Match) -> Val | None:
    """十六连增, 连续16年增长: a count (16) of consecutive increases, unit 次, flagged; None for fewer than two."""
    n_text = m.group("n")
    cn = not n_text.isdigit()
    n = cjk_number(n_text) if cn else float(n_text)
    if n is None or n < 2 or n != int(n) or len(n_text) > 4:
        return None
    flags = ["consecutive_count", *(["chinese_numeral"] if cn else [])]
    return Val(m.start(), m.end(), m.start(), n, f"{n:g}", m.group("w"), "次", "=", flags=flags)


def _streak_values(sent: str, shield: bytearray) -> list[Val]:
    if "连" not in sent:
        return []
    found = [_streak_value(m) for m in _STREAK_RE.finditer(sent) if not shield[m.start()]]
    if "连续" in sent:
        found += [_streak_value(m) for m in _STREAK_YEARS_RE.finditer(sent) if not shield[m.start()]]
    return [v for v in found if v is not None]


def is_streak(text: str) -> bool:
    """Whether `text` is exactly a count of consecutive increases (十六连增), as it is printed in quotes."""
    m = _STREAK_RE.fullmatch(text)
    return m is not None and _streak_value(m) is not None


def _is_sign(sent: str, m: re.Match) -> bool:
    """Whether the minus before a token is its sign: not when the token is a range (-1-2% reads no way for sure)
    nor right after a quantity (3万-5万人: a range whose first half is read alone)."""
    return not m.group("num2") and _QUANTITY_END.search(sent, max(0, m.start() - 16), m.start()) is None


def _ratio_value(sent: str, m: re.Match) -> Val | None:
    """A unitless number right after a ratio word (比值, 系数, 指数 and a verb): a ratio, never a year or a code."""
    num, suf = m.group("num"), m.group("suf") or ""
    if not num or m.group("num2") or not _RATIO_BEFORE.search(sent[max(0, m.start() - 12):m.start()]):
        return None
    q = _parse_first(("-" if m.group("sign") else "") + num + suf)
    if q.value is None or not plausible(q.value, ""):
        return None
    return Val(m.start(), m.end(), m.start(), q.value, num, "", "", q.comparator, flags=["ratio"])


def _read_token(sent: str, m: re.Match) -> Val | None:
    """A value from one number token, or None when it is not a value (code, size condition, word)."""
    num, cn, dash, num2, more, mult, more2, unit, per, suf = m.group(
        "num", "cn", "dash", "num2", "more", "mult", "more2", "unit", "per", "suf")
    unit, mult, suf = unit or "", mult or "", suf or ""
    start, end = m.span()
    after = sent[end:end + 4]
    flags: list[str] = []
    if cn:
        if unit and m.group(0)[len(cn):len(cn) + 1].isspace():
            return None  # 星期三　本报记者: a numeral and a word apart, no count
        # (八十五万元 is an amount: a magnitude before 元 makes it no word such as 二元结构)
        num = _chinese_count(sent, start, cn, unit, bool(num2 or per), after, bool(mult))
        if num is None:
            return None
        flags.append("chinese_numeral")
    if num.startswith("0") and len(num) > 1 and "." not in num:
        return None  # area codes, serial numbers
    if len(num) > MAX_DIGITS:
        # a run of digits no real value has: kept as text, never parsed (float('1' * 20000) is inf)
        return Val(start, end, start, None, num[:40], mult + unit, "", "", flags=["implausible_magnitude"])
    if _not_a_value(after, unit, suf, dash):
        return None
    text = ("-" if m.group("sign") else "") + num
    if num2:
        if dash == "--":
            flags.append("suspect_format")
        text = f"{num}-{num2}"
    if suf == "左右":
        flags.append("approximate")  # 45%左右: about 45%
        suf = ""
    text += mult + unit + suf
    q = _parse_first(text)
    if "implausible_magnitude" in q.flags:
        # kept as text: a number too large to be a real value (a run of digits, 1e24 beds)
        return Val(start, end, start, None, num, mult + unit, q.unit, "", flags=["implausible_magnitude"])
    if "non_numeric" in q.flags:
        return None
    approx = bool(more or more2)
    if approx:
        flags.append("approximate")
    flags += [f for f in q.flags if f == "range"]
    unit_out, unit_raw = q.unit, mult + unit
    if per:
        unit_out, unit_raw = f"{unit_out}/百户", unit_raw + "/百户"
    comparator = q.comparator  # ("" for a range, the one value-less reading left here)
    if approx and q.value is not None:
        comparator = ">="
    return Val(start, end, start, q.value, q.value_raw or num, unit_raw, unit_out, comparator,
               low=q.low, high=q.high, flags=flags)


def _chinese_count(sent: str, start: int, cn: str, unit: str, ranged_or_per: bool, after: str,
                   magnitude: bool = False) -> str | None:
    """The digits of a count written in Chinese numerals (三个, 八十五万元), or None when it is a word or a
    denominator."""
    if not unit or ranged_or_per or (unit.startswith(CJK_NOT_UNITS) and not (magnitude and unit == "元")) \
            or sent[start - 1:start] == "每":
        return None  # 每千名老年人: a denominator, not a count
    if cn[0] in "百千" and not (cn in ("百", "千") and _round_count(sent, start)):
        return None  # 百户, 千家万户: a denominator or a word; 近千户, 百余名, 上千人次 are round counts
    n = cjk_number(cn)
    if n is None or after.startswith(CJK_WORD_AFTER):
        return None
    if n < 2 and unit not in CJK_ONE_UNITS and not _after_comparator(sent, start):
        return None  # 一个机制 is a phrase; 至少一个 (a bound on a count) is a figure
    if unit in CJK_PHASE_UNITS and not _after_comparator(sent, start):
        return None
    return f"{n:g}"


def _round_count(sent: str, start: int) -> bool:
    """A bare 百 or 千 that is a round count: after 近, 上, 约 or 逾 (近千户, 上千人次), or before 余/多 (百余名)."""
    return sent[start - 1:start] in ROUND_BEFORE or sent[start + 1:start + 2] in ("余", "多")


def _after_comparator(sent: str, start: int) -> bool:
    """The numeral right after a comparator word that bounds a count (至少, 不少于, 不超过), a verb between or not."""
    head = sent[max(0, start - 5):start]  # 至少一个, or with a verb between: 至少建成一个
    c = number_vocab().comparators
    return any(w in head for w in (*c["ge_prefix"], *c["le_prefix"]) if len(w) > 1)


def _not_a_value(after: str, unit: str, suf: str, dash: str) -> bool:
    """The words around a number show it names a thing or sets a size condition, not a value."""
    if _LATIN.match(after) or after.startswith(("级", "号", "星")):
        return True
    if unit == "个" and after.startswith(NOT_COUNT_AFTER_GE):
        return True
    if unit == "分" and after.startswith(NOT_SCORE_AFTER):
        return True
    if suf in ("以上", "以下", "及以上") and unit in ("人", "户", "名") and _CJK.match(after[:1] or "x") \
            and not after.startswith(("的", "标准")):
        return True  # a size condition such as 5000户以上大型社区
    if suf in ("以上", "以下") and unit in ("人", "户", "名") and after.startswith("的"):
        return True  # 辖区人口5万人以下的乡镇
    return dash == "至" and unit in ("人", "户")  # 3万至6万人的街道


def decrease_before(sent: str, v: Val) -> bool:
    """A change written as a decrease right before the value (同比下降2.1%), so the change is negative."""
    head = sent[max(0, v.vstart - 3):v.vstart].rstrip("了")
    return head.endswith(DECREASE_WORDS)
