"""What keeps the local server to the person who started it.

- Only the host names it was started for are answered (a web page that points
  its own name at 127.0.0.1, "DNS rebinding", is turned away).
- Started for other machines (``--host``), every request needs the token
  printed at start: once in the address, then in a cookie.
- Every request that changes something carries the page's CSRF token and
  comes from the server's own pages (same origin).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
ANY_ADDRESS = ("0.0.0.0", "::", "")
COOKIE = "safeprint_token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass
class Guard:
    host: str
    port: int
    token: str | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def hosts(self) -> set[str]:
        """The Host headers this server answers."""
        names = {*LOCAL_NAMES, self.host if ":" not in self.host else f"[{self.host}]"}
        return {f"{name}:{self.port}" for name in names} | (
            set(LOCAL_NAMES) if self.port == 80 else set()
        )

    def refuse(self, request: Any) -> tuple[int, str] | None:
        """Why ``request`` is refused (status, words), or None to serve it."""
        # Listening on every address, the server cannot know its names: the
        # token, which a rebinding page cannot know, is what protects it.
        if self.host not in ANY_ADDRESS and request.host not in self.hosts:
            return 421, "This server does not answer to that host name."
        if self.token is not None and not self._has_token(request):
            return 403, (
                "Open the address safeprint serve printed, with its token, "
                "to use this page."
            )
        if request.method in SAFE_METHODS:
            return None
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"{request.scheme}://{request.host}":
            return 403, "Changes are accepted only from this server's own pages."
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in (
            "same-origin",
            "none",
        ):
            return 403, "Changes are accepted only from this server's own pages."
        sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
        if not hmac.compare_digest(sent.encode(), self.csrf.encode()):
            return 403, "The page is out of date: reload it and try again."
        return None

    def _has_token(self, request: Any) -> bool:
        assert self.token is not None
        given = request.cookies.get(COOKIE) or request.args.get("token", "")
        return hmac.compare_digest(given.encode(), self.token.encode())
