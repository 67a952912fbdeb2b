"""Anything that is not a readable .docx (or usable pasted content) raises the typed error."""

import io
import random
import re
import zipfile

import pytest

from gongkai.catalog.ingest import BadDocument, docx_reader, extract_from_docx, extract_from_html, extract_from_text
from gongkai.core.errors import DomainError

from .seed_docs import build_docx, seed_text

CJK = re.compile(r"[\u4e00-\u9fff]")


def _zip(entries: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def _ole_doc() -> bytes:
    # The compound-file signature of a Word 97–2003 .doc (and of an encrypted .docx), then sectors.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + b"\x00" * 4066


def _truncated_docx() -> bytes:
    data = build_docx("004")
    return data[: len(data) // 2]


def _zip_bomb() -> bytes:
    # one highly compressible part: 8 MiB of zeros deflate to a few KiB
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * (8 * 1024 * 1024)})


CASES = {
    "random bytes": (lambda: random.Random(3).randbytes(4096), "not_docx"),
    "renamed .txt": (lambda: seed_text("004").encode("utf-8"), "not_docx"),
    "legacy .doc": (_ole_doc, "legacy_doc"),
    "empty file": (lambda: b"", "empty"),
    "corrupt zip": (_truncated_docx, "corrupt"),
    "zip of something else": (lambda: _zip({"readme.txt": "不是公文".encode()}), "not_docx"),
    "xlsx renamed": (
        lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
        "not_docx",
    ),
    "zip bomb": (_zip_bomb, "zip_bomb"),
    "broken document part": (
        lambda: _zip({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}),
        "corrupt",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_raises_typed_error_with_chinese_message(case):
    # given
    make, reason = CASES[case]
    data = make()

    # when
    with pytest.raises(BadDocument) as caught:
        extract_from_docx(data)

    # then
    error = caught.value
    assert isinstance(error, DomainError)
    assert error.code == "bad_document"
    assert error.http_status == 422
    assert error.detail == {"reason": reason}
    assert CJK.search(error.message)
    assert error.as_dict() == {"code": "bad_document", "message": error.message, "detail": {"reason": reason}}


def test_legacy_doc_message_says_what_to_do():
    with pytest.raises(BadDocument) as caught:
        extract_from_docx(_ole_doc())

    assert (
        caught.value.message
        == "这是旧版 Word（.doc）文件或加密的文档，请在 Word 中另存为 .docx 格式（不设密码）后再上传。"
    )


def test_over_large_file_is_refused_before_reading(monkeypatch):
    # given a limit of 1 MiB and a 1 MiB + 1 byte upload
    monkeypatch.setattr(docx_reader, "MAX_DOCX_BYTES", 1024 * 1024)
    data = io.BytesIO(b"PK\x03\x04" + b"\x00" * (1024 * 1024))

    with pytest.raises(BadDocument) as caught:
        extract_from_docx(data)

    assert caught.value.detail == {"reason": "too_large"}
    assert caught.value.message == "文件过大（超过 1 MB），请压缩图片或拆分后再上传。"


def test_total_inflated_size_is_limited(monkeypatch):
    # given a real .docx and an inflated-size limit below its size
    data = build_docx("004")
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 10_000)

    with pytest.raises(BadDocument) as caught:
        extract_from_docx(data)

    assert caught.value.detail == {"reason": "zip_bomb"}


def test_docx_without_text_is_refused():
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.save(buffer)

    with pytest.raises(BadDocument) as caught:
        extract_from_docx(buffer.getvalue())

    assert caught.value.detail == {"reason": "no_text"}
    assert caught.value.message == "文档中没有可识别的文字。"


@pytest.mark.parametrize("extract", [extract_from_text, extract_from_html])
@pytest.mark.parametrize("content", ["", "   \n\u3000 "])
def test_empty_paste_is_refused(extract, content):
    with pytest.raises(BadDocument) as caught:
        extract(content)

    assert caught.value.detail == {"reason": "empty"}
    assert caught.value.message == "粘贴的内容为空。"


def test_html_with_only_scripts_has_no_text():
    with pytest.raises(BadDocument) as caught:
        extract_from_html("<script>alert('公开')</script><style>p{color:red}</style>")

    assert caught.value.detail == {"reason": "no_text"}
