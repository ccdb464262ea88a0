"""What one ``praxis serve`` knows: its round, its secrets, who may reach it, its limits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.returns.safety import MAX_FILE_BYTES

LOOPBACK = "127.0.0.1"
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
        ``localhost`` for the loopback address). Anything else is a page of another name
        pointing at this one (DNS rebinding) and gets 403."""
        names = {self.host}
        if self.host == LOOPBACK:
            names |= {"localhost"}
        return frozenset(f"{n}:{self.port}" for n in names)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def url(self) -> str:
        """The URL to open: the base with the access token."""
        return f"{self.base_url}?token={self.token}"
