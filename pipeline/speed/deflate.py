"""The compendium's package as a zip written by hand, its parts compressed in fixed-size
chunks by threads (zlib lets other threads run while it compresses), the main document's
body while the rest of the document is still being written.

A part is cut into chunks of :data:`CHUNK` bytes, each compressed as a deflate stream of
its own ended by a sync flush (byte-aligned, not final); the chunks in order, then a final
empty block, are one valid deflate stream (as ``pigz`` joins its blocks). Where the chunks
are cut depends on the part's bytes alone (and, in the main document, on where its body's
last filled placeholder ends: the cut starts anew there), never on the threads' timing or
on how the body was written: equal documents give equal bytes, on the fast path and the
plain one alike.

The zip is the plain kind python's ``zipfile`` writes (no zip64: a part or the package under
4 GB, fewer than 65,535 parts), every entry with the fixed time of
:data:`pipeline.speed.compendium.ZIP_TIME`.
"""

from __future__ import annotations

import struct
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

LEVEL = 6
"""zlib's default level, as ``zipfile`` compresses."""
DOS_DATE = (0 << 9) | (1 << 5) | 1
"""1980-01-01 (:data:`pipeline.speed.compendium.ZIP_TIME`), as a zip stores a date."""
DOS_TIME = 0
VERSION = 20
MADE_BY = (3 << 8) | VERSION
"""Unix, zip 2.0: what ``zipfile`` writes on Linux."""
LIMIT = 0xFFFFFFFF
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


def deflate_piece(data: bytes, level: int = LEVEL) -> bytes:
    """``data`` as a non-final, byte-aligned piece of a raw deflate stream."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


END_OF_STREAM = zlib.compressobj(LEVEL, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
"""A final empty block: ends a stream of :func:`deflate_piece` pieces."""
CHUNK = 1 << 18
"""Parts are compressed in chunks of this many bytes (256 KiB; a stream that starts anew
each chunk is about 2 % larger than one in one go)."""


def deflater_pool() -> ThreadPoolExecutor:
    """The threads that compress one document's chunks."""
    return ThreadPoolExecutor(2, thread_name_prefix="praxis-deflate")


