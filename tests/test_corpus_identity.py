"""data/raw holds byte-identical copies of the shared corpus. A missing shared corpus is a failure that says what
is missing, not a skip: a silent skip would let the copies drift unnoticed."""

import os
from pathlib import Path

from cmp.ingest.sources import read_manifest

from .conftest import RAW, ROOT

# Beside the checkout (../shared/corpus); CMP_SHARED_CORPUS points elsewhere when the corpus lives elsewhere.
SHARED = Path(os.environ.get("CMP_SHARED_CORPUS") or ROOT.parent / "shared" / "corpus")


def test_raw_files_are_byte_identical_to_shared_corpus():
    entries = read_manifest(RAW)
    assert SHARED.is_dir(), (
        f"shared corpus not found: {SHARED} does not exist, so the {len(entries)} documents in "
        f"{RAW / 'manifest.yaml'} cannot be checked against their originals "
        f"(expected there: {', '.join(e['original_name'] for e in entries)}); "
        "put the corpus beside the checkout or set CMP_SHARED_CORPUS"
    )
    missing = [e["original_name"] for e in entries if not (SHARED / e["original_name"]).is_file()]
    assert not missing, f"{SHARED} lacks the original(s) {', '.join(missing)} named in {RAW / 'manifest.yaml'}"
    differ = [e["file"] for e in entries
              if (RAW / e["file"]).read_bytes() != (SHARED / e["original_name"]).read_bytes()]
    assert not differ, f"data/raw differs from {SHARED} in {', '.join(differ)}"
