"""Subjects of a clause group: labels taken from context, 分别 distributions, shared values, qualifiers, themes.

The rules of the running-text reader (cmp.extract.prose) that spread one label over several values or several
subjects over one value, split from cmp.extract.clauses (which groups the values and cuts their labels). The
vocabulary is in prose_vocab.yaml; offsets are within the normalized sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .prose_vocab import vocab as prose_vocab
from .scope_vocab import scope_words

if TYPE_CHECKING:
    from .clauses import _Group

_V = prose_vocab()  # the vocabulary lives in prose_vocab.yaml (validated there)
THEMES = _V.themes
ELDERLY_CONTEXT = _V.words["elderly_context"]
PAIR_WORDS = _V.pair_words
QUALIFIER_WORDS = scope_words("urban_rural")  # longest first: 农村牧区 before 农村
ITEM_END_WORDS = _V.words["item_end_words"]
# words that only say where: a label made of them alone names nothing (a level word only here, never stripped)
SCOPE_WORDS = scope_words("jurisdiction", "wider_area", "each_place", "level")

# one value shared by a list of subjects: 均/都 between the label and the value
_SHARED_AFTER = re.compile(r"(?:均|都|全部|皆)")
_SCOPE_QUALIFIER = re.compile(rf"^(?:每个|各|在)?({'|'.join(QUALIFIER_WORDS)})")
_ITEM_SPLIT = re.compile(r"、|和|与|及|或")
_HEAD_SPLIT = re.compile(r"[,的]")
_LEVEL_WORD = re.compile(r"^(.{1,4}?级)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ASIDE = re.compile(r"[((][^(()）]*[))]")
_DIGIT = re.compile(r"\d")
# word lists tried longest first (sorted once; ties keep the list order)
_GROWTH_SORTED = tuple(sorted(_V.words["growth_words"], key=len, reverse=True))


def _label_from_context(groups: list[_Group], i: int, any_size: bool = False) -> None:
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
            # 2.14万户、3.57万人: one subject counted in two units, unless 分别 follows a list of as many subjects
            # (养老机构和社区养老服务站分别达到30家、120个)
            g.qualifiers = _respective_subjects(sent, g)
            return
        g.qualifiers = (_pair_qualifiers(label_text, len(g.vals)) or _respective_subjects(sent, g)
                        or _pair_qualifiers(g.scope, len(g.vals)))
        if not g.qualifiers and "subject_unclear" not in g.flags:
            # several numbers, and the sentence does not say which is which: each is kept, flagged, never mapped
            g.flags.append("subject_unclear")
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


def _respective_subjects(sent: str, g: _Group) -> list[str]:
    """A和B分别惠及X和Y: the n subjects listed before 分别, one per value, when they are exactly n short names."""
    from .clauses import _clean_label  # (clauses imports this module: a top-level import would be circular)

    head = sent[g.seg0:g.vals[0].vstart]
    k = head.rfind("分别")
    span = _clean_label(sent, g.seg0, g.seg0 + k, []) if k >= 0 else None
    if span is None:
        return []
    text = sent[span[0]:span[1]]
    for w in SCOPE_WORDS:
        if text.startswith(w) and len(text) > len(w):
            text = text[len(w):]  # 全区高龄津贴和…: the scope is not part of the first subject
            break
    items = _top_level_items(text)
    # (a bracketed aside, 乡镇(街道), does not make a name long)
    if len(items) != len(g.vals) or any(len(_ASIDE.sub("", x)) > 12 or _DIGIT.search(x) or len(_CJK.findall(x)) < 2
                                        for x in items):
        return []
    return items


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


_VERB_AFTER_NAME = tuple(sorted((w for w in (*_V.words["object_verbs"], *_V.words["lead_words"]) if len(w) >= 2),
                                key=len, reverse=True))


def _short_name(text: str) -> int:
    """The length of the short name (at most 4 characters) a counted label is or starts with before a verb
    (乡镇, 乡镇实现全覆盖 -> 2); 0 when the label is a longer noun (乡镇养老服务中心)."""
    if len(text) <= 4:
        return len(text)
    return next((k for k in range(2, 5) if text[k:].startswith(_VERB_AFTER_NAME)), 0)


def _share_modifiers(sent: str, groups: list[_Group]) -> None:
    """至少打造2个国家级、5个省级社区治理实验区: both count 社区治理实验区, qualified 国家级 and 省级."""
    for i, g in enumerate(groups):
        if not g.modifier:
            continue
        j = i + 1
        while j < len(groups) and groups[j].modifier and groups[j].clause == g.clause:
            j += 1  # 12个街道、9个乡镇、156个社区: the list ends at the first count that is not followed by 、
        nxt = groups[j] if j < len(groups) else None
        if nxt is None or nxt.label is None or nxt.skip:
            g.skip = True
            continue
        text = sent[nxt.label[0]:nxt.label[1]]
        m = _LEVEL_WORD.match(text)
        if not m:
            name = _short_name(text)
            if name and not _LEVEL_WORD.match(g.modifier):
                nxt.label = (nxt.label[0], nxt.label[0] + name)  # 12个街道、9个乡镇(实现全覆盖): each its own label
            else:
                g.skip = True  # 12个街道、9个乡镇养老服务中心: a noun shared or not, the text does not say
            continue
        g.label, g.qualifiers = nxt.label, [g.modifier]
        nxt.qualifiers = [m.group(1)]
        for v in nxt.vals:
            if v.comparator == "=" and g.vals[0].comparator in (">=", "<="):
                v.comparator = g.vals[0].comparator
        if not g.scope and nxt.scope:
            g.scope = nxt.scope



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
