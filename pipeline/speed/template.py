"""Package templates: a package's parts serialised once, with *holes* for what differs.

Part of the speed layer (:mod:`pipeline.speed`). Writing 1,000 forms of one questionnaire
builds the same XML 1,000 times except for a few places (project name, identification,
pre-filled answers). A :class:`Template` holds the serialised parts of a zip package split at
those places; :meth:`Template.render` joins the chunks with the per-project bytes and zips
them (deflate, fixed entry times).

A hole is marked while building the template either by a processing instruction
``<?praxis NAME?>`` standing in for elements (:func:`hole`) or by a sentinel text
(:func:`text_hole`) inside a text node; :func:`split_part` cuts the serialised part there.
:func:`fragment` serialises per-project elements exactly as they would appear in the part.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from pipeline.forms.package import ZIP_TIME

PI_TARGET = "praxis"
SENTINEL = "\ue000"
_MARKER = re.compile(
    rb"<\?"
    + PI_TARGET.encode()
    + rb" ([^?>]+)\?>|"
    + SENTINEL.encode()
    + rb"([^\xee]+)"
    + SENTINEL.encode()
)
Chunk = bytes | str
"""Static bytes, or the name of a hole."""


def hole(name: str) -> Any:
    """A marker element (a processing instruction) standing in for the hole ``name``."""
    return etree.ProcessingInstruction(PI_TARGET, name)


def text_hole(name: str) -> str:
    """A sentinel text standing in for the text of the hole ``name``."""
    return f"{SENTINEL}{name}{SENTINEL}"


def split_part(data: bytes) -> tuple[Chunk, ...]:
    """The serialised part cut at its hole markers: bytes and hole names, alternating."""
    chunks: list[Chunk] = []
    start = 0
    for match in _MARKER.finditer(data):
        chunks.append(data[start : match.start()])
        chunks.append((match.group(1) or match.group(2)).decode())
        start = match.end()
    chunks.append(data[start:])
    return tuple(chunks)


def xml_text(text: str) -> bytes:
    """``text`` escaped as lxml writes element text (UTF-8). A printable text (no control,
    private-use or unassigned characters: each a valid XML character) is escaped here, as
    lxml escapes it; any other is handed to lxml, which also refuses what XML cannot hold."""
    if text.isprintable():
        return escape(text).encode()
    node = etree.Element("x")
    node.text = text
    return etree.tostring(node, encoding="UTF-8")[3:-4]


def fragment(elements: Iterable[Any], nsmap: Mapping[str | None, str]) -> bytes:
    """``elements`` serialised as children of an element with the namespaces ``nsmap``.

    Declarations the context already makes are left out, as inside the real part.
    """
    parent = etree.Element("{urn:praxis}x", nsmap={**nsmap, "praxis-x": "urn:praxis"})
    parent.extend(elements)
    data = etree.tostring(parent, encoding="UTF-8")
    return data[data.index(b">") + 1 : data.rindex(b"</")]


def context_nsmap(marker: Any) -> dict[str | None, str]:
    """The namespaces in scope where the hole ``marker`` stands."""
    return dict(marker.getparent().nsmap)


_SMALL = 4096
"""Pieces up to this size are deflated with a 4 KB window and little memory: setting up the
default compressor (256 KB of state) costs ten times as long as compressing such a piece."""


def _deflate(data: bytes) -> bytes:
    """``data`` as raw deflate blocks that end byte-aligned and not final (a sync flush).

    Such pieces, each from a fresh compressor, concatenate to one valid deflate stream.
    """
    small = len(data) <= _SMALL
    packer = zlib.compressobj(
        zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -12 if small else -15, 4 if small else 8
    )
    return packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH)


_FINAL_BLOCK = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15).flush()
"""An empty final deflate block: ends a stream of :func:`_deflate` pieces."""
STORED_MAX = 256
"""Hole values up to this size are stored, not compressed: deflate saves nothing on a name."""
MAX_PACKED = 512
"""Deflated larger hole values kept per template (a pre-filled choice repeats across projects)."""


def _stored(data: bytes) -> bytes:
    """``data`` as one stored (uncompressed) deflate block, not final, at a byte boundary."""
    size = len(data)
    return b"\x00" + size.to_bytes(2, "little") + (size ^ 0xFFFF).to_bytes(2, "little") + data


class Memo:
    """A bounded memo that threads may share: a full memo is emptied, never read half-built."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, build: Callable[[], Any]) -> Any:
        value = self._entries.get(key)
        if value is None:
            value = build()
            with self._lock:
                if len(self._entries) >= self.size:
                    self._entries.clear()
                self._entries[key] = value
        return value


def pack_value(data: bytes, memo: Memo | None = None) -> bytes:
    """A hole's value as deflate blocks that continue the stream (see :func:`_deflate`)."""
    if len(data) <= STORED_MAX:
        return _stored(data)
    return memo.get(data, lambda: _deflate(data)) if memo else _deflate(data)


