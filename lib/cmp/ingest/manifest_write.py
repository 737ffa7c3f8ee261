"""`cmp add`: copy documents into data/raw/ unchanged and add their manifest entries, with guessed metadata.

All files are read and checked before anything is written; then the documents are copied and the manifest is
replaced in one step (a temporary file renamed over it). The manifest's comments and layout survive the round
trip (ruamel.yaml). Fields read from the document are listed under `guessed` until a person checks them.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CmpError
from ..fileio import atomic_write
from .formats import LEGACY_HINTS, SUPPORTED_SUFFIXES, TEXT_SUFFIXES, read_layer, sniff_encoding
from .guess import guess_fields
from .sources import MANIFEST, REQUIRED_FIELDS

# the order of an entry's fields in the manifest
FIELD_ORDER = ("file", "original_name", "sha256", "encoding", "jurisdiction", "name_zh", "name_en", "level",
               "parent", "title", "publisher", "published", "doc_kind", "period", "script", "guessed")


@dataclass(frozen=True)
class Added:
    """One document `cmp add` accepted: where it goes and its manifest entry."""

    source: Path
    target: Path
    entry: dict
    data: bytes


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.allow_unicode = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    return y


def load_manifest_rt(path: Path):
    """The manifest as a round-trip document (comments kept); a missing file gives an empty one."""
    from ruamel.yaml.error import YAMLError

    if not path.is_file():
        return _yaml().load("documents: []\n")
    try:
        data = _yaml().load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise CmpError(f"manifest is not valid UTF-8 (byte offset {exc.start})", path=str(path)) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CmpError(f"manifest is not valid YAML: {getattr(exc, 'problem', exc)}", path=str(path),
                       line=mark.line + 1 if mark is not None else None) from None
    if data is None:
        data = _yaml().load("documents: []\n")
    if not hasattr(data, "get") or not isinstance(data.get("documents"), list):
        raise CmpError("expected a mapping with a list under 'documents'", path=str(path))
    return data


def slug(text: str) -> str:
    """A jurisdiction id from a file name: lowercase ASCII letters, digits and '_' ('' when none)."""
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return s if s and s[0].isalpha() else (f"doc_{s}" if s else "")


def plan_entry(source: Path, data: bytes, *, existing: list[dict], taken_names: set[str], taken_ids: set[str],
               jurisdiction: str | None = None, name_zh: str | None = None, level: str | None = None,
               name_en: str | None = None) -> tuple[str, dict]:
    """The file name in data/raw/ and the manifest entry for one new document; refuses a bad or repeated file."""
    suffix = source.suffix.lower()
    if suffix in LEGACY_HINTS:
        raise CmpError(f"cannot add {suffix} files: this is {LEGACY_HINTS[suffix]}, then `cmp add` the .docx",
                       path=str(source))
    if suffix not in SUPPORTED_SUFFIXES:
        raise CmpError(f"unsupported file type {suffix or '(none)'!r}; expected one of {', '.join(SUPPORTED_SUFFIXES)}",
                       path=str(source))
    digest = hashlib.sha256(data).hexdigest()
    for e in existing:
        if str(e.get("sha256", "")).lower() == digest:
            raise CmpError(f"already in the manifest as {e.get('jurisdiction', '?')!r} (file {e.get('file')}, same "
                           "sha256); nothing added", path=str(source))
    encoding = sniff_encoding(data, source) if suffix in TEXT_SUFFIXES else None
    layer = read_layer(data, source, encoding)
    guessed = guess_fields(layer.text)
    given = {"jurisdiction": jurisdiction, "name_zh": name_zh, "level": level, "name_en": name_en}
    jid = jurisdiction or slug(source.stem) or f"doc{len(existing) + 1}"
    if jurisdiction and not re.fullmatch(r"[a-z][a-z0-9_-]*", jurisdiction):
        raise CmpError(f"--jurisdiction {jurisdiction!r}: expected a lowercase ASCII id such as qingchuan",
                       path=str(source))
    if jid in taken_ids:
        if jurisdiction:
            raise CmpError(f"jurisdiction id {jid!r} is already used in the manifest; choose another with "
                           "--jurisdiction", path=str(source))
        base, n = jid, 2
        while f"{base}_{n}" in taken_ids:
            n += 1
        jid = f"{base}_{n}"
    name = source.name
    if name in taken_names or name == MANIFEST or name.startswith("."):
        name = f"{jid}{suffix}"
        n = 2
        while name in taken_names:
            name, n = f"{jid}_{n}{suffix}", n + 1
    fields = {
        "file": name, "original_name": source.name, "sha256": digest, "jurisdiction": jid,
        "name_zh": name_zh or guessed["name_zh"], "name_en": name_en or jid.replace("_", " ").title(),
        "level": level or guessed["level"], "parent": "", "title": guessed["title"],
        "publisher": guessed["publisher"], "published": guessed["published"], "doc_kind": guessed["doc_kind"],
        "period": guessed["period"], "script": guessed["script"],
    }
    if name_zh and not level:
        from .guess import guess_level

        fields["level"] = guess_level(name_zh)
    if encoding:
        fields["encoding"] = encoding
    marked = [f for f in REQUIRED_FIELDS if f not in ("file", "original_name", "sha256")
              and not given.get(f) and not (f == "level" and level)]
    entry = {k: fields[k] for k in FIELD_ORDER if k in fields}
    entry["guessed"] = marked
    return name, entry


def add_files(raw_dir: Path, files: list[Path], **given) -> list[Added]:
    """Copy `files` into `raw_dir` and add their manifest entries; all or nothing (nothing written on an error)."""
    raw_dir = Path(raw_dir)
    manifest_path = raw_dir / MANIFEST
    doc = load_manifest_rt(manifest_path)
    existing = [dict(e) for e in doc["documents"] if hasattr(e, "get")]
    taken_names = {str(e.get("file")) for e in existing} | (
        {p.name for p in raw_dir.iterdir()} if raw_dir.is_dir() else set())
    taken_ids = {str(e.get("jurisdiction")) for e in existing}
    if given.get("jurisdiction") and len(files) > 1:
        raise CmpError("--jurisdiction names one document; add the files one at a time")
    planned: list[Added] = []
    for f in files:
        source = Path(f)
        if not source.is_file():
            raise CmpError("no such file; nothing added", path=str(source))
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise CmpError(f"cannot read: {exc.strerror}; nothing added", path=str(source)) from None
        name, entry = plan_entry(source, data, existing=existing, taken_names=taken_names, taken_ids=taken_ids,
                                 **given)
        existing.append(entry)
        taken_names.add(name)
        taken_ids.add(entry["jurisdiction"])
        planned.append(Added(source, raw_dir / name, entry, data))
    if not planned:
        return []
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    seq = doc["documents"]
    if isinstance(seq, CommentedSeq):
        seq.fa.set_block_style()
    for a in planned:
        cm = CommentedMap()
        for k, v in a.entry.items():
            if k == "guessed":
                flow = CommentedSeq(v)
                flow.fa.set_flow_style()
                cm[k] = flow
            else:
                cm[k] = v
        seq.append(cm)
    buf = io.StringIO()
    _yaml().dump(doc, buf)
    try:
        raw_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CmpError(f"cannot write: {exc.strerror}; nothing added", path=str(raw_dir)) from None
    written: list[Path] = []
    try:
        for a in planned:
            atomic_write(a.target, a.data)
            written.append(a.target)
        atomic_write(manifest_path, buf.getvalue().encode("utf-8"))
    except CmpError as exc:  # the files copied before the failure go again: the manifest lists what is there
        for p in written:
            p.unlink(missing_ok=True)
        raise CmpError(f"{exc}; nothing added") from None
    return planned
