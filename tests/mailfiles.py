"""Real saved e-mails for the tests: Outlook ``.msg``, Thunderbird ``.eml`` and ``.mbox``.

Nothing on the test machine writes ``.msg`` files (no Outlook), so ``outlook_msg`` builds one
from the specifications: an OLE compound file (MS-CFB, version 3: 512-byte sectors, a mini
stream of 64-byte sectors for streams under 4,096 bytes, FAT and DIFAT) holding the MAPI
properties of a message (MS-OXMSG). ``eml_message`` and ``mbox_file`` use the standard library
as Thunderbird saves and exports mails. Every function is deterministic: the same arguments
give the same bytes.
"""

from __future__ import annotations

import email.policy
import email.utils
import hashlib
import mailbox
import random
import struct
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

# --- compound file binary format (MS-CFB) ---------------------------------------------------

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FAT_PER_SECTOR = SECTOR // 4  # 128 sector numbers in a FAT sector
DIFAT_IN_HEADER = 109
DIFAT_PER_SECTOR = FAT_PER_SECTOR - 1  # the last entry points to the next DIFAT sector
DIR_ENTRY = 128
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
DIFSECT = 0xFFFFFFFC
NOSTREAM = 0xFFFFFFFF
SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1
OUTLOOK_MESSAGE_CLSID = uuid.UUID("00020D0B-0000-0000-C000-000000000046").bytes_le
"""The class id Outlook gives the root storage of a saved message."""


@dataclass
class Node:
    """A storage (``data`` None, with ``children``) or a stream (``data``) of a compound file."""

    name: str
    data: bytes | None = None
    children: list[Node] = field(default_factory=list)


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = ENDOFCHAIN
    clsid: bytes = bytes(16)


def _sort_key(name: str) -> tuple[int, str]:
    """MS-CFB 2.6.4: shorter names first, then code point by code point in upper case."""
    return (len(name), name.upper())


def _flatten(root: Node, clsid: bytes) -> list[_Entry]:
    """The directory entries, root first (stream ID 0), each storage's children linked as a
    balanced red-black tree."""
    entries = [_Entry("Root Entry", ROOT, clsid=clsid)]
    _add_children(entries, 0, root.children)
    return entries


def _add_children(entries: list[_Entry], parent: int, children: list[Node]) -> None:
    ordered = sorted(children, key=lambda n: _sort_key(n.name))
    if len({_sort_key(n.name) for n in ordered}) != len(ordered):
        raise ValueError(f"two entries of the same name in {entries[parent].name!r}")
    ids = []
    for node in ordered:
        _check_name(node.name)
        kind = STORAGE if node.data is None else STREAM
        ids.append(len(entries))
        entries.append(_Entry(node.name, kind, node.data or b""))
    entries[parent].child = _link(entries, ids, 0, _depth(len(ids)))
    for node, sid in zip(ordered, ids, strict=True):
        if node.data is None:
            _add_children(entries, sid, node.children)


def _check_name(name: str) -> None:
    if not name or len(name) > 31 or any(c in name for c in "/\\:!"):
        raise ValueError(f"not a valid compound file entry name: {name!r}")


def _depth(count: int) -> int:
    """The depth of the deepest node of a balanced tree of ``count`` nodes (root: 0)."""
    return max(count.bit_length() - 1, 0)


def _link(entries: list[_Entry], ids: list[int], depth: int, deepest: int) -> int:
    """Link the sorted ``ids`` as a balanced binary search tree; returns its root. Nodes on the
    deepest level are red, all others black: every path has the same number of black nodes."""
    if not ids:
        return NOSTREAM
    middle = len(ids) // 2
    sid = ids[middle]
    entries[sid].left = _link(entries, ids[:middle], depth + 1, deepest)
    entries[sid].right = _link(entries, ids[middle + 1 :], depth + 1, deepest)
    entries[sid].color = RED if depth == deepest and depth > 0 else BLACK
    return sid