@functools.lru_cache(maxsize=256)
def crc_shift(length: int) -> tuple[tuple[int, ...], ...]:
    """Tables that carry a CRC-32 across ``length`` bytes without reading them.

    CRC-32 is linear: ``crc32(data, start) == crc32(data) ^ A(start)``, where ``A`` depends
    only on ``len(data)``. ``A`` is found from 32 CRCs of zero bytes and kept as four byte
    tables, so a form's fixed chunks (most of its bytes) need no CRC pass per form.
    """
    zeros = bytes(length)
    base = zlib.crc32(zeros)
    basis = [zlib.crc32(zeros, 1 << bit) ^ base for bit in range(32)]
    tables = []
    for byte in range(4):
        table = [0] * 256
        for value in range(1, 256):
            low = value & -value
            table[value] = table[value ^ low] ^ basis[8 * byte + low.bit_length() - 1]
        tables.append(tuple(table))
    return tuple(tables)


def crc_after(start: int, tables: tuple[tuple[int, ...], ...], crc: int) -> int:
    """``crc32(data, start)`` from ``crc == crc32(data)`` and ``tables == crc_shift(len(data))``."""
    t0, t1, t2, t3 = tables
    shifted = t0[start & 255] ^ t1[start >> 8 & 255] ^ t2[start >> 16 & 255] ^ t3[start >> 24]
    return shifted ^ crc


@dataclass(frozen=True)
class _Fixed:
    """A static chunk, deflated once, with its CRC-32 and the tables to carry a CRC across it."""

    packed: bytes
    crc: int
    shift: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, data: bytes) -> _Fixed:
        return cls(_deflate(data), zlib.crc32(data), crc_shift(len(data)))


@dataclass(frozen=True)
class Part:
    """One zip entry: chunks around holes, the static chunks deflated once."""

    name: str
    chunks: tuple[Chunk, ...]
    fixed: tuple[_Fixed | None, ...]

    @classmethod
    def of(cls, name: str, chunks: tuple[Chunk, ...]) -> Part:
        kept = tuple(c for c in chunks if c != b"")
        return cls(name, kept, tuple(_Fixed.of(c) if isinstance(c, bytes) else None for c in kept))

    def pack(self, values: Mapping[str, bytes], memo: Memo | None = None) -> tuple[bytes, int, int]:
        """The deflated entry, its CRC-32 and its size, with the holes filled from ``values``.

        ``memo`` keeps larger deflated values for the next package.
        """
        crc = size = 0
        pieces = []
        for chunk, fixed in zip(self.chunks, self.fixed, strict=True):
            if fixed is None:
                raw = values[chunk]  # type: ignore[index]
                crc = zlib.crc32(raw, crc)
                size += len(raw)
                pieces.append(pack_value(raw, memo))
            else:
                crc = crc_after(crc, fixed.shift, fixed.crc)
                size += len(chunk)
                pieces.append(fixed.packed)
        pieces.append(_FINAL_BLOCK)
        return b"".join(pieces), crc, size

    def content(self, values: Mapping[str, bytes]) -> bytes:
        return b"".join(values[c] if isinstance(c, str) else c for c in self.chunks)


def _dos_time(date_time: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time[:6]
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


@dataclass(frozen=True)
class Template:
    """The parts of a package in zip order, each as chunks around named holes.

    Immutable but for its memo of deflated values, which threads may share (see :class:`Memo`).
    """

    parts: tuple[Part, ...]
    date_time: tuple[int, ...] = ZIP_TIME
    memo: Memo = field(default_factory=lambda: Memo(MAX_PACKED), compare=False, repr=False)

    @classmethod
    def from_zip(
        cls,
        data: bytes,
        prepare: Callable[[str, bytes], bytes] | None = None,
        date_time: tuple[int, ...] = ZIP_TIME,
    ) -> Template:
        """The template of a zip built with markers (see :func:`hole`, :func:`text_hole`).

        ``prepare(name, data)`` may rewrite a part before it is cut at its markers.
        """
        parts = []
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            for name in source.namelist():
                raw = source.read(name)
                raw = prepare(name, raw) if prepare else raw
                parts.append(Part.of(name, split_part(raw)))
        return cls(tuple(parts), date_time)

    def render(self, values: Mapping[str, bytes]) -> bytes:
        """The package with every hole filled from ``values``, zipped deterministically.

        Written by hand (no zip64, no extra fields) because :mod:`zipfile` cannot take
        entries that are already deflated.
        """
        time, date = _dos_time(self.date_time)
        out, central = bytearray(), bytearray()
        for part in self.parts:
            data, crc, size = part.pack(values, self.memo)
            name = part.name.encode()
            utf8 = 0 if part.name.isascii() else 0x800
            fields = (20, utf8, zipfile.ZIP_DEFLATED, time, date, crc, len(data), size, len(name))
            central += _CENTRAL.pack(b"PK\x01\x02", MADE_BY, *fields, 0, 0, 0, 0, ATTRS, len(out))
            central += name
            out += _LOCAL.pack(b"PK\x03\x04", *fields, 0) + name + data
        count = len(self.parts)
        end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
        return bytes(out + central + end)


MADE_BY = 3 << 8 | 20  # Unix, zip 2.0: as zipfile writes on Linux
ATTRS = 0o600 << 16  # rw-------, as zipfile's writestr
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
