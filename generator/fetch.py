"""The only way a document reaches outside itself: a fetcher with a short list.

It serves ``data:`` URIs and a few allowed local files and folders: from the school's
folder only the files its school file names and its own ``templates/`` (all of them
among the school's inputs, so a change to any is seen), then the package's data and
the font packages. Anything else, the network
above all, is refused and the refusal is logged so tests can watch every fetch.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

REFUSED_SUFFIXES = {".eps", ".ps", ".epsi", ".epsf", ".pdf", ".ai"}


class Refused(FatalURLFetchingError):
    """A document asked for something outside what it may read."""


class SafeFetcher(URLFetcher):
    """Serve ``data:`` and ``roots`` (files, and folders with what is in
    them); refuse everything else."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols={"data", "file"})
        self.roots = tuple(root.resolve() for root in roots)
        self.log: list[tuple[str, bool]] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            self.log.append((url[:40], True))
            return super().fetch(url, headers)
        path = self._allowed_path(url) if scheme == "file" else None
        self.log.append((url, path is not None))
        if path is None:
            raise Refused(
                f"refused to fetch {url}: a document may use only the files "
                "its school file names (logo, photos) and those in the "
                "school's templates/ folder"
            )
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), {"Content-Type": media_type}
        )

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if path.suffix.lower() in REFUSED_SUFFIXES or not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None
