"""Stable row ids (no pandas here: the worker processes that read the documents hash their rows' ids)."""

from __future__ import annotations

import hashlib


def make_row_id(jurisdiction: str, method: str, *parts: object) -> str:
    """A stable id from what a row says (not its position), so unrelated changes leave it alone."""
    key = "\x1f".join(str(p) for p in parts)
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return f"{jurisdiction}-{method[0]}-{digest}"
