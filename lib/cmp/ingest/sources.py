"""Load and verify the raw corpus: the manifest, each document's checksum and encoding."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import CmpError

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
}
# files that may sit in a raw folder without being documents
IGNORED_FILES = {MANIFEST, "README.md", ".gitkeep"}


@dataclass(frozen=True)
class Document:
    """One verified source document: its manifest metadata and decoded text."""

    meta: dict
    text: str
    path: Path = field(compare=False)

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
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except UnicodeDecodeError as exc:
        raise CmpError(f"manifest is not valid UTF-8 (byte offset {exc.start})", path=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", exc)
        raise CmpError(f"manifest is not valid YAML: {problem}", path=str(path), line=line) from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise CmpError("expected a mapping with a list under 'documents'", path=str(path))
    entries: list[dict] = []
    seen_files: set[str] = set()
    seen_ids: set[str] = set()
    for i, entry in enumerate(data["documents"], start=1):
        if not isinstance(entry, dict):
            raise CmpError(f"document entry {i} is not a mapping of fields", path=str(path))
        name = entry.get("file", f"entry {i}")
        missing = [f for f in REQUIRED_FIELDS if entry.get(f) in (None, "")]
        if missing:
            raise CmpError(
                f"entry for {name!s} is missing required field(s) {', '.join(missing)}; "
                f"every entry needs: {', '.join(REQUIRED_FIELDS)}",
                path=str(path),
            )
        clean = {k: _iso(v) for k, v in entry.items()}
        for key, allowed in ALLOWED_VALUES.items():
            if clean[key] not in allowed:
                raise CmpError(
                    f"entry for {name}: field {key!r} is {clean[key]!r}; expected one of {', '.join(allowed)}",
                    path=str(path),
                )
        try:
            dt.date.fromisoformat(clean["published"])
        except ValueError:
            raise CmpError(
                f"entry for {name}: field 'published' is {clean['published']!r}; expected an ISO date YYYY-MM-DD",
                path=str(path),
            ) from None
        if clean["file"] in seen_files:
            raise CmpError(f"file {clean['file']} is listed twice", path=str(path))
        if clean["jurisdiction"] in seen_ids:
            raise CmpError(
                f"jurisdiction id {clean['jurisdiction']!r} is used by two entries; ids must be unique", path=str(path)
            )
        seen_files.add(clean["file"])
        seen_ids.add(clean["jurisdiction"])
        entries.append(clean)
    if not entries:
        raise CmpError("manifest lists no documents", path=str(path))
    return entries


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decode(data: bytes, path: Path | str) -> str:
    """Decode UTF-8 strictly; a bad byte is reported with its offset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = "re-save the document as UTF-8"
        if b"\x00" in data[:4096]:
            hint = "the file looks binary, not text"
        else:
            try:
                data.decode("gb18030")
                hint = "it looks GBK/GB18030-encoded: convert it with `iconv -f GB18030 -t UTF-8`"
            except UnicodeDecodeError:
                pass
        raise CmpError(
            f"not valid UTF-8 at byte offset {exc.start} (byte 0x{data[exc.start]:02x}); expected UTF-8 text ({hint})",
            path=str(path),
        ) from None


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
    """Read every document in the manifest, verified; refuses missing, unlisted, altered or non-UTF-8 files."""
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
        p = raw_dir / meta["file"]
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
        docs.append(Document(meta=meta, text=decode(data, p), path=p))
    return docs
