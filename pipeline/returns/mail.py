"""Saved e-mails as ingest input: a mail file's bytes into mails and their attachments.

An ``.eml`` (Thunderbird, Apple Mail, Outlook on the Mac) and each mail of an ``.mbox`` export
are read with the standard library (:mod:`email`, ``policy.default``; :mod:`mailbox`), an
Outlook ``.msg`` with ``extract-msg``. Of a mail: the sender's address, its date (ISO 8601,
UTC, as the store keeps times), the subject (RFC 2047 decoded) and every attachment (file
name RFC 2231/2047 decoded, bytes). Not attachments: the body texts and the small inline
images of a signature (inline, with a Content-ID). A mail attached to a mail (forwarded as
``message/rfc822``, or an attached ``.eml``/``.msg``) is read for its attachments in turn.
Outlook's ``winmail.dat`` (TNEF) is named, not read.

Nothing is rendered and nothing fetched: no HTML is looked at, no link followed. A damaged
mail file raises :class:`MailBroken` (a :class:`~pipeline.returns.safety.RejectedFile`,
``mail_broken``).
"""

from __future__ import annotations

import datetime as dt
import email
import email.header
import email.policy
import email.utils
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pipeline.returns.current import utc_text
from pipeline.returns.safety import MAX_FILE_BYTES, RejectedFile

MAIL_SUFFIXES = (".eml", ".msg", ".mbox")
MAX_MAIL_BYTES = 2 * MAX_FILE_BYTES
"""A mail may carry a form and a video of up to :data:`MAX_FILE_BYTES`, base64 encoded."""
MAX_MBOX_BYTES = 2 * 1024 * 1024 * 1024
MAX_ATTACHMENTS = 200
MAX_DEPTH = 5
"""How deep mails attached to mails are read."""
INLINE_MAX_BYTES = 256 * 1024
"""An inline image with a Content-ID up to this size is part of the body (a signature's
logo), not an attachment."""
SIGNATURE_TYPES = (
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/pgp-signature",
)
"""The signature of a signed mail (S/MIME, OpenPGP): a part of the mail, not an attachment."""
TNEF_NAMES = ("winmail.dat", "win.dat")
TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class MailBroken(RejectedFile):
    """A mail file that cannot be read as a mail (reason ``mail_broken``): ``key`` names the
    text that says why (``mail.broken.*``), with its ``params``."""

    def __init__(self, key: str, **params: object):
        self.key, self.params = key, params
        super().__init__("mail_broken", f"{key} {params}" if params else key)

    def detail_text(self, lang: str) -> str:
        from pipeline.locale.texts import t

        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class Attachment:
    """One attached file: its name as sent (decoded, without folders) and its bytes;
    ``tnef``: Outlook's winmail.dat, which praxis does not unpack."""

    name: str
    data: bytes
    tnef: bool = False


@dataclass(frozen=True)
class Mail:
    """One mail: sender address ("" when none), date (ISO 8601 UTC, "" when none), subject,
    and its attachments in the order of the mail."""

    sender: str
    date: str
    subject: str
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


def is_mail_file(name: str, head: bytes) -> bool:
    """Whether a file is a saved e-mail: by its extension, or an mbox without one (as
    Thunderbird keeps its folders, e.g. ``Inbox``: the bytes start with a ``From`` line)."""
    suffix = Path(name).suffix.lower()
    return suffix in MAIL_SUFFIXES or (not suffix and head.startswith(b"From "))


def is_mbox(name: str) -> bool:
    """Whether a mail file is an mbox (many mails) rather than one mail."""
    return Path(name).suffix.lower() not in (".eml", ".msg")


def read_mail(name: str, data: bytes) -> Mail:
    """The one mail of an ``.eml`` or ``.msg`` file (by its bytes: an OLE file is a .msg)."""
    if len(data) > MAX_MAIL_BYTES:
        raise RejectedFile("too_large", f"{len(data) // (1024 * 1024)} MB")
    if not data.strip():
        raise RejectedFile("empty")
    if data.startswith(OLE_MAGIC):
        return _msg_mail(data, 0)
    if Path(name).suffix.lower() == ".msg":
        raise MailBroken("mail.broken.not_outlook")
    return _eml_mail(data, 0)


