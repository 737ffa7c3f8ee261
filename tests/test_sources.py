import hashlib

import pytest
import yaml

from cmp.errors import CmpError
from cmp.ingest.sources import REQUIRED_FIELDS, load_documents, read_manifest

from .conftest import RAW


def test_real_corpus_loads_and_is_verified():
    docs = load_documents(RAW)
    assert [d.jurisdiction for d in docs] == ["chifeng", "wuhan", "tongzhou", "jining", "xincheng"]
    for d in docs:
        assert hashlib.sha256(d.path.read_bytes()).hexdigest() == d.meta["sha256"]
        assert set(REQUIRED_FIELDS) <= set(d.meta)
    assert {d.meta["script"] for d in docs} == {"simplified", "traditional"}


def test_refuses_checksum_mismatch(make_corpus):
    raw = make_corpus({"a.txt": "赤峰市民政"})
    (raw / "a.txt").write_text("赤峰市民政!", "utf-8")
    with pytest.raises(CmpError, match=r"a\.txt.*checksum mismatch"):
        load_documents(raw)


def test_refuses_missing_file(make_corpus):
    raw = make_corpus({"a.txt": "x"})
    (raw / "a.txt").unlink()
    with pytest.raises(CmpError, match=r"a\.txt.*not found"):
        load_documents(raw)


def test_refuses_unlisted_file(make_corpus):
    raw = make_corpus({"a.txt": "x"})
    (raw / "stray.txt").write_text("y", "utf-8")
    with pytest.raises(CmpError, match=r"stray\.txt.*not in the manifest"):
        load_documents(raw)


@pytest.mark.parametrize("field", ["sha256", "jurisdiction", "published", "script"])
def test_refuses_missing_field(make_corpus, field):
    raw = make_corpus({"a.txt": "x"})
    data = yaml.safe_load((raw / "manifest.yaml").read_text("utf-8"))
    del data["documents"][0][field]
    (raw / "manifest.yaml").write_text(yaml.safe_dump(data), "utf-8")
    with pytest.raises(CmpError, match=rf"manifest\.yaml.*a\.txt.*missing required field\(s\) {field}"):
        load_documents(raw)


def test_refuses_non_utf8_with_byte_offset(make_corpus):
    raw = make_corpus({"gbk.txt": "民政事业".encode("gbk")})
    with pytest.raises(CmpError, match=r"gbk\.txt.*not valid UTF-8 at byte offset 0"):
        load_documents(raw)


def test_refuses_unknown_field_value(make_corpus):
    raw = make_corpus({"a.txt": "x"}, doc_kind="poem")
    with pytest.raises(CmpError, match=r"doc_kind.*expected one of five_year_plan, annual_plan"):
        read_manifest(raw)


def test_refuses_duplicate_jurisdiction(make_corpus):
    raw = make_corpus({"a.txt": "x", "b.txt": "y"}, jurisdiction="same")
    with pytest.raises(CmpError, match="used by two entries"):
        read_manifest(raw)


def test_refuses_missing_manifest(tmp_path):
    (tmp_path / "a.txt").write_text("x", "utf-8")
    with pytest.raises(CmpError, match="no manifest found"):
        load_documents(tmp_path)


def test_refuses_broken_yaml_with_line(tmp_path):
    (tmp_path / "manifest.yaml").write_text("documents:\n  - file: a\n   bad: [\n", "utf-8")
    with pytest.raises(CmpError, match=r"manifest\.yaml:\d+: not valid YAML"):
        read_manifest(tmp_path)


def test_works_on_any_folder(make_corpus):
    raw = make_corpus({"one.txt": "一", "two.txt": "二"})
    assert [d.text for d in load_documents(raw)] == ["一", "二"]
