"""The compendium's fast path: the body spooled to a temporary file and streamed into the
package, relationships and pictures indexed, table cells copied from prototypes.

The plain twin is in :mod:`pipeline.publication.compendium.writer` (the body kept in memory,
python-docx's own ``relate_to``, ``new_pic_inline`` and ``save``); both give the same
document. Everything here belongs to one document being written, nothing is shared between
two builds (so two threads may build at once).
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, BinaryIO

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from pipeline.adapters.python_docx import (
    add_image_part,
    image_parts,
    picture_inline,
    write_package,
)
from pipeline.forms.word.xml import w
from pipeline.speed.deflate import (
    END_OF_STREAM,
    ChunkDeflater,
    HandZip,
    deflate_segment,
    deflater_pool,
)

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
BODY_MARK = b"<?praxis-body ?>"
W_W = w("w")
A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
RAW_TARGET = "praxis-raw"
_RAW = re.compile(rb"<\?praxis-raw (\d+)\?>")


class BodySpool:
    """The body's serialized XML in document order, kept in a temporary file rather than in
    memory (174 MB for 5,000 practices); a placeholder is filled later (the contents).

    With a ``pool`` what follows the last placeholder is compressed as it comes (see
    :mod:`pipeline.speed.deflate`); the last piece appended waits, so that
    :meth:`take_last` can take it back."""

    def __init__(self, file: BinaryIO, pool: ThreadPoolExecutor | None = None) -> None:
        self.file = file
        self.pieces: list[tuple[int, int] | bytes] = []
        """(offset, length) in :attr:`file`, or the bytes of a filled placeholder."""
        self.stream = ChunkDeflater(pool) if pool is not None else None
        """The pieces after the last placeholder, compressed as they come (None: at the end)."""
        self.rest = 0
        """The index of the first piece after the last placeholder."""
        self.waiting: bytes | None = None

    def append(self, data: bytes) -> None:
        self._feed()
        self.pieces.append((self.file.tell(), len(data)))
        self.file.write(data)
        self.waiting = data

    def _feed(self) -> None:
        if self.waiting is not None and self.stream is not None:
            self.stream.feed(self.waiting)
        self.waiting = None

    def placeholder(self) -> int:
        if self.stream is not None:  # what came before belongs to the start, not the rest
            self.stream.cancel()
        self.waiting = None
        self.pieces.append(b"")
        self.rest = len(self.pieces)
        return len(self.pieces) - 1

    def fill(self, index: int, data: bytes) -> None:
        self.pieces[index] = data

    def take_last(self) -> bytes:
        """Remove the last appended piece and return its bytes."""
        if self.waiting is None and len(self.pieces) > self.rest:
            self.stream = None  # fed already: the rest is compressed at the end instead
        self.waiting = None
        piece = self.pieces.pop()
        if isinstance(piece, bytes):
            return piece
        offset, length = piece
        self.file.seek(offset)
        data = self.file.read(length)
        self.file.seek(offset)
        self.file.truncate()
        return data

    def _read(self, piece: tuple[int, int] | bytes) -> bytes:
        if isinstance(piece, bytes):
            return piece
        offset, length = piece
        self.file.seek(offset)
        return self.file.read(length)

    def start(self) -> bytes:
        """The pieces up to the last placeholder, filled."""
        data = b"".join(self._read(piece) for piece in self.pieces[: self.rest])
        self.file.seek(0, io.SEEK_END)
        return data

    def rest_crc(self, crc: int) -> tuple[int, int]:
        """The CRC-32 (from ``crc``) and length of the pieces after the last placeholder."""
        size = 0
        for piece in self.pieces[self.rest :]:
            data = self._read(piece)
            crc, size = zlib.crc32(data, crc), size + len(data)
        self.file.seek(0, io.SEEK_END)
        return crc, size

    def deflated_rest(self, tail: bytes, pool: ThreadPoolExecutor) -> list[bytes]:
        """The pieces after the last placeholder, then ``tail``, compressed (not final)."""
        stream = self.stream
        if stream is None:
            stream = ChunkDeflater(pool)
            for piece in self.pieces[self.rest :]:
                stream.feed(self._read(piece))
            self.file.seek(0, io.SEEK_END)
        elif self.waiting is not None:
            stream.feed(self.waiting)
        self.waiting = None
        stream.feed(tail)
        return stream.finish()


class _PackageZip:
    """Where python-docx's package writer puts the parts: a zip in ``handle`` with fixed entry
    times and order (equal inputs give equal bytes), the main document's body taken from the
    spool, mostly compressed already (see :mod:`pipeline.speed.deflate`)."""

    def __init__(self, handle: BinaryIO, main: str, body: BodySpool, pool: ThreadPoolExecutor):
        self.zip = HandZip(handle, pool)
        self.main, self.body, self.pool = main, body, pool

    def write(self, pack_uri: Any, blob: bytes) -> None:
        if pack_uri != self.main:
            self.zip.add(pack_uri.membername, blob)
            return
        head, tail = blob.split(BODY_MARK, 1)
        start = head + self.body.start()
        crc, size = self.body.rest_crc(zlib.crc32(start))
        crc, size = zlib.crc32(tail, crc), len(start) + size + len(tail)
        pieces = deflate_segment(start, self.pool) + self.body.deflated_rest(tail, self.pool)
        self.zip.add_deflated(pack_uri.membername, [*pieces, END_OF_STREAM], crc, size)

    def close(self) -> None:
        self.zip.close()


class SpooledBody:
    """The body as it is written: flushed into a :class:`BodySpool` chapter by chapter, so
    that the whole document is never held as elements or in memory."""

    def __init__(self, file: BinaryIO) -> None:
        self.pool = deflater_pool()
        self.spool = BodySpool(file, self.pool)
        self.texts: dict[int, bytes] = {}
        """Body XML written as text, by the number of the placeholder holding its place."""

    def flush(self, body: Any) -> None:
        """Move the body's content, serialized in place, to the spool (the placeholders of
        :meth:`raw` replaced by their XML)."""
        if len(body):
            data = etree.tostring(body, encoding="UTF-8")
            data = data[data.index(b">") + 1 : data.rindex(b"</")]
            if self.texts:
                data = _RAW.sub(lambda m: self.texts[int(m.group(1))], data)
                self.texts.clear()
            self.spool.append(data)
            del body[:]

    def raw(self, body: Any, xml: str) -> None:
        """Append ``xml`` (body XML as text) where the body is: a placeholder in the body,
        replaced when serialized (taken back with the body, should its part fail)."""
        number = len(self.texts)
        self.texts[number] = xml.encode()
        body.append(etree.ProcessingInstruction(RAW_TARGET, str(number)))

    def mark(self, body: Any) -> int:
        """A place to fill later (see :meth:`fill`)."""
        self.flush(body)
        return self.spool.placeholder()

    def fill(self, body: Any, mark: int, elements: list[Any]) -> None:
        """Put ``elements`` at ``mark``."""
        self.flush(body)
        body.extend(elements)
        self.flush(body)
        self.spool.fill(mark, self.spool.take_last() if elements else b"")

    def save(self, doc: DocumentObject, tail: list[Any], handle: BinaryIO) -> None:
        """The .docx into ``handle``, as ``doc.save`` writes it but deterministic and in one
        pass, the body streamed from the spool."""
        body = doc.element.body
        self.flush(body)
        body.append(etree.ProcessingInstruction("praxis-body"))
        body.extend(tail)
        out = _PackageZip(handle, doc.part.partname, self.spool, self.pool)
        try:
            write_package(doc.part.package, out)
            out.close()
        finally:
            self.pool.shutdown(cancel_futures=True)


class IndexedParts:
    """The document part's relationships, images and picture ids, each added in O(1).

    python-docx finds an existing relationship, image or free number by scanning all of them
    (and hashing every image) on each addition; these indexes give the same rIds, part names
    and ids without that."""

    def __init__(self, doc: DocumentObject):
        self.doc = doc
        self.rels = doc.part.rels
        self.known: dict[tuple[str, bool, Any], str] = {}
        for r_id, rel in self.rels.items():
            target = rel.target_ref if rel.is_external else rel.target_part
            self.known.setdefault((rel.reltype, rel.is_external, target), r_id)
        self.free_rid = 1
        self.by_sha1: dict[str, Any] = {}
        for part in image_parts(doc):
            self.by_sha1.setdefault(part.sha1, part)
        self.numbers = {part.partname.idx for part in image_parts(doc)}
        self.free_image = 1
        self.shape_id = doc.part.next_id
        self.inlines: dict[tuple[str, int, int], Any] = {}
        """A picture inline per file name and size, copied for each picture of them."""

    def relate(self, reltype: str, target: Any, external: bool = False) -> str:
        """The rId of the relationship to ``target``, added when new."""
        key = (reltype, external, target)
        if key not in self.known:
            while f"rId{self.free_rid}" in self.rels:
                self.free_rid += 1
            self.known[key] = f"rId{self.free_rid}"
            self.rels.add_relationship(reltype, target, self.known[key], is_external=external)
        return self.known[key]

    def _image_part(self, png: bytes, sha1: str) -> Any:
        part = self.by_sha1.get(sha1)
        if part is None:
            while self.free_image in self.numbers:
                self.free_image += 1
            part = self.by_sha1[sha1] = add_image_part(self.doc, png, self.free_image)
            self.numbers.add(self.free_image)
        return part

    def inline(self, png: bytes, width: int) -> Any:
        """A ``wp:inline`` picture of ``png``, ``width`` EMU wide."""
        part = self._image_part(png, hashlib.sha1(png).hexdigest())
        r_id = self.relate(RT.IMAGE, part)
        image = part.image
        key = (image.filename, *image.scaled_dimensions(width, None))
        if key not in self.inlines:
            self.inlines[key] = picture_inline(0, "", part, width)
        inline = self.inlines[key].__copy__()  # deep, as copy.deepcopy
        doc_pr = inline.docPr
        doc_pr.set("id", str(self.shape_id))  # what picture_inline sets for this shape
        doc_pr.set("name", f"Picture {self.shape_id}")
        next(inline.iter(A_BLIP)).set(R_EMBED, r_id)
        self.shape_id += 1
        return inline


class CellPrototypes:
    """One-line table cells copied from a prototype per look (the copy gets its own width
    and text), which is faster than building each; one instance per document. ``make``
    builds the prototype of a look: a ``w:tc`` whose first child holds the width first and
    whose last paragraph's last run's last child is the text."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        self.make = make
        self.protos: dict[Any, Any] = {}

    def add(self, row: Any, width: int, line: str, look: Any) -> Any:
        """A cell of ``width`` twips with one line of text, appended to ``row``."""
        if look not in self.protos:
            self.protos[look] = self.make(look)
        cell = self.protos[look].__copy__()  # deep, as copy.deepcopy
        cell[0][0].set(W_W, str(width))
        cell[-1][-1][-1].text = line
        row.append(cell)
        return cell


class Copies:
    """Elements made once per key and deep-copied on each use, which is faster than making
    each anew (e.g. the properties of a table); one instance per document."""

    def __init__(self, make: Callable[..., Any]) -> None:
        self.make = make
        self.made: dict[tuple[Any, ...], Any] = {}

    def __call__(self, *key: Any) -> Any:
        if key not in self.made:
            self.made[key] = self.make(*key)
        return self.made[key].__copy__()  # deep, as copy.deepcopy
