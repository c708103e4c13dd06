"""``safeprint serve``: edit school files in a browser, with live checks and a
proof (see :mod:`generator.serve.app`)."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.serve.guard import Guard


def make_server(
    root: Path, host: str = "127.0.0.1", port: int = 8765, token: str | None = None
) -> tuple[Any, Guard]:
    """The server (not yet serving) and its guard. Listening anywhere but this
    machine needs a token: ``token``, or one made here."""
    from werkzeug.serving import make_server as werkzeug_server

    from generator.serve.app import create_app

    local = host in ("127.0.0.1", "localhost", "::1")
    if not local and token is None:
        token = secrets.token_urlsafe(18)
    server = werkzeug_server(host, port, None, threaded=True)  # type: ignore[arg-type]
    guard = Guard(host, server.server_port, token)
    server.app = create_app(root, guard)
    return server, guard


def address(guard: Guard) -> str:
    host = "127.0.0.1" if guard.host in ("0.0.0.0", "::", "") else guard.host
    host = f"[{host}]" if ":" in host else host
    query = f"?token={guard.token}" if guard.token else ""
    return f"http://{host}:{guard.port}/{query}"


def serve(
    root: Path,
    host: str,
    port: int,
    token: str | None,
    opened: Callable[[str], Any] | None = None,
) -> tuple[Any, Guard, threading.Thread]:
    """Start serving ``root`` in a thread; ``opened`` is called with the address."""
    server, guard = make_server(root, host, port, token)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    proofs = server.app.extensions["safeprint"].proofs
    threading.Thread(target=proofs.warm, daemon=True).start()
    if opened:
        opened(address(guard))
    return server, guard, thread
