"""Contract of pipeline.adapters.python_docx: exactly the python-docx behaviour praxis relies
on (its private names live only there). A python-docx upgrade that changes any of it fails
here first."""

from __future__ import annotations

import hashlib
import io
import zipfile

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu
from lxml import etree
from PIL import Image

from pipeline.adapters.python_docx import (
    add_image_part,
    drop_relationship,
    image_parts,
    paragraph_element,
    picture_inline,
    write_package,
)


def _png(colour: str, size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


class _Parts:
    """Collects what the package writer writes, in order."""

    def __init__(self) -> None:
        self.written: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob) -> None:
        self.written.append((pack_uri.membername, blob))


def _saved(doc) -> list[tuple[str, bytes]]:
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as zf:
        return [(name, zf.read(name)) for name in zf.namelist()]


def test_write_package_writes_what_save_writes_in_the_same_order():
    doc = Document()
    doc.add_paragraph("Hallo")
    doc.add_picture(io.BytesIO(_png("red")))
    sink = _Parts()
    write_package(doc.part.package, sink)
    names = [name for name, _ in sink.written]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert "word/document.xml" in names and "word/media/image1.png" in names
    assert sink.written == _saved(doc)


def test_a_new_image_part_is_found_by_python_docx_and_written():
    doc = Document()
    png = _png("blue")
    part = add_image_part(doc, png, 3)
    assert part.partname == "/word/media/image3.png"
    assert part.blob == png
    assert part in list(image_parts(doc))
    r_id, image = doc.part.get_or_add_image(io.BytesIO(png))  # found by SHA-1, not added again
    assert doc.part.related_parts[r_id] is part
    assert image.filename == "image.png" and len(list(image_parts(doc))) == 1
    assert dict(_saved(doc))["word/media/image3.png"] == png


def test_existing_image_parts_are_listed_with_their_sha1_and_number():
    doc = Document()
    png = _png("green")
    doc.add_picture(io.BytesIO(png))
    [part] = list(image_parts(doc))
    assert part.partname.idx == 1
    assert part.sha1 == hashlib.sha1(png).hexdigest()


def test_picture_inline_is_the_inline_python_docx_makes():
    doc = Document()
    png = _png("white", (300, 150))
    ours_doc = Document()
    part = add_image_part(ours_doc, png, 1)
    r_id = ours_doc.part.relate_to(part, RT.IMAGE)
    ours = picture_inline(doc.part.next_id, r_id, part, 914400)
    theirs = doc.part.new_pic_inline(io.BytesIO(png), Emu(914400), None)
    assert etree.tostring(ours) == etree.tostring(theirs)
    assert ours.extent.cx == 914400 and ours.extent.cy == 457200
    assert ours.graphic.graphicData.pic.blipFill.blip.get(qn("r:embed")) == r_id


def test_a_dropped_relationship_is_gone_and_its_part_not_written():
    doc = Document()
    settings = doc.part.part_related_by(RT.SETTINGS)
    [r_id] = [k for k, rel in doc.part.rels.items() if rel.target_part is settings]
    drop_relationship(doc.part.rels, r_id)
    assert r_id not in doc.part.rels and r_id not in doc.part.rels.related_parts
    assert "word/settings.xml" not in dict(_saved(doc))


def test_paragraph_element_is_the_paragraphs_w_p():
    doc = Document()
    paragraph = doc.add_paragraph("Seite ")
    element = paragraph_element(paragraph)
    assert element.tag == qn("w:p")
    run = etree.SubElement(element, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = "1"
    assert paragraph.text == "Seite 1"