class ChunkDeflater:
    """Cuts the bytes fed to it into :data:`CHUNK`-byte chunks and has each compressed by
    ``pool`` as soon as it is complete (see the module doc)."""

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self.pool = pool
        self.buffer = bytearray()
        self.chunks: list[Future[bytes]] = []

    def feed(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= CHUNK:
            self.chunks.append(self.pool.submit(deflate_piece, bytes(self.buffer[:CHUNK])))
            del self.buffer[:CHUNK]

    def finish(self) -> list[bytes]:
        """Every chunk compressed, in order (the last one shorter); not final."""
        if self.buffer:
            self.chunks.append(self.pool.submit(deflate_piece, bytes(self.buffer)))
            self.buffer = bytearray()
        return [chunk.result() for chunk in self.chunks]

    def cancel(self) -> None:
        for chunk in self.chunks:
            chunk.cancel()
        self.chunks, self.buffer = [], bytearray()


IN_FLIGHT = 8
"""Chunks of a streamed entry (:meth:`HandZip.add_stream`) read but not yet written: 2 MiB."""
_CRC_AT = 14
"""Where a local header's CRC-32 and sizes begin."""
_SIZES = struct.Struct("<III")


def _rechunked(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """The bytes of ``blocks`` in :data:`CHUNK`-byte pieces (the last one shorter)."""
    buffer = bytearray()
    for block in blocks:
        buffer += block
        while len(buffer) >= CHUNK:
            yield bytes(buffer[:CHUNK])
            del buffer[:CHUNK]
    if buffer:
        yield bytes(buffer)


def deflate_segment(segment: bytes, pool: ThreadPoolExecutor) -> list[bytes]:
    """``segment`` cut into chunks from its start and compressed (not final)."""
    chunks = ChunkDeflater(pool)
    chunks.feed(segment)
    return chunks.finish()


def deflate_segments(segments: Iterable[bytes], pool: ThreadPoolExecutor) -> list[bytes]:
    """The raw deflate stream of ``segments`` one after the other, each cut into chunks from
    its own start."""
    return [*(p for segment in segments for p in deflate_segment(segment, pool)), END_OF_STREAM]


@dataclass
class _Entry:
    name: bytes
    crc: int
    size: int
    compressed: int
    offset: int
    time: int = DOS_TIME
    date: int = DOS_DATE
    attr: int = 0
    """The external attributes (the file mode in the upper 16 bits)."""


class HandZip:
    """A zip of deflated entries written in one pass into ``handle`` (no seeking; ``handle``
    starts empty), the entries compressed in chunks by ``pool``."""

    def __init__(self, handle: BinaryIO, pool: ThreadPoolExecutor) -> None:
        self.handle, self.pool = handle, pool
        self.entries: list[_Entry] = []
        self.offset = 0

    def _write(self, data: bytes) -> None:
        self.handle.write(data)
        self.offset += len(data)

    def add(self, name: str, *segments: bytes) -> None:
        """An entry of the ``segments`` one after the other (see :func:`deflate_segments`)."""
        crc, size = 0, 0
        for segment in segments:
            crc, size = zlib.crc32(segment, crc), size + len(segment)
        self.add_deflated(name, deflate_segments(segments, self.pool), crc, size)

    def add_deflated(self, name: str, pieces: Iterable[bytes], crc: int, size: int) -> None:
        """An entry whose raw deflate stream is ``pieces`` (a list, or an iterable that may be
        gone through twice), of ``size`` bytes with CRC-32 ``crc`` uncompressed."""
        pieces = list(pieces)
        compressed = sum(map(len, pieces))
        encoded = name.encode("ascii")
        if max(size, compressed, self.offset) >= LIMIT or len(self.entries) >= 0xFFFF:
            raise OverflowError(f"{name}: too large for a zip without zip64")
        entry = _Entry(encoded, crc, size, compressed, self.offset)
        header = _LOCAL.pack(
            0x04034B50, VERSION, 0, 8, DOS_TIME, DOS_DATE, crc, compressed, size, len(encoded), 0
        )
        self._write(header + encoded)
        for piece in pieces:
            self._write(piece)
        self.entries.append(entry)

    def add_stream(
        self,
        name: str,
        blocks: Iterable[bytes],
        level: int,
        date_time: tuple[int, ...],
        attr: int = 0,
    ) -> None:
        """An entry of the bytes of ``blocks`` one after the other, compressed at ``level`` in
        :data:`CHUNK`-byte chunks (cut from the entry's start, whatever the blocks) by the
        pool while the next ones are read, at most :data:`IN_FLIGHT` at a time (so that a big
        part is never in memory whole); the local header is filled in afterwards (``handle``
        must be seekable). ``date_time`` and ``attr`` as :class:`zipfile.ZipInfo` has them."""
        encoded = name.encode("ascii")
        year, month, day, hour, minute, second = date_time[:6]
        time, date = hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
        entry = _Entry(encoded, 0, 0, 0, self.offset, time, date, attr)
        self._write(_LOCAL.pack(0x04034B50, VERSION, 0, 8, time, date, 0, 0, 0, len(encoded), 0))
        self._write(encoded)
        pending: deque[Future[bytes]] = deque()
        crc = size = compressed = 0
        for chunk in _rechunked(blocks):
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
            pending.append(self.pool.submit(deflate_piece, chunk, level))
            while len(pending) > IN_FLIGHT or (pending and pending[0].done()):
                piece = pending.popleft().result()
                self._write(piece)
                compressed += len(piece)
        for piece in (*(f.result() for f in pending), END_OF_STREAM):
            self._write(piece)
            compressed += len(piece)
        if max(size, compressed, self.offset) >= LIMIT or len(self.entries) >= 0xFFFF:
            raise OverflowError(f"{name}: too large for a zip without zip64")
        entry.crc, entry.size, entry.compressed = crc, size, compressed
        self.handle.seek(entry.offset + _CRC_AT)
        self.handle.write(_SIZES.pack(crc, compressed, size))
        self.handle.seek(self.offset)
        self.entries.append(entry)

    def close(self) -> None:
        """The central directory and its end record."""
        start = self.offset
        for e in self.entries:
            record = _CENTRAL.pack(
                0x02014B50, MADE_BY, VERSION, 0, 8, e.time, e.date, e.crc, e.compressed,
                e.size, len(e.name), 0, 0, 0, 0, e.attr, e.offset,
            )  # fmt: skip
            self._write(record + e.name)
        count = len(self.entries)
        self._write(_END.pack(0x06054B50, 0, 0, count, count, self.offset - start, start, 0))
