"""What one ``praxis serve`` knows: its round, its secrets, who may reach it, its limits."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.returns.safety import MAX_FILE_BYTES

LOOPBACK = "127.0.0.1"
WILDCARDS = frozenset({"0.0.0.0", "::"})
"""Addresses that listen on every interface of this computer."""
MAX_UPLOAD_FILES = 50
"""Files in one upload request."""
MAX_REQUEST_BYTES = MAX_UPLOAD_FILES * MAX_FILE_BYTES // 10
"""The largest request body (150 MB): a handful of full-size returns, or many small ones.
A single file is still held to ingest's own limit."""
MAX_FORM_BYTES = 1024 * 1024
"""The largest body of a form that is no upload (a correction, a comment)."""


@dataclass(frozen=True)
class WebConfig:
    """One server: the round it shows, the language it starts in, where it listens, and the
    two random secrets: ``token`` (in the URL it prints; without it nothing is served) and
    ``csrf`` (in every page; every request that changes something must carry it)."""

    round_dir: Path
    lang: str = "de"
    host: str = LOOPBACK
    port: int = 8765
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    max_request_bytes: int = MAX_REQUEST_BYTES
    max_form_bytes: int = MAX_FORM_BYTES

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """The ``Host`` header values served: the address and port it listens on (and
        ``localhost`` for the loopback address; for every interface, ``0.0.0.0`` or ``::``,
        also this computer's name and, see :meth:`allows_host`, any address written as
        numbers). Anything else is a page of another name pointing at this one (DNS
        rebinding) and gets 403."""
        names = {self.host.lower()}
        if self.host == LOOPBACK or self.host in WILDCARDS:
            names |= {"localhost", LOOPBACK}
        if self.host in WILDCARDS:
            names |= {socket.gethostname().lower()}
        return frozenset(_authority(n, self.port) for n in names)

    def allows_host(self, value: str) -> bool:
        """Whether a request with the ``Host`` header ``value`` is served. A server on
        every interface is reached by other computers at one of this computer's addresses;
        an address written as numbers cannot be rebound by a foreign name's DNS, so any
        such one with the right port is served, too."""
        value = value.lower()
        if value in self.allowed_hosts:
            return True
        if self.host not in WILDCARDS:
            return False
        name, _, port = value.rpartition(":")
        return port == str(self.port) and _ip_literal(name)

    @property
    def base_url(self) -> str:
        """The address to open (on this computer, for a server on every interface)."""
        shown = {"0.0.0.0": LOOPBACK, "::": "::1"}.get(self.host, self.host)
        return f"http://{_authority(shown, self.port)}/"

    @property
    def url(self) -> str:
        """The URL to open: the base with the access token."""
        return f"{self.base_url}?token={self.token}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer only (``127.0.0.0/8``, ``::1``, ``localhost``):
    no other computer can reach a server there."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _authority(host: str, port: int) -> str:
    """``host:port``, an IPv6 address in brackets (``[::1]:8765``)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _ip_literal(name: str) -> bool:
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    elif ":" in name:
        return False  # an IPv6 address in a Host header is always in brackets
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
