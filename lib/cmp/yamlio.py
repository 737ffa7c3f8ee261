"""The one YAML loader of the project: safe types only, no aliases, no duplicate keys, errors with file and line.

PyYAML's safe loader still expands aliases without limit (an 872-byte "billion laughs" file fills the memory) and
silently keeps the last of two equal keys. Every YAML file cmp reads (manifest, briefing params, codebook, checks,
table vocabulary) goes through `load_file` or `load_text` here, which refuse both with a CmpError naming the
file and the line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import CmpError

# the C (libyaml) parser when PyYAML was built with it: same result, ~10x faster on the 80 kB codebook
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """The safe loader with duplicate mapping keys refused (aliases are refused before construction)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be text or a number", key_node.start_mark) from None
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _Duplicate(key, line, seen[key])
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


class _Duplicate(Exception):
    def __init__(self, key: object, line: int, first: int) -> None:
        super().__init__(key, line, first)
        self.key, self.line, self.first = key, line, first


def _refuse_aliases(text: str, where: str) -> None:
    """One linear pass over the parser's events: an alias (`*name`) or a merge key stops the load."""
    for event in yaml.parse(text, Loader=_BASE):
        if isinstance(event, yaml.AliasEvent):
            raise CmpError(f"YAML alias *{event.anchor} is not allowed (anchors and aliases are refused, so a "
                           "small file cannot expand into a huge one); write the value out",
                           path=where, line=event.start_mark.line + 1)


def load_text(text: str, where: str = "<text>") -> object:
    """Parse YAML text safely: plain data only; aliases and duplicate keys raise CmpError naming `where` and line."""
    try:
        if "*" in text:  # (an alias is written *name: a text without a star has none, and skips the pass)
            _refuse_aliases(text, where)
        return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader subclass
    except _Duplicate as dup:
        raise CmpError(f"duplicate key {dup.key!r} (first at line {dup.first}); each key may appear once",
                       path=where, line=dup.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise CmpError(f"not valid YAML: {problem}", path=where,
                       line=mark.line + 1 if mark is not None else None) from None
    except RecursionError:
        raise CmpError("YAML nested too deeply", path=where) from None


def load_file(path: str | Path) -> object:
    """Read a UTF-8 YAML file with `load_text`; a missing file or a bad byte is a CmpError naming the file."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise CmpError("file not found; expected a YAML file", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise CmpError(f"not valid UTF-8 (byte offset {exc.start}); expected UTF-8 YAML", path=str(path)) from None
    except OSError as exc:
        raise CmpError(f"cannot read: {exc.strerror}", path=str(path)) from None
    return load_text(text, str(path))


# ---------------------------------------------------------------------------------------------------------------
# cache keys of loaded files

_pinned: dict[str, tuple[str, float]] | None = None  # set inside `pinned()`


@lru_cache(maxsize=32)
def _resolved(path_str: str, cwd: str) -> str:
    # resolving walks every folder of the path (one lstat each): once per (path, working directory)
    return str(Path(cwd, path_str).resolve())


def file_key(path: str | Path) -> tuple[str, float]:
    """(resolved path, mtime or 0.0 when not a file): the cache key of a loaded YAML file, so an edit is seen.
    Inside `pinned()` each file is looked at once and then taken as it was (a build asks per sentence and row)."""
    p = os.fspath(path)
    if _pinned is not None and p in _pinned:  # (an absolute path: a relative one depends on the folder)
        return _pinned[p]
    cwd = "" if os.path.isabs(p) else os.getcwd()
    try:
        st = os.stat(p)
        mtime = st.st_mtime if stat.S_ISREG(st.st_mode) else 0.0
    except OSError:
        mtime = 0.0
    key = (_resolved(p, cwd), mtime)
    if _pinned is not None and not cwd:
        _pinned[p] = key
    return key


@contextmanager
def pinned() -> Iterator[None]:
    """Within it (one build), `file_key` looks at each file once: the vocabularies, codebook and rules are the
    ones first loaded, not re-checked on every sentence and row. Nested uses share the outer one."""
    global _pinned
    if _pinned is not None:
        yield
        return
    _pinned = {}
    try:
        yield
    finally:
        _pinned = None
