"""The compendium's hand-written zip (pipeline.speed.deflate): chunks cut by the bytes alone,
however they are fed, and a zip every reader takes."""

from __future__ import annotations

import io
import zipfile
import zlib

from pipeline.speed.deflate import (
    CHUNK,
    END_OF_STREAM,
    ChunkDeflater,
    HandZip,
    deflate_segment,
    deflater_pool,
)

DATA = b"".join(b"<w:p><w:r><w:t>%d Zeile</w:t></w:r></w:p>" % n for n in range(40_000))


def test_chunks_do_not_depend_on_how_the_bytes_are_fed():
    pool = deflater_pool()
    try:
        assert len(DATA) > 3 * CHUNK
        fed = ChunkDeflater(pool)
        for start in range(0, len(DATA), 70_001):  # pieces that do not fit the chunks
            fed.feed(DATA[start : start + 70_001])
        pieces = fed.finish()
        assert pieces == deflate_segment(DATA, pool)
        assert zlib.decompress(b"".join([*pieces, END_OF_STREAM]), -15) == DATA
    finally:
        pool.shutdown()


def test_hand_zip_is_read_by_zipfile_with_fixed_times_and_order():
    pool = deflater_pool()
    buffer = io.BytesIO()
    try:
        out = HandZip(buffer, pool)
        out.add("[Content_Types].xml", b"<Types/>")
        out.add("word/document.xml", DATA[:1000], DATA[1000:])  # cut in two, as the body is
        out.add("word/empty.xml", b"")
        out.close()
    finally:
        pool.shutdown()
    with zipfile.ZipFile(buffer) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == ["[Content_Types].xml", "word/document.xml", "word/empty.xml"]
        assert zf.read("word/document.xml") == DATA
        assert zf.read("word/empty.xml") == b""
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
