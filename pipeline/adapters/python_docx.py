"""python-docx internals praxis relies on, in one place (python-docx pinned ``>=1.2,<1.3``).

Every private name of python-docx that praxis uses is reached through a function here;
``tests/test_adapters_python_docx.py`` checks exactly the behaviour these functions promise,
so an upgrade that changes it fails there first.
"""

from __future__ import annotations

from typing import Any, Protocol

from docx.document import Document as DocumentObject
from docx.image.image import Image
from docx.opc.package import OpcPackage
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.text.paragraph import Paragraph

# --- the compendium (pipeline.publication.compendium, pipeline.speed.compendium) -------------


class PartSink(Protocol):
    """Where the package's parts go: python-docx's physical writer has the same method."""

    def write(self, pack_uri: Any, blob: bytes) -> None: ...


def write_package(package: OpcPackage, out: PartSink) -> None:
    """Write ``package`` as ``Document.save`` does, part by part into ``out``: the content
    types, the package relationships, then each part (and its relationships) in the
    package's order. Calls each part's ``before_marshal`` first, as saving does."""
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    PackageWriter._write_content_types_stream(out, parts)
    PackageWriter._write_pkg_rels(out, package.rels)
    PackageWriter._write_parts(out, parts)


def image_parts(doc: DocumentObject) -> Any:
    """The package's image parts (iterable, with ``append``): where python-docx looks for an
    existing picture by SHA-1 and for a free part name."""
    return doc.part.package.image_parts


def add_image_part(doc: DocumentObject, png: bytes, number: int) -> ImagePart:
    """A new image part ``/word/media/image<number>.<ext>`` of ``png`` bytes, known to the
    package as python-docx's ``get_or_add_image`` would add it (found again by its SHA-1)."""
    image = Image.from_blob(png)
    part = ImagePart.from_image(image, PackURI(f"/word/media/image{number}.{image.ext}"))
    image_parts(doc).append(part)
    return part


def picture_inline(shape_id: int, r_id: str, part: ImagePart, width: int) -> Any:
    """A ``wp:inline`` of ``part``'s picture, ``width`` EMU wide (height to scale), as
    ``DocumentPart.new_pic_inline`` makes it (without searching the document for an id)."""
    image = part.image
    cx, cy = image.scaled_dimensions(width, None)
    return CT_Inline.new_pic_inline(shape_id, r_id, image.filename, cx, cy)


def drop_relationship(rels: Any, r_id: str) -> None:
    """Remove relationship ``r_id`` from ``rels`` and from its index of related parts (a
    part no longer related is then not written)."""
    del rels[r_id]
    rels.related_parts.pop(r_id, None)


def paragraph_element(paragraph: Paragraph) -> Any:
    """The ``w:p`` element behind a python-docx paragraph."""
    return paragraph._p
