"""The one scope-word vocabulary (scope_vocab.yaml), in named groups, validated on load.

Every stage from extract on may read it: the codebook strips the plan's own jurisdiction from label keys, the
number reader splits cells such as 城市30农村43 on urban/rural, sex and jurisdiction words, and the running-text
reader takes jurisdiction, wider-area, each-place and level words as where a figure counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import yamlio
from ..errors import CmpError

VOCAB_PATH = Path(__file__).with_name("scope_vocab.yaml")
GROUPS = ("jurisdiction", "wider_area", "each_place", "level", "urban_rural", "urban_and_rural", "sex")
_KEYS = ("groups", "each_prefix", "each_not_before")


@dataclass(frozen=True)
class ScopeVocab:
    """Validated scope words: each group's words as written, and the 各 rule."""

    groups: dict[str, tuple[str, ...]]
    each_prefix: str
    each_not_before: str

    def words(self, *names: str) -> tuple[str, ...]:
        """The words of the named groups, longest first (ties keep the file's order), so a longer word wins."""
        unknown = [n for n in names if n not in self.groups]
        if unknown or not names:
            raise ValueError(f"unknown scope-word group(s) {unknown}; expected some of {', '.join(GROUPS)}")
        return tuple(sorted((w for n in names for w in self.groups[n]), key=len, reverse=True))


def _bad(path: Path, key: str, expected: str) -> CmpError:
    return CmpError(f"bad key '{key}': expected {expected}", path=str(path))


def parse_vocab(data: object, path: Path = VOCAB_PATH) -> ScopeVocab:
    """Validate a parsed scope_vocab.yaml mapping; a missing, unknown or bad key raises CmpError naming it."""
    if not isinstance(data, dict):
        raise CmpError("expected a mapping at the top level", path=str(path))
    for key in _KEYS:
        if key not in data:
            raise _bad(path, key, "this key to be present")
    for key in data:
        if key not in _KEYS:
            raise _bad(path, str(key), f"one of {', '.join(_KEYS)}")
    groups = _groups(data["groups"], path)
    prefix, not_before = data["each_prefix"], data["each_not_before"]
    if not isinstance(prefix, str) or len(prefix) != 1:
        raise _bad(path, "each_prefix", "one character (各)")
    if not isinstance(not_before, str) or not not_before:
        raise _bad(path, "each_not_before", "a non-empty string of characters")
    return ScopeVocab(groups, prefix, not_before)


def _groups(spec: object, path: Path) -> dict[str, tuple[str, ...]]:
    if not isinstance(spec, dict):
        raise _bad(path, "groups", f"a mapping of group name ({', '.join(GROUPS)}) -> list of words")
    for name in GROUPS:
        if name not in spec:
            raise _bad(path, f"groups.{name}", "this group to be present")
    owner: dict[str, str] = {}
    out: dict[str, tuple[str, ...]] = {}
    for name, words in spec.items():
        if name not in GROUPS:
            raise _bad(path, f"groups.{name}", f"one of the groups {', '.join(GROUPS)}")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() == w and w
                                                                for w in words):
            raise _bad(path, f"groups.{name}", "a non-empty list of non-empty words")
        for w in words:
            if w in owner:
                raise _bad(path, f"groups.{name}", f"each word in one group only ({w!r} is also in {owner[w]})")
            owner[w] = name
        out[name] = tuple(words)
    return out


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> ScopeVocab:
    return parse_vocab(yamlio.load_file(path), Path(path))  # (yamlio names the file of a missing or bad YAML)


def vocab(path: Path = VOCAB_PATH) -> ScopeVocab:
    """The scope vocabulary, re-read when the file changes."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise CmpError("file not found; expected the scope-word vocabulary (YAML)", path=str(path)) from None
    return _load(str(path), mtime)


def scope_words(*groups: str) -> tuple[str, ...]:
    """The words of the named groups of the project's scope vocabulary, longest first."""
    return vocab().words(*groups)