def _sectors(size: int, unit: int) -> int:
    return -(-size // unit)


def _pad(data: bytes, unit: int) -> bytes:
    return data + bytes(-len(data) % unit)


def _chain(fat: list[int], start: int, count: int) -> None:
    """Mark ``count`` consecutive sectors from ``start`` as one chain."""
    for sector in range(start, start + count - 1):
        fat[sector] = sector + 1
    fat[start + count - 1] = ENDOFCHAIN


def _mini_stream(entries: list[_Entry]) -> tuple[bytes, bytes]:
    """Put the small streams into the mini stream; returns (mini stream, mini FAT)."""
    stream = bytearray()
    minifat: list[int] = []
    for entry in entries:
        if entry.kind == STREAM and 0 < len(entry.data) < MINI_CUTOFF:
            entry.start = len(minifat)
            count = _sectors(len(entry.data), MINI_SECTOR)
            minifat.extend([FREESECT] * count)
            _chain(minifat, entry.start, count)
            stream += _pad(entry.data, MINI_SECTOR)
    return bytes(stream), _pad(_u32s(minifat), SECTOR) if minifat else b""


def _u32s(values: Sequence[int]) -> bytes:
    return struct.pack(f"<{len(values)}I", *values)


def _fat_size(other: int) -> tuple[int, int]:
    """FAT and DIFAT sector counts for ``other`` sectors of streams and directory."""
    fat = difat = 0
    while True:
        need_fat = _sectors(other + fat + difat, FAT_PER_SECTOR)
        need_difat = _sectors(max(need_fat - DIFAT_IN_HEADER, 0), DIFAT_PER_SECTOR)
        if (need_fat, need_difat) == (fat, difat):
            return fat, difat
        fat, difat = need_fat, need_difat


@dataclass
class _Layout:
    """Where everything lies: FAT sectors first, then DIFAT sectors, then the blobs."""

    fat_sectors: int
    difat_sectors: int
    blobs: list[bytes]
    starts: list[int]

    @property
    def difat_start(self) -> int:
        return self.fat_sectors if self.difat_sectors else ENDOFCHAIN

    def fat(self) -> bytes:
        fat = [FREESECT] * (self.fat_sectors * FAT_PER_SECTOR)
        fat[: self.fat_sectors] = [FATSECT] * self.fat_sectors
        fat[self.fat_sectors : self.fat_sectors + self.difat_sectors] = [
            DIFSECT
        ] * self.difat_sectors
        for blob, start in zip(self.blobs, self.starts, strict=True):
            if blob:
                _chain(fat, start, len(blob) // SECTOR)
        return _u32s(fat)

    def difat(self) -> tuple[list[int], bytes]:
        """The header's 109 DIFAT entries and the DIFAT sectors for the FAT sectors beyond."""
        fat_ids = list(range(self.fat_sectors))
        head = fat_ids[:DIFAT_IN_HEADER]
        head += [FREESECT] * (DIFAT_IN_HEADER - len(head))
        rest = fat_ids[DIFAT_IN_HEADER:]
        sectors = bytearray()
        for index in range(self.difat_sectors):
            ids = rest[index * DIFAT_PER_SECTOR : (index + 1) * DIFAT_PER_SECTOR]
            ids += [FREESECT] * (DIFAT_PER_SECTOR - len(ids))
            last = index == self.difat_sectors - 1
            sectors += _u32s([*ids, ENDOFCHAIN if last else self.fat_sectors + index + 1])
        return head, bytes(sectors)


def _layout(blobs: list[bytes]) -> _Layout:
    """Place the sector-padded ``blobs`` one after the other, after the FAT and DIFAT."""
    fat, difat = _fat_size(sum(len(b) // SECTOR for b in blobs))
    starts = []
    sector = fat + difat
    for blob in blobs:
        starts.append(sector if blob else ENDOFCHAIN)
        sector += len(blob) // SECTOR
    return _Layout(fat, difat, blobs, starts)


def _dir_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    return struct.pack(
        "<64sHBBIII16sI8s8sIQ",
        name,
        len(name),
        entry.kind,
        entry.color,
        entry.left,
        entry.right,
        entry.child,
        entry.clsid,
        0,
        bytes(8),
        bytes(8),
        entry.start if entry.kind != STORAGE else 0,
        len(entry.data) if entry.kind != STORAGE else 0,
    )


def _free_entry() -> bytes:
    return struct.pack("<68xIII48x", NOSTREAM, NOSTREAM, NOSTREAM)


def _directory(entries: list[_Entry]) -> bytes:
    data = b"".join(_dir_entry(e) for e in entries)
    free = -len(entries) % (SECTOR // DIR_ENTRY)
    return data + _free_entry() * free


def _header(layout: _Layout, directory: int, minifat: int, minifat_sectors: int) -> bytes:
    difat_head, _ = layout.difat()
    head = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        SIGNATURE,
        bytes(16),
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little endian
        9,  # sector shift: 2**9 = 512
        6,  # mini sector shift: 2**6 = 64
        bytes(6),
        0,  # directory sectors: always 0 in version 3
        layout.fat_sectors,
        directory,
        0,  # transaction signature
        MINI_CUTOFF,
        minifat,
        minifat_sectors,
        layout.difat_start,
        layout.difat_sectors,
    )
    return head + _u32s(difat_head)


def compound_file(root: Node, clsid: bytes = bytes(16)) -> bytes:
    """An OLE compound file (MS-CFB version 3) with the storages and streams under ``root``."""
    entries = _flatten(root, clsid)
    mini, minifat = _mini_stream(entries)
    large = [e for e in entries if e.kind == STREAM and len(e.data) >= MINI_CUTOFF]
    # the directory is written last but laid out first: its size does not depend on the rest
    dir_size = _sectors(len(entries), SECTOR // DIR_ENTRY) * SECTOR
    blobs = [bytes(dir_size), minifat, _pad(mini, SECTOR)] + [_pad(e.data, SECTOR) for e in large]
    layout = _layout(blobs)
    dir_start, minifat_start, mini_start, *large_starts = layout.starts
    entries[0].data, entries[0].start = mini, mini_start
    for entry, start in zip(large, large_starts, strict=True):
        entry.start = start
    blobs[0] = _directory(entries)
    _, difat_sectors = layout.difat()
    header = _header(layout, dir_start, minifat_start, len(minifat) // SECTOR)
    return header + layout.fat() + difat_sectors + b"".join(blobs)


# --- Outlook message (MS-OXMSG) -------------------------------------------------------------

PT_LONG, PT_BOOLEAN, PT_SYSTIME, PT_UNICODE, PT_BINARY = 0x0003, 0x000B, 0x0040, 0x001F, 0x0102
READABLE_WRITABLE = 0x00000006  # PROPATTR_READABLE | PROPATTR_WRITABLE
MSGFLAG_READ, MSGFLAG_HASATTACH = 0x01, 0x10
STORE_UNICODE_OK = 0x00040000
ATTACH_BY_VALUE = 1
MAPI_TO = 1
FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)

PropValue = str | bytes | int | bool | datetime

MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".rtf": "application/rtf",
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".wav": "audio/wav",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain",
}
"""A fixed table (not the machine's mime.types), so that the bytes are the same everywhere."""


def mime_type(name: str) -> str:
    """The MIME type a mail program gives an attachment called ``name``."""
    return MIME_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def filetime(moment: datetime) -> int:
    """A time as FILETIME: 100-nanosecond intervals since 1601-01-01 UTC."""
    delta = moment.astimezone(UTC) - FILETIME_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def _fixed_value(ptype: int, value: PropValue) -> bytes:
    if ptype == PT_SYSTIME:
        assert isinstance(value, datetime)
        return struct.pack("<Q", filetime(value))
    assert isinstance(value, int)
    return struct.pack("<I4x", value & 0xFFFFFFFF)


def property_streams(props: dict[int, PropValue], header: bytes) -> list[Node]:
    """The ``__properties_version1.0`` stream (``header``, then one 16-byte entry per property)
    and one ``__substg1.0_<tag>`` stream per string or binary property (MS-OXMSG 2.4)."""
    entries = bytearray(header)
    streams = []
    for tag in sorted(props):
        value, ptype = props[tag], tag & 0xFFFF
        if ptype in (PT_UNICODE, PT_BINARY):
            data = value.encode("utf-16-le") if isinstance(value, str) else value
            assert isinstance(data, bytes)
            size = len(data) + 2 if ptype == PT_UNICODE else len(data)  # + terminating null
            entries += struct.pack("<III4x", tag, READABLE_WRITABLE, size)
            streams.append(Node(f"__substg1.0_{tag:08X}", data))
        else:
            entries += struct.pack("<II", tag, READABLE_WRITABLE) + _fixed_value(ptype, value)
    return [Node("__properties_version1.0", bytes(entries)), *streams]


def _short_name(name: str) -> str:
    """An 8.3 name as Outlook gives it in PR_ATTACH_FILENAME (``ANTWOR~1.DOC``)."""
    path = Path(name)
    stem = "".join(c for c in path.stem.upper() if c.isascii() and c.isalnum()) or "ATT"
    ext = "".join(c for c in path.suffix.upper() if c.isascii() and c.isalnum())[:3]
    short = f"{stem[:6]}~1" if len(stem) > 8 or stem != path.stem else stem
    return f"{short}.{ext}" if ext else short


def _attachment(index: int, name: str, data: bytes, date: datetime) -> Node:
    props: dict[int, PropValue] = {
        0x0E200003: len(data),  # PR_ATTACH_SIZE
        0x0E210003: index,  # PR_ATTACH_NUM
        0x3001001F: name,  # PR_DISPLAY_NAME
        0x30070040: date,  # PR_CREATION_TIME
        0x30080040: date,  # PR_LAST_MODIFICATION_TIME
        0x37010102: data,  # PR_ATTACH_DATA_BIN
        0x3703001F: Path(name).suffix,  # PR_ATTACH_EXTENSION
        0x3704001F: _short_name(name),  # PR_ATTACH_FILENAME
        0x37050003: ATTACH_BY_VALUE,  # PR_ATTACH_METHOD
        0x3707001F: name,  # PR_ATTACH_LONG_FILENAME
        0x370B0003: -1,  # PR_RENDERING_POSITION: not rendered in the body
        0x370E001F: mime_type(name),  # PR_ATTACH_MIME_TAG
        0x7FFE000B: False,  # PR_ATTACHMENT_HIDDEN
    }
    return Node(f"__attach_version1.0_#{index:08X}", children=property_streams(props, bytes(8)))


def _recipient(address: str) -> Node:
    props: dict[int, PropValue] = {
        0x0C150003: MAPI_TO,  # PR_RECIPIENT_TYPE
        0x30000003: 0,  # PR_ROWID
        0x3001001F: address,  # PR_DISPLAY_NAME
        0x3002001F: "SMTP",  # PR_ADDRTYPE
        0x3003001F: address,  # PR_EMAIL_ADDRESS
        0x39000003: 0,  # PR_DISPLAY_TYPE: DT_MAILUSER
        0x39FE001F: address,  # PR_SMTP_ADDRESS
        0x3A20001F: address,  # PR_TRANSMITABLE_DISPLAY_NAME
    }
    return Node("__recip_version1.0_#00000000", children=property_streams(props, bytes(8)))


def _named_properties() -> Node:
    """The named-property mapping (MS-OXMSG 2.2.3): always there, here without entries."""
    streams = [Node(f"__substg1.0_000{n}0102", b"") for n in (2, 3, 4)]
    return Node("__nameid_version1.0", children=streams)


@dataclass(frozen=True)
class Mail:
    """The arguments every mail writer of this module takes."""

    subject: str
    sender: str
    sender_name: str
    date: datetime
    body: str
    attachments: Sequence[tuple[str, bytes]]
    to: str

    def __post_init__(self) -> None:
        if self.date.tzinfo is None:
            raise ValueError("the mail's date needs a time zone (e.g. datetime(..., tzinfo=UTC))")

    @property
    def message_id(self) -> str:
        """A Message-ID made from the mail itself (``make_msgid`` is random)."""
        seed = f"{self.subject}\n{self.sender}\n{self.date.isoformat()}".encode()
        domain = self.sender.rpartition("@")[2] or "example.org"
        return f"<{hashlib.sha256(seed).hexdigest()[:24]}@{domain}>"


def _message_props(mail: Mail, headers: bool) -> dict[int, PropValue]:
    name = mail.sender_name or mail.sender  # Outlook shows the address when there is no name
    flags = MSGFLAG_READ | (MSGFLAG_HASATTACH if mail.attachments else 0)
    props: dict[int, PropValue] = {
        0x001A001F: "IPM.Note",  # PR_MESSAGE_CLASS
        0x0037001F: mail.subject,  # PR_SUBJECT
        0x00390040: mail.date,  # PR_CLIENT_SUBMIT_TIME
        0x003D001F: "",  # PR_SUBJECT_PREFIX
        0x0042001F: name,  # PR_SENT_REPRESENTING_NAME
        0x0064001F: "SMTP",  # PR_SENT_REPRESENTING_ADDRTYPE
        0x0065001F: mail.sender,  # PR_SENT_REPRESENTING_EMAIL_ADDRESS
        0x0070001F: mail.subject,  # PR_CONVERSATION_TOPIC
        0x0C1A001F: name,  # PR_SENDER_NAME
        0x0C1E001F: "SMTP",  # PR_SENDER_ADDRTYPE
        0x0C1F001F: mail.sender,  # PR_SENDER_EMAIL_ADDRESS
        0x0E04001F: mail.to,  # PR_DISPLAY_TO
        0x0E060040: mail.date,  # PR_MESSAGE_DELIVERY_TIME
        0x0E070003: flags,  # PR_MESSAGE_FLAGS
        0x0E1D001F: mail.subject,  # PR_NORMALIZED_SUBJECT
        0x1000001F: mail.body,  # PR_BODY
        0x1035001F: mail.message_id,  # PR_INTERNET_MESSAGE_ID
        0x30070040: mail.date,  # PR_CREATION_TIME
        0x30080040: mail.date,  # PR_LAST_MODIFICATION_TIME
        0x340D0003: STORE_UNICODE_OK,  # PR_STORE_SUPPORT_MASK: the strings are UTF-16
        0x3FDE0003: 65001,  # PR_INTERNET_CPID: UTF-8
        0x5D01001F: mail.sender,  # PR_SENDER_SMTP_ADDRESS
        0x5D02001F: mail.sender,  # PR_SENT_REPRESENTING_SMTP_ADDRESS
    }
    if headers:
        props[0x007D001F] = _transport_headers(mail)  # PR_TRANSPORT_MESSAGE_HEADERS
    return props


def _transport_headers(mail: Mail) -> str:
    """The Internet headers a received mail keeps in Outlook (as the SMTP server saw them)."""
    message = _headers(mail)
    message["Content-Type"] = 'multipart/mixed; boundary="praxis-test-boundary"'
    return message.as_string().replace("\r\n", "\n").replace("\n", "\r\n")


def outlook_msg(
    *,
    subject: str,
    sender: str,
    sender_name: str = "",
    date: datetime,
    body: str = "",
    attachments: Sequence[tuple[str, bytes]] = (),
    to: str = "koordination@example.org",
    headers: bool = True,
) -> bytes:
    """A real Outlook message file (.msg): an OLE compound file (MS-CFB, version 3, 512-byte
    sectors, mini stream for streams under 4,096 bytes) holding the MAPI properties of a message
    (MS-OXMSG): subject, sender address and name, delivery/submit time, plain body, recipient,
    and one attachment storage per attachment (long file name, data, method by value).

    ``headers`` keeps the Internet headers of a received mail (PR_TRANSPORT_MESSAGE_HEADERS),
    as Outlook does for a mail that came in; False gives a message without them (a draft or a
    mail from an Exchange colleague). ``date`` needs a time zone.
    """
    mail = Mail(subject, sender, sender_name, date, body, attachments, to)
    top_header = struct.pack("<8xIIII8x", 1, len(attachments), 1, len(attachments))
    children = [
        _named_properties(),
        *property_streams(_message_props(mail, headers), top_header),
        _recipient(to),
    ]
    children += [_attachment(i, n, d, date) for i, (n, d) in enumerate(attachments)]
    return compound_file(Node("Root Entry", children=children), OUTLOOK_MESSAGE_CLSID)


# --- Thunderbird: .eml and .mbox ------------------------------------------------------------


def _headers(mail: Mail) -> EmailMessage:
    message = EmailMessage(policy=email.policy.SMTP)
    user, _, domain = mail.sender.rpartition("@")
    message["From"] = Address(mail.sender_name, user, domain)
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = email.utils.format_datetime(mail.date)
    message["Message-ID"] = mail.message_id
    message["MIME-Version"] = "1.0"
    return message


def eml_message(
    *,
    subject: str,
    sender: str,
    sender_name: str = "",
    date: datetime,
    body: str = "",
    attachments: Sequence[tuple[str, bytes]] = (),
    to: str = "koordination@example.org",
) -> bytes:
    """A mail as Thunderbird saves it (.eml): headers (a non-ASCII subject or name RFC 2047
    encoded), a plain text body, every attachment base64 with its file name; CRLF lines."""
    mail = Mail(subject, sender, sender_name, date, body, attachments, to)
    message = _headers(mail)
    message.set_content(body.replace("\r\n", "\n"))  # written with CRLF, as every line
    for name, data in attachments:
        maintype, subtype = mime_type(name).split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if message.is_multipart():  # the stdlib's boundary is random
        message.set_boundary(f"==praxis-{mail.message_id[1:17]}==")
    return message.as_bytes(policy=email.policy.SMTP)


def mbox_file(messages: Sequence[bytes]) -> bytes:
    """An mbox file (stdlib ``mailbox``, ``From `` line before each mail, ``>From`` quoting) as
    Thunderbird exports a folder. The ``From `` line carries the mail's own date."""
    with tempfile.TemporaryDirectory(prefix="praxis-mbox-") as folder:
        path = Path(folder) / "export.mbox"
        box = mailbox.mbox(path, create=True)
        try:
            for raw in messages:
                box.add(_mbox_message(raw))
            box.flush()
        finally:
            box.close()
        return path.read_bytes()


def _mbox_message(raw: bytes) -> mailbox.mboxMessage:
    message = mailbox.mboxMessage(raw)
    date = email.utils.parsedate_to_datetime(message["Date"]) if message["Date"] else None
    stamp = (date or FILETIME_EPOCH).astimezone(UTC).timetuple()
    message.set_from("-", stamp)
    return message


# --- attachment data ------------------------------------------------------------------------


def mp4_bytes(size: int, seed: int = 12) -> bytes:
    """``size`` bytes shaped as an MP4 file (ISO base media: an ``ftyp`` box naming the brands,
    then one ``mdat`` box of reproducible noise); enough for a "video" attachment."""
    ftyp = struct.pack(">I4s4sI4s4s", 24, b"ftyp", b"isom", 0x200, b"isom", b"mp41")
    if size < len(ftyp) + 8:
        raise ValueError(f"an MP4 file needs at least {len(ftyp) + 8} bytes")
    payload = size - len(ftyp) - 8
    return ftyp + struct.pack(">I4s", payload + 8, b"mdat") + noise(payload, seed)


def noise(size: int, seed: int = 7) -> bytes:
    """``size`` reproducible pseudo-random bytes (does not compress: a worst case)."""
    return random.Random(seed).randbytes(size)