def mbox_messages(path: Path) -> Iterator[bytes]:
    """The bytes of each mail of the mbox file ``path``, in file order (a file that is no
    mbox is refused here, before the first mail)."""
    size = path.stat().st_size
    if size > MAX_MBOX_BYTES:
        raise RejectedFile("too_large", f"{size // (1024 * 1024)} MB")
    try:
        box = mailbox.mbox(path, create=False)
        keys = box.keys()
    except (OSError, mailbox.Error, ValueError) as exc:
        raise MailBroken("mail.broken.mbox", detail=str(exc)) from exc
    if not keys:
        box.close()
        raise MailBroken("mail.broken.no_mails")
    return _each_message(box, keys)


def _each_message(box: mailbox.mbox, keys: list[int]) -> Iterator[bytes]:
    try:
        for key in keys:
            yield box.get_bytes(key)
    finally:
        box.close()


# --- .eml --------------------------------------------------------------------------------


def _eml_mail(data: bytes, depth: int) -> Mail:
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # the parser is lenient; anything it still raises: damaged
        raise MailBroken("mail.broken.unreadable", detail=type(exc).__name__) from exc
    try:
        if not any(msg.get(h) is not None for h in ("From", "Date", "Subject", "Message-ID")):
            raise MailBroken("mail.broken.no_headers")
        return _message_mail(msg, depth)
    except RejectedFile:
        raise
    except Exception as exc:  # a part the library cannot take apart: damaged, never a traceback
        raise MailBroken("mail.broken.unreadable", detail=type(exc).__name__) from exc


def _message_mail(msg: Message, depth: int) -> Mail:
    attachments = tuple(_attachments(msg, depth))
    return Mail(_sender(msg), _date(msg), _header(msg, "Subject"), attachments)


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a header the parser cannot make sense of
        return ""
    return _decoded(str(value)) if value is not None else ""


def _decoded(text: str) -> str:
    """RFC 2047 encoded words left in a text (names some programs encode that way)."""
    if "=?" not in text:
        return " ".join(text.split())
    try:
        parts = email.header.decode_header(text)
        decoded = "".join(
            p.decode(c or "ascii", "replace") if isinstance(p, bytes) else p for p, c in parts
        )
    except (LookupError, ValueError):
        decoded = text
    return " ".join(decoded.split())


def _sender(msg: Message) -> str:
    for name in ("From", "Sender", "Reply-To"):
        _, address = email.utils.parseaddr(_header(msg, name))
        if "@" in address:
            return address
    return ""


def _date(msg: Message) -> str:
    text = _header(msg, "Date")
    if not text:
        return ""
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return ""
    return utc_text(when) if when is not None else ""


def _attachments(msg: Message, depth: int) -> Iterator[Attachment]:
    count = 0
    for part in msg.walk():
        found = _part_attachments(part, depth)
        for attachment in found:
            count += 1
            if count > MAX_ATTACHMENTS:
                raise MailBroken("mail.broken.too_many", count=MAX_ATTACHMENTS)
            yield attachment


def _part_attachments(part: Message, depth: int) -> list[Attachment]:
    """The attachments one MIME part is (none for a container, a body text, a signature
    image; those of an attached mail file)."""
    if part.is_multipart():  # multipart/* and message/rfc822: walk() goes into them
        return []
    name = _file_name(part)
    disposition = part.get_content_disposition()
    ctype = part.get_content_type()
    if name is None and (disposition != "attachment" and ctype.startswith("text/")):
        return []  # the mail's text
    if ctype in SIGNATURE_TYPES:
        return []
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        data = b""
    if _is_inline_image(part, disposition, ctype, data):
        return []
    name = _safe_name(name or "") or _unnamed(ctype)
    if ctype in TNEF_TYPES or name.lower() in TNEF_NAMES:
        return [Attachment(name, data, tnef=True)]
    return _maybe_mail(name, data, depth) or [Attachment(name, data)]


