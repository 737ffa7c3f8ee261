"""Load and verify the raw corpus: the manifest, each document's checksum and encoding."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from .. import yamlio
from ..errors import CmpError
from .formats import TextLayer, _decodes, read_layer

MANIFEST = "manifest.yaml"
REQUIRED_FIELDS = (
    "file",
    "original_name",
    "sha256",
    "jurisdiction",
    "name_zh",
    "name_en",
    "level",
    "parent",
    "title",
    "publisher",
    "published",
    "doc_kind",
    "period",
    "script",
)
ALLOWED_VALUES = {
    "doc_kind": ("five_year_plan", "annual_plan", "work_report", "statistical_bulletin", "news_report"),
    "script": ("simplified", "traditional"),
    "encoding": ("utf-8", "gb18030", "gbk"),
}
# files that may sit in a raw folder without being documents
IGNORED_FILES = {MANIFEST, "README.md", ".gitkeep"}


@dataclass(frozen=True)
class Document:
    """One verified source document: its manifest metadata and decoded text."""

    meta: dict
    text: str
    path: Path = field(compare=False)
    layer: TextLayer | None = field(default=None, compare=False, repr=False)  # text is layer.text; locators

    @property
    def file(self) -> str:
        return self.meta["file"]

    @property
    def jurisdiction(self) -> str:
        return self.meta["jurisdiction"]


def _iso(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def read_manifest(raw_dir: Path | str) -> list[dict]:
    """Parse and validate `manifest.yaml` in `raw_dir`; every entry gets all required fields as strings."""
    raw_dir = Path(raw_dir)
    path = raw_dir / MANIFEST
    if not path.is_file():
        raise CmpError(f"no manifest found; expected a YAML file {MANIFEST} describing the documents", path=str(path))
    data = yamlio.load_file(path)  # aliases and duplicate keys refused, with the line
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise CmpError("expected a mapping with a list under 'documents'", path=str(path))
    entries: list[dict] = []
    seen_files: dict[Path, int] = {}
    seen_ids: set[str] = set()
    for i, entry in enumerate(data["documents"], start=1):
        if not isinstance(entry, dict):
            raise CmpError(f"document entry {i} is not a mapping of fields", path=str(path))
        name = entry.get("file", f"entry {i}")
        guessed = _guessed(entry, name, path)
        # a field `cmp add` could not read from the document stays empty until a person fills it in
        missing = [f for f in REQUIRED_FIELDS if entry.get(f) in (None, "") and f not in guessed]
        if missing:
            raise CmpError(
                f"entry for {name!s} is missing required field(s) {', '.join(missing)}; "
                f"every entry needs: {', '.join(REQUIRED_FIELDS)}",
                path=str(path),
            )
        clean = {k: _iso(v) for k, v in entry.items() if k != "guessed"}
        clean.update({f: "" for f in guessed if clean.get(f) in (None, "None")})
        if guessed:
            clean["guessed"] = ", ".join(guessed)
        for key, allowed in ALLOWED_VALUES.items():
            if key not in clean or (clean[key] == "" and key in guessed):
                continue
            if clean[key] not in allowed:
                raise CmpError(
                    f"entry for {name}: field {key!r} is {clean[key]!r}; expected one of {', '.join(allowed)}",
                    path=str(path),
                )
        try:
            if clean["published"] or "published" not in guessed:
                dt.date.fromisoformat(clean["published"])
        except ValueError:
            raise CmpError(
                f"entry for {name}: field 'published' is {clean['published']!r}; expected an ISO date YYYY-MM-DD",
                path=str(path),
            ) from None
        clean["file"], real = inside_raw(raw_dir, clean["file"], where=str(path))
        if real in seen_files:
            raise CmpError(f"file {clean['file']} is listed twice (entries {seen_files[real]} and {i} name the "
                           "same file)", path=str(path))
        if clean["jurisdiction"] in seen_ids:
            raise CmpError(
                f"jurisdiction id {clean['jurisdiction']!r} is used by two entries; ids must be unique", path=str(path)
            )
        seen_files[real] = i
        seen_ids.add(clean["jurisdiction"])
        entries.append(clean)
    if not entries:
        raise CmpError("manifest lists no documents; add one with `cmp add FILE`", path=str(path))
    return entries


def inside_raw(raw_dir: Path, name: str, where: str) -> tuple[str, Path]:
    """A manifest `file:` as a clean relative name and its real path; refuses anything that leaves the raw folder.

    No absolute path, no `..`, and no symlink (of the file or a folder on the way) that resolves outside it.
    """
    pure = PurePosixPath(name.replace("\\", "/"))
    if not name.strip() or pure.is_absolute() or PureWindowsPath(name).drive or ".." in pure.parts \
            or "\x00" in name:
        raise CmpError(f"file {name!r} must be a path inside the raw folder (no absolute path, no '..')",
                       path=where)
    clean = pure.as_posix()
    root = raw_dir.resolve()
    real = (root / clean).resolve()
    if not real.is_relative_to(root):
        raise CmpError(f"file {name!r} leads outside the raw folder {root} (a symlink to {real}); "
                       "copy the document into the raw folder instead", path=where)
    return clean, real
def _guessed(entry: dict, name: object, path: Path) -> list[str]:
    """The fields `cmp add` read from the document and no person has confirmed yet (the entry's `guessed` list)."""
    value = entry.get("guessed") or []
    if not isinstance(value, list) or not all(isinstance(f, str) and f in REQUIRED_FIELDS for f in value):
        raise CmpError(f"entry for {name!s}: field 'guessed' must be a list of field names from: "
                       f"{', '.join(REQUIRED_FIELDS)}", path=str(path))
    return value


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decode(data: bytes, path: Path | str) -> str:
    """Decode UTF-8 strictly; a bad byte is reported with its offset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = encoding_hint(data)
        raise CmpError(
            f"not valid UTF-8 at byte offset {exc.start} (byte 0x{data[exc.start]:02x}); expected UTF-8 text ({hint})",
            path=str(path),
        ) from None


_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32LE"), (b"\x00\x00\xfe\xff", "UTF-32BE"), (b"\xff\xfe", "UTF-16LE"),
         (b"\xfe\xff", "UTF-16BE"))


def _gb_extension_share(text: str) -> float:
    """Share of the CJK characters of a GB18030 reading that lie outside GB2312 (high for Big5 bytes read as GBK)."""
    cjk = [c for c in text if ord(c) > 0x2E7F]
    if not cjk:
        return 0.0
    outside = 0
    for c in cjk:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            outside += 1
    return outside / len(cjk)


def encoding_hint(data: bytes) -> str:
    """The likely encoding of bytes that are not UTF-8, as advice: UTF-16/32 (BOM or NUL pattern), GB18030, Big5."""
    def iconv(enc: str, what: str) -> str:
        return f"it looks {what}: convert it with `iconv -f {enc} -t UTF-8`"

    for bom, enc in _BOMS:
        if data.startswith(bom):
            return iconv(enc, f"{enc}-encoded (byte-order mark)")
    head = data[:4096]
    if head.count(0):
        # UTF-16 puts the NUL of every ASCII character on one side of its two bytes; binary data has them anywhere
        even, odd = head[0::2].count(0), head[1::2].count(0)
        for enc, own, other in (("UTF-16LE", odd, even), ("UTF-16BE", even, odd)):
            if own >= 4 and other <= own / 20 and _decodes(data[: len(data) // 2 * 2], enc):
                return iconv(enc, f"{enc}-encoded (NUL bytes on one side of each character pair)")
        return "the file looks binary, not text"
    readings = {}
    for enc in ("gb18030", "big5"):
        try:
            readings[enc] = data.decode(enc)
        except UnicodeDecodeError:
            pass
    if "gb18030" in readings and ("big5" not in readings or _gb_extension_share(readings["gb18030"]) < 0.1):
        return iconv("GB18030", "GBK/GB18030-encoded (Simplified Chinese)")
    if "big5" in readings:
        return iconv("BIG5", "Big5-encoded (Traditional Chinese)")
    return "re-save the document as UTF-8"


def check_status(raw_dir: Path | str) -> list[dict]:
    """Each manifest entry with its checksum status (`ok`, `missing`, `mismatch`), without raising on them."""
    raw_dir = Path(raw_dir)
    rows = []
    for meta in read_manifest(raw_dir):
        p = raw_dir / meta["file"]
        if not p.is_file():
            status = "missing"
        elif sha256_of(p) != meta["sha256"].lower():
            status = "mismatch"
        else:
            status = "ok"
        rows.append({**meta, "status": status})
    return rows


def load_documents(raw_dir: Path | str) -> list[Document]:
    """Read every document in the manifest, verified; refuses missing, unlisted, altered or unreadable files.

    Each document's text is its text layer (`formats.read_layer`): the decoded text of a .txt file, or the
    rendered text of an HTML, Word or PDF file."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise CmpError(
            "raw folder not found; expected a folder holding manifest.yaml and the documents", path=str(raw_dir)
        )
    entries = read_manifest(raw_dir)
    listed = {m["file"] for m in entries}
    unlisted = sorted(
        p.name for p in raw_dir.iterdir() if p.is_file() and p.name not in listed and p.name not in IGNORED_FILES
        and not p.name.startswith(".")
    )
    if unlisted:
        raise CmpError(
            f"file(s) not in the manifest: {', '.join(unlisted)}; add an entry to {MANIFEST} or remove them",
            path=str(raw_dir / unlisted[0]),
        )
    docs = []
    for meta in entries:
        docs.append(_verified(meta, raw_dir / meta["file"]))
    return docs


def _verified(meta: dict, p: Path) -> Document:
    """One document read from `p`, its checksum checked against the manifest, with its text layer."""
    if not p.is_file():
        raise CmpError(f"listed in {MANIFEST} but not found", path=str(p))
    data = p.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != meta["sha256"].lower():
        raise CmpError(
            f"checksum mismatch: manifest says sha256 {meta['sha256']}, file has {actual}; "
            "raw documents must stay byte-identical to the source",
            path=str(p),
        )
    layer = read_layer(data, p, meta.get("encoding"))
    return Document(meta=meta, text=layer.text, path=p, layer=layer)


def load_document(raw_dir: Path | str, file: str) -> Document:
    """One document of the manifest by its file name, verified (for `cmp show`: no need to read them all)."""
    raw_dir = Path(raw_dir)
    for meta in read_manifest(raw_dir):
        if meta["file"] == file:
            return _verified(meta, raw_dir / meta["file"])
    raise CmpError(f"{file} is not in {MANIFEST}; rebuild with `cmp build`", path=str(raw_dir / MANIFEST))
