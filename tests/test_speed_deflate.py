"""The compendium's hand-written zip (pipeline.speed.deflate): chunks cut by the bytes alone,
however they are fed, and a zip every reader takes."""

from __future__ import annotations

import io
import zipfile
import zlib

from pipeline.speed.deflate import (
    CHUNK,
    END_OF_STREAM,
    IN_FLIGHT,
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


def _streamed(blocks_of_data: list[list[bytes]]) -> bytes:
    pool = deflater_pool()
    buffer = io.BytesIO()
    try:
        out = HandZip(buffer, pool)
        for n, blocks in enumerate(blocks_of_data):
            out.add_stream(f"xl/part{n}.xml", blocks, 1, (1980, 1, 31, 0, 0, 0), 0o644 << 16)
        out.close()
    finally:
        pool.shutdown()
    return buffer.getvalue()


def test_a_streamed_entry_is_read_back_with_its_time_and_mode_and_cut_by_its_bytes_alone():
    big = DATA * 6
    assert len(big) > (IN_FLIGHT + 1) * CHUNK  # more chunks than are kept in flight
    fed = [big[start : start + 70_001] for start in range(0, len(big), 70_001)]
    zipped = _streamed([[b"<Types/>"], fed, [], [b"", b"x"]])
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == ["xl/part0.xml", "xl/part1.xml", "xl/part2.xml", "xl/part3.xml"]
        assert [zf.read(n) for n in zf.namelist()] == [b"<Types/>", big, b"", b"x"]
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 31, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in zf.infolist()} == {0o644}
    assert _streamed([[b"<Types/>"], [big], [], [b"x"]]) == zipped  # however it was read