def _file_name(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # a parameter the parser cannot decode
        return None
    return _decoded(str(name)) if name else None


def _is_inline_image(part: Message, disposition: str | None, ctype: str, data: bytes) -> bool:
    return (
        disposition != "attachment"
        and part.get("Content-ID") is not None
        and ctype.startswith("image/")
        and len(data) <= INLINE_MAX_BYTES
    )


def _unnamed(ctype: str) -> str:
    import mimetypes

    return "Anhang" + (mimetypes.guess_extension(ctype) or ".bin")


def _safe_name(name: str) -> str:
    """A file name as sent, without folders or control characters (never a path)."""
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().strip(".")
    return name[:150]


def _maybe_mail(name: str, data: bytes, depth: int) -> list[Attachment] | None:
    """The attachments of an attached ``.eml``/``.msg`` (None when ``name`` is no mail file
    or it cannot be read as one: then it is an attachment like any other)."""
    if depth >= MAX_DEPTH or Path(name).suffix.lower() not in (".eml", ".msg"):
        return None
    try:
        inner = _msg_mail(data, depth + 1) if data.startswith(OLE_MAGIC) else None
        inner = inner or _eml_mail(data, depth + 1)
    except RejectedFile:
        return None
    return list(inner.attachments)


# --- .msg (Outlook) ------------------------------------------------------------------------


def _msg_mail(data: bytes, depth: int) -> Mail:
    import io

    import extract_msg

    try:  # a file object: olefile takes bytes under 1,536 for a file name
        msg = extract_msg.openMsg(io.BytesIO(data), strict=False, delayAttachments=False)
    except Exception as exc:  # extract-msg raises many kinds (olefile, struct, its own)
        raise MailBroken("mail.broken.outlook", detail=_msg_problem(exc)) from exc
    try:
        return _msg_content(msg, depth)
    except RejectedFile:
        raise
    except Exception as exc:
        raise MailBroken("mail.broken.outlook", detail=_msg_problem(exc)) from exc
    finally:
        msg.close()


def _msg_problem(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


def _msg_content(msg: Any, depth: int) -> Mail:
    if not _stream(msg, "__substg1.0_001A") and getattr(msg, "classType", None) is None:
        raise MailBroken("mail.broken.not_outlook")
    attachments: list[Attachment] = []
    for att in getattr(msg, "attachments", None) or ():
        attachments += _msg_attachment(att, depth)
        if len(attachments) > MAX_ATTACHMENTS:
            raise MailBroken("mail.broken.too_many", count=MAX_ATTACHMENTS)
    subject = _decoded(msg.subject or "")
    return Mail(_msg_sender(msg), _msg_date(msg), subject, tuple(attachments))


def _stream(msg: Any, name: str) -> str:
    try:
        value = msg.getStringStream(name)
    except Exception:
        return ""
    return value or ""


def _msg_sender(msg: Any) -> str:
    """The sender's SMTP address: the From header where the message kept its headers, else
    the sender properties (an Exchange sender's own address is an X.500 name, no @)."""
    candidates = [str(getattr(msg, "sender", "") or "")]
    for stream in ("5D01", "5D02", "0C1F", "0065", "0042"):
        candidates.append(_stream(msg, f"__substg1.0_{stream}"))
    for text in candidates:
        _, address = email.utils.parseaddr(_decoded(text))
        if "@" in address:
            return address
    return ""


def _msg_date(msg: Any) -> str:
    """When it was sent (PR_CLIENT_SUBMIT_TIME), else delivered (PR_MESSAGE_DELIVERY_TIME),
    else the Date of its saved headers."""
    for tag in ("00390040", "0E060040"):
        try:
            value = msg.getPropertyVal(tag)
        except Exception:
            value = None
        if isinstance(value, dt.datetime):
            return utc_text(value)
    try:
        header = msg.header
    except Exception:
        return ""
    return _date(header) if header is not None else ""


def _msg_attachment(att: Any, depth: int) -> list[Attachment]:
    data = getattr(att, "data", None)
    if data is not None and not isinstance(data, bytes):  # an attached Outlook item
        if depth >= MAX_DEPTH or not hasattr(data, "attachments"):
            return []
        return list(_msg_content(data, depth + 1).attachments)
    data = data or b""
    name = _safe_name(_msg_name(att)) or _unnamed(str(getattr(att, "mimetype", "") or ""))
    if _msg_inline(att, data):
        return []
    if name.lower() in TNEF_NAMES:
        return [Attachment(name, data, tnef=True)]
    return _maybe_mail(name, data, depth) or [Attachment(name, data)]


def _msg_name(att: Any) -> str:
    for attr in ("longFilename", "shortFilename", "displayName"):
        value = getattr(att, attr, None)
        if value:
            return _decoded(str(value))
    return ""


def _msg_inline(att: Any, data: bytes) -> bool:
    """An image shown in the body (a signature's logo): hidden, or with a content id and
    small, and an image."""
    mimetype = str(getattr(att, "mimetype", "") or "")
    image = mimetype.startswith("image/") or Path(_msg_name(att)).suffix.lower() in (
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
    )
    inline = bool(getattr(att, "hidden", False)) or bool(getattr(att, "contentId", None))
    return image and inline and len(data) <= INLINE_MAX_BYTES


__all__ = [
    "MAIL_SUFFIXES",
    "Attachment",
    "Mail",
    "is_mail_file",
    "is_mbox",
    "mbox_messages",
    "read_mail",
]
