"""The one bilingual vocabulary (vocab.yaml): kinds, methods, domains, flags, plans, caveats and their zh/en text.

`text(group, code, lang, **details)` is the only way code turns a code into words; the file is validated on load
(a missing or bad key gives one CmpError naming the file, the key and what was expected).
"""

from __future__ import annotations

import difflib
import string
from functools import lru_cache
from pathlib import Path

from .. import yamlio
from ..errors import CmpError

VOCAB_PATH = Path(__file__).with_name("vocab.yaml")
LANGS = ("en", "zh")
# groups whose value is a list of words rather than a mapping of code -> {en, zh}
LIST_GROUPS = ("draft_markers",)
REQUIRED_GROUPS = ("kinds", "methods", "attributes", "domains", "flags", "plans", "caveats", "notes", "row_ref",
                   "headers", "levels", "denominators", "scopes", "units", "kind_letters", *LIST_GROUPS)
# extra keys an entry of a group may carry besides en and zh
EXTRA_KEYS = {"kinds": {"meaning_en", "meaning_zh"}, "plans": {"markers", "first", "last"}}
# groups whose text is a template: en and zh must name the same fields (ignoring an _en/_zh suffix)
TEMPLATE_GROUPS = ("caveats", "notes", "row_ref")


def check_lang(lang: object, what: str = "language") -> str:
    """`lang` when it is a language of the vocabulary (en, zh); else a CmpError naming `what` and the choices (the
    one language check of pages, charts and notebook parameters)."""
    if lang not in LANGS:
        raise CmpError(f"{what} is {lang!r}; valid choices: {', '.join(LANGS)}")
    return str(lang)


def _fields(template: str, path: Path, key: str) -> set[str]:
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    except ValueError as exc:
        raise CmpError(f"vocabulary key {key}: bad template {template!r} ({exc}); expected text with {{field}} "
                       "placeholders", path=str(path)) from None
    return {n.removesuffix("_en").removesuffix("_zh") for n in names}


def _check_entry(group: str, code: str, entry: object, path: Path) -> None:
    key = f"{group}.{code}"
    if not isinstance(entry, dict):
        raise CmpError(f"vocabulary key {key}: expected a mapping with en and zh, got {entry!r}", path=str(path))
    for lang in LANGS:
        if not isinstance(entry.get(lang), str) or not entry[lang].strip():
            raise CmpError(f"vocabulary key {key}.{lang}: missing or empty; expected a non-empty string",
                           path=str(path))
    unknown = sorted(set(entry) - set(LANGS) - EXTRA_KEYS.get(group, set()))
    if unknown:
        allowed = ", ".join([*LANGS, *sorted(EXTRA_KEYS.get(group, set()))])
        raise CmpError(f"vocabulary key {key}: unknown field(s) {', '.join(unknown)}; allowed: {allowed}",
                       path=str(path))
    if group in TEMPLATE_GROUPS and _fields(entry["en"], path, key) != _fields(entry["zh"], path, key):
        raise CmpError(f"vocabulary key {key}: the en and zh templates name different fields; expected the same "
                       "{field}s in both", path=str(path))
    if group == "plans":
        if not isinstance(entry.get("markers"), list) or not all(isinstance(m, str) for m in entry["markers"]):
            raise CmpError(f"vocabulary key {key}.markers: expected a list of words", path=str(path))
        for k in ("first", "last"):
            if not isinstance(entry.get(k), int):
                raise CmpError(f"vocabulary key {key}.{k}: expected a year (integer)", path=str(path))


def validate(data: object, path: Path) -> dict:
    """The vocabulary `data` read from `path` if every group and entry is well formed; CmpError otherwise."""
    if not isinstance(data, dict):
        raise CmpError("the vocabulary must be a mapping of groups", path=str(path))
    for group in REQUIRED_GROUPS:
        if group not in data:
            raise CmpError(f"vocabulary key {group}: missing; expected groups {', '.join(REQUIRED_GROUPS)}",
                           path=str(path))
    for group, entries in data.items():
        if group == "version":
            continue
        if group in LIST_GROUPS:
            if not isinstance(entries, list) or not all(isinstance(w, str) and w for w in entries):
                raise CmpError(f"vocabulary key {group}: expected a list of words", path=str(path))
            continue
        if not isinstance(entries, dict) or not entries:
            raise CmpError(f"vocabulary key {group}: expected a non-empty mapping of code -> {{en, zh}}",
                           path=str(path))
        for code, entry in entries.items():
            _check_entry(group, str(code), entry, path)
    return data



@lru_cache(maxsize=4)
def _load(path_str: str, mtime: float) -> dict:
    path = Path(path_str)
    data = yamlio.load_file(path)  # aliases and duplicate keys refused, with the line
    return validate(data, path)


def load(path: str | Path | None = None) -> dict:
    """The validated vocabulary (vocab.yaml by default); reloaded when the file changes."""
    return _load(*yamlio.file_key(path if path is not None else VOCAB_PATH))


def _group(data: dict, group: str) -> object:
    if group not in data or group == "version":
        valid = ", ".join(k for k in data if k != "version")
        raise CmpError(f"unknown vocabulary group {group!r}; valid groups: {valid}")
    return data[group]


def codes(group: str, *, path: str | Path | None = None) -> list[str]:
    """The codes of one group in file order (or the words of a list group)."""
    return [str(c) for c in _group(load(path), group)]


def entry(group: str, code: str, *, path: str | Path | None = None) -> dict:
    """The entry of `code` in `group` (en, zh and any extra fields); CmpError naming close codes otherwise."""
    data = _group(load(path), group)
    if code not in data:
        close = difflib.get_close_matches(str(code), [str(c) for c in data], n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise CmpError(f"unknown {group} code {code!r}{hint}; see {VOCAB_PATH.name}")
    return dict(data[code])


def text(group: str, code: str, lang: str, *, path: str | Path | None = None, **details: object) -> str:
    """The `lang` text of `code` in `group`, its {fields} filled from `details` (detail_en/_zh picked by lang)."""
    if lang not in LANGS:
        raise CmpError(f"language {lang!r} is not supported; valid choices: {', '.join(LANGS)}")
    template = entry(group, code, path=path)[lang]
    values = {k: v for k, v in details.items()}
    for k, v in details.items():  # detail "unit_en" fills {unit_en}; "unit" alone fills either
        values.setdefault(f"{k}_{lang}", v)
    try:
        return template.format(**values)
    except KeyError as exc:
        raise CmpError(f"vocabulary {group}.{code}: detail {exc.args[0]} missing; the template is {template!r}") \
            from None


def pair(group: str, code: str, *, path: str | Path | None = None) -> tuple[str, str]:
    """(en, zh) of a code, for the tables that hold both."""
    e = entry(group, code, path=path)
    return e["en"], e["zh"]


def pairs(group: str, *, path: str | Path | None = None) -> dict[str, tuple[str, str]]:
    """code -> (en, zh) for every code of a group (the shape views' KIND_NAMES, FLAG_MEANINGS... had)."""
    return {c: pair(group, c, path=path) for c in codes(group, path=path)}


def words(group: str, *, path: str | Path | None = None) -> list[str]:
    """The words of a list group (draft_markers)."""
    if group not in LIST_GROUPS:
        raise CmpError(f"vocabulary group {group!r} is not a word list; word lists: {', '.join(LIST_GROUPS)}")
    return codes(group, path=path)
