"""What a library said, in the user's language: zipfile, zlib, lxml, openpyxl, python-docx,
sqlite3, the csv module and text decoding write English messages that praxis shows as the
detail of its own (``Die Datei ist beschädigt oder unvollständig (...)``).

:func:`library_detail` turns each message it knows into a catalogue text (keys ``library.*``);
a message it does not know stays as the library wrote it, so nothing is hidden.
"""

from __future__ import annotations

import re

from pipeline.locale.texts import t

_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^File is not a zip file$", "library.not_zip"),
        (r"^Bad CRC-32 for file '(?P<name>[^']*)'$", "library.bad_crc"),
        (
            r"^(Truncated file header|Bad magic number for (file|central directory))",
            "library.damaged_zip",
        ),
        (r"^Error -?\d+ while decompressing data", "library.damaged_zip"),
        (
            r"^\"?There is no item named '(?P<name>[^']*)' in the archive\"?$",
            "library.missing_part",
        ),
        (r"^Package not found at ", "library.no_package"),
        (r"^openpyxl does not support the old \.xls file format", "library.old_xls"),
        (r"^openpyxl does not support (?P<suffix>\S+) file format", "library.unsupported"),
        (r", line (?P<line>\d+), column (?P<column>\d+)", "library.bad_xml"),
        (r"^file is not a database$", "library.not_a_database"),
        (r"^database disk image is malformed$", "library.damaged_database"),
        (
            r"^'(?P<codec>[\w-]+)' codec can't decode byte 0x[0-9a-f]+ "
            r"in position (?P<position>\d+)",
            "library.not_encoding",
        ),
        (r"^unexpected end of data$", "library.csv_end"),
        (r"^field larger than field limit \((?P<limit>\d+)\)$", "library.csv_field_limit"),
        (r"^Input/output error$", "library.io_error"),
    )
)

_PART = re.compile(r"^(?P<part>[\w/\[\].-]+\.(?:xml|rels|bin)): (?P<rest>.+)$", re.DOTALL)


def library_detail(detail: object, lang: str) -> str:
    """``detail`` (a library's exception or its message) as the catalogue says it in
    ``lang``; unknown messages are returned unchanged."""
    text = str(detail) or type(detail).__name__
    part = _PART.match(text)  # "word/document.xml: Error -3 while decompressing data: ..."
    if part is not None:
        return f"{part['part']}: {library_detail(part['rest'], lang)}"
    for pattern, key in _MESSAGES:
        found = pattern.search(text)
        if found is not None:
            return t(key, lang, **found.groupdict())
    return text
