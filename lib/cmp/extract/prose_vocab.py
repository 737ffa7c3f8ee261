"""The running-text reader's vocabulary (prose_vocab.yaml), validated on load: a bad key is a CmpError naming it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import yamlio
from ..errors import CmpError

VOCAB_PATH = Path(__file__).with_name("prose_vocab.yaml")
_WORD_LISTS = ("elderly_context", "weak_themes", "people_words", "lead_words", "trail_words",
               "growth_words", "object_verbs", "per_month", "per_year", "per_person_year", "per_hundred_households",
               "norm_openers", "item_end_words", "goal_verbs", "goal_nouns", "lead_word_keeps")
_REGEXES = ("category_theme_label", "bare_measure", "to_verbs")


@dataclass(frozen=True)
class ProseVocab:
    """Validated prose vocabulary: word lists as tuples, regexes compiled."""

    themes: dict[str, tuple[str, bool, tuple[str, ...]]]
    words: dict[str, tuple[str, ...]]
    regexes: dict[str, re.Pattern]
    not_object_start: str
    denominators: tuple[tuple[str, str], ...]
    pair_words: dict[str, tuple[str, str]]


def parse_vocab(data: object, path: Path = VOCAB_PATH) -> ProseVocab:
    """Validate a parsed prose_vocab.yaml mapping."""
    def bad(key: str, expected: str) -> CmpError:
        return CmpError(f"bad key '{key}': expected {expected}", path=str(path))

    if not isinstance(data, dict):
        raise CmpError("expected a mapping at the top level", path=str(path))
    needed = ("themes", *_WORD_LISTS, *_REGEXES, "not_object_start", "denominators", "pair_words")
    for key in needed:
        if key not in data:
            raise bad(key, "this key to be present")
    themes = {}
    if not isinstance(data["themes"], dict):
        raise bad("themes", "a mapping of theme id -> {gloss, core, words}")
    for tid, t in data["themes"].items():
        if not (isinstance(t, dict) and set(t) == {"gloss", "core", "words"} and isinstance(t["core"], bool)
                and isinstance(t["words"], list) and all(isinstance(w, str) and w for w in t["words"])):
            raise bad(f"themes.{tid}", "{gloss: text, core: true/false, words: [non-empty words]}")
        themes[str(tid)] = (str(t["gloss"]), t["core"], tuple(t["words"]))
    words = {}
    for key in _WORD_LISTS:
        v = data[key]
        if not isinstance(v, list) or not v or not all(isinstance(w, str) and w for w in v):
            raise bad(key, "a non-empty list of non-empty words")
        words[key] = tuple(v)
    regexes = {}
    for key in _REGEXES:
        try:
            regexes[key] = re.compile(str(data[key]))
        except re.error as exc:
            raise bad(key, f"a valid regular expression ({exc})") from None
    if not isinstance(data["not_object_start"], str):
        raise bad("not_object_start", "a string of characters")
    if not isinstance(data["denominators"], dict) or not all(isinstance(v, str) for v in data["denominators"].values()):
        raise bad("denominators", "a mapping of word -> English note")
    pairs = data["pair_words"]
    if not isinstance(pairs, dict) or not all(isinstance(v, list) and len(v) == 2 for v in pairs.values()):
        raise bad("pair_words", "a mapping of word -> [first part, second part]")
    return ProseVocab(themes, words, regexes, data["not_object_start"],
                      tuple((str(k), v) for k, v in data["denominators"].items()),
                      {str(k): (str(v[0]), str(v[1])) for k, v in pairs.items()})


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> ProseVocab:
    return parse_vocab(yamlio.load_file(path), Path(path))  # (yamlio names the file of a missing or bad YAML)


def vocab(path: Path = VOCAB_PATH) -> ProseVocab:
    """The prose vocabulary, re-read when the file changes."""
    resolved, mtime = yamlio.file_key(path)
    if not mtime:
        raise CmpError("file not found; expected the prose vocabulary (YAML)", path=str(path))
    return _load(resolved, mtime)
